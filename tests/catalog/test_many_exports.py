"""Several exports in one `archcheck catalog` run are checked in a pool of worker processes (one per
core): the report must be the one a single process writes, byte for byte, in the order given."""

from __future__ import annotations

from pathlib import Path

import gen_catalog
import pytest
from click.testing import CliRunner

from archcheck.audit.supervised import WORKERS_ENV
from archcheck.cli import main
from archcheck.engine import finding_store
from archcheck.engine.worker import ISOLATION_ENV


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("exports")
    made = []
    for n, (rows, rate, encoding) in enumerate([(3000, 0.2, "utf-8"), (400, 0.0, "utf-8-sig"), (2500, 0.6, "gb18030"),
                                               (900, 0.05, "utf-8")]):
        path = folder / f"export-{n}.csv"
        gen_catalog.write(path, rows=rows, seed=20 + n, rate=rate, encoding=encoding)
        made.append(path)
    return made


def render(tmp_path: Path, paths: list[Path], fmt: str, name: str) -> bytes:
    out = tmp_path / f"{name}.{fmt}"
    result = CliRunner().invoke(main, ["catalog", *map(str, paths), "--as-of", "2025-06-30", "--format", fmt,
                                       "--fail-on", "never", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out.read_bytes()


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "table"])
def test_a_pool_of_workers_writes_the_serial_report(tmp_path, monkeypatch, exports, fmt):
    monkeypatch.setenv(finding_store.SPILL_ENV, "100")  # the workers' spilled findings travel to the run too
    monkeypatch.setenv(ISOLATION_ENV, "inline")
    serial = render(tmp_path, exports, fmt, "inline")
    monkeypatch.delenv(ISOLATION_ENV)
    monkeypatch.setenv(WORKERS_ENV, "1")
    assert render(tmp_path, exports, fmt, "one-worker") == serial
    monkeypatch.setenv(WORKERS_ENV, "4")
    assert render(tmp_path, exports, fmt, "four-workers") == serial
    monkeypatch.delenv(WORKERS_ENV)
    assert render(tmp_path, exports, fmt, "per-core") == serial
    if fmt == "json":
        assert serial.index(b'"export-0.csv"') < serial.index(b'"export-1.csv"') < serial.index(b'"export-3.csv"')


def test_jobs_on_the_command_line_give_the_serial_report(tmp_path, monkeypatch, exports):
    monkeypatch.setenv(ISOLATION_ENV, "inline")
    serial = render(tmp_path, exports, "json", "inline")
    monkeypatch.delenv(ISOLATION_ENV)
    monkeypatch.setenv(WORKERS_ENV, "1")  # -j wins over the environment
    for jobs in ("1", "3"):
        out = tmp_path / f"jobs-{jobs}.json"
        result = CliRunner().invoke(main, ["catalog", *map(str, exports), "-j", jobs, "--as-of", "2025-06-30", "--format", "json",
                                           "--fail-on", "never", "-o", str(out)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert out.read_bytes() == serial
