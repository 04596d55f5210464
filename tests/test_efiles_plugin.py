"""The example plugin distribution (plugins/archcheck-efiles), installed by `make install`, works end to end.

This is the proof that the extension path works: a separate distribution, found through its entry
point, validated through its schema fragment, its rules run and reported like built-ins.
"""

from __future__ import annotations

from conftest import SEED, UNITS

EFILES_UNIT = UNITS / "efiles-sample" / "unit.yaml"


def test_plugins_lists_the_installed_example_plugin(archcheck_run):
    listing = archcheck_run("plugins", autoload=True).report
    efiles = next(p for p in listing["plugins"] if p["name"] == "efiles")
    assert efiles == {
        "name": "efiles", "distribution": "archcheck-efiles", "version": "0.1.0", "api": [1],
        "compatible": True, "rules": 10, "status": "loaded", "note": None,
    }
    table = archcheck_run("plugins", "--format", "table", autoload=True).stdout
    assert "archcheck-efiles" in table


def test_autoload_off_lists_it_as_not_loaded(archcheck_run):
    listing = archcheck_run("plugins").report
    efiles = next(p for p in listing["plugins"] if p["name"] == "efiles")
    assert efiles["status"] == "disabled" and "ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD" in efiles["note"]["en"]


def test_check_reports_the_plugins_findings_on_the_fixture_unit(archcheck_run):
    result = archcheck_run("check", EFILES_UNIT, "--fail-on", "never", autoload=True)
    assert result.exit_code == 0, result.stderr
    by_rule = {}
    for finding in (f for f in result.findings() if f["area"] == "EFL"):
        by_rule.setdefault(finding["rule"], []).append(finding["evidence"]["path"])
    assert by_rule == {
        "EFL001": ["2024-WS-0006.pdf"],
        "EFL002": ["2024-WS-0003.jpg"],
        "EFL003": ["2024-WS-0004.pdf"],
        "EFL004": ["2024-WS-0005.tif"],
        "EFL005": ["unlisted-scan.pdf"],
    }
    ran = {p["name"]: p for p in result.report["plugins"]}
    assert ran["efiles"]["distribution"] == "archcheck-efiles" and ran["efiles"]["rules"] == 10
    assert "EFL" in result.unit()["score"]["areas"]


def test_units_without_files_are_not_applicable_and_keep_their_score(archcheck_run):
    with_plugin = archcheck_run("check", SEED, "--fail-on", "never", autoload=True)
    without = archcheck_run("check", SEED, "--fail-on", "never", "--disable-plugin", "efiles", autoload=True)
    assert with_plugin.outcome("EFL001") == "not_applicable"
    assert with_plugin.unit()["score"]["total"] == without.unit()["score"]["total"]
