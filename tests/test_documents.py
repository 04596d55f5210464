"""The draft 自查报告 (Markdown, DOCX) and the 整改台账 (XLSX, CSV), as an archivist opens them."""

import copy
import csv
import datetime as dt
import html
import io
import json
import os
import pty
import re
import subprocess
import sys
import textwrap

import docx
import openpyxl
import yaml

from archcheck.reporters.draft import chinese_number
from archcheck.reporters.prose import prose, user_words
from conftest import POOR, SEED, load_fixture, plugins, write_unit

SEED_HEADINGS_ZH = ["一、基本情况", "二、自查情况", "三、存在问题及对策", "四、自查评分"]


def seed_findings(cli, *args):
    report = json.loads(cli("check", SEED, "--format", "json", "--fail-on", "never", *args).stdout)
    return report["units"][0]


def markdown_sections(text):
    """All headings in order, and {heading: body} for the first section under each heading text."""
    headings, bodies, current = [], {}, None
    for line in text.splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
            headings.append(heading)
            current = None if heading in bodies else heading
            if current is not None:
                bodies[current] = []
        elif current is not None:
            bodies[current].append(line)
    return headings, {k: "\n".join(v) for k, v in bodies.items()}


def test_markdown_draft_mirrors_seed_structure(cli):
    result = cli("check", SEED, "--format", "markdown", "--fail-on", "never")
    assert result.exit_code == 0
    headings, bodies = markdown_sections(result.output)
    assert headings[0] == "广西大明山国家级自然保护区管理局档案工作自查报告"
    assert [h for h in headings if h in SEED_HEADINGS_ZH] == SEED_HEADINGS_ZH
    assert "（一）经费与计划" in headings
    basic = bodies["一、基本情况"]
    for fact in ("武鸣县两江镇明山路1号", "34平方米", "1043卷", "9861件", "档案员2名"):
        assert fact in basic
    assert "9000元" in bodies["（一）经费与计划"]  # figures from the data, in the area's section


def shown(markdown: str) -> str:
    """What a Markdown renderer shows for escaped text: backslash escapes and entities resolved."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown))


def problem_rules(unit):
    """{rule id: (title, [finding messages], remedy)} for the rules a draft lists as problems."""
    out = {}
    for f in unit["findings"]:
        if f.get("waiver"):
            continue
        title, messages, remedy = out.setdefault(f["rule"], (plugins().rule(f["rule"]).title.zh, [], f["remedy"]["zh"]))
        messages.append(f["message"]["zh"])
    return out


def test_markdown_problems_list_every_problem_once_with_its_remedy(cli):
    unit = seed_findings(cli)
    text = cli("check", SEED, "--format", "markdown", "--fail-on", "never").output
    problems = text.split("## 三、存在问题及对策")[1].split("## 四、自查评分")[0]
    table_rows = [line for line in problems.splitlines() if line.startswith("| ") and not line.startswith("| 序号")]
    expected = problem_rules(unit)
    assert len(table_rows) == len(expected) > 0
    keep = user_words(load_fixture(SEED))
    cells = [r.split(" | ") for r in table_rows]
    assert [r.split(" | ")[0] for r in table_rows] == [f"| {n}" for n in range(1, len(table_rows) + 1)]
    for rule, (title, messages, remedy) in expected.items():
        row = next(c for c in cells if c[1].startswith(title + "："))
        assert all(prose(m, "zh", keep) in shown(row[1]) for m in messages)
        assert shown(row[2]) == prose(remedy, "zh", keep)
    assert f"共发现问题{len(expected)}项" in problems
    score = text.split("## 四、自查评分")[1]
    assert f"| 合计 | {unit['score']['total']:g} | 100 |" in score and unit["score"]["grade"]["zh"] in score


def test_draft_is_written_from_the_unit_not_canned(cli, tmp_path):
    unit = load_fixture(SEED)
    unit["holdings"] = {"volumes": 77, "items": 555}
    unit["unit"]["address"] = "某县某路8号"
    unit["rooms"] = [{"id": "s", "kind": "store", "area_m2": 40}]
    text = cli("check", write_unit(tmp_path, unit), "--format", "markdown", "--fail-on", "never").output
    assert "现藏档案77卷（册）、555件" in text and "某县某路8号" in text and "总面积40平方米" in text
    assert "1043" not in text and "明山路" not in text


def test_silent_description_says_so_instead_of_inventing(cli, tmp_path):
    unit = {"schema_version": "1", "as_of": "2025-06-30", "unit": {"name": "某乡档案室"}}
    text = cli("check", write_unit(tmp_path, unit), "--format", "markdown", "--fail-on", "never").output
    assert "馆藏档案数量：【待补充】" in text and "档案用房情况：【待补充】" in text


def test_english_draft(cli):
    text = cli("check", SEED, "--format", "markdown", "--lang", "en", "--fail-on", "never").output
    headings, _ = markdown_sections(text)
    assert headings[0].startswith("Archive self-inspection report")
    for h in ("1. Basic information", "2. Self-inspection", "3. Problems and remedies", "4. Score"):
        assert h in headings
    assert "archive-enforcement funding is not in the annual budget" in text and "1043 volumes" in text


PLUGIN = textwrap.dedent('''
    from archcheck.api import Basis, BasisKind, RuleSet, Severity, T, fail, hookimpl
    rules = RuleSet(area="GXL")
    @hookimpl
    def archcheck_areas():
        return {"GXL": T("广西特色", "Guangxi extras")}
    @hookimpl
    def archcheck_rules():
        return rules.all()
    @rules.rule(id="GXL001", title=T("有壮文档案目录", "Zhuang-language catalogue exists"), severity=Severity.MINOR, points=1,
                basis=Basis("桂档规", clause="第一条", kind=BasisKind.CONFIGURABLE), remedy=T("编制壮文目录。", "Compile it."),
                rationale=T("示例", "example"), example=T("-", "-"))
    def zhuang(unit, ctx):
        yield fail("/notes", T("缺少壮文档案目录", "no Zhuang-language catalogue"))
''')


def test_plugin_area_gets_its_own_sections(cli, tmp_path, monkeypatch):
    (tmp_path / "gxl_plugin.py").write_text(PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD", "1")  # only this plugin's area after the seed's, whatever else is installed
    text = cli("check", SEED, "-p", "gxl_plugin", "--format", "markdown", "--fail-on", "never").output
    headings, bodies = markdown_sections(text)
    check = headings[headings.index("二、自查情况") + 1: headings.index("三、存在问题及对策")]
    last = f"（{chinese_number(len(check))}）广西特色"
    assert check[0] == "（一）经费与计划" and check[-1] == last  # seed order first, plugin areas after
    assert [h[: h.index("）") + 1] for h in check] == [f"（{chinese_number(n)}）" for n in range(1, len(check) + 1)]
    assert "有壮文档案目录（缺少壮文档案目录）" in bodies[last] and "GXL001" not in bodies[last]
    problems = text.split("## 三、存在问题及对策")[1].split("## 四、自查评分")[0]
    sub_headings = [line for line in problems.splitlines() if line.startswith("### ")]
    assert sub_headings[-1].endswith("）广西特色") and "| 有壮文档案目录：缺少壮文档案目录 | 编制壮文目录。 |" in problems
    annex = text.split("## 附件")[1]
    assert "| 广西特色 | 有壮文档案目录 | GXL001 | 不符合 |" in annex
    assert "编制壮文目录。" in problems


def test_docx_draft_headings_and_problem_rows(cli, tmp_path):
    out = tmp_path / "draft.docx"
    assert cli("check", SEED, "--format", "docx", "-o", out, "--fail-on", "never").exit_code == 0
    document = docx.Document(str(out))
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert styled[0] == ("Title", "广西大明山国家级自然保护区管理局档案工作自查报告")
    assert [t for s, t in styled if s == "Heading 1"] == [*SEED_HEADINGS_ZH, "附件"]
    assert ("Heading 2", "（一）经费与计划") in styled
    unit = seed_findings(cli)
    findings_table = next(t for t in document.tables if t.rows[0].cells[0].text == "序号" and len(t.columns) == 4)
    rows = [[c.text for c in r.cells] for r in findings_table.rows]
    assert rows[0] == ["序号", "问题", "整改措施", "依据"]
    tables = [t for t in document.tables if [c.text for c in t.rows[0].cells] == rows[0]]
    found = [r.cells[1].text for t in tables for r in t.rows[1:]]
    titles = [title for title, _, _ in problem_rules(unit).values()]
    assert len(found) == len(titles) and all(any(f.startswith(t + "：") for f in found) for t in titles)
    body = "\n".join(p.text for p in document.paragraphs)
    assert "现藏档案1043卷（册）、9861件。" in body


def test_binary_format_to_a_pipe_writes_bytes():
    proc = subprocess.run([sys.executable, "-m", "archcheck", "check", str(SEED), "--format", "docx", "--fail-on", "never"],
                          capture_output=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout[:2] == b"PK"
    assert docx.Document(io.BytesIO(proc.stdout)).paragraphs


def test_binary_format_refused_on_a_terminal():
    leader, follower = pty.openpty()
    proc = subprocess.run([sys.executable, "-m", "archcheck", "check", str(SEED), "--format", "ledger", "--fail-on", "never"],
                          stdout=follower, stderr=subprocess.PIPE, timeout=120)
    os.close(follower)
    os.close(leader)
    assert proc.returncode == 2
    assert "--output" in proc.stderr.decode() and "二进制" in proc.stderr.decode()


def _due(as_of, days):
    return (dt.date.fromisoformat(as_of) + dt.timedelta(days=days)).isoformat()


def test_ledger_xlsx_one_row_per_finding(cli, tmp_path):
    out = tmp_path / "ledger.xlsx"
    assert cli("check", POOR, "--format", "ledger", "-o", out, "--fail-on", "never").exit_code == 0
    report = json.loads(cli("check", POOR, "--format", "json", "--fail-on", "never").stdout)["units"][0]
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    keep = user_words(load_fixture(POOR))
    assert rows[1] == ("序号", "规则", "问题", "依据", "整改措施", "责任部门", "整改时限", "状态")
    assert len(rows) - 2 == len(report["findings"]) > 0
    days = {"critical": 15, "major": 30, "minor": 60, "info": 90}
    for n, (row, finding) in enumerate(zip(rows[2:], report["findings"]), start=1):
        assert row[0] == n and row[2] == prose(finding["message"]["zh"], "zh", keep) and row[4] == prose(finding["remedy"]["zh"], "zh", keep)
        assert row[6] == _due(report["as_of"], days[finding["severity"]]) and row[7] == "未整改"
        assert row[5] == ("财务部门" if finding["area"] == "FUN" else row[5])


def test_ledger_csv_and_config(cli, tmp_path):
    config = tmp_path / "report.toml"
    config.write_text('[ledger.departments]\nFUN = "综合办公室"\n[ledger.deadline_days]\nmajor = 7\n', encoding="utf-8")
    out = tmp_path / "ledger.csv"
    assert cli("check", SEED, "--format", "ledger", "-o", out, "--report-config", config, "--fail-on", "never").exit_code == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    unit = seed_findings(cli)
    assert rows[0][:3] == ["序号", "规则", "问题"] and len(rows) - 1 == len(unit["findings"])
    keep = user_words(load_fixture(SEED))
    assert sorted(row[2] for row in rows[1:]) == sorted(prose(f["message"]["zh"], "zh", keep) for f in unit["findings"])
    by_key = {(f["rule"], prose(f["message"]["zh"], "zh", keep)): f for f in unit["findings"]}
    for row in rows[1:]:
        finding = by_key[(row[1].split()[0], row[2])]
        assert (row[5] == "综合办公室") == (finding["area"] == "FUN")
        if finding["severity"] == "major":
            assert row[6] == _due(unit["as_of"], 7)
    assert any(row[1].startswith("FUN") for row in rows[1:])


def test_bad_report_config_is_an_input_error(cli, tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("[ledger\n", encoding="utf-8")
    result = cli("check", SEED, "--format", "ledger", "-o", tmp_path / "x.csv", "--report-config", config)
    assert result.exit_code == 2 and str(config) in result.stderr and "Traceback" not in result.stderr


def test_catalogue_report_draft_says_what_it_rests_on(cli):
    from conftest import ROOT

    export = ROOT / "fixtures" / "catalog" / "catalog-gb18030.csv"
    report = json.loads(cli("catalog", export, "--format", "json", "--fail-on", "never").stdout)["units"][0]
    text = cli("catalog", export, "--format", "markdown", "--fail-on", "never").stdout
    basic = text.split("## 一、基本情况")[1].split("## 二、自查情况")[0]
    assert "未附单位描述" in basic and f"records: {report['stats']['records']}" in basic
    assert all(prose(f["message"]["zh"]) in text for f in report["findings"])
