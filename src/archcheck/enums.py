"""The unit schema's enum codes and their names, and Chinese-first input.

The schema documents each code in the description of the field (or of the `$defs` entry it refers
to, or of the list that holds it): "取值：store=档案库房；… / Codes: store = archive store; …". This
module reads those lists once for the whole schema, so that a unit file may say `乡镇` or `是` where
the schema wants `township` or `true`, and so that documents and the app can show names, not codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from archcheck.model import Text

_ZH = re.compile(r"取值：(.*?)。\s*(?:/|$)")
_EN = re.compile(r"Codes: (.*?)\.?\s*$")

#: what a Chinese typist writes for true/false
BOOLEAN_NAMES = {"是": True, "否": False, "有": True, "无": False, "对": True, "错": False,
                 "√": True, "×": False, "真": True, "假": False}


def parse_codes(description: str) -> dict[str, Text]:
    """{code: Text(中文名, English name)} from a bilingual description; {} when it lists none."""
    zh_part, _, en_part = description.partition(" / ")
    zh_match, en_match = _ZH.search(zh_part + " /"), _EN.search(en_part)
    zh = dict(item.split("=", 1) for item in zh_match.group(1).split("；") if "=" in item) if zh_match else {}
    en = dict(item.split(" = ", 1) for item in en_match.group(1).split("; ") if " = " in item) if en_match else {}
    return {code.strip(): Text(zh.get(code, code).strip(), en.get(code, zh.get(code, code)).strip())
            for code in {*zh, *en}}


def resolve(schema: Mapping[str, Any], node: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """The node with its `$ref` target merged under it, and the target's description (for its code list)."""
    node = dict(node)
    ref = node.pop("$ref", None)
    target_description = ""
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = schema
        for part in ref[2:].split("/"):
            target = target[part]
        merged, inner = resolve(schema, target)
        target_description = merged.get("description", "") + " " + inner
        node = {**merged, **node}
    return node, target_description


def labels_of(node: Mapping[str, Any], *descriptions: str) -> dict[str, Text]:
    """The names of an enum node's codes: its own description first, then the ones given (ref target, list)."""
    codes = [c for c in node.get("enum", ()) if isinstance(c, str)]
    if not codes:
        return {}
    found: dict[str, Text] = {}
    for description in (node.get("description", ""), *descriptions):
        for code, text in parse_codes(description or "").items():
            if code in codes:
                found.setdefault(code, text)
    return {c: found.get(c, Text(c, c)) for c in codes}


@dataclass(frozen=True)
class EnumField:
    path: str  # "/rooms[]/kind"
    title: str
    labels: Mapping[str, Text]


def enum_fields(schema: Mapping[str, Any]) -> Iterator[EnumField]:
    """Every enum in the schema, with its instance path (lists as `[]`) and its codes' names."""
    def walk(node: Mapping[str, Any], path: str, outer: str, title: str) -> Iterator[EnumField]:
        node, inner = resolve(schema, node)
        title = node.get("title", title)
        if "enum" in node:
            yield EnumField(path or "/", title, labels_of(node, inner, outer))
        if node.get("type") == "object" or "properties" in node:
            for key, child in node.get("properties", {}).items():
                yield from walk(child, f"{path}/{key}", "", key)
        if node.get("type") == "array" and isinstance(node.get("items"), Mapping):
            yield from walk(node["items"], f"{path}[]", node.get("description", "") + " " + inner, title)

    yield from walk(schema, "", "", "")


def aliases(labels: Mapping[str, Text]) -> dict[str, str]:
    """Chinese names a user may type for each code: the full name, and the name before its bracket
    ("用水房间（水房、开水间等）" → "用水房间"); an alias two codes share is dropped."""
    seen: dict[str, set[str]] = {}
    for code, text in labels.items():
        names = {text.zh, re.split(r"[（(]", text.zh)[0].strip()}
        for name in names:
            if name and name != code:
                seen.setdefault(name, set()).add(code)
    return {name: next(iter(codes)) for name, codes in seen.items() if len(codes) == 1}


@dataclass(frozen=True)
class Replacement:
    pointer: str
    before: str
    after: Any


def normalise(document: Any, schema: Mapping[str, Any]) -> tuple[Any, list[Replacement]]:
    """Replace Chinese names by codes and 是/否 by booleans where the schema wants them, and drop keys
    left empty (`key:` with nothing after it, as when every line under it was deleted), before validation.

    Only values the schema would reject are touched: a code stays a code, and a string field that is
    not an enum is never changed. Returns the new document and what was replaced (pointer, before, after).
    """
    from archcheck.pointer import join

    replaced: list[Replacement] = []

    def walk(value: Any, node: Mapping[str, Any], parts: tuple, outer: str) -> Any:
        node, inner = resolve(schema, node)
        if isinstance(value, str):
            if "enum" in node and value not in node["enum"]:
                wanted = value.strip()
                names = aliases(labels_of(node, inner, outer))
                code = wanted if wanted in node["enum"] else names.get(wanted)
                if code is not None:
                    replaced.append(Replacement(join(*parts), value, code))
                    return code
            kinds = node.get("type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if "boolean" in kinds and "string" not in kinds and value.strip() in BOOLEAN_NAMES:
                result = BOOLEAN_NAMES[value.strip()]
                replaced.append(Replacement(join(*parts), value, result))
                return result
            return value
        if isinstance(value, dict):
            props = node.get("properties", {})
            out = {}
            for k, v in value.items():
                if k in props and _emptied(v, props[k]):
                    replaced.append(Replacement(join(*parts, k), "", None))  # `key:` left empty: not given
                    continue
                out[k] = walk(v, props[k], (*parts, k), "") if k in props else v
            return out
        if isinstance(value, list) and isinstance(node.get("items"), Mapping):
            description = node.get("description", "") + " " + inner
            if any(v is None for v in value) and not _allows_null(node["items"]):
                value = [v for v in value if v is not None]  # `- ` left empty (all its lines deleted)
            return [walk(v, node["items"], (*parts, i), description) for i, v in enumerate(value)]
        return value

    def _emptied(value: Any, child: Mapping[str, Any]) -> bool:
        """`key:` with nothing after it, or a list whose every `- ` entry was left empty."""
        if value is None:
            return not _allows_null(child)
        if isinstance(value, list) and value and all(v is None for v in value):
            child, _ = resolve(schema, child)
            return isinstance(child.get("items"), Mapping) and not _allows_null(child["items"])
        return False

    def _allows_null(child: Mapping[str, Any]) -> bool:
        child, _ = resolve(schema, child)
        kinds = child.get("type")
        return kinds == "null" or (isinstance(kinds, list) and "null" in kinds) or not kinds

    result = walk(document, schema, (), "")
    return result, replaced


def code_names(schema: Mapping[str, Any], lang: str = "zh") -> dict[str, str]:
    """{code: name} over every enum of the schema, for prose; a code two enums name differently keeps
    the name of the first field that lists it (schema order)."""
    names: dict[str, str] = {}
    for field in enum_fields(schema):
        for code, text in field.labels.items():
            if text.get(lang) != code:
                names.setdefault(code, text.get(lang))
    return names
