"""The human-readable report for a terminal: scores per area, then each finding with its remedy."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import click

from archcheck.model import Finding, Outcome, Report, RuleResult, Text, UnitReport
from archcheck.reporters.numbers import points
from archcheck.reporters.options import ReportOptions
from archcheck.reporters.prose import names, user_words
from archcheck.tables import tabulate
from archcheck.reporters.ranking import render_ranking
from archcheck.reporters.sanitize import terminal_text
from archcheck.waivers import STATUS_LABELS


def _total(score: Any) -> str:
    """A unit's total as shown: "—" when no rule judged it (未评分), not a 0 that reads as 不合格."""
    return points(score.total) if score.graded else "—"


LABELS = {
    "title": Text("档案室自查结果：{name}", "Archive self-audit: {name}"),
    "catalog_title": Text("归档文件目录检查结果：{name}", "Catalogue export check: {name}"),
    "volumes_title": Text("案卷目录与卷内文件目录检查结果：{name}", "Volume catalogue check: {name}"),
    "link_title": Text("单位描述与目录核对结果：{name}", "Description against catalogues: {name}"),
    "meta": Text("文件 {source} · 基准日 {as_of} · 评分方案 {profile}", "file {source} · as of {as_of} · profile {profile}"),
    "total": Text("总分 {total} / 100 · 等级 {grade}", "Total {total} / 100 · grade {grade}"),
    "capped": Text("（未通过必达项或领域下限：{ids}，等级封顶为最低档）", " (capped at the lowest grade by: {ids})"),
    "area": Text("领域", "Area"),
    "score": Text("得分", "Score"),
    "max": Text("满分", "Max"),
    "findings": Text("问题与整改建议", "Findings and remedies"),
    "none": Text("未发现问题。", "No findings."),
    "where": Text("位置", "Where"),
    "basis": Text("依据", "Basis"),
    "remedy": Text("整改建议", "Remedy"),
    "deduct": Text("扣 {p} 分", "−{p} pts"),
    "not_checked": Text("未检查或不适用的规则", "Rules not checked or not applicable"),
    "passed": Text("符合的规则", "Rules passed"),
    "unselected": Text("其余 {n} 项未选择（--select/--ignore）", "{n} more not selected (--select/--ignore)"),
    "more": Text("…… 另有 {n} 处，使用 --format json 查看全部", "… {n} more; use --format json for all"),
    "summary": Text("汇总", "Summary"),
    "unit": Text("单位", "Unit"),
    "grade": Text("等级", "Grade"),
    "load_errors": Text("插件加载问题", "Plugin load problems"),
    "records": Text("记录 {records} 条，其中 {records_with_findings} 条有问题", "{records} records, {records_with_findings} with findings"),
    "waived": Text("已豁免：{r}（批准人 {a}，有效期至 {e}）", "waived: {r} (approved by {a}, until {e})"),
    "in_baseline": Text("基线中已有", "in baseline"),
    "new": Text("新问题", "new"),
    "waivers": Text("豁免", "Waivers"),
    "waiver_line": Text("{rule} @ {loc}：{status}，匹配 {n} 处 —— {reason}", "{rule} @ {loc}: {status}, matched {n} —— {reason}"),
    "expired_for": Text("（对 {u} 已过期）", " (expired for {u})"),
    "anywhere": Text("全部位置", "anywhere"),
    "baseline": Text("基线 {f}：新问题 {new} 处，基线已有 {old} 处，已修复 {fixed} 处",
                     "Baseline {f}: {new} new, {old} unchanged, {fixed} fixed"),
    "fixed": Text("已修复：{unit} {rule} {loc} {m}", "fixed: {unit} {rule} {loc} {m}"),
    "dash": Text("—", "—"),
}


class Styled(str):
    """A line of the table with its colour on a terminal (`--color`); plain text everywhere else."""

    style: str = ""

    def __new__(cls, text: str, style: str) -> "Styled":
        line = super().__new__(cls, text)
        line.style = style
        return line


#: click.style arguments per kind of line
STYLES: dict[str, dict[str, Any]] = {
    "heading": {"bold": True},
    "total": {"bold": True},
    "fail": {"fg": "red", "bold": True},
    "no_evidence": {"fg": "yellow"},
    "other": {"fg": "cyan"},
    "remedy": {"fg": "green"},
}


def render_table(report: Report, options: ReportOptions) -> str:
    lang = options.lang
    if options.verbosity < 0:
        return _quiet(report, options)
    blocks: list[list[str]] = [_unit_block(report, unit, options) for unit in report.units]
    blocks += [block.split("\n") for block in _policy_blocks(report, lang)]
    if report.load_errors:
        blocks.append([LABELS["load_errors"].get(lang) + ":", *("  ! " + e.get(lang) for e in report.load_errors)])
    if len(report.units) > 1 and not any("link" in unit.stats for unit in report.units):  # a unit with its catalogues: no ranking
        blocks.append(render_ranking(report, options).rstrip("\n").split("\n"))
    return "\n\n".join("\n".join(_shown(line, options.color) for line in block) for block in blocks) + "\n"


def _shown(line: str, color: bool) -> str:
    """A line safe for a terminal (no escape sequence from a unit or plugin reaches it), then coloured."""
    text = terminal_text(line)
    style = getattr(line, "style", "")
    return click.style(text, **STYLES[style]) if color and style else text


def _quiet(report: Report, options: ReportOptions) -> str:
    """`-q`: one line per input — file, total, grade, findings."""
    lang = options.lang
    line = Text("{source}：总分 {total} / 100 · 等级 {grade} · 问题 {n} 处", "{source}: total {total} / 100 · grade {grade} · {n} finding(s)")
    return "".join(_shown(line.format(source=u.name if "link" in u.stats else u.source, total=_total(u.score), grade=u.score.grade.get(lang),
                                      n=sum(r.total for r in u.results)).get(lang), False) + "\n" for u in report.units)


def _title_label(unit: UnitReport) -> str:
    """Which heading an input gets: a unit, an item catalogue, a volume catalogue, or a unit linked to its catalogues."""
    stats = unit.stats
    return "link_title" if "link" in stats else "volumes_title" if "volumes" in stats else "catalog_title" if "records" in stats else "title"


def _unit_block(report: Report, unit: UnitReport, options: ReportOptions) -> list[str]:
    lang = options.lang
    lines = [
        Styled(LABELS[_title_label(unit)]
               .format(name=unit.name).get(lang), "heading"),
        LABELS["meta"].format(source=unit.source, as_of=unit.as_of, profile=report.profile).get(lang),
        Styled(LABELS["total"].format(total=_total(unit.score), grade=unit.score.grade.get(lang)).get(lang)
               + (LABELS["capped"].format(ids=", ".join(unit.score.capped_by)).get(lang) if unit.score.capped_by else ""), "total"),
        *([LABELS["records"].format(**unit.stats).get(lang)] if "records" in unit.stats else []),
        "",
        _area_table(report, unit, lang),
        *_unselected(unit, lang),
        "",
        Styled("== " + LABELS["findings"].get(lang) + " ==", "heading"),
    ]
    by_area: dict[str, list[RuleResult]] = defaultdict(list)
    for result in unit.results:
        if result.findings:
            by_area[result.rule.area].append(result)
    if not by_area:
        lines.append(LABELS["none"].get(lang))
    for area in _area_order(report, unit):
        if area not in by_area:
            continue
        lines.append("")
        lines.append(Styled(f"[{area}] {report.areas.get(area, Text(area, area)).get(lang)}", "heading"))
        keep = user_words(unit.data)
        for result in by_area[area]:
            lines.extend(_result_lines(result, options, keep))
    if options.verbosity > 0:  # -v: what passed too, so a self-audit shows every check it made
        passed = [r for r in unit.results if r.outcome is Outcome.PASS]
        if passed:
            lines += ["", Styled("== " + LABELS["passed"].get(lang) + " ==", "heading")]
            lines += [f"  {r.rule.id} {r.rule.title.get(lang)}" for r in passed]
    quiet = [r for r in unit.results if r.outcome in (Outcome.NOT_APPLICABLE, Outcome.ERROR)]
    if quiet:
        lines += ["", Styled("== " + LABELS["not_checked"].get(lang) + " ==", "heading")]
        for result in quiet:
            reason = f"：{result.reason.get(lang)}" if result.reason else ""
            lines.append(f"  {result.rule.id} {result.outcome.label.get(lang)}{reason}")
    return lines


def _unselected(unit: UnitReport, lang: str) -> list[str]:
    """A selection shows only what it selected: the rest is one line, not a row per area and a line per rule."""
    count = sum(r.outcome is Outcome.SKIPPED for r in unit.results)
    return [LABELS["unselected"].format(n=count).get(lang)] if count else []


def _area_order(report: Report, unit: UnitReport) -> list[str]:
    return list(dict.fromkeys([*report.areas, *(r.rule.area for r in unit.results)]))


def _area_table(report: Report, unit: UnitReport, lang: str) -> str:
    counts: dict[str, dict[Outcome, int]] = defaultdict(lambda: defaultdict(int))
    for result in unit.results:
        if result.outcome is not Outcome.SKIPPED:  # not selected: summed up in one line below the table
            counts[result.rule.area][result.outcome] += 1
    scores = {a.area: a for a in unit.score.areas}
    shown = [Outcome.PASS, Outcome.FAIL, Outcome.NO_EVIDENCE, Outcome.NOT_APPLICABLE, Outcome.ERROR]
    rows = []
    for area in _area_order(report, unit):
        if area not in counts:
            continue
        score = scores.get(area)
        name = report.areas.get(area, Text(area, area)).get(lang)
        rows.append(
            [f"{area} {name}", f"{score.score:.1f}" if score else "-", f"{score.max:.1f}" if score else "-"]
            + [counts[area][o] or "" for o in shown]
        )
    headers = [LABELS["area"].get(lang), LABELS["score"].get(lang), LABELS["max"].get(lang)] + [o.label.get(lang) for o in shown]
    return tabulate(rows, headers=headers, tablefmt="simple", floatfmt=".1f")


def _result_lines(result: RuleResult, options: ReportOptions, keep: frozenset[str] = frozenset()) -> list[str]:
    lang, rule = options.lang, result.rule
    tag = result.outcome.label.get(lang)
    style = {Outcome.FAIL: "fail", Outcome.NO_EVIDENCE: "no_evidence"}.get(result.outcome, "other")
    lines: list[str] = [Styled(
        f"  {rule.id} {rule.title.get(lang)}  [{rule.severity.label.get(lang)} · {tag} · "
        + LABELS["deduct"].format(p=points(result.deducted)).get(lang)
        + "]", style)]
    shown = result.findings if options.max_per_rule is None else result.findings[: options.max_per_rule]
    for finding in shown:
        lines.append(
            f"    - {names(finding.message.get(lang), lang, keep)}  ({LABELS['where'].get(lang)}: {finding.location.describe()})"
            + _tags(finding, lang)
        )
    if len(shown) < result.total:
        lines.append("    " + LABELS["more"].format(n=result.total - len(shown)).get(lang))
    lines.append(Styled(f"    {LABELS['remedy'].get(lang)}: {rule.remedy.get(lang)}", "remedy"))
    lines.append(f"    {LABELS['basis'].get(lang)}: {result.basis.cite()}")
    return lines


def _tags(finding: Finding, lang: str) -> str:
    tags = []
    if finding.waiver is not None:
        w = finding.waiver
        dash = LABELS["dash"].get(lang)
        tags.append(LABELS["waived"].format(r=w.reason, a=w.approver or dash, e=w.expires or dash).get(lang))
    if finding.baseline == "unchanged":
        tags.append(LABELS["in_baseline"].get(lang))
    elif finding.baseline == "new":
        tags.append(LABELS["new"].get(lang))
    return "  [" + "; ".join(tags) + "]" if tags else ""


def _policy_blocks(report: Report, lang: str) -> list[str]:
    """Waivers (applied, expired, unused) and the baseline comparison, so exceptions are never silent."""
    blocks = []
    if report.waivers:
        lines = ["== " + LABELS["waivers"].get(lang) + " =="]
        for status in report.waivers:
            w = status.waiver
            line = LABELS["waiver_line"].format(
                rule=w.rule, loc=w.location or LABELS["anywhere"].get(lang), status=STATUS_LABELS[status.status].get(lang),
                n=status.matched, reason=w.reason,
            ).get(lang)
            if status.units:
                line += LABELS["expired_for"].format(u=", ".join(status.units)).get(lang)
            lines.append(("  ! " if status.status != "applied" else "    ") + line)
        blocks.append("\n".join(lines))
    if report.baseline is not None:
        b = report.baseline
        lines = [LABELS["baseline"].format(f=b.file, new=b.new, old=b.unchanged, fixed=len(b.fixed)).get(lang)]
        for entry in b.fixed:
            message = entry.message.get(lang) if entry.message else ""
            lines.append("  " + LABELS["fixed"].format(unit=entry.unit, rule=entry.rule, loc=entry.location, m=message).get(lang))
        blocks.append("\n".join(lines))
    return blocks
