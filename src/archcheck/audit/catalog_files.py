"""Check catalogue exports: open each file's tables, stream them through the catalogue rules, score.

Reading belongs to `archcheck.catalog` (formats, encodings, headers); running the rules to
`engine.records`; the record-based score to `scoring.catalog_score`. This module joins them for one
export file into a UnitReport.
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from archcheck.audit.prepared import PreparedAudit
from archcheck.engine.records import Table, stream
from archcheck.engine.timelimit import TimeLimit
from archcheck.errors import InputError, InternalError, Problem, input_error
from archcheck.model import Report, Text, UnitReport
from archcheck.scoring import catalog_score


@dataclass(frozen=True)
class CatalogOptions:
    """How to read the exports (the `catalog` command's own options)."""

    as_of: dt.date
    encoding: str | None = None
    input_format: str | None = None
    #: file header → canonical column (`--column`, `[columns]`)
    mapping: Mapping[str, str] = field(default_factory=dict)
    #: accept the DA/T 13—2022 档号 form (全宗号-门类·年度·期限·机构-件号)
    dat13: bool = False
    max_per_rule: int | None = None
    progress: bool = False


def catalog_options(*, as_of: str | None, encoding: str | None, input_format: str | None, columns: Iterable[str],
                    config_columns: Mapping[str, str] | None = None, dat13: bool = False, max_per_rule: int | None = None,
                    progress: bool = False) -> CatalogOptions:
    """CatalogOptions from the command line (bad values: exit 2); `--column` wins over the config's `[columns]`."""
    from archcheck.catalog.encoding import check_name

    mapping = dict(config_columns or {})
    for item in columns:
        header, sep, target = item.partition("=")
        if not (sep and header.strip() and target.strip()):
            raise input_error("--column", item, "应写作 表头=项目，如 文件名称=题名", "expected HEADER=COLUMN, e.g. 'Doc title=题名'")
        mapping[header.strip()] = target.strip()
    try:
        day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    except ValueError:
        raise input_error("--as-of", as_of or "", "日期应写作 YYYY-MM-DD", "expected a date YYYY-MM-DD") from None
    return CatalogOptions(as_of=day, encoding=check_name(encoding) if encoding else None, input_format=input_format,
                          mapping=mapping, dat13=dat13, max_per_rule=max_per_rule, progress=progress)


def check_catalogs(paths: list[Path], audit: PreparedAudit, options: CatalogOptions) -> Report:
    """Check each export with every catalogue rule (in worker processes where the platform allows);
    one UnitReport per file. An unreadable file raises InputError (exit 2) before any output."""
    from archcheck.audit.supervised import check_each

    units = []
    outcomes = check_each(paths, audit, lambda path, failed: check_catalog(path, audit, options, failed), "catalog")
    for path, (status, value) in zip(paths, outcomes):
        if status == "input":
            raise InputError(value)
        if status == "internal":
            raise InternalError([Problem(str(path), "", value)])
        units.append(value)
    return audit.report(units)


def check_catalog(path: Path, audit: PreparedAudit, options: CatalogOptions,
                  failed: Mapping[str, Text] | None = None) -> UnitReport:
    """Check one export file; an unreadable file raises InputError (exit 2). Rules in `failed` are
    reported as errors without running (they brought a worker down on this file)."""
    from archcheck.catalog.batch import RecordBatch, TableView
    from archcheck.catalog.columns import resolve
    from archcheck.catalog.readers import open_tables

    display = str(path)
    settings = audit.settings
    rules = audit.rules("catalog")
    info: dict[str, Any] = {"tables": []}
    cache: dict[str, Any] = {}
    reader_options = {"dat13": options.dat13}

    def tables() -> Iterator[Table]:
        for table in open_tables(str(path), options.input_format, options.encoding, display):
            view = TableView(display, resolve(table.header, options.mapping), table.sheet, reader_options, cache)
            info["tables"].append({"sheet": table.sheet, "encoding": table.encoding, "columns": dict(view.header.index)})
            yield Table(view, lambda table=table, view=view: (RecordBatch(view, raw) for raw in table.batches()))

    progress = _Progress(display) if options.progress else None
    mark = audit.ledger.scope(options.as_of, display)
    base = audit.context(options.as_of, path.resolve().parent)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # batches hold many young containers; cyclic GC passes would dominate the run time
    try:
        with TimeLimit(settings.rule_timeout) as limit:
            results, marks, records = stream(rules, tables(), base, settings.selection, settings.params, limit, mark,
                                             options.max_per_rule, progress.show if progress else None, failed)
    finally:
        if gc_was_enabled:
            gc.enable()
        if progress:
            progress.done()
    score, flagged = catalog_score(marks, records, settings.profile)
    stats = {
        "records": records,
        "records_with_findings": sum(flagged.values()),
        "records_by_worst_severity": flagged,
        "findings_by_rule": {r.rule.id: r.total for r in results if r.total},
        **info,
    }
    return UnitReport(name=path.name, source=display, as_of=options.as_of.isoformat(), results=tuple(results),
                      score=score, stats=stats)


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
