"""`archcheck catalog` on the hand-written files of fixtures/catalog/real/, shaped like real systems' exports.

THESE TESTS DOCUMENT ISSUE 11 AND SEVERAL FAIL ON THE CODE AS IT STANDS (not skipped, not xfailed).
Each file has `<file>.expected.json`: the findings an inspector would expect (kind, line, column, rule when
a current rule covers it, `new_rule` when issue 11 asks for one), the records, the exit code. README.md
in that folder says which real shape each file follows and where that shape comes from.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from independent_harness import EXISTING_RULES, ONCE, judge, line_of, run_catalog, short

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "catalog" / "real"
EXPECTED = sorted(REAL.glob("*.expected.json"))
_RUNS: dict[str, tuple] = {}


def _case(name: str):
    if name not in _RUNS:
        spec = json.loads((REAL / f"{name}.expected.json").read_text(encoding="utf-8"))
        _RUNS[name] = (spec, run_catalog(REAL / name))
    return _RUNS[name]


def _record_lines(spec) -> set[int]:
    return {n for lo, hi in spec.get("record_lines", []) for n in range(lo, hi + 1)}


def test_every_fixture_has_expectations() -> None:
    data = {p.name for p in REAL.iterdir() if p.suffix != ".md" and not p.name.endswith(".expected.json")}
    assert data == {p.name[: -len(".expected.json")] for p in EXPECTED}


@pytest.mark.parametrize("name", [p.name[: -len(".expected.json")] for p in EXPECTED])
def test_real_fixture(name: str) -> None:
    spec, run = _case(name)
    refused = spec.get("or_refused")
    if refused and run.exit == refused["exit"]:
        missing = [s for s in refused["stderr_contains"] if s.lower() not in run.stderr.lower()]
        wrong = [s for s in refused.get("stderr_lacks", []) if s.lower() in run.stderr.lower()]
        if missing or wrong:
            pytest.fail(f"refused, but the message {run.stderr.strip()[:300]!r} lacks {missing} / says {wrong}",
                        pytrace=False)
        return
    problems: list[str] = []
    if run.exit not in spec["exit"]:
        problems.append(f"exit {run.exit}, expected {spec['exit']} ({run.describe()})")
    if spec["exit"] == [2]:
        missing = [s for s in spec.get("stderr_contains", []) if s not in run.stderr]
        if missing:
            problems.append(f"the error does not name {missing}: {run.stderr.strip()[:200]!r}")
        if problems:
            pytest.fail(" | ".join(problems), pytrace=False)
        return
    if "records" in spec and run.records != spec["records"]:
        problems.append(f"{run.records} records reported, {spec['records']} in the file")
    findings = run.findings
    sheet = spec.get("sheet")
    for d in spec["findings"]:
        rules = (d["rule"],) if d.get("rule") else ()
        v = judge(d, findings, rules, sheet)
        if v.outcome != ONCE:
            problems.append(v.explain())
        elif d.get("suggestion"):
            got = {(f.get("evidence") or {}).get("suggestion") for f in v.at_line}
            if d["suggestion"] not in got:
                problems.append(f"{d['kind']} at line {d['line']}: suggestion {got}, want {d['suggestion']}")
    records = _record_lines(spec)
    expected_lines = {d["line"] for d in spec["findings"]}
    stray = [f for f in findings if line_of(f) in records and line_of(f) not in expected_lines]
    if stray:
        problems.append(f"{len(stray)} findings on clean lines: " + "; ".join(short(f) for f in stray[:8]))
    blank = set(spec.get("blank_lines", []))
    on_blank = [f for f in findings if line_of(f) in blank]
    if on_blank:
        problems.append(f"{len(on_blank)} findings on blank rows: " + "; ".join(short(f) for f in on_blank[:6]))
    file_level = [f for f in findings if line_of(f) not in records and line_of(f) not in blank]
    known = {d["rule"] for d in spec["file_findings"] if d.get("rule")}
    for d in spec["file_findings"]:
        if d.get("check") is False:
            continue
        if d.get("rule"):
            hit = [f for f in file_level if f.get("rule") == d["rule"]
                   and (not d.get("column") or (f.get("location") or {}).get("column") == d["column"])]
        else:
            hit = [f for f in file_level if f.get("rule") not in EXISTING_RULES]
        if not hit:
            problems.append(f"no file-level finding for {d['kind']} ({d.get('rule') or 'new rule ' + d['new_rule']})")
    loud = [f for f in file_level if f.get("severity") != "info" and f.get("rule") not in known
            and f.get("rule") in EXISTING_RULES]
    if loud:
        problems.append("unexpected file-level findings: " + "; ".join(short(f) for f in loud[:8]))
    if problems:
        pytest.fail(" | ".join(problems), pytrace=False)
