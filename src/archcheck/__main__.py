"""The `archcheck` command and `python -m archcheck`: the process-wide settings, then the command line,
then a quick exit."""

import gc

# Start-up (the command line's imports, then the plugins) makes tens of thousands of objects that live
# as long as the process; at CPython's default young-generation threshold (700 allocations) the
# collector walks them over and over for nothing. Set here, before anything is imported, and not in
# `archcheck.cli`, so that a program embedding archcheck keeps its own collector settings.
gc.set_threshold(50_000, 10, 10)

import atexit  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402

from archcheck import exiting  # noqa: E402
from archcheck.cli import main  # noqa: E402 - after the collector setting, on purpose
from archcheck.engine.guard import hard_exit  # noqa: E402


def run() -> None:
    """The command line, then the end of the process without the interpreter's teardown (freeing each
    of the run's objects costs ≈ 0.07 s of CPU and gives nothing back to anyone): the exit handlers
    run (temporary folders are removed), stdout and stderr are flushed, and the process ends with the
    command's exit code. A thread of a plugin's that is still running gets the ordinary exit, which
    waits for it."""
    exiting.mark_ending()
    try:
        main()
        code = 0
    except SystemExit as stop:
        code = _exit_code(stop.code)
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (a closed pipe), or a stream already closed
            code = code or 120  # what the interpreter's own exit gives when stdout cannot be flushed
    hard_exit(code)


def _exit_code(code: object) -> int:
    """What `sys.exit(code)` would end the process with: None is 0, a number itself, anything else is
    printed to stderr and is 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":
    run()
