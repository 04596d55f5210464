"""Many units in one command: folders, ranking, most frequent findings, bad files among good ones."""

import json
import shutil

from archcheck.audit import many_units as batch
from archcheck.audit.prepared import PreparedAudit, Settings
from archcheck.scoring import load_profile
from conftest import COMPLIANT, POOR, SEED, plugins


def county(tmp_path):
    folder = tmp_path / "county"
    folder.mkdir()
    for name, source in (("a-seed.yaml", SEED), ("b-poor.json", POOR), ("c-good.json", COMPLIANT)):
        shutil.copy(source, folder / name)
    (folder / "readme.txt").write_text("not a unit", encoding="utf-8")
    return folder


def test_folder_is_checked_in_name_order(cli, tmp_path):
    result = cli("check", county(tmp_path), "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0
    sources = [u["source"] for u in json.loads(result.stdout)["units"]]
    assert [s.rsplit("/", 1)[1] for s in sources] == ["a-seed.yaml", "b-poor.json", "c-good.json"]


def test_ranking_orders_by_score_and_names_common_problems(cli, tmp_path):
    folder = county(tmp_path)
    report = json.loads(cli("check", folder, "--format", "json", "--fail-on", "never").stdout)
    expected = [u["name"] for u in sorted(report["units"], key=lambda u: -u["score"]["total"])]
    text = cli("check", folder, "--format", "ranking", "--fail-on", "never").output
    ranking, frequent = text.split("==", 3)[2], text.split("==", 3)[3]
    positions = [ranking.index(name) for name in expected]
    assert positions == sorted(positions)
    counts = {}
    for unit in report["units"]:
        for rule in {f["rule"] for f in unit["findings"]}:
            counts[rule] = counts.get(rule, 0) + 1
    top_rule, top_count = max(counts.items(), key=lambda kv: (kv[1], [-ord(c) for c in kv[0]]))
    first_row = frequent.splitlines()[3]
    assert first_row.split()[0] == top_rule and f"{100 * top_count / 3:.0f}%" in first_row
    table = cli("check", folder, "--fail-on", "never").output
    assert "单位排名" in table and "最常见的问题" in table


def test_bad_unit_among_many_is_reported_and_others_checked(cli, tmp_path):
    folder = county(tmp_path)
    (folder / "b2-broken.json").write_text('{"schema_version": "1", "as_of": "2025-01-01"}', encoding="utf-8")
    result = cli("check", folder, "--format", "json", "--fail-on", "never")
    assert result.exit_code == 2
    assert len(json.loads(result.stdout)["units"]) == 3
    assert "b2-broken.json" in result.stderr and "未能检查" in result.stderr and "Traceback" not in result.stderr


def test_only_bad_units_is_an_input_error(cli, tmp_path):
    one, two = tmp_path / "x.json", tmp_path / "y.json"
    one.write_text("{", encoding="utf-8")
    two.write_text("[]", encoding="utf-8")
    result = cli("check", one, two)
    assert result.exit_code == 2 and str(one) in result.stderr and str(two) in result.stderr and result.stdout == ""


def test_empty_folder_is_an_input_error(cli, tmp_path):
    result = cli("check", tmp_path)
    assert result.exit_code == 2 and str(tmp_path) in result.stderr


def test_a_pool_of_workers_gives_the_same_report_as_one_process(tmp_path, monkeypatch):
    from archcheck.reporters.jsonreport import render_json
    from archcheck.waivers import WaiverInfo

    folder = county(tmp_path)
    (folder / "d-broken.json").write_text("{", encoding="utf-8")
    paths = batch.expand_inputs([folder]) * 4
    waiver = WaiverInfo("FUN", "县局统一安排经费", expires="2024-12-31")  # expired for some units, applied to others
    settings = Settings(profile=load_profile("default"), waivers=(waiver,))
    monkeypatch.setenv("ARCHCHECK_ISOLATION", "inline")
    serial, serial_problems = batch.check_many(paths, PreparedAudit(plugins(), settings))
    monkeypatch.delenv("ARCHCHECK_ISOLATION")
    pooled, pooled_problems = batch.check_many(paths, PreparedAudit(plugins(), settings), workers=2)
    assert render_json(pooled) == render_json(serial)
    assert pooled_problems == serial_problems and len(serial_problems) == 4
    assert {w.status for w in serial.waivers} and serial.waivers == pooled.waivers


def test_jobs_choose_the_worker_processes_and_never_the_report(cli, tmp_path):
    folder = county(tmp_path)
    for n in range(5):  # enough units for two workers to share them
        shutil.copy(SEED, folder / f"d-seed-{n}.yaml")
    reports = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs-{jobs}.json"
        result = cli("check", folder, "-j", jobs, "--format", "json", "-o", out, "--fail-on", "never")
        assert result.exit_code == 0, result.output
        reports[jobs] = out.read_bytes()
    assert reports["1"] == reports["2"] and len(json.loads(reports["1"])["units"]) == 8
    result = cli("check", folder, "--jobs", "0")
    assert result.exit_code == 2 and "--jobs" in result.output
