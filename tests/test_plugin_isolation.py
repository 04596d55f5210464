"""Hostile plugins never cost a report: each fault class, run as a real `archcheck` process.

The fault plugins live in tests/plugins_fixtures (fx_faults.py chooses its misbehaviour from the
FX_FAULTS variable). Each test asserts the exit code, that the report is still written and parses,
and that the plugin and rule are named.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SEED

FIXTURES = Path(__file__).parent / "plugins_fixtures"
ARCHCHECK = [sys.executable, "-m", "archcheck"]


def run(*args: str, faults: str = "", timeout: float = 60, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(FIXTURES), "FX_FAULTS": faults, "ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD": "1",
                   **(env or {})}
    return subprocess.run([*ARCHCHECK, *args], capture_output=True, text=True, timeout=timeout, env=environment)


def check(*faults: str, extra: tuple[str, ...] = (), **kw) -> tuple[subprocess.CompletedProcess, dict]:
    proc = run("check", str(SEED), "-p", "fx_faults", "--format", "json", "--fail-on", "never", *extra,
               faults=",".join((*faults, "passes")), **kw)
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        pytest.fail(f"no JSON report on stdout (exit {proc.returncode}):\n{proc.stdout[:500]}\n--- stderr\n{proc.stderr[-2000:]}")
    return proc, report


def outcome(report: dict, rule: str) -> dict:
    return next(o for o in report["units"][0]["outcomes"] if o["rule"] == rule)


def assert_error_named(report: dict, rule: str, *words: str) -> None:
    entry = outcome(report, rule)
    assert entry["outcome"] == "error", entry
    reason = entry["reason"]["en"] + " " + entry["reason"]["zh"]
    for word in ("fx_faults", rule, *words):
        assert word in reason, (word, reason)
    assert outcome(report, "ZFT011")["outcome"] == "pass", "the other plugin rules still ran"
    assert outcome(report, "FUN001")["outcome"] != "error", "the built-in rules still ran"


def test_sys_exit_in_a_rule_does_not_end_the_run():
    proc, report = check("sys_exit")
    assert proc.returncode == 0
    assert_error_named(report, "ZFT001", "sys.exit(0)")


def test_os_exit_in_a_rule_does_not_end_the_run_with_exit_0():
    proc, report = check("os_exit")
    assert proc.returncode == 0
    assert_error_named(report, "ZFT002")


def test_os_exit_is_caught_in_process_too():
    proc, report = check("os_exit", env={"ARCHCHECK_ISOLATION": "inline"})
    assert proc.returncode == 0
    assert_error_named(report, "ZFT002", "os._exit(0)")


def test_a_segfault_in_a_rule_is_that_rules_error_and_the_report_is_written():
    proc, report = check("segfault")
    assert proc.returncode == 0
    assert_error_named(report, "ZFT003", "SIGSEGV")
    assert "--fail-on-error" not in proc.stderr
    strict = run("check", str(SEED), "-p", "fx_faults", "--format", "json", "--fail-on", "never", "--fail-on-error",
                 faults="segfault,passes")
    assert strict.returncode == 3 and "ZFT003" in strict.stderr and json.loads(strict.stdout)["units"]


def test_a_rule_raising_keyboard_interrupt_is_its_error_not_the_users_ctrl_c():
    for isolation in ("process", "inline"):
        proc, report = check("interrupt", env={"ARCHCHECK_ISOLATION": isolation})
        assert proc.returncode == 0, isolation
        assert_error_named(report, "ZFT004", "KeyboardInterrupt")


def test_printing_plugins_do_not_corrupt_the_json_on_stdout():
    for isolation in ("process", "inline"):
        proc, report = check("prints", "print_at_import", env={"ARCHCHECK_ISOLATION": isolation})
        assert proc.returncode == 0
        assert outcome(report, "ZFT005")["outcome"] == "pass"
        assert "a plugin talking on stdout" in proc.stderr and "and on fd 1 directly" in proc.stderr
        assert "a plugin talking on stdout at import" in proc.stderr


def test_a_rule_cannot_change_the_unit_for_the_rules_after_it():
    _, clean = check()
    proc, report = check("mutates")
    assert_error_named(report, "ZFT006", "read-only")
    unit, before = report["units"][0], clean["units"][0]
    assert unit["name"] == before["name"] and unit["as_of"] == before["as_of"]
    changed = [o["rule"] for o, b in zip(unit["outcomes"], before["outcomes"]) if o != b and not o["rule"].startswith("ZFT")]
    assert changed == []


def test_a_long_c_call_is_stopped_near_the_time_limit():
    started = time.monotonic()
    proc, report = check("c_hang", extra=("--rule-timeout", "1"))
    elapsed = time.monotonic() - started
    assert proc.returncode == 0
    assert_error_named(report, "ZFT007", "1 s")
    # the call itself runs for minutes (10**9 PBKDF2 rounds); killed, the run takes the limit, the grace and the
    # process start-ups (a few seconds, more on a loaded machine)
    assert elapsed < 30, f"took {elapsed:.1f} s"


def test_a_rule_that_swallows_the_timeout_is_still_stopped():
    started = time.monotonic()
    proc, report = check("swallows", extra=("--rule-timeout", "0.5"))
    assert proc.returncode == 0
    assert_error_named(report, "ZFT008")
    assert time.monotonic() - started < 20  # the rule would loop forever; a worker killed again and again takes ~50 s


def test_a_thread_left_behind_does_not_keep_the_process_alive():
    proc, report = check("thread", timeout=30)
    assert proc.returncode == 0 and outcome(report, "ZFT009")["outcome"] == "pass"


def test_evidence_objects_give_the_same_fingerprint_every_run():
    first = check("evidence")[1]["units"][0]["findings"]
    second = check("evidence")[1]["units"][0]["findings"]
    mine = [f for f in first if f["rule"] == "ZFT010"]
    assert mine and [f["fingerprint"] for f in mine] == [f["fingerprint"] for f in second if f["rule"] == "ZFT010"]
    assert mine[0]["evidence"]["thing"] == "<Opaque>" and "0x" not in json.dumps(mine[0]["evidence"])


def test_hooks_returning_the_wrong_type_are_load_problems_naming_the_plugin(tmp_path):
    listing = run("plugins", "--format", "json", "-p", "fx_bad_hooks")
    data = json.loads(listing.stdout)
    bad = next(p for p in data["plugins"] if p["name"] == "fx_bad_hooks")
    assert bad["status"] == "failed" and "archcheck_areas" in bad["note"]["en"]
    proc = run("check", str(SEED), "-p", "fx_bad_hooks", "--format", "json", "--fail-on", "never")
    assert proc.returncode == 3 and "fx_bad_hooks" in proc.stderr and "Traceback" not in proc.stderr


def test_an_invalid_unit_schema_fragment_is_named(tmp_path):
    (tmp_path / "fx_bad_schema.py").write_text(
        "from archcheck.api import hookimpl\n@hookimpl\ndef archcheck_unit_schema():\n    return {'fx_bad_schema': {'type': 42}}\n",
        encoding="utf-8")
    proc = subprocess.run([*ARCHCHECK, "check", str(SEED), "-p", "fx_bad_schema", "--format", "json", "--fail-on", "never"],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(tmp_path), "ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD": "1"})
    report = json.loads(proc.stdout)
    errors = " ".join(e["en"] for e in report["load_errors"])
    assert "fx_bad_schema" in errors and "JSON Schema" in errors and proc.returncode == 0


def installed(tmp_path: Path, module: str) -> str:
    """A folder holding a dist-info that declares `module` as an `archcheck` entry point, as pip would."""
    info = tmp_path / f"{module}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[archcheck]\n{module} = {module}\n", encoding="utf-8")
    return f"{tmp_path}{os.pathsep}{FIXTURES}"


def test_a_plugin_whose_import_hangs_is_skipped_after_the_time_limit(tmp_path):
    started = time.monotonic()
    env = {"PYTHONPATH": installed(tmp_path, "fx_import_hang"), "ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD": ""}
    proc = run("check", str(SEED), "--format", "json", "--fail-on", "never", "--rule-timeout", "1", env=env)
    assert time.monotonic() - started < 1 + 8  # the limit, and the process start-up
    report = json.loads(proc.stdout)
    assert proc.returncode == 0 and "fx_import_hang" in " ".join(e["en"] for e in report["load_errors"])


def test_an_explicitly_named_plugin_that_hangs_at_import_fails_the_run():
    proc = run("check", str(SEED), "-p", "fx_import_hang", "--rule-timeout", "1", timeout=30)
    assert proc.returncode == 3 and "fx_import_hang" in proc.stderr


def test_misspelt_and_unmarked_hooks_are_named():
    listing = json.loads(run("plugins", "--format", "json", "-p", "fx_misspelt_hook").stdout)
    entry = next(p for p in listing["plugins"] if p["name"] == "fx_misspelt_hook")
    assert entry["status"] == "failed" and "archcheck_rule" in entry["note"]["en"]


def test_ctrl_c_exits_130_and_leaves_no_worker_behind(tmp_path):
    environment = {**os.environ, "PYTHONPATH": str(FIXTURES), "FX_FAULTS": "swallows", "ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD": "1"}
    proc = subprocess.Popen([*ARCHCHECK, "check", str(SEED), "-p", "fx_faults", "--rule-timeout", "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment, start_new_session=True)
    time.sleep(3)
    children = _children(proc.pid)
    assert children, "the rule runs in a worker process"
    os.killpg(proc.pid, signal.SIGINT)
    proc.wait(timeout=20)
    assert proc.returncode == 130
    time.sleep(0.5)
    assert not [pid for pid in children if _alive(pid)]


def test_sigterm_ends_the_run_and_its_workers():
    environment = {**os.environ, "PYTHONPATH": str(FIXTURES), "FX_FAULTS": "swallows", "ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD": "1"}
    proc = subprocess.Popen([*ARCHCHECK, "check", str(SEED), "-p", "fx_faults", "--rule-timeout", "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    time.sleep(3)
    children = _children(proc.pid)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)
    assert proc.returncode != 0
    time.sleep(0.5)
    assert children and not [pid for pid in children if _alive(pid)]


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


def test_an_import_stuck_in_c_code_ends_the_run_with_exit_3_naming_the_plugin(tmp_path):
    started = time.monotonic()
    env = {"PYTHONPATH": installed(tmp_path, "fx_import_hang_c"), "ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD": ""}
    proc = run("check", str(SEED), "--rule-timeout", "1", env=env, timeout=30)
    assert proc.returncode == 3 and "fx_import_hang_c" in proc.stderr
    assert time.monotonic() - started < 1 + 1 + 8


# ---------------------------------------------------------------- volume-catalogue rules

VOLUME_LIST = "档号,案卷号,案卷题名,年度,保管期限,页数,件数,起止日期\n" + "".join(
    f"Z109-WS·2005-Y-{n:03d},{n},县政府关于第{n}项工作的通知,2005,Y,4,2,20050110-20050320\n" for n in range(1, 4))
INNER_LIST = "档号,顺序号,文号,责任者,题名,日期,页号\n" + "".join(
    f"Z109-WS·2005-Y-{n:03d}-{seq},{seq},,县人民政府,关于第{seq}件的通知,2005021{seq},{2 * seq - 1}-{2 * seq}\n"
    for n in range(1, 4) for seq in (1, 2))


def volume_run(tmp_path: Path, *faults: str, extra: tuple[str, ...] = (), **kw) -> tuple[subprocess.CompletedProcess, dict]:
    volumes, inner = tmp_path / "案卷目录.csv", tmp_path / "卷内目录.csv"
    volumes.write_text(VOLUME_LIST, encoding="utf-8")
    inner.write_text(INNER_LIST, encoding="utf-8")
    proc = run("catalog", str(volumes), str(inner), "-p", "fx_volume_faults", "--format", "json", "--fail-on", "never",
               "--as-of", "2026-12-01", *extra, faults=",".join((*faults, "passes")), **kw)
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        pytest.fail(f"no JSON report on stdout (exit {proc.returncode}):\n{proc.stdout[:500]}\n--- stderr\n{proc.stderr[-2000:]}")
    return proc, report


def assert_volume_error_named(report: dict, rule: str, *words: str) -> None:
    [unit] = report["units"]
    assert unit["name"] == "案卷目录.csv + 卷内目录.csv"
    entry = outcome(report, rule)
    assert entry["outcome"] == "error", entry
    reason = entry["reason"]["en"] + " " + entry["reason"]["zh"]
    for word in ("fx_volume_faults", rule, *words):
        assert word in reason, (word, reason)
    assert outcome(report, "ZVF010")["outcome"] == "pass", "the other plugin rule still ran"
    built_in = {o["rule"]: o["outcome"] for o in unit["outcomes"] if o["rule"].startswith("VOL")}
    assert built_in and "error" not in built_in.values(), built_in
    assert built_in["VOL009"] == "pass" and unit["stats"]["volumes"] == 3, "the VOL rules read the whole run"


def test_a_volume_rule_that_calls_os_exit_is_its_error_and_the_vol_rules_finish(tmp_path):
    for isolation in ("process", "inline"):
        proc, report = volume_run(tmp_path, "vol_os_exit", env={"ARCHCHECK_ISOLATION": isolation})
        assert proc.returncode == 0, isolation
        assert_volume_error_named(report, "ZVF001")


def test_a_segfault_in_a_volume_rule_is_that_rules_error(tmp_path):
    proc, report = volume_run(tmp_path, "vol_segfault")
    assert proc.returncode == 0
    assert_volume_error_named(report, "ZVF002", "SIGSEGV")


def test_a_volume_rule_hanging_in_c_is_killed_at_the_time_limit(tmp_path):
    started = time.monotonic()
    proc, report = volume_run(tmp_path, "vol_c_hang", extra=("--rule-timeout", "1"))
    assert proc.returncode == 0
    assert_volume_error_named(report, "ZVF003", "1 s")
    assert time.monotonic() - started < 30  # the call runs for minutes; killed, the run takes the limit, the grace and start-ups


def test_a_volume_rule_looping_in_python_is_stopped_by_the_time_limit(tmp_path):
    proc, report = volume_run(tmp_path, "vol_hang", extra=("--rule-timeout", "0.5"))
    assert proc.returncode == 0
    assert_volume_error_named(report, "ZVF004", "0.5")
