"""The whole-number columns of volume catalogues (顺序号, 页号, 页数, 件数) converted in C-level passes
(`rows._whole`) agree with a plain reading: all cells ASCII digits of a number ≥ 1, or None."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from archcheck.checkers.volumes.rows import _whole

cells = st.one_of(st.integers(0, 12000).map(str), st.integers(1, 99).map(lambda n: f"{n:04d}"),
                  st.sampled_from(["", " 3", "3 ", "²", "３", "-1", "1.0", "1e3", "00", "10001"]), st.text(max_size=4))


def plain(col: list[str]) -> list[int] | None:
    if all(re.fullmatch(r"[0-9]+", c) and int(c) >= 1 for c in col):
        return [int(c) for c in col]
    return None


@given(st.lists(cells, max_size=30))
def test_whole_numbers_read_as_a_plain_reading_does(col):
    assert _whole(col) == plain(col)
