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
    # 篇1 三(一): "把本应归档的文件资料，由于疏于妥善保管造成丢弃损毁" — an admission, not silence
    assert run_rule("FIL002", seed).outcome is Outcome.FAIL
    assert run_rule("FIL005", seed).outcome is Outcome.PASS  # the 2019 change is explained


def test_fil006_volume_held_years_count_as_filed():
    # 2001–2015 kept in volumes (卷) before item-level arrangement: filed, not "no files"
    held = {"by_year": [{"year": y, "volumes": 40, "items": 0} for y in range(2001, 2016)]
            + [{"year": y, "items": 1450 + y % 3} for y in range(2016, 2025)]}
    assert run_rule("FIL006", make_unit(holdings=held)).outcome is Outcome.PASS
    volumes_only = {"by_year": [{"year": y, "volumes": 50} for y in range(2010, 2020)]}
    assert run_rule("FIL006", make_unit(holdings=volumes_only)).outcome is Outcome.PASS
    # a year held neither in volumes nor in items is still a gap
    gap = {"by_year": [{"year": 2014, "volumes": 40}] + [{"year": y, "items": 1500} for y in (2021, 2023, 2024)]}
    result = run_rule("FIL006", make_unit(holdings=gap))
    assert result.outcome is Outcome.FAIL and [f.evidence["year"] for f in result.findings] == [2022]


def test_fil002_an_admitted_incomplete_filing_fails():
    unit = make_unit(unit={"name": "x", "departments": [{"name": "办公室"}]},
                     filing={"all_filed": False, "transfers": transfers(department="办公室")})
    result = run_rule("FIL002", unit)
    assert result.outcome is Outcome.FAIL and result.deducted == 2.0
    assert result.findings[0].location.pointer == "/filing/all_filed"


COUNTY = {"name": "某镇", "kind": "township", "receiving_archive_level": "county"}


@pytest.mark.parametrize("level, year, outcome", [
    ("county", 2014, Outcome.FAIL),        # 10 years: 2014's records were due after 2024
    ("county", 2015, Outcome.PASS),        # not yet
    ("prefecture", 2014, Outcome.PASS),    # 20 years for a prefecture-level archive
    ("prefecture", 2004, Outcome.FAIL),
    ("provincial", 2004, Outcome.FAIL),
])
def test_fil007_transfer_period_follows_the_receiving_archive_level(level, year, outcome):
    unit = make_unit(unit={**COUNTY, "receiving_archive_level": level}, holdings={"by_year": [{"year": year, "volumes": 30}]},
                     filing={"archive_transfers": []})
    result = run_rule("FIL007", unit)
    assert result.outcome is outcome
    if outcome is Outcome.FAIL:
        assert result.findings[0].evidence["years"] == [year]


def test_fil007_transfers_and_agreed_extensions_cover_the_years_due():
    held = {"by_year": [{"year": y, "volumes": 30} for y in range(2008, 2016)]}
    transferred = make_unit(unit=COUNTY, holdings=held, filing={"archive_transfers": [{"from_year": 2008, "to_year": 2012}]})
    result = run_rule("FIL007", transferred)
    assert result.outcome is Outcome.FAIL and result.findings[0].evidence["years"] == [2013, 2014]
    assert "2013–2014" in result.findings[0].message.zh
    assert result.deducted == pytest.approx(3 * 2 / 7, abs=1e-3)
    extended = make_unit(unit=COUNTY, holdings=held, filing={"archive_transfers": [{"from_year": 2008, "to_year": 2012}],
                                                             "transfer_extension": {"approved": True, "until_year": 2014}})
    assert run_rule("FIL007", extended).outcome is Outcome.PASS
    silent = make_unit(unit=COUNTY, holdings=held)
    assert run_rule("FIL007", silent).outcome is Outcome.NO_EVIDENCE


def test_fil007_applies_only_to_units_in_a_receiving_scope():
    held = {"by_year": [{"year": 2000, "volumes": 30}]}
    outside = make_unit(unit={"name": "某公司", "kind": "enterprise", "in_receiving_scope": False}, holdings=held)
    assert run_rule("FIL007", outside).outcome is Outcome.NOT_APPLICABLE
    institution = make_unit(unit={"name": "某中心", "kind": "institution"}, holdings=held)
    assert run_rule("FIL007", institution).outcome is Outcome.NOT_APPLICABLE
    agency = make_unit(unit={"name": "某局", "kind": "agency"}, holdings=held)
    result = run_rule("FIL007", agency)  # a 机关 must say which archive receives its records
    assert result.outcome is Outcome.NO_EVIDENCE and result.findings[0].location.pointer == "/unit/receiving_archive_level"


def test_fil008_box_spines_and_record_sheets():
    complete = {"spine_filled": True, "record_sheet": True, "record_sheet_signed": True}
    assert run_rule("FIL008", make_unit(filing={"boxes": complete})).outcome is Outcome.PASS
    no_sheet = run_rule("FIL008", make_unit(filing={"boxes": {**complete, "record_sheet": False, "record_sheet_signed": None}}))
    assert no_sheet.outcome is Outcome.FAIL and no_sheet.deducted == pytest.approx(2 * 2 / 3, abs=1e-3)
    unsigned = run_rule("FIL008", make_unit(filing={"boxes": {**complete, "record_sheet_signed": False}}))
    assert unsigned.outcome is Outcome.FAIL and unsigned.deducted == pytest.approx(2 / 3, abs=1e-3)
    # the seed's wording: cover, contents list and record sheet filled in — the signatures and spines are not said
    seed_like = run_rule("FIL008", make_unit(filing={"boxes": {"cover_filled": True, "contents_list": True, "record_sheet": True}}))
    assert seed_like.outcome is Outcome.NO_EVIDENCE and seed_like.deducted == pytest.approx(2 * 2 / 3, abs=1e-3)
    assert run_rule("FIL008", make_unit()).outcome is Outcome.NO_EVIDENCE
    assert run_rule("FIL008", make_unit(filing={"arrangement_unit": "volume"})).outcome is Outcome.NOT_APPLICABLE
