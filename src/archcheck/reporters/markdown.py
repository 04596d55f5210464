"""The draft 自查报告 as Markdown (pastes into most editors; tables in GitHub style)."""

from __future__ import annotations

from archcheck.model import Report
from archcheck.reporters import draft
from archcheck.reporters.options import ReportOptions
from archcheck.reporters.sanitize import markdown_text

#: text from the report is shown, never interpreted: one line, markup escaped (reporters/sanitize.py)
_cell = markdown_text


def render_blocks(blocks: list[draft.Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, draft.Heading):
            lines += ["#" * (block.level + 1) + " " + markdown_text(block.text), ""]
        elif isinstance(block, draft.Paragraph):
            lines += [markdown_text(block.text, line_start=True), ""]
        elif isinstance(block, draft.Table):
            lines.append("| " + " | ".join(_cell(h) for h in block.headers) + " |")
            lines.append("|" + "---|" * len(block.headers))
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            lines.append("")
    return "\n".join(lines)


def render_markdown(report: Report, options: ReportOptions) -> str:
    parts = [render_blocks(draft.build(report, unit, options.lang)) for unit in report.units]
    return "\n---\n\n".join(parts)
