"""`archcheck init`: a commented YAML template of the whole unit description, generated from the schema.

Comments come from each property's Chinese title and description, and every enum lists its values by
name and code, so the template never drifts from the schema. Values are placeholders (`【待填写】`)
that `archcheck check` refuses, naming each one, until they are filled in or their line deleted: an
unedited template must not score, and a kept example must not be taken for a fact. Sections that
record events (destructions, loans, projects, handovers …) are commented out, since most units have
none to report. Only the schema version and the audit date are filled in; the examples in the comments
(years, dates) follow `as_of`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Mapping

from archcheck.enums import labels_of, resolve
from archcheck.loaders.unit import PLACEHOLDER  # the loader refuses what the template writes

#: keys present in every object; described once in the header instead of at every level
SKIPPED = {"notes", "$schema", "extensions"}
#: paths to other files: left commented out, since a template cannot point at a file that exists
COMMENTED = {"/climate_log/csv", "/filing/catalog_export"}
#: lists of events most units have none of: the whole block is commented out, to uncomment when one happened
EVENTS = {
    "/retention/destructions", "/retention/appraisals", "/utilisation/loans", "/construction_projects",
    "/staff/handovers", "/organisation/reorganisations", "/filing/classification/changes",
    "/security/incidents", "/legal/violations",
}
#: said once above an event block
EVENT_NOTE = "# （以下为事件记录，没有发生过就保持注释；发生过的，去掉行首的“# ”后逐项填写）"
EMPTY_NOTE = {"/security/incidents": "没有发生过档案安全事故的，可写 incidents: []",
              "/legal/violations": "没有违反《档案法》的事件的，可写 violations: []"}
#: hints for fields whose form is not obvious, beside the schema's own description
HINTS = {
    "/rooms[]/id": "自定的用房编号，如“库房1”；设备、温湿度读数的“用房”写同一编号",
    "/equipment[]/room": "所在用房的编号（与“档案用房”中的编号一致）",
    "/climate_log/readings[]/room": "用房编号（与“档案用房”中的编号一致）",
}

HEADER = """\
# archcheck 单位描述模板 / unit description template
# 由 `archcheck init` 根据单位描述模式（archcheck schema unit）生成。
# 用法：把每个“{placeholder}”改成本单位的实际情况，然后运行 `archcheck check {file}`；
#       也可以运行 `archcheck app` 在浏览器中逐页填写。
# - 不知道或没有证据的字段整行删除：缺失表示“未提供证据”，会单独报告，不会当作符合。
#   留下的“{placeholder}”会被拒绝并逐处列出，以免把模板当作实际情况。
# - 是/否 字段填“是”或“否”；有取值列表的字段填中文名称或代码均可。
# - 列出的用房（rooms）、设备（equipment）、制度（regulations）视为全部；没列出的按没有处理。
# - 每个对象都可加 notes（备注），检查程序不解读；插件数据放在 extensions 下。
# - 日期写 YYYY-MM-DD（如 {example_date}）；冒号用英文“:”，后面加一个空格；缩进用空格，不用 Tab。
"""


def _zh(text: str) -> str:
    """The Chinese half of a bilingual 'zh / en' description, without its code list (listed apart)."""
    import re

    return re.sub(r"取值：.*?。", "", text.split(" / ")[0]).strip()


class _Writer:
    def __init__(self, schema: Mapping[str, Any], as_of: dt.date):
        self.schema = schema
        self.as_of = as_of
        self.lines: list[str] = []
        self.placeholders = 0

    def resolve(self, node: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
        return resolve(self.schema, node)

    def comment(self, path: str, node: Mapping[str, Any], inner: str, outer: str, indent: str) -> None:
        title, description = node.get("title", ""), _zh(node.get("description", ""))
        text = f"{title}：{description}" if title and description and description != title else title or description
        if text:
            self.lines.append(f"{indent}# {text}")
        choices = self.choices(node, inner, outer)
        if choices:
            self.lines.append(f"{indent}# {choices}")
        hint = self.hint(path, node)
        if hint:
            self.lines.append(f"{indent}# （{hint}）")

    def hint(self, path: str, node: Mapping[str, Any]) -> str:
        """How to write the value, with an example that fits `as_of`."""
        if path in HINTS:
            return HINTS[path]
        if path == "/as_of":
            return ""
        if node.get("type") == "integer" and (node.get("title") == "年度" or path.endswith("/year")):
            return f"四位年份，如 {self.as_of.year - 1}"
        pattern = node.get("pattern", "")
        if node.get("format") == "date" or pattern.startswith("^\\d{4}-\\d{2}-\\d{2}"):
            return f"日期，如 {self.as_of.replace(day=1).isoformat()}，不晚于自查日期 {self.as_of.isoformat()}"
        return ""

    def choices(self, node: Mapping[str, Any], inner: str, outer: str) -> str:
        """'取值：乡镇（township）、机关（agency）…' for an enum, or a list of them; '填 是 或 否' for a boolean."""
        if node.get("type") == "boolean":
            return "填“是”或“否”"
        target, many = node, False
        if node.get("type") == "array" and isinstance(node.get("items"), Mapping):
            target, item_inner = self.resolve(node["items"])
            inner, outer, many = item_inner, node.get("description", "") + " " + inner, True
        labels = labels_of(target, inner, outer)
        if not labels:
            return ""
        listed = "；".join(code if text.zh == code else f"{text.zh} [{code}]" if text.zh.endswith("）") else f"{text.zh}（{code}）"
                          for code, text in labels.items())
        return ("取值（可多选）：" if many else "取值：") + listed

    def example(self, path: str, node: Mapping[str, Any]) -> Any:
        """The fixed schema version and the audit date; the placeholder for everything else."""
        if "const" in node:
            return node["const"]
        if path == "/as_of":
            return self.as_of.isoformat()
        if node.get("type") == "array":
            item, _ = self.resolve(node.get("items", {}))
            return [self.example(path + "[]", item)]
        self.placeholders += 1
        return PLACEHOLDER

    def value(self, path: str, raw: Mapping[str, Any], indent: str, key: str, outer: str = "") -> None:
        node, inner = self.resolve(raw)
        if path in EVENTS:
            start = len(self.lines)
            before = self.placeholders
            self._value(path, node, inner, outer, indent, key)
            self.placeholders = before  # commented out: nothing there to fill in
            block = [f"{indent}# {line[len(indent):]}" if line.strip() else line for line in self.lines[start:]]
            note = [f"{indent}{EVENT_NOTE.strip()}"]
            if path in EMPTY_NOTE:
                note.append(f"{indent}# （{EMPTY_NOTE[path]}）")
            self.lines[start:] = note + block
            return
        self._value(path, node, inner, outer, indent, key)

    def _value(self, path: str, node: dict[str, Any], inner: str, outer: str, indent: str, key: str) -> None:
        self.comment(path, node, inner, outer, indent)
        prefix = "# " if path in COMMENTED else ""
        items, _ = self.resolve(node.get("items", {})) if node.get("type") == "array" else ({}, "")
        if node.get("type") == "object" and "properties" in node:
            self.lines.append(f"{indent}{key}:")
            self.properties(path, node, indent + "  ")
        elif node.get("type") == "array" and items.get("type") == "object":
            self.lines.append(f"{indent}{key}:")
            self.lines.append(f"{indent}  - # {items.get('title', '')}")
            self.properties(path + "[]", items, indent + "    ")
        else:
            value = self.example(path, node)
            if prefix:
                self.placeholders -= 1 if value == PLACEHOLDER else 0
            self.lines.append(f"{indent}{prefix}{key}: {json.dumps(value, ensure_ascii=False)}")

    def properties(self, path: str, node: Mapping[str, Any], indent: str) -> None:
        for key, child in node.get("properties", {}).items():
            if key in SKIPPED:
                continue
            self.value(f"{path}/{key}", child, indent, key)


def render(schema: Mapping[str, Any], as_of: dt.date, file_name: str = "unit.yaml") -> str:
    """The whole commented template as YAML text."""
    return render_counted(schema, as_of, file_name)[0]


def render_counted(schema: Mapping[str, Any], as_of: dt.date, file_name: str = "unit.yaml") -> tuple[str, int]:
    """The template and how many placeholders it leaves to fill in."""
    writer = _Writer(schema, as_of)
    writer.lines.append(HEADER.format(file=file_name, placeholder=PLACEHOLDER, example_date=as_of.isoformat()).rstrip("\n"))
    writer.lines.append("")
    for key, child in schema.get("properties", {}).items():
        if key in SKIPPED:
            continue
        writer.value(f"/{key}", child, "", key)
        if writer.resolve(child)[0].get("type") in ("object", "array"):
            writer.lines.append("")
    return "\n".join(writer.lines).rstrip("\n") + "\n", writer.placeholders
