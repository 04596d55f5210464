"""Read a JSON or YAML file into plain data, refusing anything hostile with one clear message.

Each refusal names the file and where: line:column for syntax, a JSON Pointer for content. Limits
(size, nesting depth, array length) keep a malformed or malicious file from hanging the checker.
Nothing here writes to the input.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import yaml

from archcheck.errors import InputError, Problem, input_error
from archcheck.files import DOCUMENT_LIMIT, parse_limits, read_bytes
from archcheck.loaders.positions import SourcePositions
from archcheck.loaders.yaml_safe import AliasBomb, UnitYamlLoader
from archcheck.model import Text
from archcheck.pointer import escape

MAX_BYTES = DOCUMENT_LIMIT
#: Deeper than any unit description needs; far below Python's recursion limit.
MAX_DEPTH = 64
#: Longer than any hand-written list (hourly climate readings belong in climate_log.csv).
MAX_ARRAY_ITEMS = 20_000

_JSON_MESSAGES = {
    "Expecting value": Text("此处应为一个值", "a value was expected here"),
    "Expecting property name enclosed in double quotes": Text("此处应为双引号括起的字段名", "a field name in double quotes was expected here"),
    "Expecting ',' delimiter": Text("此处缺少逗号", "a ',' was expected here"),
    "Expecting ':' delimiter": Text("此处缺少冒号", "a ':' was expected here"),
    "Extra data": Text("JSON 已结束，后面还有多余内容", "extra data after the end of the JSON value"),
    "Unterminated string starting at": Text("字符串缺少结束引号", "a string is not closed"),
    "Invalid control character at": Text("字符串中有非法控制字符", "invalid control character in a string"),
    "Invalid \\escape": Text("无效的转义字符", "invalid escape sequence"),
}


def read_document(path: Path) -> Any:
    """Parse the file as YAML (.yaml/.yml) or JSON, rejecting what JSON itself would not allow."""
    return read_located_document(path)[0]


def read_located_document(path: Path) -> tuple[Any, SourcePositions]:
    """`read_document`, and where each value stands in the file (line and column per JSON Pointer)."""
    text = _read_text(path)
    kind = "yaml" if path.suffix.lower() in (".yaml", ".yml") else "json"
    if str(path) == "-":  # standard input has no suffix: JSON if it starts like JSON, else YAML
        kind = "json" if text.lstrip()[:1] in ("{", "[") else "yaml"
    try:
        data = _parse_yaml(path, text) if kind == "yaml" else _parse_json(path, text)
    except RecursionError:
        raise input_error(path, "", "嵌套层级过深（超过 {n} 层）", "nesting is too deep (more than {n} levels)", n=MAX_DEPTH) from None
    except ValueError as exc:  # an integer of more than 4,300 digits (Python's int-str limit)
        raise parse_limits(path, text, exc) from None
    check_shape(path, data)
    if _MAY_HOLD_SURROGATES.search(text):
        data = replace_surrogates(data)
    return data, SourcePositions(text, kind)


#: a lone surrogate can only come from an escape (JSON "\ud800", YAML "\ud800" or "\U0000d800")
_MAY_HOLD_SURROGATES = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F]")


def replace_surrogates(data: Any) -> Any:
    """`data` with every lone surrogate in a string (key or value) replaced by U+FFFD.

    UTF-8 cannot encode a lone surrogate, so one in a unit name would fail every report at its
    last step; replaced here, every format, fingerprint and baseline sees the same text.
    """
    from archcheck.reporters.sanitize import unicode_text

    if isinstance(data, str):
        return unicode_text(data)
    if isinstance(data, dict):
        return {unicode_text(k) if isinstance(k, str) else k: replace_surrogates(v) for k, v in data.items()}
    if isinstance(data, list):
        return [replace_surrogates(v) for v in data]
    return data


def _read_text(path: Path) -> str:
    raw = read_bytes(path, MAX_BYTES)  # regular files only, size checked before reading
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        raise input_error(path, "", "文件是 UTF-16 编码或二进制文件，请另存为 UTF-8 文本",
                   "file is UTF-16 or binary; save it as UTF-8 text")
    from archcheck.loaders.yaml_hints import decode_text

    text = decode_text(path, raw)  # UTF-8 (a BOM as Notepad writes is tolerated), else GB18030 as catalogues
    if not text.strip():
        raise input_error(path, "", "文件为空", "file is empty")
    return text


class _Duplicates(dict):
    """An object whose source repeated a key; found after parsing so the error can give its JSON path."""

    duplicate: str = ""


def _parse_json(path: Path, text: str) -> Any:
    def no_constants(name: str) -> Any:
        raise _Constant(name)

    repeated: list[_Duplicates] = []

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)  # fast path; only a shorter dict means a repeated key
        if len(result) == len(pairs):
            return result
        marked = _Duplicates(result)
        keys = [key for key, _ in pairs]
        marked.duplicate = next(k for k in keys if keys.count(k) > 1)
        repeated.append(marked)
        return marked

    try:
        data = json.loads(text, parse_constant=no_constants, object_pairs_hook=pairs_hook)
    except json.JSONDecodeError as exc:
        known = next((t for m, t in _JSON_MESSAGES.items() if exc.msg.startswith(m)), None)
        message = known or Text(exc.msg, exc.msg)
        raise input_error(path, f"{exc.lineno}:{exc.colno}", "JSON 语法错误：{problem_zh}", "JSON syntax error: {problem_en}",
                   problem_zh=message.zh, problem_en=message.en) from None
    except _Constant as exc:
        line, column = _locate_constant(text, exc.name)
        raise input_error(path, f"{line}:{column}", "数值 {v} 无效（JSON 不允许 NaN/Infinity）",
                   "{v} is not allowed (JSON has no NaN/Infinity)", v=exc.name) from None
    where, key = _find_duplicate(data) if repeated else ("", None)  # walk (for the path) only when a key repeats
    if key is not None:
        raise input_error(path, where, "字段 {k} 重复出现", "field {k} appears twice", k=json.dumps(key, ensure_ascii=False))
    return data


class _Constant(ValueError):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


def _locate_constant(text: str, name: str) -> tuple[int, int]:
    """Line and column of the first bare NaN/Infinity, skipping string contents."""
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)', text):
        if match.group(1) == name:
            line = text.count("\n", 0, match.start()) + 1
            return line, match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return 1, 1


def _find_duplicate(data: Any) -> tuple[str, str | None]:
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, _Duplicates):
            return pointer or "/", node.duplicate
        if isinstance(node, dict):
            stack.extend((f"{pointer}/{escape(str(k))}", v) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend((f"{pointer}/{i}", v) for i, v in reversed(list(enumerate(node))))
    return "", None


def _parse_yaml(path: Path, text: str) -> Any:
    loader = UnitYamlLoader(text)
    loader._may_alias = "&" in text and "*" in text
    try:
        return loader.get_single_data()
    except AliasBomb as exc:
        where = f"{exc.mark.line + 1}:{exc.mark.column + 1}" if exc.mark else ""
        if exc.recursive:
            raise input_error(path, where, "YAML 别名引用了自身（递归结构），不支持", "a YAML alias refers to itself (a recursive structure); not supported") from None
        raise input_error(path, where, "YAML 别名展开后有 {n} 个节点，远超文件本身的 {m} 个，拒绝读取（别名炸弹）",
                   "YAML aliases expand the document to {n} nodes from {m} written; refused (an alias bomb)",
                   n=exc.expanded, m=exc.written) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else ""
        from archcheck.loaders.yaml_hints import hint

        tip = hint(text, mark.line if mark else None)
        raise input_error(path, where, "YAML 语法错误：{msg}{tip_zh}", "YAML syntax error: {msg}{tip_en}", msg=exc.problem or exc,
                   tip_zh=f"。{tip.zh}" if tip else "", tip_en=f". {tip.en}" if tip else "") from None
    except yaml.YAMLError as exc:
        raise input_error(path, "", "YAML 内容无效：{msg}", "invalid YAML: {msg}", msg=exc) from None
    finally:
        loader.dispose()


def check_shape(path: Path, data: Any) -> None:
    """Refuse what JSON Schema validation cannot (or should not have to) cope with: too deep, too long,
    NaN/Infinity, non-string keys and non-JSON YAML values. Iterative, so depth cannot overflow."""
    if _plainly_fine(data):
        return
    _explain_shape(path, data)


_SCALARS = frozenset((str, int, bool, type(None)))


def _str_keys(node: dict[Any, Any]) -> bool:
    return all(map(_is_str, node))


_is_str = str.__instancecheck__  # type: ignore[attr-defined]


def _plainly_fine(data: Any) -> bool:
    """The quick answer for the usual, well-formed file: no JSON Pointers built, only containers stacked.

    False means "maybe not": `_explain_shape` then walks again, slowly, to name the first problem and
    where it is (a False for a file that is in fact fine is harmless, only slower).
    """
    stack: list[tuple[Any, int]] = [(data, 0)]
    str_keys = _str_keys
    while stack:
        node, depth = stack.pop()
        kind = type(node)
        if kind is dict:
            if not str_keys(node):
                return False
            children: Any = node.values()
        elif kind is list:
            if len(node) > MAX_ARRAY_ITEMS:
                return False
            children = node
        else:
            return depth == 0 and (kind in _SCALARS or (kind is float and math.isfinite(node)))
        if children and depth >= MAX_DEPTH:
            return False
        for child in children:
            kind = type(child)
            if kind in _SCALARS:
                continue
            if kind is float:
                if not math.isfinite(child):
                    return False
            elif kind is dict or kind is list:
                stack.append((child, depth + 1))
            else:
                return False
    return True


def _explain_shape(path: Path, data: Any) -> None:
    """Raise for the first problem, in a stable order, with its JSON Pointer."""
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack:
        pointer, node, depth = stack.pop()
        where = pointer or "/"
        if depth > MAX_DEPTH:
            raise input_error(path, where, "嵌套层级过深（超过 {n} 层）", "nesting is too deep (more than {n} levels)", n=MAX_DEPTH)
        if isinstance(node, dict):
            for key, child in node.items():
                if not isinstance(key, str):
                    raise input_error(path, where, "字段名 {k} 应为字符串", "field name {k} must be a string", k=key)
                stack.append((f"{pointer}/{escape(key)}", child, depth + 1))
        elif isinstance(node, list):
            if len(node) > MAX_ARRAY_ITEMS:
                raise input_error(path, where, "数组有 {n} 项，超过 {m} 项上限（大量温湿度读数请用 CSV 文件）",
                           "array has {n} items, more than the {m} limit (put many climate readings in a CSV file)",
                           n=len(node), m=MAX_ARRAY_ITEMS)
            stack.extend((f"{pointer}/{i}", child, depth + 1) for i, child in enumerate(node))
        elif isinstance(node, float) and not math.isfinite(node):
            raise input_error(path, where, "数值 {v} 无效（不允许 NaN/无穷大）", "number {v} is not allowed (NaN/Infinity)", v=node)
        elif not isinstance(node, (str, int, float, bool, type(None))):
            raise input_error(path, where, "不支持的 YAML 值类型 {t}", "unsupported YAML value of type {t}", t=type(node).__name__)
