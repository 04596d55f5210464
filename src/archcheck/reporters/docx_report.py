"""The draft 自查报告 as a Word document (archivists finish it in Word or WPS)."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt

from archcheck.model import Report
from archcheck.reporters import draft
from archcheck.reporters.ooxml import package_time, stable_package
from archcheck.reporters.options import ReportOptions
from archcheck.reporters.sanitize import xml_text

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"


def _east_asian(style, font: str) -> None:
    """Word picks CJK glyphs from w:eastAsia, which python-docx does not set by itself."""
    style.font.name = font
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), font)


def _styles(document) -> None:
    normal = document.styles["Normal"]
    _east_asian(normal, BODY_FONT)
    normal.font.size = Pt(12)
    for name in ("Title", "Heading 1", "Heading 2"):
        _east_asian(document.styles[name], HEADING_FONT)


def _add(document, block: draft.Block) -> None:
    if isinstance(block, draft.Heading):
        paragraph = document.add_heading(xml_text(block.text), level=block.level)
        if block.level == 0:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif isinstance(block, draft.Paragraph):
        paragraph = document.add_paragraph(xml_text(block.text))
        if block.role == "signature":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            paragraph.paragraph_format.first_line_indent = Pt(24)
    elif isinstance(block, draft.Table):
        table = document.add_table(rows=1, cols=len(block.headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, block.headers):
            cell.text = xml_text(text)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in block.rows:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = xml_text(text)


def render_docx(report: Report, options: ReportOptions) -> bytes:
    document = Document()
    _styles(document)
    for index, unit in enumerate(report.units):
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for block in draft.build(report, unit, options.lang):
            _add(document, block)
    props = document.core_properties
    props.title = xml_text(draft.title(report.units[0], options.lang)) if report.units else "archcheck"
    props.author = "archcheck"
    props.last_modified_by = "archcheck"
    stamp = package_time(report.units[0].as_of if report.units else None)
    props.created = props.modified = stamp  # same input, same document
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_package(buffer.getvalue(), stamp)
