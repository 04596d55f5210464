"""LAW — legal duties: safety mechanism and emergency readiness, statistics, violations, electronic backups (篇1 §(五), (十)).

These are the duties the Archive Law attaches sanctions to (arts. 19, 48): a unit is judged on records
that show it acted — drills, inspections, rectifications, backups — not on saying it has a policy.
"""

from __future__ import annotations

import datetime as dt

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, hookimpl, join, missing
from archcheck.checkers.common import dated_recently, flag
from archcheck.checkers.sources import DISCIPLINE_BEFORE_2021, LAW1996, LAW2020, O13, SECURITY_FACILITIES_BEFORE_2021, practice
from archcheck.unitdata import by_year, indexed, parse_date

rules = RuleSet(area="LAW")

LAW_ART19 = LAW2020.clause('第十九条', BasisKind.DIRECT, '机关、团体、企业事业单位和其他组织应当建立档案安全工作机制，加强档案安全风险管理，提高档案安全应急处置能力'
                           '（2020 年修订新增）')
O13_EMERGENCY = O13.unnumbered('档案安全一章中应急管理的要求；条号未核实，原文见于题库引用', BasisKind.DIRECT, '机关应当制定档案管理应急预案，并定期组织演练')
DRILL_FREQUENCY = O13.unnumbered('档案安全一章中应急管理的要求；条号未核实，原文见于题库引用', BasisKind.CONFIGURABLE,
                                 '制定应急预案并定期演练；未规定间隔，默认 12 个月可配置')
INSPECTION_FREQUENCY = LAW2020.clause('第十九条', BasisKind.CONFIGURABLE, '加强档案安全风险管理；未规定安全检查的间隔，默认 12 个月可配置',
                                      earlier=LAW1996.clause('第十三条', BasisKind.CONFIGURABLE, '配置必要的设施，确保档案的安全；未规定安全检查的间隔，默认 12 个月可配置'))
LAW_ART48_8 = LAW2020.clause('第四十八条第（八）项', BasisKind.DIRECT,
                             '明知存在档案安全隐患而不采取补救措施，造成档案损毁、灭失，或者存在档案安全隐患被责令限期整改而逾期未整改的，对直接负责的领导人员和直接责任人员依法给予处分',
                             earlier=SECURITY_FACILITIES_BEFORE_2021)
LAW_ART48_9 = LAW2020.clause('第四十八条第（九）项', BasisKind.DIRECT,
                             '发生档案安全事故后，不采取抢救措施或者隐瞒不报、拒绝调查的，对直接负责的领导人员和直接责任人员依法给予处分')
LAW_ART48 = LAW2020.clause('第四十八条', BasisKind.DIRECT, '单位或者个人有本条所列违法行为之一的，由县级以上档案主管部门、有关机关对直接负责的领导人员和直接责任人员依法给予处分',
                           earlier=DISCIPLINE_BEFORE_2021)
STATISTICS = practice('各地档案工作评估细则（统计年报）').clause('', BasisKind.CONFIGURABLE, '按规定向档案行政管理部门报送档案统计年报；报送期限由统计部署确定，默认次年 3 月 31 日可配置')
O13_ART65 = O13.clause('第六十五条', BasisKind.DIRECT, '制定电子档案备份方案，采用磁带、一次写光盘、硬磁盘等离线备份')
BACKUP_AGE = O13.clause('第六十五条', BasisKind.CONFIGURABLE, '离线备份；未规定备份间隔，默认不超过 365 天可配置')
O13_ART62 = O13.clause('第六十二条', BasisKind.DIRECT, '电子档案管理系统按照网络安全等级保护第二级以上要求建设')


@hookimpl
def archcheck_areas():
    return {"LAW": T("依法治档与安全应急", "Legal duties, safety & emergency")}


@hookimpl
def archcheck_rules():
    return rules.all()


def _security(unit):
    return unit.get("security") or {}


@rules.rule(
    id="LAW001",
    title=T("建立档案安全工作机制", "An archive-safety mechanism exists"),
    severity=Severity.MAJOR,
    points=1.5,
    basis=LAW_ART19,
    remedy=T("成立档案安全领导小组，明确安全责任人，建立隐患排查、风险管理和应急处置的工作机制。",
             "Set up an archive-safety group with named owners and a working mechanism for hazard checks, risk management and emergencies."),
    rationale=T("《档案法》（2020 年修订）第十九条要求各单位建立档案安全工作机制、提高应急处置能力；这是 2021 年 1 月 1 日起的新要求，"
                "自查日期更早时本规则不适用。",
                "The 2020 Archive Law's art. 19 requires every unit to set up an archive-safety mechanism and emergency capacity; a requirement new "
                "from 1 January 2021, so the rule is not applicable to earlier audit dates."),
    example=T("security:\n  safety_mechanism: true", "security:\n  safety_mechanism: true"),
)
def safety_mechanism(unit, ctx):
    yield from flag(_security(unit).get("safety_mechanism"), join("security", "safety_mechanism"),
                    T("未说明是否建立档案安全工作机制", "no word on an archive-safety mechanism"), T("未建立档案安全工作机制", "no archive-safety mechanism"))


@rules.rule(
    id="LAW010",
    title=T("制定档案管理应急预案", "An archive emergency plan exists"),
    severity=Severity.MAJOR,
    points=1.5,
    basis=O13_EMERGENCY,
    remedy=T("制定档案管理应急预案（火灾、水浸、被盗、信息系统故障等情形），明确抢救顺序、责任人和联络方式。",
             "Write an archive emergency plan (fire, flood, theft, system failure) with the rescue order, the people in charge and contacts."),
    rationale=T("《机关档案管理规定》要求机关制定档案管理应急预案并定期演练（演练见 LAW002）。",
                "The 2018 regulation requires an archive emergency plan and regular drills (drills: LAW002)."),
    example=T("security:\n  emergency_plan: {exists: true, adopted: 2023-03-01}", "security:\n  emergency_plan: {exists: true, adopted: 2023-03-01}"),
)
def emergency_plan(unit, ctx):
    yield from flag((_security(unit).get("emergency_plan") or {}).get("exists"), join("security", "emergency_plan"),
                    T("未说明是否制定档案管理应急预案", "no word on an archive emergency plan"), T("未制定档案管理应急预案", "there is no archive emergency plan"),
                    wrong_at=join("security", "emergency_plan", "exists"))


def _recent_event(unit, ctx, key, none_msg, stale_msg):
    yield from dated_recently(_security(unit).get(key), join("security", key), ctx.as_of, int(ctx.params["months"]), none_msg, stale_msg)


@rules.rule(
    id="LAW002",
    title=T("近一年内开展过应急演练", "An emergency drill within the last year"),
    severity=Severity.MINOR,
    points=2,
    basis=DRILL_FREQUENCY,
    params={"months": 12},
    remedy=T("按应急预案组织一次演练（如库房火灾疏散与档案抢救），留存方案、照片和总结。",
             "Run a drill from the plan (e.g. store fire evacuation and rescue of records); keep the plan, photos and review."),
    rationale=T("预案不演练就不能用。13号令要求定期演练，间隔未见原文，默认 12 个月（LAW002.months），属可配置阈值。",
                "A plan never drilled does not work. Order No. 13 asks for regular drills without a stated interval; the 12-month default "
                "(LAW002.months) is a configurable threshold."),
    example=T("security:\n  drills:\n    - {date: 2025-05-20}", "security:\n  drills:\n    - {date: 2025-05-20}"),
)
def drilled(unit, ctx):
    yield from _recent_event(unit, ctx, "drills", T("未提供应急演练记录", "no drill record given"),
                             T("近 {m} 个月没有应急演练", "no emergency drill in the last {m} months"))


@rules.rule(
    id="LAW003",
    title=T("定期开展档案安全检查", "Regular archive-safety inspections"),
    severity=Severity.MINOR,
    points=1,
    basis=INSPECTION_FREQUENCY,
    params={"months": 12},
    remedy=T("定期检查库房消防、电路、门窗、温湿度和设备，填写检查记录。",
             "Inspect the store's fire kit, wiring, doors and windows, climate and equipment on a schedule, and log it."),
    rationale=T("风险管理靠定期检查发现隐患。间隔未见原文，默认 12 个月内至少一次（LAW003.months），可配置。",
                "Risk management means finding hazards by inspection. No interval is stated; the default is at least once in 12 months "
                "(LAW003.months), configurable."),
    example=T("security:\n  inspections:\n    - {date: 2025-06-05, problems: 0}", "security:\n  inspections:\n    - {date: 2025-06-05, problems: 0}"),
)
def inspected(unit, ctx):
    yield from _recent_event(unit, ctx, "inspections", T("未提供档案安全检查记录", "no safety-inspection record given"),
                             T("近 {m} 个月没有档案安全检查", "no safety inspection in the last {m} months"))


def _found_problems(unit):
    return [(i, x) for i, x in indexed(_security(unit).get("inspections")) if (x.get("problems") or 0) > 0]


def _has_problems(unit, ctx):
    if _found_problems(unit):
        return None
    if list(indexed(_security(unit).get("inspections"))):
        return T("安全检查未发现隐患", "no inspection found a hazard")
    return T("没有记录发现隐患的安全检查（检查频次见 LAW003）", "no inspection recorded a hazard (inspection frequency is LAW003)")


@rules.rule(
    id="LAW004",
    title=T("安全检查发现的隐患已整改", "Hazards found by inspections are fixed"),
    severity=Severity.MAJOR,
    points=2,
    basis=LAW_ART48_8,
    applies_if=_has_problems,
    remedy=T("对未整改的隐患逐项制定措施、明确时限和责任人，整改后复查并记录。",
             "Give each open hazard a fix, a deadline and an owner; re-inspect and record when done."),
    rationale=T("《档案法》第四十八条第（八）项：明知存在档案安全隐患而不采取补救措施、或被责令限期整改而逾期未整改，对责任人员依法给予处分"
                "（2021 年以前以 1996 年修正的《档案法》第十三条“确保档案的安全”为依据）。每次发现问题的检查平分分值。",
                "Archive Law art. 48 item (8): leaving a known hazard unremedied, or missing an ordered rectification deadline, leads to discipline of "
                "those responsible (before 2021 the 1996 law's art. 13, 'ensure the safety of archives', is the basis). "
                "Each inspection that found problems weighs the same."),
    example=T("security:\n  inspections:\n    - {date: 2025-01-08, problems: 2, rectified: true}",
              "security:\n  inspections:\n    - {date: 2025-01-08, problems: 2, rectified: true}"),
)
def hazards_fixed(unit, ctx):
    found = _found_problems(unit)
    share = 1 / len(found)
    for index, inspection in found:
        where = join("security", "inspections", index, "rectified")
        date = inspection.get("date")
        yield from flag(inspection.get("rectified"), where,
                        T("未说明 {d} 检查发现的问题是否整改", "no word on whether the problems found on {d} were fixed").format(d=date),
                        T("{d} 检查发现的 {n} 个问题未整改", "{n} problems found on {d} are not fixed").format(d=date, n=inspection["problems"]),
                        share, date=date, problems=inspection["problems"])


def _due_years(as_of: dt.date, due: str, count: int) -> list[int]:
    """The `count` latest years whose report deadline (MM-DD of the next year) has passed by `as_of`."""
    month, day = (int(x) for x in due.split("-"))
    last = as_of.year - 1 if (as_of.month, as_of.day) >= (month, day) else as_of.year - 2
    return list(range(last - count + 1, last + 1))


@rules.rule(
    id="LAW005",
    title=T("按时报送档案统计年报", "The annual statistics report is submitted"),
    severity=Severity.MINOR,
    points=2,
    basis=STATISTICS,
    params={"due": "03-31", "years": 1},
    remedy=T("按档案主管部门部署填报并报送上年度档案统计年报，留存报送回执。",
             "File last year's archive statistics report as the bureau directs and keep the receipt."),
    rationale=T("统计年报是各地评估细则的计分项；未找到《机关档案管理规定》中的统计条文，因此期限（LAW005.due，默认次年 3 月 31 日）和检查年数"
                "（LAW005.years）都可配置。只检查报送期限已过的年度。",
                "The statistics report scores in provincial schemes; no Order No. 13 clause on it was found, so the deadline (LAW005.due, default "
                "31 March of the next year) and the number of years (LAW005.years) are configurable. Only years whose deadline has passed count."),
    example=T("statistics:\n  annual_reports:\n    - {year: 2024, submitted: true, submitted_on: 2025-01-20}",
              "statistics:\n  annual_reports:\n    - {year: 2024, submitted: true, submitted_on: 2025-01-20}"),
)
def statistics_submitted(unit, ctx):
    years = _due_years(ctx.as_of, str(ctx.params["due"]), int(ctx.params["years"]))
    reports = by_year((unit.get("statistics") or {}).get("annual_reports"))
    share = 1 / len(years)
    for year in years:
        if year not in reports:
            yield missing(join("statistics", "annual_reports"), T("未提供 {y} 年统计年报情况", "no word on the {y} statistics report").format(y=year), share, year=year)
            continue
        index, report = reports[year]
        if report.get("submitted") is None:
            yield missing(join("statistics", "annual_reports", index), T("未说明 {y} 年统计年报是否报送", "no word on whether the {y} report was submitted").format(y=year), share, year=year)
        elif report["submitted"] is False:
            yield fail(join("statistics", "annual_reports", index, "submitted"), T("{y} 年档案统计年报未报送", "the {y} statistics report was not submitted").format(y=year), share, year=year)


@rules.rule(
    id="LAW006",
    title=T("违反档案法律法规的问题已整改", "Archive-law violations are rectified"),
    severity=Severity.MAJOR,
    points=3,
    basis=LAW_ART48,
    remedy=T("逐项整改，追回或补救受损档案，按规定报告，并修订相关制度防止再犯。",
             "Rectify each one, recover or repair the records, report as required, and change the rules so it does not recur."),
    rationale=T("存在未整改的违法违规事件会直接导致检查不合格并可能被追责。legal.violations 写空数组表示没有违法违规事件；"
                "未填写为未提供证据。每起未整改事件扣全部分值。",
                "An unrectified violation fails an inspection outright and may lead to sanctions. legal.violations: [] states there were none; "
                "leaving it out is no evidence. Each unrectified violation costs the full points."),
    example=T("legal:\n  violations: []", "legal:\n  violations: []"),
)
def violations_rectified(unit, ctx):
    violations = (unit.get("legal") or {}).get("violations")
    if violations is None:
        yield missing(join("legal", "violations"), T("未说明有无违反档案法律法规的事件", "no word on archive-law violations"))
        return
    for index, violation in indexed(violations):
        where = join("legal", "violations", index, "rectified")
        what = violation.get("description") or violation.get("date")
        yield from flag(violation.get("rectified"), where,
                        T("未说明违法违规事件（{w}）是否整改", "no word on whether the violation ({w}) was rectified").format(w=what),
                        T("违法违规事件（{w}）未整改", "the violation ({w}) is not rectified").format(w=what), date=violation.get("date"))


def _electronic(unit):
    return unit.get("electronic") or {}


def _may_hold_electronic(unit, ctx):
    if _electronic(unit).get("holds_electronic_records") is False:
        return T("单位不保存电子档案", "the unit holds no electronic records")
    return None


def _holds_unknown(unit):
    if _electronic(unit).get("holds_electronic_records") is None:
        yield missing(join("electronic", "holds_electronic_records"), T("未说明是否保存电子档案", "no word on whether electronic records are held"))
        return True
    return False


@rules.rule(
    id="LAW007",
    title=T("电子档案有备份方案和离线备份", "Electronic archives have a backup plan and offline backups"),
    severity=Severity.MAJOR,
    points=2,
    basis=O13_ART65,
    applies_if=_may_hold_electronic,
    remedy=T("制定电子档案备份方案，用一次写光盘、磁带或硬盘做离线备份，异地存放并登记。",
             "Write a backup plan and make offline copies on write-once disc, tape or disk, stored elsewhere and logged."),
    rationale=T("13号令第六十五条要求备份方案和离线备份。备份方案和离线备份记录各占一半分值；offline_backups 写空数组即没有离线备份。"
                "未说明是否保存电子档案时为未提供证据。",
                "Order No. 13 art. 65 requires a backup plan and offline backups; each is half the points; offline_backups: [] means none. "
                "Not saying whether electronic records are held is no evidence."),
    example=T("electronic:\n  holds_electronic_records: true\n  backup_plan: true\n  offline_backups:\n    - {date: 2025-06-16, medium: optical_disc}",
              "electronic:\n  holds_electronic_records: true\n  backup_plan: true\n  offline_backups:\n    - {date: 2025-06-16, medium: optical_disc}"),
)
def backups_exist(unit, ctx):
    if (yield from _holds_unknown(unit)):
        return
    electronic = _electronic(unit)
    yield from flag(electronic.get("backup_plan"), join("electronic", "backup_plan"),
                    T("未说明是否制定备份方案", "no word on a backup plan"), T("未制定电子档案备份方案", "there is no backup plan"), 0.5)
    backups = electronic.get("offline_backups")
    if backups is None:
        yield missing(join("electronic", "offline_backups"), T("未提供离线备份记录", "no offline-backup record given"), 0.5)
    elif not list(indexed(backups)):
        yield fail(join("electronic", "offline_backups"), T("电子档案没有离线备份", "there is no offline backup"), 0.5)


@rules.rule(
    id="LAW008",
    title=T("离线备份不过期", "The latest offline backup is recent"),
    severity=Severity.MINOR,
    points=1,
    basis=BACKUP_AGE,
    params={"max_age_days": 365},
    applies_if=_may_hold_electronic,
    remedy=T("立即做一次离线备份，并在备份方案中规定备份周期。", "Make an offline backup now and set the interval in the backup plan."),
    rationale=T("备份太旧，恢复时会丢失其后形成的电子档案。原文未规定间隔，默认最近一次离线备份距自查日不超过 365 天（LAW008.max_age_days），可配置。",
                "An old backup loses everything made since. No interval is stated; by default the latest offline backup must be at most 365 days old "
                "(LAW008.max_age_days), configurable."),
    example=T("electronic:\n  holds_electronic_records: true\n  offline_backups:\n    - {date: 2025-06-16}",
              "electronic:\n  holds_electronic_records: true\n  offline_backups:\n    - {date: 2025-06-16}"),
)
def backup_recent(unit, ctx):
    if (yield from _holds_unknown(unit)):
        return
    dates = [d for _, b in indexed(_electronic(unit).get("offline_backups")) if (d := parse_date(b.get("date"))) and d <= ctx.as_of]
    if not dates:
        yield missing(join("electronic", "offline_backups"), T("没有离线备份日期", "no dated offline backup"))
        return
    limit = int(ctx.params["max_age_days"])
    age = (ctx.as_of - max(dates)).days
    if age > limit:
        yield fail(join("electronic", "offline_backups"), T("最近一次离线备份在 {d}，已过 {n} 天（上限 {m} 天）", "the latest offline backup is from {d}, {n} days ago (limit {m})").format(
            d=max(dates).isoformat(), n=age, m=limit), latest=max(dates).isoformat(), age_days=age)


@rules.rule(
    id="LAW009",
    title=T("电子档案系统达到等级保护第二级以上", "The electronic-records system is at protection level 2 or above"),
    severity=Severity.MAJOR,
    points=2,
    basis=O13_ART62,
    applies_if=_may_hold_electronic,
    remedy=T("按网络安全等级保护第二级以上要求建设并测评电子档案管理系统，留存备案证明。",
             "Build and assess the system to cyber-security protection level 2 or above and keep the filing certificate."),
    rationale=T("13号令第六十二条要求电子档案管理系统达到等级保护第二级以上。", "Order No. 13 art. 62 requires protection level 2 or above."),
    example=T("electronic: {holds_electronic_records: true, protection_level: 2}", "electronic: {holds_electronic_records: true, protection_level: 2}"),
)
def protection_level(unit, ctx):
    if (yield from _holds_unknown(unit)):
        return
    level = _electronic(unit).get("protection_level")
    if level is None:
        yield missing(join("electronic", "protection_level"), T("未说明电子档案系统的等级保护级别", "no protection level given for the system"))
    elif level < 2:
        yield fail(join("electronic", "protection_level"), T("电子档案系统等级保护为第 {l} 级，低于第二级", "the system is at protection level {l}, below 2").format(l=level), protection_level=level)


def _incidents(unit, ctx):
    """Incidents on or after the day the reporting duty took effect (an older one is not judged by a later law)."""
    since = ctx.since()
    return [(i, x) for i, x in indexed(_security(unit).get("incidents"))
            if (d := parse_date(x.get("date"))) is None or ((since is None or d >= since) and d <= ctx.as_of)]


@rules.rule(
    id="LAW011",
    title=T("档案安全事故及时抢救并如实报告", "Archive-safety incidents are dealt with and reported"),
    severity=Severity.MAJOR,
    points=2,
    basis=LAW_ART48_9,
    applies_if=lambda unit, ctx: None if _incidents(unit, ctx) else T("没有记录档案安全事故", "no archive-safety incident recorded"),
    remedy=T("事故发生后立即采取抢救措施，按规定向档案主管部门报告，配合调查；补报未报告的事故，并写明原因和整改措施。",
             "After an incident, rescue the records at once, report it to the archive authority as required and cooperate with the inquiry; "
             "report any incident not yet reported, with the cause and the fix."),
    rationale=T("《档案法》第四十八条第（九）项：发生档案安全事故后不采取抢救措施或者隐瞒不报、拒绝调查的，对责任人员依法给予处分。"
                "security.incidents 中每起事故须写明已报告（reported）和已采取抢救措施（rescued）；写 false 为不符合，未写为未提供证据。"
                "security.incidents 写空数组表示没有事故；该项要求 2021 年 1 月 1 日起施行，此前的事故不按本规则评价。每起事故平分分值。",
                "Archive Law art. 48 item (9): failing to rescue, concealing or refusing an inquiry after an archive-safety incident leads to discipline. "
                "Each of security.incidents must say it was reported (reported) and dealt with (rescued); false fails, silence is no evidence. "
                "security.incidents: [] states there were none; the duty applies from 1 January 2021, and earlier incidents are not judged by this "
                "rule. Incidents weigh the same."),
    example=T("security:\n  incidents:\n    - {date: 2024-07-18, description: 库房空调漏水, reported: true, rescued: true}",
              "security:\n  incidents:\n    - {date: 2024-07-18, description: AC leak in the store, reported: true, rescued: true}"),
    violation=T("security:\n  incidents:\n    - {date: 2024-07-18, description: 库房空调漏水, reported: false, rescued: true}",
                "security:\n  incidents:\n    - {date: 2024-07-18, description: AC leak in the store, reported: false, rescued: true}"),
)
def incidents_reported(unit, ctx):
    incidents = _incidents(unit, ctx)
    share = 1 / len(incidents)
    for index, incident in incidents:
        what = incident.get("description") or incident.get("date")
        where = join("security", "incidents", index)
        for key, unknown, wrong in (
            ("reported", T("未说明事故（{w}）是否已报告", "no word on whether the incident ({w}) was reported"),
             T("事故（{w}）未按规定报告", "the incident ({w}) was not reported")),
            ("rescued", T("未说明事故（{w}）是否采取了抢救措施", "no word on whether the records were rescued after the incident ({w})"),
             T("事故（{w}）后未采取抢救措施", "no rescue measures were taken after the incident ({w})")),
        ):
            yield from flag(incident.get(key), where + "/" + key, unknown.format(w=what), wrong.format(w=what), share / 2,
                            date=incident.get("date"), **{key: False})
