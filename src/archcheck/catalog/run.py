"""Stream one catalogue export through every catalogue rule, isolated per rule, into a UnitReport.

Memory stays bounded by the batch size plus what cross-record rules keep (compact per-group
arrays) plus the findings kept for the report (all of them, or the first N per rule).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from archcheck.catalog.batch import RecordBatch, TableView
from archcheck.catalog.columns import resolve
from archcheck.catalog.errors import CatalogReadError
from archcheck.catalog.readers import open_tables
from archcheck.engine import SKIPPED_REASON, Context, Selection
from archcheck.errors import InputError, Problem
from archcheck.model import (AreaScore, Finding, Outcome, RecordCheck, Report, Rule, RuleResult, Score, Severity, Text,
                             UnitReport)
from archcheck.scoring import Profile

#: How much a record with a finding of this severity counts against the catalogue score.
RECORD_WEIGHT = {Severity.CRITICAL: 3, Severity.MAJOR: 3, Severity.MINOR: 2, Severity.INFO: 1}
WEIGHT_VALUE = {0: 0.0, 1: 0.0, 2: 0.5, 3: 1.0}


@dataclass(frozen=True)
class CatalogSettings:
    profile: Profile
    as_of: dt.date
    selection: Selection = Selection()
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    encoding: str | None = None
    input_format: str | None = None
    mapping: Mapping[str, str] = field(default_factory=dict)
    #: accept the DA/T 13—2022 档号 form (全宗号-门类·年度·期限·机构-件号)
    dat13: bool = False
    max_per_rule: int | None = None
    progress: bool = False
    debug: bool = False
    #: per-rule severity overrides and waivers from the configuration (archcheck.toml)
    severity: Mapping[str, Any] = field(default_factory=dict)
    waivers: tuple[Any, ...] = ()


class _RuleRun:
    """One rule's state and tally during a run; an exception retires the rule with an error."""

    def __init__(self, rule: Rule, ctx: Context, cap: int | None):
        self.rule, self.cap = rule, cap
        self.kept: list[Finding] = []
        self.count = self.row_findings = 0
        self.error: Text | None = None
        self.weight = RECORD_WEIGHT[rule.severity]
        self.debug = ctx.debug
        self.state: RecordCheck | None = None
        self.guard(lambda: setattr(self, "state", rule.check(ctx)))

    def guard(self, produce: Any) -> Iterable[Finding]:
        if self.error is not None:
            return ()
        try:
            result = produce()
            return list(result) if result is not None else ()
        except Exception as exc:  # noqa: BLE001 - one rule's failure must not stop the others
            detail = traceback.format_exc() if self.debug else f"{type(exc).__name__}: {exc}"
            self.error = Text("插件 {plugin} 的规则 {rule} 运行出错：{detail}",
                              "rule {rule} of plugin {plugin} raised an error: {detail}").format(
                plugin=self.rule.plugin or "?", rule=self.rule.id, detail=detail)
            return ()


def check_catalog(path: Path, rules: Iterable[Rule], settings: CatalogSettings) -> UnitReport:
    """Check one export file; an unreadable file raises InputError (exit 2)."""
    display = str(path)
    selected, skipped = [], []
    for rule in rules:
        (selected if settings.selection.chooses(rule) else skipped).append(rule)
    runs = []
    for rule in selected:
        params = {**rule.params, **settings.params.get(rule.id, {})}
        runs.append(_RuleRun(rule, Context(settings.as_of, params, path.resolve().parent, settings.debug),
                             settings.max_per_rule))
    flags: dict[str | None, bytearray] = {}
    records = 0
    info: dict[str, Any] = {"tables": []}
    progress = _Progress(display) if settings.progress else None
    options = {"dat13": settings.dat13}
    cache: dict[str, Any] = {}
    gc_was_enabled = gc.isenabled()
    gc.disable()  # batches hold many young containers; cyclic GC passes would dominate the run time
    try:
        for table in open_tables(str(path), settings.input_format, settings.encoding, display):
            view = TableView(display, resolve(table.header, settings.mapping), table.sheet, options, cache)
            info["tables"].append({"sheet": table.sheet, "encoding": table.encoding, "columns": dict(view.header.index)})
            for run in runs:
                if run.state is not None:
                    _tally(run, run.guard(lambda: run.state.begin(view)), flags)
            for raw in table.batches():
                batch = RecordBatch(view, raw)
                records += len(batch)
                for run in runs:
                    if run.state is not None:
                        _tally(run, run.guard(lambda: run.state.batch(batch)), flags)
                if progress:
                    progress.show(records)
        for run in runs:
            if run.state is not None:
                _tally(run, run.guard(run.state.finish), flags)
    except CatalogReadError as exc:
        raise InputError([Problem(exc.file, exc.where, Text(exc.zh, exc.en))]) from None
    finally:
        if gc_was_enabled:
            gc.enable()
        if progress:
            progress.done()
    results = [_result(run, records) for run in runs]
    results += [RuleResult(rule, Outcome.SKIPPED, reason=SKIPPED_REASON) for rule in skipped]
    order = {rule.id: i for i, rule in enumerate(rules)} if isinstance(rules, list) else {}
    results.sort(key=lambda r: order.get(r.rule.id, 0))
    flagged = {code: sum(a.count(code) for a in flags.values()) for code in (1, 2, 3)}
    lost = sum(WEIGHT_VALUE[code] * n for code, n in flagged.items())
    total = round(100.0 * (1 - lost / records), 1) if records else 0.0
    grade = next((g for g in settings.profile.grades if total >= g.min), settings.profile.grades[-1])
    stats = {
        "records": records,
        "records_with_findings": sum(flagged.values()),
        "records_by_worst_severity": {"major_or_critical": flagged[3], "minor": flagged[2], "info": flagged[1]},
        "findings_by_rule": {r.rule.id: r.total for r in results if r.total},
        **info,
    }
    return UnitReport(
        name=path.name, source=display, as_of=settings.as_of.isoformat(), results=tuple(results),
        score=Score(total, grade.name, (AreaScore("CAT", total, 100.0),)), stats=stats,
    )


def _tally(run: _RuleRun, findings: Iterable[Finding], flags: dict[str | None, bytearray]) -> None:
    for finding in findings:
        run.count += 1
        if run.cap is None or len(run.kept) < run.cap:
            run.kept.append(finding if finding.rule_id else _with_id(finding, run.rule.id))
        line = finding.location.line
        if line is not None:
            run.row_findings += 1
            marks = flags.setdefault(finding.location.sheet, bytearray())
            if line >= len(marks):
                marks.extend(bytes(line - len(marks) + 4096))
            if marks[line] < run.weight:
                marks[line] = run.weight


def _with_id(finding: Finding, rule_id: str) -> Finding:
    return Finding(rule_id, finding.message, finding.location, finding.evidence, finding.fraction, finding.missing)


def _result(run: _RuleRun, records: int) -> RuleResult:
    if run.error is not None:
        return RuleResult(run.rule, Outcome.ERROR, reason=run.error)
    if not run.count:
        return RuleResult(run.rule, Outcome.PASS)
    file_level = run.count - run.row_findings
    share = min(1.0, file_level + (run.row_findings / records if records else 0.0))
    return RuleResult(run.rule, Outcome.FAIL, tuple(run.kept), round(share * run.rule.points, 4), count=run.count)


class _Progress:
    """A one-line row counter on stderr (only used when stderr is a terminal)."""

    def __init__(self, name: str):
        self.name, self.start, self.last = name, time.monotonic(), 0.0

    def show(self, rows: int) -> None:
        now = time.monotonic()
        if now - self.last >= 0.2:
            self.last = now
            sys.stderr.write(f"\r{self.name}: {rows:,} 行 / rows  {now - self.start:.1f}s")
            sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()


def catalog_settings(audit: Any, *, as_of: str | None, encoding: str | None, input_format: str | None,
                     columns: Iterable[str], dat13: bool, max_per_rule: int | None, progress: bool) -> CatalogSettings:
    """CatalogSettings from the shared audit settings plus the catalogue's own options (bad values: exit 2)."""
    from archcheck.catalog.encoding import check_name

    mapping = {}
    for item in columns:
        header, sep, target = item.partition("=")
        if not (sep and header.strip() and target.strip()):
            raise InputError([Problem("--column", item, Text("应写作 表头=项目，如 文件名称=题名",
                                                             "expected HEADER=COLUMN, e.g. 'Doc title=题名'"))])
        mapping[header.strip()] = target.strip()
    try:
        day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    except ValueError:
        raise InputError([Problem("--as-of", as_of or "", Text("日期应写作 YYYY-MM-DD", "expected a date YYYY-MM-DD"))]) from None
    try:
        encoding = check_name(encoding) if encoding else None
    except CatalogReadError as exc:
        raise InputError([Problem(exc.file, exc.where, Text(exc.zh, exc.en))]) from None
    return CatalogSettings(
        profile=audit.profile, as_of=day, selection=audit.selection, params=audit.params, encoding=encoding,
        input_format=input_format, mapping=mapping, dat13=dat13, max_per_rule=max_per_rule, progress=progress,
        debug=audit.debug, severity=dict(getattr(audit, "severity", {}) or {}), waivers=tuple(getattr(audit, "waivers", ()) or ()),
    )


def check_catalogs(paths: list[Path], plugins: Any, settings: CatalogSettings) -> Report:
    """Check each export with every catalogue rule; one UnitReport per file. Waivers apply to the findings."""
    from archcheck import __version__
    from archcheck.audit import ordered_areas
    from archcheck.engine import with_severities
    from archcheck.waivers import WaiverLedger

    rules = with_severities(plugins.rules_for("catalog"), settings.severity)
    areas = ordered_areas(plugins, settings.profile)
    ledger = WaiverLedger(settings.waivers)
    units = []
    for path in paths:
        unit = check_catalog(path, rules, settings)
        results = ledger.apply(unit.results, settings.as_of, str(path))
        units.append(dataclasses.replace(unit, results=results))
    return Report(__version__, settings.profile.name, tuple(plugins.infos), areas, tuple(units),
                  tuple(plugins.load_errors), waivers=ledger.statuses())
