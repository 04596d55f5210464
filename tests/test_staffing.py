"""STA rules: each passes on evidence, fails on contrary evidence, and reads 'no evidence' on silence."""

from archcheck.model import Outcome
from conftest import make_unit, run_rule

GOOD = {"name": "张某", "full_time": True, "on_establishment": True, "certified": True, "professional_background": False,
        "training": [{"year": 2023, "hours": 12}, {"year": 2024, "hours": 8}]}


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


def test_sta004_training_in_the_last_complete_years():
    assert run_rule("STA004", make_unit(staff=staff(GOOD))).outcome is Outcome.PASS
    gap = {**GOOD, "training": [{"year": 2024, "hours": 8}]}
    result = run_rule("STA004", make_unit(staff=staff(gap)))
    assert result.outcome is Outcome.FAIL and result.deducted == 1.0
    assert result.findings[0].evidence["year"] == 2023
    zero = {**GOOD, "training": [{"year": 2023, "hours": 0}, {"year": 2024, "hours": 8}]}
    assert run_rule("STA004", make_unit(staff=staff(zero))).outcome is Outcome.FAIL
    assert run_rule("STA004", make_unit(staff=staff({"full_time": True}))).outcome is Outcome.NO_EVIDENCE


def test_sta004_the_unfinished_audit_year_is_never_demanded():
    # as of 30 June 2025 nobody can be faulted for 2025's training yet
    only_past = {**GOOD, "training": [{"year": 2023, "hours": 12}, {"year": 2024, "hours": 8}]}
    result = run_rule("STA004", make_unit(staff=staff(only_past)))
    assert result.outcome is Outcome.PASS


def test_sta004_counts_only_years_in_office():
    # appointed this year: last year's training is not this archivist's to show
    newcomer = {**GOOD, "appointed": "2025-03-01", "training": []}
    assert run_rule("STA004", make_unit(staff=staff(newcomer))).outcome is Outcome.NOT_APPLICABLE
    # appointed in the middle of 2023: only 2024 is a whole year in post
    midway = {**GOOD, "appointed": "2023-09-01", "training": [{"year": 2024, "hours": 6}]}
    assert run_rule("STA004", make_unit(staff=staff(midway))).outcome is Outcome.PASS
    missing_2024 = {**GOOD, "appointed": "2023-09-01", "training": [{"year": 2023, "hours": 6}]}
    result = run_rule("STA004", make_unit(staff=staff(missing_2024)))
    assert result.outcome is Outcome.FAIL and [f.evidence["year"] for f in result.findings] == [2024]
    # a newcomer beside a long-serving archivist: only the latter's years count
    both = run_rule("STA004", make_unit(staff=staff(GOOD, newcomer)))
    assert both.outcome is Outcome.PASS


def test_sta004_years_before_the_training_duty_are_not_demanded():
    # 13号令 art. 12 took effect on 2019-01-01: as of mid-2019 no complete year fell under it
    early = make_unit(as_of="2019-07-01", staff=staff({**GOOD, "training": []}))
    assert run_rule("STA004", early).outcome is Outcome.NOT_APPLICABLE
    # as of mid-2020 only 2019 counts
    later = make_unit(as_of="2020-07-01", staff=staff({**GOOD, "training": [{"year": 2019, "hours": 4}]}))
    assert run_rule("STA004", later).outcome is Outcome.PASS


def test_sta004_hours_threshold_is_a_parameter():
    assert run_rule("STA004", make_unit(staff=staff(GOOD)), min_hours=10).outcome is Outcome.FAIL  # 2024: 8 h
    assert run_rule("STA004", make_unit(staff=staff(GOOD)), min_hours=8).outcome is Outcome.PASS
    no_hours = {**GOOD, "training": [{"year": 2023}, {"year": 2024}]}
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
