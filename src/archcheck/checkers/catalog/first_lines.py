"""Where each 件号 of a group was first seen: what CAT007 (duplicate 档号) and CAT009 (gaps) both remember.

One array per group, indexed by 件号, holds the first line (4 bytes per item; 0 = not seen), so a
million-row catalogue costs megabytes, not a dict entry per row. Lines of a workbook's sheets are
packed with their sheet number. Runs of consecutive new 件号 are stored with one slice assignment.
"""

from __future__ import annotations

from array import array
from typing import Iterator

#: 件号 above this are not remembered (a typo such as 9999999 must not allocate an enormous array)
LIMIT = 1_000_000


class FirstLines:
    def __init__(self) -> None:
        self.groups: dict[str, array] = {}
        self.sheets: list[str | None] = []

    def sheet_id(self, sheet) -> int:
        """0 for a file without sheets, else the sheet's 1-based number in the order first met."""
        if sheet is None:
            return 0
        if sheet not in self.sheets:
            self.sheets.append(sheet)
        return self.sheets.index(sheet) + 1

    def decode(self, value: int):
        """(sheet name or None, line) of a stored value."""
        if not self.sheets:
            return None, value
        sheet = value >> 21
        return (self.sheets[sheet - 1] if sheet else None), value & ((1 << 21) - 1)

    def record(self, key: str, items, lines, sheet: int, start: int, end: int, lowest: int = 0) -> Iterator[tuple[int, int]]:
        """Remember rows [start, end) of group `key` (件号 in `items`, below `lowest` ignored), and yield
        (row index, stored first line) for each row whose 件号 was seen before."""
        arr = self.groups.get(key)
        if arr is None:
            arr = self.groups[key] = array("I")
        for begin, stop, bulk in pieces(items, start, end, arr):
            if bulk:
                low = items[begin]
                arr[low:low + stop - begin] = array("I", [encode(sheet, n) for n in lines[begin:stop]]) if sheet \
                    else array("I", lines[begin:stop])
                continue
            for index in range(begin, stop):
                item = items[index]
                if item < lowest or item > LIMIT:
                    continue
                if len(arr) <= item:
                    arr.frombytes(bytes(4 * (item - len(arr) + 64)))
                if arr[item]:
                    yield index, arr[item]
                else:
                    arr[item] = encode(sheet, lines[index])


def pieces(items, start: int, end: int, arr: array, limit: int = LIMIT):
    """Split rows [start, end) of one group into stretches of consecutive 件号 not seen before (bulk=True,
    handled with one slice assignment) and short leftovers (bulk=False, one by one). Lazy: the caller
    records each bulk stretch before the next one is checked, so repeats inside a run are caught."""
    stack = [(start, end)]
    while stack:
        s, e = stack.pop()
        size, low = e - s, items[s]
        if 0 <= low and low + size <= limit and items[s:e] == counting(low, size):
            if len(arr) < low + size:
                arr.frombytes(bytes(arr.itemsize * (low + size - len(arr) + 64)))
            if arr[low:low + size].count(0) == size:
                yield s, e, True
                continue
        if size <= 16:
            yield s, e, False
            continue
        mid = (s + e) // 2
        stack.append((mid, e))
        stack.append((s, mid))


_COUNTING = list(range(10_000))


def counting(low: int, size: int) -> list[int]:
    """[low, low + 1, …] of `size` numbers: a slice of one list made at import for the usual 件号, so
    comparing a run with it allocates no number."""
    if 0 <= low and low + size <= len(_COUNTING):
        return _COUNTING[low:low + size]
    return list(range(low, low + size))


def encode(sheet: int, line: int) -> int:
    """A line and its worksheet in one uint32: XLSX rows stay below 2**21."""
    return (sheet << 21) | line if sheet else line
