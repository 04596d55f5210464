"""The whole-number columns of volume catalogues (顺序号, 页号, 页数, 件数) converted in C-level passes
(`rows._whole`) agree with a plain reading: all cells ASCII digits of a number ≥ 1, or None; and the 页号
ranges the fast path parses once per text (`rows._page_range`) agree with the reference parser."""

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


ranges = st.one_of(st.tuples(st.integers(0, 600), st.integers(0, 600)).map(lambda p: f"{p[0]}-{p[1]}"),
                   st.tuples(cells, cells).map("-".join), cells, st.text(alphabet="0123456789-～ ３", max_size=8))


@given(ranges)
def test_a_page_range_in_the_fast_form_reads_as_the_reference_parser_reads_it(cell):
    """`rows._page_range` (the 页号 memo of the fast path) gives a pair only where the reference reading gives that
    same range; anything else (None) goes to the reference, cell by cell."""
    from archcheck.catalog.volumes import parse_page_range
    from archcheck.checkers.volumes.rows import _page_range

    fast = _page_range(cell)
    if fast is not None:
        assert tuple(parse_page_range(cell)) == fast
    elif re.fullmatch(r"[0-9]+-[0-9]+", cell) and 1 <= int(cell.split("-")[0]) <= int(cell.split("-")[1]):
        raise AssertionError(f"{cell!r} is a plain a-b range the fast path should take")
