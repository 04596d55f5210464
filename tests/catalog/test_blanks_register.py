"""One register of what is blank (catalog.blanks): the rules' blank cell and `values.clean` agree, and a
row of blank cells is a row the reader drops."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from archcheck.catalog import batch, blanks, csv_blocks, values

CELLS = st.text(alphabet=blanks.CELL_BLANKS + "a0档\u2003", max_size=6)


@given(cell=CELLS)
def test_a_cell_is_blank_for_cat003_exactly_when_clean_leaves_nothing(cell):
    assert (batch._strip(cell) == "") == (values.clean(cell) == "")


@given(cell=CELLS)
def test_the_quick_blank_scan_agrees_with_cleaning_each_cell(cell):
    """`_may_be_blank` may say True for a column of filled cells (then every cell is looked at), never False
    for a column holding a blank one."""
    column = ["关于X的通知", cell, "0001"]
    if values.clean(cell) == "":
        assert batch._may_be_blank(column)


@given(cells=st.lists(st.text(alphabet=blanks.CELL_WHITESPACE.replace("\ufeff", "").replace("\n", ""), max_size=3),
                      min_size=3, max_size=3))
def test_a_row_of_blank_cells_is_no_record(cells):
    """Cells of a cell's whitespace (a byte-order mark aside, which `str.strip` keeps) make a blank row."""
    text = "档号,题名,页数\nZ1-0001,甲,3\n" + ",".join(cells) + "\n"
    reader = csv_blocks.ColumnReader(iter([text.split("\n", 1)[1]]), ",", 3, 2)
    kept = [line for block in reader for line in block.lines]
    assert kept == [2]
