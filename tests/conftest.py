"""Shared test helpers: build units in memory, evaluate one rule, run the CLI."""

from __future__ import annotations

import copy
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from archcheck.cli import main
from archcheck.engine import Context, evaluate
from archcheck.model import RuleResult
from archcheck.plugins import load_plugins

ROOT = Path(__file__).resolve().parents[1]
UNITS = ROOT / "fixtures" / "units"
SEED = UNITS / "seed-damingshan.yaml"
COMPLIANT = UNITS / "compliant.json"
POOR = UNITS / "poor.json"

_PLUGINS = load_plugins()


def plugins():
    """The installed plugins, loaded once per session (loading is read-only)."""
    return _PLUGINS


def make_unit(as_of: str = "2025-06-30", **sections: Any) -> dict[str, Any]:
    """A minimal valid unit description plus the given sections."""
    unit = {"schema_version": "1", "as_of": as_of, "unit": {"name": "测试单位"}}
    unit.update(copy.deepcopy(sections))
    return unit


def load_fixture(path: Path) -> dict[str, Any]:
    from archcheck.loaders.unit import read_document

    return read_document(path)


def run_rule(rule_id: str, unit: dict[str, Any], base_dir: Path = ROOT, **params: Any) -> RuleResult:
    """Evaluate one rule on an in-memory unit, with optional threshold overrides."""
    rule = plugins().rule(rule_id)
    assert rule is not None, f"no rule {rule_id}"
    ctx = Context(as_of=dt.date.fromisoformat(unit["as_of"]), params={**rule.params, **params}, base_dir=base_dir)
    return evaluate(rule, unit, ctx)


def write_unit(tmp_path: Path, unit: dict[str, Any], name: str = "unit.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(unit, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def cli():
    """Invoke the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def fresh_guangxi_module():
    """The plugin tutorial and the scaffold both make a module archcheck_guangxi: each test imports its own."""
    def drop() -> None:
        for name in [m for m in sys.modules if m == "archcheck_guangxi" or m.startswith("archcheck_guangxi.")]:
            del sys.modules[name]

    drop()
    yield
    drop()


@pytest.fixture
def discovered(monkeypatch):
    """Make modules appear as installed entry-point plugins (found, not named with -p), for this test."""
    import importlib

    from archcheck import plugins as plugin_loader

    def install(*modules: str) -> None:
        original = plugin_loader.find_plugins

        def find(extra_modules=()):
            extra = [plugin_loader.Candidate(m, f"dist-{m}", "0.1", lambda m=m: importlib.import_module(m), m) for m in modules]
            return original(extra_modules) + extra

        monkeypatch.setattr(plugin_loader, "find_plugins", find)
        monkeypatch.delenv(plugin_loader.DISABLE_AUTOLOAD_ENV, raising=False)

    return install
