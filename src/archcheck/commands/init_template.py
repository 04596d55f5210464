"""`archcheck init`: a commented YAML template of the whole unit description, generated from the schema.

Comments come from each property's Chinese title and description, so the template never drifts from
the schema; example values are chosen to validate (a few are set by hand where a generic value would be
meaningless, e.g. room ids that equipment refers to).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Mapping

#: keys present in every object; described once in the header instead of at every level
SKIPPED = {"notes", "$schema", "extensions"}
#: paths to other files: left commented out, since a template cannot point at a file that exists
COMMENTED = {"/climate_log/csv", "/filing/catalog_export"}
#: lists where "none" is the natural example (an empty list is itself evidence: no incidents, no neighbours)
EMPTY = {"/rooms[]/shares_space_with", "/rooms[]/adjacent_to", "/security/incidents", "/legal/violations"}
DEPARTMENT = "办公室"
EXAMPLES: dict[str, Any] = {
    "/unit/name": "某县某镇人民政府档案室",
    "/unit/region": "某省 某市 某县",
    "/unit/address": "某县某镇人民路1号",
    "/unit/fonds_code": "Z001",
    "/organisation/responsible_department": DEPARTMENT,
    "/rooms[]/id": "store",
    "/rooms[]/area_m2": 40,
    "/rooms[]/floor": 2,
    "/rooms[]/building_floors": 4,
    "/rooms[]/cabinet_wall_gap_cm": 10,
    "/rooms[]/cabinet_aisle_cm": 80,
    "/rooms[]/direct_sunlight": False,
    "/rooms[]/unrelated_items_stored": False,
    "/rooms[]/water_pipes": False,
    "/unit/admin_level": "county",
    "/grading/upgrade_pending": False,
    "/equipment[]/room": "store",
    "/climate_log/readings[]/room": "store",
    "/climate_log/readings[]/temperature_c": 20,
    "/climate_log/readings[]/humidity_pct": 55,
    "/climate_log/readings_per_day": 2,
    "/holdings/planned_years": 15,
    "/filing/deadline": "06-30",
    "/electronic/protection_level": 2,
    "/retention/codes_in_use": ["Y", "D30", "D10"],
    "/funding/years[]/amount_yuan": 10000,
}

HEADER = """\
# archcheck 单位描述模板 / unit description template
# 由 `archcheck init` 根据单位描述模式（archcheck schema unit）生成。
# 用法：把示例值改成本单位的实际情况，然后运行 `archcheck check {file}`。
# - 不知道或没有证据的字段整行删除：缺失表示“未提供证据”，会单独报告，不会当作符合。
# - 列出的用房（rooms）、设备（equipment）、制度（regulations）视为全部；没列出的按没有处理。
# - 每个对象都可加 notes（备注），检查程序不解读；插件数据放在 extensions 下。
# - 日期写 YYYY-MM-DD；代码取值见各字段注释中的“取值”。
"""


def _zh(text: str) -> str:
    """The Chinese half of a bilingual 'zh / en' description."""
    return text.split(" / ")[0].strip()


class _Writer:
    def __init__(self, schema: Mapping[str, Any], as_of: dt.date):
        self.schema = schema
        self.as_of = as_of
        self.lines: list[str] = []

    def resolve(self, node: Mapping[str, Any]) -> dict[str, Any]:
        """Merge a `$ref` target under the referring node (the node's title/description win)."""
        node = dict(node)
        ref = node.pop("$ref", None)
        if ref:
            target = self.schema
            for part in ref.lstrip("#/").split("/"):
                target = target[part]
            node = {**self.resolve(target), **node}
        return node

    def comment(self, node: Mapping[str, Any], indent: str) -> None:
        title, description = node.get("title", ""), _zh(node.get("description", ""))
        text = f"{title}：{description}" if title and description and description != title else title or description
        if text:
            self.lines.append(f"{indent}# {text}")

    def example(self, path: str, node: Mapping[str, Any]) -> Any:
        """A scalar (or scalar list) value that validates against `node`."""
        if path in EXAMPLES:
            return EXAMPLES[path]
        if path in EMPTY:
            return []
        if "const" in node:
            return node["const"]
        if "enum" in node:
            return node["enum"][0]
        kind = node.get("type")
        if kind == "boolean":
            return True
        if kind == "array":
            return [self.example(path + "[]", self.resolve(node.get("items", {})))]
        if kind in ("integer", "number"):
            if node.get("title") == "年度" or path.endswith("/year"):
                return self.as_of.year - 1
            return max(1, node.get("minimum", 1))
        if node.get("format") == "date" or "\\d{4}-\\d{2}-\\d{2}" in node.get("pattern", ""):
            return self.as_of.isoformat() if path == "/as_of" else f"{self.as_of.year - 1}-06-30"
        if node.get("title") == "部门名称":
            return DEPARTMENT
        return node.get("title", "示例")

    def value(self, path: str, node: Mapping[str, Any], indent: str, key: str) -> None:
        node = self.resolve(node)
        self.comment(node, indent)
        prefix = "# " if path in COMMENTED else ""
        if node.get("type") == "object" and "properties" in node:
            self.lines.append(f"{indent}{key}:")
            self.properties(path, node, indent + "  ")
        elif node.get("type") == "array" and self.resolve(node.get("items", {})).get("type") == "object" and path not in EMPTY:
            self.lines.append(f"{indent}{key}:")
            item = self.resolve(node["items"])
            self.lines.append(f"{indent}  - # {item.get('title', '')}")
            self.properties(path + "[]", item, indent + "    ")
        else:
            self.lines.append(f"{indent}{prefix}{key}: {json.dumps(self.example(path, node), ensure_ascii=False)}")

    def properties(self, path: str, node: Mapping[str, Any], indent: str) -> None:
        for key, child in node.get("properties", {}).items():
            if key in SKIPPED:
                continue
            self.value(f"{path}/{key}", child, indent, key)


def render(schema: Mapping[str, Any], as_of: dt.date, file_name: str = "unit.yaml") -> str:
    """The whole commented template as YAML text."""
    writer = _Writer(schema, as_of)
    writer.lines.append(HEADER.format(file=file_name).rstrip("\n"))
    writer.lines.append("")
    for key, child in schema.get("properties", {}).items():
        if key in SKIPPED:
            continue
        writer.value(f"/{key}", child, "", key)
        if writer.resolve(child).get("type") in ("object", "array"):
            writer.lines.append("")
    return "\n".join(writer.lines).rstrip("\n") + "\n"
