"""Guess a catalogue's text encoding: UTF-8 (with or without BOM) or GB18030.

Archive software on Chinese Windows still writes GB18030/GBK; newer exports write UTF-8, often
with a BOM. A prefix is sniffed (skipping a pure-ASCII start), so detection costs one read.
"""

from __future__ import annotations

import codecs

from archcheck.errors import CatalogReadError

SNIFF_BYTES = 1 << 20
MAX_SNIFF = 64 << 20
ALIASES = {"utf8": "utf-8", "utf-8-bom": "utf-8-sig", "utf8-sig": "utf-8-sig", "gbk": "gb18030",
           "gb2312": "gb18030", "cp936": "gb18030"}


def check_name(name: str) -> str:
    """Validate an `--encoding` value; GBK/GB2312 widen to GB18030, their superset."""
    name = ALIASES.get(name.lower().replace("_", "-"), name)
    try:
        codecs.lookup(name)
    except LookupError:
        raise CatalogReadError("--encoding", "", f"未知的编码：{name}", f"unknown encoding: {name}") from None
    return name


def detect(path: str, display: str | None = None) -> str:
    """Return `utf-8-sig` (BOM), `utf-8` or `gb18030` for the file at `path`."""
    display = display or path
    with open(path, "rb") as fh:
        head = fh.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise CatalogReadError(display, "1", "文件为 UTF-16 编码，请另存为 UTF-8 或 GB18030",
                                   "the file is UTF-16; save it as UTF-8 or GB18030")
        fh.seek(0)
        read = 0
        chunk = b""
        while read < MAX_SNIFF:  # skip a pure-ASCII start: it says nothing about the encoding
            chunk = fh.read(SNIFF_BYTES)
            read += len(chunk)
            if not chunk or not chunk.isascii():
                break
        if chunk.isascii():
            return "utf-8"
        first = next(i for i, b in enumerate(chunk) if b >= 0x80)
        sample = chunk[first:first + (64 << 10)]  # the start decides; a late odd line is reported, not guessed
        try:
            codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
            return "utf-8"
        except UnicodeDecodeError as exc:
            # Whole UTF-8 lines before the bad bytes: the file is UTF-8 with a damaged line, reported where it is.
            return "utf-8" if b"\n" in sample[:exc.start] else "gb18030"
