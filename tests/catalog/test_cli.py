"""`archcheck catalog` end to end: output formats, gates, exit codes, and hostile files (exit only 0/1/2)."""

from __future__ import annotations

import json

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from archcheck.cli import main
from catalog.conftest import HEADER, clean_rows, row, write_csv


def invoke(*args):
    return CliRunner().invoke(main, ["catalog", *map(str, args)], catch_exceptions=False)


def test_json_report_lists_every_finding_with_locations(tmp_path):
    rows = clean_rows(4)
    rows[1] = row(2, 页数="0")
    path = write_csv(tmp_path / "c.csv", rows)
    result = invoke(path, "--format", "json", "--as-of", "2025-06-30")
    assert result.exit_code == 0, result.output
    unit = json.loads(result.stdout)["units"][0]
    assert unit["stats"]["records"] == 4 and unit["stats"]["findings_by_rule"] == {"CAT015": 1}
    (finding,) = [f for f in unit["findings"] if f["rule"] == "CAT015"]
    assert finding["location"] == {"file": str(path), "line": 3, "column": "页数"}
    assert finding["basis"]["number"] == "DA/T 22—2015"


def test_gates_and_exit_codes(tmp_path):
    path = write_csv(tmp_path / "c.csv", clean_rows(3) + [row(3)])
    assert invoke(path).exit_code == 0  # default gate: critical only
    assert invoke(path, "--fail-on", "major").exit_code == 1
    assert invoke(path, "--fail-under", "99").exit_code == 1
    assert invoke(path, "--fail-on", "major", "--ignore", "CAT007", "--ignore", "CAT016").exit_code == 0


def test_table_groups_by_rule_and_english_messages(tmp_path):
    rows = [row(i, 页数="x") for i in range(1, 30)]
    path = write_csv(tmp_path / "c.csv", rows)
    out = invoke(path, "--lang", "en", "--max-per-rule", "2").stdout
    assert "CAT015" in out and "27 more" in out and "页数 “x” is not a positive whole number" in out


def test_column_mapping_and_encoding_options(tmp_path):
    header = ["Title" if h == "题名" else h for h in HEADER]
    path = write_csv(tmp_path / "c.csv", clean_rows(2), header=header, encoding="gb18030")
    result = invoke(path, "--format", "json", "--encoding", "gb18030", "--column", "Title=题名")
    assert result.exit_code == 0
    assert "CAT001" not in json.loads(result.stdout)["units"][0]["stats"]["findings_by_rule"]
    assert invoke(path, "--column", "nonsense").exit_code == 2
    assert invoke(path, "--encoding", "nope").exit_code == 2
    assert invoke(path, "--as-of", "yesterday").exit_code == 2


def test_unreadable_input_is_exit_2_with_file_and_line(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes("题名,日期\n通知,20190101\n".encode("utf-8") + "报告,20190102\n".encode("gb18030"))
    result = invoke(path, "--encoding", "utf-8")
    assert result.exit_code == 2
    assert f"{path}:3" in result.stderr and "Traceback" not in result.stderr


def test_the_tool_never_writes_to_its_input(tmp_path):
    path = write_csv(tmp_path / "c.csv", clean_rows(2))
    before = path.read_bytes()
    assert invoke(path, "-o", path).exit_code == 2
    assert path.read_bytes() == before


def test_rules_and_explain_include_catalogue_rules():
    runner = CliRunner()
    listing = runner.invoke(main, ["rules", "--format", "json"]).stdout
    ids = {r["id"] for r in json.loads(listing) if r["target"] == "catalog"}
    assert {f"CAT{n:03d}" for n in range(1, 20)} <= ids
    page = runner.invoke(main, ["explain", "CAT004", "--lang", "en"]).stdout
    assert "DA/T 22—2015" in page and "Z109-WS·2011-Y-BGS-0001" in page


cells = st.one_of(st.text(max_size=30), st.sampled_from(["=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2-3", "\x00", "'", "１２"]))
hostile_rows = st.lists(st.lists(cells, max_size=16), max_size=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=hostile_rows, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]), header=st.booleans())
def test_arbitrary_rows_never_crash(tmp_path, rows, encoding, header):
    path = tmp_path / "h.csv"
    lines = ([",".join(HEADER)] if header else []) + [",".join(r) for r in rows]
    path.write_bytes("\n".join(lines).encode(encoding, errors="replace"))
    result = invoke(path, "--format", "json")
    assert result.exit_code in (0, 1, 2)
    if result.exit_code != 2:
        json.loads(result.stdout)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blob=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".jsonl", ".xlsx", ".dat"]))
def test_binary_junk_never_crashes(tmp_path, blob, suffix):
    path = tmp_path / ("junk" + suffix)
    path.write_bytes(blob)
    result = invoke(path)
    assert result.exit_code in (0, 1, 2), result.output


def test_hostile_fixture_file(tmp_path):
    from catalog.conftest import ROOT

    for path in sorted((ROOT / "fixtures" / "catalog").glob("*")):
        if path.suffix in (".csv", ".jsonl", ".xlsx"):
            assert invoke(path, "--format", "json").exit_code in (0, 1, 2), path


def test_a_json_catalogue_run_does_not_import_unit_or_table_libraries(tmp_path):
    """Start-up counts against the 2.0× target: YAML, jsonschema, tabulate and openpyxl load only when used."""
    import subprocess
    import sys

    path = write_csv(tmp_path / "c.csv", clean_rows(3))
    probe = ("import sys\nfrom archcheck.cli import main\n"
             "try:\n    main(['catalog', sys.argv[1], '--format', 'json', '-o', sys.argv[2]])\n"
             "except SystemExit:\n    pass\n"
             "print(sorted(m for m in ('yaml', 'jsonschema', 'tabulate', 'openpyxl') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", probe, str(path), str(tmp_path / "r.json")],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["units"][0]["stats"]["records"] == 3
