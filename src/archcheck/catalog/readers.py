"""Stream catalogue exports (CSV, JSON Lines, JSON documents, XLSX, XLS) as batches of rows with their
physical positions.

Rows travel in batches of plain lists, not one dict per record: building a dict per row would cost
more than parsing the CSV. A batch keeps each row's physical line (CSV/JSONL: the file's line; JSON:
the line its object starts on; XLSX/XLS: the sheet row) so every finding points where a person looks.
The header is the row that names catalogue columns (`columns.find_header`): title rows above it are
skipped and reported, a second header row under it joined, blank rows dropped and counted. Bad rows
become notes on the batch (the rules report them); only a file that is not a catalogue at all, or not
readable, raises CatalogReadError (exit 2) with a message that says what was found.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from itertools import chain, islice
from operator import methodcaller
from typing import Any, Callable, Iterator, Mapping, Sequence

from archcheck import exiting
from archcheck.catalog import csv_blocks, encoding as enc
from archcheck.catalog.block_size import rows_for
from archcheck.catalog.columns import HeaderRows, find_header, resolve
from archcheck.catalog.csv_blocks import ColumnReader, CsvParseError, first_records, text_after_records, text_blocks
from archcheck.catalog.row_notes import BEYOND, UNREADABLE
from archcheck.errors import CatalogReadError

#: A 10 MB cell is hostile but readable; past this a field is an error, not a memory blow-up.
FIELD_LIMIT = 64 << 20
#: A JSON document (not JSON Lines) is parsed whole; past this size it should be exported as JSON Lines or CSV.
JSON_DOCUMENT_LIMIT = 512 << 20
#: Keys under which a JSON document holds its records (the peer checkers' register format uses `items`).
JSON_RECORD_KEYS = ("items", "records", "rows", "data", "files", "list", "目录", "文件", "条目")
#: Document-level keys that stand for a column every record shares (`{"fonds": "Z109", "year": 2019, "items": […]}`).
JSON_SHARED = {"fonds": "全宗号", "fonds_code": "全宗号", "全宗号": "全宗号", "qzh": "全宗号", "year": "年度", "年度": "年度",
               "nd": "年度"}


class Batch:
    """Rows of one table, each padded or cut to the header width, with their physical lines.

    A reader gives either `rows` or `columns` (the CSV reader builds columns directly, which is
    what rules read); the other is derived only when asked for. `blank` counts the blank rows the
    reader dropped from this stretch of the file (they are not records).
    """

    def __init__(self, lines: Sequence[int], rows: list[list[str]] | None = None,
                 notes: list[tuple[int, str, str]] | None = None, columns: list[Sequence[str]] | None = None,
                 blank: int = 0):
        self.lines = lines
        #: (index in batch, code, detail): what could not be read as written (`row_notes`)
        self.notes = notes if notes is not None else []
        self._rows, self._columns = rows, columns
        self.blank = blank

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
    """One header and the rows under it: a CSV/JSON file, or one worksheet."""

    source: str
    header: list[str]
    header_line: int
    batches: Callable[[], Iterator[Batch]]
    sheet: str | None = None
    encoding: str | None = None
    #: rows above the header, skipped: (line, their text)
    titles: list[tuple[int, str]] = field(default_factory=list)
    #: 2 when a two-row header was joined
    header_rows: int = 1
    #: values every record shares (a JSON document's `fonds`/`year`), by canonical column
    shared: Mapping[str, str] = field(default_factory=dict)
    #: bytes of the file read so far (None: not known, e.g. a workbook read whole): the progress bar's fraction
    position: Callable[[], int] | None = None


def sniff_format(path: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    if ext in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):
        return "xlsx"
    if ext in (".jsonl", ".ndjson", ".jsonlines"):
        return "jsonl"
    if ext == ".json":
        return "json"
    if ext == ".xml":
        return "xml"
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # ZIP (xlsx/ods), OLE2 (xls)
        return "xlsx"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<?xml") or stripped.startswith(b"<Workbook"):
        return "xml"
    if stripped.startswith(b"["):
        return "json"
    if stripped.startswith(b"{"):
        return "jsonl" if b"\n{" in stripped or stripped.count(b"\n") == 0 else "json"
    return "csv"


def open_tables(path: str, fmt: str | None = None, encoding: str | None = None,
                display: str | None = None, batch_size: int | None = None,
                mapping: Mapping[str, str] | None = None, keep: bool = False) -> Iterator[Table]:
    """Yield the tables of a catalogue file; raises CatalogReadError if it cannot be read as one.

    `batch_size`: records per batch of a table read record by record (worksheets, JSON); None sizes
    them to the CSV block (`block_size.rows_for`). A CSV export is read in blocks of bytes either way.

    `keep`: the file will be read again, in this process or in a worker forked from it (the headers are
    read first, to tell item from volume catalogues): a workbook's parsed sheets are kept for that read
    (`release_kept` lets them go)."""
    display = display or path
    try:
        if not os.path.isfile(path):
            raise CatalogReadError(display, "", "文件不存在或不是普通文件", "no such file (or not a regular file)")
        fmt = fmt or sniff_format(path)
    except OSError as exc:
        raise CatalogReadError(display, "", f"无法读取文件：{exc.strerror}", f"cannot read file: {exc.strerror}") from None
    if fmt == "xlsx":
        yield from _sheet_tables(path, display, batch_size, mapping, keep)
        return
    if fmt == "xml":
        raise _xml_spreadsheet(path, display)
    encoding = enc.check_name(encoding) if encoding else enc.detect(path, display)
    if fmt == "jsonl":
        yield _jsonl_table(path, display, encoding, batch_size, mapping)
    elif fmt == "json":
        yield _json_table(path, display, encoding, batch_size, mapping)
    else:
        yield _csv_table(path, display, encoding, batch_size, mapping)


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


def not_a_catalogue(display: str, cells: Sequence[Any], where: str = "") -> CatalogReadError:
    """No row of the table names an item catalogue's columns: say what was found and how to map it."""
    found = [str(c).strip() for c in cells if c is not None and str(c).strip()][:12]
    shown = "、".join(found) if found else "（空）"
    if {"盒号", "起止件号"} & {c.replace(" ", "") for c in found}:
        what_zh, what_en = "这像是盒目录（盒号、起止件号），不是归档文件目录", "this looks like a box list (盒号, 起止件号), not an item catalogue"
    else:
        what_zh, what_en = "找不到归档文件目录的表头（应含档号或题名等列）", "no item-catalogue header found (it should have 档号 or 题名 and the like)"
    return CatalogReadError(
        display, where,
        f"{what_zh}；首行内容：{shown}。如列名不同，请用 --column '表头=题名' 或 archcheck.toml 的 [columns] 对应到标准项目",
        f"{what_en}; first row: {', '.join(found) or '(empty)'}. If the columns are named otherwise, map them with "
        f"--column 'HEADER=题名' or [columns] in archcheck.toml",
    )


def _xml_spreadsheet(path: str, display: str) -> CatalogReadError:
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        return CatalogReadError(display, "", "这是 Excel 2003 XML 表格，无法直接读取；请在 Excel 或 WPS 中另存为 .xlsx 或 .csv",
                                "this is an Excel 2003 XML spreadsheet, which is not read directly; save it as .xlsx or .csv")
    return CatalogReadError(display, "", "XML 文件不是可读取的目录格式；请导出为 CSV、XLSX 或 JSON",
                            "an XML file is not a catalogue format read here; export CSV, XLSX or JSON")


def _header_of(display: str, rows: list[list[str]], lines: list[int], mapping: Mapping[str, str] | None,
               where: str = "") -> tuple[list[str], int, int, list[tuple[int, str]], int]:
    """(header cells trimmed of trailing blanks, its first line, how many leading rows it used,
    the title rows above it, how many rows the header spans). Where no row names catalogue columns,
    the first non-blank row stands as the header (whether the table is a catalogue is the caller's call)."""
    found = find_header(rows, mapping)
    if found is None:
        first = next((i for i, r in enumerate(rows) if any(str(c).strip() for c in r)), None)
        if first is None:
            raise CatalogReadError(display, where or "1", "没有表头（文件为空）", "there is no header (the file is empty)")
        found = HeaderRows(first, [str(c) for c in rows[first]], first, [])
    header = list(found.cells)
    while header and not str(header[-1]).strip():
        header.pop()
    titles = [(lines[i], next((str(c).strip() for c in rows[i] if str(c).strip()), "")) for i in found.titles]
    return header, lines[found.index], found.last + 1, titles, found.last - found.index + 1


# ---------------------------------------------------------------- CSV


def _csv_table(path: str, display: str, encoding: str, batch_size: int | None, mapping: Mapping[str, str] | None) -> Table:
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    fh = open(path, "rb")
    blocks = text_blocks(fh, encoding)
    try:
        first = next(blocks, "")
        delimiter = _delimiter(first)
        records, rest = first_records(first, delimiter)
    except UnicodeDecodeError:
        fh.close()
        raise _decode_error(display, 1, encoding, path) from None
    except csv.Error as exc:
        fh.close()
        raise CatalogReadError(display, "1", f"表头无法解析：{exc}", f"cannot parse the header: {exc}") from None
    rows = [cells for cells, _ in records]
    lines = [line for _, line in records]
    try:
        header, header_line, used, titles, spans = _header_of(display, rows, lines, mapping, "1")
    except CatalogReadError:
        fh.close()
        raise
    after = lines[used] if used < len(lines) else _line_after(first, rest)
    unread = text_after_records(first, delimiter, used) if used < len(records) else rest
    spare = max(len(row) for row in rows[used - spans:used]) - len(header)  # the header line's own padding
    reader = ColumnReader(chain((unread,), blocks), delimiter, len(header), after, max(spare, 0),
                          resolve(header, mapping).index)

    def batches() -> Iterator[Batch]:
        with fh:
            try:
                for block in reader:
                    yield Batch(block.lines, None, block.notes, block.columns, block.blank)
            except UnicodeDecodeError:
                raise _decode_error(display, reader.line, encoding, path) from None
            except CsvParseError as exc:
                raise CatalogReadError(display, str(exc.line), f"第 {exc.line} 行无法解析：{exc.detail}",
                                       f"cannot parse line {exc.line}: {exc.detail}") from None

    return Table(display, header, header_line, batches, encoding=encoding, titles=titles, header_rows=spans,
                 position=fh.tell)


def _delimiter(text: str) -> str:
    """Tab or comma, by which is commoner on the first lines (a title line may have neither)."""
    head = "\n".join(text.split("\n", 12)[:12])
    return "\t" if head.count("\t") > head.count(",") else ","


def _line_after(text: str, rest: str) -> int:
    """The physical line `rest` (the end of `text`) starts on."""
    return text.count("\n", 0, len(text) - len(rest)) + 1


def _shape(lines: Sequence[int], rows: list[list[Any]], width: int) -> Batch:
    """Sheet rows: drop blank rows, pad or cut the rest to the header width, and note the rows that had
    something in a cell past the header (`BEYOND`: each cell still stands in its own column)."""
    notes: list[tuple[int, str, str]] = []
    blank = 0
    if len(set(map(len, rows))) != 1 or len(rows[0]) != width or any(not any(c.strip() for c in r) for r in rows):
        keep_lines, keep_rows = [], []
        for line, row in zip(lines, rows):
            if not any(c.strip() for c in row):
                blank += 1
                continue  # a blank row is not a record
            if len(row) != width:
                if len(row) > width and any(c.strip() for c in row[width:]):
                    notes.append((len(keep_rows), BEYOND, f"{len(row)}/{width}"))
                row = (row + [""] * width)[:width]
            keep_lines.append(line)
            keep_rows.append(row)
        lines, rows = keep_lines, keep_rows
    return Batch(lines, rows, notes, blank=blank)


# ---------------------------------------------------------------- JSON Lines


def _jsonl_table(path: str, display: str, encoding: str, batch_size: int | None, mapping: Mapping[str, str] | None) -> Table:
    fh = open(path, encoding=encoding, newline="")
    lines_iter = enumerate(fh, 1)
    header: list[str] = []
    pending: list[tuple[int, str]] = []
    try:
        for number, text in lines_iter:  # the header is the keys of the first object
            pending.append((number, text))
            try:
                obj = json.loads(text) if text.strip() else None
            except (ValueError, RecursionError):
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
    batch_size = batch_size or rows_for(len(header), csv_blocks.BLOCK)

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

    return Table(display, header, 1, batches, encoding=encoding, position=fh.buffer.tell)


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
    blank = 0
    for number, text in chunk:
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except (ValueError, RecursionError) as exc:
            notes.append((len(rows), UNREADABLE, str(exc)[:120]))
            obj = {}
        if not isinstance(obj, dict):
            if not any(n[0] == len(rows) for n in notes):
                notes.append((len(rows), UNREADABLE, f"not an object: {type(obj).__name__}"))
            obj = {}
        row = [_cell(obj.get(k)) for k in header]
        if obj and not any(c.strip() for c in row):
            blank += 1
            continue
        lines.append(number)
        rows.append(row)
    return Batch(lines, rows, notes, blank=blank)


# ---------------------------------------------------------------- JSON documents: an array of records, or {…, "items": […]}


def _json_table(path: str, display: str, encoding: str, batch_size: int | None, mapping: Mapping[str, str] | None) -> Table:
    if os.path.getsize(path) > JSON_DOCUMENT_LIMIT:
        raise CatalogReadError(display, "", f"JSON 文档超过 {JSON_DOCUMENT_LIMIT >> 20} MiB；请导出为 JSON Lines（每行一条）或 CSV",
                               f"the JSON document is larger than {JSON_DOCUMENT_LIMIT >> 20} MiB; export JSON Lines or CSV")
    try:
        with open(path, encoding=encoding, newline="") as fh:
            text = fh.read()
    except UnicodeDecodeError:
        raise _decode_error(display, 1, encoding, path) from None
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        where = f"{exc.lineno}:{exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise CatalogReadError(display, where, f"JSON 无法解析：{exc}", f"cannot parse the JSON: {exc}") from None
    shared: dict[str, str] = {}
    if isinstance(document, list):
        records, start = document, _array_start(text, None)
    elif isinstance(document, dict):
        key = next((k for k in JSON_RECORD_KEYS if isinstance(document.get(k), list)), None)
        if key is None:
            key = next((k for k, v in document.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)), None)
        if key is None:
            raise CatalogReadError(display, "1", "JSON 文档中找不到记录数组（如 items: [...]）",
                                   "the JSON document holds no array of records (such as items: [...])")
        records, start = document[key], _array_start(text, key)
        shared = {JSON_SHARED[k]: _cell(v) for k, v in document.items() if k in JSON_SHARED and not isinstance(v, (list, dict))}
    else:
        raise CatalogReadError(display, "1", "JSON 文档应为记录数组或含记录数组的对象", "a JSON document should be an array of records or an object holding one")
    header: list[str] = []
    for record in records[:1000]:
        if isinstance(record, dict):
            header += [str(k) for k in record if str(k) not in header]
    covered = set(resolve(header, mapping).index)
    extra = [column for column in shared if column not in covered]
    lines = _element_lines(text, start, len(records))
    batch_size = batch_size or rows_for(len(header), csv_blocks.BLOCK)

    def batches() -> Iterator[Batch]:
        for begin in range(0, len(records), batch_size):
            rows, kept, notes, blank = [], [], [], 0
            for offset, record in enumerate(records[begin:begin + batch_size]):
                if not isinstance(record, dict):
                    notes.append((len(rows), UNREADABLE, f"not an object: {type(record).__name__}"))
                    record = {}
                row = [_cell(record.get(k)) for k in header] + [shared[c] for c in extra]
                if record and not any(c.strip() for c in row):
                    blank += 1
                    continue
                kept.append(lines[begin + offset])
                rows.append(row)
            yield Batch(kept, rows, notes, blank=blank)

    return Table(display, header + extra, 1, batches, encoding=encoding, shared=shared)


def _array_start(text: str, key: str | None) -> int:
    """Where the records' array opens in the text (after `"key":` for a document)."""
    if key is None:
        return text.index("[")
    match = re.search(r'"' + re.escape(key) + r'"\s*:\s*\[', text)
    return match.end() - 1 if match else text.index("[")


def _element_lines(text: str, start: int, count: int) -> list[int]:
    """The line each element of the array opening at `start` begins on (raw_decode walks the elements)."""
    decoder = json.JSONDecoder()
    lines, at, line, counted = [], start + 1, 1 + text.count("\n", 0, start + 1), start + 1
    space = re.compile(r"[\s,]*")
    for _ in range(count):
        at = space.match(text, at).end()
        line += text.count("\n", counted, at)
        counted = at
        lines.append(line)
        try:
            _, at = decoder.raw_decode(text, at)
        except ValueError:
            lines += [line] * (count - len(lines))
            break
    return lines


# ---------------------------------------------------------------- XLSX and XLS (python-calamine)


#: python-calamine parses a whole sheet to give even its first row (it has no lazy reader). A run reads
#: an export's headers first and checks it in a forked worker after; so that the workbook is parsed
#: once, the header read keeps the parsed sheets (up to this many cells in all) and the worker reads
#: those: memory the run's process already holds, shared with the worker, not a second copy.
KEEP_CELLS = 4_000_000


@dataclass
class _Kept:
    """The parsed sheets of one workbook, kept by a header read (`open_tables(..., keep=True)`)."""

    key: tuple[Any, ...]
    pid: int
    titles: list[str]
    sheets: dict[str, Any] = field(default_factory=dict)
    cells: int = 0
    #: every sheet of the workbook is in `sheets`
    complete: bool = False


_kept: list[_Kept] = []
#: sheets a forked worker found kept: never let go there (freeing them would copy the pages it shares)
_inherited: list[_Kept] = []


def release_kept() -> None:
    """Let go of the sheets a header read kept (in the process that kept them). In a forked worker, and
    in a process that ends when its command does (`archcheck.exiting`; one workbook at most), they are
    only set aside: freeing a workbook's million cells one by one would cost CPU and give nothing back."""
    if _kept and (_kept[0].pid != os.getpid() or (exiting.ending() and not _inherited)):
        _inherited.append(_kept[0])
    _kept.clear()


def _identity(path: str) -> tuple[Any, ...] | None:
    """The file as it is now: kept sheets are read again only while it is unchanged."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return os.path.realpath(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def _open_book(path: str, display: str) -> Any:
    try:
        from python_calamine import CalamineWorkbook

        return CalamineWorkbook.from_path(path)
    except ImportError:
        raise CatalogReadError(display, "", "读取 Excel 文件需要 python-calamine", "reading Excel files needs python-calamine") from None
    except Exception as exc:  # noqa: BLE001 - calamine raises its own types on damaged files
        raise CatalogReadError(display, "", f"不是可读取的 Excel 文件（.xlsx/.xls）：{exc}",
                               f"not a readable Excel file (.xlsx/.xls): {exc}") from None


def _sheet_tables(path: str, display: str, batch_size: int | None, mapping: Mapping[str, str] | None,
                  keep: bool = False) -> Iterator[Table]:
    key = _identity(path)
    keep = keep and key is not None
    kept = _kept[0] if key is not None and _kept and _kept[0].key == key else None
    if kept is not None and not keep and kept.pid == os.getpid():
        release_kept()  # the read that follows a header read in the same process: it has them now
    elif kept is None and _kept and key is not None and _kept[0].key[0] == key[0]:
        release_kept()  # the file changed since its header read: those sheets are no use
    book = None if kept is not None and kept.complete else _open_book(path, display)
    titles = kept.titles if kept is not None else list(book.sheet_names)
    if keep and kept is None:
        release_kept()
        kept = _Kept(key, os.getpid(), titles)
        _kept.append(kept)
    for title in titles:
        try:
            sheet = kept.sheets.get(title) if kept is not None else None
            if sheet is None:
                if book is None:
                    book = _open_book(path, display)
                sheet = book.get_sheet_by_name(title)
                if keep and kept.cells + sheet.height * sheet.width <= KEEP_CELLS:
                    kept.sheets[title] = sheet
                    kept.cells += sheet.height * sheet.width
            rows = _sheet_rows(sheet, title, display)
            head = list(islice(rows, 12))
            texts = [(number, _text_row(row, number, title, display)) for number, row in head]
        except CatalogReadError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise CatalogReadError(display, title, f"工作表损坏：{exc}", f"damaged worksheet: {exc}") from None
        if not texts or all(not any(c.strip() for c in r) for _, r in texts):
            continue
        header, header_line, used, titles_above, spans = _header_of(
            display, [r for _, r in texts], [n for n, _ in texts], mapping, f"{title}!1")
        rest = chain(head[used:], rows)
        rows_each = batch_size or rows_for(len(header), csv_blocks.BLOCK)
        yield Table(display, header, header_line, _sheet_batches(rest, len(header), rows_each, title, display),
                    sheet=title, titles=titles_above, header_rows=spans)
    if keep and kept is not None:
        kept.complete = len(kept.sheets) == len(titles)


def _sheet_rows(sheet: Any, title: str, display: str) -> Iterator[tuple[int, list[Any]]]:
    """(sheet row, the row's cells as calamine gives them); the cells become text batch by batch."""
    number = sheet.start[0] if sheet.start else 0
    try:
        for number, row in enumerate(sheet.iter_rows(), number + 1):
            yield number, row
    except Exception as exc:  # noqa: BLE001 - calamine raises its own types on damaged XML
        raise CatalogReadError(display, f"{title}!{number + 1}", f"工作表损坏：{exc}", f"damaged worksheet: {exc}") from None


def _text_row(row: Sequence[Any], number: int, title: str, display: str) -> list[str]:
    """One row's cells as text, cell by cell (`_xcell`): the reference the column conversion agrees with."""
    try:
        return [_xcell(v) for v in row]
    except Exception as exc:  # noqa: BLE001 - a cell of a type no text is made of (a duration)
        # the row after the one that failed, as the reader has always named it
        raise CatalogReadError(display, f"{title}!{number + 1}", f"工作表损坏：{exc}", f"damaged worksheet: {exc}") from None


def _xcell(value: Any) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%Y%m%d")  # a date cell: the software's own date type
    return _cell(value)


_DAY = methodcaller("strftime", "%Y%m%d")


def _text_column(values: Sequence[Any]) -> list[str]:
    """A column of calamine cells as text, exactly as `_xcell` gives each cell, in C-level passes where the
    column is of one type (text, whole numbers, dates); other columns go cell by cell, text cells as they are."""
    kinds = set(map(type, values))
    if len(kinds) == 1:
        kind = kinds.pop()
        if kind is str:
            return list(values)
        if kind is float:
            if all(map(float.is_integer, values)) and max(map(abs, values)) < 1e15:
                return list(map(str, map(int, values)))
        elif kind is int:
            return list(map(str, values))
        elif kind is dt.date or kind is dt.datetime:
            return list(map(_DAY, values))
    return [v if type(v) is str else _xcell(v) for v in values]


def _sheet_batches(rows: Iterator[tuple[int, list[Any]]], width: int, batch_size: int, title: str,
                   display: str) -> Callable[[], Iterator[Batch]]:
    def batches() -> Iterator[Batch]:
        pending_blank = 0
        while True:
            chunk: list[tuple[int, list[Any]]] = []
            try:
                chunk.extend(islice(rows, batch_size))
            except CatalogReadError:  # a damaged row: a cell above it that no text is made of is named first
                for number, row in chunk:
                    _text_row(row, number, title, display)
                raise
            if not chunk:
                return
            batch = _sheet_batch(chunk, width, title, display)
            batch.blank += pending_blank
            if not batch.lines:
                pending_blank = batch.blank
                continue
            pending_blank = 0
            yield batch

    return batches


def _sheet_batch(chunk: list[tuple[int, list[Any]]], width: int, title: str, display: str) -> Batch:
    """Rows of a sheet as a batch of text columns: transposed with `zip`, converted column by column, cut to the
    header width with the rows that had cells past it noted as `_shape` notes them. A batch with a blank row
    (or rows narrower than the header, or of unequal lengths) is shaped row by row by `_shape` itself."""
    numbers, raw = zip(*chunk)
    lines = list(numbers)
    length = len(raw[0])
    if len(set(map(len, raw))) != 1 or not length:  # calamine's rows are as wide as the sheet: not met in practice
        return _shape(lines, [_text_row(row, n, title, display) for n, row in chunk], width)
    try:
        columns = [_text_column(values) for values in zip(*raw)]
    except Exception:  # noqa: BLE001 - a cell no text is made of: the row-by-row reading names its row
        for number, row in chunk:
            _text_row(row, number, title, display)
        raise
    if length < width or _blank_rows(columns):
        return _shape(lines, [list(row) for row in zip(*columns)], width)
    # cells past the header: a row with one that is not blank is ragged (noted), the rest are cut
    past = [column for column in columns[width:] if "".join(column).strip()]
    ragged = sorted({i for column in past for i, v in enumerate(map(str.strip, column)) if v})
    return Batch(lines, None, [(i, BEYOND, f"{length}/{width}") for i in ragged], columns[:width])


def _blank_rows(columns: list[list[str]]) -> bool:
    """Whether some row has only empty or whitespace cells: only a row whose first cell is blank can be."""
    if not columns:
        return False
    first = list(map(str.strip, columns[0]))
    if all(first):
        return False
    candidates = [i for i, v in enumerate(first) if not v]
    for column in columns[1:]:
        candidates = [i for i in candidates if not column[i].strip()]
        if not candidates:
            return False
    return True
