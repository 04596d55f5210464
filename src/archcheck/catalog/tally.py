"""What a catalogue lists, counted as it streams: records per 年度, per 全宗号 and per 机构, never a row.

`archcheck check UNIT --catalog EXPORT` compares these counts with what the unit description says
(the LNK rules). The tally is taken in the catalogue's own streaming pass, one `add` per batch, with
C-level `Counter` updates over whole columns; what it keeps grows with the distinct values (a few
dozen years, one fonds, a dozen departments), and past `MAX_KEYS` distinct values of a column it stops
telling new ones apart (`truncated`), so a hostile export cannot make it grow with its rows.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

#: distinct values kept per column; past it new values are only counted together (`other`)
MAX_KEYS = 10_000
#: the columns counted, by canonical name
COLUMNS = ("年度", "全宗号", "机构")


def tally_for(kind: str, options: Any) -> "HoldingsTally | None":
    """A tally of `kind` ("items", "volumes") when the run links its exports to a unit description
    (`CatalogOptions.tally`); None otherwise, and the export streams exactly as before."""
    return HoldingsTally(kind) if options.tally else None


class HoldingsTally:
    """Counts of one export's records (items of a 归档文件目录, volumes of a 案卷目录)."""

    def __init__(self, kind: str):
        self.kind = kind
        self.records = 0
        self.counts: dict[str, Counter] = {name: Counter() for name in COLUMNS}
        #: where each distinct value was first met: {column: {value: [file, sheet, line]}}
        self.first: dict[str, dict[str, list[Any]]] = {name: {} for name in COLUMNS}
        #: 机构 column value → the 机构 code its items' 档号 carry → count (names paired with codes)
        self.pairs: Counter = Counter()
        #: records whose value was not told apart once a column had MAX_KEYS distinct values
        self.other: Counter = Counter()
        #: columns the file had (by header, or through the 档号)
        self.present: set[str] = set()
        self.truncated: set[str] = set()

    def table(self, view: Any) -> None:
        """A table begins: the counted columns its header has (or its 档号 gives) are present, rows or not —
        an export of no records lists zero per year, it does not leave the years unknown."""
        header = view.header
        self.present.update(name for name in COLUMNS if name in header.index or name in header.derived)

    def add(self, batch: Any) -> None:
        """Count one batch (a RecordBatch): its length, and each counted column's values."""
        self.records += len(batch)
        for name in COLUMNS:
            col = batch.column(name)
            if col is None:
                continue
            self.present.add(name)
            self._count(name, col, batch)
        if self.kind == "items" and batch.has("机构") and batch.refs is not None and len(self.pairs) < MAX_KEYS:
            if not all(value.isascii() for value in batch.distinct("机构")):  # names in the column, codes in the 档号
                self.pairs.update(_pair_counts(batch.column("机构"), batch.refs.part("机构")))

    def _count(self, name: str, col: Any, batch: Any) -> None:
        counts = self.counts[name]
        fresh = _value_counts(col, batch.distinct(name))
        new = [value for value in fresh if value not in counts]
        if new:
            first = self.first[name]
            room = max(MAX_KEYS - len(counts), 0)
            if len(new) > room:
                self.truncated.add(name)
                for value in new[room:]:
                    self.other[name] += fresh.pop(value)
                new = new[:room]
            for value, index in _first_indices(col, new).items():
                first[value] = [batch.table.source, batch.table.sheet, batch.lines[index]]
        counts.update(fresh)

    def to_dict(self) -> dict[str, Any]:
        """The tally as plain JSON data (carried in the export's report stats, across worker processes)."""
        return {
            "kind": self.kind,
            "records": self.records,
            "columns": sorted(self.present),
            "by_column": {name: dict(self.counts[name]) for name in COLUMNS if name in self.present},
            "first": {name: self.first[name] for name in COLUMNS if name in self.present},
            "org_codes": [[name, code, n] for (name, code), n in self.pairs.items()],
            "truncated": sorted(self.truncated),
            "other": dict(self.other),
        }


def _value_counts(col: Any, distinct: set[str]) -> Counter:
    """How often each value occurs: `list.count` per value for the few values of a classification column
    (C-level passes; the distinct set is the batch's shared one), one Counter pass otherwise."""
    if len(distinct) == 1:
        return Counter({next(iter(distinct)): len(col)})
    if len(distinct) <= 8:
        return Counter({value: col.count(value) for value in distinct})
    return Counter(col)


def _pair_counts(left: Any, right: Any) -> Counter:
    """How often each (left, right) pair occurs, by runs of equal neighbours where the columns are sorted."""
    from archcheck.catalog.batch import value_runs

    cuts = sorted(set(value_runs(left)) | set(value_runs(right)))
    if len(cuts) > len(left) // 8:
        return Counter(zip(left, right))
    counts: Counter = Counter()
    start = 0
    for end in cuts:
        counts[left[start], right[start]] += end - start
        start = end
    return counts


def _first_indices(col: Any, values: list[str]) -> dict[str, int]:
    """The first row index of each of `values` in `col` (C-level `index` scans for a few, one pass for many)."""
    if len(values) <= 8:
        return {value: col.index(value) for value in values}
    wanted, found = set(values), {}
    for index, value in enumerate(col):
        if value in wanted and value not in found:
            found[value] = index
            if len(found) == len(wanted):
                break
    return found
