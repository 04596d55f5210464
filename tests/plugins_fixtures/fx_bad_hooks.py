"""Hooks that return the wrong things: areas as a list, a unit schema that is not a schema."""

from archcheck.api import hookimpl


@hookimpl
def archcheck_areas():
    return ["ZBH"]


@hookimpl
def archcheck_unit_schema():
    return {"fx_bad_hooks": 42}
