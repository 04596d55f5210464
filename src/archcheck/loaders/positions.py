"""Where each value of a unit description stands in its file: JSON Pointer → (line, column), both 1-based.

Findings point into a unit with JSON Pointers; code-scanning dashboards want a line and a column. The
loader hands every unit a `SourcePositions` holding the text it parsed; the map is built from that text
the first time a reporter asks (SARIF), so a check that writes a table or JSON pays nothing for it.
Columns count Unicode code points (SARIF's `unicodeCodePoints`); lines end at \n, \r\n or \r only, as in
editors and on GitHub (libyaml also breaks lines at U+0085, U+2028 and U+2029, so YAML positions are
taken from its character offsets). A key's position is where the key is written (`  in_budget: false`
→ the column of `in_budget`); an array item's is where the item starts.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

from archcheck.pointer import escape

Position = tuple[int, int]

#: a JSON token: a string, a structural character, or a bare literal/number (whitespace falls between)
_JSON_TOKEN = r'"(?:[^"\\]|\\.)*"|[{}\[\]]|[^\s{}\[\],:"]+'
_NEWLINE = r"\r\n|\r|\n"
#: deeper than the loader accepts; bounds the walk over YAML aliases
_MAX_DEPTH = 200


class SourcePositions:
    """Positions of the values of one parsed document, computed on first use."""

    __slots__ = ("_text", "_kind", "_map")

    def __init__(self, text: str, kind: str):
        if kind not in ("json", "yaml"):
            raise ValueError(kind)
        self._text: str | None = text
        self._kind = kind
        self._map: dict[str, Position] | None = None

    @property
    def map(self) -> dict[str, Position]:
        if self._map is None:
            text, self._text = self._text or "", None
            self._map = dict(_json_positions(text) if self._kind == "json" else _yaml_positions(text))
        return self._map

    def locate(self, pointer: str) -> Position | None:
        """The position of `pointer`, or of its nearest ancestor present in the file (a finding about a
        missing field points at the object that lacks it); None when nothing is known."""
        positions = self.map
        if pointer in ("", "/"):
            return positions.get("")
        path = pointer
        while True:
            found = positions.get(path)
            if found is not None:
                return found
            if not path:
                return None
            path = path[: path.rfind("/")]

    def __getstate__(self) -> tuple[Any, ...]:
        return (self._text, self._kind, self._map)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self._text, self._kind, self._map = state


def _locator(text: str) -> Callable[[int], Position]:
    """Character offset → (line, column), 1-based."""
    import bisect
    import re

    line_starts = [0] + [m.end() for m in re.finditer(_NEWLINE, text)]

    def at(offset: int) -> Position:
        line = bisect.bisect_right(line_starts, offset)
        return line, offset - line_starts[line - 1] + 1

    return at


def _yaml_positions(text: str) -> Iterator[tuple[str, Position]]:
    import yaml

    from archcheck.loaders.yaml_safe import UnitYamlLoader

    root = yaml.compose(text, Loader=UnitYamlLoader)  # noqa: S506 - a SafeLoader subclass; nodes only
    if root is None:
        return
    at = _locator(text)
    yield "", at(root.start_mark.index)
    stack: list[tuple[str, Any, int]] = [("", root, 0)]
    while stack:
        pointer, node, depth = stack.pop()
        if depth > _MAX_DEPTH:
            continue
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                    continue
                child = f"{pointer}/{escape(key.value)}"
                yield child, at(key.start_mark.index)
                stack.append((child, value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = f"{pointer}/{index}"
                yield child, at(item.start_mark.index)
                stack.append((child, item, depth + 1))


def _json_positions(text: str) -> Iterator[tuple[str, Position]]:
    """A scan of text that `json.loads` accepted: tokens are trusted, only their places are wanted."""
    import json
    import re

    at = _locator(text)

    # one frame per open container: [pointer, is_object, next array index, expecting a key]
    frames: list[list[Any]] = []
    for match in re.finditer(_JSON_TOKEN, text):
        token = match.group()
        first = token[0]
        if first in "}]":
            frames.pop()
            continue
        if frames and frames[-1][1] and frames[-1][3]:  # a key
            frame = frames[-1]
            frame[3] = False
            key_pointer = f"{frame[0]}/{escape(json.loads(token))}"
            frame.append(key_pointer)
            yield key_pointer, at(match.start())
            continue
        # a value: its pointer, recorded at its start (an object member's was recorded at its key)
        if not frames:
            pointer = ""
            yield pointer, at(match.start())
        elif frames[-1][1]:
            frame = frames[-1]
            pointer = frame.pop()
            frame[3] = True
        else:
            frame = frames[-1]
            pointer = f"{frame[0]}/{frame[2]}"
            frame[2] += 1
            yield pointer, at(match.start())
        if first == "{":
            frames.append([pointer, True, 0, True])
        elif first == "[":
            frames.append([pointer, False, 0, False])
