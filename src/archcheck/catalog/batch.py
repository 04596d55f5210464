"""A batch of catalogue records as rules see it: columns by canonical name, shared parsed views.

Rules get whole batches so that the common case (a clean batch) costs a few C-level passes per
column instead of a Python call per record and rule. Views needed by several rules (the parsed
档号, each row's 件号 group) are computed once per batch and cached here.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from typing import Any, Collection, Iterator, Mapping, Sequence

from archcheck.catalog import values as V
from archcheck.catalog.blanks import CELL_BLANKS
from archcheck.catalog.columns import Header
from archcheck.catalog.row_notes import UNPLACED
from archcheck.catalog.volumes import ITEM
from archcheck.model import Finding, Location, Text

_GROUP = re.compile(r"([A-Z0-9]{4})-([A-Z]{2})·([0-9]{4})-(Y|D30|D10)(?:-([A-Za-z0-9\u4e00-\u9fff]+))?")
_SUFFIXES = re.compile(r"(?:-[0-9]{4})*")
#: What a blank cell may hold besides line breaks (catalog.blanks)
_BLANK_CHARS = CELL_BLANKS.replace("\n", "")
#: What is left of a cell once those are gone ("" for a blank cell).
_strip = operator.methodcaller("strip", CELL_BLANKS)
#: A line of a "\n"-joined column made only of those and line breaks: a blank cell (one holding a line
#: break, such as a quoted "\n", spans lines), or a quoted cell's blank line
_WS_ROW = re.compile("\n[" + re.escape(_BLANK_CHARS) + "\n]+\n")
_ASCII_BLANKS = "".join(c for c in _BLANK_CHARS if c.isascii())
#: a blank cell of a column joined one cell per line, none holding a line break: the break before it,
#: then only what a blank cell may hold, up to the next break
_BLANK_LINE = re.compile("\n[" + re.escape(_BLANK_CHARS) + "]*(?=\n)")
#: Columns with few distinct values per batch: checked through their set of values.
_LOW_CARDINALITY = ("全宗号", "年度", "保管期限", "机构", "日期", "页数", "密级", "责任者")
#: Of those, the columns that usually hold one value all through a batch
_USUALLY_CONSTANT = frozenset(("全宗号", "年度", "保管期限", "机构"))
#: Columns whose cells the 档号 view can prove filled (the 档号 itself, and 件号 when the two agree).
_REF_PROVEN = ("档号", "件号")
EVIDENCE_CHARS = 80
#: A 档号 cut before its "-件号" and the "-件号" itself (C-level slicing, no Python call per cell).
_BEFORE_ITEM = operator.itemgetter(slice(None, -5))
_ITEM = operator.itemgetter(slice(-5, None))
#: 档号 problems of spelling only: such a 档号 still says which group its item belongs to.
_HARMLESS = {"separator", "case", "term_legacy", "dat13"}


@dataclass
class TableView:
    """The table a batch comes from: file, sheet, resolved header, options, and per-file caches."""

    source: str
    header: Header
    sheet: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)
    #: rows above the header the reader skipped: (line, text)
    titles: Sequence[tuple[int, str]] = ()
    header_line: int = 1
    #: values every record shares (a JSON document's fonds/year), by canonical column
    shared: Mapping[str, str] = field(default_factory=dict)

    def location(self, line: int | None = None, column: str | None = None) -> Location:
        return Location(file=self.source, line=line, column=self.header.label(column) if column else None,
                        sheet=self.sheet)

    @property
    def kind(self) -> str:
        """Which catalogue this table is (`catalog.volumes`: ITEM, VOLUME, INNER); volume tables name theirs in `options`."""
        return self.options.get("kind", ITEM)


class Record(dict):
    """One record as a dict of canonical column → raw text, with its physical line."""

    line: int = 0


def _may_be_blank(values: Collection[str]) -> bool:
    """False when no value is empty or whitespace, settled by C-level passes over the values joined one
    per line: no empty line, and no line made only of what a blank cell may hold (a value holding a line
    break may make it say True; the caller then looks at each value). Plain searches are the cheaper
    way through ASCII text, one pattern through the rest (Chinese titles)."""
    if not values:
        return False
    joined = "\n" + "\n".join(values) + "\n"
    if joined.isascii():
        if "\n\n" in joined:
            return True
        if not any(c in joined for c in _ASCII_BLANKS):
            return False
    elif not all(values):
        return True
    return _WS_ROW.search(joined) is not None


def _blank_indices(col: Sequence[str]) -> list[int]:
    """The indices of the blank cells of a column (`catalog.blanks`), found by C-level searches of the
    column joined one cell per line — where no cell holds a line break; otherwise each cell is
    stripped. A batch with one blank 题名 so costs a few passes, not a Python step for every cell."""
    joined = "\n" + "\n".join(col) + "\n"
    if joined.count("\n") != len(col) + 1:
        return [i for i, v in enumerate(map(_strip, col)) if not v]
    found, row, at = [], 0, 0
    for match in _BLANK_LINE.finditer(joined):  # each match starts at the line break before its cell
        row += joined.count("\n", at, match.start())
        at = match.start()
        found.append(row)
    return found


def shorten(value: Any) -> Any:
    """Evidence stays readable even when a hostile cell holds megabytes."""
    if isinstance(value, str) and len(value) > EVIDENCE_CHARS:
        return value[:EVIDENCE_CHARS] + f"…(+{len(value) - EVIDENCE_CHARS})"
    return value


class RecordBatch:
    """Rows of one table with their physical lines; columns are read through `column()`."""

    def __init__(self, table: TableView, raw: Any):
        """`raw` is a reader's Batch: lines, notes, and rows or columns (whichever it built)."""
        self.table, self.lines, self.notes = table, raw.lines, raw.notes
        self._raw = raw

    def __len__(self) -> int:
        return len(self.lines)

    @property
    def unplaced(self) -> list[int]:
        """The indices of the records whose cells may not stand in their columns (`row_notes.UNPLACED`)."""
        return [index for index, code, _ in self.notes if code in UNPLACED]

    @property
    def unplaced_lines(self) -> list[int]:
        """The physical lines of `unplaced`."""
        lines = self.lines
        return [lines[index] for index in self.unplaced]

    # ------------------------------------------------------------ columns and records

    @property
    def rows(self) -> list[list[str]]:
        """The records as lists of cells (built on demand; rules should prefer `column()`)."""
        return self._raw.rows

    @cached_property
    def _columns(self) -> list[Sequence[str]]:
        return self._raw.columns

    def has(self, name: str) -> bool:
        """True when the file itself has this column (not derived from 档号)."""
        return name in self.table.header.index

    def column(self, name: str) -> Sequence[str] | None:
        """The raw values of a canonical column; classification columns fall back to 档号 parts."""
        pos = self.table.header.index.get(name)
        if pos is not None:
            return self._columns[pos] if self._columns else ()
        if name in self.table.header.derived:
            return self.derived(name)
        return None

    def records(self) -> Iterator[Record]:
        """Records one by one, for rules that prefer simplicity over speed."""
        names = list(self.table.header.index) + list(self.table.header.derived)
        cols = [self.column(n) or () for n in names]
        for i, line in enumerate(self.lines):
            record = Record(zip(names, (c[i] for c in cols)))
            record.line = line
            record.index = i  # type: ignore[attr-defined]
            yield record

    def finding(self, index: int | None, column: str | None, message: Text, **evidence: Any) -> Finding:
        """A finding at row `index` of this batch (None = the table as a whole) and column."""
        line = self.lines[index] if index is not None else None
        return Finding("", message, self.table.location(line, column),
                       {k: shorten(v) for k, v in evidence.items()})

    # ------------------------------------------------------------ fast helpers for rules

    def blank_rows(self, name: str) -> list[int]:
        """Indices whose value in this file column is empty or whitespace."""
        col = self.column(name) if self.has(name) else None
        if not col:
            return []
        # The 档号 view may prove every cell filled. An item catalogue's rules build it for every batch
        # anyway; a volume table holds 档号 of another form and would build it for nothing.
        if name in _REF_PROVEN and ("refs" in self.__dict__ or self.table.kind == ITEM) and self._proven_filled(name):
            return []  # every cell an exact 档号, or the four digits of its 档号's 件号
        if not _may_be_blank(self.distinct(name) if name in _LOW_CARDINALITY else col):
            return []
        return _blank_indices(col)

    def _proven_filled(self, name: str) -> bool:
        """Whether the 档号 view (once some rule built it) proves every cell of this column filled."""
        refs = self.refs
        return refs is not None and (name == "档号" and refs.all_exact or name == "件号" and self.items_match_refs)

    def rows_with(self, name: str, values: set[str]) -> list[int]:
        """Indices of the rows whose `name` column holds one of `values` (C-level scans for a few values)."""
        col = self.column(name)
        return positions_of(col, values) if col else []

    def distinct(self, name: str) -> set[str]:
        """The set of values of a column in this batch (computed once, shared by rules)."""
        memo = self.__dict__.setdefault("_distinct", {})
        if name not in memo:
            col = self.column(name) or ()
            if name == "件号" and self.items_match_refs:  # the same values, as texts shared across batches
                memo[name] = set(self.refs.item_texts)
            elif name in _USUALLY_CONSTANT and col and col.count(col[0]) == len(col):
                memo[name] = {col[0]}  # comparing the cells with the first is cheaper than hashing each
            else:
                memo[name] = set(col)
        return memo[name]

    def bad_values(self, name: str, verdict: Any, cache_key: str, file_only: bool = True) -> list[tuple[int, Any]]:
        """(index, verdict) for rows whose value gets a truthy `verdict(value)`; verdicts cached per value."""
        memo = self.__dict__.setdefault("_bad_memo", {})
        if (cache_key, name, file_only) in memo:  # several rules read the same verdicts
            return memo[cache_key, name, file_only]
        memo[cache_key, name, file_only] = found = self._bad_values(name, verdict, cache_key, file_only)
        return found

    def _bad_values(self, name: str, verdict: Any, cache_key: str, file_only: bool) -> list[tuple[int, Any]]:
        col = self.column(name) if (self.has(name) or not file_only) else None
        if not col:
            return []
        cache: dict[str, Any] = self.table.cache.setdefault(cache_key, {})
        flagged: set[str] = self.table.cache.setdefault(cache_key + ":flagged", set())  # values with a verdict
        distinct = self.distinct(name)
        fresh = distinct.difference(cache)
        if len(cache) + len(fresh) > 200_000:
            cache.clear()
            flagged.clear()
            fresh = distinct
        for value in fresh:
            cache[value] = found = verdict(value)
            if found:
                flagged.add(value)
        bad = distinct.intersection(flagged) if flagged else None
        if not bad:
            return []
        return [(i, cache[col[i]]) for i in positions_of(col, bad)]

    # ------------------------------------------------------------ 档号 views (shared by several rules)

    @cached_property
    def refs(self) -> "RefView | None":
        col = self.column("档号") if self.has("档号") else None
        return RefView(col, self.table) if col is not None else None

    def derived(self, name: str) -> list[str]:
        """A classification column taken from each row's 档号 ("" where the 档号 does not parse)."""
        refs = self.refs
        if refs is None:
            return [""] * len(self.lines)
        return refs.part(name)

    @cached_property
    def disagreements(self) -> dict[int, tuple[tuple[str, str, str], ...]]:
        """Rows whose 档号 says something else than their own classification columns:
        {row index: ((column, its value, what the 档号 says), …)}. Blank cells are CAT003's, and a 机构
        column holding names (办公室) where the 档号 holds codes (BGS) is a pairing, not a disagreement
        here (CAT006 judges the pairing over the whole file)."""
        refs = self.refs
        present = [name for name in _CLASS_FIELDS if self.has(name)]
        if refs is None or not (present or self.has("件号")):
            return {}
        cols = [self.column(name) for name in present]
        cache = self.table.cache.setdefault("disagree", {})
        if len(cache) > 100_000:
            cache.clear()
        found: dict[int, tuple[tuple[str, str, str], ...]] = {}
        # a column is usually constant along a run, and often over the whole batch (its set of values,
        # which other rules read too, then says so)
        whole = [self.distinct(name) for name in present]
        for start, end, prefix in refs.prefix_runs:
            parts = refs.groups.get(prefix)
            if parts is None:
                continue  # rows whose 档号 is not in the exact form: below
            for name, col, every in zip(present, cols, whole):
                seg = None if len(every) == 1 else col[start:end]
                for value in (every if seg is None else (seg[0],) if seg.count(seg[0]) == len(seg) else set(seg)):
                    key = (prefix, name, value)
                    if key not in cache:
                        cache[key] = _mismatch(parts, [name], [value])
                    if cache[key]:
                        for offset, cell in enumerate(col[start:end] if seg is None else seg):
                            if cell == value:
                                found[start + offset] = found.get(start + offset, ()) + cache[key]
        for index, ref in refs.parsed.items():
            if ref is None or refs.groups.get(refs.prefixes[index]) is not None:
                continue
            wrong = _mismatch((ref.fonds, ref.category, str(ref.year), ref.term, ref.org), present, [c[index] for c in cols])
            if wrong:
                found[index] = found.get(index, ()) + wrong
        if self.has("件号"):
            items = self.column("件号")
            if not self._items_joined_alike:
                for index in [i for i, (a, b) in enumerate(zip(refs.item_texts, items)) if a != b]:
                    raw = items[index]
                    own = V.parse_item(raw).number
                    if own >= 0 and refs.items[index] >= 0 and own != refs.items[index]:
                        found[index] = found.get(index, ()) + (("件号", V.clean(raw), f"{refs.items[index]:04d}"),)
        return dict(sorted(found.items()))

    @cached_property
    def _items_joined_alike(self) -> bool:
        """The 件号 column and the 档号's "-NNNN" suffixes joined alike (C-level joins settle the common case)."""
        refs = self.refs
        return refs is not None and self.has("件号") and "".join(refs.suffixes) == "-" + "-".join(self.column("件号"))

    @cached_property
    def items_padded(self) -> bool:
        """Whether every 件号 cell is four digits, none 0000: the cells join like the 档号's suffixes, each of
        which is "-" and four digits (`RefView.padded`), so each cell is its row's four digits."""
        refs = self.refs
        return refs is not None and refs.padded and self._items_joined_alike

    @cached_property
    def items_match_refs(self) -> bool:
        """Whether each row's 件号 cell is the 件号 of its 档号, every 档号 being exact: the suffixes are then
        "-" and four digits each, so equal joined texts split at the same places."""
        refs = self.refs
        return refs is not None and refs.all_exact and self._items_joined_alike

    @cached_property
    def positions(self) -> tuple[list[str | None], list[int]]:
        """Each row's lowest-level group key (全宗号|年度|保管期限|机构) and 件号 (-1 if unknown).

        Taken from the 档号 where it parses, else from the classification columns, so that a row
        with a mangled 档号 still sits in its group. Where the 档号 and the row's own columns disagree,
        the row sits where its neighbours say it belongs: a 档号 with a wrong year is one defect
        (CAT006), not also a gap in its real group and a phantom group elsewhere.
        """
        refs = self.refs
        if refs is not None:
            keys, items = list(refs.group_keys), list(refs.items)
            if 0 in items:  # 件号 0000 is no place in a group (CAT008)
                items = [n if n > 0 else -1 for n in items]
        else:
            keys, items = [None] * len(self.lines), [-1] * len(self.lines)
        missing = positions_of(keys, {None}) if None in keys else []
        placeable = all(self.column(c) is not None for c in ("年度", "保管期限", "件号"))
        if missing and placeable:
            self._pairing_suspects  # noqa: B018 - counts this batch's name/code pairs first
            for i in missing:
                place = self._column_place(i)
                if place is not None:
                    keys[i], items[i] = place
        self._moved: frozenset[int] = frozenset()
        if refs is not None and (self.disagreements or self._pairing_suspects):
            self._moved = self._place_by_neighbours(keys, items)
        self.table.cache["last-place"] = (keys[-1], items[-1]) if keys else self.table.cache.get("last-place")
        return keys, items

    def _column_place(self, i: int, ref: Any = None) -> tuple[str, int] | None:
        """(group key, 件号) from the row's own columns, each missing column taken from its 档号 `ref` parts."""
        def cell(name: str) -> str:
            col = self.column(name) if self.has(name) else None
            return col[i] if col is not None else ""

        year = V.parse_year(cell("年度")) if self.has("年度") else (int(ref[1]) if ref else None)
        term = V.parse_term(cell("保管期限")).code if self.has("保管期限") else (ref[2] if ref else "")
        item = V.parse_item(cell("件号")).number if self.has("件号") else (ref[4] if ref else -1)
        if year is None or not term or item < 1:
            return None
        fonds = V.clean(cell("全宗号")).upper() if self.has("全宗号") else (ref[0] if ref else "")
        org = V.clean(cell("机构")) if self.has("机构") else (ref[3] if ref else "")
        if not _code_like(org):  # a department's name in the column, its code in the 档号: place by the code
            if ref is not None:
                org = ref[3]
            else:
                seen = self.table.cache.get("org-pairs", {}).get(org)
                org = max(seen.items(), key=lambda kv: kv[1])[0] if seen else org
        return f"{fonds}|{year}|{term}|{org}", item

    @cached_property
    def _pairing_suspects(self) -> dict[int, str]:
        """Rows whose 机构 column names a department (办公室) that the file, so far, pairs with another
        code than this row's 档号 has: {row index: the usual code}. Counted as the file streams."""
        refs = self.refs
        if refs is None or not self.has("机构"):
            return {}
        orgs = self.column("机构")
        names = {n for n in self.distinct("机构") if n and not _code_like(V.clean(n))}
        if not names:
            return {}
        pairs: dict[str, dict[str, int]] = self.table.cache.setdefault("org-pairs", {})
        codes = refs.part("机构")
        rows = self.rows_with("机构", names)
        for i in rows:
            if codes[i]:
                seen = pairs.setdefault(V.clean(orgs[i]), {})
                seen[codes[i]] = seen.get(codes[i], 0) + 1
        suspects = {}
        for i in rows:
            seen = pairs.get(V.clean(orgs[i]), {})
            usual = max(seen.items(), key=lambda kv: kv[1])[0] if seen else codes[i]
            if codes[i] and usual != codes[i] and seen.get(usual, 0) > seen.get(codes[i], 0):
                suspects[i] = usual
        return suspects

    @property
    def placed_by_neighbours(self) -> frozenset[int]:
        """Rows that `positions` put where their own columns and their neighbours say, not where their 档号
        does: the 档号 is the odd one out there, and CAT006's one finding (no rule counts it as the 档号 of
        the item its neighbours leave room for, nor as a repeat of the 档号 it was mistyped into)."""
        self.positions  # noqa: B018 - placing the rows settles which moved
        return self._moved

    def _place_by_neighbours(self, keys: list[str | None], items: list[int]) -> frozenset[int]:
        refs = self.refs
        moved = set()
        last = self.table.cache.get("last-place")
        suspects = self._pairing_suspects
        for i in sorted(set(self.disagreements) | set(suspects)):
            ref = refs.parsed.get(i) if i in refs.parsed else None
            parts = refs.groups.get(refs.prefixes[i])
            if parts is not None:
                ref_parts = (parts[0], parts[2], parts[3], parts[4], refs.items[i])
            elif ref is not None:
                ref_parts = (ref.fonds, str(ref.year), ref.term, ref.org, ref.item)
            else:
                continue
            if i in suspects:
                ref_parts = (*ref_parts[:3], suspects[i], ref_parts[4])
            own = self._column_place(i, ref_parts)
            if own is None or own[0] == keys[i] and own[1] == items[i]:
                continue
            before = (keys[i - 1], items[i - 1]) if i else last
            after = ((keys[i + 1], items[i + 1]) if i + 1 < len(keys) and i + 1 not in self.disagreements
                     and i + 1 not in suspects else None)
            if _fits(own, before, after) and not _fits((keys[i], items[i]), before, after):
                keys[i], items[i] = own
                moved.add(i)
        return frozenset(moved)

    @cached_property
    def year_terms(self) -> dict[tuple[str, str], int]:
        """How many rows carry each (年度, 保管期限) pair, as written — but a row whose 年度 contradicts its own
        档号 (CAT006's finding) is counted under the 档号's year, the one the archive files it by, so that one
        mistyped 年度 does not also open a run of "missing years" or count as an old item."""
        from collections import Counter

        years, terms = self.column("年度"), self.column("保管期限")
        if years is None:
            return {}
        if terms is None:
            terms = [""] * len(years)
            term_set = {""}
        else:
            term_set = self.distinct("保管期限")
        year_set = self.distinct("年度")
        if len(year_set) == 1 and len(term_set) == 1:  # the usual batch: one pair, from the shared sets of values
            counts: Counter = Counter({(next(iter(year_set)), next(iter(term_set))): len(years)})
        else:
            cuts = sorted(set(value_runs(years)) | set(value_runs(terms)))
            if len(cuts) > len(years) // 8:
                counts = Counter(zip(years, terms))
            else:
                counts = Counter()
                start = 0
                for end in cuts:
                    counts[years[start], terms[start]] += end - start
                    start = end
        if self.has("档号"):
            for index, wrong in self.disagreements.items():
                for name, _, code in wrong:
                    if name == "年度":
                        counts[years[index], terms[index]] -= 1
                        counts[code, terms[index]] += 1
            counts = +counts  # (drops the pairs moved away entirely)
        return counts

    @cached_property
    def runs(self) -> list[tuple[int, int, str]]:
        """Maximal stretches (start, end, group) of consecutive rows in one group, unknown groups left out."""
        keys = self.positions[0]
        out, at = [], 0
        for key, members in groupby(keys):
            size = len(list(members))
            if key is not None:
                out.append((at, at + size, key))
            at += size
        return out


_CLASS_FIELDS = ("全宗号", "年度", "保管期限", "机构")


def _code_like(value: str) -> bool:
    """An organisation code (BGS, 01) rather than a department's name (办公室)."""
    return value.isascii()


def _fits(place: tuple[str | None, int], before: tuple[str | None, int] | None, after: tuple[str | None, int] | None) -> bool:
    """Whether a row at `place` continues the row before it or leads into the row after it (same group, next 件号)."""
    key, item = place
    if before is not None and before[0] == key and (item < 0 or before[1] < 0 or item == before[1] + 1):
        return True
    return after is not None and after[0] == key and (item < 0 or after[1] < 0 or after[1] == item + 1)


def _mismatch(parts: Any, present: Sequence[str], values: Sequence[str]) -> tuple[tuple[str, str, str], ...]:
    """(column, value, value in 档号) for each present column that disagrees with the 档号 parts."""
    if parts is None:
        return ()
    fonds, _category, year, term, org = parts
    expected = {"全宗号": fonds, "年度": year, "保管期限": term, "机构": org}
    wrong = []
    for name, raw in zip(present, values):
        value = V.clean(raw)
        if not value:
            continue  # blank: CAT003 (or an unassigned fonds code)
        if name == "保管期限":
            parsed = V.parse_term(value)
            if parsed.kind == "invalid":
                continue  # no retention term at all: CAT010's finding, not a disagreement with the 档号
            same = (parsed.code or value) == term
        elif name == "年度":
            same = V.integer_text(value) == year
        elif name == "机构":
            same = value.upper() == expected[name].upper() or not _code_like(value)
        else:
            same = value.upper() == expected[name].upper()
        if not same:
            wrong.append((name, value, expected[name]))
    return tuple(wrong)


def positions_of(col: Sequence[str], wanted: set[str]) -> list[int]:
    """Sorted indices of the cells holding one of a few values, found by C-level `index` scans."""
    if len(wanted) > 8:
        return [i for i, v in enumerate(col) if v in wanted]
    found = []
    for value in wanted:
        at = -1
        try:
            while True:
                at = col.index(value, at + 1)
                found.append(at)
        except ValueError:
            pass
    return sorted(found)


def value_runs(col: Sequence[str]) -> list[int]:
    """End positions of the stretches of equal consecutive values (C-level grouping)."""
    ends, at = [], 0
    for _, members in groupby(col):
        at += len(list(members))
        ends.append(at)
    return ends


class _ItemNumbers(dict):
    """"-NNNN" (the last five characters of a 档号) → the 件号 NNNN, anything else → -1; filled as met."""

    def __missing__(self, suffix: str) -> int:
        number = self[suffix] = -int(suffix) if len(suffix) == 5 and _SUFFIXES.fullmatch(suffix) else -1
        return number


_SUFFIX_TEXTS: list[str] = []


def _suffix_texts() -> list[str]:
    """"-0000" … "-9999", made once: the item suffixes of exact 档号."""
    if not _SUFFIX_TEXTS:
        _SUFFIX_TEXTS.extend(f"-{n:04d}" for n in range(10_000))
    return _SUFFIX_TEXTS


_ITEM_TEXTS: list[str] = []
_NUMBERS: list[int] = []


def _counting() -> list[int]:
    """0 … 9999 as one list made once: the 件号 of exact stretches share these objects."""
    if not _NUMBERS:
        _NUMBERS.extend(range(10_000))
    return _NUMBERS


def _item_texts() -> list[str]:
    """"0000" … "9999", made once."""
    if not _ITEM_TEXTS:
        _ITEM_TEXTS.extend(text[1:] for text in _suffix_texts())
    return _ITEM_TEXTS


#: stretches shorter than this are read row by row: proving them would cost more than it saves
_SHORTEST_PROOF = 16


def _exact_stretches(col: Sequence[str], numbers: "_ItemNumbers", parts: Any) -> list[tuple[int, int, str | None, int]]:
    """The rows of a 档号 column in order as stretches (start, end, prefix, first 件号): where `prefix` is
    given, every row of the stretch is exactly that prefix (a §5.4.2 form) + "-NNNN" for consecutive
    NNNN from the first 件号, proven by comparing one joined text per stretch; the rest (prefix None)
    is left to be read row by row. A clean batch is one or two stretches; a column in another order
    (by date, say) is read row by row after a few tries."""
    texts = _suffix_texts()
    done: list[tuple[int, int, str | None, int]] = []
    todo = [(0, len(col))] if len(col) else []
    misses = 0  # stretches too short to prove, in a row: past a few, the batch is in another order
    try:
        while todo:
            start, stop = todo.pop()
            if misses >= 4:
                done.append((start, stop, None, 0))
                continue
            first = col[start]
            prefix, low = first[:-5], numbers[first[-5:]]
            end = min(stop, start + _SHORTEST_PROOF)
            if low >= 0 and parts(prefix) is not None:
                end = min(_prefix_end(col, start, stop, prefix), start + len(texts) - low)
                if end - start < _SHORTEST_PROOF:
                    end = min(stop, start + _SHORTEST_PROOF)
                    misses += 1
                # no cell holds a line break when the joined texts have the same breaks in the same places
                elif "\n".join(col[start:end]) == prefix + ("\n" + prefix).join(texts[low:low + end - start]):
                    done.append((start, end, prefix, low))
                    misses = 0
                    if end < stop:
                        todo.append((end, stop))
                    continue
                elif end - start >= 2 * _SHORTEST_PROOF:  # a defect inside: prove each half
                    middle = (start + end) // 2
                    todo += [(end, stop)] if end < stop else []
                    todo += [(middle, end), (start, middle)]
                    continue
            if end < stop:
                todo.append((end, stop))
            done.append((start, end, None, 0))
    except TypeError:  # a cell that is not text: every row the careful way
        return [(0, len(col), None, 0)]
    done.sort()
    merged: list[tuple[int, int, str | None, int]] = []
    for piece in done:  # neighbouring stretches read row by row are read as one
        if piece[2] is None and merged and merged[-1][2] is None:
            merged[-1] = (merged[-1][0], piece[1], None, 0)
        else:
            merged.append(piece)
    return merged


def _prefix_end(col: Sequence[str], start: int, stop: int, prefix: str) -> int:
    """Where the rows from `start` whose 档号 begin with `prefix` end, if the column is in order: galloping
    steps, then halving (a few steps for a short run as for a long one)."""
    known, bound = start + 1, 1
    while start + bound < stop and col[start + bound][:-5] == prefix:
        known, bound = start + bound + 1, bound * 2
    high = min(stop, start + bound)
    while known < high:
        middle = (known + high) // 2
        if col[middle][:-5] == prefix:
            known = middle + 1
        else:
            high = middle
    return known


class RefView:
    """The 档号 column parsed once per batch: fast for the exact §5.4.2 form, careful for the rest."""

    def __init__(self, col: Sequence[str], table: TableView):
        self.col = col
        self.table = table
        groups: dict[str, Any] = table.cache.setdefault("ref-groups", {})
        keymap: dict[str, str | None] = table.cache.setdefault("ref-keys", {})
        if len(groups) > 100_000:  # hostile data: every prefix different; keep the caches small
            groups.clear()
            keymap.clear()
        numbers = table.cache.get("ref-item-numbers")
        if numbers is None or len(numbers) > 100_000:
            numbers = table.cache["ref-item-numbers"] = _ItemNumbers()
        self.groups = groups
        prefixes: list[str] = []
        suffixes: list[str] = []
        items: list[int] = []
        self.all_exact = True
        self.stretches = _exact_stretches(col, numbers, self._parts)
        for start, end, prefix, low in self.stretches:
            if prefix is None:  # not proven exact: cut and look up row by row
                seg = col[start:end]
                cut = list(map(_ITEM, seg))
                prefixes += map(_BEFORE_ITEM, seg)
                suffixes += cut
                items += map(numbers.__getitem__, cut)  # a dict lookup per row, not an int() parse
                self.all_exact = False
            else:  # every row is prefix + "-NNNN" for consecutive NNNN: the same values, built without touching the rows
                prefixes += [prefix] * (end - start)
                suffixes += _suffix_texts()[low:low + end - start]
                items += _counting()[low:low + end - start]
        self.prefixes = prefixes
        runs = self.prefix_runs
        distinct = {prefix for _, _, prefix in runs}
        for prefix in distinct.difference(groups):
            self._parts(prefix)
        odd = {prefix for prefix in distinct if groups[prefix] is None}
        #: every 档号 ends in "-" and four digits, none "-0000" (read from the suffixes, before the rows below
        #: in no exact form take their 件号 from a full parse)
        self.padded = -1 not in items and 0 not in items
        if -1 not in items:  # every 档号 ends in -NNNN
            slow = [i for s, e, p in runs if p in odd for i in range(s, e)]
        else:
            slow = [i for i, p in enumerate(prefixes) if p in odd or items[i] < 0]
        self.suffixes = suffixes
        self.items = items
        self.group_keys: list[str | None] = []
        for start, end, prefix in runs:
            self.group_keys += [keymap[prefix]] * (end - start)
        #: rows not in the exact form: index → RefCode (None = not a 档号 at all)
        self.parsed: dict[int, V.RefCode | None] = {}
        allow13 = bool(table.options.get("dat13"))
        for i in slow:
            self.parsed[i] = ref = V.parse_ref(col[i], allow_dat13=allow13)
            items[i] = ref.item if ref else -1
        if slow:
            for i, ref in self.parsed.items():  # a 档号 wrong in substance does not place its row
                sound = ref is not None and not set(ref.problems).difference(_HARMLESS)
                self.group_keys[i] = f"{ref.fonds}|{ref.year}|{ref.term}|{ref.org}" if sound else None

    def _parts(self, prefix: str) -> Any:
        """The §5.4.2 parts of a 档号 without its 件号 (None if not in that form), matched once per file."""
        groups = self.groups
        if prefix in groups:
            return groups[prefix]
        match = _GROUP.fullmatch(prefix)
        parts = groups[prefix] = match.groups(default="") if match else None
        self.table.cache["ref-keys"][prefix] = self._key(parts)
        return parts

    @cached_property
    def prefix_runs(self) -> list[tuple[int, int, str]]:
        """Stretches (start, end, prefix) of rows whose 档号 share everything but the 件号."""
        out, start = [], 0
        for end in value_runs(self.prefixes):
            out.append((start, end, self.prefixes[start]))
            start = end
        return out

    @cached_property
    def item_texts(self) -> list[str]:
        """The 件号 part of each 档号 as written (exact-form rows)."""
        texts = _item_texts()
        out: list[str] = []
        for start, end, prefix, low in self.stretches:
            if prefix is None:
                out += [s[1:] for s in self.suffixes[start:end]]
            else:
                out += texts[low:low + end - start]
        return out

    @cached_property
    def dup_keys(self) -> list[str | None]:
        """Each row's normalised 档号 without the 件号 (None if it does not parse): the uniqueness scope."""
        if not self.parsed:
            return self.prefixes
        keys: list[str | None] = list(self.prefixes)
        for i, ref in self.parsed.items():
            keys[i] = ref.key[: ref.key.rfind("-")] if ref else None
        return keys

    @staticmethod
    def _key(parts: tuple[str, ...] | None) -> str | None:
        if parts is None:
            return None
        return f"{parts[0]}|{parts[2]}|{parts[3]}|{parts[4]}"

    _PART = {"全宗号": 0, "年度": 2, "保管期限": 3, "机构": 4}

    def part(self, name: str) -> list[str]:
        """One element of every row's 档号 as text ("" where unknown)."""
        if name == "件号":
            return [f"{n:04d}" if n >= 0 else "" for n in self.items]
        pos = self._PART[name]
        if not self.parsed:
            table = self.table.cache.setdefault(f"ref-part-{pos}", {})
            if len(table) > 100_000:
                table.clear()
            for prefix in set(self.prefixes).difference(table):
                parts = self.groups.get(prefix)
                table[prefix] = parts[pos] if parts else ""
            return list(map(table.__getitem__, self.prefixes))
        out = []
        for i, prefix in enumerate(self.prefixes):
            if i in self.parsed:
                ref = self.parsed[i]
                out.append("" if ref is None else str((ref.fonds, "", ref.year, ref.term, ref.org)[pos]))
            else:
                parts = self.groups.get(prefix)
                out.append(parts[pos] if parts else "")
        return out
