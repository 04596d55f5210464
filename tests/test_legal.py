"""LAW rules: safety mechanism and plan, drills, inspections, hazards, statistics, violations, e-archives."""

import pytest

from archcheck.model import Outcome
from conftest import make_unit, run_rule


def test_law001_safety_mechanism_and_law010_emergency_plan():
    ok = {"safety_mechanism": True, "emergency_plan": {"exists": True}}
    assert run_rule("LAW001", make_unit(security=ok)).outcome is Outcome.PASS
    assert run_rule("LAW010", make_unit(security=ok)).outcome is Outcome.PASS
    no_plan = run_rule("LAW010", make_unit(security={**ok, "emergency_plan": {"exists": False}}))
    assert no_plan.outcome is Outcome.FAIL and no_plan.deducted == 1.5
    assert no_plan.findings[0].location.pointer == "/security/emergency_plan/exists"
    assert run_rule("LAW001", make_unit(security={**ok, "safety_mechanism": False})).outcome is Outcome.FAIL
    assert run_rule("LAW010", make_unit(security={"safety_mechanism": True})).outcome is Outcome.NO_EVIDENCE
    assert run_rule("LAW001", make_unit()).deducted == 1.5


def test_law001_the_safety_mechanism_is_new_in_the_2020_law():
    # 档案法 (2020) art. 19 added the 档案安全工作机制; before 2021 no text required it, while the emergency plan
    # of 13号令 (2019) already applied
    early = make_unit(as_of="2020-06-30", security={"safety_mechanism": False, "emergency_plan": {"exists": True}})
    result = run_rule("LAW001", early)
    assert result.outcome is Outcome.NOT_APPLICABLE and "2021-01-01" in result.reason.zh and "档案法" in result.reason.zh
    assert run_rule("LAW010", early).outcome is Outcome.PASS


@pytest.mark.parametrize("rule, key", [("LAW002", "drills"), ("LAW003", "inspections")])
def test_law002_law003_recent_events(rule, key):
    assert run_rule(rule, make_unit(security={key: [{"date": "2025-01-10"}]})).outcome is Outcome.PASS
    assert run_rule(rule, make_unit(security={key: [{"date": "2024-01-10"}]})).outcome is Outcome.FAIL
    assert run_rule(rule, make_unit(security={key: [{"date": "2024-01-10"}]}), months=24).outcome is Outcome.PASS
    assert run_rule(rule, make_unit(security={key: []})).outcome is Outcome.FAIL
    assert run_rule(rule, make_unit()).outcome is Outcome.NO_EVIDENCE


def test_law004_hazards_rectified():
    found = [{"date": "2025-01-08", "problems": 2, "rectified": True}, {"date": "2025-03-08", "problems": 0}]
    assert run_rule("LAW004", make_unit(security={"inspections": found})).outcome is Outcome.PASS
    found[0]["rectified"] = False
    result = run_rule("LAW004", make_unit(security={"inspections": found}))
    assert result.outcome is Outcome.FAIL and result.findings[0].evidence == {"date": "2025-01-08", "problems": 2}
    del found[0]["rectified"]
    assert run_rule("LAW004", make_unit(security={"inspections": found})).outcome is Outcome.NO_EVIDENCE
    assert run_rule("LAW004", make_unit(security={"inspections": [{"date": "2025-01-08", "problems": 0}]})).outcome is Outcome.NOT_APPLICABLE


def test_law005_statistics_after_deadline():
    reports = {"annual_reports": [{"year": 2024, "submitted": True}]}
    assert run_rule("LAW005", make_unit(statistics=reports)).outcome is Outcome.PASS
    assert run_rule("LAW005", make_unit(statistics={"annual_reports": [{"year": 2024, "submitted": False}]})).outcome is Outcome.FAIL
    # before the deadline the year before last is the one due
    early = make_unit(as_of="2025-02-01", statistics={"annual_reports": [{"year": 2023, "submitted": True}]})
    assert run_rule("LAW005", early).outcome is Outcome.PASS
    assert run_rule("LAW005", make_unit(as_of="2025-02-01", statistics=reports), due="01-31").outcome is Outcome.PASS
    assert run_rule("LAW005", make_unit(statistics=reports), years=2).outcome is Outcome.NO_EVIDENCE
    assert run_rule("LAW005", make_unit()).outcome is Outcome.NO_EVIDENCE


def test_law006_violations_rectified():
    assert run_rule("LAW006", make_unit(legal={"violations": []})).outcome is Outcome.PASS
    fixed = {"date": "2024-01-01", "description": "逾期未归档", "rectified": True}
    assert run_rule("LAW006", make_unit(legal={"violations": [fixed]})).outcome is Outcome.PASS
    open_ = run_rule("LAW006", make_unit(legal={"violations": [{**fixed, "rectified": False}]}))
    assert open_.outcome is Outcome.FAIL and open_.deducted == 3
    assert run_rule("LAW006", make_unit(legal={"violations": [{"date": "2024-01-01"}]})).outcome is Outcome.NO_EVIDENCE
    assert run_rule("LAW006", make_unit()).outcome is Outcome.NO_EVIDENCE


E = {"holds_electronic_records": True, "backup_plan": True, "protection_level": 2, "offline_backups": [{"date": "2025-06-16"}]}


def test_law007_backup_plan_and_offline_backups():
    assert run_rule("LAW007", make_unit(electronic=E)).outcome is Outcome.PASS
    none = run_rule("LAW007", make_unit(electronic={**E, "offline_backups": []}))
    assert none.outcome is Outcome.FAIL and none.deducted == 1
    assert run_rule("LAW007", make_unit(electronic={"holds_electronic_records": True})).outcome is Outcome.NO_EVIDENCE
    assert run_rule("LAW007", make_unit(electronic={"system": "某软件"})).outcome is Outcome.NO_EVIDENCE
    assert run_rule("LAW007", make_unit(electronic={"holds_electronic_records": False})).outcome is Outcome.NOT_APPLICABLE


def test_law008_backup_age_is_configurable():
    assert run_rule("LAW008", make_unit(electronic=E)).outcome is Outcome.PASS
    old = {**E, "offline_backups": [{"date": "2024-01-01"}, {"date": "2024-05-01"}]}
    result = run_rule("LAW008", make_unit(electronic=old))
    assert result.outcome is Outcome.FAIL and result.findings[0].evidence == {"latest": "2024-05-01", "age_days": 425}
    assert run_rule("LAW008", make_unit(electronic=old), max_age_days=500).outcome is Outcome.PASS
    assert run_rule("LAW008", make_unit(electronic={**E, "offline_backups": []})).outcome is Outcome.NO_EVIDENCE
    assert run_rule("LAW008", make_unit(electronic={"holds_electronic_records": False})).outcome is Outcome.NOT_APPLICABLE


def test_law009_protection_level():
    assert run_rule("LAW009", make_unit(electronic=E)).outcome is Outcome.PASS
    assert run_rule("LAW009", make_unit(electronic={**E, "protection_level": 1})).outcome is Outcome.FAIL
    assert run_rule("LAW009", make_unit(electronic={"holds_electronic_records": True})).outcome is Outcome.NO_EVIDENCE
    assert run_rule("LAW009", make_unit(electronic={"holds_electronic_records": False})).outcome is Outcome.NOT_APPLICABLE


def test_law004_cites_item_8_of_art_48_and_law006_the_article():
    found = [{"date": "2025-01-08", "problems": 2, "rectified": False}]
    hazards = run_rule("LAW004", make_unit(security={"inspections": found}))
    assert hazards.basis.clause == "第四十八条第（八）项" and "明知存在档案安全隐患" in hazards.basis.note
    violations = run_rule("LAW006", make_unit(legal={"violations": []}))
    assert violations.basis.clause == "第四十八条" and "隐患" not in violations.basis.note


def test_law011_reported_incidents_are_read():
    incident = {"date": "2024-07-18", "description": "空调漏水", "reported": True, "rescued": True}
    assert run_rule("LAW011", make_unit(security={"incidents": [incident]})).outcome is Outcome.PASS
    hidden = run_rule("LAW011", make_unit(security={"incidents": [{**incident, "reported": False}]}))
    assert hidden.outcome is Outcome.FAIL and hidden.deducted == 1.0 and hidden.basis.clause == "第四十八条第（九）项"
    no_rescue = run_rule("LAW011", make_unit(security={"incidents": [{**incident, "rescued": False}]}))
    assert no_rescue.findings[0].location.pointer == "/security/incidents/0/rescued"
    unknown = run_rule("LAW011", make_unit(security={"incidents": [{"date": "2024-07-18"}]}))
    assert unknown.outcome is Outcome.NO_EVIDENCE
    assert run_rule("LAW011", make_unit(security={"incidents": []})).outcome is Outcome.NOT_APPLICABLE
    # an incident before the 2020 law took effect is not judged by its art. 48 (9)
    old = run_rule("LAW011", make_unit(security={"incidents": [{**incident, "date": "2019-03-01", "reported": False}]}))
    assert old.outcome is Outcome.NOT_APPLICABLE
