"""The workbook reader builds text columns a column at a time and gives exactly what the cell-by-cell
conversion (`_xcell`) and row-by-row shaping (`_shape`) give.

A column of one type (text, whole numbers, dates) is converted in C-level passes; any other column goes
cell by cell. Random workbooks (written with openpyxl, read back with python-calamine) must come out of
`open_tables` with the same header, title rows, physical lines, cells, notes and blank-row counts as
the reference: every cell through `_xcell`, each batch of rows through `_shape`.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
import xlwt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from archcheck.catalog import readers
from archcheck.catalog.readers import open_tables
from archcheck.errors import CatalogReadError


def reference(path, batch_size: int) -> list[tuple]:
    """Each table as the reader built it before columns were converted whole: every cell through `_xcell`,
    every batch of rows through `_shape`."""
    book = CalamineWorkbook.from_path(str(path))
    tables = []
    for title in book.sheet_names:
        sheet = book.get_sheet_by_name(title)
        start = sheet.start[0] if sheet.start else 0
        rows = [(n, [readers._xcell(v) for v in row]) for n, row in enumerate(sheet.iter_rows(), start + 1)]
        head = rows[:12]
        if not head or all(not any(c.strip() for c in r) for _, r in head):
            continue
        header, header_line, used, titles, spans = readers._header_of(
            str(path), [r for _, r in head], [n for n, _ in head], None, f"{title}!1")
        rest, batches, pending = rows[used:], [], 0
        for at in range(0, len(rest), batch_size):
            chunk = rest[at:at + batch_size]
            batch = readers._shape([n for n, _ in chunk], [r for _, r in chunk], len(header))
            batch.blank += pending
            if not batch.lines:
                pending = batch.blank
                continue
            pending = 0
            batches.append((list(batch.lines), batch.rows, batch.notes, batch.blank))
        tables.append((title, header, header_line, titles, spans, batches))
    return tables


def read(path, batch_size: int) -> list[tuple]:
    tables = []
    for table in open_tables(str(path), batch_size=batch_size):
        batches = []
        for batch in table.batches():
            columns = [list(c) for c in batch.columns]
            assert all(type(v) is str for c in columns for v in c)
            assert columns == [list(c) for c in zip(*batch.rows)] or not batch.rows
            batches.append((list(batch.lines), batch.rows, batch.notes, batch.blank))
        tables.append((table.sheet, table.header, table.header_line, table.titles, table.header_rows, batches))
    return tables


#: text with Chinese, spaces of several kinds, line breaks; no "=" (openpyxl would write a formula)
_text = st.text(alphabet="档号题名办公室 \u3000\t\nZ-0123·", max_size=6)
_whole = st.sampled_from([0.0, -0.0, 3.0, 12.0, 2019.0, 20190305.0, 1e14, 999_999_999_999_999.0, 1e15, -1e15, 2.0 ** 53])
_cells = {
    "text": _text,
    "int": st.integers(-10 ** 12, 10 ** 12),
    "big int": st.integers(-10 ** 20, 10 ** 20),
    "whole float": _whole,
    "float": st.floats(allow_nan=False, allow_infinity=False) | _whole,
    "date": st.dates(dt.date(1901, 1, 1), dt.date(2099, 12, 31)),
    "datetime": st.datetimes(dt.datetime(1901, 1, 1), dt.datetime(2099, 12, 31)).map(lambda d: d.replace(microsecond=0)),
    "bool": st.booleans(),
}
_any_cell = st.one_of(st.none(), *_cells.values())
_HEADER = ["序号", "档号", "题名", "页数", "日期", "件号", "年度", "备注"]


@st.composite
def workbooks(draw):
    """(rows to append: a title row, the header, data rows whose columns lean to one type), as openpyxl takes them."""
    names = draw(st.lists(st.sampled_from(_HEADER), min_size=2, max_size=6, unique=True))
    if "档号" not in names and "题名" not in names:
        names.append("档号")
    width = len(names) + draw(st.integers(0, 2))  # cells past the header: ragged rows, or trailing empties
    kinds = [draw(st.sampled_from(sorted(_cells))) for _ in range(width)]
    mixed = [draw(st.floats(0, 1)) for _ in range(width)]  # how often a column strays from its type
    count = draw(st.integers(0, 30))
    rows = []
    for _ in range(count):
        shape = draw(st.sampled_from(["row"] * 6 + ["blank", "spaces", "short"]))
        if shape == "blank":
            rows.append([None] * width)
        elif shape == "spaces":
            rows.append([draw(st.sampled_from([None, "", " ", "\u3000", "\t"])) for _ in range(width)])
        else:
            row = []
            for j in range(width):
                if j >= len(names) and draw(st.integers(0, 5)):
                    row.append(None)  # past the header mostly empty
                elif draw(st.floats(0, 1)) < mixed[j] * 0.5:
                    row.append(draw(_any_cell))
                else:
                    row.append(draw(_cells[kinds[j]]))
            if shape == "short":
                row = row[:draw(st.integers(1, width))]
            rows.append(row)
    title = draw(st.sampled_from([[], [["归档文件目录"]], [["2019年度归档文件目录", None, "单位：办公室"]], [[None], ["  "]]]))
    return [*title, names, *rows]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sheet=workbooks(), batch_size=st.sampled_from([1, 2, 5, 4096]))
def test_any_workbook_reads_as_the_cell_by_cell_reader_read_it(tmp_path_factory, sheet, batch_size):
    book = openpyxl.Workbook()
    for row in sheet:
        book.active.append(row)
    path = tmp_path_factory.mktemp("x") / "h.xlsx"
    book.save(path)
    assert read(path, batch_size) == reference(path, batch_size)


_XLS_DAY = xlwt.easyxf(num_format_str="YYYY-MM-DD")
_XLS_TIME = xlwt.easyxf(num_format_str="YYYY-MM-DD HH:MM:SS")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sheet=workbooks(), batch_size=st.sampled_from([1, 2, 5, 4096]))
def test_any_xls_workbook_reads_as_the_cell_by_cell_reader_read_it(tmp_path_factory, sheet, batch_size):
    """The same, for an Excel 97–2003 (BIFF8) workbook written by another writer (xlwt): numbers are
    doubles there, dates numbers with a date format, as older archive systems save them."""
    book = xlwt.Workbook(encoding="utf-8")
    page = book.add_sheet("归档文件目录")
    for r, row in enumerate(sheet):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.datetime):
                page.write(r, c, value, _XLS_TIME)
            elif isinstance(value, dt.date):
                page.write(r, c, value, _XLS_DAY)
            elif isinstance(value, int) and not isinstance(value, bool):
                page.write(r, c, float(value))
            else:
                page.write(r, c, value)
    path = tmp_path_factory.mktemp("b") / "h.xls"
    book.save(str(path))
    assert read(path, batch_size) == reference(path, batch_size)


_column_cells = st.one_of(st.just(""), st.floats(), st.integers(-10 ** 30, 10 ** 30), _whole, _text,
                          st.booleans(), st.dates(), st.datetimes(), st.times())


@settings(max_examples=400, deadline=None)
@given(kind=st.sampled_from(sorted(_cells)), data=st.data())
def test_a_column_converts_exactly_as_each_of_its_cells(kind, data):
    """The conversion itself, cell by cell against `_xcell`, on columns of one type and with one stray cell
    (NaN, infinities, -0.0, 1e15 and big integers included: what calamine may give for an .xls or .ods)."""
    cells = {**_cells, "float": st.floats() | _whole}[kind]
    values = data.draw(st.lists(cells, min_size=1, max_size=20))
    if data.draw(st.booleans()):
        values.insert(data.draw(st.integers(0, len(values))), data.draw(_column_cells))
    expected = [readers._xcell(v) for v in values]
    got = readers._text_column(values)
    assert got == expected
    assert all(type(v) is str for v in got)


def test_the_fast_types_are_the_ones_calamine_gives(tmp_path):
    """Text, whole and other numbers, dates and datetimes come back from calamine as str, float, date and datetime
    (the types `_text_column` converts whole); empty cells as ""."""
    book = openpyxl.Workbook()
    book.active.append(["档号", "页数", "日期", "时间", "备注"])
    book.active.append(["Z1-0001", 12, dt.date(2019, 3, 5), dt.datetime(2019, 3, 5, 8, 30), None])
    book.active.append(["Z1-0002", 2.5, dt.date(2019, 3, 6), dt.datetime(2019, 3, 6, 9, 0), "x"])
    path = tmp_path / "t.xlsx"
    book.save(path)
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Sheet")
    rows = list(sheet.iter_rows())
    assert [type(v) for v in rows[1]] == [str, float, dt.date, dt.datetime, str]
    assert rows[1][4] == ""
    table = next(open_tables(str(path)))
    [batch] = list(table.batches())
    assert batch.rows == [["Z1-0001", "12", "20190305", "20190305", ""], ["Z1-0002", "2.5", "20190306", "20190306", "x"]]


@pytest.mark.parametrize("at", [3, 20, 4100])
def test_a_duration_cell_is_a_damaged_worksheet_named_as_before(tmp_path, at):
    """A duration (no text is made of it) ends the reading at the batch that holds it, naming the row after
    it, as the cell-by-cell reader did; the batches above it were read."""
    book = openpyxl.Workbook()
    book.active.title = "目录"
    book.active.append(["归档文件目录"])
    book.active.append(["档号", "题名", "页数"])
    for i in range(1, 5000):
        book.active.append([f"Z1-{i:04d}", "题名", dt.timedelta(hours=1) if i == at else i])
    path = tmp_path / "d.xlsx"
    book.save(path)
    seen = 0
    with pytest.raises(CatalogReadError) as err:
        for table in open_tables(str(path), batch_size=1000):
            for batch in table.batches():
                seen += len(batch.lines)
    assert err.value.where == f"目录!{at + 3}"
    assert seen == (at - 1) // 1000 * 1000
