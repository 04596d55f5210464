"""docs/ci.md as written: every archcheck command of the GitHub, GitLab and Jenkins examples runs on a
folder shaped like a bureau's repository, the files the CI then uploads exist and are valid for the
system that reads them, and every install line installs archcheck under its own name."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator
from packaging.requirements import Requirement

from conftest import POOR, ROOT, SEED
from test_gitlab_codequality import REPORT as CODE_QUALITY
from test_junit_ci import assert_valid_junit
from test_sarif_junit import assert_valid_sarif

DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
FILE_BLOCK = re.compile(r"^```(\w+) file=(\S+)\n(.*?)^```", re.S | re.M)
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)
CATALOG = ROOT / "fixtures" / "catalog" / "catalog-utf8-bom.csv"
DISTRIBUTION = "archcheck-dangan"


def blocks() -> dict[str, str]:
    found = {name: text for _, name, text in FILE_BLOCK.findall(DOC)}
    assert set(found) == {".github/workflows/archcheck.yml", ".gitlab-ci.yml", "Jenkinsfile"}
    return found


def github() -> tuple[list[str], list[str]]:
    steps = yaml.safe_load(blocks()[".github/workflows/archcheck.yml"])["jobs"]["archcheck"]["steps"]
    uploads = [s["with"]["sarif_file"] for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    return [s["run"] for s in steps if "run" in s], uploads


def gitlab() -> tuple[list[str], dict]:
    job = yaml.safe_load(blocks()[".gitlab-ci.yml"])["archcheck"]
    return job["script"], job["artifacts"]


def jenkins() -> tuple[list[str], list[str], list[str]]:
    text = blocks()["Jenkinsfile"]
    return (re.findall(r"^\s*sh '(.*)'$", text, re.M), re.findall(r"^\s*junit '(.*)'$", text, re.M),
            re.findall(r"sarif\(pattern: '(.*?)'\)", text))


def archcheck_commands(lines: list[str]) -> list[list[str]]:
    commands = []
    for line in lines:
        for part in line.split("&&"):
            words = shlex.split(part)
            if words and Path(words[0]).name == "archcheck":
                commands.append(words[1:])
    return commands


def install_lines() -> list[list[str]]:
    lines = [*github()[0], *gitlab()[0], *jenkins()[0],
             *(line for text in (DOC, README) for block in SH_BLOCK.findall(text) for line in block.splitlines())]
    found = []
    for line in lines:
        for part in line.split("&&"):
            words = shlex.split(part.split("  #")[0])
            if words and Path(words[0]).name in ("pip", "pipx") and words[1] in ("install", "inject"):
                found.append(words)
    return found


def test_every_install_line_installs_archcheck_under_its_own_name():
    lines = install_lines()
    assert len(lines) >= 6
    for words in lines:
        if words[1] == "inject":
            assert words[2] == DISTRIBUTION  # the pipx venv is named after the distribution
            continue
        targets = [w for w in words[2:] if not w.startswith("-")]
        for target in targets:
            if target.endswith(".whl"):
                assert Path(target).name.split("-")[0].replace("_", "-") == DISTRIBUTION
            else:
                requirement = Requirement(target)
                assert requirement.name == DISTRIBUTION, words
                assert requirement.url is None or requirement.url.startswith("git+https://")
    assert not re.search(r"pip install archcheck(\s|$|[=<>])", DOC + README)


@pytest.fixture
def bureau_repo(tmp_path, monkeypatch, cli) -> Path:
    """A repository as the examples expect it: units/, exports/, and the baseline from the adoption step."""
    (tmp_path / "units").mkdir()
    (tmp_path / "exports").mkdir()
    shutil.copy(SEED, tmp_path / "units" / "seed-damingshan.yaml")
    shutil.copy(POOR, tmp_path / "units" / "poor.json")
    shutil.copy(CATALOG, tmp_path / "exports" / "归档文件目录.csv")
    monkeypatch.chdir(tmp_path)
    adopt = archcheck_commands([l for b in SH_BLOCK.findall(DOC) for l in b.splitlines()])
    assert adopt and any("--write-baseline" in c for c in adopt)
    for command in adopt:
        assert cli(*command).exit_code == 0
    assert (tmp_path / "archcheck-baseline.json").is_file()
    return tmp_path


def run_all(cli, commands: list[list[str]]) -> dict[str, str]:
    """Run each command; return {output file: format}. Report-only steps exit 0, the gate 0 or 1."""
    outputs = {}
    assert commands
    for command in commands:
        result = cli(*command)
        report_only = "--exit-zero" in command or (
            "--fail-on" in command and command[command.index("--fail-on") + 1] == "never")
        assert result.exit_code in ((0,) if report_only else (0, 1)), (command, result.stderr)
        if result.exit_code == 1:
            assert "门槛未通过" in result.stderr  # a red build always says why
        formats = [command[i + 1] for i, word in enumerate(command) if word == "--format"]
        for value in formats:
            name, _, file = value.partition(":")
            if file:
                outputs[file] = name
            elif "-o" in command:
                outputs[command[command.index("-o") + 1]] = name
    return outputs


def check_file(path: Path, fmt: str) -> None:
    text = path.read_text(encoding="utf-8")
    if fmt == "sarif":
        log = assert_valid_sarif(text)
        assert all(r["locations"][0]["physicalLocation"]["artifactLocation"].get("uriBaseId") == "SRCROOT"
                   for r in log["runs"][0]["results"])
    elif fmt == "junit":
        assert_valid_junit(text)
    elif fmt == "gitlab":
        assert not list(Draft7Validator(CODE_QUALITY).iter_errors(json.loads(text)))
    else:  # pragma: no cover - a format the examples do not use
        raise AssertionError(fmt)


def test_github_example(cli, bureau_repo):
    runs, uploads = github()
    outputs = run_all(cli, archcheck_commands(runs))
    assert uploads and set(uploads) <= set(outputs)
    for name, fmt in outputs.items():
        check_file(bureau_repo / name, fmt)
    categories = {json.loads((bureau_repo / u).read_text(encoding="utf-8"))["runs"][0]["automationDetails"]["id"] for u in uploads}
    assert len(categories) == len(uploads)  # one upload does not replace the other's alerts


def test_gitlab_example(cli, bureau_repo):
    script, artifacts = gitlab()
    outputs = run_all(cli, archcheck_commands(script))
    reports = artifacts["reports"]
    assert set(reports["junit"]) <= set(outputs) and reports["codequality"] in outputs
    assert set(artifacts["paths"]) == set(outputs)
    assert outputs[reports["codequality"]] == "gitlab" and {outputs[j] for j in reports["junit"]} == {"junit"}
    for name, fmt in outputs.items():
        check_file(bureau_repo / name, fmt)


def test_jenkins_example(cli, bureau_repo):
    steps, junit, sarif = jenkins()
    outputs = run_all(cli, archcheck_commands(steps))
    assert junit and sarif and set(junit + sarif) <= set(outputs)
    assert any("-o" not in c for c in archcheck_commands(steps))  # the gate step prints to the build log
    for name, fmt in outputs.items():
        check_file(bureau_repo / name, fmt)


def test_report_config_example_is_accepted(cli, bureau_repo):
    toml = re.search(r"^```toml\n(.*?)^```", DOC, re.S | re.M).group(1)
    (bureau_repo / "report.toml").write_text(toml, encoding="utf-8")
    result = cli("check", "units/", "--format", "sarif", "--report-config", "report.toml", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    assert assert_valid_sarif(result.stdout)["runs"][0]["automationDetails"]["id"] == "archcheck/county-units/"
