"""Documents fit to hand in: the DOCX laid out as GB/T 9704—2012 公文 (asserted on its XML), and the
drafts' prose as the unit would write it, over the seed and over generated units."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from docx.shared import Mm
from hypothesis import HealthCheck, given, settings
from lxml import etree

from archcheck.enums import enum_fields
from archcheck.model import Outcome
from archcheck.reporters import draft
from archcheck.reporters.options import ReportOptions
from archcheck.reporters.prose import user_words
from archcheck.schemas import unit_schema
from conftest import POOR, SEED, load_fixture, write_unit
from schema_strategy import generated_units

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


def docx_parts(cli, tmp_path, unit=SEED):
    out = tmp_path / "report.docx"
    assert cli("check", unit, "--format", "docx", "-o", out, "--fail-on", "never").exit_code == 0
    with zipfile.ZipFile(out) as archive:
        return out, {name: archive.read(name) for name in archive.namelist()}


def style(styles, name):
    found = styles.xpath(f'//w:style[w:name/@w:val="{name}" or w:name/@w:val="{name.lower()}"]', namespaces=NS)
    assert found, name
    return found[0]


def run_props(element):
    rpr = element.find("w:rPr", NS)
    fonts = rpr.find("w:rFonts", NS)
    size = rpr.find("w:sz", NS)
    color = rpr.find("w:color", NS)
    return ({k.split("}")[1]: v for k, v in fonts.attrib.items()}, int(size.get(W + "val")) if size is not None else None,
            color.get(W + "val") if color is not None else None)


def test_docx_page_is_a4_with_gbt9704_margins(cli, tmp_path):
    path, parts = docx_parts(cli, tmp_path)
    section = docx.Document(str(path)).sections[0]
    assert b'<w:pgSz w:w="11906" w:h="16838"/>' in parts["word/document.xml"]  # A4 portrait, in twips
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
    for got, mm in ((section.top_margin, 37), (section.bottom_margin, 35), (section.left_margin, 28), (section.right_margin, 26)):
        assert abs(got - Mm(mm)) < Mm(0.1), (got, mm)


def test_docx_fonts_sizes_and_colours_per_style(cli, tmp_path):
    _, parts = docx_parts(cli, tmp_path)
    styles = etree.fromstring(parts["word/styles.xml"])
    expected = {"Title": ("方正小标宋简体", 44), "Normal": ("仿宋", 32), "Heading 1": ("黑体", 32), "Heading 2": ("楷体", 32)}
    for name, (font, half_points) in expected.items():
        fonts, size, color = run_props(style(styles, name))
        assert fonts["eastAsia"] == font and size == half_points and color in (None, "000000"), (name, fonts, size, color)
        assert not any(k.endswith("Theme") or k == "cstheme" for k in fonts), (name, fonts)  # a theme font would win
    table = etree.fromstring(parts["word/fontTable.xml"])
    alt = table.xpath('//w:font[@w:name="方正小标宋简体"]/w:altName/@w:val', namespaces=NS)
    assert alt == ["宋体"]  # the fallback where 小标宋 is not installed
    for name, blob in parts.items():
        if name.startswith("word/") and name.endswith(".xml") and "theme/" not in name and name != "word/settings.xml":
            text = blob.decode("utf-8")
            assert not re.search(r'w:theme(Color|Fill|Shade|Tint|FillTint|FillShade)=', text), name
            assert not re.search(r'w:(ascii|hAnsi|eastAsia|cs)Theme=', text), name
    document = etree.fromstring(parts["word/document.xml"])
    colors = {c.get(W + "val") for c in document.iter(W + "color")}
    assert colors <= {"000000", "auto"}


def test_docx_page_numbers_are_dash_field_dash(cli, tmp_path):
    path, parts = docx_parts(cli, tmp_path)
    footers = [etree.fromstring(blob) for name, blob in parts.items() if re.match(r"word/footer\d+\.xml", name)]
    assert len(footers) == 2  # odd pages right, even pages left
    alignments = set()
    for footer in footers:
        paragraph = footer.find(".//w:p", NS)
        texts = "".join(t.text for t in paragraph.iter(W + "t"))
        instructions = "".join(t.text for t in paragraph.iter(W + "instrText")).strip()
        assert texts == "— 1 —" and instructions == "PAGE"
        assert [c.get(W + "fldCharType") for c in paragraph.iter(W + "fldChar")] == ["begin", "separate", "end"]
        fonts, size, _ = run_props(paragraph.find("w:r", NS))
        assert fonts["eastAsia"] == "宋体" and size == 28  # 4号 宋体
        alignments.add(paragraph.find("w:pPr/w:jc", NS).get(W + "val"))
    assert alignments == {"right", "left"}
    assert b"w:evenAndOddHeaders" in parts["word/settings.xml"]


def test_docx_tables_fit_their_content(cli, tmp_path):
    path, _ = docx_parts(cli, tmp_path, POOR)
    document = docx.Document(str(path))
    text_width = Mm(210 - 28 - 26)
    findings = [t for t in document.tables if [c.text for c in t.rows[0].cells] == ["序号", "问题", "整改措施", "依据"]]
    assert findings
    for table in findings:
        widths = [c.width for c in table.columns]
        assert abs(sum(widths) - text_width) < Mm(1)
        assert widths[0] < text_width * 0.1  # 序号 is narrow
        assert min(widths[1:]) > text_width * 0.15  # the text columns are not squeezed
        assert all(r._tr.trPr is not None and r._tr.trPr.find(f"{W}cantSplit") is not None for r in table.rows[1:])


# ---- prose over generated units -----------------------------------------------------------------

SCHEMA = unit_schema()
CODES = {code for f in enum_fields(SCHEMA) for code in f.labels if re.fullmatch(r"[a-z][a-z0-9_]*", code)}
FIELD_PATH = re.compile(r"(?<![A-Za-z0-9])[a-z][a-z0-9_]*(?:\[\])?(?:\.[a-z_][a-z0-9_]*(?:\[\])?)+|(?<![A-Za-z0-9])/[a-z_]+/[a-z0-9_/]+")
SNAKE = re.compile(r"(?<![A-Za-z0-9_])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![A-Za-z0-9_])")
RULE_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{3}\d{3}(?![0-9])")
NOTES = ("未核实", "未确认", "未逐条核对", "题库引用")


def prose_of(blocks):
    """Every sentence and cell a reader reads, except the annex (where codes belong)."""
    out = []
    for block in blocks:
        if isinstance(block, draft.Heading) and block.text == draft.L["annex"].zh:
            break
        if isinstance(block, draft.Paragraph):
            out.append(block.text)
        elif isinstance(block, draft.Table):
            out += [cell for row in block.rows for cell in row]
    return out


def assert_fit(report, unit, keep):
    blocks = draft.build(report, unit, "zh")
    for text in prose_of(blocks):
        words = set(re.findall(r"(?<![A-Za-z0-9_])[a-z][a-z0-9_]*(?![A-Za-z0-9_])", text)) - keep
        assert not words & CODES, (words & CODES, text)
        assert not {w for w in FIELD_PATH.findall(text) if w not in keep and not any(w in k for k in keep)}, text
        assert not {w for w in SNAKE.findall(text) if w not in keep and not any(w in k for k in keep)}, text
        assert not [m for m in RULE_CODE.findall(text) if not any(m in k for k in keep)], text  # the unit's own words may look like one
        assert not any(note in text for note in NOTES), text
    # counts agree: the lead, the problems' summary, the rows, the outcomes
    judged = [r for r in unit.results if r.outcome in draft.JUDGED]
    problems = [r for r in unit.results if r.outcome in draft.PROBLEMS and r.findings]
    lead = next(b.text for b in blocks if isinstance(b, draft.Paragraph) and b.role == "lead")
    fails = sum(r.outcome == Outcome.FAIL for r in unit.results)
    missing = sum(r.outcome == Outcome.NO_EVIDENCE for r in unit.results)
    assert f"共检查{len(judged)}项" in lead and f"不符合{fails}项" in lead and f"未能提供证据{missing}项" in lead
    assert f"自查得分{unit.score.total:g}分" in lead
    rows = [row for b in blocks if isinstance(b, draft.Table) and b.role == "findings" for row in b.rows]
    assert len(rows) == len(problems) and [r[0] for r in rows] == [str(n) for n in range(1, len(rows) + 1)]
    if problems:
        summary = next(b.text for b in blocks if isinstance(b, draft.Paragraph) and b.text.startswith("共发现问题"))
        numbers = [int(n) for n in re.findall(r"(\d+)项", summary)]
        assert numbers[0] == len(problems) == numbers[1] + numbers[2] == sum(numbers[3:7])
        assert fails + missing == len(problems) or any(r.outcome in draft.PROBLEMS and not r.findings for r in unit.results)
    annex = next(b for b in blocks if isinstance(b, draft.Table) and b.role == "annex")
    assert len(annex.rows) == len(unit.results)


def report_for(cli, tmp_path, data):
    from archcheck.app import bridge
    from conftest import plugins

    path = write_unit(tmp_path, data)
    return bridge.check(plugins(), path, data)


def test_seed_and_poor_drafts_are_fit_to_hand_in(cli, tmp_path):
    for path in (SEED, POOR):
        data = load_fixture(path)
        report = report_for(cli, tmp_path, data)
        assert_fit(report, report.units[0], set(user_words(data)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                    HealthCheck.function_scoped_fixture])
@given(generated_units())
def test_generated_drafts_are_fit_to_hand_in(cli, tmp_path, data):
    data = {**data, "unit": {"name": "某县某镇人民政府档案室", **data.get("unit", {})}}
    report = report_for(cli, tmp_path, data)
    assert_fit(report, report.units[0], set(user_words(data)))


def test_docx_is_rendered_from_the_same_text(cli, tmp_path):
    path, _ = docx_parts(cli, tmp_path)
    body = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "我局以2019年7月1日为基准日" in body and "据单位描述" not in body and "（条款号未核实" not in body
    markdown = cli("check", SEED, "--format", "markdown", "--fail-on", "never").output
    lead = next(line for line in markdown.splitlines() if line.startswith("对照"))
    assert lead in body
