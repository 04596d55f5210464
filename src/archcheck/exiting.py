"""Whether this process ends as soon as its command does.

The `archcheck` command (`archcheck.__main__.run`) ends the process without the interpreter's
teardown, which would otherwise spend a sixth of a small check's CPU freeing every object one by one
(docs/performance.md, round 11). Code that would give memory back only for the process's later use
(the workbook a header read kept, `catalog.readers.release_kept`) asks `ending()` and leaves it to
the exit instead. A program that embeds archcheck never sets it.
"""

from __future__ import annotations

_state = {"ending": False}


def mark_ending() -> None:
    """Say that the process ends when the command returns (the command line's entry point only)."""
    _state["ending"] = True


def ending() -> bool:
    return _state["ending"]
