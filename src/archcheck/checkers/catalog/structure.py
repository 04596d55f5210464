"""CAT001–CAT003, CAT022, CAT023: the catalogue has its columns, every row its fields, required cells are filled,
it says which fonds and years it covers; title rows above the header are listed."""

from __future__ import annotations

from archcheck.api import CATALOG_COLUMNS, Finding, RecordCheck, Severity, T, row_notes, values as V
from archcheck.checkers.catalog._rules import CATALOGUE, COVER, EDITION_2015_FROM_YEAR, catalog_rule

#: The 2015 edition's columns that DA/T 22—2000 did not have: not required of catalogues of earlier years.
NEW_IN_2015 = ("档号", "密级")
#: 序号 is the row's position in the printed catalogue; an export's row order is it, so its column is not required.
ROW_NUMBER = "序号"
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
    remedy=T("在目录导出模板中补齐 DA/T 22 规定的项目：档号、文号、责任者、题名、日期、密级、页数、备注（序号可由行序生成）；"
             "无档号列时还须导出年度、保管期限、件号。可用 --column 表头=项目 或 archcheck.toml 的 [columns] 指定本系统的列名。",
             "Add the DA/T 22 columns to the export (档号 文号 责任者 题名 日期 密级 页数 备注; 序号 may come from the row order); "
             "without a 档号 column also export 年度, 保管期限 and 件号. Map your own header names with --column HEADER=COLUMN "
             "or [columns] in archcheck.toml."),
    rationale=T("归档文件目录的项目由 DA/T 22—2015 5.5.2 规定；缺列意味着该项目整列未著录。2016 年以前整理的目录按 DA/T 22—2000，"
                "不要求档号、密级两列。表头按同义词（档案号、文件题名、成文日期……）、拼音缩写（dh tm zrz bgqx……）和英文别名识别，"
                "表头前的标题行会跳过。",
                "DA/T 22—2015 §5.5.2 fixes the catalogue's columns; a missing column means the item was never recorded. Catalogues "
                "of items before 2016 follow DA/T 22—2000, which had no 档号 or 密级 column. Headers are matched through synonyms "
                "(档案号, 文件题名, 成文日期 …), pinyin keys (dh tm zrz bgqx …) and English aliases; title rows above the header are skipped."),
    example=T("序号,档号,文号,责任者,题名,日期,密级,页数,备注\n1,Z109-WS·2019-Y-BGS-0001,,办公室,关于印发工作要点的通知,20190312,,3,",
              "序号,档号,文号,责任者,题名,日期,密级,页数,备注\n1,Z109-WS·2019-Y-BGS-0001,,办公室,关于印发工作要点的通知,20190312,,3,"),
    violation=T("序号,档号,责任者,题名,日期,页数\n1,Z109-WS·2019-Y-BGS-0001,办公室,关于印发工作要点的通知,20190312,3",
                "序号,档号,责任者,题名,日期,页数\n1,Z109-WS·2019-Y-BGS-0001,办公室,关于印发工作要点的通知,20190312,3"),
)
class RequiredColumns(RecordCheck):
    """Judged at the end: a catalogue whose items all date from before 2016 is not asked for the
    columns DA/T 22—2015 added; one without any record says so."""

    def __init__(self, ctx):
        super().__init__(ctx)
        self.tables = []
        self.records = 0
        self.newest: int | None = None
        self.undated = False

    def begin(self, table):
        self.tables.append(table)
        return ()

    def batch(self, batch):
        self.records += len(batch)
        if self.undated:
            return ()  # a catalogue with undated items is judged by the 2015 rules anyway
        for value in batch.distinct("年度") or {""}:
            year = V.parse_year(value)
            if year is None:
                self.undated = True
            elif self.newest is None or year > self.newest:
                self.newest = year
        return ()

    def finish(self):
        old = self.records and not self.undated and self.newest is not None and self.newest < EDITION_2015_FROM_YEAR
        for table in self.tables:
            header = table.header
            needed = [c for c in CATALOG_COLUMNS[:9] if c != ROW_NUMBER]
            needed += [] if "档号" in header.index else list(CLASSIFICATION_NEEDED)
            for name in header.missing(needed):
                if old and name in NEW_IN_2015:
                    continue
                yield _file_finding(table, name, T("目录缺少“{c}”列", "the catalogue has no “{c}” column").format(c=name),
                                    header=list(header.names)[:30])
        if not self.records and self.tables:
            yield _file_finding(self.tables[0], None, T("目录只有表头，没有任何条目", "the catalogue has a header but no entries"))


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
    rationale=T("字段错位会让每个项目读错列：题名落进日期、页数落进备注。此类行只报告本条，其他规则不再就该行报告（读到的值不可靠）；"
                "修正后再检查。Excel 等另存 CSV 时表头行本身也带的空列不算。工作表中表头以外的列有内容时也报告本条，但该行其余项目照常检查。",
                "A shifted row puts every item in the wrong column. Such a row gets this finding only: the other rules' findings on it are "
                "withheld (what they read there is unreliable); check again once it is mended. Empty cells the header line carries as well "
                "(a spreadsheet's save as CSV) are no fault. A sheet row with something past the header is reported too, and its items are still checked."),
    example='档号,题名\nZ109-WS·2019-Y-BGS-0001,关于印发工作要点的通知',
    violation='档号,题名\nZ109-WS·2019-Y-BGS-0001,关于印发工作要点的通知,多出的一个字段',
)
class MalformedRows(RecordCheck):
    reports_unplaced = True

    def batch(self, batch):
        return malformed_row_findings(batch)


#: what each note on a record or table says (`row_notes`), with `g` cells against the header's `w` and
#: `k` their difference; a table note has no line
_SHAPE_NOTES = {
    row_notes.RAGGED: T("该行有 {g} 个字段，表头为 {w} 列", "the row has {g} fields, the header {w} columns"),
    row_notes.OFF_WIDTH: T("该行有 {g} 个字段，本文件的记录均为 {w} 个字段", "the row has {g} fields where the file's records have {w}"),
    row_notes.BEYOND: T("该行在表头的 {w} 列之外还有内容（共 {g} 列）", "the row has something past the header's {w} columns ({g} in all)"),
    row_notes.UNNAMED: T("记录有 {g} 个字段，表头只有 {w} 列：最后 {k} 列没有列名，其内容未检查",
                         "the records have {g} fields but the header names {w}: the last {k} have no name and are not checked"),
    row_notes.UNNAMED_LEADING: T("记录有 {g} 个字段，表头只有 {w} 列：其余各列与表头相符，前 {k} 列没有列名，其内容未检查",
                                 "the records have {g} fields but the header names {w}: the others fit the header, the first {k} have "
                                 "no name and are not checked"),
    row_notes.UNFILLED: T("表头有 {w} 列，记录却只有 {g} 个字段：最后 {k} 列没有内容",
                          "the header names {w} columns but the records have {g} fields: the last {k} are never filled"),
    row_notes.LEADING: T("表头有 {w} 列，记录却只有 {g} 个字段：记录的内容与表头第 {k1} 列起的各列相符，前 {k} 列没有内容",
                         "the header names {w} columns but the records have {g} fields: their cells fit the header's columns "
                         "from column {k1}, the first {k} are never filled"),
}


#: Columns DA/T 22 §5.5.2 lets stay blank when there is nothing to write (no 文号, not classified, no remark).
MAY_STAY_BLANK = ("文号", "密级", "备注")


def malformed_row_findings(batch):
    """One finding per record a reader noted (`row_notes`): what CAT002 and VOL015 report."""
    for index, code, detail in batch.notes:
        message = _SHAPE_NOTES.get(code)
        if message is None:
            yield batch.finding(index, None, T("该行不是有效的 JSON 对象：{d}", "the line is not a valid JSON object: {d}")
                                .format(d=detail), detail=detail)
            continue
        got, want = map(int, detail.split("/"))
        if code == row_notes.UNFILLED and _only_blank_allowed(batch.table.header, range(got, want)):
            continue  # an exporter that drops trailing empty fields: nothing is missing
        if code == row_notes.LEADING and _only_blank_allowed(batch.table.header, range(want - got)):
            continue  # only columns that may stay blank are absent
        k = abs(got - want)
        yield batch.finding(index, None, message.format(g=got, w=want, k=k, k1=k + 1), fields=got, columns=want)


def _only_blank_allowed(header, positions) -> bool:
    """Whether every column at `positions` may stay blank: one DA/T 22 lets be empty, or one no rule reads."""
    names = {position: name for name, position in header.index.items()}
    return all(names.get(position) in MAY_STAY_BLANK or position not in names for position in positions)


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
    example='档号,责任者,题名,日期,页数\nZ109-WS·2019-Y-BGS-0001,办公室,关于印发工作要点的通知,20190305,4',
    violation='档号,责任者,题名,日期,页数\nZ109-WS·2019-Y-BGS-0001,办公室,,20190305,4',
)
class BlankRequired(RecordCheck):
    def batch(self, batch):
        for name in REQUIRED_VALUES:
            for index in batch.blank_rows(name):
                yield batch.finding(index, name, T("“{c}”为空", "“{c}” is blank").format(c=name))


@catalog_rule(
    id="CAT022",
    title=T("目录未注明全宗号或年度", "The catalogue does not say which fonds or year it covers"),
    severity=Severity.MINOR,
    points=2,
    basis=COVER,
    remedy=T("在导出中包含全宗号、年度两列（或在档号中带全宗号、年度）；全宗号尚未取得的，向接收档案馆申请。",
             "Export the 全宗号 and 年度 columns (or carry them in the 档号); ask the receiving archive for a fonds code not yet assigned."),
    rationale=T("目录封面须写明全宗号、年度（DA/T 22 5.5.4）；一份导出不说明属于哪个全宗、哪些年度，就无法与实体、与其他年度的目录对应。",
                "The catalogue's cover names its fonds and years (§5.5.4); an export that says neither cannot be matched to the boxes "
                "or to other years' catalogues."),
    example=T("全宗号,年度,题名\nZ109,2019,关于X的通知", "全宗号,年度,题名\nZ109,2019,关于X的通知"),
    violation=T("题名,日期\n关于X的通知,20190305", "题名,日期\n关于X的通知,20190305"),
)
class FondsAndYearDeclared(RecordCheck):
    """Fonds and year from the columns, the 档号, or the document's own fields (a JSON register's fonds/year)."""

    def __init__(self, ctx):
        super().__init__(ctx)
        self.table = None
        self.fonds = self.year = False

    def batch(self, batch):
        self.table = batch.table
        shared = batch.table.shared
        if not self.fonds:
            self.fonds = bool(shared.get("全宗号")) or any(V.clean(v) for v in batch.distinct("全宗号"))
        if not self.year:
            self.year = bool(shared.get("年度")) or any(V.parse_year(v) for v in batch.distinct("年度"))
        return ()

    def finish(self):
        if self.table is None:
            return
        for known, column in ((self.fonds, "全宗号"), (self.year, "年度")):
            if not known:
                yield _file_finding(self.table, column, T("目录未注明{c}（无该列，档号中也没有）",
                                                          "the catalogue does not give its {c} (no such column, none in the 档号)").format(c=column))


@catalog_rule(
    id="CAT023",
    title=T("表头之上有标题行（已跳过，提示）", "Title rows above the header (skipped; advisory)"),
    severity=Severity.INFO,
    points=0,
    basis=CATALOGUE,
    remedy=T("机器导出的目录宜以表头为第一行；打印用的标题可保留在目录封面。", "A machine export should start with its header; keep print titles for the cover."),
    rationale=T("Excel 编制的目录常在表头上方加“XX局2019年归档文件目录”一类标题；本工具按列名找到表头，跳过其上各行并在此说明。",
                "Excel-made catalogues often carry a title such as XX局2019年归档文件目录 above the header; the header is found by its "
                "column names and the rows above it are skipped and listed here."),
    example=T("档号,题名\nZ109-WS·2019-Y-BGS-0001,关于X的通知", "档号,题名\nZ109-WS·2019-Y-BGS-0001,关于X的通知"),
    violation=T("某局2019年归档文件目录\n档号,题名\nZ109-WS·2019-Y-BGS-0001,关于X的通知", "某局2019年归档文件目录\n档号,题名\nZ109-WS·2019-Y-BGS-0001,关于X的通知"),
)
class TitleRows(RecordCheck):
    def begin(self, table):
        if table.titles:
            line, text = table.titles[0]
            yield Finding("", T("表头在第 {h} 行，其上 {n} 行标题已跳过（如“{t}”）", "the header is on line {h}; {n} title row(s) above it were skipped (e.g. “{t}”)")
                          .format(h=table.header_line, n=len(table.titles), t=text[:40]),
                          table.location(line, None), {"title_rows": [n for n, _ in table.titles], "header_line": table.header_line})
