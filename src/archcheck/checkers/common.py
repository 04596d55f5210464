"""Small helpers the built-in checkers share: dates, recent years, counting equipment, and the few
judgements many rules make the same way (a yes/no fact, a dated record, every department covered),
so that one wording of "not stated" versus "stated and wrong" holds across areas."""

from __future__ import annotations

import datetime as dt
from typing import Any, Generator, Iterable, Iterator, Mapping

from archcheck.api import Finding, T, fail, missing


def parse_date(value: Any) -> dt.date | None:
    """A YYYY-MM-DD (or date-time) string as a date; None when absent or not a real date."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def recent_years(as_of: dt.date, count: int) -> list[int]:
    """The audit year and the `count - 1` years before it, oldest first."""
    return list(range(as_of.year - count + 1, as_of.year + 1))


def completed_years(as_of: dt.date, count: int) -> list[int]:
    """The `count` calendar years before the audit year, oldest first."""
    return list(range(as_of.year - count, as_of.year))


def indexed(items: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """Enumerate the objects of a list, skipping anything that is not an object."""
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index, item


def by_year(items: Any) -> dict[int, tuple[int, Mapping[str, Any]]]:
    """Index year-keyed entries (the last wins): {year: (list index, entry)}."""
    return {item["year"]: (i, item) for i, item in indexed(items) if isinstance(item.get("year"), int)}


def equipment(unit: Mapping[str, Any], kinds: Iterable[str], room_ids: set[str] | None = None) -> list[tuple[int, Mapping[str, Any]]]:
    """Equipment entries of the given kinds (optionally only in the given rooms) with a count ≥ 1."""
    wanted = set(kinds)
    found = []
    for index, item in indexed(unit.get("equipment")):
        if item.get("kind") not in wanted or item.get("count", 1) < 1:
            continue
        if room_ids is not None and item.get("room") is not None and item.get("room") not in room_ids:
            continue
        found.append((index, item))
    return found


def rooms_of_kind(unit: Mapping[str, Any], kind: str) -> list[tuple[int, Mapping[str, Any]]]:
    return [(i, r) for i, r in indexed(unit.get("rooms")) if r.get("kind") == kind]


def producing_departments(unit: Mapping[str, Any]) -> list[str]:
    """Departments that produce records (produces_records defaults to true)."""
    return [
        d["name"]
        for _, d in indexed((unit.get("unit") or {}).get("departments"))
        if isinstance(d.get("name"), str) and d.get("produces_records", True)
    ]


def months_before(as_of: dt.date, months: int) -> dt.date:
    """The date `months` calendar months before `as_of` (the day clamped to the month's end)."""
    total = as_of.year * 12 + as_of.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    return dt.date(year, month, min(as_of.day, (next_month - dt.timedelta(days=1)).day))


def dated_within(items: Any, as_of: dt.date, months: int, key: str = "date") -> list[tuple[int, Mapping[str, Any]]]:
    """Entries whose `key` date falls in the `months` months up to and including `as_of`."""
    start = months_before(as_of, months)
    return [(i, item) for i, item in indexed(items) if (d := parse_date(item.get(key))) is not None and start < d <= as_of]


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
