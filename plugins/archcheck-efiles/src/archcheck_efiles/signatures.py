"""Tell a file's format from its first bytes, never from its name (a renamed .doc is still a .doc)."""

from __future__ import annotations

import zipfile
from pathlib import Path

#: every format name `detect` can return; the rule's `allowed_formats` param picks among them
KNOWN_FORMATS = ("pdf", "ofd", "jpeg", "tiff", "png", "zip")

_MAGIC = (
    (b"%PDF", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)
ZIP_MAGIC = b"PK\x03\x04"
#: GB/T 33190—2016: an OFD package is a zip whose root holds the entry file OFD.xml
OFD_ENTRY = "OFD.xml"


def detect(path: Path) -> str | None:
    """The format name of the file at `path`, or None when its first bytes match no known format."""
    with path.open("rb") as handle:
        head = handle.read(8)
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith(ZIP_MAGIC):
        return "ofd" if _zip_has_root_entry(path, OFD_ENTRY) else "zip"
    return None


def _zip_has_root_entry(path: Path, name: str) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return name in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
