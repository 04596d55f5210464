"""Waivers: accepted exceptions pass the gate visibly, expire on the day after their date, and unused ones show."""

import datetime as dt
import json

import pytest
from hypothesis import given, settings, strategies as st

from archcheck.engine import Context, run_rules
from archcheck.model import Finding, Location, Outcome, Text, WaiverInfo
from archcheck.waivers import WaiverLedger, covers
from conftest import make_unit, plugins, write_unit

AS_OF = "2025-06-30"


def budget_unit(as_of=AS_OF):
    return make_unit(as_of=as_of, funding={"years": [
        {"year": 2023, "in_budget": True, "amount_yuan": 100},
        {"year": 2024, "in_budget": False, "amount_yuan": 100},
        {"year": 2025, "in_budget": False, "amount_yuan": 100}]})


def write_config(tmp_path, waivers: str, extra: str = 'fail_on = "major"\nselect = ["FUN002"]\n'):
    (tmp_path / "archcheck.toml").write_text(extra + waivers, encoding="utf-8")


WAIVE_BOTH = '''
[[waivers]]
rule = "FUN002"
location = "/funding/years"
reason = "预算追加已报财政局"
approver = "张三"
expires = {expires}
'''


def run_json(cli, unit):
    result = cli("check", unit, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_waived_finding_passes_the_gate_and_costs_nothing(cli, tmp_path):
    unit = write_unit(tmp_path, budget_unit())
    write_config(tmp_path, "")
    code, before = run_json(cli, unit)
    assert code == 1 and before["units"][0]["score"]["total"] < 100
    write_config(tmp_path, WAIVE_BOTH.format(expires="2025-12-31"))
    code, after = run_json(cli, unit)
    assert code == 0
    fun002 = next(o for o in after["units"][0]["outcomes"] if o["rule"] == "FUN002")
    assert fun002["outcome"] == "waived" and fun002["deducted"] == 0
    assert after["units"][0]["score"]["total"] == 100.0
    assert all(f["waiver"]["reason"] == "预算追加已报财政局" for f in after["units"][0]["findings"])
    assert after["waivers"][0]["status"] == "applied" and after["waivers"][0]["matched"] == 2
    table = cli("check", unit).output
    assert "已豁免：预算追加已报财政局（批准人 张三，有效期至 2025-12-31）" in table


def test_waiver_works_through_its_expiry_day(cli, tmp_path):
    unit = write_unit(tmp_path, budget_unit())
    write_config(tmp_path, WAIVE_BOTH.format(expires=AS_OF))
    assert cli("check", unit).exit_code == 0


def test_expired_waiver_stops_waiving_and_is_reported(cli, tmp_path):
    unit = write_unit(tmp_path, budget_unit())
    write_config(tmp_path, WAIVE_BOTH.format(expires="2025-06-29"))
    code, report = run_json(cli, unit)
    assert code == 1
    assert report["waivers"][0]["status"] == "expired" and report["waivers"][0]["expired_for"] == [str(unit)]
    assert all("waiver" not in f for f in report["units"][0]["findings"])
    table = cli("check", unit, "--lang", "en").output
    assert "expired (no longer waives)" in table


@settings(max_examples=40, deadline=None)
@given(as_of=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), offset=st.integers(-400, 400))
def test_waiver_applies_exactly_until_as_of_passes_expiry(as_of, offset):
    expires = as_of + dt.timedelta(days=offset)
    rule = plugins().rule("FUN002")
    unit = budget_unit(as_of.isoformat())
    results = run_rules([rule], unit, Context(as_of))
    ledger = WaiverLedger([WaiverInfo("FUN002", "r", expires=expires.isoformat())])
    (result,) = run_rules([rule], unit, Context(as_of), mark=ledger.scope(as_of, "u"))
    if results[0].outcome in (Outcome.FAIL, Outcome.NO_EVIDENCE):
        assert (result.outcome == Outcome.WAIVED) == (as_of <= expires)
    assert (ledger.statuses()[0].status == "expired") == (as_of > expires)


def test_unused_waiver_is_reported(cli, tmp_path):
    unit = write_unit(tmp_path, budget_unit())
    write_config(tmp_path, '[[waivers]]\nrule = "FUN001"\nlocation = "/planning"\nreason = "旧豁免"\n')
    code, report = run_json(cli, unit)
    assert code == 1 and report["waivers"][0]["status"] == "unused" and report["waivers"][0]["matched"] == 0
    assert "未匹配任何问题" in cli("check", unit).output


def test_waiver_without_reason_is_an_input_error(cli, tmp_path):
    unit = write_unit(tmp_path, budget_unit())
    write_config(tmp_path, '[[waivers]]\nrule = "FUN002"\napprover = "张三"\nexpire = 2025-01-01\n')
    result = cli("check", unit, "--lang", "en")
    assert result.exit_code == 2
    assert "waivers[0].reason" in result.stderr and "waivers[0].expire" in result.stderr
    assert "did you mean expires" in result.stderr


def test_waiver_for_unknown_rule_is_an_input_error(cli, tmp_path):
    unit = write_unit(tmp_path, budget_unit())
    write_config(tmp_path, '[[waivers]]\nrule = "FUN02X"\nreason = "x"\n')
    assert cli("check", unit).exit_code == 2


def test_partial_waiver_keeps_the_rest_failing(cli, tmp_path):
    unit = write_unit(tmp_path, budget_unit())
    write_config(tmp_path, '[[waivers]]\nrule = "FUN002"\nlocation = "/funding/years/1"\nreason = "2024 已补录"\n')
    code, report = run_json(cli, unit)
    assert code == 1
    fun002 = next(o for o in report["units"][0]["outcomes"] if o["rule"] == "FUN002")
    assert fun002["outcome"] == "fail" and fun002["deducted"] == pytest.approx(4 / 3, abs=0.01)
    waived = [f["location"]["pointer"] for f in report["units"][0]["findings"] if "waiver" in f]
    assert waived == ["/funding/years/1/in_budget"]


def test_waivers_from_a_separate_yaml_file(cli, tmp_path):
    unit = write_unit(tmp_path, budget_unit())
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text('waivers:\n  - {rule: FUN, reason: 全部豁免, expires: "2026-01-01"}\n', encoding="utf-8")
    assert cli("check", unit, "--select", "FUN002", "--fail-on", "major", "--waivers", waivers).exit_code == 0
    waivers.write_text('waivers:\n  - {rule: FUN, reason: 全部豁免, expires: "2026-13-01"}\n', encoding="utf-8")
    result = cli("check", unit, "--waivers", waivers)
    assert result.exit_code == 2 and "waivers[0].expires" in result.stderr


def _finding(pointer=None, file=None, line=None, **evidence):
    return Finding("CAT001", Text("z", "e"), Location(file=file, pointer=pointer, line=line), evidence)


@pytest.mark.parametrize("location, finding, expected", [
    ("/funding/years", _finding("/funding/years/1/in_budget"), True),
    ("/funding/years", _finding("/funding/yearsX"), False),
    ("/funding/*/in_budget", _finding("/funding/years/1/in_budget"), False),
    ("/funding/*", _finding("/funding/years/1/in_budget"), True),
    ("/funding/years/*/in_budget", _finding("/funding/years/1/in_budget"), True),
    ("/funding/**/amount_yuan", _finding("/funding/years/1/amount_yuan"), True),
    ("exports/*.csv", _finding(file="exports/2023.csv", line=4), True),
    ("A1-WS·2023-Y-0001", _finding(file="exports/2023.csv", line=4, 档号="A1-WS·2023-Y-0001"), True),
    ("A1-WS·2023-Y-0002", _finding(file="exports/2023.csv", line=4, 档号="A1-WS·2023-Y-0001"), False),
    (None, _finding("/x"), True),
])
def test_location_forms(location, finding, expected):
    assert covers(WaiverInfo("CAT", "r", location=location), "CAT001", finding) is expected
    assert not covers(WaiverInfo("FUN", "r", location=location), "CAT001", finding)
