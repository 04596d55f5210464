"""A baseline of accepted findings that may only shrink: record today's, fail only on new ones.

A finding's fingerprint is the SHA-256 of its unit, rule, location and normalised evidence. The location
drops what moves when nobody changed anything: array indices in JSON Pointers (reordering a list) and
line numbers in catalogue exports (reordering rows) — the evidence (a year, a 档号) tells such findings
apart. Fingerprints are compared as a multiset, so a second finding with the same fingerprint is new:
a baseline never absorbs a finding it did not record.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

from archcheck.errors import InputError, Problem, input_error
from archcheck.model import BaselineEntry, BaselineSummary, Finding, Location, Outcome, Report, RuleResult, Text, UnitReport

FORMAT = "archcheck-baseline/1"
INDEX = "#"


def normalise_pointer(pointer: str) -> str:
    """`/funding/years/2/in_budget` -> `/funding/years/#/in_budget`: list positions are not identity."""
    return "/".join([INDEX if token.isdigit() else token for token in pointer.split("/")])


def location_key(location: Location) -> str:
    """The stable part of a location: the pointer without indices, or file name, sheet and column without the line."""
    if location.pointer is not None:
        return normalise_pointer(location.pointer)
    name = _file_name(location.file) if location.file else ""
    return "|".join((name, location.sheet or "", str(location.column or "")))


@lru_cache(maxsize=256)
def _file_name(file: str) -> str:
    """`Path(file).name`, worked out once per file: a catalogue's findings (millions, all in a few files)
    each have a fingerprint, and building a Path for each cost more than hashing it."""
    return Path(file).name


_SCALARS = frozenset((str, int, float, bool, type(None)))


def normalise(value: Any) -> Any:
    """Evidence in a canonical shape: keys sorted (by json.dumps), lists sorted, so order never matters."""
    if type(value) in _SCALARS:  # most evidence; spares the (slow) abstract Mapping check
        return value
    if type(value) is dict:  # a finding's evidence: its values mostly scalars, kept without a call each
        return {k if type(k) is str else str(k): v if type(v) in _SCALARS else normalise(v) for k, v in value.items()}
    if isinstance(value, Mapping):
        return {str(k): normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [normalise(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False, default=str))
    return value


def _canonical_json(value: Any) -> str:
    """`json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)`.

    The JSON report carries a fingerprint for every finding; `json.dumps` sets up a new C encoder
    per call, which cost more than the hashing. The encoder made once gives the same text.
    """
    if _CANONICAL is None or isinstance(value, str):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return "".join(_CANONICAL(value, 0))


_CANONICAL = (
    json.encoder.c_make_encoder(None, str, json.encoder.encode_basestring, None, ":", ",", True, False, True)
    if json.encoder.c_make_encoder is not None else None
)


def fingerprint(unit: str, finding: Finding) -> str:
    payload = [FORMAT, unit, finding.rule_id, location_key(finding.location), normalise(finding.evidence)]
    return hashlib.sha256(_canonical_json(payload).encode("utf-8", "surrogatepass")).hexdigest()  # a lone surrogate (from a plugin) must not fail the report


def standing_findings(report: Report) -> list[tuple[str, Finding]]:
    """(unit name, finding) for every finding of a failed rule that no waiver covers."""
    return [
        (unit.name, finding)
        for unit in report.units
        for result in unit.results
        if result.outcome in (Outcome.FAIL, Outcome.NO_EVIDENCE)
        for finding in result.findings
        if finding.waiver is None
    ]


def entries(report: Report) -> list[BaselineEntry]:
    return sorted(
        (
            BaselineEntry(fingerprint(unit, f), unit, f.rule_id, f.location.describe(), f.message)
            for unit, f in standing_findings(report)
        ),
        key=lambda e: (e.unit, e.rule, e.location, e.fingerprint),
    )


def render_baseline(report: Report) -> str:
    """The baseline file's text: stable order, one entry per standing finding."""
    data = {
        "format": FORMAT,
        "tool_version": report.tool_version,
        "findings": [
            {"fingerprint": e.fingerprint, "unit": e.unit, "rule": e.rule, "location": e.location,
             "message": e.message.to_dict() if e.message else None}
            for e in entries(report)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_baseline(report: Report, path: Path, inputs: Iterable[Path]) -> None:
    """Record the current findings, all at once; never onto an input file."""
    from archcheck.files import check_outputs, protected_paths, write_atomic
    from archcheck.reporters.sanitize import encode_utf8

    check_outputs({"--write-baseline": path}, protected_paths(list(inputs)))
    write_atomic(path, encode_utf8(render_baseline(report)))


def load_baseline(path: Path) -> list[BaselineEntry]:
    """Read a baseline written by --write-baseline; every problem names the file and JSON path."""
    def bad(where: str, zh: str, en: str) -> InputError:
        return input_error(path, where, zh, en)

    from archcheck.files import read_json

    data = read_json(path, missing=Text("基线文件不存在", "baseline file not found"))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise bad("/format", f"不是 archcheck 基线文件（应为 {FORMAT}）", f"not an archcheck baseline (expected {FORMAT})")
    if not isinstance(data.get("findings"), list):
        raise bad("/findings", "应为数组", "expected an array")
    found = []
    for index, item in enumerate(data["findings"]):
        if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
            raise bad(f"/findings/{index}/fingerprint", "缺少指纹", "missing fingerprint")
        message = item.get("message")
        found.append(
            BaselineEntry(
                item["fingerprint"], str(item.get("unit", "")), str(item.get("rule", "")), str(item.get("location", "")),
                Text(str(message.get("zh", "")), str(message.get("en", ""))) if isinstance(message, dict) else None,
            )
        )
    return found


def apply_baseline(report: Report, recorded: list[BaselineEntry], file: str) -> Report:
    """Mark each standing finding `unchanged` (in the baseline) or `new`; list recorded ones now gone as fixed."""
    from archcheck.engine.finding_store import keep
    from archcheck.engine.unit_store import map_units

    available = Counter(e.fingerprint for e in recorded)
    counts = {"new": 0, "unchanged": 0}

    def marked(unit: str, result: RuleResult) -> Iterable[Finding]:
        standing = result.outcome in (Outcome.FAIL, Outcome.NO_EVIDENCE)
        for finding in result.findings:
            if finding.waiver is None and standing:
                fp = fingerprint(unit, finding)
                state = "unchanged" if available[fp] > 0 else "new"
                if state == "unchanged":
                    available[fp] -= 1
                counts[state] += 1
                finding = dataclasses.replace(finding, baseline=state)
            yield finding

    def mark_unit(unit: UnitReport) -> UnitReport:
        results = []
        for result in unit.results:
            findings = marked(unit.name, result)
            # a rule's findings that were spilled to a file (a huge catalogue) are spilled again
            kept = tuple(findings) if isinstance(result.findings, tuple) else keep(findings)
            results.append(dataclasses.replace(result, findings=kept))
        return dataclasses.replace(unit, results=tuple(results))

    units = map_units(report.units, mark_unit)  # a many-unit run's stored units are stored again, one at a time
    new, unchanged = counts["new"], counts["unchanged"]
    fixed = []
    for entry in recorded:
        if available[entry.fingerprint] > 0:
            available[entry.fingerprint] -= 1
            fixed.append(entry)
    summary = BaselineSummary(file, new, unchanged, tuple(fixed))
    return dataclasses.replace(report, units=units, baseline=summary)
