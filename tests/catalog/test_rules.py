"""Each CAT rule on a clean catalogue (no finding) and on a defective one (a finding at the right place)."""

from __future__ import annotations

import pytest

from catalog.conftest import HEADER, clean_rows, findings, lines_of, row

ALL_RULES = [f"CAT{n:03d}" for n in range(1, 20)]


def test_clean_catalogue_has_no_record_findings(catalog):
    report = catalog(clean_rows(30), as_of="2020-01-01")
    assert findings(report) == []
    assert report.score.total == 100.0
    assert {r.rule.id for r in report.results} >= set(ALL_RULES)


@pytest.mark.parametrize(
    "rule, changes, column",
    [
        ("CAT003", {"题名": "  "}, "题名"),
        ("CAT003", {"责任者": ""}, "责任者"),
        ("CAT004", {"档号": "Z109WS2019YBGS0003"}, "档号"),
        ("CAT004", {"档号": "Z109-WS·2019-D20-BGS-0003"}, "档号"),
        ("CAT005", {"档号": "Z109-WS.2019-Y-BGS-0003"}, "档号"),
        ("CAT005", {"档号": "Z109-WS・2019-Y-BGS-0003"}, "档号"),
        ("CAT005", {"档号": "WS·2019-Y-BGS-0003"}, "档号"),
        ("CAT006", {"机构": "CWK"}, "机构（问题）"),
        ("CAT006", {"年度": "2018"}, "年度"),
        ("CAT006", {"件号": "0009"}, "件号"),
        ("CAT008", {"件号": "3"}, "件号"),
        ("CAT010", {"保管期限": "D20"}, "保管期限"),
        ("CAT011", {"保管期限": "长期"}, "保管期限"),
        ("CAT012", {"日期": "20190230"}, "日期"),
        ("CAT012", {"日期": "2019-03-05"}, "日期"),
        ("CAT012", {"日期": "43529"}, "日期"),
        ("CAT013", {"日期": "二〇一九年三月五日"}, "日期"),
        ("CAT013", {"日期": "不详"}, "日期"),
        ("CAT014", {"日期": "20181231"}, "日期"),
        ("CAT015", {"页数": "0"}, "页数"),
        ("CAT015", {"页数": "若干"}, "页数"),
    ],
)
def test_rule_flags_the_defective_row(catalog, rule, changes, column):
    rows = clean_rows(5)
    rows[2] = row(3, **changes)
    report = catalog(rows)
    assert (rule, 4, column) in findings(report, rule)  # header = line 1, third record = line 4
    others = [f for f in findings(report) if f[1] not in (4, None)]
    assert others == [] or rule == "CAT006" and all(f[1] == 4 for f in others)


@pytest.mark.parametrize("cell", ["永久", "定期30年", "30年", "10年", " Y ", "'D30"])
def test_retention_labels_are_accepted(catalog, cell):
    term = {"永久": "Y", "定期30年": "D30", "30年": "D30", "10年": "D10", " Y ": "Y", "'D30": "D30"}[cell]
    rows = clean_rows(3, term=term)
    rows[1][HEADER.index("保管期限")] = cell
    report = catalog(rows)
    assert lines_of(report, "CAT010") == [] and lines_of(report, "CAT006") == []


def test_legacy_term_severity_depends_on_the_year(catalog):
    rows = clean_rows(2, year=2001) + clean_rows(2, year=2015)
    rows[0][HEADER.index("保管期限")] = "短期"
    rows[2][HEADER.index("保管期限")] = "长期"
    report = catalog(rows)
    assert lines_of(report, "CAT019") == [2]
    assert lines_of(report, "CAT011") == [4]


def test_excel_artefacts_are_not_defects(catalog):
    rows = clean_rows(3)
    rows[0][HEADER.index("页数")] = "12.0"
    rows[1][HEADER.index("日期")] = "２０１９０２１２"
    rows[2][HEADER.index("件号")] = "'0003"
    report = catalog(rows)
    assert lines_of(report, "CAT015") == [] and lines_of(report, "CAT012") == [] and lines_of(report, "CAT008") == []


def test_missing_columns_are_reported_once_per_file(catalog):
    header = [h for h in HEADER if h not in ("密级", "备注")]
    rows = [[c for h, c in zip(HEADER, r) if h in header] for r in clean_rows(3)]
    report = catalog(rows, header=header)
    assert sorted(c for _, _, c in findings(report, "CAT001")) == ["备注", "密级"]


def test_classification_columns_are_derived_from_the_ref_code(catalog):
    header = ["序号", "档号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注"]
    rows = [[r[HEADER.index(h)] for h in header] for r in clean_rows(4)]
    rows[2][1] = "Z109-WS·2019-Y-BGS-0004"  # duplicate of the next item, and 0003 missing
    report = catalog(rows, header=header)
    assert lines_of(report, "CAT007") == [5]
    assert lines_of(report, "CAT001") == []


def test_duplicates_after_separator_normalisation_name_the_first_line(catalog):
    rows = clean_rows(4) + [row(2, 档号="Z109-WS.2019-Y-BGS-0002 ")]
    report = catalog(rows)
    dup = [f for r in report.results if r.rule.id == "CAT007" for f in r.findings]
    assert [f.location.line for f in dup] == [6]
    assert dup[0].evidence["first_line"] == 3


def test_gap_is_reported_at_the_next_present_item(catalog):
    rows = [r for r in clean_rows(6) if r[6] not in ("0003", "0004")]
    report = catalog(rows)
    assert lines_of(report, "CAT009") == [4]
    assert lines_of(report, "CAT016") == []


def test_repeats_without_ref_column_are_reported_by_the_gap_rule(catalog):
    header = [h for h in HEADER if h != "档号"]
    rows = [[c for h, c in zip(HEADER, r) if h != "档号"] for r in clean_rows(3) + [row(2)]]
    report = catalog(rows, header=header)
    assert lines_of(report, "CAT009") == [5]


def test_out_of_order_items_and_interleaved_groups(catalog):
    rows = clean_rows(3) + clean_rows(2, org="CWK") + [row(4)]
    rows[0], rows[1] = rows[1], rows[0]
    report = catalog(rows)
    assert lines_of(report, "CAT016") == [3, 7]


def test_appraisal_due_and_missing_years_are_file_level(catalog):
    rows = clean_rows(2, year=2005, term="D10") + clean_rows(2, year=2008, term="Y")
    report = catalog(rows, as_of="2025-06-30")
    assert findings(report, "CAT017") == [("CAT017", None, "保管期限")]
    due = [f for r in report.results if r.rule.id == "CAT017" for f in r.findings][0]
    assert due.evidence["due"] == {"2005-D10": 2}
    missing = [f for r in report.results if r.rule.id == "CAT018" for f in r.findings][0]
    assert missing.evidence["missing"] == [2006, 2007]
    assert report.score.total == 100.0  # advisory findings on no record


def test_a_ragged_row_is_reported_once(catalog):
    """A cut-off row's missing cells are the one defect CAT002 names, not also blanks (CAT003)."""
    rows = clean_rows(3)
    rows[1] = rows[1] + ["多余"]
    rows[2] = rows[2][:5]
    report = catalog(rows)
    assert findings(report) == [("CAT002", 3, None), ("CAT002", 4, None)]


def test_dat13_form_needs_the_option(catalog):
    rows = clean_rows(2)
    rows[1][1] = "Z109-WS·2019·Y·BGS-0002"
    assert lines_of(catalog(rows), "CAT004") == [3]
    assert lines_of(catalog(rows, dat13=True), "CAT004") == []


def test_max_per_rule_keeps_counts(catalog):
    rows = clean_rows(10)
    for r in rows:
        r[HEADER.index("页数")] = "0"
    report = catalog(rows, max_per_rule=3)
    result = next(r for r in report.results if r.rule.id == "CAT015")
    assert len(result.findings) == 3 and result.total == 10
    assert report.stats["findings_by_rule"]["CAT015"] == 10
    assert report.score.total == 0.0


def test_score_weighs_records_by_severity(catalog):
    rows = clean_rows(4)
    rows[0][HEADER.index("件号")] = "1"  # minor (CAT008) → half a record
    rows[1][HEADER.index("页数")] = "0"  # major → a whole record
    report = catalog(rows)
    assert report.score.total == round(100 * (1 - 1.5 / 4), 1)


def test_a_broken_rule_is_an_error_outcome_not_a_crash(tmp_path):
    from archcheck.model import RecordCheck
    from catalog.conftest import RULES, run, write_csv
    import dataclasses

    class Boom(RecordCheck):
        def batch(self, batch):
            raise RuntimeError("boom")

    broken = dataclasses.replace(RULES[0], id="CAT099", check=Boom)
    path = write_csv(tmp_path / "c.csv", clean_rows(3))
    report = run(path, "2025-01-01", rules=[*RULES, broken])
    outcome = {r.rule.id: r.outcome.value for r in report.results}
    assert outcome["CAT099"] == "error" and outcome["CAT004"] == "pass"


def test_a_third_party_record_rule_in_a_few_lines(tmp_path):
    """The extension path: a RecordCheck with only `record()` is a complete catalogue rule."""
    from archcheck.api import Basis, RuleSet, Severity, T
    from archcheck.model import RecordCheck
    from catalog.conftest import RULES, run, write_csv

    rules = RuleSet(area="GXC")

    @rules.rule(id="GXC001", target="catalog", title=T("题名含“待定”", "Title says 待定"), severity=Severity.MINOR, points=1,
                basis=Basis("广西档案局通知"), remedy=T("补全题名", "Complete the title"), rationale=T("…", "…"), example=T("…", "…"))
    class NoPendingTitles(RecordCheck):
        def record(self, record, batch):
            if "待定" in record.get("题名", ""):
                yield batch.finding(record.index, "题名", T("题名含“待定”", "title says 待定"))

    rows = clean_rows(3)
    rows[1][HEADER.index("题名")] = "待定"
    path = write_csv(tmp_path / "c.csv", rows)
    report = run(path, "2025-01-01", rules=[*RULES, *rules.all()])
    assert [(f.rule_id, f.location.line, f.location.column) for r in report.results if r.rule.id == "GXC001"
            for f in r.findings] == [("GXC001", 3, "题名")]


def test_an_empty_ref_code_among_exact_ones_is_a_blank_cell_not_a_crash(catalog):
    """One 档号 cell empty in a batch of exact ones once made every 档号 rule an error (int(''))."""
    rows = clean_rows(6)
    rows[2][HEADER.index("档号")] = ""
    report = catalog(rows)
    outcomes = {r.rule.id: r.outcome.value for r in report.results}
    assert "error" not in outcomes.values()
    assert findings(report, "CAT003") == [("CAT003", 4, "档号")]


def _named(rows, names):
    """The rows with the 机构 column holding department names instead of codes."""
    for r in rows:
        r[HEADER.index("机构（问题）")] = names[r[HEADER.index("机构（问题）")]]
    return rows


def test_department_names_paired_consistently_with_codes_are_not_findings(catalog):
    rows = _named(clean_rows(5) + clean_rows(3, org="CWK"), {"BGS": "办公室", "CWK": "财务科"})
    assert findings(catalog(rows), "CAT006") == []


def test_a_row_contradicting_the_files_name_code_pairing_is_reported_once(catalog):
    rows = _named(clean_rows(5) + clean_rows(3, org="CWK"), {"BGS": "办公室", "CWK": "财务科"})
    rows[2][HEADER.index("机构（问题）")] = "财务科"  # the 档号 still says BGS
    report = catalog(rows)
    assert lines_of(report, "CAT006") == [4]
    assert [f for f in findings(report) if f[0] in ("CAT009", "CAT016")] == []


def test_a_given_pairing_wins_over_the_files_majority(catalog, tmp_path):
    import dataclasses

    from catalog.conftest import RULES, run, write_csv

    rows = _named(clean_rows(4), {"BGS": "办公室"})
    assert findings(catalog(rows), "CAT006") == []
    told = dataclasses.replace(next(r for r in RULES if r.id == "CAT006"), params={"org_codes": {"办公室": "DZB"}})
    report = run(write_csv(tmp_path / "told.csv", rows), rules=[told])
    assert lines_of(report, "CAT006") == [2, 3, 4, 5]


def export_fixtures() -> list[str]:
    """Every export under fixtures/catalog (sidecars with expected findings left out)."""
    from catalog.conftest import ROOT

    sidecars = (".expected.json", ".defects.json", ".truth.json")
    return sorted(str(p.relative_to(ROOT / "fixtures" / "catalog")) for p in (ROOT / "fixtures" / "catalog").rglob("*")
                  if p.suffix in (".csv", ".jsonl", ".json", ".xlsx", ".xls") and not p.name.endswith(sidecars))


@pytest.mark.parametrize("name", export_fixtures())
def test_no_rule_errors_on_any_fixture_export(name, cli):
    """A rule that raises is reported as `error` and the run goes on, which can hide a broken rule: on every
    export fixture, every catalogue rule must run to an outcome."""
    import json

    from catalog.conftest import ROOT

    result = cli("catalog", ROOT / "fixtures" / "catalog" / name, "--format", "json", "--fail-on", "never", "--as-of", "2026-12-01")
    if result.exit_code == 2:  # not a catalogue, or unreadable: refused before any rule ran
        return
    errors = [(o["rule"], o["reason"]["en"]) for u in json.loads(result.stdout)["units"] for o in u["outcomes"]
              if o["outcome"] == "error"]
    assert errors == []


def _outcome(report, rule_id):
    return next(r for r in report.results if r.rule.id == rule_id)


@pytest.mark.parametrize("rule", ["CAT004", "CAT005"])
def test_a_catalogue_arranged_before_the_2015_edition_is_not_passed_on_its_2015_rules(catalog, rule):
    """DA/T 22—2015 (in force 2016-06-01) defined the 档号 structure; a catalogue of 2000 was arranged
    under DA/T 22—2000, so its malformed 档号 is no finding — and the rule is not applicable, not a pass."""
    rows = clean_rows(5, year=2000)
    rows[2] = row(3, year=2000, 档号="Z109WS2000YBGS0003" if rule == "CAT004" else "Z109-WS.2000-Y-BGS-0003")
    result = _outcome(catalog(rows), rule)
    assert result.outcome.value == "not_applicable" and not result.findings
    assert "2016-06-01" in result.reason.en and "DA/T 22—2015" in result.reason.zh


@pytest.mark.parametrize("rule, ref", [("CAT004", "Z109WS2019YBGS0003"), ("CAT005", "Z109-WS.2019-Y-BGS-0003")])
def test_a_catalogue_with_items_of_both_editions_judges_the_later_ones(catalog, rule, ref):
    rows = clean_rows(3, year=2000) + [row(n, year=2019) for n in range(1, 4)]
    rows[4] = row(2, year=2019, 档号=ref)
    clean = _outcome(catalog(clean_rows(3, year=2000) + [row(n, year=2019) for n in range(1, 4)], name="clean.csv"), rule)
    assert clean.outcome.value == "pass"  # 2019 items were judged and pass
    result = _outcome(catalog(rows), rule)
    assert result.outcome.value == "fail" and [f.location.line for f in result.findings] == [6]


def test_a_plugin_catalogue_rule_can_say_nothing_was_its_to_judge(tmp_path):
    """RecordCheck.not_applicable: asked only when the rule found nothing; its reason becomes the outcome's."""
    from archcheck.api import Basis, RecordCheck, RuleSet, Severity, T

    from catalog.conftest import run, write_csv

    rules = RuleSet(area="NAP")

    @rules.rule(id="NAP001", title=T("只看 2030 年", "only 2030"), severity=Severity.MINOR, points=1, basis=Basis("test"),
                remedy=T("无", "none"), rationale=T("无", "none"), example=T("无", "none"), target="catalog")
    class Only2030(RecordCheck):
        def not_applicable(self):
            return T("没有 2030 年的文件", "no file of 2030")

    @rules.rule(id="NAP002", title=T("总报", "always"), severity=Severity.MINOR, points=1, basis=Basis("test"),
                remedy=T("无", "none"), rationale=T("无", "none"), example=T("无", "none"), target="catalog")
    class Always(RecordCheck):
        def record(self, record, batch):
            yield batch.finding(0, "题名", T("有", "found"))

        def not_applicable(self):
            raise AssertionError("not asked: the rule found something")

    report = run(write_csv(tmp_path / "c.csv", clean_rows(2)), rules=rules.all())
    assert _outcome(report, "NAP001").outcome.value == "not_applicable"
    assert _outcome(report, "NAP001").reason.en == "no file of 2030"
    assert _outcome(report, "NAP002").outcome.value == "fail"
