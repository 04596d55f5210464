"""PRO016–PRO017 — protective equipment that is past its expiry date or overdue for inspection.

Equipment the unit lists is only evidence while it works: an expired extinguisher or repellent, or a fire
or climate system nobody has serviced for a year, is a finding of its own (KF87 art. 11).
"""

from __future__ import annotations

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, join, missing
from archcheck.checkers.protection.evidence import expired, months_between
from archcheck.checkers.sources import KF87
from archcheck.unitdata import indexed, parse_date

rules = RuleSet(area="PRO")

KF87_UPKEEP = KF87.clause('第十一条', BasisKind.PRINCIPLE, '库房设备应定期检查、维护和校验；另见《档案法》第十九条')
KF87_INTERVAL = KF87.clause('第十一条', BasisKind.CONFIGURABLE, '定期检查维护；检查间隔由单位或地方规定（默认 12 个月）')

#: Equipment that must be serviced to keep working: fire systems and active climate equipment.
SERVICED_KINDS = ("extinguisher", "gas_suppression", "water_mist_system", "fire_alarm", "smoke_detector",
                  "dehumidifier", "air_conditioner", "constant_climate_unit", "climate_auto_control")



def _dated(unit):
    """Equipment that states an expiry date, plus extinguishers (which always have one)."""
    return [(i, e) for i, e in indexed(unit.get("equipment")) if e.get("expires") is not None or e.get("kind") == "extinguisher"]


@rules.rule(
    id="PRO016",
    title=T("设备和药剂未过有效期", "Equipment and repellents are within their expiry date"),
    severity=Severity.MAJOR,
    points=2,
    basis=KF87_UPKEEP,
    applies_if=lambda unit, ctx: None if _dated(unit) else T("未列出有有效期的设备或药剂", "no equipment with an expiry date listed"),
    remedy=T("更换过期的灭火器、驱虫防霉药剂等，并在 equipment[].expires 中记录新的有效期。",
             "Replace expired extinguishers, repellents and the like, and record the new expiry in equipment[].expires."),
    rationale=T("过期的灭火器可能无法喷射，过期药剂已失效；灭火器都有报废期限，未注明有效期视为未提供证据。",
                "An expired extinguisher may not discharge and expired repellent no longer works; every extinguisher has an expiry, so a missing one is no evidence."),
    example=T("equipment:\n  - {kind: extinguisher, count: 2, room: store, expires: 2029-01-09}",
              "equipment:\n  - {kind: extinguisher, count: 2, room: store, expires: 2029-01-09}"),
)
def equipment_not_expired(unit, ctx):
    items = _dated(unit)
    share = 1 / len(items)
    for index, item in items:
        if expired(item, ctx.as_of):
            yield fail(join("equipment", index, "expires"), T("{k} 已于 {d} 过期", "{k} expired on {d}").format(k=item["kind"], d=item["expires"]),
                       share, kind=item["kind"], expires=item["expires"])
        elif parse_date(item.get("expires")) is None:
            yield missing(join("equipment", index), T("{k} 未注明有效期（expires）", "{k}: expiry date (expires) not given").format(k=item["kind"]), share, kind=item["kind"])


def _serviced(unit):
    return [(i, e) for i, e in indexed(unit.get("equipment")) if e.get("kind") in SERVICED_KINDS and e.get("count", 1) != 0]


@rules.rule(
    id="PRO017",
    title=T("消防和温湿度设备按期检查维护", "Fire and climate equipment is inspected on schedule"),
    severity=Severity.MINOR,
    points=2,
    basis=KF87_INTERVAL,
    params={"inspected_within_months": 12},
    applies_if=lambda unit, ctx: None if _serviced(unit) else T("未列出需定期维护的消防或温湿度设备", "no fire or climate equipment listed"),
    remedy=T("定期检查维护灭火器、灭火和报警系统、空调和除湿设备，并在 equipment[].last_inspected 中记录日期。",
             "Inspect and service extinguishers, suppression and alarm systems, ACs and dehumidifiers on schedule; record the date in equipment[].last_inspected."),
    rationale=T("设备只有保持可用才算数；检查间隔为参数 inspected_within_months（默认 12 个月，地方规定可能更短）。",
                "Equipment counts only while it works; the interval is the inspected_within_months parameter (default 12; local rules may be stricter)."),
    example=T("equipment:\n  - {kind: gas_suppression, room: store, last_inspected: 2025-04-20}",
              "equipment:\n  - {kind: gas_suppression, room: store, last_inspected: 2025-04-20}"),
)
def equipment_inspected(unit, ctx):
    months = int(ctx.params["inspected_within_months"])
    items = _serviced(unit)
    share = 1 / len(items)
    for index, item in items:
        last = parse_date(item.get("last_inspected"))
        if last is None:
            yield missing(join("equipment", index), T("{k} 未注明最近检查日期（last_inspected）", "{k}: last inspection date (last_inspected) not given").format(k=item["kind"]), share, kind=item["kind"])
        elif months_between(last, ctx.as_of) > months:
            yield fail(join("equipment", index, "last_inspected"),
                       T("{k} 最近检查于 {d}，已超过 {m} 个月", "{k} was last inspected on {d}, more than {m} months ago").format(k=item["kind"], d=last.isoformat(), m=months),
                       share, kind=item["kind"], last_inspected=last.isoformat(), months=months)
