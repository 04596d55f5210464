"""One bad cell in an item catalogue, one finding: a value that is no retention term is CAT010's alone (not
also a disagreement with the 档号, CAT006), and a 年度 that contradicts the 档号 is CAT006's alone (the
date, which fits the 档号's year, is not also outside its year, CAT014), and a 年度 that is no plausible year
is CAT024's alone (not also a disagreement, a date outside it, or a year of the holdings' counts). A cell
that is wrong in itself and also unlike the 档号 is one finding too: a 件号 that is no four-digit number of
the 档号's is CAT006's (not also CAT008's), a legacy term on a recent item is CAT011's (not also CAT006's),
and a 档号 mistyped into its neighbour's is CAT006's (not also a repeat, CAT007)."""

from __future__ import annotations

import pytest

from catalog.conftest import findings, row

CASES = [
    ("保管期限", "x", "CAT010"), ("保管期限", "1-3", "CAT010"), ("保管期限", "办公室", "CAT010"),
    ("年度", "2018", "CAT006"), ("年度", "2020", "CAT006"),
    ("日期", "20190230", "CAT012"), ("日期", "20180305", "CAT014"),
    ("年度", "19", "CAT024"), ("年度", "0001", "CAT024"), ("年度", "3019", "CAT024"), ("年度", "2026", "CAT024"),
    ("题名", "", "CAT003"), ("页数", "0", "CAT015"), ("页数", "''", "CAT003"), ("日期", "' \u3000'", "CAT003"),
    ("件号", "1", "CAT006"), ("件号", "99", "CAT006"), ("件号", "20190230", "CAT006"), ("件号", "x", "CAT008"),
    ("保管期限", "长期", "CAT011"), ("保管期限", "短期", "CAT011"), ("保管期限", "定期10年", "CAT006"),
    ("档号", "Z109-WS·2019-Y-BGS-0005", "CAT006"), ("档号", "Z109-WS·2019-Y-BGS-0007", "CAT006"),
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


def test_a_duplicate_that_is_no_typo_is_still_a_duplicate(catalog):
    """A row whose 档号 and 件号 both repeat the row before is a repeated item (CAT007), not a typo CAT006 explains."""
    rows = [row(i) for i in range(1, 13)]
    rows[5] = row(5, 题名="另一份文件")
    assert ("CAT007", 7) in {(r, line) for r, line, _ in findings(catalog(rows))}


def test_an_unpadded_item_beside_a_mistyped_ref_is_two_findings(catalog):
    """Two cells wrong, two findings: 件号 "6" is the right number unpadded (CAT008), and the 档号 that says 0005
    is a typo (CAT006) — the 件号 fits the rows around it, so the padding is still reported."""
    rows = [row(i) for i in range(1, 13)]
    rows[5] = row(6, 档号="Z109-WS·2019-Y-BGS-0005", 件号="6")
    assert sorted((r, line) for r, line, _ in findings(catalog(rows))) == [("CAT006", 7), ("CAT008", 7)]


def test_a_legacy_term_on_an_old_item_still_disagrees_with_its_ref(catalog):
    """长期 was lawful in 2005 (CAT019 advises re-appraisal); a 档号 saying Y is then a disagreement of its own."""
    rows = [row(i, year=2005) for i in range(1, 13)]
    rows[5] = row(6, year=2005, 保管期限="长期")
    assert {r for r, line, _ in findings(catalog(rows)) if line == 7} >= {"CAT006"}


def test_item_0000_is_found_when_the_column_and_the_ref_agree_on_it(catalog):
    """件号 0000 in both the column and the exact 档号, at the head of a long run (proven exact as a whole, the
    batch then takes its 件号 from the 档号's digits): still CAT008's "start at 0001", at its row."""
    found = findings(catalog([row(i) for i in range(0, 300)]))
    assert [(r, line) for r, line, _ in found] == [("CAT008", 2)]
