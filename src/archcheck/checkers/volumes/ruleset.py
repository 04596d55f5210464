"""The VOL rule set and the clauses the volume-catalogue rules rest on (docs/sources.md, "Volume catalogues")."""

from __future__ import annotations

from typing import Any, Callable

from archcheck.api import BasisKind, RuleSet, T
from archcheck.checkers.sources import DAT13_1994, DAT13_2022, GBT9705, GBT9705_1988, O8, RET1987

rules = RuleSet(area="VOL")

#: the two volume catalogue kinds, as `archcheck.catalog.volumes` names them (a table view's options["kind"])
VOLUME, INNER = "volume", "inner"


def volume_rule(**metadata: Any) -> Callable[[type], Any]:
    """`@volume_rule(id=..., ...)` on a RecordCheck subclass registers it as a volume-catalogue rule."""
    return rules.rule(target="volumes", **metadata)


DIRECT, PRINCIPLE = BasisKind.DIRECT, BasisKind.PRINCIPLE

#: the volume cover (and so the 案卷目录 row) — GB/T 9705—2008 §3.1.2, as in the 1988 edition
COVER_ITEMS = GBT9705.clause("3.1.2", DIRECT, "案卷封面项目包括：全宗名称、类目名称、案卷题名、时间、保管期限、件、页数、归档号、档号",
                             earlier=GBT9705_1988.unnumbered("1988 年版封面项目，条号未核实", DIRECT, "案卷封面填写案卷题名、起止时间、保管期限、件数、页数、档号"))
#: the 卷内文件目录 columns — §4.3
INNER_ITEMS = GBT9705.clause("4.3", DIRECT, "卷内文件目录项目：顺序号、文号、责任者、题名、日期、页号、备注",
                             earlier=GBT9705_1988.unnumbered("1988 年版卷内文件目录，条号未核实", DIRECT, "卷内文件目录设顺序号、文号、责任者、题名、日期、页号、备注"))
#: how the 卷内文件目录 is filled in — §4.4 (顺序号 from 1; 页号: each item's first page, the last item its first and last)
INNER_FILLING = GBT9705.clause("4.4", DIRECT, "顺序号以卷内文件排列先后顺序从 1 起标注；页号填写每份文件首页的页号，最后一份文件填写起止页号",
                               earlier=GBT9705_1988.unnumbered("1988 年版卷内文件目录填写方法，条号未核实", DIRECT, "顺序号、页号按卷内文件排列顺序填写"))
#: the cover's 件、页数 and 时间 — §3.1.3 (filling in the cover)
COVER_FILLING = GBT9705.clause("3.1.3", DIRECT, "封面“件、页数”填写卷内文件的件数和总页数；“时间”填写卷内文件的起止时间",
                               earlier=GBT9705_1988.unnumbered("1988 年版封面填写方法，条号未核实", DIRECT, "装订的案卷填写总页数，不装订的填写总件数；填写卷内文件起止时间"))
#: the cover's 档号: 全宗号、目录号、案卷号; 案卷号 the volumes' running number inside a 目录, never repeated — §3.1.3.8
COVER_CODE = GBT9705.clause("3.1.3.8", DIRECT, "封面档号由全宗号、目录号、案卷号组成；案卷号是目录内案卷的顺序编号，不允许重复",
                            earlier=GBT9705_1988.unnumbered("1988 年版封面档号，条号未核实", DIRECT, "档号由全宗号、目录号、案卷号组成"))
#: the 按卷 档号 — DA/T 13 (1994 §4.2; the 2022 edition's 按卷 structure)
VOLUME_CODE = DAT13_2022.unnumbered(
    "DA/T 13—2022 按卷整理档案的档号结构（第5章），条号未核实", PRINCIPLE,
    "按卷整理档案的档号：全宗号-类别号-案卷号-件号（或页号），上、下位代码之间用“-”连接",
    earlier=DAT13_1994.clause("4.2", PRINCIPLE, "第二种结构为：全宗号—类别号—案卷号—件、页（张）号；上、下位代码之间用“-”相隔（4.4）"))
#: uniqueness of 档号 — DA/T 13—2022 §4.1 (1994 §3.1)
CODE_UNIQUE = DAT13_2022.clause("4.1", DIRECT, "档案馆（室）内档号应指代单一；一个代码只表示一个编号对象",
                                earlier=DAT13_1994.clause("3.1", DIRECT, "档案馆（室）内档案档号应指代单一"))
#: retention terms — 8号令 art. 6 (before it the 1987 永久/长期/短期 scheme)
TERMS = O8.clause("第六条", DIRECT, "文书档案的保管期限定为永久、定期两种；定期一般分为30年、10年",
                  earlier=RET1987.unnumbered("1987 年规定全文未见；见 8号令第十五条", DIRECT, "文书档案保管期限分为永久、长期、短期"))
#: a volume kept as long as its longest-kept document: 8号令 art. 6 read with §3.1.3 (the cover's 保管期限)
VOLUME_TERM = O8.clause("第六条", PRINCIPLE, "保管期限按文件的价值确定；案卷封面的保管期限是卷内文件中最长的保管期限",
                        earlier=RET1987.unnumbered("1987 年规定全文未见", PRINCIPLE, "案卷的保管期限按卷内文件中最长的确定"))


def needs_both(view: Any, ctx: Any):
    """Not applicable unless the run has both a 案卷目录 and a 卷内文件目录 (a rule joining the two)."""
    kinds = view.options.get("kinds", set())
    if VOLUME not in kinds:
        return T("未提供案卷目录：无法核对卷内文件所属案卷", "no 案卷目录 was given: 卷内 rows cannot be joined to their volumes")
    if INNER not in kinds:
        return T("未提供卷内文件目录：无法核对案卷的卷内文件", "no 卷内文件目录 was given: volumes cannot be checked against their documents")
    return None


def needs(kind: str) -> Callable[[Any, Any], Any]:
    def applies(view: Any, ctx: Any):
        if kind not in view.options.get("kinds", set()):
            return (T("未提供案卷目录", "no 案卷目录 was given") if kind == VOLUME
                    else T("未提供卷内文件目录", "no 卷内文件目录 was given"))
        return None
    return applies
