"""STA — archive staff: a full-time archivist on establishment, qualified and trained every year, a liaison
in every department that produces records, and a checked, signed handover when staff change (13号令 arts. 12–13).

Archive work that is nobody's full-time job, or that changes hands without a checked handover, is where
continuity and accountability break; each archivist weighs the same in every per-person rule.
"""

from __future__ import annotations

from typing import Any, Mapping

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, hookimpl, join, missing
from archcheck.checkers.common import duty_years
from archcheck.checkers.sources import O13, STAFF_KNOWLEDGE_BEFORE_2019
from archcheck.unitdata import by_year, indexed, parse_date, producing_departments

rules = RuleSet(area="STA")

O13_STAFFING = O13.unnumbered('机构与人员一章中专职档案人员与部门档案人员的要求；条号未核实，原文见于题库引用', BasisKind.DIRECT,
                              '机关档案部门应当配备与工作量相适应的专职档案工作人员；各部门应当指定人员负责文件材料的收集、整理和归档')
O13_ART12 = O13.clause('第十二条', BasisKind.DIRECT, '档案工作人员应当为机关正式在编人员，政治可靠，具备档案管理、信息管理等相关知识背景，并定期参加业务培训')
O13_ART12_KNOWLEDGE = O13.clause('第十二条', BasisKind.DIRECT, '档案工作人员应当具备档案管理、信息管理等相关知识背景；不具备的应当经过相关专业知识和技能培训',
                                 earlier=STAFF_KNOWLEDGE_BEFORE_2019)
O13_TRAINING = O13.clause('第十二条', BasisKind.CONFIGURABLE, '档案工作人员应当定期参加业务培训；未规定学时，默认每个完整年度有培训记录即可')
O13_ART13 = O13.clause('第十三条', BasisKind.DIRECT, '档案工作人员调离岗位或者退休的，应当在离岗前办好交接手续')


@hookimpl
def archcheck_areas():
    return {"STA": T("人员配备", "Staffing")}


@hookimpl
def archcheck_rules():
    return rules.all()


def archivists(unit: Mapping[str, Any]) -> list[tuple[int, Mapping[str, Any]]]:
    return list(indexed((unit.get("staff") or {}).get("archivists")))


def _who(index: int, person: Mapping[str, Any]) -> str:
    return str(person.get("name") or f"#{index + 1}")


def _listed(unit: Mapping[str, Any]) -> bool:
    return isinstance((unit.get("staff") or {}).get("archivists"), list)


@rules.rule(
    id="STA001",
    title=T("配备至少一名专职档案员", "At least one full-time archivist"),
    severity=Severity.MAJOR,
    points=4,
    basis=O13_STAFFING,
    remedy=T("配备与工作量相适应的专职档案员（至少一名），不得由兼职人员替代。",
             "Appoint at least one full-time archivist matched to the workload; part-time staff do not replace them."),
    rationale=T("没有专职档案员，档案工作无人负责到底；检查组首先核对档案员是专职还是兼职。",
                "Without a full-time archivist nobody owns the archive work; inspectors first check whether the archivist is full-time."),
    example=T("staff:\n  archivists:\n    - {name: 张某, full_time: true, on_establishment: true}",
              "staff:\n  archivists:\n    - {name: Zhang, full_time: true, on_establishment: true}"),
)
def full_time_archivist(unit, ctx):
    people = archivists(unit)
    if any(p.get("full_time") is True for _, p in people):
        return
    where = join("staff", "archivists")
    if not _listed(unit):
        yield missing(where, T("未提供档案员信息", "no archivists described"))
    elif not people:
        yield fail(where, T("未配备档案员", "the unit has no archivist"), archivists=0)
    elif any(p.get("full_time") is None for _, p in people):
        yield missing(where, T("未说明档案员是否专职", "no word on whether the archivists are full-time"))
    else:
        yield fail(where, T("{n} 名档案员均为兼职，未配备专职档案员", "all {n} archivists are part-time; none is full-time").format(n=len(people)), archivists=len(people))


def _each_archivist(unit, check):
    """Run `check(index, person)` → (status, message) over every archivist, one equal share each."""
    people = archivists(unit)
    if not people:
        yield missing(join("staff", "archivists"), T("未提供档案员信息", "no archivists described"))
        return
    share = 1 / len(people)
    for index, person in people:
        result = check(index, person)
        if result is None:
            continue
        status, pointer, message = result
        build = fail if status == "fail" else missing
        yield build(pointer, message, share, archivist=_who(index, person))


@rules.rule(
    id="STA002",
    title=T("档案员为正式在编人员", "Archivists are on the official establishment (在编)"),
    severity=Severity.MAJOR,
    points=3,
    basis=O13_ART12,
    remedy=T("由正式在编人员担任档案员；临聘、借调人员不宜单独负责档案工作。",
             "Give archive posts to staff on the establishment; temporary or seconded staff should not run the archives alone."),
    rationale=T("《机关档案管理规定》第十二条直接规定档案工作人员应为正式在编人员，以保证队伍稳定和保密责任。",
                "Art. 12 of the 2018 regulation requires archivists to be on the establishment, for continuity and accountability."),
    example=T("staff:\n  archivists:\n    - {name: 张某, full_time: true, on_establishment: true}",
              "staff:\n  archivists:\n    - {name: Zhang, full_time: true, on_establishment: true}"),
)
def on_establishment(unit, ctx):
    def check(index, person):
        value = person.get("on_establishment")
        where = join("staff", "archivists", index, "on_establishment")
        if value is False:
            return "fail", where, T("档案员 {p} 不是正式在编人员", "archivist {p} is not on the establishment").format(p=_who(index, person))
        if value is None:
            return "missing", join("staff", "archivists", index), T("未说明档案员 {p} 是否在编", "no word on whether archivist {p} is on the establishment").format(p=_who(index, person))
        return None

    yield from _each_archivist(unit, check)


@rules.rule(
    id="STA003",
    title=T("档案员持证上岗或具备专业背景", "Archivists are certified or have a professional background"),
    severity=Severity.MAJOR,
    points=3,
    basis=O13_ART12_KNOWLEDGE,
    remedy=T("档案员参加岗位培训取得上岗证；不具备档案或信息管理专业背景的应当参加专业培训。",
             "Have archivists take the job training and certificate; those without an archives or information-management background must be trained."),
    rationale=T("第十二条要求档案工作人员具备档案或信息管理专业知识；持上岗证或专业背景任一项即可。",
                "Art. 12 requires archival or information-management knowledge; a job certificate or a professional background suffices."),
    example=T("staff:\n  archivists:\n    - {name: 张某, certified: true, professional_background: false}",
              "staff:\n  archivists:\n    - {name: Zhang, certified: true, professional_background: false}"),
)
def qualified(unit, ctx):
    def check(index, person):
        values = (person.get("certified"), person.get("professional_background"))
        if True in values:
            return None
        who = _who(index, person)
        if values == (False, False):
            return "fail", join("staff", "archivists", index), T("档案员 {p} 既无上岗证也无专业背景", "archivist {p} has neither a certificate nor a professional background").format(p=who)
        return "missing", join("staff", "archivists", index), T("未说明档案员 {p} 是否持证或具备专业背景", "no word on whether archivist {p} is certified or trained in the field").format(p=who)

    yield from _each_archivist(unit, check)


@rules.rule(
    id="STA004",
    title=T("档案员每年参加业务培训", "Archivists are trained every year"),
    severity=Severity.MINOR,
    points=2,
    basis=O13_TRAINING,
    params={"years": 2, "min_hours": 0},
    applies_if=lambda unit, ctx: None if any(_training_years(person, ctx) for _, person in archivists(unit)) or not archivists(unit)
    else T("没有已在岗满一个完整年度（且在培训要求施行之后）的档案员", "no archivist has been in post for a complete year since the training duty applied"),
    remedy=T("档案员每年参加档案业务培训（如市、县档案局培训班），在 staff.archivists[].training 中按年记录学时。",
             "Send archivists to archive training every year (e.g. the city or county bureau's course) and record the hours per year in staff.archivists[].training."),
    rationale=T("检查自查年度之前最近的完整年度（参数 years=2）；自查年度尚未结束，不要求。只计档案员整年在岗（任职日期 appointed 在该年 1 月 1 日或之前）"
                "且培训要求已施行的年度：当年新任的档案员不因上一年没有培训而扣分。学时门槛为参数 min_hours：默认 0，即有培训记录（学时大于 0）即可；"
                "“每年 90 学时”的说法未找到可引用的出处，需要时由地方设定。",
                "Checks the complete years before the audit year (years=2); the audit year is unfinished and not demanded. Only years the archivist "
                "spent whole in post (appointed on or before 1 January) and in which the training duty applied count: an archivist appointed this "
                "year is not faulted for last year. The hours threshold is min_hours: 0 by default, i.e. any recorded training (hours > 0) counts; "
                "the '90 hours a year' figure has no citable source and is left for a province to set."),
    example=T("staff:\n  archivists:\n    - name: 张某\n      appointed: 2018-09-01\n      training:\n        - {year: 2023, hours: 36}\n        - {year: 2024, hours: 24}",
              "staff:\n  archivists:\n    - name: Zhang\n      appointed: 2018-09-01\n      training:\n        - {year: 2023, hours: 36}\n        - {year: 2024, hours: 24}"),
)
def trained_every_year(unit, ctx):
    min_hours = float(ctx.params["min_hours"])
    people = archivists(unit)
    if not people:
        yield missing(join("staff", "archivists"), T("未提供档案员信息", "no archivists described"))
        return
    due = [(index, person, _training_years(person, ctx)) for index, person in people]
    share = 1 / sum(len(years) for _, _, years in due)
    for index, person, years in due:
        who = _who(index, person)
        listed = isinstance(person.get("training"), list)
        entries = by_year(person.get("training"))
        for year in years:
            entry_index, entry = entries.get(year, (None, {}))
            hours = entry.get("hours")
            if entry_index is None:
                build = fail if listed else missing
                yield build(join("staff", "archivists", index, "training"),
                            T("档案员 {p} 无 {y} 年培训记录", "archivist {p} has no training record for {y}").format(p=who, y=year), share, archivist=who, year=year)
            elif hours is None:
                if min_hours > 0:
                    yield missing(join("staff", "archivists", index, "training", entry_index),
                                  T("档案员 {p} {y} 年培训未注明学时", "archivist {p}: {y} training hours not given").format(p=who, y=year), share, archivist=who, year=year)
            elif hours <= 0 or hours < min_hours:
                yield fail(join("staff", "archivists", index, "training", entry_index, "hours"),
                           T("档案员 {p} {y} 年培训 {h} 学时，未达到要求（> 0 且 ≥ {m}）", "archivist {p} trained {h} hours in {y}, below the requirement (> 0 and ≥ {m})").format(
                               p=who, y=year, h=hours, m=min_hours), share, archivist=who, year=year, hours=hours)


def _training_years(person: Mapping[str, Any], ctx: Any) -> list[int]:
    """The complete years an archivist's yearly training is due for (in post all year, duty in force)."""
    return duty_years(ctx, int(ctx.params["years"]), parse_date(person.get("appointed")))


def _producing(unit, ctx):
    departments = (unit.get("unit") or {}).get("departments")
    if isinstance(departments, list) and departments and not producing_departments(unit):
        return T("没有形成应归档文件的部门", "no department produces records")
    return None


@rules.rule(
    id="STA005",
    title=T("每个形成文件的部门指定兼职档案员", "Every department that produces records has a liaison (兼职档案员)"),
    severity=Severity.MAJOR,
    points=3,
    basis=O13_STAFFING,
    applies_if=_producing,
    remedy=T("各内设部门指定一名兼职档案员，负责本部门文件材料的收集、整理和归档，并在 staff.liaisons 中登记。",
             "Have each department name a liaison who collects, arranges and files its records; list them in staff.liaisons."),
    rationale=T("部门不指定专人，文件就会散失在个人手中；按 unit.departments 中 produces_records 不为 false 的部门逐一核对。",
                "Without a named person records stay with individuals; every department in unit.departments whose produces_records is not false is checked."),
    example=T("unit:\n  departments: [{name: 党政办}]\nstaff:\n  liaisons:\n    - {department: 党政办, name: 王某, trained: true}",
              "unit:\n  departments: [{name: Office}]\nstaff:\n  liaisons:\n    - {department: Office, name: Wang, trained: true}"),
)
def department_liaisons(unit, ctx):
    departments = producing_departments(unit)
    if not departments:
        yield missing(join("unit", "departments"), T("未列出内设部门，无法核对兼职档案员", "no departments listed, so liaisons cannot be checked"))
        return
    liaisons = (unit.get("staff") or {}).get("liaisons")
    covered = {item.get("department") for _, item in indexed(liaisons)}
    uncovered = [d for d in departments if d not in covered]
    if not uncovered:
        return
    share = 1 / len(departments)
    where = join("staff", "liaisons")
    if not isinstance(liaisons, list):
        yield missing(where, T("未提供部门兼职档案员信息", "no department liaisons described"), len(uncovered) * share, departments=uncovered)
        return
    for name in uncovered:
        yield fail(where, T("部门“{d}”未指定兼职档案员", "department '{d}' has no liaison").format(d=name), share, department=name)


def _has_handovers(unit, ctx):
    if list(indexed((unit.get("staff") or {}).get("handovers"))):
        return None
    return T("未记录档案人员变动", "no staff change recorded")


@rules.rule(
    id="STA006",
    title=T("人员变动时按清单清点并签字交接", "Staff changes are handed over against the inventory and signed"),
    severity=Severity.MAJOR,
    points=2,
    basis=O13_ART13,
    applies_if=_has_handovers,
    remedy=T("档案人员离岗前，按档案目录清点核对，移交、接收双方和监交人签字，交接清单存档。",
             "Before an archivist leaves, check the holdings against the catalogue and have both sides (and a witness) sign; keep the handover list."),
    rationale=T("第十三条要求离岗前办理完毕交接手续；未清点或未签字的交接无法厘清责任。",
                "Art. 13 requires the handover to be completed before leaving; without a check and signatures responsibility is unclear."),
    example=T("staff:\n  handovers:\n    - {date: 2018-08-30, outgoing: 李某, incoming: 张某, inventory_checked: true, signed: true}",
              "staff:\n  handovers:\n    - {date: 2018-08-30, outgoing: Li, incoming: Zhang, inventory_checked: true, signed: true}"),
)
def handover(unit, ctx):
    items = list(indexed((unit.get("staff") or {}).get("handovers")))
    share = 1 / (2 * len(items))
    steps = {"inventory_checked": T("按清单清点核对", "checked against the inventory"), "signed": T("双方签字", "signed by both sides")}
    for index, item in items:
        for key, step in steps.items():
            value = item.get(key)
            when = item.get("date", "?")
            if value is False:
                yield fail(join("staff", "handovers", index, key), T("{d} 的交接未{s}", "the handover of {d} was not {se}").format(d=when, s=step.zh, se=step.en), share, date=when)
            elif value is None:
                yield missing(join("staff", "handovers", index), T("未说明 {d} 的交接是否{s}", "no word on whether the handover of {d} was {se}").format(d=when, s=step.zh, se=step.en), share, date=when)
