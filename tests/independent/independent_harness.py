"""Run the real `archcheck catalog` CLI on a written export and score its findings against the ground truth.

Shared by test_catalog_independent.py, test_real_fixtures.py and report.py. It reads only the CLI's JSON
report (the documented output), never archcheck's internals.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

AS_OF = "2026-12-01"
# The catalogue rules as `archcheck rules` lists them today; a rule id outside this set is a new rule.
EXISTING_RULES = frozenset(f"CAT{n:03d}" for n in range(1, 20))


def archcheck_exe() -> str:
    """The `archcheck` console script of the running interpreter's environment (the project's .venv)."""
    here = Path(sys.executable).parent / "archcheck"
    if here.exists():
        return str(here)
    found = shutil.which("archcheck")
    if not found:
        raise RuntimeError("no archcheck executable: run `make install` and use .venv/bin/python")
    return found


@dataclass
class Run:
    """One CLI run: exit code, parsed JSON report (None when stdout is not JSON), stderr."""

    exit: int
    report: dict[str, Any] | None
    stderr: str
    stdout: str

    @property
    def findings(self) -> list[dict[str, Any]]:
        if not self.report:
            return []
        return [f for unit in self.report.get("units", []) for f in unit.get("findings", [])]

    @property
    def records(self) -> int | None:
        if not self.report or not self.report.get("units"):
            return None
        return sum(u.get("stats", {}).get("records", 0) for u in self.report["units"])

    def describe(self) -> str:
        head = f"archcheck exited {self.exit}"
        if self.report is None:
            return f"{head}; stdout is not a JSON report; stderr: {self.stderr.strip()[:600]}"
        return f"{head}; {self.records} records; stderr: {self.stderr.strip()[:300]}"


def run_catalog(path: Path, *extra: str, timeout: int = 300) -> Run:
    cmd = [archcheck_exe(), "catalog", str(path), "--format", "json", "--as-of", AS_OF, *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    try:
        report = json.loads(proc.stdout) if proc.stdout.strip() else None
    except json.JSONDecodeError:
        report = None
    return Run(proc.returncode, report, proc.stderr, proc.stdout)


def line_of(f: dict[str, Any]) -> int | None:
    return (f.get("location") or {}).get("line")


def at_line(findings: list[dict[str, Any]], line: int, sheet: str | None = None) -> list[dict[str, Any]]:
    out = []
    for f in findings:
        loc = f.get("location") or {}
        if loc.get("line") != line:
            continue
        if sheet is not None and loc.get("sheet") not in (None, sheet):
            continue
        out.append(f)
    return out


def short(f: dict[str, Any]) -> str:
    loc = f.get("location") or {}
    msg = (f.get("message") or {}).get("en") or (f.get("message") or {}).get("zh") or ""
    return f"{f.get('rule')}@{loc.get('line')}[{loc.get('column')}] {msg[:90]}"


# Outcome of one injected defect.
ONCE, MORE, WRONG, MISSED, OK_SKIPPED, FLAGGED = "once", "more", "wrong_rule", "missed", "ok", "flagged"


@dataclass
class Verdict:
    kind: str
    line: int
    outcome: str
    at_line: list[dict[str, Any]]
    note: str = ""

    def explain(self) -> str:
        got = "; ".join(short(f) for f in self.at_line) or "nothing"
        return f"{self.kind} at line {self.line}: {self.outcome} — found {got}. {self.note}".strip()


def judge(defect: dict[str, Any], findings: list[dict[str, Any]], rules: tuple[str, ...] | None,
          sheet: str | None = None) -> Verdict:
    """Classify one defect: found exactly once, more than once, only under another rule, or missed.

    rules: acceptable rule ids; () = a rule that does not exist yet, recognised by the defect's column;
    None = the line is not a record and must get no finding at all.
    """
    here = at_line(findings, defect["line"], sheet)
    if rules is None:
        return Verdict(defect["kind"], defect["line"], OK_SKIPPED if not here else FLAGGED, here)
    if rules:
        attributable: Callable[[dict], bool] = lambda f: f.get("rule") in rules
    else:
        attributable = lambda f: (f.get("location") or {}).get("column") == defect.get("column")
    att = [f for f in here if attributable(f)]
    if not here:
        outcome = MISSED
    elif not att:
        outcome = WRONG
    elif len(here) == 1:
        outcome = ONCE
    else:
        outcome = MORE
    return Verdict(defect["kind"], defect["line"], outcome, here)


@dataclass
class Score:
    """All verdicts of one export plus the findings on clean record lines and file-level findings."""

    verdicts: list[Verdict]
    clean_line: list[tuple[dict[str, Any], str]] = field(default_factory=list)   # (finding, attributed kind)
    file_level: list[dict[str, Any]] = field(default_factory=list)


def score(truth: list[dict[str, Any]], record_lines: dict[int, Any], findings: list[dict[str, Any]],
          expected: dict[str, tuple[str, ...] | None], sheet: str | None = None) -> Score:
    """Judge every defect; attribute each finding on a clean record line to the defect of its group."""
    verdicts = [judge(d, findings, expected[d["kind"]], sheet) for d in truth]
    defect_lines = {d["line"] for d in truth}
    by_group: dict[str, str] = {}
    for d in truth:
        for g in [d.get("group"), *d.get("other_groups", [])]:
            if g:
                by_group.setdefault(g, d["kind"])
    s = Score(verdicts)
    for f in findings:
        line = line_of(f)
        if line in defect_lines:
            continue
        if line not in record_lines:
            s.file_level.append(f)
            continue
        group = record_lines[line]
        kind = by_group.get("/".join(group)) if group else None
        s.clean_line.append((f, kind or "unattributed"))
    return s
