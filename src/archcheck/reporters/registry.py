"""The one table of output formats: each built-in format, the module that renders it, and what it writes.

Registered by the plugin loader as an essential plugin (like pytest's essential plugins it cannot be
disabled, and no plugin may replace one of its formats). Each renderer's module is imported only
when its format is asked for, so python-docx and openpyxl do not slow down every command.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable

from archcheck.hookspecs import hookimpl

ARCHCHECK_API = (1,)


@dataclass(frozen=True)
class Format:
    """A built-in format: `module:function` renders it; `binary` formats never go to a terminal."""

    target: str
    binary: bool = False

    def render(self, report: Any, options: Any) -> Any:
        module, _, name = self.target.partition(":")
        return getattr(importlib.import_module(module), name)(report, options)


FORMATS: dict[str, Format] = {
    "table": Format("archcheck.reporters.table:render_table"),
    "json": Format("archcheck.reporters.jsonreport:render_json"),
    "sarif": Format("archcheck.reporters.sarif:render_sarif"),
    "junit": Format("archcheck.reporters.junit:render_junit"),
    "gitlab": Format("archcheck.reporters.gitlab:render_gitlab"),
    "markdown": Format("archcheck.reporters.markdown:render_markdown"),
    "html": Format("archcheck.reporters.html:render_html"),
    "docx": Format("archcheck.reporters.docx_report:render_docx", binary=True),
    "ledger": Format("archcheck.reporters.ledger:render_ledger", binary=True),
    "ranking": Format("archcheck.reporters.ranking:render_ranking"),
}


def _renderer(name: str, fmt: Format) -> Callable[[Any, Any], Any]:
    def render(report: Any, options: Any) -> Any:
        return fmt.render(report, options)

    render.__name__ = f"render_{name}"
    return render


@hookimpl
def archcheck_reporters():
    return {name: _renderer(name, fmt) for name, fmt in FORMATS.items()}
