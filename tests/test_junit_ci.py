"""JUnit as Jenkins (xUnit plugin) and GitLab read it: valid against the plugin's schema, and every input's
results kept (a test is identified by classname and name)."""

from __future__ import annotations

import hashlib
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from conftest import COMPLIANT, POOR, ROOT, SEED, make_unit, write_unit

XSD_PATH = Path(__file__).parent / "data" / "jenkins-xunit-junit-10.xsd"
XSD = etree.XMLSchema(etree.parse(str(XSD_PATH)))
CATALOG = ROOT / "fixtures" / "catalog" / "catalog-utf8-bom.csv"
NEVER = ("--fail-on", "never")


def assert_valid_junit(text: str) -> ET.Element:
    document = etree.fromstring(text.encode("utf-8"))
    assert XSD.validate(document), [str(e) for e in XSD.error_log][:5]
    return ET.fromstring(text.encode("utf-8"))


def test_vendored_xsd_is_the_plugins_junit_10_schema():
    assert hashlib.sha256(XSD_PATH.read_bytes()).hexdigest() == "a1a816f58d1bf95ebabf371994df0b9246dee66ea9572fbec4f9296f1b2c0ff6"


@pytest.mark.parametrize("bad", [
    '<testsuites skipped="1"><testsuite name="a" tests="1" failures="0" errors="0"/></testsuites>',
    '<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><testcase name="t" file="a.yaml"/></testsuite></testsuites>',
    '<testsuites><testsuite name="a" tests="1" failures="0"/></testsuites>',
])
def test_the_schema_rejects_what_the_plugin_would_skip(bad):
    assert not XSD.validate(etree.fromstring(bad.encode()))


@pytest.mark.parametrize("args", [
    ("check", SEED),
    ("check", SEED, POOR, COMPLIANT),
    ("catalog", CATALOG),
    ("check", SEED, "--lang", "en"),
])
def test_junit_is_valid_for_the_jenkins_xunit_plugin(cli, args):
    result = cli(*args, "--format", "junit", *NEVER)
    assert result.exit_code == 0, result.stderr
    root = assert_valid_junit(result.output)
    assert root.get("skipped") is None and root.findall("testsuite")


def test_junit_with_waivers_errors_and_control_characters_is_valid(cli, tmp_path):
    unit = write_unit(tmp_path, make_unit(funding={"years": [{"year": 2025, "in_budget": False}]},
                                          unit={"name": "测试\x01单位"}))
    waivers = tmp_path / "w.toml"
    waivers.write_text('[[waivers]]\nrule = "FUN002"\nreason = "预算调整中"\n', encoding="utf-8")
    result = cli("check", unit, "--format", "junit", "--waivers", waivers, "--ignore", "FUN001", *NEVER)
    assert result.exit_code == 0, result.stderr
    root = assert_valid_junit(result.output)
    assert root.find("testsuite").get("name") == "测试单位"  # the XML sanitiser drops what XML 1.0 cannot carry
    assert root.find(".//testcase[@name]/skipped") is not None


def test_every_input_keeps_its_own_test_cases_even_with_the_same_unit_name(cli, tmp_path):
    """Two files describing units of the same name (two years' descriptions of one office)."""
    (tmp_path / "2024").mkdir()
    (tmp_path / "2025").mkdir()
    first, second = tmp_path / "2024" / "unit.yaml", tmp_path / "2025" / "unit.yaml"
    shutil.copy(SEED, first)
    shutil.copy(SEED, second)
    result = cli("check", first, second, POOR, "--format", "junit", *NEVER)
    root = assert_valid_junit(result.output)
    cases = [(c.get("classname"), c.get("name")) for c in root.iter("testcase")]
    assert len(cases) == int(root.get("tests")) and len(set(cases)) == len(cases)
    suites = root.findall("testsuite")
    assert [s.get("file") for s in suites] == [str(first), str(second), str(POOR)]
    for suite in suites:
        assert {c.get("classname").rsplit(".", 1)[0] for c in suite.iter("testcase")} == {suite.get("file")}
    areas = Counter(c.get("classname").rsplit(".", 1)[1] for c in suites[0].iter("testcase"))
    assert areas["FUN"] == 5 and areas["REG"] == 3


def test_totals_on_testsuites_add_up(cli):
    root = assert_valid_junit(cli("check", SEED, POOR, "--format", "junit", *NEVER).output)
    for key in ("tests", "failures", "errors"):
        assert int(root.get(key)) == sum(int(s.get(key)) for s in root.findall("testsuite"))
