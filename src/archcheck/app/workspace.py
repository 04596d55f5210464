"""Opening and saving unit descriptions for the app, only inside the folder it was started in.

A YAML file is saved through ruamel.yaml's round trip, merged value by value into what is on disk,
so the comments and layout of a hand-written file (the seed quotes its source beside each value)
survive an edit in the browser; a JSON file is written as indented JSON.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path
from typing import Any

from archcheck.errors import InputError, Problem
from archcheck.model import Text

SUFFIXES = (".yaml", ".yml", ".json")
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".hypothesis", ".pytest_cache"}
MAX_LISTED = 500


class OutsideRoot(InputError):
    """A path that leaves the folder the app was started in (or is not a unit description)."""


def _refuse(name: str, zh: str, en: str) -> OutsideRoot:
    return OutsideRoot([Problem(name, "", Text(zh, en))])


def inside(root: Path, name: str, suffixes: tuple[str, ...] = SUFFIXES) -> Path:
    """`name` (relative to root) as a path that stays under root after resolving links, or refuse."""
    if not name or "\x00" in name or Path(name).is_absolute() or name.startswith(("/", "\\")):
        raise _refuse(name, "只能打开本文件夹内的文件", "only files inside the app's folder can be used")
    path = (root / name).resolve()
    try:
        path.relative_to(root.resolve())
    except ValueError:
        raise _refuse(name, "只能打开本文件夹内的文件", "only files inside the app's folder can be used") from None
    if path.suffix.lower() not in suffixes:
        raise _refuse(name, "文件类型不支持（应为 " + "、".join(suffixes) + "）",
                      "unsupported file type (expected " + ", ".join(suffixes) + ")")
    return path


def listing(root: Path) -> list[str]:
    """Unit descriptions under root (three levels deep), as relative POSIX paths."""
    found: list[str] = []
    base = root.resolve()
    for folder, dirs, files in os.walk(base):
        depth = len(Path(folder).relative_to(base).parts)
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith(".") and depth < 3)
        for name in sorted(files):
            if name.lower().endswith(SUFFIXES) and not name.startswith("."):
                found.append((Path(folder) / name).relative_to(base).as_posix())
                if len(found) >= MAX_LISTED:
                    return found
    return found


def _round_trip():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, (dt.date, dt.datetime)):
        return old.isoformat().replace("T", " ") == str(new).replace("T", " ") or old.isoformat() == str(new)
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new or (isinstance(old, bool) and isinstance(new, bool) and bool(old) == bool(new))
    return type(old) in (int, float, str) and old == new or (str(old) == str(new) and not isinstance(new, (dict, list)))


def merge(old: Any, new: Any) -> Any:
    """`new`, reusing the nodes of `old` (ruamel's, with their comments) wherever the value is unchanged."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            old[key] = merge(old[key], value) if key in old else value
        return old
    if isinstance(old, list) and isinstance(new, list):
        for index, value in enumerate(new):
            if index < len(old):
                old[index] = merge(old[index], value)
            else:
                old.append(value)
        del old[len(new):]
        return old
    if not isinstance(new, (dict, list)) and _same(old, new):
        return old
    return new


def dump(path: Path, data: Any) -> str:
    """The text to write for `data` at `path`: YAML merged into the file's own text, or JSON."""
    if path.suffix.lower() == ".json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    yaml = _round_trip()
    old: Any = None
    if path.exists():
        try:
            old = yaml.load(path.read_bytes().decode("utf-8-sig", errors="strict"))
        except Exception:  # noqa: BLE001 - a file we cannot round-trip is rewritten plainly
            old = None
    merged = merge(old, data) if isinstance(old, dict) else data
    buffer = io.StringIO()
    yaml.dump(merged, buffer)
    return buffer.getvalue()


def save(path: Path, data: Any) -> None:
    """Write atomically (a temporary file beside it, then rename), in UTF-8."""
    text = dump(path, data)
    temporary = path.with_name(f".{path.name}.archcheck-app.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def without_placeholders(document: Any) -> Any:
    """An `archcheck init` template as the form shows it: every 【待填写】 is simply not filled in
    (the form has its own "not filled in"), and what is left empty by that is dropped."""
    from archcheck.commands.init_template import PLACEHOLDER

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: walk(v) for k, v in node.items()}
            kept = {k: v for k, v in out.items() if v is not _GONE}
            return kept if kept or not node else _GONE
        if isinstance(node, list):
            out = [walk(v) for v in node]
            kept = [v for v in out if v is not _GONE]
            return kept if kept or not node else _GONE
        if isinstance(node, str) and PLACEHOLDER in node:
            return _GONE
        return node

    result = walk(document)
    return {} if result is _GONE else result


_GONE = object()
