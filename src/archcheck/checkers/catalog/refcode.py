"""CAT004–CAT007: the 档号 — its form (DA/T 22 §5.4.2), its agreement with the item's fields, its uniqueness."""

from __future__ import annotations

from itertools import groupby

from archcheck.api import Finding, Location, RecordCheck, Severity, T, values as V
from archcheck.checkers.catalog._rules import REF_PRINCIPLES, REF_STRUCTURE, EditionTally, before_2015_edition, catalog_rule, catalog_year, row_years
from archcheck.checkers.catalog.first_lines import FirstLines, encode
from archcheck.checkers.sources import legacy_term_lawful


MALFORMED = {
    "term": T("保管期限代码“{term}”不是 Y/D30/D10", "retention code “{term}” is not Y/D30/D10"),
    "fonds_width": T("全宗号“{fonds}”不是 4 位", "fonds code “{fonds}” is not 4 characters"),
    "item_width": T("件号“{item}”不是 4 位数字", "item number “{item}” is not 4 digits"),
    "case": T("代码应为大写字母", "codes should be upper-case letters"),
    "dat13": T("为 DA/T 13—2022 格式（类别号内全用“·”）；如本单位采用该标准，请加 --dat13",
               "is in the DA/T 13—2022 form (all “·” inside the class code); pass --dat13 if the unit follows it"),
}


@catalog_rule(
    id="CAT004",
    title=T("档号结构不符合 DA/T 22 5.4.2", "档号 does not follow DA/T 22 §5.4.2"),
    severity=Severity.MAJOR,
    points=10,
    basis=REF_STRUCTURE,
    remedy=T("按“全宗号-门类代码·年度-保管期限-机构（问题）代码-件号”重编档号，例如 Z109-WS·2011-Y-BGS-0001；"
             "无机构（问题）层级时省略该段。",
             "Renumber as 全宗号-门类·年度-期限-机构-件号, e.g. Z109-WS·2011-Y-BGS-0001; leave out the 机构 segment if the scheme has none."),
    rationale=T("档号是每件文件的唯一标识，结构错误会破坏排序、查重和移交接收。也接受 DA/T 13—2022 的“·”分隔类别号（--dat13）。",
                "The 档号 identifies each item; a broken structure breaks sorting, de-duplication and transfer. "
                "The DA/T 13—2022 form with “·” inside the class code is accepted with --dat13."),
    example='档号,题名\nZ109-WS·2019-Y-BGS-0001,关于印发工作要点的通知',
    violation='档号,题名\nZ109WS2019Y0001,关于印发工作要点的通知',
)
class RefMalformed(RecordCheck):
    def __init__(self, ctx):
        super().__init__(ctx)
        self.edition = EditionTally()

    def not_applicable(self):
        return self.edition.reason()

    def batch(self, batch):
        self.edition.count(batch)
        refs = batch.refs
        if refs is None or not refs.parsed:
            return
        years = row_years(batch)
        for index, ref in refs.parsed.items():
            raw = refs.col[index]
            if not V.clean(raw) or before_2015_edition(years, index):
                continue  # blank: CAT003; arranged before DA/T 22—2015 defined the structure
            if ref is None:
                yield batch.finding(index, "档号", T("档号“{v}”无法按 全宗号-门类·年度-期限-机构-件号 解析",
                                                     "档号 “{v}” does not parse as fonds-category·year-term-org-item")
                                    .format(v=V.clean(raw)[:60]), value=raw)
                continue
            problems = [p for p in ref.problems if p in MALFORMED and not _column_reports(batch, index, p)]
            if problems:
                why = [MALFORMED[p].format(term=ref.term, fonds=ref.fonds, item=ref.item_text) for p in problems]
                yield batch.finding(index, "档号", T("档号“{v}”：{wz}", "档号 “{v}”: {we}").format(
                    v=V.clean(raw)[:60], wz="；".join(w.zh for w in why), we="; ".join(w.en for w in why)),
                    value=raw, problems=problems)


@catalog_rule(
    id="CAT005",
    title=T("档号分隔符不规范或未填全宗号", "档号 uses the wrong separator or lacks the fonds code"),
    severity=Severity.MINOR,
    points=3,
    basis=REF_STRUCTURE,
    remedy=T("门类代码与年度之间用间隔号“·”（U+00B7），不要用“.”“・”“•”或“-”；全宗号由档案馆赋予，取得后补入档号。",
             "Join category and year with “·” (U+00B7), not “.”, “・”, “•” or “-”; add the fonds code once the archive assigns it."),
    rationale=T("“-”连接上下位代码，“·”连接同级代码。分隔符不一致时同一件文件会有多种写法，查重与检索都会出错；"
                "本工具比较档号时会先统一分隔符。",
                "“-” joins levels, “·” joins codes of one level. Mixed separators give one item several spellings; "
                "archcheck normalises them before comparing 档号."),
    example='档号,题名\nZ109-WS·2019-Y-BGS-0001,关于印发工作要点的通知',
    violation='档号,题名\nZ109-WS.2019-Y-BGS-0001,关于印发工作要点的通知',
)
class RefSeparator(RecordCheck):
    def __init__(self, ctx):
        super().__init__(ctx)
        self.edition = EditionTally()

    def not_applicable(self):
        return self.edition.reason()

    def batch(self, batch):
        self.edition.count(batch)
        refs = batch.refs
        if refs is None or not refs.parsed:
            return
        years = row_years(batch)
        for index, ref in refs.parsed.items():
            if ref is None or before_2015_edition(years, index):
                continue
            if "separator" in ref.problems:
                raw = V.clean(refs.col[index])
                yield batch.finding(index, "档号", T("档号“{v}”门类与年度之间应为“·”", "档号 “{v}” should join category and year with “·”")
                                    .format(v=raw[:60]), value=raw, normalised=ref.key)
            if "fonds_missing" in ref.problems:
                yield batch.finding(index, "档号", T("档号“{v}”未含全宗号（尚未赋予？）", "档号 “{v}” has no fonds code (not yet assigned?)")
                                    .format(v=V.clean(refs.col[index])[:60]), value=refs.col[index])


def _column_reports(batch, index, problem):
    """A 档号 problem the row's own column already shows is reported once, by that column's rule:
    an invalid term by CAT010, an unpadded 件号 by CAT008 (the 档号 and the column agreeing)."""
    if problem == "term" and batch.has("保管期限"):
        return V.parse_term(batch.column("保管期限")[index]).kind == "invalid"
    if problem == "item_width" and batch.has("件号"):
        return V.parse_item(batch.column("件号")[index]).kind == "unpadded"
    return False




@catalog_rule(
    id="CAT006",
    title=T("档号与全宗号、年度、保管期限、机构、件号等项目不一致", "档号 disagrees with the item's own fields"),
    severity=Severity.MAJOR,
    points=8,
    basis=REF_PRINCIPLES,
    remedy=T("核对实体文件与归档章，更正档号或对应项目，使两者一致。", "Check the item and its filing stamp, then correct the 档号 or the field."),
    rationale=T("档号由分类项目组成（DA/T 13 一致性原则）。两者不一致说明分类或编号有一处是错的，装盒、排架和移交都会因此出错。"
                "每处不一致只报告一次，该行按相邻条目所在类目排列，不再引出缺号、乱序、重号；2007 年后文件的旧保管期限（长期/短期）由 CAT011 报告，不再算作不一致。机构列写部门名称（办公室）、档号写代码（BGS）的，"
                "全目录对应一致即不算问题，只报告与其余各行矛盾的行；也可用 --param CAT006.org_codes='{\"办公室\":\"BGS\"}' 给出对应关系。",
                "The 档号 is built from the classification fields (DA/T 13 consistency). A mismatch means one of them is wrong. Each "
                "mismatch is reported once, and the row is placed in the group its neighbours are in, so it causes no gap, order or "
                "repeat findings; a legacy term (长期/短期) on an item from 2007 on is CAT011's, not also a mismatch. A 机构 column "
                "of department names (办公室) beside codes in the 档号 (BGS) is fine while the pairing is "
                "consistent; only rows that contradict the rest are reported (or give the pairing with --param CAT006.org_codes)."),
    params={"org_codes": {}},
    example='档号,年度,题名\nZ109-WS·2019-Y-BGS-0003,2019,关于印发工作要点的通知',
    violation='档号,年度,题名\nZ109-WS·2019-Y-BGS-0003,2018,关于印发工作要点的通知',
)
class RefConsistent(RecordCheck):
    """Each row's disagreements (batch.disagreements) once; a 机构 column of department names is judged
    as a pairing over the whole file: a name paired with one code throughout is consistent, a row
    that pairs it with another code (or a code with another name) contradicts the rest."""

    def __init__(self, ctx):
        super().__init__(ctx)
        self.pairs: dict[tuple[str, str], list] = {}
        self.table = None

    def batch(self, batch):
        latest = self.ctx.as_of.year
        for index, wrong in batch.disagreements.items():
            # a 年度 that is no plausible year is CAT024's finding, not a disagreement with the 档号
            wrong = tuple(w for w in wrong if (w[0] != "年度" or catalog_year(w[1], latest) is not None)
                          and not _legacy_term_reported(batch, index, w[0], w[1]))
            if wrong:
                yield self._finding(batch, index, wrong)
        refs = batch.refs
        if refs is None or not batch.has("机构"):
            return
        self.table = batch.table
        orgs = batch.column("机构")
        names = [n for n in batch.distinct("机构") if V.clean(n) and not V.clean(n).isascii()]
        if not names:
            return
        codes = refs.part("机构")
        for index in batch.rows_with("机构", set(names)):
            code = codes[index]
            if code:
                where = self.pairs.setdefault((V.clean(orgs[index]), code), [])
                if len(where) < 100_000:
                    where.append((batch.lines[index], batch.table.sheet, refs.col[index]))

    def finish(self):
        if not self.pairs:
            return
        by_name: dict[str, dict[str, int]] = {}
        by_code: dict[str, dict[str, int]] = {}
        for (name, code), rows in self.pairs.items():
            by_name.setdefault(name, {})[code] = len(rows)
            by_code.setdefault(code, {})[name] = len(rows)
        given = {str(k): str(v) for k, v in (self.ctx.params.get("org_codes") or {}).items()}
        for (name, code), rows in sorted(self.pairs.items(), key=lambda kv: kv[1][0][:1]):
            usual_code = given.get(name) or max(by_name[name].items(), key=lambda kv: (kv[1], kv[0] == code))[0]
            usual_name = max(by_code[code].items(), key=lambda kv: (kv[1], kv[0] == name))[0]
            if usual_code == code and usual_name == name:
                continue
            for line, sheet, ref in rows:
                if usual_code != code:
                    message = T("机构“{n}”在本目录其余各行对应代码 {u}，本行档号为 {c}",
                                "机构 “{n}” goes with code {u} in the rest of the catalogue, this row's 档号 says {c}")
                else:
                    message = T("代码 {c} 在本目录其余各行对应机构“{u}”，本行为“{n}”",
                                "code {c} goes with 机构 “{u}” in the rest of the catalogue, this row says “{n}”")
                yield Finding("", message.format(n=name, u=usual_code if usual_code != code else usual_name, c=code),
                              self.table.location(line, "机构") if sheet == self.table.sheet else
                              Location(file=self.table.source, line=line, column=self.table.header.label("机构"), sheet=sheet),
                              {"fields": {"机构": name}, "ref": ref, "usual": usual_code if usual_code != code else usual_name})

    @staticmethod
    def _finding(batch, index, wrong):
        names = "、".join(w[0] for w in wrong)
        detail_zh = "；".join(f"{n}为“{v}”，档号中为“{r}”" for n, v, r in wrong)
        detail_en = "; ".join(f"{n} is “{v}”, the 档号 says “{r}”" for n, v, r in wrong)
        return batch.finding(index, wrong[0][0], T("档号与{n}不一致：{dz}", "档号 disagrees with {n}: {de}")
                             .format(n=names, dz=detail_zh, de=detail_en), fields={n: v for n, v, _ in wrong}, ref=batch.refs.col[index])


def _legacy_term_reported(batch, index: int, name: str, value: str) -> bool:
    """Whether a 保管期限 cell is a legacy term (长期/短期) on an item of 2007 or later: CAT011 reports that
    cell, and the term it needs is the one re-appraisal gives, so it is not also a disagreement with the 档号."""
    if name != "保管期限" or V.parse_term(value).kind != "legacy":
        return False
    years = batch.column("年度")
    return legacy_term_lawful(V.parse_year(years[index]) if years is not None else None) is not True


@catalog_rule(
    id="CAT007",
    title=T("档号重复", "Duplicate 档号"),
    severity=Severity.MAJOR,
    points=10,
    basis=REF_PRINCIPLES,
    remedy=T("核对两条记录对应的实体：若为同一件则删除重复条目，若为不同文件则重新编号。",
             "Check both items: delete the duplicate entry if it is the same document, otherwise renumber one of them."),
    rationale=T("档号必须唯一（DA/T 22 5.4.1、DA/T 13 唯一性原则）。比较前先去除空白并统一分隔符，"
                "因此 Z109-WS.2019-Y-BGS-0001 与 Z109-WS·2019-Y-BGS-0001 视为重复。",
                "A 档号 must be unique. Whitespace and separators are normalised first, so Z109-WS.2019-Y-BGS-0001 and "
                "Z109-WS·2019-Y-BGS-0001 are duplicates."),
    example='档号,题名\nZ109-WS·2019-Y-BGS-0007,关于甲的通知\nZ109-WS·2019-Y-BGS-0008,关于乙的通知',
    violation='档号,题名\nZ109-WS·2019-Y-BGS-0007,关于甲的通知\nZ109-WS·2019-Y-BGS-0007,关于乙的通知',
)
class RefDuplicate(RecordCheck):
    """First occurrence of each 档号 as a line number per group, indexed by 件号 (see first_lines.py)."""

    def __init__(self, ctx):
        super().__init__(ctx)
        self.seen = FirstLines()
        self.odd: dict[str, int] = {}  # 档号 that do not parse: normalised text → first line

    def batch(self, batch):
        refs = batch.refs
        if refs is None:
            return
        sheet = self.seen.sheet_id(batch.table.sheet)
        items, lines = refs.items, batch.lines
        moved = batch.placed_by_neighbours if batch.disagreements else ()
        if moved:  # a mistyped 档号 (CAT006's finding) is neither the first of its 档号 nor a repeat of it
            items = [-1 if i in moved else item for i, item in enumerate(items)]
        at = 0
        for key, members in groupby(refs.dup_keys):
            size = len(list(members))
            start, end, at = at, at + size, at + size
            if key is None:
                for index in range(start, end):
                    norm = V.normalise_ref(refs.col[index])
                    if not norm or index in moved:
                        continue
                    if norm in self.odd:
                        yield self._finding(batch, index, self.odd[norm])
                    else:
                        self.odd[norm] = encode(sheet, lines[index])
                continue
            for index, first in self.seen.record(key, items, lines, sheet, start, end):
                yield self._finding(batch, index, first)

    def _finding(self, batch, index, first):
        sheet, line = self.seen.decode(first)
        where = f"{sheet}!{line}" if sheet else str(line)
        value = V.clean(batch.refs.col[index])
        return batch.finding(index, "档号", T("档号“{v}”与第 {w} 行重复", "档号 “{v}” repeats line {w}").format(v=value[:60], w=where),
                             value=value, first_line=line, first_sheet=sheet)
