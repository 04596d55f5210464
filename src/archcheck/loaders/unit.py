"""Read a unit description (JSON or YAML) and validate it, or explain exactly what is wrong.

Every problem names the file and either the line/column (syntax) or the JSON path (schema), in
Chinese and English. Nothing here writes to the input.
"""

from __future__ import annotations

import difflib
import json
import math
from pathlib import Path
from typing import Any, Iterator, Mapping

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from archcheck.errors import InputError, Problem
from archcheck.model import Text
from archcheck.pointer import escape, join

MAX_BYTES = 64 * 1024 * 1024
MAX_PROBLEMS = 50


class _StringDateLoader(yaml.SafeLoader):
    """YAML loader that keeps dates as strings, as in the JSON form (the schema expects strings)."""


_StringDateLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


def _fail(path: Path, where: str, zh: str, en: str, **values: Any) -> InputError:
    return InputError([Problem(str(path), where, Text(zh, en).format(**values))])


def read_document(path: Path) -> Any:
    """Parse the file as YAML (.yaml/.yml) or JSON, rejecting what JSON itself would not allow."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _fail(path, "", "文件不存在", "file not found") from None
    except OSError as exc:
        raise _fail(path, "", "无法读取文件：{e}", "cannot read file: {e}", e=exc.strerror or exc) from None
    if len(raw) > MAX_BYTES:
        raise _fail(path, "", "文件超过 {n} MiB 上限", "file is larger than the {n} MiB limit", n=MAX_BYTES // 2**20)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(path, "", "文件是 UTF-16 编码，请另存为 UTF-8", "file is UTF-16; save it as UTF-8")
    try:
        text = raw.decode("utf-8-sig")  # a UTF-8 BOM (as Notepad writes) is tolerated
    except UnicodeDecodeError as exc:
        raise _fail(
            path, f"byte {exc.start}", "不是有效的 UTF-8 文本", "not valid UTF-8 text"
        ) from None
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            return _parse_yaml(path, text)
        return _parse_json(path, text)
    except RecursionError:
        raise _fail(path, "", "嵌套层级过深", "nesting is too deep") from None


def _parse_json(path: Path, text: str) -> Any:
    def no_constants(name: str) -> Any:
        raise ValueError(f"{name} is not valid JSON")

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen = dict(pairs)  # fast path; only a shorter dict means a repeated key
        if len(seen) != len(pairs):
            keys = [key for key, _ in pairs]
            raise ValueError(f"duplicate key {next(k for k in keys if keys.count(k) > 1)!r}")
        return seen

    try:
        return json.loads(text, parse_constant=no_constants, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise _fail(
            path, f"{exc.lineno}:{exc.colno}", "JSON 语法错误：{msg}", "JSON syntax error: {msg}", msg=exc.msg
        ) from None
    except ValueError as exc:
        raise _fail(path, "", "JSON 内容无效：{msg}", "invalid JSON: {msg}", msg=exc) from None


def _parse_yaml(path: Path, text: str) -> Any:
    try:
        data = yaml.load(text, Loader=_StringDateLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise _fail(path, where, "YAML 语法错误：{msg}", "YAML syntax error: {msg}", msg=exc.problem or exc) from None
    except yaml.YAMLError as exc:
        raise _fail(path, "", "YAML 内容无效：{msg}", "invalid YAML: {msg}", msg=exc) from None
    for pointer, value in _walk(data):
        if isinstance(value, float) and not math.isfinite(value):
            raise _fail(path, pointer, "数值 {v} 无效（不允许 NaN/无穷大）", "number {v} is not allowed (NaN/Infinity)", v=value)
        if not isinstance(value, (dict, list, str, int, float, bool, type(None))):
            raise _fail(path, pointer, "不支持的 YAML 值类型 {t}", "unsupported YAML value of type {t}", t=type(value).__name__)
    return data


def _walk(value: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    yield pointer or "/", value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _walk(child, f"{pointer}/{escape(str(key))}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, f"{pointer}/{index}")


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
        return Text("应为{zh}，实际为 {v}", "expected {en}, got {v}").format(
            zh="或".join(_TYPE_NAMES.get(n, n) for n in names), en=" or ".join(names), v=shown
        )
    if kind == "required":
        missing = [k for k in expected if isinstance(instance, dict) and k not in instance]
        return Text("缺少必填字段：{k}", "missing required field: {k}").format(k=", ".join(missing))
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extras = [k for k in instance if k not in allowed] if isinstance(instance, dict) else []
        hints = []
        for extra in extras:
            close = difflib.get_close_matches(extra, allowed, n=1)
            hints.append(f"{extra}" + (f" (→ {close[0]}?)" if close else ""))
        return Text("未知字段：{k}", "unknown field: {k}").format(k=", ".join(hints))
    if kind in ("enum", "const"):
        values = expected if kind == "enum" else [expected]
        return Text("取值 {v} 无效，应为：{ok}", "value {v} is not allowed; expected one of: {ok}").format(
            v=shown, ok=", ".join(map(str, values))
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
    document = read_document(path)
    if not isinstance(document, dict):
        raise _fail(path, "/", "顶层应为对象（字段: 值）", "the top level must be an object (key: value)")
    validate(path, document, schema)
    return document
