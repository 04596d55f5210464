"""The command line as users run it: exit codes, formats, languages, errors without tracebacks."""

import json
import subprocess
import sys

from conftest import COMPLIANT, POOR, SEED, make_unit, write_unit


def test_demo_prints_seed_findings_in_chinese(cli):
    result = cli("demo")
    assert result.exit_code == 0
    assert "广西大明山" in result.output and "总分" in result.output
    assert "档案行政执法经费未列入年度预算" in result.output


def test_check_json_is_deterministic(cli):
    first = cli("check", SEED, "--format", "json", "--fail-on", "never")
    second = cli("check", SEED, "--format", "json", "--fail-on", "never")
    assert first.exit_code == 0 and first.output == second.output
    report = json.loads(first.stdout)
    assert report["units"][0]["name"].startswith("广西大明山")


def test_gate_fail_under(cli):
    assert cli("check", POOR, "--fail-under", "99", "--fail-on", "never").exit_code == 1
    assert cli("check", COMPLIANT, "--fail-under", "0", "--fail-on", "never").exit_code == 0


def test_english_output(cli):
    result = cli("check", SEED, "--lang", "en", "--fail-on", "never")
    assert "Total" in result.output and "archive-enforcement funding is not in the annual budget" in result.output


def test_schema_error_names_file_and_json_path(cli, tmp_path):
    unit = make_unit(funding={"years": [{"year": "2024"}]})
    path = write_unit(tmp_path, unit)
    result = cli("check", path)
    assert result.exit_code == 2
    assert f"{path}:/funding/years/0/year" in result.stderr
    assert "Traceback" not in result.stderr


def test_explain_every_rule(cli):
    listing = json.loads(cli("rules", "--format", "json").stdout)
    assert listing, "no rules registered"
    for rule in listing:
        page = cli("explain", rule["id"])
        assert page.exit_code == 0 and rule["id"] in page.output and "依据" in page.output


def test_explain_unknown_rule_suggests(cli):
    result = cli("explain", "FUN01")
    assert result.exit_code == 2 and "FUN0" in result.stderr


def test_real_subprocess_entry_point():
    proc = subprocess.run([sys.executable, "-m", "archcheck", "check", str(SEED), "--format", "json", "--fail-on", "never"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["tool"]["name"] == "archcheck"


def test_param_typos_and_wrong_types_are_input_errors(cli):
    result = cli("check", SEED, "--lang", "en", "--param", "PRO015.window_days=abc", "--param", "FUN002.yeers=2")
    assert result.exit_code == 2
    assert "PRO015.window_days" in result.stderr and "wrong type" in result.stderr
    assert "FUN002.yeers" in result.stderr and "it has: years" in result.stderr
    ok = cli("check", SEED, "--param", "FUN002.years=2", "--param", "PRO015.window_days=14", "--fail-on", "never")
    assert ok.exit_code == 0


def test_table_titles_say_what_was_checked(cli):
    from conftest import ROOT

    export = cli("catalog", ROOT / "fixtures" / "catalog" / "catalog.jsonl", "--as-of", "2025-06-30", "--fail-on", "never")
    assert export.output.startswith("归档文件目录检查结果：catalog.jsonl")
    assert cli("check", SEED, "--fail-on", "never").output.startswith("档案室自查结果：")
