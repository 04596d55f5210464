"""ORG rules: leading group, responsibility, central management, department coverage."""

from archcheck.model import Outcome
from conftest import make_unit, run_rule

DEPTS = {"name": "测试单位", "departments": [{"name": "办公室"}, {"name": "财务科"}, {"name": "后勤", "produces_records": False}]}


def group(**fields):
    return {"leading_group": {"exists": True, "head": "principal_leader", "member_departments": ["办公室", "财务科"], **fields}}


def test_org001_leading_group():
    assert run_rule("ORG001", make_unit(organisation=group())).outcome is Outcome.PASS
    assert run_rule("ORG001", make_unit(organisation=group(head="deputy_leader"))).outcome is Outcome.PASS
    headed_by_clerk = run_rule("ORG001", make_unit(organisation=group(head="department_head")))
    assert headed_by_clerk.outcome is Outcome.FAIL and headed_by_clerk.deducted == 1.5
    assert run_rule("ORG001", make_unit(organisation={"leading_group": {"exists": False}})).deducted == 3
    assert run_rule("ORG001", make_unit(organisation=group(member_departments=[]))).outcome is Outcome.FAIL
    assert run_rule("ORG001", make_unit()).outcome is Outcome.NO_EVIDENCE
    partly = run_rule("ORG001", make_unit(organisation={"leading_group": {"exists": True}}))
    assert partly.outcome is Outcome.NO_EVIDENCE and partly.deducted == 3


def test_org002_responsible_department_and_org005_system():
    org = {"responsible_department": "办公室", "responsibility_system": True}
    assert run_rule("ORG002", make_unit(organisation=org)).outcome is Outcome.PASS
    assert run_rule("ORG005", make_unit(organisation=org)).outcome is Outcome.PASS
    result = run_rule("ORG005", make_unit(organisation={**org, "responsibility_system": False}))
    assert result.outcome is Outcome.FAIL and result.deducted == 1
    assert run_rule("ORG002", make_unit(organisation={**org, "responsibility_system": False})).outcome is Outcome.PASS
    assert run_rule("ORG002", make_unit(organisation={"responsible_department": " "})).outcome is Outcome.NO_EVIDENCE


def test_org002_cites_the_1996_law_before_2021_and_org005_does_not_apply():
    org = {"responsible_department": " ", "responsibility_system": False}
    early = run_rule("ORG002", make_unit(as_of="2019-07-01", organisation=org))
    assert early.outcome is Outcome.NO_EVIDENCE
    assert early.basis.document == "《中华人民共和国档案法》（1996年修正）" and early.basis.clause.startswith("第七条")
    assert run_rule("ORG005", make_unit(as_of="2019-07-01", organisation=org)).outcome is Outcome.NOT_APPLICABLE


def test_org003_central_management():
    assert run_rule("ORG003", make_unit(organisation={"centralised": True})).outcome is Outcome.PASS
    assert run_rule("ORG003", make_unit(organisation={"centralised": False})).outcome is Outcome.FAIL
    assert run_rule("ORG003", make_unit()).outcome is Outcome.NO_EVIDENCE


def test_org004_group_covers_producing_departments_only():
    assert run_rule("ORG004", make_unit(unit=DEPTS, organisation=group())).outcome is Outcome.PASS
    short = run_rule("ORG004", make_unit(unit=DEPTS, organisation=group(member_departments=["办公室"])))
    assert short.outcome is Outcome.FAIL and short.findings[0].evidence["departments"] == ["财务科"]
    assert short.deducted == 0.5
    assert run_rule("ORG004", make_unit(unit=DEPTS)).outcome is Outcome.NO_EVIDENCE
    assert run_rule("ORG004", make_unit(organisation=group())).outcome is Outcome.NOT_APPLICABLE


def test_org006_an_admitted_pending_upgrade_fails_a_configurable_local_requirement():
    pending = run_rule("ORG006", make_unit(grading={"upgrade_pending": True, "upgrade_planned_by": "2026-12-31"}))
    assert pending.outcome is Outcome.FAIL and "尚未升级" in pending.findings[0].message.zh
    assert pending.rule.severity.value == "minor" and pending.basis.kind.value == "configurable"
    assert run_rule("ORG006", make_unit(grading={"grade": "二级", "graded_on": "2023-11-20"})).outcome is Outcome.PASS
    expired = run_rule("ORG006", make_unit(grading={"grade": "二级", "valid_until": "2024-11-19"}))
    assert expired.outcome is Outcome.FAIL and expired.findings[0].location.pointer == "/grading/valid_until"
    assert run_rule("ORG006", make_unit(grading={"scheme": "某省办法"})).outcome is Outcome.NO_EVIDENCE
    # grading is a regional scheme, not a national duty: a unit that does not describe it is not judged
    assert run_rule("ORG006", make_unit()).outcome is Outcome.NOT_APPLICABLE
