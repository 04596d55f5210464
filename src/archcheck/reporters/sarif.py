"""SARIF 2.1.0, the format code-scanning dashboards read (GitHub, GitLab, Azure DevOps).

One run; every rule that ran is a `reportingDescriptor` with its title, rationale, remedy and clause, and
a `security-severity` score so dashboards sort must-pass items first. Each finding is a result located
by file and line/column: for a unit description, the line and column of its JSON Pointer (kept as a
logical location too); for a catalogue export, the row (and column). URIs are relative to `--sarif-root`
(default: the working directory), named `SRCROOT` in `originalUriBaseIds`, so GitHub maps them onto the
repository. Every distinct finding has its own fingerprint (GitHub merges results that share one).
Waived findings carry a `suppression` with the waiver's reason; with a baseline, results carry
`baselineState` and findings fixed since the baseline appear as `absent`.

GitHub rejects a run of more than 25,000 results and keeps only the 5,000 most severe: by default a run
holds at most 5,000 (`[sarif] max_results` in `--report-config` changes it, 0 = no cap), shared out so
every rule keeps some, and one summary result says what was left out, per rule.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import quote

from archcheck.baseline import fingerprint
from archcheck.errors import InputError, Problem
from archcheck.model import Finding, Location, Outcome, Report, Rule, RuleResult, Severity, Text, UnitReport
from archcheck.reporters.jsonreport import _Deferred, chunked, json_pieces
from archcheck.reporters.options import ReportOptions
from archcheck.waivers import STATUS_LABELS

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/archcheck-dangan/"
#: v1 was the baseline fingerprint, which distinct findings of one rule can share (it ignores list order)
FINGERPRINT_KEY = "archcheck/v2"
ROOT_ID = "SRCROOT"
#: GitHub code scanning's limits per run: results accepted, and results it keeps (the most severe)
GITHUB_MAX_RESULTS = 25_000
DEFAULT_MAX_RESULTS = 5_000
CAP_RULE_ID = "ARCHCHECK-CAP"

LEVEL = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning", Severity.INFO: "note"}
#: GitHub reads `security-severity` as a number in a string: ≥ 9 critical, ≥ 7 high, ≥ 4 medium, else low
SECURITY_SEVERITY = {Severity.CRITICAL: "9.0", Severity.MAJOR: "7.0", Severity.MINOR: "4.0", Severity.INFO: "1.0"}
_RANK = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2, Severity.INFO: 3}
_DIGITS = re.compile(r"\d+")
#: where a finding about a whole file (or one whose place is unknown) is shown: its first line
_WHOLE_FILE = {"startLine": 1}

L = {
    "remedy": Text("整改建议", "Remedy"),
    "basis": Text("依据", "Basis"),
    "fixed": Text("基线中的问题已不再出现：{m}", "no longer found since the baseline: {m}"),
    "waiver": Text("豁免 {rule} @ {loc}：{status}（{reason}）", "waiver {rule} @ {loc}: {status} ({reason})"),
    "anywhere": Text("全部位置", "anywhere"),
    "capped": Text(
        "结果过多：本报告只列出 {kept} 条（上限 {cap}），另有 {left} 条未列出：{rules}。完整结果请用 --format json。",
        "too many results: this report lists {kept} (limit {cap}); {left} more are left out: {rules}. "
        "Use --format json for all of them."),
    "capped_title": Text("结果数超过上限", "Results over the limit"),
    "capped_help": Text(
        "代码扫描平台对每次分析的结果数有上限（GitHub：接收 25,000 条，保留最严重的 5,000 条）。"
        "可在 --report-config 的 [sarif] 表中用 max_results 调整（0 表示不设上限）。",
        "Code-scanning services limit the results per analysis (GitHub accepts 25,000 and keeps the 5,000 most "
        "severe). Set max_results in the [sarif] table of --report-config to change the limit (0: none)."),
}


def render_sarif(report: Report, options: ReportOptions) -> str:
    return "".join(sarif_chunks(report, options))


def sarif_chunks(report: Report, options: ReportOptions) -> Iterator[str]:
    """The SARIF log's text in chunks; the results are made as they are written, the findings read once
    to count them and once to write those kept (a catalogue's may be in a spill file)."""
    lang = options.lang
    settings = _settings(options)
    root = Path(os.path.abspath(options.sarif_root or os.getcwd()))
    survey = _Survey(report, lang)  # one reading of the units for everything written before the results
    rules = sorted(survey.rules.values(), key=lambda r: r.id)
    index = {rule.id: i for i, rule in enumerate(rules)}
    fixed = list(report.baseline.fixed) if report.baseline is not None else []
    shares, kept_fixed, left_out = _cap(survey.sizes, survey.severity, fixed, settings["max_results"])
    for rule_id, n in survey.not_kept.items():  # findings a run counted but did not keep (`--max-per-rule` on a catalogue)
        left_out[rule_id] = left_out.get(rule_id, 0) + n
    artifacts = _Artifacts(root)
    kept = _kept(report, shares)
    located_kept = sum(shares.values()) if shares is not None else sum(survey.sizes.values())
    sources = survey.sources
    baseline_file = report.baseline.file if report.baseline is not None else ""
    descriptors = [_descriptor(rule, lang) for rule in rules]

    def results() -> Iterator[dict[str, Any]]:
        for (unit, result, finding), ids in zip(kept(), finding_fingerprints(kept())):
            yield _result(unit, result, finding, index, lang, artifacts, ids)
        for n, entry in enumerate(kept_fixed):
            yield _fixed(entry, lang, artifacts, sources.get(entry.unit, baseline_file), n)
        if left_out:
            yield _cap_result(survey.first_source, left_out, located_kept + len(kept_fixed), settings["max_results"],
                              len(descriptors) - 1, lang, artifacts)

    if left_out:
        descriptors.append(_cap_descriptor(lang))
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "archcheck",
                "version": report.tool_version,
                "semanticVersion": report.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "automationDetails": {"id": settings["automation_id"] or _automation_id(survey.targets)},
        "originalUriBaseIds": {ROOT_ID: {"uri": root.as_uri().rstrip("/") + "/"}},
        "invocations": [_invocation(report, survey.errors, index, lang, artifacts)],
        "results": _Deferred(_Items(results, bool(located_kept or kept_fixed or left_out)), _same),
        "columnKind": "unicodeCodePoints",
        "properties": {
            "profile": report.profile,
            "units": survey.units,
        },
    }
    if left_out:
        run["properties"]["left_out"] = {"limit": settings["max_results"], "results": sum(left_out.values()),
                                         "by_rule": dict(sorted(left_out.items()))}
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    # one result per line: json.dumps(indent=2) took seconds for 30,000
    yield from chunked(json_pieces(log))
    yield "\n"


class _Survey:
    """What the log says before its results, gathered in one reading of the units: the rules that ran,
    each located rule's findings (to share out the cap), counted-not-kept findings, sources, targets,
    rule errors and the units' scores."""

    def __init__(self, report: Report, lang: str):
        self.rules: dict[str, Rule] = {}
        self.sizes: dict[str, int] = {}
        self.severity: dict[str, int] = {}
        self.not_kept: dict[str, int] = {}
        self.sources: dict[str, str] = {}
        self.targets: set[str] = set()
        self.errors: list[tuple[str, RuleResult]] = []
        self.units: list[dict[str, Any]] = []
        self.first_source = "."
        for n, unit in enumerate(report.units):
            if n == 0:
                self.first_source = unit.source
            self.sources[unit.name] = unit.source
            self.units.append({"name": unit.name, "source": unit.source, "as_of": unit.as_of, "score": unit.score.total,
                               "grade": unit.score.grade.get(lang)})
            for result in unit.results:
                rule = result.rule
                self.rules.setdefault(rule.id, rule)
                self.targets.add(rule.target)
                if _located(result):
                    self.sizes[rule.id] = self.sizes.get(rule.id, 0) + len(result.findings)
                    self.severity[rule.id] = _RANK[rule.severity]
                if result.count is not None and result.count > len(result.findings):
                    self.not_kept[rule.id] = self.not_kept.get(rule.id, 0) + result.count - len(result.findings)
                if result.outcome == Outcome.ERROR:
                    self.errors.append((unit.source, result))


class _Items:
    """Items made by `make()` as they are written, and whether there are any (known beforehand)."""

    def __init__(self, make: Callable[[], Iterator[Any]], some: bool):
        self.make, self.some = make, some

    def __bool__(self) -> bool:
        return self.some

    def __iter__(self) -> Iterator[Any]:
        return self.make()


def _same(item: Any) -> Any:
    return item


def _located(result: RuleResult) -> bool:
    """Whether a rule's findings become results."""
    return result.outcome in (Outcome.FAIL, Outcome.NO_EVIDENCE, Outcome.WAIVED) and len(result.findings) > 0


def _located_results(report: Report) -> Iterator[tuple[UnitReport, RuleResult]]:
    """(unit, result) of every rule whose findings become results, in report order."""
    for unit in report.units:
        for result in unit.results:
            if _located(result):
                yield unit, result


def _kept(report: Report, shares: dict[str, int] | None) -> Callable[[], Iterator[tuple[UnitReport, RuleResult, Finding]]]:
    """(unit, result, finding) of the findings that become results: each rule's first `shares[rule]`
    in report order (all of them without a cap)."""
    def kept() -> Iterator[tuple[UnitReport, RuleResult, Finding]]:
        taken: Counter[str] = Counter()
        for unit, result in _located_results(report):
            rule_id = result.rule.id
            if shares is None:
                findings: Iterable[Finding] = result.findings
            else:
                room = shares.get(rule_id, 0) - taken[rule_id]
                if room <= 0:
                    continue
                findings = result.findings[:room]
                taken[rule_id] += len(findings)
            for finding in findings:
                yield unit, result, finding
    return kept


def _settings(options: ReportOptions) -> dict[str, Any]:
    """`[sarif]` in `--report-config`: max_results (0 = no cap) and automation_id."""
    table = options.config.get("sarif") or {}
    if not isinstance(table, dict):
        raise _config_error("", Text("[sarif] 应为一个表", "[sarif] must be a table"))
    unknown = sorted(set(table) - {"max_results", "automation_id"})
    if unknown:
        raise _config_error(unknown[0], Text("未知设置；可用：max_results, automation_id",
                                             "unknown setting; known: max_results, automation_id"))
    cap = table.get("max_results", DEFAULT_MAX_RESULTS)
    if type(cap) is not int or cap < 0:
        raise _config_error("max_results", Text("应为不小于 0 的整数（0 表示不设上限）",
                                                "must be a whole number ≥ 0 (0: no limit)"))
    automation_id = table.get("automation_id")
    if automation_id is not None and (not isinstance(automation_id, str) or not automation_id.strip()):
        raise _config_error("automation_id", Text("应为非空字符串，如 \"archcheck/units/\"",
                                                  "must be a non-empty string, e.g. \"archcheck/units/\""))
    return {"max_results": cap or None, "automation_id": automation_id}


def _config_error(key: str, message: Text) -> InputError:
    return InputError([Problem("--report-config", f"[sarif]{'.' + key if key else ''}", message)])


def _automation_id(targets: set[str]) -> str:
    """`category/run-id` with an empty run id: unit checks and catalogue checks are separate categories on
    GitHub, so uploading one does not close the other's alerts."""
    return "archcheck/catalog/" if targets and targets <= {"catalog", "volumes"} else "archcheck/units/"


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


# ---- identity ------------------------------------------------------------------------------------

def finding_fingerprints(located: Iterable[tuple[UnitReport, RuleResult, Finding]]) -> Iterator[tuple[str, str]]:
    """(baseline fingerprint, SARIF fingerprint) per result; the SARIF one is distinct within the run.

    The baseline's fingerprint (unit, rule, pointer without list indices, evidence) plus the message with
    its numbers masked tell most findings apart and stay put when a list is reordered or rows move; what
    is still equal (the same message twice) gets an occurrence number, as GitHub's own line hashes do.
    """
    seen: Counter[str] = Counter()
    for unit, _, finding in located:
        message = finding.message
        baseline = fingerprint(unit.name, finding)
        key = "\x1f".join((baseline, _DIGITS.sub("#", message.zh), _DIGITS.sub("#", message.en)))
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        seen[digest] += 1
        yield baseline, f"{digest}:{seen[digest]}"


# ---- locations -----------------------------------------------------------------------------------

class _Artifacts:
    """`artifact_location` per distinct path, computed once (a catalogue has thousands of findings in one file)."""

    def __init__(self, root: Path):
        self.root = root
        self._seen: dict[str, dict[str, Any]] = {}

    def __call__(self, path: str) -> dict[str, Any]:
        found = self._seen.get(path)
        if found is None:
            found = self._seen[path] = artifact_location(path, self.root)
        return dict(found)


def artifact_location(path: str, root: Path) -> dict[str, Any]:
    """A path under `root` as a URI relative to SRCROOT (percent-encoded); one outside it as file://."""
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix(), safe="/"), "uriBaseId": ROOT_ID}


def finding_position(unit: UnitReport, location: Location) -> tuple[int, int | None]:
    """(line, column or None) of a finding in its file: the row of a catalogue export, the place of a unit's
    JSON Pointer (its nearest ancestor for a missing field), else line 1 (a finding about the whole file)."""
    if location.line is not None:
        column = location.column
        numeric = isinstance(column, int) or (isinstance(column, str) and column.isdigit())
        return max(1, int(location.line)), max(1, int(column)) if numeric else None  # type: ignore[arg-type]
    if location.pointer is not None and unit.positions is not None and (location.file or unit.source) == unit.source:
        position = unit.positions.locate(location.pointer)
        if position is not None:
            return position
    return 1, None


def _location(unit: UnitReport, location: Location, artifacts: _Artifacts) -> dict[str, Any]:
    line, column = finding_position(unit, location)
    region: dict[str, Any] = {"startLine": line}
    if column is not None:
        region["startColumn"] = column
    elif location.line is not None and (location.column or location.sheet):
        region["properties"] = {k: v for k, v in (("column", location.column), ("sheet", location.sheet)) if v}
    physical = {"artifactLocation": artifacts(location.file or unit.source), "region": region}
    data: dict[str, Any] = {"physicalLocation": physical}
    if location.pointer is not None:
        data["logicalLocations"] = [{"fullyQualifiedName": location.pointer or "/", "kind": "object"}]
    return data


def _result(unit: UnitReport, result: RuleResult, finding: Finding, index: dict[str, int], lang: str,
            artifacts: _Artifacts, ids: tuple[str, str]) -> dict[str, Any]:
    rule = result.rule
    data: dict[str, Any] = {
        "ruleId": rule.id,
        "ruleIndex": index[rule.id],
        "kind": "fail",
        "level": LEVEL[rule.severity],
        "message": {"text": finding.message.get(lang)},
        "locations": [_location(unit, finding.location, artifacts)],
        "partialFingerprints": {FINGERPRINT_KEY: ids[1]},
        "properties": {
            "unit": unit.name,
            "as_of": unit.as_of,
            "outcome": result.outcome.value,
            "missing_evidence": finding.missing,
            "evidence": dict(finding.evidence),
            "baseline_fingerprint": ids[0],
        },
    }
    if result.basis != rule.basis:
        data["properties"]["basis"] = result.basis.to_dict()  # a predecessor in force on the audit date
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


def _fixed(entry: Any, lang: str, artifacts: _Artifacts, source: str, n: int) -> dict[str, Any]:
    """A finding of the baseline no longer found, shown on its unit's file (or the baseline's, for a unit
    not in this run)."""
    message = entry.message.get(lang) if entry.message else entry.location
    data: dict[str, Any] = {
        "ruleId": entry.rule,
        "kind": "pass",
        "level": "none",
        "baselineState": "absent",
        "message": {"text": L["fixed"].format(m=message).get(lang)},
        "partialFingerprints": {FINGERPRINT_KEY: f"fixed-{entry.fingerprint[:32]}:{n + 1}"},
        "properties": {"unit": entry.unit, "location": entry.location, "baseline_fingerprint": entry.fingerprint},
    }
    data["locations"] = [{"physicalLocation": {"artifactLocation": artifacts(source), "region": dict(_WHOLE_FILE)}}]
    return data


# ---- the cap -------------------------------------------------------------------------------------

def _cap(sizes: dict[str, int], severity: dict[str, int], fixed: list[Any],
         cap: int | None) -> tuple[dict[str, int] | None, list[Any], dict[str, int]]:
    """Keep at most `cap - 1` results (one place is for the summary), shared out over the rules: each
    rule keeps its first findings, as many as an equal share allows, the most severe rules first.

    From the located findings' counts per rule (`sizes`, with each rule's severity rank) only: (findings
    kept per rule, or None for all; fixed entries kept; what was left out per rule)."""
    total = sum(sizes.values()) + len(fixed)
    if cap is None or total <= cap:
        return None, fixed, {}
    budget = max(0, cap - 1)
    order = sorted(sizes, key=lambda rule: (severity[rule], rule))
    share = _shares({rule: sizes[rule] for rule in order}, order, budget)
    left_out = {rule: sizes[rule] - share[rule] for rule in order if sizes[rule] > share[rule]}
    spare = budget - sum(share.values())
    if len(fixed) > spare:
        left_out["(baseline: absent)"] = len(fixed) - spare
    return share, fixed[:spare], left_out


def _shares(sizes: dict[str, int], order: Iterable[str], budget: int) -> dict[str, int]:
    """Water-filling: every rule gets min(size, level); the level is the highest the budget allows, and
    what a level leaves over goes one each to the most severe rules that still have findings."""
    order = list(order)
    share = {rule: 0 for rule in order}
    remaining, open_rules = budget, [r for r in order if sizes[r] > 0]
    while remaining > 0 and open_rules:
        each = remaining // len(open_rules)
        if each == 0:
            for rule in open_rules[:remaining]:
                share[rule] += 1
            break
        for rule in open_rules:
            given = min(each, sizes[rule] - share[rule])
            share[rule] += given
            remaining -= given
        open_rules = [r for r in open_rules if share[r] < sizes[r]]
    return share


def _cap_descriptor(lang: str) -> dict[str, Any]:
    return {
        "id": CAP_RULE_ID,
        "shortDescription": {"text": L["capped_title"].get(lang)},
        "fullDescription": {"text": L["capped_help"].get(lang)},
        "help": {"text": L["capped_help"].get(lang)},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["archcheck"], "security-severity": "1.0"},
    }


def _cap_result(source: str, left_out: dict[str, int], kept: int, cap: int | None, rule_index: int, lang: str,
                artifacts: _Artifacts) -> dict[str, Any]:
    """The one result that says what the cap left out, placed on the first input's first line."""
    rules = ", ".join(f"{rule} {n}" for rule, n in sorted(left_out.items(), key=lambda kv: (-kv[1], kv[0])))
    left = sum(left_out.values())
    return {
        "ruleId": CAP_RULE_ID,
        "ruleIndex": rule_index,
        "kind": "informational",
        "level": "warning",
        "message": {"text": L["capped"].format(kept=kept, cap=cap, left=left, rules=rules).get(lang)},
        "locations": [{"physicalLocation": {"artifactLocation": artifacts(source),
                                            "region": {"startLine": 1, "startColumn": 1}}}],
        "partialFingerprints": {FINGERPRINT_KEY: hashlib.sha256(f"{CAP_RULE_ID}\x1f{source}".encode()).hexdigest()[:32] + ":1"},
        "properties": {"left_out": dict(sorted(left_out.items())), "limit": cap},
    }


# ---- invocation ----------------------------------------------------------------------------------

def _invocation(report: Report, errors: list[tuple[str, RuleResult]], index: dict[str, int], lang: str,
                artifacts: _Artifacts) -> dict[str, Any]:
    notes: list[dict[str, Any]] = [{"level": "error", "message": {"text": e.get(lang)}} for e in report.load_errors]
    for source, result in errors:
        notes.append({
            "level": "error",
            "message": {"text": (result.reason or Text("", "")).get(lang)},
            "associatedRule": {"id": result.rule.id, "index": index[result.rule.id]},
            "locations": [{"physicalLocation": {"artifactLocation": artifacts(source)}}],
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
