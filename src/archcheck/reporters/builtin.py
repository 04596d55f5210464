"""The built-in output formats, registered as an ordinary plugin.

Each format's module is imported when that format is asked for, not on every run.
"""

from __future__ import annotations

from typing import Any

from archcheck.hookspecs import hookimpl
from archcheck.reporters.jsonreport import render_json

ARCHCHECK_API = (1,)


def render_table(report: Any, options: Any = None) -> str:
    from archcheck.reporters.table import render_table

    return render_table(report, options)


def render_sarif(report: Any, options: Any = None) -> str:
    from archcheck.reporters.sarif import render_sarif

    return render_sarif(report, options)


def render_junit(report: Any, options: Any = None) -> str:
    from archcheck.reporters.junit import render_junit

    return render_junit(report, options)


def render_gitlab(report: Any, options: Any = None) -> str:
    from archcheck.reporters.gitlab import render_gitlab

    return render_gitlab(report, options)


@hookimpl
def archcheck_reporters():
    return {"table": render_table, "json": render_json, "sarif": render_sarif, "junit": render_junit,
            "gitlab": render_gitlab}
