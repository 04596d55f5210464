"""TRN — archive training each year, every filing department reached, archive-law awareness (篇1 §(九), 三(一)).

Department liaisons who were never trained do not know what to file, which is where incomplete filing
starts; so the rules look at recent dated courses and at which departments attended them.
"""

from __future__ import annotations

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, hookimpl, join, missing
from archcheck.checkers.common import dated_recently, departments_left_out, has_departments
from archcheck.checkers.sources import O13, REG2024, UNIT_RESPONSIBILITY_BEFORE_2024
from archcheck.unitdata import dated_within

rules = RuleSet(area="TRN")

O13_ART12 = O13.clause('第十二条', BasisKind.PRINCIPLE, '档案工作人员应当定期参加业务培训（“每年至少一次”由“定期”推导）')
O13_LIAISONS = O13.unnumbered('机构与人员一章中部门档案人员的要求；条号未核实，原文见于题库引用', BasisKind.PRINCIPLE,
                              '各部门应当指定人员负责本部门文件材料的收集、整理和归档')
REG_ART4 = REG2024.clause('第四条第二款', BasisKind.PRINCIPLE, '机关、团体、企业事业单位和其他组织应当加强本单位档案工作，履行档案工作主体责任，保障档案工作依法开展',
                          earlier=UNIT_RESPONSIBILITY_BEFORE_2024)


@hookimpl
def archcheck_areas():
    return {"TRN": T("业务培训", "Training")}


@hookimpl
def archcheck_rules():
    return rules.all()


def _training(unit):
    return unit.get("training") or {}


@rules.rule(
    id="TRN001",
    title=T("每年参加档案业务培训", "Archive training every year"),
    severity=Severity.MAJOR,
    points=2,
    basis=O13_ART12,
    params={"months": 12},
    remedy=T("每年至少参加一次档案主管部门组织的业务培训，或由档案室组织内部培训，留存通知、签到和课件。",
             "Attend at least one archive-bureau course a year, or run one in-house; keep the notice, sign-in sheet and slides."),
    rationale=T("13号令第十二条要求档案人员定期参加培训。检查自查日前 12 个月（TRN001.months）内是否有培训记录；"
                "列出了培训记录而期间内没有为不符合，完全未提供培训记录为未提供证据。",
                "Order No. 13 art. 12 requires regular training. Checks the 12 months before the audit date (TRN001.months): a training record "
                "with nothing in that window fails; no training record at all is no evidence."),
    example=T("training:\n  sessions:\n    - {date: 2025-04-15, title: 档案业务培训班, topic: business}",
              "training:\n  sessions:\n    - {date: 2025-04-15, title: Archive practice course, topic: business}"),
)
def trained_every_year(unit, ctx):
    yield from dated_recently(_training(unit).get("sessions"), join("training", "sessions"), ctx.as_of, int(ctx.params["months"]),
                              T("未提供培训记录", "no training record given"),
                              T("近 {m} 个月没有档案业务培训", "no archive training in the last {m} months"))


@rules.rule(
    id="TRN002",
    title=T("每个形成文件的部门都有人参加培训", "Every record-producing department sent someone to training"),
    severity=Severity.MINOR,
    points=2,
    basis=O13_LIAISONS,
    params={"months": 12},
    applies_if=has_departments,
    remedy=T("培训通知发到每个形成文件的部门，要求派兼职档案员参加，签到表按部门登记。",
             "Send the course notice to every department that produces records, ask each to send its liaison, and sign in by department."),
    rationale=T("兼职档案员不懂归档要求，文件就收不齐（篇1 自认“对归档与不归档的范围区分不清”）。检查近 12 个月（TRN002.months）"
                "各培训的参训部门是否覆盖 unit.departments 中形成文件的部门，按未覆盖部门的比例扣分。",
                "Liaisons who do not know the filing rules do not collect the records (the seed admits staff confuse what to file). Checks that the "
                "departments at courses in the last 12 months (TRN002.months) cover the record-producing departments; deducts per department missed."),
    example=T("training:\n  sessions:\n    - {date: 2025-04-15, departments: [党政办公室, 财务科]}",
              "training:\n  sessions:\n    - {date: 2025-04-15, departments: [General Office, Finance]}"),
)
def departments_trained(unit, ctx):
    sessions = _training(unit).get("sessions")
    if sessions is None:
        yield missing(join("training", "sessions"), T("未提供培训记录", "no training record given"))
        return
    recent = dated_within(sessions, ctx.as_of, int(ctx.params["months"]))
    if recent and all(s.get("departments") is None for _, s in recent):
        yield missing(join("training", "sessions"), T("培训记录未写参训部门", "the training record does not name departments"))
        return
    attended = {d for _, s in recent for d in (s.get("departments") or [])}
    yield from departments_left_out(unit, attended, join("training", "sessions"),
                                    T("以下部门近期无人参训：{d}", "no one from these departments was trained: {e}"))


@rules.rule(
    id="TRN003",
    title=T("开展档案法律法规学习宣传", "Archive-law study and awareness activities take place"),
    severity=Severity.MAJOR,
    points=2,
    basis=REG_ART4,
    params={"months": 12},
    remedy=T("每年组织一次档案法律法规专题学习或培训，结合“6·9 国际档案日”开展宣传，覆盖文秘人员和部门兼职档案员。",
             "Hold an archive-law study session or course each year and a publicity event around International Archives Day (9 June), reaching "
             "secretaries and department liaisons."),
    rationale=T("篇1 自认的第一个问题是“档案法制意识亟待提高”；湖南岳阳细则把学习档案法律法规列为评分项。近 12 个月（TRN003.months）内"
                "须有法律法规主题（topic: law）的培训或一次宣传教育活动。列出了培训或活动而没有此类内容为不符合。",
                "The seed's first admitted problem is weak archive-law awareness; Yueyang's scheme scores the study of archive law. Within the last "
                "12 months (TRN003.months) there must be a law-topic course (topic: law) or an awareness activity. A training record without one fails."),
    example=T("training:\n  awareness_activities:\n    - {date: 2025-06-09, kind: publicity, audience: 全体干部职工}",
              "training:\n  awareness_activities:\n    - {date: 2025-06-09, kind: publicity, audience: all staff}"),
)
def law_awareness(unit, ctx):
    training = _training(unit)
    months = int(ctx.params["months"])
    if training.get("sessions") is None and training.get("awareness_activities") is None:
        yield missing("/training", T("未提供培训和宣传活动记录", "no training or awareness record given"))
        return
    law = [s for _, s in dated_within(training.get("sessions"), ctx.as_of, months) if s.get("topic") == "law"]
    activities = dated_within(training.get("awareness_activities"), ctx.as_of, months)
    if not law and not activities:
        yield fail("/training", T("近 {m} 个月没有档案法律法规培训或宣传活动", "no archive-law course or awareness activity in the last {m} months").format(m=months),
                   months=months)
