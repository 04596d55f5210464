"""Check many unit files in one run: expand folders, use every core, keep going past bad files.

An invalid unit among many does not stop the others: its problems are collected and reported after
the report of the valid units, and the run exits 2 (a county bureau wants the rest checked). The
units are checked by a pool of worker processes (`audit.supervised`), one per core, and come back
in input order, so the report is the one a single process would write. Past a few hundred, the
units' reports wait for the reporters in a temporary file (`engine.unit_store`), so a province's
thousands of units need no more memory than a county's hundreds.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import click

from archcheck.audit.prepared import PreparedAudit
from archcheck.audit.supervised import check_each
from archcheck.audit.unit_files import check_unit, results_kept
from archcheck.engine import finding_store
from archcheck.engine.unit_store import UnitStore
from archcheck.errors import InputError, Problem
from archcheck.model import Report, Text

UNIT_SUFFIXES = (".json", ".yaml", ".yml")


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


def _progress(items: Iterable[Any], total: int, lang: str) -> Iterator[Any]:
    """A progress bar on stderr, only when a person is watching it (stderr is a terminal)."""
    if not (sys.stderr.isatty() and total > 1):
        yield from items
        return
    with click.progressbar(items, length=total, file=sys.stderr, label=Text("检查单位", "checking units").get(lang)) as bar:
        yield from bar


def check_many(paths: list[Path], audit: PreparedAudit, lang: str = "zh", workers: int | None = None) -> tuple[Report, list[Problem]]:
    """Every valid unit's report plus the problems of the invalid ones, in input order."""
    units = UnitStore(audit.rules("unit"))
    problems: list[Problem] = []
    finding_store.prepare()  # the spill folder is the run's process's, made before workers fork
    outcomes = check_each(paths, audit, lambda path, failed: check_unit(path, audit, failed), "unit", workers, packed=True)
    with results_kept() as keep:
        for path, (status, value) in zip(paths, _progress(outcomes, len(paths), lang)):
            if status == "ok":
                units.add(value)
                keep()
            elif status == "input":
                problems.extend(value)
            else:
                problems.append(Problem(str(path), "", value))
    return audit.report(units), problems
