"""Which of the header's columns a file's records lack, when they all have fewer cells than it names.

An export whose records are k cells short of the header has lost k columns somewhere. Usually they
are the last ones (an exporter that drops trailing empty fields), but a header can also name a
column in front that the data never had (a 序号 or 全宗号 the template carries and the export leaves
out): then every cell stands one column early, and reading the records as lacking the last columns
judges each cell in its neighbour's column — a 档号 as a 序号, a 题名 as a 责任者, a 页数 as a 日期:
a cascade of findings for one defect of the file. What the cells look like tells the two apart: the
columns with a shape of their own (档号, 日期, 年度, 件号, 页数, 保管期限, 密级) fit their cells in one
alignment and not in the other.
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

from archcheck.catalog.values import clean, parse_date, parse_item, parse_pages, parse_ref, parse_term, parse_year

#: 密级 values a catalogue carries (GB/T 7156 levels, and what systems write for none)
_SECRECY = frozenset({"无", "公开", "非密", "内部", "秘密", "机密", "绝密", "普通"})

#: the columns whose cells have a shape of their own, and the test of a non-blank cell
_SHAPES: Mapping[str, Callable[[str], bool]] = {
    "档号": lambda text: parse_ref(text, allow_dat13=True) is not None,
    "日期": lambda text: parse_date(text).kind in ("ok", "format", "serial"),
    "年度": lambda text: parse_year(text) is not None,
    "件号": lambda text: parse_item(text).kind in ("ok", "unpadded"),
    "序号": lambda text: parse_item(text).kind in ("ok", "unpadded"),
    "页数": lambda text: parse_pages(text) is not None,
    "保管期限": lambda text: parse_term(text).kind in ("ok", "label", "legacy"),
    "密级": lambda text: text in _SECRECY,
}


def missing_in_front(records: Sequence[Sequence[str]], index: Mapping[str, int], width: int, short: int) -> bool:
    """Whether records `short` cells shorter than the header lack its first columns rather than its last.

    `index` maps canonical column names to positions in the header of `width` cells. Each non-blank cell of a record of that
    length scores +1 where it fits the shape of the column it would stand in and -1 where it does not,
    once read from the header's first column and once from its `short`-th; the front is taken only
    when that alignment scores higher and fits more than it misses. With nothing to tell them apart
    (no shaped column, or blank cells) the records lack the last columns, as before."""
    if short <= 0:
        return False
    shaped = {position: _SHAPES[name] for name, position in index.items() if name in _SHAPES}
    rows = [row for row in records if len(row) == width - short]
    as_read = _fit(rows, shaped, 0)
    shifted = _fit(rows, shaped, short)
    return shifted > as_read and shifted > 0


def _fit(rows: Sequence[Sequence[str]], shaped: Mapping[int, Callable[[str], bool]], offset: int) -> int:
    score = 0
    for row in rows:
        for at, cell in enumerate(row):
            test = shaped.get(at + offset)
            text = clean(cell)
            if test is None or not text:
                continue
            score += 1 if test(text) else -1
    return score
