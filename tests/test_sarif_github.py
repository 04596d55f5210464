"""SARIF as GitHub code scanning reads it: lines and columns, one alert per distinct finding, categories,
URIs relative to the checkout, and GitHub's size limits respected with a summary of what was left out."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
import yaml

from archcheck.loaders.document import read_document
from archcheck.model import Basis, Finding, Location, Outcome, Report, Rule, RuleResult, Score, Severity, Text, UnitReport
from archcheck.reporters.options import ReportOptions
from archcheck.reporters.sarif import CAP_RULE_ID, DEFAULT_MAX_RESULTS, FINGERPRINT_KEY, GITHUB_MAX_RESULTS, render_sarif
from conftest import COMPLIANT, POOR, ROOT, SEED
from test_sarif_junit import SCHEMA, assert_valid_sarif

NEVER = ("--fail-on", "never")
CATALOG = ROOT / "fixtures" / "catalog" / "catalog-utf8-bom.csv"


def sarif(cli, *args) -> dict:
    result = cli(*args, "--format", "sarif", *NEVER)
    assert result.exit_code == 0, result.stderr
    return assert_valid_sarif(result.stdout)


def fingerprints(log: dict, rule: str | None = None) -> list[str]:
    return [r["partialFingerprints"][FINGERPRINT_KEY] for r in log["runs"][0]["results"] if rule in (None, r["ruleId"])]


def test_unit_findings_have_the_line_and_column_of_their_pointer(cli):
    log = sarif(cli, "check", SEED)
    lines = SEED.read_text(encoding="utf-8").splitlines()
    unit = read_document(SEED)
    results = log["runs"][0]["results"]
    assert results
    for result in results:
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        pointer = result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        if pointer.startswith("/regulations/"):
            title = unit["regulations"][int(pointer.split("/")[2])]["title"]
            assert title in lines[region["startLine"] - 1]
    fun = next(r for r in results if r["ruleId"] == "FUN001")["locations"][0]["physicalLocation"]["region"]
    assert lines[fun["startLine"] - 1][fun["startColumn"] - 1:].startswith(
        next(r for r in results if r["ruleId"] == "FUN001")["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].split("/")[-1])


def test_json_units_are_located_too(cli):
    log = sarif(cli, "check", POOR)
    lines = POOR.read_text(encoding="utf-8").splitlines()
    for result in log["runs"][0]["results"]:
        region = result["locations"][0]["physicalLocation"]["region"]
        pointer = result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        last = pointer.rsplit("/", 1)[-1]
        at = lines[region["startLine"] - 1][region["startColumn"] - 1:]
        assert at.startswith(f'"{last}"') or at[0] in "{[\"" or last.isdigit() or pointer.count("/") <= 1, (pointer, at)


def test_seven_regulations_without_dates_are_seven_alerts(cli):
    log = sarif(cli, "check", SEED)
    reg002 = fingerprints(log, "REG002")
    assert len(reg002) == 7 and len(set(reg002)) == 7


@pytest.mark.parametrize("inputs", [(SEED,), (POOR,), (SEED, POOR, COMPLIANT), (CATALOG,)])
def test_every_result_has_its_own_fingerprint(cli, inputs):
    command = "catalog" if inputs == (CATALOG,) else "check"
    found = fingerprints(sarif(cli, command, *inputs))
    assert found and len(set(found)) == len(found)


def _write(path: Path, unit: dict) -> Path:
    path.write_text(yaml.safe_dump(unit, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_fingerprints_follow_the_finding_not_its_place_in_the_list(cli, tmp_path):
    unit = read_document(SEED)
    before = dict(zip((r["message"]["text"] for r in sarif(cli, "check", _write(tmp_path / "u.yaml", unit))["runs"][0]["results"]
                       if r["ruleId"] == "REG002"), fingerprints(sarif(cli, "check", tmp_path / "u.yaml"), "REG002")))
    reordered = copy.deepcopy(unit)
    reordered["regulations"].reverse()
    log = sarif(cli, "check", _write(tmp_path / "u.yaml", reordered))
    after = {r["message"]["text"]: r["partialFingerprints"][FINGERPRINT_KEY] for r in log["runs"][0]["results"] if r["ruleId"] == "REG002"}
    assert after == before
    fixed = copy.deepcopy(unit)
    fixed["regulations"][3].update(adopted="2024-03-01")
    log = sarif(cli, "check", _write(tmp_path / "u.yaml", fixed))
    remaining = set(fingerprints(log, "REG002"))
    assert remaining == set(before.values()) - {before[next(m for m in before if fixed["regulations"][3]["title"] in m)]}


def test_automation_details_name_a_category_per_kind_of_input(cli, tmp_path):
    assert sarif(cli, "check", SEED)["runs"][0]["automationDetails"] == {"id": "archcheck/units/"}
    assert sarif(cli, "catalog", CATALOG)["runs"][0]["automationDetails"] == {"id": "archcheck/catalog/"}
    config = tmp_path / "report.toml"
    config.write_text('[sarif]\nautomation_id = "archcheck/county-units/2025-06"\n', encoding="utf-8")
    log = sarif(cli, "check", SEED, "--report-config", config)
    assert log["runs"][0]["automationDetails"] == {"id": "archcheck/county-units/2025-06"}


def test_uris_are_relative_to_the_working_directory_by_default(cli, tmp_path, monkeypatch):
    (tmp_path / "repo" / "units").mkdir(parents=True)
    unit = tmp_path / "repo" / "units" / "大明山 档案室.yaml"
    unit.write_bytes(SEED.read_bytes())
    monkeypatch.chdir(tmp_path / "repo")
    run = sarif(cli, "check", "units/大明山 档案室.yaml")["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "units/%E5%A4%A7%E6%98%8E%E5%B1%B1%20%E6%A1%A3%E6%A1%88%E5%AE%A4.yaml", "uriBaseId": "SRCROOT"}
    assert run["originalUriBaseIds"] == {"SRCROOT": {"uri": (tmp_path / "repo").as_uri() + "/"}}
    absolute = sarif(cli, "check", unit)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert absolute == location  # an absolute path under the root is made relative too


def test_sarif_root_option_and_files_outside_it(cli, tmp_path, monkeypatch):
    (tmp_path / "repo" / "units").mkdir(parents=True)
    unit = tmp_path / "repo" / "units" / "u.yaml"
    unit.write_bytes(SEED.read_bytes())
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes(SEED.read_bytes())
    monkeypatch.chdir(tmp_path / "repo" / "units")
    run = sarif(cli, "check", "u.yaml", outside, "--sarif-root", "..")["runs"][0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r["locations"][0]["physicalLocation"]["artifactLocation"]
            for r in run["results"]}
    assert uris["units/u.yaml"] == {"uri": "units/u.yaml", "uriBaseId": "SRCROOT"}
    assert uris[outside.as_uri()] == {"uri": outside.as_uri()}
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == (tmp_path / "repo").as_uri() + "/"


# ---- GitHub's limits -----------------------------------------------------------------------------

def _rule(rule_id: str, severity: Severity) -> Rule:
    return Rule(id=rule_id, area="CAT", title=Text("t", "t"), severity=severity, points=1, basis=Basis("DA/T 22-2015"),
                remedy=Text("r", "r"), rationale=Text("r", "r"), example=Text("e", "e"), check=lambda u, c: (),
                target="catalog")


def _big_report(sizes: dict[str, tuple[Severity, int]]) -> Report:
    results = []
    for rule_id, (severity, n) in sizes.items():
        findings = tuple(Finding(rule_id, Text(f"第 {i} 条问题", f"problem {i}"), Location(file="export.csv", line=i + 2),
                                 {"档号": f"A1-WS·2023-Y-{i:05d}"}) for i in range(n))
        results.append(RuleResult(_rule(rule_id, severity), Outcome.FAIL, findings, 1.0))
    unit = UnitReport("目录", "export.csv", "2025-06-30", tuple(results), Score(50.0, Text("不合格", "failed"), ()))
    return Report("0.1.0", "default", (), {"CAT": Text("目录", "catalogue")}, (unit,))


SIZES = {"CAT001": (Severity.CRITICAL, 20_000), "CAT007": (Severity.MAJOR, 9_000), "CAT011": (Severity.MINOR, 1_000),
         "CAT015": (Severity.INFO, 3)}


def assert_valid_large_sarif(text: str) -> dict:
    """The official schema, checked by the compiled validator (the Python one takes seconds for 5,000 results)."""
    import jsonschema_rs

    log = json.loads(text)
    errors = list(jsonschema_rs.Draft4Validator(SCHEMA).iter_errors(log))
    assert not errors, [str(e) for e in errors[:5]]
    return log


def test_the_compiled_validator_rejects_a_broken_log():
    with pytest.raises(AssertionError):
        assert_valid_large_sarif('{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "A"}]}]}')


def test_a_large_export_is_capped_with_a_summary_of_what_was_left_out():
    log = assert_valid_large_sarif(render_sarif(_big_report(SIZES), ReportOptions(lang="en")))
    run = log["runs"][0]
    results = run["results"]
    assert len(results) == DEFAULT_MAX_RESULTS <= GITHUB_MAX_RESULTS
    summary = [r for r in results if r["ruleId"] == CAP_RULE_ID]
    assert len(summary) == 1
    kept = {rule: sum(r["ruleId"] == rule for r in results) for rule in SIZES}
    assert all(kept[rule] >= 1 for rule in SIZES) and kept["CAT015"] == 3  # every rule keeps some; a small one all
    left_out = summary[0]["properties"]["left_out"]
    assert {rule: kept[rule] + left_out.get(rule, 0) for rule in SIZES} == {rule: n for rule, (_, n) in SIZES.items()}
    assert "30003" not in summary[0]["message"]["text"] and "CAT001" in summary[0]["message"]["text"]
    assert run["properties"]["left_out"]["results"] == sum(left_out.values()) == 30_003 - (DEFAULT_MAX_RESULTS - 1)
    assert any(r["id"] == CAP_RULE_ID for r in run["tool"]["driver"]["rules"])
    # GitHub's other limits: runs per file, locations per result, tags per rule, rules per run
    assert len(log["runs"]) <= 20 and len(run["tool"]["driver"]["rules"]) <= 25_000
    assert all(len(r.get("locations", [])) <= 1_000 for r in results)
    assert all(len(d.get("properties", {}).get("tags", [])) <= 20 for d in run["tool"]["driver"]["rules"])
    assert len(set(fingerprints(log))) == len(results)


def test_the_more_severe_rule_keeps_the_odd_places():
    log = json.loads(render_sarif(_big_report({"CAT007": (Severity.MAJOR, 10), "CAT001": (Severity.CRITICAL, 10)}),
                                  ReportOptions(config={"sarif": {"max_results": 6}})))
    kept = [r["ruleId"] for r in log["runs"][0]["results"]]
    assert kept.count("CAT001") == 3 and kept.count("CAT007") == 2 and kept.count(CAP_RULE_ID) == 1


def test_the_cap_can_be_lifted_or_lowered(cli, tmp_path):
    everything = json.loads(render_sarif(_big_report(SIZES), ReportOptions(config={"sarif": {"max_results": 0}})))
    assert len(everything["runs"][0]["results"]) == 30_003
    assert not any(r["ruleId"] == CAP_RULE_ID for r in everything["runs"][0]["results"])
    config = tmp_path / "report.toml"
    config.write_text("[sarif]\nmax_results = 5\n", encoding="utf-8")
    log = sarif(cli, "catalog", CATALOG, "--report-config", config, "--lang", "en")
    results = log["runs"][0]["results"]
    total = len(fingerprints(sarif(cli, "catalog", CATALOG)))
    assert len(results) == 5 and results[-1]["ruleId"] == CAP_RULE_ID
    assert f"{total - 4} more are left out" in results[-1]["message"]["text"]


@pytest.mark.parametrize("table, where", [
    ("[sarif]\nmax_results = -1\n", "[sarif].max_results"),
    ('[sarif]\nmax_results = "many"\n', "[sarif].max_results"),
    ("[sarif]\nmax_result = 10\n", "[sarif].max_result"),
    ('[sarif]\nautomation_id = ""\n', "[sarif].automation_id"),
])
def test_bad_sarif_settings_are_a_usage_error(cli, tmp_path, table, where):
    config = tmp_path / "report.toml"
    config.write_text(table, encoding="utf-8")
    result = cli("check", SEED, "--format", "sarif", *NEVER, "--report-config", config)
    assert result.exit_code == 2 and where in result.stderr


def test_findings_a_catalogue_run_did_not_keep_are_counted_in_the_summary(cli):
    log = sarif(cli, "catalog", CATALOG, "--max-per-rule", "1")
    summary = [r for r in log["runs"][0]["results"] if r["ruleId"] == CAP_RULE_ID]
    assert len(summary) == 1 and summary[0]["properties"]["left_out"]
    kept = len(log["runs"][0]["results"]) - 1
    assert kept + sum(summary[0]["properties"]["left_out"].values()) == len(fingerprints(sarif(cli, "catalog", CATALOG)))


def test_environment_default_root_is_the_process_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    log = json.loads(render_sarif(_big_report({"CAT001": (Severity.CRITICAL, 1)}), ReportOptions()))
    assert log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"] == Path(os.getcwd()).as_uri() + "/"


def test_every_result_can_be_placed_even_fixed_ones_of_a_unit_not_in_the_run(cli, tmp_path, monkeypatch):
    """GitHub drops a result without a location: findings fixed since the baseline point at a file too."""
    from conftest import make_unit, write_unit

    monkeypatch.chdir(tmp_path)
    first = write_unit(tmp_path, make_unit(funding={"years": [{"year": 2025, "in_budget": False}]}), "a.json")
    base = tmp_path / "baseline.json"
    assert cli("check", first, "--write-baseline", base, *NEVER).exit_code == 0
    other = make_unit(funding={"years": [{"year": 2025, "in_budget": True}]})
    other["unit"]["name"] = "另一单位"
    second = write_unit(tmp_path, other, "b.json")
    run = sarif(cli, "check", second, "--baseline", base)["runs"][0]
    absent = [r for r in run["results"] if r.get("baselineState") == "absent"]
    assert absent and all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "baseline.json" for r in absent)
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for r in run["results"])
