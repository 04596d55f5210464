"""One policy for the pre-2006 retention terms 长期/短期, shared by the unit rule RET002 and the catalogue rules
CAT011/CAT019 (checkers.sources.legacy_term_lawful): lawful on records up to 2006, wrong from 2007 on."""

from __future__ import annotations

import pytest

from archcheck.checkers.sources import legacy_term_lawful
from archcheck.model import Outcome
from catalog.conftest import HEADER, clean_rows, lines_of, run, write_csv
from conftest import make_unit, run_rule


@pytest.mark.parametrize("year, lawful", [(1995, True), (2005, True), (2006, True), (2007, False), (2015, False), (None, None)])
def test_the_policy(year, lawful):
    assert legacy_term_lawful(year) is lawful


@pytest.mark.parametrize("year", [2005, 2006, 2007, 2012])
def test_unit_and_catalogue_rules_draw_the_same_line(tmp_path, year):
    rows = clean_rows(2, year=year)
    rows[0][HEADER.index("保管期限")] = "长期"
    report = run(write_csv(tmp_path / "c.csv", rows))
    catalogue_says_wrong = lines_of(report, "CAT011") == [2]
    catalogue_says_legacy = lines_of(report, "CAT019") == [2]
    unit = make_unit(retention={"codes_by_years": [{"from_year": year, "to_year": year, "codes": ["永久", "长期"]}]})
    unit_says_wrong = run_rule("RET002", unit).outcome is Outcome.FAIL
    assert catalogue_says_wrong == unit_says_wrong == (not legacy_term_lawful(year))
    assert catalogue_says_legacy == (not catalogue_says_wrong)
