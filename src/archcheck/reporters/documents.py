"""Documents an archivist hands in: draft 自查报告 (markdown, html, docx), 整改台账 (ledger), ranking.

Registered through the `archcheck` entry point like any third-party reporter plugin. The renderers
are imported when used, so python-docx and openpyxl do not slow down every command.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

from archcheck.hookspecs import hookimpl

RENDERERS = {
    "markdown": "archcheck.reporters.markdown:render_markdown",
    "html": "archcheck.reporters.html:render_html",
    "docx": "archcheck.reporters.docx_report:render_docx",
    "ledger": "archcheck.reporters.ledger:render_ledger",
    "ranking": "archcheck.reporters.ranking:render_ranking",
}


def _lazy(target: str) -> Callable[..., Any]:
    module, _, name = target.partition(":")

    def render(report: Any, options: Any) -> Any:
        return getattr(importlib.import_module(module), name)(report, options)

    render.__name__ = name
    return render


@hookimpl
def archcheck_reporters():
    return {fmt: _lazy(target) for fmt, target in RENDERERS.items()}
