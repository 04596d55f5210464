"""Stop a rule that runs too long, without slowing down the rules that do not.

On POSIX, in the main thread, rules run where they are and a `setitimer` alarm interrupts one
that overruns. The SIGALRM handler is installed, and the timer armed, once per batch of calls; a
call only notes when it started. When the alarm rings, the handler stops the running call if its
time is up, else re-arms the timer for what is left of it. So a rule costs no system call at all
(arming and disarming per rule was two; see docs/performance.md). Elsewhere (Windows, or a caller
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
        self._armed = False
        #: when the running call started (time.monotonic), None between calls
        self._started: float | None = None

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
        self._alarm = self._armed = False
        self._started = None
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous_handler)
        delay, interval = self._outer
        if delay:  # give the outer alarm back what is left of its time
            signal.setitimer(signal.ITIMER_REAL, max(delay - (time.monotonic() - self._entered_at), 1e-3), interval)

    def call(self, fn: Callable[..., R], *args: Any) -> R:
        """Return fn(*args), or raise RuleTimeout once it has run `seconds`."""
        if self.seconds is None:
            return fn(*args)
        if self._alarm:
            self._started = time.monotonic()
            if not self._armed:
                self._armed = True
                signal.setitimer(signal.ITIMER_REAL, self.seconds)
            try:
                return fn(*args)
            finally:
                self._started = None
        return _in_worker_thread(lambda: fn(*args), self.seconds)

    def _on_alarm(self, signum: int, frame: object) -> None:
        seconds = self.seconds or 0
        started = self._started
        left = seconds if started is None else seconds - (time.monotonic() - started)
        if started is not None and left <= _EARLY:
            # ring again soon: a rule that swallows this (``except BaseException``) is hit again until it returns
            signal.setitimer(signal.ITIMER_REAL, _AGAIN)
            raise RuleTimeout(seconds)
        signal.setitimer(signal.ITIMER_REAL, left)  # the call began after the timer was armed: wait for its own end


#: the alarm may ring a hair before the monotonic clock says the time is up
_EARLY = 1e-3
#: seconds between repeated alarms once a call's time is up
_AGAIN = 0.05


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
