"""`--format gitlab`: GitLab's Code Quality report, as its merge-request widget reads it."""

from __future__ import annotations

import json
import shutil

import pytest
from jsonschema import Draft7Validator

from conftest import POOR, ROOT, SEED, make_unit, write_unit

CATALOG = ROOT / "fixtures" / "catalog" / "catalog-utf8-bom.csv"
NEVER = ("--fail-on", "never")

#: the fields GitLab documents for a Code Quality issue (docs.gitlab.com, "Code Quality report format")
ISSUE = {
    "type": "object",
    "required": ["description", "check_name", "fingerprint", "severity", "location"],
    "properties": {
        "description": {"type": "string", "minLength": 1},
        "check_name": {"type": "string", "minLength": 1},
        "fingerprint": {"type": "string", "pattern": "^[0-9a-zA-Z-]+$"},
        "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
        "location": {
            "type": "object",
            "required": ["path"],
            "properties": {
                "path": {"type": "string", "not": {"pattern": "^(/|file:)"}},
                "lines": {"type": "object", "required": ["begin"], "properties": {"begin": {"type": "integer", "minimum": 1}}},
                "positions": {"type": "object", "required": ["begin"], "properties": {"begin": {
                    "type": "object", "required": ["line"],
                    "properties": {"line": {"type": "integer", "minimum": 1}, "column": {"type": "integer", "minimum": 1}}}}},
            },
            "oneOf": [{"required": ["lines"]}, {"required": ["positions"]}],
        },
    },
}
REPORT = {"type": "array", "items": ISSUE}


def codequality(cli, *args) -> list[dict]:
    result = cli(*args, "--format", "gitlab", *NEVER)
    assert result.exit_code == 0, result.stderr
    issues = json.loads(result.stdout)
    errors = list(Draft7Validator(REPORT).iter_errors(issues))
    assert not errors, [e.message for e in errors[:5]]
    return issues


def test_the_shape_check_can_fail():
    assert list(Draft7Validator(REPORT).iter_errors([{"description": "x", "check_name": "A", "fingerprint": "f",
                                                      "severity": "high", "location": {"path": "/abs"}}]))


@pytest.mark.parametrize("args", [("check", SEED), ("check", SEED, POOR), ("catalog", CATALOG)])
def test_one_issue_per_standing_finding_with_unique_fingerprints(cli, args):
    issues = codequality(cli, *args)
    report = json.loads(cli(*args, "--format", "json", *NEVER).stdout)
    findings = [f for u in report["units"] for f in u["findings"]]
    assert len(issues) == len(findings) > 0
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_unit_findings_carry_line_and_column_and_a_relative_path(cli, tmp_path, monkeypatch):
    (tmp_path / "units").mkdir()
    shutil.copy(SEED, tmp_path / "units" / "seed.yaml")
    monkeypatch.chdir(tmp_path)
    issues = codequality(cli, "check", "units/seed.yaml")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    reg = [i for i in issues if i["check_name"] == "REG002"]
    assert len(reg) == 7
    for issue in reg:
        assert issue["location"]["path"] == "units/seed.yaml"
        line = issue["location"]["positions"]["begin"]["line"]
        assert "title:" in lines[line - 1]
    assert {i["severity"] for i in issues} <= {"critical", "major", "minor", "info"}


def test_waived_findings_are_left_out(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    unit = write_unit(tmp_path, make_unit(funding={"years": [{"year": 2024, "in_budget": False}, {"year": 2025, "in_budget": False}]}))
    waivers = tmp_path / "w.toml"
    waivers.write_text('[[waivers]]\nrule = "FUN002"\nlocation = "/funding/years/1"\nreason = "待批复"\n', encoding="utf-8")
    fun002 = [i for i in codequality(cli, "check", unit, "--waivers", waivers) if i["check_name"] == "FUN002"]
    assert fun002 and any("2024" in i["description"] for i in fun002)
    assert not any("2025" in i["description"] for i in fun002)  # /funding/years/1, the 2025 entry, is waived


def test_catalogue_rows_become_lines(cli):
    issues = codequality(cli, "catalog", CATALOG)
    duplicate = next(i for i in issues if i["check_name"] == "CAT007")
    assert duplicate["location"]["lines"]["begin"] > 1 and duplicate["location"]["path"].endswith("catalog-utf8-bom.csv")
