"""`archcheck check UNIT --catalog EXPORT`: the unit, its catalogues and the LNK rules between them.

The fixtures (fixtures/links) are a county bureau's description and its exports as archive systems
write them: a UTF-8-BOM 归档文件目录 with every DA/T 22 column, a 案卷目录 and its 卷内文件目录. They agree,
so the pair gives no LNK finding; each test then puts one disagreement in and expects one finding.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings, strategies as st

from archcheck.cli import main
from conftest import ROOT

FIXTURES = ROOT / "fixtures" / "links"
ITEMS, VOLUMES, INNER = "归档文件目录.csv", "案卷目录.csv", "卷内目录.csv"
ONLY_LINKS = ("--select", "LNK", "--no-fail-on-grade", "--fail-on", "minor")


@pytest.fixture
def folder(tmp_path):
    for path in FIXTURES.iterdir():
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def invoke(*args):
    return CliRunner().invoke(main, ["check", *map(str, args)], catch_exceptions=False)


def run_json(folder, *catalogues, extra=()):
    result = invoke(folder / "unit.yaml", *(a for c in catalogues for a in ("--catalog", folder / c)), "--format", "json",
                    "--exit-zero", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def link_unit(report):
    (unit,) = [u for u in report["units"] if "link" in u.get("stats", {})]
    return unit


def lnk_findings(report):
    return [f for f in link_unit(report)["findings"]]


def outcomes(report):
    return {o["rule"]: o["outcome"] for o in link_unit(report)["outcomes"]}


def edit_unit(folder, change):
    path = folder / "unit.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_rows(path, change):
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    change(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")


# ---------------------------------------------------------------- the consistent pair

def test_a_description_that_agrees_with_its_catalogues_gets_no_link_finding(folder):
    report = run_json(folder, ITEMS, VOLUMES, INNER)
    assert lnk_findings(report) == []
    assert outcomes(report) == {f"LNK00{i}": "pass" for i in range(1, 7)}
    # the report carries all three parts: the unit, each catalogue (its own CAT / VOL rules), the link
    kinds = [("link" in u.get("stats", {}), "records" in u.get("stats", {})) for u in report["units"]]
    assert kinds == [(False, False), (False, True), (False, True), (True, False)]
    assert {o["rule"][:3] for o in report["units"][1]["outcomes"]} == {"CAT"}
    assert {o["rule"][:3] for o in report["units"][2]["outcomes"]} == {"VOL"}
    assert any(o["rule"].startswith("FUN") for o in report["units"][0]["outcomes"])
    assert invoke(folder / "unit.yaml", "--catalog", folder / ITEMS, "--catalog", folder / VOLUMES, "--catalog",
                  folder / INNER, *ONLY_LINKS).exit_code == 0


def test_what_the_catalogue_lists_is_in_its_stats(folder):
    report = run_json(folder, ITEMS)
    holdings = report["units"][1]["stats"]["holdings"]
    assert holdings["kind"] == "items" and holdings["records"] == 12
    assert holdings["by_column"]["年度"] == {"2022": 4, "2023": 4, "2024": 4}
    assert holdings["by_column"]["全宗号"] == {"0123": 12}


# ---------------------------------------------------------------- one defect, one finding

def test_a_wrong_total_is_one_finding_naming_both_files(folder):
    edit_unit(folder, lambda d: d["holdings"].update(items=9861))
    report = run_json(folder, ITEMS)
    (finding,) = lnk_findings(report)
    assert finding["rule"] == "LNK001"
    assert finding["location"]["pointer"] == "/holdings/items"
    assert link_unit(report)["source"] == str(folder / "unit.yaml")
    assert "9,861" in finding["message"]["zh"] and "12" in finding["message"]["zh"] and ITEMS in finding["message"]["zh"]
    assert finding["evidence"] == {"unit": 9861, "catalogue": 12, "files": [str(folder / ITEMS)]}
    assert invoke(folder / "unit.yaml", "--catalog", folder / ITEMS, *ONLY_LINKS).exit_code == 1


def test_the_文书_category_is_compared_when_the_description_gives_it(folder):
    edit_unit(folder, lambda d: d["holdings"].update(items=20000, by_category=[{"category": "文书", "items": 12},
                                                                            {"category": "会计", "items": 19988}]))
    assert lnk_findings(run_json(folder, ITEMS)) == []
    edit_unit(folder, lambda d: d["holdings"]["by_category"][0].update(items=13))
    (finding,) = lnk_findings(run_json(folder, ITEMS))
    assert finding["location"]["pointer"] == "/holdings/by_category/0/items"


def test_a_foreign_fonds_code_is_one_finding_at_its_first_line(folder):
    def foreign(rows):
        rows[5][1] = rows[5][1].replace("0123-", "0456-")
        rows[5][2] = "0456"
    edit_rows(folder / ITEMS, foreign)
    (finding,) = lnk_findings(run_json(folder, ITEMS))
    assert finding["rule"] == "LNK004" and finding["location"]["pointer"] == "/unit/fonds_code"
    assert finding["evidence"]["value"] == "0456" and finding["evidence"]["records"] == 1
    assert finding["evidence"]["first"] == f"{folder / ITEMS}:6"
    assert f"{ITEMS}:6" in finding["message"]["zh"] and "0123" in finding["message"]["en"]


def test_a_department_the_description_lacks_is_one_finding(folder):
    def unknown(rows):
        rows[4][1] = rows[4][1].replace("-LZG-", "-XXK-")
        rows[4][5] = "信息科"
    edit_rows(folder / ITEMS, unknown)
    (finding,) = lnk_findings(run_json(folder, ITEMS))
    assert finding["rule"] == "LNK005" and finding["location"]["pointer"] == "/unit/departments"
    assert finding["evidence"]["value"] == "信息科" and "信息科" in finding["message"]["zh"]


def test_a_department_given_by_its_code_is_known_by_its_code(folder):
    codes = {"办公室": "BGS", "财务股": "CWG", "林政资源股": "LZG"}
    edit_rows(folder / ITEMS, lambda rows: [r.__setitem__(5, codes[r[5]]) for r in rows[1:]])
    assert lnk_findings(run_json(folder, ITEMS)) == []
    # without the codes in the description, the codes are departments it does not list
    edit_unit(folder, lambda d: [dep.pop("code") for dep in d["unit"]["departments"]])
    findings = lnk_findings(run_json(folder, ITEMS))
    assert sorted(f["evidence"]["value"] for f in findings) == ["BGS", "CWG", "LZG"]
    assert {f["rule"] for f in findings} == {"LNK005"}


def test_a_code_that_is_not_the_descriptions_is_one_finding(folder):
    edit_unit(folder, lambda d: d["unit"]["departments"][1].update(code="CW"))
    (finding,) = lnk_findings(run_json(folder, ITEMS))
    assert finding["rule"] == "LNK006" and finding["location"]["pointer"] == "/unit/departments/1/code"
    assert finding["evidence"]["code"] == "CWG" and finding["evidence"]["records"] == 3


def test_a_year_that_disagrees_is_one_finding_and_a_year_left_out_another(folder):
    edit_unit(folder, lambda d: d["holdings"]["by_year"][2].update(items=5))
    report = run_json(folder, ITEMS, VOLUMES, INNER)
    (finding,) = lnk_findings(report)
    assert finding["rule"] == "LNK003" and finding["location"]["pointer"] == "/holdings/by_year/2/items"
    assert finding["evidence"]["year"] == 2023 and finding["evidence"]["catalogue"] == 4
    edit_unit(folder, lambda d: d["holdings"].update(by_year=[y for y in d["holdings"]["by_year"] if y["year"] != 2023]))
    edit_unit(folder, lambda d: d["holdings"].update(items=12))
    (finding,) = lnk_findings(run_json(folder, ITEMS))
    assert finding["location"]["pointer"] == "/holdings/by_year" and finding["evidence"] == {
        "year": 2023, "unit": None, "catalogue": 4, "files": [str(folder / ITEMS)]}


def test_volumes_are_what_the_案卷目录_lists_not_the_卷内_rows(folder):
    edit_unit(folder, lambda d: d["holdings"].update(volumes=8))
    (finding,) = lnk_findings(run_json(folder, VOLUMES, INNER))
    assert finding["rule"] == "LNK002" and finding["evidence"]["catalogue"] == 3
    assert VOLUMES in finding["message"]["zh"]


def test_several_item_catalogues_are_summed(folder):
    rows = list(csv.reader(io.StringIO((folder / ITEMS).read_text(encoding="utf-8-sig"))))
    for name, year in (("2022.csv", "2022"), ("2023-2024.csv", None)):
        part = [rows[0]] + [r for r in rows[1:] if (r[3] == year if year else r[3] != "2022")]
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(part)
        (folder / name).write_text(out.getvalue(), encoding="utf-8-sig")
    report = run_json(folder, "2022.csv", "2023-2024.csv")
    assert lnk_findings(report) == [] and outcomes(report)["LNK001"] == "pass"
    edit_unit(folder, lambda d: d["holdings"].update(items=4))
    (finding,) = lnk_findings(run_json(folder, "2022.csv", "2023-2024.csv"))
    assert finding["evidence"]["catalogue"] == 12 and "2022.csv、2023-2024.csv" in finding["message"]["zh"]


# ---------------------------------------------------------------- no evidence is not a disagreement

def test_what_the_description_does_not_give_is_not_applicable(folder):
    edit_unit(folder, lambda d: (d.pop("holdings"), d["unit"].pop("fonds_code"), d["unit"].pop("departments")))
    report = run_json(folder, ITEMS)
    assert set(outcomes(report).values()) == {"not_applicable"}
    assert lnk_findings(report) == []


def test_a_count_with_no_catalogue_of_its_kind_is_not_applicable(folder):
    result = outcomes(run_json(folder, ITEMS))
    assert result["LNK002"] == "not_applicable" and result["LNK001"] == "pass"


def test_a_scheme_by_subject_leaves_the_departments_unchecked(folder):
    edit_unit(folder, lambda d: d["filing"]["classification"].update(scheme="year-problem-retention"))
    edit_rows(folder / ITEMS, lambda rows: [r.__setitem__(5, "党群工作类") for r in rows[1:]])
    assert outcomes(run_json(folder, ITEMS))["LNK005"] == "not_applicable"


# ---------------------------------------------------------------- formats, XLSX, errors

def test_sarif_and_junit_carry_all_three_parts(folder):
    edit_unit(folder, lambda d: d["holdings"].update(items=13))
    sarif_path, junit_path = folder / "r.sarif", folder / "r.xml"
    result = invoke(folder / "unit.yaml", "--catalog", folder / ITEMS, "--format", f"sarif:{sarif_path}",
                    "--format", f"junit:{junit_path}", "--exit-zero")
    assert result.exit_code == 0, result.output
    run = json.loads(sarif_path.read_text(encoding="utf-8"))["runs"][0]
    (lnk,) = [r for r in run["results"] if r["ruleId"] == "LNK001"]
    location = lnk["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("unit.yaml")
    items_line = next(i for i, line in enumerate((folder / "unit.yaml").read_text(encoding="utf-8").splitlines(), 1)
                      if line.strip().startswith("items:"))
    assert location["region"]["startLine"] == items_line
    assert ITEMS in lnk["message"]["text"]
    rules = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert {"LNK001", "CAT001", "FUN001"} <= rules
    junit = junit_path.read_text(encoding="utf-8")
    assert "LNK001" in junit and "CAT001" in junit and "FUN001" in junit


def test_the_table_shows_the_link_after_the_unit_and_its_catalogue(folder):
    edit_unit(folder, lambda d: d["holdings"].update(items=13))
    out = invoke(folder / "unit.yaml", "--catalog", folder / ITEMS, "--exit-zero", "--lang", "en").stdout
    assert out.index("Archive self-audit") < out.index("Catalogue export check") < out.index("Description against catalogues")
    assert "the description says 13 items and the 归档文件目录 (归档文件目录.csv) lists 12" in out
    assert "Ranking" not in out and "名次" not in out


def test_an_xlsx_catalogue_with_a_title_row_counts_the_same(folder):
    from openpyxl import Workbook

    rows = list(csv.reader(io.StringIO((folder / ITEMS).read_text(encoding="utf-8-sig"))))
    book = Workbook()
    sheet = book.active
    sheet.title = "归档文件目录"
    sheet.append(["某县林业局归档文件目录（2022—2024年）"])
    sheet.append([])
    for row in rows:
        sheet.append(row)
    book.save(folder / "归档文件目录.xlsx")
    edit_unit(folder, lambda d: d["holdings"].update(items=11))
    (finding,) = lnk_findings(run_json(folder, "归档文件目录.xlsx"))
    assert finding["rule"] == "LNK001" and finding["evidence"]["catalogue"] == 12


def test_a_missing_catalogue_is_exit_2_naming_it(folder):
    result = invoke(folder / "unit.yaml", "--catalog", folder / "没有这个目录.csv")
    assert result.exit_code == 2 and "没有这个目录.csv" in result.stderr and "Traceback" not in result.output


def test_an_unreadable_catalogue_is_exit_2_naming_it(folder):
    (folder / "坏.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    result = invoke(folder / "unit.yaml", "--catalog", folder / "坏.xlsx")
    assert result.exit_code == 2 and "坏.xlsx" in result.stderr and "Traceback" not in result.output


def test_catalogues_go_with_one_unit(folder):
    shutil.copy(folder / "unit.yaml", folder / "other.yaml")
    result = invoke(folder / "unit.yaml", folder / "other.yaml", "--catalog", folder / ITEMS)
    assert result.exit_code == 2 and "--catalog" in result.stderr


def test_an_output_may_not_overwrite_a_catalogue(folder):
    result = invoke(folder / "unit.yaml", "--catalog", folder / ITEMS, "--format", "json", "-o", folder / ITEMS)
    assert result.exit_code == 2
    assert (folder / ITEMS).read_text(encoding="utf-8-sig").startswith("序号,档号")


# ---------------------------------------------------------------- the count rules, as a property

def _catalogue(path: Path, per_year: dict[int, int]) -> None:
    lines = ["档号,年度,保管期限,件号,题名"]
    for year, n in sorted(per_year.items()):
        lines += [f"0123-WS·{year}-Y-{k:04d},{year},Y,{k:04d},关于第{k}件事的通知" for k in range(1, n + 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(per_year=st.dictionaries(st.integers(2016, 2024), st.integers(0, 6), min_size=1, max_size=4),
       said=st.dictionaries(st.integers(2016, 2024), st.integers(0, 6), max_size=4),
       total_off=st.integers(-3, 3))
@example(per_year={2016: 0}, said={2016: 1}, total_off=0)  # a catalogue of no records lists zero for every year
def test_a_count_finding_appears_iff_the_counts_disagree(tmp_path_factory, per_year, said, total_off):
    from archcheck.audit.prepared import PreparedAudit, Settings
    from archcheck.audit.unit_links import check_linked
    from archcheck.scoring import load_profile
    from conftest import plugins

    folder = tmp_path_factory.mktemp("prop")
    _catalogue(folder / "c.csv", per_year)
    listed = {year: n for year, n in per_year.items() if n}  # what the catalogue lists, per year
    given_years = {**listed, **said} if said else listed
    total = sum(listed.values()) + total_off
    unit = {"schema_version": "1", "as_of": "2025-06-30", "unit": {"name": "甲"},
            "holdings": {"items": max(total, 0), "by_year": [{"year": y, "items": n} for y, n in sorted(given_years.items())]}}
    (folder / "u.json").write_text(json.dumps(unit, ensure_ascii=False), encoding="utf-8")
    links = [r for r in plugins().rules if r.target == "link"]
    audit = PreparedAudit(plugins(), Settings(profile=load_profile("default")), {"unit": [], "catalog": [], "volumes": [], "link": links})
    report = check_linked(folder / "u.json", [folder / "c.csv"], audit)
    found = {r.rule.id: r for r in report.units[-1].results}
    assert (found["LNK001"].outcome.value == "fail") == (max(total, 0) != sum(listed.values()))
    wrong_years = {y for y, n in given_years.items() if listed.get(y, 0) != n}
    assert {f.evidence["year"] for f in found["LNK003"].findings} == wrong_years
    assert (found["LNK003"].outcome.value == "fail") == bool(wrong_years)


def test_a_hostile_column_of_distinct_values_keeps_the_tally_bounded(folder, monkeypatch):
    import archcheck.catalog.tally as tally

    monkeypatch.setattr(tally, "MAX_KEYS", 50)
    lines = ["档号,年度,机构,题名"] + [f"0123-WS·2024-Y-K{n:03d}-0001,2024,部门{n},关于第{n}件事的通知" for n in range(300)]
    (folder / "hostile.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run_json(folder, "hostile.csv")
    holdings = report["units"][1]["stats"]["holdings"]
    assert holdings["records"] == 300 and holdings["truncated"] == ["机构"]
    assert len(holdings["by_column"]["机构"]) == 50 and holdings["other"] == {"机构": 250}
    assert len([f for f in lnk_findings(report) if f["rule"] == "LNK005"]) == 50  # one per value told apart
