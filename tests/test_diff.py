"""`archcheck diff`: what was fixed between two runs, what is new, what is still open."""

import json
import random

from conftest import POOR, SEED, load_fixture, write_unit


def json_report(cli, unit_path, out):
    result = cli("check", unit_path, "--format", "json", "-o", out, "--fail-on", "never")
    assert result.exit_code == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_fixing_two_findings_shows_exactly_those_as_fixed(cli, tmp_path):
    old = json_report(cli, SEED, tmp_path / "old.json")
    unit = load_fixture(SEED)
    unit["funding"]["enforcement_funding_in_budget"] = True  # fixes FUN003
    unit["planning"]["annual_plans"].append({"year": 2018, "includes_archive_work": True})  # fixes FUN001
    new = json_report(cli, write_unit(tmp_path, unit, "after.json"), tmp_path / "new.json")
    result = cli("diff", tmp_path / "old.json", tmp_path / "new.json", "--format", "json")
    assert result.exit_code == 0
    diff = json.loads(result.stdout)["units"][0]
    assert sorted(f["rule"] for f in diff["fixed"]) == ["FUN001", "FUN003"]
    assert diff["new"] == []
    assert len(diff["open"]) == len(old["units"][0]["findings"]) - 2 == len(new["units"][0]["findings"])
    assert diff["score"]["change"] == round(new["units"][0]["score"]["total"] - old["units"][0]["score"]["total"], 2) > 0
    fun = next(a for a in diff["areas"] if a["area"] == "FUN")
    assert fun["change"] > 0
    table = cli("diff", tmp_path / "old.json", tmp_path / "new.json").output
    assert "已整改 (2)" in table and "新增问题 (0)" in table and "档案行政执法经费未列入年度预算" in table


def test_reordered_and_translated_findings_are_still_open(cli, tmp_path):
    old = json_report(cli, POOR, tmp_path / "old.json")
    shuffled = json.loads(json.dumps(old))
    findings = shuffled["units"][0]["findings"]
    random.Random(7).shuffle(findings)
    for f in findings:
        f["message"] = {"zh": "改写", "en": "reworded"}
        f["evidence"] = dict(reversed(list(f["evidence"].items())))
    (tmp_path / "new.json").write_text(json.dumps(shuffled, ensure_ascii=False), encoding="utf-8")
    diff = json.loads(cli("diff", tmp_path / "old.json", tmp_path / "new.json", "--format", "json").stdout)["units"][0]
    assert diff["fixed"] == [] and diff["new"] == [] and len(diff["open"]) == len(findings) > 0


def test_new_finding_and_fail_on_new(cli, tmp_path):
    unit = load_fixture(SEED)
    unit["funding"]["enforcement_funding_in_budget"] = True
    write_unit(tmp_path, unit, "before.json")
    json_report(cli, tmp_path / "before.json", tmp_path / "old.json")
    json_report(cli, SEED, tmp_path / "new.json")
    result = cli("diff", tmp_path / "old.json", tmp_path / "new.json", "--format", "json", "--fail-on-new")
    assert result.exit_code == 1
    assert [f["rule"] for f in json.loads(result.stdout)["units"][0]["new"]] == ["FUN003"]


def test_diff_rejects_what_is_not_a_report(cli, tmp_path):
    bad = tmp_path / "unit.json"
    bad.write_text('{"as_of": "2025-01-01"}', encoding="utf-8")
    result = cli("diff", bad, bad)
    assert result.exit_code == 2 and f"{bad}:/units" in result.stderr and "Traceback" not in result.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    result = cli("diff", broken, bad)
    assert result.exit_code == 2 and str(broken) in result.stderr


def test_reordered_list_in_the_unit_is_not_a_fix(cli, tmp_path):
    """List positions are not identity (the baseline's fingerprint drops indices)."""
    unit = load_fixture(SEED)
    unit["funding"]["planned_purchases"][0]["planned_by"] = "2019-01-31"  # overdue: FUN004 fails
    write_unit(tmp_path, unit, "before.json")
    json_report(cli, tmp_path / "before.json", tmp_path / "old.json")
    unit["funding"]["planned_purchases"].reverse()
    write_unit(tmp_path, unit, "after.json")
    json_report(cli, tmp_path / "after.json", tmp_path / "new.json")
    diff = json.loads(cli("diff", tmp_path / "old.json", tmp_path / "new.json", "--format", "json").stdout)["units"][0]
    assert diff["fixed"] == [] and diff["new"] == [] and "FUN004" in {f["rule"] for f in diff["open"]}
