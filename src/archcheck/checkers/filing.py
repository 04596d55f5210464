"""FIL — filing and arrangement: the approved scope table, yearly transfers from every department,
signed handovers, a stable DA/T 22 classification, and years with suspiciously few filed items.

Unfiled records are the commonest inspection finding, so the rules look for the traces a complete
filing leaves: a transfer per department and year, on time, checked and signed, and no thin years.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, hookimpl, join, missing
from archcheck.checkers.common import existence
from archcheck.checkers.sources import (BOXES_BEFORE_2016, CLASSIFICATION_BEFORE_2016, DAT22_2015, FILING_BEFORE_2024, O8, O13, REG2024,
                                        TRANSFER_PERIOD_BEFORE_2024, practice)
from archcheck.unitdata import completed_years, indexed, parse_date, producing_departments

rules = RuleSet(area="FIL")

REG_ART19_2 = REG2024.clause('第十九条第二款', BasisKind.DIRECT, '机关、群团组织、国有企业事业单位应当明确本单位的归档范围和档案保管期限，经同级档案主管部门审核同意后施行',
                             earlier=O8.clause('第十二条', BasisKind.DIRECT, '各机关编制本机关的文件材料归档范围和文书档案保管期限表，经同级档案行政管理部门审查同意后执行'))
REG_ART19_1 = REG2024.clause('第十九条第一款', BasisKind.PRINCIPLE, '各内设机构收集齐全、规范整理，定期交本单位档案机构或者档案工作人员集中管理，不得拒绝归档或者据为己有（“每年”为通行做法）',
                             earlier=FILING_BEFORE_2024)
FILING_DEADLINE = practice('通行归档时间（次年6月底前）').clause('', BasisKind.CONFIGURABLE, '未见国家文件规定归档时间；按单位自定期限或参数 deadline（默认次年 6 月 30 日）检查')
O13_HANDOVER = O13.unnumbered('文件材料归档一章中归档交接的要求；条号未核实，原文见于题库引用', BasisKind.DIRECT,
                              '归档时，交接双方应当根据归档目录清点核对，履行交接手续并签字')
DAT22_CLASS = DAT22_2015.clause('5.2.2', BasisKind.PRINCIPLE, '年度—机构（问题）—保管期限等分类方法；同一全宗分类方案应保持一致和稳定，机构与问题择一使用',
                                earlier=CLASSIFICATION_BEFORE_2016)
FILING_VOLUME = practice('归档完整性（经验阈值）').clause('', BasisKind.CONFIGURABLE, '某年度归档量为 0 或远低于中位数，提示漏归档；阈值 share 可配置')
REG_ART20 = REG2024.clause('第二十条第二款', BasisKind.DIRECT, '属于中央级和省级、设区的市级国家档案馆接收范围的档案，自档案形成之日起满二十年即向有关的国家档案馆移交；'
                           '属于县级国家档案馆接收范围的，满十年即移交', earlier=TRANSFER_PERIOD_BEFORE_2024)
DAT22_BOXES = DAT22_2015.clause('6.4.1、6.4.2', BasisKind.DIRECT, '盒脊或底边填写全宗号、年度、保管期限、起止件号、盒号；盒内文件后放置备考表，'
                                '填写盒内文件情况说明、整理人、整理日期、检查人、检查日期', earlier=BOXES_BEFORE_2016)

DEFAULT_DEADLINE = "06-30"


@hookimpl
def archcheck_areas():
    return {"FIL": T("归档与整理", "Filing & arrangement")}


@hookimpl
def archcheck_rules():
    return rules.all()


def _filing(unit: Mapping[str, Any]) -> Mapping[str, Any]:
    value = unit.get("filing")
    return value if isinstance(value, dict) else {}


def filing_deadline(unit: Mapping[str, Any], ctx: Any, year: int) -> dt.date:
    """The day year-`year` files are due: the unit's own MM-DD if it set one, else the `deadline` param.

    A unit's own (usually stricter) deadline is what its inspector checks against, so it wins.
    An invalid MM-DD (e.g. 02-30) falls back to the last valid day of that month.
    """
    text = str(_filing(unit).get("deadline") or ctx.params.get("deadline", DEFAULT_DEADLINE))
    month, sep, day = text.partition("-")
    if not (sep and month.isdigit() and day.isdigit() and 1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        raise ValueError(f"deadline must be MM-DD, got {text!r}")
    month_n, day_n = int(month), int(day)
    while True:
        try:
            return dt.date(year + 1, month_n, day_n)
        except ValueError:
            day_n -= 1


def due_years(unit: Mapping[str, Any], ctx: Any) -> list[int]:
    """The last `years` completed years whose filing deadline has passed by the audit date."""
    return [y for y in completed_years(ctx.as_of, int(ctx.params["years"])) if filing_deadline(unit, ctx, y) < ctx.as_of]


def _transfers(unit: Mapping[str, Any]) -> list[tuple[int, Mapping[str, Any]]]:
    return list(indexed(_filing(unit).get("transfers")))


def _departments(unit: Mapping[str, Any]) -> list[str]:
    """Producing departments; when the unit lists none, those that appear in its transfers."""
    declared = producing_departments(unit)
    if declared:
        return declared
    return sorted({t["department"] for _, t in _transfers(unit) if isinstance(t.get("department"), str)})


@rules.rule(
    id="FIL001",
    title=T("归档范围和保管期限表经同级档案主管部门批准", "The filing-scope and retention table is approved by the archives authority"),
    severity=Severity.MAJOR,
    points=4,
    basis=REG_ART19_2,
    remedy=T("编制本单位文件材料归档范围和文书档案保管期限表，报同级档案行政管理部门审查批准，留存批复文件。",
             "Compile the unit's filing-scope and retention table, have the same-level archives authority approve it, and keep the approval."),
    rationale=T("归档范围和保管期限表决定哪些文件归档、保存多久，是检查组必查的基础文件；未经批准的表不能作为鉴定销毁的依据（8号令第十二条）。",
                "The table decides what is filed and for how long; inspectors always ask for it, and an unapproved table cannot support appraisal or destruction (Order 8 art. 12)."),
    example=T("filing:\n  scope_table: {exists: true, approved: true, approved_by: 某县档案局, approved_on: 2021-05-20}",
              "filing:\n  scope_table: {exists: true, approved: true, approved_by: County Archives Bureau, approved_on: 2021-05-20}"),
)
def scope_table_approved(unit, ctx):
    table = _filing(unit).get("scope_table")
    where = join("filing", "scope_table")
    if (yield from existence(table, where, T("未说明是否编制归档范围和保管期限表", "no word on whether a filing-scope and retention table exists"),
                             T("未编制归档范围和保管期限表", "there is no filing-scope and retention table"))):
        return
    approved = table.get("approved")
    if approved is False:
        yield fail(where + "/approved", T("归档范围和保管期限表未经同级档案主管部门批准", "the table is not approved by the archives authority"),
                   approved=False)
    elif approved is None:
        yield missing(where, T("未说明归档范围和保管期限表是否经档案主管部门批准", "no word on whether the table was approved by the archives authority"),
                      0.5)


@rules.rule(
    id="FIL002",
    title=T("各部门每年向档案室移交归档文件", "Every producing department transfers each year's files"),
    severity=Severity.MAJOR,
    points=4,
    basis=REG_ART19_1,
    params={"deadline": DEFAULT_DEADLINE, "years": 3},
    remedy=T("督促每个形成文件的部门按年度向档案室移交归档文件，并在归档移交登记中记录部门、年度、日期和件数。",
             "Have every department that produces records hand each year's files to the archive room, and log department, year, date and count."),
    rationale=T("漏归档是检查中最常见的问题：某部门某年度没有移交记录，说明这部分文件可能仍散存在科室。检查最近几个已过归档期限的年度（默认 3 年）。"
                "单位自认应归档文件未全部归档（filing.all_filed: false）时另扣一半分值。",
                "Unfiled records are the commonest finding: a department-year without a transfer means those files may still sit in the office. The last completed years whose deadline has passed are checked (3 by default). "
                "A unit that admits not everything due was filed (filing.all_filed: false) loses half the points besides."),
    example=T("unit: {departments: [{name: 党政办公室}]}\nfiling:\n  transfers:  # 近三个完整年度，每年一次\n"
              "    - {department: 党政办公室, year: 2022, transferred_on: 2023-03-08, items: 231}\n"
              "    - {department: 党政办公室, year: 2023, transferred_on: 2024-03-12, items: 244}\n"
              "    - {department: 党政办公室, year: 2024, transferred_on: 2025-03-10, items: 250}",
              "unit: {departments: [{name: General office}]}\nfiling:\n  transfers:  # the last three complete years, once a year\n"
              "    - {department: General office, year: 2022, transferred_on: 2023-03-08, items: 231}\n"
              "    - {department: General office, year: 2023, transferred_on: 2024-03-12, items: 244}\n"
              "    - {department: General office, year: 2024, transferred_on: 2025-03-10, items: 250}"),
    violation=T("unit: {departments: [{name: 党政办公室}]}\nfiling:\n  transfers:\n    - {department: 党政办公室, year: 2024, transferred_on: 2025-03-10, items: 250}",
                "unit: {departments: [{name: General office}]}\nfiling:\n  transfers:\n    - {department: General office, year: 2024, transferred_on: 2025-03-10, items: 250}"),
)
def every_department_transfers(unit, ctx):
    years, departments = due_years(unit, ctx), _departments(unit)
    if _filing(unit).get("all_filed") is False:
        yield fail(join("filing", "all_filed"), T("单位自认应归档的文件材料未能全部归档", "the unit admits that not all records due for filing were filed"),
                   0.5, all_filed=False)
    if not years:
        return
    if "transfers" not in _filing(unit):
        yield missing(join("filing", "transfers"), T("未提供各部门归档移交记录", "no transfer records given"), years=years)
        return
    if not departments:
        yield missing(join("unit", "departments"), T("未列出形成文件的内设部门", "no record-producing departments listed"))
        return
    done = {(t.get("department"), t.get("year")) for _, t in _transfers(unit)}
    share = 1 / (len(years) * len(departments))
    for year in years:
        for name in departments:
            if (name, year) not in done:
                yield fail(join("filing", "transfers"), T("{d} 无 {y} 年度归档移交记录", "{d} has no transfer for {y}").format(d=name, y=year),
                           share, department=name, year=year)


@rules.rule(
    id="FIL003",
    title=T("按期归档", "Files are transferred by the filing deadline"),
    severity=Severity.MINOR,
    points=2,
    basis=FILING_DEADLINE,
    params={"deadline": DEFAULT_DEADLINE, "years": 3},
    remedy=T("在规定期限内（默认次年 6 月 30 日前，或本单位规定的期限）完成上一年度文件归档；逾期的部门限期补交。",
             "Transfer the previous year's files by the deadline (30 June of the next year by default, or the unit's own); chase late departments."),
    rationale=T("未找到规定归档时间的国家条文，通行做法为“次年6月底前”；单位自定了期限（filing.deadline）时按单位期限检查；未自定时用参数 deadline（--param FIL003.deadline=MM-DD）。尚未到期的年度不算逾期。",
                "No national text found sets the filing time; the common rule is 'by end of June next year'. A unit's own deadline (filing.deadline) is used when set; otherwise the deadline param (--param FIL003.deadline=MM-DD). A year not yet due is not late."),
    example=T("filing:\n  deadline: \"06-30\"\n  transfers:\n    - {department: 党政办公室, year: 2024, transferred_on: 2025-03-10}",
              "filing:\n  deadline: \"06-30\"\n  transfers:\n    - {department: General office, year: 2024, transferred_on: 2025-03-10}"),
)
def transfers_on_time(unit, ctx):
    years = set(due_years(unit, ctx))
    relevant = [(i, t) for i, t in _transfers(unit) if t.get("year") in years]
    if not years:
        return
    if not relevant:
        yield missing(join("filing", "transfers"), T("未提供已到期年度的归档移交记录", "no transfer records for the years now due"),
                      years=sorted(years))
        return
    share = 1 / len(relevant)
    for index, transfer in relevant:
        where, year = join("filing", "transfers", index), transfer["year"]
        due, on = filing_deadline(unit, ctx, year), parse_date(transfer.get("transferred_on"))
        if on is None:
            yield missing(where, T("{d} {y} 年度移交未写明移交日期", "{d}'s {y} transfer has no date").format(d=transfer.get("department"), y=year),
                          share, department=transfer.get("department"), year=year)
        elif on > due:
            yield fail(where + "/transferred_on",
                       T("{d} {y} 年度文件于 {on} 移交，晚于期限 {due}（逾期 {n} 天）",
                         "{d} transferred its {y} files on {on}, after the {due} deadline ({n} days late)").format(
                           d=transfer.get("department"), y=year, on=on.isoformat(), due=due.isoformat(), n=(on - due).days),
                       share, department=transfer.get("department"), year=year, transferred_on=on.isoformat(), deadline=due.isoformat())


@rules.rule(
    id="FIL004",
    title=T("归档交接按目录清点并签字", "Filing handovers are checked against the list and signed"),
    severity=Severity.MAJOR,
    points=3,
    basis=O13_HANDOVER,
    params={"years": 3},
    remedy=T("每次归档移交时，交接双方依据归档文件目录逐件清点核对，在移交清单（交接文据）上签字并存档。",
             "At every transfer both sides check item by item against the filing list and sign the handover sheet, which is kept."),
    rationale=T("没有清点和签字的移交，出了缺失说不清责任；检查组会翻看交接文据。检查最近几个年度（含当年）的移交。",
                "Without a checked and signed handover nobody answers for a missing file; inspectors look at the handover sheets. Transfers of the recent years (incl. this one) count."),
    example=T("filing:\n  transfers:\n    - {department: 党政办公室, year: 2024, checked_against_list: true, signed: true}",
              "filing:\n  transfers:\n    - {department: General office, year: 2024, checked_against_list: true, signed: true}"),
)
def handovers_signed(unit, ctx):
    first = ctx.as_of.year - int(ctx.params["years"])
    recent = [(i, t) for i, t in _transfers(unit) if isinstance(t.get("year"), int) and t["year"] >= first
              and (parse_date(t.get("transferred_on")) is not None or "checked_against_list" in t or "signed" in t)]
    if not recent:
        yield missing(join("filing", "transfers"), T("未提供近年归档移交的交接情况", "no recent transfer handovers described"))
        return
    share = 1 / len(recent)
    for index, transfer in recent:
        where = join("filing", "transfers", index)
        label = dict(d=transfer.get("department"), y=transfer["year"])
        checked, signed = transfer.get("checked_against_list"), transfer.get("signed")
        if checked is False or signed is False:
            lacking = [name for name, value in (("checked_against_list", checked), ("signed", signed)) if value is False]
            yield fail(where, T("{d} {y} 年度移交未{what}", "{d}'s {y} transfer was not {what_en}").format(
                what="按目录清点" if lacking == ["checked_against_list"] else "签字" if lacking == ["signed"] else "清点核对且未签字",
                what_en="checked against the list" if lacking == ["checked_against_list"] else "signed" if lacking == ["signed"] else "checked or signed",
                **label), share, lacking=lacking, **{"department": label["d"], "year": label["y"]})
        elif checked is None or signed is None:
            yield missing(where, T("未说明 {d} {y} 年度移交是否清点核对并签字", "no word on whether {d}'s {y} transfer was checked and signed").format(**label),
                          share, department=label["d"], year=label["y"])


@rules.rule(
    id="FIL005",
    title=T("分类方案明确并保持稳定", "A classification scheme is declared and kept stable"),
    severity=Severity.MINOR,
    points=2,
    basis=DAT22_CLASS,
    remedy=T("按 DA/T 22—2015 确定一种分类方法（如“年度—机构—保管期限”）并长期沿用；确需调整的，记录调整年度和原因；同一全宗内不要混用机构分类和问题分类。",
             "Pick one DA/T 22—2015 scheme (e.g. year – organisation – retention) and keep it; if it must change, record the year and why; never mix organisation and subject classes in one fonds."),
    rationale=T("分类方案前后不一、无故变更或机构与问题混用，会使同一全宗的档案无法统一检索和排架，检查组会要求说明。",
                "A scheme that changes without reason, or that mixes organisation and subject classes, leaves one fonds without a single order for finding and shelving; inspectors ask why."),
    example=T("filing:\n  classification:\n    scheme: year-organisation-retention\n    since_year: 2016\n    changes: []",
              "filing:\n  classification:\n    scheme: year-organisation-retention\n    since_year: 2016\n    changes: []"),
)
def classification_stable(unit, ctx):
    scheme = _filing(unit).get("classification")
    where = join("filing", "classification")
    if not isinstance(scheme, dict) or "scheme" not in scheme:
        yield missing(where, T("未说明归档文件分类方法", "no classification scheme declared"))
        return
    changes = list(indexed(scheme.get("changes")))
    unexplained = [(i, c) for i, c in changes if not str(c.get("reason") or "").strip()]
    mixed = scheme.get("mixed_organisation_problem") is True
    parts = len(unexplained) + (1 if mixed else 0)
    for index, change in unexplained:
        yield fail(join("filing", "classification", "changes", index),
                   T("{y} 年变更分类方法（{a} → {b}）未记录原因", "the scheme changed in {y} ({a} → {b}) with no reason recorded").format(
                       y=change.get("year"), a=change.get("from", "?"), b=change.get("to", "?")),
                   1 / parts, year=change.get("year"))
    if mixed:
        yield fail(where, T("同一全宗内混用机构分类与问题分类", "organisation and subject classes are mixed in one fonds"),
                   1 / parts, mixed_organisation_problem=True)


@rules.rule(
    id="FIL006",
    title=T("各年度归档数量无异常缺口", "No year has missing or suspiciously few filed items"),
    severity=Severity.MINOR,
    points=1,
    basis=FILING_VOLUME,
    params={"deadline": DEFAULT_DEADLINE, "share": 0.5},
    remedy=T("核对归档数量为 0 或明显偏少的年度：查明是否有部门未归档、文件散存或登记遗漏，及时补归档并更正统计。",
             "Look into years with no or very few filed items: find departments that did not file, files left in offices or missed entries; file them and correct the count."),
    rationale=T("机关每年形成的文件数量相对稳定；某一年度归档量为 0 或不足中位数的一定比例（默认 50%，参数 share），往往意味着漏归档。数量取自 holdings.by_year，缺项时取当年各部门移交件数之和；尚未到归档期限的年度不计。"
                "按卷（立卷）保存的年度（有卷数而没有件数，多为按件整理以前的年度）算作已归档，不与按件整理的年度比较件数。",
                "A body produces a similar number of records each year; a year with none, or fewer than a share of the median (50 % by default, param share), usually means files were not filed. Counts come from holdings.by_year, else the sum of that year's transfers; years not yet due are left out. "
                "Years held in volumes (卷: volumes but no item count, usually before item-level arrangement) count as filed and are not compared with item-arranged years."),
    example=T("holdings:\n  by_year:\n    - {year: 2023, items: 1520}\n    - {year: 2024, items: 1550}",
              "holdings:\n  by_year:\n    - {year: 2023, items: 1520}\n    - {year: 2024, items: 1550}"),
)
def no_thin_years(unit, ctx):
    counts, origin = yearly_items(unit)
    volume_years = yearly_volumes(unit)
    if not counts and not volume_years:
        yield missing(join("holdings", "by_year"), T("未提供各年度归档数量", "no yearly counts of filed items given"))
        return
    last = ctx.as_of.year - 1
    if filing_deadline(unit, ctx, last) >= ctx.as_of and last not in counts:
        last -= 1
    # years held in volumes (卷) are filed; only the item-arranged years are compared with each other
    item_years = [y for y in counts if y not in volume_years or counts[y] > 0]
    if not item_years:
        return
    years = [y for y in range(min(item_years), last + 1) if y not in volume_years or counts.get(y, 0) > 0]
    if not years:
        return
    values = [counts.get(y, 0) for y in years]
    median = _median(values)
    floor = float(ctx.params["share"]) * median
    thin = [(y, v) for y, v in zip(years, values) if v == 0 or (len(values) >= 3 and v < floor)]
    for year, value in thin:
        where = origin.get(year, join("holdings", "by_year"))
        message = (T("{y} 年度没有归档文件", "no files were filed for {y}") if value == 0 else
                   T("{y} 年度仅归档 {n} 件，不足各年中位数 {m} 的 {p}%", "only {n} items filed for {y}, under {p} % of the median {m}"))
        yield fail(where, message.format(y=year, n=value, m=median, p=round(float(ctx.params["share"]) * 100)),
                   1 / len(years), year=year, items=value, median=median)


def yearly_items(unit: Mapping[str, Any]) -> tuple[dict[int, int], dict[int, str]]:
    """Items filed per year (holdings.by_year first, else the sum of transfers) and where each came from."""
    counts: dict[int, int] = {}
    origin: dict[int, str] = {}
    holdings = unit.get("holdings") if isinstance(unit.get("holdings"), dict) else {}
    for index, entry in indexed(holdings.get("by_year")):
        if isinstance(entry.get("year"), int) and isinstance(entry.get("items"), int):
            counts[entry["year"]] = counts.get(entry["year"], 0) + entry["items"]
            origin[entry["year"]] = join("holdings", "by_year", index)
    from_transfers: dict[int, int] = {}
    for index, transfer in _transfers(unit):
        year, items = transfer.get("year"), transfer.get("items")
        if isinstance(year, int) and isinstance(items, int) and year not in counts:
            from_transfers[year] = from_transfers.get(year, 0) + items
            origin.setdefault(year, join("filing", "transfers", index))
    counts.update(from_transfers)
    return counts, origin


def yearly_volumes(unit: Mapping[str, Any]) -> set[int]:
    """Years whose records are held in volumes (卷): a volume count above zero in holdings.by_year or a transfer."""
    holdings = unit.get("holdings") if isinstance(unit.get("holdings"), dict) else {}
    years = {e["year"] for _, e in indexed(holdings.get("by_year")) if isinstance(e.get("year"), int) and (e.get("volumes") or 0) > 0}
    years |= {t["year"] for _, t in _transfers(unit) if isinstance(t.get("year"), int) and (t.get("volumes") or 0) > 0}
    return years


#: years after which records go to the receiving archive, by its level, per the basis in force
#: (实施条例 art. 20 ¶2 = 实施办法 art. 13 ¶2: 20 years for central, provincial and prefecture archives, 10 for
#: county archives; before 1990 about 20 years for provincial and higher archives, about 10 for 省辖市 and county)
TRANSFER_YEARS = {"central": 20, "provincial": 20, "prefecture": 20, "county": 10}
TRANSFER_YEARS_1983 = {"central": 20, "provincial": 20, "prefecture": 10, "county": 10}
LEVEL_NAMES = {"central": T("中央级", "central"), "provincial": T("省级", "provincial"), "prefecture": T("设区的市级", "prefecture-level"),
               "county": T("县级", "county-level")}


def _unit_info(unit):
    return unit.get("unit") or {}


def _transfer_applies(unit, ctx):
    info = _unit_info(unit)
    if info.get("in_receiving_scope") is False:
        return T("本单位不属于综合档案馆的接收范围", "the unit is outside any comprehensive archive's receiving scope")
    if info.get("receiving_archive_level") is None and info.get("in_receiving_scope") is not True and info.get("kind") not in ("agency", "township"):
        return T("未说明本单位是否属于综合档案馆接收范围（事业单位、企业多不属于）",
                 "the description does not say whether the unit is in an archive's receiving scope (most institutions and enterprises are not)")
    return None


def _periods(ctx) -> dict[str, int]:
    basis = ctx.basis
    return TRANSFER_YEARS_1983 if basis is not None and basis.document == TRANSFER_PERIOD_BEFORE_2024.first().document else TRANSFER_YEARS


def _held_years(unit) -> list[int]:
    holdings = unit.get("holdings") if isinstance(unit.get("holdings"), dict) else {}
    return sorted({e["year"] for _, e in indexed(holdings.get("by_year"))
                   if isinstance(e.get("year"), int) and ((e.get("items") or 0) > 0 or (e.get("volumes") or 0) > 0)})


def _spans(years: list[int]) -> str:
    """1998, 1999, 2000, 2003 → '1998–2000, 2003'."""
    spans: list[list[int]] = []
    for year in years:
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


@rules.rule(
    id="FIL007",
    title=T("到期档案按期向综合档案馆移交", "Records due are transferred to the receiving archive"),
    severity=Severity.MAJOR,
    points=3,
    basis=REG_ART20,
    params={"grace_years": 0},
    applies_if=_transfer_applies,
    remedy=T("按接收档案馆的要求整理到期年度的永久档案，办理移交进馆手续；确需延期的（专业性强或需要保密），报同级档案主管部门检查同意并留存同意文件。",
             "Prepare the permanent records of the years now due as the receiving archive asks and hand them over; where a delay is needed "
             "(specialised or classified records), have the same-level archive authority inspect and agree, and keep its consent."),
    rationale=T("属于中央级、省级、设区的市级综合档案馆接收范围的档案，自形成之日起满 20 年移交；属于县级综合档案馆接收范围的，满 10 年移交"
                "（《档案法实施条例》第二十条第二款，2024 年以前为《档案法实施办法》第十三条第二款，1990 年以前按《机关档案工作条例》时期的做法，"
                "设区的市级也为约 10 年）。年限按 unit.receiving_archive_level 确定；holdings.by_year 中形成年度加年限已过的年度须见于 "
                "filing.archive_transfers，或在经同意延期（filing.transfer_extension）的年度范围内；宽限年数为参数 grace_years。"
                "unit.in_receiving_scope: false 的单位不适用；事业单位、企业未说明时不适用，机关、乡镇须说明接收档案馆级别。按逾期年度的比例扣分。",
                "Records in the receiving scope of a central, provincial or prefecture-level archive go there 20 years after they were made; those of a "
                "county archive after 10 (Implementing Regulations art. 20 ¶2; before 2024 the Implementing Measures art. 13 ¶2; before 1990 the "
                "practice under the 1983 regulation, with about 10 years for prefecture archives too). The period follows unit.receiving_archive_level; "
                "years in holdings.by_year past it must appear in filing.archive_transfers or in an agreed extension (filing.transfer_extension); "
                "grace_years adds a margin. Units with unit.in_receiving_scope: false are not judged; institutions and enterprises that do not say are "
                "not judged; agencies and townships must name the receiving archive's level. Deducts by the share of overdue years."),
    example=T("unit: {kind: township, receiving_archive_level: county}\nholdings:\n  by_year:\n    - {year: 2010, volumes: 40}\n    - {year: 2016, items: 1400}\n"
              "filing:\n  archive_transfers:\n    - {from_year: 2001, to_year: 2012, transferred_on: 2023-11-08, volumes: 620}",
              "unit: {kind: township, receiving_archive_level: county}\nholdings:\n  by_year:\n    - {year: 2010, volumes: 40}\n    - {year: 2016, items: 1400}\n"
              "filing:\n  archive_transfers:\n    - {from_year: 2001, to_year: 2012, transferred_on: 2023-11-08, volumes: 620}"),
    violation=T("unit: {kind: township, receiving_archive_level: county}\nholdings:\n  by_year:\n    - {year: 2005, volumes: 40}\nfiling:\n  archive_transfers: []",
                "unit: {kind: township, receiving_archive_level: county}\nholdings:\n  by_year:\n    - {year: 2005, volumes: 40}\nfiling:\n  archive_transfers: []"),
)
def transferred_to_archive(unit, ctx):
    level = _unit_info(unit).get("receiving_archive_level")
    if level is None:
        yield missing(join("unit", "receiving_archive_level"), T("未说明接收本单位档案的综合档案馆级别，无法确定移交期限",
                                                                 "the receiving archive's level is not given, so the transfer period is unknown"))
        return
    period = _periods(ctx)[level] + int(ctx.params["grace_years"])
    held = _held_years(unit)
    if not held:
        yield missing(join("holdings", "by_year"), T("未提供各年度馆藏，无法核对到期应移交的年度", "no holdings per year, so the years due for transfer cannot be checked"))
        return
    due = [y for y in held if y + period < ctx.as_of.year]
    if not due:
        return
    transfers = _filing(unit).get("archive_transfers")
    covered: set[int] = set()
    for _, transfer in indexed(transfers):
        last = transfer.get("to_year")
        first = transfer.get("from_year", last)
        if isinstance(first, int) and isinstance(last, int):
            covered.update(range(first, last + 1))
    extension = _filing(unit).get("transfer_extension")
    if isinstance(extension, dict) and extension.get("approved") is True and isinstance(extension.get("until_year"), int):
        covered.update(y for y in due if y <= extension["until_year"])
    overdue = [y for y in due if y not in covered]
    if not overdue:
        return
    name = LEVEL_NAMES[level]
    message = T("已满 {p} 年的 {y} 年度档案未见向{l}综合档案馆移交的记录", "records of {y}, more than {p} years old, show no transfer to the {le} archive").format(
        p=_periods(ctx)[level], y=_spans(overdue), l=name.zh, le=name.en)
    evidence = dict(years=overdue, period_years=_periods(ctx)[level], receiving_archive_level=level)
    if transfers is None:
        yield missing(join("filing", "archive_transfers"), message, len(overdue) / len(due), **evidence)
    else:
        yield fail(join("filing", "archive_transfers"), message, len(overdue) / len(due), **evidence)


def _boxes_apply(unit, ctx):
    if _filing(unit).get("arrangement_unit") == "volume":
        return T("按卷整理（卷内备考表按 GB/T 9705 检查，不属本规则）", "arranged by volume (volume sheets follow GB/T 9705, not this rule)")
    return None


@rules.rule(
    id="FIL008",
    title=T("档案盒填写盒脊项目并放置备考表", "Boxes carry their spine entries and a completed record sheet (备考表)"),
    severity=Severity.MINOR,
    points=2,
    basis=DAT22_BOXES,
    applies_if=_boxes_apply,
    remedy=T("每盒盒脊（或底边）填写全宗号、年度、保管期限、起止件号、盒号；盒内文件后放置备考表，写明盒内文件缺损、修改、补充、移出、销毁等情况，"
             "由整理人、检查人签名并注明日期。",
             "Write fonds code, year, retention, first and last item numbers and box number on each spine (or bottom edge); put a record sheet "
             "after the files noting missing, altered, added, removed or destroyed items, signed and dated by the arranger and the checker."),
    rationale=T("DA/T 22—2015 第6.4.1条规定盒脊项目，第6.4.2条要求每盒放置备考表并由整理人、检查人签名注明日期；检查组会随机开盒查看。"
                "filing.boxes 的 spine_filled、record_sheet、record_sheet_signed 三项各占三分之一分值；写 false 为不符合，未写为未提供证据。"
                "盒内目录（contents_list）只作记录，不评价。按卷整理（filing.arrangement_unit: volume）的不适用。",
                "DA/T 22—2015 6.4.1 sets the spine entries and 6.4.2 a record sheet in every box, signed and dated by the arranger and the checker; "
                "inspectors open boxes at random. filing.boxes' spine_filled, record_sheet and record_sheet_signed are a third of the points each; "
                "false fails, silence is no evidence. A box contents list (contents_list) is recorded, not judged. Arrangement by volume "
                "(filing.arrangement_unit: volume) is not judged here."),
    example=T("filing:\n  boxes: {spine_filled: true, record_sheet: true, record_sheet_signed: true}",
              "filing:\n  boxes: {spine_filled: true, record_sheet: true, record_sheet_signed: true}"),
    violation=T("filing:\n  boxes: {spine_filled: true, record_sheet: false}", "filing:\n  boxes: {spine_filled: true, record_sheet: false}"),
)
def boxes_complete(unit, ctx):
    boxes = _filing(unit).get("boxes")
    where = join("filing", "boxes")
    if not isinstance(boxes, dict):
        yield missing(where, T("未说明档案盒盒脊和备考表的填写情况", "no word on box spines and record sheets"))
        return
    parts = (
        ("spine_filled", T("盒脊项目（全宗号、年度、保管期限、起止件号、盒号）未填写齐全", "box spines lack entries (fonds, year, retention, item range, box number)"),
         T("未说明盒脊项目是否填写齐全", "no word on whether box spines are filled in")),
        ("record_sheet", T("档案盒内未放置备考表", "boxes hold no record sheet (备考表)"), T("未说明盒内是否放置备考表", "no word on record sheets in the boxes")),
        ("record_sheet_signed", T("备考表未由整理人、检查人签名并注明日期", "record sheets are not signed and dated by arranger and checker"),
         T("未说明备考表是否有整理人、检查人签名和日期", "no word on whether record sheets are signed and dated")),
    )
    no_sheet = boxes.get("record_sheet") is False
    for key, wrong, unknown in parts:
        if key == "record_sheet_signed" and no_sheet:
            continue  # no sheet, nothing signed: the missing sheet costs both shares
        value = boxes.get(key)
        if value is False:
            yield fail(where + "/" + key, wrong, 2 / 3 if key == "record_sheet" else 1 / 3, **{key: False})
        elif value is None:
            yield missing(where, unknown, 1 / 3)


def _median(values: list[int]) -> float:
    """The median as `statistics.median` gives it (importing `statistics` costs every run a few ms)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
