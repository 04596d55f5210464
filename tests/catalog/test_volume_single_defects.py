"""One defect in a volume's 卷内 rows, one finding: a blank or unreadable 顺序号 or 页号 is reported at its own
row, and the row after it is not judged against the row before it (which would report a gap that is
only the bad cell again). Real gaps, repeats and overlaps are still found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

VOLUMES = "档号,案卷号,案卷题名,年度,保管期限,页数,件数,起止日期\nZ109-1-001,1,第1卷,2005,Y,8,4,20050101-20051231\n"
CLEAN_PAGES, CLEAN_SEQS = ["1-2", "3-4", "5-6", "7-8"], ["1", "2", "3", "4"]


def inner(pages, seqs) -> str:
    """The rows, each 档号 its volume's and the row's 顺序号 (its place where the 顺序号 is no number)."""
    return "档号,顺序号,文号,责任者,题名,日期,页号\n" + "".join(
        f"Z109-1-001-{seq if seq.isdigit() else k},{seq},,县人民政府,通知,20050315,{page}\n"
        for k, (page, seq) in enumerate(zip(pages, seqs), 1))


@pytest.mark.parametrize("pages, seqs, expected", [
    (CLEAN_PAGES, CLEAN_SEQS, []),
    (["1-2", "3-4", "6-5", "7-8"], CLEAN_SEQS, [("VOL007", 4)]),  # a reversed range
    (["1-2", "3-4", "", "7-8"], CLEAN_SEQS, [("VOL002", 4)]),  # a blank 页号
    (["1-2", "3-4", "五", "7-8"], CLEAN_SEQS, [("VOL007", 4)]),  # no page number
    (["", "3-4", "5-6", "7-8"], CLEAN_SEQS, [("VOL002", 2)]),  # the first row's 页号 blank: the second is not "not from 1"
    (CLEAN_PAGES, ["1", "2", "", "4"], [("VOL002", 4)]),  # a blank 顺序号
    (CLEAN_PAGES, ["1", "2", "x", "4"], [("VOL006", 4)]),  # a 顺序号 that is no number, reported at its row
    (CLEAN_PAGES, ["1", "2", "4", "5"], [("VOL006", 4)]),  # a real gap: still one finding
    (CLEAN_PAGES, ["1", "2", "2", "3"], [("VOL006", 4)]),  # a repeat
    (["1-2", "3-4", "6-6", "7-8"], CLEAN_SEQS, [("VOL007", 4)]),  # a missing page 5
    (["1-2", "3-4", "4-6", "7-8"], CLEAN_SEQS, [("VOL007", 4)]),  # page 4 twice
])
def test_one_bad_cell_is_one_finding(cli, tmp_path, pages, seqs, expected):
    a, b = tmp_path / "案卷目录.csv", tmp_path / "卷内目录.csv"
    a.write_text(VOLUMES, encoding="utf-8")
    b.write_text(inner(pages, seqs), encoding="utf-8")
    done = cli("catalog", a, b, "--format", "json", "--as-of", "2026-12-01", "--fail-on", "never")
    assert done.exit_code == 0, done.output
    found = sorted((f["rule"], f["location"]["line"]) for u in json.loads(done.output)["units"] for f in u["findings"]
                   if f["rule"] not in ("VOL008",))
    assert found == expected


LISTED = "档号,全宗号,目录号,案卷号,案卷题名,年度,保管期限,页数,件数,起止日期\n"


@pytest.mark.parametrize("code, rule", [("", "VOL002"), ("x", "VOL003"), ("Z109-1-", "VOL003"), ("Z109-1-OO2", "VOL003")])
def test_a_volumes_bad_code_is_one_finding_when_its_list_and_number_name_it(cli, tmp_path, code, rule):
    """Volume 2's 档号 blank or malformed, its 全宗号, 目录号 and 案卷号 intact: its 卷内 rows still find it
    (no orphans, no empty volume, no gap in the 案卷号); the bad 档号 is the one finding."""
    a, b = tmp_path / "案卷目录.csv", tmp_path / "卷内目录.csv"
    a.write_text(LISTED + "".join(f"{code if n == 2 else f'Z109-1-00{n}'},Z109,1,{n},第{n}卷,2005,Y,4,2,20050101-20051231\n"
                                  for n in (1, 2, 3)), encoding="utf-8")
    b.write_text("档号,顺序号,文号,责任者,题名,日期,页号\n" + "".join(
        f"Z109-1-00{n}-{s},{s},,县人民政府,通知,20050315,{2 * s - 1}-{2 * s}\n" for n in (1, 2, 3) for s in (1, 2)),
        encoding="utf-8")
    done = cli("catalog", a, b, "--format", "json", "--as-of", "2026-12-01", "--fail-on", "never")
    found = [(f["rule"], f["location"]["line"]) for u in json.loads(done.output)["units"] for f in u["findings"]]
    assert found == [(rule, 3)]


def test_a_volume_kept_shorter_than_all_its_documents_is_one_finding(cli, tmp_path):
    """The volume's own 保管期限 is the one wrong cell: one VOL013 at its first document, with the count."""
    a, b = tmp_path / "案卷目录.csv", tmp_path / "卷内目录.csv"
    a.write_text(VOLUMES.replace("2005,Y,", "2005,D10,"), encoding="utf-8")
    b.write_text(inner(CLEAN_PAGES, CLEAN_SEQS).replace("档号,顺序号,文号,责任者,题名,日期,页号\n", "档号,顺序号,文号,责任者,题名,日期,页号,保管期限\n")
                 .replace("\n", ",永久\n").replace("页号,保管期限,永久\n", "页号,保管期限\n"), encoding="utf-8")
    done = cli("catalog", a, b, "--format", "json", "--as-of", "2026-12-01", "--fail-on", "never")
    found = [f for u in json.loads(done.output)["units"] for f in u["findings"]]
    assert [(f["rule"], f["location"]["line"], f["evidence"]["documents"]) for f in found] == [("VOL013", 2, 4)]


@pytest.mark.parametrize("code, hint", [("Z109-9-001-3", True), ("", True), ("Z109-1-009-1", False)])
def test_a_mistyped_inner_code_is_one_finding(cli, tmp_path, code, hint):
    """A 卷内 row naming no listed volume: one VOL010. When its 顺序号 run on from the row before (a typo in its
    档号), it counts as that volume's row — no gap in 顺序号 or 页号, no short 件数 — and the finding says so."""
    a, b = tmp_path / "案卷目录.csv", tmp_path / "卷内目录.csv"
    a.write_text(VOLUMES, encoding="utf-8")
    rows = inner(CLEAN_PAGES, CLEAN_SEQS).splitlines(keepends=True)
    cells = rows[3].split(",")
    cells[0] = code
    if not hint:  # a row that starts numbering afresh: no volume's row by its 顺序号 either
        cells[1] = "1"
    rows[3] = ",".join(cells)
    b.write_text("".join(rows), encoding="utf-8")
    done = cli("catalog", a, b, "--format", "json", "--as-of", "2026-12-01", "--fail-on", "never")
    found = [f for u in json.loads(done.output)["units"] for f in u["findings"]]
    if hint:
        assert [(f["rule"], f["location"]["line"]) for f in found] == [("VOL010", 4)]
        assert "Z109-1-001" in found[0]["message"]["zh"] and "接续" in found[0]["message"]["zh"]
    else:
        assert ("VOL010", 4) in [(f["rule"], f["location"]["line"]) for f in found]
        assert all("接续" not in f["message"]["zh"] for f in found)


@pytest.mark.parametrize("block", [1 << 18, 60])  # 60 bytes: a batch a row, so the next row opens the next batch
@pytest.mark.parametrize("pages, seqs, rule, message", [
    (CLEAN_PAGES, ["1", "2", "5", "4"], "VOL006", "应为 3"),  # one wrong 顺序号: the next row carries on from the row before
    (CLEAN_PAGES, ["1", "2", "4", "4"], "VOL006", "应为 3"),
    (CLEAN_PAGES, ["1", "2", "4", "5"], "VOL006", "缺顺序号 3"),  # a real gap: the count goes on from the row after it
    (CLEAN_PAGES, ["1", "2", "3", "9"], "VOL006", "缺顺序号 4–8"),  # the volume's last row: no next row to say which
    (["1-2", "3-4", "99", "7-8"], CLEAN_SEQS, "VOL007", "不衔接"),  # one wrong 页号: its neighbours leave pages 5–6 for it
    (["1-2", "3-4", "2-3", "5-8"], CLEAN_SEQS, "VOL007", "不衔接"),  # the previous document's pages again
    (["1-2", "3-4", "6-6", "7-8"], CLEAN_SEQS, "VOL007", "缺页号 5"),  # a real gap: the count goes on from it
    (["1-2", "3-4", "5-6", "9-10"], CLEAN_SEQS, "VOL007", "缺页号 7–8"),  # the volume's last document
])
def test_a_wrong_number_inside_a_volume_is_one_finding(cli, tmp_path, monkeypatch, block, pages, seqs, rule, message):
    from archcheck.catalog import csv_blocks

    monkeypatch.setattr(csv_blocks, "BLOCK", block)
    a, b = tmp_path / "案卷目录.csv", tmp_path / "卷内目录.csv"
    a.write_text(VOLUMES, encoding="utf-8")
    b.write_text(inner(pages, seqs), encoding="utf-8")
    done = cli("catalog", a, b, "--format", "json", "--as-of", "2026-12-01", "--fail-on", "never")
    found = [f for u in json.loads(done.output)["units"] for f in u["findings"] if f["rule"] != "VOL008"]
    assert [f["rule"] for f in found] == [rule] and message in found[0]["message"]["zh"], found


@pytest.mark.parametrize("by", ["code", "number"])
@pytest.mark.parametrize("code, number", [("Z109-1-009", 2), ("Z109-1-002", 9), ("Z109-1-001", 2)])
def test_a_volume_code_that_disagrees_with_its_number_is_one_finding(cli, tmp_path, code, number, by):
    """Volume 2's 档号 says 9 while its 案卷号 and 卷内 rows say 2 (the 档号 mistyped), or its 案卷号 says 9 while
    its 档号 and 卷内 rows say 2 (the 案卷号 mistyped), or its 档号 repeats volume 1's while its 案卷号 and 卷内
    rows say 2: each time one VOL003 — the 卷内 rows find the volume, no 案卷号 is missing, nothing repeats."""
    a, b = tmp_path / "案卷目录.csv", tmp_path / "卷内目录.csv"
    a.write_text(LISTED + "".join(
        f"{code if n == 2 else f'Z109-1-00{n}'},Z109,1,{number if n == 2 else n},第{n}卷,2005,Y,4,2,20050101-20051231\n"
        for n in (1, 2, 3)), encoding="utf-8")
    if by == "code":  # the 卷内 rows name their volume by its 档号
        inner_rows = "档号,顺序号,文号,责任者,题名,日期,页号\n" + "".join(
            f"Z109-1-00{n}-{s},{s},,县人民政府,通知,20050315,{2 * s - 1}-{2 * s}\n" for n in (1, 2, 3) for s in (1, 2))
    else:  # by 全宗号, 目录号 and 案卷号
        inner_rows = "全宗号,目录号,案卷号,顺序号,文号,责任者,题名,日期,页号\n" + "".join(
            f"Z109,1,{n},{s},,县人民政府,通知,20050315,{2 * s - 1}-{2 * s}\n" for n in (1, 2, 3) for s in (1, 2))
    b.write_text(inner_rows, encoding="utf-8")
    done = cli("catalog", a, b, "--format", "json", "--as-of", "2026-12-01", "--fail-on", "never")
    found = [(f["rule"], f["location"]["line"]) for u in json.loads(done.output)["units"] for f in u["findings"]]
    assert found == [("VOL003", 3)]


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "catalog" / "volumes"


@pytest.mark.parametrize("column, value, rule", [("ajh", "8", "VOL010"), ("sxh", "x", "VOL006"), ("yh", "", "VOL002"),
                                                  ("sxh", "5", "VOL006"), ("rq", "19980230", "VOL012")])
def test_one_bad_cell_in_a_real_shaped_pair_is_one_more_finding(cli, tmp_path, column, value, rule):
    """The hand-written pinyin GB18030 pair (rows joined by qzh + mlh + ajh, as an archive system exports
    them), its own defects left in: one more bad cell in a row inside a volume adds exactly one finding."""
    names = ("ajml-pinyin-gb18030.csv", "jnml-pinyin-gb18030.csv")
    for name in names:
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    files = [tmp_path / name for name in names]

    def found():
        done = cli("catalog", *map(str, files), "--format", "json", "--as-of", "2026-12-01", "--fail-on", "never")
        assert done.exit_code == 0, done.output
        return sorted((f["rule"], Path(f["location"]["file"]).name, f["location"].get("line") or 0)
                      for u in json.loads(done.output)["units"] for f in u["findings"])

    before = found()
    rows = files[1].read_text(encoding="gb18030").splitlines(keepends=True)
    cells = rows[2].rstrip("\n").split(",")  # line 3: the second document of volume J027-2-1
    cells[rows[0].rstrip("\n").split(",").index(column)] = value
    rows[2] = ",".join(cells) + "\n"
    files[1].write_text("".join(rows), encoding="gb18030")
    after = found()
    assert sorted(set(after) - set(before)) == [(rule, names[1], 3)] and len(after) == len(before) + 1


TWO_VOLUMES = (LISTED + "Z109-1-001,Z109,1,1,第1卷,2005,Y,6,3,20050101-20051231\n"
               "Z109-1-002,Z109,1,2,第2卷,2005,Y,6,3,20050101-20051231\n")


def _inner_rows(volumes: list[tuple[int, int]]) -> str:
    """卷内 rows for (volume, 顺序号) pairs in file order, each 档号 its volume's, two pages a document."""
    return "档号,顺序号,文号,责任者,题名,日期,页号\n" + "".join(
        f"Z109-1-00{n}-{s},{s},,县人民政府,通知,20050315,{2 * s - 1}-{2 * s}\n" for n, s in volumes)


@pytest.mark.parametrize("block", [1 << 18, 60])
@pytest.mark.parametrize("code", ["Z109-1-001", "Z109-1-001-2"])
def test_an_inner_code_naming_an_earlier_volume_is_one_finding(cli, tmp_path, monkeypatch, block, code):
    """Volume 2's second row gives volume 1's 档号 (its own, or one of its rows'): its 顺序号 runs on from volume
    2's row before it and not from volume 1's last, so it is volume 2's row with a mistyped 档号 — one VOL003
    naming both volumes, not gaps, page and count findings in each."""
    from archcheck.catalog import csv_blocks

    monkeypatch.setattr(csv_blocks, "BLOCK", block)
    a, b = tmp_path / "案卷目录.csv", tmp_path / "卷内目录.csv"
    a.write_text(TWO_VOLUMES, encoding="utf-8")
    rows = _inner_rows([(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)]).splitlines(keepends=True)
    rows[5] = rows[5].replace("Z109-1-002-2", code)
    b.write_text("".join(rows), encoding="utf-8")
    done = cli("catalog", a, b, "--format", "json", "--as-of", "2026-12-01", "--fail-on", "never")
    found = [f for u in json.loads(done.output)["units"] for f in u["findings"]]
    assert [(f["rule"], f["location"]["line"]) for f in found] == [("VOL003", 6)], found
    assert "Z109-1-001" in found[0]["message"]["zh"] and "Z109-1-002" in found[0]["message"]["zh"]


@pytest.mark.parametrize("order, expected", [
    # a volume's rows in two places, each part numbered on from its own: no finding (the file is not sorted, not wrong)
    ([(1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (2, 3)], []),
    # 顺序号 running through the whole file (a row counter exported as 顺序号): each volume's start is VOL006's,
    # none of its rows is taken for the volume before
    ([(1, 1), (1, 2), (1, 3), (2, 4), (2, 5), (2, 6)], ["VOL006"]),
])
def test_rows_of_a_volume_met_anew_are_not_taken_for_the_volume_before(cli, tmp_path, order, expected):
    a, b = tmp_path / "案卷目录.csv", tmp_path / "卷内目录.csv"
    a.write_text(TWO_VOLUMES, encoding="utf-8")
    b.write_text(_inner_rows(order), encoding="utf-8")
    done = cli("catalog", a, b, "--format", "json", "--as-of", "2026-12-01", "--fail-on", "never")
    found = [f["rule"] for u in json.loads(done.output)["units"] for f in u["findings"] if f["rule"] in ("VOL003", "VOL006")]
    assert found == expected
