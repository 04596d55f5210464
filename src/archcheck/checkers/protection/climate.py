"""PRO015 — store temperature 14–24 °C and humidity 45–60 %, read twice a day (KF87 arts. 7 and 10).

Looks at the last `window_days` days up to `as_of`; a day is bad when any store reading is out of range
or a store room has fewer readings than required. The rule deducts the share of bad days.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, Iterable, Mapping

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, inside, join, missing, side_file
from archcheck.checkers.protection.climate_log import Reading, csv_readings, inline_readings
from archcheck.checkers.protection.evidence import store_ids
from archcheck.checkers.sources import KF87

rules = RuleSet(area="PRO")

KF87_CLIMATE = KF87.clause('第七条、第十条', BasisKind.DIRECT, '库房温度 14–24 ℃、相对湿度 45–60 %；每天定时观测记录两次')
SHOWN_DATES = 5



def readings(unit: Mapping[str, Any], ctx: Any) -> Iterable[Reading]:
    """Inline readings and, when named, the CSV file's (relative to the unit file, inside its folder: files.side_file)."""
    yield from inline_readings(unit)
    path = (unit.get("climate_log") or {}).get("csv")
    if isinstance(path, str) and path:
        found = side_file(ctx, path, join("climate_log", "csv"))
        yield from csv_readings(found, quote=inside(ctx, found))


def _has_log(unit: Mapping[str, Any]) -> bool:
    log = unit.get("climate_log") or {}
    return bool(log.get("readings")) or bool(log.get("csv"))


def out_of_range(reading: Reading, params: Mapping[str, Any]) -> bool:
    t, h = reading.temperature_c, reading.humidity_pct
    return (t is not None and not params["temperature_min"] <= t <= params["temperature_max"]) or (
        h is not None and not params["humidity_min"] <= h <= params["humidity_max"]
    )


@rules.rule(
    id="PRO015",
    title=T("库房温湿度达标并按日记录", "Store temperature and humidity in range and logged daily"),
    severity=Severity.MAJOR,
    points=4,
    basis=KF87_CLIMATE,
    params={"window_days": 30, "readings_per_day": 2, "temperature_min": 14, "temperature_max": 24,
            "humidity_min": 45, "humidity_max": 60},
    remedy=T("库房温度控制在 14–24 ℃、相对湿度 45–60 %，每天定时记录两次（上午、下午），超标时及时开启空调或除湿机并记录处理情况。",
             "Keep the store at 14–24 °C and 45–60 % RH, read the thermo-hygrometer twice a day, and run the AC or dehumidifier (and log it) when out of range."),
    rationale=T("统计 as_of 之前 window_days 天（默认 30 天）：任一库房读数超标，或某库房当天记录少于规定次数（climate_log.readings_per_day，缺省为参数 readings_per_day=2），"
                "该天即为不合格天；按不合格天数占比扣分。只统计库房（rooms[].kind=store）及未注明用房的读数。",
                "Over the window_days (default 30) days up to as_of, a day is bad when any store reading is out of range or a store has fewer readings than "
                "required (climate_log.readings_per_day, else the readings_per_day parameter, 2). The rule deducts the share of bad days. Only readings "
                "for store rooms (or with no room) count."),
    example=T("climate_log:\n  readings_per_day: 2\n  csv: climate-2025.csv   # 列：at,room,temperature_c,humidity_pct；每天上午、下午各一次",
              "climate_log:\n  readings_per_day: 2\n  csv: climate-2025.csv   # columns: at,room,temperature_c,humidity_pct; morning and afternoon every day"),
    violation=T("climate_log:\n  readings_per_day: 2\n  readings:\n    - {at: '2025-06-30 09:00', room: store, temperature_c: 26.5, humidity_pct: 68}",
                "climate_log:\n  readings_per_day: 2\n  readings:\n    - {at: '2025-06-30 09:00', room: store, temperature_c: 26.5, humidity_pct: 68}"),
)
def climate_in_range(unit, ctx):
    if not _has_log(unit):
        yield missing(join("climate_log"), T("未提供库房温湿度记录", "no store temperature/humidity log given"))
        return
    window = max(1, int(ctx.params["window_days"]))
    first = ctx.as_of - dt.timedelta(days=window - 1)
    per_day = (unit.get("climate_log") or {}).get("readings_per_day") or int(ctx.params["readings_per_day"])
    stores = store_ids(unit)
    counts: dict[tuple[dt.date, str | None], int] = defaultdict(int)
    bad_range: dict[dt.date, Reading] = {}
    for reading in readings(unit, ctx):
        if not first <= reading.day <= ctx.as_of or (stores is not None and reading.room is not None and reading.room not in stores):
            continue
        counts[(reading.day, reading.room)] += 1
        if out_of_range(reading, ctx.params) and reading.day not in bad_range:
            bad_range[reading.day] = reading
    days = [first + dt.timedelta(days=n) for n in range(window)]
    logged_rooms = {room for _, room in counts} or {None}
    short = [d for d in days if d not in bad_range and any(counts.get((d, r), 0) < per_day for r in logged_rooms)]
    rng = T("{a}–{b} ℃、{c}–{d} %", "{a}–{b} °C, {c}–{d} % RH").format(
        a=ctx.params["temperature_min"], b=ctx.params["temperature_max"], c=ctx.params["humidity_min"], d=ctx.params["humidity_max"])
    if bad_range:
        dates = sorted(bad_range)
        yield fail(bad_range[dates[0]].where,
                   T("近 {w} 天中有 {n} 天库房温湿度超出 {r}（如 {s}）", "{n} of the last {w} days had store readings outside {re} (e.g. {s})").format(
                       w=window, n=len(dates), r=rng.zh, re=rng.en, s=", ".join(d.isoformat() for d in dates[:SHOWN_DATES])),
                   len(dates) / window, days_out_of_range=len(dates), window_days=window)
    if short:
        yield fail(join("climate_log"),
                   T("近 {w} 天中有 {n} 天记录少于每天 {p} 次（如 {s}）", "{n} of the last {w} days have fewer than {p} readings (e.g. {s})").format(
                       w=window, n=len(short), p=per_day, s=", ".join(d.isoformat() for d in short[:SHOWN_DATES])),
                   len(short) / window, days_missing_readings=len(short), window_days=window, readings_per_day=per_day)
