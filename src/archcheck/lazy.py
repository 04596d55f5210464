"""Modules loaded on first use, so that a plugin can name its heavy parts without every run paying for them.

    V = lazy_module("archcheck.catalog.values")   # imported when V.clean(...) first runs

The catalogue rules are registered on every `check`, but their value parsers (many compiled
patterns) are needed only when an export is checked.
"""

from __future__ import annotations

import importlib.util
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
