"""SARIF 2.1.0, the format code-scanning dashboards read (GitHub, GitLab, Azure DevOps).

One run; every rule that ran is a `reportingDescriptor` with its title, rationale, remedy and clause, and
a `security-severity` score so dashboards sort must-pass items first. Each finding is a result located
by file plus JSON Pointer (a logical location), or file plus line/column for catalogue exports. Waived
findings carry a `suppression` with the waiver's reason; with a baseline, results carry `baselineState`
and findings fixed since the baseline appear as `absent`.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from archcheck.baseline import fingerprint
from archcheck.model import Finding, Location, Outcome, Report, Rule, RuleResult, Severity, Text, UnitReport
from archcheck.reporters.options import ReportOptions
from archcheck.waivers import STATUS_LABELS

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/archcheck-dangan/"
FINGERPRINT_KEY = "archcheck/v1"

LEVEL = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning", Severity.INFO: "note"}
#: GitHub reads `security-severity` as a number in a string: ≥ 9 critical, ≥ 7 high, ≥ 4 medium, else low
SECURITY_SEVERITY = {Severity.CRITICAL: "9.0", Severity.MAJOR: "7.0", Severity.MINOR: "4.0", Severity.INFO: "1.0"}

L = {
    "remedy": Text("整改建议", "Remedy"),
    "basis": Text("依据", "Basis"),
    "fixed": Text("基线中的问题已不再出现：{m}", "no longer found since the baseline: {m}"),
    "waiver": Text("豁免 {rule} @ {loc}：{status}（{reason}）", "waiver {rule} @ {loc}: {status} ({reason})"),
    "anywhere": Text("全部位置", "anywhere"),
}


def render_sarif(report: Report, options: ReportOptions) -> str:
    lang = options.lang
    rules = _rules(report)
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = [
        _result(unit, result, finding, index, lang)
        for unit in report.units
        for result in unit.results
        if result.outcome in (Outcome.FAIL, Outcome.NO_EVIDENCE, Outcome.WAIVED)
        for finding in result.findings
    ]
    if report.baseline is not None:
        results += [_fixed(entry, lang) for entry in report.baseline.fixed]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "archcheck",
                "version": report.tool_version,
                "semanticVersion": report.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": [_descriptor(rule, lang) for rule in rules],
            }
        },
        "invocations": [_invocation(report, index, lang)],
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {
            "profile": report.profile,
            "units": [
                {"name": u.name, "source": u.source, "as_of": u.as_of, "score": u.score.total,
                 "grade": u.score.grade.get(lang)}
                for u in report.units
            ],
        },
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2, default=str) + "\n"


def _rules(report: Report) -> list[Rule]:
    seen: dict[str, Rule] = {}
    for unit in report.units:
        for result in unit.results:
            seen.setdefault(result.rule.id, result.rule)
    return sorted(seen.values(), key=lambda r: r.id)


def _descriptor(rule: Rule, lang: str) -> dict[str, Any]:
    remedy, basis = rule.remedy.get(lang), rule.basis.cite()
    properties: dict[str, Any] = {
        "security-severity": SECURITY_SEVERITY[rule.severity],
        "severity": rule.severity.value,
        "area": rule.area,
        "points": rule.points,
        "basis": rule.basis.to_dict(),
        "tags": ["archcheck", rule.area, rule.severity.value],
    }
    if rule.default_severity is not None:
        properties["default-severity"] = rule.default_severity.value
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.title.get(lang)},
        "fullDescription": {"text": rule.rationale.get(lang)},
        "help": {
            "text": f"{L['remedy'].get(lang)}: {remedy}\n{L['basis'].get(lang)}: {basis}",
            "markdown": f"**{L['remedy'].get(lang)}**: {remedy}\n\n**{L['basis'].get(lang)}**: {basis}",
        },
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": properties,
    }


def _result(unit: UnitReport, result: RuleResult, finding: Finding, index: dict[str, int], lang: str) -> dict[str, Any]:
    rule = result.rule
    data: dict[str, Any] = {
        "ruleId": rule.id,
        "ruleIndex": index[rule.id],
        "kind": "fail",
        "level": LEVEL[rule.severity],
        "message": {"text": finding.message.get(lang)},
        "locations": [_location(unit, finding.location)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(unit.name, finding)},
        "properties": {
            "unit": unit.name,
            "as_of": unit.as_of,
            "outcome": result.outcome.value,
            "missing_evidence": finding.missing,
            "evidence": dict(finding.evidence),
        },
    }
    if finding.waiver is not None:
        waiver = finding.waiver
        data["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": waiver.reason,
                "properties": {k: v for k, v in waiver.to_dict().items() if k != "reason"},
            }
        ]
    if finding.baseline is not None:
        data["baselineState"] = finding.baseline
    return data


def _location(unit: UnitReport, location: Location) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(location.file or unit.source)}}
    if location.line is not None:
        region: dict[str, Any] = {"startLine": max(1, int(location.line))}
        column = location.column
        if isinstance(column, int) or (isinstance(column, str) and column.isdigit()):
            region["startColumn"] = max(1, int(column))
        elif column or location.sheet:
            region["properties"] = {k: v for k, v in (("column", column), ("sheet", location.sheet)) if v}
        physical["region"] = region
    data: dict[str, Any] = {"physicalLocation": physical}
    if location.pointer is not None:
        data["logicalLocations"] = [{"fullyQualifiedName": location.pointer or "/", "kind": "object"}]
    return data


def artifact_uri(path: str) -> str:
    """A relative path as a relative URI reference (percent-encoded), an absolute one as file://."""
    pure = PurePath(path)
    if pure.is_absolute():
        return Path(path).as_uri()
    return quote(pure.as_posix(), safe="/")


def _fixed(entry: Any, lang: str) -> dict[str, Any]:
    message = entry.message.get(lang) if entry.message else entry.location
    return {
        "ruleId": entry.rule,
        "kind": "pass",
        "level": "none",
        "baselineState": "absent",
        "message": {"text": L["fixed"].format(m=message).get(lang)},
        "partialFingerprints": {FINGERPRINT_KEY: entry.fingerprint},
        "properties": {"unit": entry.unit, "location": entry.location},
    }


def _invocation(report: Report, index: dict[str, int], lang: str) -> dict[str, Any]:
    notes: list[dict[str, Any]] = [{"level": "error", "message": {"text": e.get(lang)}} for e in report.load_errors]
    for unit in report.units:
        for result in unit.results:
            if result.outcome == Outcome.ERROR:
                notes.append({
                    "level": "error",
                    "message": {"text": (result.reason or Text("", "")).get(lang)},
                    "associatedRule": {"id": result.rule.id, "index": index[result.rule.id]},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(unit.source)}}}],
                })
    for status in report.waivers:
        if status.status != "applied":
            w = status.waiver
            notes.append({
                "level": "warning",
                "message": {"text": L["waiver"].format(
                    rule=w.rule, loc=w.location or L["anywhere"].get(lang),
                    status=STATUS_LABELS[status.status].get(lang), reason=w.reason).get(lang)},
                "properties": {"waiver": w.to_dict(), "status": status.status, "units": list(status.units)},
            })
    errors = any(n["level"] == "error" for n in notes)
    return {"executionSuccessful": not errors, "toolExecutionNotifications": notes}
