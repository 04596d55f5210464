"""Validate a unit description against the unit schema, or explain exactly what is wrong.

Reading and parsing (JSON/YAML, hostile input) is `loaders.document`; every problem names the file
and either the line/column (syntax) or the JSON path (schema), in Chinese and English.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from archcheck.errors import InputError, Problem, did_you_mean, input_error
from archcheck.model import Text
from archcheck.loaders.document import read_document, read_located_document
from archcheck.loaders.positions import SourcePositions
from archcheck.pointer import join

if TYPE_CHECKING:  # jsonschema is imported only to explain an invalid file (~0.1 s of start-up otherwise)
    from jsonschema.exceptions import ValidationError

__all__ = ["explain", "load_located_unit", "load_unit", "read_document", "read_located_document", "validate"]

MAX_PROBLEMS = 50
#: what `archcheck init` writes where a fact must be filled in; a unit still holding it is refused
PLACEHOLDER = "【待填写】"


_COMPILED: dict[int, tuple[Mapping[str, Any], Any]] = {}


def _fast_validator(schema: Mapping[str, Any]) -> Any:
    """A compiled (Rust) validator for the schema, kept while the schema object lives; None if unavailable.

    Checking many units, the pure-Python validator dominated the run time (≈30 ms per unit); the
    compiled one only answers valid/invalid, and the Python one still explains every invalid file.
    """
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - the dependency is declared; keep working without it
        return None
    cached = _COMPILED.get(id(schema))
    if cached is None or cached[0] is not schema:
        if len(_COMPILED) > 8:
            _COMPILED.clear()
        cached = _COMPILED[id(schema)] = (schema, jsonschema_rs.validator_for(schema, validate_formats=True))
    return cached[1]


def validate(path: Path, document: Any, schema: Mapping[str, Any]) -> None:
    """Raise one InputError listing every schema violation with its JSON path."""
    fast = _fast_validator(schema)
    if fast is not None and fast.is_valid(document):
        return
    from jsonschema import Draft202012Validator, FormatChecker

    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    if errors:
        problems = [Problem(str(path), join(*e.absolute_path), explain(e)) for e in _leaves(errors)]
        raise InputError(problems[:MAX_PROBLEMS])


def _leaves(errors: list[ValidationError]) -> Iterator[ValidationError]:
    """Prefer the specific cause over a combinator's summary (anyOf/oneOf)."""
    for error in errors:
        if error.context:
            yield min(error.context, key=lambda e: len(list(e.absolute_path)) * -1)
        else:
            yield error


_TYPE_NAMES = {
    "object": "对象", "array": "数组", "string": "字符串", "integer": "整数",
    "number": "数字", "boolean": "布尔值（true/false）", "null": "空值",
}


def explain(error: ValidationError) -> Text:
    """A bilingual, actionable message for one schema violation."""
    kind, expected, instance = error.validator, error.validator_value, error.instance
    shown = json.dumps(instance, ensure_ascii=False)[:60]
    if kind == "type":
        names = expected if isinstance(expected, list) else [expected]
        text = Text("应为{zh}，实际为 {v}", "expected {en}, got {v}").format(
            zh="或".join(_TYPE_NAMES.get(n, n) for n in names), en=" or ".join(names), v=shown
        )
        if "object" in names and isinstance(instance, str) and re.match(r"^[\w\u4e00-\u9fff]+:\S", instance):
            text = Text(text.zh + "（冒号后缺少空格？应写成“字段: 值”）", text.en + " (no space after the colon? write 'key: value')")
        return text
    if kind == "required":
        missing = [k for k in expected if isinstance(instance, dict) and k not in instance]
        return Text("缺少必填字段：{k}", "missing required field: {k}").format(k=", ".join(missing))
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extras = [k for k in instance if k not in allowed] if isinstance(instance, dict) else []
        hints = []
        for extra in extras:
            close = did_you_mean(extra, allowed)
            hints.append(f"{extra}" + (f" (→ {close}?)" if close else ""))
        return Text("未知字段：{k}", "unknown field: {k}").format(k=", ".join(hints))
    if kind in ("enum", "const"):
        values = expected if kind == "enum" else [expected]
        from archcheck.enums import labels_of

        names = labels_of({"enum": values, "description": error.schema.get("description", "")}) if kind == "enum" else {}
        return Text("取值 {v} 无效，应为：{zh}", "value {v} is not allowed; expected one of: {en}").format(
            v=shown, zh="、".join(f"{names[c].zh}（{c}）" if c in names and names[c].zh != c else str(c) for c in values),
            en=", ".join(map(str, values)),
        )
    if kind in ("pattern", "format"):
        return Text("格式不符：{v}，应符合 {p}", "wrong format: {v}, expected {p}").format(
            v=shown, p="YYYY-MM-DD" if expected == "date" else expected
        )
    if kind in ("minimum", "exclusiveMinimum"):
        return Text("数值 {v} 过小，最小为 {m}", "value {v} is too small; minimum {m}").format(v=shown, m=expected)
    if kind in ("maximum", "exclusiveMaximum"):
        return Text("数值 {v} 过大，最大为 {m}", "value {v} is too large; maximum {m}").format(v=shown, m=expected)
    if kind in ("minItems", "maxItems", "minLength", "maxLength", "uniqueItems"):
        return Text("长度或重复项不符合要求（{k} = {m}）", "size or uniqueness not as required ({k} = {m})").format(
            k=kind, m=expected
        )
    return Text("不符合要求：{m}", "invalid: {m}").format(m=error.message)


def load_unit(path: Path, schema: Mapping[str, Any]) -> dict[str, Any]:
    """Read, parse and validate a unit description; raise InputError on any problem."""
    return load_located_unit(path, schema)[0]


def load_located_unit(path: Path, schema: Mapping[str, Any]) -> tuple[dict[str, Any], SourcePositions]:
    """`load_unit`, and the line and column of each value (for reports that locate findings by line)."""
    document, positions = read_located_document(path)
    if not isinstance(document, dict):
        raise input_error(path, "/", "顶层应为对象（字段: 值）", "the top level must be an object (key: value)")
    _refuse_placeholders(path, document)
    fast = _fast_validator(schema)
    if fast is None or not fast.is_valid(document):
        from archcheck.enums import normalise  # Chinese names for codes and 是/否 for booleans (only when invalid as written)

        document, _ = normalise(document, schema)
    validate(path, document, schema)
    return document, positions


def _refuse_placeholders(path: Path, document: Any) -> None:
    """An `archcheck init` placeholder left in the file is refused, each one by its path: an unedited
    template must not be checked as if it described the unit."""
    found: list[str] = []
    stack: list[tuple[tuple, Any]] = [((), document)]
    while stack:
        parts, node = stack.pop()
        if isinstance(node, dict):
            stack.extend(((*parts, k), v) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend(((*parts, i), v) for i, v in reversed(list(enumerate(node))))
        elif isinstance(node, str) and PLACEHOLDER in node:
            found.append(join(*parts))
    if found:
        message = Text(f"模板占位符“{PLACEHOLDER}”尚未修改：填写实际情况，或删除这一行（不知道的不填）",
                       f"the template placeholder '{PLACEHOLDER}' is still there: fill in the fact, or delete the line")
        problems = [Problem(str(path), where, message) for where in found[:MAX_PROBLEMS]]
        if len(found) > MAX_PROBLEMS:
            problems.append(Problem(str(path), "", Text(f"共有 {len(found)} 处“{PLACEHOLDER}”，以上列出前 {MAX_PROBLEMS} 处",
                                                        f"{len(found)} placeholders in all; the first {MAX_PROBLEMS} are listed")))
        raise InputError(problems)
