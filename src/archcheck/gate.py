"""Decide the exit code from a report: the CI gate."""

from __future__ import annotations

from dataclasses import dataclass

from archcheck.errors import EXIT_GATE_FAILED, EXIT_OK
from archcheck.model import Outcome, Report, Severity


@dataclass(frozen=True)
class Gate:
    """Fail when any unit scores below `fail_under`, or any finding is `fail_on` severe or worse."""

    fail_under: float | None = None
    fail_on: Severity | None = Severity.CRITICAL

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
        return EXIT_GATE_FAILED if self.failures(report) else EXIT_OK
