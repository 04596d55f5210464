"""Run every selected rule on a unit description, each isolated, into exactly one outcome per rule.

The engine calls the rules itself (not through pluggy) so that one rule's exception becomes an
``error`` outcome naming its plugin and rule, and the others still run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from archcheck.errors import InputError
from archcheck.model import Finding, Outcome, Rule, RuleResult, Severity, Text
from archcheck.timelimit import NO_LIMIT, RuleTimeout, TimeLimit


@dataclass(frozen=True)
class Selection:
    """Which rules run: `select`/`ignore` take rule ids, id prefixes or area codes."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def chooses(self, rule: Rule) -> bool:
        if not (self.select or self.ignore):
            return True

        def matches(patterns: Iterable[str]) -> bool:
            return any(rule.id.startswith(p.upper()) or rule.area == p.upper() for p in patterns)

        if self.select and not matches(self.select):
            return False
        return not matches(self.ignore)


@dataclass(frozen=True)
class Context:
    """What a check may read besides the unit: the audit date, its thresholds, the unit's folder."""

    as_of: dt.date
    params: Mapping[str, Any] = field(default_factory=dict)
    base_dir: Path = Path(".")
    debug: bool = False
    #: folders besides `base_dir` whose files the unit may name (`--allow-outside`; see files.side_file)
    allowed_dirs: tuple[Path, ...] = ()


#: Seconds a rule may run before it is stopped and reported as `error` (`--rule-timeout`).
DEFAULT_RULE_TIMEOUT = 10.0


def evaluate(rule: Rule, unit: Mapping[str, Any], ctx: Context, limit: TimeLimit = NO_LIMIT) -> RuleResult:
    """One rule, one unit, one outcome; exceptions and overruns are the rule's, reported, never raised."""
    try:
        reason, findings = limit.call(_apply, rule, unit, ctx)
    except RuleTimeout as stop:
        reason = Text(
            "插件 {plugin} 的规则 {rule} 超过时限 {s} 秒，已停止（可用 --rule-timeout 调整）",
            "rule {rule} of plugin {plugin} exceeded the time limit of {s} s and was stopped (see --rule-timeout)",
        ).format(plugin=rule.plugin or "?", rule=rule.id, s=f"{stop.seconds:g}")
        return RuleResult(rule, Outcome.ERROR, reason=reason)
    except InputError:
        raise  # a file the unit names (e.g. a climate CSV) is unreadable: the user's input error, exit 2
    except Exception as exc:  # noqa: BLE001 - isolating plugins is the point
        detail = traceback.format_exc() if ctx.debug else f"{type(exc).__name__}: {exc}"
        reason = Text(
            "插件 {plugin} 的规则 {rule} 运行出错：{detail}",
            "rule {rule} of plugin {plugin} raised an error: {detail}",
        ).format(plugin=rule.plugin or "?", rule=rule.id, detail=detail)
        return RuleResult(rule, Outcome.ERROR, reason=reason)
    if reason is not None:
        return RuleResult(rule, Outcome.NOT_APPLICABLE, reason=reason)
    if not findings:
        return RuleResult(rule, Outcome.PASS)
    outcome = Outcome.NO_EVIDENCE if all(f.missing for f in findings) else Outcome.FAIL
    share = sum(min(max(f.fraction, 0.0), 1.0) for f in findings)
    return RuleResult(rule, outcome, findings, deducted=round(min(1.0, share) * rule.points, 4))


def _apply(rule: Rule, unit: Mapping[str, Any], ctx: Context) -> tuple[Text | None, tuple[Finding, ...]]:
    """The rule's own code: its not-applicable reason, or every finding its check yields."""
    if rule.applies_if is not None:
        reason = rule.applies_if(unit, ctx)
        if reason is not None:
            return reason, ()
    return None, tuple(_stamped(rule, f) for f in (rule.check(unit, ctx) or ()))


def _stamped(rule: Rule, finding: Any) -> Finding:
    """Checks build findings without knowing their rule id; the engine fills it in."""
    if type(finding) is Finding:  # the usual case, built directly: dataclasses.replace costs 5x as much
        if finding.rule_id == rule.id:
            return finding
        return Finding(rule.id, finding.message, finding.location, finding.evidence, finding.fraction, finding.missing,
                       finding.waiver, finding.baseline)
    if not isinstance(finding, Finding):
        raise TypeError(f"check yielded {type(finding).__name__}, expected Finding")
    return finding if finding.rule_id == rule.id else dataclasses.replace(finding, rule_id=rule.id)


SKIPPED_REASON = Text("未选择此规则（--select/--ignore）", "rule not selected (--select/--ignore)")


def run_rules(
    rules: Iterable[Rule],
    unit: Mapping[str, Any],
    ctx: Context,
    selection: Selection = Selection(),
    params: Mapping[str, Mapping[str, Any]] | None = None,
    time_limit: float | None = DEFAULT_RULE_TIMEOUT,
) -> tuple[RuleResult, ...]:
    """Evaluate every rule, each within `time_limit` seconds; unselected rules are reported as `skipped`."""
    results = []
    params = params or {}
    with TimeLimit(time_limit) as limit:
        for rule in rules:
            if not selection.chooses(rule):
                results.append(RuleResult(rule, Outcome.SKIPPED, reason=SKIPPED_REASON))
                continue
            own = params.get(rule.id)
            rule_ctx = Context(ctx.as_of, {**rule.params, **own} if own else dict(rule.params), ctx.base_dir, ctx.debug,
                               ctx.allowed_dirs)
            results.append(evaluate(rule, unit, rule_ctx, limit))
    return tuple(results)


def with_severities(rules: Iterable[Rule], overrides: Mapping[str, Severity]) -> list[Rule]:
    """Rules with the user's severity overrides applied (by id), keeping the rule's own severity on record."""
    adjusted = []
    for rule in rules:
        wanted = overrides.get(rule.id)
        if wanted is None or wanted == rule.severity:
            adjusted.append(rule)
        else:
            adjusted.append(dataclasses.replace(rule, severity=wanted, default_severity=rule.default_severity or rule.severity))
    return adjusted
