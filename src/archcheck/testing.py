"""A pytest plugin for plugin authors: run archcheck in-process and read its JSON report.

Installed with archcheck (entry point ``pytest11``), so any test can ask for the fixture::

    def test_my_rule(archcheck_run):
        result = archcheck_run("check", unit={...}, plugins=["my_plugin.rules"])
        assert result.exit_code == 0
        assert result.outcome("GXA001") == "pass"

Modelled on pytest's ``pytester``: the run is isolated (only archcheck's built-ins and the
plugins you name are loaded, so another installed plugin cannot change your results; pass
``autoload=True`` to load everything installed), takes any command-line arguments, and
returns the exit code, the output and the parsed report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import pytest
from click.testing import CliRunner

from archcheck.cli import main
from archcheck.plugins import DISABLE_AUTOLOAD_ENV

#: commands whose report `--format json` can parse
REPORTING_COMMANDS = ("check", "catalog", "demo", "plugins", "rules")


@dataclass(frozen=True)
class RunResult:
    """What one archcheck run produced. `report` is the parsed JSON (None when nothing parsed)."""

    exit_code: int
    stdout: str
    stderr: str
    report: Any
    args: tuple[str, ...]

    def unit(self, index: int = 0) -> Mapping[str, Any]:
        return self.report["units"][index]

    def outcome(self, rule_id: str, unit: int = 0) -> str:
        """The outcome (`pass`, `fail`, `no_evidence`, `error` …) of one rule on one unit."""
        for entry in self.unit(unit)["outcomes"]:
            if entry["rule"] == rule_id:
                return entry["outcome"]
        raise KeyError(f"rule {rule_id} has no outcome in this report; rules run: "
                       + ", ".join(e["rule"] for e in self.unit(unit)["outcomes"]))

    def findings(self, rule_id: str | None = None, unit: int = 0) -> list[Mapping[str, Any]]:
        """The findings of one rule (or all) on one unit, as in the JSON report."""
        return [f for f in self.unit(unit)["findings"] if rule_id is None or f["rule"] == rule_id]


class ArchcheckRunner:
    """The `archcheck_run` fixture: call it like the command line, get a RunResult."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self._runner = CliRunner()

    def write_unit(self, unit: Mapping[str, Any], name: str = "unit.json") -> Path:
        """Write a unit description as JSON into the test's tmp_path and return its path."""
        path = self.tmp_path / name
        path.write_text(json.dumps(unit, ensure_ascii=False), encoding="utf-8")
        return path

    def __call__(
        self,
        *args: Any,
        unit: Mapping[str, Any] | str | Path | None = None,
        plugins: Iterable[str] = (),
        autoload: bool = False,
        env: Mapping[str, str] | None = None,
    ) -> RunResult:
        """Run `archcheck ARGS… [-p PLUGIN…] [UNIT] --format json`.

        `unit` is a dict (written to tmp_path as JSON) or a path, appended to the arguments.
        `--format json` is added unless you pass a `--format` yourself.
        """
        argv = [str(a) for a in args]
        for plugin in plugins:
            argv += ["-p", plugin]
        if unit is not None:
            argv.append(str(self.write_unit(unit) if isinstance(unit, Mapping) else unit))
        if argv and argv[0] in REPORTING_COMMANDS and "--format" not in argv:
            argv += ["--format", "json"]
        run_env = {DISABLE_AUTOLOAD_ENV: None if autoload else "1", **(env or {})}
        result = self._runner.invoke(main, argv, env=run_env, catch_exceptions=False)
        return RunResult(result.exit_code, result.stdout, result.stderr, _parse(result.stdout), tuple(argv))


def _parse(stdout: str) -> Any:
    try:
        return json.loads(stdout)
    except ValueError:
        return None


@pytest.fixture
def archcheck_run(tmp_path: Path) -> ArchcheckRunner:
    """Run archcheck in-process: ``archcheck_run("check", unit={...}, plugins=["pkg.rules"])``."""
    return ArchcheckRunner(tmp_path)
