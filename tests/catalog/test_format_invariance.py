"""One catalogue exported as CSV, as a workbook (text cells, or numbers where the text is a plain number,
as archive systems write 年度, 页数 and 日期) and as JSON Lines gets one set of findings. Generated
exports with odd cells put in, so that the workbook reader's column conversion meets mixed columns."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gen_catalog
from bench_volumes import write_pair
from catalog.test_batch_invariance import ODD, ODD_VOLUME, spoil


def number_or_text(value: str):
    return int(value) if value.isascii() and value.isdigit() and str(int(value)) == value else value


def write(path: Path, rows: list[list[str]], shape: str) -> Path:
    if shape == "csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
    elif shape == "jsonl":
        path.write_text("".join(json.dumps(dict(zip(rows[0], row)), ensure_ascii=False) + "\n" for row in rows[1:]),
                        encoding="utf-8")
    else:
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("目录")
        sheet.append(rows[0])
        for row in rows[1:]:
            sheet.append([number_or_text(v) for v in row] if shape == "xlsx-numbers" else row)
        book.save(path)
    return path


def findings(cli, path: Path, shift: int):
    """(rule, line, column) of each finding; `shift` puts a JSON Lines record on its CSV line."""
    done = cli("catalog", str(path), "--format", "json", "--as-of", "2026-12-01", "--fail-on", "never")
    assert done.exit_code == 0, done.output
    return sorted((f["rule"], (f["location"].get("line") or -shift) + shift, f["location"].get("column") or "")
                  for unit in json.loads(done.output)["units"] for f in unit["findings"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), rate=st.sampled_from([0.02, 0.2]), year=st.sampled_from([2005, 2019]),
       shape=st.sampled_from(["xlsx-text", "xlsx-numbers", "jsonl"]),
       edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 13), st.sampled_from(ODD)), max_size=6))
def test_one_catalogue_in_another_format_gets_the_same_findings(cli, tmp_path, seed, rate, year, shape, edits):
    source = tmp_path / "g.csv"
    gen_catalog.write(source, rows=200, seed=seed, rate=rate, first_year=year)
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    width = len(rows[0])  # a ragged row is a CSV notion (a JSON record or a sheet row has every column)
    rows = [(row + [""] * width)[:width] for row in rows]
    for row, column, value in edits:
        rows[1 + row % (len(rows) - 1)][column] = value
    plain = findings(cli, write(tmp_path / "plain.csv", rows, "csv"), 0)
    suffix = ".jsonl" if shape == "jsonl" else ".xlsx"
    assert findings(cli, write(tmp_path / f"other{suffix}", rows, shape), 1 if shape == "jsonl" else 0) == plain


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(numbers=st.booleans(),
       edits=st.lists(st.tuples(st.booleans(), st.integers(0, 10**6), st.integers(0, 10), st.sampled_from(ODD_VOLUME)),
                      max_size=8))
def test_a_volume_pair_as_one_workbook_gets_the_csv_pairs_findings(cli, tmp_path, numbers, edits):
    """The 案卷目录 and 卷内目录 as two sheets of one workbook, as archive systems often export them."""
    import openpyxl

    pair = write_pair(tmp_path, volumes=10, items=5)
    for index, path in enumerate(pair):
        spoil(path, [(row, column, value) for inner, row, column, value in edits if inner == bool(index)])
    book = openpyxl.Workbook(write_only=True)
    for path in pair:
        sheet = book.create_sheet(path.stem)
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        sheet.append(rows[0])
        for row in rows[1:]:
            sheet.append([number_or_text(v) for v in row] if numbers else row)
    book.save(tmp_path / "目录.xlsx")

    def named(cli, *files):  # the rule, the table (file or sheet) by its kind, the line
        done = cli("catalog", *map(str, files), "--format", "json", "--as-of", "2026-12-01", "--fail-on", "never")
        assert done.exit_code == 0, done.output
        return sorted((f["rule"], "卷内" in (f["location"].get("sheet") or f["location"].get("file") or ""),
                       f["location"].get("line") or 0) for unit in json.loads(done.output)["units"] for f in unit["findings"])

    assert named(cli, tmp_path / "目录.xlsx") == named(cli, *pair)
