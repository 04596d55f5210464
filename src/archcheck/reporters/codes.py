"""Human labels for the unit schema's enum codes, read from the schema's own bilingual descriptions.

The schema documents every code as "取值：store=档案库房；… / Codes: store = archive store; …", so
reporters name equipment, rooms and roles exactly as the schema does, in either language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from archcheck.model import Text
from archcheck.schemas import schema

_ZH = re.compile(r"取值：(.*?)。\s*/")
_EN = re.compile(r"Codes: (.*?)\.?\s*$")


@lru_cache(maxsize=None)
def _labels(pointer: str) -> dict[str, Text]:
    node: Any = schema("unit")
    for part in pointer.strip("/").split("/"):
        node = node[part]
    description = node.get("description", "")
    zh_part, _, en_part = description.partition(" / ")
    zh_match, en_match = _ZH.search(description), _EN.search(en_part)
    zh = dict(item.split("=", 1) for item in zh_match.group(1).split("；") if "=" in item) if zh_match else {}
    en = dict(item.split(" = ", 1) for item in en_match.group(1).split("; ") if " = " in item) if en_match else {}
    return {code: Text(zh.get(code, code), en.get(code, zh.get(code, code))) for code in {*zh, *en}}


def label(pointer: str, code: Any) -> Text:
    """The label of `code` for the enum at `pointer` (e.g. "$defs/room_kind"); the code itself if unknown."""
    try:
        found = _labels(pointer).get(str(code))
    except (KeyError, TypeError):
        found = None
    return found or Text(str(code), str(code))


ROOM = "$defs/room_kind"
EQUIPMENT = "properties/equipment/items/properties/kind"
UNIT_KIND = "properties/unit/properties/kind"
LEADER = "$defs/leader_role"
REGULATION = "properties/regulations/items/properties/kind"
SCHEME = "properties/filing/properties/classification/properties/scheme"
ARRANGEMENT = "properties/filing/properties/arrangement_unit"
