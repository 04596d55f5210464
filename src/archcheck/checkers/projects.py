"""PRJ — archives of major construction projects: the four supervision stages (篇1 §(六)).

Project records are lost when nobody follows the project while it is built, so each stage due by the
project's status must be on record, and a completed project's archives must have passed acceptance.
"""

from __future__ import annotations

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, hookimpl, join, missing
from archcheck.checkers.common import flag
from archcheck.checkers.sources import FILING_BEFORE_2021, LAW2020
from archcheck.unitdata import indexed

rules = RuleSet(area="PRJ")

LAW_ART13 = LAW2020.clause('第十三条', BasisKind.PRINCIPLE, '反映本单位职能活动和建设、生产、经营等活动的材料及法律、行政法规规定应当归档的其他材料，应当归档；'
                           '建设项目档案的过程监管由此推导', earlier=FILING_BEFORE_2021)

STAGES = (
    ("registered", T("立项登记", "registration at approval")),
    ("guided", T("初建指导", "guidance at start")),
    ("inspected", T("在建检查", "inspection during construction")),
)
#: which supervision stages a project must have passed, by its status
DUE = {"planned": ("registered",), "in_progress": ("registered", "guided", "inspected"),
       "completed": ("registered", "guided", "inspected")}


@hookimpl
def archcheck_areas():
    return {"PRJ": T("重大建设项目档案", "Construction-project archives")}


@hookimpl
def archcheck_rules():
    return rules.all()


def _projects(unit):
    return list(indexed(unit.get("construction_projects")))


def _has_projects(unit, ctx):
    return None if _projects(unit) else T("没有重大建设项目", "no major construction projects")


@rules.rule(
    id="PRJ001",
    title=T("建设项目档案立项登记、初建指导、在建检查", "Project archives registered, guided and inspected as the project goes"),
    severity=Severity.MAJOR,
    points=3,
    basis=LAW_ART13,
    applies_if=_has_projects,
    remedy=T("项目立项后即登记，开工后派员业务指导，施工中检查项目文件的收集整理，并留存记录。",
             "Register each project at approval, send guidance once work starts, inspect its records during construction, and keep notes."),
    rationale=T("篇1 的做法：立项后登记、初建开始后指导、在建途中检查、竣工后验收。按项目状态检查已到期的阶段：已立项须登记；"
                "在建和已竣工须登记、指导和检查。每个项目分值相同，阶段平分。",
                "The seed's practice: register at approval, guide at start, inspect during construction, accept at completion. Stages due by the "
                "project's status are checked: planned projects must be registered; projects under way or completed must be registered, guided and "
                "inspected. Projects weigh the same; stages share a project's weight."),
    example=T("construction_projects:\n  - {name: 便民服务中心, status: in_progress, registered: true, guided: true, inspected: true}",
              "construction_projects:\n  - {name: Service centre, status: in_progress, registered: true, guided: true, inspected: true}"),
)
def supervised(unit, ctx):
    projects = _projects(unit)
    share = 1 / len(projects)
    for index, project in projects:
        where = join("construction_projects", index)
        status = project.get("status")
        if status not in DUE:
            yield missing(where + "/status", T("未说明项目“{p}”的状态", "no status for project '{p}'").format(p=project["name"]), share)
            continue
        due = DUE[status]
        for key, label in STAGES:
            if key not in due:
                continue
            yield from flag(project.get(key), f"{where}/{key}",
                            T("未说明项目“{p}”是否{zh}", "no word on {en} of project '{p}'").format(p=project["name"], **label.to_dict()),
                            T("项目“{p}”未做{zh}", "project '{p}' had no {en}").format(p=project["name"], **label.to_dict()),
                            share / len(due), project=project["name"], stage=key)


def _has_completed(unit, ctx):
    if any(p.get("status") == "completed" for _, p in _projects(unit)):
        return None
    return T("没有已竣工的建设项目", "no completed construction projects")


@rules.rule(
    id="PRJ002",
    title=T("竣工项目档案通过验收", "Completed projects have passed archive acceptance"),
    severity=Severity.MAJOR,
    points=3,
    basis=LAW_ART13,
    applies_if=_has_completed,
    remedy=T("组织已竣工项目的档案专项验收，验收前补齐竣工图和项目文件，验收后按规定移交。",
             "Hold the archive acceptance of each completed project: complete the as-built drawings and records first, then hand them over."),
    rationale=T("项目档案未经验收即无法保证竣工图和过程文件齐全；篇1 以“确保每一个重点建设项目档案顺利通过验收”为目标。按已竣工项目平均扣分。",
                "Without acceptance nobody has confirmed the as-built drawings and records are complete; the seed aims for every key project's "
                "archives to pass acceptance. Deducts evenly over completed projects."),
    example=T("construction_projects:\n  - {name: 便民服务中心, status: completed, completed_on: 2024-09-30, accepted: true}",
              "construction_projects:\n  - {name: Service centre, status: completed, completed_on: 2024-09-30, accepted: true}"),
)
def accepted(unit, ctx):
    done = [(i, p) for i, p in _projects(unit) if p.get("status") == "completed"]
    share = 1 / len(done)
    for index, project in done:
        yield from flag(project.get("accepted"), join("construction_projects", index, "accepted"),
                        T("未说明已竣工项目“{p}”的档案是否验收", "no word on archive acceptance of completed project '{p}'").format(p=project["name"]),
                        T("已竣工项目“{p}”的档案未通过验收", "completed project '{p}' has no archive acceptance").format(p=project["name"]),
                        share, project=project["name"], completed_on=project.get("completed_on"))
