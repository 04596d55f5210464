"""A record the reader could not place in its columns is one defect, reported once (CAT002), whatever
its cells would have made the other rules say.

The files come from the independent generator (`tests/independent/catalog_gen.py`, which never imports
archcheck), written as csv.writer writes them; one physical line is then broken the way hand edits and
naive exporters break lines: an unquoted comma inside a free-text cell (题名, 责任者, 文号 — the cells after
it shift right), a delimiter lost between two cells (they shift left), a stray cell appended.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.conftest import findings, run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "independent"))
import catalog_gen as gen  # noqa: E402

#: the columns a comma most often sits in, by their dat22 header names
FREE_TEXT = ("题名", "责任者", "文号")


@functools.lru_cache(maxsize=None)
def _clean_lines(seed: int, tmp: str) -> tuple[str, ...]:
    path = Path(tmp) / f"clean-{seed}.csv"
    gen.write(gen.generate(seed=seed, years=(2018, 2019)), path, fmt="csv", header="dat22")
    return tuple(path.read_text(encoding="utf-8").split("\n"))


@st.composite
def broken_lines(draw, lines: tuple[str, ...]):
    """(line number, the line broken one way) for a data line without quotes."""
    header = lines[0].split(",")
    candidates = [n for n in range(1, len(lines)) if lines[n] and '"' not in lines[n]]
    n = draw(st.sampled_from(candidates))
    cells = lines[n].split(",")
    how = draw(st.sampled_from(["comma", "lost", "stray"]))
    if how == "comma":
        column = header.index(draw(st.sampled_from(FREE_TEXT)))
        text = cells[column]
        at = draw(st.integers(0, len(text)))
        cells[column] = text[:at] + "," + text[at:]
    elif how == "lost":
        at = draw(st.integers(0, len(cells) - 2))
        cells[at:at + 2] = [cells[at] + cells[at + 1]]
    else:
        cells.append(draw(st.sampled_from(["多余", "见附件", "1"])))
    return n + 1, ",".join(cells)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), seed=st.integers(1, 3))
def test_a_broken_line_is_one_finding_and_nothing_else(tmp_path_factory, data, seed):
    tmp = tmp_path_factory.getbasetemp() / "unplaced"
    tmp.mkdir(exist_ok=True)
    lines = list(_clean_lines(seed, str(tmp)))
    assert findings(run(_write(tmp / f"c{seed}.csv", lines))) == []  # the generator's file is clean
    line, broken = data.draw(broken_lines(tuple(lines)))
    lines[line - 1] = broken
    assert findings(run(_write(tmp / f"b{seed}.csv", lines))) == [("CAT002", line, None)]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_a_sheet_row_with_a_cell_past_the_header_is_still_checked(tmp_path):
    """In a sheet every cell stands in its own column: a note typed past the header is reported, and the
    row's own defects are too."""
    import openpyxl

    from catalog.conftest import HEADER, clean_rows
    rows = clean_rows(4)
    rows[1][HEADER.index("页数")] = "0"
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for n, cells in enumerate(rows):
        book.active.append(cells + (["另见第3卷"] if n == 1 else []))
    path = tmp_path / "past.xlsx"
    book.save(path)
    assert sorted(findings(run(path))) == [("CAT002", 3, None), ("CAT015", 3, "页数")]


def test_a_json_line_that_is_no_object_gets_no_blank_findings(tmp_path):
    import json

    from catalog.conftest import HEADER, clean_rows
    records = [json.dumps(dict(zip(HEADER, cells)), ensure_ascii=False) for cells in clean_rows(4)]
    records[2] = '["Z109-WS·2019-Y-BGS-0003", "关于第3项工作的通知"]'
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    assert findings(run(path)) == [("CAT002", 3, None)]


def test_a_volume_list_row_with_an_unquoted_comma_is_vol015_alone(cli, tmp_path, monkeypatch):
    """In a 卷内文件目录 the shifted 日期 would read as the row's 页号: no page gap, no date outside the
    volume's span, no overlap with the next row — only VOL015, on that line."""
    import json

    (tmp_path / "ajml.csv").write_text(
        "档号,案卷号,案卷题名,年度,保管期限,页数,件数,起止日期\n"
        "Z109-WS·2005-Y-001,1,县政府关于农业生产的通知、报告,2005,Y,5,2,20050110-20050320\n"
        "Z109-WS·2005-Y-002,2,县政府关于防汛工作的通知,2005,Y,4,2,20050601-20050720\n", encoding="utf-8")
    (tmp_path / "jnml.csv").write_text(
        "档号,顺序号,文号,责任者,题名,日期,页号\n"
        "Z109-WS·2005-Y-001-1,1,县政发〔2005〕3号,县人民政府,关于春耕生产,备耕的通知,20050110,1\n"
        "Z109-WS·2005-Y-001-2,2,,农业局,关于春耕生产情况的报告,20050320,3-5\n"
        "Z109-WS·2005-Y-002-1,1,,县人民政府,关于防汛工作的通知,20050601,1\n"
        "Z109-WS·2005-Y-002-2,2,,水利局,关于防汛准备情况的报告,20050720,2-4\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("catalog", "ajml.csv", "jnml.csv", "--format", "json", "--as-of", "2026-12-01", "--fail-on", "major")
    assert result.exit_code == 1, result.output
    unit = json.loads(result.stdout)["units"][0]
    assert [(f["rule"], f["location"]["file"], f["location"]["line"]) for f in unit["findings"]] == [("VOL015", "jnml.csv", 2)]


def test_a_gap_larger_than_the_unplaced_rows_beside_it_is_still_reported(catalog):
    """One unplaced row may be one missing 件号, not two: 0003 is the broken row, 0004 is really missing."""
    from catalog.conftest import clean_rows

    rows = [r for r in clean_rows(6) if r[6] != "0004"]
    rows[2] = rows[2][:1] + rows[2][2:]  # 0003's 档号 cell lost: the row is one field short
    found = findings(catalog(rows))
    assert ("CAT002", 4, None) in found
    assert [f for f in found if f[0] == "CAT009"] == [("CAT009", 5, "件号")]
    assert len(found) == 2


def test_a_header_short_of_a_name_leaves_the_rows_judged(catalog):
    """Every record has a 备注 the header does not name: said once, for the file (CAT002 without a line);
    the cells stand in place, so each row's own defect (an impossible 日期) is still found."""
    from catalog.conftest import HEADER, clean_rows

    rows = clean_rows(6)
    for n, cells in enumerate(rows):
        cells[HEADER.index("备注")] = f"备注{n}"
    rows[3][HEADER.index("日期")] = "20191331"
    found = findings(catalog(rows, header=HEADER[:-1]))
    assert ("CAT012", 5, "日期") in found
    assert [f for f in found if f[0] in ("CAT002", "CAT012")] == [("CAT002", None, None), ("CAT012", 5, "日期")]


def test_a_header_naming_a_column_no_record_fills_is_read_blank(catalog):
    """The header names 备注 last and the records stop before it (an exporter that drops trailing empty
    fields): nothing is missing, since 备注 may stay blank, so no CAT002; the rows are judged."""
    from catalog.conftest import HEADER, clean_rows

    rows = [cells[:-1] for cells in clean_rows(6)]
    rows[3][HEADER.index("页数")] = "0"
    assert findings(catalog(rows)) == [("CAT015", 5, "页数")]


def test_a_required_column_no_record_fills_is_said_once_for_the_file(catalog):
    """The header ends with 页数 and no record has it: one file-level CAT002 says why, and each record's
    blank 页数 is CAT003's."""
    from catalog.conftest import HEADER, clean_rows

    header = [name for name in HEADER if name != "页数"] + ["页数"]
    rows = [[cells[HEADER.index(name)] for name in header[:-1]] for cells in clean_rows(6)]
    found = findings(catalog(rows, header=header))
    assert found == [("CAT002", None, None)] + [("CAT003", line, "页数") for line in range(2, 8)]


@pytest.mark.parametrize("last", ["件号", "备注"])
@pytest.mark.parametrize("broken", [2, 3])
def test_the_first_records_broken_alike_are_no_habit(tmp_path_factory, broken, last):
    """The first records (two or three) each hold an unquoted comma in 题名, so each has one cell more
    than the header: a non-empty one when the last column is 件号 (as a header short of a name would
    leave), an empty one when it is a blank 备注 (as an exporter's trailing delimiter would). The
    records after them end at the header, so the sample (`csv_blocks.habit_of`) finds no habit and
    each broken line is one CAT002, nothing said of its shifted cells."""
    tmp = tmp_path_factory.getbasetemp() / "unplaced"
    tmp.mkdir(exist_ok=True)
    rows = [line.split(",") for line in _clean_lines(1, str(tmp)) if line]
    move = rows[0].index(last)
    rows = [cells[:move] + cells[move + 1:] + [cells[move]] for cells in rows]  # `last` as the last column
    title, note = rows[0].index("题名"), rows[0].index("备注")
    for cells in rows[1:1 + broken]:
        cells[title] = cells[title][:2] + "," + cells[title][2:]
        cells[note] = ""
    lines = [",".join(cells) for cells in rows]
    assert not any('"' in line for line in lines)
    found = findings(run(_write(tmp / f"first{broken}{last}.csv", lines)))
    assert found == [("CAT002", n, None) for n in range(2, 2 + broken)]


def test_an_export_dropping_trailing_empty_fields_is_clean(tmp_path_factory):
    """The independent generator's clean file with 备注 as its last column, written as an exporter that
    drops a line's trailing empty field writes it: the lines with a blank 备注 are a cell short, the
    others are whole. Nothing is missing, so nothing is reported."""
    tmp = tmp_path_factory.getbasetemp() / "unplaced"
    tmp.mkdir(exist_ok=True)
    rows = [line.split(",") for line in _clean_lines(2, str(tmp)) if line]
    move = rows[0].index("备注")
    rows = [cells[:move] + cells[move + 1:] + [cells[move]] for cells in rows]
    lines = [",".join(cells[:-1] if not cells[-1] else cells) for cells in rows]
    assert sum(1 for cells in rows[1:] if not cells[-1]) > len(rows) // 2  # most records lack the cell
    assert not any('"' in line for line in lines)
    assert findings(run(_write(tmp / "dropped.csv", lines))) == []


@functools.lru_cache(maxsize=None)
def _generated(seed: int, header: str, tmp: str) -> tuple[str, ...]:
    path = Path(tmp) / f"clean-{seed}-{header}.csv"
    gen.write(gen.generate(seed=seed, years=(2018, 2019)), path, fmt="csv", header=header)
    return tuple(path.read_text(encoding="utf-8").split("\n"))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), seed=st.integers(1, 3), header=st.sampled_from(["dat22", "pinyin"]), broken=st.booleans())
def test_a_header_naming_a_column_in_front_the_records_lack_is_one_finding(tmp_path_factory, data, seed, header, broken):
    """The header names a 序号 first (a template's) and the records start at the next column: the
    independent generator's dat22 file with its 序号 cells taken off every record, or its pinyin file
    with `xh` put in front of the header. Read as lacking the last column, every cell would stand one
    column early (a 档号 as 序号, a 题名 as 责任者: thousands of findings); read as lacking the first, the
    file has one defect, said once for the file. A line broken as well is still its own CAT002."""
    tmp = tmp_path_factory.getbasetemp() / "leading"
    tmp.mkdir(exist_ok=True)
    lines = list(_generated(seed, header, str(tmp)))
    if header == "dat22":
        assert lines[0].startswith("序号,")
        lines = [lines[0]] + [line.split(",", 1)[1] if line else line for line in lines[1:]]
    else:
        lines[0] = "xh," + lines[0]
    expected = [("CAT002", None, None)]
    if broken:
        names = {"tm": "题名", "zrz": "责任者", "wh": "文号"}  # the records' own columns, as broken_lines names them
        own = ",".join(names.get(name, name) for name in lines[0].split(",")[1:])
        line, cells = data.draw(broken_lines(tuple([own] + lines[1:])))
        lines[line - 1] = cells
        expected.append(("CAT002", line, None))
    assert findings(run(_write(tmp / f"lead-{seed}-{header}.csv", lines))) == expected


def test_records_short_of_the_last_columns_are_not_read_from_the_front(tmp_path_factory):
    """The mirror, on the same file: records that stop before the header's last column (件号 moved
    last, then dropped from every record) keep their cells where they are; the 件号 is CAT002's once
    and each record's blank 件号 CAT003's, as before, not a shifted reading."""
    tmp = tmp_path_factory.getbasetemp() / "leading"
    tmp.mkdir(exist_ok=True)
    rows = [line.split(",") for line in _generated(1, "dat22", str(tmp)) if line]
    move = rows[0].index("件号")
    lines = [",".join(cells[:move] + cells[move + 1:] + ([cells[move]] if n == 0 else [])) for n, cells in enumerate(rows)]
    found = findings(run(_write(tmp / "short-last.csv", lines)))
    assert found[0] == ("CAT002", None, None)
    assert {(rule, column) for rule, _, column in found[1:]} <= {("CAT003", "件号")}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), seed=st.integers(1, 3), header=st.sampled_from(["dat22", "pinyin"]), broken=st.booleans())
def test_an_unnamed_cell_in_front_of_every_record_is_one_finding(tmp_path_factory, data, seed, header, broken):
    """The records carry a cell in front the header does not name: the dat22 file with 序号 taken off
    the header only, or the pinyin file with a row number put in front of every record. Read as a
    header short of a name at the end, each cell would stand one column late; lined up at the end,
    the file has one defect, said once. A line broken as well is still its own CAT002."""
    tmp = tmp_path_factory.getbasetemp() / "leading"
    tmp.mkdir(exist_ok=True)
    lines = list(_generated(seed, header, str(tmp)))
    if header == "dat22":
        assert lines[0].startswith("序号,")
        lines[0] = lines[0].split(",", 1)[1]
    else:
        lines = [lines[0]] + [f"{n},{line}" if line else line for n, line in enumerate(lines[1:], 1)]
    expected = [("CAT002", None, None)]
    if broken:
        names = {"tm": "题名", "zrz": "责任者", "wh": "文号"}
        own = ",".join(["序号"] + [names.get(name, name) for name in lines[0].split(",")])
        line, cells = data.draw(broken_lines(tuple([own] + lines[1:])))
        lines[line - 1] = cells
        expected.append(("CAT002", line, None))
    assert findings(run(_write(tmp / f"unnamed-{seed}-{header}.csv", lines))) == expected
