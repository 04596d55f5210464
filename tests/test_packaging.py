"""archcheck as its users get it: a wheel (and an sdist) under its own distribution name, installed into a
fresh venv with a third-party plugin, run from outside the repository; and a test command that never
needs root."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import distribution
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from archcheck.plugins import BUILTIN_DISTRIBUTION
from conftest import ROOT, UNITS

#: an absolute folder of some machine: a shipped file names paths relative to the project only
ABSOLUTE_FOLDER = re.compile(r"(?<![\w./:~\\-])(/work/|/home/|/Users/|/root/|/tmp/|[A-Za-z]:\\)")
DISTRIBUTION = "archcheck-dangan"
PLUGIN = ROOT / "plugins" / "archcheck-efiles"


def absolute_folders(text: str) -> list[str]:
    return [m.group(0) for m in ABSOLUTE_FOLDER.finditer(text)]


@pytest.mark.parametrize("text, found", [
    ("# (/work/shared/seed/x.txt)", ["/work/"]),
    ("path: /home/li/档案.yaml", ["/home/"]),
    ("see /Users/wang/x", ["/Users/"]),
    (r"C:\档案\2024.xlsx", ["C:\\"]),
    ("shared/seed/self-inspection-reports.txt beside the project", []),
    (r're.search(r"\d:\d", code)', []),
    ("https://example.org/home/index.html and docs/work/x.md", []),
])
def test_absolute_folder_pattern(text, found):
    assert absolute_folders(text) == found


def test_no_shipped_file_names_an_absolute_folder():
    shipped = [p for p in (ROOT / "src").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert any(p.suffix == ".yaml" for p in shipped) and any(p.suffix == ".toml" for p in shipped)
    offending = {str(p.relative_to(ROOT)): absolute_folders(p.read_text(encoding="utf-8")) for p in shipped}
    assert {k: v for k, v in offending.items() if v} == {}


def test_the_distribution_is_archcheck_dangan_and_the_plugin_depends_on_it():
    assert BUILTIN_DISTRIBUTION == DISTRIBUTION == distribution(DISTRIBUTION).metadata["Name"]
    plugin_requires = [r for r in map(Requirement, distribution("archcheck-efiles").requires or []) if r.marker is None]
    assert [r.name for r in plugin_requires] == [DISTRIBUTION]
    everything = [Requirement(r).name for d in (DISTRIBUTION, "archcheck-efiles") for r in distribution(d).requires or []]
    assert "archcheck" not in everything


# ---- make test and .ci/run ------------------------------------------------------------------------

def test_make_test_runs_no_apt_get_and_no_sudo():
    """Every command `make test` would run on a fresh clone (-B: as if nothing were installed yet)."""
    proc = subprocess.run(["make", "-n", "-B", "test", "VENV=/nonexistent-venv"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "pytest" in proc.stdout and "pip install" in proc.stdout
    assert not re.search(r"\b(apt-get|apt|sudo|dpkg)\b", proc.stdout), proc.stdout


def _stub(folder: Path, name: str, body: str = "") -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\necho \"{name} $*\" >> \"$STUB_LOG\"\n{body}", encoding="utf-8")
    path.chmod(0o755)


@pytest.mark.parametrize("present, installed", [
    ((), ["chromium", "chromium-driver", "npm"]),
    (("chromium", "chromedriver"), ["npm"]),
    (("chromium", "chromedriver", "npm"), []),
])
def test_ci_run_installs_only_the_missing_system_packages_then_runs_make_test(tmp_path, present, installed):
    clone = tmp_path / "clone"
    (clone / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "run", clone / ".ci" / "run")
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for tool in ("dirname",):
        (stubs / tool).symlink_to(shutil.which(tool))
    for name in ("apt-get", "make", *present):
        _stub(stubs, name)
    log = tmp_path / "log"
    env = {"PATH": str(stubs), "STUB_LOG": str(log), "HOME": str(tmp_path)}
    proc = subprocess.run(["/bin/bash", str(clone / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    if installed:
        assert calls == ["apt-get update -qq", "apt-get install -y -qq " + " ".join(installed), "make test"]
    else:
        assert calls == ["make test"]


# ---- the wheel in a fresh venv --------------------------------------------------------------------

def _pinned_runtime_requirements(roots: tuple[str, ...] = (DISTRIBUTION,)) -> list[str]:
    """`roots` other than archcheck-dangan (built here) and their runtime dependencies, and theirs, pinned to what
    this venv has (and tests)."""
    pinned = {r.lower(): distribution(r).version for r in roots if r != DISTRIBUTION}
    todo = list(roots)
    while todo:
        dist = distribution(todo.pop())
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue
            key = req.name.lower().replace("_", "-")
            if key not in pinned:
                pinned[key] = distribution(req.name).version
                todo.append(req.name)
    return sorted(f"{name}=={version}" for name, version in pinned.items())


def _wheelhouse(roots: tuple[str, ...] = (DISTRIBUTION,)) -> Path:
    """Wheels of the dependencies, kept in the venv between runs: downloaded once, then the test is offline."""
    house = Path(sys.prefix) / "test-wheelhouse"
    house.mkdir(exist_ok=True)
    wanted = _pinned_runtime_requirements(roots)
    have = {p.name.split("-")[0].lower().replace("_", "-") + "==" + p.name.split("-")[1] for p in house.glob("*.whl")}
    missing = [r for r in wanted if r not in have]
    if missing:
        proc = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--no-deps",
                               "-d", str(house), *missing], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-3000:]
    return house


def _build(source: Path, out: Path, *what: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "build", "--no-isolation", *what, "--outdir", str(out), str(source)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The sdist, the wheel built from that sdist (so the sdist is complete), and the example plugin's wheel."""
    out = tmp_path_factory.mktemp("dist")
    _build(ROOT, out)  # sdist, then the wheel from the unpacked sdist
    _build(PLUGIN, out, "--wheel")
    return out


def test_wheel_carries_schemas_profiles_and_the_example(built):
    wheel = next(built.glob("archcheck_dangan-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("archcheck/schemas/unit.schema.json", "archcheck/schemas/report.schema.json",
                   "archcheck/profiles/default.toml", "archcheck/profiles/guangxi.toml",
                   "archcheck/examples/seed-damingshan.yaml", "archcheck/hookspecs.py"):
        assert needed in names
    assert "archcheck/profiles/hunan.toml" not in names  # it ships with the provincial pack archcheck-hunan
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "\nName: archcheck-dangan\n" in metadata
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "archcheck = archcheck.__main__:run" in entry_points  # the collector setting, the command line, a quick exit
    for text in (zipfile.ZipFile(wheel).read(n).decode("utf-8") for n in names if not n.endswith("/")):
        assert absolute_folders(text) == []
    assert next(built.glob("archcheck_dangan-*.tar.gz"))


def test_fresh_venv_with_the_wheel_and_the_plugin_runs_a_check_outside_the_repository(built, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    assert "include-system-site-packages = false" in (venv / "pyvenv.cfg").read_text()
    python = venv / "bin" / "python"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-index",
         "--find-links", str(built), "--find-links", str(_wheelhouse()), DISTRIBUTION, "archcheck-efiles"],
        capture_output=True, text=True, timeout=300, env={k: v for k, v in os.environ.items() if k != "PIP_FIND_LINKS"})
    assert install.returncode == 0, install.stderr[-3000:]
    work = tmp_path / "elsewhere"
    shutil.copytree(UNITS / "efiles-sample", work)
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(venv / "bin" / "archcheck"), *args], cwd=work, env=env, capture_output=True,
                              text=True, timeout=120)

    where = subprocess.run([str(python), "-c", "import archcheck; print(archcheck.__file__)"], cwd=work, env=env,
                           capture_output=True, text=True, timeout=60)
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr
    listing = run("plugins", "--format", "json")
    assert listing.returncode == 0, listing.stderr
    found = {p["name"]: p for p in json.loads(listing.stdout)["plugins"]}
    assert found["efiles"]["distribution"] == "archcheck-efiles" and found["efiles"]["status"] == "loaded"
    assert found["funding"]["distribution"] == DISTRIBUTION and found["funding"]["status"] == "loaded"
    assert json.loads(listing.stdout)["load_errors"] == []
    check = run("check", "unit.yaml", "--format", "json", "--fail-on", "never")
    assert check.returncode == 0, check.stderr
    report = json.loads(check.stdout)
    rules = {o["rule"] for u in report["units"] for o in u["outcomes"]}
    assert "FUN001" in rules and any(r.startswith("EFL") for r in rules)
    assert report["units"][0]["source"] == "unit.yaml"
    table = run("check", "unit.yaml", "--fail-on", "never")
    assert table.returncode == 0 and "EFL" in table.stdout
    demo = run("demo")  # the example and the profiles come from inside the wheel
    assert demo.returncode in (0, 1) and "大明山" in demo.stdout, demo.stderr
