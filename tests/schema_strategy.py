"""A small hypothesis strategy for the unit schema's own subset of JSON Schema.

hypothesis-jsonschema 0.23 does not run with the installed hypothesis (6.170: `many.more` is gone), so
the tests draw units from this generator instead: every object it produces validates against the schema
(checked in test_checklist_properties). Optional properties appear or not; lists are kept short.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from hypothesis import strategies as st

DATES = st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2030, 12, 31)).map(lambda d: d.isoformat())
TEXT = st.sampled_from(["办公室", "财务科", "store", "office", "某项", "x"])


def strategy(schema: Mapping[str, Any], node: Mapping[str, Any] | None = None) -> st.SearchStrategy:
    node = schema if node is None else node
    if "$ref" in node:
        target: Any = schema
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return strategy(schema, {**target, **{k: v for k, v in node.items() if k != "$ref"}})
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "object":
        props = node.get("properties", {})
        required = set(node.get("required", ()))
        return st.fixed_dictionaries(
            {k: strategy(schema, v) for k, v in props.items() if k in required},
            optional={k: strategy(schema, v) for k, v in props.items() if k not in required and k != "$schema"},
        )
    if kind == "array":
        items = strategy(schema, node.get("items", {}))
        if node.get("uniqueItems"):
            return st.lists(items, max_size=3, unique_by=lambda x: repr(x))
        return st.lists(items, max_size=3)
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        low, high = node.get("minimum", -3), node.get("maximum", 60000)
        values = st.integers(low, high)
        return values.filter(lambda v: v != 0) if node.get("not") == {"const": 0} else values
    if kind == "number":
        low = node.get("minimum", -50)
        high = node.get("maximum", 200000)
        return st.one_of(st.integers(int(low), int(high)), st.floats(low, high, allow_nan=False, allow_infinity=False))
    if kind == "string":
        pattern = node.get("pattern", "")
        if node.get("format") == "date" or pattern.startswith("^\\d{4}-\\d{2}-\\d{2}"):
            return DATES
        if pattern.startswith("^(0[1-9]"):
            return st.sampled_from(["03-31", "06-30", "12-31"])
        return TEXT
    return st.none()
