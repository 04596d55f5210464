"""PRO015, PRO018, PRO019 — the store's climate (KF87 arts. 7, 9 and 10): temperature 14–24 °C and humidity
45–60 %, read at least twice a day; a daily swing of at most ±2 °C / ±5 % RH where the store has climate
equipment; thermo-hygrometers inside the store and outside it.

Looks at the last `window_days` days up to `as_of`; a day is bad when any store reading is out of range
or a store room has fewer readings than required. The rules deduct the share of bad days.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, Iterable, Mapping

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, inside, join, missing, side_file
from archcheck.checkers.protection.climate_log import Reading, csv_readings, inline_readings
from archcheck.checkers.protection.evidence import has_equipment_list, store_equipment, store_ids
from archcheck.checkers.sources import KF87
from archcheck.unitdata import indexed

rules = RuleSet(area="PRO")

KF87_CLIMATE = KF87.clause('第七条、第十条', BasisKind.DIRECT, '库房温度应控制在 14～24 ℃、相对湿度 45%～60%；库房内外温湿度应定时测记，一般每天两次')
KF87_SWING = KF87.clause('第七条', BasisKind.DIRECT, '有设备的库房温度日变化幅度不超过 ±2 ℃，相对湿度日变化幅度不超过 ±5%')
KF87_INSTRUMENTS = KF87.clause('第九条', BasisKind.DIRECT, '库房及库外应安设温湿度记录仪表')
#: climate equipment that makes a store "a store with equipment" (有设备的库房) in KF87 art. 7
CLIMATE_EQUIPMENT = ("air_conditioner", "dehumidifier", "constant_climate_unit", "climate_auto_control")
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
    rationale=T("统计 as_of 之前 window_days 天（默认 30 天）：任一库房读数超标，或某库房当天记录少于规定次数，该天即为不合格天；按不合格天数占比扣分。"
                "规定次数为参数 readings_per_day（默认 2，KF87 第十条“一般每天两次”）；单位自定的次数（climate_log.readings_per_day）更多时按单位的，"
                "更少时本身即不符合（扣四分之一），并仍按每天两次统计。只统计库房（rooms[].kind=store）及未注明用房的读数。",
                "Over the window_days (default 30) days up to as_of, a day is bad when any store reading is out of range or a store has fewer readings than "
                "required; the rule deducts the share of bad days. The requirement is the readings_per_day parameter (2 by default: KF87 art. 10, 'as a "
                "rule twice a day'); a unit's own schedule (climate_log.readings_per_day) applies when it asks for more, and when it asks for fewer it "
                "fails in itself (a quarter of the points) while days are still counted against two. Only readings for store rooms (or with no room) count."),
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
    required = int(ctx.params["readings_per_day"])
    declared = (unit.get("climate_log") or {}).get("readings_per_day")
    per_day = max(required, declared or 0)
    if isinstance(declared, int) and declared < required:
        yield fail(join("climate_log", "readings_per_day"),
                   T("单位规定每天记录 {n} 次，少于每天 {m} 次（KF87 第十条“一般每天两次”）", "the unit's schedule of {n} reading(s) a day is below {m} a day (KF87 art. 10)").format(
                       n=declared, m=required), 0.25, readings_per_day=declared, required=required)
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


def _equipped(unit, ctx) -> bool:
    return bool(store_equipment(unit, CLIMATE_EQUIPMENT, ctx.as_of))


@rules.rule(
    id="PRO018",
    title=T("有设备的库房温湿度日变化不超过 ±2 ℃、±5 %", "An equipped store's daily swing stays within ±2 °C and ±5 % RH"),
    severity=Severity.MINOR,
    points=2,
    basis=KF87_SWING,
    params={"window_days": 30, "swing_c": 2, "swing_pct": 5},
    applies_if=lambda unit, ctx: None if _equipped(unit, ctx) else T(
        "库房未配备空调、除湿机或恒温恒湿设备：日变化幅度要求只适用于有设备的库房", "the store has no AC, dehumidifier or climate unit: the swing limit applies to equipped stores only"),
    remedy=T("调整空调、除湿机或恒温恒湿设备的设定和运行时间，避免昼夜启停造成温湿度大起大落；波动大的日子查明原因并记录处理情况。",
             "Set the AC, dehumidifier or climate unit to run steadily rather than on and off, so the store does not swing day to night; find and log "
             "the cause on days with large swings."),
    rationale=T("KF87 第七条：有设备的库房，温度日变化幅度不超过 ±2 ℃，相对湿度不超过 ±5 %。这里把“±”理解为当天每次读数偏离当日平均值不超过该值"
                "（两次读数时相差不超过 4 ℃、10 %）；参数 swing_c、swing_pct 可调。统计 window_days 天内每天至少有两次读数的库房，按超限天数占比扣分。"
                "库房有空调、除湿机、恒温恒湿机组或温湿度自控系统时即视为“有设备”。",
                "KF87 art. 7: in a store with climate equipment the temperature may vary by at most ±2 °C a day and the humidity by ±5 % RH. The '±' is "
                "read as every reading within that much of the day's mean (two readings at most 4 °C and 10 % apart); the swing_c and swing_pct parameters "
                "change it. Days in the window with at least two readings for a store are judged; the rule deducts the share of days over the limit. An AC, "
                "dehumidifier, climate unit or automatic climate control in the store makes it 'equipped'."),
    example=T("equipment:\n  - {kind: air_conditioner, room: store, functions: [cool, dehumidify]}\nclimate_log:\n  readings:\n"
              "    - {at: '2025-06-30 09:00', room: store, temperature_c: 19.5, humidity_pct: 52}\n"
              "    - {at: '2025-06-30 15:00', room: store, temperature_c: 20.5, humidity_pct: 55}",
              "equipment:\n  - {kind: air_conditioner, room: store, functions: [cool, dehumidify]}\nclimate_log:\n  readings:\n"
              "    - {at: '2025-06-30 09:00', room: store, temperature_c: 19.5, humidity_pct: 52}\n"
              "    - {at: '2025-06-30 15:00', room: store, temperature_c: 20.5, humidity_pct: 55}"),
    violation=T("equipment:\n  - {kind: air_conditioner, room: store, functions: [cool]}\nclimate_log:\n  readings:\n"
                "    - {at: '2025-06-30 09:00', room: store, temperature_c: 15.0, humidity_pct: 46}\n"
                "    - {at: '2025-06-30 15:00', room: store, temperature_c: 23.5, humidity_pct: 59}",
                "equipment:\n  - {kind: air_conditioner, room: store, functions: [cool]}\nclimate_log:\n  readings:\n"
                "    - {at: '2025-06-30 09:00', room: store, temperature_c: 15.0, humidity_pct: 46}\n"
                "    - {at: '2025-06-30 15:00', room: store, temperature_c: 23.5, humidity_pct: 59}"),
)
def daily_swing(unit, ctx):
    if not _has_log(unit):
        yield missing(join("climate_log"), T("未提供库房温湿度记录", "no store temperature/humidity log given"))
        return
    window = max(1, int(ctx.params["window_days"]))
    first = ctx.as_of - dt.timedelta(days=window - 1)
    swing_c, swing_pct = float(ctx.params["swing_c"]), float(ctx.params["swing_pct"])
    stores = store_ids(unit)
    days: dict[tuple[dt.date, str | None], list[Reading]] = defaultdict(list)
    for reading in readings(unit, ctx):
        if first <= reading.day <= ctx.as_of and not (stores is not None and reading.room is not None and reading.room not in stores):
            days[(reading.day, reading.room)].append(reading)
    judged: set[dt.date] = set()
    bad: dict[dt.date, tuple[Reading, float, float]] = {}
    for (day, _), day_readings in sorted(days.items(), key=lambda item: (item[0][0], item[0][1] or "")):
        if len(day_readings) < 2:
            continue
        judged.add(day)
        t = _deviation([r.temperature_c for r in day_readings])
        h = _deviation([r.humidity_pct for r in day_readings])
        if (t > swing_c or h > swing_pct) and day not in bad:
            bad[day] = (day_readings[0], t, h)
    if not judged:
        yield missing(join("climate_log"), T("近 {w} 天没有一天有两次以上的库房读数，无法核算日变化幅度", "no day in the last {w} has two or more store readings, so the daily swing cannot be checked").format(w=window))
        return
    if bad:
        dates = sorted(bad)
        worst = max(bad.values(), key=lambda v: (v[1], v[2]))
        yield fail(bad[dates[0]][0].where,
                   T("近 {w} 天中有 {n} 天库房温湿度日变化超过 ±{c:g} ℃ / ±{p:g} %（如 {s}；最大偏离 {t:.1f} ℃、{h:.1f} %）",
                     "{n} of the last {w} days swung beyond ±{c:g} °C / ±{p:g} % RH (e.g. {s}; largest deviation {t:.1f} °C, {h:.1f} %)").format(
                       w=window, n=len(dates), c=swing_c, p=swing_pct, s=", ".join(d.isoformat() for d in dates[:SHOWN_DATES]), t=worst[1], h=worst[2]),
                   len(dates) / len(judged), days_over_swing=len(dates), days_judged=len(judged), window_days=window)


def _deviation(values: list[float | None]) -> float:
    """The largest distance of a reading from the day's mean (0 with fewer than two values)."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return 0.0
    mean = sum(known) / len(known)
    return max(abs(v - mean) for v in known)


def _hygrometers(unit):
    """Thermo-hygrometers inside a store and outside it: by `placement`, else by the room they are in
    (no room: inside, as the unit's other equipment is read)."""
    stores = store_ids(unit) or set()
    inside, outside = [], []
    for index, item in indexed(unit.get("equipment")):
        if item.get("kind") != "thermo_hygrometer" or item.get("count", 1) < 1:
            continue
        placement = item.get("placement")
        if placement == "outside_store" or (placement is None and item.get("room") is not None and item["room"] not in stores):
            outside.append(index)
        else:
            inside.append(index)
    return inside, outside


@rules.rule(
    id="PRO019",
    title=T("库房内外都设有温湿度计", "Thermo-hygrometers inside the store and outside it"),
    severity=Severity.MINOR,
    points=1,
    basis=KF87_INSTRUMENTS,
    remedy=T("库房内（远离空调出风口、门窗和墙面）和库房外各挂一个温湿度计，对照记录，判断开窗通风或开机除湿的时机。",
             "Hang one thermo-hygrometer in the store (away from the AC outlet, doors, windows and walls) and one outside it, and log both, to know "
             "when to air the store and when to run the dehumidifier."),
    rationale=T("KF87 第九条要求“库房及库外”安设温湿度记录仪表，第十条要求库房内外定时测记：只有库外读数才能判断能否开窗通风。"
                "equipment[].placement 写明 inside_store 或 outside_store；未写时按所在用房判断（库房以外的用房算库外，未注明用房的算库内）。",
                "KF87 art. 9 asks for thermo-hygrometers 'in the store and outside it', art. 10 for readings of both: only the outside reading tells "
                "when airing helps. equipment[].placement says inside_store or outside_store; without it the room decides (a non-store room is "
                "outside; no room means inside)."),
    example=T("equipment:\n  - {kind: thermo_hygrometer, room: store, placement: inside_store}\n  - {kind: thermo_hygrometer, placement: outside_store}",
              "equipment:\n  - {kind: thermo_hygrometer, room: store, placement: inside_store}\n  - {kind: thermo_hygrometer, placement: outside_store}"),
    violation=T("equipment:\n  - {kind: thermo_hygrometer, room: store}", "equipment:\n  - {kind: thermo_hygrometer, room: store}"),
)
def hygrometers_inside_and_out(unit, ctx):
    inside, outside = _hygrometers(unit)
    build = fail if has_equipment_list(unit) else missing
    if not inside:
        yield build(join("equipment"), T("库房内未见温湿度计", "no thermo-hygrometer in the store"), 0.5, placement="inside_store")
    if not outside:
        yield build(join("equipment"), T("库房外未设对照的温湿度计", "no thermo-hygrometer outside the store to compare with"), 0.5, placement="outside_store")
