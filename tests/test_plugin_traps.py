"""The traps a plugin author fell into (issue: a province's rules as a plugin), each shown fixed.

- a misspelt hook or one without @hookimpl no longer leaves a plugin "loaded" with 0 rules in silence;
- a plain string where a text is expected reads the same in both languages, in every report;
- every other wrong field is refused when the plugin loads, naming plugin, rule and field — never an
  internal error at report time;
- hooks that return the wrong type are load problems naming plugin and hook;
- a selection shows only the selected areas (the rest is one line).
"""

from __future__ import annotations

import json
import textwrap

import pytest

from archcheck.model import RuleDefinitionError
from conftest import SEED

NEVER = ("--fail-on", "never")


@pytest.fixture
def plugin_module(tmp_path, monkeypatch):
    """Write a plugin module into tmp_path (on sys.path) and return its name."""
    monkeypatch.syspath_prepend(str(tmp_path))

    def write(name: str, body: str) -> str:
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(body), encoding="utf-8")
        return name

    return write


HEADER = """\
    from archcheck.api import Basis, BasisKind, RecordCheck, RuleSet, Severity, T, fail, hookimpl
    rules = RuleSet(area="ZTR")

    @hookimpl
    def archcheck_rules():
        return rules.all()

"""


def rule_module(**fields: str) -> str:
    """A plugin with one rule ZTR001 whose metadata is the good one with `fields` replaced (source text)."""
    metadata = {
        "id": '"ZTR001"', "title": 'T("标题", "title")', "severity": "Severity.MINOR", "points": "1",
        "basis": 'Basis("《某地档案工作细则》", clause="第一条")', "remedy": 'T("整改", "fix")',
        "rationale": 'T("原因", "why")', "example": 'T("unit: {name: 某局}", "unit: {name: X}")',
    }
    metadata.update(fields)
    keywords = ", ".join(f"{k}={v}" for k, v in metadata.items() if v is not None)
    return HEADER + f"""\
    @rules.rule({keywords})
    def check(unit, ctx):
        yield fail("/unit", "单位名称不规范")
"""


# ---- hooks: misspelt, unmarked, wrong return types ------------------------------------------------

def test_a_misspelt_hook_fails_registration_naming_the_hook(archcheck_run, plugin_module):
    name = plugin_module("zt_misspelt", HEADER.replace("def archcheck_rules", "def archcheck_rule"))
    listing = archcheck_run("plugins", plugins=[name]).report
    entry = next(p for p in listing["plugins"] if p["name"] == name)
    assert entry["status"] == "failed" and "archcheck_rule" in entry["note"]["en"]
    result = archcheck_run("check", SEED, *NEVER, plugins=[name])
    assert result.exit_code == 3 and "archcheck_rule" in result.stderr and "Traceback" not in result.stderr


def test_a_hook_without_hookimpl_is_named_not_silently_ignored(archcheck_run, plugin_module):
    name = plugin_module("zt_unmarked", HEADER.replace("    @hookimpl\n", ""))
    listing = archcheck_run("plugins", plugins=[name])
    entry = next(p for p in listing.report["plugins"] if p["name"] == name)
    assert entry["rules"] == 0
    problems = " ".join(e["en"] for e in listing.report["load_errors"])
    assert f"plugin {name}: archcheck_rules is named like a hook but lacks @hookimpl" in problems
    table = archcheck_run("plugins", "--format", "table", plugins=[name]).stdout
    assert "archcheck_rules" in table and "@hookimpl" in table
    checked = archcheck_run("check", SEED, *NEVER, plugins=[name])
    assert "lacks @hookimpl" in " ".join(e["en"] for e in checked.report["load_errors"])


@pytest.mark.parametrize("hook, value, words", [
    ("archcheck_rules", "{'ZTR001': None}", ["archcheck_rules() must return a list of Rule objects, not dict"]),
    ("archcheck_rules", "['ZTR001']", ["must return Rule objects, not str"]),
    ("archcheck_areas", "['ZTR']", ["archcheck_areas()", "expected a dict, got list"]),
    ("archcheck_areas", "{'ztr': 'lower-case code'}", ["archcheck_areas()", "'ztr'"]),
    ("archcheck_profiles", "{'zt': ['not', 'a', 'profile']}", ["archcheck_profiles()", "'zt'"]),
    ("archcheck_reporters", "{'zt': 'not callable'}", ["archcheck_reporters()", "'zt'"]),
    ("archcheck_unit_schema", "['not a mapping']", ["archcheck_unit_schema()", "expected a dict"]),
])
def test_a_hook_returning_the_wrong_type_is_a_load_problem_naming_plugin_and_hook(archcheck_run, plugin_module, hook, value, words):
    name = plugin_module(f"zt_bad_{hook}_{abs(hash(value)) % 10**6}", f"""\
        from archcheck.api import hookimpl

        @hookimpl
        def {hook}():
            return {value}
    """)
    listing = archcheck_run("plugins", plugins=[name]).report
    entry = next(p for p in listing["plugins"] if p["name"] == name)
    assert entry["status"] == "failed"
    for word in (name, *words):
        assert word in entry["note"]["en"], (word, entry["note"])
    result = archcheck_run("check", SEED, *NEVER, plugins=[name])
    assert result.exit_code == 3 and name in result.stderr and "Traceback" not in result.stderr


# ---- rule fields: a plain string is zh = en everywhere ------------------------------------------------

PLAIN = {"title": '"单位名称规范"', "remedy": '"按规范填写单位全称"', "rationale": '"地方细则要求"', "example": '"unit: {name: 某局}"'}


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "html", "sarif", "junit", "gitlab", "docx", "ledger"])
def test_plain_string_texts_are_read_as_both_languages_in_every_report(archcheck_run, plugin_module, tmp_path, fmt):
    name = plugin_module("zt_plain", rule_module(**PLAIN))
    out = tmp_path / f"report.{fmt}"
    for lang in ("zh", "en"):
        result = archcheck_run("check", SEED, *NEVER, "--format", fmt, "-o", out, "--lang", lang, plugins=[name])
        assert result.exit_code == 0, result.stderr
        assert "AttributeError" not in result.stderr and "内部错误" not in result.stderr
        assert out.stat().st_size > 0
    report = archcheck_run("check", SEED, *NEVER, plugins=[name]).report
    finding = next(f for f in report["units"][0]["findings"] if f["rule"] == "ZTR001")
    assert finding["remedy"] == {"zh": "按规范填写单位全称", "en": "按规范填写单位全称"}
    assert finding["message"] == {"zh": "单位名称不规范", "en": "单位名称不规范"}


def test_plain_string_texts_in_explain_and_rules(archcheck_run, plugin_module):
    name = plugin_module("zt_plain_explain", rule_module(**PLAIN))
    explained = archcheck_run("explain", "ZTR001", "--lang", "en", plugins=[name])
    assert explained.exit_code == 0 and "按规范填写单位全称" in explained.stdout and "unit: {name: 某局}" in explained.stdout
    rules = archcheck_run("rules", plugins=[name]).report
    assert next(r for r in rules if r["id"] == "ZTR001")["remedy"] == {"zh": "按规范填写单位全称", "en": "按规范填写单位全称"}


# ---- rule fields: every other wrong value is refused at load, naming plugin, rule and field -----------------

WRONG = [
    # (field, source text of the value, what the message says)
    ("title", '{"zh": "标题"}', "title must be archcheck.api.T(zh, en) or a string, not dict"),
    ("remedy", "42", "remedy must be archcheck.api.T(zh, en) or a string, not int"),
    ("rationale", '["原因"]', "rationale must be archcheck.api.T(zh, en) or a string, not list"),
    ("example", "None", "example must be archcheck.api.T(zh, en) or a string, not NoneType"),
    ("violation", "42", "violation must be archcheck.api.T(zh, en) or a string, not int"),
    ("title", 'T("标题", None)', "title must be archcheck.api.T(zh, en) or a string, not Text"),
    ("severity", '"minor"', "severity must be an archcheck.api.Severity such as Severity.MINOR, not str"),
    ("basis", '"《档案法》第五条"', "basis must be an archcheck.api.Basis, not str"),
    ("basis", 'Basis("《某地细则》", kind="direct")', "basis.kind must be an archcheck.api.BasisKind such as BasisKind.DIRECT, not str"),
    ("points", '"2"', "points must be a number, not str"),
    ("points", "-1", "points must not be negative"),
    ("params", '["min_level"]', "params must be a dict with string keys, not list"),
    ("applies_if", '"广西"', "applies_if must be a function or None, not str"),
    ("target", '"catalogue"', "target must be one of 'unit', 'catalog', 'volumes', 'link', not 'catalogue'"),
    ("id", '"ZTR01"', "id must be the area code followed by 3 digits, such as GXA001, not 'ZTR01'"),
    ("area", '"GXA"', "area must be a code of 2-8 capitals and digits that starts the rule id, not 'GXA'"),
    ("severity", "Severity.MAJOR", "severity must not be major: a configurable basis allows at most minor"),
]


@pytest.mark.parametrize("field, value, message", WRONG, ids=[f"{w[0]}-{i}" for i, w in enumerate(WRONG)])
def test_a_wrong_field_is_refused_at_load_naming_plugin_rule_and_field(archcheck_run, plugin_module, field, value, message):
    fields = {field: value}
    if "configurable" in message:
        fields["basis"] = 'Basis("《某地细则》", kind=BasisKind.CONFIGURABLE)'
    name = plugin_module(f"zt_wrong_{field}_{abs(hash(value)) % 10**6}", rule_module(**fields))
    rule_id = "ZTR01" if field == "id" else "ZTR001"
    listing = archcheck_run("plugins", plugins=[name]).report
    entry = next(p for p in listing["plugins"] if p["name"] == name)
    assert entry["status"] == "failed"
    assert entry["note"]["en"] == f"plugin {name} ({name}) not loaded: rule {rule_id}: {message}"
    assert f"插件 {name}（{name}）未加载：规则 {rule_id} 的 " in entry["note"]["zh"]
    result = archcheck_run("check", SEED, *NEVER, plugins=[name])
    assert result.exit_code == 3 and "Traceback" not in result.stderr
    assert name in result.stderr and rule_id in result.stderr and field.split(".")[0] in result.stderr


def test_a_misspelt_keyword_is_named_with_a_suggestion(archcheck_run, plugin_module):
    source = rule_module().replace("remedy=", "remdy=")
    name = plugin_module("zt_misspelt_keyword", source)
    entry = next(p for p in archcheck_run("plugins", plugins=[name]).report["plugins"] if p["name"] == name)
    assert "rule ZTR001: remdy is not a rule field (did you mean remedy?)" in entry["note"]["en"]


def test_a_missing_keyword_is_named(archcheck_run, plugin_module):
    name = plugin_module("zt_missing_keyword", rule_module(rationale=None))
    entry = next(p for p in archcheck_run("plugins", plugins=[name]).report["plugins"] if p["name"] == name)
    assert "rule ZTR001: rationale is missing" in entry["note"]["en"]


def test_a_record_check_without_the_catalogue_target_is_named(archcheck_run, plugin_module):
    source = HEADER + """\
    @rules.rule(id="ZTR002", title="题名", severity=Severity.MINOR, points=1, basis=Basis("《某地细则》"),
                remedy="改", rationale="因", example="题名不超过 50 字")
    class Titles(RecordCheck):
        pass
"""
    name = plugin_module("zt_record_unit", source)
    entry = next(p for p in archcheck_run("plugins", plugins=[name]).report["plugins"] if p["name"] == name)
    assert 'rule ZTR002: target the check is a RecordCheck (a catalogue rule): add target="catalog"' in entry["note"]["en"]


def test_a_rule_made_inside_the_hook_is_named_too(archcheck_run, plugin_module):
    name = plugin_module("zt_lazy_rule", """\
        from archcheck.api import Basis, Rule, Severity, hookimpl

        @hookimpl
        def archcheck_rules():
            return [Rule(id="ZTR003", area="ZTR", title="t", severity="major", points=1, basis=Basis("d"),
                         remedy="r", rationale="r", example="e", check=lambda unit, ctx: ())]
    """)
    entry = next(p for p in archcheck_run("plugins", plugins=[name]).report["plugins"] if p["name"] == name)
    assert entry["status"] == "failed"
    assert entry["note"]["en"] == (f"plugin {name} (archcheck_rules()) not loaded: rule ZTR003: "
                                   "severity must be an archcheck.api.Severity such as Severity.MINOR, not str")


def test_a_rule_definition_error_is_still_a_type_error():
    """Code that caught the constructor's TypeError or ValueError keeps working."""
    assert issubclass(RuleDefinitionError, TypeError) and issubclass(RuleDefinitionError, ValueError)


# ---- a selection shows only what it selected ---------------------------------------------------------

def test_a_selection_shows_only_the_selected_areas(archcheck_run, plugin_module):
    name = plugin_module("zt_selected", rule_module())
    result = archcheck_run("check", SEED, "--select", "ZTR", "--format", "table", *NEVER, plugins=[name])
    assert result.exit_code == 0, result.stderr
    total = len(archcheck_run("check", SEED, *NEVER, plugins=[name]).unit()["outcomes"])
    table = result.stdout.split("== ")[0]
    rows = [line for line in table.splitlines() if line[:3].isupper() and line[3:4] == " "]
    assert [r.split()[0] for r in rows] == ["ZTR"]
    assert f"其余 {total - 1} 项未选择（--select/--ignore）" in result.stdout
    assert "未选择此规则" not in result.stdout  # no line per unselected rule
    english = archcheck_run("check", SEED, "--select", "ZTR", "--format", "table", "--lang", "en", *NEVER, plugins=[name])
    assert f"{total - 1} more not selected (--select/--ignore)" in english.stdout


def test_without_a_selection_there_is_no_such_line(archcheck_run):
    result = archcheck_run("check", SEED, "--format", "table", *NEVER)
    assert "未选择" not in result.stdout
    rows = [line for line in result.stdout.split("== ")[0].splitlines() if line[:3].isupper() and line[3:4] == " "]
    assert len(rows) == 12


def test_ignored_rules_are_counted_and_not_applicable_ones_still_listed(archcheck_run):
    result = archcheck_run("check", SEED, "--ignore", "FUN001", "--ignore", "ORG", "--format", "table", *NEVER)
    ignored = 1 + len([o for o in archcheck_run("check", SEED, *NEVER).unit()["outcomes"] if o["rule"].startswith("ORG")])
    assert f"其余 {ignored} 项未选择" in result.stdout
    assert "ORG 组织领导" not in result.stdout.split("== ")[0]
    report = archcheck_run("check", SEED, "--ignore", "ORG", *NEVER).report
    for entry in report["units"][0]["outcomes"]:  # the JSON report still has every rule, with its outcome
        if entry["rule"].startswith("ORG"):
            assert entry["outcome"] == "skipped"
    assert json.dumps(report)
