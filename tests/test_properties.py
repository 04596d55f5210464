"""Properties over units generated from the unit schema (tests/schema_strategy.py).

Any valid unit is checked without a crash or an `error` from a built-in rule, with exactly one outcome
per rule, scores within [0, 100] and byte-identical JSON on a second run; and replacing a group of
sections with the compliant fixture's never lowers the score of the areas those sections feed.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator, FormatChecker

from archcheck.audit.prepared import PreparedAudit, Settings
from archcheck.audit.unit_files import check_units
from archcheck.engine import Selection
from archcheck.model import Outcome
from archcheck.plugins import BUILTIN_DISTRIBUTION
from archcheck.reporters.jsonreport import render_json
from archcheck.schemas import unit_schema
from archcheck.scoring import load_profile
from conftest import COMPLIANT, load_fixture, plugins
from schema_strategy import generated_units, present_sections

PROPERTY_SETTINGS = settings(
    max_examples=25, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)


@lru_cache(maxsize=None)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(unit_schema(), format_checker=FormatChecker())


def _check(path: Path, selection: Selection = Selection()):
    return check_units([path], PreparedAudit(plugins(), Settings(profile=load_profile("default"), selection=selection)))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("generated")


def _write(workdir: Path, unit: dict, name: str = "unit.json") -> Path:
    path = workdir / name
    path.write_text(json.dumps(unit, ensure_ascii=False), encoding="utf-8")
    return path


@PROPERTY_SETTINGS
@given(unit=generated_units())
def test_any_valid_unit_is_checked_cleanly_and_deterministically(workdir, unit):
    assert _validator().is_valid(unit)  # the generator makes only valid units
    path = _write(workdir, unit)
    report = _check(path)  # must not raise
    result = report.units[0]
    rules = plugins().rules_for("unit")
    assert [r.rule.id for r in result.results] == [r.id for r in rules]  # exactly one outcome per rule
    errors = [(r.rule.id, r.reason.en) for r in result.results if r.outcome is Outcome.ERROR and r.rule.plugin in _BUILTIN]
    assert errors == []
    assert 0.0 <= result.score.total <= 100.0
    for area in result.score.areas:
        assert 0.0 <= area.score <= area.max + 1e-9
    for r in result.results:
        assert 0.0 <= r.deducted <= r.rule.points
    assert render_json(_check(path)) == render_json(report)


_BUILTIN = {info.name for info in plugins().infos if info.distribution == BUILTIN_DISTRIBUTION}

# Sections the FUN/FIL/RET rules read together (e.g. RET003 reads organisation and filing; FIL006 reads
# holdings and filing), so a group is made compliant as a whole.
COMPLIANCE_GROUPS = [("planning", "funding"), ("retention",), ("filing", "organisation", "holdings")]
SCORED_AREAS = Selection(select=("FUN", "FIL", "RET"))


GROUP_SECTIONS = present_sections([name for group in COMPLIANCE_GROUPS for name in group])


@settings(PROPERTY_SETTINGS, max_examples=40)
@given(sections=GROUP_SECTIONS)
def test_adding_compliance_evidence_never_lowers_the_score(workdir, sections):
    compliant = load_fixture(COMPLIANT)
    before = {"schema_version": "1", "as_of": compliant["as_of"], "unit": compliant["unit"], **sections}
    assert _validator().is_valid(before)
    old = _check(_write(workdir, before, "before.json"), SCORED_AREAS).units[0]
    for group in COMPLIANCE_GROUPS:
        after = copy.deepcopy(before)
        for name in group:
            after[name] = copy.deepcopy(compliant[name])
        new = _check(_write(workdir, after, "after.json"), SCORED_AREAS).units[0]
        worse = {o.rule.id: (o.outcome.value, o.deducted, n.outcome.value, n.deducted)
                 for o, n in zip(old.results, new.results) if _cost(n) > _cost(o)}
        assert worse == {}, group  # no single rule is worse off for the added evidence …
        # … so neither is the total (area scores are rounded to 0.01 and the total to 0.1)
        assert new.score.total >= old.score.total - 0.11, group


def _cost(result) -> float:
    """Points lost, counting a rule that leaves the score (not applicable, skipped) as losing nothing."""
    return result.deducted if result.outcome.counts_in_score else 0.0
