"""Read a CSV export as column-oriented blocks, at close to the speed of the bytes.

`csv.reader` builds a list per row and batching those rows then costs a transposition; together
that is twice the parse itself. Most of a real export has no quote characters at all, and for
such text a CSV row is exactly `line.split(delimiter)`. So the file is read in blocks of whole
lines; a quote-free block is split into all its cells with one `str.split` and each column is a
strided slice of that list. A block holding a quote goes through `csv.reader` (whose semantics
are the reference), extended with the following blocks while it ends inside a quoted field.
Rows keep their physical line numbers either way (header = line 1).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from typing import BinaryIO, Callable, Iterator, Mapping, Sequence

from archcheck.catalog.blanks import ROW_WHITESPACE
from archcheck.catalog.block_size import configured_block
from archcheck.catalog.alignment import aligned_at_end
from archcheck.catalog.row_notes import LEADING, OFF_WIDTH, RAGGED, UNFILLED, UNNAMED, UNNAMED_LEADING

#: Bytes read per block: an eighth of a core's L2 cache, 64–256 KiB (`block_size.block_for`).
BLOCK = configured_block()
#: A line no real cell can hold: the record after it is complete only if csv.reader sees it alone.
_SENTINEL = "\x00archcheck\x01end\x00"


@dataclass
class ColumnBlock:
    """Rows of a block as columns (each padded or cut to the header width), with physical lines."""

    lines: Sequence[int]
    columns: list[Sequence[str]]
    #: (index in block, problem code, detail): ragged rows; index None: the table (`row_notes.UNNAMED`)
    notes: list[tuple[int | None, str, str]] = field(default_factory=list)
    #: blank rows dropped from this block (`,,,,` lines a spreadsheet leaves): not records
    blank: int = 0


class CsvParseError(Exception):
    def __init__(self, line: int, detail: str):
        super().__init__(detail)
        self.line, self.detail = line, detail


def text_blocks(fh: BinaryIO, encoding: str, size: int | None = None) -> Iterator[str]:
    """Decoded pieces of the file, each ending after a line break (except perhaps the last).

    Cut at a 0x0A byte, which is never part of a UTF-8 or GB18030 character (or at a 0x0D that is
    not the last byte read, for files with old Mac line ends). Raises UnicodeDecodeError.
    The bytes are read into one buffer and decoded from it, the unfinished last line moved to its
    front: each byte is copied once by the read, not again to join, cut and hand over a block.
    """
    size = size or BLOCK
    decode = _block_decoder(encoding)
    buf = bytearray(2 * size)
    kept = 0  # the unfinished line carried over, at the front of `buf`
    while True:
        if len(buf) - kept < size:  # one very long line: room for another block after it
            buf.extend(bytes(len(buf)))
        with memoryview(buf) as view:
            got = fh.readinto(view[kept:kept + size]) or 0
            total = kept + got
            if not got:
                if kept:
                    yield decode(view[:kept], True)
                return
            cut = buf.rfind(b"\n", 0, total) + 1 or buf.rfind(b"\r", 0, total - 1) + 1
            if not cut:
                kept = total  # no line break yet: keep reading
                continue
            yield decode(view[:cut], False)
            buf[:total - cut] = view[cut:total]
            kept = total - cut


def _block_decoder(encoding: str) -> Callable[[memoryview, bool], str]:
    """decode(whole lines, final) for `encoding`: UTF-8 straight from the buffer (the incremental decoder
    would copy it first; a block of whole lines never ends inside a character), a BOM dropped where the
    file starts; other encodings through their incremental decoder, from a copy it may keep."""
    if codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig"):
        decoder = codecs.getincrementaldecoder(encoding)()
        return lambda data, final: decoder.decode(bytes(data), final)
    bom = [codecs.lookup(encoding).name == "utf-8-sig"]

    def decode(data: memoryview, final: bool) -> str:
        if bom[0]:
            bom[0] = False
            if data[:3] == codecs.BOM_UTF8:
                data = data[3:]
        return codecs.utf_8_decode(data, "strict", True)[0]

    return decode


def first_records(text: str, delimiter: str, limit: int = 12) -> tuple[list[tuple[list[str], int]], str]:
    """Up to `limit` records at the start of `text` with the physical line each starts on (first = 1),
    and the text after the last of them (the header search reads these; the rest streams)."""
    records: list[tuple[list[str], int]] = []
    source = io.StringIO(text, newline="")
    reader = csv.reader(source, delimiter=delimiter)
    line = 1
    for cells in reader:
        records.append((cells, line))
        line = reader.line_num + 1
        if len(records) >= limit:
            break
    return records, text_after_records(text, delimiter, len(records)) if records else text


def text_after_records(text: str, delimiter: str, count: int) -> str:
    """`text` without its first `count` records (a record may span lines inside quotes)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for _ in range(count):
        if next(reader, None) is None:
            return ""
    source = io.StringIO(text, newline="")
    used = sum(len(next(source)) for _ in range(reader.line_num))
    return text[used:]


class ColumnReader:
    """Turns decoded text blocks into ColumnBlocks; `first_line` is the line the first block starts on.

    `spare`: how many empty cells past the header a record may end with, cut silently: as many as the
    header line itself ends with (a spreadsheet's "save as CSV" pads every line to its used range), or
    as the file's first records end with (an exporter that ends every data line with a delimiter;
    `habit_of`: two, and more than half, of the first 16). A record with more cells than that is
    ragged, even when they are empty: an unquoted comma in a 题名 followed by an empty 备注 has exactly
    that shape.

    `unnamed`: when the first records agree (`habit_of`) on more cells than the header names and those
    are not empty, the header lacks names for the last columns: records of that length are cut to the
    header (their cells stand in place and are judged) and the first block says so once, as a note on
    the table (`UNNAMED`); records of other lengths are ragged. `unnamed` < 0 is the mirror: the
    records stop that many columns before the header's last, which they are read as blank
    (`UNFILLED`). Either way, when the cells fit the header's columns lined up at its end (`index`,
    the header's canonical positions: `alignment.aligned_at_end`), the difference is at the front
    instead: first cells without a name, not read (`UNNAMED_LEADING`; also when those first records'
    extra cells are empty at the end, which would otherwise be taken for padding), or first columns
    the records lack, read as blank (`LEADING`)."""

    def __init__(self, blocks: Iterator[str], delimiter: str, width: int, first_line: int, spare: int = 0,
                 index: Mapping[str, int] | None = None):
        self.blocks, self.delimiter, self.width, self.line = blocks, delimiter, width, first_line
        self.spare = spare
        self.unnamed = 0
        self.lead = False  # the records line up with the header at its end: the difference is in front
        self.index = index or {}

    def __iter__(self) -> Iterator[ColumnBlock]:
        head, self.blocks = _peek(self.blocks, self.delimiter)
        padding, self.unnamed = habit_of(head, self.width)
        if padding and aligned_at_end(head, self.index, self.width, padding):
            padding, self.unnamed = 0, padding  # not padding at the end: a cell in front with no name
        self.spare = max(self.spare, padding)
        self.lead = aligned_at_end(head, self.index, self.width, self.unnamed)
        said = not self.unnamed
        for block in self._blocks():
            if not said and block.lines:  # said once, on the first block that has records
                if self.unnamed > 0:
                    code = UNNAMED_LEADING if self.lead else UNNAMED
                else:
                    code = LEADING if self.lead else UNFILLED
                block.notes.insert(0, (None, code, f"{self.width + self.unnamed}/{self.width}"))
                said = True
            yield block

    def _blocks(self) -> Iterator[ColumnBlock]:
        for text in self.blocks:
            if '"' in text:
                fast = self._all_quoted(text)
                if fast is not None:
                    yield fast
                    continue
                text, rows, used = self._quoted(text)
                block = _shape_rows(_quoted_lines(rows, self.line, used), rows, self.width, self.spare, self.unnamed, self.lead)
                self.line += used
                if block.lines or block.blank:
                    yield block
                continue
            if "\r" in text:
                unix = text.replace("\r\n", "\n")
                if "\r" not in unix:
                    text = unix
                else:  # old Mac line ends: let csv.reader count them
                    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter))
                    block = _shape_rows(range(self.line, self.line + len(rows)), rows, self.width, self.spare, self.unnamed, self.lead)
                    self.line += len(rows)
                    if block.lines or block.blank:
                        yield block
                    continue
            block = self._plain(text)
            if block is not None:
                yield block

    def _plain(self, text: str) -> ColumnBlock | None:
        """A quote-free block: every line is one record, its cells `line.split(delimiter)`."""
        if not text:
            return None
        if not text.endswith("\n"):
            text += "\n"
        count, first = text.count("\n"), self.line
        self.line += count
        numbers = range(first, first + count)
        cells = _marked_cells(text, self.delimiter)
        columns = _columns(cells, count, self.width)
        if columns is None and self.spare:
            columns = _padded_columns(cells, count, self.width, self.spare)
        if columns is None and self.unnamed:  # the file's own width: cut to the header, or padded blank
            columns = _columns(cells, count, self.width + self.unnamed)
            if columns is not None:
                columns = _lined_up(columns, self.width, self.unnamed, self.lead, [""] * count)
        if columns is not None and not _may_hold_blank_rows(columns[max(0, -self.unnamed) if self.lead else 0]):
            return ColumnBlock(numbers, columns)
        return _mended(cells, count, self.width, numbers, self.spare, self.unnamed, self.lead)

    def _all_quoted(self, text: str) -> ColumnBlock | None:
        """A block in which every cell is quoted and none holds a quote or a line break (some exporters
        quote everything): the quotes are taken off with a few C-level passes and the cells split as
        in `_plain`. None when the block is anything else (csv.reader reads it then).

        Each line is `"` + cells joined by `","` + `"`. Taking those quotes off uses exactly 2 per cell,
        so when the block holds that many quotes in all and every line has `width` cells, no cell held
        a quote of its own, every line break ended a record, and csv.reader would read the same cells.
        """
        if "\r" in text:
            if text.count("\r") != text.count("\r\n"):
                return None
            text = text.replace("\r\n", "\n")
        if not (text.startswith('"') and text.endswith('"\n')):
            return None
        count, width, sep = text.count("\n"), self.width, '"' + self.delimiter + '"'
        if text.count('"') != 2 * width * count:
            return None
        cells = text.replace('"\n"', sep + "\n" + sep).split(sep)
        if not (cells[0].startswith('"') and cells[-1].endswith('"\n')):
            return None  # a separator took the first or the last quote: not the shape above
        cells[0] = cells[0][1:]  # the first line's opening quote
        cells[-1] = cells[-1][:-2]  # the last line's closing quote and line break
        cells.append("\n")
        step = width + 1
        if len(cells) != count * step or cells[width::step].count("\n") != count:
            return None
        columns: list[Sequence[str]] = [cells[j::step] for j in range(width)]
        if _may_hold_blank_rows(columns[0]):
            return None  # a line of empty cells is no record: the careful way drops and counts it
        first = self.line
        self.line += count
        return ColumnBlock(range(first, first + count), columns)

    def _quoted(self, text: str) -> tuple[str, list[list[str]], int]:
        """Parse with csv.reader, pulling in further blocks while the text ends inside quotes."""
        grow = BLOCK
        while True:
            reader = csv.reader(chain(io.StringIO(text, newline=""), (_SENTINEL + "\n",)), delimiter=self.delimiter)
            try:
                rows = list(reader)
            except csv.Error as exc:
                raise CsvParseError(self.line - 1 + reader.line_num, str(exc)) from None
            if rows and rows[-1] == [_SENTINEL]:
                rows.pop()
                return text, rows, reader.line_num - 1
            more = "".join(_take(self.blocks, grow))
            if not more:  # a quote left open at the end of the file, as csv.reader reads it
                return text, list(csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter)), \
                    _count_lines(text)
            text += more
            grow *= 2  # doubling keeps re-parsing a long quoted stretch linear


#: whitespace that sorts above letters and digits, so that `min` cannot find a cell of only these
_HIGH_WHITESPACE = tuple(ch for ch in ROW_WHITESPACE if ch > "0")


def _may_hold_blank_rows(first_column: Sequence[str]) -> bool:
    """Whether some row may be all blank (`,,,,`): only if its first cell is. When the smallest string of
    the column starts above the space character, no cell is empty or starts with an ASCII space or
    control character, so only a cell of other spaces (full-width, no-break, NEL) can be blank: that
    is looked for in the joined column, unless it is all ASCII. Otherwise each cell is stripped. A few
    C-level passes settle the usual block."""
    if not first_column:
        return False
    if min(first_column)[:1] <= " ":  # a cell is empty or starts with a space, a tab or a control character
        return not all(map(str.strip, first_column))
    joined = "".join(first_column)
    return not joined.isascii() and any(ch in joined for ch in _HIGH_WHITESPACE)


#: how far ahead of the first block the file's first records are looked for (`_peek`)
PEEK = 1 << 20


#: how many of the file's first non-blank records `habit_of` weighs
SAMPLE = 16


def habit_of(records: Sequence[Sequence[str]], width: int) -> tuple[int, int]:
    """(padding, unnamed): how many cells past the header the file's first records have — as padding
    when they are empty (the exporter's habit, where the header line lacks it), as unnamed columns
    when not (a header short of names); unnamed < 0 when they have that many cells fewer than the
    header names (its last columns never filled). (0, 0) unless at least two, and more than half, of
    the first `SAMPLE` non-blank records have that length: a record's own unquoted comma, even in the
    first two, is not taken for a habit while the rest of the sample disagrees."""
    rows = [row for row in records if any(cell.strip() for cell in row)][:SAMPLE]
    if len(rows) < 2:
        return 0, 0
    length, agree = Counter(map(len, rows)).most_common(1)[0]
    if length == width or agree < 2 or 2 * agree <= len(rows):
        return 0, 0
    if length < width:
        return 0, length - width
    extra = length - width
    if any(cell.strip() for row in rows if len(row) == length for cell in row[width:]):
        return 0, extra
    return extra, 0


def _peek(blocks: Iterator[str], delimiter: str) -> tuple[list[list[str]], Iterator[str]]:
    """The first complete records of the stream (enough for `habit_of`), and the blocks again."""
    seen: list[str] = []
    size = 0
    for text in blocks:
        seen.append(text)
        size += len(text)
        records, complete = _first_rows("".join(seen), delimiter)
        if complete or size > PEEK:
            return records, chain(seen, blocks)
    return (_first_rows("".join(seen), delimiter, at_end=True)[0] if seen else []), iter(seen)


def _first_rows(text: str, delimiter: str, at_end: bool = False) -> tuple[list[list[str]], bool]:
    """The records of `text` up to its `SAMPLE`-th non-blank one, and whether that one is known complete
    (a record follows it, or the text is the whole file)."""
    records: list[list[str]] = []
    found = 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if found == SAMPLE:
                return records, True
            records.append(row)
            found += any(cell.strip() for cell in row)
    except csv.Error:
        return [], True
    return records, at_end


def _take(blocks: Iterator[str], size: int) -> Iterator[str]:
    got = 0
    for text in blocks:
        yield text
        got += len(text)
        if got >= size:
            return


def _count_lines(text: str) -> int:
    return sum(1 for _ in io.StringIO(text, newline=""))


def _marked_cells(text: str, delimiter: str) -> list[str]:
    """The cells of `text`'s newline-ended, quote-free lines in order, each line followed by a cell "\\n"
    (which no cell of such a line can be): where those sit tells where each line ends."""
    cells = text.replace("\n", delimiter + "\n" + delimiter).split(delimiter)
    cells.pop()  # the empty string after the last line break
    return cells


def _columns(cells: list[str], count: int, width: int) -> list[Sequence[str]] | None:
    """The columns of `count` marked lines, or None unless every line has exactly `width` cells: their
    markers then sit at positions width, 2·width+1, …, and nowhere else."""
    step = width + 1
    if len(cells) != count * step or cells[width::step].count("\n") != count:
        return None
    return [cells[j::step] for j in range(width)]


def _padded_columns(cells: list[str], count: int, width: int, spare: int) -> list[Sequence[str]] | None:
    """The columns of a block in which every line ends with the header line's `spare` empty cells (a
    spreadsheet's export), or None."""
    columns = _columns(cells, count, width + spare)
    if columns is None or any(column.count("") != count for column in columns[width:]):
        return None
    return columns[:width]


def _mended(cells: list[str], count: int, width: int, numbers: Sequence[int], spare: int = 0,
            unnamed: int = 0, lead: bool = False) -> ColumnBlock:
    """A block with blank or ragged lines, mended the way `_shape_rows` would: the lines to mend are
    found from the markers (cell counts) and first cells (a blank line's first cell is blank), and
    the lines between them are kept as sliced from `cells`, so one odd line does not cost a Python
    step for every cell of the block."""
    ends, at, find = [], -1, cells.index
    for _ in range(count):
        at = find("\n", at + 1)
        ends.append(at)
    starts = [0] + [end + 1 for end in ends[:-1]]
    odd = range(count) if lead else \
        [k for k, (start, end) in enumerate(zip(starts, ends)) if end - start != width or not cells[start].strip()]
    notes: list[tuple[int, str, str]] = []
    out: list[str] = []
    dropped: list[int] = []
    done = 0
    for k in odd:
        out += cells[done:starts[k]]
        done = ends[k] + 1
        row = _mend(cells[starts[k]:ends[k]], width, spare, k - len(dropped), notes, unnamed, lead)
        if row is None:
            dropped.append(k)
        else:
            out += row
            out.append("\n")
    out += cells[done:]
    kept = count - len(dropped)
    if not kept:
        return ColumnBlock([], [[] for _ in range(width)], [], count)
    columns = _columns(out, kept, width)
    assert columns is not None  # every line now has exactly `width` cells
    if dropped:
        gone = set(dropped)
        numbers = [n for k, n in enumerate(numbers) if k not in gone]
    return ColumnBlock(numbers, columns, notes, len(dropped))


def _mend(row: list[str], width: int, spare: int, index: int, notes: list[tuple[int, str, str]],
          unnamed: int = 0, lead: bool = False) -> list[str] | None:
    """A blank line (or one of empty cells) is no record (None); a ragged row is padded or cut to the
    header width and noted. Up to `spare` empty cells past the header are the export's padding (the
    header line has them too) and are cut silently, as is a row of the file's `unnamed` columns more
    (the table's note says so once); `lead`: the file's records line up with the header at its end."""
    if not row or not any(cell.strip() for cell in row):
        return None
    if lead:  # every record is mended: lined up at the end when it has the file's width, out of shape otherwise
        if len(row) == width + unnamed:
            return _lined_up(row, width, unnamed, True, "")
        notes.append((index, OFF_WIDTH, f"{len(row)}/{width + unnamed}"))
        return (row + [""] * width)[:width]
    if len(row) != width:
        if width < len(row) <= width + spare and not any(c.strip() for c in row[width:]):
            return row[:width]  # padding the header line carries as well
        if unnamed and len(row) == width + unnamed:
            return (row + [""] * width)[:width]
        notes.append((index, RAGGED, f"{len(row)}/{width}"))
        return (row + [""] * width)[:width]
    return row


def _lined_up(cells: list, width: int, unnamed: int, lead: bool, blank: object) -> list:
    """A record (or a block's columns) of `width + unnamed` to the header's `width`: the difference
    taken from the end, or from the front when the file's records line up with the header at its end."""
    if unnamed > 0:
        return cells[unnamed:] if lead else cells[:width]
    pad = [blank] * -unnamed
    return pad + cells if lead else cells + pad


def _quoted_lines(rows: list[list[str]], first: int, used: int) -> Sequence[int]:
    """Each row's first physical line; a quoted cell may span lines."""
    if used == len(rows):
        return range(first, first + used)
    lines, at = [], first
    for row in rows:
        lines.append(at)
        at += 1 + sum(_breaks(cell) for cell in row if "\n" in cell or "\r" in cell)
    return lines


def _breaks(cell: str) -> int:
    return cell.count("\n") + cell.count("\r") - cell.count("\r\n")


def _shape_rows(lines: Sequence[int], rows: list[list[str]], width: int, spare: int = 0, unnamed: int = 0,
                lead: bool = False) -> ColumnBlock:
    """Rows from csv.reader: blank lines dropped (and counted), ragged rows mended and noted, then transposed."""
    notes: list[tuple[int, str, str]] = []
    keep_lines, keep_rows = [], []
    for line, row in zip(lines, rows):
        mended = _mend(row, width, spare, len(keep_rows), notes, unnamed, lead)
        if mended is not None:
            keep_lines.append(line)
            keep_rows.append(mended)
    columns: list[Sequence[str]] = [list(c) for c in zip(*keep_rows)] if keep_rows else [[] for _ in range(width)]
    return ColumnBlock(keep_lines, columns, notes, len(rows) - len(keep_rows))
