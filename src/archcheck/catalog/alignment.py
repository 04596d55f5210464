"""Whether a file's records line up with the header at its end, when they all have another number of cells.

An export whose records are k cells short of the header has lost k columns somewhere. Usually they
are the last ones (an exporter that drops trailing empty fields), but a header can also name a
column in front that the data never had (a 序号 or 全宗号 the template carries and the export leaves
out): then every cell stands one column early, and reading the records as lacking the last columns
judges each cell in its neighbour's column — a 档号 as a 序号, a 题名 as a 责任者, a 页数 as a 日期:
a cascade of findings for one defect of the file. The mirror: records with cells the header does not
name are usually longer at the end (a header short of names), but may carry an unnamed cell in front
(a row number written without a heading). What the cells look like tells the two apart: the columns
with a shape of their own (档号, 日期, 年度, 件号, 页数, 保管期限, 密级) fit their cells in one alignment
and not in the other.
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


def aligned_at_end(records: Sequence[Sequence[str]], index: Mapping[str, int], width: int, unnamed: int) -> bool:
    """Whether records of `width + unnamed` cells line up with the header of `width` at its end: with
    `unnamed` < 0 they lack its first columns, with `unnamed` > 0 their first cells have no name.

    `index` maps canonical column names to header positions. Each non-blank cell of a record of that
    length scores +1 where it fits the shape of the column it would stand in and -1 where it does not,
    once lined up from the front and once from the end; the end is taken only when it scores higher
    and fits more than it misses. With nothing to tell them apart (no shaped column, or blank cells)
    the records line up from the front, as before."""
    if not unnamed:
        return False
    shaped = {position: _SHAPES[name] for name, position in index.items() if name in _SHAPES}
    rows = [row for row in records if len(row) == width + unnamed]
    from_front = _fit(rows, shaped, 0)
    from_end = _fit(rows, shaped, -unnamed)
    return from_end > from_front and from_end > 0


def _fit(rows: Sequence[Sequence[str]], shaped: Mapping[int, Callable[[str], bool]], offset: int) -> int:
    """How much better the cells fit than misfit the shaped columns, cell `j` read in header column `j + offset`."""
    score = 0
    for row in rows:
        for at, cell in enumerate(row):
            test = shaped.get(at + offset)
            text = clean(cell)
            if test is None or not text:
                continue
            score += 1 if test(text) else -1
    return score
