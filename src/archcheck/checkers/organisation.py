"""ORG — who leads archive work: the leading group, the responsible department, central management (篇1 §(二)).

Inspectors first ask who is in charge: without a leader-headed group reaching every department and one
department answerable for the archives, filing, funding and rooms have nobody to settle them.
"""

from __future__ import annotations

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, hookimpl, join, missing
from archcheck.checkers.common import departments_left_out, existence, flag, has_departments
from archcheck.checkers.sources import ARCHIVES_BODY_BEFORE_2021, CENTRAL_MANAGEMENT_BEFORE_2021, LAW2020, O13, practice
from archcheck.unitdata import parse_date

rules = RuleSet(area="ORG")

O13_MECHANISM = O13.unnumbered('第二章（机构与人员）中的档案工作协调机制；条号未核实，见《机关档案管理规定》解读系列', BasisKind.PRINCIPLE,
                               '机关建立档案工作协调机制，设机关档案部门，各部门配备专兼职档案人员')
LAW_ART9 = LAW2020.clause('第九条', BasisKind.DIRECT, '机关、团体、企业事业单位和其他组织应当确定档案机构或者档案工作人员负责管理本单位的档案',
                          earlier=ARCHIVES_BODY_BEFORE_2021)
LAW_ART12 = LAW2020.clause('第十二条', BasisKind.DIRECT, '按照国家规定应当形成档案的单位，应当建立档案工作责任制，依法健全档案管理制度（2020 年修订新增）')
LAW_ART14 = LAW2020.clause('第十四条', BasisKind.DIRECT, '应当归档的材料按规定向本单位档案机构或档案工作人员移交，集中管理；任何个人不得拒绝归档或据为己有',
                           earlier=CENTRAL_MANAGEMENT_BEFORE_2021)
GRADING = practice('各省（区、市）机关档案室定级、升级办法').clause('', BasisKind.CONFIGURABLE,
                                                         '机关档案室按地方办法定级（如广西：三级、二级、一级）并逐级升级；地方办法，不是国家法定义务')

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
    title=T("明确档案工作责任部门", "A department is responsible for archive work"),
    severity=Severity.MAJOR,
    points=2,
    basis=LAW_ART9,
    remedy=T("以文件明确负责档案工作的部门（机关档案部门）或档案工作人员。",
             "Name by document the department (the archives department) or the archivist responsible for archive work."),
    rationale=T("《档案法》第九条要求确定档案机构或者档案工作人员负责管理本单位档案；2021 年以前为 1996 年修正的《档案法》第七条"
                "（乡镇为第六条第三款），更早为《机关档案工作条例》第六条。",
                "Archive Law art. 9 requires an archives body or archivist to manage the unit's archives; before 2021 the 1996 law's art. 7 "
                "(townships: art. 6 ¶3), and earlier the 1983 regulation's art. 6."),
    example=T("organisation:\n  responsible_department: 党政办公室", "organisation:\n  responsible_department: General Office"),
)
def responsibility(unit, ctx):
    department = _organisation(unit).get("responsible_department")
    if not isinstance(department, str) or not department.strip():
        yield missing(join("organisation", "responsible_department"),
                      T("未写明档案工作责任部门", "no department named as responsible for archive work"))


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


@rules.rule(
    id="ORG005",
    title=T("建立档案工作责任制", "An archive responsibility system is in place"),
    severity=Severity.MAJOR,
    points=1,
    basis=LAW_ART12,
    remedy=T("建立档案工作责任制：明确分管领导、档案部门和各部门的档案工作职责，把文件收集归档写进各岗位职责。",
             "Adopt an archive responsibility system: set out the duties of the leader in charge, the archives department and every "
             "department, and write filing into each post's duties."),
    rationale=T("《档案法》（2020 年修订）第十二条新增档案工作责任制的要求，自 2021 年 1 月 1 日起适用；此前的法规没有同一要求，"
                "自查日期更早时本规则不适用。",
                "The 2020 Archive Law's art. 12 added the archive responsibility system, applying from 1 January 2021; no earlier text "
                "required it, so the rule is not applicable to earlier audit dates."),
    example=T("organisation:\n  responsibility_system: true", "organisation:\n  responsibility_system: true"),
)
def responsibility_system(unit, ctx):
    yield from flag(_organisation(unit).get("responsibility_system"), join("organisation", "responsibility_system"),
                    T("未说明是否建立档案工作责任制", "no word on an archive responsibility system"),
                    T("未建立档案工作责任制", "no archive responsibility system"), responsibility_system=False)


def _grading(unit):
    grading = unit.get("grading")
    return grading if isinstance(grading, dict) else None


def _described_grading(unit, ctx):
    if _grading(unit) is None:
        return T("未说明档案室定级情况（地方定级办法，不是国家法定义务）",
                 "no archive-room grade is described (a regional grading scheme, not a national duty)")
    return None


@rules.rule(
    id="ORG006",
    title=T("档案室按地方办法定级、升级", "The archive room holds its grade under the regional scheme"),
    severity=Severity.MINOR,
    points=1,
    basis=GRADING,
    applies_if=_described_grading,
    remedy=T("对照本省（区、市）机关档案室定级、升级办法自查各考核项，补齐差距后申请验收升级；等级证书到期前申请复查。",
             "Check every item of the province's grading scheme, close the gaps and apply for the upgrade; apply for review before the "
             "grade certificate expires."),
    rationale=T("定级、升级是各省（区、市）档案局的目标管理办法（如广西机关档案室定升级办法、重庆目标管理考核办法），不是国家法律法规规定的义务，"
                "因此是可配置的地方要求。单位自认“尚未升级”（grading.upgrade_pending: true）或等级证书已过有效期为不符合；未描述定级情况时不适用。",
                "Grading is a provincial target-management scheme (e.g. Guangxi's grading rules, Chongqing's assessment rules), not a national "
                "legal duty, so this is a configurable local requirement. An admitted pending upgrade (grading.upgrade_pending: true) or an "
                "expired grade certificate fails; a unit that describes no grading is not judged."),
    example=T("grading:\n  scheme: 广西壮族自治区各级机关档案室定升级办法\n  grade: 二级\n  graded_on: 2023-11-20",
              "grading:\n  scheme: Guangxi grading rules for archive rooms\n  grade: second\n  graded_on: 2023-11-20"),
    violation=T("grading:\n  upgrade_pending: true   # 目前档案室尚未升级", "grading:\n  upgrade_pending: true   # the room is not upgraded yet"),
)
def graded(unit, ctx):
    grading = _grading(unit)
    where = join("grading")
    if grading.get("upgrade_pending") is True:
        planned = parse_date(grading.get("upgrade_planned_by"))
        when = T("（计划 {d} 前完成）", " (planned by {d})").format(d=planned.isoformat()) if planned else T("", "")
        yield fail(where + "/upgrade_pending", T("档案室尚未升级{w}", "the archive room is not upgraded yet{we}").format(w=when.zh, we=when.en),
                   upgrade_pending=True, target_grade=grading.get("target_grade"))
        return
    expires = parse_date(grading.get("valid_until"))
    if expires is not None and expires < ctx.as_of:
        yield fail(where + "/valid_until", T("档案室等级证书已于 {d} 到期", "the archive room's grade certificate expired on {d}").format(d=expires.isoformat()),
                   valid_until=expires.isoformat())
    elif not grading.get("grade"):
        yield missing(where, T("未写明档案室现有等级", "the archive room's present grade is not given"))
