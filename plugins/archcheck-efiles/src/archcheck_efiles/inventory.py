"""The unit's list of electronic files: inline under `extensions.efiles.files`, or a CSV manifest.

Every entry remembers where it was written (a JSON pointer, or manifest file and line), so each
finding points at the row to fix. Paths are relative to the files folder and may not leave it.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Generator, Iterator, Mapping

from archcheck.api import CSV_LIMIT, Finding, InputError, Location, T, join, missing, read_bytes, side_file

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
    entries: tuple[Entry, ...]
    #: the manifest file itself, when it lies inside the folder (it is not an unlisted file)
    manifest: Path | None = None

    def resolve(self, entry: Entry) -> Path | None:
        """The entry's file, or None when its path points outside the folder."""
        target = (self.folder / entry.path).resolve()
        return target if target.is_relative_to(self.folder.resolve()) else None

    def files(self) -> Iterator[tuple[Entry, Path | None]]:
        """Each entry with its file (None when the path points outside the folder)."""
        for entry in self.entries:
            yield entry, self.resolve(entry)

    def share(self) -> float:
        return 1 / len(self.entries) if self.entries else 1.0


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
            yield from check(inventory, ctx)

    return run


def read_inventory(data: Mapping[str, Any], ctx: Any) -> Inventory:
    """The folder and the manifest must lie in the unit file's folder (or one allowed with --allow-outside):
    `side_file` raises InputError (exit 2) otherwise, before anything is listed or opened."""
    folder = side_file(ctx, data["folder"], join(*SECTION, "folder"))
    if "manifest" in data:
        manifest = side_file(ctx, data["manifest"], join(*SECTION, "manifest"))
        return Inventory(folder, tuple(_manifest_entries(manifest, data["manifest"])), manifest)
    entries = tuple(
        Entry(item["path"], item.get("sha256"), Location(pointer=join(*SECTION, "files", index)))
        for index, item in enumerate(data.get("files") or [])
    )
    return Inventory(folder, entries)


def _manifest_entries(manifest: Path, written: str) -> list[Entry]:
    where = join(*SECTION, "manifest")
    try:
        text = read_bytes(manifest, CSV_LIMIT, missing=T("清单文件 {f} 不存在", "manifest {f} not found").format(f=written)).decode("utf-8-sig")
    except InputError as error:  # missing, not a regular file, too large: the rule has no evidence
        reason = error.problems[0].message
        if not reason.zh.startswith("清单"):
            reason = T(f"无法读取清单文件 {written}：{reason.zh}", f"cannot read manifest {written}: {reason.en}")
        raise InventoryProblem(where, reason) from None
    except UnicodeDecodeError:
        raise InventoryProblem(where, T("清单文件 {f} 不是 UTF-8 编码", "manifest {f} is not UTF-8").format(f=written)) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if "path" not in (reader.fieldnames or []):
        raise InventoryProblem(where, T("清单文件 {f} 第 1 行应有 path 列（可选 sha256 列）",
                                        "manifest {f} line 1 must have a path column (and optionally sha256)").format(f=written))
    entries = []
    for row in reader:
        path = (row.get("path") or "").strip()
        if path:
            sha = (row.get("sha256") or "").strip() or None
            entries.append(Entry(path, sha, Location(file=written, line=reader.line_num)))
    return entries
