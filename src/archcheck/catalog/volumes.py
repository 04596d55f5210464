"""Volume catalogues (按卷整理): the 案卷目录 and its 卷内文件目录 — their columns, how a table is told
to be one or the other, and the parsers for what their cells hold.

Archives arranged before item-level arrangement (DA/T 22) list their holdings by volume (案卷): a
案卷目录 with one row per volume (案卷号, 案卷题名, 起止日期, 保管期限, 页数/件数 — the items of the
volume cover, GB/T 9705—2008 §3.1.2), and a 卷内文件目录 with one row per document inside a volume
(顺序号, 文号, 责任者, 题名, 日期, 页号 — GB/T 9705 §4.3), exported with the volume's 档号 or 案卷号 so
that rows can be joined to their volume. Headers are matched through synonyms and pinyin keys
(ajh ajtm nd bgqx ys js qzrq …), which in a table that names 案卷 columns are not ambiguous.

Everything here is pure and never raises on any cell: rules call it on hostile data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, NamedTuple, Sequence

from archcheck.catalog import values as V
from archcheck.catalog.columns import Header, fold, header_cells, index_header

#: the kinds of catalogue table `archcheck catalog` reads
ITEM, VOLUME, INNER = "item", "volume", "inner"

#: 案卷目录: the volume cover's items (GB/T 9705—2008 §3.1.2) plus what exports carry to identify a volume.
VOLUME_COLUMNS = ("档号", "全宗号", "目录号", "类别号", "案卷号", "案卷题名", "年度", "保管期限", "页数", "件数",
                  "起止日期", "起始日期", "终止日期", "密级", "机构", "备注")
#: 卷内文件目录: GB/T 9705—2008 §4.3 (顺序号 文号 责任者 题名 日期 页号 备注) plus the volume it belongs to.
INNER_COLUMNS = ("档号", "全宗号", "目录号", "类别号", "案卷号", "顺序号", "文号", "责任者", "题名", "日期", "页号",
                 "止页号", "页数", "保管期限", "密级", "备注")

_VOLUME_SYNONYMS: dict[str, tuple[str, ...]] = {
    "档号": ("案卷档号", "档案号", "卷档号", "dh", "ajdh", "referencecode"),
    "全宗号": ("全宗", "全宗代号", "全宗编号", "qzh", "fonds"),
    "目录号": ("案卷目录号", "目录编号", "目录", "mlh", "catalogueno"),
    "类别号": ("分类号", "类目号", "类别代码", "lbh", "flh"),
    "案卷号": ("卷号", "案卷编号", "案卷顺序号", "ajh", "juanhao", "fileno"),
    "案卷题名": ("案卷标题", "案卷名称", "卷名", "卷宗名称", "卷宗题名", "ajtm", "ajbt", "filetitle"),
    "年度": ("年份", "归档年度", "nd", "year"),
    "保管期限": ("期限", "保存期限", "bgqx", "retention"),
    "页数": ("总页数", "卷内页数", "张页数", "ys", "zys", "pages"),
    "件数": ("卷内件数", "文件数", "总件数", "文件件数", "js", "wjs", "items"),
    "起止日期": ("起止时间", "起止年月", "时间", "日期范围", "起止日", "qzrq", "qzsj", "qzny"),
    "起始日期": ("开始日期", "起日期", "起始时间", "qsrq", "ksrq"),
    "终止日期": ("截止日期", "止日期", "结束日期", "终止时间", "zzrq", "jsrq"),
    "密级": ("mj", "保密级别"),
    "机构": ("机构(问题)", "机构问题", "立卷单位", "部门", "jgwt"),
    "备注": ("附注", "说明", "bz", "remarks"),
}
_INNER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "档号": ("档案号", "文件档号", "dh", "referencecode"),
    "全宗号": ("全宗", "全宗代号", "qzh", "fonds"),
    "目录号": ("案卷目录号", "mlh"),
    "类别号": ("分类号", "lbh", "flh"),
    "案卷号": ("卷号", "案卷编号", "所属案卷", "ajh", "juanhao"),
    "顺序号": ("卷内顺序号", "卷内序号", "序号", "件号", "sxh", "xh", "jh"),
    "文号": ("发文字号", "文件编号", "wh", "wjh"),
    "责任者": ("发文机关", "责任单位", "作者", "zrz"),
    "题名": ("文件题名", "标题", "文件标题", "文件名称", "tm", "title"),
    "日期": ("成文日期", "形成日期", "文件日期", "rq", "cwrq", "date"),
    "页号": ("起始页号", "起页号", "首页号", "页码", "yh", "qsyh", "page"),
    "止页号": ("终止页号", "末页号", "止页", "zyh", "zzyh"),
    "页数": ("ys", "pages"),
    "保管期限": ("期限", "bgqx"),
    "密级": ("mj",),
    "备注": ("附注", "bz"),
}


def _aliases(synonyms: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for canonical, names in synonyms.items():
        for name in (canonical, *names):
            out.setdefault(fold(name), canonical)
    return out


VOLUME_ALIASES = _aliases(_VOLUME_SYNONYMS)
INNER_ALIASES = _aliases(_INNER_SYNONYMS)
#: a volume export whose title column is plainly 题名 (tm): its title, once the table is known to be a 案卷目录
_VOLUME_TITLE_FALLBACK = {fold("题名"), "tm", fold("标题")}


def resolve_as(kind: str, names: Iterable[object], mapping: Mapping[str, str] | None = None) -> Header:
    """The header of a 案卷目录 (`VOLUME`) or 卷内文件目录 (`INNER`); `mapping` (header → column) wins."""
    aliases = VOLUME_ALIASES if kind == VOLUME else INNER_ALIASES
    explicit = {fold(k): aliases.get(fold(v), v) for k, v in (mapping or {}).items()}
    title_fallback = kind == VOLUME

    def canonical_of(key: str) -> str | None:
        canon = explicit.get(key) or aliases.get(key)
        if canon is None and title_fallback and key in _VOLUME_TITLE_FALLBACK:
            return "案卷题名"
        return canon

    cells = header_cells(names)
    index, unknown, duplicates = index_header(cells, canonical_of)
    return Header(cells, index, unknown, duplicates, ())


def detect(names: Sequence[object], mapping: Mapping[str, str] | None = None) -> str | None:
    """`VOLUME` or `INNER` when the header is plainly one of the volume catalogues, else None (an item
    catalogue, or not a catalogue: `columns.resolve` decides). A 案卷目录 names 案卷题名, or a 案卷号 with
    the volume's 件数 or 起止日期; a 卷内文件目录 names a document's 题名 with the 案卷号 it sits in, or with
    顺序号 and 页号 (the GB/T 9705 §4.3 columns). A box list (盒号, 起止件号) is neither."""
    volume = resolve_as(VOLUME, names, mapping).index
    if "案卷题名" in volume and fold(names[volume["案卷题名"]]) not in _VOLUME_TITLE_FALLBACK:
        return VOLUME
    if "案卷号" in volume and ({"件数", "起止日期", "起始日期"} & set(volume)):
        return VOLUME
    inner = resolve_as(INNER, names, mapping).index
    if "题名" in inner and ("案卷号" in inner or ("页号" in inner and _named(names, inner, "顺序号", {"顺序号", "sxh", "卷内顺序号", "卷内序号"}))):
        return INNER
    return None


def force(names: Sequence[object], mapping: Mapping[str, str] | None = None) -> str:
    """The volume kind a table is when the user said the files are volume catalogues (`--kind volumes`):
    whichever vocabulary names more of its columns, a 案卷题名 or 件数 settling it for the 案卷目录."""
    found = detect(names, mapping)
    if found:
        return found
    volume = resolve_as(VOLUME, names, mapping).index
    inner = resolve_as(INNER, names, mapping).index
    if {"件数", "起止日期", "起始日期"} & set(volume) and "页号" not in inner:
        return VOLUME
    return INNER if len(inner) >= len(volume) else VOLUME


def _named(names: Sequence[object], index: Mapping[str, int], canonical: str, spelled: set[str]) -> bool:
    return canonical in index and fold(names[index[canonical]]) in {fold(s) for s in spelled}


# ---------------------------------------------------------------- cell parsers

_SEPARATORS = str.maketrans({".": "·", "・": "·", "•": "·", "．": "·", "‧": "·", "∙": "·", "—": "-", "－": "-",
                             "–": "-"})
_SEGMENT = re.compile(r"[A-Za-z0-9\u4e00-\u9fff·]+")


class VolumeCode(NamedTuple):
    """A volume's 档号 (DA/T 13 按卷: 全宗号-类别号/目录号-案卷号): its scope (all but the 案卷号) and number."""

    text: str  # normalised: no whitespace, dot-like separators as `·`, dashes as `-`
    scope: str  # 全宗号-类别号 (or -目录号): the 目录 inside which 案卷号 run
    number: int  # the 案卷号 (-1 if not digits)
    problems: tuple[str, ...]  # segments | number | fonds


def normalise_code(raw: object) -> str:
    """Compare form of a 档号: no whitespace, every dot-like separator `·`, every dash `-`."""
    return "".join(V.clean(raw).split()).translate(_SEPARATORS)


def parse_volume_code(raw: object) -> VolumeCode | None:
    """A volume 档号 `全宗号-类别号-案卷号` (three or more `-` segments, the last the 案卷号 in digits); None if blank."""
    text = normalise_code(raw)
    if not text:
        return None
    parts = text.split("-")
    problems = []
    if len(parts) < 3 or not all(_SEGMENT.fullmatch(p) for p in parts):
        problems.append("segments")
    last = parts[-1]
    number = int(last) if last.isdigit() and last.isascii() else -1
    if number < 1:
        problems.append("number")
    if not re.fullmatch(r"[A-Z0-9]{4}", parts[0]):
        problems.append("fonds")
    return VolumeCode(text, "-".join(parts[:-1]), number, tuple(problems))


def split_item_code(raw: object) -> tuple[str, int]:
    """A 卷内 档号 `volume 档号-件号` as (the volume part, the 件号; -1 if the last segment is no number)."""
    text = normalise_code(raw)
    head, sep, last = text.rpartition("-")
    if not sep:
        return text, -1
    return head, int(last) if last.isdigit() and last.isascii() else -1


def parse_number(raw: object) -> int | None:
    """案卷号, 顺序号, 件数, 页数: a whole number ≥ 1 (`12.0` from a spreadsheet counts); None otherwise."""
    return V.parse_pages(raw)


class Pages(NamedTuple):
    start: int
    end: int | None  # None: only the first page is given (GB/T 9705 §4.4: 页号 of every item but the last)


_RANGE = re.compile(r"^(\d+)\s*(?:[-—–~～至到/]\s*(\d+))?$")


def parse_page_range(raw: object, end: object = "", count: object = "") -> Pages | None | str:
    """页号 `5`, `5-8` or `5～8` (with an optional 止页号 or 页数 for the end): Pages; None when blank; "bad"
    when it is no page number."""
    text = V.integer_text(V.clean(raw)).translate(_SEPARATORS)
    if not text:
        return None
    match = _RANGE.fullmatch(text)
    if match is None or not text.isascii():
        return "bad"
    start = int(match.group(1))
    stop = int(match.group(2)) if match.group(2) else None
    if stop is None:
        last = parse_number(end) if V.clean(end) else None
        pages = parse_number(count) if V.clean(count) else None
        stop = last if last is not None else (start + pages - 1 if pages is not None else None)
    if start < 1 or (stop is not None and stop < start):
        return "bad"
    return Pages(start, stop)


class Span(NamedTuple):
    low: int  # YYYYMMDD
    high: int


_DIGITS = re.compile(r"\d+")


def parse_span(raw: object, end: object = "") -> Span | None | str:
    """起止日期 `20050103-20051228`, `2005.01.03—2005.12.28`, `2005.01-2005.12`, `2005` (or a start and an end
    cell): the days it covers; None when blank; "bad" when it is not a date range."""
    text = V.clean(raw)
    if V.clean(end):
        text = f"{text}-{V.clean(end)}"
    if not text:
        return None
    if re.search(r"[A-Za-z]", text) or not text.isascii() and not re.fullmatch(r"[\d\s年月日至到—－~～\-./·]+", text):
        return "bad"
    groups = _DIGITS.findall(text)
    widths = [len(g) for g in groups]
    ends: list[tuple[int, int]] = []
    if widths in ([8], [8, 8]):
        ends = [_day(g[:4], g[4:6], g[6:]) for g in groups]
    elif widths in ([6], [6, 6]):
        ends = [_month(g[:4], g[4:]) for g in groups]
    elif widths in ([4], [4, 4]):
        ends = [(int(g) * 10000 + 101, int(g) * 10000 + 1231) for g in groups]
    elif len(groups) in (3, 6) and all(w == 4 for w in widths[::3]):
        ends = [_day(*groups[i:i + 3]) for i in range(0, len(groups), 3)]
    elif len(groups) in (2, 4) and all(w == 4 for w in widths[::2]):
        ends = [_month(*groups[i:i + 2]) for i in range(0, len(groups), 2)]
    if not ends or any(e is None for e in ends):
        return "bad"
    low, high = ends[0][0], ends[-1][1]
    return Span(low, high) if low <= high else "bad"


def _day(year: str, month: str, day: str) -> tuple[int, int] | None:
    text = V._ymd(int(year), int(month), int(day)) if len(year) == 4 else ""
    return (int(text), int(text)) if text else None


def _month(year: str, month: str) -> tuple[int, int] | None:
    if len(year) != 4 or not 1 <= int(month) <= 12:
        return None
    base = int(year) * 10000 + int(month) * 100
    return base + 1, base + 31


def item_day(raw: object) -> int | None:
    """A 卷内 document's 日期 as YYYYMMDD (any form `values.parse_date` reads), None if unreadable or blank."""
    date = V.parse_date(raw)
    return int(date.value) if date.value else None


#: retention terms ordered by length: a volume's term is that of its longest-kept document
TERM_RANK = {"Y": 3, "D30": 2, "C": 2, "D10": 1, "D": 1}


def term_rank(raw: object) -> int | None:
    """How long a 保管期限 keeps (3 永久 … 1 定期10年/短期), None when blank or not a term."""
    return TERM_RANK.get(V.parse_term(raw).code)


def show_span(low: int, high: int) -> str:
    return f"{low}–{high}" if low != high else str(low)


@dataclass(slots=True, eq=False)
class VolumeEntry:
    """What the 案卷目录 says of one volume, kept for the 卷内 rows to be checked against (per volume, not per row).
    Compared by identity: a volume is its entry in the register."""

    code: str
    scope: str
    number: int
    table: int  # which 案卷目录 table listed it (`Register.views`)
    line: int
    pages: int | None
    items: int | None
    span: Span | None
    term: int | None
    year: int | None


def split_snippet(text: str) -> list[tuple[str, str]]:
    """A rule's example as the files it stands for: `# 案卷目录` and `# 卷内文件目录` lines start each file's CSV."""
    files: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("# "):
            files.append((line[2:].strip(), []))
        elif files:
            files[-1][1].append(line)
    return [(name, "\n".join(lines) + "\n") for name, lines in files]
