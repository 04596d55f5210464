"""`-` as an input: a unit description or a catalogue export piped in (`… | archcheck check -`).

Standard input is read once, in the main process, before any worker forks (a unit is at most
DOCUMENT_LIMIT; a catalogue is copied to a private temporary file, because the readers detect the
encoding and header by looking ahead and XLSX needs a seekable file). A terminal on standard input
is refused at once: the run would otherwise wait silently for typing.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from archcheck.errors import InputError, Problem
from archcheck.model import Text

STDIN = "-"
_cache: list[bytes] = []
TERMINAL = Text("标准输入是终端：请用管道或重定向提供内容，如 cat 单位.yaml | archcheck check -",
                "standard input is a terminal: pipe or redirect the content, e.g. cat unit.yaml | archcheck check -")


def is_stdin(path: Path | str) -> bool:
    return str(path) == STDIN


def _refuse_terminal() -> None:
    if sys.stdin is None or sys.stdin.isatty():
        raise InputError([Problem(STDIN, "", TERMINAL)])


def read_stdin(limit: int) -> bytes:
    """All of standard input (at most `limit` bytes, else an InputError), read once and remembered."""
    if not _cache:
        _refuse_terminal()
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise InputError([Problem(STDIN, "", Text("标准输入超过 {n} MiB 上限", "standard input is over the {n} MiB limit").format(n=limit >> 20))])
        _cache.append(data)
    return _cache[0]


@contextmanager
def spooled_stdin() -> Iterator[Path]:
    """Standard input copied to a private temporary file (removed afterwards), for the catalogue readers."""
    _refuse_terminal()
    folder = tempfile.mkdtemp(prefix="archcheck-stdin-")
    try:
        path = Path(folder) / "stdin"
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            shutil.copyfileobj(sys.stdin.buffer, out, 1 << 20)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)
