"""The shipped fixtures tell the truth for STA and PRO: the seed fails what its report hides, the compliant
unit passes every rule, the poor unit fails most."""

import datetime as dt

import pytest

from archcheck.engine import Context, run_rules
from archcheck.model import Outcome
from conftest import COMPLIANT, POOR, SEED, load_fixture, plugins


def outcomes(path):
    unit = load_fixture(path)
    rules = [r for r in plugins().rules_for("unit") if r.area in ("STA", "PRO")]
    ctx = Context(as_of=dt.date.fromisoformat(unit["as_of"]), base_dir=path.resolve().parent)
    return {r.rule.id: r for r in run_rules(rules, unit, ctx)}


def test_the_rules_exist():
    ids = set(outcomes(COMPLIANT))
    assert {f"STA00{n}" for n in range(1, 7)} <= ids
    assert {f"PRO{n:03d}" for n in range(1, 18)} <= ids


def test_compliant_unit_passes_every_staffing_and_protection_rule():
    failing = {rid: r.outcome.value for rid, r in outcomes(COMPLIANT).items() if r.outcome is not Outcome.PASS}
    assert failing == {}


def test_poor_unit_fails_most():
    results = outcomes(POOR)
    failed = [rid for rid, r in results.items() if r.outcome in (Outcome.FAIL, Outcome.NO_EVIDENCE)]
    assert len(failed) >= 0.8 * len(results)
    assert results["PRO010"].outcome is Outcome.FAIL and results["STA001"].outcome is Outcome.FAIL


def test_seed_fails_its_single_extinguisher():
    result = outcomes(SEED)["PRO010"]
    assert result.outcome is Outcome.FAIL
    assert any(f.evidence.get("extinguishers") == 1 and not f.missing for f in result.findings)


@pytest.mark.parametrize("rule", ["PRO006", "PRO008", "PRO009"])
def test_seed_claims_dust_rodents_pollution_without_evidence(rule):
    result = outcomes(SEED)[rule]
    assert result.outcome is Outcome.FAIL
    assert result.findings[0].message.zh.startswith("声称达到九防")


def test_seed_damp_passes_only_through_the_air_conditioners_dehumidify_function():
    unit = load_fixture(SEED)
    assert not any(e["kind"] == "dehumidifier" for e in unit["equipment"])
    assert outcomes(SEED)["PRO004"].outcome is Outcome.PASS
    for item in unit["equipment"]:
        if item["kind"] == "air_conditioner":
            item["functions"] = ["cool"]
    ctx = Context(as_of=dt.date.fromisoformat(unit["as_of"]))
    rule = plugins().rule("PRO004")
    assert run_rules([rule], unit, ctx)[0].outcome is Outcome.FAIL


def test_seed_staff_facts_the_report_leaves_out_read_as_no_evidence():
    results = outcomes(SEED)
    assert results["STA001"].outcome is Outcome.PASS  # 专职档案员2名
    assert results["STA002"].outcome is Outcome.NO_EVIDENCE  # 在编 not stated
    assert results["PRO015"].outcome is Outcome.NO_EVIDENCE  # no climate log
