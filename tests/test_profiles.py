"""Provincial profiles: the same rule outcomes earn different grades under default, Hunan and Guangxi."""

import json

import pytest

from archcheck.model import Outcome, RuleResult
from archcheck.scoring import load_profile, score
from conftest import COMPLIANT, SEED, plugins


def outcomes(**failed: float) -> list[RuleResult]:
    """Every loaded unit rule passes except the named ones, which lose the given share of their points."""
    results = []
    for rule in plugins().rules_for("unit"):
        if rule.id in failed:
            results.append(RuleResult(rule, Outcome.FAIL, deducted=failed[rule.id] * rule.points))
        else:
            results.append(RuleResult(rule, Outcome.PASS))
    return results


def grades(results) -> dict[str, str]:
    return {name: score(results, load_profile(name)).grade.zh for name in ("default", "hunan", "guangxi")}


def test_all_pass_is_the_top_grade_everywhere():
    assert grades(outcomes()) == {"default": "优秀", "hunan": "省特级", "guangxi": "达标"}


def test_failed_three_way_separation_caps_only_hunan():
    results = outcomes(FAC001=1.0)
    assert score(results, load_profile("default")).total >= 95
    assert grades(results) == {"default": "优秀", "hunan": "不达标", "guangxi": "达标"}
    assert score(results, load_profile("hunan")).capped_by == ("FAC001",)


def test_one_weak_area_fails_only_guangxi():
    results = outcomes(USE001=1.0)  # 3 of USE's 8 points: the area is at 62.5 %
    assert score(results, load_profile("default")).total >= 95
    assert grades(results) == {"default": "优秀", "hunan": "省特级", "guangxi": "不达标"}
    assert score(results, load_profile("guangxi")).capped_by == ("USE",)


@pytest.mark.parametrize("total, default, hunan, guangxi", [
    (96, "优秀", "省特级", "达标"),
    (90, "优秀", "省一级", "达标"),
    (86, "良好", "省一级", "达标"),
    (82, "良好", "省一级", "不达标"),
    (70, "合格", "省二级", "不达标"),
    (50, "不合格", "不达标", "不达标"),
])
def test_grade_thresholds(total, default, hunan, guangxi):
    def grade(name):
        profile = load_profile(name)
        return next(g.name.zh for g in profile.grades if total >= g.min)

    assert (grade("default"), grade("hunan"), grade("guangxi")) == (default, hunan, guangxi)


def test_profile_selectable_on_the_command_line(cli):
    compliant = json.loads(cli("check", COMPLIANT, "--profile", "hunan", "--format", "json").output)
    assert compliant["profile"] == "hunan" and compliant["units"][0]["score"]["grade"]["zh"] == "省特级"
    seed = json.loads(cli("check", SEED, "--profile", "hunan", "--format", "json", "--fail-on", "never").output)
    assert seed["units"][0]["score"]["grade"]["zh"] == "不达标" and "FAC001" in seed["units"][0]["score"]["capped_by"]
    guangxi = json.loads(cli("check", SEED, "--profile", "guangxi", "--format", "json", "--fail-on", "never").output)
    assert guangxi["units"][0]["score"]["grade"]["zh"] == "不达标"


def test_unknown_profile_lists_the_shipped_ones(cli):
    result = cli("check", COMPLIANT, "--profile", "shanghai")
    assert result.exit_code == 2 and "guangxi" in result.stderr and "hunan" in result.stderr
