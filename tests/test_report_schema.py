"""The JSON report is exactly what schemas/report.schema.json describes, for every shipped fixture."""

import json

import pytest
from jsonschema import Draft202012Validator

from archcheck.schemas import schema
from conftest import COMPLIANT, POOR, SEED, make_unit, write_unit


@pytest.fixture(scope="module")
def validator():
    document = schema("report")
    Draft202012Validator.check_schema(document)
    return Draft202012Validator(document)


def report_of(cli, *paths, extra=()):
    result = cli("check", *paths, "--format", "json", "--fail-on", "never", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("fixture", [SEED, COMPLIANT, POOR], ids=["seed", "compliant", "poor"])
def test_fixture_reports_validate(cli, validator, fixture):
    report = report_of(cli, fixture)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(report)]
    assert errors == []
    unit = report["units"][0]
    assert len({o["rule"] for o in unit["outcomes"]}) == len(unit["outcomes"])  # one outcome per rule
    assert sum(unit["summary"].values()) == len(unit["outcomes"])


def test_report_with_errors_skips_and_several_units_validates(cli, validator, tmp_path):
    # A unit without its own deadline, so the malformed --param reaches FIL003 and becomes an `error`.
    no_deadline = write_unit(tmp_path, make_unit(filing={"transfers": [{"department": "办公室", "year": 2023}]}))
    report = report_of(cli, SEED, no_deadline, extra=("--select", "FIL", "--param", "FIL003.deadline=June"))
    assert not list(validator.iter_errors(report))
    outcomes = {o["rule"]: o for o in report["units"][1]["outcomes"]}
    assert outcomes["FIL003"]["outcome"] == "error" and "MM-DD" in outcomes["FIL003"]["reason"]["en"]
    assert outcomes["RET001"]["outcome"] == "skipped"


def test_schema_rejects_a_report_that_drifts(cli, validator):
    report = report_of(cli, POOR)
    report["units"][0]["findings"][0]["severity"] = "blocker"
    del report["units"][0]["score"]["grade"]
    assert len(list(validator.iter_errors(report))) == 2


def test_schema_command_prints_the_report_schema(cli):
    result = cli("schema", "report")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["$id"].endswith("/report/v1.json")


def test_minimal_unit_report_validates(cli, validator, tmp_path):
    path = write_unit(tmp_path, make_unit())
    assert not list(validator.iter_errors(report_of(cli, path)))


def test_report_with_waivers_and_a_baseline_validates(cli, validator, tmp_path):
    waivers = tmp_path / "waivers.toml"
    waivers.write_text('[[waivers]]\nrule = "FIL001"\nreason = "批复待下达"\nexpires = "2099-12-31"\n\n'
                       '[[waivers]]\nrule = "RET009"\nreason = "unused on purpose"\n', encoding="utf-8")
    base = tmp_path / "baseline.json"
    assert cli("check", POOR, "--fail-on", "never", "--write-baseline", base).exit_code == 0
    report = report_of(cli, POOR, extra=("--waivers", waivers, "--baseline", base))
    assert not [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(report)]
    assert {w["status"] for w in report["waivers"]} == {"applied", "unused"}
    assert report["baseline"]["unchanged"] > 0
    assert any("waiver" in f for f in report["units"][0]["findings"])


def test_catalogue_report_validates(cli, validator):
    from conftest import ROOT

    result = cli("catalog", ROOT / "fixtures" / "catalog" / "catalog-utf8-bom.csv", "--format", "json", "--as-of", "2025-06-30", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert not [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(report)]
    assert report["units"][0]["stats"]  # catalogue units carry their record counts
