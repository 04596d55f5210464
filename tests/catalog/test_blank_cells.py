"""A blank cell (nothing but whitespace, a byte-order mark or a spreadsheet apostrophe) is reported once,
whatever else its batch holds: the C-level scan that clears a batch of blanks must not miss the blanks the
row-by-row reading finds, or a cell's verdict would hang on its neighbours."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.conftest import lines_of, row, run, write_csv

BLANK = " \t\r\n\u3000\xa0\ufeff'"
#: what the titles are drawn from: csv.writer does not quote a bare "\r", which then ends the line
DRAWN = BLANK.replace("\r", "")
#: titles: ordinary ones, blank ones, and ones that only look blank at one end
titles = st.one_of(st.just("关于印发工作要点的通知"), st.text(alphabet=DRAWN, max_size=3),
                   st.text(alphabet=DRAWN + "x通", min_size=1, max_size=4))


@settings(max_examples=80, deadline=None)
@given(st.lists(titles, min_size=1, max_size=12))
def test_each_blank_title_is_one_finding_whatever_its_neighbours(cells):
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "c.csv", [row(i, 题名=title) for i, title in enumerate(cells, 1)])
        found = lines_of(run(path), "CAT003")
    firsts = [2 + i + sum(t.count("\n") for t in cells[:i]) for i in range(len(cells))]  # a quoted "\n" spans lines
    assert found == [line for line, title in zip(firsts, cells) if not title.strip(BLANK)]


def test_an_apostrophe_alone_is_blank_beside_filled_titles(catalog):
    report = catalog([row(1, 题名="'"), row(2)])
    assert lines_of(report, "CAT003") == [2]
