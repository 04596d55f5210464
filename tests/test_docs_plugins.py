"""docs/plugins.md is tested as written: the tutorial runs `archcheck plugin new`, its `scaffold=` blocks are what the
scaffold writes, its `file=` blocks are written over it and run; its reference is complete."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import COMPLIANT, ROOT

from archcheck import hookspecs
from archcheck.engine import Context
from archcheck.model import Basis, BasisKind, Outcome, Rule, RuleDefinitionError, Severity

DOC = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
FILE_BLOCK = re.compile(r"^```\w+ file=(\S+)\n(.*?)^```", re.S | re.M)
SCAFFOLD_BLOCK = re.compile(r"^```\w+ scaffold=(\S+)\n(.*?)^```", re.S | re.M)
#: the tutorial's scaffold command, as the doc gives it
SCAFFOLD = ".venv/bin/archcheck plugin new guangxi --region 广西 --area GXA"


pytestmark = pytest.mark.usefixtures("fresh_guangxi_module")


@pytest.fixture
def scaffolded(tmp_path, cli) -> Path:
    """What the tutorial's `archcheck plugin new` writes, in a fresh folder; returns the package folder."""
    assert SCAFFOLD in DOC
    result = cli(*SCAFFOLD.split()[1:], "--dir", tmp_path)
    assert result.exit_code == 0, result.stderr
    return tmp_path / "archcheck-guangxi"


@pytest.fixture
def tutorial(scaffolded) -> Path:
    """The scaffold with the tutorial's files written over it, exactly as the doc shows them."""
    blocks = FILE_BLOCK.findall(DOC)
    assert len(blocks) >= 5, "the tutorial's file blocks were not found"
    for name, text in blocks:
        path = scaffolded.parent / name
        assert path.parent.is_dir(), f"{name}: the tutorial writes into a folder the scaffold does not have"
        path.write_text(text, encoding="utf-8")
    return scaffolded


def test_the_scaffold_blocks_are_what_the_scaffold_writes(scaffolded):
    blocks = SCAFFOLD_BLOCK.findall(DOC)
    assert blocks
    for name, text in blocks:
        assert (scaffolded.parent / name).read_text(encoding="utf-8") == text, name


def test_the_scaffold_listing_names_every_file_it_writes(scaffolded):
    listing = DOC.split("It writes:")[1].split("```")[1]
    for path in scaffolded.rglob("*"):
        if path.is_file():
            assert path.name in listing, path.name


def test_the_scaffold_tests_pass_as_the_doc_says(scaffolded):
    env = {**os.environ, "PYTHONPATH": str(scaffolded / "src"), "ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD": "1"}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=scaffolded,
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    stated = re.search(r"pytest +# (\d+ passed)", DOC).group(1)
    assert stated in proc.stdout


def test_tutorial_entry_point_names_the_tutorial_module(tutorial):
    project = tomllib.loads((tutorial / "pyproject.toml").read_text(encoding="utf-8"))
    target = project["project"]["entry-points"]["archcheck"]["guangxi"]
    assert (tutorial / "src" / (target.replace(".", "/") + ".py")).is_file()


def test_tutorial_tests_pass_as_written(tutorial):
    env = {**os.environ, "PYTHONPATH": str(tutorial / "src"), "ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD": "1"}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], cwd=tutorial,
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    stated = re.findall(r"pytest +# (\d+ passed)", DOC)[-1]
    assert stated == "8 passed" and stated in proc.stdout


def test_tutorial_try_it_shows_what_the_doc_says(tutorial, monkeypatch, cli):
    monkeypatch.syspath_prepend(str(tutorial / "src"))
    monkeypatch.setitem(os.environ, "ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD", "1")
    result = cli("check", tutorial / "guangxi-unit.yaml", "-p", "archcheck_guangxi.rules", "--select", "GXA")
    assert result.exit_code == 1 and "门槛未通过（退出码 1）" in result.stderr, result.stderr
    assert "门槛未通过（退出码 1）" in DOC and "--exit-zero" in DOC
    assert "GXA001 档案室已定级  [一般 · 不符合 · 扣 2 分]" in result.output
    assert "档案室等级为未定级，要求至少三级" in result.output
    assert "`GXA001 档案室已定级 [一般 · 不符合 · 扣 2 分]`" in DOC and "`档案室等级为未定级，要求至少三级`" in DOC
    table = result.output.split("== ")[0]
    assert [line.split()[0] for line in table.splitlines() if line.startswith(("FUN", "PRO", "GXA"))] == ["GXA"]
    unselected = re.search(r"其余 \d+ 项未选择", result.output).group(0)
    assert f"`{unselected}`" in DOC, "the doc gives the count the selection really prints"
    explained = cli("explain", "GXA001", "-p", "archcheck_guangxi.rules")
    assert explained.exit_code == 0 and "广西机关档案室定升级办法" in explained.output
    listed = cli("catalog", tutorial / "examples" / "catalog.csv", "-p", "archcheck_guangxi.rules", "--select", "GXA",
                 "--format", "json", "--fail-on", "never")
    finding = next(f for f in json.loads(listed.stdout)["units"][0]["findings"] if f["rule"] == "GXA002")
    assert finding["location"]["line"] == 3 and finding["location"]["column"] == "题名"


def test_the_tutorial_profile_takes_guangxi_over(tutorial, monkeypatch, cli):
    monkeypatch.syspath_prepend(str(tutorial / "src"))
    monkeypatch.setitem(os.environ, "ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD", "1")
    report = json.loads(cli("check", COMPLIANT, "-p", "archcheck_guangxi.rules", "--profile", "guangxi", "--format", "json",
                            "--fail-on", "never").output)
    score = report["units"][0]["score"]
    assert report["profile"] == "guangxi" and score["grade"]["zh"] == "达标"  # GXA001 is not applicable outside Guangxi
    core = json.loads(cli("check", COMPLIANT, "--profile", "guangxi", "--format", "json", "--fail-on", "never").stdout)
    assert core["units"][0]["score"]["grade"] == score["grade"]


def test_the_tutorial_says_how_to_get_archcheck_and_pytest_into_the_venv():
    setup = DOC.split("### 1.")[1].split("### 3.")[0]
    assert "pip install archcheck-dangan" in setup and 'pip install -e ".[test]"' in setup
    # only the warning ("Never `pip install archcheck`") may name it
    assert re.findall(r".pip install archcheck(?![-_\w])", DOC) == ["`pip install archcheck"], "archcheck on the public index is another project"


def test_the_guide_covers_both_targets_and_versioning():
    assert 'target="catalog"' in DOC and "class TitleLength(RecordCheck)" in DOC and "### Catalogue rules" in DOC
    assert "### Versioning a pack against ARCHCHECK_API" in DOC and "(#versioning-a-pack-against-archcheck_api)" in DOC
    versioning = DOC.split("### Versioning a pack against ARCHCHECK_API")[1].split("\n### ")[0]
    for word in ("ARCHCHECK_API", "API_VERSION", "archcheck-dangan>=", "(1, 2)", "upper bound", "required_plugins"):
        assert word in versioning, word


@pytest.mark.parametrize("fields, message", [
    ({"severity": Severity.MAJOR, "basis": Basis("《某地细则》", kind=BasisKind.CONFIGURABLE)},
     "rule GXA001: severity must not be major: a configurable basis allows at most minor"),
    ({"target": "catalogue"}, "rule GXA001: target must be one of 'unit', 'catalog', 'volumes', 'link', not 'catalogue'"),
    ({"severity": "minor"}, "rule GXA001: severity must be an archcheck.api.Severity such as Severity.MINOR, not str"),
])
def test_the_load_checks_table_quotes_what_archcheck_says(fields, message):
    metadata = dict(id="GXA001", area="GXA", title="t", severity=Severity.MINOR, points=1, basis=Basis("《某地细则》"),
                    remedy="r", rationale="r", example="e", check=lambda unit, ctx: ())
    with pytest.raises(RuleDefinitionError) as caught:
        Rule(**{**metadata, **fields})
    assert caught.value.message.en == message and message in DOC


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
