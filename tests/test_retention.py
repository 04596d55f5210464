"""RET rules: pass on evidence, fail on contrary evidence, 'no evidence' or not applicable on silence."""

import pytest

from archcheck.model import Outcome
from conftest import COMPLIANT, POOR, SEED, load_fixture, make_unit, run_rule

ALL_SIGNED = ["archives_leader", "office_head", "archives_head", "business_head", "handler"]


def destruction(**changes):
    item = {"date": "2024-12-18", "appraisal_report": True, "register": True, "register_kept_permanently": True,
            "approved_by": list(ALL_SIGNED), "supervisors": ["王某", "赵某"]}
    item.update(changes)
    return {"destructions": [item]}


def test_ret001_only_recognised_codes():
    assert run_rule("RET001", make_unit(retention={"codes_in_use": ["Y", "d30", "10年", "定期30年"]})).outcome is Outcome.PASS
    result = run_rule("RET001", make_unit(retention={"codes_in_use": ["Y", "D5"]}))
    assert result.outcome is Outcome.FAIL and result.findings[0].location.pointer == "/retention/codes_in_use/1"
    by_years = run_rule("RET001", make_unit(retention={"codes_by_years": [{"from_year": 2016, "codes": ["Y", "D20"]}]}))
    assert by_years.outcome is Outcome.FAIL and by_years.findings[0].location.pointer == "/retention/codes_by_years/0/codes/1"
    # legacy terms are RET002's business, not counted twice
    assert run_rule("RET001", make_unit(retention={"codes_in_use": ["永久", "长期", "短期"]})).outcome is Outcome.PASS
    assert run_rule("RET001", make_unit()).outcome is Outcome.NO_EVIDENCE


def test_ret001_before_order_8_cites_the_1987_scheme():
    result = run_rule("RET001", make_unit(as_of="2005-06-30", retention={"codes_in_use": ["永久", "长期", "短期"]}))
    assert result.outcome is Outcome.PASS and result.basis.document == "《关于机关档案保管期限的规定》（1987年）"


LEGACY_ON_OLD_YEARS = {"codes_by_years": [{"to_year": 2006, "codes": ["永久", "长期", "短期"]},
                                          {"from_year": 2007, "codes": ["Y", "D30", "D10"]}]}


def test_ret002_legacy_terms_on_records_up_to_2006_are_lawful():
    # 8号令 orders no re-coding of older holdings: nothing to fault, and no "convert" finding
    assert run_rule("RET002", make_unit(retention=LEGACY_ON_OLD_YEARS)).outcome is Outcome.PASS
    assert run_rule("RET002", make_unit(retention={"codes_in_use": ["Y", "D30", "D10"]})).outcome is Outcome.PASS
    assert run_rule("RET002", make_unit()).outcome is Outcome.NOT_APPLICABLE


def test_ret002_new_files_still_marked_long_or_short_fail_with_full_weight():
    still = make_unit(retention={"codes_by_years": [{"from_year": 2001, "codes": ["永久", "长期", "短期"]}]})
    result = run_rule("RET002", still)
    assert result.outcome is Outcome.FAIL and result.deducted == 3  # a major rule, not a 1-point hint
    assert {f.evidence["code"] for f in result.findings} == {"长期", "短期"}
    assert all(f.evidence["from_year"] == 2007 and f.evidence["to_year"] == 2025 for f in result.findings)


def test_ret002_legacy_terms_without_years():
    flat = {"codes_in_use": ["Y", "长期", "C"]}
    assert run_rule("RET002", make_unit(retention=flat)).outcome is Outcome.NO_EVIDENCE  # which years? the inspector asks
    young = make_unit(retention=flat, holdings={"by_year": [{"year": 2012, "items": 900}, {"year": 2013, "items": 950}]})
    assert run_rule("RET002", young).outcome is Outcome.FAIL  # every record is from after Order No. 8
    old = make_unit(retention=flat, holdings={"by_year": [{"year": 1998, "volumes": 40}, {"year": 2013, "items": 950}]})
    assert run_rule("RET002", old).outcome is Outcome.NO_EVIDENCE
    # the years given for the legacy terms explain the flat list
    explained = make_unit(retention={**flat, **LEGACY_ON_OLD_YEARS, "codes_in_use": ["Y", "长期"]})
    assert run_rule("RET002", explained).outcome is Outcome.PASS


def test_ret002_does_not_apply_before_order_8():
    result = run_rule("RET002", make_unit(as_of="2005-06-30", retention={"codes_in_use": ["永久", "长期", "短期"]}))
    assert result.outcome is Outcome.NOT_APPLICABLE and "2006-12-18" in result.reason.zh


def test_ret003_table_revised_after_reorganisation():
    reorg = {"reorganisations": [{"date": "2023-01-10"}]}
    revised = make_unit(organisation=reorg, filing={"scope_table": {"exists": True, "approved_on": "2020-01-01", "revised_on": "2024-03-15"}})
    assert run_rule("RET003", revised).outcome is Outcome.PASS
    stale = make_unit(organisation=reorg, filing={"scope_table": {"exists": True, "approved_on": "2020-01-01"}})
    result = run_rule("RET003", stale)
    assert result.outcome is Outcome.FAIL and result.findings[0].evidence["reorganised_on"] == "2023-01-10"
    assert run_rule("RET003", stale, grace_days=10000).outcome is Outcome.PASS
    assert run_rule("RET003", make_unit(organisation=reorg)).outcome is Outcome.NO_EVIDENCE
    assert run_rule("RET003", make_unit()).outcome is Outcome.NOT_APPLICABLE
    future = make_unit(organisation={"reorganisations": [{"date": "2030-01-01"}]})
    assert run_rule("RET003", future).outcome is Outcome.NOT_APPLICABLE


def test_ret004_expired_archives_appraised():
    assert run_rule("RET004", make_unit(retention={"expired_unappraised": {"items": 0}})).outcome is Outcome.PASS
    result = run_rule("RET004", make_unit(retention={"expired_unappraised": {"items": 40, "oldest_year": 1998}}))
    assert result.outcome is Outcome.FAIL and result.findings[0].evidence == {"items": 40, "volumes": 0, "oldest_year": 1998}
    assert run_rule("RET004", make_unit(retention={"expired_unappraised": {"notes": "待查"}})).outcome is Outcome.NO_EVIDENCE


def test_ret005_appraisal_chair_and_report():
    good = {"appraisals": [{"date": "2024-11-20", "report": True, "chaired_by": "office_head"}]}
    assert run_rule("RET005", make_unit(retention=good)).outcome is Outcome.PASS
    bad = {"appraisals": [{"date": "2024-11-20", "report": False, "chaired_by": "archives_head"}]}
    result = run_rule("RET005", make_unit(retention=bad))
    assert result.outcome is Outcome.FAIL and "general office" in result.findings[0].message.en
    assert run_rule("RET005", make_unit(retention={"appraisals": [{"date": "2024-11-20"}]})).outcome is Outcome.NO_EVIDENCE
    assert run_rule("RET005", make_unit()).outcome is Outcome.NOT_APPLICABLE


def test_ret006_destruction_paperwork_and_signatures():
    assert run_rule("RET006", make_unit(retention=destruction())).outcome is Outcome.PASS
    unsigned = run_rule("RET006", make_unit(retention=destruction(approved_by=["handler", "archives_head"])))
    assert unsigned.outcome is Outcome.FAIL and "leader in charge of archives" in unsigned.findings[0].message.en
    assert run_rule("RET006", make_unit(retention=destruction(register=False))).deducted == 4
    silent = {"destructions": [{"date": "2024-12-18"}]}
    result = run_rule("RET006", make_unit(retention=silent))
    assert result.outcome is Outcome.NO_EVIDENCE and "approved_by" in result.findings[0].evidence["unknown"]
    assert run_rule("RET006", make_unit()).outcome is Outcome.NOT_APPLICABLE


def test_ret007_supervisors_configurable():
    assert run_rule("RET007", make_unit(retention=destruction())).outcome is Outcome.PASS
    one = make_unit(retention=destruction(supervisors=["王某", "王某"]))  # the same person twice counts once
    assert run_rule("RET007", one).outcome is Outcome.FAIL
    assert run_rule("RET007", one, min_supervisors=1).outcome is Outcome.PASS
    none_listed = {"destructions": [{"date": "2024-12-18"}]}
    assert run_rule("RET007", make_unit(retention=none_listed)).outcome is Outcome.NO_EVIDENCE
    assert run_rule("RET007", make_unit()).outcome is Outcome.NOT_APPLICABLE


@pytest.mark.parametrize("rule", ["RET001", "RET002", "RET003", "RET004", "RET005", "RET006", "RET007"])
def test_compliant_fixture_passes_every_retention_rule(rule):
    assert run_rule(rule, load_fixture(COMPLIANT)).outcome is Outcome.PASS


def test_poor_fixture_fails_most_retention_rules():
    outcomes = [run_rule(f"RET00{n}", load_fixture(POOR)).outcome for n in range(1, 8)]
    assert outcomes.count(Outcome.FAIL) >= 4


def test_seed_legacy_terms_are_on_pre_2007_records_only():
    # 篇1: "定期又分为长期和短期，2019年以后分为30年和2019年" (the placeholder year read as 2006, per 8号令)
    assert run_rule("RET002", load_fixture(SEED)).outcome is Outcome.PASS
