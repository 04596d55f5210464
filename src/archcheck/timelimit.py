"""Stop a rule that runs too long, without slowing down the rules that do not.

On POSIX, in the main thread, rules run where they are and a `setitimer` alarm interrupts one
that overruns. The SIGALRM handler is installed once per run (installing it costs ~10 µs), so
each rule pays only for arming and disarming the timer (~2 µs). Elsewhere (Windows, or a caller
in another thread) each rule runs in a worker thread that is abandoned when its time is up;
Python cannot kill a thread, so a rule stuck in a loop keeps a core busy until the process ends
(the thread is a daemon: it does not keep the process alive).
"""

from __future__ import annotations

import signal
import threading
import time
from typing import Any, Callable, TypeVar

R = TypeVar("R")


class RuleTimeout(BaseException):
    """Raised inside a rule whose time is up.

    A BaseException, like KeyboardInterrupt, so that a rule's own ``except Exception`` cannot
    swallow it.
    """

    def __init__(self, seconds: float):
        super().__init__(f"time limit of {seconds:g} s exceeded")
        self.seconds = seconds


class TimeLimit:
    """A per-call time limit; use it as a context manager around a batch of calls.

    ``TimeLimit(None)`` (or 0) never interrupts anything.
    """

    def __init__(self, seconds: float | None):
        self.seconds = seconds if seconds and seconds > 0 else None
        self._alarm = False
        self._previous_handler: Any = None
        self._outer: tuple[float, float] = (0.0, 0.0)
        self._entered_at = 0.0

    def __enter__(self) -> "TimeLimit":
        if self.seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            self._alarm = True
            self._entered_at = time.monotonic()
            self._outer = signal.setitimer(signal.ITIMER_REAL, 0)  # someone else's alarm, e.g. pytest-timeout
            self._previous_handler = signal.signal(signal.SIGALRM, self._on_alarm)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self._alarm:
            return
        self._alarm = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous_handler)
        delay, interval = self._outer
        if delay:  # give the outer alarm back what is left of its time
            signal.setitimer(signal.ITIMER_REAL, max(delay - (time.monotonic() - self._entered_at), 1e-3), interval)

    def call(self, fn: Callable[[], R]) -> R:
        """Return fn(), or raise RuleTimeout once it has run `seconds`."""
        if self.seconds is None:
            return fn()
        if self._alarm:
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            try:
                return fn()
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        return _in_worker_thread(fn, self.seconds)

    def _on_alarm(self, signum: int, frame: object) -> None:
        raise RuleTimeout(self.seconds or 0)


NO_LIMIT = TimeLimit(None)


def _in_worker_thread(fn: Callable[[], R], seconds: float) -> R:
    outcome: dict[str, Any] = {}

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
        raise outcome["error"]
    return outcome["value"]
