"""Seeded generator of synthetic 归档文件目录 exports with injected, recorded defects.

Writes the catalogue (CSV, JSON Lines or XLSX; UTF-8, UTF-8 with BOM or GB18030) and a sidecar
`<file>.defects.json` listing each injected defect with its physical line (or sheet row) and the
rule that must flag it, so tests and the benchmark can measure recall and precision.

    python benchmarks/gen_catalog.py out.csv --rows 1000000 --seed 1
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

HEADER = ["序号", "档号", "全宗号", "年度", "保管期限", "机构（问题）", "件号", "文号", "责任者", "题名",
          "日期", "密级", "页数", "备注"]
TERMS = ("Y", "D30", "D10")
ORGS = ("BGS", "CWK", "RSK", "ZZB", "XCB", "JWB", "GHB", "NYB")
FONDS = "Z109"
_CN_DIGIT = "〇一二三四五六七八九"

#: defect kind → the rule that must flag the row it lands on.
DEFECTS = {
    "ragged": "CAT002",
    "empty_title": "CAT003",
    "malformed_ref": "CAT004",
    "ref_separator": "CAT005",
    "ref_mismatch": "CAT006",
    "duplicate": "CAT007",
    "item_unpadded": "CAT008",
    "gap": "CAT009",
    "bad_term": "CAT010",
    "legacy_term": "CAT011",
    "impossible_date": "CAT012",
    "date_in_words": "CAT013",
    "date_outside_year": "CAT014",
    "bad_pages": "CAT015",
    "out_of_order": "CAT016",
}


#: defects only DA/T 22—2015 makes defects: injected into items of 2016 on
EDITION_2015 = ("malformed_ref", "ref_separator", "item_unpadded")


def rule_for(kind: str, row: list[str]) -> str:
    """The rule expected to flag a defect; legacy terms up to 2006 are only advisory (CAT019).

    Order No. 8 came into force on 18 December 2006, so an item of 2006 may predate it: given the benefit of
    the doubt, as an inspector would.
    """
    if kind == "legacy_term" and int(row[3]) <= 2006:
        return "CAT019"
    return DEFECTS[kind]


def _cn_number(n: int) -> str:
    if n < 10:
        return _CN_DIGIT[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGIT[tens]) + "十" + (_CN_DIGIT[ones] if ones else "")


def clean_rows(rows: int, rng: random.Random, first_year: int = 2000):
    """Yield clean rows (lists of str) in 档号 order: year → term → org → 件号 0001…"""
    subjects = ["关于", "印发", "转发", "请示", "批复", "通知", "报告", "会议纪要", "工作总结", "年度计划"]
    topics = ["档案工作", "财务预算", "人事任免", "安全生产", "乡村振兴", "信息化建设", "疫情防控", "招商引资",
              "教育培训", "基础设施"]
    makers = ["广西大明山管理局", "办公室", "财务科", "人事科", "自治区林业局", "县人民政府"]
    titles = [f"{rng.choice(makers)}{rng.choice(subjects)}{rng.choice(topics)}的{rng.choice(subjects)}"
              for _ in range(4000)]
    groups = max(1, rows // 2000)
    years = max(1, groups // (len(TERMS) * len(ORGS)) + 1)
    per_group = rows // (years * len(TERMS) * len(ORGS)) + 1
    serial = 0
    for year in range(first_year, first_year + years):
        for term in TERMS:
            for org in ORGS:
                for item in range(1, per_group + 1):
                    if serial >= rows:
                        return
                    serial += 1
                    month, day = rng.randint(1, 12), rng.randint(1, 28)
                    yield [str(serial), f"{FONDS}-WS·{year}-{term}-{org}-{item:04d}", FONDS, str(year), term, org,
                           f"{item:04d}", f"桂{org}〔{year}〕{rng.randint(1, 200)}号", rng.choice(makers),
                           rng.choice(titles), f"{year}{month:02d}{day:02d}", rng.choice(("", "", "", "秘密")),
                           str(rng.randint(1, 60)), ""]


def _inject(kind: str, row: list[str], rng: random.Random) -> list[str]:
    row = list(row)
    year = int(row[3])
    if kind == "ragged":
        row.append("多余字段")
    elif kind == "empty_title":
        row[9] = ""
    elif kind == "malformed_ref":
        row[1] = row[1].replace("-", "").replace("·", "")
    elif kind == "ref_separator":
        row[1] = row[1].replace("·", rng.choice(".・•"))
    elif kind == "ref_mismatch":
        row[5] = next(o for o in ORGS if o != row[5])
    elif kind == "item_unpadded":
        row[6] = str(int(row[6]))
    elif kind == "bad_term":
        row[4] = "D20"
    elif kind == "legacy_term":
        row[4] = "长期"
    elif kind == "impossible_date":
        row[10] = f"{year}0230"
    elif kind == "date_in_words":
        month, day = int(row[10][4:6]), int(row[10][6:])
        row[10] = "".join(_CN_DIGIT[int(c)] for c in str(year)) + f"年{_cn_number(month)}月{_cn_number(day)}日"
    elif kind == "date_outside_year":
        row[10] = f"{year - 1}{row[10][4:]}"
    elif kind == "bad_pages":
        row[12] = rng.choice(("0", "-3", "若干", "1.5"))
    return row


def generate(rows: int, seed: int = 1, rate: float = 0.001, first_year: int = 2000):
    """Yield (row, defect kind or None, extra clean row?) in file order after injecting defects."""
    rng = random.Random(seed)
    kinds = list(DEFECTS)
    source = clean_rows(rows, rng, first_year)
    prev = None
    pending = next(source, None)
    while pending is not None:
        row, pending = pending, next(source, None)
        same_next = pending is not None and pending[1].rsplit("-", 1)[0] == row[1].rsplit("-", 1)[0]
        same_prev = prev is not None and prev[1].rsplit("-", 1)[0] == row[1].rsplit("-", 1)[0]
        if rng.random() >= rate or not (same_next and same_prev):
            yield row, None
            prev = row
            continue
        kind = rng.choice(kinds)
        if kind == "item_unpadded" and int(row[6]) >= 1000:
            kind = "bad_pages"  # 1234 has no leading zero to lose
        if kind in EDITION_2015 and int(row[3]) < 2016:
            kind = "bad_pages"  # DA/T 22—2000 (items before 2016) knew no 档号 structure or 4-digit 件号
        if kind == "duplicate":
            yield row, None
            yield list(row), kind
        elif kind == "gap":  # drop this row: the next one (same group) shows the gap
            following, pending = pending, next(source, None)
            yield following, kind
            row = following
        elif kind == "out_of_order":  # swap with the next row of the same group
            following, pending = pending, next(source, None)
            yield following, None
            yield row, kind
        else:
            yield _inject(kind, row, rng), kind
        prev = row


#: data rows per sheet of a .xls (BIFF8: 65,536 rows, the header's included)
XLS_ROWS = 65_535


def write(path: Path, rows: int, seed: int = 1, rate: float = 0.001, fmt: str | None = None,
          encoding: str = "utf-8", first_year: int = 2000) -> dict:
    """Write the catalogue and its sidecar; return the sidecar data."""
    fmt = fmt or {".jsonl": "jsonl", ".xlsx": "xlsx", ".xls": "xls"}.get(path.suffix, "csv")
    defects = []
    first_line = 1 if fmt == "jsonl" else 2
    sheet = "目录" if fmt == "xlsx" else None
    body = generate(rows, seed, rate, first_year)
    count = 0
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        ws = book.create_sheet(sheet)
        ws.append(HEADER)
        for count, (row, kind) in enumerate(body):
            ws.append(row)
            if kind:
                defects.append({"line": first_line + count, "sheet": sheet, "kind": kind, "rule": rule_for(kind, row)})
        book.save(path)
        count += 1
    elif fmt == "xls":
        import xlwt  # a BIFF8 writer (the test extra): Excel 97–2003 sheets hold 65,536 rows, header included

        book, page, sheet, line, sheets = xlwt.Workbook(encoding="utf-8"), None, None, 0, 0
        for count, (row, kind) in enumerate(body):
            if page is None or line > XLS_ROWS:
                sheets += 1
                sheet = f"目录{sheets}"
                page = book.add_sheet(sheet)
                for column, name in enumerate(HEADER):
                    page.write(0, column, name)
                line = first_line
            for column, value in enumerate(row):
                page.write(line - 1, column, value)
            if kind:
                defects.append({"line": line, "sheet": sheet, "kind": kind, "rule": rule_for(kind, row)})
            line += 1
        book.save(str(path))
        count += 1
    else:
        with open(path, "w", encoding=encoding, newline="") as fh:
            out = csv.writer(fh, lineterminator="\n") if fmt == "csv" else None
            if out:
                out.writerow(HEADER)
            line = first_line
            for count, (row, kind) in enumerate(body):
                if out:
                    out.writerow(row)
                elif kind == "ragged":  # JSON Lines: a line that is not an object, then the record itself
                    fh.write(json.dumps(row[:5], ensure_ascii=False) + "\n")
                    defects.append({"line": line, "kind": kind, "rule": rule_for(kind, row)})
                    fh.write(json.dumps(dict(zip(HEADER, row)), ensure_ascii=False) + "\n")
                    line += 2
                    continue
                else:
                    fh.write(json.dumps(dict(zip(HEADER, row)), ensure_ascii=False) + "\n")
                if kind:
                    defects.append({"line": line, "kind": kind, "rule": rule_for(kind, row)})
                line += 1
            count += 1
    meta = {"file": path.name, "format": fmt, "encoding": encoding, "rows": count, "seed": seed,
            "defects": defects}
    Path(str(path) + ".defects.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=0.001, help="share of rows given a defect")
    parser.add_argument("--format", choices=("csv", "jsonl", "xlsx", "xls"))
    parser.add_argument("--encoding", default="utf-8", help="utf-8, utf-8-sig (BOM) or gb18030")
    args = parser.parse_args(argv)
    meta = write(args.output, args.rows, args.seed, args.rate, args.format, args.encoding)
    print(f"{args.output}: {meta['rows']} rows, {len(meta['defects'])} defects", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
