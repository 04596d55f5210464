"""Provincial profiles: the same rule outcomes earn different grades under default, Hunan and Guangxi.

`hunan` ships with the provincial pack plugins/archcheck-hunan (installed by `make install`, as a province
would ship it); `default` and `guangxi` with the core.
"""

import json

import pytest

from archcheck.model import Outcome, RuleResult
from archcheck.scoring import MOVED_TO_PACKS, builtin_profiles, score
from archcheck.scoring import load_profile as _load_profile
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


def load_profile(name: str):
    """A profile by name, the installed packs' included (as a run finds them)."""
    return _load_profile(name, plugins().collect("archcheck_profiles"))


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
    compliant = json.loads(cli("check", COMPLIANT, "--profile", "hunan", "--format", "json").stdout)
    assert compliant["profile"] == "hunan" and compliant["units"][0]["score"]["grade"]["zh"] == "省特级"
    seed = json.loads(cli("check", SEED, "--profile", "hunan", "--format", "json", "--fail-on", "never").stdout)
    assert seed["units"][0]["score"]["grade"]["zh"] == "不达标" and "FAC001" in seed["units"][0]["score"]["capped_by"]
    guangxi = json.loads(cli("check", SEED, "--profile", "guangxi", "--format", "json", "--fail-on", "never").stdout)
    assert guangxi["units"][0]["score"]["grade"]["zh"] == "不达标"


def test_unknown_profile_lists_the_shipped_ones(cli):
    result = cli("check", COMPLIANT, "--profile", "shanghai")
    assert result.exit_code == 2 and "guangxi" in result.stderr and "hunan" in result.stderr


def test_hunan_left_the_core_for_its_pack():
    assert "hunan" not in builtin_profiles() and MOVED_TO_PACKS == {"hunan": "archcheck-hunan"}
    assert "hunan" in plugins().collect("archcheck_profiles")


@pytest.mark.parametrize("args", [(), ("--disable-plugin", "hunan")])
def test_hunan_without_its_pack_says_which_pack_to_install(archcheck_run, args):
    result = archcheck_run("check", "--profile", "hunan", *args, unit=COMPLIANT, autoload=bool(args))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "hunan: 评分方案 hunan 由地方插件包 archcheck-hunan 提供" in result.stderr
    assert "pip install archcheck-hunan" in result.stderr and "可用：default, guangxi" in result.stderr
    english = archcheck_run("check", "--profile", "hunan", "--lang", "en", *args, unit=COMPLIANT, autoload=bool(args))
    assert "comes with the provincial plugin pack archcheck-hunan" in english.stderr


def test_the_core_keeps_working_without_the_pack(archcheck_run):
    result = archcheck_run("check", "--profile", "guangxi", "--fail-on", "never", unit=COMPLIANT)
    assert result.exit_code == 0 and result.report["profile"] == "guangxi"
    assert not [o for o in result.unit()["outcomes"] if o["rule"].startswith("HNA")]
