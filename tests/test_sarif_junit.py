"""SARIF and JUnit output as CI systems consume them: schema-valid SARIF, parseable JUnit with honest counts."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, Draft7Validator
from jsonschema.validators import validator_for

from archcheck.model import (
    Basis, Finding, Location, Outcome, Report, Rule, RuleResult, Score, Severity, Text, UnitReport,
)
from archcheck.reporters.junit import render_junit
from archcheck.reporters.options import ReportOptions
from archcheck.reporters.sarif import render_sarif
from conftest import COMPLIANT, POOR, SEED, make_unit, write_unit

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def assert_valid_sarif(text: str) -> dict:
    log = json.loads(text)
    # the official schema declares draft-04; it also holds under a Draft-07 validator
    for validator in (validator_for(SCHEMA), Draft7Validator):
        errors = sorted(validator(SCHEMA).iter_errors(log), key=lambda e: list(e.absolute_path))
        assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    return log


def test_vendored_schema_is_the_official_one():
    assert validator_for(SCHEMA) is Draft4Validator
    assert SCHEMA["id"].endswith("/sarif-schema-2.1.0.json") and "2.1.0" in SCHEMA["title"]
    assert "reportingDescriptor" in SCHEMA["definitions"] and "suppression" in SCHEMA["definitions"]


def test_schema_rejects_a_broken_log():
    """The validation used below can fail: a result without a message is not SARIF."""
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "A"}]}]}
    assert list(Draft7Validator(SCHEMA).iter_errors(broken))


@pytest.mark.parametrize("unit", [SEED, POOR, COMPLIANT])
def test_check_sarif_validates_against_the_official_schema(cli, unit):
    result = cli("check", unit, "--format", "sarif", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    log = assert_valid_sarif(result.stdout)
    report = json.loads(cli("check", unit, "--format", "json", "--fail-on", "never").stdout)
    findings = [f for u in report["units"] for f in u["findings"]]
    assert len(log["runs"][0]["results"]) == len(findings)


def test_sarif_rule_metadata_and_levels(cli):
    log = json.loads(cli("check", POOR, "--format", "sarif", "--fail-on", "never", "--lang", "en").stdout)
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    fun002 = rules["FUN002"]
    assert fun002["properties"]["security-severity"] == "7.0"  # major
    assert float(fun002["properties"]["security-severity"]) == 7.0
    assert "budget" in fun002["help"]["text"] and "第四条" in fun002["help"]["text"]
    assert fun002["shortDescription"]["text"] == "Archive funding is in the budget every year"
    result = next(r for r in run["results"] if r["ruleId"] == "FUN002")
    assert result["level"] == "error"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "FUN002"
    pointer = result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
    assert pointer.startswith("/funding/years")
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("poor.json")


def _catalog_report(line: int | None, column) -> Report:
    rule = Rule(
        id="CAT001", area="CAT", title=Text("档号唯一", "unique archival code"), severity=Severity.CRITICAL, points=5,
        basis=Basis("DA/T 22-2015", clause="6.2"), remedy=Text("改正重复档号", "fix duplicate codes"),
        rationale=Text("r", "r"), example=Text("e", "e"), check=lambda u, c: (), target="catalog",
    )
    finding = Finding("CAT001", Text("档号重复", "duplicate code"),
                      Location(file="exports/目录 2023.csv", line=line, column=column), {"档号": "A1-WS·2023-Y-0001"})
    result = RuleResult(rule, Outcome.FAIL, (finding,), 5.0)
    unit = UnitReport("目录", "exports/目录 2023.csv", "2025-06-30", (result,), Score(95.0, Text("优秀", "excellent"), ()))
    return Report("0.1.0", "default", (), {"CAT": Text("目录", "catalogue")}, (unit,))


@pytest.mark.parametrize("column, start_column", [("3", 3), (7, 7), ("档号", None)])
def test_sarif_catalogue_finding_has_line_and_column(column, start_column):
    log = assert_valid_sarif(render_sarif(_catalog_report(12, column), ReportOptions()))
    result = log["runs"][0]["results"][0]
    physical = result["locations"][0]["physicalLocation"]
    assert physical["region"]["startLine"] == 12
    assert physical["region"].get("startColumn") == start_column
    if start_column is None:
        assert physical["region"]["properties"]["column"] == "档号"
    assert physical["artifactLocation"]["uri"] == "exports/%E7%9B%AE%E5%BD%95%202023.csv"
    assert log["runs"][0]["tool"]["driver"]["rules"][0]["properties"]["security-severity"] == "9.0"


def test_junit_parses_and_counts_match_outcomes(cli, tmp_path):
    out = tmp_path / "report.xml"
    assert cli("check", SEED, POOR, "--format", "junit", "-o", out, "--fail-on", "never").exit_code == 0
    root = ET.parse(out).getroot()
    report = json.loads(cli("check", SEED, POOR, "--format", "json", "--fail-on", "never").stdout)
    suites = root.findall("testsuite")
    assert len(suites) == 2
    for suite, unit in zip(suites, report["units"]):
        counts = unit["summary"]
        cases = suite.findall("testcase")
        assert len(cases) == len(unit["outcomes"]) == int(suite.get("tests"))
        assert len(suite.findall("testcase/failure")) == counts["fail"] + counts["no_evidence"] == int(suite.get("failures"))
        assert len(suite.findall("testcase/error")) == counts["error"] == int(suite.get("errors"))
        skipped = counts["not_applicable"] + counts["skipped"] + counts["waived"]
        assert len(suite.findall("testcase/skipped")) == skipped == int(suite.get("skipped"))
    assert int(root.get("tests")) == sum(len(u["outcomes"]) for u in report["units"])


def test_junit_failure_carries_message_and_remedy(cli):
    root = ET.fromstring(cli("check", POOR, "--format", "junit", "--fail-on", "never", "--lang", "en").stdout.encode())
    case = next(c for c in root.iter("testcase") if c.get("name").startswith("FUN002"))
    failure = case.find("failure")
    assert "not in the budget" in failure.get("message")
    assert "Remedy: Put archive funding" in failure.text and "第四条" in failure.text


def test_junit_outcome_mapping_for_error_skip_and_waiver(cli, tmp_path):
    unit = write_unit(tmp_path, make_unit(funding={"years": [{"year": 2025, "in_budget": False}]}))
    waivers = tmp_path / "w.toml"
    waivers.write_text('[[waivers]]\nrule = "FUN002"\nreason = "预算调整中"\n', encoding="utf-8")
    xml = cli("check", unit, "--format", "junit", "--waivers", waivers, "--ignore", "FUN001", "--fail-on", "never").output
    cases = {c.get("name")[:6]: c for c in ET.fromstring(xml.encode()).iter("testcase")}
    assert "预算调整中" in cases["FUN002"].find("skipped").get("message")
    assert cases["FUN001"].find("skipped") is not None  # not selected


def test_junit_survives_control_characters():
    report = _catalog_report(3, "1")
    bad = report.units[0].results[0]
    finding = Finding("CAT001", Text("坏\x01字符", "bad\x01char"), Location(file="x.csv", line=3))
    import dataclasses

    unit = dataclasses.replace(report.units[0], results=(dataclasses.replace(bad, findings=(finding,)),))
    xml = render_junit(dataclasses.replace(report, units=(unit,)), ReportOptions())
    assert ET.fromstring(xml.encode()).find(".//failure") is not None


def test_sarif_with_waivers_and_baseline_validates(cli, tmp_path):
    unit_data = make_unit(funding={"years": [{"year": y, "in_budget": False, "amount_yuan": 1} for y in (2023, 2024, 2025)]})
    unit = write_unit(tmp_path, unit_data)
    base = tmp_path / "b.json"
    cli("check", unit, "--write-baseline", base)
    unit_data["funding"]["years"][0]["in_budget"] = True  # one fixed since the baseline
    write_unit(tmp_path, unit_data)
    (tmp_path / "archcheck.toml").write_text(
        '[[waivers]]\nrule = "FUN002"\nlocation = "/funding/years/1"\nreason = "待批复"\napprover = "张三"\nexpires = 2030-01-01\n'
        '[[waivers]]\nrule = "FUN001"\nlocation = "/nowhere"\nreason = "旧"\n'
        '[[waivers]]\nrule = "FUN002"\nreason = "过期"\nexpires = 2020-01-01\n', encoding="utf-8")
    log = assert_valid_sarif(cli("check", unit, "--baseline", base, "--format", "sarif").stdout)
    run = log["runs"][0]
    suppressed = [r for r in run["results"] if "suppressions" in r]
    assert len(suppressed) == 1 and suppressed[0]["suppressions"][0]["justification"] == "待批复"
    assert {r.get("baselineState") for r in run["results"]} >= {"absent", "unchanged"}
    statuses = sorted(n["properties"]["status"] for n in run["invocations"][0]["toolExecutionNotifications"])
    assert statuses == ["expired", "unused"]
