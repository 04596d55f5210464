"""Check unit descriptions: load, validate, run the unit rules, score. The single-unit entry to the engine."""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator

from archcheck.audit.prepared import PreparedAudit
from archcheck.engine.units import run_rules
from archcheck.model import Report, UnitReport
from archcheck.scoring import score


def check_units(paths: Iterable[Path], audit: PreparedAudit) -> Report:
    """Check each unit file; an unreadable or invalid file raises InputError before any output."""
    units = []
    with results_kept() as keep:
        for path in paths:
            units.append(check_unit(path, audit))
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


def check_unit(path: Path, audit: PreparedAudit) -> UnitReport:
    """Load, validate, run the rules on, waive and score one unit file (raises InputError when invalid)."""
    from archcheck.loaders.unit import load_unit  # YAML and jsonschema: only commands that read units pay for them

    unit = load_unit(path, audit.unit_schema)
    settings = audit.settings
    ctx = audit.context(dt.date.fromisoformat(unit["as_of"]), path.resolve().parent)
    mark = audit.ledger.scope(ctx.as_of, str(path))
    results = run_rules(audit.rules("unit"), unit, ctx, settings.selection, settings.params, settings.rule_timeout, mark)
    return UnitReport(
        name=unit["unit"]["name"],
        source=str(path),
        as_of=unit["as_of"],
        results=results,
        score=score(results, settings.profile, audit.areas),
        data=unit,
    )
