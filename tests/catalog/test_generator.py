"""The generator's recorded defect lines are exactly the lines archcheck reports, in every format and encoding."""

from __future__ import annotations

import pytest

import gen_catalog
from catalog.conftest import run


@pytest.mark.parametrize(
    "name, fmt, encoding",
    [("g.csv", "csv", "utf-8"), ("g.csv", "csv", "utf-8-sig"), ("g.csv", "csv", "gb18030"), ("g.jsonl", "jsonl", "utf-8"),
     ("g.xlsx", "xlsx", "utf-8")],
)
def test_reported_lines_match_the_injected_defects(tmp_path, name, fmt, encoding):
    meta = gen_catalog.write(tmp_path / name, rows=3000, seed=7, rate=0.03, fmt=fmt, encoding=encoding)
    assert len(meta["defects"]) > 30
    report = run(tmp_path / name)
    found = {(f.location.line, r.rule.id) for r in report.results for f in r.findings if f.location.line is not None}
    expected = {(d["line"], d["rule"]) for d in meta["defects"]}
    assert expected <= found, sorted(expected - found)[:10]
    assert {line for line, _ in found} <= {d["line"] for d in meta["defects"]}, "a clean row was flagged"


@pytest.mark.parametrize("year, rule", [(2006, "CAT019"), (2007, "CAT011")])
def test_legacy_terms_either_side_of_order_8_are_judged_as_the_generator_expects(tmp_path, year, rule):
    """Order No. 8 took effect on 18 Dec 2006: 长期 on an item of 2006 is advisory, on one of 2007 a defect."""
    meta = gen_catalog.write(tmp_path / "g.csv", rows=3000, seed=3, rate=0.2, first_year=year)
    legacy = {d["line"] for d in meta["defects"] if d["kind"] == "legacy_term"}
    assert legacy and {d["rule"] for d in meta["defects"] if d["kind"] == "legacy_term"} == {rule}
    report = run(tmp_path / "g.csv")
    flagged = {f.location.line: r.rule.id for r in report.results for f in r.findings
               if r.rule.id in ("CAT011", "CAT019")}
    assert legacy == set(flagged) and set(flagged.values()) == {rule}
