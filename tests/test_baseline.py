"""Baselines: only new findings fail, fixed ones are listed, fingerprints survive reordering and never absorb."""

import copy
import datetime as dt
import json
import random

from hypothesis import given, settings, strategies as st

from archcheck.baseline import apply_baseline, entries, fingerprint
from archcheck.engine import Context, run_rules
from archcheck.model import (
    Basis, Finding, Location, Outcome, Report, Rule, RuleResult, Score, Severity, Text, UnitReport,
)
from conftest import POOR, SEED, load_fixture, make_unit, plugins, write_unit


def budget_unit(bad_years=(2024,)):
    return make_unit(funding={"years": [
        {"year": y, "in_budget": y not in bad_years, "amount_yuan": 100} for y in (2023, 2024, 2025)]})


def test_baseline_accepts_recorded_findings_and_fails_on_new_ones(cli, tmp_path):
    unit = write_unit(tmp_path, budget_unit((2024,)))
    base = tmp_path / "baseline.json"
    gate = ("--select", "FUN002", "--fail-on", "major")
    assert cli("check", unit, *gate, "--write-baseline", base).exit_code == 1  # the run itself still gates
    assert json.loads(base.read_text(encoding="utf-8"))["findings"][0]["rule"] == "FUN002"
    assert cli("check", unit, *gate, "--baseline", base).exit_code == 0
    write_unit(tmp_path, budget_unit((2024, 2025)))
    result = cli("check", unit, *gate, "--baseline", base, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    states = {f["evidence"]["year"]: f["baseline"] for f in report["units"][0]["findings"]}
    assert states == {2024: "unchanged", 2025: "new"}
    assert report["baseline"]["new"] == 1 and report["baseline"]["unchanged"] == 1


def test_fixed_findings_are_listed(cli, tmp_path):
    unit = write_unit(tmp_path, budget_unit((2023, 2024)))
    base = tmp_path / "baseline.json"
    cli("check", unit, "--select", "FUN002", "--write-baseline", base)
    write_unit(tmp_path, budget_unit((2024,)))
    report = json.loads(cli("check", unit, "--select", "FUN002", "--baseline", base, "--format", "json").stdout)
    assert [e["location"] for e in report["baseline"]["fixed"]] == ["/funding/years/0/in_budget"]
    table = cli("check", unit, "--select", "FUN002", "--baseline", base, "--lang", "en").output
    assert "0 new, 1 unchanged, 1 fixed" in table and "fixed:" in table
    sarif = json.loads(cli("check", unit, "--select", "FUN002", "--baseline", base, "--format", "sarif").stdout)
    assert sorted(r["baselineState"] for r in sarif["runs"][0]["results"]) == ["absent", "unchanged"]


def test_baseline_from_config_file(cli, tmp_path):
    unit = write_unit(tmp_path, budget_unit((2024,)))
    cli("check", unit, "--select", "FUN002", "--write-baseline", tmp_path / "b.json")
    (tmp_path / "archcheck.toml").write_text('baseline = "b.json"\nfail_on = "major"\nselect = ["FUN002"]\n', encoding="utf-8")
    assert cli("check", unit).exit_code == 0


def test_write_baseline_never_overwrites_an_input(cli, tmp_path):
    unit = write_unit(tmp_path, budget_unit())
    before = unit.read_bytes()
    result = cli("check", unit, "--write-baseline", unit)
    assert result.exit_code == 2 and unit.read_bytes() == before


def test_malformed_baseline_is_an_input_error(cli, tmp_path):
    unit = write_unit(tmp_path, budget_unit())
    base = tmp_path / "b.json"
    base.write_text('{"format": "archcheck-baseline/1", "findings": [{"rule": "FUN002"}]}', encoding="utf-8")
    result = cli("check", unit, "--baseline", base)
    assert result.exit_code == 2 and f"{base}:/findings/0/fingerprint" in result.stderr
    base.write_text("{", encoding="utf-8")
    assert cli("check", unit, "--baseline", base).exit_code == 2


def shuffled(value, rng):
    """The same document with every object's keys and every list's items in another order."""
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {k: shuffled(value[k], rng) for k in keys}
    if isinstance(value, list):
        items = [shuffled(v, rng) for v in value]
        rng.shuffle(items)
        return items
    return value


def fingerprints(unit):
    ctx = Context(dt.date.fromisoformat(unit["as_of"]))
    results = run_rules(plugins().rules_for("unit"), unit, ctx)
    return sorted(fingerprint(unit["unit"]["name"], f) for r in results for f in r.findings)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_shuffling_keys_and_lists_keeps_fingerprints(seed):
    for path in (SEED, POOR):
        unit = load_fixture(path)
        original = fingerprints(unit)
        assert original, "the fixture should have findings"
        assert fingerprints(shuffled(copy.deepcopy(unit), random.Random(seed))) == original


RULE = Rule(id="CAT001", area="CAT", title=Text("t", "t"), severity=Severity.MAJOR, points=5, basis=Basis("DA/T 22"),
            remedy=Text("r", "r"), rationale=Text("r", "r"), example=Text("e", "e"), check=lambda u, c: (),
            target="catalog")


def catalogue_report(rows):
    """A catalogue-style report: one finding per (line, 档号) row of an export."""
    findings = tuple(Finding("CAT001", Text("档号重复", "dup"), Location(file="exports/a.csv", line=line, column="档号"),
                             {"档号": code, "values": [code, "x"]}) for line, code in rows)
    result = RuleResult(RULE, Outcome.FAIL if findings else Outcome.PASS, findings, 5.0 if findings else 0.0)
    unit = UnitReport("目录", "exports/a.csv", "2025-06-30", (result,), Score(90.0, Text("优", "ok"), ()))
    return Report("0.1.0", "default", (), {}, (unit,))


codes = st.lists(st.from_regex(r"A1-WS·20[0-9]{2}-Y-[0-9]{4}", fullmatch=True), min_size=1, max_size=8, unique=True)


@settings(max_examples=40, deadline=None)
@given(codes=codes, seed=st.integers(0, 2**32 - 1))
def test_shuffling_catalogue_rows_keeps_fingerprints(codes, seed):
    rows = list(enumerate(codes, start=2))
    recorded = entries(catalogue_report(rows))
    moved = list(codes)
    random.Random(seed).shuffle(moved)
    report = apply_baseline(catalogue_report(list(enumerate(moved, start=2))), recorded, "b.json")
    assert report.baseline.new == 0 and report.baseline.unchanged == len(codes) and not report.baseline.fixed


@settings(max_examples=40, deadline=None)
@given(codes=codes, extra=st.from_regex(r"B[0-9]{3}", fullmatch=True), duplicate=st.booleans())
def test_a_finding_elsewhere_is_never_absorbed(codes, extra, duplicate):
    rows = list(enumerate(codes, start=2))
    recorded = entries(catalogue_report(rows))
    # a new record key, or the same record reported a second time: both must be new
    added = codes[0] if duplicate else extra
    report = apply_baseline(catalogue_report(rows + [(999, added)]), recorded, "b.json")
    states = [f.baseline for f in report.units[0].results[0].findings]
    assert states.count("new") == 1
    if not duplicate:
        assert states[-1] == "new"


@settings(max_examples=30, deadline=None)
@given(year=st.sampled_from([2023, 2024, 2025]), other=st.sampled_from([2023, 2024, 2025]))
def test_unit_finding_in_another_year_is_new(year, other):
    base = budget_unit((year,))
    recorded_fps = fingerprints(base)
    now = fingerprints(budget_unit((year, other)))
    added = list(now)
    for fp in recorded_fps:
        added.remove(fp)
    assert len(added) == (0 if other == year else 1)
