"""LNK — the unit description against its catalogue exports (`archcheck check UNIT --catalog EXPORT`).

An inspector holds the 情况说明 in one hand and the 目录 in the other: the holdings the unit reports
(件, 卷, per year), its fonds code and its departments must be what its catalogues list. Each rule is
given a `Linked` (audit/unit_links.py): the unit as unit rules see it (`linked.unit`) and the counts
of its 归档文件目录 (`linked.items`) and 案卷目录 (`linked.volumes`), taken as they streamed. Where the
description or the catalogues do not give the value, the rule is not applicable: no evidence is not a
disagreement. Findings point into the unit file (a JSON path) and name the catalogue file.
"""

from __future__ import annotations

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, hookimpl, join
from archcheck.checkers.catalog._rules import REF_STRUCTURE, YEAR_RULE
from archcheck.checkers.sources import O13
from archcheck.unitdata import indexed

rules = RuleSet(area="LNK")

STATISTICS = O13.unnumbered(
    "第四章第七节“统计与移交”；条号未核实（见丁德胜《机关档案管理规定》解读之十二）", BasisKind.PRINCIPLE,
    "机关应做好档案的登记与统计：档案目录和总登记簿是反映档案数量的基本登记，统计数字应与之相符")

#: the catalogue kind a count of `what` ("items", "volumes") is compared with, and its units
KINDS = {"items": ("归档文件目录", "件", "items"), "volumes": ("案卷目录", "卷", "volumes")}
#: by_category entries that are the 文书 category (the category catalogues of 件/卷 describe)
DOCUMENT_CATEGORIES = ("文书", "文书档案", "documents", "document", "ws")

@hookimpl
def archcheck_areas():
    return {"LNK": T("单位描述与目录核对", "Description against catalogues")}


@hookimpl
def archcheck_rules():
    return rules.all()


def _holdings(linked):
    return linked.unit.get("holdings") or {}


def _total(linked, what):
    """(JSON path, the unit's count) of `what`: the 文书 category's when by_category gives it, else the total."""
    holdings = _holdings(linked)
    for index, entry in indexed(holdings.get("by_category")):
        if str(entry.get("category", "")).strip().lower() in DOCUMENT_CATEGORIES and entry.get(what) is not None:
            return join("holdings", "by_category", index, what), entry[what]
    if holdings.get(what) is not None:
        return join("holdings", what), holdings[what]
    return None, None


def _counts(linked, what):
    return linked.items if what == "items" else linked.volumes


def _no_total(what):
    catalogue, unit_zh, unit_en = KINDS[what]

    def applies(linked, ctx):
        if _total(linked, what)[0] is None:
            return T(f"单位描述未给出{unit_zh}数（holdings.{what}）", f"the description gives no count of {unit_en} (holdings.{what})")
        if _counts(linked, what) is None:
            return T(f"未给出{catalogue}（--catalog）", f"no {catalogue} was given (--catalog)")
        return None

    return applies


def _check_total(linked, what):
    catalogue, unit_zh, unit_en = KINDS[what]
    pointer, said = _total(linked, what)
    counts = _counts(linked, what)
    if counts.records != said:
        yield fail(pointer, T("单位描述写 {u:,} {z}，{cat}（{f}）列 {c:,} {z}（相差 {d:,}）",
                              "the description says {u:,} {e} and the {cat} ({f}) lists {c:,} (off by {d:,})")
                   .format(u=said, c=counts.records, d=abs(said - counts.records), z=unit_zh, e=unit_en, cat=catalogue,
                           f=counts.names),
                   unit=said, catalogue=counts.records, files=list(counts.files))


@rules.rule(
    id="LNK001",
    target="link",
    title=T("单位描述的件数与归档文件目录一致", "The items the description counts are the items the catalogue lists"),
    severity=Severity.MINOR,
    points=3,
    basis=STATISTICS,
    applies_if=_no_total("items"),
    remedy=T("清点归档文件目录与实体档案，更正单位描述中的件数（holdings.items，或 by_category 中文书的件数）；"
             "目录缺漏的补录，导出不全的重新导出全部年度。",
             "Count the catalogue against the boxes and correct the description's items (holdings.items, or the 文书 entry "
             "of by_category); add what the catalogue lacks, or export every year if the export was partial."),
    rationale=T("检查组对照情况说明与目录核实档案数量，账目与目录不符就是“账实不符”。单位描述在 by_category 中给出文书档案件数时与之比较"
                "（目录只含文书档案），否则与总件数比较；应把本单位全部归档文件目录一并给出（--catalog 可重复）。",
                "Inspectors check the reported holdings against the catalogues; figures that disagree mean the register does not match "
                "the holdings. When by_category gives the 文书 items they are compared (a catalogue lists 文书 only), else the total; "
                "give every item catalogue of the unit (--catalog repeats)."),
    example=T("# unit.yaml\nholdings:\n  items: 2\n# 归档文件目录.csv\n档号,年度,题名\n0001-WS·2024-Y-BGS-0001,2024,关于甲的通知\n"
              "0001-WS·2024-Y-BGS-0002,2024,关于乙的通知",
              "# unit.yaml\nholdings:\n  items: 2\n# 归档文件目录.csv\n档号,年度,题名\n0001-WS·2024-Y-BGS-0001,2024,Notice A\n"
              "0001-WS·2024-Y-BGS-0002,2024,Notice B"),
    violation=T("# unit.yaml\nholdings:\n  items: 3\n# 归档文件目录.csv\n档号,年度,题名\n0001-WS·2024-Y-BGS-0001,2024,关于甲的通知\n"
                "0001-WS·2024-Y-BGS-0002,2024,关于乙的通知",
                "# unit.yaml\nholdings:\n  items: 3\n# 归档文件目录.csv\n档号,年度,题名\n0001-WS·2024-Y-BGS-0001,2024,Notice A\n"
                "0001-WS·2024-Y-BGS-0002,2024,Notice B"),
)
def items_total(linked, ctx):
    yield from _check_total(linked, "items")


@rules.rule(
    id="LNK002",
    target="link",
    title=T("单位描述的卷数与案卷目录一致", "The volumes the description counts are the volumes the 案卷目录 lists"),
    severity=Severity.MINOR,
    points=3,
    basis=STATISTICS,
    applies_if=_no_total("volumes"),
    remedy=T("清点案卷目录与实体案卷，更正单位描述中的卷数（holdings.volumes，或 by_category 中文书的卷数）；导出不全的重新导出。",
             "Count the 案卷目录 against the volumes and correct the description's volumes (holdings.volumes, or the 文书 entry of "
             "by_category); export again if the export was partial."),
    rationale=T("按卷整理的档案以卷计数；单位描述的卷数应是案卷目录所列的案卷数（卷内文件目录的行不计）。",
                "Records arranged in volumes are counted in volumes: the description's count should be the 案卷目录's "
                "(rows of the 卷内文件目录 do not count)."),
    example=T("# unit.yaml\nholdings:\n  volumes: 1\n# 案卷目录.csv\n档号,案卷题名,年度,保管期限,页数\n0001-WS·2004-Y-001,关于甲的文件,2004,Y,20\n"
              "# 卷内文件目录.csv\n档号,顺序号,题名,页号\n0001-WS·2004-Y-001,1,关于甲的通知,1-20",
              "# unit.yaml\nholdings:\n  volumes: 1\n# 案卷目录.csv\n档号,案卷题名,年度,保管期限,页数\n0001-WS·2004-Y-001,Files A,2004,Y,20\n"
              "# 卷内文件目录.csv\n档号,顺序号,题名,页号\n0001-WS·2004-Y-001,1,Notice A,1-20"),
    violation=T("# unit.yaml\nholdings:\n  volumes: 2\n# 案卷目录.csv\n档号,案卷题名,年度,保管期限,页数\n0001-WS·2004-Y-001,关于甲的文件,2004,Y,20\n"
                "# 卷内文件目录.csv\n档号,顺序号,题名,页号\n0001-WS·2004-Y-001,1,关于甲的通知,1-20",
                "# unit.yaml\nholdings:\n  volumes: 2\n# 案卷目录.csv\n档号,案卷题名,年度,保管期限,页数\n0001-WS·2004-Y-001,Files A,2004,Y,20\n"
                "# 卷内文件目录.csv\n档号,顺序号,题名,页号\n0001-WS·2004-Y-001,1,Notice A,1-20"),
)
def volumes_total(linked, ctx):
    yield from _check_total(linked, "volumes")


def _year_pairs(linked):
    """What per-year counts can be compared: [(what, counts)] for items and volumes."""
    by_year = list(indexed(_holdings(linked).get("by_year")))
    pairs = []
    for what in ("items", "volumes"):
        counts = _counts(linked, what)
        if counts is not None and counts.by_year is not None and any(e.get(what) is not None for _, e in by_year):
            pairs.append((what, counts))
    return by_year, pairs


def _no_years(linked, ctx):
    if not _holdings(linked).get("by_year"):
        return T("单位描述未给出按年度统计（holdings.by_year）", "the description gives no counts per year (holdings.by_year)")
    if not _year_pairs(linked)[1]:
        return T("按年度统计的件数或卷数没有可对照的目录（目录须有年度项）",
                 "no catalogue with a 年度 column to compare the per-year items or volumes with")
    return None


@rules.rule(
    id="LNK003",
    target="link",
    title=T("按年度统计的件数、卷数与目录一致", "The counts per year are those the catalogues list"),
    severity=Severity.MINOR,
    points=2,
    basis=STATISTICS,
    applies_if=_no_years,
    remedy=T("按目录逐年核对件数、卷数，更正 holdings.by_year；目录有而单位描述未列的年度补上。",
             "Compare each year with the catalogue and correct holdings.by_year; add the years the catalogue has and the description lacks."),
    rationale=T("年度统计是档案统计年报和库房规划的依据；某年数字与目录不符，往往是该年漏归档、漏著录或重复导出。"
                "给出件数（卷数）的年度与归档文件目录（案卷目录）逐年比较，目录中其余年度的档案也应在按年度统计中列出。",
                "Counts per year feed the statistics report and the store's planning; a year that disagrees with the catalogue usually "
                "means items not filed, not catalogued or exported twice. Years giving items (volumes) are compared with the item "
                "(volume) catalogue, and the catalogue's other years should be listed too."),
    example=T("# unit.yaml\nholdings:\n  by_year:\n    - {year: 2023, items: 1}\n    - {year: 2024, items: 1}\n"
              "# 归档文件目录.csv\n档号,年度,题名\n0001-WS·2023-Y-BGS-0001,2023,关于甲的通知\n0001-WS·2024-Y-BGS-0001,2024,关于乙的通知",
              "# unit.yaml\nholdings:\n  by_year:\n    - {year: 2023, items: 1}\n    - {year: 2024, items: 1}\n"
              "# 归档文件目录.csv\n档号,年度,题名\n0001-WS·2023-Y-BGS-0001,2023,Notice A\n0001-WS·2024-Y-BGS-0001,2024,Notice B"),
    violation=T("# unit.yaml\nholdings:\n  by_year:\n    - {year: 2023, items: 2}\n    - {year: 2024, items: 1}\n"
                "# 归档文件目录.csv\n档号,年度,题名\n0001-WS·2023-Y-BGS-0001,2023,关于甲的通知\n0001-WS·2024-Y-BGS-0001,2024,关于乙的通知",
                "# unit.yaml\nholdings:\n  by_year:\n    - {year: 2023, items: 2}\n    - {year: 2024, items: 1}\n"
                "# 归档文件目录.csv\n档号,年度,题名\n0001-WS·2023-Y-BGS-0001,2023,Notice A\n0001-WS·2024-Y-BGS-0001,2024,Notice B"),
)
def counts_per_year(linked, ctx):
    by_year, pairs = _year_pairs(linked)
    problems = []
    compared = 0  # the years compared, each a share of the rule's points
    for what, counts in pairs:
        catalogue, unit_zh, unit_en = KINDS[what]
        listed = set()
        for index, entry in by_year:
            said = entry.get(what)
            if said is None:
                continue
            year = entry["year"]
            listed.add(year)
            compared += 1
            found = counts.by_year.get(year, 0)
            if found != said:
                problems.append((join("holdings", "by_year", index, what), T(
                    "单位描述写 {y} 年 {u:,} {z}，{cat}（{f}）列 {c:,} {z}", "the description says {u:,} {e} for {y} and the {cat} ({f}) lists {c:,}")
                    .format(y=year, u=said, c=found, z=unit_zh, e=unit_en, cat=catalogue, f=counts.names),
                    {"year": year, "unit": said, "catalogue": found, "files": list(counts.files)}))
        for year in sorted(set(counts.by_year) - listed):
            compared += 1
            found = counts.by_year[year]
            problems.append((join("holdings", "by_year"), T(
                "{cat}（{f}）列 {y} 年 {c:,} {z}，单位描述的按年度统计未列该年{z}数", "the {cat} ({f}) lists {c:,} {e} for {y}; the description's counts per year leave that year out")
                .format(y=year, c=found, z=unit_zh, e=unit_en, cat=catalogue, f=counts.names),
                {"year": year, "unit": None, "catalogue": found, "files": list(counts.files)}))
    for pointer, message, evidence in problems:
        yield fail(pointer, message, 1 / compared, **evidence)


def _no_fonds(linked, ctx):
    if not str((linked.unit.get("unit") or {}).get("fonds_code") or "").strip():
        return T("单位描述未给出全宗号（unit.fonds_code）", "the description gives no fonds code (unit.fonds_code)")
    if not any(c.by_fonds for c in linked.catalogues()):
        return T("目录没有全宗号（既无全宗号项，档号中也读不出）", "the catalogues give no 全宗号 (no column, none readable from a 档号)")
    return None


@rules.rule(
    id="LNK004",
    target="link",
    title=T("目录中的全宗号是本单位的全宗号", "The catalogues' fonds code is the unit's"),
    severity=Severity.MAJOR,
    points=3,
    basis=REF_STRUCTURE,
    applies_if=_no_fonds,
    remedy=T("核对综合档案馆分配的全宗号：单位描述写错的更正 unit.fonds_code；目录中误用其他全宗号的，更正这些档案的档号和全宗号。",
             "Check the fonds code the archive assigned: correct unit.fonds_code if the description is wrong; otherwise correct the 档号 "
             "and 全宗号 of the items filed under another fonds."),
    rationale=T("全宗号是档号的第一段，标明档案属于哪个立档单位；目录中出现别的全宗号，要么是混入了其他单位的档案，要么是档号编错，"
                "移交进馆时都会被退回。",
                "The fonds code opens every 档号 and says whose records they are; another fonds code in the catalogue means another "
                "unit's records were mixed in or the 档号 were made wrong, and the receiving archive sends either back."),
    example=T("# unit.yaml\nunit:\n  fonds_code: '0001'\n# 归档文件目录.csv\n档号,年度,题名\n0001-WS·2024-Y-BGS-0001,2024,关于甲的通知",
              "# unit.yaml\nunit:\n  fonds_code: '0001'\n# 归档文件目录.csv\n档号,年度,题名\n0001-WS·2024-Y-BGS-0001,2024,Notice A"),
    violation=T("# unit.yaml\nunit:\n  fonds_code: '0001'\n# 归档文件目录.csv\n档号,年度,题名\n0002-WS·2024-Y-BGS-0001,2024,关于甲的通知",
                "# unit.yaml\nunit:\n  fonds_code: '0001'\n# 归档文件目录.csv\n档号,年度,题名\n0002-WS·2024-Y-BGS-0001,2024,Notice A"),
)
def fonds_code(linked, ctx):
    own = str(linked.unit["unit"]["fonds_code"]).strip().upper()
    for counts in linked.catalogues():
        if not counts.by_fonds:
            continue
        total = sum(counts.by_fonds.values())
        for value, n in sorted(counts.by_fonds.items()):
            if value != own:
                yield fail(join("unit", "fonds_code"), T(
                    "{cat} {n:,} 条记录的全宗号为 {v}（首见于 {w}），不是单位的全宗号 {f}",
                    "{n:,} records of the {cat} have the fonds code {v} (first at {w}), not the unit's {f}")
                    .format(cat=KINDS[counts.kind][0], n=n, v=value, w=counts.where("全宗号", value), f=own),
                    n / total, value=value, records=n, first=counts.where("全宗号", value), files=list(counts.files))


def _departments(linked):
    return list(indexed((linked.unit.get("unit") or {}).get("departments")))


def _fold(value):
    return "".join(str(value).split()).upper()


#: classification schemes whose 机构（问题） level holds subjects or classes, not departments
NOT_BY_DEPARTMENT = ("year-retention-problem", "year-problem-retention", "year-class-retention")


def _no_departments(linked, ctx):
    if not _departments(linked):
        return T("单位描述未列内设部门（unit.departments）", "the description lists no departments (unit.departments)")
    scheme = ((linked.unit.get("filing") or {}).get("classification") or {}).get("scheme")
    if scheme in NOT_BY_DEPARTMENT:
        return T("分类方案按问题或类别分类（filing.classification.scheme），机构（问题）项不是部门",
                 "the classification scheme is by subject or class (filing.classification.scheme): 机构（问题） holds no departments")
    if not any(c.by_org for c in linked.catalogues()):
        return T("目录没有机构（问题）项（档号中也读不出）", "the catalogues give no 机构（问题） (no column, none readable from a 档号)")
    return None


@rules.rule(
    id="LNK005",
    target="link",
    title=T("目录中的机构（问题）是单位的内设部门", "The catalogues' 机构 values are departments of the unit"),
    severity=Severity.MINOR,
    points=2,
    basis=YEAR_RULE,
    applies_if=_no_departments,
    remedy=T("把目录中出现的部门补进单位描述（unit.departments，可加 code 写明机构代码），或更正目录中写错的机构（问题）；"
             "已撤并的部门也应列出并在备注中说明。",
             "Add the departments the catalogue names to the description (unit.departments, with its code), or correct the wrong "
             "机构 values; list merged or abolished departments too, with a note."),
    rationale=T("按“年度—机构—保管期限”分类时，机构（问题）一级就是单位的内设部门；目录里出现描述中没有的部门，要么描述漏列，"
                "要么著录写错、代码不统一。目录可写部门名称或代码：与 departments[].name 或 departments[].code 相同即可。",
                "Classified by year–department–retention, the 机构 level is the unit's departments; a value the description lacks is a "
                "department left out of it, or a wrong or inconsistent entry. The catalogue may write names or codes: either matches "
                "departments[].name or departments[].code."),
    example=T("# unit.yaml\nunit:\n  departments:\n    - {name: 办公室, code: BGS}\n# 归档文件目录.csv\n档号,年度,机构,题名\n"
              "0001-WS·2024-Y-BGS-0001,2024,办公室,关于甲的通知",
              "# unit.yaml\nunit:\n  departments:\n    - {name: 办公室, code: BGS}\n# 归档文件目录.csv\n档号,年度,机构,题名\n"
              "0001-WS·2024-Y-BGS-0001,2024,办公室,Notice A"),
    violation=T("# unit.yaml\nunit:\n  departments:\n    - {name: 办公室, code: BGS}\n# 归档文件目录.csv\n档号,年度,机构,题名\n"
                "0001-WS·2024-Y-CWK-0001,2024,财务科,关于甲的通知",
                "# unit.yaml\nunit:\n  departments:\n    - {name: 办公室, code: BGS}\n# 归档文件目录.csv\n档号,年度,机构,题名\n"
                "0001-WS·2024-Y-CWK-0001,2024,财务科,Notice A"),
)
def known_departments(linked, ctx):
    known = set()
    for _, department in _departments(linked):
        known.add(_fold(department["name"]))
        if department.get("code"):
            known.add(_fold(department["code"]))
    for counts in linked.catalogues():
        if not counts.by_org:
            continue
        total = sum(counts.by_org.values())
        for value, n in sorted(counts.by_org.items()):
            if _fold(value) not in known:
                yield fail(join("unit", "departments"), T(
                    "{cat} {n:,} 条记录的机构（问题）为“{v}”（首见于 {w}），单位描述的内设部门中没有（名称或代码）",
                    "{n:,} records of the {cat} have the 机构 value '{v}' (first at {w}), which is no department of the description (name or code)")
                    .format(cat=KINDS[counts.kind][0], n=n, v=value, w=counts.where("机构", value)),
                    n / total, value=value, records=n, first=counts.where("机构", value), files=list(counts.files))


def _no_codes(linked, ctx):
    if not any(d.get("code") for _, d in _departments(linked)):
        return T("单位描述未给出部门代码（unit.departments[].code）", "the description gives no department codes (unit.departments[].code)")
    if not any(c.org_codes for c in linked.catalogues()):
        return T("目录的机构（问题）项不写部门名称，或没有档号可对照", "the catalogues' 机构 column holds no names, or there is no 档号 to pair them with")
    return None


@rules.rule(
    id="LNK006",
    target="link",
    title=T("档号中的机构代码与单位描述的部门代码一致", "The 档号's department codes are those the description gives"),
    severity=Severity.MINOR,
    points=2,
    basis=REF_STRUCTURE,
    applies_if=_no_codes,
    remedy=T("统一机构（问题）代码：按分类方案更正 unit.departments[].code，或更正目录中这些档案档号的机构代码。",
             "Make the department codes one: correct unit.departments[].code by the classification scheme, or the 机构 code of these 档号."),
    rationale=T("目录的机构（问题）项写部门名称、档号写机构代码时，两者应按分类方案一一对应；同一部门在档号中用了描述之外的代码，"
                "说明代码不统一，检索和移交时会对不上。",
                "When the 机构 column names the department and the 档号 carries its code, the two must pair as the scheme says; a "
                "department whose 档号 use another code than the description's has inconsistent codes that searches and transfers miss."),
    example=T("# unit.yaml\nunit:\n  departments:\n    - {name: 办公室, code: BGS}\n# 归档文件目录.csv\n档号,年度,机构,题名\n"
              "0001-WS·2024-Y-BGS-0001,2024,办公室,关于甲的通知",
              "# unit.yaml\nunit:\n  departments:\n    - {name: 办公室, code: BGS}\n# 归档文件目录.csv\n档号,年度,机构,题名\n"
              "0001-WS·2024-Y-BGS-0001,2024,办公室,Notice A"),
    violation=T("# unit.yaml\nunit:\n  departments:\n    - {name: 办公室, code: BGS}\n# 归档文件目录.csv\n档号,年度,机构,题名\n"
                "0001-WS·2024-Y-BG-0001,2024,办公室,关于甲的通知",
                "# unit.yaml\nunit:\n  departments:\n    - {name: 办公室, code: BGS}\n# 归档文件目录.csv\n档号,年度,机构,题名\n"
                "0001-WS·2024-Y-BG-0001,2024,办公室,Notice A"),
)
def department_codes(linked, ctx):
    for index, department in _departments(linked):
        code = department.get("code")
        if not code:
            continue
        own = _fold(code)
        for counts in linked.catalogues():
            pairs = counts.org_codes.get(str(department["name"]).strip())
            if not pairs:
                continue
            total = sum(pairs.values())
            for other, n in sorted(pairs.items()):
                if _fold(other) != own:
                    yield fail(join("unit", "departments", index, "code"), T(
                        "{cat}（{f}）中“{d}”的 {n:,} 件档号用机构代码 {o}，单位描述中该部门的代码为 {c}",
                        "{n:,} items of '{d}' in the {cat} ({f}) carry the code {o} in their 档号; the description gives the code {c}")
                        .format(cat=KINDS[counts.kind][0], f=counts.names, d=department["name"], n=n, o=other, c=code),
                        n / total, department=department["name"], code=other, records=n, files=list(counts.files))
