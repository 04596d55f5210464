"""The 整改台账: one row per finding with who fixes it and by when, as XLSX (or CSV for `x.csv`).

The responsible department comes from the finding's area and the deadline from its severity; both
can be changed in the `[ledger]` table of `--report-config` (see docs/documents.md).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any, Mapping

from archcheck.model import Report, Text, UnitReport
from archcheck.reporters.ooxml import package_time, stable_package
from archcheck.reporters.options import ReportOptions
from archcheck.reporters.sanitize import csv_cell, is_formula_like, spreadsheet_cell

DEFAULT_DAYS = {"critical": 15, "major": 30, "minor": 60, "info": 90}
ARCHIVES = Text("档案部门", "archives office")
DEFAULT_DEPARTMENTS = {
    "FUN": Text("财务部门", "finance office"),
    "ORG": Text("办公室", "general office"),
    "STA": Text("人事部门", "personnel office"),
    "TRN": Text("人事部门", "personnel office"),
    "FAC": Text("后勤（行政）部门", "facilities office"),
    "PRJ": Text("项目建设部门", "project department"),
    "FIL": Text("各业务部门、档案部门", "record-producing departments and archives office"),
    "LAW": Text("办公室", "general office"),
}
HEADERS = {
    "no": Text("序号", "No."), "unit": Text("单位", "Unit"), "rule": Text("规则", "Rule"), "problem": Text("问题", "Problem"),
    "basis": Text("依据", "Basis"), "remedy": Text("整改措施", "Remedy"), "owner": Text("责任部门", "Responsible"),
    "due": Text("整改时限", "Due by"), "status": Text("状态", "Status"),
}
OPEN = Text("未整改", "open")
SHEET = Text("整改台账", "Rectification ledger")
TITLE = Text("{name}档案工作整改台账", "Archive rectification ledger: {name}")


def _department(area: str, config: Mapping[str, Any], lang: str) -> str:
    configured = (config.get("departments") or {}).get(area)
    if isinstance(configured, str):
        return configured
    if isinstance(configured, Mapping):
        return str(configured.get(lang, configured.get("zh", "")))
    return DEFAULT_DEPARTMENTS.get(area, ARCHIVES).get(lang)


def _due(unit: UnitReport, severity: str, config: Mapping[str, Any]) -> str:
    days = int({**DEFAULT_DAYS, **(config.get("deadline_days") or {})}.get(severity, DEFAULT_DAYS["info"]))
    return (dt.date.fromisoformat(unit.as_of) + dt.timedelta(days=days)).isoformat()


def ledger_rows(report: Report, options: ReportOptions) -> tuple[list[str], list[list[Any]]]:
    """The header and one row per finding, across all units (a 单位 column when there are several)."""
    lang, config = options.lang, options.config.get("ledger") or {}
    many = len(report.units) > 1
    keys = ["no", *(["unit"] if many else []), "rule", "problem", "basis", "remedy", "owner", "due", "status"]
    rows: list[list[Any]] = []
    from archcheck.reporters.prose import cite, prose, user_words  # the words of a document handed in

    for unit in report.units:
        keep = user_words(unit.data)
        for result, finding in unit.findings:
            rule = result.rule
            values = {
                "no": len(rows) + 1, "unit": unit.name, "rule": f"{rule.id} {rule.title.get(lang)}",
                "problem": prose(finding.message.get(lang), lang, keep), "basis": cite(result.basis),
                "remedy": prose(rule.remedy.get(lang), lang, keep),
                "owner": _department(rule.area, config, lang), "due": _due(unit, rule.severity.value, config),
                "status": OPEN.get(lang),
            }
            rows.append([values[k] for k in keys])
    return [HEADERS[k].get(lang) for k in keys], rows


def render_csv(report: Report, options: ReportOptions) -> bytes:
    headers, rows = ledger_rows(report, options)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read the Chinese correctly


WIDTHS = {"序号": 6, "No.": 6, "单位": 22, "Unit": 22, "规则": 22, "Rule": 22, "问题": 36, "Problem": 36, "依据": 28,
          "Basis": 28, "整改措施": 44, "Remedy": 44, "责任部门": 14, "Responsible": 14, "整改时限": 12, "Due by": 12,
          "状态": 8, "Status": 8}


def render_xlsx(report: Report, options: ReportOptions) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    headers, rows = ledger_rows(report, options)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET.get(options.lang)
    name = report.units[0].name if len(report.units) == 1 else f"{len(report.units)}"
    sheet.append([spreadsheet_cell(TITLE.format(name=name).get(options.lang))])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(headers)
    for row in rows:
        sheet.append([spreadsheet_cell(v) for v in row])
    thin = Side(style="thin")
    for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if cell.row == 2:
                cell.font = Font(bold=True)
    for row in sheet.iter_rows():
        for cell in row:
            _as_text(cell)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(header, 16)
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    stamp = package_time(report.units[0].as_of if report.units else None)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "archcheck"
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_package(buffer.getvalue(), stamp)


def _as_text(cell: Any) -> None:
    """A text cell stays text: openpyxl makes any string starting with `=` a formula; Excel gets a quote prefix too."""
    if cell.data_type == "f":
        cell.data_type = "s"
    if isinstance(cell.value, str) and is_formula_like(cell.value):
        cell.quotePrefix = True


def render_ledger(report: Report, options: ReportOptions) -> bytes:
    """XLSX, or CSV when the output file ends in .csv."""
    if options.output is not None and options.output.suffix.lower() == ".csv":
        return render_csv(report, options)
    return render_xlsx(report, options)
