"""One changed cell, one finding (at most): every column of a clean export against every odd value a real
export holds, one cell at a time, and the findings counted. A volume pair gets at most one finding per
changed cell, and so does an item catalogue, on the changed row (a cell wrong in itself that also disagrees
with the 档号 is one finding: CAT006 where the 档号 fits the rows around it, the cell's own rule otherwise)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from bench_volumes import write_pair
from catalog.conftest import HEADER, row, write_csv

ODD = ("", " ", "'", "x", "0", "0001", "1", "２", "99", "1-3", "3-2", "长期", "定期10年", "20190230", "43529", "1999",
       "20301231", "办公室", "Z109-WS·2019-Y-BGS-0005", "Z109-1-00002-3", "Z109-1-00009", "Z109-1-00001")


def findings(cli, *files) -> list[tuple[str, str, int]]:
    done = cli("catalog", *map(str, files), "--format", "json", "--as-of", "2026-12-01", "--fail-on", "never")
    assert done.exit_code == 0, done.output
    return [(f["rule"], Path(f["location"].get("file") or "").name, f["location"].get("line") or 0)
            for unit in json.loads(done.output)["units"] for f in unit["findings"]]


@pytest.mark.parametrize("column", HEADER)
def test_one_changed_item_cell_is_reported_on_its_row_only(cli, tmp_path, column):
    clean = [row(i) for i in range(1, 13)]
    path = write_csv(tmp_path / "c.csv", clean)
    assert findings(cli, path) == []
    at = HEADER.index(column)
    for value in ODD:
        if clean[5][at] == value:
            continue
        changed = [list(r) for r in clean]
        changed[5][at] = value
        found = findings(cli, write_csv(path, changed))
        assert len(found) <= 1 and {line for _, _, line in found} <= {7, 0}, (column, value, found)


@pytest.mark.parametrize("inner", [False, True])
def test_one_changed_volume_cell_is_at_most_one_finding(cli, tmp_path, inner):
    pair = write_pair(tmp_path, 4, 5)
    path, target = (pair[1], 8) if inner else (pair[0], 2)
    with path.open(encoding="utf-8", newline="") as fh:
        clean = list(csv.reader(fh))
    assert findings(cli, *pair) == []
    for at, column in enumerate(clean[0]):
        for value in ODD:
            if clean[target][at] == value:
                continue
            changed = [list(r) for r in clean]
            changed[target][at] = value
            with path.open("w", encoding="utf-8", newline="") as fh:
                csv.writer(fh, lineterminator="\n").writerows(changed)
            found = findings(cli, *pair)
            assert len(found) <= 1, (column, value, found)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(clean)
