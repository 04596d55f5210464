"""Write the volume-catalogue fixtures of fixtures/catalog/volumes/ (the rows are written out below, by hand).

    .venv/bin/python tests/independent/make_volume_fixtures.py

volumes.xlsx: one workbook, sheet 卷内文件目录 first (as some systems order them) and sheet 案卷目录 with a
title row; 档号 全宗号-目录号-案卷号 on the volumes and 全宗号-目录号-案卷号-件号 on the documents; 页号 as
GB/T 9705 §4.4 fills them (each document's first page, the last document's first–last); 起止日期 as
2005.01.10—2005.03.20.
ajml-pinyin-gb18030.csv + jnml-pinyin-gb18030.csv: an archive system's pinyin tables (ajh ajtm nd bgqx qzrq
js ys …, sxh wh zrz tm rq yh …), GB18030 with CRLF, no 档号: joined by 全宗号, 目录号 and 案卷号; 保管期限 as
labels, 1998 volumes still 长期 (lawful before 8号令); 页号 as ranges on every row.

The expected findings are in fixtures/catalog/volumes/expected.json (written here too, from the notes
beside each defect below). Nothing here imports archcheck.
"""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parents[2] / "fixtures" / "catalog" / "volumes"

# ---------------------------------------------------------------- volumes.xlsx

XLSX_VOLUMES_HEADER = ["档号", "全宗号", "目录号", "案卷号", "案卷题名", "年度", "保管期限", "起止日期", "件数", "页数", "备注"]
XLSX_VOLUMES = [
    ["Z109-1-001", "Z109", "1", "001", "县人民政府关于农业生产的通知、报告", "2005", "永久", "2005.01.10—2005.03.20", 3, 9, ""],
    ["Z109-1-002", "Z109", "1", "002", "县人民政府关于防汛抗旱工作的通知、总结", "2005", "永久", "2005.04.02—2005.10.28", 3, 11, ""],
    ["Z109-1-003", "Z109", "1", "003", "县人民政府办公室关于文秘工作的通知", "2005", "定期30年", "2005.02.14—2005.06.30", 2, 6, ""],
    ["Z109-1-004", "Z109", "1", "004", "县人民政府关于人事任免的通知", "2005", "永久", "2005.03.01—2005.12.15", 4, 7, ""],  # 件数 4, 3 rows: VOL009
    ["Z109-1-005", "Z109", "1", "005", "县人民政府关于财政预算的报告、批复", "2005", "永久", "2005.01.05—2005.11.30", 3, 10, ""],
    ["Z109-1-006", "Z109", "1", "006", "县人民政府关于教育工作的通知", "2005", "定期30年", "2005.05.08—2005.09.01", 2, 12, ""],  # 页数 12, last 页号 9-11: VOL008
]
XLSX_INNER_HEADER = ["档号", "顺序号", "文号", "责任者", "题名", "日期", "页号", "备注"]
XLSX_INNER = [
    ["Z109-1-001-1", 1, "县政发〔2005〕3号", "县人民政府", "关于做好2005年春耕生产工作的通知", "20050110", "1", ""],
    ["Z109-1-001-2", 2, "", "县农业局", "关于春耕生产准备情况的报告", "20050225", "4", ""],
    ["Z109-1-001-3", 3, "县政发〔2005〕11号", "县人民政府", "关于表彰春耕生产先进单位的通报", "20050320", "7-9", ""],
    ["Z109-1-002-1", 1, "县政发〔2005〕14号", "县人民政府", "关于做好2005年防汛工作的通知", "20050402", "1", ""],
    ["Z109-1-002-2", 2, "", "县水利局", "关于汛前检查情况的报告", "20050516", "5", ""],
    ["Z109-1-002-3", 3, "", "县防汛抗旱指挥部", "2005年防汛抗旱工作总结", "20051128", "8-11", ""],  # after 起止日期 (…1028): VOL012
    ["Z109-1-003-1", 1, "县政办发〔2005〕2号", "县人民政府办公室", "关于规范公文格式的通知", "20050214", "1", ""],
    ["Z109-1-003-2", 2, "县政办发〔2005〕19号", "县人民政府办公室", "关于公文处理情况的通报", "20050630", "3-6", ""],
    ["Z109-1-004-1", 1, "县政任〔2005〕1号", "县人民政府", "关于张某某等同志职务任免的通知", "20050301", "1", ""],
    ["Z109-1-004-2", 2, "县政任〔2005〕6号", "县人民政府", "关于李某某同志职务任免的通知", "20050712", "3", ""],
    ["Z109-1-004-3", 3, "县政任〔2005〕9号", "县人民政府", "关于王某某等同志职务任免的通知", "20051215", "5-7", ""],
    ["Z109-1-005-1", 1, "", "县财政局", "关于2005年财政预算草案的报告", "20050105", "1", ""],
    ["Z109-1-005-2", 2, "县政函〔2005〕4号", "县人民政府", "关于2005年财政预算的批复", "20050220", "5", ""],
    ["Z109-1-005-4", 4, "", "县财政局", "关于2005年财政预算执行情况的报告", "20051130", "7-10", ""],  # 顺序号 3 missing: VOL006
    ["Z109-1-006-1", 1, "县政发〔2005〕20号", "县人民政府", "关于加强中小学安全工作的通知", "20050508", "1", ""],
    ["Z109-1-006-2", 2, "", "县教育局", "关于秋季开学工作情况的报告", "20050901", "4-11", ""],
]
# the 页号 above: 006 ends on 11 while its 页数 is 12 (VOL008); the rest agree

# ---------------------------------------------------------------- the pinyin CSV pair

AJ_HEADER = ["qzh", "mlh", "ajh", "ajtm", "nd", "bgqx", "qzrq", "js", "ys", "bz"]
AJ_ROWS = [
    ["J027", "2", "1", "县档案局关于档案工作的通知、报告", "1998", "长期", "19980105-19980630", "2", "6", ""],
    ["J027", "2", "2", "县档案局关于档案执法检查的通知", "1998", "永久", "19980310-19981120", "3", "8", ""],
    ["J027", "2", "3", "县档案局关于档案培训的通知", "1998", "短期", "19980415-19980415", "1", "2", ""],
    ["J027", "2", "5", "县档案局关于档案馆建设的请示、批复", "1998", "永久", "19980601-19981215", "2", "7", ""],  # 案卷号 4 missing: VOL005
    ["J027", "2", "6", "县档案局关于档案统计年报的报告", "1998", "30年", "19981230-19981230", "1", "3", ""],
    ["J027", "2", "7", "县档案局关于机关档案室等级评定的通知", "1998", "30年", "19980720-19980720", "1", "4", ""],  # no 卷内 rows: VOL011
]
JN_HEADER = ["qzh", "mlh", "ajh", "sxh", "wh", "zrz", "tm", "rq", "yh", "bgqx", "bz"]
JN_ROWS = [
    ["J027", "2", "1", "1", "县档发〔1998〕1号", "县档案局", "关于印发1998年档案工作要点的通知", "19980105", "1-3", "长期", ""],
    ["J027", "2", "1", "2", "", "县档案局", "1998年上半年档案工作情况的报告", "19980630", "4-6", "长期", ""],
    ["J027", "2", "2", "1", "县档发〔1998〕6号", "县档案局", "关于开展档案执法检查的通知", "19980310", "1-2", "永久", ""],
    ["J027", "2", "2", "2", "", "县档案局执法检查组", "档案执法检查情况汇总", "19980822", "3-5", "永久", ""],
    ["J027", "2", "2", "3", "县档发〔1998〕15号", "县档案局", "关于档案执法检查结果的通报", "19981120", "5-8", "永久", ""],  # 页号 5 again: VOL007
    ["J027", "2", "3", "1", "县档发〔1998〕8号", "县档案局", "关于举办档案业务培训班的通知", "19980415", "1-2", "短期", ""],
    ["J027", "2", "9", "1", "", "县档案局", "关于档案馆库房维修的报告", "19980910", "1-2", "永久", ""],  # no volume 9: VOL010 (once)
    ["J027", "2", "9", "2", "", "县财政局", "关于档案馆库房维修经费的批复", "19980925", "3", "永久", ""],
    ["J027", "2", "5", "1", "县档发〔1998〕11号", "县档案局", "关于新建档案馆的请示", "19980601", "1-4", "永久", ""],
    ["J027", "2", "5", "2", "县计字〔1998〕35号", "县计划委员会", "关于新建档案馆的批复", "19981215", "5-7", "永久", ""],
    ["J027", "2", "6", "1", "", "县档案局", "1998年度档案统计年报", "19981230", "1-3", "永久", ""],  # 永久 in a 30年 volume: VOL013
]

EXPECTED = {
    "volumes.xlsx": [
        {"file": "volumes.xlsx", "sheet": "案卷目录", "line": 6, "rule": "VOL009", "column": "件数"},
        {"file": "volumes.xlsx", "sheet": "案卷目录", "line": 8, "rule": "VOL008", "column": "页数"},
        {"file": "volumes.xlsx", "sheet": "案卷目录", "line": 4, "rule": "VOL012", "column": "起止日期"},
        {"file": "volumes.xlsx", "sheet": "卷内文件目录", "line": 15, "rule": "VOL006", "column": "顺序号"},
    ],
    "ajml-pinyin-gb18030.csv+jnml-pinyin-gb18030.csv": [
        {"file": "ajml-pinyin-gb18030.csv", "line": 5, "rule": "VOL005", "column": "ajh"},
        {"file": "ajml-pinyin-gb18030.csv", "line": 7, "rule": "VOL011", "column": "ajh"},
        {"file": "jnml-pinyin-gb18030.csv", "line": 6, "rule": "VOL007", "column": "yh"},
        {"file": "jnml-pinyin-gb18030.csv", "line": 8, "rule": "VOL010", "column": "ajh"},
        {"file": "jnml-pinyin-gb18030.csv", "line": 12, "rule": "VOL013", "column": "bgqx"},
    ],
}


def write_xlsx(path: Path) -> None:
    book = Workbook()
    inner = book.active
    inner.title = "卷内文件目录"
    inner.append(XLSX_INNER_HEADER)
    for row in XLSX_INNER:
        inner.append(row)
    volumes = book.create_sheet("案卷目录")
    volumes.append(["某某县人民政府 文书档案案卷目录（全宗号 Z109 目录号 1）"])
    volumes.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(XLSX_VOLUMES_HEADER))
    volumes.append(XLSX_VOLUMES_HEADER)
    for row in XLSX_VOLUMES:
        volumes.append(row)
    book.save(path)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    lines = [",".join(header)] + [",".join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write_xlsx(OUT / "volumes.xlsx")
    write_csv(OUT / "ajml-pinyin-gb18030.csv", AJ_HEADER, AJ_ROWS)
    write_csv(OUT / "jnml-pinyin-gb18030.csv", JN_HEADER, JN_ROWS)
    (OUT / "expected.json").write_text(json.dumps(EXPECTED, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
