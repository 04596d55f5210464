"""ORG — who leads archive work: the leading group, the responsible department, central management (篇1 §(二)).

Inspectors first ask who is in charge: without a leader-headed group reaching every department and one
department answerable for the archives, filing, funding and rooms have nobody to settle them.
"""

from __future__ import annotations

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, hookimpl, join, missing
from archcheck.checkers.common import departments_left_out, existence, flag, has_departments
from archcheck.checkers.sources import LAW2020, O13

rules = RuleSet(area="ORG")

O13_MECHANISM = O13.clause('第二章（档案工作协调机制）', BasisKind.PRINCIPLE, '机关建立档案工作协调机制，设机关档案部门，各部门配备专兼职档案人员')
LAW_ART9_12 = LAW2020.clause('第九条、第十二条', BasisKind.DIRECT, '确定档案机构或档案工作人员负责管理本单位档案；建立档案工作责任制')
LAW_ART14 = LAW2020.clause('第十四条', BasisKind.DIRECT, '应当归档的材料按规定向本单位档案机构或档案工作人员移交，集中管理；任何个人不得拒绝归档或据为己有')

UNIT_LEADERS = ("principal_leader", "deputy_leader")


@hookimpl
def archcheck_areas():
    return {"ORG": T("组织领导", "Leadership")}


@hookimpl
def archcheck_rules():
    return rules.all()


def _organisation(unit):
    return unit.get("organisation") or {}


@rules.rule(
    id="ORG001",
    title=T("成立由单位领导任组长的档案工作领导小组", "An archive leading group headed by a unit leader exists"),
    severity=Severity.MAJOR,
    points=3,
    basis=O13_MECHANISM,
    remedy=T("以单位文件成立档案工作领导小组（协调机制），由单位主要负责人或分管负责人任组长，各部门负责人为成员，人员变动时及时调整。",
             "Set up the archive leading group (coordination mechanism) by a unit document, headed by the principal or deputy leader, "
             "with department heads as members; reconstitute it when people change."),
    rationale=T("检查组先看档案工作有没有人牵头：领导小组由单位领导挂帅、各部门参加，才能协调归档、经费和用房。"
                "组长须为单位正职或分管副职领导；成员须来自部门。",
                "Inspectors first ask who leads archive work: a group headed by a unit leader with members from the departments can settle "
                "filing, funding and rooms. The head must be the principal or a deputy leader; members must come from departments."),
    example=T("organisation:\n  leading_group: {exists: true, head: principal_leader, member_departments: [党政办公室, 财务科]}",
              "organisation:\n  leading_group: {exists: true, head: principal_leader, member_departments: [General Office, Finance]}"),
)
def leading_group(unit, ctx):
    group = _organisation(unit).get("leading_group")
    where = join("organisation", "leading_group")
    if (yield from existence(group, where, T("未说明是否成立档案工作领导小组", "no word on an archive leading group"),
                             T("未成立档案工作领导小组", "there is no archive leading group"))):
        return
    head = group.get("head")
    if head is None:
        yield missing(where + "/head", T("未说明领导小组组长由谁担任", "no word on who heads the leading group"), 0.5)
    elif head not in UNIT_LEADERS:
        yield fail(where + "/head", T("领导小组组长不是单位领导（{h}）", "the group is not headed by a unit leader ({h})").format(h=head), 0.5, head=head)
    members = group.get("member_departments")
    if members is None:
        yield missing(where + "/member_departments", T("未说明领导小组成员部门", "no word on the group's member departments"), 0.5)
    elif not members:
        yield fail(where + "/member_departments", T("领导小组没有部门成员", "the group has no department members"), 0.5)


@rules.rule(
    id="ORG002",
    title=T("明确档案工作责任部门并建立档案工作责任制", "A department is responsible for archive work under a responsibility system"),
    severity=Severity.MAJOR,
    points=3,
    basis=LAW_ART9_12,
    remedy=T("以文件明确负责档案工作的部门（机关档案部门），建立档案工作责任制，把文件收集归档写进各岗位职责。",
             "Name by document the department responsible for archive work and adopt an archive responsibility system that writes filing duties into each post."),
    rationale=T("档案法第九条要求确定档案机构或人员管理本单位档案，第十二条要求建立档案工作责任制。两项各占一半分值。",
                "Archive Law art. 9 requires an archives unit or archivist; art. 12 requires an archive responsibility system. Each is half the points."),
    example=T("organisation:\n  responsible_department: 党政办公室\n  responsibility_system: true",
              "organisation:\n  responsible_department: General Office\n  responsibility_system: true"),
)
def responsibility(unit, ctx):
    org = _organisation(unit)
    department = org.get("responsible_department")
    if not isinstance(department, str) or not department.strip():
        yield missing(join("organisation", "responsible_department"),
                      T("未写明档案工作责任部门", "no department named as responsible for archive work"), 0.5)
    yield from flag(org.get("responsibility_system"), join("organisation", "responsibility_system"),
                    T("未说明是否建立档案工作责任制", "no word on an archive responsibility system"),
                    T("未建立档案工作责任制", "no archive responsibility system"), 0.5, responsibility_system=False)


@rules.rule(
    id="ORG003",
    title=T("档案由档案部门集中统一管理", "Archives are managed centrally by the archives department"),
    severity=Severity.MAJOR,
    points=2,
    basis=LAW_ART14,
    remedy=T("各部门按期向档案室移交应归档材料，清理部门和个人存放的档案并收归档案室集中管理。",
             "Have every department hand its records to the archive room on time; collect records kept by departments or individuals."),
    rationale=T("集中统一管理是湖南等地评估细则的必达项（带 * 项）：部门或个人自存档案，档案室就无法保证完整与安全。",
                "Central management is a must-pass item in Hunan-style schemes (the * items): records kept by departments or people "
                "cannot be kept complete or safe."),
    example=T("organisation: {centralised: true}", "organisation: {centralised: true}"),
)
def centralised(unit, ctx):
    yield from flag(_organisation(unit).get("centralised"), join("organisation", "centralised"),
                    T("未说明档案是否集中统一管理", "no word on whether archives are managed centrally"),
                    T("档案未集中统一管理（部门或个人自存）", "archives are not managed centrally (kept by departments or people)"),
                    centralised=False)


@rules.rule(
    id="ORG004",
    title=T("领导小组成员覆盖各形成文件的部门", "The leading group covers every record-producing department"),
    severity=Severity.MINOR,
    points=1,
    basis=O13_MECHANISM,
    applies_if=has_departments,
    remedy=T("调整领导小组成员，使每个形成应归档文件的部门都有负责人参加。",
             "Reconstitute the group so that every department that produces records has its head on it."),
    rationale=T("协调机制要覆盖所有产生档案的部门，否则这些部门的归档无人督促。按缺少的部门比例扣分。",
                "The coordination mechanism must reach every department that creates records, or nobody pushes their filing. "
                "Deducts in proportion to the departments left out."),
    example=T("unit:\n  departments: [{name: 党政办公室}, {name: 财务科}]\norganisation:\n  leading_group: {exists: true, member_departments: [党政办公室, 财务科]}",
              "unit:\n  departments: [{name: General Office}, {name: Finance}]\norganisation:\n  leading_group: {exists: true, member_departments: [General Office, Finance]}"),
)
def group_covers_departments(unit, ctx):
    group = _organisation(unit).get("leading_group")
    members = group.get("member_departments") if isinstance(group, dict) else None
    where = join("organisation", "leading_group", "member_departments")
    if members is None:
        yield missing(where, T("未说明领导小组成员部门", "no word on the group's member departments"))
        return
    yield from departments_left_out(unit, members, where, T("领导小组缺少以下部门：{d}", "the group leaves out: {e}"))
