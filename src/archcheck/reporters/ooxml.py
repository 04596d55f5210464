"""Same input, same bytes, for the ZIP packages DOCX and XLSX are.

python-docx and openpyxl stamp every ZIP entry with the wall-clock time, and openpyxl writes the
save time into `dcterms:modified`. `stable_package` rewrites the package with one fixed time for
every entry and for `dcterms:created` / `dcterms:modified` (the unit's `as_of`, never the clock),
keeping the entries in the order the library wrote them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

CORE = "docProps/core.xml"
#: the earliest time a ZIP entry can carry
ZIP_EPOCH = dt.datetime(1980, 1, 1)
_STAMPS = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def package_time(as_of: str | None) -> dt.datetime:
    """Midnight of the report's `as_of` day (the first unit's), or 1980-01-01 when there is none or it is not a date."""
    try:
        stamp = dt.datetime.fromisoformat(as_of) if as_of else ZIP_EPOCH
    except ValueError:
        stamp = ZIP_EPOCH
    stamp = dt.datetime(stamp.year, stamp.month, stamp.day)
    return max(stamp, ZIP_EPOCH)


def stable_package(data: bytes, stamp: dt.datetime) -> bytes:
    """The package `data` with every entry dated `stamp` and the core properties' dates set to it."""
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == CORE:
                content = _STAMPS.sub(lambda m: m.group(1) + when + m.group(3), content)
            info = zipfile.ZipInfo(item.filename, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # the same bytes on every platform
            info.external_attr = 0
            target.writestr(info, content)
    return out.getvalue()
