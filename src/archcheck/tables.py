"""Plain-text tables for the terminal reports, with `tabulate` imported only when one is drawn.

A JSON-only run (e.g. `archcheck catalog --format json` in a nightly job) then never pays for it.
"""

from __future__ import annotations

from typing import Any


def tabulate(*args: Any, **kwargs: Any) -> str:
    from tabulate import tabulate as render

    return render(*args, **kwargs)
