"""The machine-readable report (schemas/report.schema.json): stable keys, same input → same bytes."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from itertools import chain, repeat
from typing import Any, Callable, Iterable, Iterator

from archcheck.baseline import fingerprint
from archcheck.model import Basis, BaselineSummary, Finding, Outcome, Report, Rule, RuleResult, UnitReport, WaiverStatus

REPORT_SCHEMA_VERSION = "1"


def ruleset_version(report: Report) -> str:
    """A short digest of which plugins (and versions) supplied the rules, to compare reports honestly."""
    # The digest of "\n".join(plugins + every unit's sorted ids), fed a line at a time: a count per
    # rule, not a string per rule and unit (a county's thousands of units would hold millions).
    counted = getattr(report.units, "rule_counts", None)  # a unit store counts them as units arrive
    pairs = counted() if counted else Counter((r.rule.id, r.rule.plugin) for u in report.units for r in u.results)
    counts = Counter({rule + "@" + plugin: n for (rule, plugin), n in pairs.items()})
    plugins = sorted(f"{p.distribution}=={p.version}" for p in report.plugins)
    digest = hashlib.sha256()
    groups = chain(([name] for name in plugins), (repeat(key, counts[key]) for key in sorted(counts)))
    for n, lines in enumerate(groups):
        digest.update((("\n" if n else "") + "\n".join(lines)).encode())
    return digest.hexdigest()[:12]


class _Deferred:
    """A list converted item by item while it is written, so that one unit's dict (and one finding's
    line) lives at a time. `items` need only be iterable and say whether it is empty."""

    def __init__(self, items: Any, convert: Callable[[Any], Any]):
        self.items, self.convert = items, convert


class _FindingsOf:
    """A unit's findings as (result, finding), read as they are written (a catalogue's may be in a spill file)."""

    def __init__(self, unit: UnitReport):
        self.unit = unit

    def __bool__(self) -> bool:
        return any(len(r.findings) for r in self.unit.results)

    def __iter__(self) -> Iterator[tuple[RuleResult, Finding]]:
        return ((r, f) for r in self.unit.results for f in r.findings)


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
    return _unit_dict(unit, [_finding_dict(r, f, unit.name) for r, f in _FindingsOf(unit)])


def _unit_dict(unit: UnitReport, findings: Any) -> dict[str, Any]:
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
    return _finding_dict(result, result.findings[index], unit)


def _finding_dict(result: RuleResult, finding: Finding, unit: str) -> dict[str, Any]:
    head, tail = _rule_parts(result.rule, result.basis)
    return {**head, **_finding_own(result, finding), **tail, **_finding_end(finding, unit)}


def _rule_parts(rule: Rule, basis: Basis) -> tuple[dict[str, Any], dict[str, Any]]:
    """The keys of a finding that come from its rule: those before the finding's own, and those after.
    `basis` is the result's: the rule's own, or the predecessor in force on the audit date."""
    return ({"rule": rule.id, "area": rule.area, "severity": rule.severity.value},
            {"remedy": rule.remedy.to_dict(), "basis": basis.to_dict()})


def _finding_own(result: RuleResult, finding: Finding) -> dict[str, Any]:
    rule = result.rule
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
        name = unit.name
        return _unit_dict(unit, _Deferred(_FindingsOf(unit), lambda pair: self.line(pair[0], pair[1], name)))

    def line(self, result: RuleResult, finding: Finding, unit: str) -> _Raw:
        key = (id(result.rule), id(result.basis))
        cached = self._rules.get(key)
        if cached is None or cached[0] is not result.rule or cached[1] is not result.basis:
            head, tail = _rule_parts(result.rule, result.basis)
            cached = self._rules[key] = (result.rule, result.basis, _compact(head)[1:-1], _compact(tail)[1:-1])
        own = _compact(_finding_own(result, finding))[1:-1]
        end = _compact(_finding_end(finding, unit))[1:-1]
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
    return "".join(json_pieces(value, depth))


#: characters gathered into one chunk of a streamed report
CHUNK_CHARS = 1 << 16


def chunked(pieces: Iterable[str], size: int = CHUNK_CHARS) -> Iterator[str]:
    """`pieces` joined into chunks of about `size` characters (a write per chunk, not per piece)."""
    buffer: list[str] = []
    held = 0
    for piece in pieces:
        buffer.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(buffer)
            buffer, held = [], 0
    if buffer:
        yield "".join(buffer)


def json_pieces(value: Any, depth: int = 0) -> Iterator[str]:
    """`pretty_json(value)`'s text in pieces, in order; `_Deferred` lists are converted as they are written."""
    if type(value) is _Raw:
        yield value.text
        return
    if type(value) is _Deferred:
        if not value.items:
            yield "[]"
            return
        value = map(value.convert, value.items)
    elif depth > PRETTY_DEPTH or not isinstance(value, (dict, list)) or not value:
        yield _compact(value)
        return
    inner = "\n" + "  " * (depth + 1)
    if isinstance(value, dict):
        yield "{"
        for n, (key, item) in enumerate(value.items()):
            yield ("," if n else "") + inner + _COMPACT.encode(str(key)) + ": "
            yield from json_pieces(item, depth + 1)
        yield "\n" + "  " * depth + "}"
        return
    yield "["
    deeper = depth + 1
    for n, item in enumerate(value):
        if type(item) is _Raw:  # a finding's line: no generator per finding
            yield ("," if n else "") + inner + item.text
            continue
        yield ("," if n else "") + inner
        if deeper > PRETTY_DEPTH and type(item) is not _Deferred:
            yield _compact(item)
        else:
            yield from json_pieces(item, deeper)
    yield "\n" + "  " * depth + "]"


def json_chunks(report: Report, options: Any = None) -> Iterator[str]:
    """The JSON report's text in chunks, written as the findings are read (one unit's dict at a time)."""
    yield from chunked(json_pieces(_report_dict(report, _Deferred(report.units, _FindingLines()))))
    yield "\n"


def render_json(report: Report, options: Any = None) -> str:
    return "".join(json_chunks(report, options))
