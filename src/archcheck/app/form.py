"""The questionnaire, generated from the unit schema: pages, a form schema and its uiSchema.

The browser's form library (react-jsonschema-form) draws whatever this returns, so a field added to
the schema, or a plugin's `extensions` fragment, appears without touching the app. What is done here:
`$ref`s are inlined, enums become a dropdown of Chinese names (`oneOf` of `const` + `title`), booleans
a 是/否 switch, lists of records a table, descriptions lose their English half and their code list.
"""

from __future__ import annotations

import copy
import re
from typing import Any, Mapping

from archcheck.enums import labels_of, resolve
from archcheck.model import Text

#: Which top-level sections of the description each inspection area asks about (the checklist's
#: areas read these; a section not listed lands on the page 其他 so nothing is hidden).
SECTION_AREAS: dict[str, tuple[str, ...]] = {
    "FUN": ("planning", "funding"),
    "ORG": ("organisation", "grading"),
    "STA": ("staff",),
    "REG": ("regulations",),
    "PRO": ("protection", "equipment", "climate_log"),
    "FAC": ("rooms", "holdings"),
    "PRJ": ("construction_projects",),
    "USE": ("utilisation",),
    "FIL": ("filing",),
    "RET": ("retention",),
    "TRN": ("training",),
    "LAW": ("security", "legal", "electronic", "statistics"),
}
BASIC = ("as_of", "unit", "notes")
#: kept in the file, never shown: fixed values and editor hints
HIDDEN = {"$schema", "schema_version"}
#: list fields whose table would be too wide to read: each entry is a card instead
CARDS_OVER = 7


def _zh(description: str) -> str:
    """The Chinese half of a bilingual description, without its code list (the dropdown shows names)."""
    from archcheck.reporters.prose import prose

    text = description.split(" / ")[0].strip()
    return prose(re.sub(r"取值：.*?。", "", text).strip())


class _Builder:
    def __init__(self, schema: Mapping[str, Any]):
        self.schema = schema

    def node(self, raw: Mapping[str, Any], outer: str = "") -> tuple[dict[str, Any], dict[str, Any]]:
        """(form schema, uiSchema) for one schema node."""
        node, inner = resolve(self.schema, raw)
        node = {k: v for k, v in node.items() if k not in ("$defs", "$id", "$schema", "additionalProperties")}
        ui: dict[str, Any] = {}
        description = node.get("description", "")
        labels = labels_of(node, inner, outer) if "enum" in node else {}
        if "description" in node:
            node["description"] = _zh(description)
            if not node["description"]:
                node.pop("description")
        if "enum" in node:
            node["oneOf"] = [{"const": code, "title": labels[code].zh if code in labels else str(code)} for code in node.pop("enum")]
            ui["ui:placeholder"] = "（请选择）"
        kinds = node.get("type")
        if kinds == "boolean":
            ui["ui:widget"] = "yesno"
        elif kinds == "object":
            props, order = {}, []
            for key, child in node.get("properties", {}).items():
                if key in HIDDEN:
                    continue
                props[key], child_ui = self.node(child)
                if key == "notes":
                    child_ui["ui:widget"] = "textarea"
                    child_ui["ui:options"] = {"rows": 2}
                if child_ui:
                    ui[key] = child_ui
                order.append(key)
            node["properties"] = props
            node["required"] = [r for r in node.get("required", []) if r in props]
            if not node["required"]:
                node.pop("required")
        elif kinds == "array":
            items, items_ui = self.node(node.get("items", {}), description + " " + inner)
            node["items"] = items
            if items.get("type") == "object":
                wide = len(items.get("properties", {})) > CARDS_OVER or any(
                    p.get("type") == "object" or (p.get("type") == "array" and p.get("items", {}).get("type") == "object")
                    for p in items.get("properties", {}).values())
                ui["ui:ArrayFieldTemplate"] = "cards" if wide else "table"
                if wide:
                    items_ui["ui:ObjectFieldTemplate"] = "card"
                    ui["ui:field"] = "list"
                else:
                    items_ui["ui:ObjectFieldTemplate"] = "row"
                    for key in items.get("properties", {}):
                        items_ui.setdefault(key, {})["ui:label"] = False
                    if "notes" in items_ui:
                        items_ui["notes"].pop("ui:widget", None)  # a one-line cell in a table
                        items_ui["notes"].pop("ui:options", None)
                ui["ui:field"] = "list"
                ui["items"] = items_ui
            elif "oneOf" in items and node.get("uniqueItems"):
                ui["ui:widget"] = "checkboxes"
                ui["ui:options"] = {"inline": True}
            elif items.get("type") == "string":
                ui["ui:field"] = "words"
            else:
                ui["items"] = items_ui
        if node.get("format") == "date-time":
            node.pop("format")
        return node, ui


def pages(areas: Mapping[str, Text], schema: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One page per inspection area in the checklist's order: its title, areas and sections."""
    present = set(schema.get("properties", {}))
    out: list[dict[str, Any]] = [{"id": "basic", "title": "单位基本情况", "areas": [], "sections": [s for s in BASIC if s in present]}]
    taken = set(BASIC) | HIDDEN | {"extensions"}
    plugin_areas = []
    for code, name in areas.items():
        sections = [s for s in SECTION_AREAS.get(code, ()) if s in present]
        if code not in SECTION_AREAS:
            plugin_areas.append(code)
            continue
        taken.update(sections)
        out.append({"id": code, "title": name.zh, "areas": [code], "sections": sections})
    extension_props = schema.get("properties", {}).get("extensions", {}).get("properties", {})
    if extension_props or plugin_areas:
        title = "、".join(areas[a].zh for a in plugin_areas) or "插件扩展"
        out.append({"id": "extensions", "title": title, "areas": plugin_areas,
                    "sections": ["extensions"] if extension_props else []})
    rest = [s for s in schema.get("properties", {}) if s not in taken]
    if rest:
        out.append({"id": "other", "title": "其他", "areas": [], "sections": rest})
    return out


def form(areas: Mapping[str, Text], schema: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the browser needs to draw the questionnaire."""
    builder = _Builder(copy.deepcopy(dict(schema)))
    properties, ui = {}, {}
    for key, child in schema.get("properties", {}).items():
        if key in HIDDEN:
            continue
        properties[key], child_ui = builder.node(child)
        if child_ui:
            ui[key] = child_ui
    ui.setdefault("climate_log", {}).setdefault("csv", {})["ui:widget"] = "csvupload"
    ui["notes"] = {"ui:widget": "textarea", "ui:options": {"rows": 3}}
    for key in ("unit", "as_of"):
        ui.setdefault(key, {})
    layout = pages(areas, schema)
    section_page = {s: p["id"] for p in layout for s in p["sections"]}
    return {
        "pages": layout,
        "properties": properties,
        "required": [r for r in schema.get("required", []) if r in properties],
        "ui": ui,
        "areas": {code: name.zh for code, name in areas.items()},
        "section_page": section_page,
    }
