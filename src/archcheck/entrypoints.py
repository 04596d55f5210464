"""Entry points of one group, read straight from the installed distributions' `*.dist-info` folders.

`importlib.metadata` answers the same question but costs ~20 ms of every run to import (it pulls in
the `email` package to parse metadata) — a tenth of a `check`. This reader follows its rules for the
usual layout (dist-info folders on sys.path, the first distribution of a name wins, the same
`entry_points.txt` syntax) and hands anything else (eggs, zipped paths, odd metadata) to
`importlib.metadata` itself.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import sys
from typing import Any


class Distribution:
    __slots__ = ("name", "version")

    def __init__(self, name: str, version: str):
        self.name, self.version = name, version


class EntryPoint:
    """What `importlib.metadata.EntryPoint` offers that the plugin loader uses: name, value, dist, load()."""

    __slots__ = ("name", "value", "dist")
    #: importlib.metadata's pattern; compiled (and cached by `re`) when a plugin is first loaded
    _PATTERN = r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$"

    def __init__(self, name: str, value: str, dist: Distribution):
        self.name, self.value, self.dist = name, value, dist

    def load(self) -> Any:
        match = re.match(self._PATTERN, self.value)
        if match is None:
            raise ValueError(f"malformed entry point value {self.value!r}")
        module = importlib.import_module(match.group("module"))
        attrs = filter(None, (match.group("attr") or "").split("."))
        return functools.reduce(getattr, attrs, module)


def entry_points(group: str) -> list[Any]:
    found = _scan(group)
    if found is None:
        from importlib.metadata import entry_points as from_metadata

        return list(from_metadata(group=group))
    return found


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _scan(group: str) -> list[EntryPoint] | None:
    """The group's entry points, or None when the layout is one this reader leaves to importlib.metadata."""
    seen: set[str] = set()
    found: list[EntryPoint] = []
    for entry in sys.path:
        path = entry or "."
        if path.lower().endswith(".egg"):
            return None
        try:
            children = os.listdir(path)
        except NotADirectoryError:
            return None  # a zip file on sys.path
        except OSError:
            continue
        for child in children:
            low = child.lower()
            if low.endswith(".egg-info"):
                return None
            if not low.endswith(".dist-info"):
                continue
            key = _normalise(low.rpartition(".")[0].partition("-")[0])
            if key in seen:
                continue
            seen.add(key)
            folder = os.path.join(path, child)
            pairs = _section(_read(os.path.join(folder, "entry_points.txt")), group)
            if not pairs:
                continue
            dist = _distribution(_read(os.path.join(folder, "METADATA")))
            if dist is None:
                return None
            found += [EntryPoint(name, value, dist) for name, value in pairs]
    return found


def _read(file: str) -> str:
    try:
        with open(file, encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return ""


def _section(text: str, group: str) -> list[tuple[str, str]]:
    """`name = value` pairs of `[group]`, parsed as importlib.metadata does (strip, skip blanks and # lines)."""
    pairs, current = [], None
    for line in map(str.strip, text.splitlines()):
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line.strip("[]")
        elif current == group:
            name, _, value = line.partition("=")
            pairs.append((name.strip(), value.strip()))
    return pairs


def _distribution(metadata: str) -> Distribution | None:
    """Name and Version from the METADATA headers (the first of each), None when either is missing."""
    headers: dict[str, str] = {}
    for line in metadata.splitlines():
        if not line.strip():
            break
        key, sep, value = line.partition(":")
        if sep and not line[0].isspace():
            headers.setdefault(key.strip().lower(), value.strip())
    if not headers.get("name") or "version" not in headers:
        return None
    return Distribution(headers["name"], headers["version"])
