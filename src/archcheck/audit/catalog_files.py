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
from archcheck.errors import CatalogReadError, InputError, InternalError, Problem, input_error
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
    _check_targets(mapping)
    try:
        day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    except ValueError:
        raise input_error("--as-of", as_of or "", "日期应写作 YYYY-MM-DD", "expected a date YYYY-MM-DD") from None
    return CatalogOptions(as_of=day, encoding=check_name(encoding) if encoding else None, input_format=input_format,
                          mapping=mapping, dat13=dat13, max_per_rule=max_per_rule, progress=progress)


def _check_targets(mapping: Mapping[str, str]) -> None:
    """Every `--column`/`[columns]` target must name a catalogue column (a typo never maps a column to nothing)."""
    from archcheck.catalog.columns import CANONICAL, canonical_target
    from archcheck.errors import Problem, unknown_name

    problems = [Problem("--column", f"{header}={target}", unknown_name(target, CANONICAL, Text("不是目录的标准项目", "not a catalogue column")))
                for header, target in mapping.items() if canonical_target(target) is None]
    if problems:
        raise InputError(problems)


def check_catalogs(paths: list[Path], audit: PreparedAudit, options: CatalogOptions) -> Report:
    """Check each export with every catalogue rule (in worker processes where the platform allows);
    one UnitReport per file. An unreadable file raises InputError (exit 2) before any output."""
    from archcheck.audit.supervised import check_each
    from archcheck.engine import finding_store

    finding_store.prepare()  # before workers are forked: the findings they spill outlive them
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
    from archcheck.catalog.batch import TableView
    from archcheck.catalog.columns import fold, resolve
    from archcheck.catalog.readers import not_a_catalogue, open_tables

    display = str(path)
    settings = audit.settings
    rules = audit.rules("catalog")
    info: dict[str, Any] = {"tables": []}
    cache: dict[str, Any] = {}
    reader_options = {"dat13": options.dat13}

    blank = [0]

    def tables() -> Iterator[Table]:
        first = None
        skipped: list[dict[str, str]] = []
        for table in open_tables(str(path), options.input_format, options.encoding, display, mapping=options.mapping):
            header = resolve(table.header, options.mapping)
            first = first or table
            if not header.is_catalogue:  # a notes sheet, a box list beside the catalogue: not checked, said so
                skipped.append({"sheet": table.sheet or "", "header": "、".join(n for n in table.header if n.strip())[:200]})
                continue
            missing = [h for h in options.mapping if fold(h) not in {fold(n) for n in header.names}]
            if missing:
                raise CatalogReadError(display, table.sheet or "", "--column 指定的表头 {h} 不在文件中；文件的表头为：{names}".format(
                    h="、".join(missing), names="、".join(n for n in header.names if n)),
                    "the header(s) {h} named by --column are not in the file; its headers are: {names}".format(
                    h=", ".join(missing), names=", ".join(n for n in header.names if n)))
            view = TableView(display, header, table.sheet, reader_options, cache, titles=table.titles,
                             header_line=table.header_line, shared=dict(table.shared))
            info["tables"].append({"sheet": table.sheet, "encoding": table.encoding, "columns": dict(view.header.index),
                                   "header_line": table.header_line, "title_rows": [line for line, _ in table.titles]})
            yield Table(view, lambda table=table, view=view: _records(view, table.batches(), blank))
        if skipped:
            info["skipped_tables"] = skipped
        if not info["tables"]:
            raise not_a_catalogue(display, first.header if first else [], (first.sheet + "!" if first and first.sheet else "")
                                  + str(first.header_line if first else 1))

    progress = _Progress(display) if options.progress else None
    mark = audit.ledger.scope(options.as_of, display)
    base = audit.context(options.as_of, path.resolve().parent)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # batches hold many young containers; cyclic GC passes would dominate the run time
    try:
        with TimeLimit(settings.rule_timeout) as limit:
            streamed = stream(rules, tables(), base, settings.selection, settings.params, limit, mark,
                              options.max_per_rule, progress.show if progress else None, failed)
    finally:
        if gc_was_enabled:
            gc.enable()
        if progress:
            progress.done()
    results, records = streamed.results, streamed.records
    score, flagged = catalog_score(streamed.marks, records, settings.profile, streamed.file_lost, streamed.possible)
    stats = {
        "records": records,
        "blank_rows": blank[0],
        "records_with_findings": sum(flagged.values()),
        "records_by_worst_severity": flagged,
        "findings_by_rule": {r.rule.id: r.total for r in results if r.total},
        **info,
    }
    return UnitReport(name=path.name, source=display, as_of=options.as_of.isoformat(), results=tuple(results),
                      score=score, stats=stats)


def _records(view: Any, raws: Iterator[Any], blank: list[int]) -> Iterator[Any]:
    """The batches rules see: blank rows counted apart (they are not records), empty batches left out."""
    from archcheck.catalog.batch import RecordBatch

    for raw in raws:
        blank[0] += raw.blank
        if raw.lines:
            yield RecordBatch(view, raw)


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
