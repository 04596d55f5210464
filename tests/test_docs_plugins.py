"""docs/plugins.md is tested as written: its tutorial's files are written out and run, its reference is complete."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

from archcheck import hookspecs
from archcheck.engine import Context
from archcheck.model import Outcome

DOC = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
FILE_BLOCK = re.compile(r"^```\w+ file=(\S+)\n(.*?)^```", re.S | re.M)


@pytest.fixture
def tutorial(tmp_path) -> Path:
    """The tutorial's files, exactly as the doc shows them, in a fresh folder; returns the package folder."""
    blocks = FILE_BLOCK.findall(DOC)
    assert len(blocks) >= 5, "the tutorial's file blocks were not found"
    for name, text in blocks:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "archcheck-guangxi"


def test_tutorial_entry_point_names_the_tutorial_module(tutorial):
    project = tomllib.loads((tutorial / "pyproject.toml").read_text(encoding="utf-8"))
    target = project["project"]["entry-points"]["archcheck"]["guangxi"]
    assert (tutorial / "src" / (target.replace(".", "/") + ".py")).is_file()


def test_tutorial_tests_pass_as_written(tutorial):
    env = {**os.environ, "PYTHONPATH": str(tutorial / "src")}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], cwd=tutorial,
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "5 passed" in proc.stdout


def test_tutorial_try_it_shows_what_the_doc_says(tutorial, monkeypatch, cli):
    monkeypatch.syspath_prepend(str(tutorial / "src"))
    monkeypatch.setitem(os.environ, "ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD", "1")
    result = cli("check", tutorial / "guangxi-unit.yaml", "-p", "archcheck_guangxi.rules", "--select", "GXA")
    assert result.exit_code == 0, result.stderr
    assert "GXA001 档案室已定级  [一般 · 不符合 · 扣 2 分]" in result.output
    assert "档案室等级为未定级，要求至少三级" in result.output
    assert "`GXA001 档案室已定级 [一般 · 不符合 · 扣 2 分]`" in DOC and "`档案室等级为未定级，要求至少三级`" in DOC
    explained = cli("explain", "GXA001", "-p", "archcheck_guangxi.rules")
    assert explained.exit_code == 0 and "广西机关档案室定升级办法" in explained.output


def test_reference_documents_every_hook():
    hooks = [name for name in dir(hookspecs) if name.startswith("archcheck_")]
    assert hooks
    for name in hooks:
        assert f"#### `{name}(" in DOC, f"hook {name} is not documented"


def test_reference_documents_every_outcome_and_context_field():
    for outcome in Outcome:
        assert f"| `{outcome.value}` |" in DOC, outcome
    for field in dataclasses.fields(Context):
        assert f"`ctx.{field.name}`" in DOC, field.name
    assert f"currently **{hookspecs.API_VERSION}**" in DOC


def test_every_api_name_the_contract_and_the_guide_mention_exists():
    """`hookspecs.py` and docs/plugins.md are the whole contract: every `archcheck.api.X` they name resolves."""
    import archcheck.api as api

    texts = [DOC, (ROOT / "src" / "archcheck" / "hookspecs.py").read_text(encoding="utf-8")]
    named = set()
    for text in texts:
        named.update(re.findall(r"archcheck\.api\.([A-Za-z_]\w*)", text))
        for group in re.findall(r"from archcheck\.api import (\([^)]*\)|[\w, ]+)", text):
            named.update(n.strip().split(" as ")[0] for n in group.replace("(", "").replace(")", "").split(",") if n.strip())
    assert {"fail", "missing", "RecordCheck", "RuleSet", "T", "hookimpl"} <= named
    assert sorted(n for n in named if not hasattr(api, n)) == []
    assert set(api.__all__) <= set(dir(api))
