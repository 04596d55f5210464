"""The error gate: a rule that raises or a plugin that fails to load gives exit 3 with --fail-on-error."""

import json
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT, make_unit, write_unit

BROKEN = textwrap.dedent('''
    from archcheck.api import Basis, RuleSet, Severity, T, hookimpl

    rules = RuleSet(area="BRK")

    @rules.rule(id="BRK001", title=T("坏规则", "broken rule"), severity=Severity.MINOR, points=1,
                basis=Basis("test"), remedy=T("无", "none"), rationale=T("无", "none"), example=T("无", "none"))
    def explode(unit, ctx):
        raise RuntimeError("boom")
        yield

    @hookimpl
    def archcheck_rules():
        return rules.all()
''')


@pytest.fixture
def broken_plugin(tmp_path, monkeypatch):
    (tmp_path / "archcheck_broken_plugin.py").write_text(BROKEN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return "archcheck_broken_plugin"


def test_rule_error_gives_exit_3_only_with_fail_on_error(cli, tmp_path, broken_plugin):
    unit = write_unit(tmp_path, make_unit())
    assert cli("check", unit, "-p", broken_plugin, "--fail-on", "never").exit_code == 0
    result = cli("check", unit, "-p", broken_plugin, "--fail-on", "never", "--fail-on-error")
    assert result.exit_code == 3 and "BRK001" in result.output


def test_error_gate_wins_over_the_severity_gate(cli, tmp_path, broken_plugin):
    unit = write_unit(tmp_path, make_unit())
    assert cli("check", unit, "-p", broken_plugin, "--fail-under", "100").exit_code == 1
    assert cli("check", unit, "-p", broken_plugin, "--fail-under", "100", "--fail-on-error").exit_code == 3


def test_plugin_load_failure_counts_as_error(cli, tmp_path, discovered):
    unit = write_unit(tmp_path, make_unit())
    discovered("no_such_archcheck_plugin")
    assert cli("check", unit, "--fail-on", "never").exit_code == 0
    assert cli("check", unit, "--fail-on", "never", "--fail-on-error").exit_code == 3


def test_a_plugin_named_with_p_that_does_not_load_fails_the_run(cli, tmp_path):
    unit = write_unit(tmp_path, make_unit())
    result = cli("check", unit, "-p", "no_such_archcheck_plugin", "--fail-on", "never")
    assert result.exit_code == 3 and "no_such_archcheck_plugin" in result.stderr


def test_fail_on_error_from_config_and_cli_override(cli, tmp_path, broken_plugin):
    unit = write_unit(tmp_path, make_unit())
    (tmp_path / "archcheck.toml").write_text('fail_on = "never"\nfail_on_error = true\n', encoding="utf-8")
    assert cli("check", unit, "-p", broken_plugin).exit_code == 3
    assert cli("check", unit, "-p", broken_plugin, "--no-fail-on-error").exit_code == 0


def test_junit_and_sarif_report_the_error(cli, tmp_path, broken_plugin):
    import json
    import xml.etree.ElementTree as ET

    unit = write_unit(tmp_path, make_unit())
    xml = cli("check", unit, "-p", broken_plugin, "--fail-on", "never", "--format", "junit").output
    case = next(c for c in ET.fromstring(xml.encode()).iter("testcase") if c.get("name").startswith("BRK001"))
    assert "boom" in case.find("error").get("message")
    from test_junit_ci import assert_valid_junit

    assert int(assert_valid_junit(xml).get("errors")) == 1  # Jenkins' xUnit schema accepts the <error>
    sarif = json.loads(cli("check", unit, "-p", broken_plugin, "--fail-on", "never", "--format", "sarif").stdout)
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["associatedRule"]["id"] == "BRK001"


def test_a_unit_no_selected_rule_judges_is_not_graded_and_passes_the_gates(tmp_path):
    """`check unit --select CAT` (catalogue rules only) judged nothing: 0 points must not read as 不合格."""
    seed = ROOT / "fixtures" / "units" / "seed-damingshan.yaml"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "archcheck", "check", str(seed), *args],
                              capture_output=True, text=True, cwd=tmp_path, timeout=120)

    nothing = run("--select", "CAT", "--fail-under", "60", "--format", "json")
    assert nothing.returncode == 0, nothing.stderr
    score = json.loads(nothing.stdout)["units"][0]["score"]
    assert score["grade"]["en"].startswith("not graded") and score["areas"] == {}
    table = run("--select", "CAT", "--format", "table", "--fail-on", "never")
    assert "总分 — / 100" in table.stdout and "总分 0 / 100" not in table.stdout, table.stdout
    assert "总分 — / 100" in run("--select", "CAT", "-q", "--fail-on", "never").stdout
    judged = run("--select", "FUN", "--fail-under", "60", "-q")  # a rule that does judge it still gates
    assert judged.returncode == 1
