"""CAT008, CAT009, CAT016: 件号 form, 件号 runs without gaps inside each lowest-level group, 档号 order."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right

from archcheck.api import Finding, Location, RecordCheck, Severity, T, values as V
from archcheck.checkers.catalog._rules import ITEM_NUMBER, ORDER, before_2015_edition, catalog_rule, row_years
from archcheck.checkers.catalog.first_lines import LIMIT, FirstLines, counting



@catalog_rule(
    id="CAT008",
    title=T("件号不是 4 位补零数字", "件号 is not four zero-padded digits"),
    severity=Severity.MINOR,
    points=3,
    basis=ITEM_NUMBER,
    remedy=T("件号用 4 位阿拉伯数字，不足 4 位前面补“0”（如 0026）；在 Excel 中把该列设为文本格式，避免前导 0 丢失。",
             "Write 件号 as four digits with leading zeros (0026); format the column as text in Excel so the zeros survive."),
    rationale=T("DA/T 22 5.4.3 e) 规定件号为 4 位阿拉伯数字。表格软件常把 0026 变成 26，导致排序和档号拼接出错。",
                "§5.4.3 e) fixes 件号 as 4 Arabic digits. Spreadsheets turn 0026 into 26, breaking sorting and 档号."),
    example='档号,件号,题名\nZ109-WS·2019-Y-BGS-0026,0026,关于印发工作要点的通知',
    violation='档号,件号,题名\nZ109-WS·2019-Y-BGS-0026,26,关于印发工作要点的通知',
)
class ItemForm(RecordCheck):
    """The 件号 column, or the 件号 in the 档号 where there is no such column (0000 is no 件号 either way)."""

    def batch(self, batch):
        if batch.items_padded:
            return  # every 件号 cell the four digits its 档号 ends in, none 0000: settled without a set of the values
        found = batch.bad_values("件号", _item_problem, "CAT008", file_only=False)
        years = row_years(batch)
        for index, kind in found:
            if kind == "unpadded" and before_2015_edition(years, index):
                continue  # DA/T 22—2000 fixed no width for 件号
            if _cell_disagrees(batch, index):
                continue  # a 件号 cell unlike its 档号, which fits the rows around it: CAT006's one finding
            value = V.clean(batch.column("件号")[index])
            message = (T("件号“{v}”无效：件号从 0001 起编", "件号 “{v}” is not valid: 件号 start at 0001") if kind == "zero"
                       else T("件号“{v}”不是 4 位补零数字", "件号 “{v}” is not four zero-padded digits"))
            yield batch.finding(index, "件号" if batch.has("件号") else "档号", message.format(v=value[:40]), value=value, kind=kind)


def _cell_disagrees(batch, index: int) -> bool:
    """Whether the row's 件号 cell is another number than its 档号's, the 档号 being the one its neighbours
    agree with (CAT006 reports the cell; writing the 档号's 件号 there mends both)."""
    if not batch.has("件号") or index not in batch.disagreements:
        return False
    return any(name == "件号" for name, _, _ in batch.disagreements[index]) and index not in batch.placed_by_neighbours


def _item_problem(value: str):
    kind = V.parse_item(value).kind
    return kind if kind in ("unpadded", "invalid", "zero") else None


@catalog_rule(
    id="CAT009",
    title=T("件号在最低一级类目内不连续（缺号或重号）", "件号 gaps or repeats inside a lowest-level group"),
    severity=Severity.MAJOR,
    points=8,
    basis=ITEM_NUMBER,
    remedy=T("核对缺号对应的文件是否遗失、未归档或被剔除；剔除的应在备考表中说明，并按顺序重新编号。",
             "Find out whether the missing items were lost, never filed or withdrawn; note withdrawals in the 备考表 and renumber."),
    rationale=T("件号在每个 全宗号×年度×保管期限×机构 类目内从 0001 起连续编排。缺号提示文件丢失或编号错误；"
                "有档号列时重号由 CAT007 报告。",
                "件号 runs from 0001 without gaps in each fonds × year × term × organisation group. A gap suggests a lost item "
                "or a numbering error; with a 档号 column, repeats are reported by CAT007."),
    example='档号,题名\nZ109-WS·2019-Y-BGS-0001,关于甲的通知\nZ109-WS·2019-Y-BGS-0002,关于乙的通知',
    violation='档号,题名\nZ109-WS·2019-Y-BGS-0001,关于甲的通知\nZ109-WS·2019-Y-BGS-0003,关于丙的通知',
)
class ItemGaps(RecordCheck):
    """Per group: the line of each 件号 (see first_lines.py); gaps are found at the end."""

    def __init__(self, ctx):
        super().__init__(ctx)
        self.seen = FirstLines()
        self.top: dict[str, int] = {}
        self.table = None
        #: sheet -> the lines (ascending) of records whose cells could not be placed (CAT002 reports them):
        #: a gap they may fill is not reported, since the missing 件号 may be theirs
        self.unplaced: dict[str | None, array] = {}

    def batch(self, batch):
        self.table = batch.table
        if batch.notes:
            self.unplaced.setdefault(batch.table.sheet, array("I")).extend(batch.unplaced_lines)
        keys, items = batch.positions
        report_repeats = batch.refs is None
        sheet = self.seen.sheet_id(batch.table.sheet)
        for start, end, key in batch.runs:
            high = max(items[start:end])
            if high > self.top.get(key, 0) and high <= LIMIT:
                self.top[key] = high
            for index, first in self.seen.record(key, items, batch.lines, sheet, start, end, lowest=1):
                if report_repeats:
                    item = items[index]
                    yield batch.finding(index, "件号", T("件号 {n:04d} 在本类目中重复（首次见第 {f} 行）",
                                                         "件号 {n:04d} repeats in its group (first at line {f})")
                                        .format(n=item, f=self.seen.decode(first)[1]), group=key, item=item)

    def finish(self):
        for key, arr in self.seen.groups.items():
            top = self.top.get(key, 0)
            if top < 1 or arr[1:top + 1].count(0) == 0:
                continue
            item = 1
            while True:
                try:
                    first = item = arr.index(0, item, top + 1)  # the next missing 件号 (a C-level scan)
                except ValueError:
                    break
                while item <= top and not arr[item]:
                    item += 1
                sheet, line = self.seen.decode(arr[item])
                if self.unplaced and self._may_be_unplaced(arr, first, item, sheet, line):
                    continue
                missing = f"{first:04d}" if item - 1 == first else f"{first:04d}–{item - 1:04d}"
                yield Finding("", T("类目 {g} 缺件号 {m}（下一件为 {n:04d}）", "group {g} lacks 件号 {m} (next present: {n:04d})")
                              .format(g=key.replace("|", "·"), m=missing, n=item),
                              Location(file=self.table.source, line=line, column=self.table.header.label("件号"),
                                       sheet=sheet),
                              {"group": key, "missing_from": first, "missing_to": item - 1})

    def _may_be_unplaced(self, arr, first: int, after: int, sheet, line: int) -> bool:
        """Whether the 件号 first…after-1 may be records that could not be placed: as many of those lie
        between the 件号 before the gap and the one after it."""
        lines = self.unplaced.get(sheet)
        if not lines:
            return False
        low = 0
        if first > 1 and arr[first - 1]:
            before_sheet, before_line = self.seen.decode(arr[first - 1])
            low = before_line if before_sheet == sheet and before_line < line else 0
        return bisect_left(lines, line) - bisect_right(lines, low) >= after - first


@catalog_rule(
    id="CAT016",
    title=T("目录未按档号顺序排列", "Catalogue is not in 档号 order"),
    severity=Severity.MINOR,
    points=3,
    basis=ORDER,
    remedy=T("按档号（类目内按件号）重新排序后导出目录。", "Sort by 档号 (by 件号 inside each group) before exporting."),
    rationale=T("DA/T 22 5.5.1 要求依据档号顺序编制目录。乱序往往意味着事后插件或重号；"
                "本规则在每个类目内检查件号递增，并报告类目被打散（同一类目的条目不连续）的位置。",
                "§5.5.1 requires the catalogue in 档号 order. Within each group 件号 must increase; a group that resumes "
                "after other groups is also reported."),
    example='档号,题名\nZ109-WS·2019-Y-BGS-0001,关于甲的通知\nZ109-WS·2019-Y-BGS-0002,关于乙的通知',
    violation='档号,题名\nZ109-WS·2019-Y-BGS-0002,关于乙的通知\nZ109-WS·2019-Y-BGS-0001,关于甲的通知',
)
class RefOrder(RecordCheck):
    """Per group: the highest 件号 so far and which 件号 were seen, so that a 件号 seen before is a repeat
    (CAT007/CAT009 report it), never also "out of order". Seen 件号 are the run 1…contig, kept as one
    number while they arrive in order (the usual case), plus one bit each for any beyond it."""

    def __init__(self, ctx):
        super().__init__(ctx)
        self.last_key: str | None = None
        self.last_item: dict[str, int] = {}
        self.contig: dict[str, int] = {}
        self.beyond: dict[str, bytearray] = {}

    def _seen(self, key: str, item: int) -> bool:
        if item <= self.contig.get(key, 0):
            return True
        bits = self.beyond.get(key)
        return bits is not None and item < len(bits) and bits[item] == 1

    def _mark(self, key: str, low: int, high: int) -> None:
        if low == self.contig.get(key, 0) + 1 and key not in self.beyond:
            self.contig[key] = high
            return
        bits = self.beyond.setdefault(key, bytearray())
        if len(bits) <= high:
            bits.extend(bytes(high - len(bits) + 64))
        bits[low:high + 1] = b"\x01" * (high - low + 1)

    def batch(self, batch):
        items = batch.positions[1]
        for start, end, key in batch.runs:
            if key != self.last_key and key in self.last_item:
                yield batch.finding(start, "档号", T("类目 {g} 的条目不连续：在其他类目之后再次出现",
                                                     "group {g} resumes after other groups").format(g=key.replace("|", "·")),
                                    group=key)
            self.last_key = key
            prev = self.last_item.get(key, 0)
            run = items[start:end]
            if run[0] > prev and run[-1] <= LIMIT and run == counting(run[0], end - start):
                self._mark(key, run[0], run[-1])
                self.last_item[key] = run[-1]
                continue
            # A run with a gap, a repeat or a step back: its in-order stretches are still marked in bulk
            # (halving until a stretch is one), only the rest item by item, left to right.
            stack = [(start, end)]
            while stack:
                low_at, high_at = stack.pop()
                low, size = items[low_at], high_at - low_at
                if low > prev and items[high_at - 1] <= LIMIT and items[low_at:high_at] == counting(low, size):
                    self._mark(key, low, low + size - 1)  # above everything seen so far: nothing seen, no step back
                    prev = low + size - 1
                    continue
                if size > 16:
                    middle = (low_at + high_at) // 2
                    stack.append((middle, high_at))
                    stack.append((low_at, middle))
                    continue
                for index in range(low_at, high_at):
                    item = items[index]
                    if item < 1 or item > LIMIT:
                        continue  # no 件号 (CAT008)
                    if self._seen(key, item):
                        continue  # a repeat: CAT007 (档号) or CAT009 (without) reports it
                    self._mark(key, item, item)
                    if item < prev:
                        yield batch.finding(index, "档号", T("件号 {n:04d} 排在 {p:04d} 之后，未按档号顺序",
                                                             "件号 {n:04d} comes after {p:04d}: not in 档号 order")
                                            .format(n=item, p=prev), item=item, previous=prev)
                    prev = max(prev, item)
            self.last_item[key] = prev
