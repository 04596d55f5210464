"""A rule's findings past a threshold kept in a temporary file, so a run's memory does not grow with them.

A catalogue export in which most rows are defective has millions of findings; held as objects they
cost gigabytes. :class:`FindingBuffer` keeps a rule's findings in memory up to `spill_after()` (the
usual case: they end as a tuple, as before) and, past that, writes them in pickled chunks to a file
in the run's temporary folder. :class:`SpilledFindings` reads them back in order, as often as a
reporter asks: a read-only sequence, so reporters, the gate and the baseline treat both alike, and
the same findings give the same report bytes whichever way they were kept.

The folder is made by the run's process (`prepare`, called before any worker is forked), so the files
a worker writes outlive the worker and are removed with the folder when the run's process exits. A
spilled file is removed as soon as the object that owns it is gone; pickling it (a worker handing its
report to the run's process) hands the ownership over.
"""

from __future__ import annotations

import atexit
import itertools
import os
import pickle
import shutil
import struct
import tempfile
import weakref
from collections.abc import Sequence
from typing import Any, Iterable, Iterator

from archcheck.errors import InputError, Problem
from archcheck.model import Finding, Text

#: `ARCHCHECK_SPILL_AFTER=N`: findings of one rule kept in memory before the rest go to a file
SPILL_ENV = "ARCHCHECK_SPILL_AFTER"
DEFAULT_SPILL_AFTER = 1000
#: findings per pickled chunk of a spill file
CHUNK = 512
_LENGTH = struct.Struct("<Q")
_PROTOCOL = 5
#: (folder, pid of the process that made it)
_folder: list[tuple[str, int] | None] = [None]


def spill_after() -> int:
    """How many findings of a rule stay in memory (`ARCHCHECK_SPILL_AFTER`, default 1000; 0 = spill all)."""
    raw = os.environ.get(SPILL_ENV, "").strip()
    return int(raw) if raw.isdigit() else DEFAULT_SPILL_AFTER


def prepare() -> str:
    """The run's spill folder, made now if need be (call it before forking workers, which then share it)."""
    made = _folder[0]
    if made is None or not os.path.isdir(made[0]):
        path = tempfile.mkdtemp(prefix="archcheck-findings-")
        made = _folder[0] = (path, os.getpid())
        atexit.register(_remove_folder, path, made[1])
    return made[0]


def _remove_folder(path: str, pid: int) -> None:
    if os.getpid() == pid:  # a forked child leaving by a normal exit must not take the run's files
        shutil.rmtree(path, ignore_errors=True)


def _remove_file(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


class FindingBuffer:
    """A rule's findings as they arrive: append to `items`, then call `settle()` once per batch."""

    __slots__ = ("items", "limit", "_writer")

    def __init__(self, after: int | None = None):
        self.items: list[Finding] = []
        #: `items` may hold this many before `settle` moves whole chunks to the file
        self.limit = spill_after() if after is None else max(0, after)
        self._writer: _Writer | None = None

    def __len__(self) -> int:
        return len(self.items) + (self._writer.count if self._writer is not None else 0)

    def settle(self) -> None:
        """Past the limit, write whole chunks to the spill file (from then on, at most a chunk stays here)."""
        if len(self.items) <= self.limit:
            return
        if self._writer is None:
            self._writer = _Writer()
            self.limit = CHUNK - 1
        whole = len(self.items) - len(self.items) % CHUNK
        if whole:
            self._writer.write(self.items[:whole])
            del self.items[:whole]

    def findings(self) -> "tuple[Finding, ...] | SpilledFindings":
        """Every finding appended, in order: a tuple when nothing was spilled."""
        if self._writer is None:
            return tuple(self.items)
        spilled = self._writer.close(self.items)
        self.items = []
        return spilled


def keep(findings: Iterable[Finding], after: int | None = None) -> "tuple[Finding, ...] | SpilledFindings":
    """`findings` kept as a rule's findings are (a tuple, or spilled past the threshold)."""
    buffer = FindingBuffer(after)
    for finding in findings:
        buffer.items.append(finding)
        if len(buffer.items) > buffer.limit:
            buffer.settle()
    return buffer.findings()


class _Writer:
    """Chunks of CHUNK findings, each a length-prefixed pickle, appended to one file."""

    def __init__(self) -> None:
        self.handle, self.path = spill_file(".findings", "wb")
        self.count = 0
        self.offsets: list[int] = []
        self.position = 0

    def write(self, findings: list[Finding]) -> None:
        for start in range(0, len(findings), CHUNK):
            self._frame(findings[start:start + CHUNK])

    def _frame(self, chunk: list[Finding]) -> None:
        data = pickle.dumps(chunk, _PROTOCOL)
        self.offsets.append(self.position)
        try:
            self.handle.write(_LENGTH.pack(len(data)))
            self.handle.write(data)
        except OSError as exc:
            raise spill_error(self.path, exc) from None
        self.position += _LENGTH.size + len(data)
        self.count += len(chunk)

    def close(self, tail: list[Finding]) -> "SpilledFindings":
        if tail:
            self._frame(tail)
        try:
            self.handle.close()
        except OSError as exc:
            raise spill_error(self.path, exc) from None
        return SpilledFindings(self.path, self.count, tuple(self.offsets), owner=True)


def spill_file(suffix: str, mode: str) -> tuple[Any, str]:
    """A new file in the run's spill folder, opened with `mode`, and its path (a full disk: exit 2)."""
    folder = prepare()
    try:
        fd, path = tempfile.mkstemp(dir=folder, suffix=suffix)
    except OSError as exc:
        raise spill_error(folder, exc) from None
    return os.fdopen(fd, mode), path


def spill_error(path: str, exc: OSError) -> InputError:
    """The temporary folder is full or not writable: say so, and how to choose another (exit 2)."""
    reason = exc.strerror or str(exc)
    return InputError([Problem("TMPDIR", path, Text(
        f"无法把检查结果写入临时文件夹（{reason}）；问题或单位很多时需要较大的临时空间，可用环境变量 TMPDIR 指定其他文件夹",
        f"cannot write results to the temporary folder ({reason}); a run with very many findings or units needs room there: "
        "set TMPDIR to another folder"))])


class SpilledFindings(Sequence):
    """A rule's findings read back from its spill file, chunk by chunk, in the order they were found."""

    def __init__(self, path: str, count: int, offsets: tuple[int, ...], owner: bool = False):
        self.path, self._count, self._offsets = path, count, offsets
        self._finalizer = weakref.finalize(self, _remove_file, path) if owner else None

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Finding]:
        return self._read(0)

    def _read(self, frame: int) -> Iterator[Finding]:
        if frame >= len(self._offsets):
            return
        with open(self.path, "rb") as handle:
            handle.seek(self._offsets[frame])
            for _ in range(frame, len(self._offsets)):
                (size,) = _LENGTH.unpack(handle.read(_LENGTH.size))
                yield from pickle.loads(handle.read(size))

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            if step != 1:
                return tuple(self)[index]
            if stop <= start:
                return ()
            first = start // CHUNK
            return tuple(itertools.islice(self._read(first), start - first * CHUNK, stop - first * CHUNK))
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("finding index out of range")
        first = index // CHUNK
        return next(itertools.islice(self._read(first), index - first * CHUNK, None))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)):
            return NotImplemented
        return len(other) == self._count and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SpilledFindings({self._count} findings in {self.path!r})"

    def __reduce__(self) -> Any:
        owner = self._finalizer is not None and self._finalizer.alive
        if owner:  # the receiver (the run's process) removes the file now
            self._finalizer.detach()  # type: ignore[union-attr]
            self._finalizer = None
        return (SpilledFindings, (self.path, self._count, self._offsets, owner))

    def __copy__(self) -> "SpilledFindings":
        return self  # read-only: a copy may share the file

    def __deepcopy__(self, memo: Any) -> "SpilledFindings":
        return self
