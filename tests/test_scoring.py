"""Scoring: denominators, partial deductions, grade thresholds and caps, profile loading."""

import pytest
from hypothesis import given, settings, strategies as st

from archcheck.api import Basis, BasisKind, RuleSet, Severity, T
from archcheck.errors import InputError
from archcheck.model import Outcome, RuleResult
from archcheck.scoring import Profile, load_profile, score

DEFAULT = load_profile("default")


def make_rule(rule_id: str, area: str, points: float, severity=Severity.MAJOR):
    kind = BasisKind.DIRECT if severity == Severity.CRITICAL else BasisKind.PRINCIPLE
    rules = RuleSet(area=area)
    return rules.rule(id=rule_id, title=T("t", "t"), severity=severity, points=points, basis=Basis("doc", kind=kind),
                      remedy=T("r", "r"), rationale=T("w", "w"), example=T("e", "e"))(lambda unit, ctx: ())


def result(rule, outcome, deducted=0.0):
    return RuleResult(rule, outcome, deducted=deducted)


def test_not_applicable_points_leave_the_denominator():
    a, b = make_rule("FUN001", "FUN", 4), make_rule("FUN002", "FUN", 4)
    only_a = score([result(a, Outcome.PASS), result(b, Outcome.NOT_APPLICABLE)], DEFAULT)
    assert only_a.total == 100.0
    half = score([result(a, Outcome.PASS), result(b, Outcome.FAIL, 4)], DEFAULT)
    assert half.total == 50.0


def test_area_weights_are_renormalised_over_scored_areas():
    fun, pro = make_rule("FUN001", "FUN", 1), make_rule("PRO001", "PRO", 1)
    s = score([result(fun, Outcome.FAIL, 1), result(pro, Outcome.PASS)], DEFAULT)
    by_area = {a.area: a for a in s.areas}
    assert by_area["FUN"].max + by_area["PRO"].max == pytest.approx(100, abs=0.02)
    assert by_area["PRO"].max == pytest.approx(100 * 18 / 26, abs=0.01)  # default weights PRO 18, FUN 8
    assert s.total == pytest.approx(by_area["PRO"].max, abs=0.1)


def test_failed_critical_rule_caps_grade():
    crit = make_rule("PRO001", "PRO", 1, Severity.CRITICAL)
    others = [result(make_rule(f"PRO{i:03d}", "PRO", 10), Outcome.PASS) for i in range(2, 12)]
    s = score([result(crit, Outcome.FAIL, 1), *others], DEFAULT)
    assert s.total > 90 and s.grade.zh == "不合格" and s.capped_by == ("PRO001",)


def test_area_floor_caps_grade():
    data = {"name": "floor", "weights": {"FUN": 1, "PRO": 9}, "grades": [{"min": 60, "zh": "达标", "en": "pass"}, {"min": 0, "zh": "不达标", "en": "fail"}],
            "area_min_ratio": 0.8}
    profile = Profile.from_data(data, "test")
    s = score([result(make_rule("FUN001", "FUN", 1), Outcome.FAIL, 1), result(make_rule("PRO001", "PRO", 1), Outcome.PASS)], profile)
    assert s.total == 90.0 and s.grade.en == "fail" and s.capped_by == ("FUN",)


def test_unknown_profile_is_an_input_error():
    with pytest.raises(InputError) as err:
        load_profile("atlantis")
    assert "default" in err.value.render("en")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["FUN", "STA", "PRO", "XYZ"]), st.floats(0, 10), st.sampled_from(list(Outcome)), st.floats(0, 1)), max_size=30))
def test_score_in_range_and_passing_never_lowers(entries):
    results = [result(make_rule(f"{area}{i:03d}", area, pts), outcome, round(pts * frac, 4) if outcome in (Outcome.FAIL, Outcome.NO_EVIDENCE) else 0.0)
               for i, (area, pts, outcome, frac) in enumerate(entries)]
    base = score(results, DEFAULT)
    assert 0 <= base.total <= 100
    assert all(0 <= a.score <= a.max + 1e-9 for a in base.areas)
    for i, r in enumerate(results):
        if r.outcome in (Outcome.FAIL, Outcome.NO_EVIDENCE):
            improved = results[:i] + [RuleResult(r.rule, Outcome.PASS)] + results[i + 1:]
            assert score(improved, DEFAULT).total >= base.total
