"""Configuration: found from the input upward, overridden by the CLI, every key documented and validated."""

import json
import re
import tomllib
from pathlib import Path

import pytest

from archcheck.config import KEYS, parse_table, resolve_config
from archcheck.errors import InputError
from archcheck.model import Severity
from conftest import POOR, ROOT, make_unit, write_unit

DOCS = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")

# key -> (valid TOML value, parsed value or a check of it, invalid TOML value)
EXAMPLES = {
    "select": ('["fun", "PRO004"]', ("FUN", "PRO004"), "3"),
    "ignore": ('"FUN003"', ("FUN003",), "[1]"),
    "severity": ('{FUN002 = "critical"}', {"FUN002": Severity.CRITICAL}, '{FUN002 = "high"}'),
    "profile": ('"default"', "default", '""'),
    "params": ('{FUN002 = {years = 2}}', {"FUN002": {"years": 2}}, '{FUN002 = 2}'),
    "fail_under": ("75", 75.0, "101"),
    "fail_on": ('"major"', "major", '"high"'),
    "fail_on_error": ("true", True, '"yes"'),
    "fail_on_grade": ("false", False, "1"),
    "lang": ('"en"', "en", '"fr"'),
    "columns": ('{"档案号" = "档号"}', {"档案号": "档号"}, '{"档案号" = 1}'),
    "waivers": ('[{rule = "FUN002", reason = "待批复"}]', lambda v: v[0].rule == "FUN002" and v[0].reason == "待批复",
                '[{rule = "FUN002"}]'),
    "waivers_file": ('"w.toml"', lambda v: v == Path("/cfg/w.toml"), "[]"),
    "baseline": ('"base.json"', lambda v: v == Path("/cfg/base.json"), "false"),
    "required_plugins": ('["archcheck-efiles"]', ("archcheck-efiles",), '[""]'),
}


def test_examples_cover_every_key():
    assert set(EXAMPLES) == set(KEYS)


@pytest.mark.parametrize("key", KEYS)
def test_every_key_is_documented(key):
    assert re.search(rf"^\| `{key}` \|", DOCS, re.M), f"{key} missing from the key table in docs/config.md"


@pytest.mark.parametrize("key", KEYS)
def test_every_key_parses_its_valid_value(key):
    valid, expected, _ = EXAMPLES[key]
    parsed = parse_table(tomllib.loads(f"{key} = {valid}"), Path("/cfg/archcheck.toml"))[key]
    assert expected(parsed) if callable(expected) else parsed == expected


@pytest.mark.parametrize("key", KEYS)
def test_every_key_rejects_a_wrong_value_naming_file_and_key(key):
    _, _, invalid = EXAMPLES[key]
    with pytest.raises(InputError) as info:
        parse_table(tomllib.loads(f"{key} = {invalid}"), Path("/cfg/archcheck.toml"))
    rendered = info.value.render("en")
    assert "/cfg/archcheck.toml" in rendered and key in rendered


def test_documented_keys_are_exactly_the_known_keys():
    documented = set(re.findall(r"^\| `([a-z_]+)` \| ", DOCS.split("## Keys")[1].split("## Waivers")[0], re.M))
    assert documented == set(KEYS)


def test_unknown_key_is_an_error_with_a_suggestion(cli, tmp_path):
    unit = write_unit(tmp_path, make_unit())
    (tmp_path / "archcheck.toml").write_text('fail_undr = 80\n', encoding="utf-8")
    result = cli("check", unit, "--lang", "en")
    assert result.exit_code == 2
    assert "archcheck.toml" in result.stderr and "fail_undr" in result.stderr and "did you mean fail_under" in result.stderr
    assert "Traceback" not in result.stderr


def test_config_found_from_the_input_folder_upward(tmp_path):
    (tmp_path / "archcheck.toml").write_text('fail_on = "minor"\n', encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    config = resolve_config({}, start=deep)
    assert config.fail_on == "minor" and config.file == tmp_path / "archcheck.toml"
    assert config.source("fail_on") == str(tmp_path / "archcheck.toml") and config.source("lang") == "default"


def test_pyproject_tool_table_is_used_and_archcheck_toml_wins(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.archcheck]\nlang = "en"\n', encoding="utf-8")
    assert resolve_config({}, start=tmp_path).lang == "en"
    (tmp_path / "archcheck.toml").write_text('lang = "zh"\n', encoding="utf-8")
    assert resolve_config({}, start=tmp_path).lang == "zh"


def test_pyproject_without_tool_table_is_passed_over(tmp_path):
    (tmp_path / "archcheck.toml").write_text('fail_on = "info"\n', encoding="utf-8")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert resolve_config({}, start=inner).fail_on == "info"


def test_pyproject_errors_name_the_tool_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.archcheck]\nselct = ["FUN"]\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        resolve_config({}, start=tmp_path)
    assert "tool.archcheck.selct" in info.value.render("en") and "select" in info.value.render("en")


def test_cli_overrides_the_file_and_params_merge(tmp_path):
    (tmp_path / "archcheck.toml").write_text(
        'fail_on = "minor"\n[params.FUN002]\nyears = 2\n[params.FUN001]\nyears = 1\n', encoding="utf-8")
    config = resolve_config({"fail_on": "never", "params": {"FUN002": {"years": 5}}}, start=tmp_path)
    assert config.fail_on == "never" and config.source("fail_on") == "CLI"
    assert config.params == {"FUN002": {"years": 5}, "FUN001": {"years": 1}}


def test_explicit_config_file_and_missing_file(cli, tmp_path):
    unit = write_unit(tmp_path, make_unit())
    elsewhere = tmp_path / "ci" / "strict.toml"
    elsewhere.parent.mkdir()
    elsewhere.write_text("fail_under = 99\n", encoding="utf-8")
    assert cli("check", unit, "--config", elsewhere, "--fail-on", "never").exit_code == 1
    missing = cli("check", unit, "--config", tmp_path / "nope.toml")
    assert missing.exit_code == 2 and "nope.toml" in missing.stderr


def test_config_command_shows_values_and_sources(cli, tmp_path):
    (tmp_path / "archcheck.toml").write_text('fail_on = "major"\n[severity]\nFUN002 = "critical"\n', encoding="utf-8")
    result = cli("config", tmp_path, "--fail-under", "70", "--format", "json")
    assert result.exit_code == 0, result.output
    values = json.loads(result.stdout)["values"]
    assert values["fail_on"] == {"value": "major", "source": str(tmp_path / "archcheck.toml")}
    assert values["fail_under"] == {"value": 70.0, "source": "CLI"}
    assert values["severity"]["value"] == {"FUN002": "critical"}
    assert values["lang"] == {"value": "zh", "source": "default"}
    table = cli("config", tmp_path, "--lang", "en").output
    assert "fail_on" in table and "default" in table and "command line" in table


def test_lang_from_environment_is_labelled(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHCHECK_LANG", "en")
    values = json.loads(cli("config", tmp_path, "--format", "json").stdout)["values"]
    assert values["lang"] == {"value": "en", "source": "env ARCHCHECK_LANG"}


def _budget_unit(tmp_path):
    return write_unit(tmp_path, make_unit(funding={"years": [
        {"year": 2023, "in_budget": True, "amount_yuan": 100},
        {"year": 2024, "in_budget": False, "amount_yuan": 100},
        {"year": 2025, "in_budget": True, "amount_yuan": 100}]}))


def test_severity_override_reaches_findings_gate_and_grade(cli, tmp_path):
    unit = _budget_unit(tmp_path)
    assert cli("check", unit, "--select", "FUN002").exit_code == 0  # major, gate on critical
    (tmp_path / "archcheck.toml").write_text('[severity]\nFUN002 = "critical"\n', encoding="utf-8")
    assert cli("check", unit, "--select", "FUN002").exit_code == 1
    report = json.loads(cli("check", unit, "--select", "FUN002", "--format", "json", "--fail-on", "never").stdout)
    outcome = next(o for o in report["units"][0]["outcomes"] if o["rule"] == "FUN002")
    assert outcome["severity"] == "critical" and outcome["default_severity"] == "major"
    assert report["units"][0]["findings"][0]["severity"] == "critical"
    assert report["units"][0]["score"]["capped_by"] == ["FUN002"]
    sarif = json.loads(cli("check", unit, "--select", "FUN002", "--format", "sarif", "--fail-on", "never").stdout)
    rule = next(r for r in sarif["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "FUN002")
    assert rule["properties"]["security-severity"] == "9.0"


def test_severity_override_may_lower_a_rule(cli, tmp_path):
    unit = _budget_unit(tmp_path)
    (tmp_path / "archcheck.toml").write_text('fail_on = "major"\n[severity]\nFUN002 = "minor"\n', encoding="utf-8")
    assert cli("check", unit, "--select", "FUN002").exit_code == 0
    assert cli("check", unit, "--select", "FUN002", "--fail-on", "minor").exit_code == 1


def test_severity_for_unknown_rule_is_an_error(cli, tmp_path):
    unit = write_unit(tmp_path, make_unit())
    (tmp_path / "archcheck.toml").write_text('[severity]\nFUN020 = "minor"\n', encoding="utf-8")
    result = cli("check", unit, "--lang", "en")
    assert result.exit_code == 2 and "FUN020" in result.stderr and "did you mean FUN00" in result.stderr


def test_select_params_and_lang_from_the_file_take_effect(cli, tmp_path):
    unit = _budget_unit(tmp_path)
    (tmp_path / "archcheck.toml").write_text(
        'select = ["FUN002"]\nlang = "en"\n[params.FUN002]\nyears = 1\n', encoding="utf-8")
    report = json.loads(cli("check", unit, "--format", "json").stdout)
    outcomes = {o["rule"]: o["outcome"] for o in report["units"][0]["outcomes"]}
    assert outcomes["FUN002"] == "pass"  # only 2025 counts with years = 1
    assert outcomes["FUN001"] == "skipped"
    assert "Total" in cli("check", unit).output


def test_gates_from_the_file(cli, tmp_path):
    unit = _budget_unit(tmp_path)
    (tmp_path / "archcheck.toml").write_text('fail_on = "major"\n', encoding="utf-8")
    assert cli("check", unit, "--select", "FUN002").exit_code == 1
    (tmp_path / "archcheck.toml").write_text('fail_on = "never"\nfail_under = 100\n', encoding="utf-8")
    assert cli("check", unit, "--select", "FUN002").exit_code == 1
    assert cli("check", unit, "--select", "FUN002", "--fail-under", "0").exit_code == 0


def test_columns_are_kept_for_the_catalogue(tmp_path):
    (tmp_path / "archcheck.toml").write_text('[columns]\n"档案号" = "档号"\n"题名" = "文件题名"\n', encoding="utf-8")
    assert resolve_config({}, start=tmp_path).columns == {"档案号": "档号", "题名": "文件题名"}


def test_the_demo_ignores_config_files(cli, tmp_path, monkeypatch):
    (tmp_path / "archcheck.toml").write_text("fail_under = 100\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli("demo").exit_code == 0


def test_required_plugins_key_stops_the_run_naming_the_config_file(cli, tmp_path):
    unit = write_unit(tmp_path, make_unit())
    config = tmp_path / "archcheck.toml"
    config.write_text('required_plugins = ["archcheck-guangxi"]\n', encoding="utf-8")
    result = cli("check", unit, "--lang", "en", "--fail-on", "never")
    assert result.exit_code == 3
    assert str(config) in result.stderr and "archcheck-guangxi" in result.stderr and "not installed" in result.stderr
    config.write_text('required_plugins = ["archcheck-dangan"]\n', encoding="utf-8")
    assert cli("check", unit, "--fail-on", "never").exit_code == 0
