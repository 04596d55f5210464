"""The built-in output formats, registered as an ordinary plugin."""

from __future__ import annotations

from archcheck.hookspecs import hookimpl
from archcheck.reporters.jsonreport import render_json
from archcheck.reporters.junit import render_junit
from archcheck.reporters.sarif import render_sarif
from archcheck.reporters.table import render_table

ARCHCHECK_API = (1,)


@hookimpl
def archcheck_reporters():
    return {"table": render_table, "json": render_json, "sarif": render_sarif, "junit": render_junit}
