"""A blank cell (nothing but whitespace, a byte-order mark or a spreadsheet apostrophe) is reported once,
whatever else its batch holds: the C-level scan that clears a batch of blanks must not miss the blanks the
row-by-row reading finds, or a cell's verdict would hang on its neighbours."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archcheck.catalog.batch import _blank_indices, _may_be_blank
from catalog.conftest import lines_of, row, run, write_csv

BLANK = " \t\r\n\u3000\xa0\ufeff'"
#: what the titles are drawn from: csv.writer does not quote a bare "\r", which then ends the line
DRAWN = BLANK.replace("\r", "")
#: titles: ordinary ones, blank ones, and ones that only look blank at one end
titles = st.one_of(st.just("关于印发工作要点的通知"), st.text(alphabet=DRAWN, max_size=3),
                   st.text(alphabet=DRAWN + "x通", min_size=1, max_size=4))


@pytest.mark.parametrize("column", ["题名", "责任者", "页数"])  # a column scanned whole, two read through their sets
@settings(max_examples=60, deadline=None)
@given(cells=st.lists(titles, min_size=1, max_size=12))
def test_each_blank_cell_is_one_finding_whatever_its_neighbours(column, cells):
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "c.csv", [row(i, **{column: title}) for i, title in enumerate(cells, 1)])
        found = lines_of(run(path), "CAT003")
    firsts = [2 + i + sum(t.count("\n") for t in cells[:i]) for i in range(len(cells))]  # a quoted "\n" spans lines
    assert found == [line for line, title in zip(firsts, cells) if not title.strip(BLANK)]


def test_an_apostrophe_alone_is_blank_beside_filled_titles(catalog):
    report = catalog([row(1, 题名="'"), row(2)])
    assert lines_of(report, "CAT003") == [2]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=BLANK + "x通1", max_size=4), max_size=8))
def test_the_quick_scan_never_clears_a_column_holding_a_blank(values):
    """`_may_be_blank` may send a clean column the slow way, never wave a blank cell through."""
    if any(not value.strip(BLANK) for value in values):
        assert _may_be_blank(values)


@given(st.lists(st.text(alphabet="x通1〔〕-", min_size=1, max_size=6), max_size=8))
def test_the_quick_scan_clears_an_ordinary_column(values):
    assert not _may_be_blank(values)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=BLANK + "x通1\u2003\x85", max_size=4), max_size=30))
def test_the_blank_cells_found_by_searching_the_joined_column_are_each_cells_own(values):
    """`_blank_indices` (regex over the column joined one cell per line, or cell by cell when a cell holds
    a line break) against stripping each cell; U+2003 and NEL are spaces no blank cell is made of."""
    assert _blank_indices(values) == [i for i, value in enumerate(values) if not value.strip(BLANK)]
