"""fixtures/catalog/volumes/: hand-written volume catalogues in the shapes archive systems export, each
with the findings an inspector expects (expected.json) — those, at those lines, and nothing else.

Runs the real CLI and reads its JSON report only."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from independent_harness import AS_OF, archcheck_exe

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "catalog" / "volumes"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


def findings_of(*names: str) -> tuple[int, list[dict]]:
    proc = subprocess.run([archcheck_exe(), "catalog", *names, "--format", "json", "--as-of", AS_OF],
                          capture_output=True, text=True, cwd=FIXTURES, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    assert len(report["units"]) == 1, "the files were not checked together"
    return proc.returncode, report["units"][0]["findings"]


def key(location: dict, rule: str) -> tuple:
    return location.get("file"), location.get("sheet"), location.get("line"), rule, location.get("column")


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_fixture_gets_exactly_its_expected_findings(case):
    _, findings = findings_of(*case.split("+"))
    got = sorted(key(f["location"], f["rule"]) for f in findings)
    want = sorted((e["file"], e.get("sheet"), e["line"], e["rule"], e["column"]) for e in EXPECTED[case])
    assert got == want


def test_the_order_of_the_files_does_not_matter():
    forward = findings_of("ajml-pinyin-gb18030.csv", "jnml-pinyin-gb18030.csv")[1]
    backward = findings_of("jnml-pinyin-gb18030.csv", "ajml-pinyin-gb18030.csv")[1]
    assert sorted(key(f["location"], f["rule"]) for f in forward) == sorted(key(f["location"], f["rule"]) for f in backward)


def test_a_volume_list_alone_is_checked_and_the_joining_rules_say_they_need_the_other_list():
    proc = subprocess.run([archcheck_exe(), "catalog", "ajml-pinyin-gb18030.csv", "--format", "json", "--as-of", AS_OF],
                          capture_output=True, text=True, cwd=FIXTURES, timeout=120)
    unit = json.loads(proc.stdout)["units"][0]
    outcomes = {o["rule"]: o["outcome"] for o in unit["outcomes"]}
    assert outcomes["VOL005"] == "fail" and outcomes["VOL009"] == "not_applicable" and outcomes["VOL010"] == "not_applicable"
