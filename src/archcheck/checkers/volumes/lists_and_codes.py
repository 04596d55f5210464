"""VOL001–VOL005, VOL014, VOL015: the two catalogues have their columns and cells, each volume one well-formed
档号, 案卷号 run without gaps inside each 目录, every 保管期限 is a term of 8号令, and every row could be read."""

from __future__ import annotations

from archcheck.api import Finding, RecordCheck, Severity, T, values as V
from archcheck.api import volumes as K
from archcheck.checkers.volumes.ruleset import INNER, VOLUME
from archcheck.checkers.catalog.structure import malformed_row_findings
from archcheck.checkers.sources import legacy_term_lawful
from archcheck.checkers.volumes.ruleset import (COVER_CODE, COVER_ITEMS, CODE_UNIQUE, INNER_ITEMS, TERMS, VOLUME_CODE,
                                               volume_rule)
from archcheck.checkers.volumes.rows import inner_rows, kind, register, volume_rows

VOLUME_SNIPPET = ("# 案卷目录\n档号,案卷号,案卷题名,年度,保管期限,页数,件数,起止日期\n"
                  "Z109-WS·2005-Y-001,1,县政府关于农业生产的通知、报告,2005,Y,5,2,20050110-20050320\n"
                  "# 卷内文件目录\n档号,顺序号,文号,责任者,题名,日期,页号\n"
                  "Z109-WS·2005-Y-001-1,1,县政发〔2005〕3号,县人民政府,关于春耕生产的通知,20050110,1\n"
                  "Z109-WS·2005-Y-001-2,2,,农业局,关于春耕生产情况的报告,20050320,3-5")

#: the columns each catalogue needs (one of each tuple); 文号 and 备注 may be blank but the column is the item's
VOLUME_NEEDS = (("档号", "案卷号"), ("案卷题名",), ("保管期限",), ("起止日期", "起始日期"), ("页数", "件数"))
INNER_NEEDS = (("档号", "案卷号"), ("顺序号", "档号"), ("文号",), ("责任者",), ("题名",), ("日期",), ("页号",))
#: cells that must not be blank
VOLUME_CELLS = ("案卷题名", "保管期限", "起止日期", "案卷号", "档号")
INNER_CELLS = ("题名", "责任者", "日期", "页号", "顺序号")


@volume_rule(
    id="VOL001",
    title=T("案卷目录或卷内文件目录缺少规定的项目（列）", "A volume catalogue lacks a required column"),
    severity=Severity.MAJOR,
    points=10,
    basis=COVER_ITEMS,
    remedy=T("案卷目录导出档号（或案卷号）、案卷题名、保管期限、起止日期、页数或件数；卷内文件目录导出档号或案卷号、顺序号、文号、"
             "责任者、题名、日期、页号。本系统的列名可用 --column 表头=项目 对应。",
             "Export 档号 (or 案卷号), 案卷题名, 保管期限, 起止日期 and 页数 or 件数 in the 案卷目录, and 档号 or 案卷号, 顺序号, 文号, "
             "责任者, 题名, 日期, 页号 in the 卷内文件目录; map your system's names with --column HEADER=COLUMN."),
    rationale=T("案卷封面项目（GB/T 9705—2008 3.1.2）和卷内文件目录项目（4.3）规定了每卷、每份文件要著录的内容；缺列即整列未著录，"
                "卷内文件也无法与所属案卷对应。",
                "GB/T 9705—2008 §3.1.2 (the volume cover) and §4.3 (the 卷内文件目录) fix what is recorded for each volume and "
                "document; a missing column was never recorded, and without 档号 or 案卷号 a document cannot be joined to its volume."),
    example=VOLUME_SNIPPET,
    violation="# 案卷目录\n案卷号,案卷题名,年度,页数\n1,县政府关于农业生产的通知、报告,2005,5",
)
class RequiredColumns(RecordCheck):
    def begin(self, table):
        needs = VOLUME_NEEDS if kind(table) == VOLUME else INNER_NEEDS
        for options in needs:
            if not any(name in table.header.index for name in options):
                yield Finding("", T("{k}缺少“{c}”列", "the {ke} has no “{c}” column").format(
                    k=_kind_zh(table), ke=_kind_en(table), c="”或“".join(options)), table.location(None, None),
                    {"header": list(table.header.names)[:30]})


def _kind_zh(table) -> str:
    return "案卷目录" if kind(table) == VOLUME else "卷内文件目录"


def _kind_en(table) -> str:
    return "案卷目录 (volume list)" if kind(table) == VOLUME else "卷内文件目录 (documents of the volumes)"


@volume_rule(
    id="VOL002",
    title=T("案卷或卷内文件的必填项目为空", "A required item of a volume or document is blank"),
    severity=Severity.MAJOR,
    points=8,
    basis=INNER_ITEMS,
    remedy=T("补录案卷题名、保管期限、起止日期、案卷号（档号），以及卷内文件的顺序号、责任者、题名、日期、页号；自拟题名加“[ ]”。",
             "Fill in each volume's 案卷题名, 保管期限, 起止日期 and 案卷号 (档号), and each document's 顺序号, 责任者, 题名, 日期 and 页号."),
    rationale=T("空白的题名、日期、页号使案卷和文件无法检索，也无法与实体核对（GB/T 9705—2008 3.1.3、4.4）。",
                "A blank title, date or page number makes the volume or document unfindable and uncheckable against the paper "
                "(GB/T 9705—2008 §3.1.3, §4.4)."),
    example=VOLUME_SNIPPET,
    violation=VOLUME_SNIPPET.replace("关于春耕生产的通知,", ","),
)
class BlankCells(RecordCheck):
    def batch(self, batch):
        names = VOLUME_CELLS if kind(batch) == VOLUME else INNER_CELLS
        if kind(batch) != VOLUME:
            rows = inner_rows(batch)  # a parsed column without a gap has no blank cell either
            parsed = {"顺序号": "seqs", "页号": "starts", "日期": "days"}
            names = [n for n in names if n not in parsed or not rows.complete(parsed[n])]
        for name in names:
            for index in batch.blank_rows(name):
                yield batch.finding(index, name, T("“{c}”为空", "“{c}” is blank").format(c=name))


@volume_rule(
    id="VOL003",
    title=T("案卷档号结构错误或与案卷号、顺序号不符", "A volume 档号 is malformed or disagrees with its 案卷号 or 顺序号"),
    severity=Severity.MAJOR,
    points=6,
    basis=VOLUME_CODE,
    remedy=T("案卷档号写作 全宗号-类别号（或目录号）-案卷号，如 Z109-WS·2005-Y-001；卷内文件的档号为所属案卷的档号加“-件号”，"
             "件号与顺序号一致。",
             "Write a volume's 档号 as 全宗号-类别号 (or 目录号)-案卷号, e.g. Z109-WS·2005-Y-001; a document's 档号 is its volume's "
             "档号 followed by -件号, the 件号 equal to its 顺序号."),
    rationale=T("DA/T 13 规定按卷整理的档号为 全宗号-类别号-案卷号-件号（页号），上下位代码以“-”连接；档号与案卷号、顺序号不一致时，"
                "卷内文件归入哪一卷就无从确定。",
                "DA/T 13 fixes the 按卷 档号 as 全宗号-类别号-案卷号-件号 (or 页号), joined by “-”; a 档号 that disagrees with the "
                "案卷号 or 顺序号 leaves open which volume a document belongs to."),
    example=VOLUME_SNIPPET,
    violation=VOLUME_SNIPPET.replace("Z109-WS·2005-Y-001,1,", "Z109-WS·2005-Y-001,2,"),
)
class CodeStructure(RecordCheck):
    def batch(self, batch):
        if kind(batch) == VOLUME:
            rows = volume_rows(batch)
            numbers = rows.numbers if batch.has("案卷号") else None
            if rows.parsed is None:  # every 档号 in the clean form: only a 案卷号 that disagrees to find
                if numbers is not None and numbers != rows.code_numbers:
                    codes = batch.column("档号")
                    for i, (own, number) in enumerate(zip(numbers, rows.code_numbers)):
                        if own is not None and own != number:
                            yield self._disagrees(batch, i, own, number, codes[i])
                return
            for i, parsed in enumerate(rows.parsed):
                if parsed is None:
                    continue
                if parsed.problems:
                    yield batch.finding(i, "档号", T("案卷档号“{d}”不是 全宗号-类别号-案卷号 的结构（{p}）",
                                                     "the volume 档号 “{d}” is not 全宗号-类别号-案卷号 ({p})")
                                        .format(d=parsed.text[:40], p="、".join(parsed.problems)), value=parsed.text,
                                        problems=list(parsed.problems))
                elif numbers is not None:
                    own = numbers[i]
                    if own is not None and own != parsed.number:
                        yield self._disagrees(batch, i, own, parsed.number, parsed.text)
            return
        if not batch.has("档号"):
            return
        rows = inner_rows(batch)
        misnamed = rows.misnamed
        if misnamed:
            codes = batch.column("档号")
            for i, named in misnamed.items():
                sits = next(entry for start, end, entry in rows.runs if start <= i < end)
                yield batch.finding(i, "档号", T("档号“{d}”指向案卷 {v}，但本行顺序号 {n} 接续案卷 {w} 的文件：可能是 {w} 的档号著录错误",
                                                 "档号 “{d}” names volume {v}, but this row's 顺序号 {n} runs on from volume {w}'s "
                                                 "documents: probably a mistyped 档号 of {w}")
                                    .format(d=V.clean(codes[i])[:40], v=named.code, n=rows.seqs[i], w=sits.code),
                                    value=V.clean(codes[i]), named=named.code, volume=sits.code)
        if not batch.has("顺序号") or rows.code_items == rows.seqs:  # the common case: one comparison
            return
        for i, entry in enumerate(rows.volumes):
            item = rows.code_items[i]
            if entry is None or item < 0 or i in misnamed:
                continue
            own = rows.seqs[i]
            if own is not None and own != item:
                yield batch.finding(i, "档号", T("档号中的件号 {m} 与顺序号 {n} 不一致", "the 件号 {m} in the 档号 disagrees with 顺序号 {n}")
                                    .format(m=item, n=own), item=item, sequence=own)

    @staticmethod
    def _disagrees(batch, index, own, number, code):
        return batch.finding(index, "案卷号", T("案卷号 {n} 与档号“{d}”中的案卷号 {m} 不一致",
                                                "案卷号 {n} disagrees with the 案卷号 {m} in the 档号 “{d}”")
                             .format(n=own, m=number, d=code[:40]), value=own, code=code)


@volume_rule(
    id="VOL004",
    title=T("案卷档号（案卷号）重复", "A volume 档号 (案卷号) repeats"),
    severity=Severity.MAJOR,
    points=8,
    basis=CODE_UNIQUE,
    remedy=T("核对重号的两卷：是同一卷重复著录则删去一行，是两卷则给后一卷编新的案卷号并改正其卷内文件的档号。",
             "Look at both volumes: delete the repeated row if it is the same volume, otherwise give the second a new 案卷号 and "
             "correct its documents' 档号."),
    rationale=T("档号指代单一（DA/T 13—2022 4.1），案卷号在目录内不得重复（GB/T 9705—2008 3.1.3.8）；重号的两卷，卷内文件无法分清归属。",
                "A 档号 names one thing only (DA/T 13—2022 §4.1) and 案卷号 never repeat inside a 目录 (GB/T 9705—2008 §3.1.3.8); "
                "the documents of two volumes with one number cannot be told apart."),
    example=VOLUME_SNIPPET,
    violation=VOLUME_SNIPPET.replace("20050110-20050320\n#", "20050110-20050320\nZ109-WS·2005-Y-001,1,县政府关于林业的报告,2005,Y,3,1,20050401-20050401\n#"),
)
class RepeatedVolumes(RecordCheck):
    def batch(self, batch):
        if kind(batch) != VOLUME:
            return
        for i, first in volume_rows(batch).repeats:
            yield batch.finding(i, "档号" if batch.has("档号") else "案卷号",
                                T("案卷“{d}”重复（首次见第 {f} 行）", "volume “{d}” repeats (first at line {f})")
                                .format(d=first.code[:40], f=first.line), code=first.code, first_line=first.line)


@volume_rule(
    id="VOL005",
    title=T("案卷号在目录内不连续（缺号）", "案卷号 gaps inside a 目录"),
    severity=Severity.MAJOR,
    points=6,
    basis=COVER_CODE,
    remedy=T("核对缺号的案卷是遗失、未著录还是已销毁；销毁、移出的应在案卷目录备注中注明，不得留下无说明的空号。",
             "Find out whether the missing volumes were lost, never listed or destroyed; a destroyed or moved volume is noted in the "
             "备注 of the 案卷目录, never left as an unexplained gap."),
    rationale=T("案卷号是目录内案卷的顺序编号（GB/T 9705—2008 3.1.3.8），从 1 起连续；缺号提示案卷丢失或漏录。备注中写明的（销毁、移出、调出）不报。",
                "案卷号 number the volumes of a 目录 in order (GB/T 9705—2008 §3.1.3.8), from 1 without gaps; a gap suggests a lost or "
                "unlisted volume."),
    example=VOLUME_SNIPPET,
    violation=VOLUME_SNIPPET.replace("Z109-WS·2005-Y-001,1,", "Z109-WS·2005-Y-002,2,").replace("Y-001-", "Y-002-"),
    applies_if=None,
)
class VolumeGaps(RecordCheck):
    """Per 目录: the 案卷号 seen (one byte each) and the line of the next higher one, for the message."""

    def __init__(self, ctx):
        super().__init__(ctx)
        self.seen: dict[str, bytearray] = {}
        self.reg = None

    def batch(self, batch):
        if kind(batch) != VOLUME:
            return ()
        self.reg = register(batch)
        for entry in volume_rows(batch).entries:
            if entry is None or not 0 < entry.number <= 1_000_000:
                continue
            bits = self.seen.get(entry.scope)
            if bits is None:
                bits = self.seen[entry.scope] = bytearray()
            if len(bits) <= entry.number:
                bits.extend(bytes(entry.number - len(bits) + 64))
            bits[entry.number] = 1
        return ()

    def finish(self):
        if self.reg is None:
            return
        for code in self.reg.alias_used:  # its 卷内 rows name it by its 案卷号: the 档号 was the typo (VOL003's)
            entry, (scope, number) = self.reg.by_code[code], self.reg.aliases[code]
            if not 0 < number <= 1_000_000:
                continue
            old = self.seen.get(entry.scope)
            if old is not None and self.reg.by_scope.get((entry.scope, entry.number)) == code and entry.number < len(old):
                old[entry.number] = 0
                if not any(old):
                    del self.seen[entry.scope]  # a 目录 only that typo made
            bits = self.seen.setdefault(scope, bytearray())
            if len(bits) <= number:
                bits.extend(bytes(number - len(bits) + 64))
            bits[number] = 1
        for scope, bits in self.seen.items():
            top = len(bits.rstrip(b"\x00")) - 1
            number = 1
            while number <= top:
                if bits[number]:
                    number += 1
                    continue
                first = number
                while not bits[number]:
                    number += 1
                nxt = self.reg.find_number(scope, number)
                missing = str(first) if number - 1 == first else f"{first}–{number - 1}"
                where = self.reg.at(nxt, "案卷号") if nxt is not None else None
                yield Finding("", T("目录 {s} 缺案卷号 {m}（下一卷为 {n}）", "目录 {s} lacks 案卷号 {m} (next present: {n})")
                              .format(s=scope or "—", m=missing, n=number), where or self.reg.views[0].location(None, "案卷号"),
                              {"scope": scope, "missing_from": first, "missing_to": number - 1})


@volume_rule(
    id="VOL014",
    title=T("案卷或卷内文件的保管期限不是规定的期限", "A volume's or document's 保管期限 is not a term of 8号令"),
    severity=Severity.MAJOR,
    points=5,
    basis=TERMS,
    remedy=T("保管期限填写永久、定期30年、定期10年（或代码 Y、D30、D10）；2006 年以前形成的案卷可保留原“长期”“短期”。",
             "Write 永久, 定期30年 or 定期10年 (codes Y, D30, D10); volumes formed up to 2006 may keep their 长期/短期."),
    rationale=T("8号令第六条定文书档案保管期限为永久、定期30年、定期10年；其施行（2006-12-18）前的“长期”“短期”不改写，之后形成的档案不再使用。",
                "8号令 art. 6 fixes the terms 永久, 定期30年, 定期10年; the earlier 长期/短期 stay on records of 2006 and before, "
                "and are wrong on later ones."),
    example=VOLUME_SNIPPET,
    violation=VOLUME_SNIPPET.replace("2005,Y,", "2005,长久,"),
)
class Terms(RecordCheck):
    def batch(self, batch):
        if not batch.has("保管期限"):
            return
        years = batch.column("年度") if batch.has("年度") else None
        dates = batch.column("日期") if batch.has("日期") else None
        cache = batch.table.cache.setdefault("VOL014", {})
        odd = set()
        for value in batch.distinct("保管期限"):
            if value not in cache:
                cache[value] = V.parse_term(value)
            if cache[value].kind not in ("ok", "label", "empty"):
                odd.add(value)
        column = batch.column("保管期限")
        for i in batch.rows_with("保管期限", odd) if odd else ():
            raw = column[i]
            term = cache[raw]
            if term.kind == "legacy":
                year = V.parse_year(years[i]) if years is not None else None
                if year is None and dates is not None:
                    day = K.item_day(dates[i])
                    year = day // 10000 if day else None
                if legacy_term_lawful(year) is not False:
                    continue
                message = T("保管期限“{v}”是 8号令施行前的期限，{y} 年形成的档案不应使用", "保管期限 “{v}” predates 8号令; records of {y} must not use it")
                yield batch.finding(i, "保管期限", message.format(v=V.clean(raw)[:20], y=year), value=V.clean(raw), year=year)
            else:
                yield batch.finding(i, "保管期限", T("保管期限“{v}”不是规定的期限", "保管期限 “{v}” is not a retention term")
                                    .format(v=V.clean(raw)[:20]), value=V.clean(raw)[:80])


@volume_rule(
    id="VOL015",
    title=T("案卷目录或卷内文件目录的记录行结构错误（字段数不符或不是 JSON 对象）",
            "A malformed row in a volume catalogue (wrong field count, or not a JSON object)"),
    severity=Severity.MAJOR,
    points=8,
    basis=COVER_ITEMS,
    remedy=T("检查该行是否含未加引号的逗号（案卷题名、题名中常见）、多余或缺少的分隔符，或被截断；JSON Lines 每行须是一个对象。",
             "Look for an unquoted comma (common in 案卷题名 and 题名), a missing or extra delimiter, or a cut-off line; "
             "in JSON Lines each line must be one object."),
    rationale=T("字段错位会让每个项目读错列：题名落进日期、页号落进备注。此类行只报告本条，其他规则不再就该行报告（读到的值不可靠）。",
                "A shifted row puts every item in the wrong column. Such a row gets this finding only: the other rules' findings on it "
                "are withheld (what they read there is unreliable)."),
    example=VOLUME_SNIPPET,
    violation=VOLUME_SNIPPET.replace("关于春耕生产的通知,", "关于春耕生产,备耕的通知,"),
)
class MalformedRows(RecordCheck):
    reports_unplaced = True

    def batch(self, batch):
        return malformed_row_findings(batch)
