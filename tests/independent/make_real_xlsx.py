"""Write the two hand-made XLSX fixtures of fixtures/catalog/real/ (the rows are written out below).

    .venv/bin/python tests/independent/make_real_xlsx.py

title-row.xlsx: a title row "某某县档案局2019年归档文件目录" merged over the columns, an empty row, then
the header in row 3 — how catalogues typed in Excel from the DA/T 22 printed form usually start.
merged-header.xlsx: a two-row header, "档号组成" merged over 全宗号/年度/保管期限/机构（问题）/件号 and the
other headers merged down over both rows. The expected findings are in each file's .expected.json.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

OUT = Path(__file__).resolve().parents[2] / "fixtures" / "catalog" / "real"
HEADER = ["序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注",
          "全宗号", "年度", "保管期限", "机构（问题）", "件号"]


def rows_title_row():
    """20 items of 2019; Y-BGS 0005 has no 题名; D30-BGS 0006 is missing (the gap shows at 0007)."""
    y = [("某局发〔2019〕1号", "本局", "关于印发2019年工作要点的通知", "20190110", 5),
         ("", "本局办公室", "局党组2019年第1次会议纪要", "20190125", 4),
         ("某局发〔2019〕9号", "本局", "关于调整内设机构职责的通知", "20190318", 3),
         ("某局发〔2019〕15号", "本局", "关于表彰2018年度先进工作者的决定", "20190412", 2),
         ("某局发〔2019〕22号", "本局", "", "20190611", 12),
         ("某局发〔2019〕30号", "本局", "关于机构编制调整的报告", "20190805", 3),
         ("", "本局办公室", "局党组2019年第9次会议纪要", "20191015", 6),
         ("某局发〔2019〕41号", "本局", "关于印发2020年工作思路的通知", "20191230", 4)]
    d30 = [("某政办发〔2019〕12号", "某某县人民政府办公室", "关于做好2019年政务公开工作的通知", "20190306", 4),
           ("某局函〔2019〕18号", "本局", "关于商请协助开展档案数字化工作的函", "20190617", 2),
           ("", "本局办公室", "2019年上半年工作总结", "20190705", 11),
           ("某档发〔2019〕7号", "某某县档案馆", "关于接收2008年度档案进馆的通知", "20190722", 2),
           ("某局发〔2019〕33号", "本局", "关于开展档案安全检查的通知", "20190912", 3),
           ("某局发〔2019〕38号", "本局", "关于2019年度档案工作考核的通知", "20191104", 4),
           ("", "本局办公室", "2019年度工作总结", "20191220", 14),
           ("某人社发〔2019〕50号", "某某县人力资源和社会保障局", "关于2019年度考核结果的通知", "20191223", 2),
           ("某财行〔2019〕61号", "某某县财政局", "关于年终结账工作的通知", "20191226", 3),
           ("", "本局办公室", "[2019年度大事记]", "20191230", 8),
           ("某局函〔2019〕44号", "本局", "关于报送2019年档案统计年报的函", "20191231", 2)]
    d10 = [("", "本局办公室", "2019年值班安排表", "20191231", 1)]
    out = []
    for term, items, numbers in (("Y", y, range(1, 9)), ("D30", d30, [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12]),
                                 ("D10", d10, [1])):
        for (no, resp, title, date, pages), n in zip(items, numbers):
            out.append([0, f"Z109-WS·2019-{term}-BGS-{n:04d}", no, resp, title, date, "", pages, "",
                        "Z109", 2019, term, "BGS", f"{n:04d}"])
    for i, r in enumerate(out, start=1):
        r[0] = i
    return out


def rows_merged_header():
    """14 items of 2019 (人事科 RSK); Y-RSK 0004's 档号 says 2018; D10-RSK 0004's 日期 is in words."""
    y = [("某人社发〔2019〕3号", "某某县人力资源和社会保障局", "关于2019年度公务员招录工作的通知", "20190115", 4),
         ("某局发〔2019〕5号", "本局", "关于任免干部的通知", "20190220", 2),
         ("某局发〔2019〕12号", "本局", "关于调整工资标准的通知", "20190325", 3),
         ("某局发〔2019〕17号", "本局", "关于职工退休的批复", "20190428", 2),
         ("某局发〔2019〕24号", "本局", "关于2018年度考核结果的通报", "20190603", 5),
         ("某局发〔2019〕31号", "本局", "关于专业技术职务聘任的通知", "20190909", 3),
         ("某局发〔2019〕39号", "本局", "关于干部交流任职的通知", "20191118", 2)]
    d10 = [("某人社函〔2019〕2号", "某某县人力资源和社会保障局", "关于报送2018年度工资统计报表的通知", "20190110", 2),
           ("", "本局人事科", "2019年一季度考勤汇总表", "20190402", 3),
           ("某人社函〔2019〕9号", "某某县人力资源和社会保障局", "关于开展社保待遇资格认证的通知", "20190415", 2),
           ("", "本局人事科", "2019年二季度考勤汇总表", "二〇一九年七月二日", 3),
           ("", "本局人事科", "2019年三季度考勤汇总表", "20191008", 3),
           ("某人社函〔2019〕21号", "某某县人力资源和社会保障局", "关于做好年度考核工作的通知", "20191202", 2),
           ("", "本局人事科", "2019年四季度考勤汇总表", "20191231", 3)]
    out = []
    for term, items in (("Y", y), ("D10", d10)):
        for n, (no, resp, title, date, pages) in enumerate(items, start=1):
            year = 2018 if (term, n) == ("Y", 4) else 2019
            out.append([0, f"Z109-WS·{year}-{term}-RSK-{n:04d}", no, resp, title, date, "", pages, "",
                        "Z109", 2019, term, "RSK", f"{n:04d}"])
    for i, r in enumerate(out, start=1):
        r[0] = i
    return out


def write_title_row(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "2019年"
    ws["A1"] = "某某县档案局2019年归档文件目录"
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    for c, h in enumerate(HEADER, start=1):                         # row 2 stays empty
        ws.cell(row=3, column=c, value=h).font = Font(bold=True)
    for r, values in enumerate(rows_title_row(), start=4):
        for c, v in enumerate(values, start=1):
            if v != "":
                ws.cell(row=r, column=c, value=v)
    wb.save(path)


def write_merged_header(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "归档文件目录"
    group = HEADER.index("全宗号") + 1
    for c, h in enumerate(HEADER, start=1):
        if c < group:
            ws.cell(row=1, column=c, value=h)
            ws.merge_cells(start_row=1, start_column=c, end_row=2, end_column=c)
        else:
            ws.cell(row=2, column=c, value=h)
    ws.cell(row=1, column=group, value="档号组成")
    ws.merge_cells(start_row=1, start_column=group, end_row=1, end_column=len(HEADER))
    for r, values in enumerate(rows_merged_header(), start=3):
        for c, v in enumerate(values, start=1):
            if v != "":
                ws.cell(row=r, column=c, value=v)
    wb.save(path)


if __name__ == "__main__":
    write_title_row(OUT / "title-row.xlsx")
    write_merged_header(OUT / "merged-header.xlsx")
    print(f"wrote {OUT / 'title-row.xlsx'} and {OUT / 'merged-header.xlsx'}")
