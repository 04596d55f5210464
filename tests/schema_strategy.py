"""The one hypothesis strategy the property tests draw units from: a walk over the unit schema.

It covers the keywords the schema uses (object, array, enum, const, $ref, minimum/maximum, minLength,
uniqueItems, `not: {const: 0}`, the date patterns) and makes only valid values, which
test_properties checks. hypothesis-jsonschema's `from_schema` did the same job but rebuilt the
strategy of every object on every draw: about 85 ms a unit on the grown schema against 14 ms here
(60 whole units each, same machine), which the suite's time budget cannot afford, so this one is kept.

`dense` also makes every property but `notes` present, so that rules see full sections to judge
rather than mostly empty ones; lists hold at most three entries and free strings are short.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from hypothesis import strategies as st

from archcheck.schemas import unit_schema

DATES = st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2030, 12, 31)).map(lambda d: d.isoformat())
WORDS = ["办公室", "财务科", "store", "office", "某项", "x"]
#: Sections fixed by the caller, and fields that name a side file (a missing file is an input error, exit 2).
FIXED = ("$schema", "schema_version", "as_of", "extensions")
FILE_REFERENCES = (("climate_log", "csv"), ("filing", "catalog_export"))


def strategy(schema: Mapping[str, Any], node: Mapping[str, Any] | None = None, dense: bool = False) -> st.SearchStrategy:
    node = schema if node is None else node
    if "$ref" in node:
        target: Any = schema
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return strategy(schema, {**target, **{k: v for k, v in node.items() if k != "$ref"}}, dense)
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "object":
        props = {k: v for k, v in node.get("properties", {}).items() if k != "$schema"}
        required = set(props) - {"notes"} if dense else set(node.get("required", ()))
        return st.fixed_dictionaries(
            {k: strategy(schema, v, dense) for k, v in props.items() if k in required},
            optional={k: strategy(schema, v, dense) for k, v in props.items() if k not in required},
        )
    if kind == "array":
        items = strategy(schema, node.get("items", {}), dense)
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
        shortest = node.get("minLength", 0)
        return st.one_of(st.sampled_from([w for w in WORDS if len(w) >= shortest]), st.text(min_size=shortest, max_size=8))
    return st.none()


def section_schema() -> dict[str, Any]:
    """The unit schema without the fixed keys and the side-file references."""
    schema = unit_schema()
    for name in FIXED:
        schema["properties"].pop(name, None)
    schema["required"] = [r for r in schema.get("required", []) if r in schema["properties"]]
    for section, field in FILE_REFERENCES:
        schema["properties"][section]["properties"].pop(field)
    return schema


def _sections(schema: Mapping[str, Any], dense: bool) -> st.SearchStrategy:
    """The optional sections stay optional; inside a section, `dense` fills every property."""
    props, required = schema["properties"], set(schema["required"])
    return st.fixed_dictionaries(
        {k: strategy(schema, v, dense) for k, v in props.items() if k in required},
        optional={k: strategy(schema, v, dense) for k, v in props.items() if k not in required},
    )


SCHEMA = section_schema()
ALL_SECTIONS = st.one_of(_sections(SCHEMA, dense=False), _sections(SCHEMA, dense=True))


@st.composite
def generated_units(draw) -> dict:
    """A whole unit: every optional section, sparse or dense, with `schema_version` and `as_of`."""
    return {"schema_version": "1", "as_of": draw(DATES), **draw(ALL_SECTIONS)}


def present_sections(names: list[str]) -> st.SearchStrategy:
    """Each named section always present (so the rules reading it see data), sparse or dense."""
    def section(name: str) -> st.SearchStrategy:
        sub = SCHEMA["properties"][name]
        return st.one_of(strategy(SCHEMA, sub), strategy(SCHEMA, sub, dense=True))

    return st.fixed_dictionaries({name: section(name) for name in names})
