"""The run's file access: what it may read, how much, and how it writes, so that no input costs a file.

* Reading (`read_bytes`, `read_text`, `read_json`, `read_toml`): regular files only (a device such as
  /dev/zero, a FIFO or a folder is refused before anything is read), with a size cap checked before
  reading; numbers over Python's 4,300-digit limit and nesting deeper than the parser's recursion
  limit are input errors naming the file, never an internal error.
* Side files a unit names (`side_file`: a climate-log CSV, an electronic-files folder) stay inside
  the unit file's folder unless the user allows another folder with `--allow-outside DIR`.
* Writing (`check_outputs` before the run, `write_atomic` at its end): no output may be an input,
  the baseline, the waiver file, the report or config file (by `os.path.samefile`, so hard links
  count); a missing folder or a folder that cannot take a file is reported before any rule runs;
  a report is written to a temporary file in the same folder, flushed to disk and renamed over the
  old one, so a kill or a full disk leaves the old report, never a truncated one.

Every problem is an `InputError` (exit 2) with a bilingual message naming the path.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import tempfile
import tomllib
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from archcheck.errors import InputError, Problem
from archcheck.model import Text

MIB = 1 << 20
#: unit descriptions, waiver files and other YAML/JSON documents
DOCUMENT_LIMIT = 64 * MIB
#: JSON reports (`archcheck diff`) and baselines: a big catalogue's findings
REPORT_LIMIT = 256 * MIB
#: TOML configuration: archcheck.toml, pyproject.toml, --report-config, profiles
CONFIG_LIMIT = 8 * MIB
#: CSV side files: climate logs, electronic-file manifests
CSV_LIMIT = 64 * MIB
#: Python refuses to convert longer digit strings to int (sys.get_int_max_str_digits)
_LONG_NUMBER = re.compile(r"\d{4301,}")
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not wait for a writer
_O_BINARY = getattr(os, "O_BINARY", 0)


def _error(path: Path | str, where: str, text: Text) -> InputError:
    return InputError([Problem(str(path), where, text)])


NOT_FOUND = Text("文件不存在", "file not found")


# ---- reading -------------------------------------------------------------------------------------
def read_bytes(path: Path, limit: int = DOCUMENT_LIMIT, missing: Text = NOT_FOUND) -> bytes:
    """The whole content of the regular file at `path` (`-`: standard input), at most `limit` bytes, or an InputError."""
    from archcheck.stdin_input import is_stdin, read_stdin

    if is_stdin(path):
        return read_stdin(limit)
    try:
        fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | _O_BINARY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise _error(path, "", missing) from None
    except IsADirectoryError:
        raise _error(path, "", NOT_REGULAR) from None
    except OSError as exc:
        raise _error(path, "", Text("无法读取文件：{e}", "cannot read the file: {e}").format(e=exc.strerror or exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _error(path, "", NOT_REGULAR)
        if info.st_size > limit:
            raise _too_big(path, limit)
        chunks, total = [], 0
        while chunk := os.read(fd, min(limit + 1 - total, 4 * MIB) or 1):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while being read
                raise _too_big(path, limit)
        return b"".join(chunks)
    except OSError as exc:
        raise _error(path, "", Text("无法读取文件：{e}", "cannot read the file: {e}").format(e=exc.strerror or exc)) from None
    finally:
        os.close(fd)


NOT_REGULAR = Text("不是普通文件（设备、管道或目录），拒绝读取", "not a regular file (a device, pipe or folder); refused")


def _too_big(path: Path, limit: int) -> InputError:
    return _error(path, "", Text("文件超过 {n} MiB 上限，拒绝读取", "the file is larger than the {n} MiB limit; refused").format(n=limit // MIB))


def read_text(path: Path, limit: int = DOCUMENT_LIMIT, missing: Text = NOT_FOUND) -> str:
    """The file as UTF-8 text (a BOM is dropped), or an InputError naming the first bad byte."""
    raw = read_bytes(path, limit, missing)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(path, "", Text("不是有效的 UTF-8 文本（第 {n} 字节），请另存为 UTF-8",
                                    "not valid UTF-8 text (at byte {n}); save it as UTF-8").format(n=exc.start)) from None


def parse_limits(path: Path | str, text: str, exc: ValueError | RecursionError) -> InputError:
    """The input error for a parser's ValueError (a number over 4,300 digits) or RecursionError (nesting)."""
    if isinstance(exc, RecursionError):
        return _error(path, "", Text("嵌套层级过深", "nesting is too deep"))
    match = _LONG_NUMBER.search(text)
    where = ""
    if match is not None:
        line = text.count("\n", 0, match.start()) + 1
        where = f"{line}:{match.start() - (text.rfind(chr(10), 0, match.start()) + 1) + 1}"
    return _error(path, where, Text("数字超过 4300 位，无法处理", "a number has more than 4,300 digits; refused"))


def read_json(path: Path, limit: int = REPORT_LIMIT, missing: Text = NOT_FOUND) -> Any:
    """A JSON file's data; syntax errors with line:column, over-long numbers and deep nesting as input errors."""
    text = read_text(path, limit, missing)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _error(path, f"{exc.lineno}:{exc.colno}", Text("JSON 语法错误：{e}", "JSON syntax error: {e}").format(e=exc.msg)) from None
    except (ValueError, RecursionError) as exc:
        raise parse_limits(path, text, exc) from None


def read_toml(path: Path, limit: int = CONFIG_LIMIT, missing: Text = NOT_FOUND) -> dict[str, Any]:
    """A TOML file's table; syntax errors, over-long numbers and deep nesting as input errors."""
    text = read_text(path, limit, missing)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _error(path, "", Text("TOML 语法错误：{e}", "TOML syntax error: {e}").format(e=exc)) from None
    except (ValueError, RecursionError) as exc:
        raise parse_limits(path, text, exc) from None


# ---- side files a unit names ---------------------------------------------------------------------
def side_file(ctx: Any, name: str, pointer: str) -> Path:
    """The file or folder `name` (relative to the unit file's folder) that the unit names at `pointer`.

    It must lie inside the unit's folder (after following symbolic links), or inside a folder the
    user allowed with `--allow-outside` (`ctx.allowed_dirs`); otherwise InputError, before anything
    is opened, so an untrusted unit cannot make the run read /etc/passwd.
    """
    base = Path(ctx.base_dir)
    target = (base / name).resolve()
    roots = [base.resolve(), *(Path(d).resolve() for d in getattr(ctx, "allowed_dirs", ()) or ())]
    if any(target == root or target.is_relative_to(root) for root in roots):
        return target
    raise _error(name, pointer, Text(
        "单位描述指向单位文件所在目录 {d} 之外的文件，拒绝读取（如确需读取，请加 --allow-outside 目录）",
        "the unit names a file outside its own folder {d}; refused (pass --allow-outside DIR to allow it)",
    ).format(d=str(base)))


def inside(ctx: Any, path: Path) -> bool:
    """Whether `path` lies in the unit file's own folder (only then may a message quote its content)."""
    return Path(path).resolve().is_relative_to(Path(ctx.base_dir).resolve())


# ---- writing -------------------------------------------------------------------------------------
def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return os.path.abspath(a) == os.path.abspath(b)


def check_outputs(outputs: Mapping[str, Path | None], protected: Iterable[tuple[Text, Path | None]],
                  may_replace: Mapping[str, Iterable[Path | None]] | None = None) -> None:
    """Before the run: every output can be written and none is a file the run reads.

    `outputs`: option → path (None: not given). `protected`: (what, path) pairs of files the run
    reads. `may_replace[option]`: protected files that option may overwrite (`--write-baseline`
    may refresh the `--baseline` it read). All problems are reported together.
    """
    problems = []
    given = [(option, Path(path)) for option, path in outputs.items() if path is not None]
    reads = [(what, Path(path)) for what, path in protected if path is not None]
    for index, (option, path) in enumerate(given):
        allowed = [Path(p) for p in (may_replace or {}).get(option, ()) if p is not None]
        clash = next((what for what, other in reads if _same(path, other) and not any(_same(path, a) for a in allowed)), None)
        twice = next((o for o, p in given[:index] if _same(path, p)), None)
        if clash is not None:
            problems.append(Problem(str(path), option, Text(f"输出文件不能覆盖{clash.zh}（同一文件，含硬链接）",
                                                            f"the output must not overwrite the {clash.en} (the same file, hard links included)")))
        elif twice is not None:
            problems.append(Problem(str(path), option, Text("与 {o} 是同一个输出文件", "is the same output file as {o}").format(o=twice)))
        else:
            trouble = _unwritable(path)
            if trouble is not None:
                problems.append(Problem(str(path), option, trouble))
    if problems:
        raise InputError(problems)


def _unwritable(path: Path) -> Text | None:
    """Why a file cannot be written at `path`, found by trying to create one beside it; None if it can."""
    if path.is_dir():
        return Text("这是一个目录，不能作为输出文件", "is a folder, not a file")
    if path.exists() and not path.is_file():  # /dev/stdout, /dev/null, a FIFO: written in place
        return None if os.access(path, os.W_OK) else Text("没有写入权限", "no permission to write it")
    folder = _real(path).parent
    if not folder.is_dir():
        return Text("输出目录 {d} 不存在", "the output folder {d} does not exist").format(d=str(folder))
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".archcheck-", suffix=".probe")
    except OSError as exc:
        if path.is_file() and os.access(path, os.W_OK):
            return None  # the folder takes no new file, the file itself is writable: written in place
        return Text("无法在输出目录 {d} 中写入文件：{e}", "cannot write a file in the output folder {d}: {e}").format(
            d=str(folder), e=exc.strerror or exc)
    os.close(fd)
    os.unlink(probe)
    return None


def _real(path: Path) -> Path:
    """The file a symbolic link points to (writing replaces that file, not the link)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def write_atomic(path: Path, data: bytes) -> None:
    """Replace the file at `path` with `data` all at once: the old file stays until the new one is complete on disk.

    A device or FIFO (`-o /dev/stdout`) is written in place; so is a file in a folder that takes no
    new file (checked before the run). On failure (a full disk) the old file is untouched and the
    temporary file removed.
    """
    write_atomic_chunks(path, (data,))


def write_atomic_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """`write_atomic` of the bytes `chunks` give, written as they come (a report too large to hold whole).

    An error while the chunks are made (not only while they are written) leaves the old file untouched too.
    """
    path = Path(path)
    if path.exists() and not path.is_file():  # /dev/stdout (a link to a pipe), /dev/null, a FIFO
        _write_in_place(path, path, chunks)
        return
    target = _real(path)
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError:
        _write_in_place(path, target, chunks)
        return
    try:
        try:
            for data in chunks:
                _write_all(fd, data)
            os.fsync(fd)
            if hasattr(os, "fchmod"):
                os.fchmod(fd, _mode(target))
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _write_error(path, exc) from None
        raise
    _sync_folder(target.parent)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _write_in_place(path: Path, target: Path, chunks: Iterable[bytes]) -> None:
    try:
        with open(target, "wb") as handle:
            for data in chunks:
                handle.write(data)
    except OSError as exc:
        raise _write_error(path, exc) from None


def _write_error(path: Path, exc: OSError) -> InputError:
    full = exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
    reason = Text("磁盘已满", "the disk is full") if full else Text(str(exc.strerror or exc), str(exc.strerror or exc))
    return _error(path, "", Text("无法写入输出文件：" + reason.zh + "（原有文件未改动）",
                                 "cannot write the output file: " + reason.en + " (any existing file is unchanged)"))


def _mode(target: Path) -> int:
    """The replaced file's permissions, or what a new file gets under the umask (mkstemp makes 0600)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); best effort."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


PROTECTED = {
    "input": Text("输入文件", "input file"),
    "baseline": Text("基线文件（--baseline）", "baseline (--baseline)"),
    "waivers": Text("豁免文件（--waivers）", "waiver file (--waivers)"),
    "report_config": Text("报告配置文件（--report-config）", "report config (--report-config)"),
    "config": Text("配置文件", "config file"),
    "profile": Text("评分方案文件（--profile）", "profile file (--profile)"),
}


def protected_paths(inputs: Sequence[Path], **named: Path | None) -> list[tuple[Text, Path | None]]:
    """(what, path) for the inputs and each named file a run reads (`baseline=…, waivers=…`), for `check_outputs`."""
    pairs: list[tuple[Text, Path | None]] = [(PROTECTED["input"], p) for p in inputs]
    return pairs + [(PROTECTED.get(key, Text(key, key)), path) for key, path in named.items()]
