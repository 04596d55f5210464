"""Pure parsers for catalogue cell values (DA/T 22—2015 §5.4–5.5), tolerant of Excel artefacts.

Every function takes the raw cell text and returns a verdict; none raises on any input, so the
rules can call them on hostile data. They are pure, so rules cache verdicts per distinct value.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from archcheck.catalog.blanks import CELL_BLANKS, CELL_WHITESPACE

# Full-width ASCII (U+FF01–U+FF5E) and the ideographic space, mapped to their ASCII forms.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20


def clean(value: object) -> str:
    """Undo what spreadsheets do to a cell: stray whitespace, a leading apostrophe, full-width digits."""
    if value is None:
        return ""
    text = str(value).strip(CELL_WHITESPACE)
    if text.startswith("'"):
        text = text[1:].strip(CELL_WHITESPACE)
        if not text.strip(CELL_BLANKS):
            return ""  # only apostrophes and spaces: a blank cell (catalog.blanks), as CAT003 sees it
    if not text.isascii():
        text = text.translate(_FULLWIDTH)
    return text


def integer_text(text: str) -> str:
    """`12.0` (a number that passed through a float) back to `12`; anything else unchanged."""
    if text.endswith(".0") and text[:-2].isdigit():
        return text[:-2]
    return text


# ---------------------------------------------------------------- 保管期限 (retention term)

TERM_CODES = ("Y", "D30", "D10")
TERM_YEARS = {"Y": None, "D30": 30, "D10": 10}
#: Labels a stamp or software may show instead of the code (DA/T 22—2015 §5.4.3 c, 归档章 简称).
TERM_LABELS = {
    "永久": "Y", "定期30年": "D30", "30年": "D30", "定期10年": "D10", "10年": "D10",
    "y": "Y", "d30": "D30", "d10": "D10", "30": "D30", "10": "D10",
}
#: Pre-2006 terms (永久/长期/短期 = Y/C/D), replaced by 国家档案局令第8号 (2006).
LEGACY_TERMS = {"长期": "C", "短期": "D", "C": "C", "D": "D", "c": "C", "d": "D"}


class Term(NamedTuple):
    code: str  # Y, D30, D10, a legacy C/D, or "" when invalid/empty
    kind: str  # ok | label | legacy | invalid | empty


def parse_term(raw: object) -> Term:
    text = clean(raw)
    if " " in text or "\u3000" in text:  # 定期 30 年: a stamp's spacing, not another term
        text = "".join(text.split())
    if not text:
        return Term("", "empty")
    if text in TERM_CODES:
        return Term(text, "ok")
    if text in TERM_LABELS:
        return Term(TERM_LABELS[text], "label")
    if text in LEGACY_TERMS:
        return Term(LEGACY_TERMS[text], "legacy")
    return Term("", "invalid")


# ---------------------------------------------------------------- 日期 (date)

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_DATE = re.compile(r"^([〇○零O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?$")
_SEP_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
#: A time of day after a date (2026-03-15 09:30, 2026/3/15 9:30:00): systems export date-times.
_TIME = re.compile(r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")
#: Excel stores dates as days since 1899-12-30; 1950–2100 covers any plausible catalogue date.
_SERIAL_MIN, _SERIAL_MAX = 18264, 73415


class Date(NamedTuple):
    value: str  # the 8-digit form when known (also a suggestion for non-conforming input)
    kind: str  # ok | empty | invalid (8 digits, no such day) | format (a date, wrong form) | serial | words


def _cn_number(text: str) -> int:
    """一 … 三十一 as an int; -1 for anything else (e.g. 十十)."""
    tens, sep, ones = text.partition("十")
    if not sep:
        return _CN_DIGITS.get(text, -1) if len(text) == 1 else -1
    high = 1 if not tens else _CN_DIGITS.get(tens, -99) if len(tens) == 1 else -99
    low = 0 if not ones else _CN_DIGITS.get(ones, -99) if len(ones) == 1 else -99
    number = high * 10 + low
    return number if number > 0 else -1


def _ymd(year: int, month: int, day: int) -> str:
    """YYYYMMDD of a real calendar day, "" for any other (formatted without `strftime`, which costs
    more than the check itself; years below 1000 keep strftime's unpadded form)."""
    try:
        real = dt.date(year, month, day)
    except ValueError:
        return ""
    return f"{year}{month:02d}{day:02d}" if year >= 1000 else real.strftime("%Y%m%d")


def parse_date(raw: object) -> Date:
    """The DA/T 22 §5.5.2 date is 8 digits YYYYMMDD and a real calendar day."""
    text = clean(raw)
    if not text:
        return Date("", "empty")
    text = integer_text(text)
    if len(text) == 8 and text.isdigit():
        ok = _ymd(int(text[:4]), int(text[4:6]), int(text[6:]))
        return Date(text, "ok") if ok else Date("", "invalid")
    if text.isdigit() and len(text) == 5 and _SERIAL_MIN <= int(text) <= _SERIAL_MAX:
        day = dt.date(1899, 12, 30) + dt.timedelta(days=int(text))
        return Date(day.strftime("%Y%m%d"), "serial")
    match = _SEP_DATE.match(_TIME.sub("", text))
    if match:
        return Date(_ymd(*map(int, match.groups())), "format")
    match = _CN_DATE.match(text)
    if match:
        year = int("".join(str(_CN_DIGITS[c]) for c in match.group(1)))
        month = _cn_number(match.group(2))
        day = _cn_number(match.group(3)) if match.group(3) else -1
        return Date(_ymd(year, month, day) if day > 0 else "", "words")
    if text.isdigit() or re.match(r"^[\d\s./\-:年月日T]+$", text):
        return Date("", "format")
    return Date("", "words")


# ---------------------------------------------------------------- 页数 / 件号 / 年度


def parse_pages(raw: object) -> int | None:
    """页数: a positive integer (`12.0` from a spreadsheet counts as 12); None otherwise."""
    text = integer_text(clean(raw))
    if text.isdigit() and text.isascii():
        number = int(text)
        return number if number >= 1 else None
    return None


class Item(NamedTuple):
    number: int  # -1 when not a number
    kind: str  # ok (4 digits) | unpadded (digits, other width) | invalid | empty


def parse_item(raw: object) -> Item:
    """件号 (DA/T 22 §5.4.3 e): four Arabic digits, zero-padded, e.g. 0026."""
    text = integer_text(clean(raw))
    if not text:
        return Item(-1, "empty")
    if text.isdigit() and text.isascii():
        number = int(text)
        if number == 0:
            return Item(-1, "zero")  # 件号 count from 0001 in each group
        return Item(number, "ok" if len(text) == 4 else "unpadded")
    return Item(-1, "invalid")


#: the earliest 年度 a catalogue row can plausibly carry: an archive room's holdings start in the 20th
#: century, so an earlier four-digit 年度 (0001, 1019) is a typing error (CAT024), not a year to count
FIRST_YEAR = 1900


def parse_year(raw: object) -> int | None:
    """年度: four digits, never abbreviated."""
    text = integer_text(clean(raw))
    if len(text) == 4 and text.isdigit() and text.isascii():
        return int(text)
    return None


# ---------------------------------------------------------------- 档号 (reference code)

#: The exact DA/T 22—2015 §5.4.2 form, e.g. Z109-WS·2011-Y-BGS-0001 (机构 segment optional).
DH_STRICT = re.compile(
    r"(?P<fonds>[A-Z0-9]{4})-(?P<cat>[A-Z]{2})·(?P<year>\d{4})-(?P<term>Y|D30|D10)"
    r"(?:-(?P<org>[A-Za-z0-9\u4e00-\u9fff]+))?-(?P<item>\d{4})"
)
#: What people actually write: any separator before the year, missing 全宗号, legacy terms, any width.
_DH_LOOSE = re.compile(
    r"(?:(?P<fonds>[A-Za-z0-9]+)-)?(?P<cat>[A-Za-z]{2})(?P<sep>[·.・•\-])(?P<year>\d{4})-(?P<term>[A-Za-z0-9\u4e00-\u9fff]+?)"
    r"(?:-(?P<org>[A-Za-z0-9\u4e00-\u9fff]+))?-(?P<item>\d+)"
)
#: DA/T 13—2022 按件 form: 全宗号-类别号-件号 with `·` inside the 类别号, e.g. A439-WS·2015·D30·003-005.
_DH_DAT13 = re.compile(
    r"(?:(?P<fonds>[A-Za-z0-9]+)-)?(?P<cat>[A-Za-z]{2})·(?P<year>\d{4})·(?P<term>[A-Za-z0-9\u4e00-\u9fff]+?)"
    r"(?:·(?P<org>[A-Za-z0-9\u4e00-\u9fff]+))?-(?P<item>\d+)"
)
_DOTS = str.maketrans({".": "·", "・": "·", "•": "·", "．": "·", "‧": "·", "∙": "·"})


class RefCode(NamedTuple):
    """A parsed 档号. `problems` lists what keeps it from the exact §5.4.2 form (empty = conforming)."""

    fonds: str
    category: str
    year: int
    term: str
    org: str
    item: int
    item_text: str
    form: str  # dat22 | dat13
    problems: tuple[str, ...]  # separator | fonds_missing | fonds_width | term | term_legacy | item_width | case
    key: str  # normalised: compares equal for the same item whatever separators were used


def normalise_ref(raw: object) -> str:
    """Compare form of a 档号: no whitespace, every dot-like separator turned into `·`."""
    return "".join(clean(raw).split()).translate(_DOTS)


def parse_ref(raw: object, allow_dat13: bool = False) -> RefCode | None:
    """Parse a 档号; None when it is not a 档号 at all (then DA/T 22 §5.4.2 is not met)."""
    text = "".join(clean(raw).split())
    match = DH_STRICT.fullmatch(text)
    if match:
        g = match.groupdict()
        return RefCode(g["fonds"], g["cat"], int(g["year"]), g["term"], g["org"] or "", int(g["item"]),
                       g["item"], "dat22", (), text)
    problems: list[str] = []
    match = _DH_LOOSE.fullmatch(text)
    form = "dat22"
    if match is None:
        match = _DH_DAT13.fullmatch(text)
        form = "dat13"
        if match is None:
            return None
        if not allow_dat13:
            problems.append("dat13")
    g = match.groupdict()
    if form == "dat22" and g["sep"] != "·":
        problems.append("separator")
    fonds = g["fonds"] or ""
    if not fonds:
        problems.append("fonds_missing")
    elif len(fonds) != 4:
        problems.append("fonds_width")
    if not (g["cat"].isupper() and fonds == fonds.upper()):
        problems.append("case")
    term = g["term"]
    parsed_term = parse_term(term)
    if parsed_term.kind == "legacy":
        problems.append("term_legacy")
    elif parsed_term.kind != "ok":
        problems.append("term")
    if form == "dat22" and len(g["item"]) != 4:
        problems.append("item_width")
    code = parsed_term.code or term
    key = "-".join(filter(None, [fonds.upper(), f"{g['cat'].upper()}·{g['year']}", code, g["org"] or "",
                                 f"{int(g['item']):04d}"]))
    return RefCode(fonds.upper(), g["cat"].upper(), int(g["year"]), code, g["org"] or "", int(g["item"]),
                   g["item"], form, tuple(problems), key)
