"""REG rules: the required rules exist, are current, and the basic ones are filed."""

from archcheck.checkers.regulations import REQUIRED
from archcheck.model import Outcome
from conftest import make_unit, run_rule


def regs(kinds=REQUIRED, **fields):
    return [{"kind": k, **fields} for k in kinds]


def test_reg001_all_required_kinds():
    assert run_rule("REG001", make_unit(regulations=regs())).outcome is Outcome.PASS
    seven = regs(REQUIRED[:7])
    result = run_rule("REG001", make_unit(regulations=seven))
    assert result.outcome is Outcome.FAIL
    assert sorted(f.evidence["kind"] for f in result.findings) == ["emergency", "filing", "statistics"]
    assert abs(result.deducted - 4 * 3 / 10) < 1e-9
    assert run_rule("REG001", make_unit()).outcome is Outcome.NO_EVIDENCE


def test_reg001_required_list_is_configurable():
    assert run_rule("REG001", make_unit(regulations=regs(["filing"])), required=["filing"]).outcome is Outcome.PASS


def test_reg002_current_after_the_2021_law():
    assert run_rule("REG002", make_unit(regulations=regs(["filing"], adopted="2015-01-01", revised="2022-05-01"))).outcome is Outcome.PASS
    old = run_rule("REG002", make_unit(regulations=regs(["filing", "custody"], adopted="2015-01-01")))
    assert old.outcome is Outcome.FAIL and old.findings[0].evidence["last"] == "2015-01-01"
    assert run_rule("REG002", make_unit(regulations=regs(["filing"], adopted="2015-01-01")), not_before="2010-01-01").outcome is Outcome.PASS
    assert run_rule("REG002", make_unit(regulations=regs(["filing"]))).outcome is Outcome.NO_EVIDENCE
    assert run_rule("REG002", make_unit()).outcome is Outcome.NOT_APPLICABLE


def test_reg003_basic_rules_filed():
    assert run_rule("REG003", make_unit(regulations=regs(filed_with_bureau=True))).outcome is Outcome.PASS
    listed = regs(filed_with_bureau=True)
    listed[REQUIRED.index("secrecy")]["filed_with_bureau"] = False
    result = run_rule("REG003", make_unit(regulations=listed))
    assert result.outcome is Outcome.FAIL and abs(result.deducted - 2 / 5) < 1e-9
    # job duties are not a basic rule: not filing them costs nothing
    duties = regs(filed_with_bureau=True)
    duties[0]["filed_with_bureau"] = False
    assert run_rule("REG003", make_unit(regulations=duties)).outcome is Outcome.PASS
    assert run_rule("REG003", make_unit(regulations=regs())).outcome is Outcome.NO_EVIDENCE
    assert run_rule("REG003", make_unit(regulations=regs(["job_duties"]))).outcome is Outcome.NO_EVIDENCE
