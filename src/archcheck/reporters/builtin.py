"""The built-in output formats, registered as an ordinary plugin."""

from __future__ import annotations

from archcheck.hookspecs import hookimpl
from archcheck.reporters.jsonreport import render_json
from archcheck.reporters.table import render_table


@hookimpl
def archcheck_reporters():
    return {"table": render_table, "json": render_json}
