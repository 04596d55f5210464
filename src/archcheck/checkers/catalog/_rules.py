"""The CAT rule set and the clauses the catalogue rules rest on (see shared domain facts §1, §7)."""

from __future__ import annotations

from typing import Any, Callable

from archcheck.api import BasisKind, RuleSet
from archcheck.checkers.sources import DAT22_2015, O8, REG2024

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
ORDER8 = O8.clause('第六条', BasisKind.DIRECT, '文书档案的保管期限定为永久、定期两种；定期一般分为30年、10年')
YEAR_RULE = DAT22_2015.clause('5.2.2', BasisKind.PRINCIPLE, '归档文件按年度—机构（问题）—保管期限等分类；年度按文件形成时间确定，跨年度情况另有规则')
APPRAISAL = REG2024.clause('第二十四条', BasisKind.DIRECT, '应当定期对已达到保管期限的档案进行鉴定，形成鉴定工作报告')
