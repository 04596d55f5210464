"""TRN rules: training each year, every filing department, archive-law awareness."""

from archcheck.model import Outcome
from conftest import make_unit, run_rule

UNIT = {"name": "测试单位", "departments": [{"name": "办公室"}, {"name": "财务科"}]}


def session(date, topic="business", departments=("办公室", "财务科")):
    return {"date": date, "topic": topic, "departments": list(departments)}


def test_trn001_training_in_last_twelve_months():
    assert run_rule("TRN001", make_unit(training={"sessions": [session("2024-07-01")]})).outcome is Outcome.PASS
    stale = run_rule("TRN001", make_unit(training={"sessions": [session("2024-06-30")]}))
    assert stale.outcome is Outcome.FAIL  # window is (2024-06-30, 2025-06-30]
    assert run_rule("TRN001", make_unit(training={"sessions": [session("2024-06-30")]}), months=24).outcome is Outcome.PASS
    assert run_rule("TRN001", make_unit(training={"sessions": []})).outcome is Outcome.FAIL
    assert run_rule("TRN001", make_unit()).outcome is Outcome.NO_EVIDENCE


def test_trn002_every_producing_department_attended():
    assert run_rule("TRN002", make_unit(unit=UNIT, training={"sessions": [session("2025-03-01")]})).outcome is Outcome.PASS
    one = run_rule("TRN002", make_unit(unit=UNIT, training={"sessions": [session("2025-03-01", departments=["办公室"])]}))
    assert one.outcome is Outcome.FAIL and one.findings[0].evidence["departments"] == ["财务科"] and one.deducted == 1
    unnamed = {"sessions": [{"date": "2025-03-01"}]}
    assert run_rule("TRN002", make_unit(unit=UNIT, training=unnamed)).outcome is Outcome.NO_EVIDENCE
    assert run_rule("TRN002", make_unit(unit=UNIT)).outcome is Outcome.NO_EVIDENCE
    assert run_rule("TRN002", make_unit(training={"sessions": [session("2025-03-01")]})).outcome is Outcome.NOT_APPLICABLE


def test_trn003_law_topic_or_awareness_activity():
    assert run_rule("TRN003", make_unit(training={"sessions": [session("2025-03-01", topic="law")]})).outcome is Outcome.PASS
    activity = {"sessions": [session("2025-03-01")], "awareness_activities": [{"date": "2025-06-09", "kind": "publicity"}]}
    assert run_rule("TRN003", make_unit(training=activity)).outcome is Outcome.PASS
    business_only = run_rule("TRN003", make_unit(training={"sessions": [session("2025-03-01")]}))
    assert business_only.outcome is Outcome.FAIL and business_only.deducted == 2
    old_law = {"sessions": [session("2023-03-01", topic="law")]}
    assert run_rule("TRN003", make_unit(training=old_law)).outcome is Outcome.FAIL
    assert run_rule("TRN003", make_unit()).outcome is Outcome.NO_EVIDENCE
