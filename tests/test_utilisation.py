"""USE rules: register, feedback, loans returned, yearly figures."""

from archcheck.model import Outcome
from conftest import make_unit, run_rule


def test_use001_register_and_use002_feedback():
    for rule, key in (("USE001", "register_kept"), ("USE002", "feedback_kept")):
        assert run_rule(rule, make_unit(utilisation={key: True})).outcome is Outcome.PASS
        assert run_rule(rule, make_unit(utilisation={key: False})).outcome is Outcome.FAIL
        assert run_rule(rule, make_unit()).outcome is Outcome.NO_EVIDENCE


def loan(**fields):
    return {"borrower": "财务科", "lent_on": "2025-05-01", "due": "2025-05-20", **fields}


def test_use003_overdue_and_late_loans():
    assert run_rule("USE003", make_unit(utilisation={"loans": [loan(returned_on="2025-05-19")]})).outcome is Outcome.PASS
    assert run_rule("USE003", make_unit(utilisation={"loans": [loan(due="2025-07-15")]})).outcome is Outcome.PASS  # not yet due
    overdue = run_rule("USE003", make_unit(utilisation={"loans": [loan()]}))
    assert overdue.outcome is Outcome.FAIL and overdue.findings[0].evidence["days_late"] == 41
    late = run_rule("USE003", make_unit(utilisation={"loans": [loan(returned_on="2025-05-25")]}))
    assert late.outcome is Outcome.FAIL and late.deducted == 1
    assert run_rule("USE003", make_unit(utilisation={"loans": [{"borrower": "x"}]})).outcome is Outcome.NO_EVIDENCE
    assert run_rule("USE003", make_unit()).outcome is Outcome.NOT_APPLICABLE


def test_use004_last_three_complete_years():
    rows = [{"year": y, "visits": 10} for y in (2022, 2023, 2024)]
    assert run_rule("USE004", make_unit(utilisation={"by_year": rows})).outcome is Outcome.PASS
    gap = run_rule("USE004", make_unit(utilisation={"by_year": rows[1:]}))
    assert gap.outcome is Outcome.FAIL and gap.findings[0].evidence == {"year": 2022}
    assert run_rule("USE004", make_unit(utilisation={"by_year": rows[1:]}), years=2).outcome is Outcome.PASS
    assert run_rule("USE004", make_unit(utilisation={"by_year": [{"year": 2024}]}), years=1).outcome is Outcome.NO_EVIDENCE
    assert run_rule("USE004", make_unit()).outcome is Outcome.NO_EVIDENCE
