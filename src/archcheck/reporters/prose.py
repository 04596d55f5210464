"""Findings and remedies as sentences fit for a document the unit hands in.

Rule texts are written for the person editing the unit file: they name fields (`staff.liaisons`,
`（last_inspected）`), codes (`abc_powder`) and rule ids, which help there and mean nothing to an
inspector reading the 自查报告. The drafts pass every sentence through `prose`, which drops field
paths and rule ids, and names codes as the schema does; `cite` drops the verification notes a
`Basis` carries for maintainers. The table, JSON and SARIF outputs keep the original texts.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable, Mapping

from archcheck.model import Basis

_HAN = "\u4e00-\u9fff"
#: a field path or key as a user of the YAML writes it: staff.liaisons, equipment[].expires, rating_a
_PATH = r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?:\[\])?(?:\.[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?:\[\])?)+"
_IDENT = r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+"
_FIELD = rf"(?:{_PATH}|{_IDENT}|/[a-z_]+(?:/[a-z0-9_]+)+)"
_RULE_ID = re.compile(r"\s*[（(][^（）()]*(?<![A-Za-z0-9])[A-Z][A-Z]{1,7}\d{3}(?![0-9])[^（）()]*[）)]|(?<![A-Za-z0-9])[A-Z][A-Z]{1,7}\d{3}(?![0-9])\s*")
_IN_FIELD = re.compile(rf"(并)?在\s*{_FIELD}\s*中(的)?")
_PAREN = re.compile(r"（([^（）]*)）|\(([^()]*)\)")
_SEGMENT = re.compile(rf"[，,；]?[^，,。；（）()]*(?<![A-Za-z0-9_]){_FIELD}(?![A-Za-z0-9_])[^，,。；（）()]*")
_UNVERIFIED = re.compile(r"[（(][^（）()]*(?:未核实|未确认|未逐条核对|可配置)[^（）()]*[）)]")
_NOTE_WORDS = ("未核实", "未确认", "未逐条核对")


@lru_cache(maxsize=2)
def _code_names(lang: str) -> dict[str, str]:
    from archcheck.enums import code_names
    from archcheck.schemas import unit_schema

    return {code: name for code, name in code_names(unit_schema(), lang).items() if re.fullmatch(r"[a-z][a-z0-9_]*", code)}


@lru_cache(maxsize=1)
def _enum_paths() -> frozenset[str]:
    from archcheck.enums import enum_fields
    from archcheck.schemas import unit_schema

    return frozenset(f.path for f in enum_fields(unit_schema()))


@lru_cache(maxsize=1)
def _field_names() -> frozenset[str]:
    """Every property name of the unit schema (agent, expires …): a bracket holding only one is a field hint."""
    from archcheck.schemas import unit_schema

    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            names.update(k for k in node.get("properties", {}) if re.fullmatch(r"[a-z][a-z0-9_]*", k))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(unit_schema())
    return frozenset(names)


def user_words(data: Mapping[str, Any] | None) -> frozenset[str]:
    """The free strings of a unit description (ids, names, titles): never taken for codes."""
    if not data:
        return frozenset()
    enum_paths, found = _enum_paths(), set()

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                walk(child, f"{path}/{key}")
        elif isinstance(value, list):
            for child in value:
                walk(child, f"{path}[]")
        elif isinstance(value, str) and path not in enum_paths:
            found.add(value)

    walk(data, "")
    return frozenset(found)


def _names(text: str, lang: str, keep: Iterable[str]) -> str:
    names, keep = _code_names(lang), set(keep)

    def name(match: re.Match[str]) -> str:
        word = match.group(0)
        return names[word] if word in names and word not in keep else word

    return re.sub(r"(?<![A-Za-z0-9_./\[-])[a-z][a-z0-9_]*(?![A-Za-z0-9_\[])", name, text)


def names(text: str, lang: str = "zh", keep: Iterable[str] = ()) -> str:
    """Only the codes named (abc_powder → ABC干粉), paths kept: for outputs read beside the YAML file."""
    return _names(text, lang, keep)


def _drop_field_parens(text: str) -> str:
    """Drop a bracket that only names fields: （last_inspected）, （protection.measures 中的 x_y）."""
    def keep_or_drop(match: re.Match[str]) -> str:
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        if inner.strip() in _field_names():
            return ""
        if not re.search(_FIELD, inner):
            return match.group(0)
        rest = re.sub(_FIELD, "", inner)
        return "" if len(re.findall(f"[{_HAN}]", rest)) <= 4 and not re.search(r"[A-Za-z]{2,}", rest) else match.group(0)

    return _PAREN.sub(keep_or_drop, text)


def prose(text: str, lang: str = "zh", keep: Iterable[str] = ()) -> str:
    """A rule's message or remedy without rule ids, field paths or codes; `keep` are the unit's own words."""
    keep = set(keep)
    text = _RULE_ID.sub("", text)
    text = _drop_field_parens(text)
    if lang != "en":
        text = _IN_FIELD.sub(lambda m: "并" if m.group(1) else "", text)
    text = _names(text, lang, keep)
    if lang != "en":
        def drop(match: re.Match[str]) -> str:
            words = set(re.findall(_FIELD, match.group(0)))
            return match.group(0) if words <= keep else ""

        text = _SEGMENT.sub(drop, text)
        text = re.sub(f"(?<=[{_HAN}，。；、：）]) +(?=[{_HAN}（“])", "", text)
        text = re.sub(f"(?<=[{_HAN}]) +(?=[{_HAN}])", "", text)
        text = re.sub(r"（\s*）|\(\s*\)", "", text)
        text = re.sub(r"[，,]\s*([。；])", r"\1", text).replace("，，", "，")
    return re.sub(r"  +", " ", text).strip()


def cite(basis: Basis) -> str:
    """The clause a rule rests on, as a document cites it: no maintainers' verification notes."""
    clause = _UNVERIFIED.sub("", basis.clause).strip()
    if any(word in clause for word in _NOTE_WORDS):
        clause = ""
    document = basis.document + (f"（{basis.number}）" if basis.number else "")
    return " ".join(part for part in (document, clause) if part)
