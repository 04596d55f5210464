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
from typing import Any, Callable, Iterable, Iterator, Mapping

from archcheck.audit.prepared import PreparedAudit
from archcheck.catalog.tally import tally_for
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
    #: the name reports give a file instead of its path (standard input's spooled copy is "-")
    names: Mapping[str, str] = field(default_factory=dict)
    #: `--kind`: auto (by the headers), items (归档文件目录 only), volumes (案卷目录 / 卷内文件目录)
    kind: str = "auto"
    #: count what the export lists (`catalog.tally`, into the stats' "holdings") for a unit it is linked to
    tally: bool = False


def catalog_options(*, as_of: str | None, encoding: str | None, input_format: str | None, columns: Iterable[str],
                    config_columns: Mapping[str, str] | None = None, dat13: bool = False, max_per_rule: int | None = None,
                    progress: bool = False, names: Mapping[str, str] | None = None, kind: str = "auto") -> CatalogOptions:
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
                          mapping=mapping, dat13=dat13, max_per_rule=max_per_rule, progress=progress, names=dict(names or {}),
                          kind=kind or "auto")


def _check_targets(mapping: Mapping[str, str]) -> None:
    """Every `--column`/`[columns]` target must name a catalogue column (a typo never maps a column to nothing)."""
    from archcheck.catalog.columns import CANONICAL, canonical_target, fold
    from archcheck.catalog.volumes import INNER_ALIASES, INNER_COLUMNS, VOLUME_ALIASES, VOLUME_COLUMNS
    from archcheck.errors import Problem, unknown_name

    known = tuple(dict.fromkeys(CANONICAL + VOLUME_COLUMNS + INNER_COLUMNS))
    problems = [Problem("--column", f"{header}={target}", unknown_name(target, known, Text("不是目录的标准项目", "not a catalogue column")))
                for header, target in mapping.items()
                if canonical_target(target) is None and fold(target) not in VOLUME_ALIASES and fold(target) not in INNER_ALIASES]
    if problems:
        raise InputError(problems)


def check_catalogs(paths: list[Path], audit: PreparedAudit, options: CatalogOptions, workers: int | None = None) -> Report:
    """Check each export with every catalogue rule (in worker processes where the platform allows, `workers`
    of them, default one per core); one UnitReport per file. An unreadable file raises InputError (exit 2)
    before any output."""
    from archcheck.audit.supervised import check_each
    from archcheck.audit.volume_files import ITEM, VOLUME_KINDS, check_volumes, table_kinds
    from archcheck.catalog.readers import release_kept
    from archcheck.engine import finding_store

    finding_store.prepare()  # before workers are forked: the findings they spill outlive them
    try:
        # one export: its workbook is parsed once, by the header read, for the check that follows too
        kinds = {path: table_kinds(path, options, keep=len(paths) == 1) for path in paths}
        volumes = [path for path in paths if VOLUME_KINDS & set(kinds[path])]  # checked together, in one report
        # item catalogues; a workbook's item sheet beside its volume sheets too (its volume sheets left to the volume run)
        items = [path for path in paths if path not in volumes or ITEM in kinds[path]]
        beside = {path for path in items if path in volumes}
        units: dict[Path, list[UnitReport]] = {path: [] for path in paths}
        outcomes = check_each(items, audit, lambda path, failed: check_catalog(path, audit, options, failed, path in beside),
                              "catalog", workers)
        for path, outcome in zip(items, outcomes):
            units[path].append(_report(outcome, str(path)))
        if volumes:  # one input: the run's volume catalogues, checked together in a killable worker too
            [outcome] = check_each([volumes], audit, lambda group, failed: check_volumes(group, audit, options, failed),
                                   "volumes")
            units[volumes[0]].append(_report(outcome, " + ".join(map(str, volumes))))
    finally:
        release_kept()
    return audit.report([unit for path in paths for unit in units[path]])


def _report(outcome: tuple[str, Any], where: str) -> UnitReport:
    """A worker's report, or its input problem (exit 2) or internal failure (exit 3) raised, naming `where`."""
    status, value = outcome
    if status == "input":
        raise InputError(value)
    if status == "internal":
        raise InternalError([Problem(where, "", value)])
    return value


def check_catalog(path: Path, audit: PreparedAudit, options: CatalogOptions,
                  failed: Mapping[str, Text] | None = None, beside_volumes: bool = False) -> UnitReport:
    """Check one export file; an unreadable file raises InputError (exit 2). Rules in `failed` are
    reported as errors without running (they brought a worker down on this file). `beside_volumes`:
    the file also holds volume catalogues, which the volume run checks; only its item sheets are
    checked here (and listed in `stats.volume_tables` for the others)."""
    from archcheck.audit.volume_files import is_volume_table
    from archcheck.catalog.batch import TableView
    from archcheck.catalog.columns import fold, resolve
    from archcheck.catalog.readers import not_a_catalogue, open_tables

    display = options.names.get(str(path), str(path))
    settings = audit.settings
    rules = audit.rules("catalog")
    info: dict[str, Any] = {"tables": []}
    cache: dict[str, Any] = {}
    reader_options = {"dat13": options.dat13}

    blank = [0]
    progress = _Progress(display, _size(path)) if options.progress else None
    tally = tally_for("items", options)

    def tables() -> Iterator[Table]:
        first = None
        skipped: list[dict[str, str]] = []
        for table in open_tables(str(path), options.input_format, options.encoding, display, mapping=options.mapping):
            if beside_volumes and is_volume_table(table.header, options):
                info.setdefault("volume_tables", []).append(table.sheet or "")
                continue
            header = resolve(table.header, options.mapping)
            first = first or table
            if not header.is_catalogue:  # a notes sheet, a box list beside the catalogue: not checked, said so
                skipped.append({"sheet": table.sheet or "", "header": "、".join(n for n in table.header if n.strip())[:200]})
                continue
            # beside volume sheets a --column header may be theirs: the volume run checks it against all its tables
            missing = [] if beside_volumes else [h for h in options.mapping if fold(h) not in {fold(n) for n in header.names}]
            if missing:
                raise CatalogReadError(display, table.sheet or "", "--column 指定的表头 {h} 不在文件中；文件的表头为：{names}".format(
                    h="、".join(missing), names="、".join(n for n in header.names if n)),
                    "the header(s) {h} named by --column are not in the file; its headers are: {names}".format(
                    h=", ".join(missing), names=", ".join(n for n in header.names if n)))
            view = TableView(display, header, table.sheet, reader_options, cache, titles=table.titles,
                             header_line=table.header_line, shared=dict(table.shared))
            info["tables"].append({"sheet": table.sheet, "encoding": table.encoding, "columns": dict(view.header.index),
                                   "header_line": table.header_line, "title_rows": [line for line, _ in table.titles]})
            if progress:
                progress.follow(table.position)
            yield Table(view, lambda table=table, view=view: _records(view, table.batches(), blank, tally))
        if skipped:
            info["skipped_tables"] = skipped
        if not info["tables"]:
            raise not_a_catalogue(display, first.header if first else [], (first.sheet + "!" if first and first.sheet else "")
                                  + str(first.header_line if first else 1))

    mark = audit.ledger.scope(options.as_of, display)
    base = audit.context(options.as_of, path.resolve().parent if display == str(path) else Path.cwd())
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
    if tally is not None:
        stats["holdings"] = tally.to_dict()
    return UnitReport(name=Path(display).name, source=display, as_of=options.as_of.isoformat(), results=tuple(results),
                      score=score, stats=stats)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _records(view: Any, raws: Iterator[Any], blank: list[int], tally: Any = None) -> Iterator[Any]:
    """The batches rules see: blank rows counted apart (they are not records), empty batches left out."""
    from archcheck.catalog.batch import RecordBatch

    if tally is not None:
        tally.table(view)
    for raw in raws:
        blank[0] += raw.blank
        if raw.lines:
            batch = RecordBatch(view, raw)
            if tally is not None:
                tally.add(batch)
            yield batch


class _Progress:
    """One line on stderr while a catalogue is read: rows so far and, where the reader knows how far into
    the file it is (CSV, JSON Lines), the percentage and the time left. On by default only on a terminal
    (`--progress` forces it, `-q`/`--no-progress` turns it off); it is erased when the run ends.
    """

    def __init__(self, name: str, size: int, stream: Any = None):
        self.name, self.size, self.stream = name, size, stream if stream is not None else sys.stderr
        self.start, self.last = time.monotonic(), 0.0
        self.position: Callable[[], int] | None = None

    def follow(self, position: Callable[[], int] | None) -> None:
        """The next table's byte position (None: the reader cannot tell)."""
        self.position = position

    def show(self, rows: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.2:
            return
        self.last = now
        self.stream.write("\r\033[K" + self.line(rows, now - self.start))
        self.stream.flush()

    def line(self, rows: int, elapsed: float) -> str:
        text = f"{self.name}: {rows:,} 行 / rows"
        fraction = self.fraction()
        if fraction is None:
            return f"{text}  {elapsed:.0f}s"
        left = elapsed * (1 - fraction) / fraction if fraction > 0 else 0.0
        return f"{text}  {fraction:.0%}  剩余约 / left ~{left:.0f}s"

    def fraction(self) -> float | None:
        if self.position is None or self.size <= 0:
            return None
        try:
            return min(1.0, max(0.0, self.position() / self.size))
        except (OSError, ValueError):  # the file was closed between two batches
            return None

    def done(self) -> None:
        self.stream.write("\r\033[K")
        self.stream.flush()
