"""The draft 自查报告 as a Word document in the 公文 format of GB/T 9704—2012 (archivists finish it in
Word or WPS and hand it in).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 2号 方正小标宋简体 (宋体 where it
is not installed); body 3号 仿宋; level-1 headings 3号 黑体, level-2 3号 楷体; black text; page numbers
"— 1 —" in 4号 宋体, right on odd pages and left on even ones. Every font is set for East-Asian text
too (w:eastAsia) and the template's theme fonts and colours are removed, because a theme attribute
wins over an explicit font name in Word.
"""

from __future__ import annotations

import io
import unicodedata

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from archcheck.model import Report
from archcheck.reporters import draft
from archcheck.reporters.ooxml import package_time, stable_package
from archcheck.reporters.options import ReportOptions
from archcheck.reporters.sanitize import xml_text

TITLE_FONT, TITLE_FALLBACK = "方正小标宋简体", "宋体"
BODY_FONT = "仿宋"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
#: 号 → points (Chinese type sizes)
SIZE_2, SIZE_3, SIZE_4, SIZE_5 = Pt(22), Pt(16), Pt(14), Pt(10.5)
#: 22 lines on the 225 mm type area, as GB/T 9704 lays out a page
LINE = Pt(28.95)
PAGE_W, PAGE_H = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TEXT_WIDTH = PAGE_W - LEFT - RIGHT
BLACK = RGBColor(0, 0, 0)
TABLE_STYLE = "表格文字"
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _fonts(rpr, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Set w:rFonts explicitly for every script and drop the theme's font attributes."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)
    rfonts.set(qn("w:hint"), "eastAsia")


def _style(document, name: str, east_asian: str, size, latin: str = LATIN_FONT, bold: bool = False):
    style = document.styles[name]
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = BLACK
    _fonts(style.element.get_or_add_rPr(), east_asian, latin)
    return style


def _no_theme(document) -> None:
    """Remove theme fonts and theme colours from every style and the document defaults."""
    styles = document.styles.element
    for rfonts in styles.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            rfonts.attrib.pop(qn(attr), None)
    _strip_theme_colours(styles)
    for color in styles.iter(qn("w:color")):
        color.set(qn("w:val"), "000000")
    _strip_other_style_parts(document)
    for border in list(styles.iter(qn("w:pBdr"))):  # the template's Title has a blue rule under it
        border.getparent().remove(border)
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _fonts(rpr, BODY_FONT)


def _strip_theme_colours(root) -> None:
    """Drop w:themeColor, w:themeFill, w:asciiTheme … wherever they are (fonts, borders and shading too)."""
    for element in root.iter():
        for name in [a for a in element.attrib if a.rsplit("}", 1)[-1].startswith("theme")
                     or a.rsplit("}", 1)[-1].endswith("Theme") or a.rsplit("}", 1)[-1] == "cstheme"]:
            del element.attrib[name]


def _strip_other_style_parts(document) -> None:
    """The template's Word 2010 copy of the styles (stylesWithEffects.xml) carries theme colours too."""
    from lxml import etree

    for part in document.part.package.iter_parts():
        if str(part.partname).endswith("/stylesWithEffects.xml"):
            root = etree.fromstring(part.blob)
            _strip_theme_colours(root)
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _fallback_font(document, name: str, fallback: str) -> None:
    """Declare `fallback` as the alternative of `name` in the font table (Word and WPS use it when
    `name` is not installed)."""
    part = document.part.font_table_part if hasattr(document.part, "font_table_part") else None
    fonts = None
    if part is None:
        for rel in document.part.rels.values():
            if rel.reltype.endswith("/fontTable"):
                part = rel.target_part
                break
    if part is None:
        return
    from docx.oxml import parse_xml

    fonts = parse_xml(part.blob) if not hasattr(part, "element") else part.element
    font = OxmlElement("w:font")
    font.set(qn("w:name"), name)
    alt = OxmlElement("w:altName")
    alt.set(qn("w:val"), fallback)
    font.append(alt)
    charset = OxmlElement("w:charset")
    charset.set(qn("w:val"), "86")  # GB2312
    font.append(charset)
    family = OxmlElement("w:family")
    family.set(qn("w:val"), "roman")
    font.append(family)
    fonts.append(font)
    if not hasattr(part, "element"):
        from lxml import etree

        part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _paragraph_format(style, indent_chars: float = 0, align=None, line=LINE, before=0, after=0) -> None:
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.first_line_indent = Pt(16 * indent_chars) if indent_chars else Pt(0)
    fmt.left_indent = Pt(0)
    if align is not None:
        fmt.alignment = align


def _styles(document) -> None:
    _no_theme(document)
    normal = _style(document, "Normal", BODY_FONT, SIZE_3)
    _paragraph_format(normal, indent_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    title = _style(document, "Title", TITLE_FONT, SIZE_2)
    _paragraph_format(title, align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(36), after=16)
    heading1 = _style(document, "Heading 1", HEADING1_FONT, SIZE_3)
    _paragraph_format(heading1, indent_chars=2)
    heading2 = _style(document, "Heading 2", HEADING2_FONT, SIZE_3)
    _paragraph_format(heading2, indent_chars=2)
    for heading in (title, heading1, heading2):
        heading.paragraph_format.keep_with_next = True
    table = document.styles.add_style(TABLE_STYLE, 1)  # WD_STYLE_TYPE.PARAGRAPH
    table.base_style = normal
    _style(document, TABLE_STYLE, BODY_FONT, SIZE_5)
    _paragraph_format(table, align=WD_ALIGN_PARAGRAPH.LEFT, line=Pt(15))
    _fallback_font(document, TITLE_FONT, TITLE_FALLBACK)


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.footer_distance = Mm(23)  # the number's line sits 7 mm below the type area
    section.header_distance = Mm(15)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def _run(paragraph, text: str = ""):
    run = paragraph.add_run(text)
    run.font.size = SIZE_4
    run.font.color.rgb = BLACK
    _fonts(run._r.get_or_add_rPr(), PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)
    return run


def _field(paragraph, instruction: str, shown: str) -> None:
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, shown), ("end", None)):
        run = _run(paragraph)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            run.text = text


def _page_number(paragraph, odd: bool) -> None:
    """"— 1 —": 4号 宋体, one character in from the right edge on odd pages, from the left on even ones."""
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if odd:
        fmt.right_indent = SIZE_4
    else:
        fmt.left_indent = SIZE_4
    _run(paragraph, "— ")
    _field(paragraph, "PAGE", "1")
    _run(paragraph, " —")


def _width(text: str) -> float:
    """Display width in em: a CJK character is one, a Latin one half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def column_widths(headers, rows, total=TEXT_WIDTH) -> list[int]:
    """Widths (EMU) that fit the content: short columns (序号, 得分) as wide as they need, the rest
    sharing what is left by how much text they hold."""
    em = SIZE_5
    padding = Mm(5)  # the cell margins (1.9 mm a side) and a little air
    columns = list(zip(headers, *rows)) if rows else [(h,) for h in headers]
    longest = [max(_width(str(c)) for c in column) for column in columns]
    header = [_width(str(h)) for h in headers]
    need = [int(max(longest[i], header[i], 1.5) * em + padding) for i in range(len(headers))]
    if sum(need) <= total:
        spare = total - sum(need)
        weight = [n if n > total * 0.15 else 0 for n in need] or need
        weight = weight if any(weight) else need
        return [int(n + spare * w / sum(weight)) for n, w in zip(need, weight)]
    narrow = [i for i, n in enumerate(need) if n <= total * 0.16]
    fixed = sum(need[i] for i in narrow)
    rest = max(total - fixed, int(total * 0.3))
    flexible = [i for i in range(len(need)) if i not in narrow]
    volume = {i: sum(_width(str(c)) for c in columns[i]) ** 0.5 for i in flexible}
    widths = [0] * len(need)
    for i in narrow:
        widths[i] = need[i]
    for i in flexible:
        widths[i] = int(rest * volume[i] / (sum(volume.values()) or 1))
    scale = total / sum(widths)
    return [int(w * scale) for w in widths]


def _cell(cell, text: str, width: int, bold: bool = False) -> None:
    cell.width = width
    paragraph = cell.paragraphs[0]
    paragraph.style = TABLE_STYLE
    run = paragraph.add_run(xml_text(text))
    if bold:
        run.bold = True
        _fonts(run._r.get_or_add_rPr(), HEADING1_FONT)


def _table(document, block: draft.Table) -> None:
    widths = column_widths(block.headers, block.rows)
    table = document.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths):
        column.width = width
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, text, width in zip(header.cells, block.headers, widths):
        _cell(cell, text, width, bold=True)
    for row in block.rows:
        added = table.add_row()
        added._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a problem is read on one page
        for cell, text, width in zip(added.cells, row, widths):
            _cell(cell, text, width)


def _add(document, block: draft.Block) -> None:
    if isinstance(block, draft.Heading):
        if block.text == draft.L["annex"].zh or block.text == draft.L["annex"].en:
            document.add_paragraph(style="Normal").add_run().add_break(WD_BREAK.PAGE)
            paragraph = document.add_heading(xml_text(block.text), level=1)
            paragraph.paragraph_format.first_line_indent = Pt(0)
            return
        paragraph = document.add_heading(xml_text(block.text), level=block.level)
        if block.level == 0:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif isinstance(block, draft.Paragraph):
        paragraph = document.add_paragraph(xml_text(block.text))
        if block.role == "signature":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.paragraph_format.right_indent = Pt(16 * 4)
        elif block.role == "annex-title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.first_line_indent = Pt(0)
            for run in paragraph.runs:
                run.font.size = SIZE_2
                _fonts(run._r.get_or_add_rPr(), TITLE_FONT)
    elif isinstance(block, draft.Table):
        _table(document, block)


def render_docx(report: Report, options: ReportOptions) -> bytes:
    document = Document()
    _styles(document)
    _page(document)
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
