"""What the VOL rules share: the register of volumes the 案卷目录 listed, and each batch parsed once.

The 案卷目录 streams first (the run orders the tables so), and parsing its batches fills the register:
one small entry per volume. A 卷内文件目录 row is then joined to its volume through its 档号 (the
volume's 档号 with the 件号 after it, or the volume's 档号 itself) or its 案卷号 (with the 全宗号/目录号
columns where the file has them). No rule keeps 卷内 rows: each keeps per-volume aggregates.
"""

from __future__ import annotations

import dataclasses
import operator
from itertools import chain, compress, groupby, repeat
from typing import Any

from archcheck.api import lazy_pattern
from archcheck.api import values as V
from archcheck.api import volumes as K
from archcheck.checkers.volumes.ruleset import INNER, VOLUME

#: columns that name the 目录 inside which 案卷号 run, when there is no 档号 (目录号 first: it is the 目录)
_SCOPE_COLUMNS = ("全宗号", "目录号", "类别号", "年度", "保管期限")


def kind(batch_or_view: Any) -> str:
    return getattr(batch_or_view, "table", batch_or_view).kind


def register(batch_or_view: Any) -> "Register":
    view = getattr(batch_or_view, "table", batch_or_view)
    return view.options["register"]


class Register:
    """The volumes of the run's 案卷目录, by 档号 (or 目录 and 案卷号), and how to find a 卷内 row's volume."""

    def __init__(self) -> None:
        self.by_code: dict[str, VolumeEntry] = {}
        self.by_number: dict[int, str | None] = {}  # 案卷号 → its volume's code (None: several 目录 have it)
        self.by_scope: dict[tuple[str, int], str] = {}
        #: every registered volume's scope (its 档号 before the last `-`): a 卷内 档号 `head-件号` can be a
        #: volume's own 档号 only if its head is one of these
        self.scopes: set[str] = set()
        #: the 案卷目录 tables, so that a volume's own row can be located under its file's header
        self.views: list[Any] = []
        #: volumes registered by their 目录 and 案卷号 because their own 档号 was blank or malformed: a 卷内
        #: 档号 in the clean form finds them by its scope and number (one typo is one finding, not also
        #: every 卷内 row an orphan, the volume empty and a gap in the 案卷号)
        self.loose: set[str] = set()
        #: volumes whose 档号 and 案卷号 column disagree (VOL003): the 案卷号 each column gives, by 档号; a 卷内 档号
        #: that names the volume by its 案卷号 finds it through that, and is noted in `alias_used` (then the
        #: 档号 was the typo: VOL005 counts the volume under its 案卷号)
        self.aliases: dict[str, tuple[str, int]] = {}  # 档号 → (the 目录 its columns give, or its own; the 案卷号)
        #: the same by (目录, 案卷号), first come first kept; looked up only where no listed volume has that key
        self.alias_keys: dict[tuple[str, int], str] = {}
        self.alias_used: set[str] = set()

    def table_of(self, view: Any) -> int:
        if not self.views or self.views[-1] is not view:
            self.views.append(view)
        return len(self.views) - 1

    def at(self, entry: VolumeEntry, column: str | None):
        """The location of a volume's own row in the 案卷目录 (its column as the file named it)."""
        view = self.views[entry.table]
        return view.location(entry.line, column if column is None or column in view.header.index else None)

    def add(self, entry: VolumeEntry) -> VolumeEntry | None:
        """Register a volume; the entry already registered under its 档号 if it repeats (then the first stays)."""
        first = self.by_code.get(entry.code)
        if first is not None:
            return first
        self.by_code[entry.code] = entry
        self.scopes.add(entry.scope)
        if entry.number > 0:
            self.by_number[entry.number] = None if entry.number in self.by_number else entry.code
            self.by_scope.setdefault((entry.scope, entry.number), entry.code)
        return None

    def find_code(self, code: str) -> tuple[VolumeEntry | None, int]:
        """(the volume, the 件号 after its 档号, -1 if none) for a 卷内 档号."""
        entry = self.by_code.get(code)
        if entry is not None:
            return entry, -1
        head, item = K.split_item_code(code)
        entry = self.by_code.get(head)
        if entry is None and (self.loose or self.aliases):
            parsed = K.parse_volume_code(head)
            if parsed is not None and not parsed.problems:
                key = (parsed.scope, parsed.number)
                found = self.by_scope.get(key)
                if found in self.loose:
                    entry = self.by_code.get(found)
                elif found is None and key in self.alias_keys:
                    found = self.alias_keys[key]
                    entry = self.by_code.get(found)
                    self.alias_used.add(found)
        return entry, item

    def alias(self, entry: VolumeEntry, number: int, scope: str = "") -> None:
        """Let a volume whose 案卷号 column says `number` (its 档号 another) be found by that number too, in the
        目录 its 全宗号 and 目录号 columns give (`scope`) or else its 档号's."""
        scope = scope or entry.scope
        if scope:
            self.alias_keys.setdefault((scope, number), entry.code)
            self.aliases.setdefault(entry.code, (scope, number))

    def find_number(self, scope: str, number: int) -> VolumeEntry | None:
        code = self.by_scope.get((scope, number)) if scope else None
        if code is None and (scope, number) in self.alias_keys:
            code = self.alias_keys[(scope, number)]
            self.alias_used.add(code)  # found by the 案卷号 its own column gives, not its 档号's
        if code is None:
            code = self.by_number.get(number)
        return self.by_code.get(code) if code else None


class VolumeRows:
    """A 案卷目录 batch parsed: each row's volume (registered), and the rows whose 档号 repeats an earlier one.
    Columns with few distinct values (保管期限, 年度) and the days of 起止日期 are parsed once per value."""

    def __init__(self, batch: Any):
        reg = register(batch)
        n = len(batch.lines)
        cache = batch.table.cache
        codes = batch.column("档号") if batch.has("档号") else None
        numbers = _numbers(batch.column("案卷号")) if batch.has("案卷号") else [None] * n
        pages = _numbers(batch.column("页数")) if batch.has("页数") else [None] * n
        items = _numbers(batch.column("件数")) if batch.has("件数") else [None] * n
        terms = _memo(batch.column("保管期限") if batch.has("保管期限") else None, n, cache.setdefault("terms", {}), K.term_rank)
        years = _memo(batch.column("年度") if batch.has("年度") else None, n, cache.setdefault("years", {}), V.parse_year)
        self.spans = _spans(batch, n, cache.setdefault("span-days", {}))
        table = reg.table_of(batch.table)
        self.entries: list[VolumeEntry | None] = []
        #: each row's 档号 parsed (None: no 档号); None for a batch of clean 档号 (see `code_numbers`)
        self.parsed: list[K.VolumeCode | None] | None = []
        #: the 案卷号 in each clean 档号, where `parsed` is None
        self.code_numbers: list[int] = []
        self.repeats: list[tuple[int, VolumeEntry]] = []
        #: the 案卷号 column as numbers (None where it is blank or no number)
        self.numbers = numbers
        if codes is not None and self._register_clean(batch, reg, list(codes), table, pages, items, terms, years):
            return
        scopes = _scopes(batch) if codes is None or _has_scope_columns(batch) else None
        for i, line in enumerate(batch.lines):
            parsed = _volume_code(codes[i]) if codes is not None else None
            self.parsed.append(parsed)
            number = numbers[i]
            loose = codes is not None and (parsed is None or bool(parsed.problems)) and number is not None \
                and scopes is not None and bool(scopes[i])
            if loose:  # a blank or malformed 档号 (VOL002, VOL003): the volume is the 案卷号 in its 目录
                scope = scopes[i]
                code = parsed.text if parsed is not None else f"{scope}-{number}"
            elif parsed is not None:
                code, scope = parsed.text, parsed.scope
                number = parsed.number if parsed.number > 0 else number  # the 档号 is the volume's identity (VOL003: a disagreeing 案卷号)
            elif number is not None:
                scope = scopes[i] if scopes is not None else ""
                code = f"{scope}-{number}" if scope else str(number)
            else:
                self.entries.append(None)
                self.spans[i] = None
                continue
            got = self.spans[i]
            entry = K.VolumeEntry(code, scope, number or -1, table, line, pages[i], items[i],
                                  got if got.__class__ is K.Span else None, terms[i], years[i])
            first = reg.add(entry)
            if first is not None:
                entry = _by_own_number(reg, entry, parsed, numbers[i])
                if entry is None:
                    self.repeats.append((i, first))
            elif loose:
                reg.loose.add(code)
            elif parsed is not None and not parsed.problems and numbers[i] is not None and numbers[i] != parsed.number:
                reg.alias(entry, numbers[i], scopes[i] if scopes is not None else "")
            self.entries.append(entry)

    def _register_clean(self, batch: Any, reg: Register, codes: list[str], table: int, pages: list[Any],
                        items: list[Any], terms: list[Any], years: list[Any]) -> bool:
        """The common export, settled with C-level passes: every 档号 in the clean DA/T 13 form (one regex
        over the joined column), none repeated in the batch or registered before. Then each row is what the
        row-by-row loop would make of it, registered in bulk. Anything else: False, nothing set."""
        text = "\x00".join(codes)
        if not codes or text.count("\x00") != len(codes) - 1 or not _CODES.fullmatch(text):  # no cell holds NUL
            return False
        by_code = reg.by_code
        if len(set(codes)) != len(codes) or not by_code.keys().isdisjoint(codes):
            return False  # a repeated 档号: the loop reports which row repeats which
        parts = list(map(_RPART, codes))
        scopes = list(map(_HEAD, parts))
        numbers = list(map(int, map(_TAIL, parts)))
        spans = [got if got.__class__ is K.Span else None for got in self.spans]
        self.parsed = None  # every 档号 is in the clean form: no structure problem, its 案卷号 in `code_numbers`
        self.code_numbers = numbers
        self.entries = entries = list(map(K.VolumeEntry, codes, scopes, numbers, repeat(table), batch.lines, pages, items,
                                          spans, terms, years))
        by_code.update(zip(codes, entries))
        reg.scopes.update(scopes)
        by_number, by_scope = reg.by_number, reg.by_scope
        for number, code in zip(numbers, codes):  # as `Register.add`, in row order (every number here is ≥ 1)
            by_number[number] = None if number in by_number else code
        for key, code in zip(zip(scopes, numbers), codes):
            by_scope.setdefault(key, code)
        if self.numbers != numbers:  # a 案卷号 column that disagrees with some 档号 (VOL003)
            listed = _scopes(batch) if _has_scope_columns(batch) else None
            for i, (entry, own, number) in enumerate(zip(entries, self.numbers, numbers)):
                if own is not None and own != number:
                    reg.alias(entry, own, listed[i] if listed is not None else "")
        return True


_CLEAN_CODE = r"[A-Z0-9]{4}-[A-Za-z0-9·\u4e00-\u9fff]+(?:-[A-Za-z0-9·\u4e00-\u9fff]+)*-0*[1-9][0-9]*"
_CODE = lazy_pattern(_CLEAN_CODE)
#: a batch's 档号 column joined by NUL (which no cell of the clean form holds), every cell in the clean form
_CODES = lazy_pattern(f"(?:{_CLEAN_CODE}\x00)*{_CLEAN_CODE}")
_SPAN_FORM = r"[12][0-9]{3}[01][0-9][0-3][0-9]-[12][0-9]{3}[01][0-9][0-3][0-9]"
_SPAN = lazy_pattern(_SPAN_FORM)
#: a batch's 起止日期 column joined by NUL, every cell `YYYYMMDD-YYYYMMDD`
_SPANS = lazy_pattern(f"(?:{_SPAN_FORM}\x00)*{_SPAN_FORM}")
_LOW, _HIGH = operator.itemgetter(slice(None, 8)), operator.itemgetter(slice(9, None))


def _by_own_number(reg: Register, entry: VolumeEntry, parsed: K.VolumeCode | None, own: int | None) -> VolumeEntry | None:
    """A volume whose 档号 repeats a listed one while its 案卷号 column gives another number, free so far: the
    档号 is the typo (VOL003's one finding), so the volume is registered as the 档号 its own 案卷号 makes
    (its 卷内 rows, which name it so, then find it: not also a repeat, orphans and an empty volume). None
    when that is not the case (then it is a repeat)."""
    if parsed is None or parsed.problems or own is None or own < 1 or own == parsed.number:
        return None
    width = len(parsed.text.rpartition("-")[2])
    code = f"{parsed.scope}-{own:0{width}d}"
    if code in reg.by_code:
        return None
    placed = dataclasses.replace(entry, code=code, number=own)
    reg.add(placed)
    return placed


def _volume_code(raw: str) -> K.VolumeCode | None:
    """`parse_volume_code`, with the clean DA/T 13 form settled by one regex."""
    if _CODE.fullmatch(raw):
        scope, _, last = raw.rpartition("-")
        return K.VolumeCode(raw, scope, int(last), ())
    return K.parse_volume_code(raw)


def _numbers(col: Any) -> list[int | None]:
    """Whole numbers ≥ 1 of a column (`parse_number`), with an all-digit column converted in one pass."""
    found = _whole(list(col))
    return found if found is not None else [K.parse_number(v) for v in col]


def _spans(batch: Any, n: int, days: dict) -> list[Any]:
    """Each row's 起止日期 (`parse_span`); the `YYYYMMDD-YYYYMMDD` form checks each day once per table."""
    if batch.has("起止日期"):
        col = batch.column("起止日期")
        spans = _spans_in_bulk(list(col), days)
        if spans is not None:
            return spans
        out: list[Any] = []
        for raw in col:
            match = _SPAN.fullmatch(raw)
            if match is None:
                out.append(K.parse_span(raw))
                continue
            low, high = raw[:8], raw[9:]
            for day in (low, high):
                if day not in days:
                    if len(days) > 100_000:
                        days.clear()
                    days[day] = K.parse_span(day) != "bad"
            out.append(K.Span(int(low), int(high)) if days[low] and days[high] and low <= high else "bad")
        return out
    if batch.has("起始日期") or batch.has("终止日期"):
        starts = batch.column("起始日期") if batch.has("起始日期") else [""] * n
        ends = batch.column("终止日期") if batch.has("终止日期") else [""] * n
        return [K.parse_span(a, b) for a, b in zip(starts, ends)]
    return [None] * n


def _spans_in_bulk(col: list[str], days: dict) -> list[Any] | None:
    """Every cell `YYYYMMDD-YYYYMMDD` of real days, low ≤ high (one regex over the joined column, each new
    day checked once): their Spans; else None, for the row-by-row reading to say which are bad."""
    text = "\x00".join(col)
    if not col or text.count("\x00") != len(col) - 1 or not _SPANS.fullmatch(text):
        return None
    lows, highs = list(map(_LOW, col)), list(map(_HIGH, col))
    fresh = set(lows).union(highs).difference(days)
    if len(days) + len(fresh) > 100_000:
        days.clear()
        fresh = set(lows).union(highs)
    for day in fresh:
        days[day] = K.parse_span(day) != "bad"
    if not (all(map(days.__getitem__, lows)) and all(map(days.__getitem__, highs)) and all(map(operator.le, lows, highs))):
        return None
    return list(map(K.Span, map(int, lows), map(int, highs)))


#: characters after which a 档号 cell is not already in compare form (whitespace, a spreadsheet apostrophe,
#: dot-like separators other than `·`, long dashes, full-width forms)
_UNNORMAL = lazy_pattern("[\\s'.\u2014\uff0d\u2013\u30fb\u2022\uff0e\u2027\u2219\uff01-\uff5e\u3000\xa0\ufeff]")
_RPART = operator.methodcaller("rpartition", "-")
_HEAD, _TAIL = operator.itemgetter(0), operator.itemgetter(2)
#: a run's volume (`InnerRows.runs` holds (start, end, volume))
RUN_VOLUME = operator.itemgetter(2)


class InnerRows:
    """A 卷内文件目录 batch parsed: each row's volume (None: not in the 案卷目录), what the row called it,
    its 顺序号, first and last page, date and retention — and the runs of consecutive rows of one volume.

    Exports are sorted by volume, so the common case is settled per run and per batch with C-level
    passes (joins, maps, one regex over the column); any cell off that path is parsed one by one."""

    def __init__(self, batch: Any):
        n = len(batch.lines)
        self.n = n
        #: each row's volume (`volumes`) and the volume as the row names it (`named`, for an orphan's message):
        #: built when a rule asks — the proven join keeps them as runs (`_spread`), which is all most rules read
        self._volumes: list[VolumeEntry | None] | None = None
        self._named: list[str] | None = None
        self._spread: tuple[list[Any], list[str], list[int]] | None = None
        self.code_items: list[int] = [-1] * n  # the 件号 after the volume's 档号 in the row's 档号
        self.runs: list[tuple[int, int, Any]] = []
        #: every run's 顺序号 text is `first, first + 1, …` (proven by the joined text, with the join)
        self.counts_on = False
        self._tails: list[str] | None = None
        #: which parsed lists hold no None (`complete`), settled once per batch, by the fast paths where they prove it
        self._complete: dict[str, bool] = {}
        reg = register(batch)
        proven = self._join_by_sequence(batch, reg)
        if not proven:
            self._join(batch, reg)
            if not self.runs:
                self.runs = _runs(self.volumes)
            self.seqs = self._seqs(batch)
            if self._tails is not None:  # the 件号 of the 档号: usually the 顺序号 column itself, converted once
                self.code_items = self.seqs if self._tails == self._seq_text else _whole(self._tails) or \
                    [K.parse_number(t) or -1 for t in self._tails]
        cache = batch.table.cache
        #: rows of no listed volume whose 顺序号 continue the volume of the row before them (in this batch or
        #: the last): counted as that volume's by the per-volume rules, so that a typo in a 档号 is VOL010's
        #: one finding, not also a gap in that volume's 顺序号 and 页号 and a short 件数
        self.adopted: dict[int, VolumeEntry] = {}
        #: rows whose 档号 names a volume met before, among another volume's rows whose 顺序号 they run on from
        #: (and not from that volume's own): counted as the volume they sit in; {row: the volume they name}.
        #: The 档号 is the typo, VOL003's one finding (not also gaps, page and count findings in two volumes)
        self.misnamed: dict[int, VolumeEntry] = {}
        last = cache.get("last row", (None, None))
        #: each volume met so far → the 顺序号 of its last row
        ends: dict[Any, Any] = cache.setdefault("volume ends", {})
        if n and (not proven or None in map(RUN_VOLUME, self.runs) or self._opens_elsewhere(last, ends)):
            last = self._adopt(last, ends)
        elif n:
            last = (self.runs[-1][2], self.seqs[-1])
            seqs = self.seqs
            ends.update((entry, seqs[end - 1]) for _, end, entry in self.runs)  # (the proven join's runs: no None)
        cache["last row"] = last
        self.starts, self.ends, self.bad_pages = self._pages(batch)
        self.days = _memo(batch.column("日期") if batch.has("日期") else None, n, cache.setdefault("days", {}), K.item_day)
        self.terms = _memo(batch.column("保管期限") if batch.has("保管期限") else None, n, cache.setdefault("terms", {}), K.term_rank)
        if batch.notes:
            self._forget_unplaced(batch)

    def _forget_unplaced(self, batch: Any) -> None:
        """The pages, date and term of a row whose cells could not be placed (VOL015 reports it) are not
        known: a shifted 日期 read as a 页号 must not become the next row's page gap or a volume's span."""
        unplaced = batch.unplaced
        for i in unplaced:
            self.starts[i] = self.ends[i] = self.days[i] = self.terms[i] = None
            self.bad_pages.discard(i)
        if unplaced:
            for name in ("starts", "ends", "days", "terms"):
                self._complete.pop(name, None)

    def _opens_elsewhere(self, last: tuple[Any, Any], ends: dict[Any, Any]) -> bool:
        """Whether the batch's first rows may be misnamed (the proven join settles every other run)."""
        entry_before, seq_before = last
        entry = self.runs[0][2]
        return entry_before is not None and seq_before is not None and entry is not entry_before and entry in ends \
            and self.seqs[0] == seq_before + 1

    def _adopt(self, last: tuple[Any, Any], ends: dict[Any, Any]) -> tuple[Any, Any]:
        """Give the rows that name no listed volume (or, `misnamed`, a volume met before whose own 顺序号 they
        do not continue) to the volume of the row before them, each while its 顺序号 runs on from that row's
        (row by row, so where a batch ends changes nothing); the volume and 顺序号 of the batch's last row,
        for the next batch."""
        entry_before, seq_before = last
        runs: list[tuple[int, int, Any]] = []

        def keep(start: int, end: int, entry: Any) -> None:
            runs.append((start, end, entry))
            if entry is not None:  # a run of this batch counts as met from here on
                ends[entry] = self.seqs[end - 1]

        for start, end, entry in self.runs:
            if entry_before is not None and seq_before is not None and entry is not entry_before and \
                    (entry is None or entry in ends and self.seqs[start] != _after(ends[entry])):
                seqs, size = self.seqs[start:end], end - start
                if seqs != list(range(seq_before + 1, seq_before + 1 + size)):  # the rows that do run on, if any
                    size = next(k for k, seq in enumerate(seqs) if seq != seq_before + 1 + k)
                if size:
                    (self.adopted if entry is None else self.misnamed).update(
                        dict.fromkeys(range(start, start + size), entry if entry is not None else entry_before))
                    keep(start, start + size, entry_before)
                    if start + size == end:
                        seq_before = self.seqs[end - 1]
                        continue
                    start = start + size
            keep(start, end, entry)
            entry_before, seq_before = entry, self.seqs[end - 1]
        self.runs = runs
        return entry_before, seq_before

    @property
    def volumes(self) -> list[VolumeEntry | None]:
        if self._volumes is None:
            self._spread_rows()
        return self._volumes  # type: ignore[return-value]

    @volumes.setter
    def volumes(self, value: list[VolumeEntry | None]) -> None:
        self._volumes = value

    @property
    def named(self) -> list[str]:
        if self._named is None:
            self._spread_rows()
        return self._named  # type: ignore[return-value]

    @named.setter
    def named(self, value: list[str]) -> None:
        self._named = value

    def _spread_rows(self) -> None:
        """The per-row lists, from the proven join's runs (or empty, for the careful join to fill)."""
        if self._spread is not None:
            found, heads, lengths = self._spread
            self._volumes = list(chain.from_iterable(map(repeat, found, lengths)))
            self._named = list(chain.from_iterable(map(repeat, heads, lengths)))
        else:
            self._volumes, self._named = [None] * self.n, [""] * self.n

    def complete(self, name: str) -> bool:
        """Whether the parsed list `name` (seqs, starts, ends, days, terms, volumes) holds no None: one scan
        per batch at most, none where a fast path proved it, instead of one per rule."""
        found = self._complete.get(name)
        if found is None:
            found = self._complete[name] = None not in getattr(self, name)
        return found

    # ------------------------------------------------------------ which volume

    def _join(self, batch: Any, reg: Register) -> None:
        codes = batch.column("档号") if batch.has("档号") else None
        if codes is not None and self._join_fast(codes, reg):
            return
        numbers = batch.column("案卷号") if batch.has("案卷号") else None
        scopes = _scopes(batch) if numbers is not None else None
        memo: dict[Any, tuple[VolumeEntry | None, int]] = {}
        for i in range(self.n):
            if codes is not None and V.clean(codes[i]):
                code = K.normalise_code(codes[i])
                found = memo.get(code)
                if found is None:
                    found = memo[code] = reg.find_code(code)
                entry, item = found
                self.code_items[i] = item
                self.named[i] = code if entry is not None or item < 0 else K.split_item_code(code)[0]
            elif numbers is not None and K.parse_number(numbers[i]) is not None:
                number = K.parse_number(numbers[i])
                key = (scopes[i], number)
                found = memo.get(key)
                if found is None:
                    found = memo[key] = (reg.find_number(scopes[i], number), -1)
                entry = found[0]
                self.named[i] = f"{scopes[i]}-{number}" if scopes[i] else f"案卷号 {number}"
            else:
                entry = None
            self.volumes[i] = entry

    def _join_by_sequence(self, batch: Any, reg: Register) -> bool:
        """The common export, proven with joins and no per-row step: every 档号 in compare form is its
        volume's 档号, `-` and the row's own 顺序号 text, and each volume's rows are consecutive and start
        at 顺序号 1 (a batch may begin inside one). Then the 件号 are the 顺序号 and the runs start where
        顺序号 is 1. Anything else (a gap, a repeat, a 档号 that is a volume's own): False, nothing set."""
        if not (batch.has("档号") and batch.has("顺序号")):
            return False
        codes, seq_text = batch.column("档号"), list(batch.column("顺序号"))
        text = "\x00".join(codes)
        if "" in codes or text.count("\x00") != len(codes) - 1 or not _normal(text):  # no cell holds NUL: pieces align
            return False
        seqs = _whole(seq_text)
        if seqs is None:
            return False
        n, firsts, index, at = len(codes), [0], seqs.index, 0
        while True:
            try:
                at = index(1, at + 1)
            except ValueError:
                break
            firsts.append(at)
        prefixes = [codes[s].rpartition("-")[0] + "-" for s in firsts]
        heads = [p[:-1] for p in prefixes]
        if "" in heads or not reg.scopes.isdisjoint(heads):
            return False
        ends = [*firsts[1:], n]
        runs = map(seq_text.__getitem__, map(slice, firsts, ends))
        if "\x00".join(map(str.__add__, prefixes, map(str.join, map("\x00".__add__, prefixes), runs))) != text:
            return False
        keep = [0, *compress(range(1, len(heads)), map(operator.ne, heads[1:], heads[:-1]))]  # a 顺序号 1 inside a volume
        if len(keep) < len(heads):
            firsts, heads = [firsts[k] for k in keep], [heads[k] for k in keep]
            ends = [*firsts[1:], n]
        found = list(map(reg.by_code.get, heads))
        if (reg.loose or reg.aliases) and None in found:
            return False  # a volume registered by its 案卷号 may be this one: the careful join looks
        lengths = list(map(operator.sub, ends, firsts))
        self.runs = list(zip(firsts, ends, found))
        self._complete.update(seqs=True, volumes=None not in found)
        self._spread = (found, heads, lengths)
        # each run's 顺序号 count on from its first (1, 2, 3 … from 1 but in a run the batch opens inside)
        self.counts_on = "\x00".join(map(_counting, map(seqs.__getitem__, firsts), lengths)) == "\x00".join(seq_text)
        self._seq_text, self.seqs, self.code_items = seq_text, seqs, seqs
        return True

    def _join_fast(self, codes: Any, reg: Register) -> bool:
        """Every 档号 already in compare form, each its volume's 档号 plus `-件号`: one lookup per run."""
        if "" in codes or not _normal("".join(codes)):
            return False
        parts = list(map(_RPART, codes))
        tails = list(map(_TAIL, parts))
        if "" in tails or not "".join(tails).isdigit():
            return False
        heads = list(map(_HEAD, parts))
        if "" in heads:
            return False  # a 档号 with no `-` before its number names no volume to look up: the careful path
        by_code = reg.by_code
        n = len(heads)
        firsts = [0, *compress(range(1, n), map(operator.ne, heads[1:], heads[:-1]))]
        if not by_code.keys().isdisjoint(map(codes.__getitem__, firsts)):
            return False  # a row gives its volume's own 档号, no 件号: the careful path
        volumes = list(map(by_code.get, heads))
        if (reg.loose or reg.aliases) and None in volumes:
            return False  # a volume registered by its 案卷号 may be this one: the careful join looks
        self.runs = list(zip(firsts, [*firsts[1:], n], map(volumes.__getitem__, firsts)))
        self.volumes, self.named, self._tails = volumes, heads, tails
        return True

    # ------------------------------------------------------------ 顺序号 and pages

    def _seqs(self, batch: Any) -> list[int | None]:
        col = batch.column("顺序号") if batch.has("顺序号") else None
        self._seq_text = list(col) if col is not None else None
        if col is None:
            if self._tails is not None:
                return [K.parse_number(t) for t in self._tails]
            return [item if item > 0 else None for item in self.code_items]
        found = _whole(col)
        if found is not None:
            self._complete["seqs"] = True
            return found
        return [K.parse_number(v) for v in col]

    def _pages(self, batch: Any) -> tuple[list[int | None], list[int | None], set[int]]:
        n = self.n
        col = batch.column("页号") if batch.has("页号") else None
        if col is None:
            return [None] * n, [None] * n, set()
        stops = batch.column("止页号") if batch.has("止页号") else None
        counts = batch.column("页数") if batch.has("页数") else None
        if stops is None and counts is None:
            # each cell one `a-b`: parsed once per distinct text (a volume's page ranges recur in the next ones)
            pairs = _memo(col, n, batch.table.cache.setdefault("page ranges", {}), _page_range)
            if None not in pairs:
                self._complete.update(starts=True, ends=True)
                return list(map(_FIRST, pairs)), list(map(_LAST, pairs)), set()
            found = _whole(col)
            if found is not None:
                self._complete.update(starts=True, ends=not n)
                return found, [None] * n, set()
        starts, ends, bad = [None] * n, [None] * n, set()
        for i, raw in enumerate(col):
            got = K.parse_page_range(raw, stops[i] if stops is not None else "", counts[i] if counts is not None else "")
            if got == "bad":
                bad.add(i)
            elif got is not None:
                starts[i], ends[i] = got
        return starts, ends, bad


def _page_range(cell: str) -> tuple[int, int] | None:
    """(first, last) of a 页号 cell `a-b` of whole numbers (ASCII digits), 1 ≤ a ≤ b; else None (then the
    column is read cell by cell, which says what is wrong)."""
    first, dash, last = cell.partition("-")
    if not dash or not (first.isascii() and first.isdigit() and last.isascii() and last.isdigit()):
        return None
    low, high = int(first), int(last)
    return (low, high) if 1 <= low <= high else None


_FIRST, _LAST = operator.itemgetter(0), operator.itemgetter(1)


def _after(seq: int | None) -> int | None:
    return seq + 1 if seq is not None else None


def _normal(text: str) -> bool:
    """Whether 档号 text is already in compare form (see `_UNNORMAL`), settled by C-level scans where it is ASCII."""
    bare = text.replace("·", "")
    if bare.isascii():
        return not any(c in bare for c in " \t\r\n'.")
    return _UNNORMAL.search(text) is None


def _whole(col: list[str]) -> list[int] | None:
    """A column of whole numbers ≥ 1 (ASCII digits) as ints, in C-level passes; None if any cell is not one."""
    try:
        return list(map(_small_numbers().__getitem__, col))  # every cell is one of "1" … "9999"
    except KeyError:
        pass
    text = "".join(col)
    if not (text.isascii() and text.isdigit()) or len(text) < len(col) or "" in col:
        return None
    numbers = list(map(int, col))
    return numbers if not numbers or min(numbers) >= 1 else None


_COUNTING: dict[int, str] = {}


def _counting(first: int, length: int) -> str:
    """The text of 顺序号 `first`, `first + 1`, … (`length` of them) joined by NUL; from 1 it is kept."""
    if first != 1:
        return "\x00".join(map(str, range(first, first + length)))
    text = _COUNTING.get(length)
    if text is None:
        text = "\x00".join(map(str, range(1, length + 1)))
        if len(_COUNTING) < 10_000:
            _COUNTING[length] = text
    return text


_SMALL: dict[str, int] = {}


def _small_numbers() -> dict[str, int]:
    """"1" … "9999" to their ints: a dict look-up is cheaper than `int()` on a fresh cell."""
    if not _SMALL:
        _SMALL.update((str(i), i) for i in range(1, 10_000))
    return _SMALL


def _memo(col: Any, n: int, cache: dict, parse: Any) -> list[Any]:
    """`parse` of each cell, computed once per distinct value of the table (kept small on hostile data)."""
    if col is None:
        return [None] * n
    try:
        return list(map(cache.__getitem__, col))  # the common case: no value new to the table
    except KeyError:
        pass
    fresh = set(col).difference(cache)
    if len(cache) + len(fresh) > 100_000:
        cache.clear()
        fresh = set(col)
    for value in fresh:
        cache[value] = parse(value)
    return list(map(cache.__getitem__, col))


def _has_scope_columns(batch: Any) -> bool:
    """Whether the table says in which 目录 its 案卷号 run (a 全宗号 and a 目录号 or 类别号 column)."""
    return batch.has("全宗号") and (batch.has("目录号") or batch.has("类别号"))


def _scopes(batch: Any) -> list[str]:
    """Each row's 目录 when there is no 档号: its 全宗号 and 目录号 columns where the file has a 目录号, else
    whichever of 全宗号, 类别号, 年度 and 保管期限 it has."""
    names = [n for n in _SCOPE_COLUMNS if batch.has(n)]
    if "目录号" in names:
        names = [n for n in names if n in ("全宗号", "目录号")]
    if not names:
        return [""] * len(batch.lines)
    cols = [batch.column(n) for n in names]
    return ["-".join(V.clean(c).upper() for c in cells) for cells in zip(*cols)]


def value_runs(col: list[Any]) -> list[int]:
    """End positions of the stretches of equal consecutive values (C-level grouping)."""
    ends, at = [], 0
    for _, members in groupby(col):
        at += len(list(members))
        ends.append(at)
    return ends


def _runs(volumes: list[Any]) -> list[tuple[int, int, Any]]:
    """Stretches (start, end, volume) of consecutive rows of one volume (None: rows of no listed volume)."""
    out, start = [], 0
    for end in value_runs(list(map(id, volumes))):
        out.append((start, end, volumes[start]))
        start = end
    return out


def runs_continue(starts: list[Any], ends: list[Any], runs: list[tuple[int, int, Any]], first: dict[int, int],
                  complete: bool) -> bool:
    """Whether, across a whole batch, every row starts one after the previous row of its run ends
    (`starts[i] == ends[i - 1] + 1`) and each run starts at `first[id(volume)]`: the clean case of
    numbering that runs on (顺序号, 页号), settled with one list comparison instead of a step per run.
    False (nothing proven) when a value is missing (`complete`: the caller knows starts and ends hold no
    None), a run has no listed volume, or a volume has two runs in the batch (the second would start
    where the first ends, not where `first` says)."""
    if not runs or not complete or len(first) != len(runs):
        return False
    expected = [0, *map((1).__add__, ends[:-1])]
    for start, _, entry in runs:
        expected[start] = first[id(entry)]
    return expected == starts


def volume_rows(batch: Any) -> VolumeRows:
    memo = batch.__dict__
    if "_volume_rows" not in memo:
        memo["_volume_rows"] = VolumeRows(batch)
    return memo["_volume_rows"]


def inner_rows(batch: Any) -> InnerRows:
    memo = batch.__dict__
    if "_inner_rows" not in memo:
        memo["_inner_rows"] = InnerRows(batch)
    return memo["_inner_rows"]

