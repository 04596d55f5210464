"""Every regulation and standard the built-in rules rest on, written once: title, number, when it took
effect, what it replaced. A rule's basis is one of these documents' clauses.

One place, so that a document is spelt one way in every report, its in-force date is known to the
engine (a duty is not applied before the document imposing it existed), and the facts with their
sources are in `docs/sources.md`. Dates marked there as unconfirmed are left out (None) here, never
guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from archcheck.api import Basis, BasisKind


@dataclass(frozen=True)
class Source:
    """A document: its title (in 《》 where it has one), number, in-force date and the day it stopped applying."""

    document: str
    number: str = ""
    in_force: dt.date | None = None
    #: the day a successor replaced it (None: still in force)
    until: dt.date | None = None

    def clause(self, clause: str = "", kind: BasisKind = BasisKind.DIRECT, note: str = "",
               earlier: Basis | None = None) -> Basis:
        """The basis of a rule: this document's `clause`, how firmly the rule rests on it, a note on what it says."""
        return Basis(self.document, self.number, clause, kind, note, in_force=self.in_force, earlier=earlier)


# ---------------------------------------------------------------- laws and regulations

#: 档案法 as first enacted (主席令第58号), in force 1988-01-01
LAW1987 = Source("《中华人民共和国档案法》（1987年）", "主席令第58号", dt.date(1988, 1, 1), dt.date(1996, 7, 5))
#: the 1996 amendment (主席令第71号), in force on publication; the 2016 amendment left its articles on
#: archives bodies, filing, transfer and security unchanged
LAW1996 = Source("《中华人民共和国档案法》（1996年修正）", "主席令第71号", dt.date(1996, 7, 5), dt.date(2021, 1, 1))
#: the 2020 revision (主席令第47号), in force 2021-01-01
LAW2020 = Source("《中华人民共和国档案法》", "主席令第47号", dt.date(2021, 1, 1))
#: 档案法实施办法 (国家档案局令第5号, 1999), repealed when the 条例 took effect
IMP1999 = Source("《中华人民共和国档案法实施办法》", "国家档案局令第5号", dt.date(1999, 6, 7), dt.date(2024, 3, 1))
#: 档案法实施条例 (国务院令第772号), in force 2024-03-01
REG2024 = Source("《中华人民共和国档案法实施条例》", "国务院令第772号", dt.date(2024, 3, 1))
#: 机关档案工作条例 (1983; its exact date is unconfirmed), followed by 13号令
JG1983 = Source("《机关档案工作条例》", "", None, dt.date(2019, 1, 1))
#: 机关档案管理规定 (国家档案局令第13号), in force 2019-01-01
O13 = Source("《机关档案管理规定》", "国家档案局令第13号", dt.date(2019, 1, 1))
#: 机关文件材料归档范围和文书档案保管期限规定 (国家档案局令第8号), in force 2006-12-18
O8 = Source("《机关文件材料归档范围和文书档案保管期限规定》", "国家档案局令第8号", dt.date(2006, 12, 18))
#: 档案库房技术管理暂行规定 (国家档案局, 1987-08-29)
KF87 = Source("《档案库房技术管理暂行规定》", "国家档案局 1987年", dt.date(1987, 8, 29))

#: 国家秘密文件、资料和其他物品标志的规定 (国家保密局令第3号, 1990): the 密级★保密期限 marking
SECRET_MARKS = Source("《国家秘密文件、资料和其他物品标志的规定》", "国家保密局令第3号")

# ---------------------------------------------------------------- standards

DAT22_2015 = Source("《归档文件整理规则》", "DA/T 22—2015", dt.date(2016, 6, 1))
DAT22_2000 = Source("《归档文件整理规则》（2000年）", "DA/T 22—2000", dt.date(2001, 1, 1), dt.date(2016, 6, 1))
DAT13_2022 = Source("《档号编制规则》", "DA/T 13—2022", dt.date(2022, 7, 1))
GB50140 = Source("《建筑灭火器配置设计规范》", "GB 50140—2005", dt.date(2005, 10, 1))

# ---------------------------------------------------------------- local schemes and common practice (no national date)

YUEYANG = Source("岳阳市机关档案工作规范化管理评估细则")
LOCAL_SCHEMES = "各地档案工作评估细则"


def practice(name: str) -> Source:
    """A threshold taken from common practice or a local scheme, not from a dated national text."""
    return Source(name)
