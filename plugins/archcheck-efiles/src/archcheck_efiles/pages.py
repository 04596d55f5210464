"""How many pages an electronic file has: PDF through pypdf, OFD from its document's page list (GB/T 33190),
a folder of scanned images one page per image. Files are opened read-only; a file that cannot be read
says why instead of raising."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from archcheck_efiles.signatures import detect

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

#: a page-count read never parses more than this much XML from an OFD package (hostile packages)
XML_LIMIT = 16 << 20
IMAGE_FORMATS = ("jpeg", "tiff", "png")
#: a PDF up to this size is parsed from memory (pypdf's many small reads cost less there); a larger one from its file
IN_MEMORY = 8 << 20


class Pages(NamedTuple):
    count: int | None  # None: not countable (a format without pages, or unreadable)
    problem: str  # "" | empty | unreadable | unknown
    detail: str = ""


def count_pages(path: Path) -> Pages:
    """The page count of one file (PDF, OFD, or an image: one page)."""
    try:
        if path.stat().st_size == 0:
            return Pages(None, "empty")
        kind = detect(path)
    except OSError as exc:
        return Pages(None, "unreadable", exc.strerror or str(exc))
    if kind == "pdf":
        return _pdf(path)
    if kind == "ofd":
        return _ofd(path)
    if kind in IMAGE_FORMATS:
        return Pages(1, "")
    return Pages(None, "unknown", kind or "")


def _pdf(path: Path) -> Pages:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        with path.open("rb") as handle:
            small = os.fstat(handle.fileno()).st_size <= IN_MEMORY
            reader = PdfReader(io.BytesIO(handle.read()) if small else handle, strict=False)
            if reader.is_encrypted:
                return Pages(None, "unreadable", "encrypted")
            return Pages(len(reader.pages), "")
    except ImportError:
        return Pages(None, "unknown", "pypdf is not installed")
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError) as exc:
        return Pages(None, "unreadable", f"{type(exc).__name__}: {exc}"[:200])


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _ofd(path: Path) -> Pages:
    import xml.etree.ElementTree as ET  # here, not at the top: only an OFD file needs an XML parser

    try:
        with zipfile.ZipFile(path) as archive:
            root = _xml(archive, "OFD.xml")
            doc_root = next((e.text.strip() for e in root.iter() if _local(e.tag) == "DocRoot" and e.text), None)
            if not doc_root:
                return Pages(None, "unreadable", "OFD.xml names no DocRoot")
            document = _xml(archive, doc_root.lstrip("/"))
            pages = [e for parent in document.iter() if _local(parent.tag) == "Pages"
                     for e in parent if _local(e.tag) == "Page"]
            return Pages(len(pages), "")
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError, ValueError, RuntimeError) as exc:
        return Pages(None, "unreadable", f"{type(exc).__name__}: {exc}"[:200])


def _xml(archive: zipfile.ZipFile, name: str) -> ET.Element:
    import xml.etree.ElementTree as ET

    info = archive.getinfo(name)
    if info.file_size > XML_LIMIT:
        raise ValueError(f"{name} is larger than {XML_LIMIT >> 20} MiB")
    return ET.fromstring(archive.read(info))
