"""Every report format carries the volume-catalogue findings of a two-file run: each finding with its
own file, line and rule, and the schema / structure each format's consumer relies on."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
import zipfile

import pytest
from jsonschema import Draft202012Validator

from archcheck.schemas import schema
from conftest import ROOT

FIXTURES = ROOT / "fixtures" / "catalog" / "volumes"
PAIR = ("ajml-pinyin-gb18030.csv", "jnml-pinyin-gb18030.csv")
#: (rule, file, line, a word of its message) of the pair's expected findings
EXPECTED = [("VOL005", "ajml-pinyin-gb18030.csv", 5, "J027-2"), ("VOL011", "ajml-pinyin-gb18030.csv", 7, "J027-2-7"),
            ("VOL007", "jnml-pinyin-gb18030.csv", 6, "J027-2-2"), ("VOL010", "jnml-pinyin-gb18030.csv", 8, "J027-2-9"),
            ("VOL013", "jnml-pinyin-gb18030.csv", 12, "J027-2-6")]


@pytest.fixture
def render(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(FIXTURES)

    def run(fmt: str, *extra: str):
        out = tmp_path / f"report.{fmt}"
        result = cli("catalog", *PAIR, "--format", fmt, "-o", out, "--as-of", "2026-12-01", "--fail-on", "never", *extra)
        assert result.exit_code == 0, result.output
        return out

    return run


def test_json_validates_and_places_each_finding_in_its_file(render):
    report = json.loads(render("json").read_text(encoding="utf-8"))
    assert not [e.message for e in Draft202012Validator(schema("report")).iter_errors(report)]
    unit = report["units"][0]
    got = sorted((f["rule"], f["location"]["file"], f["location"]["line"]) for f in unit["findings"])
    assert got == sorted(e[:3] for e in EXPECTED)
    assert unit["stats"]["files"] == list(PAIR) and unit["stats"]["volumes"] == 6
    assert unit["score"]["areas"] == {"VOL": {"score": unit["score"]["total"], "max": 100.0}}  # scored as its own area


def test_the_table_lists_every_finding_with_its_place(render):
    text = render("table").read_text(encoding="utf-8")
    assert text.startswith("案卷目录与卷内文件目录检查结果：ajml-pinyin-gb18030.csv + jnml-pinyin-gb18030.csv")
    for rule, file, line, word in EXPECTED:
        assert f"{file}:{line}" in text and rule in text and word in text
    area_row = next(line for line in text.splitlines() if line.startswith("VOL "))
    assert area_row.split()[2:4] != ["-", "-"], area_row  # the area's score and maximum are shown


def test_sarif_has_one_result_per_finding_on_its_own_file_and_the_catalogue_category(render):
    sarif = json.loads(render("sarif").read_text(encoding="utf-8"))
    run = sarif["runs"][0]
    results = [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"] if r["ruleId"].startswith("VOL")]
    assert sorted(results) == sorted(e[:3] for e in EXPECTED)
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {e[0] for e in EXPECTED}
    assert run["automationDetails"]["id"].startswith("archcheck/catalog/")


def test_junit_fails_the_rules_with_findings(render):
    root = ET.parse(render("junit")).getroot()
    cases = {case.get("name", ""): case for case in root.iter("testcase")}
    failed = {name.split()[0] for name, case in cases.items() if case.find("failure") is not None}
    assert failed == {e[0] for e in EXPECTED}
    text = ET.tostring(root, encoding="unicode")
    for _, file, line, word in EXPECTED:
        assert word in text and f"{file}:{line}" in text


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_drafts_carry_each_finding(render, fmt):
    text = render(fmt).read_text(encoding="utf-8")
    for rule, _, _, word in EXPECTED:
        assert rule in text and word in text, (fmt, rule)


def test_the_docx_draft_carries_each_finding(render):
    with zipfile.ZipFile(render("docx")) as book:
        text = book.read("word/document.xml").decode("utf-8")
    for rule, _, _, word in EXPECTED:
        assert rule in text and word in text, rule


def test_the_ledger_has_a_row_per_finding(render):
    with zipfile.ZipFile(render("ledger")) as book:
        names = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        text = "".join(book.read(n).decode("utf-8") for n in names)
        if "xl/sharedStrings.xml" in book.namelist():
            text += book.read("xl/sharedStrings.xml").decode("utf-8")
    for rule, _, _, word in EXPECTED:
        assert rule in text and word in text, rule
