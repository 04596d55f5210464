"""The law in force on `as_of`: one funnel in the engine decides, before a rule runs, which document its
duty rests on for the audit date — its own, a predecessor that imposed the same duty then, or none
(not applicable, naming the document and the day it took effect)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archcheck.api import Basis, BasisKind, RuleSet, Severity, T, fail
from archcheck.checkers import sources
from archcheck.engine import Context, evaluate, run_rules
from archcheck.model import Outcome
from conftest import COMPLIANT, SEED, load_fixture, make_unit, plugins, run_rule
from schema_strategy import generated_units

OLD = Basis("《旧办法》", "第1号", "第三条", BasisKind.DIRECT, "旧", in_force=dt.date(1990, 1, 1), until=dt.date(2010, 1, 1))
NEW = Basis("《新规定》", "第2号", "第五条", BasisKind.DIRECT, "新", in_force=dt.date(2010, 1, 1), earlier=OLD)


def a_rule(basis: Basis):
    rules = RuleSet(area="TST")

    @rules.rule(id="TST001", title=T("测试", "test"), severity=Severity.MAJOR, points=1, basis=basis,
                remedy=T("改", "fix"), rationale=T("因", "why"), example=T("a: 1", "a: 1"))
    def check(unit, ctx):
        yield fail("/x", T("有问题", "a problem"), since=str(ctx.since()))

    return rules.all()[0]


def outcome_on(basis: Basis, day: str):
    rule = a_rule(basis)
    return evaluate(rule, make_unit(), Context(as_of=dt.date.fromisoformat(day)))


def test_a_rule_cites_its_own_basis_once_in_force():
    result = outcome_on(NEW, "2015-06-30")
    assert result.outcome is Outcome.FAIL and result.basis is NEW
    assert result.findings[0].evidence["since"] == "2010-01-01"  # the rule sees the in-force date of the duty it checks


def test_before_that_it_cites_the_predecessor_in_force_then():
    result = outcome_on(NEW, "2005-06-30")
    assert result.outcome is Outcome.FAIL and result.basis is OLD
    assert result.findings[0].evidence["since"] == "1990-01-01"


def test_before_any_document_of_the_chain_the_rule_is_not_applicable_naming_the_first():
    result = outcome_on(NEW, "1985-06-30")
    assert result.outcome is Outcome.NOT_APPLICABLE and not result.findings
    assert "《旧办法》（第1号）自 1990-01-01 起施行" in result.reason.zh and "1985-06-30" in result.reason.zh
    assert "took effect on 1990-01-01" in result.reason.en


def test_without_a_predecessor_the_rule_is_not_applicable_before_its_document():
    alone = Basis("《新规定》", "第2号", "第五条", BasisKind.DIRECT, in_force=dt.date(2010, 1, 1))
    assert outcome_on(alone, "2009-12-31").outcome is Outcome.NOT_APPLICABLE
    assert outcome_on(alone, "2010-01-01").outcome is Outcome.FAIL


def test_an_unknown_date_never_makes_a_rule_not_applicable():
    undated = Basis("《某规定》", clause="第一条")
    assert outcome_on(undated, "1950-01-01").outcome is Outcome.FAIL
    gap = Basis("《新规定》", in_force=dt.date(2010, 1, 1), earlier=Basis("《条例》", until=dt.date(2005, 1, 1)))
    assert outcome_on(gap, "1960-01-01").basis.document == "《条例》"  # an undated predecessor covers the early years
    assert outcome_on(gap, "2007-01-01").outcome is Outcome.NOT_APPLICABLE  # …but not after it was replaced


def test_an_earlier_basis_must_allow_the_rules_severity():
    weak = Basis("《新规定》", in_force=dt.date(2010, 1, 1), earlier=Basis("《旧》", kind=BasisKind.CONFIGURABLE))
    with pytest.raises(ValueError, match="configurable"):
        a_rule(weak)


# ---------------------------------------------------------------- the built-in rules

BUILTIN = [r for r in plugins().rules_for("unit") if getattr(r.check, "__module__", "").startswith("archcheck.checkers.")]  # the core's own, not installed packs


#: the one hole in a chain the sources leave: the 1990 实施办法's transfer article is unconfirmed
KNOWN_GAPS = {"FIL007": (dt.date(1990, 11, 19), dt.date(1999, 6, 7))}


def test_every_basis_of_every_chain_is_older_than_the_one_it_precedes():
    for rule in BUILTIN:
        chain = list(rule.basis.chain())
        for newer, older in zip(chain, chain[1:]):
            if newer.in_force and older.in_force:
                assert older.in_force < newer.in_force, rule.id
            if older.until and newer.in_force and older.until < newer.in_force:
                assert KNOWN_GAPS.get(rule.id) == (older.until, newer.in_force), rule.id  # no hole but the documented one


def test_in_the_known_gap_the_transfer_period_is_not_applied():
    unit = make_unit(as_of="1995-06-30", unit={"name": "某县政府", "kind": "agency", "receiving_archive_level": "county"},
                     holdings={"by_year": [{"year": 1975, "volumes": 40}]}, filing={"archive_transfers": []})
    assert run_rule("FIL007", unit).outcome is Outcome.NOT_APPLICABLE
    unit["as_of"] = "1989-06-30"
    early = run_rule("FIL007", unit)  # the 1983 条例's ~10 years for a county archive
    assert early.outcome is Outcome.FAIL and early.basis.document == "《机关档案工作条例》"
    unit["as_of"] = "2001-06-30"
    assert run_rule("FIL007", unit).basis.clause == "第十三条第二款"


def test_the_2020_law_is_not_applied_to_2019_and_the_seed_no_longer_cites_laws_that_did_not_exist():
    seed = load_fixture(SEED)
    results = run_rules(plugins().rules_for("unit"), seed, Context(as_of=dt.date(2019, 7, 1), base_dir=SEED.parent))
    later = [(r.rule.id, r.basis.cite()) for r in results if r.outcome in (Outcome.PASS, Outcome.FAIL, Outcome.NO_EVIDENCE)
             and r.basis.in_force and r.basis.in_force > dt.date(2019, 7, 1)]
    assert later == []
    cited = {r.basis.document for r in results if r.outcome is Outcome.FAIL}
    assert "《中华人民共和国档案法》" not in cited and "《中华人民共和国档案法实施条例》" not in cited


def test_13号令_is_not_applied_to_2018():
    unit = load_fixture(COMPLIANT)
    unit["as_of"] = "2018-06-30"
    result = run_rule("FAC001", unit)
    assert result.outcome is Outcome.NOT_APPLICABLE and "《机关档案管理规定》（国家档案局令第13号）自 2019-01-01 起施行" in result.reason.zh


def test_legacy_terms_are_not_failed_before_order_8():
    unit = make_unit(as_of="2005-06-30", retention={"codes_in_use": ["永久", "长期", "短期"]})
    assert run_rule("RET001", unit).outcome is Outcome.PASS
    assert run_rule("RET002", unit).outcome is Outcome.NOT_APPLICABLE


def test_filing_before_2024_rests_on_the_implementing_measures_and_before_1999_on_the_1996_law():
    unit = load_fixture(COMPLIANT)
    cited = {}
    for day in ("2025-06-30", "2020-06-30", "1998-06-30", "1992-06-30"):
        unit["as_of"] = day
        cited[day] = run_rule("FIL002", unit).basis
    assert cited["2025-06-30"].document == "《中华人民共和国档案法实施条例》"
    assert (cited["2020-06-30"].document, cited["2020-06-30"].clause) == ("《中华人民共和国档案法实施办法》", "第十二条")
    assert (cited["1998-06-30"].document, cited["1998-06-30"].clause) == ("《中华人民共和国档案法》（1996年修正）", "第十条")
    assert cited["1992-06-30"].document == "《中华人民共和国档案法》（1987年）" and cited["1992-06-30"].clause == ""


def test_the_json_report_and_the_table_cite_the_predecessor(cli, tmp_path):
    out = tmp_path / "report.json"
    assert cli("check", SEED, "--format", "json", "-o", out, "--fail-on", "never").exit_code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    fun003 = [f for f in report["units"][0]["findings"] if f["rule"] == "FUN003"]
    assert fun003 and fun003[0]["basis"]["document"] == "《中华人民共和国档案法》（1996年修正）"
    assert fun003[0]["basis"]["in_force"] == "1996-07-05"
    outcome = next(o for o in report["units"][0]["outcomes"] if o["rule"] == "FUN003")
    assert outcome["basis"]["clause"] == "第四条"
    table = cli("check", SEED, "--fail-on", "never").output
    assert "依据: 《中华人民共和国档案法》（1996年修正）（主席令第71号） 第四条" in table


def test_explain_shows_the_in_force_date_and_the_predecessors(cli):
    text = cli("explain", "FIL002").output
    assert "施行日期: 2024-03-01" in text
    assert "《中华人民共和国档案法实施办法》（国家档案局令第5号） 第十二条" in text
    assert "此前无同一要求：自查日期早于 1988-01-01 时本规则不适用" in text
    english = cli("explain", "ORG005", "--lang", "en").output
    assert "In force from: 2021-01-01" in english and "not applicable before 2021-01-01" in english


INTERNAL = re.compile(r"条款号|条号|未核实|未确认|题库|quiz", re.I)


def test_no_user_facing_citation_carries_an_internal_note():
    for rule in plugins().rules:
        for basis in rule.basis.chain():
            assert not INTERNAL.search(basis.cite()), (rule.id, basis.cite())
            assert not INTERNAL.search(basis.note), (rule.id, basis.note)
        for name in ("title", "remedy", "rationale", "example"):
            text = getattr(rule, name)
            assert "题库" not in text.zh and "quiz" not in text.en.lower(), (rule.id, name)
            assert not re.search(r"条款号|条号未", text.zh), (rule.id, name)


def test_unconfirmed_clauses_keep_their_detail_for_explain(cli):
    rule = plugins().rule("PRO012")
    assert rule.basis.clause == "" and rule.basis.detail
    assert rule.basis.detail in cli("explain", "PRO012").output
    assert rule.basis.detail not in cli("check", SEED, "--fail-on", "never").output


# ---------------------------------------------------------------- the property

DAYS = st.dates(min_value=dt.date(1984, 1, 1), max_value=dt.date(2030, 12, 31))


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(unit=generated_units(), day=DAYS)
def test_moving_as_of_earlier_never_applies_a_document_before_its_in_force_date(unit, day):
    unit = copy.deepcopy(unit)
    unit["as_of"] = day.isoformat()
    results = run_rules(BUILTIN, unit, Context(as_of=day))
    for result in results:
        if result.outcome in (Outcome.SKIPPED, Outcome.ERROR):
            continue
        if result.outcome is Outcome.NOT_APPLICABLE and not result.findings:
            assert result.basis in list(result.rule.basis.chain())
            continue
        assert result.basis in list(result.rule.basis.chain()), result.rule.id
        assert result.basis.in_force is None or result.basis.in_force <= day, (result.rule.id, result.basis.cite(), day)
        assert result.basis.until is None or day < result.basis.until or result.basis is result.rule.basis, result.rule.id
    # a requirement that did not exist yet is not applicable, with the document and its date in the reason
    for result in results:
        first = result.rule.basis.first()
        if first.in_force and day < first.in_force and result.rule.basis.for_date(day) is None:
            assert result.outcome is Outcome.NOT_APPLICABLE and first.in_force.isoformat() in result.reason.zh


def test_sources_lists_every_document_the_rules_cite():
    documents = {s.document for s in sources.DOCUMENTS.values()}
    for rule in BUILTIN:
        for basis in rule.basis.chain():
            if basis.in_force or basis.until:
                assert basis.document in documents, (rule.id, basis.document)


def basis_table() -> str:
    """The rule → basis-chain table of docs/sources.md, from the code."""
    names = {source.document: name for name, source in sources.DOCUMENTS.items()}
    lines = ["| rule | basis, newest first: document id, clause as cited (dates) |", "|---|---|"]
    for rule in BUILTIN:
        parts = []
        for basis in rule.basis.chain():
            dates = (basis.in_force.isoformat() if basis.in_force else "date unknown") + (f" → {basis.until.isoformat()}" if basis.until else "")
            parts.append(f"{names.get(basis.document, basis.document)} {basis.clause or '(document alone)'} ({dates})")
        lines.append(f"| {rule.id} | {' ← '.join(parts)} |")
    return "\n".join(lines)


def test_docs_sources_lists_every_document_and_every_rules_chain():
    from conftest import ROOT

    doc = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    for name, source in sources.DOCUMENTS.items():
        row = next((line for line in doc.splitlines() if line.startswith(f"| {name} |")), None)
        assert row is not None, name
        if source.number:
            assert source.number in row, name
        if source.in_force:
            assert source.in_force.isoformat() in row, name
        if source.until:
            assert source.until.isoformat() in row, name
    between = doc.split("<!-- rule-bases:start -->")[1].split("<!-- rule-bases:end -->")[0].strip()
    assert between == basis_table(), "docs/sources.md's rule table is stale: paste tests/test_in_force.py basis_table()"


# ---------------------------------------------------------------- the volume-catalogue rules

VOLUME_RULES = [r for r in plugins().rules_for("volumes") if r.check.__module__.startswith("archcheck.checkers.")]


def test_every_volume_rules_chain_is_dated_in_order_and_listed_in_sources():
    documents = {s.document for s in sources.DOCUMENTS.values()}
    assert len(VOLUME_RULES) >= 14
    for rule in VOLUME_RULES:
        chain = list(rule.basis.chain())
        for basis in chain:
            assert basis.document in documents, (rule.id, basis.document)
        for newer, older in zip(chain, chain[1:]):
            assert older.until is not None and newer.in_force is not None and older.until <= newer.in_force, rule.id


def volume_run(tmp_path, day: str):
    from archcheck.catalog.volumes import split_snippet
    from archcheck.checkers.volumes.lists_and_codes import VOLUME_SNIPPET

    paths = []
    for number, (_, body) in enumerate(split_snippet(VOLUME_SNIPPET.replace("2005,Y,5,2,", "2005,Y,5,3,"))):
        paths.append(tmp_path / f"v{number}.csv")
        paths[-1].write_text(body, encoding="utf-8")
    return paths


@pytest.mark.parametrize("day, document, clause", [
    ("2025-06-30", "《文书档案案卷格式》", "3.1.3"),
    ("2005-06-30", "《文书档案案卷格式》（1988年）", ""),
])
def test_a_volume_rule_cites_the_edition_in_force_on_the_audit_date(cli, tmp_path, day, document, clause):
    out = tmp_path / "report.json"
    paths = volume_run(tmp_path, day)
    assert cli("catalog", *paths, "--as-of", day, "--format", "json", "-o", out, "--fail-on", "major").exit_code == 1
    unit = json.loads(out.read_text(encoding="utf-8"))["units"][0]
    vol009 = [f for f in unit["findings"] if f["rule"] == "VOL009"]
    assert len(vol009) == 1 and vol009[0]["basis"]["document"] == document
    assert vol009[0]["basis"].get("clause", "") == clause
