"""Decide the exit code from a report: the CI gate.

Waived findings and findings accepted by a baseline do not fail the severity gate; the score gate
judges the score, in which waived findings cost nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from archcheck.errors import EXIT_GATE_FAILED, EXIT_OK, EXIT_PLUGIN_ERROR
from archcheck.model import Outcome, Report, RuleResult, Severity, Text


@dataclass(frozen=True)
class Gate:
    """Fail when any unit scores below `fail_under`, or any standing finding is `fail_on` severe or worse.

    With `fail_on_error`, a rule that raised or a plugin that failed to load gives exit 3.
    """

    fail_under: float | None = None
    fail_on: Severity | None = Severity.CRITICAL
    fail_on_error: bool = False

    def failures(self, report: Report) -> list[str]:
        reasons = []
        for unit in report.units:
            if self.fail_under is not None and unit.score.total < self.fail_under:
                reasons.append(f"{unit.source}: score {unit.score.total} < {self.fail_under}")
            if self.fail_on is not None:
                reasons += [
                    f"{unit.source}: {r.rule.id} ({r.rule.severity.value})"
                    for r in unit.results
                    if _stands(r) and r.rule.severity.rank >= self.fail_on.rank
                ]
        return reasons

    def errors(self, report: Report) -> list[Text]:
        return plugin_problems(report)

    def exit_code(self, report: Report) -> int:
        if self.fail_on_error and self.errors(report):
            return EXIT_PLUGIN_ERROR
        return EXIT_GATE_FAILED if self.failures(report) else EXIT_OK


def plugin_problems(report: Report) -> list[Text]:
    """Load errors and rule errors (with their reasons): what `--fail-on-error` / `--strict-plugins` refuses."""
    errors = [
        r.reason or Text(f"{unit.source}: {r.rule.id}", f"{unit.source}: {r.rule.id}")
        for unit in report.units
        for r in unit.results
        if r.outcome is Outcome.ERROR
    ]
    return [*report.load_errors, *errors]


def _stands(result: RuleResult) -> bool:
    """A failed rule counts unless every finding is waived or already in the baseline."""
    return result.outcome in (Outcome.FAIL, Outcome.NO_EVIDENCE) and any(f.counts for f in result.findings)
