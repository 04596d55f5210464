"""Generated volume catalogues (volume_gen.py, written apart from the checker): every injected defect is
found exactly once, by its rule, at its line — and nothing else is reported, so clean rows get no finding.

Runs the real CLI on the generated files and reads its JSON report only."""

from __future__ import annotations

import json
import subprocess

import pytest

from independent_harness import AS_OF, archcheck_exe
from volume_gen import KINDS, write

SHAPES = ("csv-zh", "csv-pinyin", "xlsx")


def findings(directory, files) -> list[tuple]:
    proc = subprocess.run([archcheck_exe(), "catalog", *files, "--format", "json", "--as-of", AS_OF],
                          capture_output=True, text=True, cwd=directory, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    units = json.loads(proc.stdout)["units"]
    assert len(units) == 1, "the two catalogues were not checked together"
    return sorted((f["rule"], f["location"].get("file"), f["location"].get("sheet"), f["location"].get("line"),
                   f["location"].get("column")) for f in units[0]["findings"])


@pytest.mark.parametrize("seed", [1, 7, 23])
@pytest.mark.parametrize("shape", SHAPES)
def test_every_injected_defect_is_found_once_and_nothing_else(tmp_path, shape, seed):
    truth = write(tmp_path, seed, shape, 60, list(KINDS))
    want = sorted((d["rule"], d["file"], d["sheet"], d["line"], d["column"]) for d in truth["defects"])
    assert len(want) >= 16
    assert findings(tmp_path, truth["files"]) == want


@pytest.mark.parametrize("shape", SHAPES)
def test_a_clean_generated_catalogue_gets_no_finding(tmp_path, shape):
    truth = write(tmp_path, 11, shape, 40, [])
    assert truth["inner_rows"] > 100
    assert findings(tmp_path, truth["files"]) == []
