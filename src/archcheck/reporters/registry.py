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
    """A built-in format: `module:function` renders it; `binary` formats never go to a terminal.

    `chunks` (`module:function`), when given, yields the same text in pieces, for writing a large
    report as it is rendered."""

    target: str
    binary: bool = False
    chunks: str | None = None

    def render(self, report: Any, options: Any) -> Any:
        return _function(self.target)(report, options)


def _function(target: str) -> Callable[..., Any]:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


FORMATS: dict[str, Format] = {
    "table": Format("archcheck.reporters.table:render_table"),
    "json": Format("archcheck.reporters.jsonreport:render_json", chunks="archcheck.reporters.jsonreport:json_chunks"),
    "sarif": Format("archcheck.reporters.sarif:render_sarif", chunks="archcheck.reporters.sarif:sarif_chunks"),
    "junit": Format("archcheck.reporters.junit:render_junit", chunks="archcheck.reporters.junit:junit_chunks"),
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
    if fmt.chunks is not None:
        target = fmt.chunks
        render.chunks = lambda report, options: _function(target)(report, options)  # type: ignore[attr-defined]
    return render


@hookimpl
def archcheck_reporters():
    return {name: _renderer(name, fmt) for name, fmt in FORMATS.items()}
