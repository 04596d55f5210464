"""FIL rules: pass on evidence, fail on contrary evidence, 'no evidence' on silence; the seed and fixtures."""

import pytest

from archcheck.model import Outcome
from conftest import COMPLIANT, POOR, SEED, load_fixture, make_unit, run_rule

DEPTS = {"name": "测试单位", "departments": [{"name": "办公室"}, {"name": "业务科"}, {"name": "后勤科", "produces_records": False}]}


def transfers(years=(2022, 2023, 2024), on="03-15", **extra):
    return [{"department": d, "year": y, "transferred_on": f"{y + 1}-{on}", "items": 100, "checked_against_list": True, "signed": True, **extra}
            for y in years for d in ("办公室", "业务科")]


def test_fil001_scope_table_approved():
    approved = {"scope_table": {"exists": True, "approved": True, "approved_on": "2021-05-20"}}
    assert run_rule("FIL001", make_unit(filing=approved)).outcome is Outcome.PASS
    draft = {"scope_table": {"exists": True, "approved": False}}
    result = run_rule("FIL001", make_unit(filing=draft))
    assert result.outcome is Outcome.FAIL and result.findings[0].location.pointer == "/filing/scope_table/approved"
    assert run_rule("FIL001", make_unit(filing={"scope_table": {"exists": False}})).deducted == 4
    unknown = run_rule("FIL001", make_unit(filing={"scope_table": {"exists": True}}))
    assert unknown.outcome is Outcome.NO_EVIDENCE and unknown.deducted == 2
    assert run_rule("FIL001", make_unit()).outcome is Outcome.NO_EVIDENCE


def test_fil002_every_department_every_due_year():
    unit = make_unit(unit=DEPTS, filing={"transfers": transfers()})
    assert run_rule("FIL002", unit).outcome is Outcome.PASS
    gap = make_unit(unit=DEPTS, filing={"transfers": [t for t in transfers() if not (t["department"] == "业务科" and t["year"] == 2023)]})
    result = run_rule("FIL002", gap)
    assert result.outcome is Outcome.FAIL
    assert [f.evidence for f in result.findings] == [{"department": "业务科", "year": 2023}]
    assert result.deducted == 1.0  # one of 4 pairs: 2 due years (2024 not yet) × 2 producing departments
    assert run_rule("FIL002", make_unit(unit=DEPTS)).outcome is Outcome.NO_EVIDENCE


def test_fil002_year_not_yet_due_is_not_a_failure():
    # as_of 2025-06-30 is the 2024 deadline day itself: 2024 is not due yet.
    unit = make_unit(unit=DEPTS, filing={"transfers": transfers(years=(2022, 2023))})
    assert run_rule("FIL002", unit).outcome is Outcome.PASS
    late_audit = make_unit(as_of="2025-07-01", unit=DEPTS, filing={"transfers": transfers(years=(2022, 2023))})
    assert run_rule("FIL002", late_audit).outcome is Outcome.FAIL


def test_fil003_deadline_default_param_and_units_own():
    on_time = make_unit(unit=DEPTS, filing={"transfers": transfers(on="06-20")})
    assert run_rule("FIL003", on_time).outcome is Outcome.PASS
    stricter = run_rule("FIL003", on_time, deadline="03-31")
    assert stricter.outcome is Outcome.FAIL and stricter.findings[0].evidence["deadline"] == "2023-03-31"
    own = make_unit(unit=DEPTS, filing={"deadline": "03-31", "transfers": transfers(on="06-20")})
    result = run_rule("FIL003", own)
    assert result.outcome is Outcome.FAIL and "81" in result.findings[0].message.en  # 81 days after 31 March
    undated = make_unit(unit=DEPTS, filing={"transfers": [{"department": "办公室", "year": 2023}]})
    assert run_rule("FIL003", undated).outcome is Outcome.NO_EVIDENCE
    assert run_rule("FIL003", make_unit()).outcome is Outcome.NO_EVIDENCE


def test_fil004_handover_checked_and_signed():
    assert run_rule("FIL004", make_unit(filing={"transfers": transfers()})).outcome is Outcome.PASS
    unsigned = transfers()
    unsigned[0]["signed"] = False
    result = run_rule("FIL004", make_unit(filing={"transfers": unsigned}))
    assert result.outcome is Outcome.FAIL and result.findings[0].evidence["lacking"] == ["signed"]
    silent = [{"department": "办公室", "year": 2024, "transferred_on": "2025-03-01"}]
    assert run_rule("FIL004", make_unit(filing={"transfers": silent})).outcome is Outcome.NO_EVIDENCE
    assert run_rule("FIL004", make_unit()).outcome is Outcome.NO_EVIDENCE


def test_fil005_classification_declared_stable_not_mixed():
    stable = {"classification": {"scheme": "year-organisation-retention", "since_year": 2016, "changes": []}}
    assert run_rule("FIL005", make_unit(filing=stable)).outcome is Outcome.PASS
    explained = {"classification": {"scheme": "year-retention", "since_year": 2019,
                                     "changes": [{"year": 2019, "from": "year-class-retention", "to": "year-retention", "reason": "市档案局要求"}]}}
    assert run_rule("FIL005", make_unit(filing=explained)).outcome is Outcome.PASS
    explained["classification"]["changes"][0]["reason"] = " "
    assert run_rule("FIL005", make_unit(filing=explained)).outcome is Outcome.FAIL
    mixed = {"classification": {"scheme": "year-organisation-retention", "mixed_organisation_problem": True}}
    assert run_rule("FIL005", make_unit(filing=mixed)).findings[0].evidence == {"mixed_organisation_problem": True}
    assert run_rule("FIL005", make_unit()).outcome is Outcome.NO_EVIDENCE


def test_fil006_zero_and_thin_years():
    steady = {"by_year": [{"year": y, "items": 1500} for y in (2021, 2022, 2023, 2024)]}
    assert run_rule("FIL006", make_unit(holdings=steady)).outcome is Outcome.PASS
    gap = {"by_year": [{"year": y, "items": 1500} for y in (2021, 2023, 2024)]}
    result = run_rule("FIL006", make_unit(holdings=gap))
    assert result.outcome is Outcome.FAIL and result.findings[0].evidence["year"] == 2022 and result.findings[0].evidence["items"] == 0
    thin = {"by_year": [{"year": 2021, "items": 1500}, {"year": 2022, "items": 300}, {"year": 2023, "items": 1400}, {"year": 2024, "items": 1600}]}
    assert run_rule("FIL006", make_unit(holdings=thin)).findings[0].evidence["year"] == 2022
    assert run_rule("FIL006", make_unit(holdings=thin), share=0.1).outcome is Outcome.PASS
    from_transfers = make_unit(filing={"transfers": transfers(years=(2021, 2023))})
    assert run_rule("FIL006", from_transfers).findings[0].evidence["year"] == 2022
    assert run_rule("FIL006", make_unit()).outcome is Outcome.NO_EVIDENCE


def test_an_invalid_deadline_param_is_an_error_outcome_not_a_crash():
    unit = make_unit(unit=DEPTS, filing={"transfers": transfers()})
    result = run_rule("FIL003", unit, deadline="June")
    assert result.outcome is Outcome.ERROR and "MM-DD" in result.reason.en


@pytest.mark.parametrize("rule", ["FIL001", "FIL002", "FIL003", "FIL004", "FIL005", "FIL006"])
def test_compliant_fixture_passes_every_filing_rule(rule):
    assert run_rule(rule, load_fixture(COMPLIANT)).outcome is Outcome.PASS


def test_poor_fixture_fails_most_filing_rules():
    outcomes = [run_rule(r, load_fixture(POOR)).outcome for r in ("FIL001", "FIL002", "FIL003", "FIL004", "FIL005", "FIL006")]
    assert outcomes.count(Outcome.FAIL) >= 4


def test_seed_filing_is_mostly_unevidenced():
    seed = load_fixture(SEED)
    assert run_rule("FIL001", seed).outcome is Outcome.NO_EVIDENCE  # approval not stated in 篇1
    assert run_rule("FIL002", seed).outcome is Outcome.NO_EVIDENCE
    assert run_rule("FIL005", seed).outcome is Outcome.PASS  # the 2019 change is explained
