"""FIL — filing and arrangement: the approved scope table, yearly transfers from every department,
signed handovers, a stable DA/T 22 classification, and years with suspiciously few filed items.

Unfiled records are the commonest inspection finding, so the rules look for the traces a complete
filing leaves: a transfer per department and year, on time, checked and signed, and no thin years.
"""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any, Mapping

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, hookimpl, join, missing
from archcheck.checkers.common import existence
from archcheck.checkers.sources import DAT22_2015, O13, REG2024, practice
from archcheck.unitdata import completed_years, indexed, parse_date, producing_departments

rules = RuleSet(area="FIL")

REG_ART19_2 = REG2024.clause('第十九条第二款', BasisKind.DIRECT, '机关、群团组织、国有企业等应当确定归档范围和保管期限，报同级档案主管部门审查批准')
REG_ART19_1 = REG2024.clause('第十九条第一款', BasisKind.PRINCIPLE, '各部门应当对文件材料收集、整理并定期向本单位档案机构移交，不得拒绝归档或据为己有；“每年”为通行做法')
FILING_DEADLINE = practice('通行归档时间（次年6月底前）').clause('', BasisKind.CONFIGURABLE, '《机关档案管理规定》中的归档时间条款未核实；按单位自定期限或参数 deadline 检查')
O13_HANDOVER = O13.clause('归档交接条款（条号未核实）', BasisKind.DIRECT, '归档时，交接双方应当根据归档目录清点核对，履行交接手续并签字')
DAT22_CLASS = DAT22_2015.clause('5.2.2；《机关档案管理规定》分类方案保持稳定', BasisKind.PRINCIPLE, '年度—机构（问题）—保管期限等分类方法；同一全宗分类方案应保持一致和稳定，机构与问题不得混用')
FILING_VOLUME = practice('归档完整性（经验阈值）').clause('', BasisKind.CONFIGURABLE, '某年度归档量为 0 或远低于中位数，提示漏归档；阈值 share 可配置')

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
    rationale=T("漏归档是检查中最常见的问题：某部门某年度没有移交记录，说明这部分文件可能仍散存在科室。检查最近几个已过归档期限的年度（默认 3 年）。",
                "Unfiled records are the commonest finding: a department-year without a transfer means those files may still sit in the office. The last completed years whose deadline has passed are checked (3 by default)."),
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
    rationale=T("归档时间的国家条款未核实，通行做法为“次年6月底前”；单位自定了期限（filing.deadline）时按单位期限检查；未自定时用参数 deadline（--param FIL003.deadline=MM-DD）。尚未到期的年度不算逾期。",
                "The national clause on filing time is unconfirmed; the common rule is 'by end of June next year'. A unit's own deadline (filing.deadline) is used when set; otherwise the deadline param (--param FIL003.deadline=MM-DD). A year not yet due is not late."),
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
    rationale=T("机关每年形成的文件数量相对稳定；某一年度归档量为 0 或不足中位数的一定比例（默认 50%，参数 share），往往意味着漏归档。数量取自 holdings.by_year，缺项时取当年各部门移交件数之和；尚未到归档期限的年度不计。",
                "A body produces a similar number of records each year; a year with none, or fewer than a share of the median (50 % by default, param share), usually means files were not filed. Counts come from holdings.by_year, else the sum of that year's transfers; years not yet due are left out."),
    example=T("holdings:\n  by_year:\n    - {year: 2023, items: 1520}\n    - {year: 2024, items: 1550}",
              "holdings:\n  by_year:\n    - {year: 2023, items: 1520}\n    - {year: 2024, items: 1550}"),
)
def no_thin_years(unit, ctx):
    counts, origin = yearly_items(unit)
    if not counts:
        yield missing(join("holdings", "by_year"), T("未提供各年度归档数量", "no yearly counts of filed items given"))
        return
    last = ctx.as_of.year - 1
    if filing_deadline(unit, ctx, last) >= ctx.as_of and last not in counts:
        last -= 1
    years = list(range(min(counts), last + 1))
    if not years:
        return
    values = [counts.get(y, 0) for y in years]
    median = statistics.median(values)
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
