"""GitLab's Code Quality report (a subset of the Code Climate format), for `artifacts:reports:codequality`.

A JSON array with one issue per finding: description, check_name (the rule id), a fingerprint unique per
distinct finding (GitLab shows only one issue per fingerprint; the same identity as the SARIF output),
severity, and the file path relative to the working directory (GitLab runs a job in the project folder)
with the line and column: a unit's JSON Pointer located in its file, or a catalogue export's row. Waived
findings and findings the baseline accepts are left out: the merge-request widget shows what stands.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from archcheck.model import Outcome, Report, Severity
from archcheck.reporters.jsonreport import pretty_json
from archcheck.reporters.options import ReportOptions
from archcheck.reporters.sarif import finding_fingerprints, finding_position

SEVERITY = {Severity.CRITICAL: "critical", Severity.MAJOR: "major", Severity.MINOR: "minor", Severity.INFO: "info"}


def render_gitlab(report: Report, options: ReportOptions) -> str:
    lang = options.lang
    root = Path(os.path.abspath(options.sarif_root or os.getcwd()))
    located = [
        (unit, result, finding)
        for unit in report.units
        for result in unit.results
        if result.outcome in (Outcome.FAIL, Outcome.NO_EVIDENCE)
        for finding in result.findings
        if finding.counts
    ]
    paths: dict[str, str] = {}
    issues = []
    for (unit, result, finding), (_, ident) in zip(located, finding_fingerprints(located)):
        source = finding.location.file or unit.source
        if source not in paths:
            paths[source] = _relative(source, root)
        line, column = finding_position(unit, finding.location)
        location: dict[str, Any] = {"path": paths[source]}
        if column is None:
            location["lines"] = {"begin": line}
        else:
            location["positions"] = {"begin": {"line": line, "column": column}}
        issues.append({
            "type": "issue",
            "check_name": result.rule.id,
            "description": f"{result.rule.id} {finding.message.get(lang)}",
            "content": {"body": f"{result.rule.remedy.get(lang)}\n\n{result.basis.cite()}"},
            "categories": ["Compliance"],
            "severity": SEVERITY[result.rule.severity],
            "fingerprint": ident.replace(":", "-"),
            "location": location,
        })
    return pretty_json(issues) + "\n"


def _relative(path: str, root: Path) -> str:
    """The path from the project folder, with forward slashes; a file outside it keeps its absolute path."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()
