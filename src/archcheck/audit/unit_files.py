"""Check unit descriptions: load, validate, run the unit rules, score. The single-unit entry to the engine."""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from archcheck.audit.prepared import PreparedAudit
from archcheck.engine.units import run_rules
from archcheck.errors import InputError, InternalError, Problem
from archcheck.model import Report, Text, UnitReport
from archcheck.scoring import score


def check_units(paths: Iterable[Path], audit: PreparedAudit) -> Report:
    """Check each unit file (in a worker process where the platform allows); an unreadable or invalid
    file raises InputError before any output."""
    from archcheck.audit.supervised import check_each

    paths = list(paths)
    units = []
    with results_kept() as keep:
        outcomes = check_each(paths, audit, lambda path, failed: check_unit(path, audit, failed), "unit")
        for path, (status, value) in zip(paths, outcomes):
            if status == "input":
                raise InputError(value)
            if status == "internal":
                raise InternalError([Problem(str(path), "", value)])
            units.append(value)
            keep()
    return audit.report(units)


@contextmanager
def results_kept() -> Iterator[Callable[[], None]]:
    """For a run that keeps every unit's results to the end: `keep()` after each unit takes what is alive
    out of the cyclic garbage collector's sight until the run is over (see docs/performance.md)."""
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


def check_unit(path: Path, audit: PreparedAudit, failed: Mapping[str, Text] | None = None) -> UnitReport:
    """Load, validate, run the rules on, waive and score one unit file (raises InputError when invalid).

    Rules in `failed` are reported as errors without running (they brought a worker down on this unit)."""
    from archcheck.loaders.unit import load_located_unit  # YAML and jsonschema: only commands that read units pay for them

    unit, positions = load_located_unit(path, audit.unit_schema)
    settings = audit.settings
    ctx = audit.context(dt.date.fromisoformat(unit["as_of"]), path.resolve().parent)
    mark = audit.ledger.scope(ctx.as_of, str(path))
    results = run_rules(audit.rules("unit"), unit, ctx, settings.selection, settings.params, settings.rule_timeout, mark, failed)
    return UnitReport(
        name=unit["unit"]["name"],
        source=str(path),
        as_of=unit["as_of"],
        results=results,
        score=score(results, settings.profile, audit.areas),
        data=unit,
        positions=positions,
    )
