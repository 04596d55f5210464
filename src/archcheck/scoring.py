"""Turn rule outcomes into area scores, a total out of 100 and a grade, under a profile.

A profile is data (TOML shipped in ``archcheck/profiles/`` or contributed by plugins through
``archcheck_profiles``; a plugin's profile replaces a built-in one of the same name, and a province's
own profile ships in its pack — `hunan` in archcheck-hunan):

    name, title {zh, en}
    weights {AREA: weight}          relative; normalised over the areas that have applicable rules
    default_area_weight             for areas the profile does not name (plugin areas)
    grades [{min, zh, en}]          highest first; the last is the failing grade
    must_pass [rule ids]            besides every `critical` rule: failing one caps the grade
    area_min_ratio                  e.g. 0.8: any area below 80 % of its maximum caps the grade
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

from archcheck.errors import InputError, Problem
from archcheck.model import NOT_GRADED, AreaScore, Outcome, RuleResult, Score, Severity, Text


@dataclass(frozen=True)
class Grade:
    min: float
    name: Text


@dataclass(frozen=True)
class Profile:
    name: str
    title: Text
    weights: Mapping[str, float]
    grades: tuple[Grade, ...]
    default_area_weight: float = 5.0
    must_pass: frozenset[str] = frozenset()
    area_min_ratio: float = 0.0

    @classmethod
    def from_data(cls, data: Mapping[str, Any], origin: str) -> "Profile":
        try:
            title = data.get("title", {})
            grades = tuple(
                Grade(float(g["min"]), Text(str(g["zh"]), str(g["en"])))
                for g in sorted(data["grades"], key=lambda g: -float(g["min"]))
            )
            if not grades:
                raise ValueError("grades is empty")
            return cls(
                name=str(data["name"]),
                title=Text(str(title.get("zh", data["name"])), str(title.get("en", data["name"]))),
                weights={str(k).upper(): float(v) for k, v in data["weights"].items()},
                grades=grades,
                default_area_weight=float(data.get("default_area_weight", 5.0)),
                must_pass=frozenset(str(r).upper() for r in data.get("must_pass", ())),
                area_min_ratio=float(data.get("area_min_ratio", 0.0)),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(
                [Problem(origin, "", Text("评分方案格式错误：{e}", "malformed scoring profile: {e}").format(e=exc))]
            ) from None


#: profiles that left the core for a province's own plugin pack: `--profile hunan` without the pack says which to install
MOVED_TO_PACKS = {"hunan": "archcheck-hunan"}


def builtin_profiles() -> dict[str, Mapping[str, Any]]:
    """The profiles shipped with archcheck, by name."""
    found = {}
    for entry in sorted(resources.files("archcheck").joinpath("profiles").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            found[data["name"]] = data
    return found


def load_profile(name_or_path: str, contributed: Mapping[str, Mapping[str, Any]] = {}) -> Profile:
    """A profile by name (built-in or from a plugin) or from a TOML file path."""
    available = {**builtin_profiles(), **contributed}
    if name_or_path in available:
        return Profile.from_data(available[name_or_path], name_or_path)
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.exists():
        from archcheck.files import read_toml

        return Profile.from_data(read_toml(path), str(path))
    if name_or_path in MOVED_TO_PACKS:
        pack = MOVED_TO_PACKS[name_or_path]
        raise InputError([Problem(name_or_path, "", Text(
            "评分方案 {name} 由地方插件包 {pack} 提供，未安装或未加载：请安装 {pack}（pip install {pack}，"
            "或本仓库的 plugins/{pack}），再用 archcheck plugins 确认已加载；可用：{names}",
            "scoring profile {name} comes with the provincial plugin pack {pack}, which is not installed or not loaded: "
            "install {pack} (pip install {pack}, or plugins/{pack} of the archcheck repository) and check `archcheck plugins`; "
            "available: {names}",
        ).format(name=name_or_path, pack=pack, names=", ".join(sorted(available))))])
    raise InputError(
        [
            Problem(
                name_or_path,
                "",
                Text("未知的评分方案；可用：{names}", "unknown scoring profile; available: {names}").format(
                    names=", ".join(sorted(available))
                ),
            )
        ]
    )


def score(results: Iterable[RuleResult], profile: Profile, area_order: Iterable[str] = ()) -> Score:
    """Area scores out of their normalised weight, total out of 100, grade with caps applied."""
    results = list(results)
    possible: dict[str, float] = {}
    lost: dict[str, float] = {}
    for result in results:
        if result.outcome.counts_in_score and result.rule.points > 0:
            area = result.rule.area
            possible[area] = possible.get(area, 0.0) + result.rule.points
            lost[area] = lost.get(area, 0.0) + (result.deducted if result.outcome != Outcome.WAIVED else 0.0)
    order = list(dict.fromkeys([*area_order, *sorted(possible)]))
    scored = [a for a in order if a in possible]
    weights = {a: profile.weights.get(a, profile.default_area_weight) for a in scored}
    weight_sum = sum(weights.values())
    areas = []
    for area in scored:
        share = 100.0 * weights[area] / weight_sum if weight_sum else 0.0
        ratio = max(0.0, 1.0 - lost[area] / possible[area])
        areas.append(AreaScore(area, round(share * ratio, 2), round(share, 2)))
    total = round(min(100.0, max(0.0, sum(a.score for a in areas))), 1) if areas else 0.0
    caps = _caps(results, profile, areas)
    if not areas and not caps:  # no rule judged this input: 0 points would read as 不合格
        return Score(total, NOT_GRADED, (), ())
    grade = profile.grades[-1] if caps else next((g for g in profile.grades if total >= g.min), profile.grades[-1])
    return Score(total, grade.name, tuple(areas), tuple(caps))


def _caps(results: list[RuleResult], profile: Profile, areas: list[AreaScore]) -> list[str]:
    """Why the grade is capped at the failing grade: failed must-pass rules, areas below the floor."""
    caps = [
        r.rule.id
        for r in results
        if r.outcome.failed
        and (r.rule.severity == Severity.CRITICAL or r.rule.id in profile.must_pass)
    ]
    if profile.area_min_ratio > 0:
        caps += [a.area for a in areas if a.max > 0 and a.score / a.max < profile.area_min_ratio - 1e-9]
    return caps


#: How much a record counts against the catalogue score by the worst severity of its standing findings
#: (marks are severity rank + 1): critical and major cost the whole record, minor half, info nothing.
RECORD_COST = {4: 1.0, 3: 1.0, 2: 0.5, 1: 0.0}


def catalog_score(marks: Any, records: int, profile: Profile, file_lost: float = 0.0,
                  possible: float = 0.0, area: str = "CAT") -> tuple[Score, dict[str, int]]:
    """A catalogue's score: the share of its records without a standing finding, each weighted by its
    worst severity, less what its file-level findings cost (a missing column costs CAT001's share of
    the catalogue rules' points); plus how many records have each worst severity (for the stats).

    An export without records scores 0: there is nothing in it to give credit for.
    """
    counts = {mark: marks.count(mark) for mark in RECORD_COST}
    lost = sum(RECORD_COST[mark] * n for mark, n in counts.items())
    by_records = 100.0 * (1 - lost / records) if records else 0.0
    by_file = 100.0 * file_lost / possible if possible else 0.0
    total = round(min(100.0, max(0.0, by_records - by_file)), 1)
    grade = next((g for g in profile.grades if total >= g.min), profile.grades[-1])
    flagged = {"major_or_critical": counts[4] + counts[3], "minor": counts[2], "info": counts[1]}
    return Score(total, grade.name, (AreaScore(area, total, 100.0),)), flagged
