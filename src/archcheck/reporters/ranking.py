"""Many units side by side: a ranking table and the findings most units share (for a county bureau)."""

from __future__ import annotations

from collections import Counter

from archcheck.tables import tabulate

from archcheck.model import Outcome, Report, Severity, Text, UnitReport
from archcheck.reporters.numbers import points
from archcheck.reporters.options import ReportOptions
from archcheck.reporters.sanitize import terminal_text

L = {
    "ranking": Text("单位排名", "Ranking"),
    "rank": Text("名次", "Rank"), "unit": Text("单位", "Unit"), "score": Text("总分", "Score"), "grade": Text("等级", "Grade"),
    "critical": Text("必达项未达", "Critical failed"), "top": Text("主要问题", "Main problems"),
    "frequent": Text("最常见的问题（{n} 个单位）", "Most frequent findings ({n} units)"),
    "rule": Text("规则", "Rule"), "title": Text("问题", "Problem"), "units": Text("单位数", "Units"), "share": Text("占比", "Share"),
    "none": Text("各单位均未发现问题。", "No unit has findings."),
}


def critical_failures(unit: UnitReport) -> int:
    """Must-pass (critical) rules the unit fails or cannot show evidence for."""
    return sum(1 for r in unit.results if r.rule.severity == Severity.CRITICAL and r.outcome in (Outcome.FAIL, Outcome.NO_EVIDENCE))


def main_problems(unit: UnitReport, count: int = 3) -> list[str]:
    """The rules that cost the unit most points, biggest first."""
    costly = sorted((r for r in unit.results if r.findings), key=lambda r: (-r.deducted, r.rule.id))
    return [r.rule.id for r in costly[:count]]


def render_ranking(report: Report, options: ReportOptions) -> str:
    """Best first (higher score, then fewer critical failures, then name), then the most widespread
    rules; each unit read once (a many-unit run's are read back from a file)."""
    lang = options.lang
    titles: dict[str, str] = {}
    counts: Counter[str] = Counter()
    lines = []
    for u in report.units:
        critical = critical_failures(u)
        lines.append(((-u.score.total, critical, u.name),
                      [u.name, points(u.score.total), u.score.grade.get(lang), critical, ", ".join(main_problems(u))]))
        for r in u.results:
            titles.setdefault(r.rule.id, r.rule.title.get(lang))
        counts.update({r.rule.id for r in u.results if r.findings})
    rows = [[i, *line] for i, (_, line) in enumerate(sorted(lines, key=lambda kv: kv[0]), start=1)]
    common = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    head = [L[k].get(lang) for k in ("rank", "unit", "score", "grade", "critical", "top")]
    blocks = ["== " + L["ranking"].get(lang) + " ==", tabulate(rows, headers=head, tablefmt="simple", disable_numparse=True)]
    blocks.append("")
    blocks.append("== " + L["frequent"].format(n=len(report.units)).get(lang) + " ==")
    if common:
        total = len(report.units) or 1
        blocks.append(tabulate(
            [[rule, titles.get(rule, rule), n, f"{100 * n / total:.0f}%"] for rule, n in common],
            headers=[L[k].get(lang) for k in ("rule", "title", "units", "share")], tablefmt="simple", disable_numparse=True,
        ))
    else:
        blocks.append(L["none"].get(lang))
    return terminal_text("\n".join(blocks) + "\n")
