"""The engine isolates rules: exactly one outcome each, errors named, never raised."""

import datetime as dt

from archcheck.api import Basis, BasisKind, RuleSet, Severity, T, fail, missing
from archcheck.engine import Context, Selection, run_rules
from archcheck.model import Outcome

rules = RuleSet(area="TST")
META = dict(title=T("t", "t"), severity=Severity.MINOR, points=2, basis=Basis("doc", kind=BasisKind.PRINCIPLE),
            remedy=T("r", "r"), rationale=T("w", "w"), example=T("e", "e"))


@rules.rule(id="TST001", **META)
def raises(unit, ctx):
    raise KeyError("boom")
    yield


@rules.rule(id="TST002", **META)
def two_halves(unit, ctx):
    yield fail("/a", T("甲", "a"), 0.5)
    yield missing("/b", T("乙", "b"), 0.5)


@rules.rule(id="TST003", **META)
def silent(unit, ctx):
    yield missing("/c", T("丙", "c"))


@rules.rule(id="TST004", **META)
def yields_junk(unit, ctx):
    yield "not a finding"


CTX = Context(as_of=dt.date(2025, 6, 30))


def test_error_is_an_outcome_naming_plugin_and_rule():
    results = run_rules(rules.all(), {}, CTX)
    assert [r.outcome for r in results] == [Outcome.ERROR, Outcome.FAIL, Outcome.NO_EVIDENCE, Outcome.ERROR]
    assert "TST001" in results[0].reason.en and "KeyError" in results[0].reason.en


def test_mixed_findings_are_fail_with_summed_fraction_and_stamped_ids():
    result = run_rules(rules.all(), {}, CTX)[1]
    assert result.deducted == 2 and {f.rule_id for f in result.findings} == {"TST002"}


def test_unselected_rules_are_reported_skipped():
    results = run_rules(rules.all(), {}, CTX, Selection(select=("TST003",)))
    assert [r.outcome for r in results] == [Outcome.SKIPPED, Outcome.SKIPPED, Outcome.NO_EVIDENCE, Outcome.SKIPPED]
