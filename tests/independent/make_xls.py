"""Write fixtures/catalog/real/biff.xls, a real Excel 97–2003 (BIFF8) workbook, with xlwt.

xlwt is needed only to regenerate the file, never by the test suite; install it into a throwaway
environment:  python3 -m venv /tmp/xls && /tmp/xls/bin/pip install xlwt && /tmp/xls/bin/python tests/independent/make_xls.py

Shape: what older archive systems and Excel 2003 save as .xls: one sheet "归档文件目录", the DA/T 22 columns
plus 全宗号/年度/保管期限/机构（问题）/件号, 序号/页数/年度 as numbers, 件号 and 日期 as text.
One defect: 页数 "若干" on line 7 (D30-BGS 0002). Expected findings: biff.xls.expected.json.
"""

from __future__ import annotations

from pathlib import Path

import xlwt

OUT = Path(__file__).resolve().parents[2] / "fixtures" / "catalog" / "real" / "biff.xls"
HEADER = ["序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注",
          "全宗号", "年度", "保管期限", "机构（问题）", "件号"]
ITEMS = [  # (保管期限, 件号, 文号, 责任者, 题名, 日期, 页数)
    ("Y", 1, "某局发〔2018〕2号", "本局", "关于印发2018年工作要点的通知", "20180112", 5),
    ("Y", 2, "", "本局办公室", "局党组2018年第1次会议纪要", "20180130", 4),
    ("Y", 3, "某局发〔2018〕10号", "本局", "关于调整领导班子分工的通知", "20180326", 2),
    ("Y", 4, "某局发〔2018〕27号", "本局", "关于印发档案工作规范的通知", "20180918", 9),
    ("D30", 1, "某政办发〔2018〕8号", "某某县人民政府办公室", "关于做好2018年政务公开工作的通知", "20180305", 4),
    ("D30", 2, "某局函〔2018〕12号", "本局", "关于商请提供档案查询服务的函", "20180522", "若干"),
    ("D30", 3, "", "本局办公室", "2018年上半年工作总结", "20180704", 10),
    ("D30", 4, "某局发〔2018〕35号", "本局", "关于开展档案安全检查的通知", "20181010", 3),
    ("D10", 1, "某办函〔2018〕3号", "某某县人民政府办公室", "关于报送2017年政务信息的通知", "20180116", 2),
    ("D10", 2, "", "本局办公室", "2018年一季度值班安排表", "20180329", 1),
    ("D10", 3, "", "本局办公室", "2018年二季度值班安排表", "20180628", 1),
    ("D10", 4, "", "本局办公室", "2018年三季度值班安排表", "20180927", 1),
]


def main() -> None:
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("归档文件目录")
    bold = xlwt.easyxf("font: bold on")
    text = xlwt.easyxf(num_format_str="@")
    for c, h in enumerate(HEADER):
        ws.write(0, c, h, bold)
    for r, (term, n, no, resp, title, date, pages) in enumerate(ITEMS, start=1):
        values = [r, f"Z109-WS·2018-{term}-BGS-{n:04d}", no, resp, title, date, "", pages, "",
                  "Z109", 2018, term, "BGS", f"{n:04d}"]
        for c, v in enumerate(values):
            if v != "":
                ws.write(r, c, v, text if isinstance(v, str) else xlwt.Style.default_style)
    wb.save(str(OUT))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
