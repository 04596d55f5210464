"""A many-unit run's unit reports past a threshold kept in a temporary file, read back one at a time.

A unit's report holds its rule results and findings, the parsed description (for the draft 自查报告)
and where each value stands in the file (for SARIF lines): ≈ 185 KB in memory. A bureau checking
every unit of a province at once would need gigabytes if all stayed until the report is written, so
:class:`UnitStore` keeps the first `units_in_memory()` as objects (the usual run: as before) and
writes the rest, pickled, to a file in the run's spill folder (`engine.finding_store.spill_file`). It
is a read-only sequence: reporters, the gate and the baseline read the units in order, one at a time,
as often as they need, and the same units give the same report bytes whichever way they were kept.

A worker process already sends its unit's report pickled (`pack`); the run's process writes those
bytes to the file as they come, without rebuilding the objects it would drop again. The bytes start
with the unit's rule ids, a pickle of their own, so the store counts the results of each rule as
units arrive (`rule_counts`: the report's ruleset digest) without reading any unit back.
"""

from __future__ import annotations

import os
import pickle
import struct
import weakref
from array import array
from collections import Counter
from collections.abc import Sequence
from typing import Any, Callable, Iterable, Iterator, Mapping

from archcheck.engine.finding_store import spill_error, spill_file
from archcheck.model import Basis, Outcome, Rule, RuleResult, UnitReport

#: `ARCHCHECK_UNITS_IN_MEMORY=N`: unit reports of a run kept as objects before the rest go to a file
UNITS_ENV = "ARCHCHECK_UNITS_IN_MEMORY"
DEFAULT_UNITS_IN_MEMORY = 256
_PROTOCOL = 5
_HEAD = struct.Struct("<I")  # the length of the rule ids' pickle, before it
_OUTCOMES = {outcome.value: outcome for outcome in Outcome}  # a dict lookup, not Enum's call, per result


def units_in_memory() -> int:
    """How many unit reports stay in memory (`ARCHCHECK_UNITS_IN_MEMORY`, default 256; 0 = none)."""
    raw = os.environ.get(UNITS_ENV, "").strip()
    return int(raw) if raw.isdigit() else DEFAULT_UNITS_IN_MEMORY


def pack(unit: UnitReport) -> bytes:
    """A unit's report as bytes: its rules travel as their ids (their functions do not pickle), first,
    as a pickle of their own (`rule_ids`); findings a catalogue rule spilled travel as their file,
    whose ownership goes with them (`SpilledFindings`)."""
    ids = tuple(r.rule.id for r in unit.results)
    results = [(r.outcome.value, r.findings, r.deducted, r.reason, r.count, _basis_ref(r)) for r in unit.results]
    compact = (unit.name, unit.source, unit.as_of, results, unit.score, dict(unit.stats), unit.data, unit.positions)
    head = pickle.dumps(ids, _PROTOCOL)
    return _HEAD.pack(len(head)) + head + pickle.dumps(compact, _PROTOCOL)


def rule_ids(data: bytes) -> tuple[str, ...]:
    """The ids of the rules a packed unit has results of, in order, without reading the rest."""
    (size,) = _HEAD.unpack_from(data)
    return pickle.loads(memoryview(data)[_HEAD.size:_HEAD.size + size])


def unpack(data: bytes, rules: Mapping[str, Rule]) -> UnitReport:
    """The report `pack` gave, with the run's own rule objects (severity overrides included)."""
    (size,) = _HEAD.unpack_from(data)
    view = memoryview(data)
    ids = pickle.loads(view[_HEAD.size:_HEAD.size + size])
    name, source, as_of, results, score, stats, unit_data, positions = pickle.loads(view[_HEAD.size + size:])
    return UnitReport(name=name, source=source, as_of=as_of, score=score, stats=stats, data=unit_data, positions=positions,
                      results=tuple(RuleResult(rules[i], _OUTCOMES[o], f, d, r, c, _basis(rules[i], b))
                                    for i, (o, f, d, r, c, b) in zip(ids, results)))


def _basis_ref(result: RuleResult) -> Basis | int:
    """The result's basis as its place in the rule's chain (0: the rule's own, 1: its predecessor, …).

    The run's own Basis objects come back, not copies: a reporter that caches per basis (JSON's
    encoded remedy and basis) then keeps one entry per rule and date, not one per unit read back.
    A basis not in the chain (a plugin's own) travels as itself.
    """
    for depth, basis in enumerate(result.rule.basis.chain()):
        if basis is result.basis:
            return depth
    return result.basis


def _basis(rule: Rule, ref: Basis | int) -> Basis:
    if not isinstance(ref, int):
        return ref
    chain = rule.basis.chain()
    for _ in range(ref):
        next(chain)
    return next(chain)


class UnitStore(Sequence):
    """Unit reports in the order added: the first `limit` as objects, the rest in a spill file.

    A report whose findings are themselves in a spill file (a catalogue's) stays an object: it is small,
    and the file it owns must outlive every reading of it. Unit rules' findings are always a tuple.
    """

    def __init__(self, rules: Iterable[Rule] | Mapping[str, Rule], after: int | None = None):
        self._rules: Mapping[str, Rule] = rules if isinstance(rules, Mapping) else {rule.id: rule for rule in rules}
        self.limit = units_in_memory() if after is None else max(0, after)
        self._kept = 0
        #: each unit in order: its report, or the index of its record in the file
        self._entries: list[UnitReport | int] = []
        self._file: Any = None
        self._path = ""
        self._offsets = array("Q")
        self._sizes = array("Q")
        self._end = 0
        self._last: tuple[int, UnitReport | None] = (-1, None)  # the unit read last (twin iterators read it twice)
        self._rule_counts: Counter[tuple[str, str]] = Counter()

    def add(self, unit: UnitReport | bytes) -> None:
        """Add a unit's report, as an object or as `pack`'s bytes (a worker's)."""
        if isinstance(unit, UnitReport):
            self._rule_counts.update((r.rule.id, r.rule.plugin) for r in unit.results)
        else:
            self._rule_counts.update((i, self._rules[i].plugin) for i in rule_ids(unit))
        if isinstance(unit, UnitReport) and (self._kept < self.limit or _owns_files(unit)):
            self._entries.append(unit)
            self._kept += 1
            return
        if self._kept < self.limit:
            self._entries.append(unpack(unit, self._rules))
            self._kept += 1
            return
        data = unit if isinstance(unit, bytes) else pack(unit)
        if self._file is None:
            self._open()
        try:
            self._file.write(data)
        except OSError as exc:
            raise spill_error(self._path, exc) from None
        self._entries.append(len(self._offsets))
        self._offsets.append(self._end)
        self._sizes.append(len(data))
        self._end += len(data)

    def _open(self) -> None:
        self._file, self._path = spill_file(".units", "w+b")
        weakref.finalize(self, _close_and_remove, self._file, self._path)

    def rule_counts(self) -> Counter[tuple[str, str]]:
        """How many results of each (rule id, plugin) the units hold, counted as they were added."""
        return Counter(self._rule_counts)

    @property
    def spilled(self) -> int:
        """How many of the units are in the file."""
        return len(self._offsets)

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("unit index out of range")
        entry = self._entries[index]
        if not isinstance(entry, int):
            return entry
        last, unit = self._last
        if last == index and unit is not None:
            return unit
        n = entry
        self._file.flush()
        unit = unpack(os.pread(self._file.fileno(), self._sizes[n], self._offsets[n]), self._rules)
        self._last = (index, unit)
        return unit

    def __iter__(self) -> Iterator[UnitReport]:
        for index in range(len(self._entries)):
            yield self[index]

    def mapped(self, change: Callable[[UnitReport], UnitReport]) -> "UnitStore":
        """A new store of `change(unit)` for every unit, kept the same way (one unit in memory at a time)."""
        other = UnitStore(self._rules, self.limit)
        for unit in self:
            other.add(change(unit))
        return other

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(other) == len(self) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"UnitStore({len(self)} units, {self.spilled} in {self._path or 'no file'!r})"


def map_units(units: Sequence[UnitReport], change: Callable[[UnitReport], UnitReport]) -> Sequence[UnitReport]:
    """`change` applied to every unit, kept as `units` are (a tuple stays a tuple, a store a store)."""
    if isinstance(units, UnitStore):
        return units.mapped(change)
    return tuple(change(unit) for unit in units)


def _owns_files(unit: UnitReport) -> bool:
    return any(type(result.findings) is not tuple for result in unit.results)


def _close_and_remove(handle: Any, path: str) -> None:
    try:
        handle.close()
        os.unlink(path)
    except OSError:
        pass
