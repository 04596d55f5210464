"""What CI systems and terminal users expect of a linter's command line: a failing result is a red
build with one line saying why, typos in codes are refused, several reports from one pass, `-` for
standard input, colour only where it belongs, -q/-v/-V, and shell completion of the format names."""

import json
import os
import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archcheck.reporters.numbers import points
from archcheck.session import use_color
from conftest import COMPLIANT, POOR, ROOT

CATALOG = ROOT / "fixtures" / "catalog"
HOSTILE = CATALOG / "hostile.csv"  # scores 0 / 100: every CAT rule has something to say
GOOD = CATALOG / "catalog.jsonl"


# ---------------------------------------------------------------- the gate


def test_a_failing_unit_is_a_red_build_with_the_reason_on_stderr(cli):
    result = cli("check", POOR, "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["units"][0]["score"]["grade"]["zh"] == "不合格"
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("archcheck：门槛未通过（退出码 1）") and "不合格" in line and "--exit-zero" in line


def test_a_catalogue_graded_failing_exits_1_and_says_so_when_written_to_a_file(cli, tmp_path):
    report = tmp_path / "r.json"
    result = cli("catalog", HOSTILE, "--format", "json", "-o", report, "--lang", "en")
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads(report.read_text(encoding="utf-8"))["units"][0]["score"]["total"] < 60
    assert f"wrote the json report to {report}" in result.stderr
    assert "gate failed (exit 1)" in result.stderr and "graded" in result.stderr


def test_a_passing_result_exits_0_and_prints_no_gate_line(cli):
    for args in (("check", COMPLIANT), ("catalog", GOOD)):
        result = cli(*args, "--format", "json")
        assert result.exit_code == 0, result.stderr
        assert "门槛" not in result.stderr


@pytest.mark.parametrize("report_only", [["--exit-zero"], ["--fail-on", "never"]])
def test_report_only_runs_exit_0_with_the_same_report(cli, report_only):
    gated = cli("check", POOR, "--format", "json")
    reported = cli("check", POOR, "--format", "json", *report_only)
    assert gated.exit_code == 1 and reported.exit_code == 0
    assert reported.stdout == gated.stdout and "门槛" not in reported.stderr


def test_no_fail_on_grade_leaves_the_severity_gate(cli):
    # POOR has a failed 必达项 (critical) rule: the severity gate still fails it without the grade gate
    result = cli("check", POOR, "--no-fail-on-grade", "--lang", "en")
    assert result.exit_code == 1 and "graded" not in result.stderr and "at or above" in result.stderr
    catalogue = cli("catalog", HOSTILE, "--no-fail-on-grade")
    assert catalogue.exit_code == 0  # no CAT rule is critical


def test_fail_on_grade_from_the_config_file(cli, tmp_path):
    (tmp_path / "archcheck.toml").write_text("fail_on_grade = false\n", encoding="utf-8")
    copy = tmp_path / "hostile.csv"
    copy.write_bytes(HOSTILE.read_bytes())
    assert cli("catalog", copy).exit_code == 0
    assert cli("catalog", copy, "--fail-on-grade").exit_code == 1


def test_exit_zero_does_not_hide_input_errors(cli, tmp_path):
    broken = tmp_path / "u.json"
    broken.write_text("{", encoding="utf-8")
    assert cli("check", broken, "--exit-zero").exit_code == 2


# ---------------------------------------------------------------- codes


@pytest.mark.parametrize("option, code, hint", [
    ("--select", "FUNN002", "FUN002"),
    ("--ignore", "fun002x", "FUN002"),
    ("--select", "PROO", "PRO"),
])
def test_unknown_codes_are_refused_with_a_suggestion(cli, option, code, hint):
    result = cli("check", COMPLIANT, option, code, "--lang", "en")
    assert result.exit_code == 2, result.output
    assert code.upper() in result.stderr and f"did you mean {hint}" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_unknown_codes_in_the_config_file_name_the_file(cli, tmp_path):
    (tmp_path / "archcheck.toml").write_text('select = ["FUN", "XYZ9"]\n', encoding="utf-8")
    unit = tmp_path / "u.json"
    unit.write_bytes(COMPLIANT.read_bytes())
    result = cli("check", unit)
    assert result.exit_code == 2 and "XYZ9" in result.stderr and "archcheck.toml" in result.stderr


def test_known_prefixes_and_areas_still_select(cli):
    report = json.loads(cli("check", POOR, "--select", "fun", "--select", "PRO00", "--format", "json", "--exit-zero").stdout)
    ran = {o["rule"] for o in report["units"][0]["outcomes"] if o["outcome"] != "skipped"}
    assert ran and all(r.startswith(("FUN", "PRO00")) for r in ran)


# ---------------------------------------------------------------- several reports, one pass


def test_several_formats_in_one_pass_equal_separate_runs(cli, tmp_path):
    sarif, junit = tmp_path / "r.sarif", tmp_path / "junit.xml"
    both = cli("catalog", HOSTILE, "--format", f"sarif:{sarif}", "--format", f"junit:{junit}", "--format", "json",
               "--exit-zero")
    assert both.exit_code == 0
    for fmt, path in (("sarif", sarif), ("junit", junit)):
        alone = tmp_path / f"alone.{fmt}"
        assert cli("catalog", HOSTILE, "--format", fmt, "-o", alone, "--exit-zero").exit_code == 0
        assert path.read_bytes() == alone.read_bytes(), fmt
    assert both.stdout == cli("catalog", HOSTILE, "--format", "json", "--exit-zero").stdout


@pytest.mark.parametrize("args, words", [
    (["--format", "json", "--format", "sarif"], "only one format can go to standard output"),
    (["--format", "json:"], "a file name must follow the colon"),
    (["--format", "jsn"], "did you mean json"),
    (["--format", "json:a.json", "-o", "b.json"], "-o has no format left"),
])
def test_format_mistakes_are_input_errors_before_anything_runs(cli, tmp_path, args, words):
    result = cli("check", COMPLIANT, *args, "--lang", "en")
    assert result.exit_code == 2 and words in result.stderr and result.stdout == ""
    assert not (tmp_path / "a.json").exists()


# ---------------------------------------------------------------- standard input


def _run(*args, stdin: bytes, env=None):
    return subprocess.run([sys.executable, "-m", "archcheck", *args], input=stdin, capture_output=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_a_unit_on_standard_input_gives_the_report_of_the_file():
    piped = _run("check", "-", "--format", "json", stdin=POOR.read_bytes())
    named = _run("check", str(POOR), "--format", "json", stdin=b"")
    assert piped.returncode == named.returncode == 1
    a, b = json.loads(piped.stdout), json.loads(named.stdout)
    assert a["units"][0]["source"] == "-"
    assert [f["fingerprint"] for f in a["units"][0]["findings"]] == [f["fingerprint"] for f in b["units"][0]["findings"]]


def test_a_catalogue_on_standard_input_is_read_like_the_file():
    piped = _run("catalog", "-", "--format", "json", "--exit-zero", stdin=HOSTILE.read_bytes())
    named = _run("catalog", str(HOSTILE), "--format", "json", "--exit-zero", stdin=b"")
    assert piped.returncode == 0, piped.stderr.decode()
    a, b = json.loads(piped.stdout)["units"][0], json.loads(named.stdout)["units"][0]
    assert a["source"] == "-" and a["score"] == b["score"]
    assert [(f["rule"], f["location"].get("line")) for f in a["findings"]] == [
        (f["rule"], f["location"].get("line")) for f in b["findings"]]


def test_standard_input_with_nothing_piped_is_an_input_error():
    result = _run("check", "-", stdin=b"")
    assert result.returncode == 2 and b"Traceback" not in result.stderr


# ---------------------------------------------------------------- terminal conventions


ESC = "\x1b["


def test_colour_only_when_asked_or_on_a_terminal(cli):
    assert ESC in cli("check", POOR, "--color", "always").stdout
    assert ESC not in cli("check", POOR, "--color", "never").stdout
    assert ESC not in cli("check", POOR).stdout  # not a terminal
    for fmt in ("json", "sarif", "markdown"):
        assert ESC not in cli("check", POOR, "--format", fmt, "--color", "always").stdout


@pytest.mark.parametrize("env, terminal, expected", [
    ({}, True, True), ({}, False, False), ({"NO_COLOR": "1"}, True, False), ({"TERM": "dumb"}, True, False),
])
def test_auto_colour_follows_the_terminal_and_no_color(monkeypatch, env, terminal, expected):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert use_color("auto", terminal) is expected
    assert use_color("always", False) is True and use_color("never", True) is False


def test_quiet_prints_one_line_per_input_and_verbose_lists_the_passed_rules(cli):
    quiet = cli("check", POOR, COMPLIANT, "-q", "--exit-zero")
    lines = quiet.stdout.strip().splitlines()
    assert len(lines) == 2 and "poor.json" in lines[0] and "compliant.json" in lines[1]
    assert re.search(r"总分 [\d.]+ / 100 · 等级 \S+ · 问题 \d+ 处", lines[0])
    normal = cli("check", COMPLIANT).stdout
    verbose = cli("check", COMPLIANT, "-v").stdout
    assert "== 符合的规则 ==" in verbose and "== 符合的规则 ==" not in normal
    assert "FUN001" in verbose.split("== 符合的规则 ==")[1]


def test_quiet_suppresses_the_written_line_but_not_the_gate(cli, tmp_path):
    result = cli("catalog", HOSTILE, "--format", "json", "-o", tmp_path / "r.json", "-q")
    assert result.exit_code == 1 and "已写入" not in result.stderr and "门槛未通过" in result.stderr


def test_version_flag(cli):
    from archcheck import __version__

    for flag in ("-V", "--version"):
        result = cli(flag)
        assert result.exit_code == 0 and __version__ in result.stdout


def test_progress_line_shows_percentage_and_time_left(tmp_path):
    from archcheck.audit.catalog_files import _Progress

    class Screen(list):
        def write(self, text):
            self.append(text)

        def flush(self):
            pass

    screen = Screen()
    progress = _Progress("a.csv", 1000, screen)
    progress.follow(lambda: 250)
    assert progress.line(100, 3.0) == "a.csv: 100 行 / rows  25%  剩余约 / left ~9s"
    progress.follow(None)
    assert "%" not in progress.line(100, 3.0)
    progress.show(10)
    progress.done()
    assert screen[-1] == "\r\x1b[K"


def test_progress_is_forced_with_the_option_and_off_with_quiet(tmp_path):
    forced = _run("catalog", str(GOOD), "--format", "json", "-o", str(tmp_path / "r.json"), "--progress", stdin=b"")
    assert forced.returncode == 0 and "\x1b[K".encode() in forced.stderr
    quiet = _run("catalog", str(GOOD), "--format", "json", "-o", str(tmp_path / "q.json"), "-q", stdin=b"")
    assert quiet.returncode == 0 and quiet.stderr == b""


def test_shell_completion_lists_the_installed_formats():
    env = {"_ARCHCHECK_COMPLETE": "bash_complete", "COMP_WORDS": "archcheck check --format s", "COMP_CWORD": "3"}
    result = subprocess.run([sys.executable, "-c", "from archcheck.cli import main; main(prog_name='archcheck')"],
                            capture_output=True, text=True, timeout=60, env={**os.environ, **env})
    assert "plain,sarif" in result.stdout.split(), result.stdout + result.stderr
    env["COMP_WORDS"] = "archcheck check --format sarif:r"
    after = subprocess.run([sys.executable, "-c", "from archcheck.cli import main; main(prog_name='archcheck')"],
                           capture_output=True, text=True, timeout=60, env={**os.environ, **env})
    assert after.stdout.split() == ["file,r"]


# ---------------------------------------------------------------- points


@given(st.floats(min_value=0, max_value=1000, allow_nan=False))
def test_points_show_at_most_one_decimal_and_round_trip(value):
    shown = points(value)
    assert re.fullmatch(r"\d+(\.\d)?", shown)
    assert abs(float(shown) - value) <= 0.05 + 1e-9
