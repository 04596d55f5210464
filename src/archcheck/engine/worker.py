"""Check inputs in worker processes that can be killed: the hard half of rule isolation.

The in-process guard (`isolate`, `guard`) stops what Python can stop. It cannot stop a rule stuck in a
long C call or one that swallows every exception (``except BaseException``), and a segfault or
``os._exit`` in C code takes the whole process down. So, where ``fork`` is available (Linux), each
input is checked in a worker process forked after the plugins loaded, and the run's process only
supervises:

* before each call into a rule, the worker writes the rule's id and the time into shared memory
  (:func:`beat`, a few hundred nanoseconds);
* a worker that dies mid-rule (signal, ``os._exit``), or whose rule overruns the time limit by more
  than the grace the in-process alarm had, is killed and replaced; that rule becomes ``error`` naming
  its plugin and what happened, and the input is checked again with that rule left out — so one
  bad rule costs one re-check of one input, never the report;
* workers ignore SIGINT (the run's process handles Ctrl-C and kills them) and die with the run's
  process (``PR_SET_PDEATHSIG``), so no worker outlives a cancelled CI job.

A worker serves many inputs in turn (a pool of them checks many inputs on every core); results come
back pickled through a pipe, in input order, so a report is byte-for-byte the one a single process
would write. ``ARCHCHECK_ISOLATION=inline`` (or a platform without fork) checks in the run's own
process, with the in-process guard only — e.g. to step through a rule with pdb.
"""

from __future__ import annotations

import mmap
import os
import pickle
import select
import signal
import struct
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping

from archcheck.engine import guard
from archcheck.model import Text

ISOLATION_ENV = "ARCHCHECK_ISOLATION"
#: shared memory per worker: when the running call started (monotonic seconds, 0 = none) and its rule id
_SLOT = struct.Struct("<d24s")
_FRAME = struct.Struct("<Q")
_POLL = 0.05

_state: dict[str, Any] = {"memory": None, "offset": 0}


def beat(rule_id: str) -> None:
    """Note that a call into `rule_id` starts now (in a worker; nothing in the run's own process)."""
    memory = _state["memory"]
    if memory is not None:
        _SLOT.pack_into(memory, _state["offset"], time.monotonic(), rule_id.encode("utf-8")[:24])


def rest() -> None:
    """Note that no rule is running."""
    memory = _state["memory"]
    if memory is not None:
        _SLOT.pack_into(memory, _state["offset"], 0.0, b"")


def available() -> bool:
    """Whether inputs are checked in killable worker processes on this platform and setting."""
    if os.environ.get(ISOLATION_ENV, "").lower() == "inline":
        return False
    return hasattr(os, "fork") and sys.platform.startswith("linux")


CRASHED = Text(
    "插件 {plugin} 的规则 {rule} 使检查进程异常终止（{how}），该规则记为出错，其余规则已重新检查",
    "rule {rule} of plugin {plugin} brought the checking process down ({how}); it is reported as an error and the other rules were checked again",
)
KILLED = Text(
    "插件 {plugin} 的规则 {rule} 超过时限 {s} 秒且未能中断，已强制停止（可用 --rule-timeout 调整）",
    "rule {rule} of plugin {plugin} exceeded the time limit of {s} s and could not be interrupted; it was killed (see --rule-timeout)",
)
CORE_CRASHED = Text(
    "检查 {input} 时检查进程异常终止（{how}），且当时没有规则在运行",
    "the checking process died while checking {input} ({how}) with no rule running",
)


@dataclass
class _Worker:
    pid: int
    slot: int
    tasks: int  # fd the parent writes tasks to
    results: int  # fd the parent reads results from
    #: (sequence number, task, rules already failed) of the input being checked
    job: tuple[int, Any, dict[str, Text]] | None = None
    killed: bool = False


@dataclass
class Supervisor:
    """Runs `job(task, failed)` for each task in worker processes; yields (status, value) in task order.

    `failed` maps rule ids to the error that rule already caused on this task (the job marks them
    `error` without running them). Statuses: "ok" (the job's return value), "input" (its InputError's
    problems), "internal" (a message). `describe(rule_id)` gives the plugin of a rule for messages;
    `name(task)` the input's name.
    """

    job: Callable[[Any, Mapping[str, Text]], Any]
    workers: int = 1
    time_limit: float | None = None
    describe: Callable[[str], str] = lambda rule_id: "?"
    name: Callable[[Any], str] = str
    _memory: mmap.mmap | None = None
    _pool: list[_Worker] = field(default_factory=list)

    def run(self, tasks: Iterable[Any]) -> Iterator[tuple[str, Any]]:
        queue = deque((seq, task, {}) for seq, task in enumerate(tasks))
        total = len(queue)
        if not total:
            return
        count = max(1, min(self.workers, total))
        self._memory = mmap.mmap(-1, _SLOT.size * count)
        done: dict[int, tuple[str, Any]] = {}
        emitted = 0
        try:
            self._pool = [self._spawn(slot) for slot in range(count)]
            while emitted < total:
                for worker in self._pool:
                    if worker.job is None and queue:
                        worker.job = queue.popleft()
                        _write_frame(worker.tasks, worker.job)
                busy = [w for w in self._pool if w.job is not None]
                readable, _, _ = select.select([w.results for w in busy], [], [], _POLL)
                for worker in busy:
                    if worker.results in readable:
                        self._receive(worker, done, queue)
                    elif self._overran(worker):
                        self._kill(worker)
                while emitted in done:
                    yield done.pop(emitted)
                    emitted += 1
        finally:
            self._close()

    # ------------------------------------------------------------------ workers

    def _spawn(self, slot: int) -> _Worker:
        assert self._memory is not None
        _SLOT.pack_into(self._memory, _SLOT.size * slot, 0.0, b"")  # a dead worker's last call is not the new one's
        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the worker: serve until told to stop, then leave without running the parent's exit handlers
            code = 0
            try:
                os.close(task_write)
                os.close(result_read)
                for other in self._pool:
                    for fd in (other.tasks, other.results):
                        _close_quietly(fd)
                _become_worker(self._memory, slot)
                _serve(self.job, task_read, result_write)
            except BaseException:  # noqa: BLE001 - nothing may escape into the parent's code
                code = 70
            finally:
                guard.hard_exit(code)
        os.close(task_read)
        os.close(result_write)
        return _Worker(pid, slot, task_write, result_read)

    def _receive(self, worker: _Worker, done: dict[int, tuple[str, Any]], queue: deque) -> None:
        assert worker.job is not None
        seq, task, failed = worker.job
        try:
            frame = _read_frame(worker.results)
        except (EOFError, OSError, pickle.UnpicklingError):
            frame = None
        if frame is not None:
            worker.job = None
            done[seq] = frame
            return
        how = self._reap(worker)
        started, rule_id = self._slot(worker.slot)
        self._replace(worker)
        if not rule_id:
            done[seq] = ("internal", CORE_CRASHED.format(input=self.name(task), how=how))
            return
        plugin = self.describe(rule_id)
        if worker.killed:
            reason = KILLED.format(plugin=plugin, rule=rule_id, s=f"{self.time_limit:g}")
        else:
            reason = CRASHED.format(plugin=plugin, rule=rule_id, how=how)
        queue.appendleft((seq, task, {**failed, rule_id: reason}))

    def _overran(self, worker: _Worker) -> bool:
        """A call that the in-process alarm should have stopped by now (plus its grace) did not stop."""
        if not self.time_limit:
            return False
        started, rule_id = self._slot(worker.slot)
        return bool(rule_id) and started > 0 and time.monotonic() - started > self.time_limit + grace(self.time_limit)

    def _kill(self, worker: _Worker) -> None:
        worker.killed = True
        try:
            os.kill(worker.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def _reap(self, worker: _Worker) -> str:
        """How the worker ended, in words."""
        try:
            _, status = os.waitpid(worker.pid, 0)
        except ChildProcessError:
            return "?"
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            try:
                name = signal.Signals(number).name
            except ValueError:
                name = "?"
            return f"signal {number} {name}"
        return f"exit {os.WEXITSTATUS(status)}"

    def _replace(self, worker: _Worker) -> None:
        for fd in (worker.tasks, worker.results):
            _close_quietly(fd)
        self._pool[self._pool.index(worker)] = self._spawn(worker.slot)

    def _slot(self, slot: int) -> tuple[float, str]:
        assert self._memory is not None
        started, raw = _SLOT.unpack_from(self._memory, _SLOT.size * slot)
        return started, raw.rstrip(b"\0").decode("utf-8", "replace")

    def _close(self) -> None:
        for worker in self._pool:
            if worker.job is None:
                try:
                    _write_frame(worker.tasks, None)
                except OSError:
                    pass
            else:
                self._kill(worker)
            for fd in (worker.tasks, worker.results):
                _close_quietly(fd)
        for worker in self._pool:
            try:
                os.waitpid(worker.pid, 0)
            except ChildProcessError:
                pass
        self._pool = []
        if self._memory is not None:
            self._memory.close()
            self._memory = None


def grace(limit: float) -> float:
    """How long past its limit a call may run before its worker is killed (the alarm gets its chance first)."""
    return min(max(1.0, limit * 0.5), 5.0)


# ---------------------------------------------------------------------- the worker side


def _become_worker(memory: mmap.mmap | None, slot: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the run's process handles Ctrl-C and kills the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    _state.update(memory=memory, offset=_SLOT.size * slot)


def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the run's process dies, however it dies."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        guard.hard_exit(1)


def _serve(job: Callable[[Any, Mapping[str, Text]], Any], tasks: int, results: int) -> None:
    from archcheck.errors import ArchcheckError

    while True:
        message = _read_frame(tasks)
        if message is None:
            return
        _seq, task, failed = message
        try:
            outcome: tuple[str, Any] = ("ok", job(task, failed))
        except ArchcheckError as error:
            outcome = ("input", error.problems)
        except BaseException as exc:  # noqa: BLE001 - the core failed on this input: say so, keep serving
            outcome = ("internal", Text("内部错误：{e}", "internal error: {e}").format(e=f"{type(exc).__name__}: {exc}"))
        rest()
        _write_frame(results, outcome)


# ---------------------------------------------------------------------- frames over pipes


def _write_frame(fd: int, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_FRAME.pack(len(data)) + data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_frame(fd: int) -> Any:
    size = _FRAME.unpack(_read_exactly(fd, _FRAME.size))[0]
    return pickle.loads(_read_exactly(fd, size))


def _read_exactly(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _close_quietly(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass
