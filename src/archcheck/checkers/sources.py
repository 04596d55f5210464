"""Every regulation and standard the built-in rules rest on, written once: title, number, when it took
effect, what replaced it — and, per duty, which predecessor imposed the same duty before.

One place, so that a document is spelt one way in every report, its in-force date is known to the
engine (a duty is not applied before the document imposing it existed: `Basis.for_date`), and the facts
with their sources and confidence are in `docs/sources.md`. Dates the sources leave unconfirmed are
left out (None) here, never guessed; a clause number they leave unconfirmed is never shown to users
(`Source.unnumbered`: the document alone is cited, `archcheck explain` says where the text was found).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from archcheck.api import Basis, BasisKind

DIRECT, PRINCIPLE, CONFIGURABLE = BasisKind.DIRECT, BasisKind.PRINCIPLE, BasisKind.CONFIGURABLE


@dataclass(frozen=True)
class Source:
    """A document: its title (in 《》 where it has one), number, in-force date, the day a successor
    replaced it, and which document that was (an id of this module)."""

    document: str
    number: str = ""
    in_force: dt.date | None = None
    #: the day a successor replaced it (None: still in force, or unconfirmed)
    until: dt.date | None = None
    #: the id (name in this module) of the document that replaced it
    replaced_by: str = ""

    def clause(self, clause: str = "", kind: BasisKind = BasisKind.DIRECT, note: str = "",
               earlier: Basis | None = None) -> Basis:
        """The basis of a rule: this document's `clause` (a confirmed clause number), how firmly the rule
        rests on it, a note on what it says, and the predecessor clause that imposed the same duty before."""
        return Basis(self.document, self.number, clause, kind, note, in_force=self.in_force, earlier=earlier,
                     until=self.until)

    def unnumbered(self, detail: str, kind: BasisKind = BasisKind.DIRECT, note: str = "",
                   earlier: Basis | None = None) -> Basis:
        """A basis whose clause number is unconfirmed: users see the document alone; `detail` (shown by
        `archcheck explain`) says where in the document, or in which reproduction, the requirement was found."""
        return Basis(self.document, self.number, "", kind, note, in_force=self.in_force, earlier=earlier,
                     until=self.until, detail=detail)


# ---------------------------------------------------------------- laws and regulations

#: 档案法 as first enacted (主席令第58号, adopted 1987-09-05), in force 1988-01-01; its article numbers
#: are unconfirmed (no text found), so it is cited as the document alone
LAW1987 = Source("《中华人民共和国档案法》（1987年）", "主席令第58号", dt.date(1988, 1, 1), dt.date(1996, 7, 5), "LAW1996")
#: the 1996 amendment (主席令第71号), in force on publication. The 2016 amendment (LAW2016) changed only
#: art. 16 ¶2 and items of art. 24 ¶1, so the articles the unit rules cite (4, 6, 7, 9, 10, 11, 13, 15, 24)
#: stayed as they were until the 2020 revision took effect: this entry covers 1996-07-05 → 2021-01-01
LAW1996 = Source("《中华人民共和国档案法》（1996年修正）", "主席令第71号", dt.date(1996, 7, 5), dt.date(2021, 1, 1), "LAW2020")
#: the 2016 amendment (12-law package of 2016-11-07; order number and in-force day unconfirmed): listed for
#: the record; no rule cites it, since the articles it left unchanged are cited as LAW1996's
LAW2016 = Source("《中华人民共和国档案法》（2016年修正）", "", None, dt.date(2021, 1, 1), "LAW2020")
#: the 2020 revision (主席令第47号, adopted 2020-06-20), in force 2021-01-01; a full revision (修订):
#: its article numbers are its own
LAW2020 = Source("《中华人民共和国档案法》", "主席令第47号", dt.date(2021, 1, 1))
#: 档案法实施办法 (国家档案局令第1号), issued 1990-11-19; its in-force day is unconfirmed, so the issue day
#: stands in as the earliest it can have applied; replaced by IMP1999
IMP1990 = Source("《中华人民共和国档案法实施办法》（1990年）", "国家档案局令第1号", dt.date(1990, 11, 19), dt.date(1999, 6, 7), "IMP1999")
#: 档案法实施办法 as revised (国家档案局令第5号), issued 1999-06-07 (in force on publication is unconfirmed:
#: the issue day stands in, as for IMP1990). 国务院令第676号 (2017-03-01) deleted only art. 17, so the
#: articles cited (5, 9, 12, 13) stayed until the 条例 repealed the 办法: this entry covers → 2024-03-01
IMP1999 = Source("《中华人民共和国档案法实施办法》", "国家档案局令第5号", dt.date(1999, 6, 7), dt.date(2024, 3, 1), "REG2024")
#: the 2017 amendment of the 办法 (国务院令第676号), listed for the record (see IMP1999)
IMP2017 = Source("《中华人民共和国档案法实施办法》（2017年修订）", "国务院令第676号", dt.date(2017, 3, 1), dt.date(2024, 3, 1), "REG2024")
#: 档案法实施条例 (国务院令第772号), in force 2024-03-01; art. 52 repealed the 实施办法
REG2024 = Source("《中华人民共和国档案法实施条例》", "国务院令第772号", dt.date(2024, 3, 1))
#: 机关档案工作条例 (issued by 国家档案局, promulgated by the 中办/国办, 1983; day and number unconfirmed),
#: followed in practice by 13号令 (its formal repeal is unconfirmed)
JG1983 = Source("《机关档案工作条例》", "", None, dt.date(2019, 1, 1), "O13")
#: 档案馆工作通则 (国档发〔1983〕14号; date unconfirmed), addressed to archives (档案馆)
TG1983 = Source("《档案馆工作通则》", "国档发〔1983〕14号")
#: 档案库房技术管理暂行规定 (国家档案局, 1987-08-29, issued with 国档发〔1987〕19号); no repeal found
KF87 = Source("《档案库房技术管理暂行规定》", "国档发〔1987〕19号", dt.date(1987, 8, 29))
#: 关于机关档案保管期限的规定 and 机关文件材料归档和不归档的范围 (国家档案局, 1987; day unconfirmed): the
#: 永久/长期/短期 scheme, repealed by 8号令 art. 15
RET1987 = Source("《关于机关档案保管期限的规定》（1987年）", "", None, dt.date(2006, 12, 18), "O8")
#: 机关文件材料归档范围和文书档案保管期限规定 (国家档案局令第8号), in force on publication 2006-12-18
O8 = Source("《机关文件材料归档范围和文书档案保管期限规定》", "国家档案局令第8号", dt.date(2006, 12, 18))
#: 各级各类档案馆收集档案范围的规定 (国家档案局令第9号), in force on publication 2011-11-21
O9 = Source("《各级各类档案馆收集档案范围的规定》", "国家档案局令第9号", dt.date(2011, 11, 21))
#: 机关档案管理规定 (国家档案局令第13号, signed 2018-10-11), in force 2019-01-01
O13 = Source("《机关档案管理规定》", "国家档案局令第13号", dt.date(2019, 1, 1))

#: 国家秘密文件、资料和其他物品标志的规定 (国家保密局令第3号, 1990): the 密级★保密期限 marking
SECRET_MARKS = Source("《国家秘密文件、资料和其他物品标志的规定》", "国家保密局令第3号")

# ---------------------------------------------------------------- standards

DAT22_2000 = Source("《归档文件整理规则》（2000年）", "DA/T 22—2000", dt.date(2001, 1, 1), dt.date(2016, 6, 1), "DAT22_2015")
DAT22_2015 = Source("《归档文件整理规则》", "DA/T 22—2015", dt.date(2016, 6, 1))
#: DA/T 13—94 (issue and in-force dates unconfirmed), replaced by DA/T 13—2022
DAT13_1994 = Source("《档号编制规则》（1994年）", "DA/T 13—94", None, dt.date(2022, 7, 1), "DAT13_2022")
DAT13_2022 = Source("《档号编制规则》", "DA/T 13—2022", dt.date(2022, 7, 1))
#: GB 50140—2005 (建设部公告第355号), in force 2005-10-01; replaced GBJ 140—90
GB50140 = Source("《建筑灭火器配置设计规范》", "GB 50140—2005", dt.date(2005, 10, 1))
#: JGJ 25—2010 (dates unconfirmed): archive buildings
JGJ25 = Source("《档案馆建筑设计规范》", "JGJ 25—2010")
#: GB/T 9705—1988, first issued 1988-09-05 (in-force day unconfirmed), replaced by GB/T 9705—2008
GBT9705_1988 = Source("《文书档案案卷格式》（1988年）", "GB/T 9705—88", None, dt.date(2009, 5, 1), "GBT9705")
#: GB/T 9705—2008 (in force 2009-05-01; replaced GB/T 9705—1988): archives arranged by volume (卷)
GBT9705 = Source("《文书档案案卷格式》", "GB/T 9705—2008", dt.date(2009, 5, 1))

# ---------------------------------------------------------------- local schemes and common practice (no national date)

YUEYANG = Source("岳阳市机关档案工作规范化管理评估细则")
#: Guangxi's grading scheme for 机关 archive rooms (number and date unconfirmed): a regional scheme, no legal duty
GUANGXI_GRADING = Source("《广西壮族自治区各级机关档案室定升级办法》")
LOCAL_SCHEMES = "各地档案工作评估细则"


def practice(name: str) -> Source:
    """A threshold taken from common practice or a local scheme, not from a dated national text."""
    return Source(name)


#: every document above by id, for docs/sources.md and its test
DOCUMENTS = {
    name: value for name, value in dict(globals()).items() if isinstance(value, Source) and name.isupper()
}


# ---------------------------------------------------------------- duty chains: who imposed a duty before
# Each constant is the clause that imposed a duty before the current document did, with its own
# predecessors (`earlier`); rules pass it as `earlier=` to their current basis. The chains are those of
# docs/sources.md ("Duty chains"); a predecessor whose article number is unconfirmed is cited alone.

#: a unit's archives body or archivist: 档案法 1996 art. 7 (townships: art. 6 ¶3), before it the 1987 law,
#: before it (and for 机关 until 13号令) the 1983 条例 art. 6
ARCHIVES_BODY_BEFORE_2021 = LAW1996.clause(
    "第七条；乡镇第六条第三款", DIRECT,
    "机关、团体、企业事业单位和其他组织的档案机构或者档案工作人员，负责保管本单位的档案；乡、民族乡、镇人民政府应当指定人员负责保管本机关的档案",
    earlier=LAW1987.unnumbered("1987 年原文未见，条号未核实", DIRECT, "本单位档案由档案机构或档案工作人员负责保管",
                               earlier=JG1983.clause("第六条", DIRECT, "机关必须建立档案工作，成立相应的档案工作机构；不需要建立档案机构的机关，应配备专职或兼职的档案人员")))

#: central management of the unit's archives: 档案法 1996 art. 10 (filing to the unit's own archives body),
#: before it the 1987 law and the 1983 条例 art. 3
CENTRAL_MANAGEMENT_BEFORE_2021 = LAW1996.clause(
    "第十条", DIRECT, "应当立卷归档的材料，必须按照规定，定期向本单位档案机构或者档案工作人员移交，集中管理，任何个人不得据为己有",
    earlier=LAW1987.unnumbered("1987 年原文未见，条号未核实", DIRECT, "应当归档的材料集中管理，任何个人不得据为己有",
                               earlier=JG1983.clause("第三条", DIRECT, "机关的全部档案由本机关档案部门集中统一管理")))

#: filing to the unit's archives body: 档案法 1996 art. 10, before it the 1987 law
FILING_BEFORE_2021 = LAW1996.clause(
    "第十条", PRINCIPLE, "对国家规定的应当立卷归档的材料，必须按照规定，定期向本单位档案机构或者档案工作人员移交，集中管理",
    earlier=LAW1987.unnumbered("1987 年原文未见，条号未核实", PRINCIPLE, "应当归档的材料定期移交，集中管理"))

#: filing by departments: 实施办法 art. 12 (1999), before it 档案法 1996 art. 10, before it the 1987 law
FILING_BEFORE_2024 = IMP1999.clause(
    "第十二条", PRINCIPLE, "应当立卷归档的材料由单位的文书或者业务机构收集齐全，定期交本单位档案机构或者档案工作人员集中管理；任何人都不得据为己有或者拒绝归档",
    earlier=FILING_BEFORE_2021)

#: the unit's own responsibility for its archive work: 实施办法 art. 5 ¶2 (1999), before it art. 3 ¶2 (1990)
UNIT_RESPONSIBILITY_BEFORE_2024 = IMP1999.clause(
    "第五条第二款", PRINCIPLE, "机关、团体、企业事业单位和其他组织应当加强对本单位档案工作的领导，保障档案工作依法开展",
    earlier=IMP1990.clause("第三条第二款", PRINCIPLE, "其他机关、团体、企业事业单位和组织也应当加强对档案工作的领导，保障档案工作的开展"))

#: government funding of archive work: 档案法 1996 art. 4 (development plans), before it the 1987 law
GOVERNMENT_FUNDING_BEFORE_2021 = LAW1996.clause(
    "第四条", PRINCIPLE, "各级人民政府应当加强对档案工作的领导，把档案事业的建设列入国民经济和社会发展计划",
    earlier=LAW1987.unnumbered("1987 年原文第四条，条号未核实", PRINCIPLE, "各级人民政府把档案事业的建设列入国民经济和社会发展计划"))

#: facilities that keep archives safe: 档案法 1996 art. 13, before it the 1987 law
SECURITY_FACILITIES_BEFORE_2021 = LAW1996.clause(
    "第十三条", PRINCIPLE, "档案机构应当建立科学的管理制度，便于对档案的利用；配置必要的设施，确保档案的安全",
    earlier=LAW1987.unnumbered("1987 年原文未见，条号未核实", PRINCIPLE, "配置必要的设施，确保档案的安全"))

#: archive rules of the unit: 档案法 1996 art. 13 ("建立科学的管理制度"), before it the 1987 law
RULES_BEFORE_2021 = LAW1996.clause(
    "第十三条", PRINCIPLE, "档案机构应当建立科学的管理制度，便于对档案的利用",
    earlier=LAW1987.unnumbered("1987 年原文未见，条号未核实", PRINCIPLE, "档案机构建立科学的管理制度"))

#: discipline for violations: 档案法 1996 art. 24 (items 1–4 confirmed)
DISCIPLINE_BEFORE_2021 = LAW1996.clause(
    "第二十四条", DIRECT, "损毁、丢失，擅自提供、抄录、公布、销毁属于国家所有的档案，涂改、伪造档案等行为，对直接负责的主管人员和其他直接责任人员依法给予行政处分")

#: staff knowledge: 档案法 1996 art. 9, before it the 1987 law and the 1983 条例 art. 8
STAFF_KNOWLEDGE_BEFORE_2019 = LAW1996.clause(
    "第九条", DIRECT, "档案工作人员应当忠于职守，遵守纪律，具备专业知识",
    earlier=LAW1987.unnumbered("1987 年原文未见，条号未核实", DIRECT, "档案工作人员应当具备专业知识",
                               earlier=JG1983.clause("第八条", DIRECT, "配备政治上可靠、具有高中或以上文化水平和一定专业知识、能够胜任工作的干部")))

#: transfer to the receiving archive after 20/10 years: 实施办法 art. 13 ¶2 (1999); before 1990, the
#: 1983 条例 (about 20 years for 省级以上 archives, about 10 for 省辖市 and 县级; article unconfirmed).
#: The 1990 办法's transfer article is unconfirmed, so 1990-11-19 → 1999-06-07 has no predecessor.
TRANSFER_PERIOD_BEFORE_2024 = IMP1999.clause(
    "第十三条第二款", DIRECT, "属于中央级和省级、设区的市级国家档案馆接收范围的档案，自档案形成之日起满20年即向有关的国家档案馆移交；属于县级国家档案馆接收范围的，满10年即移交",
    earlier=dataclasses.replace(JG1983.unnumbered(
        "移交年限见于《档案与建设》对 1983 年条例和通则的介绍，条号未核实", DIRECT,
        "省级以上档案馆接收保存二十年左右的永久档案；省辖市（州、盟）和县级档案馆接收保存十年左右的永久、长期档案"),
        until=IMP1990.in_force))

#: the 永久/长期/短期 scheme before 8号令
RETENTION_SCHEME_BEFORE_2006 = RET1987.unnumbered(
    "1987 年规定的全文未见；内容见 8号令第十五条（废止条款）和地方罚则对照", DIRECT,
    "文书档案保管期限分为永久、长期（16—50年左右）、短期（15年以下）")

#: classification of filed documents: DA/T 22—2000 §5.2
CLASSIFICATION_BEFORE_2016 = DAT22_2000.clause(
    "5.2", PRINCIPLE, "年度—机构（问题）—保管期限或保管期限—年度—机构（问题）等分类方法；分类方案应保持稳定")

#: boxes and their 备考表 before DA/T 22—2015
BOXES_BEFORE_2016 = DAT22_2000.unnumbered(
    "2000 年版第5.5节附近（装盒），条号未核实", DIRECT, "归档文件按室编件号顺序装盒，填写盒封面、盒脊和备考表")


def legacy_term_lawful(year: int | None) -> bool | None:
    """The one policy on the pre-2006 retention terms 长期/短期 (C/D), for unit and catalogue rules alike.

    8号令 (in force 2006-12-18) replaced 永久/长期/短期 with 永久/定期30年/定期10年 and repealed the 1987
    规定 (art. 15); it orders no re-coding of older holdings. So a legacy term on records of a year up to
    and including 2006 was lawful when assigned (2006 itself may predate 18 December: given the benefit
    of the doubt); on records of 2007 or later it is wrong. None: the year is unknown.
    """
    if year is None:
        return None
    assert O8.in_force is not None
    return year <= O8.in_force.year
