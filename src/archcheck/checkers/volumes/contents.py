"""VOL006–VOL013: each volume against its documents — 顺序号 and 页号 run on, the cover's 页数, 件数 and
起止日期 agree with the 卷内 rows, every row has its volume and every volume its rows, no document kept
longer than its volume. Each rule keeps per-volume aggregates only, never the 卷内 rows."""

from __future__ import annotations

from typing import Any

from archcheck.api import Finding, RecordCheck, Severity, T
from archcheck.api import values as V
from archcheck.api import volumes as K
from archcheck.checkers.volumes.ruleset import VOLUME
from archcheck.checkers.volumes.ruleset import (COVER_FILLING, INNER_FILLING, INNER_ITEMS, VOLUME_TERM, needs, needs_both,
                                               volume_rule)
from archcheck.checkers.volumes.rows import RUN_VOLUME, inner_rows, kind, register, runs_continue, volume_rows
from archcheck.checkers.volumes.lists_and_codes import VOLUME_SNIPPET

#: the last 顺序号 / pages of a volume after a row whose own were blank or unreadable: one bad cell is one
#: finding, so the row after it is not judged against the row before it
_UNKNOWN_SEQUENCE = -1
_UNKNOWN_PAGES = (0, None)
_TERM_NAMES = {3: "永久", 2: "定期30年（长期）", 1: "定期10年（短期）"}
#: distinct volumes remembered by VOL010 (unknown ones) and VOL013 (kept shorter than a document) — hostile
#: input may name another volume on every row
ORPHAN_LIMIT = 100_000


@volume_rule(
    id="VOL006",
    title=T("卷内文件顺序号不是数字或不连续（缺号、重号或倒序）", "卷内 顺序号 is no number or they do not run on (gaps, repeats or backwards)"),
    severity=Severity.MAJOR,
    points=6,
    basis=INNER_FILLING,
    remedy=T("按卷内文件的排列顺序从 1 起逐件编顺序号；缺号的核对文件是否遗失，重号的改正。",
             "Number the documents of each volume 1, 2, 3 … in their order; for a gap, find out whether a document is lost."),
    rationale=T("顺序号按卷内文件排列先后从 1 依次标注（GB/T 9705—2008 4.4）；跳号提示文件缺失，重号或倒序使引用出错。",
                "顺序号 number a volume's documents in order from 1 (GB/T 9705—2008 §4.4); a gap suggests a missing document, a "
                "repeat or a step back makes references wrong."),
    example=VOLUME_SNIPPET,
    violation=VOLUME_SNIPPET.replace("Z109-WS·2005-Y-001-2,2,", "Z109-WS·2005-Y-001-3,3,"),
    applies_if=needs("inner"),
)
class InnerSequence(RecordCheck):
    """Per volume, the last 顺序号 seen. A 顺序号 off the count is one finding: where the next row carries on
    from the row before it, the off one is a single wrong value and is reported alone; otherwise it is a
    gap or a step back, and the count goes on from it. When the off row ends its batch, the verdict waits
    for the next batch's first row."""

    def __init__(self, ctx):
        super().__init__(ctx)
        self.last: dict[str, int] = {}
        #: an off row that ended its batch: (volume, its finding as a wrong value (None: VOL003's), as a gap or
        #: step, the 顺序号 before it)
        self.pending: tuple[str, Finding | None, Finding, int] | None = None

    def batch(self, batch):
        if kind(batch) == VOLUME:
            return
        rows = inner_rows(batch)
        if self.pending is not None:
            settled = self._settle(rows)
            if settled is not None:
                yield settled
        last = self.last
        seqs = rows.seqs
        runs = rows.runs
        if rows.counts_on:  # each run counts on from its first 顺序号: only where each starts is left to see
            seen: dict[str, int] = {}
            for start, end, entry in runs:
                if entry is None:
                    continue
                if seqs[start] != seen.get(entry.code, last.get(entry.code, 0)) + 1:
                    break
                seen[entry.code] = seqs[end - 1]
            else:
                last.update(seen)
                return
        if None not in map(RUN_VOLUME, runs):
            first = {id(entry): last.get(entry.code, 0) + 1 for _, _, entry in runs}
            if runs_continue(seqs, seqs, runs, first, rows.complete("seqs")):  # the common case: every run counts on
                last.update((entry.code, seqs[end - 1]) for _, end, entry in runs)
                return
        for start, end, entry in runs:
            if entry is None:
                continue
            prev = last.get(entry.code, 0)
            if seqs[start:end] == list(range(prev + 1, prev + 1 + end - start)):  # the common case: one comparison
                last[entry.code] = prev + end - start
                continue
            yield from self._rows(batch, rows, start, end, entry)

    def _rows(self, batch, rows, start, end, entry):
        last = self.last
        column = batch.column("顺序号") if batch.has("顺序号") else None
        for i in range(start, end):
            seq = rows.seqs[i]
            if seq is None:
                raw = V.clean(column[i]) if column is not None else ""
                if raw:  # (a blank one is VOL002's)
                    yield batch.finding(i, "顺序号", T("顺序号“{v}”不是数字", "顺序号 “{v}” is not a number").format(v=raw[:20]),
                                        value=raw[:80], volume=entry.code)
                last[entry.code] = _UNKNOWN_SEQUENCE  # the next row is not judged against the one before this
                continue
            prev = last.get(entry.code, 0)
            if prev != _UNKNOWN_SEQUENCE and seq != prev + 1:
                wrong, off = self._findings(batch, i, entry.code, seq, prev)
                if rows.code_items[i] == prev + 1:
                    wrong = None  # the 档号 holds the right 件号: VOL003 reports the 顺序号 that disagrees with it
                if i + 1 < end:  # the next row is this volume's too: does it carry on from the row before?
                    if rows.seqs[i + 1] == prev + 2:
                        if wrong is not None:
                            yield wrong
                        last[entry.code] = prev + 1
                        continue
                elif end == rows.n:  # the run ends the batch: the next row, if this volume's, opens the next
                    self.pending = (entry.code, wrong, off, prev)
                    last[entry.code] = seq
                    continue
                yield off
            last[entry.code] = seq

    @staticmethod
    def _findings(batch, i, code, seq, prev):
        """Row i's finding as a single wrong value, and as a gap or a step back."""
        column = "顺序号" if batch.has("顺序号") else "档号"
        wrong = batch.finding(i, column, T("案卷 {v} 的顺序号 {n} 应为 {e}（前一件为 {p}，后一件为 {q}）",
                                           "顺序号 {n} of volume {v} should be {e} (previous: {p}, next: {q})")
                              .format(v=code, n=seq, e=prev + 1, p=prev, q=prev + 2), volume=code, sequence=seq, previous=prev)
        if seq > prev + 1:
            missing = str(prev + 1) if seq == prev + 2 else f"{prev + 1}–{seq - 1}"
            message = T("案卷 {v} 缺顺序号 {m}", "volume {v} lacks 顺序号 {m}").format(v=code, m=missing)
        else:
            message = T("案卷 {v} 的顺序号 {n} 重复或倒序（前一件为 {p}）", "顺序号 {n} of volume {v} repeats or steps back (previous: {p})") \
                .format(v=code, n=seq, p=prev)
        return wrong, batch.finding(i, column, message, volume=code, sequence=seq, previous=prev)

    def _settle(self, rows):
        """The verdict on the off row that ended the last batch, now that this batch's first row is known."""
        code, wrong, off, prev = self.pending
        self.pending = None
        if rows.runs and rows.runs[0][2] is not None and rows.runs[0][2].code == code and rows.seqs[0] == prev + 2:
            self.last[code] = prev + 1
            return wrong
        return off

    def finish(self):
        if self.pending is not None:  # the off row was the export's last of its volume
            yield self.pending[2]
            self.pending = None


@volume_rule(
    id="VOL007",
    title=T("卷内页号不从 1 开始、重叠或不连续", "卷内 页号 do not start at 1, overlap or leave gaps"),
    severity=Severity.MAJOR,
    points=6,
    basis=INNER_FILLING,
    remedy=T("装订的案卷对卷内有字迹的页面从 1 起逐页编号，卷内目录的页号与实际页码一致；重号、漏号的重新编页。",
             "Number every written page of a bound volume from 1; the 页号 in the 卷内目录 must match the pages; renumber where "
             "pages repeat or are skipped."),
    rationale=T("页号是卷内文件每页的顺序号（DA/T 13 3.10），每卷从 1 起连续；卷内目录填写每份文件首页的页号，最后一份填写起止页号"
                "（GB/T 9705—2008 4.4）。只给首页页号时，只能核对其递增。",
                "页号 number the pages of a volume from 1 without gaps; the 卷内目录 gives each document's first page and the last "
                "document's first and last (GB/T 9705—2008 §4.4). Where only first pages are given, only their order can be checked."),
    example=VOLUME_SNIPPET,
    violation=VOLUME_SNIPPET.replace("20050110,1\n", "20050110,1-3\n"),
    applies_if=needs("inner"),
)
class PageRanges(RecordCheck):
    """Per volume, the pages of the last document seen. A document whose pages do not fit between the one
    before and the one after it, where those two leave room for it, is a single wrong 页号 and is reported
    alone; otherwise a gap or an overlap, and the count goes on from it. When that row ends its batch, the
    verdict waits for the next batch's first row."""

    def __init__(self, ctx):
        super().__init__(ctx)
        self.prev: dict[str, tuple[int, int | None]] = {}
        #: an off row that ended its batch: (volume, its finding as a wrong value, as a gap or overlap, the
        #: pages before it, its own)
        self.pending: tuple[str, Finding, Finding, tuple[int, int], tuple[int, int | None]] | None = None

    def batch(self, batch):
        if kind(batch) == VOLUME or not batch.has("页号"):
            return
        rows = inner_rows(batch)
        if self.pending is not None:
            yield self._settle(rows)
        starts, ends = rows.starts, rows.ends
        runs, prev_of = rows.runs, self.prev
        if not rows.bad_pages and None not in map(RUN_VOLUME, runs):
            first = {}
            for _, _, entry in runs:
                prev = prev_of.get(entry.code)
                first[id(entry)] = 1 if prev is None else (prev[1] + 1 if prev[1] is not None else -1)
            if runs_continue(starts, ends, runs, first, rows.complete("starts") and rows.complete("ends")):  # ranges that run on
                prev_of.update((entry.code, (starts[end - 1], ends[end - 1])) for _, end, entry in runs)
                return
        for start, end, entry in runs:
            if entry is None:
                continue
            prev = self.prev.get(entry.code)
            if prev is None:
                first_ok = starts[start] == 1
            else:
                first_ok = prev[1] is not None and starts[start] == prev[1] + 1
            run_ends = ends[start:end - 1]
            if (first_ok and not rows.bad_pages and None not in run_ends and None not in starts[start:end]
                    and list(map((1).__add__, run_ends)) == starts[start + 1:end]):
                self.prev[entry.code] = (starts[end - 1], ends[end - 1])  # the common case: ranges that run on
                continue
            yield from self._rows(batch, rows, start, end, entry)

    def _rows(self, batch, rows, start, end, entry):
        column = batch.column("页号")
        prev_of = self.prev
        for i in range(start, end):
            if i in rows.bad_pages:
                yield batch.finding(i, "页号", T("页号“{v}”不是页码或页码范围", "页号 “{v}” is not a page or page range")
                                    .format(v=str(column[i])[:20]), value=column[i])
                prev_of[entry.code] = _UNKNOWN_PAGES  # the next row is not judged against the one before this
                continue
            first = rows.starts[i]
            if first is None:  # blank (VOL002's)
                prev_of[entry.code] = _UNKNOWN_PAGES
                continue
            prev = prev_of.get(entry.code)
            message = None
            if prev is _UNKNOWN_PAGES:
                pass
            elif prev is None:
                if first != 1:
                    message = T("案卷 {v} 的第一份文件从第 {s} 页开始，应从第 1 页开始", "volume {v}: the first document starts on page {s}, not 1")
            else:
                begun, stop = prev
                if stop is not None and first <= stop:
                    message = T("案卷 {v} 的页号 {s} 与前一份文件（止于第 {e} 页）重叠", "volume {v}: page {s} overlaps the previous document (ending on page {e})")
                elif stop is not None and first > stop + 1:
                    message = T("案卷 {v} 缺页号 {g}（前一份文件止于第 {e} 页）", "volume {v} lacks page(s) {g} (the previous document ends on page {e})")
                elif stop is None and first <= begun:
                    message = T("案卷 {v} 的页号 {s} 不大于前一份文件的首页 {p}", "volume {v}: page {s} is not after the previous document's first page {p}")
            if message is not None:
                stop = prev[1] if prev else None
                gap = f"{stop + 1}" if stop is not None and first == stop + 2 else f"{(stop or 0) + 1}–{first - 1}"
                off = batch.finding(i, "页号", message.format(v=entry.code, s=first, e=stop, g=gap, p=prev[0] if prev else 0),
                                    volume=entry.code, start=first, previous_end=stop)
                if prev is not None and stop is not None:  # a document before it: is it the one wrong value?
                    wrong = self._wrong(batch, i, entry.code, column[i], stop)
                    if i + 1 < end:
                        if self._fits_around(prev, (first, rows.ends[i]), rows.starts[i + 1]):
                            yield wrong(rows.starts[i + 1])
                            prev_of[entry.code] = _room(prev, rows.starts[i + 1])
                            continue
                    elif end == rows.n:  # the run ends the batch: the next row, if this volume's, opens the next
                        self.pending = (entry.code, wrong, off, prev, (first, rows.ends[i]))
                        prev_of[entry.code] = (first, rows.ends[i])
                        continue
                yield off
            prev_of[entry.code] = (first, rows.ends[i])

    @staticmethod
    def _fits_around(prev, own, after):
        """Whether the next document starts where it would if this one (`own` pages) were the wrong one: at
        or after the page following the one before, with this document's pages outside that room."""
        if after is None or after < prev[1] + 1:
            return False
        first, last = own
        return not (prev[1] + 1 <= first and (last if last is not None else first) < after)

    @staticmethod
    def _wrong(batch, i, code, raw, stop):
        """Row i's finding as a single wrong 页号, given the next document's first page (known now or with the
        next batch: only the row's location is kept, not its batch)."""
        where, shown = batch.table.location(batch.lines[i], "页号"), str(raw)[:20]

        def finding(after):
            return Finding("", T("案卷 {v} 的页号“{r}”与前后文件不衔接（前一份止于第 {e} 页，后一份始于第 {a} 页）",
                                 "volume {v}: 页号 “{r}” does not fit between the documents around it (the one before ends "
                                 "on page {e}, the one after starts on page {a})").format(v=code, r=shown, e=stop, a=after),
                           where, {"volume": code, "previous_end": stop, "next_start": after})
        return finding

    def _settle(self, rows):
        """The verdict on the off row that ended the last batch, now that this batch's first row is known."""
        code, wrong, off, prev, own = self.pending
        self.pending = None
        entry = rows.runs[0][2] if rows.runs else None
        after = rows.starts[0] if rows.n else None
        if entry is not None and entry.code == code and 0 not in rows.bad_pages and self._fits_around(prev, own, after):
            self.prev[code] = _room(prev, after)
            return wrong(after)
        return off

    def finish(self):
        if self.pending is not None:  # the off row was the export's last of its volume
            yield self.pending[2]
            self.pending = None


def _room(prev, after):
    """The pages a document between `prev` and one starting on page `after` would have (as the page state)."""
    return (prev[1] + 1, after - 1) if after > prev[1] + 1 else prev


class _PerVolume(RecordCheck):
    """A rule that sums each volume's 卷内 rows and judges each volume at the end (at the volume's own row)."""

    def __init__(self, ctx):
        super().__init__(ctx)
        self.reg = None
        self.acc: dict[str, Any] = {}

    def batch(self, batch):
        self.reg = register(batch)
        if kind(batch) == VOLUME:
            return self.volumes(batch)
        return self.documents(batch, inner_rows(batch))

    def volumes(self, batch):
        return ()

    def documents(self, batch, rows):
        return ()


@volume_rule(
    id="VOL008",
    title=T("案卷页数与卷内最后页号不符", "A volume's 页数 is not its last 页号"),
    severity=Severity.MAJOR,
    points=5,
    basis=COVER_FILLING,
    remedy=T("清点案卷实际页数，改正案卷目录的页数或卷内目录的页号。", "Count the volume's pages and correct its 页数 or the 卷内 页号."),
    rationale=T("案卷封面的页数是卷内文件的总页数（GB/T 9705—2008 3.1.3），即最后一份文件的止页号；不符说明有页漏编、重编或缺失。"
                "卷内目录只给首页页号时，页数不得小于最后一份文件的首页。",
                "The cover's 页数 is the volume's page total (GB/T 9705—2008 §3.1.3), the last document's last page; a difference means "
                "pages were skipped, numbered twice or lost. Where only first pages are given, 页数 must not be below the last one."),
    example=VOLUME_SNIPPET,
    violation=VOLUME_SNIPPET.replace("2005,Y,5,2,", "2005,Y,6,2,"),
    applies_if=needs_both,
)
class VolumePages(_PerVolume):
    def documents(self, batch, rows):
        acc = self.acc
        starts, ends = rows.starts, rows.ends
        for start, end, entry in rows.runs:
            if entry is None:
                continue
            # the volume's last document so far, in file order, wherever the batches end; negative: only its
            # first page known; 0: its 页号 blank or unreadable (VOL002/VOL007's), so the last page is unknown
            last = end - 1
            acc[entry.code] = (0 if starts[last] is None else ends[last] if ends[last] is not None else -starts[last])
        return ()

    def finish(self):
        if self.reg is None:
            return
        for code, last in self.acc.items():
            entry = self.reg.by_code[code]
            if entry.pages is None or last == 0:
                continue
            if (last > 0 and last != entry.pages) or (last < 0 and entry.pages < -last):
                yield Finding("", T("案卷 {v} 页数为 {n}，卷内最后页号为 {l}", "volume {v}: 页数 {n}, but the last 页号 is {l}")
                              .format(v=code, n=entry.pages, l=abs(last)), self.reg.at(entry, "页数"),
                              {"volume": code, "pages": entry.pages, "last_page": abs(last)})


@volume_rule(
    id="VOL009",
    title=T("案卷件数与卷内文件条目数不符", "A volume's 件数 is not the number of its 卷内 rows"),
    severity=Severity.MAJOR,
    points=5,
    basis=COVER_FILLING,
    remedy=T("核对案卷内的文件：补录卷内目录漏著的文件，或改正案卷目录的件数。", "Check the volume: list the documents missing from the 卷内目录, or correct 件数."),
    rationale=T("封面“件”填写卷内文件的件数（GB/T 9705—2008 3.1.3），应与卷内文件目录的条目数相同；不同说明卷内目录漏著或多著。",
                "The cover's 件 is the number of documents in the volume (GB/T 9705—2008 §3.1.3) and must equal the 卷内目录's rows."),
    example=VOLUME_SNIPPET,
    violation=VOLUME_SNIPPET.replace("2005,Y,5,2,", "2005,Y,5,3,"),
    applies_if=needs_both,
)
class VolumeItems(_PerVolume):
    def documents(self, batch, rows):
        acc = self.acc
        for start, end, entry in rows.runs:
            if entry is not None:
                acc[entry.code] = acc.get(entry.code, 0) + end - start
        return ()

    def finish(self):
        if self.reg is None:
            return
        for code, count in self.acc.items():
            entry = self.reg.by_code[code]
            if entry.items is not None and entry.items != count:
                yield Finding("", T("案卷 {v} 件数为 {n}，卷内文件目录有 {c} 条", "volume {v}: 件数 {n}, but the 卷内目录 lists {c}")
                              .format(v=code, n=entry.items, c=count), self.reg.at(entry, "件数"),
                              {"volume": code, "items": entry.items, "rows": count})


@volume_rule(
    id="VOL010",
    title=T("卷内文件所属的案卷不在案卷目录中", "A 卷内 row's volume is not in the 案卷目录"),
    severity=Severity.MAJOR,
    points=8,
    basis=INNER_ITEMS,
    remedy=T("核对该行的档号（案卷号）：著录错误的改正；案卷漏著的补入案卷目录。", "Check the row's 档号 (案卷号): correct a typo, or add the missing volume to the 案卷目录."),
    rationale=T("卷内文件目录的每一行都属于某一卷；找不到所属案卷的文件，在案卷目录中无从检索，也可能意味着整卷漏著。每个未知案卷报告一次。",
                "Every 卷内 row belongs to a volume; a document whose volume is not listed cannot be found through the 案卷目录, and "
                "may mean a whole volume is missing. Reported once per unknown volume."),
    example=VOLUME_SNIPPET,
    violation=VOLUME_SNIPPET + "\nZ109-WS·2005-Y-009-1,1,,县人民政府,关于防汛的通知,20050601,1",
    applies_if=needs_both,
)
class Orphans(RecordCheck):
    def __init__(self, ctx):
        super().__init__(ctx)
        self.unknown: dict[str, list[Any]] = {}  # named volume → [rows, first location]

    def batch(self, batch):
        if kind(batch) == VOLUME:
            return
        rows = inner_rows(batch)
        if rows.complete("volumes"):
            return
        for i, entry in enumerate(rows.volumes):
            if entry is not None:
                continue
            named = rows.named[i]
            if not named:
                near = rows.adopted.get(i)
                message = (T("该行没有档号或案卷号，无法确定所属案卷", "the row has no 档号 or 案卷号: its volume is unknown")
                           if near is None else
                           T("该行没有档号或案卷号；其顺序号接续案卷 {w}", "the row has no 档号 or 案卷号; its 顺序号 continue volume {w}'s")
                           .format(w=near.code))
                yield batch.finding(i, "档号" if batch.has("档号") else "案卷号", message)
                continue
            seen = self.unknown.get(named)
            if seen is not None:
                seen[0] += 1
            elif len(self.unknown) < ORPHAN_LIMIT:
                near = rows.adopted.get(i)
                self.unknown[named] = [1, batch.table.location(batch.lines[i], "档号" if batch.has("档号") else "案卷号"),
                                       near.code if near is not None else None]

    def finish(self):
        for named, (count, where, near) in self.unknown.items():
            if near is None:
                message = T("案卷目录中没有案卷“{v}”（卷内文件目录有 {n} 条，首条在此）",
                            "the 案卷目录 lists no volume “{v}” ({n} 卷内 row(s), the first here)")
            else:  # its 顺序号 run on from that volume's rows before it
                message = T("案卷目录中没有案卷“{v}”（卷内文件目录有 {n} 条，首条在此）；其顺序号接续案卷 {w}，可能是 {w} 的档号著录错误",
                            "the 案卷目录 lists no volume “{v}” ({n} 卷内 row(s), the first here); its 顺序号 continue volume {w}'s: "
                            "probably a mistyped 档号 of {w}")
            yield Finding("", message.format(v=named[:60], n=count, w=near), where,
                          {"volume": named, "rows": count, **({"continues": near} if near else {})})


@volume_rule(
    id="VOL011",
    title=T("案卷在卷内文件目录中没有文件", "A volume has no rows in the 卷内文件目录"),
    severity=Severity.MAJOR,
    points=6,
    basis=INNER_ITEMS,
    remedy=T("补录该卷的卷内文件目录；案卷已销毁或移出的，从案卷目录中注销并在备注中说明。",
             "List the volume's documents in the 卷内文件目录; a destroyed or moved volume is struck from the 案卷目录 with a note."),
    rationale=T("每卷都应有卷内文件目录（GB/T 9705—2008 4.3）；卷内目录中没有条目的案卷，其文件无法按件检索，也无从核对件数、页数。",
                "Every volume has its 卷内文件目录 (GB/T 9705—2008 §4.3); a volume without rows there cannot be searched by document "
                "and its 件数 and 页数 cannot be checked."),
    example=VOLUME_SNIPPET,
    violation=VOLUME_SNIPPET.replace("20050110-20050320\n#", "20050110-20050320\nZ109-WS·2005-Y-002,2,县政府关于林业的报告,2005,Y,3,1,20050401-20050401\n#"),
    applies_if=needs_both,
)
class EmptyVolumes(_PerVolume):
    def documents(self, batch, rows):
        acc = self.acc
        for _, _, entry in rows.runs:
            if entry is not None:
                acc[entry.code] = True
        return ()

    def volumes(self, batch):
        volume_rows(batch)
        return ()

    def finish(self):
        if self.reg is None:
            return
        for code, entry in self.reg.by_code.items():
            if code not in self.acc:
                yield Finding("", T("案卷 {v} 在卷内文件目录中没有文件", "volume {v} has no rows in the 卷内文件目录").format(v=code),
                              self.reg.at(entry, "档号" if "档号" in self.reg.views[entry.table].header.index else "案卷号"),
                              {"volume": code})


@volume_rule(
    id="VOL012",
    title=T("案卷起止日期未涵盖卷内文件的日期，或卷内文件日期不是日期",
            "A volume's 起止日期 do not cover its documents' dates, or a document's 日期 is no date"),
    severity=Severity.MINOR,
    points=3,
    basis=COVER_FILLING,
    remedy=T("案卷起止日期填写卷内最早和最晚文件的日期；核对日期超出的文件是否错装入本卷。",
             "Give the dates of the volume's earliest and latest documents; check whether a document outside them belongs elsewhere."),
    rationale=T("封面“时间”填写卷内文件的起止时间（GB/T 9705—2008 3.1.3）；文件日期超出案卷起止日期，说明起止日期填错或文件错装。",
                "The cover's 时间 is the span of the volume's documents (GB/T 9705—2008 §3.1.3); a document outside it means the span is "
                "wrong or the document is in the wrong volume."),
    example=VOLUME_SNIPPET,
    violation=VOLUME_SNIPPET.replace("20050320,3-5", "20050420,3-5"),
    applies_if=needs_both,
)
class DateSpan(_PerVolume):
    def volumes(self, batch):
        rows = volume_rows(batch)
        column = "起止日期" if batch.has("起止日期") else "起始日期"
        for i, span in enumerate(rows.spans):
            if span == "bad":
                raw = batch.column(column)[i]
                yield batch.finding(i, column, T("起止日期“{v}”不是日期范围", "起止日期 “{v}” is not a date range").format(v=str(raw)[:40]),
                                    value=raw)

    def documents(self, batch, rows):
        days, complete = rows.days, rows.complete("days")
        if not complete and batch.has("日期"):  # a date that is no day (20050230): reported at its row (a blank one is VOL002's)
            column = batch.column("日期")
            for i, raw in [(i, V.clean(column[i])) for i, day in enumerate(days) if day is None]:
                if raw:
                    yield batch.finding(i, "日期", T("日期“{v}”不是真实日期（应为 8 位数字 YYYYMMDD）",
                                                     "日期 “{v}” is not a real date (8 digits YYYYMMDD)").format(v=raw[:20]),
                                        value=raw[:80])
        for start, end, entry in rows.runs:
            if entry is None or entry.span is None:
                continue
            known = days[start:end]
            if not complete and None in known:
                known = [d for d in known if d is not None]
            if not known or (entry.span.low <= min(known) and max(known) <= entry.span.high):
                continue  # the common case: the run's earliest and latest inside the span
            yield from self._outside(batch, rows, start, end, entry)

    def _outside(self, batch, rows, start, end, entry):
        acc = self.acc
        for i in range(start, end):
            day = rows.days[i]
            if day is None or entry.span.low <= day <= entry.span.high:
                continue
            seen = acc.get(entry.code)
            if seen is None:
                acc[entry.code] = [day, day, batch.table.location(batch.lines[i], "日期")]
            else:
                seen[0], seen[1] = min(seen[0], day), max(seen[1], day)
        return ()

    def finish(self):
        if self.reg is None:
            return
        for code, (low, high, where) in self.acc.items():
            entry = self.reg.by_code[code]
            yield Finding("", T("案卷 {v} 的起止日期为 {s}，卷内文件日期 {d} 超出其范围（首条超出者：{w}）",
                                "volume {v}: 起止日期 {s}, but document date(s) {d} fall outside (first: {w})")
                          .format(v=code, s=K.show_span(*entry.span), d=K.show_span(low, high), w=":".join(str(p) for p in (where.file, where.sheet, where.line) if p)),
                          self.reg.at(entry, "起止日期" if "起止日期" in self.reg.views[entry.table].header.index else "起始日期"),
                          {"volume": code, "span": list(entry.span), "outside": [low, high], "first_outside_line": where.line,
                           "first_outside_file": where.file})


@volume_rule(
    id="VOL013",
    title=T("卷内文件的保管期限长于所在案卷", "A document is kept longer than its volume"),
    severity=Severity.MAJOR,
    points=6,
    basis=VOLUME_TERM,
    remedy=T("案卷的保管期限按卷内文件中最长的确定：改正案卷的保管期限，或把该文件调整到相应期限的案卷。",
             "A volume is kept as long as its longest-kept document: raise the volume's term, or move the document to a volume of its term."),
    rationale=T("文书档案的保管期限按文件价值确定（8号令第六条）；卷内文件的期限长于案卷，整卷到期销毁时会连带销毁应长期保存的文件。",
                "Retention follows a document's value (8号令 art. 6); a document kept longer than its volume would be destroyed with "
                "the volume when the volume's term runs out."),
    example=VOLUME_SNIPPET.replace("2005,Y,", "2005,D30,").replace("日期,页号\n", "日期,页号,保管期限\n")
    .replace(",1\n", ",1,D30\n").replace("3-5", "3-5,D10"),
    violation=VOLUME_SNIPPET.replace("2005,Y,", "2005,D30,").replace("日期,页号\n", "日期,页号,保管期限\n")
    .replace(",1\n", ",1,Y\n").replace("3-5", "3-5,D10"),
    applies_if=needs_both,
)
class DocumentTerms(RecordCheck):
    """Per volume: its documents kept longer than it, reported once at the first (a volume whose own term is
    too short is one finding, not one per document)."""

    def __init__(self, ctx):
        super().__init__(ctx)
        self.longer: dict[str, list[Any]] = {}  # volume → [its term, documents kept longer, their longest term, first location]

    def batch(self, batch):
        if kind(batch) == VOLUME or not batch.has("保管期限"):
            return ()
        rows = inner_rows(batch)
        terms, complete = rows.terms, rows.complete("terms")
        for start, end, entry in rows.runs:
            if entry is None or entry.term is None:
                continue
            run = terms[start:end]
            if not complete and None in run:
                run = [t for t in run if t is not None]
            if not run or max(run) <= entry.term:
                continue
            for i in range(start, end):
                rank = terms[i]
                if rank is None or rank <= entry.term:
                    continue
                seen = self.longer.get(entry.code)
                if seen is not None:
                    seen[1] += 1
                    seen[2] = max(seen[2], rank)
                elif len(self.longer) < ORPHAN_LIMIT:
                    self.longer[entry.code] = [entry.term, 1, rank, batch.table.location(batch.lines[i], "保管期限")]
        return ()

    def finish(self):
        for code, (term, count, rank, where) in self.longer.items():
            yield Finding("", T("案卷 {v} 的保管期限为{t}，卷内有 {n} 件文件的保管期限更长（最长为{d}，首件在此）",
                                "volume {v} is kept {t}, but {n} of its documents are kept longer (up to {d}; the first here)")
                          .format(v=code, t=_TERM_NAMES[term], n=count, d=_TERM_NAMES[rank]), where,
                          {"volume": code, "documents": count})
