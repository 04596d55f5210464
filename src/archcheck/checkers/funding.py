"""FUN — archive work in the annual plan, and archive funding in the budget (seed report 篇1 §(一)).

Inspectors start here because a plan and a budget line are the written proof that the unit owns the
archive duty; without money there are no stores, equipment or training for the other areas to find.
"""

from __future__ import annotations

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, hookimpl, join, missing
from archcheck.checkers.common import flag
from archcheck.checkers.sources import GOVERNMENT_FUNDING_BEFORE_2021, LAW2020, REG2024, UNIT_RESPONSIBILITY_BEFORE_2024
from archcheck.unitdata import by_year, indexed, parse_date, recent_years

rules = RuleSet(area="FUN")

ARCHCHECK_API = (1,)

REG_ART4 = REG2024.clause('第四条第二款', BasisKind.PRINCIPLE, '机关、团体、企业事业单位和其他组织应当加强本单位档案工作，履行档案工作主体责任，保障档案工作依法开展',
                          earlier=UNIT_RESPONSIBILITY_BEFORE_2024)
LAW_ART3 = LAW2020.clause('第三条', BasisKind.PRINCIPLE, '县级以上人民政府将档案事业发展经费列入本级预算（政府的义务）',
                          earlier=GOVERNMENT_FUNDING_BEFORE_2021)


@hookimpl
def archcheck_areas():
    return {"FUN": T("经费与计划", "Funding & plan")}


@hookimpl
def archcheck_rules():
    return rules.all()


@rules.rule(
    id="FUN001",
    title=T("档案工作纳入单位年度工作计划", "Archive work is in the unit's annual work plan"),
    severity=Severity.MAJOR,
    points=3,
    basis=REG_ART4,
    params={"years": 2},
    remedy=T("在本年度及上年度单位工作计划中列明档案工作任务，并留存计划文本备查。",
             "Write archive tasks into this and last year's annual work plan and keep the plan on file."),
    rationale=T("检查组首先看档案工作是否列入单位工作计划：这是履行档案工作主体责任的书面证据。",
                "Inspectors first look for archive work in the unit's annual plan: the written proof that the unit owns the duty."),
    example=T("planning:\n  annual_plans:\n    - {year: 2024, includes_archive_work: true}\n    - {year: 2025, includes_archive_work: true}",
              "planning:\n  annual_plans:\n    - {year: 2024, includes_archive_work: true}\n    - {year: 2025, includes_archive_work: true}"),
)
def archive_work_in_plan(unit, ctx):
    years = recent_years(ctx.as_of, int(ctx.params["years"]))
    plans = by_year((unit.get("planning") or {}).get("annual_plans"))
    share = 1 / len(years)
    for year in years:
        index, plan = plans.get(year, (None, {}))
        included = plan.get("includes_archive_work")
        if included is None:
            where = join("planning", "annual_plans") if index is None else join("planning", "annual_plans", index)
            yield missing(where, T("未说明 {y} 年工作计划是否包含档案工作", "no word on whether the {y} work plan includes archive work").format(y=year), share, year=year)
        elif included is False:
            yield fail(join("planning", "annual_plans", index, "includes_archive_work"),
                       T("{y} 年工作计划未包含档案工作", "the {y} work plan leaves out archive work").format(y=year), share, year=year)


@rules.rule(
    id="FUN002",
    title=T("档案工作经费列入年度预算", "Archive funding is in the budget every year"),
    severity=Severity.MAJOR,
    points=4,
    basis=REG_ART4,
    params={"years": 3},
    remedy=T("将档案工作经费（培训、装具、设备、数字化等）单列入本级年度财务预算，并保留预算批复和支出凭证。",
             "Put archive funding (training, shelving, equipment, digitisation) as its own line in the annual budget; keep the approval and receipts."),
    rationale=T("没有预算就没有库房、设备和培训；检查组按年度查看预算批复。统计最近三个年度（含当年，当年预算在年初已定）。"
                "国家法规把经费列入预算规定为政府的义务，未见要求单位自身列支的条文：这里把单位预算作为履行档案工作主体责任的证据（原则性推导）。",
                "Without a budget line there are no stores, equipment or training; inspectors check each year's budget. The last three years count "
                "(incl. this one, whose budget is set at its start). National texts make budgeting a duty of governments; none found obliges the unit "
                "itself, so the unit's budget line is read as evidence of its main responsibility for archive work (a principle)."),
    example=T("funding:\n  years:\n    - {year: 2025, in_budget: true, amount_yuan: 20000, uses: [培训, 档案柜]}",
              "funding:\n  years:\n    - {year: 2025, in_budget: true, amount_yuan: 20000, uses: [training, cabinets]}"),
)
def funding_in_budget(unit, ctx):
    years = recent_years(ctx.as_of, int(ctx.params["years"]))
    entries = by_year((unit.get("funding") or {}).get("years"))
    share = 1 / len(years)
    for year in years:
        if year not in entries:
            yield missing(join("funding", "years"), T("未提供 {y} 年档案经费情况", "no archive funding given for {y}").format(y=year), share, year=year)
            continue
        index, entry = entries[year]
        where = join("funding", "years", index)
        if entry.get("in_budget") is False:
            yield fail(where + "/in_budget", T("{y} 年档案经费未列入预算", "archive funding for {y} is not in the budget").format(y=year), share, year=year)
        elif entry.get("amount_yuan") == 0:
            yield fail(where + "/amount_yuan", T("{y} 年档案经费为 0 元", "archive funding for {y} is zero").format(y=year), share, year=year, amount_yuan=0)
        elif entry.get("in_budget") is None:
            yield missing(where, T("未说明 {y} 年档案经费是否列入预算", "no word on whether {y} archive funding is in the budget").format(y=year), share, year=year)


def _enforcement_duty(unit, ctx):
    if (unit.get("unit") or {}).get("has_enforcement_duty") is True:
        return None
    return T("单位未承担档案行政执法职责", "the unit has no archive-enforcement duty")


@rules.rule(
    id="FUN003",
    title=T("档案行政执法经费列入预算", "Archive-enforcement funding is in the budget"),
    severity=Severity.MAJOR,
    points=2,
    basis=LAW_ART3,
    applies_if=_enforcement_duty,
    remedy=T("承担档案行政执法职责的单位，应将执法经费（宣传、检查、培训）单列入年度财务预算。",
             "A unit with archive-enforcement duties should budget enforcement (publicity, inspections, training) as its own line."),
    rationale=T("篇1 自查报告自认“档案管理经费在年度财务预算中尚未列入行政执法经费”，制约执法工作。",
                "The seed report admits enforcement funding was never in the annual budget, which held enforcement back."),
    example=T("unit: {has_enforcement_duty: true}\nfunding: {enforcement_funding_in_budget: true}",
              "unit: {has_enforcement_duty: true}\nfunding: {enforcement_funding_in_budget: true}"),
)
def enforcement_funding(unit, ctx):
    yield from flag((unit.get("funding") or {}).get("enforcement_funding_in_budget"), join("funding", "enforcement_funding_in_budget"),
                    T("未说明执法经费是否列入预算", "no word on whether enforcement funding is budgeted"),
                    T("档案行政执法经费未列入年度预算", "archive-enforcement funding is not in the annual budget"),
                    enforcement_funding_in_budget=False)


def _has_purchases(unit, ctx):
    if any(True for _ in indexed((unit.get("funding") or {}).get("planned_purchases"))):
        return None
    return T("未计划购置设备", "no purchases planned")


@rules.rule(
    id="FUN004",
    title=T("计划购置的设备按期到位", "Planned purchases are made on time"),
    severity=Severity.MINOR,
    points=1,
    basis=REG_ART4,
    applies_if=_has_purchases,
    remedy=T("按计划完成设备购置；确需推迟的，调整计划并说明原因。",
             "Make the planned purchases; if they must slip, change the plan and record why."),
    rationale=T("自查报告中承诺的购置（如“计划下半年再购置空调机、复印机、扫描仪”）到期未落实，会被检查组视为整改不到位。",
                "Purchases a report promised (e.g. an air-conditioner, copier and scanner in the second half) that are overdue read as unfinished rectification."),
    example=T("funding:\n  planned_purchases:\n    - {item: 扫描仪, count: 1, planned_by: 2025-12-31, done: true}",
              "funding:\n  planned_purchases:\n    - {item: scanner, count: 1, planned_by: 2025-12-31, done: true}"),
)
def planned_purchases(unit, ctx):
    items = list(indexed((unit.get("funding") or {}).get("planned_purchases")))
    share = 1 / len(items)
    for index, item in items:
        where = join("funding", "planned_purchases", index)
        due = parse_date(item.get("planned_by"))
        if item.get("done") is True:
            continue
        if item.get("done") is None:
            yield missing(where, T("未说明“{i}”是否已购置", "no word on whether '{i}' was bought").format(i=item.get("item")), share)
        elif due is not None and due < ctx.as_of:
            yield fail(where, T("“{i}”计划于 {d} 前购置，至今未落实", "'{i}' was due by {d} and is still not bought").format(i=item.get("item"), d=due.isoformat()),
                       share, item=item.get("item"), planned_by=due.isoformat())


def _states_sufficiency(unit, ctx):
    if (unit.get("funding") or {}).get("sufficient") is None:
        return T("单位未就经费是否够用作出说明", "the unit does not say whether its funding is sufficient")
    return None


@rules.rule(
    id="FUN005",
    title=T("档案工作经费够用（单位自评）", "Archive funding is sufficient (the unit's own assessment)"),
    severity=Severity.MINOR,
    points=1,
    basis=REG_ART4,
    applies_if=_states_sufficiency,
    remedy=T("测算库房、装具、设备、培训和数字化所需经费，向财务和分管领导提出追加或下年度预算申请，并把缺口写入整改计划。",
             "Cost what stores, shelving, equipment, training and digitisation need, ask finance and the leader in charge for more or for next "
             "year's budget, and put the gap in the rectification plan."),
    rationale=T("经费列入预算（FUN002）不等于够用：单位在自查报告中自认“经费……配备不足”（funding.sufficient: false）时，检查组会要求说明缺口和解决办法。"
                "自认不足为不符合；写明够用为符合；未作说明时不适用（经费是否够用没有统一标准，不按未提供证据扣分）。",
                "A budget line (FUN002) is not the same as enough money: when the unit's own report admits funding falls short (funding.sufficient: "
                "false) the inspectors ask for the gap and the plan. An admitted shortfall fails; stated sufficiency passes; silence makes the rule "
                "not applicable (there is no common yardstick of 'enough', so silence costs nothing)."),
    example=T("funding:\n  sufficient: true", "funding:\n  sufficient: true"),
    violation=T("funding:\n  sufficient: false   # 自查报告：经费和设备配备不足", "funding:\n  sufficient: false   # the report admits funding falls short"),
)
def funding_sufficient(unit, ctx):
    funding = unit.get("funding") or {}
    if funding.get("sufficient") is False:
        yield fail(join("funding", "sufficient"), T("单位自认档案工作经费不足", "the unit admits its archive funding is insufficient"), sufficient=False)
