"""What the VOL rules share: the register of volumes the 案卷目录 listed, and each batch parsed once.

The 案卷目录 streams first (the run orders the tables so), and parsing its batches fills the register:
one small entry per volume. A 卷内文件目录 row is then joined to its volume through its 档号 (the
volume's 档号 with the 件号 after it, or the volume's 档号 itself) or its 案卷号 (with the 全宗号/目录号
columns where the file has them). No rule keeps 卷内 rows: each keeps per-volume aggregates.
"""

from __future__ import annotations

from typing import Any, Sequence

from archcheck.catalog import values as V
from archcheck.catalog import volumes as K
from archcheck.catalog.volumes import INNER, VOLUME, VolumeEntry

#: columns that name the 目录 inside which 案卷号 run, when there is no 档号 (目录号 first: it is the 目录)
_SCOPE_COLUMNS = ("全宗号", "目录号", "类别号", "年度", "保管期限")


def kind(batch_or_view: Any) -> str:
    view = getattr(batch_or_view, "table", batch_or_view)
    return view.options.get("kind", "")


def register(batch_or_view: Any) -> "Register":
    view = getattr(batch_or_view, "table", batch_or_view)
    return view.options["register"]


class Register:
    """The volumes of the run's 案卷目录, by 档号 (or 目录 and 案卷号), and how to find a 卷内 row's volume."""

    def __init__(self) -> None:
        self.by_code: dict[str, VolumeEntry] = {}
        self.by_number: dict[int, str | None] = {}  # 案卷号 → its volume's code (None: several 目录 have it)
        self.by_scope: dict[tuple[str, int], str] = {}
        #: the 卷内 rows' scope columns, per table, once seen (for a join without 档号)
        self.scopes: set[str] = set()
        #: the 案卷目录 tables, so that a volume's own row can be located under its file's header
        self.views: list[Any] = []

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
        return self.by_code.get(head), item

    def find_number(self, scope: str, number: int) -> VolumeEntry | None:
        code = self.by_scope.get((scope, number)) if scope else None
        if code is None:
            code = self.by_number.get(number)
        return self.by_code.get(code) if code else None


def scope_of(batch: Any, index: int) -> str:
    """The 目录 a row without 档号 belongs to, from its classification columns (目录号 alone, with 全宗号, when present)."""
    names = [n for n in _SCOPE_COLUMNS if batch.has(n)]
    if "目录号" in names:
        names = [n for n in names if n in ("全宗号", "目录号")]
    return "-".join(V.clean(batch.column(n)[index]).upper() for n in names)


class VolumeRows:
    """A 案卷目录 batch parsed: each row's volume (registered), and the rows whose 档号 repeats an earlier one."""

    def __init__(self, batch: Any):
        reg = register(batch)
        codes = batch.column("档号") if batch.has("档号") else None
        numbers = batch.column("案卷号") if batch.has("案卷号") else None
        pages = batch.column("页数") if batch.has("页数") else None
        items = batch.column("件数") if batch.has("件数") else None
        span = batch.column("起止日期") if batch.has("起止日期") else None
        starts = batch.column("起始日期") if batch.has("起始日期") else None
        ends = batch.column("终止日期") if batch.has("终止日期") else None
        terms = batch.column("保管期限") if batch.has("保管期限") else None
        years = batch.column("年度") if batch.has("年度") else None
        table = batch.table
        self.entries: list[VolumeEntry | None] = []
        self.parsed: list[K.VolumeCode | None] = []
        self.repeats: list[tuple[int, VolumeEntry]] = []
        self.spans: list[Any] = []
        for i, line in enumerate(batch.lines):
            parsed = K.parse_volume_code(codes[i]) if codes is not None else None
            self.parsed.append(parsed)
            number = K.parse_number(numbers[i]) if numbers is not None else None
            if parsed is not None:
                code, scope = parsed.text, parsed.scope
                number = parsed.number if parsed.number > 0 else number  # the 档号 is the volume's identity (VOL003: a disagreeing 案卷号)
            elif number is not None:
                scope = scope_of(batch, i)
                code = f"{scope}-{number}" if scope else str(number)
            else:
                self.entries.append(None)
                self.spans.append(None)
                continue
            if span is not None:
                got = K.parse_span(span[i])
            elif starts is not None or ends is not None:
                got = K.parse_span(starts[i] if starts is not None else "", ends[i] if ends is not None else "")
            else:
                got = None
            self.spans.append(got)
            entry = VolumeEntry(code, scope, number or -1, reg.table_of(table), line,
                                K.parse_number(pages[i]) if pages is not None else None,
                                K.parse_number(items[i]) if items is not None else None,
                                got if isinstance(got, K.Span) else None,
                                K.term_rank(terms[i]) if terms is not None else None,
                                V.parse_year(years[i]) if years is not None else None)
            first = reg.add(entry)
            if first is not None:
                self.repeats.append((i, first))
                entry = None
            self.entries.append(entry)


class InnerRows:
    """A 卷内文件目录 batch parsed: each row's volume (None: not in the 案卷目录), what the row called it,
    its 顺序号, page range, date and retention."""

    def __init__(self, batch: Any):
        reg = register(batch)
        codes = batch.column("档号") if batch.has("档号") else None
        numbers = batch.column("案卷号") if batch.has("案卷号") else None
        seqs = batch.column("顺序号") if batch.has("顺序号") else None
        pages = batch.column("页号") if batch.has("页号") else None
        stops = batch.column("止页号") if batch.has("止页号") else None
        counts = batch.column("页数") if batch.has("页数") else None
        dates = batch.column("日期") if batch.has("日期") else None
        terms = batch.column("保管期限") if batch.has("保管期限") else None
        n = len(batch.lines)
        self.volumes: list[VolumeEntry | None] = [None] * n
        self.named: list[str] = [""] * n  # the volume as the row names it (for an orphan's message)
        self.code_items: list[int] = [-1] * n  # the 件号 after the volume's 档号 in the row's 档号
        self.seqs: list[int | None] = [None] * n
        self.pages: list[Any] = [None] * n
        self.days: list[int | None] = [None] * n
        self.terms: list[int | None] = [None] * n
        memo: dict[Any, tuple[VolumeEntry | None, int]] = {}
        for i in range(n):
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
                scope = scope_of(batch, i)
                key = (scope, number)
                found = memo.get(key)
                if found is None:
                    found = memo[key] = (reg.find_number(scope, number), -1)
                entry = found[0]
                self.named[i] = f"{scope}-{number}" if scope else f"案卷号 {number}"
            else:
                entry = None
            self.volumes[i] = entry
            if seqs is not None:
                self.seqs[i] = K.parse_number(seqs[i])
            elif self.code_items[i] > 0:
                self.seqs[i] = self.code_items[i]
            if pages is not None:
                self.pages[i] = K.parse_page_range(pages[i], stops[i] if stops is not None else "",
                                                   counts[i] if counts is not None else "")
            if dates is not None:
                self.days[i] = K.item_day(dates[i])
            if terms is not None:
                self.terms[i] = K.term_rank(terms[i])


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


KINDS = (VOLUME, INNER)
