"""Readers: CSV/JSONL/XLSX, UTF-8 (± BOM) and GB18030, physical lines, and files that fight back."""

from __future__ import annotations

import json
import os

import openpyxl
import pytest

from archcheck.catalog.encoding import detect
from archcheck.errors import CatalogReadError
from archcheck.catalog.readers import open_tables
from catalog.conftest import HEADER, clean_rows, write_csv


def read_all(path, **kw):
    out = []
    for table in open_tables(str(path), **kw):
        for batch in table.batches():
            out += [(line, row, table.sheet) for line, row in zip(batch.lines, batch.rows)]
    return out


@pytest.mark.parametrize("encoding, expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030")])
def test_encodings_are_detected_and_decoded(tmp_path, encoding, expected):
    path = write_csv(tmp_path / "c.csv", clean_rows(3), encoding=encoding)
    assert detect(str(path)) == expected
    table = next(open_tables(str(path)))
    assert table.header == HEADER and table.encoding == expected
    rows = read_all(path)
    assert [line for line, _, _ in rows] == [2, 3, 4]
    assert rows[0][1][9] == "关于第1项工作的通知"


def test_gb18030_after_a_long_ascii_prefix_is_still_detected(tmp_path):
    path = tmp_path / "late.csv"
    body = "a,b\n" + "x,y\n" * 400_000 + "题名,二〇一九\n"
    path.write_bytes(body.encode("gb18030"))
    assert detect(str(path)) == "gb18030"
    assert read_all(path)[-1][1] == ["题名", "二〇一九"]


def test_a_late_decode_error_names_the_line(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(("题名,日期\n" + "通知,20190101\n" * 3).encode("utf-8") + "报告,20190102\n".encode("gb18030"))
    with pytest.raises(CatalogReadError) as err:
        read_all(path, encoding="utf-8")
    assert err.value.where == "5" and "--encoding" in err.value.en


def test_encoding_override_and_unknown_names(tmp_path):
    path = write_csv(tmp_path / "c.csv", clean_rows(2), encoding="gb18030")
    assert read_all(path, encoding="GBK")[0][1][9] == "关于第1项工作的通知"
    with pytest.raises(CatalogReadError):
        read_all(path, encoding="klingon")


def test_utf16_is_refused_clearly(tmp_path):
    path = tmp_path / "u16.csv"
    path.write_bytes("题名\n通知\n".encode("utf-16"))
    with pytest.raises(CatalogReadError) as err:
        read_all(path)
    assert "UTF-16" in err.value.en


def test_multiline_fields_keep_physical_lines(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text('题名,页数\n"第一行\n第二行",3\n普通,4\n"a\r\nb\r\nc",5\n末,6\n', encoding="utf-8", newline="")
    assert [line for line, _, _ in read_all(path)] == [2, 4, 5, 8]


def test_ragged_rows_and_blank_lines(tmp_path):
    """Empty cells past the header are a ragged row too unless the header line has them as well: an
    unquoted comma in the last filled cell leaves exactly that shape."""
    path = tmp_path / "r.csv"
    path.write_text("a,b,c\n1,2,3\n\n1,2\n1,2,3,4\n1,2,3,,\n", encoding="utf-8")
    tables = list(open_tables(str(path)))
    batches = list(tables[0].batches())
    assert [b.lines for b in batches][0] == [2, 4, 5, 6]
    assert [(batches[0].lines[i], code) for i, code, _ in batches[0].notes] == [(4, "ragged"), (5, "ragged"), (6, "ragged")]
    assert all(len(r) == 3 for r in batches[0].rows)


def test_a_delimiter_ending_every_data_line_is_the_exporters_habit(tmp_path):
    """The header line lacks it but the first two records agree: each line's one empty cell past the
    header is cut without a note; a line with two is ragged."""
    path = tmp_path / "habit.csv"
    path.write_text("a,b,c\n" + "1,2,3,\n" * 30 + "1,2,3,,\n", encoding="utf-8")
    batches = list(next(open_tables(str(path))).batches())
    assert [(b.lines[i], code) for b in batches for i, code, _ in b.notes] == [(32, "ragged")]


def test_the_habit_holds_when_some_first_records_are_broken(tmp_path):
    """Every line ends with a delimiter, and 5 of the first 16 records also hold an unquoted comma: the
    other 11 still make the habit (more than half of the sample), so only those 5 are ragged."""
    broken = {3, 5, 8, 11, 14}
    lines = ["1,2,x,y,\n" if n in broken else "1,2,3,\n" for n in range(16)] + ["1,2,3,\n"] * 30
    path = tmp_path / "damaged.csv"
    path.write_text("a,b,c\n" + "".join(lines), encoding="utf-8")
    batches = list(next(open_tables(str(path))).batches())
    assert [(b.lines[i], code) for b in batches for i, code, _ in b.notes] == [(n + 2, "ragged") for n in sorted(broken)]


def test_one_record_with_an_empty_cell_past_the_header_is_no_habit(tmp_path):
    path = tmp_path / "once.csv"
    path.write_text("a,b,c\n1,2,3,\n1,2,3\n1,2,3\n", encoding="utf-8")
    batches = list(next(open_tables(str(path))).batches())
    assert [(b.lines[i], code) for b in batches for i, code, _ in b.notes] == [(2, "ragged")]


@pytest.mark.parametrize("text, notes, first", [
    # records agree on a column the header does not name: cut to the header
    ("a,b\n\n" + "1,2,x\n" * 40 + "1,2,y,z\n1,2,y\n", [(None, "unnamed", "3/2"), (43, "ragged", "4/2")], ["1", "2"]),
    # the header names a last column no record has: read blank
    ("a,b,c\n" + "1,2\n" * 40 + "1\n", [(None, "unfilled", "2/3"), (42, "ragged", "1/3")], ["1", "2", ""]),
])
def test_a_header_out_of_step_with_its_records_is_noted_once_for_the_table(tmp_path, monkeypatch, text, notes, first):
    """The first two records agree on a length other than the header's, at any block size: one note on
    the table (index None) in the first batch with records; a row of yet another length is ragged."""
    from archcheck.catalog import csv_blocks

    path = tmp_path / "shape.csv"
    path.write_text(text, encoding="utf-8")
    for block in (1, 16, 1 << 16):
        monkeypatch.setattr(csv_blocks, "BLOCK", block)
        batches = list(next(open_tables(str(path))).batches())
        got = [(b.lines[i] if i is not None else None, code, detail) for b in batches for i, code, detail in b.notes]
        assert got == notes, (block, got)
        assert [row for b in batches for row in b.rows][0] == first


def test_padding_the_header_line_carries_is_cut_without_a_note(tmp_path):
    path = tmp_path / "padded.csv"
    path.write_text("a,b,c,,\n" + "1,2,3,,\n" * 30 + "1,2,3,\n1,2,3,,,\n", encoding="utf-8")
    batches = list(next(open_tables(str(path))).batches())
    assert [(batches[0].lines[i], code) for b in batches for i, code, _ in b.notes] == [(33, "ragged")]
    assert [len(c) for c in batches[0].columns] == [32, 32, 32]


def test_a_ten_megabyte_field_is_read(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("题名,页数\n" + "长" * (10 << 20) + ",3\n短,4\n", encoding="utf-8")
    rows = read_all(path)
    assert [line for line, _, _ in rows] == [2, 3] and len(rows[0][1][0]) == 10 << 20


def test_jsonl_records_and_bad_lines(tmp_path):
    path = tmp_path / "c.jsonl"
    lines = [json.dumps({"档号": "Z109-WS·2019-Y-BGS-0001", "页数": 12, "日期": 20190101.0, "备注": None}, ensure_ascii=False),
             "{not json", "", "[1, 2]", json.dumps({"档号": "x", "页数": 3})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    batch = next(next(open_tables(str(path))).batches())
    assert batch.lines == [1, 2, 4, 5]
    assert batch.rows[0] == ["Z109-WS·2019-Y-BGS-0001", "12", "20190101", ""]
    assert [(batch.lines[i], code) for i, code, _ in batch.notes] == [(2, "json"), (4, "json")]


def test_xlsx_sheets_rows_and_cell_types(tmp_path):
    import datetime as dt

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2019"
    sheet.append(["档号", "页数", "日期", "件号"])
    sheet.append(["Z109-WS·2019-Y-BGS-0001", 12.0, dt.datetime(2019, 3, 5), 1])
    sheet.append([None, None, None, None])
    sheet.append(["Z109-WS·2019-Y-BGS-0002", 3, "20190306", "0002"])
    other = book.create_sheet("空表")
    other.append([])
    third = book.create_sheet("2020")
    third.append(["档号"])
    third.append(["Z109-WS·2020-Y-BGS-0001"])
    path = tmp_path / "c.xlsx"
    book.save(path)
    rows = read_all(path)
    assert [(line, sheet) for line, _, sheet in rows] == [(2, "2019"), (4, "2019"), (2, "2020")]
    assert rows[0][1] == ["Z109-WS·2019-Y-BGS-0001", "12", "20190305", "1"]


@pytest.mark.parametrize("content", [b"", b"\n\n", b"PK\x03\x04garbage", b"\x00\x01\x02\xff" * 100])
def test_files_that_are_not_catalogues_raise_a_read_error(tmp_path, content):
    path = tmp_path / "bad.xlsx" if content.startswith(b"PK") else tmp_path / "bad.csv"
    path.write_bytes(content)
    try:
        read_all(path)
    except CatalogReadError as err:
        assert err.file == str(path) and err.zh and err.en


def test_missing_file(tmp_path):
    with pytest.raises(CatalogReadError):
        read_all(tmp_path / "nope.csv")


# ---------------------------------------------------------------- a workbook parsed once: the header read keeps its sheets


def _two_sheet_workbook(path, rows: int = 40, title: str = "关于工作的通知"):
    import datetime as dt

    book = openpyxl.Workbook()
    first = book.active
    first.title = "2019"
    first.append(["归档文件目录"])
    first.append(["档号", "页数", "日期", "题名"])
    for i in range(1, rows + 1):
        first.append([f"Z109-WS·2019-Y-BGS-{i:04d}", i % 7 + 1, dt.date(2019, 1 + i % 12, 1 + i % 28), f"{title}{i}"])
    second = book.create_sheet("2020")
    second.append(["档号", "题名"])
    second.append(["Z109-WS·2020-Y-BGS-0001", title])
    book.save(path)
    return path


def _count_books(monkeypatch):
    from archcheck.catalog import readers

    opened = []
    real = readers._open_book
    monkeypatch.setattr(readers, "_open_book", lambda path, display: opened.append(path) or real(path, display))
    return opened


def test_a_header_read_keeps_the_parsed_sheets_for_the_read_that_follows(tmp_path, monkeypatch):
    from archcheck.catalog import readers

    path = _two_sheet_workbook(tmp_path / "c.xlsx")
    fresh = read_all(path)
    opened = _count_books(monkeypatch)
    assert [t.sheet for t in open_tables(str(path), keep=True)] == ["2019", "2020"]
    assert len(opened) == 1 and readers._kept and readers._kept[0].complete
    assert read_all(path) == fresh  # the same rows, from the sheets the header read parsed
    assert len(opened) == 1
    assert not readers._kept  # in the same process the read that follows takes them, and lets them go after
    list(open_tables(str(path), keep=True))
    _two_sheet_workbook(path, rows=41, title="关于另一项工作的通知")  # changed after the header read: parsed anew
    changed = read_all(path)
    assert len(opened) == 3 and not readers._kept
    assert changed == read_all(path) and changed != fresh and len(changed) == len(fresh) + 1


def test_sheets_past_the_kept_cells_are_parsed_again(tmp_path, monkeypatch):
    from archcheck.catalog import readers

    path = _two_sheet_workbook(tmp_path / "c.xlsx")
    fresh = read_all(path)
    monkeypatch.setattr(readers, "KEEP_CELLS", 42 * 4)  # the first sheet only
    opened = _count_books(monkeypatch)
    list(open_tables(str(path), keep=True))
    assert list(readers._kept[0].sheets) == ["2019"] and not readers._kept[0].complete
    assert read_all(path) == fresh
    assert len(opened) == 2


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_worker_reads_the_kept_sheets_and_leaves_them_to_the_run(tmp_path, monkeypatch):
    import pickle

    from archcheck.catalog import readers

    path = _two_sheet_workbook(tmp_path / "c.xlsx")
    fresh = read_all(path)
    opened = _count_books(monkeypatch)
    list(open_tables(str(path), keep=True))
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: reads the file, says what it read, whether it parsed it, what is still kept
        try:
            os.close(read_end)
            os.write(write_end, pickle.dumps((read_all(path), len(opened), len(readers._kept))))
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        rows, books, kept = pickle.loads(fh.read())
    os.waitpid(pid, 0)
    assert rows == fresh and books == 1 and kept == 1
    assert readers._kept  # the run's process keeps them until the run is over
    readers.release_kept()
    assert not readers._kept


def test_a_catalog_run_lets_the_kept_sheets_go(tmp_path):
    from click.testing import CliRunner

    from archcheck.catalog import readers
    from archcheck.cli import main

    path = _two_sheet_workbook(tmp_path / "c.xlsx")
    result = CliRunner().invoke(main, ["catalog", str(path), "--format", "json", "--as-of", "2025-06-30"],
                                catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    assert json.loads(result.stdout)["units"][0]["stats"]["records"] == 41
    assert not readers._kept
