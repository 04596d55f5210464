"""Map whatever header an archive system exported onto the DA/T 22—2015 catalogue columns, and find it.

Rules address columns by their canonical Chinese name; locations keep the header text the file used,
so a user finds the column they know. The header is not always the first row: Excel-made 目录 put a
title row (and blank rows) above it, and some merge a group name over two header rows ("档号组成" over
全宗号 年度 …); `find_header` picks the row that names the most catalogue columns and joins a second
header row under it.

Pinyin abbreviations (dh tm zrz bgqx …) are what archive systems store and export, but two-letter keys
mean different things in different systems (dh is also 电话, ys 页数 or 颜色, sj 时间 or 手机). So a
pinyin key is read as a catalogue column only when the row is plainly a pinyin catalogue header: at
least three of its cells are pinyin catalogue keys and one of them is a distinctive one of three or
more letters (zrz, bgqx, qzh, jgwt …). The keys that are ambiguous even then (hh, sj, yh, js, bm) are
never guessed; map them with `--column` or `[columns]`. `dh` alone is accepted as before.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

#: DA/T 22—2015 §5.5.2: the nine columns of 归档文件目录.
DAT22_COLUMNS = ("序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注")
#: Classification columns archive software exports (§5.2.2, §5.4.2); derivable from 档号.
CLASS_COLUMNS = ("全宗号", "年度", "保管期限", "机构", "件号")
#: Every column archcheck knows, in catalogue order.
CANONICAL = DAT22_COLUMNS + CLASS_COLUMNS
#: A table is an item catalogue only if it has one of these (the item's identity or its title).
IDENTITY = ("档号", "题名")

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "序号": ("顺序号", "序", "no", "seq", "serial", "serialno", "index", "sequence", "rowno"),
    "档号": ("档案号", "档案编号", "档号编码", "参考代码", "referencecode", "reference", "refcode",
             "archivecode", "archivalcode", "archiveno", "archivenumber", "dh"),
    "文号": ("发文字号", "文件编号", "文件字号", "发文号", "文件文号", "documentnumber", "docno", "documentno", "fileno"),
    "责任者": ("发文机关", "发文单位", "责任单位", "责任机构", "责任人", "作者", "形成者", "形成单位", "creator", "author",
               "responsible", "responsibleparty"),
    "题名": ("文件题名", "标题", "文件标题", "名称", "题目", "文件名称", "title", "filetitle"),
    "日期": ("成文日期", "形成日期", "文件日期", "发文日期", "形成时间", "成文时间", "文件形成日期", "date", "documentdate"),
    "密级": ("保密级别", "秘密等级", "密级程度", "classification", "securityclass", "secrecy", "security"),
    "页数": ("页码数", "总页数", "页号", "pages", "pagecount", "numberofpages"),
    "备注": ("附注", "说明", "remarks", "remark", "note", "notes", "comment", "comments"),
    "全宗号": ("全宗", "全宗代号", "全宗代码", "全宗编号", "fonds", "fondsno", "fondscode", "fondsnumber"),
    "年度": ("年份", "归档年度", "year", "filingyear"),
    "保管期限": ("期限", "保存期限", "retention", "retentionperiod", "term", "retentionterm"),
    "机构": ("机构(问题)", "机构问题", "机构/问题", "问题", "机构代码", "机构名称", "部门", "部门名称", "organisation",
             "organization", "org", "department", "orgcode"),
    "件号": ("室编件号", "馆编件号", "item", "itemno", "itemnumber", "piece", "pieceno"),
}

#: Pinyin abbreviations of archive-system exports (see the module docstring for when they count).
PINYIN: dict[str, str] = {
    "tm": "题名", "zrz": "责任者", "rzz": "责任者", "wh": "文号", "wjh": "文号", "wjbh": "文号", "rq": "日期",
    "xcsj": "日期", "wjrq": "日期", "cwrq": "日期", "ys": "页数", "zys": "页数", "bgqx": "保管期限", "mj": "密级",
    "jgwt": "机构", "jghwt": "机构", "jh": "件号", "qzh": "全宗号", "nd": "年度", "bz": "备注", "sxh": "序号", "xh": "序号",
    "dh": "档号",
}
#: A pinyin header has at least this many pinyin keys, one of them distinctive (three letters or more).
PINYIN_MIN_KEYS = 3


def fold(name: object) -> str:
    """Compare form of a header: NFKC (full-width brackets → ASCII), no case, spaces or punctuation."""
    text = unicodedata.normalize("NFKC", str(name or "")).lower()
    return "".join(ch for ch in text if ch not in " \t\r\n_-.:：\ufeff'\"")


ALIASES: dict[str, str] = {}
for _canon, _names in _SYNONYMS.items():
    for _name in (_canon, *_names):
        ALIASES.setdefault(fold(_name), _canon)


def _pinyin_row(cells: Iterable[str]) -> bool:
    keys = [k for k in (fold(c) for c in cells) if k in PINYIN and k not in ALIASES or k == "dh"]
    return len(keys) >= PINYIN_MIN_KEYS and any(len(k) >= 3 for k in keys)


@dataclass(frozen=True)
class Header:
    """Which file column holds each canonical column, and what the file called it."""

    names: tuple[str, ...]  # the header cells as written (a joined two-row header: the lower row's names)
    index: Mapping[str, int]  # canonical name → position
    unknown: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()  # header cells that map to a column already taken
    derived: tuple[str, ...] = field(default=())  # classification columns to take from 档号

    def label(self, canonical: str) -> str:
        """The file's own header text for a canonical column (or the canonical name if derived)."""
        pos = self.index.get(canonical)
        return self.names[pos] if pos is not None else canonical

    def missing(self, required: Iterable[str]) -> list[str]:
        return [c for c in required if c not in self.index and c not in self.derived]

    @property
    def is_catalogue(self) -> bool:
        """Whether the table names an item's identity or title: what makes it an item catalogue."""
        return any(c in self.index for c in IDENTITY)


def canonical_target(name: str) -> str | None:
    """The canonical column a `--column HEADER=TARGET` target means (a canonical name, synonym or pinyin key)."""
    key = fold(name)
    return ALIASES.get(key) or PINYIN.get(key)


def header_cells(names: Iterable[object]) -> tuple[str, ...]:
    """Header cells as text: None blank, surrounding spaces and a BOM left out."""
    return tuple("" if n is None else str(n).strip().lstrip("\ufeff") for n in names)


def index_header(cells: Sequence[str], canonical_of: Callable[[str], str | None]) -> tuple[dict[str, int], tuple[str, ...], tuple[str, ...]]:
    """Each cell's canonical column by `canonical_of(folded cell)`: {column: position of its first cell},
    the cells no column claims, and the cells that repeat a column already found (every catalogue kind
    reads its header this way; only the names it knows differ)."""
    index: dict[str, int] = {}
    unknown: list[str] = []
    duplicates: list[str] = []
    for pos, cell in enumerate(cells):
        canon = canonical_of(fold(cell))
        if canon is None:
            if cell:
                unknown.append(cell)
        elif canon in index:
            duplicates.append(cell)
        else:
            index[canon] = pos
    return index, tuple(unknown), tuple(duplicates)


def resolve(names: Iterable[object], mapping: Mapping[str, str] | None = None) -> Header:
    """Resolve header cells. `mapping` (file header → canonical or alias) wins over synonyms."""
    explicit = {fold(k): canonical_target(v) or v for k, v in (mapping or {}).items()}
    cells = header_cells(names)
    pinyin = _pinyin_row(cells)
    index, unknown, duplicates = index_header(
        cells, lambda key: explicit.get(key) or ALIASES.get(key) or (PINYIN.get(key) if pinyin else None))
    derived = tuple(c for c in CLASS_COLUMNS if c not in index) if "档号" in index else ()
    return Header(cells, index, unknown, duplicates, derived)


def score(cells: Sequence[Any], mapping: Mapping[str, str] | None = None) -> int:
    """How many catalogue columns a row names (a header row names many, a title or data row few)."""
    return len(resolve(cells, mapping).index)


#: Rows looked at for the header: a title, a note line and a blank row or two, then the header.
HEADER_SEARCH_ROWS = 12


@dataclass(frozen=True)
class HeaderRows:
    """Where the header was found among a table's first rows (indices into those rows)."""

    index: int  # the header row
    cells: list[str]  # the header (a two-row header joined)
    last: int  # the last header row (index + 1 for a two-row header)
    titles: list[int]  # non-blank rows above the header


def find_header(rows: Sequence[Sequence[Any]], mapping: Mapping[str, str] | None = None) -> HeaderRows | None:
    """The header among a table's first rows: the first row naming the most catalogue columns (at least
    two, or one named by `mapping`), joined with a second header row right under it. None: no header."""
    best, best_score = None, 0
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if not _blank(row):
            found = score(row, mapping)
            if found > best_score:
                best, best_score = i, found
    if best is None or best_score < (1 if mapping else 2):
        return None
    header = [("" if c is None else str(c)) for c in rows[best]]
    last = best
    lower = next((j for j in range(best + 1, min(len(rows), best + 3)) if not _blank(rows[j])), None)
    if lower is not None:
        joined = _join(header, ["" if c is None else str(c) for c in rows[lower]], mapping)
        if joined is not None:
            header, last = joined, lower
    titles = [i for i in range(best) if not _blank(rows[i])]
    return HeaderRows(best, header, last, titles)


def _join(upper: list[str], lower: list[str], mapping: Mapping[str, str] | None) -> list[str] | None:
    """A second header row names columns where the first has a group name or nothing: join them."""
    width = max(len(upper), len(lower))
    upper, lower = upper + [""] * (width - len(upper)), lower + [""] * (width - len(lower))
    below = resolve(lower, mapping)
    if len(below.index) < 2:
        return None
    above = resolve(upper, mapping)
    taken = set(above.index.values())
    if any(pos in taken and lower[pos].strip() for pos in below.index.values()):
        return None  # the lower row renames a column the upper one already named: it is data, not a header
    return [lower[i] if i in below.index.values() else upper[i] for i in range(width)]


def _blank(row: Sequence[Any]) -> bool:
    return not any(str(c).strip() for c in row if c is not None)
