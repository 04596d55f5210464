"""The versioned JSON Schemas shipped with archcheck, and plugin fragments merged into them."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

SCHEMA_NAMES = ("unit", "report")


@lru_cache(maxsize=None)
def _load(name: str) -> dict[str, Any]:
    text = resources.files("archcheck").joinpath("schemas", f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def schema(name: str) -> dict[str, Any]:
    """A fresh copy of a shipped schema (callers may modify it)."""
    return copy.deepcopy(_load(name))


def unit_schema(extensions: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The unit schema with each plugin's fragment under /properties/extensions/properties/<plugin>."""
    result = schema("unit")
    if extensions:
        ext = result["properties"].setdefault("extensions", {"type": "object"})
        ext.setdefault("properties", {}).update(copy.deepcopy(dict(extensions)))
    return result
