"""What a run does once to protect itself from the plugin code it runs: its stdout, its exit, its interrupts.

Plugins are trusted code, but a stray ``print()`` must not corrupt a JSON or SARIF report on stdout, a
rule that calls ``os._exit(0)`` must not end a CI gate with exit 0 and no report, and a rule's own
``KeyboardInterrupt`` must not be mistaken for the user pressing Ctrl-C. So, for the whole command:

* everything written to stdout goes to stderr — at the Python level always, and at the file-descriptor
  level when stdout is the process's real fd 1, so C code and child processes are redirected too; the
  report is written to the stream saved here (:func:`report_stream`);
* ``os._exit`` raises :class:`ExitRefused` instead of ending the process (the engine turns it into the
  rule's ``error``); the core itself ends worker processes with :data:`hard_exit`;
* SIGINT sets a flag before raising ``KeyboardInterrupt``, so the engine can tell the user's interrupt
  (which ends the run, exit 130) from a rule raising it (an ``error`` of that rule).
"""

from __future__ import annotations

import io
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator, TextIO

#: the real ``os._exit``, for the core's own use (worker processes)
hard_exit = os._exit

_state: dict[str, Any] = {"interrupted": False, "stream": None, "depth": 0}


class ExitRefused(SystemExit):
    """Raised instead of ending the process when plugin code calls ``os._exit``."""


def _refuse_exit(code: int = 0) -> None:
    raise ExitRefused(f"os._exit({code})")


def interrupted() -> bool:
    """Whether the user interrupted the run (SIGINT), as opposed to a rule raising KeyboardInterrupt."""
    return bool(_state["interrupted"])


def _on_sigint(signum: int, frame: object) -> None:
    _state["interrupted"] = True
    raise KeyboardInterrupt


def report_stream() -> TextIO:
    """Where results go: the stdout saved when the guard was entered (sys.stdout outside a guard)."""
    return _state["stream"] or sys.stdout


@contextmanager
def guarded() -> Iterator[TextIO]:
    """Enter the guard for a command; yields the stream the command's results must be written to.

    Nested use (a command calling another) shares the outer guard.
    """
    if _state["depth"]:
        _state["depth"] += 1
        try:
            yield _state["stream"]
        finally:
            _state["depth"] -= 1
        return
    saved_stdout, saved_exit = sys.stdout, os._exit
    stream, restore_fd = _divert_stdout()
    previous_sigint = None
    if threading.current_thread() is threading.main_thread():
        previous_sigint = signal.signal(signal.SIGINT, _on_sigint)
    _state.update(interrupted=False, stream=stream, depth=1)
    os._exit = _refuse_exit
    try:
        yield stream
    finally:
        os._exit = saved_exit
        if previous_sigint is not None:
            signal.signal(signal.SIGINT, previous_sigint)
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
        restore_fd()
        sys.stdout = saved_stdout
        _state.update(stream=None, depth=0)


def _divert_stdout() -> tuple[TextIO, Any]:
    """Point sys.stdout (and fd 1 when it is the real stdout) at stderr; return the report stream and an undo."""
    original = sys.stdout
    fd_level = _is_real_stdout(original)
    if not fd_level:
        sys.stdout = sys.stderr
        return original, lambda: None
    original.flush()
    saved_fd = os.dup(1)
    os.dup2(2, 1)
    stream = io.TextIOWrapper(os.fdopen(saved_fd, "wb", closefd=True), encoding=original.encoding,
                              errors=original.errors, line_buffering=original.line_buffering, write_through=True)
    sys.stdout = sys.stderr

    def restore() -> None:
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
        os.dup2(saved_fd, 1) if _fd_open(saved_fd) else None
        try:
            stream.close()
        except (OSError, ValueError):
            pass

    return stream, restore


def _is_real_stdout(stream: Any) -> bool:
    try:
        return stream is sys.__stdout__ and stream.fileno() == 1
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return False


def _fd_open(fd: int) -> bool:
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False


class Watchdog:
    """The last resort for plugin code the alarm cannot stop (a C call stuck at import, say): when one
    step overruns its limit by far, say which plugin and what it was doing, and end the process with exit 3.

    One thread for a phase (use it as a context manager around the phase), stopped at its end, so no
    thread is left when worker processes are forked.
    """

    def __init__(self, seconds: float | None, grace: float):
        self.seconds = seconds
        self.grace = grace
        self._cond = threading.Condition()
        self._step: tuple[float, str] | None = None
        self._stop = False
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "Watchdog":
        if self.seconds:
            self._thread = threading.Thread(target=self._watch, name="archcheck-watchdog", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._thread is not None:
            with self._cond:
                self._stop = True
                self._cond.notify()
            self._thread.join()
            self._thread = None

    @contextmanager
    def step(self, what: str) -> Iterator[None]:
        """A step that must finish within the limit plus the grace; `what` names it in the message."""
        if self._thread is None:
            yield
            return
        with self._cond:
            self._step = (time.monotonic() + (self.seconds or 0) + self.grace, what)
            self._cond.notify()
        try:
            yield
        finally:
            with self._cond:
                self._step = None
                self._cond.notify()

    def _watch(self) -> None:
        with self._cond:
            while not self._stop:
                if self._step is None:
                    self._cond.wait()
                    continue
                deadline, what = self._step
                left = deadline - time.monotonic()
                if left > 0:
                    self._cond.wait(left)
                    continue
                sys.stderr.write(f"archcheck: {what} 超过时限且无法中断，已终止（退出码 3） / "
                                 f"{what} overran its time limit and could not be interrupted; stopped (exit 3)\n")
                sys.stderr.flush()
                hard_exit(3)
