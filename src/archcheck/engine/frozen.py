"""The unit description as rules see it: read-only, so one rule cannot change what the next one reads.

A rule that wrote into the unit once changed the results of every later rule (and even the report's
name and date). The engine hands rules this frozen copy instead: the same ``dict``/``list`` types for
``isinstance`` checks, JSON encoding and reading, but every mutating method raises. ``copy()`` gives
a rule a plain, mutable copy of its own.
"""

from __future__ import annotations

from typing import Any, NoReturn


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise TypeError("the unit description is read-only for rules (copy it first: value.copy())")


class FrozenDict(dict):
    __slots__ = ()
    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]

    def copy(self) -> dict:  # type: ignore[override]
        return dict(self)

    def __reduce__(self) -> tuple:
        return (_frozen_dict, (dict(self),))

    def __copy__(self) -> dict:
        return dict(self)

    def __deepcopy__(self, memo: dict) -> Any:
        return thaw(self)


class FrozenList(list):
    __slots__ = ()
    __setitem__ = __delitem__ = __iadd__ = __imul__ = append = extend = insert = remove = pop = clear = sort = reverse = _refuse  # type: ignore[assignment]

    def copy(self) -> list:  # type: ignore[override]
        return list(self)

    def __reduce__(self) -> tuple:
        return (_frozen_list, (list(self),))

    def __copy__(self) -> list:
        return list(self)

    def __deepcopy__(self, memo: dict) -> Any:
        return thaw(self)


def _frozen_dict(items: dict) -> FrozenDict:
    frozen = FrozenDict()
    dict.update(frozen, items)
    return frozen


def _frozen_list(items: list) -> FrozenList:
    frozen = FrozenList()
    list.extend(frozen, items)
    return frozen


def freeze(value: Any) -> Any:
    """A read-only copy of parsed JSON/YAML data (dicts and lists at every depth)."""
    kind = type(value)
    if kind is dict or kind is FrozenDict:
        frozen = FrozenDict()
        dict.update(frozen, {k: freeze(v) for k, v in value.items()})
        return frozen
    if kind is list or kind is FrozenList:
        frozen_list = FrozenList()
        list.extend(frozen_list, [freeze(v) for v in value])
        return frozen_list
    if isinstance(value, dict):
        return freeze(dict(value))
    if isinstance(value, list):
        return freeze(list(value))
    return value


def thaw(value: Any) -> Any:
    """A plain, mutable deep copy."""
    if isinstance(value, dict):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, list):
        return [thaw(v) for v in value]
    return value
