"""The CAT rule set and the clauses the catalogue rules rest on (see shared domain facts §1, §7)."""

from __future__ import annotations

from typing import Any, Callable

from archcheck.api import BasisKind, RuleSet
from archcheck.checkers.sources import DAT22_2015, IMP1999, O8, REG2024, SECRET_MARKS

rules = RuleSet(area="CAT")


def catalog_rule(**metadata: Any) -> Callable[[type], Any]:
    """`@catalog_rule(id=..., ...)` on a RecordCheck subclass registers it as a catalogue rule."""
    return rules.rule(target="catalog", **metadata)


CATALOGUE = DAT22_2015.clause('5.5.2', BasisKind.DIRECT, '归档文件目录设置序号、档号、文号、责任者、题名、日期、密级、页数、备注等项目')
ORDER = DAT22_2015.clause('5.5.1', BasisKind.DIRECT, '归档文件应依据档号顺序编制归档文件目录')
REF_STRUCTURE = DAT22_2015.clause('5.4.2', BasisKind.PRINCIPLE, '档号结构宜为：全宗号-档案门类代码·年度-保管期限-机构（问题）代码-件号')
REF_PRINCIPLES = DAT22_2015.clause('5.4.1', BasisKind.PRINCIPLE, '档号编制应遵循唯一性、合理性、稳定性、扩充性、简单性原则；另见 DA/T 13—2022 第4章')
ITEM_NUMBER = DAT22_2015.clause('5.4.3 e)', BasisKind.DIRECT, '件号是归档文件在分类方案最低一级类目内的排列顺序号，用4位阿拉伯数字标识，不足4位的前面用“0”补足')
TERM_CODES = DAT22_2015.clause('5.4.3 c)', BasisKind.DIRECT, '保管期限分为永久、定期30年、定期10年，分别以代码“Y”“D30”“D10”标识')
YEAR_FORM = DAT22_2015.clause('5.4.3 b)', BasisKind.DIRECT,
                              '年度为文件形成年度，以4位阿拉伯数字标注公元纪年（DA/T 22—2000 4.4.2 同）')
ORDER8 = O8.clause('第六条', BasisKind.DIRECT, '文书档案的保管期限定为永久、定期两种；定期一般分为30年、10年')
YEAR_RULE = DAT22_2015.clause('5.2.2', BasisKind.PRINCIPLE, '归档文件按年度—机构（问题）—保管期限等分类；年度按文件形成时间确定，跨年度情况另有规则')
SECRECY = DAT22_2015.clause("5.5.2 g)", BasisKind.DIRECT, "密级按文件实际标注的密级著录，没有的不填；国家秘密的标志为“密级★保密期限”（国家保密局令第3号）")
COVER = DAT22_2015.clause("5.5.4", BasisKind.PRINCIPLE, "归档文件目录封面应有全宗号、全宗名称、年度、保管期限、机构（问题）等项目")
TRANSFER = REG2024.clause("第二十条第二款", BasisKind.CONFIGURABLE,
                          "档案自形成之日起满20年（中央、省、设区的市级档案馆）或10年（县级档案馆）向有关档案馆移交；专门档案、涉密档案可延期",
                          earlier=IMP1999.clause("第十三条第二款", BasisKind.CONFIGURABLE, "同样的 20 年 / 10 年移交期限"))
APPRAISAL = REG2024.clause('第二十四条', BasisKind.DIRECT, '应当定期对已达到保管期限的档案进行鉴定，形成鉴定工作报告')


#: DA/T 22—2015 took effect on 2016-06-01: items of earlier years were arranged under DA/T 22—2000, which
#: knew no 档号 structure, no fixed-width 件号 and no 档号/密级 columns (docs/sources.md). Items of 2016
#: may be either; they are judged by the 2015 rules.
EDITION_2015_FROM_YEAR = 2016


def catalog_year(raw: Any, latest: int) -> int | None:
    """A row's 年度 as a year, None unless it is four digits between `values.FIRST_YEAR` and `latest` (as-of's
    year): the rules that count or compare years leave an implausible one to CAT024."""
    from archcheck.api import values as V

    year = V.parse_year(raw)
    return year if year is not None and V.FIRST_YEAR <= year <= latest else None


def row_years(batch) -> "RowYears":
    """Each row's 年度 (the column, else the 档号's), None where unknown: read on demand, since the rules
    ask for a few rows of a batch (those with a finding), not for all of them."""
    return RowYears(batch)


class RowYears:
    """`years[index]`: a row's 年度 as a year, parsed once per distinct value and file."""

    def __init__(self, batch) -> None:
        from archcheck.api import values as V

        self.col = batch.column("年度")
        self.parse = V.parse_year
        self.cache = batch.table.cache.setdefault("years", {})
        if len(self.cache) > 100_000:
            self.cache.clear()

    def __getitem__(self, index: int) -> int | None:
        if self.col is None:
            return None
        value = self.col[index]
        year = self.cache.get(value, False)
        if year is False:
            year = self.cache[value] = self.parse(value)
        return year


class EditionTally:
    """Whether a 2015-only rule had any item of its edition to judge: when every item predates it, the
    rule is `not_applicable` (a pass it never tested would overstate the catalogue)."""

    def __init__(self) -> None:
        self.current = False
        self.earlier = False

    def count(self, batch) -> None:
        """Look at the batch's distinct 年度 values (an undated item is judged by the 2015 rules)."""
        if self.current:
            return
        from archcheck.api import values as V

        for value in batch.distinct("年度") or {""}:
            year = V.parse_year(value)
            if year is None or year >= EDITION_2015_FROM_YEAR:
                self.current = True
                return
            self.earlier = True

    def reason(self):
        from archcheck.api import T

        if self.current or not self.earlier:
            return None
        return T("目录中各件均在 DA/T 22—2015 施行（2016-06-01）前整理，DA/T 22—2000 不要求此项",
                 "every item was arranged before DA/T 22—2015 came into force (2016-06-01); DA/T 22—2000 did not require this")


def before_2015_edition(years: RowYears, index: int) -> bool:
    """Whether the row's item was arranged before DA/T 22—2015 applied (its 2015-only rules do not)."""
    year = years[index]
    return year is not None and year < EDITION_2015_FROM_YEAR
