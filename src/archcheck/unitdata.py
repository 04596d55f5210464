"""The unit description's data as checkers, reporters and plugins read it: dates, years, lists of objects,
equipment by kind, rooms by kind, the departments that produce records.

Plain accessors over the parsed unit dict (no judgement, no findings), shared through `archcheck.api`
so that a third-party plugin reads a unit exactly as the built-in checkers do.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Iterator, Mapping


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
