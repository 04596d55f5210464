"""CAT014 settles a batch of one 年度 by reading only the dates that do not begin with that year: the
findings must be those a row-by-row reading gives, whatever the mix of dates around them."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.conftest import lines_of, row, run, write_csv

YEAR = 2019
days = st.dates(min_value=dt.date(2016, 1, 1), max_value=dt.date(2022, 12, 31)).map(lambda d: d.strftime("%Y%m%d"))
#: how an exporter may write a date: plain, padded, as a spreadsheet number, or in another form
dates = st.one_of(days, days.map(lambda d: f" {d} "), days.map(lambda d: d + ".0"),
                  days.map(lambda d: f"{d[:4]}-{d[4:6]}-{d[6:]}"), st.sampled_from(["", "2019", "201913", "20190230", "二〇一九年"]))


def outside_the_year(cell: str) -> bool:
    """The row-by-row reading: an 8-digit calendar day (as written or as a spreadsheet number) of another year."""
    text = cell.strip()
    text = text[:-2] if text.endswith(".0") else text
    if len(text) != 8 or not text.isdigit():
        return False
    try:
        day = dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return False
    return day.year != YEAR


@settings(max_examples=60, deadline=None)
@given(st.lists(dates, min_size=1, max_size=40))
def test_each_date_outside_its_year_is_found_once(cells):
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "c.csv", [row(i, year=YEAR, 日期=cell) for i, cell in enumerate(cells, 1)])
        found = lines_of(run(path), "CAT014")
    assert found == [line for line, cell in enumerate(cells, 2) if outside_the_year(cell)]
