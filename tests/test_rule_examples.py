"""Every rule's `example` is run: a unit rule's example is a YAML snippet of a unit description, a
catalogue rule's a CSV snippet of an export; neither may fail its rule, and a `violation`, where a rule
gives one (every catalogue rule does), must fail it — so `archcheck explain` never shows a compliant
snippet that the rule itself would fault.

A snippet is merged into a minimal valid unit (as of 2025-06-30 unless it says `as_of`) and loaded by
the real loader, so it must also be valid against the unit schema. Both languages' snippets are run.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from archcheck.engine import Context, evaluate
from archcheck.loaders.unit import load_unit, read_document
from archcheck.model import Outcome, Rule
from archcheck.schemas import unit_schema
from conftest import plugins

AS_OF = "2025-06-30"
#: side files an example names (a climate-log CSV …), copied next to the snippet
SIDE_FILES = Path(__file__).parent / "data" / "examples"
UNIT_RULES = [r for r in plugins().rules if r.target == "unit"]


def run_snippet(rule: Rule, text: str, tmp_path: Path) -> Outcome:
    """The rule's outcome on a minimal unit plus the snippet, read and validated by the real loader."""
    for side in SIDE_FILES.iterdir():
        shutil.copy(side, tmp_path / side.name)
    snippet_file = tmp_path / f"{rule.id}-snippet.yaml"
    snippet_file.write_text(text, encoding="utf-8")
    snippet = read_document(snippet_file)
    assert isinstance(snippet, dict), f"{rule.id}: the example is not a YAML mapping of unit sections: {text!r}"
    unit = {"schema_version": "1", "as_of": AS_OF, **snippet}
    unit["unit"] = {"name": "示例单位", **snippet.get("unit", {})}
    path = tmp_path / f"{rule.id}.json"
    path.write_text(json.dumps(unit, ensure_ascii=False), encoding="utf-8")
    unit = load_unit(path, unit_schema(plugins().collect("archcheck_unit_schema")))
    ctx = Context(as_of=dt.date.fromisoformat(unit["as_of"]), params=dict(rule.params), base_dir=tmp_path)
    return evaluate(rule, unit, ctx).outcome


@pytest.mark.parametrize("rule", UNIT_RULES, ids=lambda r: r.id)
def test_the_example_does_not_fail_its_rule(rule, tmp_path):
    for lang in ("zh", "en"):
        outcome = run_snippet(rule, getattr(rule.example, lang), tmp_path)
        assert outcome not in (Outcome.FAIL, Outcome.ERROR), f"{rule.id} ({lang}) example gives {outcome.value}"


@pytest.mark.parametrize("rule", [r for r in UNIT_RULES if r.violation is not None], ids=lambda r: r.id)
def test_the_violation_fails_its_rule(rule, tmp_path):
    for lang in ("zh", "en"):
        assert run_snippet(rule, getattr(rule.violation, lang), tmp_path) == Outcome.FAIL, f"{rule.id} ({lang})"


CATALOG_RULES = [r for r in plugins().rules if r.target == "catalog"]


def run_export(rule: Rule, text: str, tmp_path: Path) -> Outcome:
    """The rule's outcome on the CSV snippet, read by the real catalogue reader, as of AS_OF."""
    from archcheck.audit.catalog_files import CatalogOptions, check_catalog
    from archcheck.audit.prepared import PreparedAudit, Settings
    from archcheck.scoring import load_profile

    path = tmp_path / f"{rule.id}.csv"
    path.write_text(text + "\n", encoding="utf-8")
    audit = PreparedAudit(plugins(), Settings(profile=load_profile("default")), {"catalog": [rule]})
    report = check_catalog(path, audit, CatalogOptions(as_of=dt.date.fromisoformat(AS_OF)))
    return report.results[0].outcome


@pytest.mark.parametrize("rule", CATALOG_RULES, ids=lambda r: r.id)
def test_a_catalogue_rules_example_passes_and_its_violation_fails(rule, tmp_path):
    assert rule.violation is not None, f"{rule.id} shows no violation"
    for lang in ("zh", "en"):
        outcome = run_export(rule, getattr(rule.example, lang), tmp_path)
        assert outcome not in (Outcome.FAIL, Outcome.ERROR), f"{rule.id} ({lang}) example gives {outcome.value}"
        assert run_export(rule, getattr(rule.violation, lang), tmp_path) == Outcome.FAIL, f"{rule.id} ({lang}) violation"


VOLUME_RULES = [r for r in plugins().rules if r.target == "volumes"]


def run_volume_snippet(rule: Rule, text: str, tmp_path: Path) -> Outcome:
    """The rule's outcome on the snippet's files (`# 案卷目录`, `# 卷内文件目录`), checked together as the CLI does."""
    from archcheck.audit.catalog_files import CatalogOptions, check_catalogs
    from archcheck.audit.prepared import PreparedAudit, Settings
    from archcheck.catalog.volumes import split_snippet
    from archcheck.scoring import load_profile

    paths = []
    for number, (_, body) in enumerate(split_snippet(text)):
        path = tmp_path / f"{rule.id}-{number}.csv"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    assert paths, f"{rule.id}: the snippet names no file (# 案卷目录 / # 卷内文件目录)"
    audit = PreparedAudit(plugins(), Settings(profile=load_profile("default")), {"volumes": [rule]})
    report = check_catalogs(paths, audit, CatalogOptions(as_of=dt.date.fromisoformat(AS_OF)))
    assert len(report.units) == 1, f"{rule.id}: the snippet's files were not read as one volume catalogue"
    return report.units[0].results[0].outcome


@pytest.mark.parametrize("rule", VOLUME_RULES, ids=lambda r: r.id)
def test_a_volume_rules_example_passes_and_its_violation_fails(rule, tmp_path):
    assert rule.violation is not None, f"{rule.id} shows no violation"
    for lang in ("zh", "en"):
        outcome = run_volume_snippet(rule, getattr(rule.example, lang), tmp_path)
        assert outcome is Outcome.PASS, f"{rule.id} ({lang}) example gives {outcome.value}"
        assert run_volume_snippet(rule, getattr(rule.violation, lang), tmp_path) == Outcome.FAIL, f"{rule.id} ({lang}) violation"


LINK_RULES = [r for r in plugins().rules if r.target == "link"]


def run_link_snippet(rule: Rule, text: str, tmp_path: Path) -> Outcome:
    """The rule's outcome on the snippet's unit (`# unit.yaml`, merged into a minimal unit) and catalogue
    files (`# 归档文件目录.csv` …), checked together as `archcheck check UNIT --catalog EXPORT` does."""
    from archcheck.audit.prepared import PreparedAudit, Settings
    from archcheck.audit.unit_links import check_linked
    from archcheck.catalog.volumes import split_snippet
    from archcheck.scoring import load_profile

    parts = split_snippet(text)
    assert parts and parts[0][0] == "unit.yaml", f"{rule.id}: the snippet starts with no '# unit.yaml'"
    unit_file = tmp_path / "unit.yaml"
    unit_file.write_text(parts[0][1], encoding="utf-8")
    snippet = read_document(unit_file) or {}
    unit = {"schema_version": "1", "as_of": AS_OF, **snippet, "unit": {"name": "示例单位", **snippet.get("unit", {})}}
    unit_file.write_text(json.dumps(unit, ensure_ascii=False), encoding="utf-8")
    exports = []
    for name, body in parts[1:]:
        exports.append(tmp_path / name)
        exports[-1].write_text(body, encoding="utf-8")
    assert exports, f"{rule.id}: the snippet names no catalogue file"
    audit = PreparedAudit(plugins(), Settings(profile=load_profile("default")),
                          {"unit": [], "catalog": [], "volumes": [], "link": [rule]})
    report = check_linked(unit_file, exports, audit)
    return report.units[-1].results[0].outcome


@pytest.mark.parametrize("rule", LINK_RULES, ids=lambda r: r.id)
def test_a_link_rules_example_passes_and_its_violation_fails(rule, tmp_path):
    assert rule.violation is not None, f"{rule.id} shows no violation"
    for lang in ("zh", "en"):
        assert run_link_snippet(rule, getattr(rule.example, lang), tmp_path) is Outcome.PASS, f"{rule.id} ({lang}) example"
        assert run_link_snippet(rule, getattr(rule.violation, lang), tmp_path) is Outcome.FAIL, f"{rule.id} ({lang}) violation"
