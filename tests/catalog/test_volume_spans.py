"""A 案卷目录 batch's 起止日期 read in bulk (`rows._spans_in_bulk`) are the spans the row-by-row reading
(`parse_span`) gives, or the bulk path declines and leaves the batch to it."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from archcheck.api import volumes as K
from archcheck.checkers.volumes.rows import _spans_in_bulk

days = st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31)).map(lambda d: d.strftime("%Y%m%d"))
odd_days = st.sampled_from(["20050230", "20051301", "20050000", "19991232", "30000101", "2005010"])
cells = st.one_of(st.tuples(days, days).map("-".join), st.tuples(days, odd_days).map("-".join),
                  st.sampled_from(["", "2005", "2005.01-2005.12", "20050101—20051231", "20050101-20051231 ", "x"]))


@given(st.lists(cells, max_size=12))
def test_bulk_spans_are_the_row_by_row_spans_or_none(col):
    got = _spans_in_bulk(col, {})
    if got is not None:
        assert got == [K.parse_span(c) for c in col]


@given(st.lists(st.tuples(days, days).map(sorted).map("-".join), min_size=1, max_size=12))
def test_a_column_of_clean_spans_is_read_in_bulk(col):
    assert _spans_in_bulk(col, {}) == [K.parse_span(c) for c in col]
