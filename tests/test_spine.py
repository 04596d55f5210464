"""Unit rules and catalogue rules go through one engine: the same time limit, applies_if, waivers and
outcome rule; and one plugin is one plugin (`--disable-plugin protection` leaves no PRO rule)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from catalog.conftest import clean_rows, write_csv
from conftest import SEED

NEVER = ("--fail-on", "never")


@pytest.fixture(autouse=True)
def fault_plugins(monkeypatch):
    monkeypatch.syspath_prepend(str(Path(__file__).parent / "plugins_fixtures"))


def outcomes(report, unit=0):
    return {o["rule"]: o for o in report["units"][unit]["outcomes"]}


def test_a_hanging_catalogue_rule_is_stopped_by_the_time_limit_and_named(archcheck_run, tmp_path):
    export = write_csv(tmp_path / "c.csv", clean_rows(5))
    started = time.monotonic()
    result = archcheck_run("catalog", export, *NEVER, "--rule-timeout", "0.3", plugins=["fx_catalog_faults"])
    assert time.monotonic() - started < 10
    assert result.exit_code == 0
    hung = outcomes(result.report)["ZCF001"]
    assert hung["outcome"] == "error"
    assert "fx_catalog_faults" in hung["reason"]["en"] and "ZCF001" in hung["reason"]["en"] and "0.3" in hung["reason"]["zh"]
    assert outcomes(result.report)["CAT004"]["outcome"] == "pass", "the other rules read the file to the end"
    assert result.report["units"][0]["stats"]["records"] == 5


def test_a_catalogue_rules_applies_if_gives_not_applicable_with_its_reason(archcheck_run, tmp_path):
    export = write_csv(tmp_path / "c.csv", clean_rows(3))
    result = archcheck_run("catalog", export, *NEVER, "--select", "ZCF002", plugins=["fx_catalog_faults"])
    box = outcomes(result.report)["ZCF002"]
    assert box["outcome"] == "not_applicable" and box["reason"]["zh"] == "目录没有“盒号”列"
    assert not result.report["units"][0]["findings"]


def test_a_waived_catalogue_finding_costs_no_points(archcheck_run, tmp_path):
    export = write_csv(tmp_path / "c.csv", clean_rows(4))
    flagged = archcheck_run("catalog", export, *NEVER, "--select", "ZCF003", plugins=["fx_catalog_faults"])
    assert flagged.report["units"][0]["score"]["total"] == 50.0  # every record has a minor finding: half a record each
    (tmp_path / "archcheck.toml").write_text(
        '[[waivers]]\nrule = "ZCF003"\nreason = "本规则仅作测试"\napprover = "档案室"\n', encoding="utf-8")
    waived = archcheck_run("catalog", export, *NEVER, "--select", "ZCF003", plugins=["fx_catalog_faults"])
    unit = waived.report["units"][0]
    assert outcomes(waived.report)["ZCF003"]["outcome"] == "waived"
    assert outcomes(waived.report)["ZCF003"]["deducted"] == 0.0
    assert unit["score"]["total"] == 100.0 and unit["stats"]["records_with_findings"] == 0
    assert len(unit["findings"]) == 4 and all(f["waiver"]["reason"] == "本规则仅作测试" for f in unit["findings"])
    assert waived.report["waivers"][0]["status"] == "applied" and waived.report["waivers"][0]["matched"] == 4


def test_disabling_protection_leaves_no_pro_rule(archcheck_run):
    result = archcheck_run("check", SEED, *NEVER, "--disable-plugin", "protection")
    assert not [rule for rule in outcomes(result.report) if rule.startswith("PRO")]
    everything = archcheck_run("check", SEED, *NEVER)
    assert len([rule for rule in outcomes(everything.report) if rule.startswith("PRO")]) == 19


def test_disabling_a_plugin_that_does_not_exist_is_an_input_error(archcheck_run):
    result = archcheck_run("check", SEED, *NEVER, "--disable-plugin", "fire")
    assert result.exit_code == 2 and "fire" in result.stderr


def test_the_built_in_formats_cannot_be_disabled_or_replaced(archcheck_run, tmp_path, monkeypatch):
    assert archcheck_run("check", SEED, *NEVER, "--disable-plugin", "reporters").exit_code == 2
    (tmp_path / "fx_steals_json.py").write_text(
        "from archcheck.api import hookimpl\n"
        "@hookimpl\ndef archcheck_reporters():\n    return {'json': lambda report, options: 'not a report'}\n",
        encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    result = archcheck_run("check", SEED, *NEVER, plugins=["fx_steals_json"])
    assert result.exit_code == 3 and "fx_steals_json" in result.stderr and "json" in result.stderr
    listing = archcheck_run("plugins", "--format", "json", plugins=["fx_steals_json"]).report
    stolen = next(p for p in listing["plugins"] if p["name"] == "fx_steals_json")
    assert stolen["status"] == "failed"


def test_unit_and_catalogue_outcomes_follow_one_rule(archcheck_run, tmp_path):
    """The same outcome vocabulary and deduction arithmetic for both targets."""
    unit = archcheck_run("check", SEED, *NEVER).report["units"][0]
    for entry in unit["outcomes"]:
        assert (entry["outcome"] in ("pass", "not_applicable", "skipped", "error", "waived")) == (entry["deducted"] == 0.0) \
            or entry["points"] == 0
    export = write_csv(tmp_path / "c.csv", clean_rows(4))
    catalog = archcheck_run("catalog", export, *NEVER).report["units"][0]
    assert json.dumps(sorted({o["outcome"] for o in catalog["outcomes"]})) == '["pass"]'
