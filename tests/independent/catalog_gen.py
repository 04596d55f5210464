"""Independent generator of 归档文件目录 exports (DA/T 22—2015) with injected defects and ground truth.

Written from the standard and from the shapes real archive systems export, NOT from archcheck's code:
this module must never import archcheck (pure Python + openpyxl), so its verdicts are a second opinion.

    clean = generate(seed=1)                       # rows in 档号 order, 件号 0001… per group
    case = inject(clean, ["bad_date", "item_gap"])  # one defect per named kind, each the only one of its row
    out = write(case, "x.csv", fmt="csv", header="pinyin", encoding="gb18030")
    out.truth -> [{"kind", "line", "column", "detail", ...}]

Line numbers are physical: CSV counts title rows and the header line (header = line 1 without title rows);
JSON Lines counts one object per line (first object = line 1); a JSON array or {"items": […]} document
puts each object on its own line (first object = line 2); XLSX uses the sheet row. See README.md here.

Run as a script to write one file and its `<file>.truth.json`:
    python tests/independent/catalog_gen.py out.csv --seed 3 --header pinyin --encoding gb18030
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime as dt
import io
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

# Field keys, in DA/T 22—2015 §5.5.2 order followed by the classification columns (归档章 items, §5.4.5).
KEYS = ("seq", "ref", "docno", "resp", "title", "date", "secrecy", "pages", "note",
        "fonds", "year", "term", "org", "item")

# Header styles: key -> header text, in column order. A key missing from a style is not exported.
HEADER_STYLES: dict[str, dict[str, str]] = {
    # DA/T 22—2015 §5.5.2 names plus the classification items (机构（问题） with full-width brackets).
    "dat22": {"seq": "序号", "ref": "档号", "docno": "文号", "resp": "责任者", "title": "题名", "date": "日期",
              "secrecy": "密级", "pages": "页数", "note": "备注", "fonds": "全宗号", "year": "年度",
              "term": "保管期限", "org": "机构（问题）", "item": "件号"},
    # Synonyms that docs/catalog.md says are recognised (档案号, 文件题名, 成文日期, 期限).
    "synonym": {"seq": "序号", "ref": "档案号", "docno": "文号", "resp": "责任者", "title": "文件题名",
                "date": "成文日期", "secrecy": "密级", "pages": "页数", "note": "备注", "fonds": "全宗号",
                "year": "年度", "term": "期限", "org": "机构(问题)", "item": "件号"},
    # Names real systems use that issue 11 says are not synonyms yet (全宗代码, 责任机构, 文件日期).
    "synonym_issue": {"seq": "序号", "ref": "档号", "docno": "文号", "resp": "责任机构", "title": "题名",
                      "date": "文件日期", "secrecy": "密级", "pages": "页数", "note": "备注",
                      "fonds": "全宗代码", "year": "年度", "term": "保管期限", "org": "机构", "item": "件号"},
    # Pinyin abbreviations of archive-system tables (dh tm zrz wh rq ys bgqx mj jgwt jh qzh nd bz); no 序号.
    "pinyin": {"ref": "dh", "title": "tm", "resp": "zrz", "docno": "wh", "date": "rq", "pages": "ys",
               "term": "bgqx", "secrecy": "mj", "org": "jgwt", "item": "jh", "fonds": "qzh", "year": "nd",
               "note": "bz"},
}
HEADER_STYLES["pinyin_upper"] = {k: v.upper() for k, v in HEADER_STYLES["pinyin"].items()}

FORMATS = ("csv", "jsonl", "json", "jsondoc", "xlsx")
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")

# (code, name) of departments; codes as in the DA/T 22 example (BGS = 办公室).
ORGS = (("BGS", "办公室"), ("CWK", "财务科"), ("RSK", "人事科"), ("YWK", "业务科"), ("FGK", "法规科"),
        ("ZHK", "综合科"), ("JCS", "监察室"), ("XXK", "信息科"), ("GHK", "规划科"), ("AQK", "安全科"),
        ("XCK", "宣传科"), ("ZZK", "组织科"))
TERMS = ("Y", "D30", "D10")            # DA/T 22—2015 §5.4.3 c)
CLASS_KEYS = ("fonds", "year", "term", "org", "item")  # the 档号's own fields (merged-header group)

_SUBJECTS = ("年度工作计划", "年度工作总结", "预算执行情况", "安全生产检查", "档案工作目标管理", "干部培训",
             "政务公开", "固定资产清查", "节能减排", "信访工作", "防汛抗旱", "重点项目推进", "绩效考核",
             "保密工作检查", "内部审计", "人员招聘", "办公用房调整", "专项资金使用", "消防安全演练")
_FORMS = ("通知", "报告", "请示", "批复", "函", "会议纪要", "实施方案", "意见", "总结", "决定")
_ISSUERS = ("某某市人民政府办公室", "某某市财政局", "某某市档案局", "某某市人力资源和社会保障局", "本局", "本局办公室")
_DOC_PREFIX = ("某政办发", "某财预", "某档发", "某人社发", "某局发", "某局函")

# Values outside the 密级 vocabulary (typos of 绝密/机密/秘密 that real documents carry).
BAD_SECRECY = ("绝秘", "机秘", "秘级", "保密", "机要")
BAD_PAGES = ("0", "-1", "abc")
_BAD_DAY = ("0230", "0231", "0431", "0631", "0931", "1131")
_ZH_DIGIT = "〇一二三四五六七八九"


@dataclass
class Row:
    """One physical data line: a record (values by key) or a blank `,,,,` row."""

    values: dict[str, str]
    group: tuple[str, str, str, str] | None       # (全宗号, 年度, 保管期限, 机构 code) by the COLUMNS' evidence
    blank: bool = False


@dataclass
class Catalogue:
    """Rows in order plus what the writer needs to know."""

    rows: list[Row]
    fonds: str
    years: tuple[int, ...]
    org_names: bool
    orgs: dict[str, str]                          # code -> name
    defects: list[dict[str, Any]] = field(default_factory=list)   # {"kind", "row": Row, "key", "detail", ...}


@dataclass
class Written:
    """A written export: its ground truth and the physical line of every row."""

    path: Path
    truth: list[dict[str, Any]]
    record_lines: dict[int, tuple | None]         # line -> group key (columns' evidence)
    blank_lines: list[int]
    header_lines: list[int]
    headers: dict[str, str]                       # key -> header text
    sheet: str | None


# ---------------------------------------------------------------- clean catalogue

def ref_of(fonds: str, year: int | str, term: str, org: str, item: int | str, sep: str = "·") -> str:
    """档号 per DA/T 22—2015 §5.4.2: 全宗号-门类代码·年度-保管期限-机构代码-件号."""
    item = item if isinstance(item, str) else f"{item:04d}"
    return f"{fonds}-WS{sep}{year}-{term}-{org}-{item}"


def _dates(rng: random.Random, year: int, n: int) -> list[str]:
    """n dates of one year, in time order (§5.3.1: arranged by time within the lowest category)."""
    start = dt.date(year, 1, 2).toordinal()
    end = dt.date(year, 12, 28).toordinal()
    days = sorted(rng.randint(start, end) for _ in range(n))
    return [dt.date.fromordinal(d).strftime("%Y%m%d") for d in days]


def generate(seed: int = 1, *, fonds: str = "Z109", years: Iterable[int] = (2016, 2017, 2018, 2019),
             n_orgs: int = 5, terms: Sequence[str] = TERMS, items: tuple[int, int] = (4, 12),
             org_names: bool = False) -> Catalogue:
    """A clean catalogue: every group 年度×保管期限×机构 numbered 0001… without gaps, rows in 档号 order.

    Years from 2016 on and an as-of date of 2026-12-01 keep every item inside its term (no appraisal due).
    """
    rng = random.Random(seed)
    years = tuple(years)
    orgs = dict(ORGS[:n_orgs])
    rows: list[Row] = []
    for year in years:
        for term in terms:
            for code, name in orgs.items():
                n = rng.randint(*items)
                for i, date in enumerate(_dates(rng, year, n), start=1):
                    rows.append(Row(_record(rng, fonds, year, term, code, name if org_names else code, i, date),
                                    (fonds, str(year), term, code)))
    cat = Catalogue(rows, fonds, years, org_names, orgs)
    renumber(cat)
    return cat


def _record(rng: random.Random, fonds: str, year: int, term: str, code: str, org_value: str, item: int,
            date: str) -> dict[str, str]:
    issuer = rng.choice(_ISSUERS)
    has_no = rng.random() < 0.7
    secrecy = rng.choices(("", "秘密", "机密"), weights=(90, 7, 3))[0]
    return {
        "seq": "", "ref": ref_of(fonds, year, term, code, item),
        "docno": f"{rng.choice(_DOC_PREFIX)}〔{year}〕{rng.randint(1, 150)}号" if has_no else "",
        "resp": issuer, "title": f"关于{rng.choice(_SUBJECTS)}的{rng.choice(_FORMS)}", "date": date,
        "secrecy": secrecy, "pages": str(rng.randint(1, 40)), "note": "",
        "fonds": fonds, "year": str(year), "term": term, "org": org_value, "item": f"{item:04d}",
    }


def renumber(cat: Catalogue) -> None:
    """序号 = position among the records (blank rows are not records)."""
    n = 0
    for row in cat.rows:
        if not row.blank:
            n += 1
            row.values["seq"] = str(n)


# ---------------------------------------------------------------- defect injection

KINDS = ("ref_fonds_mismatch", "ref_year_mismatch", "ref_org_mismatch", "ref_term_mismatch", "duplicate_ref",
         "item_gap", "item_not_padded", "item_zero", "bad_date", "date_words", "date_with_time",
         "date_outside_year", "blank_title", "blank_responsible", "bad_pages", "bad_term", "legacy_term_new",
         "bad_separator", "out_of_order", "bad_secrecy", "blank_row", "malformed_ref")

# The column (field key) a kind's finding belongs to; None: no column (a blank row).
KIND_KEY = {"ref_fonds_mismatch": "ref", "ref_year_mismatch": "ref", "ref_org_mismatch": "ref",
            "ref_term_mismatch": "ref", "duplicate_ref": "ref", "item_gap": "item", "item_not_padded": "item",
            "item_zero": "item", "bad_date": "date", "date_words": "date", "date_with_time": "date",
            "date_outside_year": "date", "blank_title": "title", "blank_responsible": "resp",
            "bad_pages": "pages", "bad_term": "term", "legacy_term_new": "term", "bad_separator": "ref",
            "out_of_order": "ref", "bad_secrecy": "secrecy", "blank_row": None, "malformed_ref": "ref"}


class _Injector:
    """Applies one defect per call; each defect takes a group of its own, so no two interact."""

    def __init__(self, cat: Catalogue, rng: random.Random):
        self.cat, self.rng = cat, rng
        self.used: set[tuple] = set()
        self.count: dict[str, int] = {}

    # -- helpers
    def groups(self) -> dict[tuple, list[int]]:
        out: dict[tuple, list[int]] = {}
        for i, row in enumerate(self.cat.rows):
            if not row.blank:
                out.setdefault(row.group, []).append(i)
        return out

    def refs(self) -> set[str]:
        return {r.values["ref"] for r in self.cat.rows if not r.blank}

    def free(self, min_size: int = 1) -> list[tuple]:
        keys = [g for g, idx in self.groups().items() if g not in self.used and len(idx) >= min_size]
        self.rng.shuffle(keys)
        if not keys:
            raise ValueError("not enough untouched groups for another defect: generate more groups")
        return keys

    def take(self, min_size: int = 1) -> tuple[tuple, list[int]]:
        g = self.free(min_size)[0]
        self.used.add(g)
        return g, self.groups()[g]

    def record(self, kind: str, row: Row, detail: str, **extra: Any) -> None:
        self.cat.defects.append({"kind": kind, "row": row, "key": KIND_KEY[kind], "detail": detail, **extra})

    def variant(self, kind: str, options: Sequence[str]) -> str:
        n = self.count.get(kind, 0)
        return options[n % len(options)]

    def new_group_position(self, year: str) -> int:
        """Index after the last record of `year` (between groups), or before the first later year."""
        last = None
        for i, row in enumerate(self.cat.rows):
            if not row.blank and row.group[1] <= year:
                last = i
        return 0 if last is None else last + 1

    # -- kinds
    def ref_field_mismatch(self, kind: str, part: str) -> None:
        """Change one field inside the 档号 only, to a value that makes no other 档号 (no accidental duplicate)."""
        cat, existing = self.cat, self.refs()
        for g in self.free():
            idx = self.groups()[g]
            order = idx[:]
            self.rng.shuffle(order)
            for i in order:
                v = cat.rows[i].values
                fonds, year, term, code = g
                if part == "fonds":
                    choices = [f"{fonds[0]}{(int(fonds[1:]) + d) % 1000:03d}" for d in (1, -1, 10)]
                elif part == "year":                       # a neighbouring year of the file first
                    choices = sorted((str(int(year) + d) for d in (-1, 1)),
                                     key=lambda y: int(y) not in cat.years)
                elif part == "org":
                    choices = [c for c in cat.orgs if c != code]
                    self.rng.shuffle(choices)
                else:
                    choices = [t for t in TERMS if t != term]
                    self.rng.shuffle(choices)
                for c in choices:
                    parts = dict(fonds=fonds, year=year, term=term, org=code)
                    parts[part] = c
                    target = (parts["fonds"], parts["year"], parts["term"], parts["org"])
                    new = ref_of(*target, v["item"])
                    # the group the 档号 points into must carry no other defect (or not exist)
                    if new not in existing and target not in self.used:
                        old = v["ref"]
                        v["ref"] = new
                        self.used.update((g, target))
                        col = {"fonds": "全宗号", "year": "年度", "term": "保管期限", "org": "机构"}[part]
                        self.record(kind, cat.rows[i], f"档号 {new} says {col} {c}, the {col} column says "
                                    f"{v[part]} (was {old})", groups=[target])
                        return
        raise ValueError(f"no row can take {kind} without creating a duplicate 档号")

    def duplicate_ref(self) -> None:
        g, idx = self.take(min_size=2)
        k = self.rng.randrange(len(idx))
        orig = self.cat.rows[idx[k]]
        pos = idx[k] + 1 + self.rng.randint(0, len(idx) - 1 - k)   # after the original, inside its group
        dup = Row(copy.deepcopy(orig.values), orig.group)
        self.cat.rows.insert(pos, dup)
        self.record("duplicate_ref", dup, f"档号 {orig.values['ref']} repeated (copy of the row at 序号 "
                    f"{orig.values['seq']})")

    def item_gap(self) -> None:
        g, idx = self.take(min_size=3)
        k = self.rng.randint(1, len(idx) - 2)                      # a middle row: the gap is inside the group
        gone = self.cat.rows.pop(idx[k])
        nxt = self.cat.rows[idx[k]]                                # the following row now sits there
        self.record("item_gap", nxt, f"件号 {gone.values['item']} missing before {nxt.values['item']} "
                    f"(row removed)", missing=gone.values["item"])

    def item_not_padded(self) -> None:
        g, idx = self.take()
        row = self.cat.rows[self.rng.choice(idx)]
        old = row.values["item"]
        row.values["item"] = str(int(old))
        self.record("item_not_padded", row, f"件号 {row.values['item']} instead of {old} (档号 keeps {old})")

    def item_zero(self) -> None:
        """The whole group numbered from 0000: the only wrong 件号 is the first (the rest run on without gaps)."""
        g, idx = self.take()
        fonds, year, term, code = g
        for i in idx:
            v = self.cat.rows[i].values
            n = int(v["item"]) - 1
            v["item"] = f"{n:04d}"
            v["ref"] = ref_of(fonds, year, term, code, n)
        self.record("item_zero", self.cat.rows[idx[0]], "件号 0000: numbering starts at 0000 instead of 0001")

    def _one_row(self) -> Row:
        g, idx = self.take()
        return self.cat.rows[self.rng.choice(idx)]

    def bad_date(self) -> None:
        row = self._one_row()
        old = row.values["date"]
        row.values["date"] = old[:4] + self.variant("bad_date", _BAD_DAY)
        self.record("bad_date", row, f"日期 {row.values['date']} is not a calendar day (was {old})")

    def date_words(self) -> None:
        row = self._one_row()
        old = row.values["date"]
        row.values["date"] = date_in_words(old)
        self.record("date_words", row, f"日期 {row.values['date']} in words", suggestion=old)

    def date_with_time(self) -> None:
        row = self._one_row()
        old = row.values["date"]
        row.values["date"] = (f"{old[:4]}-{old[4:6]}-{old[6:]} "
                              f"{self.rng.randint(8, 17):02d}:{self.rng.choice((0, 15, 30, 45)):02d}")
        self.record("date_with_time", row, f"日期 {row.values['date']} carries a time", suggestion=old)

    def date_outside_year(self) -> None:
        row = self._one_row()
        y = int(row.values["year"])
        old = row.values["date"]
        row.values["date"] = self.rng.choice((f"{y - 1}12{self.rng.randint(20, 31)}", f"{y + 1}01{self.rng.randint(2, 9):02d}"))
        self.record("date_outside_year", row, f"日期 {row.values['date']} outside 年度 {y} (was {old})")

    def blank(self, kind: str, key: str) -> None:
        row = self._one_row()
        old = row.values[key]
        row.values[key] = ""
        self.record(kind, row, f"{HEADER_STYLES['dat22'][key]} left blank (was {old})")

    def bad_pages(self) -> None:
        row = self._one_row()
        old = row.values["pages"]
        row.values["pages"] = self.variant("bad_pages", BAD_PAGES)
        self.record("bad_pages", row, f"页数 {row.values['pages']} (was {old})")

    def single_item_group(self, kind: str, year: int, term_column: str, term_code: str, detail: str) -> None:
        """A new group of one item (件号 0001) whose 保管期限 column and 档号 agree on the defective term."""
        cat = self.cat
        taken = self.groups()
        codes = [c for c in cat.orgs if (cat.fonds, str(year), term_column, c) not in taken]
        if not codes:
            raise ValueError(f"every 机构 already has a {term_column} group in {year}")
        code = self.rng.choice(codes)
        date = _dates(self.rng, year, 1)[0]
        v = _record(self.rng, cat.fonds, year, term_code, code, cat.orgs[code] if cat.org_names else code, 1, date)
        v["term"] = term_column
        g = (cat.fonds, str(year), term_column, code)
        row = Row(v, g)
        cat.rows.insert(self.new_group_position(str(year)), row)
        self.used.add(g)
        self.record(kind, row, detail)

    def bad_term(self) -> None:
        year = self.rng.choice(self.cat.years)
        self.single_item_group("bad_term", year, "D20", "D20", "保管期限 D20 is not Y/D30/D10 (own group of one item)")

    def legacy_term_new(self) -> None:
        years = self.cat.years          # the year before the file's first (a single-year file: that year)
        year = min(years) - 1 if len(years) > 1 and min(years) > 2006 else min(years)
        self.single_item_group("legacy_term_new", year, "长期", "C",
                               f"保管期限 长期 (档号 code C) on a {year} item; 长期 was abolished in 2006")

    def bad_separator(self) -> None:
        row = self._one_row()
        old = row.values["ref"]
        row.values["ref"] = old.replace("WS·", "WS.")
        self.record("bad_separator", row, f"档号 {row.values['ref']} uses '.' for '·'")

    def out_of_order(self) -> None:
        g, idx = self.take(min_size=2)
        k = self.rng.randrange(len(idx) - 1)
        a, b = idx[k], idx[k + 1]
        rows = self.cat.rows
        rows[a], rows[b] = rows[b], rows[a]
        late = rows[b]                                             # the smaller 件号, now after the larger
        self.record("out_of_order", late, f"件号 {late.values['item']} after {rows[a].values['item']} "
                    "(two adjacent rows swapped)", partner=rows[a])

    def bad_secrecy(self) -> None:
        row = self._one_row()
        old = row.values["secrecy"]
        row.values["secrecy"] = self.variant("bad_secrecy", BAD_SECRECY)
        self.record("bad_secrecy", row, f"密级 {row.values['secrecy']} is not 绝密/机密/秘密 (was '{old}')")

    def blank_row(self) -> None:
        """Between two records of groups that carry no defect (inside a group or between two)."""
        rows = self.cat.rows
        spots = [p for p in range(1, len(rows)) if not rows[p - 1].blank and not rows[p].blank
                 and rows[p - 1].group not in self.used and rows[p].group not in self.used]
        if not spots:
            raise ValueError("no room for another blank row between untouched groups")
        pos = self.rng.choice(spots)
        near = [rows[pos - 1].group, rows[pos].group]
        self.used.update(near)
        row = Row({k: "" for k in KEYS}, None, blank=True)
        rows.insert(pos, row)
        self.record("blank_row", row, "an empty ',,,,' row: not a record, must be skipped",
                    groups=sorted(set(near)))

    def malformed_ref(self) -> None:
        row = self._one_row()
        v = row.values
        old = v["ref"]
        forms = (f"{v['fonds']}WS{v['year']}{v['term']}{old.rsplit('-', 2)[1]}{v['item']}",
                 old[:-2] + "O" + old[-1],
                 old.rsplit("-", 1)[0])
        v["ref"] = self.variant("malformed_ref", forms)
        self.record("malformed_ref", row, f"档号 {v['ref']} has no DA/T 22 structure (was {old})")

    def apply(self, kind: str) -> None:
        simple = {"ref_fonds_mismatch": lambda: self.ref_field_mismatch(kind, "fonds"),
                  "ref_year_mismatch": lambda: self.ref_field_mismatch(kind, "year"),
                  "ref_org_mismatch": lambda: self.ref_field_mismatch(kind, "org"),
                  "ref_term_mismatch": lambda: self.ref_field_mismatch(kind, "term"),
                  "blank_title": lambda: self.blank(kind, "title"),
                  "blank_responsible": lambda: self.blank(kind, "resp")}
        fn = simple.get(kind) or getattr(self, kind, None)
        if fn is None or kind not in KINDS:
            raise ValueError(f"unknown defect kind {kind!r}; known: {', '.join(KINDS)}")
        fn()
        self.count[kind] = self.count.get(kind, 0) + 1


def inject(clean: Catalogue, kinds: Iterable[str], seed: int = 0) -> Catalogue:
    """A copy of `clean` with one defect per entry of `kinds` (a kind may repeat), 序号 renumbered after.

    item_zero runs first and blank rows last, so no defect moves another one's evidence.
    """
    cat = copy.deepcopy(clean)
    cat.defects = []
    inj = _Injector(cat, random.Random(f"inject-{seed}"))
    kinds = list(kinds)
    order = sorted(kinds, key=lambda k: (k != "item_zero", k == "blank_row"))
    for kind in order:
        inj.apply(kind)
    renumber(cat)
    return cat


def date_in_words(yyyymmdd: str) -> str:
    """20190305 -> 二〇一九年三月五日."""
    def num(n: int) -> str:
        if n < 10:
            return _ZH_DIGIT[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _ZH_DIGIT[tens]) + "十" + (_ZH_DIGIT[ones] if ones else "")
    y, m, d = yyyymmdd[:4], int(yyyymmdd[4:6]), int(yyyymmdd[6:])
    return "".join(_ZH_DIGIT[int(c)] for c in y) + f"年{num(m)}月{num(d)}日"


# ---------------------------------------------------------------- writing

_NUMERIC = ("seq", "year", "pages")


def _typed(key: str, value: str) -> Any:
    """Spreadsheets and databases store 序号/年度/页数 as numbers; 件号 and 日期 stay text."""
    if key in _NUMERIC and re.fullmatch(r"-?\d+", value):
        return int(value)
    return value


def write(cat: Catalogue, path: str | Path, *, fmt: str = "csv", header: str = "dat22", encoding: str = "utf-8",
          title_rows: int = 0, merged_header: bool = False, sheet: str = "归档文件目录",
          newline: str = "\r\n") -> Written:
    """Write the catalogue and return its ground truth with physical lines."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} not in {FORMATS}")
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding {encoding!r} not in {ENCODINGS}")
    style = HEADER_STYLES[header]
    keys = [k for k in style]
    headers = dict(style)
    path = Path(path)
    lines: list[int] = []                                  # physical line of each row, in order
    header_lines: list[int] = []
    years = sorted({int(r.values["year"]) for r in cat.rows if not r.blank and r.values["year"].isdigit()})
    title = f"某某市某某局{_years_label(years)}归档文件目录"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator=newline)
        n = 0
        for t in range(title_rows):
            w.writerow([title if t == 0 else f"全宗号：{cat.fonds}", *[""] * (len(keys) - 1)])
            n += 1
        w.writerow([style[k] for k in keys])
        n += 1
        header_lines.append(n)
        for row in cat.rows:
            w.writerow([row.values[k] for k in keys])
            n += 1
            lines.append(n)
        path.write_bytes(buf.getvalue().encode(encoding))
    elif fmt == "jsonl":
        out = []
        for i, row in enumerate(cat.rows, start=1):
            out.append(json.dumps({style[k]: _typed(k, row.values[k]) if not row.blank else ""
                                   for k in keys}, ensure_ascii=False))
            lines.append(i)
        path.write_bytes(("\n".join(out) + "\n").encode(encoding))
    elif fmt in ("json", "jsondoc"):
        objs = [json.dumps({style[k]: _typed(k, row.values[k]) if not row.blank else "" for k in keys},
                           ensure_ascii=False) for row in cat.rows]
        if fmt == "json":
            head, tail = "[", "]"
        else:
            meta: dict[str, Any] = {"fonds": cat.fonds}
            if len(years) == 1:
                meta["year"] = years[0]
            else:
                meta["years"] = years
            head = json.dumps(meta, ensure_ascii=False)[:-1] + ', "items": ['
            tail = "]}"
        body = ",\n".join(objs)
        lines = list(range(2, 2 + len(cat.rows)))
        path.write_bytes((head + "\n" + body + "\n" + tail + "\n").encode(encoding))
    else:
        header_lines = _write_xlsx(cat, path, keys, style, title, title_rows, merged_header, sheet, lines)
    truth, record_lines, blank_lines = [], {}, []
    line_of = {id(row): line for row, line in zip(cat.rows, lines)}
    for row, line in zip(cat.rows, lines):
        if row.blank:
            blank_lines.append(line)
        else:
            record_lines[line] = row.group
    for d in cat.defects:
        key = d["key"]
        entry = {"kind": d["kind"], "line": line_of[id(d["row"])],
                 "column": style.get(key) if key else None, "detail": d["detail"],
                 "group": "/".join(d["row"].group) if d["row"].group else None}
        if fmt == "xlsx":
            entry["sheet"] = sheet
        if "suggestion" in d:
            entry["suggestion"] = d["suggestion"]
        if "partner" in d:
            entry["partner_line"] = line_of[id(d["partner"])]
        if "groups" in d:                                   # other groups the defect can disturb
            entry["other_groups"] = ["/".join(g) for g in d["groups"]]
        truth.append(entry)
    truth.sort(key=lambda e: e["line"])
    return Written(path, truth, record_lines, blank_lines, header_lines, headers,
                   sheet if fmt == "xlsx" else None)


def _years_label(years: Sequence[int]) -> str:
    return f"{years[0]}年" if len(years) == 1 else f"{years[0]}—{years[-1]}年"


def _write_xlsx(cat: Catalogue, path: Path, keys: list[str], style: dict[str, str], title: str, title_rows: int,
                merged_header: bool, sheet: str, lines: list[int]) -> list[int]:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ncol = len(keys)
    r = 0
    for t in range(title_rows):
        r += 1
        if t == 0:
            ws.cell(row=r, column=1, value=title).font = Font(bold=True, size=16)
            ws.cell(row=r, column=1).alignment = Alignment(horizontal="center")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
        # further title rows stay empty: the blank row Excel users leave under the title
    header_lines = []
    if merged_header:
        cols = [i for i, k in enumerate(keys) if k in CLASS_KEYS]
        if cols != list(range(cols[0], cols[0] + len(cols))):
            raise ValueError("merged header needs the 档号 fields in adjacent columns (a Chinese header style)")
        top, low = r + 1, r + 2
        for i, k in enumerate(keys, start=1):
            if k in CLASS_KEYS:
                ws.cell(row=low, column=i, value=style[k])
            else:
                ws.cell(row=top, column=i, value=style[k])
                ws.merge_cells(start_row=top, start_column=i, end_row=low, end_column=i)
        ws.cell(row=top, column=cols[0] + 1, value="档号组成")
        ws.merge_cells(start_row=top, start_column=cols[0] + 1, end_row=top, end_column=cols[-1] + 1)
        header_lines = [top, low]
        r = low
    else:
        r += 1
        for i, k in enumerate(keys, start=1):
            ws.cell(row=r, column=i, value=style[k])
        header_lines = [r]
    for row in cat.rows:
        r += 1
        lines.append(r)
        if row.blank:
            continue
        for i, k in enumerate(keys, start=1):
            value = _typed(k, row.values[k])
            if value != "":
                ws.cell(row=r, column=i, value=value)
    wb.save(path)
    return header_lines


def write_truth(written: Written) -> Path:
    out = written.path.with_name(written.path.name + ".truth.json")
    out.write_text(json.dumps(written.truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def make(path: str | Path, *, seed: int = 1, kinds: Iterable[str] | None = None, count: int = 1,
         years: Iterable[int] = (2016, 2017, 2018, 2019), n_orgs: int = 5, org_names: bool = False,
         **write_opts: Any) -> Written:
    """generate + inject (each kind `count` times; default every kind) + write, in one call."""
    clean = generate(seed, years=years, n_orgs=n_orgs, org_names=org_names)
    kinds = list(KINDS if kinds is None else kinds) * count
    return write(inject(clean, kinds, seed), path, **write_opts)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--format", dest="fmt", choices=FORMATS, default=None, help="default: from the suffix")
    p.add_argument("--header", choices=sorted(HEADER_STYLES), default="dat22")
    p.add_argument("--encoding", choices=ENCODINGS, default="utf-8")
    p.add_argument("--title-rows", type=int, default=0)
    p.add_argument("--merged-header", action="store_true")
    p.add_argument("--org-names", action="store_true", help="机构 column holds names, 档号 codes")
    p.add_argument("--kinds", default="all", help="comma-separated kinds, 'all' or 'none' (clean)")
    p.add_argument("--count", type=int, default=1, help="defects per kind")
    p.add_argument("--years", default="2016-2019")
    p.add_argument("--orgs", type=int, default=5)
    a = p.parse_args(argv)
    fmt = a.fmt or {".csv": "csv", ".jsonl": "jsonl", ".json": "json", ".xlsx": "xlsx"}[a.out.suffix]
    lo, _, hi = a.years.partition("-")
    years = range(int(lo), int(hi or lo) + 1)
    kinds = [] if a.kinds == "none" else None if a.kinds == "all" else a.kinds.split(",")
    w = make(a.out, seed=a.seed, kinds=kinds, count=a.count, years=years, n_orgs=a.orgs, org_names=a.org_names,
             fmt=fmt, header=a.header, encoding=a.encoding, title_rows=a.title_rows, merged_header=a.merged_header)
    print(f"{w.path}: {len(w.record_lines)} records, {len(w.truth)} defects -> {write_truth(w)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
