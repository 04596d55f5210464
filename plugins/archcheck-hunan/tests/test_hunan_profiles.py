"""The pack's scoring profiles: installed, `--profile hunan` and `--profile shaoyang` grade as the local schemes do.

The units are archcheck's own fully compliant and seed examples (the repository's fixtures/units), moved to
Hunan: the pack lives in the archcheck repository and is tested with its suite.
"""

from __future__ import annotations

import copy
import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest

PLUGIN = ["archcheck_hunan.rules"]
UNITS = Path(__file__).resolve().parents[3] / "fixtures" / "units"
NEVER = ("--fail-on", "never")
#: what a Yueyang unit that meets the pack's requirements adds to the compliant example
HUNAN_DATA = {
    "current_documents": [{"date": "2025-03-10", "items": 12}],
    "filing_rate": {"2022": 100, "2023": 100, "2024": {"due": 850, "filed": 850}},
}


def in_hunan(region: str = "湖南 岳阳 岳阳楼区", **hunan) -> dict:
    unit = copy.deepcopy(json.loads((UNITS / "compliant.json").read_text(encoding="utf-8")))
    unit["unit"]["region"] = region
    unit.setdefault("extensions", {})["hunan"] = hunan
    return unit


def score(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return result.unit()["score"]


def test_a_compliant_hunan_unit_is_provincial_special_grade(archcheck_run):
    result = archcheck_run("check", "--profile", "hunan", *NEVER, unit=in_hunan(**HUNAN_DATA), plugins=PLUGIN)
    assert result.report["profile"] == "hunan"
    assert score(result)["grade"]["zh"] == "省特级" and score(result)["total"] == 100.0
    assert "HNA" in score(result)["areas"]


def test_no_register_of_current_documents_is_a_failed_must_pass_item(archcheck_run):
    data = {k: v for k, v in HUNAN_DATA.items() if k != "current_documents"}
    result = archcheck_run("check", "--profile", "hunan", *NEVER, unit=in_hunan(**data), plugins=PLUGIN)
    assert score(result)["total"] >= 95
    assert score(result)["grade"]["zh"] == "不达标" and score(result)["capped_by"] == ["HNA001"]


def test_the_must_pass_items_come_with_the_pack(archcheck_run):
    result = archcheck_run("check", UNITS / "seed-damingshan.yaml", "--profile", "hunan", *NEVER, plugins=PLUGIN)
    assert score(result)["grade"]["zh"] == "不达标" and "FAC001" in score(result)["capped_by"]
    default = archcheck_run("check", UNITS / "seed-damingshan.yaml", *NEVER, plugins=PLUGIN)
    assert "FAC001" not in score(default)["capped_by"], "三分开 is must-pass only under Hunan's scheme"


def profile(name: str) -> dict:
    return tomllib.loads(resources.files("archcheck_hunan").joinpath(f"{name}.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name, thresholds", [
    ("hunan", [(95, "省特级"), (80, "省一级"), (60, "省二级"), (0, "不达标")]),
    ("shaoyang", [(80.1, "优秀"), (60, "合格"), (0, "不合格")]),
])
def test_grade_thresholds_are_the_published_ones(name, thresholds):
    assert [(g["min"], g["zh"]) for g in profile(name)["grades"]] == thresholds


def test_hunan_must_pass_items_are_yueyangs_starred_items():
    assert profile("hunan")["must_pass"] == ["FAC001", "ORG003", "PRO015", "HNA001"]


def test_shaoyang_80_is_pass_and_above_80_excellent(archcheck_run):
    """Shaoyang: 60—80 合格, 80 分以上 优秀. STA and FAC (weights 10 + 10) met and HNA (weight 5) lost scores 80.0."""
    unit = in_hunan("湖南 邵阳 隆回", **HUNAN_DATA, family_archives={"households": 100, "with_archives": 30, "register_sent": True})
    full = archcheck_run("check", "--profile", "shaoyang", *NEVER, unit=unit, plugins=PLUGIN)
    assert score(full)["grade"]["zh"] == "优秀"
    selection = ("--select", "HNA", "--select", "STA", "--select", "FAC")
    unit["extensions"]["hunan"] = {}
    eighty = archcheck_run("check", "--profile", "shaoyang", *selection, *NEVER, unit=unit, plugins=PLUGIN)
    assert (score(eighty)["total"], score(eighty)["grade"]["zh"]) == (80.0, "合格")
    unit["extensions"]["hunan"] = {"current_documents": HUNAN_DATA["current_documents"]}  # HNA001's 2 of HNA's 8 points
    above = archcheck_run("check", "--profile", "shaoyang", *selection, *NEVER, unit=unit, plugins=PLUGIN)
    assert (score(above)["total"], score(above)["grade"]["zh"]) == (85.0, "优秀")  # 80 + 20 × 2/8


def test_installed_the_profiles_and_rules_appear(archcheck_run):
    """`make install` installs the pack: loaded through its entry point like any province's pack."""
    listing = archcheck_run("plugins", autoload=True).report
    hunan = next(p for p in listing["plugins"] if p["name"] == "hunan")
    assert hunan == {"name": "hunan", "distribution": "archcheck-hunan", "version": "0.1.0", "api": [1],
                     "compatible": True, "rules": 3, "status": "loaded", "note": None}
    rules = archcheck_run("rules", autoload=True).report
    assert {"HNA001", "HNA002", "HNA003"} <= {r["id"] for r in rules}
    graded = archcheck_run("check", "--profile", "hunan", *NEVER, unit=in_hunan(**HUNAN_DATA), autoload=True)
    assert score(graded)["grade"]["zh"] == "省特级"
