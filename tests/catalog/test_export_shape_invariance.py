"""One catalogue, written the ways archive systems write it, gets one set of findings: every field quoted
(which leaves the reader's fast path), GB18030, Windows line ends, pinyin column keys. Generated exports,
with odd cells put into random places, so the rows that push a batch off its fast path are there too."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gen_catalog
from catalog.test_batch_invariance import ODD

#: the generator's columns as an export with pinyin keys names them
PINYIN = {"序号": "xh", "档号": "dh", "全宗号": "qzh", "年度": "nd", "保管期限": "bgqx", "机构（问题）": "jgwt", "件号": "jh",
          "文号": "wh", "责任者": "zrz", "题名": "tm", "日期": "rq", "密级": "mj", "页数": "ys", "备注": "bz"}
SHAPES = {
    "quoted": dict(quoting=csv.QUOTE_ALL),
    "gb18030": dict(encoding="gb18030"),
    "crlf": dict(lineterminator="\r\n"),
    "pinyin": dict(pinyin=True),
}


def write(path: Path, rows: list[list[str]], encoding: str = "utf-8", quoting: int = csv.QUOTE_MINIMAL,
          lineterminator: str = "\n", pinyin: bool = False) -> Path:
    if pinyin:
        rows = [[PINYIN[name] for name in rows[0]], *rows[1:]]
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, quoting=quoting, lineterminator=lineterminator).writerows(rows)
    return path


def findings(cli, path: Path, with_messages: bool):
    done = cli("catalog", str(path), "--format", "json", "--as-of", "2026-12-01", "--fail-on", "never")
    assert done.exit_code == 0, done.output
    return sorted((f["rule"], f["location"].get("line") or 0,
                   json.dumps(f["message"], ensure_ascii=False) if with_messages else "")
                  for unit in json.loads(done.output)["units"] for f in unit["findings"])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), rate=st.sampled_from([0.02, 0.2]), year=st.sampled_from([2005, 2019]),
       shape=st.sampled_from(sorted(SHAPES)),
       edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 13), st.sampled_from(ODD)), max_size=6))
def test_one_catalogue_written_another_way_gets_the_same_findings(cli, tmp_path, seed, rate, year, shape, edits):
    source = tmp_path / "g.csv"
    gen_catalog.write(source, rows=300, seed=seed, rate=rate, first_year=year)
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    for row, column, value in edits:
        rows[1 + row % (len(rows) - 1)][column] = value
    plain = write(tmp_path / "plain.csv", rows)
    other = write(tmp_path / f"{shape}.csv", rows, **SHAPES[shape])
    messages = shape != "pinyin"  # a message may name the column as the file does
    assert findings(cli, other, messages) == findings(cli, plain, messages)
