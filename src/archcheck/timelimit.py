"""Stop a rule that runs too long, without slowing down the rules that do not.

On POSIX, in the main thread, the rule runs where it is and a `setitimer` alarm interrupts it:
a few microseconds per rule. Elsewhere (Windows, or a caller in another thread) the rule runs in
a worker thread that is abandoned when its time is up; Python cannot kill a thread, so a rule
stuck in a loop keeps a core busy until the process ends (the thread is a daemon: it does not
keep the process alive).
"""

from __future__ import annotations

import signal
import threading
import time
from typing import Callable, TypeVar

R = TypeVar("R")


class RuleTimeout(BaseException):
    """Raised inside a rule whose time is up.

    A BaseException, like KeyboardInterrupt, so that a rule's own ``except Exception`` cannot
    swallow it.
    """

    def __init__(self, seconds: float):
        super().__init__(f"time limit of {seconds:g} s exceeded")
        self.seconds = seconds


def call_with_time_limit(fn: Callable[[], R], seconds: float | None) -> R:
    """Return fn(), or raise RuleTimeout after `seconds` (None or 0: no limit)."""
    if not seconds or seconds <= 0:
        return fn()
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        return _with_alarm(fn, seconds)
    return _with_thread(fn, seconds)


def _with_alarm(fn: Callable[[], R], seconds: float) -> R:
    def on_alarm(signum: int, frame: object) -> None:
        raise RuleTimeout(seconds)

    previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if outer_delay:  # someone else's alarm (e.g. pytest-timeout) was pending: give it back
            remaining = max(outer_delay - (time.monotonic() - started), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, remaining, outer_interval)


def _with_thread(fn: Callable[[], R], seconds: float) -> R:
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=target, name="archcheck-rule", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise RuleTimeout(seconds)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
