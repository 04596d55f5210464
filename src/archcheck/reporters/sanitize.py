"""One sanitiser per kind of output, applied where a reporter hands text to its format.

Unit files and catalogue exports come from people and systems archcheck does not control (a cell
pasted from Word, an export written by a hostile script). Whatever they hold, a report must open
cleanly and must not do anything but show text:

* `spreadsheet_cell` / `csv_cell` — a value starting with ``= + - @``, tab or CR is text, never a
  formula (XLSX writes it as a string cell, CSV prefixes an apostrophe as OWASP recommends);
* `xml_text` — only characters XML 1.0 allows (DOCX, XLSX, JUnit), so one ``\\x0b`` cannot fail a report;
* `markdown_text` / `html_text` — markup in the input is shown, never interpreted (no ``<script>``,
  no injected heading, list or ``javascript:`` link);
* `terminal_text` — no escape sequences (ESC, CSI, OSC) or other control characters on a terminal;
* `unicode_text` — lone surrogates, which UTF-8 cannot encode, become U+FFFD.

Each is cheap on the usual text (one regex search that finds nothing).
"""

from __future__ import annotations

import re
from typing import Any

from archcheck.lazy import lazy_pattern

REPLACEMENT = "\ufffd"

#: lone surrogates: valid in a Python str (from a JSON "\\ud800" escape), not encodable as UTF-8
_SURROGATES = lazy_pattern("[\ud800-\udfff]")
#: what XML 1.0 forbids even escaped: C0 controls but tab, LF, CR; surrogates; U+FFFE, U+FFFF
_XML_FORBIDDEN = lazy_pattern("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Word writes a manual line break as \x0b and a page break as \x0c: keep them as line breaks
_XML_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
#: ESC sequences: CSI (ESC [ … final), OSC (ESC ] … BEL or ST), other two-byte escapes; C1 CSI/OSC too
_ESCAPES = lazy_pattern(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"       # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -~]?"                    # any other escape (and a lone ESC)
    r"|\x9b[0-?]*[ -/]*[@-~]?"        # 8-bit CSI
    r"|\x9d[^\x07\x9c]*[\x07\x9c]?",  # 8-bit OSC
    re.DOTALL,
)
#: what may not reach a terminal: C0 (but tab and LF), DEL, C1, bidirectional overrides, surrogates
_TERMINAL_FORBIDDEN = lazy_pattern("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: cells a spreadsheet would evaluate: OWASP's "CSV injection" triggers
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: Markdown characters that make links, images, code, table cells or raw HTML anywhere in a line
#: (emphasis with `*` and `_` is left: it cannot hide or run anything, and `zones_allowed` stays readable)
_MARKDOWN_INLINE = re.compile(r"([\\`\[\]<>|&])")
#: block markers at a line's start that inline escaping leaves: heading, list, rule, `~~~` fence, setext
#: underline (a quote's `>`, a ``` fence and a table's `|` are already escaped)
_MARKDOWN_LINE_START = re.compile(r"^([#+\-=*~]|\d+[.)])")
_MARKDOWN_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_HTML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def unicode_text(text: str) -> str:
    """`text` with lone surrogates replaced by U+FFFD, so it encodes as UTF-8."""
    if text.isascii():
        return text
    return _SURROGATES.sub(REPLACEMENT, text)


def encode_utf8(text: str) -> bytes:
    """UTF-8 bytes of `text`; lone surrogates become U+FFFD instead of failing the whole report."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return unicode_text(text).encode("utf-8")


def xml_text(value: Any) -> str:
    """`value` as text XML 1.0 can carry: Word's \\x0b/\\x0c become line breaks, other forbidden characters go."""
    text = value if isinstance(value, str) else str(value)
    if not _XML_FORBIDDEN.search(text):
        return text
    return _XML_FORBIDDEN.sub("", text.translate(_XML_BREAKS))


def spreadsheet_cell(value: Any) -> Any:
    """A value for an XLSX cell: numbers as they are, text made XML-safe (the writer stores it as a string cell)."""
    if not isinstance(value, str):
        return value
    return xml_text(value)


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if not isinstance(value, str):
        return value
    text = unicode_text(value).replace("\x00", "")
    return "'" + text if is_formula_like(text) else text


def markdown_text(value: Any, line_start: bool = False) -> str:
    """Text shown literally by a Markdown renderer: one line, markup characters escaped, no raw HTML.

    `<`, `>` and `&` become entities (no HTML tag, no autolink such as `<javascript:…>`); `[ ]`
    are escaped, so no link or image (`javascript:`, `data:`) can form; a line break becomes a
    space, so the text cannot start a block of its own. With `line_start` (a paragraph: the text
    begins a line) it cannot start a heading, list, quote, fence, table or rule either.
    """
    text = terminal_text(value if isinstance(value, str) else str(value), keep_newlines=False)
    text = _MARKDOWN_INLINE.sub(lambda m: _MARKDOWN_ENTITIES.get(m.group(1)) or "\\" + m.group(1), text)
    if line_start:
        text = _MARKDOWN_LINE_START.sub(_escape_marker, text.lstrip(), count=1)
    return text


def _escape_marker(match: re.Match[str]) -> str:
    marker = match.group(1)
    return marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker


def html_text(value: Any, quote: bool = True) -> str:
    """Text for an HTML element or attribute: markup escaped, characters HTML cannot hold removed."""
    text = value if isinstance(value, str) else str(value)
    if not (text.isascii() and text.isprintable()):
        text = _XML_FORBIDDEN.sub("", text.translate(_XML_BREAKS)).replace("\x7f", "")
    return text.translate(_HTML_ESCAPES) if quote else text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def terminal_text(value: Any, keep_newlines: bool = True) -> str:
    """Text safe to print on a terminal: escape sequences and control characters removed (tab and LF kept).

    CR goes too: it would let a value overwrite the line it is printed on. With `keep_newlines=False`
    line breaks become spaces (for one-line contexts).
    """
    text = value if isinstance(value, str) else str(value)
    if not _TERMINAL_FORBIDDEN.search(text):  # every escape sequence starts with a forbidden character
        return text if keep_newlines or "\n" not in text else text.replace("\n", " ")
    if not keep_newlines:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return _TERMINAL_FORBIDDEN.sub("", _ESCAPES.sub("", text))
