"""Check volume catalogues: a run's 案卷目录 and 卷内文件目录 tables, from however many files, streamed
through the VOL rules together into one UnitReport.

Which tables are volume catalogues is decided from their headers (`catalog.volumes.detect`) or forced
with `--kind volumes`. The 案卷目录 tables stream first whatever the order of the files or sheets, and
their rows fill the register of volumes the 卷内 rows are joined to (one entry per volume); 卷内 rows are
never kept. A rule whose document was not yet in force on the audit date is not applicable, as for units.
"""

from __future__ import annotations

import dataclasses
import gc
from pathlib import Path
from typing import Any, Iterator, Mapping

from archcheck.audit.prepared import PreparedAudit
from archcheck.catalog import volumes as K
from archcheck.catalog.tally import tally_for
from archcheck.engine.records import Table, stream
from archcheck.engine.timelimit import TimeLimit
from archcheck.engine.units import NOT_YET_IN_FORCE
from archcheck.errors import CatalogReadError
from archcheck.model import Outcome, RuleResult, Text, UnitReport
from archcheck.scoring import catalog_score

ITEM = K.ITEM
#: the kinds checked in a volume run
VOLUME_KINDS = frozenset((K.VOLUME, K.INNER))
#: `--kind`: decide each table by its header, treat every table as an item catalogue, or as a volume catalogue
KINDS = ("auto", "items", "volumes")


def table_kinds(path: Path, options: Any, keep: bool = False) -> list[str]:
    """The kind of each table of a file (item, volume, inner; "" for a table that is no catalogue): headers only.
    `keep`: the file is checked next, so a workbook's parsed sheets are kept for that read (`open_tables`)."""
    from archcheck.catalog.columns import resolve
    from archcheck.catalog.readers import open_tables

    if options.kind == "items":
        return []
    found = []
    for table in open_tables(str(path), options.input_format, options.encoding, str(path), mapping=options.mapping,
                             keep=keep):
        kind = _kind(table.header, options)
        found.append("" if kind == K.ITEM and not resolve(table.header, options.mapping).is_catalogue else kind)
    return found


def _kind(header: list[str], options: Any) -> str:
    if options.kind == "volumes":
        return K.force(header, options.mapping)
    return K.detect(header, options.mapping) or K.ITEM


def is_volume_table(header: list[str], options: Any) -> bool:
    """Whether a table is a 案卷目录 or 卷内文件目录 (checked in the volume run, not as an item catalogue)."""
    return options.kind != "items" and _kind(header, options) in VOLUME_KINDS


def check_volumes(paths: list[Path], audit: PreparedAudit, options: Any, failed: Mapping[str, Text] | None = None) -> UnitReport:
    """Check the volume catalogues in `paths` together; an unreadable file raises InputError (exit 2).
    Rules in `failed` are reported as errors without running (they brought a worker down on this run)."""
    from archcheck.catalog.batch import TableView
    from archcheck.catalog.columns import resolve
    from archcheck.catalog.readers import open_tables
    from archcheck.checkers.volumes.rows import Register, volume_rows

    register = Register()
    found: list[tuple[int, int, str, Any, str]] = []
    skipped: list[dict[str, str]] = []
    items: list[dict[str, str]] = []
    others: list[list[str]] = []  # the item sheets' headers: a --column header may be theirs
    for order, path in enumerate(paths):
        display = str(path)
        for table in open_tables(display, options.input_format, options.encoding, display, mapping=options.mapping):
            kind = _kind(table.header, options)
            if kind not in VOLUME_KINDS:
                where = {"file": display, "sheet": table.sheet or ""}
                if resolve(table.header, options.mapping).is_catalogue:  # an item sheet beside volume sheets
                    items.append(where)  # checked as an item catalogue, in its own report (`check_catalogs`)
                    others.append(table.header)
                else:
                    skipped.append({**where, "header": "、".join(n for n in table.header if n.strip())[:200]})
                continue
            found.append((0 if kind == K.VOLUME else 1, order, kind, table, display))
    if not found:
        raise CatalogReadError(str(paths[0]), "", "没有案卷目录或卷内文件目录", "no 案卷目录 or 卷内文件目录 found")
    _check_mapping(options.mapping, [(table, display) for _, _, _, table, display in found], others)
    found.sort(key=lambda t: (t[0], t[1]))  # every 案卷目录 before any 卷内文件目录 (stable: file and sheet order kept)
    kinds = {kind for _, _, kind, _, _ in found}
    info: dict[str, Any] = {"tables": []}
    blank = [0]
    tally = tally_for("volumes", options)

    def tables() -> Iterator[Table]:
        for _, _, kind, table, display in found:
            header = K.resolve_as(kind, table.header, options.mapping)
            view = TableView(display, header, table.sheet, {"kind": kind, "register": register, "kinds": kinds}, {},
                             titles=table.titles, header_line=table.header_line, shared=dict(table.shared))
            info["tables"].append({"file": display, "sheet": table.sheet, "kind": kind, "encoding": table.encoding,
                                   "columns": dict(header.index), "header_line": table.header_line})
            yield Table(view, lambda table=table, view=view, kind=kind: _records(view, table.batches(), blank, kind, volume_rows, tally))

    rules = audit.rules("volumes")
    in_force = [r for r in rules if r.basis.for_date(options.as_of) is not None]
    name = " + ".join(p.name for p in paths)
    source = found[0][4]  # the file of the first 案卷目录: where a finding about the run as a whole points
    mark = audit.ledger.scope(options.as_of, source)
    base = audit.context(options.as_of, paths[0].resolve().parent)
    settings = audit.settings
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        with TimeLimit(settings.rule_timeout) as limit:
            streamed = stream(in_force, tables(), base, settings.selection, settings.params, limit, mark, options.max_per_rule,
                              failed=failed)
    finally:
        if gc_was_enabled:
            gc.enable()
    by_id = {r.rule.id: r for r in streamed.results}
    results = []
    for rule in rules:
        basis = rule.basis.for_date(options.as_of)
        if basis is None:
            first = rule.basis.first()
            results.append(RuleResult(rule, Outcome.NOT_APPLICABLE, reason=NOT_YET_IN_FORCE.format(
                doc=first.document + (f"（{first.number}）" if first.number else ""),
                d=first.in_force.isoformat() if first.in_force else "?", a=options.as_of.isoformat())))
        else:
            results.append(dataclasses.replace(by_id[rule.id], basis=basis))
    score, flagged = catalog_score(streamed.marks, streamed.records, settings.profile, streamed.file_lost, streamed.possible,
                                   area="VOL")
    stats = {
        "records": streamed.records,
        "volumes": len(register.by_code),
        "files": [str(p) for p in paths],
        "blank_rows": blank[0],
        "records_with_findings": sum(flagged.values()),
        "records_by_worst_severity": flagged,
        "findings_by_rule": {r.rule.id: r.total for r in results if r.total},
        **info,
    }
    if skipped:
        stats["skipped_tables"] = skipped
    if tally is not None:
        stats["holdings"] = tally.to_dict()
    if items:
        stats["item_tables"] = items
    return UnitReport(name=name, source=source, as_of=options.as_of.isoformat(), results=tuple(results), score=score, stats=stats)


def _check_mapping(mapping: Any, tables: list[tuple[Any, str]], others: list[list[str]] = ()) -> None:
    """A `--column` header that no volume table (nor an item sheet of their workbooks, `others`) has is a
    typo, never silently nothing (exit 2)."""
    from archcheck.catalog.columns import fold

    present = {fold(name) for table, _ in tables for name in table.header} | {fold(name) for header in others for name in header}
    missing = [header for header in mapping if fold(header) not in present]
    if missing:
        files = "、".join(dict.fromkeys(display for _, display in tables))
        raise CatalogReadError(tables[0][1], "", f"--column 指定的表头 {'、'.join(missing)} 不在 {files} 中",
                               f"the header(s) {', '.join(missing)} named by --column are in none of {files}")


def _records(view: Any, raws: Iterator[Any], blank: list[int], kind: str, volume_rows: Any, tally: Any = None) -> Iterator[Any]:
    """The batches rules see; a 案卷目录 batch is parsed (and its volumes registered) before any rule sees it,
    so the register is complete whichever rules are selected."""
    from archcheck.catalog.batch import RecordBatch

    if tally is not None and kind == K.VOLUME:
        tally.table(view)
    for raw in raws:
        blank[0] += raw.blank
        if raw.lines:
            batch = RecordBatch(view, raw)
            if kind == K.VOLUME:
                volume_rows(batch)
                if tally is not None:  # volumes are what the 案卷目录 lists (卷内 rows are not counted)
                    tally.add(batch)
            yield batch
