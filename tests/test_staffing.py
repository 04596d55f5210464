"""STA rules: each passes on evidence, fails on contrary evidence, and reads 'no evidence' on silence."""

from archcheck.model import Outcome
from conftest import make_unit, run_rule

GOOD = {"name": "张某", "full_time": True, "on_establishment": True, "certified": True, "professional_background": False,
        "training": [{"year": 2024, "hours": 12}, {"year": 2025, "hours": 8}]}


def staff(*people, **more):
    return {"archivists": list(people), **more}


def test_sta001_full_time_archivist():
    assert run_rule("STA001", make_unit(staff=staff(GOOD))).outcome is Outcome.PASS
    part_time = run_rule("STA001", make_unit(staff=staff({**GOOD, "full_time": False})))
    assert part_time.outcome is Outcome.FAIL and part_time.deducted == 4
    assert run_rule("STA001", make_unit(staff=staff())).outcome is Outcome.FAIL  # an empty list: nobody
    assert run_rule("STA001", make_unit(staff=staff({"name": "王某"}))).outcome is Outcome.NO_EVIDENCE
    assert run_rule("STA001", make_unit()).outcome is Outcome.NO_EVIDENCE


def test_sta002_on_establishment_deducts_per_archivist():
    assert run_rule("STA002", make_unit(staff=staff(GOOD, GOOD))).outcome is Outcome.PASS
    result = run_rule("STA002", make_unit(staff=staff(GOOD, {**GOOD, "on_establishment": False})))
    assert result.outcome is Outcome.FAIL and result.deducted == 1.5
    assert result.findings[0].location.pointer == "/staff/archivists/1/on_establishment"
    silent = run_rule("STA002", make_unit(staff=staff({"full_time": True})))
    assert silent.outcome is Outcome.NO_EVIDENCE and silent.deducted == 3


def test_sta003_certificate_or_background():
    assert run_rule("STA003", make_unit(staff=staff(GOOD))).outcome is Outcome.PASS
    background = {**GOOD, "certified": False, "professional_background": True}
    assert run_rule("STA003", make_unit(staff=staff(background))).outcome is Outcome.PASS
    neither = {**GOOD, "certified": False, "professional_background": False}
    assert run_rule("STA003", make_unit(staff=staff(neither))).outcome is Outcome.FAIL
    unknown = {**GOOD, "certified": False}
    del unknown["professional_background"]
    assert run_rule("STA003", make_unit(staff=staff(unknown))).outcome is Outcome.NO_EVIDENCE


def test_sta004_training_last_completed_and_audit_year():
    assert run_rule("STA004", make_unit(staff=staff(GOOD))).outcome is Outcome.PASS
    gap = {**GOOD, "training": [{"year": 2025, "hours": 8}]}
    result = run_rule("STA004", make_unit(staff=staff(gap)))
    assert result.outcome is Outcome.FAIL and result.deducted == 1.0
    assert result.findings[0].evidence["year"] == 2024
    zero = {**GOOD, "training": [{"year": 2024, "hours": 0}, {"year": 2025, "hours": 8}]}
    assert run_rule("STA004", make_unit(staff=staff(zero))).outcome is Outcome.FAIL
    assert run_rule("STA004", make_unit(staff=staff({"full_time": True}))).outcome is Outcome.NO_EVIDENCE


def test_sta004_hours_threshold_is_a_parameter():
    assert run_rule("STA004", make_unit(staff=staff(GOOD)), min_hours=10).outcome is Outcome.FAIL  # 2025: 8 h
    assert run_rule("STA004", make_unit(staff=staff(GOOD)), min_hours=8).outcome is Outcome.PASS
    no_hours = {**GOOD, "training": [{"year": 2024}, {"year": 2025}]}
    assert run_rule("STA004", make_unit(staff=staff(no_hours))).outcome is Outcome.PASS
    assert run_rule("STA004", make_unit(staff=staff(no_hours)), min_hours=90).outcome is Outcome.NO_EVIDENCE


DEPARTMENTS = {"name": "测试单位", "departments": [{"name": "办公室"}, {"name": "财务科"}, {"name": "后勤", "produces_records": False}]}


def test_sta005_liaison_for_every_producing_department():
    both = staff(GOOD, liaisons=[{"department": "办公室"}, {"department": "财务科"}])
    assert run_rule("STA005", make_unit(unit=DEPARTMENTS, staff=both)).outcome is Outcome.PASS
    one = staff(GOOD, liaisons=[{"department": "办公室"}])
    result = run_rule("STA005", make_unit(unit=DEPARTMENTS, staff=one))
    assert result.outcome is Outcome.FAIL and result.deducted == 1.5
    assert result.findings[0].evidence == {"department": "财务科"}
    assert run_rule("STA005", make_unit(unit=DEPARTMENTS, staff=staff(GOOD))).outcome is Outcome.NO_EVIDENCE
    assert run_rule("STA005", make_unit(staff=both)).outcome is Outcome.NO_EVIDENCE
    none_produce = {"name": "x", "departments": [{"name": "后勤", "produces_records": False}]}
    assert run_rule("STA005", make_unit(unit=none_produce)).outcome is Outcome.NOT_APPLICABLE


def test_sta006_handover_checked_and_signed():
    done = {"date": "2024-03-01", "inventory_checked": True, "signed": True}
    assert run_rule("STA006", make_unit(staff=staff(GOOD, handovers=[done]))).outcome is Outcome.PASS
    unsigned = run_rule("STA006", make_unit(staff=staff(GOOD, handovers=[{**done, "signed": False}])))
    assert unsigned.outcome is Outcome.FAIL and unsigned.deducted == 1.0
    assert run_rule("STA006", make_unit(staff=staff(GOOD, handovers=[{"date": "2024-03-01"}]))).outcome is Outcome.NO_EVIDENCE
    assert run_rule("STA006", make_unit(staff=staff(GOOD))).outcome is Outcome.NOT_APPLICABLE
