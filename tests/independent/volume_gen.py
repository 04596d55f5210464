"""Seeded generator of volume catalogues (案卷目录 + 卷内文件目录) with injected defects and their ground truth.

    python tests/independent/volume_gen.py OUTDIR --seed 3 --shape csv-zh|csv-pinyin|xlsx [--volumes 40] [--kinds all|none|k1,k2]

writes the catalogue file(s) into OUTDIR and OUTDIR/truth.json: {"files": [...], "defects": [{"kind", "rule",
"file", "sheet", "line", "column"}]}. Written from GB/T 9705—2008 and DA/T 13, not from archcheck's code
(nothing here imports archcheck).

A clean volume (GB/T 9705—2008 §3.1.2, §4.3–4.4): 案卷号 1, 2, 3 … inside each 目录; 档号 全宗号-目录号(类别号)-案卷号;
documents numbered 1 … k (顺序号), their 档号 the volume's with -顺序号; 页号 ranges a-b from page 1 without
gaps; the volume's 页数 the last page, 件数 the number of documents, 起止日期 the first and last document
dates; no document kept longer than its volume; terms 永久/定期30年/定期10年 (长期/短期 on volumes up to 2006).
Each injected defect touches a volume of its own and is found by exactly one rule at one line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

#: defect kind → (rule, which row the finding is on: "volume" | "item" | "next" | "orphan" | "copy", column)
KINDS = {
    "count_wrong": ("VOL009", "volume", "件数"),
    "pages_wrong": ("VOL008", "volume", "页数"),
    "seq_gap": ("VOL006", "item", "顺序号"),
    "page_overlap": ("VOL007", "item", "页号"),
    "page_gap": ("VOL007", "item", "页号"),
    "first_page": ("VOL007", "item", "页号"),
    "date_outside": ("VOL012", "volume", "起止日期"),
    "term_longer": ("VOL013", "item", "保管期限"),
    "orphan": ("VOL010", "orphan", "案卷"),
    "empty_volume": ("VOL011", "volume", None),
    "volume_gap": ("VOL005", "next", "案卷号"),
    "duplicate_volume": ("VOL004", "copy", "案卷"),
    "code_mismatch": ("VOL003", "volume", "案卷号"),
    "item_code_mismatch": ("VOL003", "item", "档号"),
    "blank_title": ("VOL002", "item", "题名"),
    "bad_term": ("VOL014", "volume", "保管期限"),
    "legacy_after_2006": ("VOL014", "volume", "保管期限"),
    "bad_span": ("VOL012", "volume", "起止日期"),
}
#: kinds that need a 档号 column
CODE_KINDS = {"code_mismatch", "item_code_mismatch"}

TITLES = ["关于{}工作的通知", "关于{}情况的报告", "关于{}问题的请示", "关于{}的批复", "{}工作总结", "关于{}的会议纪要"]
TOPICS = ["春耕生产", "防汛抗旱", "安全生产", "人事任免", "财政预算", "教育", "卫生防疫", "档案管理", "林业", "交通建设"]
CREATORS = ["县人民政府", "县人民政府办公室", "县财政局", "县农业局", "县档案局", "县教育局"]
TERM_LABELS = {"Y": "永久", "D30": "定期30年", "D10": "定期10年", "C": "长期", "D": "短期"}
RANK = {"Y": 3, "D30": 2, "C": 2, "D10": 1, "D": 1}

#: the headers of each shape: 案卷目录 and 卷内文件目录 (canonical → what the file calls it)
HEADERS = {
    "zh": ({"档号": "档号", "全宗号": "全宗号", "目录号": "目录号", "案卷号": "案卷号", "题名": "案卷题名", "年度": "年度",
            "保管期限": "保管期限", "起止日期": "起止日期", "件数": "件数", "页数": "页数", "备注": "备注"},
           {"档号": "档号", "顺序号": "顺序号", "文号": "文号", "责任者": "责任者", "题名": "题名", "日期": "日期", "页号": "页号",
            "保管期限": "保管期限", "备注": "备注"}),
    "pinyin": ({"全宗号": "qzh", "目录号": "mlh", "案卷号": "ajh", "题名": "ajtm", "年度": "nd", "保管期限": "bgqx",
                "起止日期": "qzrq", "件数": "js", "页数": "ys", "备注": "bz"},
               {"全宗号": "qzh", "目录号": "mlh", "案卷号": "ajh", "顺序号": "sxh", "文号": "wh", "责任者": "zrz", "题名": "tm",
                "日期": "rq", "页号": "yh", "保管期限": "bgqx", "备注": "bz"}),
}


@dataclass
class Item:
    seq: int
    code_item: int
    start: int
    end: int
    day: dt.date
    term: str
    title: str
    creator: str
    number: str = ""


@dataclass
class Volume:
    fonds: str
    catalogue: str
    number: int
    year: int
    term: str
    title: str
    items: list[Item] = field(default_factory=list)
    pages: int = 0
    count: int = 0
    span: str = ""
    number_cell: str = ""
    term_cell: str = ""
    copy: bool = False
    emptied: bool = False
    marks: list[str] = field(default_factory=list)

    def code(self) -> str:
        return f"{self.fonds}-{self.catalogue}-{self.number:03d}"


def clean_volumes(rng: random.Random, count: int, legacy: bool) -> list[Volume]:
    volumes = []
    per = count // 2
    for c, catalogue in enumerate(("1", "2")):
        for n in range(1, per + 1):
            year = rng.randint(1998 if legacy else 2007, 2012)
            scheme = ["Y", "C", "D"] if (legacy and year <= 2006) else ["Y", "D30", "D10"]
            term = rng.choice(scheme)
            topic = rng.choice(TOPICS)
            vol = Volume("Z109", catalogue, n, year, term, f"县人民政府关于{topic}的通知、报告")
            k = rng.randint(3, 6)
            days = sorted(dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 360)) for _ in range(k))
            page = 1
            for seq, day in enumerate(days, 1):
                size = rng.randint(2, 6)
                shorter = [t for t in scheme if RANK[t] <= RANK[term]]
                vol.items.append(Item(seq, seq, page, page + size - 1, day, rng.choice(shorter),
                                      rng.choice(TITLES).format(topic), rng.choice(CREATORS),
                                      f"县政发〔{year}〕{rng.randint(1, 90)}号" if rng.random() < 0.6 else ""))
                page += size
            vol.pages, vol.count = page - 1, k
            vol.span = _span(days[0], days[-1], rng)
            vol.number_cell, vol.term_cell = str(n), TERM_LABELS[term] if rng.random() < 0.5 else term
            volumes.append(vol)
    return volumes


def _span(low: dt.date, high: dt.date, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{low:%Y%m%d}-{high:%Y%m%d}"
    return f"{low:%Y.%m.%d}—{high:%Y.%m.%d}"


def inject(rng: random.Random, volumes: list[Volume], kinds: list[str]) -> list[tuple[str, Volume, int]]:
    """Apply each defect to a volume of its own; (kind, volume, item index or -1) for the ground truth."""
    done = []
    free = [v for v in volumes]
    rng.shuffle(free)

    def take(test) -> Volume:
        for v in free:
            if test(v):
                free.remove(v)
                return v
        raise RuntimeError("not enough volumes for the defects asked for")

    per = len(volumes) // 2
    for kind in kinds:
        if kind == "count_wrong":
            v = take(lambda v: True)
            v.count += 1
        elif kind == "pages_wrong":
            v = take(lambda v: True)
            v.pages += 2
        elif kind == "seq_gap":
            v = take(lambda v: True)
            j = rng.randint(1, len(v.items) - 1)
            for item in v.items[j:]:
                item.seq += 1
                item.code_item += 1
            done.append((kind, v, j))
            continue
        elif kind in ("page_overlap", "page_gap"):
            v = take(lambda v: True)
            j = rng.randint(1, len(v.items) - 1)
            prev_end = v.items[j - 1].end
            v.items[j].start = prev_end if kind == "page_overlap" else prev_end + 2
            done.append((kind, v, j))
            continue
        elif kind == "first_page":
            v = take(lambda v: True)
            v.items[0].start = 2
            done.append((kind, v, 0))
            continue
        elif kind == "date_outside":
            v = take(lambda v: True)
            v.items[-1].day += dt.timedelta(days=3)
        elif kind == "term_longer":
            v = take(lambda v: v.term != "Y")
            j = rng.randrange(len(v.items))
            v.items[j].term = "Y"
            done.append((kind, v, j))
            continue
        elif kind == "orphan":
            v = take(lambda v: True)
        elif kind == "empty_volume":
            v = take(lambda v: True)
            v.emptied = True
        elif kind == "volume_gap":
            v = take(lambda v: 1 < v.number < per and not _neighbour_taken(volumes, v, free))
        elif kind == "duplicate_volume":
            v = take(lambda v: True)
        elif kind == "code_mismatch":
            v = take(lambda v: True)
            v.number_cell = str(v.number + 100)
        elif kind == "item_code_mismatch":
            v = take(lambda v: True)
            j = rng.randrange(len(v.items))
            v.items[j].code_item += 50
            done.append((kind, v, j))
            continue
        elif kind == "blank_title":
            v = take(lambda v: True)
            j = rng.randrange(len(v.items))
            v.items[j].title = ""
            done.append((kind, v, j))
            continue
        elif kind == "bad_term":
            v = take(lambda v: True)
            v.term_cell = "长久"
        elif kind == "legacy_after_2006":
            v = take(lambda v: v.year >= 2007 and v.term == "D30")
            v.term_cell = "长期"
        elif kind == "bad_span":
            v = take(lambda v: True)
            v.span = f"{v.year}年上半年"
        else:
            raise ValueError(kind)
        done.append((kind, v, -1))
    return done


def _neighbour_taken(volumes: list[Volume], v: Volume, free: list[Volume]) -> bool:
    """The volume after a removed one carries the gap's finding: it must be clean itself."""
    after = next((w for w in volumes if w.catalogue == v.catalogue and w.number == v.number + 1), None)
    return after is None or after not in free


def tables(volumes: list[Volume], done: list[tuple[str, Volume, int]], shape: str):
    """(volume rows, inner rows, truth builders): rows as canonical dicts, in file order."""
    removed = {id(v) for kind, v, _ in done if kind == "volume_gap"}
    copies = {id(v) for kind, v, _ in done if kind == "duplicate_volume"}
    vrows, irows = [], []
    where_volume: dict[int, int] = {}
    where_item: dict[tuple[int, int], int] = {}
    copy_at: dict[int, int] = {}
    with_code = shape != "csv-pinyin"
    for v in volumes:
        if id(v) in removed:
            continue
        row = {"全宗号": v.fonds, "目录号": v.catalogue, "案卷号": v.number_cell, "题名": v.title, "年度": str(v.year),
               "保管期限": v.term_cell, "起止日期": v.span, "件数": str(v.count), "页数": str(v.pages), "备注": ""}
        if with_code:
            row["档号"] = v.code()
        where_volume[id(v)] = len(vrows)
        vrows.append(row)
        if id(v) in copies:
            copy_at[id(v)] = len(vrows)
            vrows.append(dict(row, 备注="重复著录"))
    for v in volumes:
        if id(v) in removed or v.emptied:
            continue
        for j, item in enumerate(v.items):
            row = {"全宗号": v.fonds, "目录号": v.catalogue, "案卷号": str(v.number), "顺序号": str(item.seq), "文号": item.number,
                   "责任者": item.creator, "题名": item.title, "日期": f"{item.day:%Y%m%d}", "页号": f"{item.start}-{item.end}",
                   "保管期限": TERM_LABELS[item.term], "备注": ""}
            if with_code:
                row["档号"] = f"{v.code()}-{item.code_item}"
            where_item[(id(v), j)] = len(irows)
            irows.append(row)
    orphan_at = None
    for kind, v, _ in done:
        if kind == "orphan":
            orphan_at = len(irows)
            row = {"全宗号": v.fonds, "目录号": v.catalogue, "案卷号": "999", "顺序号": "1", "文号": "", "责任者": "县人民政府",
                   "题名": "关于补充材料的说明", "日期": f"{v.year}0615", "页号": "1-2", "保管期限": "永久", "备注": ""}
            if with_code:
                row["档号"] = f"{v.fonds}-{v.catalogue}-999-1"
            irows.append(row)
    return vrows, irows, where_volume, where_item, copy_at, orphan_at


def write(out: Path, seed: int, shape: str, count: int, kinds: list[str]) -> dict:
    rng = random.Random(seed)
    volumes = clean_volumes(rng, count, legacy=shape == "csv-pinyin")
    if shape == "csv-pinyin":
        kinds = [k for k in kinds if k not in CODE_KINDS]
    done = inject(rng, volumes, kinds)
    vrows, irows, where_volume, where_item, copy_at, orphan_at = tables(volumes, done, shape)
    vhead, ihead = HEADERS["pinyin" if shape == "csv-pinyin" else "zh"]
    out.mkdir(parents=True, exist_ok=True)
    if shape == "xlsx":
        from openpyxl import Workbook

        files = ["volumes.xlsx"]
        book = Workbook()
        sheet = book.active
        sheet.title = "案卷目录"
        sheet.append(["文书档案案卷目录"])
        sheet.append(list(vhead.values()))
        for row in vrows:
            sheet.append([row.get(k, "") for k in vhead])
        inner = book.create_sheet("卷内文件目录")
        inner.append(list(ihead.values()))
        for row in irows:
            inner.append([row.get(k, "") for k in ihead])
        book.save(out / files[0])
        vfile = ifile = files[0]
        vsheet, isheet, vfirst, ifirst = "案卷目录", "卷内文件目录", 3, 2
    else:
        encoding, newline = ("gb18030", "\r\n") if shape == "csv-pinyin" else ("utf-8-sig", "\n")
        files = ["案卷目录.csv", "卷内文件目录.csv"]
        for name, head, rows in ((files[0], vhead, vrows), (files[1], ihead, irows)):
            lines = [",".join(head.values())] + [",".join(row.get(k, "") for k in head) for row in rows]
            (out / name).write_bytes((newline.join(lines) + newline).encode(encoding))
        vfile, ifile = files
        vsheet = isheet = None
        vfirst = ifirst = 2
    defects = []
    for kind, v, j in done:
        rule, on, column = KINDS[kind]
        if on == "volume":
            entry = (vfile, vsheet, vfirst + where_volume[id(v)], vhead.get(column) if column else vhead.get("档号", vhead.get("案卷号")))
        elif on == "item":
            entry = (ifile, isheet, ifirst + where_item[(id(v), j)], ihead.get(column))
        elif on == "next":
            after = next(w for w in volumes if w.catalogue == v.catalogue and w.number == v.number + 1)
            entry = (vfile, vsheet, vfirst + where_volume[id(after)], vhead.get("案卷号"))
        elif on == "copy":
            entry = (vfile, vsheet, vfirst + copy_at[id(v)], vhead.get("档号", vhead.get("案卷号")))
        else:
            entry = (ifile, isheet, ifirst + orphan_at, ihead.get("档号", ihead.get("案卷号")))
        defects.append({"kind": kind, "rule": rule, "file": entry[0], "sheet": entry[1], "line": entry[2], "column": entry[3]})
    truth = {"files": files, "shape": shape, "seed": seed, "defects": defects,
             "volume_rows": len(vrows), "inner_rows": len(irows)}
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=["csv-zh", "csv-pinyin", "xlsx"], default="csv-zh")
    parser.add_argument("--volumes", type=int, default=40)
    parser.add_argument("--kinds", default="all")
    args = parser.parse_args()
    kinds = list(KINDS) if args.kinds == "all" else [] if args.kinds == "none" else args.kinds.split(",")
    truth = write(args.out, args.seed, args.shape, args.volumes, kinds)
    print(json.dumps({k: truth[k] for k in ("files", "volume_rows", "inner_rows")}, ensure_ascii=False))


if __name__ == "__main__":
    main()
