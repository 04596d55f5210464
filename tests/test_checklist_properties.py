"""Properties of the checklist rules over any unit the grown schema allows."""

import datetime as dt

from hypothesis import HealthCheck, given, settings

from archcheck.engine import Context, run_rules
from archcheck.model import Outcome
from conftest import plugins
from schema_strategy import generated_units

AREAS = {"ORG", "REG", "FAC", "PRJ", "USE", "TRN", "LAW"}
RULES = [r for r in plugins().rules_for("unit") if r.area in AREAS]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(generated_units())
def test_every_rule_has_one_outcome_never_errors_and_points_into_the_unit_in_both_languages(unit):
    """One run per unit serves both properties: the outcomes, and the findings' pointers and messages."""
    results = run_rules(RULES, unit, Context(as_of=dt.date.fromisoformat(unit["as_of"])))
    assert [r.rule.id for r in results] == [r.id for r in RULES]
    assert not [(r.rule.id, r.reason.en) for r in results if r.outcome is Outcome.ERROR]
    for result in results:
        assert 0 <= result.deducted <= result.rule.points
        assert (result.outcome is Outcome.PASS) == (result.outcome not in (Outcome.NOT_APPLICABLE,) and not result.findings)
        if result.outcome is Outcome.NO_EVIDENCE:
            assert all(f.missing for f in result.findings)
        for finding in result.findings:
            assert finding.location.pointer.startswith("/")
            assert finding.message.zh and finding.message.en and finding.message.zh != finding.message.en
