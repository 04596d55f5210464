"""JUnit XML, the test-report format every CI shows: one test suite per input, one test case per rule.

fail / no_evidence → <failure> with the findings, remedy and clause; error → <error>;
not_applicable / skipped / waived → <skipped> with the reason; pass → an empty test case.

The test case's classname is `<input file>.<area>`: GitLab and Jenkins identify a test by classname and
name, so with one classname for all inputs they kept only the first input's results (Jenkins shows the
file as the package, the area as the class). The file is named on the suite (`file=`), not on the test
case, and `<testsuites>` carries no `skipped=`: the Jenkins xUnit plugin's JUnit schema allows neither,
and the plugin skips a file its schema rejects.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, Iterator

from archcheck.model import Finding, Outcome, Report, RuleResult, Text, UnitReport
from archcheck.reporters.jsonreport import chunked
from archcheck.reporters.options import ReportOptions
from archcheck.reporters.sanitize import xml_text

FAILED = (Outcome.FAIL, Outcome.NO_EVIDENCE)
SKIPPED = (Outcome.NOT_APPLICABLE, Outcome.SKIPPED, Outcome.WAIVED)

L = {
    "remedy": Text("整改建议", "Remedy"),
    "basis": Text("依据", "Basis"),
    "where": Text("位置", "Where"),
    "waived": Text("已豁免：{r}", "waived: {r}"),
    "baseline": Text("基线中已有", "in baseline"),
    "count": Text("{first}（共 {n} 处）", "{first} ({n} findings)"),
}


def _clean(text: Any) -> str:
    return xml_text(text)


#: where a failure's list of findings goes in the serialised tree (no other text can hold NUL: `_clean` drops it)
_DETAILS = re.compile("\x00([0-9]+)\x00")


def render_junit(report: Report, options: ReportOptions) -> str:
    return "".join(junit_chunks(report, options))


def junit_chunks(report: Report, options: ReportOptions) -> Iterator[str]:
    """The JUnit XML in chunks, one test suite at a time (a many-unit run's units are read one by one and
    not kept). Each suite's tree holds a mark where a failure lists its findings; the lists are written
    in their place as the findings are read (a catalogue rule may have millions). The bytes are those of
    the whole tree indented by `ET.indent`: suites at depth 1, the totals on `<testsuites>` counted first."""
    lang = options.lang
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for unit in report.units:
        for key, value in _counts(unit).items():
            if key in totals:
                totals[key] += value
    root = ET.Element("testsuites", name="archcheck", **{k: str(v) for k, v in totals.items()})
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    if not len(report.units):
        yield ET.tostring(root, encoding="unicode") + "\n"
        return
    root.text = "\x00"
    head, end = ET.tostring(root, encoding="unicode").split("\x00")
    yield head
    for unit in report.units:
        details: list[RuleResult] = []
        suite = _suite(unit, lang, details)
        ET.indent(suite, level=1)
        yield "\n  "
        for n, part in enumerate(_DETAILS.split(ET.tostring(suite, encoding="unicode"))):
            if n % 2 == 0:
                yield part
            else:
                yield from chunked(_escape_text(_clean(line)) for line in _details(details[int(part)], lang))
    yield "\n" + end + "\n"


def _escape_text(text: str) -> str:
    """Element text as ElementTree writes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _counts(unit: UnitReport) -> dict[str, int]:
    return {
        "tests": len(unit.results),
        "failures": sum(r.outcome in FAILED for r in unit.results),
        "errors": sum(r.outcome == Outcome.ERROR for r in unit.results),
        "skipped": sum(r.outcome in SKIPPED for r in unit.results),
    }


def _suite(unit: UnitReport, lang: str, details: list[RuleResult]) -> ET.Element:
    suite = ET.Element("testsuite", name=_clean(unit.name), **{k: str(v) for k, v in _counts(unit).items()},
                       file=_clean(unit.source))
    props = ET.SubElement(suite, "properties")
    for name, value in (("source", unit.source), ("as_of", unit.as_of), ("score", unit.score.total),
                        ("grade", unit.score.grade.get(lang))):
        ET.SubElement(props, "property", name=name, value=_clean(value))
    for result in unit.results:
        suite.append(_case(unit, result, lang, details))
    return suite


def classname(unit: UnitReport, area: str) -> str:
    """`units/a.yaml.FUN`: unique per input and area (Jenkins: package `units/a.yaml`, class `FUN`)."""
    return _clean(f"{unit.source}.{area}")


def _case(unit: UnitReport, result: RuleResult, lang: str, details: list[RuleResult]) -> ET.Element:
    rule = result.rule
    case = ET.Element("testcase", classname=classname(unit, rule.area), name=_clean(f"{rule.id} {rule.title.get(lang)}"))
    reason = result.reason.get(lang) if result.reason else result.outcome.label.get(lang)
    if result.outcome in FAILED:
        standing, first = 0, reason
        for finding in result.findings:
            if finding.waiver is None:
                standing += 1
                if standing == 1:
                    first = finding.message.get(lang)
        message = first if standing <= 1 else L["count"].format(first=first, n=standing).get(lang)
        failure = ET.SubElement(case, "failure", message=_clean(message), type=result.outcome.value)
        failure.text = f"\x00{len(details)}\x00"
        details.append(result)
    elif result.outcome == Outcome.ERROR:
        ET.SubElement(case, "error", message=_clean(reason), type="error")
    elif result.outcome in SKIPPED:
        if result.outcome == Outcome.WAIVED:
            reasons = sorted({f.waiver.reason for f in result.findings if f.waiver is not None})
            reason = L["waived"].format(r="; ".join(reasons)).get(lang)
        ET.SubElement(case, "skipped", message=_clean(reason))
    return case


def _details(result: RuleResult, lang: str) -> Iterator[str]:
    """The failure's text, line by line (each but the last with its newline): findings, remedy, clause."""
    for finding in result.findings:
        yield _finding_line(finding, lang) + "\n"
    yield f"{L['remedy'].get(lang)}: {result.rule.remedy.get(lang)}\n"
    yield f"{L['basis'].get(lang)}: {result.basis.cite()}"


def _finding_line(finding: Finding, lang: str) -> str:
    tags = []
    if finding.waiver is not None:
        tags.append(L["waived"].format(r=finding.waiver.reason).get(lang))
    if finding.baseline == "unchanged":
        tags.append(L["baseline"].get(lang))
    tag = f" [{'; '.join(tags)}]" if tags else ""
    return f"- {finding.message.get(lang)} ({L['where'].get(lang)}: {finding.location.describe()}){tag}"
