"""Map whatever header an archive system exported onto the DA/T 22—2015 catalogue columns.

Rules address columns by their canonical Chinese name; locations keep the header text the file
used, so a user finds the column they know.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Mapping

#: DA/T 22—2015 §5.5.2: the nine columns of 归档文件目录.
DAT22_COLUMNS = ("序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注")
#: Classification columns archive software exports (§5.2.2, §5.4.2); derivable from 档号.
CLASS_COLUMNS = ("全宗号", "年度", "保管期限", "机构", "件号")
#: Every column archcheck knows, in catalogue order.
CANONICAL = DAT22_COLUMNS + CLASS_COLUMNS

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "序号": ("顺序号", "序", "no", "seq", "serial", "serialno", "index", "sequence", "rowno"),
    "档号": ("档案号", "档案编号", "档号编码", "参考代码", "referencecode", "reference", "refcode",
             "archivecode", "archivalcode", "archiveno", "archivenumber", "dh"),
    "文号": ("发文字号", "文件编号", "文件字号", "发文号", "documentnumber", "docno", "documentno", "fileno"),
    "责任者": ("发文机关", "发文单位", "责任单位", "作者", "形成者", "creator", "author", "responsible",
               "responsibleparty"),
    "题名": ("文件题名", "标题", "文件标题", "名称", "题目", "title", "filetitle"),
    "日期": ("成文日期", "形成日期", "文件日期", "发文日期", "形成时间", "成文时间", "date", "documentdate"),
    "密级": ("保密级别", "秘密等级", "密级程度", "classification", "securityclass", "secrecy", "security"),
    "页数": ("页码数", "总页数", "pages", "pagecount", "numberofpages"),
    "备注": ("附注", "说明", "remarks", "remark", "note", "notes", "comment", "comments"),
    "全宗号": ("全宗", "全宗代号", "全宗编号", "fonds", "fondsno", "fondscode", "fondsnumber"),
    "年度": ("年份", "归档年度", "year", "filingyear"),
    "保管期限": ("期限", "保存期限", "retention", "retentionperiod", "term", "retentionterm"),
    "机构": ("机构(问题)", "机构问题", "机构/问题", "问题", "机构代码", "部门", "organisation", "organization",
             "org", "department", "orgcode"),
    "件号": ("室编件号", "馆编件号", "item", "itemno", "itemnumber", "piece", "pieceno"),
}


def fold(name: object) -> str:
    """Compare form of a header: NFKC (full-width brackets → ASCII), no case, spaces or punctuation."""
    text = unicodedata.normalize("NFKC", str(name or "")).lower()
    return "".join(ch for ch in text if ch not in " \t\r\n_-.:：\ufeff'\"")


ALIASES: dict[str, str] = {}
for _canon, _names in _SYNONYMS.items():
    for _name in (_canon, *_names):
        ALIASES.setdefault(fold(_name), _canon)


@dataclass(frozen=True)
class Header:
    """Which file column holds each canonical column, and what the file called it."""

    names: tuple[str, ...]  # the header cells as written
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


def resolve(names: Iterable[object], mapping: Mapping[str, str] | None = None) -> Header:
    """Resolve header cells. `mapping` (file header → canonical or alias) wins over synonyms."""
    explicit = {fold(k): ALIASES.get(fold(v), v) for k, v in (mapping or {}).items()}
    cells = tuple("" if n is None else str(n).strip().lstrip("\ufeff") for n in names)
    index: dict[str, int] = {}
    unknown: list[str] = []
    duplicates: list[str] = []
    for pos, cell in enumerate(cells):
        key = fold(cell)
        canon = explicit.get(key) or ALIASES.get(key)
        if canon is None:
            if cell:
                unknown.append(cell)
        elif canon in index:
            duplicates.append(cell)
        else:
            index[canon] = pos
    derived = tuple(c for c in CLASS_COLUMNS if c not in index) if "档号" in index else ()
    return Header(cells, index, tuple(unknown), tuple(duplicates), derived)
