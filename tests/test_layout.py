"""The layout holds: built-in checkers are ordinary plugins (they import only what a third-party plugin
may), no two modules share a stem with two meanings, and no module imports in a circle."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "archcheck"
#: what a third-party plugin may import from archcheck: the contract and the unit-data accessors
PLUGIN_FACE = ("archcheck.api", "archcheck.unitdata")


def imports(path: Path) -> set[str]:
    """The archcheck modules a file imports (absolute imports, at any depth in the file)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "archcheck" or name.startswith("archcheck.")}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_built_in_checkers_import_only_what_a_plugin_may():
    offenders = {}
    for path in sorted((SRC / "checkers").rglob("*.py")):
        wrong = sorted(m for m in imports(path) if not (m in PLUGIN_FACE or m == "archcheck.checkers" or m.startswith("archcheck.checkers.")))
        if wrong:
            offenders[str(path.relative_to(SRC))] = wrong
    assert offenders == {}


def test_no_two_modules_share_a_stem():
    """`batch.py` for many units beside `catalog/batch.py` for a block of records read as one thing."""
    stems = defaultdict(list)
    for path in SRC.rglob("*.py"):
        if path.name != "__init__.py":
            stems[path.stem].append(str(path.relative_to(SRC)))
    assert {stem: paths for stem, paths in stems.items() if len(paths) > 1} == {}


def test_no_import_circle_between_modules():
    graph = {}
    for path in SRC.rglob("*.py"):
        graph[module_name(path)] = {m for m in imports(path)}
    known = set(graph)

    def resolve(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    edges = {m: {r for n in targets if (r := resolve(n)) and r != m and not m.startswith(r + ".")} for m, targets in graph.items()}
    circles = []
    for start in edges:
        stack, seen = [(start, [start])], set()
        while stack:
            node, trail = stack.pop()
            for nxt in edges.get(node, ()):
                if nxt == start and len(trail) > 1:
                    circles.append(" -> ".join(trail + [start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, trail + [nxt]))
    # function-level imports break cycles at run time, but a circle is still two modules that cannot be read apart
    assert sorted(set(circles)) == []
