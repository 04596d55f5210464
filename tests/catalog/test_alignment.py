"""`alignment.aligned_at_end`: whether records of another width line up with the header at its end."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archcheck.catalog.alignment import aligned_at_end
from archcheck.catalog.columns import resolve

HEADER = ["序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注"]
RECORD = ["1", "Z109-WS·2019-Y-BGS-0001", "某局发〔2019〕1号", "办公室", "关于印发工作要点的通知", "20190305", "", "4", ""]
INDEX = resolve(HEADER).index


def test_records_without_the_first_column_are_read_from_the_second():
    assert aligned_at_end([RECORD[1:]] * 3, INDEX, len(HEADER), -1)


def test_records_without_the_last_column_keep_their_places():
    assert not aligned_at_end([RECORD[:-1]] * 3, INDEX, len(HEADER), -1)


def test_nothing_to_tell_them_apart_keeps_the_cells_in_place():
    # only free-text columns: no shape says where the cells belong
    header = ["题名", "责任者", "备注"]
    assert not aligned_at_end([["通知", "办公室"]] * 3, resolve(header).index, 3, -1)


def test_an_unnamed_cell_in_front_is_told_from_one_at_the_end():
    header = HEADER[1:]  # the records carry a row number the header does not name
    index = resolve(header).index
    assert aligned_at_end([RECORD] * 3, index, len(header), 1)
    assert not aligned_at_end([RECORD[1:] + ["另见"]] * 3, index, len(header), 1)


@settings(max_examples=300, deadline=None)
@given(records=st.lists(st.lists(st.text(max_size=12), max_size=11), max_size=16), unnamed=st.integers(-4, 4))
def test_any_records_give_an_answer_and_the_same_one_twice(records, unnamed):
    first = aligned_at_end(records, INDEX, len(HEADER), unnamed)
    assert first in (True, False)
    assert aligned_at_end(records, INDEX, len(HEADER), unnamed) == first
    if unnamed == 0:
        assert first is False
