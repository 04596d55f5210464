"""Modules and patterns made on first use, so that a plugin can name its heavy parts without every run paying for them.

    V = lazy_module("archcheck.catalog.values")   # imported when V.clean(...) first runs
    CODE = lazy_pattern(r"[A-Z0-9]{4}-[\u4e00-\u9fff]+")   # compiled when CODE.fullmatch(...) first runs

The catalogue rules are registered on every `check`, but their value parsers are needed only when
an export is checked; a pattern with wide Unicode classes costs milliseconds to compile.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """`name`, already imported or to be executed on its first attribute access (importlib's LazyLoader)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module



#: what a compiled pattern offers, copied onto the stand-in at first use so later calls cost no more
_PATTERN_ATTRIBUTES = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer",
                       "pattern", "flags", "groups", "groupindex")


class lazy_pattern:  # noqa: N801 - used like re.compile
    """`re.compile(pattern, flags)`, done when one of the pattern's methods is first looked up."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.__dict__["_spec"] = (pattern, flags)

    def __getattr__(self, name: str) -> object:  # reached only until the pattern is compiled
        if name not in _PATTERN_ATTRIBUTES:
            raise AttributeError(name)
        compiled = re.compile(*self.__dict__["_spec"])
        for attribute in _PATTERN_ATTRIBUTES:
            self.__dict__[attribute] = getattr(compiled, attribute)
        return self.__dict__[name]

    def __repr__(self) -> str:
        return f"lazy_pattern({self.__dict__['_spec'][0]!r})"
