"""Findings past a threshold are kept in a temporary file: the reports must not change by a byte.

A catalogue in which most rows are defective has millions of findings; the run keeps a rule's findings
in memory only up to `ARCHCHECK_SPILL_AFTER` and reads the rest back from a file as the JSON, SARIF,
JUnit and table reports are written. The catalogues here come from the seeded generator
(benchmarks/gen_catalog.py), which knows nothing of how findings are kept.
"""

from __future__ import annotations

import gc
import os
import pickle
from pathlib import Path

import gen_catalog
import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from archcheck.cli import main
from archcheck.engine import finding_store
from archcheck.engine.finding_store import CHUNK, FindingBuffer, SpilledFindings, keep
from archcheck.model import Finding, Location, Text
from catalog.conftest import run

FORMATS = ("json", "sarif", "junit", "table")


def report_bytes(tmp_path: Path, monkeypatch, spill: str | None, fmt: str, *args) -> bytes:
    if spill is None:
        monkeypatch.delenv(finding_store.SPILL_ENV, raising=False)
    else:
        monkeypatch.setenv(finding_store.SPILL_ENV, spill)
    out = tmp_path / f"report-{spill}.{fmt}"
    result = CliRunner().invoke(main, ["catalog", *map(str, args), "--as-of", "2025-06-30", "--format", fmt,
                                       "--fail-on", "never", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out.read_bytes()


@pytest.fixture(scope="module")
def defective(tmp_path_factory) -> list[Path]:
    """Two generated exports in which most rows carry a defect (thousands of findings per rule)."""
    folder = tmp_path_factory.mktemp("defective")
    first, second = folder / "a.csv", folder / "b.csv"
    gen_catalog.write(first, rows=4000, seed=11, rate=0.9)
    gen_catalog.write(second, rows=1500, seed=12, rate=0.5, encoding="gb18030")
    return [first, second]


@pytest.mark.parametrize("fmt", FORMATS)
def test_spilled_findings_give_the_same_report_bytes(tmp_path, monkeypatch, defective, fmt):
    in_memory = report_bytes(tmp_path, monkeypatch, "1000000000", fmt, *defective)
    assert report_bytes(tmp_path, monkeypatch, "0", fmt, *defective) == in_memory
    assert report_bytes(tmp_path, monkeypatch, "7", fmt, *defective) == in_memory
    assert report_bytes(tmp_path, monkeypatch, None, fmt, *defective) == in_memory
    if fmt == "json":
        assert in_memory.count(b'"rule": "CAT') > 4 * CHUNK  # the run really had findings to spill


def test_spilled_findings_through_a_baseline_and_sarif_caps(tmp_path, monkeypatch, defective):
    """A baseline marks spilled findings the same; SARIF's cap (and no cap) shares them out the same."""
    baseline = tmp_path / "baseline.json"
    monkeypatch.setenv(finding_store.SPILL_ENV, "0")
    result = CliRunner().invoke(main, ["catalog", str(defective[0]), "--as-of", "2025-06-30", "--fail-on", "never",
                                       "--ignore", "CAT003", "--write-baseline", str(baseline)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for config in ("[sarif]\nmax_results = 0\n", "[sarif]\nmax_results = 300\n"):
        (tmp_path / "report.toml").write_text(config, encoding="utf-8")
        args = [defective[0], "--baseline", baseline, "--report-config", tmp_path / "report.toml"]
        for fmt in ("sarif", "json", "junit"):
            in_memory = report_bytes(tmp_path, monkeypatch, "1000000000", fmt, *args)
            assert report_bytes(tmp_path, monkeypatch, "3", fmt, *args) == in_memory
            marked = "基线中已有".encode() if fmt == "junit" else b'"unchanged"'
            assert marked in in_memory


def test_a_rule_past_the_threshold_keeps_its_findings_in_a_file(tmp_path, monkeypatch):
    path = tmp_path / "c.csv"
    gen_catalog.write(path, rows=3000, seed=5, rate=1.0)
    monkeypatch.setenv(finding_store.SPILL_ENV, "50")
    report = run(path)
    many = [r for r in report.results if r.total > 50]
    few = [r for r in report.results if 0 < r.total <= 50]
    assert many and few
    assert all(isinstance(r.findings, SpilledFindings) and len(r.findings) == r.total for r in many)
    assert all(isinstance(r.findings, tuple) for r in few)
    monkeypatch.setenv(finding_store.SPILL_ENV, "1000000000")
    again = run(path)
    for spilled, kept in zip(report.results, again.results):
        assert isinstance(kept.findings, tuple)
        assert list(spilled.findings) == list(kept.findings)
        assert spilled.findings[3:60] == kept.findings[3:60]


def _finding(n: int) -> Finding:
    return Finding("CAT003", Text(f"第 {n} 行", f"row {n}"), Location(file="c.csv", line=n + 2, column="题名"),
                   {"value": n, "cells": [n, str(n)]}, fraction=0.5 if n % 3 else 1.0)


@settings(max_examples=40, deadline=None)
@given(count=st.integers(0, 3 * CHUNK + 5), after=st.integers(0, 2 * CHUNK), data=st.data())
def test_a_spilled_sequence_reads_as_the_tuple_would(count, after, data):
    made = [_finding(n) for n in range(count)]
    kept = keep(iter(made), after)
    assert isinstance(kept, tuple) == (count <= after)
    assert len(kept) == count and list(kept) == made and kept == tuple(made)
    assert bool(kept) == bool(made)
    start = data.draw(st.integers(-count - 2, count + 2))
    stop = data.draw(st.integers(-count - 2, count + 2))
    assert tuple(kept[start:stop]) == tuple(made[start:stop])
    if count:
        index = data.draw(st.integers(-count, count - 1))
        assert kept[index] == made[index]
        with pytest.raises(IndexError):
            kept[count]


def test_settling_once_per_batch_keeps_at_most_a_chunk_in_memory():
    buffer = FindingBuffer(after=10)
    for start in range(0, 5000, 700):
        buffer.items.extend(_finding(n) for n in range(start, min(start + 700, 5000)))
        buffer.settle()
        assert len(buffer.items) < CHUNK
    assert len(buffer) == 5000
    assert [f.location.line for f in buffer.findings()] == [n + 2 for n in range(5000)]


def test_the_file_goes_with_its_owner_and_passes_to_the_process_that_unpickles_it():
    spilled = keep((_finding(n) for n in range(3)), after=0)
    path = spilled.path
    copy = pickle.loads(pickle.dumps(spilled))  # what a worker hands the run's process
    del spilled
    gc.collect()
    assert os.path.exists(path) and list(copy) == [_finding(n) for n in range(3)]
    del copy
    gc.collect()
    assert not os.path.exists(path)


def test_a_full_temporary_folder_is_a_clear_error_not_a_traceback(tmp_path, monkeypatch):
    path = tmp_path / "c.csv"
    gen_catalog.write(path, rows=300, seed=5, rate=1.0)
    monkeypatch.setenv(finding_store.SPILL_ENV, "0")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(finding_store.tempfile, "mkstemp", full)
    result = CliRunner().invoke(main, ["catalog", str(path), "--as-of", "2025-06-30", "--format", "json"])
    assert result.exit_code == 2, result.output
    assert "TMPDIR" in result.stderr and "No space left on device" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def _end_rule(check):
    import dataclasses

    from catalog.conftest import RULES

    return dataclasses.replace(RULES[0], id="CAT098", check=check)


def test_a_finish_with_a_finding_per_row_is_taken_in_chunks_and_reported_whole(tmp_path, monkeypatch):
    """A rule reporting at the end (like gaps) may yield a finding per row; they are absorbed a chunk at
    a time (never all in memory) and every one is reported, in order, on its line."""
    from archcheck.engine import records
    from archcheck.model import RecordCheck
    from catalog.conftest import clean_rows, write_csv

    monkeypatch.setattr(records, "FINISH_CHUNK", 64)
    taken: list[int] = []
    take = records._take_chunk
    monkeypatch.setattr(records, "_take_chunk", lambda findings: taken.append(len(chunk := take(findings))) or chunk)

    class EveryRowAtTheEnd(RecordCheck):
        def begin(self, table):
            self.table = table
            return ()

        def finish(self):
            for line in range(2, 302):
                yield Finding("", Text("行", "row"), self.table.location(line, "题名"))

    path = write_csv(tmp_path / "c.csv", clean_rows(300))
    monkeypatch.setenv(finding_store.SPILL_ENV, "100")
    report = run(path, rules=[_end_rule(EveryRowAtTheEnd)])
    (result,) = [r for r in report.results if r.rule.id == "CAT098"]
    assert result.outcome.value == "fail" and result.total == 300
    assert [f.location.line for f in result.findings] == list(range(2, 302))
    assert report.stats["records_with_findings"] == 300
    assert taken == [64, 64, 64, 64, 44, 0]  # at most a chunk of the rule's findings was ever held


def test_a_finish_that_fails_midway_is_the_rule_s_error(tmp_path, monkeypatch):
    from archcheck.engine import records
    from archcheck.model import RecordCheck
    from catalog.conftest import clean_rows, write_csv

    monkeypatch.setattr(records, "FINISH_CHUNK", 8)

    class FailsAtTheEnd(RecordCheck):
        def begin(self, table):
            self.table = table
            return ()

        def finish(self):
            for line in range(2, 30):
                yield Finding("", Text("行", "row"), self.table.location(line, None))
            raise RuntimeError("boom at the end")

    path = write_csv(tmp_path / "c.csv", clean_rows(30))
    report = run(path, rules=[_end_rule(FailsAtTheEnd)])
    (result,) = [r for r in report.results if r.rule.id == "CAT098"]
    assert result.outcome.value == "error" and "boom at the end" in result.reason.en
