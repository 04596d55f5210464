"""Stream catalogue exports (CSV, JSON Lines, XLSX) as batches of rows with their physical positions.

Rows travel in batches of plain lists, not one dict per record: building a dict per row would cost
more than parsing the CSV. A batch keeps each row's physical line (CSV/JSONL, header = line 1) or
sheet row (XLSX) so every finding can point where a person looks. Bad rows become notes on the
batch (the rules report them); only a file that is not a catalogue at all raises CatalogReadError.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any, Callable, Iterator, Sequence

from archcheck.catalog import encoding as enc
from archcheck.catalog.csv_blocks import ColumnReader, CsvParseError, split_header, text_blocks
from archcheck.errors import CatalogReadError

BATCH = 4096
#: A 10 MB cell is hostile but readable; past this a field is an error, not a memory blow-up.
FIELD_LIMIT = 64 << 20


class Batch:
    """Rows of one table, each padded or cut to the header width, with their physical lines.

    A reader gives either `rows` or `columns` (the CSV reader builds columns directly, which is
    what rules read); the other is derived only when asked for.
    """

    def __init__(self, lines: Sequence[int], rows: list[list[str]] | None = None,
                 notes: list[tuple[int, str, str]] | None = None, columns: list[Sequence[str]] | None = None):
        self.lines = lines
        #: (index in batch, problem code, detail): ragged rows, unreadable JSON lines, …
        self.notes = notes if notes is not None else []
        self._rows, self._columns = rows, columns

    @property
    def rows(self) -> list[list[str]]:
        if self._rows is None:
            self._rows = [list(row) for row in zip(*self._columns)] if self._columns else []
        return self._rows

    @property
    def columns(self) -> list[Sequence[str]]:
        if self._columns is None:
            self._columns = list(zip(*self._rows)) if self._rows else []
        return self._columns


@dataclass
class Table:
    """One header and the rows under it: a CSV/JSONL file, or one XLSX worksheet."""

    source: str
    header: list[str]
    header_line: int
    batches: Callable[[], Iterator[Batch]]
    sheet: str | None = None
    encoding: str | None = None


def sniff_format(path: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    if ext in (".xlsx", ".xlsm"):
        return "xlsx"
    if ext in (".jsonl", ".ndjson", ".jsonlines"):
        return "jsonl"
    if ext in (".csv", ".tsv", ".txt"):
        return "csv"
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    return "jsonl" if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "csv"


def open_tables(path: str, fmt: str | None = None, encoding: str | None = None,
                display: str | None = None, batch_size: int = BATCH) -> Iterator[Table]:
    """Yield the tables of a catalogue file; raises CatalogReadError if it cannot be read at all."""
    display = display or path
    try:
        if not os.path.isfile(path):
            raise CatalogReadError(display, "", "文件不存在或不是普通文件", "no such file (or not a regular file)")
        fmt = fmt or sniff_format(path)
    except OSError as exc:
        raise CatalogReadError(display, "", f"无法读取文件：{exc.strerror}", f"cannot read file: {exc.strerror}") from None
    if fmt == "xlsx":
        yield from _xlsx_tables(path, display, batch_size)
        return
    encoding = enc.check_name(encoding) if encoding else enc.detect(path, display)
    if fmt == "jsonl":
        yield _jsonl_table(path, display, encoding, batch_size)
    else:
        yield _csv_table(path, display, encoding, batch_size)


def _bad_line(path: str, encoding: str) -> int | None:
    """The first physical line that does not decode (0x0A is never inside a UTF-8 or GB18030 character)."""
    try:
        with open(path, "rb") as fh:
            for number, raw in enumerate(fh, 1):
                try:
                    raw.decode(encoding)
                except UnicodeDecodeError:
                    return number
    except OSError:
        return None
    return None


def _decode_error(display: str, line: int, encoding: str, path: str | None = None) -> CatalogReadError:
    line = (_bad_line(path, encoding) if path else None) or line
    return CatalogReadError(
        display, str(line),
        f"第 {line} 行附近的字节不是有效的 {encoding} 编码；请用 --encoding 指定文件编码（如 gb18030 或 utf-8）",
        f"bytes near line {line} are not valid {encoding}; pass --encoding (e.g. gb18030 or utf-8)",
    )


# ---------------------------------------------------------------- CSV


def _csv_table(path: str, display: str, encoding: str, batch_size: int) -> Table:
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    fh = open(path, "rb")
    blocks = text_blocks(fh, encoding)
    try:
        first = next(blocks, "")
        line_one = first.split("\n", 1)[0]
        delimiter = "\t" if line_one.count("\t") > line_one.count(",") else ","
        header, used, rest = split_header(first, delimiter)
    except UnicodeDecodeError:
        fh.close()
        raise _decode_error(display, 1, encoding, path) from None
    except csv.Error as exc:
        fh.close()
        raise CatalogReadError(display, "1", f"表头无法解析：{exc}", f"cannot parse the header: {exc}") from None
    if not any(cell.strip() for cell in header):
        fh.close()
        raise CatalogReadError(display, "1", "第 1 行应为表头，但为空", "line 1 should be the header but is empty")
    reader = ColumnReader(chain((rest,), blocks), delimiter, len(header), used + 1)

    def batches() -> Iterator[Batch]:
        with fh:
            try:
                for block in reader:
                    yield Batch(block.lines, None, block.notes, block.columns)
            except UnicodeDecodeError:
                raise _decode_error(display, reader.line, encoding, path) from None
            except CsvParseError as exc:
                raise CatalogReadError(display, str(exc.line), f"第 {exc.line} 行无法解析：{exc.detail}",
                                       f"cannot parse line {exc.line}: {exc.detail}") from None

    return Table(display, header, 1, batches, encoding=encoding)


def _shape(lines: Sequence[int], rows: list[list[Any]], width: int) -> Batch:
    """Drop blank lines, pad or cut ragged rows to the header width and note them."""
    notes: list[tuple[int, str, str]] = []
    if len(set(map(len, rows))) != 1 or len(rows[0]) != width:
        keep_lines, keep_rows = [], []
        for line, row in zip(lines, rows):
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line is not a record
            if len(row) != width:
                if len(row) > width and not any(c.strip() for c in row[width:]):
                    row = row[:width]  # trailing empty cells from a spreadsheet export
                else:
                    notes.append((len(keep_rows), "ragged", f"{len(row)}/{width}"))
                    row = (row + [""] * width)[:width]
            keep_lines.append(line)
            keep_rows.append(row)
        lines, rows = keep_lines, keep_rows
    return Batch(lines, rows, notes)


# ---------------------------------------------------------------- JSON Lines


def _jsonl_table(path: str, display: str, encoding: str, batch_size: int) -> Table:
    fh = open(path, encoding=encoding, newline="")
    lines_iter = enumerate(fh, 1)
    header: list[str] = []
    pending: list[tuple[int, str]] = []
    try:
        for number, text in lines_iter:  # the header is the keys of the first object
            pending.append((number, text))
            try:
                obj = json.loads(text) if text.strip() else None
            except ValueError:
                continue
            if isinstance(obj, dict):
                header = [str(k) for k in obj]
                break
            if len(pending) > 1000:
                break
    except UnicodeDecodeError:
        fh.close()
        raise _decode_error(display, len(pending) + 1, encoding, path) from None
    if not header:
        fh.close()
        raise CatalogReadError(display, "1", "找不到 JSON 对象记录（每行应为一个 JSON 对象）",
                               "no JSON object record found (each line should be one JSON object)")

    def batches() -> Iterator[Batch]:
        number = pending[-1][0] if pending else 0
        source = iter(pending)
        with fh:
            while True:
                chunk = list(islice(source, batch_size))
                if len(chunk) < batch_size:
                    try:
                        chunk += list(islice(lines_iter, batch_size - len(chunk)))
                    except UnicodeDecodeError:
                        raise _decode_error(display, number + 1, encoding, path) from None
                if not chunk:
                    return
                number = chunk[-1][0]
                yield _json_batch(chunk, header)

    return Table(display, header, 1, batches, encoding=encoding)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _json_batch(chunk: list[tuple[int, str]], header: list[str]) -> Batch:
    lines: list[int] = []
    rows: list[list[str]] = []
    notes: list[tuple[int, str, str]] = []
    for number, text in chunk:
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except (ValueError, RecursionError) as exc:
            notes.append((len(rows), "json", str(exc)[:120]))
            obj = {}
        if not isinstance(obj, dict):
            if not any(n[0] == len(rows) for n in notes):
                notes.append((len(rows), "json", f"not an object: {type(obj).__name__}"))
            obj = {}
        lines.append(number)
        rows.append([_cell(obj.get(k)) for k in header])
    return Batch(lines, rows, notes)


# ---------------------------------------------------------------- XLSX


def _xlsx_tables(path: str, display: str, batch_size: int) -> Iterator[Table]:
    handle = open(path, "rb")  # a file object: openpyxl would otherwise insist on the extension
    try:
        import openpyxl

        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except ImportError:
        handle.close()
        raise CatalogReadError(display, "", "读取 XLSX 需要 openpyxl", "reading XLSX needs openpyxl") from None
    except Exception as exc:  # noqa: BLE001 - openpyxl and zipfile raise many types on damaged files
        handle.close()
        raise CatalogReadError(display, "", f"不是有效的 XLSX 文件：{exc}", f"not a valid XLSX file: {exc}") from None
    try:
        for sheet in book.worksheets:
            rows = _sheet_rows(sheet, display)
            header_row = next(rows, None)
            if header_row is None or not any(c.strip() for c in header_row[1]):
                continue
            yield _xlsx_table(display, sheet.title, header_row, rows, batch_size)
    finally:
        book.close()
        handle.close()


def _sheet_rows(sheet: Any, display: str) -> Iterator[tuple[int, list[str]]]:
    number = 0
    try:
        for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
            yield number, [_xcell(v) for v in row]
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types on damaged XML
        raise CatalogReadError(display, f"{sheet.title}!{number + 1}", f"工作表损坏：{exc}",
                               f"damaged worksheet: {exc}") from None


def _xcell(value: Any) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%Y%m%d")  # a date cell: the software's own date type
    return _cell(value)


def _xlsx_table(display: str, title: str, header_row: tuple[int, list[str]],
                rows: Iterator[tuple[int, list[str]]], batch_size: int) -> Table:
    header = header_row[1]
    while header and not header[-1].strip():
        header = header[:-1]
    width = len(header)

    def batches() -> Iterator[Batch]:
        while True:
            chunk = list(islice(rows, batch_size))
            if not chunk:
                return
            chunk = [(n, r) for n, r in chunk if any(c.strip() for c in r)]  # blank sheet rows
            if not chunk:
                continue
            lines = [n for n, _ in chunk]
            body = [r for _, r in chunk]
            yield _shape(lines, body, width)

    return Table(display, header, header_row[0], batches, sheet=title)
