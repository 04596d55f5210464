"""CAT001–CAT003: the catalogue has its columns, every row has its fields, required cells are filled."""

from __future__ import annotations

from archcheck.api import CATALOG_COLUMNS, Finding, RecordCheck, Severity, T
from archcheck.checkers.catalog._rules import CATALOGUE, catalog_rule

#: Without a 档号 column these classification columns are needed to place each item.
CLASSIFICATION_NEEDED = ("年度", "保管期限", "件号")
#: Cells that must not be blank: the item's identity, creator, title, date, pages and classification.
REQUIRED_VALUES = ("档号", "责任者", "题名", "日期", "页数", "年度", "保管期限", "件号")


@catalog_rule(
    id="CAT001",
    title=T("目录缺少规定的著录项目（列）", "Catalogue lacks a required column"),
    severity=Severity.MAJOR,
    points=10,
    basis=CATALOGUE,
    remedy=T("在目录导出模板中补齐 DA/T 22 规定的 9 个项目：序号、档号、文号、责任者、题名、日期、密级、页数、备注；"
             "无档号列时还须导出年度、保管期限、件号。可用 --column 表头=项目 指定本系统的列名。",
             "Add the nine DA/T 22 columns to the export (序号 档号 文号 责任者 题名 日期 密级 页数 备注); without a 档号 column "
             "also export 年度, 保管期限 and 件号. Map your own header names with --column HEADER=COLUMN."),
    rationale=T("归档文件目录的项目由 DA/T 22—2015 5.5.2 规定；缺列意味着该项目整列未著录，检查时按目录不规范处理。"
                "表头按同义词（档案号、文件题名、成文日期……）和英文别名识别。",
                "DA/T 22—2015 §5.5.2 fixes the catalogue's columns; a missing column means the item was never recorded. "
                "Headers are matched through synonyms (档案号, 文件题名, 成文日期 …) and English aliases."),
    example=T("序号,档号,文号,责任者,题名,日期,密级,页数,备注", "序号,档号,文号,责任者,题名,日期,密级,页数,备注"),
)
class RequiredColumns(RecordCheck):
    def begin(self, table):
        header = table.header
        needed = list(CATALOG_COLUMNS[:9]) + ([] if "档号" in header.index else list(CLASSIFICATION_NEEDED))
        for name in header.missing(needed):
            yield _file_finding(table, name, T("目录缺少“{c}”列", "the catalogue has no “{c}” column").format(c=name),
                                header=list(header.names)[:30])


def _file_finding(table, column, message, **evidence):
    return Finding("", message, table.location(None, column), evidence)


@catalog_rule(
    id="CAT002",
    title=T("记录行结构错误（字段数不符或不是 JSON 对象）", "Malformed record (wrong field count, or not a JSON object)"),
    severity=Severity.MAJOR,
    points=10,
    basis=CATALOGUE,
    remedy=T("检查该行是否含未加引号的逗号、多余或缺少的分隔符，或被截断；JSON Lines 每行须是一个对象。",
             "Look for an unquoted comma, a missing or extra delimiter, or a cut-off line; in JSON Lines each line must be one object."),
    rationale=T("字段错位会让每个项目读错列：题名落进日期、页数落进备注。此类行仍按补齐后的内容检查，但结论不可靠。",
                "A shifted row puts every item in the wrong column. Such rows are still checked as padded, but the results are unreliable."),
    example=T("表头 9 列，而第 57 行有 10 个字段", "the header has 9 columns, line 57 has 10 fields"),
)
class MalformedRows(RecordCheck):
    def batch(self, batch):
        for index, code, detail in batch.notes:
            if code == "ragged":
                got, want = detail.split("/")
                yield batch.finding(index, None, T("该行有 {g} 个字段，表头为 {w} 列", "the row has {g} fields, the header {w} columns")
                                    .format(g=got, w=want), fields=int(got), columns=int(want))
            else:
                yield batch.finding(index, None, T("该行不是有效的 JSON 对象：{d}", "the line is not a valid JSON object: {d}")
                                    .format(d=detail), detail=detail)


@catalog_rule(
    id="CAT003",
    title=T("必填项目为空", "A required item is blank"),
    severity=Severity.MAJOR,
    points=10,
    basis=CATALOGUE,
    remedy=T("补录档号、责任者、题名、日期、页数及年度、保管期限、件号；题名为自拟或补充时加“[ ]”。",
             "Fill in 档号, 责任者, 题名, 日期, 页数 and 年度, 保管期限, 件号; put a self-composed title in [ ]."),
    rationale=T("DA/T 22 5.5.2 要求逐件著录这些项目（文号、密级、备注无则可空）。空白项目使目录无法检索、无法核对实体。",
                "§5.5.2 requires these items for every 件 (文号, 密级 and 备注 may be blank when there is none). Blanks make the catalogue unsearchable."),
    example=T("题名为空的一行：3,Z109-WS·2019-Y-BGS-0003,,办公室,,20190305,,4,", "a row without a title: 3,Z109-WS·2019-Y-BGS-0003,,办公室,,20190305,,4,"),
)
class BlankRequired(RecordCheck):
    def batch(self, batch):
        for name in REQUIRED_VALUES:
            for index in batch.blank_rows(name):
                yield batch.finding(index, name, T("“{c}”为空", "“{c}” is blank").format(c=name))
