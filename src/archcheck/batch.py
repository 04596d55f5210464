"""Check many unit files in one run: expand folders, use both cores when it pays, keep going past bad files.

An invalid unit among many does not stop the others: its problems are collected and reported after
the report of the valid units, and the run exits 2 (a county bureau wants the rest checked).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import click

from archcheck.audit import AuditSettings, check_unit, make_report, ordered_areas, results_kept
from archcheck.engine import with_severities
from archcheck.errors import InputError, Problem
from archcheck.model import Outcome, Report, RuleResult, Text, UnitReport
from archcheck.plugins import PluginSet, load_plugins
from archcheck.schemas import unit_schema
from archcheck.waivers import WaiverLedger

UNIT_SUFFIXES = (".json", ".yaml", ".yml")
WORKERS = 2
#: units checked in this process first, to measure what one unit costs
PROBE_UNITS = 8
#: a worker halves the checking, but the parent spends 3.8–4.4 ms per unit receiving and rebuilding the
#: results (measured): below ~10 ms a unit the pool cannot win (see docs/documents.md)
POOL_MIN_SECONDS_PER_UNIT = 0.01
#: ... and when the work left is large against starting the workers
POOL_MIN_REMAINING_SECONDS = 1.0


def expand_inputs(paths: Iterable[Path]) -> list[Path]:
    """Folders become their *.json/*.yaml/*.yml files (sorted, not recursive); files stay as given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in UNIT_SUFFIXES)
            if not inside:
                raise InputError([Problem(str(path), "", Text("目录中没有 .json/.yaml/.yml 单位文件", "the folder has no .json/.yaml/.yml unit files"))])
            found += inside
        else:
            found.append(path)
    return found


# ---- worker side ---------------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _init_worker(modules: Sequence[str], disabled: Sequence[str], settings: AuditSettings) -> None:
    plugins = load_plugins(modules, disabled)
    _WORKER.update(schema=unit_schema(plugins.collect("archcheck_unit_schema")),
                   rules=with_severities(plugins.rules_for("unit"), settings.severity),
                   areas=ordered_areas(plugins, settings.profile), settings=settings, ledger=WaiverLedger(settings.waivers))


def _check_in_worker(path: Path) -> tuple[str, Any]:
    """Rules hold functions that do not pickle, so a worker sends back rule ids, not Rule objects."""
    try:
        unit = check_unit(path, _WORKER["schema"], _WORKER["rules"], _WORKER["areas"], _WORKER["settings"], _WORKER["ledger"])
    except InputError as error:
        return "error", error.problems
    results = [(r.rule.id, r.outcome.value, r.findings, r.deducted, r.reason) for r in unit.results]
    return "ok", (unit.name, unit.source, unit.as_of, results, unit.score, unit.data, unit.positions)


def _rebuild(compact: Any, rules: dict[str, Any]) -> UnitReport:
    name, source, as_of, results, score, data, positions = compact
    return UnitReport(name=name, source=source, as_of=as_of, score=score, data=data, positions=positions,
                      results=tuple(RuleResult(rules[i], Outcome(o), f, d, r) for i, o, f, d, r in results))


# ---- parent side ---------------------------------------------------------------------------------
def _serial(paths: list[Path], schema: Any, rules: list[Any], areas: Any, settings: AuditSettings, ledger: WaiverLedger) -> Iterator[tuple[str, Any]]:
    for path in paths:
        try:
            yield "ok", check_unit(path, schema, rules, areas, settings, ledger)
        except InputError as error:
            yield "error", error.problems


def _parallel(paths: list[Path], plugins: PluginSet, settings: AuditSettings, modules: Sequence[str], disabled: Sequence[str]) -> Iterator[tuple[str, Any]]:
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing: ~20 ms of start-up, only when the pool pays

    rules = {r.id: r for r in with_severities(plugins.rules_for("unit"), settings.severity)}
    chunk = max(1, len(paths) // (WORKERS * 8))
    with ProcessPoolExecutor(WORKERS, initializer=_init_worker, initargs=(tuple(modules), tuple(disabled), settings)) as pool:
        for status, value in pool.map(_check_in_worker, paths, chunksize=chunk):
            yield status, (_rebuild(value, rules) if status == "ok" else value)


def _spare_core() -> bool:
    """A second process only helps when a core is idle: on a busy machine it measured twice as slow."""
    try:
        return os.getloadavg()[0] < (os.cpu_count() or 1) - 0.5
    except OSError:  # pragma: no cover - no load average on this platform
        return True


def pool_pays(seconds_per_unit: float, remaining: int, waivers: bool = False) -> bool:
    """Both cores only for expensive units and enough of them (ARCHCHECK_NO_POOL=1 forces one process).

    With waivers the run stays in one process: the waiver ledger counts matches across all units.
    """
    if os.environ.get("ARCHCHECK_NO_POOL") or (os.cpu_count() or 1) < 2 or waivers or not _spare_core():
        return False
    return seconds_per_unit >= POOL_MIN_SECONDS_PER_UNIT and seconds_per_unit * remaining >= POOL_MIN_REMAINING_SECONDS


def _outcomes(paths: list[Path], plugins: PluginSet, settings: AuditSettings, modules: Sequence[str], disabled: Sequence[str],
              areas: Any, ledger: WaiverLedger) -> Iterator[tuple[str, Any]]:
    """Check a few units here, time them, then the rest here or in a pool, whichever pays."""
    schema = unit_schema(plugins.collect("archcheck_unit_schema"))
    rules = with_severities(plugins.rules_for("unit"), settings.severity)
    head, tail = paths[:PROBE_UNITS], paths[PROBE_UNITS:]
    # the first unit pays once for the whole run (compiling the schema validator, modules imported on
    # first use: ~60 ms against ~6 ms a unit), so the timing starts after it
    yield from _serial(head[:1], schema, rules, areas, settings, ledger)
    start = time.perf_counter()
    yield from _serial(head[1:], schema, rules, areas, settings, ledger)
    per_unit = (time.perf_counter() - start) / max(1, len(head) - 1)
    if tail and pool_pays(per_unit, len(tail), bool(settings.waivers)):
        yield from _parallel(tail, plugins, settings, modules, disabled)
    else:
        yield from _serial(tail, schema, rules, areas, settings, ledger)


def _progress(items: Iterable[Any], total: int, lang: str) -> Iterator[Any]:
    """A progress bar on stderr, only when a person is watching it (stderr is a terminal)."""
    if not (sys.stderr.isatty() and total > 1):
        yield from items
        return
    with click.progressbar(items, length=total, file=sys.stderr, label=Text("检查单位", "checking units").get(lang)) as bar:
        yield from bar


def check_many(
    paths: list[Path], plugins: PluginSet, settings: AuditSettings, modules: Sequence[str] = (), disabled: Sequence[str] = (),
    lang: str = "zh",
) -> tuple[Report, list[Problem]]:
    """Every valid unit's report plus the problems of the invalid ones, in input order."""
    areas, ledger = ordered_areas(plugins, settings.profile), WaiverLedger(settings.waivers)
    outcomes = _outcomes(paths, plugins, settings, modules, disabled, areas, ledger)
    units: list[UnitReport] = []
    problems: list[Problem] = []
    with results_kept() as keep:
        for status, value in _progress(outcomes, len(paths), lang):
            if status == "ok":
                units.append(value)
                keep()
            else:
                problems.extend(value)
    return make_report(plugins, settings, areas, units, ledger), problems
