"""Decide the exit code from a report: the CI gate."""

from __future__ import annotations

from dataclasses import dataclass

from archcheck.errors import EXIT_GATE_FAILED, EXIT_OK, EXIT_PLUGIN_ERROR
from archcheck.model import Outcome, Report, Severity, Text


@dataclass(frozen=True)
class Gate:
    """Fail when any unit scores below `fail_under`, or any finding is `fail_on` severe or worse."""

    fail_under: float | None = None
    fail_on: Severity | None = Severity.CRITICAL
    #: `--strict-plugins`: a plugin that failed to load or a rule that errored makes the run exit 3
    strict_plugins: bool = False

    def failures(self, report: Report) -> list[str]:
        reasons = []
        for unit in report.units:
            if self.fail_under is not None and unit.score.total < self.fail_under:
                reasons.append(f"{unit.source}: score {unit.score.total} < {self.fail_under}")
            if self.fail_on is not None:
                reasons += [
                    f"{unit.source}: {r.rule.id} ({r.rule.severity.value})"
                    for r in unit.results
                    if r.outcome in (Outcome.FAIL, Outcome.NO_EVIDENCE) and r.rule.severity.rank >= self.fail_on.rank
                ]
        return reasons

    def exit_code(self, report: Report) -> int:
        if self.strict_plugins and plugin_problems(report):
            return EXIT_PLUGIN_ERROR
        return EXIT_GATE_FAILED if self.failures(report) else EXIT_OK


def plugin_problems(report: Report) -> list[Text]:
    """Load errors and rule errors: what `--strict-plugins` refuses to let pass."""
    errors = [
        r.reason or Text(f"{unit.source}: {r.rule.id}", f"{unit.source}: {r.rule.id}")
        for unit in report.units
        for r in unit.results
        if r.outcome is Outcome.ERROR
    ]
    return [*report.load_errors, *errors]
