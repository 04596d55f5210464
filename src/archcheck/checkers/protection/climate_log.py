"""Read temperature/humidity readings, inline from the unit or from the CSV file it names.

A CSV that is missing or malformed is bad input (exit 2), reported with its file and line:column,
never silently read as "no readings". Only what a rule needs is kept: rows are streamed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping

from archcheck.api import CSV_LIMIT, InputError, Problem, Text, input_error, join, read_bytes

#: Accepted header names per field (English keys as in the schema, common Chinese headings).
HEADERS = {
    "at": ("at", "时间", "日期", "记录时间", "日期时间"),
    "room": ("room", "库房", "用房", "房间"),
    "temperature_c": ("temperature_c", "温度", "温度（℃）", "温度(℃)", "温度℃"),
    "humidity_pct": ("humidity_pct", "湿度", "相对湿度", "相对湿度（%）", "相对湿度(%)", "湿度%"),
}


@dataclass(frozen=True)
class Reading:
    """One reading and where it came from (a JSON Pointer or file:line)."""

    day: dt.date
    room: str | None
    temperature_c: float | None
    humidity_pct: float | None
    where: str


def parse_at(value: Any) -> dt.date | None:
    """The day of a `YYYY-MM-DD[ HH:MM[:SS]]` value (T or space), None if it is not a real date/time."""
    if not isinstance(value, str):
        return None
    text = value.strip().replace("T", " ")
    try:
        return dt.datetime.fromisoformat(text).date() if " " in text else dt.date.fromisoformat(text)
    except ValueError:
        return None


def inline_readings(unit: Mapping[str, Any]) -> Iterator[Reading]:
    readings = (unit.get("climate_log") or {}).get("readings")
    for index, item in enumerate(readings if isinstance(readings, list) else []):
        day = parse_at(item.get("at")) if isinstance(item, dict) else None
        if day is None:
            continue
        yield Reading(day, item.get("room"), _number(item.get("temperature_c")), _number(item.get("humidity_pct")),
                      join("climate_log", "readings", index))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def csv_readings(path: Path, quote: bool = True) -> Iterator[Reading]:
    """Stream readings from a CSV file; raise InputError naming file and line:column on the first bad row.

    `quote=False` (a file outside the unit's folder): messages never repeat the file's content.
    """
    text = _decode(path)
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, None)
    columns = _columns(path, header, quote)
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {key: (row[i].strip() if i < len(row) else "") for key, i in columns.items()}
        day = parse_at(cells["at"])
        if day is None:
            raise _bad(path, line, "at", "时间“{v}”不是 YYYY-MM-DD[ HH:MM] 格式的有效日期", "time '{v}' is not a valid YYYY-MM-DD[ HH:MM] date",
                       v=cells["at"] if quote else "…")
        temperature = _cell_number(path, line, "temperature_c", cells.get("temperature_c", ""), -60, 80, quote)
        humidity = _cell_number(path, line, "humidity_pct", cells.get("humidity_pct", ""), 0, 100, quote)
        yield Reading(day, cells.get("room") or None, temperature, humidity, f"{path.name}:{line}")


def _decode(path: Path) -> str:
    raw = read_bytes(path, CSV_LIMIT, missing=Text("温湿度记录 CSV 文件不存在（climate_log.csv）", "climate-log CSV not found (climate_log.csv)"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError([Problem(str(path), "", Text("CSV 既不是 UTF-8 也不是 GB18030 编码", "the CSV is neither UTF-8 nor GB18030"))])


def _columns(path: Path, header: list[str] | None, quote: bool = True) -> dict[str, int]:
    names = [h.strip() for h in header or []]
    columns = {}
    for key, aliases in HEADERS.items():
        index = next((i for i, name in enumerate(names) if name in aliases), None)
        if index is not None:
            columns[key] = index
    if "at" not in columns or not ({"temperature_c", "humidity_pct"} & columns.keys()):
        raise InputError([Problem(str(path), "1", Text(
            "表头应包含 at 列以及 temperature_c 或 humidity_pct 列（实际：{h}）",
            "the header needs an 'at' column and a temperature_c or humidity_pct column (found: {h})").format(
                h=(",".join(names) or "—") if quote else "…"))])
    return columns


def _cell_number(path: Path, line: int, column: str, text: str, low: float, high: float, quote: bool = True) -> float | None:
    if text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not low <= value <= high:
        raise _bad(path, line, column, "“{v}”不是 {lo}–{hi} 之间的数值", "'{v}' is not a number between {lo} and {hi}",
                   v=text if quote else "…", lo=low, hi=high)
    return value


def _bad(path: Path, line: int, column: str, zh: str, en: str, **values: Any) -> InputError:
    return input_error(path, f"{line}:{column}", zh, en, **values)
