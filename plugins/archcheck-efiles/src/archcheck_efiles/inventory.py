"""The unit's list of electronic files: inline under `extensions.efiles.files`, or a CSV manifest.

Every entry remembers where it was written (a JSON pointer, or manifest file and line), so each
finding points at the row to fix. Paths are relative to the files folder and may not leave it.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Collection, Generator, Iterator, Mapping

from archcheck.api import CSV_LIMIT, Finding, Location, T, join, missing, side_file

SECTION = ("extensions", "efiles")


@dataclass(frozen=True)
class Entry:
    path: str
    sha256: str | None
    location: Location

    def finding(self, message: T, fraction: float, *, no_evidence: bool = False, **evidence: Any) -> Finding:
        """A finding at this entry's row; `no_evidence` when the row lacks what the rule needs."""
        return Finding("", message, self.location, {"path": self.path, **evidence}, fraction, missing=no_evidence)


@dataclass(frozen=True)
class Inventory:
    folder: Path
    #: the inline list (a tuple), or the manifest's rows streamed from the file (`ManifestEntries`)
    entries: Collection[Entry]
    #: the manifest file itself, when it lies inside the folder (it is not an unlisted file)
    manifest: Path | None = None

    @functools.cached_property
    def root(self) -> Path:
        """The folder with its symbolic links resolved (once, not per entry)."""
        return self.folder.resolve()

    def resolve(self, entry: Entry) -> Path | None:
        """The entry's file, or None when its path points outside the folder."""
        plain = _plain_inside(self.root, entry.path)
        if plain is not None:
            return plain
        target = (self.folder / entry.path).resolve()
        return target if target.is_relative_to(self.root) else None

    def relative(self, entry: Entry) -> str | None:
        """The entry's path inside the folder as `walk_files` spells it ('/'-separated, symbolic links
        resolved), or None when it points outside the folder."""
        target = self.resolve(entry)
        return None if target is None else target.relative_to(self.root).as_posix()

    def files(self) -> Iterator[tuple[Entry, Path | None]]:
        """Each entry with its file (None when the path points outside the folder)."""
        for entry in self.entries:
            yield entry, self.resolve(entry)

    def share(self) -> float:
        return 1 / len(self.entries) if self.entries else 1.0


def _plain_inside(root: Path, relative: str) -> Path | None:
    """`root / relative` when that is already where it leads: no `.`, `..`, empty or absolute part and no
    symbolic link on the way (one lstat a part, instead of resolving the whole path); else None (resolve it)."""
    if os.sep != "/" or relative.startswith("/"):
        return None
    parts = relative.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None
    here = str(root)
    for part in parts:
        here = f"{here}/{part}"
        try:
            if stat.S_ISLNK(os.lstat(here).st_mode):
                return None
        except (OSError, ValueError):  # missing (nothing further to follow), or a NUL in the name
            break
    return Path(root, relative)


class InventoryProblem(Exception):
    def __init__(self, pointer: str, message: T):
        super().__init__(message.en)
        self.pointer, self.message = pointer, message


def section(unit: Mapping[str, Any]) -> Mapping[str, Any] | None:
    return (unit.get("extensions") or {}).get("efiles")


def not_registered(unit: Mapping[str, Any], ctx: Any) -> T | None:
    """`applies_if` of the list rules (EFL001–EFL005): the unit must list its electronic files."""
    data = section(unit)
    if data is None:
        return T("单位描述未登记电子文件（extensions.efiles）", "the unit lists no electronic files (extensions.efiles)")
    if "manifest" not in data and "files" not in data:
        return T("未给出电子文件清单（extensions.efiles.manifest 或 files）", "no list of the electronic files (extensions.efiles.manifest or files)")
    return None


def no_catalog(unit: Mapping[str, Any], ctx: Any) -> T | None:
    """`applies_if` of the catalogue rules (EFL006–EFL010): the unit must name the catalogue its files belong to."""
    data = section(unit)
    if data is None:
        return T("单位描述未登记电子文件（extensions.efiles）", "the unit lists no electronic files (extensions.efiles)")
    if "catalog" not in data:
        return T("未给出电子文件对应的目录（extensions.efiles.catalog）", "no catalogue of the electronic files (extensions.efiles.catalog)")
    return None


def inventory_or_missing(unit: Mapping[str, Any], ctx: Any) -> Generator[Finding, None, Inventory | None]:
    """`inv = yield from inventory_or_missing(unit, ctx)`: a no-evidence finding when the list cannot be read."""
    try:
        return read_inventory(section(unit) or {}, ctx)
    except InventoryProblem as problem:
        yield missing(problem.pointer, problem.message)
        return None


def with_inventory(check: Callable[..., Any]) -> Callable[..., Any]:
    """Turn `check(inventory, ctx)` into a rule check that runs only when the list can be read
    (otherwise the rule reports no evidence, at the place that could not be read)."""

    @functools.wraps(check)
    def run(unit: Mapping[str, Any], ctx: Any):
        inventory = yield from inventory_or_missing(unit, ctx)
        if inventory is not None:
            try:
                yield from check(inventory, ctx)
            except InventoryProblem as problem:  # the manifest became unreadable while it was read again
                yield missing(problem.pointer, problem.message)

    return run


def read_inventory(data: Mapping[str, Any], ctx: Any) -> Inventory:
    """The folder and the manifest must lie in the unit file's folder (or one allowed with --allow-outside):
    `side_file` raises InputError (exit 2) otherwise, before anything is listed or opened."""
    folder = side_file(ctx, data["folder"], join(*SECTION, "folder"))
    if "manifest" in data:
        manifest = side_file(ctx, data["manifest"], join(*SECTION, "manifest"))
        return Inventory(folder, ManifestEntries(manifest, data["manifest"]), manifest)
    entries = tuple(
        Entry(item["path"], item.get("sha256"), Location(pointer=join(*SECTION, "files", index)))
        for index, item in enumerate(data.get("files") or [])
    )
    return Inventory(folder, entries)


class ManifestEntries:
    """The manifest's rows, read from the file again each time they are iterated, never all in memory
    (a folder of a million files has a manifest of a million rows). Opening the list reads it through
    once: it must be a regular UTF-8 CSV file within the size limit with a path column, and its rows
    are counted then (each finding costs one row's share)."""

    def __init__(self, path: Path, written: str):
        self.path, self.written = path, written
        self.count = sum(1 for _ in self)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Entry]:
        handle = _open_manifest(self.path, self.written)
        where = join(*SECTION, "manifest")
        with handle:
            reader = csv.reader(handle)
            try:
                header = next(reader, None) or []
                if "path" not in header:
                    raise InventoryProblem(where, T("清单文件 {f} 第 1 行应有 path 列（可选 sha256 列）",
                                                    "manifest {f} line 1 must have a path column (and optionally sha256)").format(f=self.written))
                at_path = len(header) - 1 - header[::-1].index("path")  # a repeated column: the last one, as a dict would
                at_sha = len(header) - 1 - header[::-1].index("sha256") if "sha256" in header else None
                for row in reader:
                    path = row[at_path].strip() if at_path < len(row) else ""
                    if path:
                        sha = (row[at_sha].strip() if at_sha is not None and at_sha < len(row) else "") or None
                        yield Entry(path, sha, Location(file=self.written, line=reader.line_num))
            except UnicodeDecodeError:
                raise InventoryProblem(where, T("清单文件 {f} 不是 UTF-8 编码", "manifest {f} is not UTF-8").format(f=self.written)) from None
            except csv.Error as exc:
                raise InventoryProblem(where, T("清单文件 {f} 第 {n} 行无法读取：{e}", "manifest {f} line {n} cannot be read: {e}")
                                       .format(f=self.written, n=reader.line_num, e=str(exc))) from None


def _open_manifest(path: Path, written: str) -> io.TextIOWrapper:
    """The manifest opened read-only as UTF-8 text: a regular file (never a device or pipe), at most CSV_LIMIT bytes."""
    where = join(*SECTION, "manifest")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InventoryProblem(where, T("清单文件 {f} 不存在", "manifest {f} not found").format(f=written)) from None
    except OSError as exc:
        raise InventoryProblem(where, T("无法读取清单文件 {f}：{e}", "cannot read manifest {f}: {e}").format(
            f=written, e=exc.strerror or str(exc))) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InventoryProblem(where, T("无法读取清单文件 {f}：不是普通文件（设备、管道或目录）",
                                            "cannot read manifest {f}: not a regular file (a device, pipe or folder)").format(f=written))
        if info.st_size > CSV_LIMIT:
            raise InventoryProblem(where, T("无法读取清单文件 {f}：文件超过 {n} MiB 上限", "cannot read manifest {f}: larger than the {n} MiB limit")
                                   .format(f=written, n=CSV_LIMIT >> 20))
        return open(fd, encoding="utf-8-sig", newline="", closefd=True)
    except BaseException:
        os.close(fd)
        raise
