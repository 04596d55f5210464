"""The command ends its process without the interpreter's teardown (`archcheck.__main__.run`), and
loses nothing by it: the exit code, every byte of a report written to a file or piped from stdout,
the removal of the run's temporary folder, and a plugin thread still at work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from archcheck import __main__ as entry

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "units" / "seed-damingshan.yaml"


def _command(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "archcheck", *args], capture_output=True, env={**os.environ, **(env or {})},
                          cwd=cwd, timeout=300)


def _defective_export(path: Path, rows: int) -> Path:
    """An export in which every row has an impossible 日期 and a 页数 that is no number: two findings a row."""
    lines = ["档号,题名,日期,页数"] + [f"Z109-WS·2019-Y-BGS-{n:04d},关于第{n}项工作的通知,20191332,若干" for n in range(1, rows + 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _findings(report: dict) -> int:
    return sum(len(unit["findings"]) for unit in report["units"])


def test_a_report_piped_from_stdout_is_complete(tmp_path, monkeypatch):
    monkeypatch.delenv("PYTHONUNBUFFERED", raising=False)  # stdout block-buffered, as on most machines
    export = _defective_export(tmp_path / "bad.csv", 3000)
    done = _command("catalog", str(export), "--format", "json", "--fail-on", "never")
    assert done.returncode == 0, done.stderr.decode()
    assert len(done.stdout) > 1 << 20  # far more than a pipe holds: the last of it left at the flush
    assert _findings(json.loads(done.stdout)) >= 6000


def test_spilled_findings_are_reported_and_their_folder_removed(tmp_path):
    spill = tmp_path / "tmp"
    spill.mkdir()
    export = _defective_export(tmp_path / "bad.csv", 500)
    out = tmp_path / "report.json"
    done = _command("catalog", str(export), "--format", "json", "--output", str(out),
                    env={"ARCHCHECK_SPILL_AFTER": "0", "TMPDIR": str(spill)})
    assert done.returncode == 1, done.stderr.decode()  # findings at the default gate
    assert _findings(json.loads(out.read_text(encoding="utf-8"))) >= 1000
    assert list(spill.iterdir()) == []  # the exit handlers ran: the spill folder is gone


@pytest.mark.parametrize(("args", "code"), [
    (["check", str(SEED), "--exit-zero", "--format", "json", "--output", os.devnull], 0),
    (["check", "no-such-unit.yaml"], 2),
    (["explain", "NO999"], 2),
])
def test_the_exit_code_is_the_commands(args, code):
    assert _command(*args).returncode == code


def test_a_thread_still_running_gets_the_ordinary_exit(tmp_path):
    """A plugin's (non-daemon) thread still at work when the command returns: the process waits for it."""
    mark = tmp_path / "done"
    program = textwrap.dedent(f"""
        import sys, threading, time
        from archcheck import __main__ as entry
        def work():
            time.sleep(1.0)
            open({str(mark)!r}, "w").write("finished")
        threading.Thread(target=work).start()
        sys.argv = ["archcheck", "explain", "CAT003"]
        entry.run()
    """)
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr.decode()
    assert mark.read_text() == "finished"


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (2, 2), (130, 130), (256, 0), (-1, 255), ("stopped", 1)])
def test_exit_codes_are_what_sys_exit_would_give(code, status, capsys):
    assert entry._exit_code(code) == status
    if isinstance(code, str):
        assert capsys.readouterr().err.strip() == code


def test_a_reader_that_leaves_early_is_exit_2_with_a_message(tmp_path):
    """`archcheck catalog … --format json | head -c 100`: the report cannot be written in full, which
    is neither a pass nor archcheck's internal error."""
    export = _defective_export(tmp_path / "bad.csv", 3000)
    child = subprocess.Popen([sys.executable, "-m", "archcheck", "catalog", str(export), "--format", "json",
                              "--fail-on", "never", "--lang", "en"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert child.stdout.read(100)
    child.stdout.close()
    err = child.stderr.read().decode()
    assert child.wait(timeout=300) == 2
    assert "the reader of the output pipe went away" in err and "internal error" not in err
