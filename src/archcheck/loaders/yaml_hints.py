"""What a Chinese typist's YAML usually gets wrong, said in Chinese; and GB18030-saved files.

PyYAML reports a full-width colon as "could not find expected ':'" and a tab as "found character '\\t'
that cannot start any token": true, but no help to someone who typed `名称：值` with a Chinese input
method. `hint` looks at the lines around the error for the common slips and names the one it finds.
"""

from __future__ import annotations

import re
from pathlib import Path

from archcheck.errors import input_error
from archcheck.lazy import lazy_pattern
from archcheck.model import Text


def decode_text(path: Path, raw: bytes) -> str:
    """UTF-8 (BOM tolerated); a file that is not UTF-8 but reads as GB18030 (Notepad's ANSI on Chinese
    Windows, WPS) is read as GB18030; anything else is refused with the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        pass
    line = raw.count(b"\n", 0, utf8_error.start) + 1
    column = utf8_error.start - (raw.rfind(b"\n", 0, utf8_error.start) + 1) + 1
    raise input_error(path, f"{line}:{column}", "第 {line} 行不是有效的 UTF-8 或 GB18030 文本，请用记事本“另存为”UTF-8",
               "line {line} is neither UTF-8 nor GB18030 text; save the file as UTF-8", line=line) from None


_FULL_WIDTH_COLON = lazy_pattern(r"^\s*(-\s+)?[^#\s:：][^#:：]*：")
_NO_SPACE = lazy_pattern(r"^\s*(-\s+)?[\w\u4e00-\u9fff]+:[^\s/]")


def hint(text: str, line_index: int | None) -> Text | None:
    """A Chinese hint for the slip near the error line (0-based), if it is one of the common ones."""
    lines = text.splitlines()
    if line_index is None or not lines:
        return None
    around = range(max(0, line_index - 2), min(len(lines), line_index + 2))
    order = sorted(around, key=lambda i: abs(i - line_index))
    for i in order:
        if "\t" in lines[i][: len(lines[i]) - len(lines[i].lstrip())] or lines[i].startswith("\t"):
            return Text(f"第 {i + 1} 行用 Tab 键缩进了：YAML 只能用空格缩进，请把 Tab 换成空格",
                        f"line {i + 1} is indented with a tab: YAML indents with spaces only")
    for i in order:
        code = lines[i].split("#", 1)[0]
        if _FULL_WIDTH_COLON.match(code) and ":" not in code:
            return Text(f"第 {i + 1} 行用了中文冒号“：”：字段名后应是英文冒号“:”加一个空格",
                        f"line {i + 1} uses a full-width colon '：'; write an ASCII ':' and a space after the field name")
    for i in order:
        code = lines[i].split("#", 1)[0]
        if _NO_SPACE.match(code) and not re.search(r"\d:\d", code):
            return Text(f"第 {i + 1} 行冒号后缺少空格：应写成“字段: 值”",
                        f"line {i + 1} has no space after the colon: write 'key: value'")
    return None
