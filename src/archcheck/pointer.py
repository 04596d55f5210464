"""JSON Pointers (RFC 6901): how findings say where in a unit description they point."""

from __future__ import annotations

from typing import Any

MISSING = object()


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def join(*parts: Any) -> str:
    """`join("funding", "years", 0)` -> "/funding/years/0"."""
    if not parts:
        return "/"
    tokens = list(map(str, parts))
    plain = "/".join(tokens)
    if "~" not in plain and plain.count("/") == len(tokens) - 1:  # nothing to escape: the usual case, and the fast one
        return "/" + plain
    return "".join(f"/{escape(t)}" for t in tokens)


def resolve(document: Any, pointer: str, default: Any = MISSING) -> Any:
    """The value at `pointer`, or `default` when any step is absent."""
    if pointer in ("", "/"):
        return document
    node = document
    for raw in pointer.lstrip("/").split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return default
    return node
