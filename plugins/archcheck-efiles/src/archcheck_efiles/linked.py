"""Catalogue ↔ electronic files: the unit names a catalogue export (`extensions.efiles.catalog`) whose rows
name their files by 档号 (`<档号>.pdf`, `<档号>.ofd` …, or a folder `<档号>/` of page images).

The catalogue is streamed with archcheck's own reader (any format and header `archcheck catalog` reads);
only its 档号 are kept, as a compact set of digests (`names.NameSet`, for the files without a row), never
a list of files or rows: the folder is walked lazily, no directory listed whole. Files are opened read-only, and a 档号 that would lead out of the folder is a
finding, never a path that is opened.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from archcheck.api import Finding, Location, T, join, side_file

from archcheck_efiles.inventory import SECTION, InventoryProblem

#: file endings a row's file may have (any case)
EXTENSIONS = (".pdf", ".ofd", ".jpg", ".jpeg", ".tif", ".tiff", ".png")
DEFAULT_KEY, DEFAULT_PAGES = "档号", "页数"


@dataclass(frozen=True)
class Row:
    key: str
    pages: str
    location: Location


@dataclass(frozen=True)
class Linked:
    """The catalogue's rows (streamed on demand) and the files folder."""

    folder: Path
    catalog: Path
    written: str
    key_column: str
    pages_column: str
    #: the unit's `extensions.efiles` section (for the manifest, when one is given too)
    data: Mapping[str, Any]

    def rows(self) -> Iterator[Row]:
        """Each catalogue row with its 档号, 页数 text and location (InventoryProblem if it cannot be read)."""
        from archcheck.catalog.columns import fold, resolve
        from archcheck.catalog.readers import open_tables
        from archcheck.catalog.volumes import INNER, VOLUME, resolve_as
        from archcheck.errors import CatalogReadError

        try:
            for table in open_tables(str(self.catalog), display=self.written):
                key = _position(table.header, self.key_column, "档号", fold, resolve, resolve_as, (INNER, VOLUME))
                if key is None:
                    continue
                pages = _position(table.header, self.pages_column, "页数", fold, resolve, resolve_as, (VOLUME, INNER))
                span = None if pages is not None else _position(table.header, "页号", "页号", fold, resolve, resolve_as, (INNER,))
                label = table.header[key]
                for batch in table.batches():
                    columns = batch.columns
                    for i, line in enumerate(batch.lines):
                        text = columns[key][i].strip() if columns else ""
                        count = columns[pages][i] if pages is not None else _span_pages(columns[span][i]) if span is not None else ""
                        yield Row(text, str(count).strip(), Location(file=self.written, line=line, column=label, sheet=table.sheet))
        except CatalogReadError as error:
            raise InventoryProblem(join(*SECTION, "catalog"), error.problems[0].message) from None

    @functools.cached_property
    def root(self) -> Path:
        """The folder with its symbolic links resolved (once, not per row)."""
        return self.folder.resolve()

    def files_for(self, key: str) -> list[Path] | None:
        """The files of a row (none found: []); None when the 档号 cannot name a file inside the folder."""
        if not key or "/" in key or "\\" in key or key in (".", "..") or "\x00" in key:
            return None
        folder = self.folder
        directory = folder / key
        if directory.is_dir():
            if not directory.resolve().is_relative_to(self.root):
                return None
            return sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))
        found = []
        base = os.path.join(folder, key)
        for ending in EXTENSIONS:
            for spelt in (ending, ending.upper()):
                name = base + spelt
                try:
                    info = os.lstat(name)
                except OSError:
                    continue
                if stat.S_ISLNK(info.st_mode):  # only a link can lead out of the folder: the key has no separator
                    path = Path(name)
                    if path.is_file() and path.resolve().is_relative_to(self.root):
                        found.append(path)
                elif stat.S_ISREG(info.st_mode):
                    found.append(Path(name))
        return found

    def relative(self, path: Path) -> str:
        """A file of `files_for` relative to the folder, '/'-separated, as `Inventory.relative` spells a
        manifest's entry (through a symbolic link: where it leads)."""
        if path.is_symlink() or (path.parent != self.folder and path.parent.is_symlink()):
            return path.resolve().relative_to(self.root).as_posix()
        return path.relative_to(self.folder).as_posix()

    def walk(self, ignore: list[str]) -> Iterator[tuple[str, str]]:
        """(path relative to the folder, the 档号 it names) for every file but the catalogue, lazily."""
        for relative in walk_files(self.folder, ignore, skip=(self.catalog,)):
            top, sep, _ = relative.partition("/")
            yield relative, top if sep else top.rsplit(".", 1)[0]


def walk_files(folder: Path, ignore: Iterable[str], skip: Iterable[Path] = ()) -> Iterator[str]:
    """The path of every file under `folder`, relative and '/'-separated, in the folder's own order and
    without listing any directory whole (a flat folder of a million files is never a list): callers
    sort what they report. Names matching an `ignore` pattern (fnmatch), and whatever is inside such a
    folder, are left out, as are the files in `skip` (the catalogue or manifest, when inside the folder);
    links to folders are not followed."""
    patterns = [str(p) for p in ignore]
    ignored = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns)).match if patterns else None
    skipped: dict[int, int] = {}
    for path in skip:
        try:
            info = path.stat()
        except OSError:
            continue
        skipped[info.st_ino] = info.st_dev

    def visit(directory: str, prefix: str) -> Iterator[str]:
        try:
            entries = os.scandir(directory)
        except OSError:
            return
        with entries:
            for entry in entries:
                name = entry.name
                if ignored is not None and ignored(name):
                    continue
                try:
                    if entry.is_dir(follow_symlinks=False):
                        yield from visit(entry.path, prefix + name + "/")
                        continue
                    if not entry.is_file():
                        continue
                    if skipped and (entry.is_symlink() or entry.inode() in skipped):  # inode(): no system call
                        info = entry.stat()  # a link's target
                        if skipped.get(info.st_ino) == info.st_dev:
                            continue
                except OSError:
                    continue
                yield prefix + name

    yield from visit(str(folder), "")


def _position(header: list[str], name: str, canonical: str, fold: Any, resolve: Any, resolve_as: Any,
              kinds: tuple[str, ...]) -> int | None:
    wanted = fold(name)
    for i, cell in enumerate(header):
        if fold(cell) == wanted:
            return i
    if name not in (DEFAULT_KEY, DEFAULT_PAGES, "页号"):
        return None  # a column the user named and the file does not have
    for index in (resolve(header).index, *(resolve_as(k, header).index for k in kinds)):
        if canonical in index:
            return index[canonical]
    return None


def _span_pages(text: str) -> str:
    """A 页号 range `5-8` as its page count (4); "" when it is no range."""
    start, sep, end = str(text).strip().partition("-")
    if sep and start.strip().isdigit() and end.strip().isdigit() and int(end) >= int(start):
        return str(int(end) - int(start) + 1)
    return ""


def linked(data: Mapping[str, Any], ctx: Any) -> Linked:
    """The folder and catalogue named by the unit (inside its folder, or --allow-outside: else exit 2)."""
    folder = side_file(ctx, data["folder"], join(*SECTION, "folder"))
    catalog = side_file(ctx, data["catalog"], join(*SECTION, "catalog"))
    if not catalog.is_file():
        raise InventoryProblem(join(*SECTION, "catalog"), T("目录文件 {f} 不存在", "catalogue {f} not found").format(f=data["catalog"]))
    return Linked(folder, catalog, data["catalog"], data.get("key_column") or DEFAULT_KEY, data.get("pages_column") or DEFAULT_PAGES,
                  data)


def at_row(row: Row, message: T, **evidence: Any) -> tuple[T, Location, dict]:
    return message, row.location, {"档号": row.key, **evidence}


def findings_with_share(found: list[tuple[T, Location, dict]], total: int, dimension: str) -> Iterator[Finding]:
    """Findings each costing one row's share of the rule's points, tagged with their 四性 dimension."""
    share = 1 / total if total else 1.0
    for message, location, evidence in found:
        yield Finding("", message, location, {**evidence, "dimension": dimension}, share)
