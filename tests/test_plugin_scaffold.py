"""`archcheck plugin new NAME`: a complete distribution whose tests pass as written, installable into a fresh venv.

The end-to-end test does what a plugin author does: scaffold, install archcheck-dangan (a wheel built from
this checkout) and the plugin into a new venv, list it with `archcheck plugins`, run its own tests with the
venv's pytest, and check a unit and a catalogue with its rules. No index is used: the dependencies come
from wheels of what this venv has.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from packaging.requirements import Requirement

from archcheck.commands.plugin_new import NAME, REGION, Plan, check_plan, render
from archcheck.errors import InputError
from archcheck.plugins import BUILTIN_DISTRIBUTION
from conftest import ROOT
from test_packaging import _build, _wheelhouse

EXPECTED_FILES = [
    "README.md", "examples/catalog.csv", "examples/unit.yaml", "pyproject.toml",
    "src/archcheck_guangxi/__init__.py", "src/archcheck_guangxi/profile.toml", "src/archcheck_guangxi/rules.py",
    "src/archcheck_guangxi/sources.py", "tests/test_rules.py",
]


pytestmark = pytest.mark.usefixtures("fresh_guangxi_module")


@pytest.fixture
def scaffold(cli, tmp_path) -> Path:
    result = cli("plugin", "new", "guangxi", "--region", "广西", "--area", "GXA", "--dir", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "archcheck-guangxi/src/archcheck_guangxi/rules.py" in result.stdout and "pip install -e \".[test]\"" in result.stdout
    return tmp_path / "archcheck-guangxi"


def files_of(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_it_writes_a_complete_distribution(scaffold):
    assert files_of(scaffold) == EXPECTED_FILES
    project = tomllib.loads((scaffold / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "archcheck-guangxi"
    assert project["entry-points"]["archcheck"] == {"guangxi": "archcheck_guangxi.rules"}
    requirement, = map(Requirement, project["dependencies"])
    assert requirement.name == BUILTIN_DISTRIBUTION and str(requirement.specifier) == ">=0.1"
    assert [Requirement(r).name for r in project["optional-dependencies"]["test"]] == ["pytest"]
    profile = tomllib.loads((scaffold / "src/archcheck_guangxi/profile.toml").read_text(encoding="utf-8"))
    assert profile["name"] == "guangxi" and profile["weights"]["GXA"] == 5 and profile["weights"]["PRO"] == 18


def test_the_readme_is_chinese_and_english_and_names_the_right_distribution(scaffold):
    readme = (scaffold / "README.md").read_text(encoding="utf-8")
    assert "开发环境 / Setting up" in readme and "pip install archcheck-dangan" in readme
    assert "pip install archcheck " not in readme and "pip install archcheck\n" not in readme
    assert 'pip install -e ".[test]"' in readme


def test_its_tests_pass_as_written(scaffold):
    env = {**os.environ, "PYTHONPATH": str(scaffold / "src"), "ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD": "1"}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=scaffold, env=env,
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "13 passed" in proc.stdout


def test_check_and_catalog_use_its_rules(scaffold, cli, monkeypatch):
    monkeypatch.syspath_prepend(str(scaffold / "src"))
    monkeypatch.setenv("ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD", "1")
    checked = cli("check", scaffold / "examples" / "unit.yaml", "-p", "archcheck_guangxi.rules", "--select", "GXA",
                  "--exit-zero")
    assert checked.exit_code == 0, checked.stderr
    assert "GXA001 档案人员参加业务培训达到规定学时  [一般 · 不符合 · 扣 1 分]" in checked.stdout
    assert "其余 " in checked.stdout and "项未选择" in checked.stdout
    listed = cli("catalog", scaffold / "examples" / "catalog.csv", "-p", "archcheck_guangxi.rules", "--select", "GXA",
                 "--format", "json", "--fail-on", "never")
    outcomes = {o["rule"]: o["outcome"] for o in json.loads(listed.stdout)["units"][0]["outcomes"]}
    assert outcomes["GXA002"] == "fail"
    explained = cli("explain", "GXA002", "-p", "archcheck_guangxi.rules")
    assert explained.exit_code == 0 and "档案工作评估细则" in explained.stdout and "max_chars = 60" in explained.stdout


def test_it_never_overwrites(scaffold, cli):
    before = {f: (scaffold / f).read_bytes() for f in files_of(scaffold)}
    (scaffold / "src/archcheck_guangxi/rules.py").write_text("# my work\n", encoding="utf-8")
    again = cli("plugin", "new", "guangxi", "--region", "广西", "--area", "GXA", "--dir", scaffold.parent)
    assert again.exit_code == 2 and "已存在，不会覆盖" in again.stderr and "Traceback" not in again.stderr
    assert (scaffold / "src/archcheck_guangxi/rules.py").read_text(encoding="utf-8") == "# my work\n"
    assert files_of(scaffold) == sorted(before)


@pytest.mark.parametrize("args, words", [
    (["Guangxi"], ["NAME", "小写字母"]),
    (["guang_xi"], ["NAME"]),
    (["1guangxi"], ["NAME"]),
    (["guangxi-"], ["NAME"]),
    (["a" * 41], ["NAME"]),
    (["funding"], ["已被 archcheck-dangan 使用"]),
    (["dangan"], ["已被 archcheck-dangan 使用"]),
    (["efiles"], ["已被 archcheck-efiles 使用"]),
    (["archcheck-hunan"], ["已被 archcheck-hunan 使用"]),
    (["fun-local"], ["--area", "领域代码 FUN 已被使用"]),
    (["guangxi", "--area", "gx-a"], ["--area", "2–8 位"]),
    (["guangxi", "--area", "HNA"], ["领域代码 HNA 已被使用"]),
])
def test_bad_names_and_areas_are_exit_2_naming_the_option(cli, tmp_path, args, words):
    region = [] if "--region" in args else ["--region", "广西"]
    result = cli("plugin", "new", *args, *region, "--dir", tmp_path)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_a_name_longer_than_a_folder_name_may_be_is_exit_2_not_a_traceback(cli, tmp_path):
    """The folder is named after the plugin: a refused name is not looked up as a folder (it may be longer
    than the file system allows, which made the look-up raise)."""
    name = "a" + "-0" * 150  # 301 characters: past MAX_NAME and past a file name's 255 bytes
    result = cli("plugin", "new", name, "--region", "广西", "--dir", tmp_path)
    assert result.exit_code == 2 and "Traceback" not in result.stderr and "插件名应为小写字母" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_folder_the_file_system_refuses_to_look_at_is_exit_2(tmp_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OSError(36, "File name too long")

    monkeypatch.setattr(Path, "exists", refuse)
    with pytest.raises(InputError) as caught:
        check_plan("guangxi", "广西", None, tmp_path)
    assert caught.value.exit_code == 2
    assert "cannot be created here: File name too long" in caught.value.render("en")
    assert "无法在此创建" in caught.value.render("zh")


@pytest.mark.parametrize("region", ["", " 广西", '广西"', "广西\n南宁", "广西{x}", "广" * 31])
def test_a_region_that_cannot_be_written_into_the_code_is_refused(cli, tmp_path, region):
    result = cli("plugin", "new", "guangxi", "--region", region, "--dir", tmp_path)
    assert result.exit_code == 2 and "--region" in result.stderr and list(tmp_path.iterdir()) == []


def test_the_prefix_is_optional_and_english_works(cli, tmp_path):
    result = cli("plugin", "new", "archcheck-hunan-yueyang", "--region", "湖南 岳阳", "--area", "HYY", "--dir", tmp_path, "--lang", "en")
    assert result.exit_code == 0 and "Wrote the plugin archcheck-hunan-yueyang" in result.stdout
    assert (tmp_path / "archcheck-hunan-yueyang" / "src" / "archcheck_hunan_yueyang" / "rules.py").is_file()


@settings(max_examples=60, deadline=None)
@given(name=st.one_of(st.from_regex(NAME, fullmatch=True), st.text(st.characters(codec="utf-8"), max_size=20)),
       region=st.one_of(st.from_regex(REGION, fullmatch=True), st.text(max_size=12)))
def test_any_name_and_region_give_a_valid_package_or_an_input_error(name, region, tmp_path_factory):
    """Whatever a user types: either exit-2 problems, or sources that parse and name what was asked for."""
    parent = tmp_path_factory.mktemp("any")
    try:
        plan = check_plan(name, region, None, parent)
    except InputError as error:
        assert error.exit_code == 2 and error.render("en")
        return
    assert NAME.fullmatch(plan.name) and plan.module.isidentifier()
    files = render(plan)
    for path, text in files.items():
        if path.endswith(".py"):
            compile(text, path, "exec")
        elif path.endswith(".toml"):
            tomllib.loads(text)
    assert f'REGION = "{region}"' in files[f"src/{plan.module}/rules.py"]


def test_the_templates_have_no_placeholder_left(tmp_path):
    files = render(Plan("guangxi", "广西", "GXA", tmp_path / "x"))
    for path, text in files.items():
        assert "__module__" not in path and "${" not in text and "$name" not in text, path


# ---- end to end, in a fresh venv --------------------------------------------------------------------

def test_in_a_fresh_venv_it_installs_lists_passes_its_tests_and_checks(cli, tmp_path):
    result = cli("plugin", "new", "guangxi", "--region", "广西", "--area", "GXA", "--dir", tmp_path)
    assert result.exit_code == 0, result.stderr
    plugin = tmp_path / "archcheck-guangxi"
    wheels = tmp_path / "wheels"
    _build(ROOT, wheels, "--wheel")  # archcheck-dangan from this checkout
    _build(plugin, wheels, "--wheel")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-index", "--find-links", str(wheels),
         "--find-links", str(_wheelhouse((BUILTIN_DISTRIBUTION, "pytest"))), "archcheck-guangxi[test]"],
        capture_output=True, text=True, timeout=300, env={k: v for k, v in os.environ.items() if k != "PIP_FIND_LINKS"})
    assert install.returncode == 0, install.stderr[-3000:]
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*args], cwd=plugin, env=env, capture_output=True, text=True, timeout=300)

    listing = run(str(venv / "bin" / "archcheck"), "plugins", "--format", "json")
    assert listing.returncode == 0, listing.stderr
    found = {p["name"]: p for p in json.loads(listing.stdout)["plugins"]}
    assert found["guangxi"] == {"name": "guangxi", "distribution": "archcheck-guangxi", "version": "0.1.0", "api": [1],
                                "compatible": True, "rules": 2, "status": "loaded", "note": None}
    assert json.loads(listing.stdout)["load_errors"] == []
    tests = run(str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider")
    assert tests.returncode == 0 and "13 passed" in tests.stdout, tests.stdout[-3000:] + tests.stderr[-2000:]
    where = run(str(python), "-c", "import archcheck, archcheck_guangxi; print(archcheck.__file__, archcheck_guangxi.__file__)")
    assert all(p.startswith(str(venv)) for p in where.stdout.split()), where.stdout
    checked = run(str(venv / "bin" / "archcheck"), "check", "examples/unit.yaml", "--format", "json", "--fail-on", "never",
                  "--profile", "guangxi")
    assert checked.returncode == 0, checked.stderr
    report = json.loads(checked.stdout)
    outcomes = {o["rule"]: o["outcome"] for o in report["units"][0]["outcomes"]}
    assert outcomes["GXA001"] == "fail" and "FUN001" in outcomes and report["profile"] == "guangxi"
    listed = run(str(venv / "bin" / "archcheck"), "catalog", "examples/catalog.csv", "--format", "json", "--fail-on", "never")
    assert {o["rule"]: o["outcome"] for o in json.loads(listed.stdout)["units"][0]["outcomes"]}["GXA002"] == "fail"
