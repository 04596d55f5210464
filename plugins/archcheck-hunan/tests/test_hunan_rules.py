"""The HNA rules as a Hunan archivist meets them: archcheck run in-process with this pack on a unit.

Uses the `archcheck_run` fixture archcheck ships for plugin authors (archcheck.testing).
"""

from __future__ import annotations

import pytest

PLUGIN = ["archcheck_hunan.rules"]
AS_OF = "2025-06-30"  # the last three completed years are 2022-2024


def hunan_unit(region: str = "湖南 岳阳 岳阳楼区", **hunan) -> dict:
    unit = {"schema_version": "1", "as_of": AS_OF, "unit": {"name": "某区档案局", "region": region}}
    if hunan:
        unit["extensions"] = {"hunan": hunan}
    return unit


def run(archcheck_run, unit, *args):
    result = archcheck_run("check", "--select", "HNA", "--fail-on", "never", *args, unit=unit, plugins=PLUGIN)
    assert result.exit_code == 0, result.stderr
    return result


def deducted(result, rule_id):
    return next(o["deducted"] for o in result.unit()["outcomes"] if o["rule"] == rule_id)


# ---- HNA001 现行文件报送 ------------------------------------------------------------------------------

def test_a_recent_submission_passes(archcheck_run):
    result = run(archcheck_run, hunan_unit(current_documents=[{"date": "2024-11-02", "items": 30}, {"date": "2025-04-01", "items": 8}]))
    assert result.outcome("HNA001") == "pass"


def test_only_old_submissions_fail_and_name_the_last_one(archcheck_run):
    result = run(archcheck_run, hunan_unit(current_documents=[{"date": "2023-05-01"}, {"date": "2024-06-01"}]))
    assert result.outcome("HNA001") == "fail"
    finding = result.findings("HNA001")[0]
    assert finding["evidence"] == {"last": "2024-06-01", "months": 12}
    assert finding["location"] == {"pointer": "/extensions/hunan/current_documents"}


def test_the_window_is_a_parameter(archcheck_run):
    unit = hunan_unit(current_documents=[{"date": "2024-06-01"}])
    assert run(archcheck_run, unit, "--param", "HNA001.months=24").outcome("HNA001") == "pass"


def test_no_register_is_no_evidence(archcheck_run):
    assert run(archcheck_run, hunan_unit()).outcome("HNA001") == "no_evidence"
    assert run(archcheck_run, hunan_unit(current_documents=[])).outcome("HNA001") == "no_evidence"


# ---- HNA002 近三年归档率 -------------------------------------------------------------------------------

def test_three_full_years_pass(archcheck_run):
    result = run(archcheck_run, hunan_unit(filing_rate={"2022": 100, "2023": 100, "2024": {"due": 850, "filed": 850}}))
    assert result.outcome("HNA002") == "pass"


@pytest.mark.parametrize("rate, lost", [
    (99, 0.2),    # 1 point of 5 below full, in one of three years: 3 points × 1/3 × 1/5
    (97, 0.6),
    (96, 0.8),
    (95, 1.0),    # 95 % itself earns nothing (the scheme is silent; read as nothing)
    (60, 1.0),    # below 95 %: the year earns nothing, and no more than that
])
def test_the_yueyang_scale_deducts_pro_rata_per_year(archcheck_run, rate, lost):
    result = run(archcheck_run, hunan_unit(filing_rate={"2022": 100, "2023": rate, "2024": 100}))
    assert result.outcome("HNA002") == "fail"
    assert deducted(result, "HNA002") == pytest.approx(lost, abs=1e-3)
    assert [f["location"]["pointer"] for f in result.findings("HNA002")] == ["/extensions/hunan/filing_rate/2023"]


def test_counts_give_the_rate(archcheck_run):
    result = run(archcheck_run, hunan_unit(filing_rate={"2022": 100, "2023": 100, "2024": {"due": 200, "filed": 194}}))
    assert result.findings("HNA002")[0]["evidence"] == {"year": 2024, "rate": 97.0}


def test_a_missing_year_is_no_evidence_for_its_third(archcheck_run):
    result = run(archcheck_run, hunan_unit(filing_rate={"2022": 100, "2024": 100}))
    assert result.outcome("HNA002") == "no_evidence"
    assert deducted(result, "HNA002") == pytest.approx(1.0)


def test_a_rate_above_100_is_an_input_error_naming_the_place(archcheck_run):
    result = archcheck_run("check", unit=hunan_unit(filing_rate={"2024": 120}), plugins=PLUGIN)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "/extensions/hunan/filing_rate/2024" in result.stderr


# ---- HNA003 家庭建档（邵阳） ----------------------------------------------------------------------------

SHAOYANG = "湖南 邵阳 隆回"


def test_shaoyang_unit_at_thirty_percent_with_the_register_passes(archcheck_run):
    unit = hunan_unit(SHAOYANG, family_archives={"households": 120, "with_archives": 36, "register_sent": True})
    assert run(archcheck_run, unit).outcome("HNA003") == "pass"


def test_share_and_register_cost_half_each(archcheck_run):
    low = run(archcheck_run, hunan_unit(SHAOYANG, family_archives={"households": 120, "with_archives": 20, "register_sent": True}))
    both = run(archcheck_run, hunan_unit(SHAOYANG, family_archives={"households": 120, "with_archives": 20, "register_sent": False}))
    assert low.outcome("HNA003") == both.outcome("HNA003") == "fail"
    assert deducted(low, "HNA003") == pytest.approx(1.5) and deducted(both, "HNA003") == pytest.approx(3.0)


def test_other_hunan_cities_are_not_asked_for_family_archives(archcheck_run):
    result = run(archcheck_run, hunan_unit())
    assert result.outcome("HNA003") == "not_applicable"
    assert "邵阳" in next(o for o in result.unit()["outcomes"] if o["rule"] == "HNA003")["reason"]["zh"]


def test_units_outside_hunan_are_not_applicable_and_keep_their_score(archcheck_run):
    unit = hunan_unit("广西 南宁 武鸣")
    result = run(archcheck_run, unit)
    assert {result.outcome(r) for r in ("HNA001", "HNA002", "HNA003")} == {"not_applicable"}
    assert "HNA" not in result.unit()["score"]["areas"]
