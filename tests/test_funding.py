"""FUN rules: each passes on evidence, fails on contrary evidence, and says 'no evidence' on silence."""

from archcheck.model import Outcome
from conftest import make_unit, run_rule


def test_fun001_plan_pass_fail_missing():
    plans = {"annual_plans": [{"year": 2024, "includes_archive_work": True}, {"year": 2025, "includes_archive_work": True}]}
    assert run_rule("FUN001", make_unit(planning=plans)).outcome is Outcome.PASS
    plans["annual_plans"][1]["includes_archive_work"] = False
    result = run_rule("FUN001", make_unit(planning=plans))
    assert result.outcome is Outcome.FAIL and result.deducted == 1.5
    assert run_rule("FUN001", make_unit()).outcome is Outcome.NO_EVIDENCE


def test_fun002_budget_each_of_three_years():
    years = [{"year": y, "in_budget": True, "amount_yuan": 5000} for y in (2023, 2024, 2025)]
    assert run_rule("FUN002", make_unit(funding={"years": years})).outcome is Outcome.PASS
    years[0]["in_budget"] = False
    result = run_rule("FUN002", make_unit(funding={"years": years}))
    assert result.outcome is Outcome.FAIL
    assert result.findings[0].evidence == {"year": 2023}
    assert abs(result.deducted - 4 / 3) < 0.01
    silent = run_rule("FUN002", make_unit())
    assert silent.outcome is Outcome.NO_EVIDENCE and silent.deducted == 4


def test_fun003_enforcement_funding_only_with_enforcement_duty():
    duty = {"name": "测试单位", "has_enforcement_duty": True}
    assert run_rule("FUN003", make_unit(unit=duty, funding={"enforcement_funding_in_budget": True})).outcome is Outcome.PASS
    assert run_rule("FUN003", make_unit(unit=duty, funding={"enforcement_funding_in_budget": False})).outcome is Outcome.FAIL
    assert run_rule("FUN003", make_unit(unit=duty)).outcome is Outcome.NO_EVIDENCE
    assert run_rule("FUN003", make_unit()).outcome is Outcome.NOT_APPLICABLE


def test_fun004_overdue_purchase():
    due = {"planned_purchases": [{"item": "扫描仪", "planned_by": "2025-01-31", "done": False}]}
    assert run_rule("FUN004", make_unit(funding=due)).outcome is Outcome.FAIL
    due["planned_purchases"][0]["planned_by"] = "2025-12-31"
    assert run_rule("FUN004", make_unit(funding=due)).outcome is Outcome.PASS
    del due["planned_purchases"][0]["done"]
    assert run_rule("FUN004", make_unit(funding=due)).outcome is Outcome.NO_EVIDENCE
    assert run_rule("FUN004", make_unit()).outcome is Outcome.NOT_APPLICABLE


def test_fun005_insufficient_funding_is_not_the_same_as_not_in_the_budget():
    budgeted = {"years": [{"year": y, "in_budget": True, "amount_yuan": 9000} for y in (2023, 2024, 2025)]}
    short = make_unit(funding={**budgeted, "sufficient": False})
    assert run_rule("FUN002", short).outcome is Outcome.PASS  # in the budget every year …
    result = run_rule("FUN005", short)  # … and still not enough, by the unit's own account
    assert result.outcome is Outcome.FAIL and result.findings[0].location.pointer == "/funding/sufficient"
    assert run_rule("FUN005", make_unit(funding={**budgeted, "sufficient": True})).outcome is Outcome.PASS
    # no yardstick of "enough" exists: silence is not judged
    assert run_rule("FUN005", make_unit(funding=budgeted)).outcome is Outcome.NOT_APPLICABLE
