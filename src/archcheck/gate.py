"""Decide the exit code from a report: the CI gate, and the one line that says why it failed.

By default a run fails (exit 1) when a unit is graded with the profile's failing grade (不合格) or a
critical rule stands failed — what an inspector would call a failed inspection — so that a red result
is never a green build. `--fail-on`, `--fail-under`, `--[no-]fail-on-grade` and the config file tune
the conditions; `--exit-zero` reports without gating.

Waived findings and findings accepted by a baseline do not fail the severity gate; the score and
grade gates judge the real score, in which waived findings cost nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from archcheck.errors import EXIT_GATE_FAILED, EXIT_OK, EXIT_PLUGIN_ERROR
from archcheck.model import Outcome, Report, RuleResult, Severity, Text, UnitReport

SHOWN_RULES = 5


@dataclass(frozen=True)
class Failure:
    """One gate condition that failed, with the numbers that failed it."""

    condition: str  # "grade" | "score" | "severity"
    #: the total score of each unit that failed the condition (grade, score)
    scores: tuple[float, ...] = ()
    rules: tuple[str, ...] = ()
    findings: int = 0


@dataclass(frozen=True)
class Verdict:
    """What the gate made of a report, read in one pass over its units (a many-unit run's are in a file)."""

    failures: tuple[Failure, ...]
    #: load errors and rule errors, with their reasons
    errors: tuple[Text, ...]


@dataclass(frozen=True)
class Gate:
    """Fail when any unit has the failing grade, scores below `fail_under`, or any standing finding is
    `fail_on` severe or worse. With `fail_on_error`, a rule that raised or a plugin that failed to load
    gives exit 3; with `exit_zero`, nothing gives exit 1.
    """

    fail_under: float | None = None
    fail_on: Severity | None = Severity.CRITICAL
    fail_on_error: bool = False
    #: the profile's failing grade; None: grades do not gate
    failing_grade: Text | None = None
    exit_zero: bool = False

    def verdict(self, report: Report) -> Verdict:
        graded: list[float] = []
        low: list[float] = []
        rules: dict[str, None] = {}
        count = 0
        errors: list[Text] = list(report.load_errors)
        for unit in report.units:
            score = unit.score
            if self.failing_grade is not None and score.grade == self.failing_grade:
                graded.append(score.total)
            if self.fail_under is not None and score.graded and score.total < self.fail_under:
                low.append(score.total)
            for r in unit.results:
                if r.outcome is Outcome.ERROR:
                    errors.append(_rule_error(unit, r))
                elif self.fail_on is not None and r.rule.severity.rank >= self.fail_on.rank and _stands(r):
                    rules.setdefault(r.rule.id)
                    count += sum(1 for f in r.findings if f.counts) + max(0, r.total - len(r.findings))
        failed = [Failure("grade", tuple(graded))] if graded else []
        if low:
            failed.append(Failure("score", tuple(low)))
        if rules:
            failed.append(Failure("severity", rules=tuple(rules), findings=count))
        return Verdict(tuple(failed), tuple(errors))

    def failures(self, report: Report) -> list[Failure]:
        return list(self.verdict(report).failures)

    def errors(self, report: Report) -> list[Text]:
        return plugin_problems(report)

    def exit_code(self, report: Report, verdict: Verdict | None = None) -> int:
        verdict = verdict or self.verdict(report)
        if self.fail_on_error and verdict.errors:
            return EXIT_PLUGIN_ERROR
        if self.exit_zero:
            return EXIT_OK
        return EXIT_GATE_FAILED if verdict.failures else EXIT_OK

    def summary(self, report: Report, verdict: Verdict | None = None) -> Text | None:
        """The one stderr line of a failed gate: each failed condition with its numbers (None: passed)."""
        failed = () if self.exit_zero else (verdict or self.verdict(report)).failures
        if not failed:
            return None
        parts = [_describe(failure, self) for failure in failed]
        return Text(
            "archcheck：门槛未通过（退出码 1）—— " + "；".join(p.zh for p in parts) + "。只出报告、不设门槛：--exit-zero",
            "archcheck: gate failed (exit 1) — " + "; ".join(p.en for p in parts) + ". To report without gating: --exit-zero",
        )


def _describe(failure: Failure, gate: Gate) -> Text:
    lowest = min(failure.scores, default=0.0)
    n = len(failure.scores)
    if failure.condition == "grade":
        grade = gate.failing_grade or Text("", "")
        return Text("{n} 个输入等级为“{g}”（最低 {low} 分）", "{n} input(s) graded {g_en} (lowest {low})").format(
            n=n, g=grade.zh, g_en=grade.en, low=f"{lowest:.1f}")
    if failure.condition == "score":
        return Text("{n} 个输入低于 --fail-under {t}（最低 {low} 分）", "{n} input(s) below --fail-under {t} (lowest {low})").format(
            n=n, t=f"{gate.fail_under:g}", low=f"{lowest:.1f}")
    severity = gate.fail_on or Severity.CRITICAL
    shown = "、".join(failure.rules[:SHOWN_RULES]) + ("……" if len(failure.rules) > SHOWN_RULES else "")
    shown_en = ", ".join(failure.rules[:SHOWN_RULES]) + (", …" if len(failure.rules) > SHOWN_RULES else "")
    return Text("{n} 处严重程度不低于“{s}”的问题（{r}）", "{n} finding(s) at or above {s_en} ({r_en})").format(
        n=failure.findings, s=severity.label.zh, s_en=severity.value, r=shown, r_en=shown_en)


def plugin_problems(report: Report) -> list[Text]:
    """Load errors and rule errors (with their reasons): what `--fail-on-error` / `--strict-plugins` refuses."""
    errors = [_rule_error(unit, r) for unit in report.units for r in unit.results if r.outcome is Outcome.ERROR]
    return [*report.load_errors, *errors]


def _rule_error(unit: UnitReport, result: RuleResult) -> Text:
    return result.reason or Text(f"{unit.source}: {result.rule.id}", f"{unit.source}: {result.rule.id}")


def _stands(result: RuleResult) -> bool:
    """A failed rule counts unless every finding is waived or already in the baseline."""
    return result.outcome in (Outcome.FAIL, Outcome.NO_EVIDENCE) and any(f.counts for f in result.findings)
