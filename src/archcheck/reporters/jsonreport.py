"""The machine-readable report (schemas/report.schema.json): stable keys, same input → same bytes."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Callable, Sequence

from archcheck.baseline import fingerprint
from archcheck.model import Basis, BaselineSummary, Finding, Outcome, Report, Rule, RuleResult, UnitReport, WaiverStatus

REPORT_SCHEMA_VERSION = "1"


def ruleset_version(report: Report) -> str:
    """A short digest of which plugins (and versions) supplied the rules, to compare reports honestly."""
    ids = sorted(r.rule.id + "@" + r.rule.plugin for u in report.units for r in u.results)
    plugins = sorted(f"{p.distribution}=={p.version}" for p in report.plugins)
    return hashlib.sha256("\n".join(plugins + ids).encode()).hexdigest()[:12]


class _Deferred:
    """A list converted item by item while it is written, so that one unit's dict lives at a time."""

    def __init__(self, items: Sequence[Any], convert: Callable[[Any], Any]):
        self.items, self.convert = items, convert


def report_to_dict(report: Report) -> dict[str, Any]:
    return _report_dict(report, [unit_to_dict(u) for u in report.units])


def _report_dict(report: Report, units: Any) -> dict[str, Any]:
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "tool": {"name": "archcheck", "version": report.tool_version},
        "ruleset": ruleset_version(report),
        "profile": report.profile,
        "plugins": [
            {"name": p.name, "distribution": p.distribution, "version": p.version, "rules": p.rules}
            for p in report.plugins
        ],
        "load_errors": [t.to_dict() for t in report.load_errors],
        "units": units,
        "waivers": [waiver_to_dict(w) for w in report.waivers],
        "baseline": baseline_to_dict(report.baseline),
    }


def waiver_to_dict(status: WaiverStatus) -> dict[str, Any]:
    return {**status.waiver.to_dict(), "status": status.status, "matched": status.matched, "expired_for": list(status.units)}


def baseline_to_dict(summary: BaselineSummary | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    return {
        "file": summary.file,
        "new": summary.new,
        "unchanged": summary.unchanged,
        "fixed": [
            {"fingerprint": e.fingerprint, "unit": e.unit, "rule": e.rule, "location": e.location,
             "message": e.message.to_dict() if e.message else None}
            for e in summary.fixed
        ],
    }


def unit_to_dict(unit: UnitReport) -> dict[str, Any]:
    return _unit_dict(unit, [finding_to_dict(r, i, unit.name) for r in unit.results for i in range(len(r.findings))])


def _unit_dict(unit: UnitReport, findings: list[Any]) -> dict[str, Any]:
    counts = {o.value: 0 for o in Outcome}
    for result in unit.results:
        counts[result.outcome.value] += 1
    return {
        "name": unit.name,
        "source": unit.source,
        "as_of": unit.as_of,
        "score": {
            "total": unit.score.total,
            "grade": unit.score.grade.to_dict(),
            "capped_by": list(unit.score.capped_by),
            "areas": {a.area: {"score": a.score, "max": a.max} for a in unit.score.areas},
        },
        "summary": counts,
        **({"stats": dict(unit.stats)} if unit.stats else {}),
        "outcomes": [outcome_to_dict(r) for r in unit.results],
        "findings": findings,
    }


def outcome_to_dict(result: RuleResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": result.rule.id,
        "area": result.rule.area,
        "outcome": result.outcome.value,
        "severity": result.rule.severity.value,
        "points": result.rule.points,
        "deducted": result.deducted,
        "findings": result.total,
    }
    if result.rule.default_severity is not None:
        data["default_severity"] = result.rule.default_severity.value
    if result.reason is not None:
        data["reason"] = result.reason.to_dict()
    if result.basis != result.rule.basis:
        data["basis"] = result.basis.to_dict()  # the predecessor in force on the audit date
    return data


def finding_to_dict(result: RuleResult, index: int, unit: str = "") -> dict[str, Any]:
    head, tail = _rule_parts(result.rule, result.basis)
    return {**head, **_finding_own(result, index), **tail, **_finding_end(result.findings[index], unit)}


def _rule_parts(rule: Rule, basis: Basis) -> tuple[dict[str, Any], dict[str, Any]]:
    """The keys of a finding that come from its rule: those before the finding's own, and those after.
    `basis` is the result's: the rule's own, or the predecessor in force on the audit date."""
    return ({"rule": rule.id, "area": rule.area, "severity": rule.severity.value},
            {"remedy": rule.remedy.to_dict(), "basis": basis.to_dict()})


def _finding_own(result: RuleResult, index: int) -> dict[str, Any]:
    finding, rule = result.findings[index], result.rule
    share = min(max(finding.fraction, 0.0), 1.0)
    return {
        "missing_evidence": finding.missing,
        "message": finding.message.to_dict(),
        "location": finding.location.to_dict(),
        "evidence": dict(finding.evidence),
        "points": 0.0 if finding.waiver is not None else round(min(share * rule.points, result.deducted), 4),
    }


def _finding_end(finding: Finding, unit: str) -> dict[str, Any]:
    data: dict[str, Any] = {"fingerprint": fingerprint(unit, finding)}
    if finding.waiver is not None:
        data["waiver"] = finding.waiver.to_dict()
    if finding.baseline is not None:
        data["baseline"] = finding.baseline
    return data


class _Raw:
    """JSON text written as it is (a finding's line, spliced from parts encoded once per rule)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


class _FindingLines:
    """Each finding's one-line JSON, with its rule's remedy and basis (most of the line) encoded once per rule.

    `{**a, **b}` compact-encoded is `{` + a's inside + `, ` + b's inside + `}`: the same bytes as
    encoding `finding_to_dict`, without encoding the same remedy and basis for every finding.
    """

    def __init__(self) -> None:
        self._rules: dict[tuple[int, int], tuple[Rule, Basis, str, str]] = {}

    def __call__(self, unit: UnitReport) -> dict[str, Any]:
        return _unit_dict(unit, [self.line(r, i, unit.name) for r in unit.results for i in range(len(r.findings))])

    def line(self, result: RuleResult, index: int, unit: str) -> _Raw:
        key = (id(result.rule), id(result.basis))
        cached = self._rules.get(key)
        if cached is None or cached[0] is not result.rule or cached[1] is not result.basis:
            head, tail = _rule_parts(result.rule, result.basis)
            cached = self._rules[key] = (result.rule, result.basis, _compact(head)[1:-1], _compact(tail)[1:-1])
        own = _compact(_finding_own(result, index))[1:-1]
        end = _compact(_finding_end(result.findings[index], unit))[1:-1]
        return _Raw("{" + cached[2] + ", " + own + ", " + cached[3] + ", " + end + "}")


#: containers nested deeper than this (each outcome, finding, area score) are written on one line
PRETTY_DEPTH = 3
_COMPACT = json.JSONEncoder(ensure_ascii=False, default=str, separators=(", ", ": "))
# The C encoder `_COMPACT.encode` builds afresh on every call (a few µs, for every finding and outcome),
# made once; the same function, so the same bytes. No circular-reference check: a report is a tree.
_C_ENCODER = (
    json.encoder.c_make_encoder(None, str, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)
    if json.encoder.c_make_encoder is not None else None
)


def _compact(value: Any) -> str:
    if _C_ENCODER is None or isinstance(value, str):
        return _COMPACT.encode(value)
    return "".join(_C_ENCODER(value, 0))


def pretty_json(value: Any, depth: int = 0) -> str:
    """Indented JSON whose innermost objects sit on one line each.

    `json.dumps(indent=2)` runs in pure Python; with a thousand units it took longer than checking
    them. Encoding the inner objects with the C encoder is ~3× faster, and one finding per line
    still reads (and greps, and diffs) well.
    """
    out: list[str] = []
    _write(value, depth, out)
    return "".join(out)


def _write(value: Any, depth: int, out: list[str]) -> None:
    """Append `value`'s text to `out` in pieces, joined once at the end (joining per level copied the
    whole report once per level of nesting)."""
    if type(value) is _Raw:
        out.append(value.text)
        return
    if type(value) is _Deferred:
        if not value.items:
            out.append("[]")
            return
        value = map(value.convert, value.items)
    elif depth > PRETTY_DEPTH or not isinstance(value, (dict, list)) or not value:
        out.append(_compact(value))
        return
    inner = "\n" + "  " * (depth + 1)
    if isinstance(value, dict):
        out.append("{")
        for n, (key, item) in enumerate(value.items()):
            out.append(("," if n else "") + inner + _COMPACT.encode(str(key)) + ": ")
            _write(item, depth + 1, out)
        out.append("\n" + "  " * depth + "}")
        return
    out.append("[")
    for n, item in enumerate(value):
        out.append(("," if n else "") + inner)
        _write(item, depth + 1, out)
    out.append("\n" + "  " * depth + "]")


def render_json(report: Report, options: Any = None) -> str:
    return pretty_json(_report_dict(report, _Deferred(report.units, _FindingLines()))) + "\n"
