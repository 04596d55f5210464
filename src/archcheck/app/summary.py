"""What the app shows beside the form: score per area and what is still missing, by page and field."""

from __future__ import annotations

from typing import Any, Mapping

from archcheck.model import Outcome, Report
from archcheck.reporters.prose import prose, user_words

OPEN = (Outcome.FAIL, Outcome.NO_EVIDENCE)


def page_of(pointer: str, form: Mapping[str, Any]) -> str:
    section = pointer.strip("/").split("/")[0] if pointer else ""
    return form["section_page"].get(section, "basic")


def summarise(report: Report | None, form: Mapping[str, Any]) -> dict[str, Any]:
    """{total, grade, areas: [{area, name, score, max}], problems: [{page, pointer, ...}]} (empty without a report)."""
    if report is None or not report.units:
        return {"total": None, "grade": None, "areas": [], "problems": []}
    unit = report.units[0]
    keep = user_words(unit.data)
    area_page = {a: p["id"] for p in form["pages"] for a in p["areas"]}
    problems = []
    for result in unit.results:
        if result.outcome not in OPEN:
            continue
        for finding in result.findings:
            pointer = finding.location.pointer or ""
            page = page_of(pointer, form) if pointer.strip("/") else area_page.get(result.rule.area, "basic")
            problems.append({
                "page": page, "area": result.rule.area, "pointer": pointer, "rule": result.rule.id,
                "title": result.rule.title.zh, "message": prose(finding.message.zh, "zh", keep),
                "remedy": prose(result.rule.remedy.zh, "zh", keep),
                "missing": result.outcome == Outcome.NO_EVIDENCE, "severity": result.rule.severity.label.zh,
            })
    return {
        "total": unit.score.total,
        "grade": unit.score.grade.zh,
        "areas": [{"area": a.area, "name": report.areas[a.area].zh if a.area in report.areas else a.area,
                   "score": a.score, "max": a.max, "page": area_page.get(a.area, "basic")} for a in unit.score.areas],
        "problems": problems,
    }
