"""Our SARIF through Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool), with its SARIF rules and
its GitHub code-scanning rules (GH…): no error, no warning. `make test` installs it into the venv."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import COMPLIANT, POOR, ROOT, SEED, make_unit, write_unit

VERSION = "5.7.0"
CATALOG = ROOT / "fixtures" / "catalog" / "catalog-utf8-bom.csv"
NEVER = ("--fail-on", "never")


def multitool() -> Path:
    found = sorted((Path(sys.prefix) / "npm" / "node_modules" / "@microsoft").glob("sarif-multitool-*/Sarif.Multitool*"))
    if not found:
        pytest.fail(
            "the SARIF validator is not installed: run `make test` with Node.js's npm on PATH (Debian: "
            f"`apt-get install -y npm`), or `npm install --prefix {Path(sys.prefix) / 'npm'} --ignore-scripts "
            f"@microsoft/sarif-multitool@{VERSION}` and make its Sarif.Multitool executable")
    return found[0]


def validate(files: list[Path], out: Path) -> list[dict]:
    """Every problem the Multitool reports, as (rule, level, where, message arguments)."""
    proc = subprocess.run([str(multitool()), "validate", *map(str, files), "--rule-kind", "Gh;Sarif", "-o", str(out),
                           "--log", "ForceOverwrite"], capture_output=True, text=True, timeout=300,
                          env={"DOTNET_CLI_TELEMETRY_OPTOUT": "1", "HOME": str(out.parent), "PATH": "/usr/bin:/bin"})
    assert out.is_file(), proc.stdout[-3000:] + proc.stderr[-3000:]
    run = json.loads(out.read_text(encoding="utf-8-sig"))["runs"][0]
    assert run["invocations"][0]["executionSuccessful"], run["invocations"][0]
    return [
        {"rule": r["ruleId"], "level": r.get("level", "warning"), "file": r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
         "arguments": r["message"].get("arguments")}
        for r in run.get("results", [])
    ]


def test_the_validator_finds_a_result_github_cannot_place(tmp_path):
    broken = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [
        {"tool": {"driver": {"name": "x", "rules": [{"id": "A", "shortDescription": {"text": "a"}}]}},
         "results": [{"ruleId": "A", "message": {"text": "no location"}}]}]}
    path = tmp_path / "broken.sarif"
    path.write_text(json.dumps(broken), encoding="utf-8")
    problems = validate([path], tmp_path / "validation.sarif")
    assert any(p["rule"].startswith("GH") and p["level"] == "error" for p in problems), problems


def test_archcheck_sarif_passes_the_multitool_with_github_rules(cli, tmp_path):
    outputs = []

    def write(name: str, *args) -> None:
        path = tmp_path / name
        result = cli(*args, "--format", "sarif", "-o", path, *NEVER)
        assert result.exit_code == 0, result.stderr
        outputs.append(path)

    write("units.sarif", "check", SEED, POOR, COMPLIANT)
    write("catalog.sarif", "catalog", CATALOG)
    volumes = ROOT / "fixtures" / "catalog" / "volumes"
    write("volumes.sarif", "catalog", volumes / "ajml-pinyin-gb18030.csv", volumes / "jnml-pinyin-gb18030.csv")
    write("workbook.sarif", "catalog", volumes / "volumes.xlsx")
    links = ROOT / "fixtures" / "links"  # a unit, its item and volume catalogues, and the LNK findings between them
    write("linked.sarif", "check", POOR, "--catalog", links / "归档文件目录.csv", "--catalog", links / "案卷目录.csv",
          "--catalog", links / "卷内目录.csv")
    capped = tmp_path / "report.toml"
    capped.write_text("[sarif]\nmax_results = 5\n", encoding="utf-8")
    write("capped.sarif", "catalog", CATALOG, "--report-config", capped)
    unit_data = make_unit(funding={"years": [{"year": y, "in_budget": False, "amount_yuan": 1} for y in (2023, 2024, 2025)]})
    unit = write_unit(tmp_path, unit_data)
    base = tmp_path / "b.json"
    assert cli("check", unit, "--write-baseline", base, *NEVER).exit_code == 0
    unit_data["funding"]["years"][0]["in_budget"] = True
    write_unit(tmp_path, unit_data)
    waivers = tmp_path / "w.toml"
    waivers.write_text('[[waivers]]\nrule = "FUN002"\nlocation = "/funding/years/1"\nreason = "待批复"\n', encoding="utf-8")
    write("baseline.sarif", "check", unit, "--baseline", base, "--waivers", waivers)
    problems = validate(outputs, tmp_path / "validation.sarif")
    assert [p for p in problems if p["level"] in ("error", "warning")] == []
