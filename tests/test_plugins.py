"""A broken plugin never sinks a run silently: each problem is named, the other rules still run.

The misbehaving plugins live in tests/plugins_fixtures/ and are loaded with `-p`, through the
`archcheck_run` fixture that plugin authors use (archcheck.testing).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pytest
from conftest import SEED

from archcheck.engine import Context, run_rules
from archcheck.hookspecs import API_VERSION
from archcheck.plugins import load_plugins, require_plugins
from archcheck.errors import PluginError

FIXTURES = Path(__file__).parent / "plugins_fixtures"
NEVER = ("--fail-on", "never")


@pytest.fixture(autouse=True)
def fixture_plugins_importable(monkeypatch):
    monkeypatch.syspath_prepend(str(FIXTURES))


def load_error_text(result) -> str:
    return "\n".join(e["zh"] + "\n" + e["en"] for e in result.report["load_errors"])


def fun_rules_ran(result) -> bool:
    outcomes = {o["rule"]: o["outcome"] for o in result.unit()["outcomes"]}
    return outcomes["FUN003"] == "fail" and all(outcomes[f"FUN00{i}"] != "error" for i in range(1, 5))


# --- a plugin that fails to import -----------------------------------------------------------

def test_import_failure_is_reported_and_the_run_continues(archcheck_run, discovered):
    discovered("fx_broken_import")
    result = archcheck_run("check", SEED, *NEVER, autoload=True)
    assert result.exit_code == 0
    errors = load_error_text(result)
    assert "fx_broken_import" in errors and "archcheck_dependency_that_is_not_installed" in errors
    assert "加载失败" in errors and "failed to load" in errors
    assert fun_rules_ran(result)
    assert "fx_broken_import" not in [p["name"] for p in result.report["plugins"]]


def test_import_failure_is_shown_in_the_table_report(archcheck_run, discovered):
    discovered("fx_broken_import")
    result = archcheck_run("check", SEED, *NEVER, "--format", "table", autoload=True)
    assert "插件加载问题" in result.stdout and "fx_broken_import" in result.stdout


def test_an_explicitly_requested_plugin_that_fails_to_import_is_exit_3(archcheck_run):
    result = archcheck_run("check", SEED, *NEVER, plugins=["fx_broken_import"])
    assert result.exit_code == 3
    assert "fx_broken_import" in result.stderr and "archcheck_dependency_that_is_not_installed" in result.stderr


def test_strict_plugins_turns_an_import_failure_into_exit_3(archcheck_run, discovered):
    discovered("fx_broken_import")
    result = archcheck_run("check", SEED, *NEVER, "--strict-plugins", autoload=True)
    assert result.exit_code == 3
    assert "--fail-on-error" in result.stderr and "fx_broken_import" in result.stderr
    assert result.report["units"], "the report is still written before exit 3"


# --- a rule that raises ------------------------------------------------------------------------

def test_raising_rule_is_an_error_outcome_naming_plugin_and_rule(archcheck_run):
    result = archcheck_run("check", SEED, *NEVER, plugins=["fx_raising"])
    assert result.exit_code == 0
    assert result.outcome("ZRA001") == "error"
    reason = next(o for o in result.unit()["outcomes"] if o["rule"] == "ZRA001")["reason"]
    assert "fx_raising" in reason["zh"] and "ZRA001" in reason["zh"]
    assert "ValueError: the plugin author forgot a None check" in reason["en"]
    assert "Traceback" not in reason["en"]
    assert result.outcome("ZRA002") == "pass"
    assert fun_rules_ran(result)


def test_debug_shows_the_rules_traceback(archcheck_run):
    result = archcheck_run("check", SEED, *NEVER, "--debug", plugins=["fx_raising"])
    reason = next(o for o in result.unit()["outcomes"] if o["rule"] == "ZRA001")["reason"]
    assert "Traceback" in reason["en"] and "fx_raising.py" in reason["en"]


def test_strict_plugins_turns_a_rule_error_into_exit_3(archcheck_run):
    result = archcheck_run("check", SEED, *NEVER, "--strict-plugins", plugins=["fx_raising"])
    assert result.exit_code == 3 and "ZRA001" in result.stderr


def test_strict_plugins_without_problems_keeps_the_gate_exit_code(archcheck_run):
    assert archcheck_run("check", SEED, *NEVER, "--strict-plugins").exit_code == 0


# --- a rule that hangs -----------------------------------------------------------------------

def test_hanging_rule_is_stopped_and_reported(archcheck_run):
    started = time.monotonic()
    result = archcheck_run("check", SEED, *NEVER, "--rule-timeout", "0.3", plugins=["fx_hanging"])
    assert time.monotonic() - started < 5
    assert result.exit_code == 0
    assert result.outcome("ZHA001") == "error"
    reason = next(o for o in result.unit()["outcomes"] if o["rule"] == "ZHA001")["reason"]
    assert "超过时限 0.3 秒" in reason["zh"] and "fx_hanging" in reason["en"] and "ZHA001" in reason["en"]
    assert result.outcome("ZHA002") == "pass"
    assert fun_rules_ran(result)


def test_hanging_rule_is_stopped_outside_the_main_thread():
    """Where no alarm signal can be used, the rule runs in a worker thread that is abandoned."""
    import fx_hanging

    plugins = load_plugins(["fx_hanging"])
    rules = [plugins.rule("ZHA001"), plugins.rule("ZHA002")]
    ctx = Context(as_of=dt.date(2025, 6, 30))
    box = {}
    caller = threading.Thread(target=lambda: box.update(results=run_rules(rules, {}, ctx, time_limit=0.2)))
    try:
        caller.start()
        caller.join(5)
        assert not caller.is_alive()
        hung, passed = box["results"]
        assert hung.outcome.value == "error" and "0.2" in hung.reason.en
        assert passed.outcome.value == "pass"
    finally:
        fx_hanging.RELEASE.set()  # let the abandoned worker finish
    fx_hanging.RELEASE.clear()


def test_time_limit_does_not_leave_an_alarm_behind(archcheck_run):
    import signal

    handler = signal.getsignal(signal.SIGALRM)
    result = archcheck_run("check", SEED, *NEVER, "--rule-timeout", "0.3", plugins=["fx_hanging"])
    assert result.outcome("ZHA001") == "error"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is handler


def test_strict_plugins_turns_a_timeout_into_exit_3(archcheck_run):
    result = archcheck_run("check", SEED, *NEVER, "--rule-timeout", "0.2", "--strict-plugins", plugins=["fx_hanging"])
    assert result.exit_code == 3 and "ZHA001" in result.stderr


# --- an incompatible plugin API version --------------------------------------------------------

def test_plugin_for_a_newer_api_is_skipped_and_says_upgrade_archcheck(archcheck_run, discovered):
    discovered("fx_future_api")
    result = archcheck_run("check", SEED, *NEVER, autoload=True)
    assert result.exit_code == 0
    errors = load_error_text(result)
    assert "fx_future_api" in errors and "upgrade archcheck" in errors and "请升级 archcheck" in errors
    assert all(o["rule"] != "ZFU001" for o in result.unit()["outcomes"])
    assert fun_rules_ran(result)


def test_plugin_for_an_older_api_says_upgrade_the_plugin(archcheck_run, discovered):
    discovered("fx_old_api")
    result = archcheck_run("check", SEED, *NEVER, autoload=True)
    assert "upgrade dist-fx_old_api" in load_error_text(result)
    explicit = archcheck_run("check", SEED, *NEVER, plugins=["fx_old_api"])
    assert explicit.exit_code == 3 and "请升级插件 fx_old_api" in explicit.stderr


def test_plugins_command_shows_incompatibility(archcheck_run):
    listing = archcheck_run("plugins", plugins=["fx_future_api", "fx_raising"]).report
    assert listing["api_version"] == API_VERSION
    by_name = {p["name"]: p for p in listing["plugins"]}
    assert by_name["fx_future_api"]["status"] == "incompatible"
    assert by_name["fx_future_api"]["compatible"] is False and by_name["fx_future_api"]["api"] == [2, 3]
    assert by_name["fx_raising"] | {"note": None} == {
        "name": "fx_raising", "distribution": "fx_raising", "version": "local", "api": [1],
        "compatible": True, "rules": 2, "status": "loaded", "note": None,
    }
    table = archcheck_run("plugins", "--format", "table", plugins=["fx_future_api"]).stdout
    assert "fx_future_api" in table and "2,3 ✗" in table and "接口版本不兼容" in table and "请升级 archcheck" in table


def test_malformed_api_declaration_is_named(tmp_path, monkeypatch, archcheck_run, discovered):
    (tmp_path / "fx_bad_decl.py").write_text('ARCHCHECK_API = "1"\n', encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    discovered("fx_bad_decl")
    errors = load_error_text(archcheck_run("check", SEED, *NEVER, autoload=True))
    assert "fx_bad_decl" in errors and "ARCHCHECK_API" in errors


# --- two plugins with clashing rule ids --------------------------------------------------------

def test_clashing_rule_ids_are_an_error_naming_both_plugins(archcheck_run):
    result = archcheck_run("check", SEED, *NEVER, plugins=["fx_clash_a", "fx_clash_b"])
    assert result.exit_code == 3
    assert "ZCL001" in result.stderr and "fx_clash_a" in result.stderr and "fx_clash_b" in result.stderr
    assert "Traceback" not in result.stderr


def test_clash_with_a_builtin_names_the_builtin(tmp_path, monkeypatch, archcheck_run):
    (tmp_path / "fx_steals_fun.py").write_text(
        "from archcheck.api import hookimpl\nfrom archcheck.checkers import funding\n"
        "@hookimpl\ndef archcheck_rules():\n    return funding.rules.all()[:1]\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    result = archcheck_run("rules", plugins=["fx_steals_fun"])
    assert result.exit_code == 3 and "FUN001" in result.stderr and "funding" in result.stderr


# --- loading control -------------------------------------------------------------------------

def test_disable_plugin_skips_it_and_lists_it_as_disabled(archcheck_run):
    result = archcheck_run("check", SEED, *NEVER, "--disable-plugin", "fx_raising", plugins=["fx_raising"])
    assert all(not o["rule"].startswith("ZRA") for o in result.unit()["outcomes"])
    listing = archcheck_run("plugins", "--disable-plugin", "funding").report
    funding = next(p for p in listing["plugins"] if p["name"] == "funding")
    assert funding["status"] == "disabled" and "--disable-plugin" in funding["note"]["en"]


def test_require_plugin_missing_is_exit_3_with_a_message(archcheck_run):
    result = archcheck_run("check", SEED, *NEVER, "--require-plugin", "archcheck-guangxi")
    assert result.exit_code == 3
    assert "archcheck-guangxi" in result.stderr and "未安装" in result.stderr and "-p 模块路径" in result.stderr


def test_require_plugin_that_failed_says_why(archcheck_run):
    result = archcheck_run("check", SEED, *NEVER, "--require-plugin", "fx_broken_import", plugins=["fx_broken_import"])
    assert result.exit_code == 3 and "archcheck_dependency_that_is_not_installed" in result.stderr


def test_require_plugin_present_runs(archcheck_run):
    result = archcheck_run("check", SEED, *NEVER, "--require-plugin", "fx_raising", "--require-plugin", "archcheck-dangan",
                           plugins=["fx_raising"])
    assert result.exit_code == 0 and result.outcome("ZRA002") == "pass"


def test_require_plugins_is_callable_for_the_config_file():
    plugins = load_plugins()
    require_plugins(plugins, ["funding"], source="archcheck.toml")
    with pytest.raises(PluginError) as caught:
        require_plugins(plugins, ["funding", "archcheck-guizhou"], source="archcheck.toml")
    assert caught.value.exit_code == 3
    assert caught.value.render("en").startswith("archcheck.toml:archcheck-guizhou: required plugin archcheck-guizhou")


def test_p_of_an_installed_entry_point_module_loads_it_once(archcheck_run):
    result = archcheck_run("rules", plugins=["archcheck.checkers.funding"])
    assert result.exit_code == 0
    assert [r["id"] for r in result.report if r["area"] == "FUN"] == ["FUN001", "FUN002", "FUN003", "FUN004", "FUN005"]


def test_report_provenance_lists_each_plugin_that_ran(archcheck_run, discovered):
    discovered("fx_broken_import")
    result = archcheck_run("check", SEED, *NEVER, autoload=True, plugins=["fx_raising"])
    ran = {p["name"]: p for p in result.report["plugins"]}
    assert ran["fx_raising"] == {"name": "fx_raising", "distribution": "fx_raising", "version": "local", "rules": 2}
    assert ran["funding"]["distribution"] == "archcheck-dangan" and ran["funding"]["rules"] == 5
    assert "fx_broken_import" not in ran
