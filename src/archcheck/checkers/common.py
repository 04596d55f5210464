"""The few judgements many built-in rules make the same way (a yes/no fact, an `{exists: …}` record, a
dated record, every department covered), so that one wording of "not stated" versus "stated and wrong"
holds across areas. The unit-data accessors they use live in `archcheck.unitdata`."""

from __future__ import annotations

import datetime as dt
from typing import Any, Generator, Iterable, Iterator, Mapping

from archcheck.api import Finding, T, fail, missing
from archcheck.unitdata import completed_years, dated_within, producing_departments


def flag(value: Any, where: str, unknown: T, wrong: T, fraction: float = 1.0, *, bad: bool = False,
         wrong_at: str | None = None, **evidence: Any) -> Iterator[Finding]:
    """A yes/no fact: not stated (None) is no evidence at `where`; stated as `bad` fails (at `wrong_at`,
    else `where`) with `evidence`; anything else passes."""
    if value is None:
        yield missing(where, unknown, fraction)
    elif value is bad:
        yield fail(wrong_at or where, wrong, fraction, **evidence)


def existence(record: Any, where: str, unknown: T, absent: T) -> Generator[Finding, None, bool]:
    """The gate of an `{exists: …}` object: not described is no evidence at `where`; `exists: false` fails
    at `where/exists`. Returns True when there is nothing more to judge: `if (yield from existence(…)): return`."""
    if not isinstance(record, dict) or record.get("exists") is None:
        yield missing(where, unknown)
        return True
    if record["exists"] is False:
        yield fail(where + "/exists", absent, exists=False)
        return True
    return False


def dated_recently(entries: Any, where: str, as_of: dt.date, months: int, unknown: T, stale: T) -> Iterator[Finding]:
    """A dated record (drills, courses …) that must have an entry in the last `months` months: no record
    at all is no evidence; a record with nothing recent fails. `stale` may use {m} for the months."""
    if entries is None:
        yield missing(where, unknown)
    elif not dated_within(entries, as_of, months):
        yield fail(where, stale.format(m=months), months=months)


def has_departments(unit: Mapping[str, Any], ctx: Any) -> T | None:
    """`applies_if` for rules about every record-producing department: not applicable without any."""
    return None if producing_departments(unit) else T("未列出形成文件的内设部门", "no record-producing departments are listed")


def departments_left_out(unit: Mapping[str, Any], covered: Iterable[str], where: str, message: T) -> Iterator[Finding]:
    """One failure naming the record-producing departments not in `covered`, costing their share of the
    departments; `message` gets the names as {d} (joined with 、) and {e} (joined with commas)."""
    departments = producing_departments(unit)
    covered = set(covered)
    absent = [d for d in departments if d not in covered]
    if absent:
        yield fail(where, message.format(d="、".join(absent), e=", ".join(absent)), len(absent) / len(departments), departments=absent)


def duty_years(ctx: Any, count: int, since: dt.date | None = None) -> list[int]:
    """The years a yearly duty can be demanded for: of the last `count` complete calendar years before the
    audit year (the audit year is unfinished, never demanded), those the duty covered whole — from the
    running rule's in-force date on (`ctx.since()`) and, with `since` (an archivist's appointment), from
    that day on: a year counts when both held on its 1 January."""
    starts = [d for d in (ctx.since(), since) if d is not None]
    return [y for y in completed_years(ctx.as_of, count) if all(d <= dt.date(y, 1, 1) for d in starts)]
