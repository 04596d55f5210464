"""Check unit descriptions: load, validate, run the rules, score. The CLI's one entry to the engine."""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from archcheck import __version__
from archcheck.engine import DEFAULT_RULE_TIMEOUT, Context, Selection, run_rules, with_severities
from archcheck.model import Report, Rule, Severity, UnitReport, WaiverInfo
from archcheck.plugins import PluginSet
from archcheck.schemas import unit_schema
from archcheck.scoring import Profile, score
from archcheck.waivers import WaiverLedger


@dataclass(frozen=True)
class AuditSettings:
    profile: Profile
    selection: Selection = Selection()
    #: per-rule threshold overrides: {"FIL002": {"deadline": "03-31"}}
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: per-rule severity overrides from the configuration: {"PRO004": Severity.MINOR}
    severity: Mapping[str, Severity] = field(default_factory=dict)
    #: accepted exceptions (waivers.py), applied before scoring
    waivers: tuple[WaiverInfo, ...] = ()
    debug: bool = False
    #: seconds each rule may run before it is stopped and reported as `error` (None: no limit)
    rule_timeout: float | None = DEFAULT_RULE_TIMEOUT


def check_units(paths: Iterable[Path], plugins: PluginSet, settings: AuditSettings) -> Report:
    """Check each unit file; an unreadable or invalid file raises InputError before any output."""
    schema = unit_schema(plugins.collect("archcheck_unit_schema"))
    rules = with_severities(plugins.rules_for("unit"), settings.severity)
    areas = ordered_areas(plugins, settings.profile)
    ledger = WaiverLedger(settings.waivers)
    units = []
    with results_kept() as keep:
        for path in paths:
            units.append(check_unit(path, schema, rules, areas, settings, ledger))
            keep()
    return make_report(plugins, settings, areas, units, ledger)


@contextmanager
def results_kept() -> Iterator[Callable[[], None]]:
    """For a run that keeps every unit's results to the end: `keep()` after each unit takes what is alive
    out of the cyclic garbage collector's sight until the run is over.

    Each full collection walks every live object, and a thousand units' results are millions of them:
    without this, 1,000 units spent 1 s of 6 in six full collections. Everything is handed back on exit.
    """
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


def check_unit(path: Path, schema: Mapping[str, Any], rules: list[Rule], areas: Iterable[str], settings: AuditSettings,
               ledger: WaiverLedger) -> UnitReport:
    """Load, validate, run the rules on, waive and score one unit file (raises InputError when invalid)."""
    from archcheck.loaders.unit import load_located_unit  # YAML and jsonschema: only commands that read units pay for them

    unit, positions = load_located_unit(path, schema)
    ctx = Context(as_of=dt.date.fromisoformat(unit["as_of"]), base_dir=path.resolve().parent, debug=settings.debug)
    results = run_rules(rules, unit, ctx, settings.selection, settings.params, settings.rule_timeout)
    results = ledger.apply(results, ctx.as_of, str(path))
    return UnitReport(
        name=unit["unit"]["name"],
        source=str(path),
        as_of=unit["as_of"],
        results=results,
        score=score(results, settings.profile, areas),
        data=unit,
        positions=positions,
    )


def make_report(plugins: PluginSet, settings: AuditSettings, areas: Mapping[str, Any], units: Iterable[UnitReport],
                ledger: WaiverLedger) -> Report:
    return Report(
        tool_version=__version__,
        profile=settings.profile.name,
        plugins=tuple(plugins.infos),
        areas=areas,
        units=tuple(units),
        load_errors=tuple(plugins.load_errors),
        waivers=ledger.statuses(),
    )


def ordered_areas(plugins: PluginSet, profile: Profile) -> dict[str, Any]:
    """Areas in the profile's order (the seed report's order by default), plugin areas after."""
    order = [a for a in profile.weights if a in plugins.areas] + sorted(set(plugins.areas) - set(profile.weights))
    return {a: plugins.areas[a] for a in order}
