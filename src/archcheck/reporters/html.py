"""The draft 自查报告 as one self-contained HTML file: inline CSS and SVG, no scripts, no network.

Readable on a phone (tables fold into labelled rows on narrow screens) and printable (print CSS
drops colours and keeps table rows together).
"""

from __future__ import annotations

from archcheck.model import Report
from archcheck.reporters import draft
from archcheck.reporters.numbers import points
from archcheck.reporters.options import ReportOptions
from archcheck.reporters.sanitize import html_text as escape  # html.escape, and no characters HTML cannot hold

CSS = """
:root { --ink: #1d1d1f; --muted: #5f6368; --line: #d0d4d9; --ok: #2e7d32; --warn: #ef8f00; --bad: #c62828; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; color: var(--ink); line-height: 1.7;
       font-family: "Noto Serif CJK SC", "Source Han Serif SC", SimSun, "Songti SC", serif; font-size: 16px; }
h1 { text-align: center; font-size: 1.5rem; margin: 1.5rem 0; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin-top: 1.2rem; }
p { text-indent: 2em; margin: .5rem 0; }
p.signature { text-align: right; text-indent: 0; margin: 0; }
p.signature:first-of-type { margin-top: 2rem; }
table { width: 100%; border-collapse: collapse; margin: .8rem 0; font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; vertical-align: top; text-align: left; }
th { background: #f1f3f4; }
figure { margin: 1rem 0; }
figcaption { color: var(--muted); font-size: .9rem; text-align: center; }
svg text { font-family: sans-serif; font-size: 12px; fill: var(--ink); }
.bar-ok { fill: var(--ok); } .bar-warn { fill: var(--warn); } .bar-bad { fill: var(--bad); } .bar-max { fill: #e8eaed; }
hr.unit-break { border: 0; margin: 3rem 0; }
.score-box { display: flex; justify-content: center; gap: 3rem; margin: .5rem 0 0; text-align: center; }
.score-box .label { display: block; color: var(--muted); font-size: .9rem; }
.score-box .total, .score-box .grade { font-size: 2.2rem; font-weight: bold; }
.score-box .of { color: var(--muted); margin-left: .3rem; }
@media (max-width: 640px) {
  body { padding: .6rem; font-size: 15px; }
  table.findings thead { display: none; }
  table.findings tr { display: block; border: 1px solid var(--line); margin-bottom: .6rem; }
  table.findings td { display: block; border: 0; border-bottom: 1px dotted var(--line); }
  table.findings td::before { content: attr(data-label) "："; font-weight: bold; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2, h3 { page-break-after: avoid; }
  tr, figure { page-break-inside: avoid; }
  .bar-ok, .bar-warn, .bar-bad { fill: #555; }
  hr.unit-break { page-break-after: always; }
}
"""


def chart_svg(chart: draft.Chart) -> str:
    """Horizontal bars: each area's score over a grey bar as long as its maximum."""
    label_w, bar_w, row_h = 190, 360, 26
    biggest = max((m for _, _, m in chart.bars), default=0) or 1
    height = row_h * len(chart.bars) + 10
    rows = []
    for i, (label, got, most) in enumerate(chart.bars):
        y = 5 + i * row_h
        ratio = got / most if most else 0
        tone = "ok" if ratio >= 0.9 else "warn" if ratio >= 0.6 else "bad"
        rows.append(
            f'<g class="bar"><text x="0" y="{y + 15}">{escape(label)}</text>'
            f'<rect class="bar-max" x="{label_w}" y="{y + 3}" width="{most / biggest * bar_w:.1f}" height="16"/>'
            f'<rect class="bar-{tone}" x="{label_w}" y="{y + 3}" width="{got / biggest * bar_w:.1f}" height="16"/>'
            f'<text x="{label_w + bar_w + 6}" y="{y + 15}">{points(got)}/{points(most)}</text></g>'
        )
    return (
        f'<figure><svg class="score-chart" role="img" viewBox="0 0 {label_w + bar_w + 70} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(chart.title)}</title>{"".join(rows)}</svg>'
        f"<figcaption>{escape(chart.title)}</figcaption></figure>"
    )


def _score_box(chart: draft.Chart) -> str:
    """The total and the grade, large, before anything else is read."""
    total_label = draft.L["total_short"].zh if _is_zh(chart) else draft.L["total_short"].en
    grade_label = draft.L["grade_short"].zh if _is_zh(chart) else draft.L["grade_short"].en
    return (f'<div class="score-box"><div><span class="label">{escape(total_label)}</span>'
            f'<span class="total">{escape(chart.total)}</span><span class="of">/ 100</span></div>'
            f'<div><span class="label">{escape(grade_label)}</span><span class="grade">{escape(chart.grade)}</span></div></div>')


def _is_zh(chart: draft.Chart) -> bool:
    return chart.title == draft.L["chart"].zh


def _table(block: draft.Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in block.headers)
    rows = []
    for i, row in enumerate(block.rows):
        key = f' data-rule="{escape(block.keys[i])}"' if i < len(block.keys) else ""
        cells = "".join(f'<td data-label="{escape(h)}">{escape(c)}</td>' for h, c in zip(block.headers, row))
        rows.append(f"<tr{key}>{cells}</tr>")
    role = f' class="{block.role}"' if block.role else ""
    return f"<table{role}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def render_blocks(blocks: list[draft.Block]) -> str:
    out = []
    for block in blocks:
        if isinstance(block, draft.Heading):
            level = block.level + 1
            out.append(f"<h{level}>{escape(block.text)}</h{level}>")
        elif isinstance(block, draft.Paragraph):
            role = f' class="{block.role}"' if block.role else ""
            out.append(f"<p{role}>{escape(block.text)}</p>")
        elif isinstance(block, draft.Table):
            out.append(_table(block))
        elif isinstance(block, draft.Chart):
            out.append(_score_box(block) + chart_svg(block) if block.total else chart_svg(block))
    return "\n".join(out)


def render_html(report: Report, options: ReportOptions) -> str:
    lang = "en" if options.lang == "en" else "zh-CN"
    units = [render_blocks(draft.build(report, unit, options.lang)) for unit in report.units]
    page_title = draft.title(report.units[0], options.lang) if report.units else "archcheck"
    body = '\n<hr class="unit-break">\n'.join(f"<article>{u}</article>" for u in units)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(page_title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
        f'<footer><p class="signature">archcheck {escape(report.tool_version)} · {escape(report.profile)}</p></footer>\n'
        "</body>\n</html>\n"
    )
