"""Run every selected rule on one unit description, each isolated, into exactly one outcome per rule.

The engine calls the rules itself (not through pluggy) so that one rule's failure becomes an
``error`` outcome naming its plugin and rule, and the others still run. Each finding passes the
waiver scope (if any) before it is counted, so waived findings cost nothing (`model.judge`).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Iterable, Mapping

from archcheck.engine.context import SKIPPED_REASON, Context, Selection
from archcheck.engine.frozen import freeze
from archcheck.engine.isolate import accept, as_text, isolate
from archcheck.engine.timelimit import NO_LIMIT, TimeLimit
from archcheck.model import Finding, Outcome, Rule, RuleResult, Severity, Tally, Text, judge

#: Seconds a rule may run before it is stopped and reported as `error` (`--rule-timeout`).
DEFAULT_RULE_TIMEOUT = 10.0

#: marks a finding waived (or not) before it is counted: `waivers.WaiverScope.mark`
Mark = Callable[[str, Finding], Finding]


#: a rule whose duty did not exist yet on the audit date (`Basis.for_date` found nothing in force)
NOT_YET_IN_FORCE = Text(
    "{doc}自 {d} 起施行，自查日期 {a} 时此项要求尚不存在",
    "{doc} took effect on {d}; on the audit date {a} this requirement did not exist yet",
)


def evaluate(rule: Rule, unit: Mapping[str, Any], ctx: Context, limit: TimeLimit = NO_LIMIT,
             mark: Mark | None = None) -> RuleResult:
    """One rule, one unit, one outcome; exceptions and overruns are the rule's, reported, never raised.

    The one place where time is judged: before the rule runs, its basis is resolved for `ctx.as_of`.
    A duty that did not exist yet is `not_applicable` naming the document that first imposed it and
    its in-force date; a duty imposed then by a predecessor runs and its result cites that predecessor.
    """
    basis = rule.basis.for_date(ctx.as_of)
    if basis is None:
        first = rule.basis.first()
        return RuleResult(rule, Outcome.NOT_APPLICABLE, reason=NOT_YET_IN_FORCE.format(
            doc=first.document + (f"（{first.number}）" if first.number else ""),
            d=first.in_force.isoformat() if first.in_force else "?", a=ctx.as_of.isoformat()))
    ctx = dataclasses.replace(ctx, basis=basis)
    applied, error = isolate(rule, lambda: _apply(rule, unit, ctx), limit, ctx.debug)
    if error is not None:
        return RuleResult(rule, Outcome.ERROR, reason=error, basis=basis)
    reason, findings = applied  # type: ignore[misc]
    if reason is not None:
        return RuleResult(rule, Outcome.NOT_APPLICABLE, reason=reason, basis=basis)
    if mark is not None:
        findings = tuple(mark(rule.id, f) for f in findings)
    tally = Tally()
    for finding in findings:
        tally.add(finding)
    outcome, deducted = judge(rule, tally)
    return RuleResult(rule, outcome, findings, deducted, basis=basis)


def _apply(rule: Rule, unit: Mapping[str, Any], ctx: Context) -> tuple[Text | None, tuple[Finding, ...]]:
    """The rule's own code: its not-applicable reason, or every finding its check yields."""
    if rule.applies_if is not None:
        reason = rule.applies_if(unit, ctx)
        if reason is not None:
            return as_text(reason, "applies_if's reason"), ()
    return None, tuple(accept(rule, f) for f in (rule.check(unit, ctx) or ()))


def run_rules(
    rules: Iterable[Rule],
    unit: Mapping[str, Any],
    ctx: Context,
    selection: Selection = Selection(),
    params: Mapping[str, Mapping[str, Any]] | None = None,
    time_limit: float | None = DEFAULT_RULE_TIMEOUT,
    mark: Mark | None = None,
    failed: Mapping[str, Text] | None = None,
) -> tuple[RuleResult, ...]:
    """Evaluate every rule on a read-only copy of `unit`, each within `time_limit` seconds;
    unselected rules are reported as `skipped`, rules in `failed` (which brought a worker down on
    this unit before) as `error` with that reason, without running them again."""
    results = []
    params = params or {}
    failed = failed or {}
    frozen = freeze(unit)
    with TimeLimit(time_limit) as limit:
        for rule in rules:
            if not selection.chooses(rule):
                results.append(RuleResult(rule, Outcome.SKIPPED, reason=SKIPPED_REASON))
                continue
            if rule.id in failed:
                results.append(RuleResult(rule, Outcome.ERROR, reason=failed[rule.id]))
                continue
            results.append(evaluate(rule, frozen, ctx.for_rule(rule, params), limit, mark))
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
