"""Evidence in the archive stores: which equipment and measures count, and whether the unit said anything.

The nine-protection and fire rules share one question — "is there listed evidence of X in the store?" —
and one distinction: a unit that lists its equipment but no dehumidifier *fails*; a unit that lists no
equipment at all has given *no evidence*. Claims (`protection.claims`) never count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from archcheck.unitdata import indexed, parse_date, rooms_of_kind


def store_ids(unit: Mapping[str, Any]) -> set[str] | None:
    """Ids of the store rooms, or None when the unit lists no stores (then all equipment counts)."""
    ids = {r["id"] for _, r in rooms_of_kind(unit, "store") if isinstance(r.get("id"), str)}
    return ids or None


def _count(item: Mapping[str, Any]) -> int:
    """A missing `count` means one; anything that is not a number counts as none."""
    count = item.get("count", 1)
    return count if isinstance(count, int) and not isinstance(count, bool) else 0


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from `earlier` to `later` (negative when `later` comes first)."""
    return (later.year - earlier.year) * 12 + (later.month - earlier.month) - (1 if later.day < earlier.day else 0)


def expired(item: Mapping[str, Any], as_of: dt.date) -> bool:
    due = parse_date(item.get("expires"))
    return due is not None and due < as_of


def in_store(unit: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
    """Equipment without a room counts for the store; equipment placed in another room does not."""
    ids = store_ids(unit)
    return ids is None or item.get("room") is None or item.get("room") in ids


def store_equipment(
    unit: Mapping[str, Any], kinds: Iterable[str], as_of: dt.date | None, function: str | None = None
) -> list[tuple[int, Mapping[str, Any]]]:
    """Store equipment of the given kinds that counts as evidence: count ≥ 1, not expired on `as_of`
    (None: expiry ignored), and (when `function` is given) listing that function."""
    wanted = set(kinds)
    found = []
    for index, item in indexed(unit.get("equipment")):
        if item.get("kind") not in wanted or _count(item) < 1 or (as_of and expired(item, as_of)) or not in_store(unit, item):
            continue
        if function is not None and function not in (item.get("functions") or []):
            continue
        found.append((index, item))
    return found


def measures(unit: Mapping[str, Any], kinds: Iterable[str]) -> list[tuple[int, Mapping[str, Any]]]:
    wanted = set(kinds)
    return [(i, m) for i, m in indexed((unit.get("protection") or {}).get("measures")) if m.get("kind") in wanted]


def has_equipment_list(unit: Mapping[str, Any]) -> bool:
    return isinstance(unit.get("equipment"), list)


def has_measure_list(unit: Mapping[str, Any]) -> bool:
    return isinstance((unit.get("protection") or {}).get("measures"), list)


@dataclass(frozen=True)
class Option:
    """One way to evidence a requirement: store equipment of some kinds (optionally with a function),
    or a protective measure of some kinds."""

    equipment: tuple[str, ...] = ()
    function: str | None = None
    measures: tuple[str, ...] = ()

    def evidence(self, unit: Mapping[str, Any], as_of: dt.date) -> list[str]:
        """Short descriptions of what satisfies this option (empty when nothing does)."""
        found = [f"equipment/{i}:{item['kind']}" for i, item in store_equipment(unit, self.equipment, as_of, self.function)]
        found += [f"protection/measures/{i}:{m['kind']}" for i, m in measures(unit, self.measures)]
        return found

    def silent(self, unit: Mapping[str, Any]) -> bool:
        """True when the unit lists neither of the sections this option reads."""
        reads_equipment = bool(self.equipment) and has_equipment_list(unit)
        reads_measures = bool(self.measures) and has_measure_list(unit)
        return not (reads_equipment or reads_measures)


def any_of(unit: Mapping[str, Any], as_of: dt.date, options: Iterable[Option]) -> tuple[list[str], bool]:
    """(evidence found, whether the unit was silent on every option)."""
    options = list(options)
    found = [e for option in options for e in option.evidence(unit, as_of)]
    return found, all(option.silent(unit) for option in options)
