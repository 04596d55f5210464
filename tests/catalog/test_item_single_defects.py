"""One bad cell in an item catalogue, one finding: a value that is no retention term is CAT010's alone (not
also a disagreement with the 档号, CAT006), and a 年度 that contradicts the 档号 is CAT006's alone (the
date, which fits the 档号's year, is not also outside its year, CAT014), and a 年度 that is no plausible year
is CAT024's alone (not also a disagreement, a date outside it, or a year of the holdings' counts)."""

from __future__ import annotations

import pytest

from catalog.conftest import findings, row

CASES = [
    ("保管期限", "x", "CAT010"), ("保管期限", "1-3", "CAT010"), ("保管期限", "办公室", "CAT010"),
    ("年度", "2018", "CAT006"), ("年度", "2020", "CAT006"),
    ("日期", "20190230", "CAT012"), ("日期", "20180305", "CAT014"),
    ("年度", "19", "CAT024"), ("年度", "0001", "CAT024"), ("年度", "3019", "CAT024"), ("年度", "2026", "CAT024"),
    ("题名", "", "CAT003"), ("页数", "0", "CAT015"),
]


@pytest.mark.parametrize("column, value, rule", CASES)
def test_one_bad_cell_is_one_finding(catalog, column, value, rule):
    rows = [row(i) for i in range(1, 13)]
    rows[5] = row(6, **{column: value})
    found = findings(catalog(rows))
    assert found and {(r, line) for r, line, _ in found} == {(rule, 7)}, found


def test_a_contested_year_with_a_date_outside_both_years_is_still_outside(catalog):
    """CAT014 stands aside only for a date in the 档号's year: a date in neither year is its finding too."""
    rows = [row(i) for i in range(1, 13)]
    rows[5] = row(6, 年度="2018", 日期="20170305")
    assert sorted(r for r, line, _ in findings(catalog(rows)) if line == 7) == ["CAT006", "CAT014"]


def test_an_implausible_year_is_not_counted_as_holdings(catalog):
    """A 年度 of 0001 is no year the holdings span: no 'years missing' (CAT018) from it to 2019, no transfer count."""
    rows = [row(i) for i in range(1, 13)]
    rows[5] = row(6, 年度="0001")
    assert {r for r, _, _ in findings(catalog(rows))} == {"CAT024"}
