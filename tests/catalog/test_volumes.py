"""Volume catalogues: which tables are 案卷目录 or 卷内文件目录, what their cells are read as, how a run
of both is checked (locations, options, bad input), and that 卷内 rows are not kept in memory."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archcheck.api import volumes as K

ROOT = Path(__file__).resolve().parents[2]
VOLUMES = "档号,案卷号,案卷题名,年度,保管期限,页数,件数,起止日期\n"
INNER = "档号,顺序号,文号,责任者,题名,日期,页号\n"


def volume_row(n: int, items: int = 2, pages: int = 4, year: int = 2005, term: str = "Y") -> str:
    return f"Z109-WS·{year}-Y-{n:03d},{n},县政府关于第{n}项工作的通知,{year},{term},{pages},{items},{year}0110-{year}0320\n"


def inner_rows(n: int, items: int = 2, year: int = 2005) -> str:
    out, page = "", 1
    for seq in range(1, items + 1):
        out += f"Z109-WS·{year}-Y-{n:03d}-{seq},{seq},,县人民政府,关于第{seq}件的通知,{year}0{1 + seq % 3}15,{page}-{page + 1}\n"
        page += 2
    return out


def write_pair(tmp_path: Path, volumes: str, inner: str, encoding: str = "utf-8") -> tuple[Path, Path]:
    a, b = tmp_path / "案卷目录.csv", tmp_path / "卷内目录.csv"
    a.write_bytes(volumes.encode(encoding))
    b.write_bytes(inner.encode(encoding))
    return a, b


def run_json(cli, tmp_path, *args) -> dict:
    out = tmp_path / "report.json"
    result = cli("catalog", *args, "--format", "json", "-o", out, "--as-of", "2026-12-01", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- which table is which


@pytest.mark.parametrize("header, kind", [
    ("档号,案卷号,案卷题名,年度,保管期限,页数,件数,起止日期", K.VOLUME),
    ("qzh,mlh,ajh,ajtm,nd,bgqx,qzrq,js,ys,bz", K.VOLUME),
    ("全宗号,目录号,卷号,题名,起止时间,保管期限,件数,页数", K.VOLUME),  # 题名 of a volume list with 卷号 and 件数
    ("档号,顺序号,文号,责任者,题名,日期,页号,备注", K.INNER),
    ("qzh,mlh,ajh,sxh,wh,zrz,tm,rq,yh,bz", K.INNER),
    ("案卷号,序号,文件题名,成文日期,页号", K.INNER),
    # an item catalogue (归档文件目录) stays one, even with 页号 for its page count
    ("序号,档号,文号,责任者,题名,日期,密级,页数,备注", None),
    ("序号,档号,责任者,题名,日期,页号", None),
    ("dh,tm,zrz,wh,rq,ys,bgqx,mj,jgwt,jh,qzh,nd,bz", None),
    # a box list is neither (issue 11: refused as not a catalogue)
    ("全宗号,年度,保管期限,机构（问题）,盒号,起止件号,件数,备注", None),
])
def test_a_table_is_told_by_its_header(header, kind):
    assert K.detect(header.split(",")) == kind


def test_kind_volumes_forces_the_nearer_vocabulary():
    assert K.force("全宗号,目录号,案卷号,题名,年度,页数".split(",")) in (K.VOLUME, K.INNER)
    assert K.force("案卷号,件数,页数".split(",")) == K.VOLUME
    assert K.force("案卷号,题名,日期,页号".split(",")) == K.INNER


def test_the_real_item_fixtures_are_not_read_as_volume_catalogues(cli, tmp_path):
    for name in ("catalog-utf8-bom.csv", "catalog-gb18030.csv", "catalog.jsonl", "catalog.xlsx"):
        report = run_json(cli, tmp_path, ROOT / "fixtures" / "catalog" / name)
        assert {f["rule"][:3] for f in report["units"][0]["findings"]} <= {"CAT"}, name


# ---------------------------------------------------------------- cell parsers


@pytest.mark.parametrize("raw, low, high", [
    ("20050110-20050320", 20050110, 20050320),
    ("2005.01.10—2005.03.20", 20050110, 20050320),
    ("2005-01-10—2005-03-20", 20050110, 20050320),
    ("2005年1月10日至2005年3月20日", 20050110, 20050320),
    ("200501-200503", 20050101, 20050331),
    ("2005.01-2005.03", 20050101, 20050331),
    ("2005", 20050101, 20051231),
    ("20050110", 20050110, 20050110),
])
def test_起止日期_forms(raw, low, high):
    assert K.parse_span(raw) == K.Span(low, high)


@pytest.mark.parametrize("raw", ["2005年上半年", "20051310-20051320", "20050320-20050110", "abc", "2005-13"])
def test_a_span_that_is_no_date_range_is_bad(raw):
    assert K.parse_span(raw) == "bad"


def test_a_span_from_two_cells():
    assert K.parse_span("20050110", "20050320") == K.Span(20050110, 20050320)
    assert K.parse_span("") is None


@pytest.mark.parametrize("raw, end, count, pages", [
    ("5", "", "", K.Pages(5, None)),
    ("5-8", "", "", K.Pages(5, 8)),
    ("5～8", "", "", K.Pages(5, 8)),
    ("5.0", "", "", K.Pages(5, None)),
    ("5", "8", "", K.Pages(5, 8)),
    ("5", "", "4", K.Pages(5, 8)),
])
def test_页号_forms(raw, end, count, pages):
    assert K.parse_page_range(raw, end, count) == pages


@pytest.mark.parametrize("raw", ["0", "8-5", "第五页", "5-", "-3"])
def test_a_page_number_that_is_none_is_bad(raw):
    assert K.parse_page_range(raw) == "bad"


def test_volume_codes():
    code = K.parse_volume_code(" Z109-WS.2005-Y-012 ")
    assert code == K.VolumeCode("Z109-WS·2005-Y-012", "Z109-WS·2005-Y", 12, ())
    assert K.parse_volume_code("Z109-012").problems == ("segments",)
    assert "number" in K.parse_volume_code("Z109-1-十二").problems
    assert K.split_item_code("Z109-1-012-3") == ("Z109-1-012", 3)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40), st.text(max_size=8), st.text(max_size=8))
def test_the_parsers_never_raise(raw, other, third):
    assert K.parse_span(raw, other) in (None, "bad") or isinstance(K.parse_span(raw, other), K.Span)
    K.parse_page_range(raw, other, third)
    K.parse_volume_code(raw)
    K.split_item_code(raw)
    K.detect([raw, other, third])


# ---------------------------------------------------------------- a run of both


def test_findings_name_the_file_and_line_of_either_catalogue(cli, tmp_path):
    volumes = VOLUMES + volume_row(1) + volume_row(2, items=3)
    inner = INNER + inner_rows(1) + inner_rows(2, items=2)
    a, b = write_pair(tmp_path, volumes, inner)
    unit = run_json(cli, tmp_path, b, a)["units"][0]
    assert unit["name"] == "卷内目录.csv + 案卷目录.csv" and unit["stats"]["volumes"] == 2
    vol009 = [f for f in unit["findings"] if f["rule"] == "VOL009"]
    assert [(f["location"]["file"], f["location"]["line"]) for f in vol009] == [(str(a), 3)]
    assert vol009[0]["location"]["column"] == "件数"
    assert {f["rule"] for f in unit["findings"]} == {"VOL009"}  # 3 documents announced, 2 listed (their 4 pages agree)


def test_a_column_map_names_volume_columns(cli, tmp_path):
    volumes = "档号,卷宗标签,年度,保管期限,页数,件数,起止日期\n" + volume_row(1).replace(",1,县政府", ",县政府", 1)
    a, b = write_pair(tmp_path, volumes, INNER + inner_rows(1))
    unit = run_json(cli, tmp_path, a, b, "--column", "卷宗标签=案卷题名")["units"][0]
    assert unit["findings"] == [] and unit["stats"]["volumes"] == 1


def test_a_column_map_naming_a_header_no_list_has_exits_2(cli, tmp_path):
    a, b = write_pair(tmp_path, VOLUMES + volume_row(1), INNER + inner_rows(1))
    result = cli("catalog", a, b, "--column", "卷宗标签=案卷题名")
    assert result.exit_code == 2 and "卷宗标签" in result.output and "Traceback" not in result.output


def test_kind_items_reads_every_table_as_an_item_catalogue(cli, tmp_path):
    a, b = write_pair(tmp_path, VOLUMES + volume_row(1), INNER + inner_rows(1))
    report = run_json(cli, tmp_path, a, b, "--kind", "items")
    assert len(report["units"]) == 2 and all(u["findings"] for u in report["units"])
    assert {f["rule"][:3] for u in report["units"] for f in u["findings"]} == {"CAT"}


def test_an_unreadable_file_in_a_volume_run_exits_2_naming_it(cli, tmp_path):
    a, _ = write_pair(tmp_path, VOLUMES + volume_row(1), INNER + inner_rows(1))
    broken = tmp_path / "卷内.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    result = cli("catalog", a, broken)
    assert result.exit_code == 2 and "卷内.xlsx" in result.output and "Traceback" not in result.output


def test_item_and_volume_catalogues_in_one_run_give_one_report_each(cli, tmp_path):
    a, b = write_pair(tmp_path, VOLUMES + volume_row(1), INNER + inner_rows(1))
    report = run_json(cli, tmp_path, ROOT / "fixtures" / "catalog" / "catalog-utf8-bom.csv", a, b)
    assert [u["name"] for u in report["units"]] == ["catalog-utf8-bom.csv", "案卷目录.csv + 卷内目录.csv"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=",\"\r\n"), max_size=12),
                      min_size=15, max_size=15))
def test_hostile_cells_never_crash_a_run(cli, tmp_path, cells):
    volumes = VOLUMES + ",".join(cells[:8]) + "\n"
    inner = INNER + ",".join(cells[8:]) + "\n"
    a, b = write_pair(tmp_path, volumes, inner)
    first = cli("catalog", a, b, "--format", "json", "--as-of", "2026-12-01", "--fail-on", "never")
    assert first.exit_code == 0, first.output
    again = cli("catalog", a, b, "--format", "json", "--as-of", "2026-12-01", "--fail-on", "never")
    assert json.loads(first.output)["units"][0]["findings"] == json.loads(again.output)["units"][0]["findings"]


def test_卷内_rows_are_not_kept_memory_grows_with_volumes_not_rows(tmp_path):
    """Ten times the 卷内 rows in the same volumes: the run's peak memory barely moves."""
    import datetime as dt

    from archcheck.audit.catalog_files import CatalogOptions
    from archcheck.audit.prepared import PreparedAudit, Settings
    from archcheck.audit.volume_files import check_volumes
    from archcheck.plugins import load_plugins
    from archcheck.scoring import load_profile

    plugins = load_plugins()

    def peak(items: int) -> int:
        volumes = VOLUMES + "".join(volume_row(n, items=items, pages=2 * items) for n in range(1, 51))
        inner = INNER + "".join(inner_rows(n, items=items) for n in range(1, 51))
        a, b = write_pair(tmp_path, volumes, inner)
        audit = PreparedAudit(plugins, Settings(profile=load_profile("default")))
        tracemalloc.start()
        unit = check_volumes([a, b], audit, CatalogOptions(as_of=dt.date(2026, 12, 1)))
        top = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert unit.stats["records"] == 50 + 50 * items
        return top

    # both sizes span many read blocks (a block is read whole), so what grows with rows would show
    peak(400)  # imports and caches settle first
    small, large = peak(400), peak(2000)  # 20 000 and 100 000 卷内 rows
    assert large < small * 1.5, (small, large)


def test_the_rules_name_the_kinds_as_the_reader_does():
    from archcheck.checkers.volumes import ruleset

    assert (ruleset.VOLUME, ruleset.INNER) == (K.VOLUME, K.INNER)


def mixed_workbook(path: Path) -> Path:
    """A workbook as a county archive's system exports it: a title row over Chinese headers on each sheet,
    a 案卷目录, its 卷内文件目录, and an 归档文件目录 of the items filed since 2001 (one 档号 repeated)."""
    from openpyxl import Workbook

    book = Workbook()
    volumes = book.active
    volumes.title = "案卷目录"
    volumes.append(["某县人民政府案卷目录"])
    volumes.append(VOLUMES.strip().split(","))
    for n in (1, 2):
        volumes.append(volume_row(n).strip().split(","))
    inner = book.create_sheet("卷内文件目录")
    inner.append(["卷内文件目录"])
    inner.append(INNER.strip().split(","))
    for n in (1, 2):
        for row in inner_rows(n).splitlines():
            inner.append(row.split(","))
    items = book.create_sheet("归档文件目录")
    items.append(["某县人民政府2019年归档文件目录"])
    items.append(["序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注"])
    for n in (1, 2, 2, 3):
        items.append([str(n), f"Z109-WS·2019-Y-BGS-{n:04d}", f"县政发〔2019〕{n}号", "县人民政府", f"关于第{n}项工作的通知",
                      f"2019031{n}", "", "3", ""])
    book.save(path)
    return path


def test_an_item_sheet_beside_volume_sheets_is_checked_as_an_item_catalogue(cli, tmp_path):
    book = mixed_workbook(tmp_path / "全宗档案.xlsx")
    report = run_json(cli, tmp_path, book)
    assert [u["name"] for u in report["units"]] == ["全宗档案.xlsx", "全宗档案.xlsx"]
    items, volumes = report["units"]
    # the item sheet alone, as an item catalogue: its repeated 档号 found there, at its row
    assert [t["sheet"] for t in items["stats"]["tables"]] == ["归档文件目录"] and items["stats"]["records"] == 4
    assert sorted(items["stats"]["volume_tables"]) == ["卷内文件目录", "案卷目录"]
    repeated = [f for f in items["findings"] if f["rule"] == "CAT007"]
    assert [(f["location"]["sheet"], f["location"]["line"]) for f in repeated] == [("归档文件目录", 5)]
    assert {f["location"]["sheet"] for f in items["findings"]} == {"归档文件目录"}
    # the volume sheets in the volume run, which names the item sheet instead of skipping it
    assert volumes["stats"]["volumes"] == 2 and {f["rule"][:3] for f in volumes["findings"]} <= {"VOL"}
    assert volumes["stats"]["item_tables"] == [{"file": str(book), "sheet": "归档文件目录"}]
    assert "skipped_tables" not in volumes["stats"]


def test_a_notes_sheet_beside_volume_sheets_is_still_skipped_and_named(cli, tmp_path):
    from openpyxl import load_workbook

    book = mixed_workbook(tmp_path / "全宗档案.xlsx")
    workbook = load_workbook(book)
    del workbook["归档文件目录"]
    workbook.create_sheet("说明").append(["本目录由档案系统导出"])
    workbook.save(book)
    [volumes] = run_json(cli, tmp_path, book)["units"]
    assert [t["sheet"] for t in volumes["stats"]["skipped_tables"]] == ["说明"] and "item_tables" not in volumes["stats"]
