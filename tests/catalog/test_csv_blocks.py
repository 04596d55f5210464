"""The column-block CSV reader gives exactly the rows and physical lines `csv.reader` gives.

The fast path (quote-free blocks split with str.split) and the careful path (csv.reader per block,
extended while a quoted field is open) must agree with one `csv.reader` over the whole file, at
any block size, so block boundaries can fall anywhere: inside quoted newlines, between CR and LF.
"""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archcheck.catalog import blanks, block_size, csv_blocks
from archcheck.catalog.readers import open_tables


def reference(text: str, width: int) -> list[tuple[int, list[str]]]:
    """(physical line, row) from one csv.reader over the whole text, blank lines dropped, rows mended
    (the header line's own trailing empty cells past `width` are padding a record may carry too)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    spare = max(len(next(reader)) - width, _habit(text, width))
    out, line = [], reader.line_num + 1
    for row in reader:
        notes: list = []
        mended = csv_blocks._mend(row, width, spare, 0, notes)
        if mended is not None:
            out.append((line, mended))
        line = reader.line_num + 1
    return out


def _habit(text: str, width: int) -> int:
    """How many empty cells past `width` most of the first 16 non-blank records after the header end
    with (an exporter that ends every data line with a delimiter): at least two of them, and more than
    half, of one length above `width`, with those cells empty; else 0."""
    rows = [r for r in list(csv.reader(io.StringIO(text, newline="")))[1:] if "".join(r).strip()][:16]
    for length in sorted({len(r) for r in rows}):
        same = [r for r in rows if len(r) == length]
        if length > width and len(same) >= 2 and len(same) > len(rows) / 2:
            return length - width if not "".join(c for r in same for c in r[width:]).strip() else 0
    return 0


def read(path, monkeypatch, block: int) -> list[tuple[int, list[str]]]:
    monkeypatch.setattr(csv_blocks, "BLOCK", block)
    table = next(open_tables(str(path)))
    return [(line, row) for batch in table.batches() for line, row in zip(batch.lines, batch.rows)]


AWKWARD = (
    "档号,题名,页数\n"
    "Z1-0001,普通,3\n"
    '"Z1-0002","带""引号""的题名",4\n'
    'Z1-0003,"跨\n三\r\n行",5\r\n'
    "Z1-0004,14\" 显示器,6\n"  # a quote inside an unquoted cell is literal
    "\n"
    "Z1-0005,少一列\n"
    "Z1-0006,多,一,列\n"
    "Z1-0007,尾部空列,7,,\n"
    "Z1-0008,旧式\r换行,8\r"
    "Z1-0009,末行无换行,9"
)


@pytest.mark.parametrize("block", [1, 7, 16, 64, 1 << 16])
def test_awkward_file_matches_csv_reader_at_any_block_size(tmp_path, monkeypatch, block):
    path = tmp_path / "awkward.csv"
    path.write_text(AWKWARD, encoding="utf-8", newline="")
    assert read(path, monkeypatch, block) == reference(AWKWARD, 3)


def test_ragged_rows_are_noted_on_the_fast_path(tmp_path, monkeypatch):
    path = tmp_path / "r.csv"
    path.write_text("a,b,c\n" + "1,2,3\n" * 50 + "1,2\n" + "1,2,3\n" * 50, encoding="utf-8")
    monkeypatch.setattr(csv_blocks, "BLOCK", 1 << 16)
    batches = list(next(open_tables(str(path))).batches())
    notes = [(batch.lines[i], code, detail) for batch in batches for i, code, detail in batch.notes]
    assert notes == [(52, "ragged", "2/3")]
    assert all(len(col) == 101 for col in batches[0].columns)


def test_crlf_file_keeps_lines_on_the_fast_path(tmp_path, monkeypatch):
    path = tmp_path / "crlf.csv"
    path.write_bytes(("档号,页数\r\n" + "".join(f"Z1-{n:04d},{n}\r\n" for n in range(1, 200))).encode("utf-8"))
    rows = read(path, monkeypatch, 256)
    assert rows[0] == (2, ["Z1-0001", "1"]) and rows[-1] == (200, ["Z1-0199", "199"])


def test_a_blank_row_is_dropped_beside_a_first_cell_that_starts_with_a_tab(tmp_path, monkeypatch):
    path = tmp_path / "tab.csv"
    path.write_text("档号,题名\n\tZ1,a\n ,\nZ2,b\n", encoding="utf-8")
    assert read(path, monkeypatch, 1 << 16) == [(2, ["\tZ1", "a"]), (4, ["Z2", "b"])]


def test_one_column_file_drops_blank_lines(tmp_path, monkeypatch):
    path = tmp_path / "one.csv"
    path.write_text("档号\nZ1-0001\n\n   \nZ1-0002\n", encoding="utf-8")
    assert read(path, monkeypatch, 1 << 16) == [(2, ["Z1-0001"]), (5, ["Z1-0002"])]


def test_an_unclosed_quote_reads_like_csv_reader(tmp_path, monkeypatch):
    text = 'a,b\n1,"open\n2,3\n4,5\n'
    path = tmp_path / "open.csv"
    path.write_text(text, encoding="utf-8")
    assert read(path, monkeypatch, 4) == reference(text, 2)


#: with a tab, control characters and other spaces: a first cell that sorts below a blank one
_cells = st.text(alphabet='ab ,"\n\r\u3000档\t\x01\x1f\xa0', max_size=6)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(_cells, min_size=1, max_size=4), min_size=1, max_size=12),
       block=st.sampled_from([1, 3, 8, 32, 1 << 16]),
       quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_NONE, csv.QUOTE_ALL]), spare=st.integers(0, 2))
def test_any_file_matches_csv_reader(tmp_path_factory, rows, block, quoting, spare):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=quoting, escapechar="\\" if quoting == csv.QUOTE_NONE else None)
    writer.writerow(["档号", "题名", "页数"] + [""] * spare)  # a spreadsheet's export pads the header line too
    try:
        writer.writerows(rows)
    except csv.Error:
        return
    text = buffer.getvalue()
    path = tmp_path_factory.mktemp("h") / "h.csv"
    path.write_text(text, encoding="utf-8", newline="")
    with pytest.MonkeyPatch.context() as mp:
        assert read(path, mp, block) == reference(text, 3)


#: pieces that make an every-field-quoted line look like another shape: separators, line ends, quotes in cells
_quoted_cells = st.lists(st.sampled_from(["", "a", ",", '"', "\n", "档", '","', '""', '"\n"', ',"', "\r", " "]),
                         max_size=3).map("".join)


@settings(max_examples=300, deadline=None)
@given(width=st.integers(1, 4), data=st.data(), line_end=st.sampled_from(["\n", "\r\n"]))
def test_every_field_quoted_block_reads_as_csv_reader_reads_it(width, data, line_end):
    """The fast path for exporters that quote every cell: the same rows and lines as csv.reader, or no
    fast path at all (a cell holding a quote or a line break, a ragged or blank row)."""
    rows = data.draw(st.lists(st.lists(_quoted_cells, min_size=width, max_size=width), min_size=1, max_size=6))
    buffer = io.StringIO(newline="")
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator=line_end).writerows(rows)
    text = buffer.getvalue()
    block = csv_blocks.ColumnReader(iter(()), ",", width, 2)._all_quoted(text)
    expected = list(csv.reader(io.StringIO(text, newline="")))
    if block is None:
        return
    assert [list(row) for row in zip(*block.columns)] == expected
    assert list(block.lines) == list(range(2, 2 + len(expected)))


def test_an_every_field_quoted_export_takes_the_fast_path(tmp_path, monkeypatch):
    rows = [[f"Z109-WS·2019-Y-BGS-{i:04d}", f"关于第{i}项工作的通知", "", str(i % 7 + 1)] for i in range(1, 400)]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows([["档号", "题名", "备注", "页数"], *rows])
    path = tmp_path / "quoted.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    monkeypatch.setattr(csv_blocks.ColumnReader, "_quoted", None)  # csv.reader is not needed for any block
    assert read(path, monkeypatch, 1 << 12) == [(n + 1, row) for n, row in enumerate(rows, start=1)]


def test_the_whitespace_a_blank_row_may_hold_is_what_str_strip_removes():
    assert set(blanks.ROW_WHITESPACE) == {c for c in map(chr, range(0x110000)) if c.isspace()}


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.lists(st.sampled_from(["", "a", " ", "\u3000", "\x85", "档", "\t"]), min_size=1, max_size=5)
                      .map(",".join), min_size=1, max_size=40),
       width=st.integers(1, 4), spare=st.integers(0, 2))
def test_blank_and_ragged_lines_in_a_quote_free_block_are_mended_like_csv_reader(lines, width, spare):
    """Among many good lines, a blank row (only delimiters and spaces) or a ragged one: found where it is,
    mended as csv.reader's row would be, and noted at its place among the rows kept; up to `spare`
    empty cells past the header are cut without a note."""
    text = "\n".join(lines) + "\n"
    block = csv_blocks.ColumnReader(iter(()), ",", width, 2, spare)._plain(text)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    expected, notes = [], []
    for n, row in enumerate(rows):
        mended = csv_blocks._mend(row, width, spare, len(expected), notes)
        if mended is not None:
            expected.append((2 + n, mended))
    got = [] if block is None else list(zip(block.lines, map(list, zip(*block.columns)))) if block.lines else []
    assert got == expected
    assert (block.blank if block is not None else 0) == len(rows) - len(expected)
    assert (block.notes if block is not None else []) == notes


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=200) | st.text(alphabet="档号a,\n\r\ufeff", max_size=120).map(lambda t: t.encode("utf-8")),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]), size=st.sampled_from([1, 2, 3, 7, 64, 4096]))
def test_text_blocks_decode_the_file_whole_lines_at_a_time(data, encoding, size):
    """Blocks read into one reused buffer decode to exactly what the whole file decodes to (an undecodable file
    raises UnicodeDecodeError, as decoding it whole does), and every block but the last ends a line."""
    if encoding == "utf-8-sig" and data.startswith(b"\xef") and len(data) < 3:
        data = b""  # (Python's utf-8-sig decoder drops an incomplete BOM silently; we refuse it: not compared)
    try:
        whole = data.decode(encoding)
    except UnicodeDecodeError:
        whole = None
    try:
        blocks = list(csv_blocks.text_blocks(io.BufferedReader(io.BytesIO(data)), encoding, size))
    except UnicodeDecodeError:
        blocks = None
    if whole is None or blocks is None:
        assert whole is None and blocks is None, (whole, blocks)
        return
    assert "".join(blocks) == whole
    assert all(b.endswith(("\n", "\r")) for b in blocks[:-1])


# ------------------------------------------------------------------ block size from the core's cache

def _cache_tree(root, caches):
    """A /sys/devices/system/cpu/cpu0/cache lookalike: {index name: (level, size text)}."""
    for name, (level, size) in caches.items():
        (root / name).mkdir(parents=True)
        (root / name / "level").write_text(f"{level}\n", encoding="ascii")
        (root / name / "size").write_text(f"{size}\n", encoding="ascii")
    return str(root)


@pytest.mark.parametrize(("caches", "expected"), [
    ({"index0": (1, "48K"), "index1": (1, "32K"), "index2": (2, "2048K"), "index3": (3, "266240K")}, 2 << 20),
    ({"index0": (1, "32K"), "index2": (2, "1M")}, 1 << 20),
    ({"index0": (1, "32K")}, None),  # no L2 described
    ({"index2": (2, "lots")}, None),
])
def test_l2_size_is_read_from_the_kernels_description(tmp_path, caches, expected):
    assert block_size._l2_bytes(_cache_tree(tmp_path / "cache", caches)) == expected


def test_no_cache_description_is_no_size(tmp_path):
    assert block_size._l2_bytes(str(tmp_path / "missing")) is None


@pytest.mark.parametrize(("l2", "block"), [
    (2 << 20, 256 << 10),   # 2 MiB per core (this project's CI machine): 256 KiB was the fastest
    (1 << 20, 128 << 10),   # 1 MiB per core: 64–128 KiB were
    (256 << 10, 64 << 10),  # never below 64 KiB: the rules' per-batch cost would dominate
    (32 << 20, 256 << 10),  # never above 256 KiB: not measured
    (None, 96 << 10),       # not known: the size fastest on the smaller cache
])
def test_block_is_an_eighth_of_l2_within_bounds(l2, block):
    assert block_size.block_for(l2) == block


@pytest.mark.parametrize(("raw", "kib"), [("32", 32), ("1", 1), ("", None), ("abc", None), ("0", None), ("-5", None)])
def test_block_size_may_be_set_for_measurements(monkeypatch, raw, kib):
    monkeypatch.setenv(block_size.BLOCK_ENV, raw)
    expected = kib << 10 if kib else block_size.block_for(block_size._l2_bytes())
    assert block_size.configured_block() == expected


@settings(max_examples=300, deadline=None)
@given(records=st.lists(st.lists(st.sampled_from(["", " ", "a", "档", "\u3000"]), min_size=0, max_size=5), max_size=24),
       width=st.integers(1, 4))
def test_the_files_habit_is_what_three_in_four_of_its_first_records_agree_on(records, width):
    """`habit_of` against a reading of its rule written apart: of the first 16 non-blank records, a
    length other than the header's that at least two and more than half of them have."""
    sample = [r for r in records if "".join(r).strip()][:16]
    lengths = [len(r) for r in sample]
    agreed = [n for n in set(lengths) if lengths.count(n) >= 2 and 2 * lengths.count(n) > len(sample)]
    if not agreed or agreed[0] == width:
        expected = (0, 0)
    elif agreed[0] < width:
        expected = (0, agreed[0] - width)
    else:
        past = "".join(cell for r in sample if len(r) == agreed[0] for cell in r[width:])
        expected = (agreed[0] - width, 0) if not past.strip() else (0, agreed[0] - width)
    assert csv_blocks.habit_of(records, width) == expected


@settings(max_examples=200, deadline=None)
@given(size=st.text(max_size=12), level=st.sampled_from(["1", "2", "3", "x", ""]))
def test_any_cache_description_gives_a_size_or_none(tmp_path_factory, size, level):
    root = tmp_path_factory.mktemp("cache")
    (root / "index0").mkdir()
    (root / "index0" / "level").write_text(level, encoding="ascii", errors="replace")
    (root / "index0" / "size").write_text(size, encoding="utf-8")
    got = block_size._l2_bytes(str(root))
    assert got is None or (isinstance(got, int) and got >= 0)
    assert 64 << 10 <= block_size.block_for(got) <= 256 << 10


@pytest.mark.parametrize(("width", "block", "rows"), [
    (14, 256 << 10, 1872),   # a 14-column worksheet beside 256 KiB CSV blocks
    (14, 96 << 10, 702),
    (1, 256 << 10, 4096),    # never more than 4,096 records a batch
    (400, 64 << 10, 128),    # nor fewer than 128, however wide the table
    (0, 96 << 10, 4096),     # a table without columns does not divide by zero
])
def test_record_batches_hold_about_as_many_cells_as_a_csv_block(width, block, rows):
    assert block_size.rows_for(width, block) == rows
