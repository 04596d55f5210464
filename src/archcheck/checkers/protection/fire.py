"""PRO010–PRO014 — fire safety of the store: GB 50140 extinguishers, agent, suppression, alarm, fire door.

GB 50140—2005 sets the portable-extinguisher minimum per 计算单元 (here: one store room) by its fire-hazard
class; the 2018 regulation adds a fixed suppression system, an automatic alarm and a Class A fire door.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, join, missing
from archcheck.checkers.protection.evidence import expired, has_equipment_list, store_equipment, store_ids
from archcheck.checkers.sources import GB50140, O13
from archcheck.unitdata import indexed, rooms_of_kind

rules = RuleSet(area="PRO")

GB50140_COUNT = GB50140.clause('第6.1.1条、第6.2.1条、第7.3条', BasisKind.DIRECT, '一个计算单元内灭火器不得少于2具；A类火灾场所单具最小配置灭火级别与单位灭火级别最大保护面积按危险等级确定；'
                               '计算单元最小需配灭火级别 Q = K·S/U')
GB50140_AGENT = GB50140.clause('第4.2.1条', BasisKind.PRINCIPLE, 'A类火灾场所可选水型、泡沫、磷酸铵盐干粉或卤代烷灭火器；档案实践建议库房避免留残留物的灭火剂')
O13_FIRE = O13.unnumbered('基础设施一章中库房消防的要求；条号未核实，原文见于题库引用', BasisKind.DIRECT,
                          '档案库房应当根据档案重要程度和载体配置洁净气体、惰性气体或高压细水雾灭火系统，设甲级防火门和火灾自动报警系统')

#: GB 50140—2005 table 6.2.1 (Class A): minimum rating per extinguisher and m² protected per A.
HAZARD = {
    "severe": {"min_rating": 3, "m2_per_a": 50, "name": T("严重危险级", "severe hazard")},
    "medium": {"min_rating": 2, "m2_per_a": 75, "name": T("中危险级", "medium hazard")},
    "light": {"min_rating": 1, "m2_per_a": 100, "name": T("轻危险级", "light hazard")},
}
#: ABC dry powder: charge (kg) → Class A rating, used only when `rating_a` is not given.
ABC_RATING_BY_KG = ((8, 4), (5, 3), (3, 2), (2, 1))
RESIDUE_AGENTS = {"abc_powder", "water", "foam"}



def rating_of(item: Mapping[str, Any]) -> tuple[float | None, bool]:
    """(Class A rating, whether it was inferred from an ABC powder charge); None when unknown."""
    if isinstance(item.get("rating_a"), (int, float)):
        return float(item["rating_a"]), False
    kg = item.get("capacity_kg")
    if item.get("agent") == "abc_powder" and isinstance(kg, (int, float)):
        return float(next((a for limit, a in ABC_RATING_BY_KG if kg >= limit), 0)), True
    return None, False


def extinguishers_by_store(unit: Mapping[str, Any], as_of, include_expired: bool = False) -> dict[str, list[tuple[int, Mapping[str, Any]]]]:
    """Working (or, on request, all) extinguishers per store id; unplaced ones count for the store only when
    there is exactly one store."""
    ids = store_ids(unit) or set()
    working = store_equipment(unit, ("extinguisher",), None if include_expired else as_of)
    placed = {sid: [(i, e) for i, e in working if e.get("room") == sid] for sid in ids}
    if len(ids) == 1:
        placed[next(iter(ids))] += [(i, e) for i, e in working if e.get("room") is None]
    return placed


def _hazard(room: Mapping[str, Any], ctx) -> str:
    hazard = room.get("hazard_class") or str(ctx.params["default_hazard_class"])
    if hazard not in HAZARD:
        raise ValueError(f"default_hazard_class {hazard!r} is not one of {', '.join(HAZARD)}")
    return hazard


@rules.rule(
    id="PRO010",
    title=T("库房灭火器数量和灭火级别符合 GB 50140", "Store extinguishers meet GB 50140 count and rating"),
    severity=Severity.MAJOR,
    points=4,
    basis=GB50140_COUNT,
    params={"default_hazard_class": "severe", "k_factor": 1.0},
    remedy=T("每间库房至少配置 2 具灭火器；严重危险级每具不低于 3A，且总灭火级别不低于 K × 面积 ÷ 50 m²（中危险级 2A、75 m²；轻危险级 1A、100 m²）。",
             "Give each store at least 2 extinguishers; for severe hazard each ≥ 3A and a total ≥ K × area ÷ 50 m² per A (medium 2A, 75 m²; light 1A, 100 m²)."),
    rationale=T("县级及以上档案库房属严重危险级（GB 50140 附录）；未填写 rooms[].hazard_class 时按参数 default_hazard_class（默认 severe）计算。"
                "总灭火级别按第7.3条 Q = K·S/U 计算，修正系数 K 为参数 k_factor：默认 1.0，即未设室内消火栓和固定灭火系统的情形（有计算实例可证）；"
                "设有消火栓或灭火系统时表 7.3.2 给出较小的 K，其取值（常见说法 0.9、0.7、0.5）未核实，单位按本场所的消防设计取值后用 "
                "--param PRO010.k_factor=… 设置。已过期的灭火器不计数；未给出 rating_a 的 ABC 干粉灭火器按充装量推定级别（5–6 kg 为 3A）。",
                "Archive stores at county level and above are severe hazard (GB 50140 appendix); without rooms[].hazard_class the default_hazard_class "
                "parameter applies (severe). The total rating follows 7.3, Q = K·S/U, with the correction factor K as the k_factor parameter: 1.0 by "
                "default, the case of no indoor hydrant and no fixed system (confirmed by a worked example); with hydrants or a fixed system table 7.3.2 "
                "gives a smaller K whose values (0.9, 0.7 and 0.5 are often quoted) are unconfirmed — take it from the site's fire design and set "
                "--param PRO010.k_factor=…. Expired extinguishers do not count; an ABC powder unit without rating_a is rated from its charge (5–6 kg = 3A)."),
    example=T("rooms:\n  - {id: store, kind: store, area_m2: 60, hazard_class: severe}\nequipment:\n  - {kind: extinguisher, count: 2, room: store, rating_a: 3, agent: clean_agent}",
              "rooms:\n  - {id: store, kind: store, area_m2: 60, hazard_class: severe}\nequipment:\n  - {kind: extinguisher, count: 2, room: store, rating_a: 3, agent: clean_agent}"),
)
def extinguisher_count_and_rating(unit, ctx):
    stores = rooms_of_kind(unit, "store")
    if not stores:
        yield missing(join("rooms"), T("未描述档案库房，无法核算灭火器配置", "no store room described, so extinguishers cannot be assessed"))
        return
    placed = extinguishers_by_store(unit, ctx.as_of)
    share = 1 / len(stores)
    for room_index, room in stores:
        yield from _check_store(unit, ctx, room_index, room, placed.get(room.get("id"), []), share)


def _check_store(unit, ctx, room_index, room, extinguishers, share):
    hazard = HAZARD[_hazard(room, ctx)]
    count = sum(e.get("count", 1) for _, e in extinguishers)
    where = join("rooms", room_index)
    values = {"room": room.get("id"), "hazard_class": _hazard(room, ctx), "extinguishers": count}
    if count == 0:
        stale = sum(e.get("count", 1) for _, e in indexed(unit.get("equipment"))
                    if e.get("kind") == "extinguisher" and e.get("room") in (room.get("id"), None) and expired(e, ctx.as_of))
        build = fail if has_equipment_list(unit) else missing
        yield build(join("equipment"), T("库房“{r}”未见有效灭火器（过期 {x} 具不计）", "store '{r}' has no working extinguisher ({x} expired not counted)").format(
            r=room.get("id"), x=stale), share, **values, expired_extinguishers=stale)
        return
    if count < 2:
        yield fail(join("equipment", extinguishers[0][0], "count"),
                   T("库房“{r}”仅有 {n} 具灭火器，GB 50140 第6.1.1条要求每个计算单元不少于 2 具",
                     "store '{r}' has only {n} extinguisher(s); GB 50140 6.1.1 requires at least 2 per unit").format(r=room.get("id"), n=count),
                   share / 3, **values)
    ratings = [(i, e, *rating_of(e)) for i, e in extinguishers]
    too_low = [(i, r) for i, _, r, _ in ratings if r is not None and r < hazard["min_rating"]]
    unknown = [i for i, _, r, _ in ratings if r is None]
    if too_low:
        yield fail(join("equipment", too_low[0][0]),
                   T("库房“{r}”有灭火器级别低于 {m}A（{h}）", "store '{r}' has an extinguisher rated below {m}A ({he})").format(
                       r=room.get("id"), m=hazard["min_rating"], h=hazard["name"].zh, he=hazard["name"].en),
                   share / 3, **values, ratings=[r for _, r in too_low])
    elif unknown:
        yield missing(join("equipment", unknown[0]), T("库房“{r}”的灭火器未注明 A 类灭火级别（rating_a）", "store '{r}': extinguisher Class A rating (rating_a) not given").format(r=room.get("id")), share / 3, **values)
    area = room.get("area_m2")
    total = sum(r * e.get("count", 1) for _, e, r, _ in ratings if r is not None)
    if not isinstance(area, (int, float)):
        yield missing(where, T("库房“{r}”未注明使用面积，无法核算总灭火级别", "store '{r}': area not given, so the total rating cannot be checked").format(r=room.get("id")), share / 3, **values)
        return
    k = float(ctx.params["k_factor"])
    if not 0 < k <= 1.3:
        raise ValueError(f"k_factor must be in (0, 1.3], got {k}")
    required = k * area / hazard["m2_per_a"]
    if total + 1e-9 >= required:
        return
    values.update(area_m2=area, total_rating_a=total, required_rating_a=round(required, 2), k_factor=k)
    needed = math.ceil(required * 10) / 10
    if unknown:
        yield missing(where, T("库房“{r}”面积 {a} m²，需总灭火级别 ≥ {q}A，灭火器级别不明无法核算", "store '{r}' of {a} m² needs a total rating ≥ {q}A; unknown ratings prevent the check").format(
            r=room.get("id"), a=area, q=needed), share / 3, **values)
    else:
        yield fail(where, T("库房“{r}”面积 {a} m²，需总灭火级别 ≥ {q}A，现有 {t}A", "store '{r}' of {a} m² needs a total rating ≥ {q}A, has {t}A").format(
            r=room.get("id"), a=area, q=needed, t=total), share / 3, **values)


@rules.rule(
    id="PRO011",
    title=T("库房灭火剂适宜纸质档案（提示）", "Store extinguishing agent suits paper records (advisory)"),
    severity=Severity.INFO,
    points=0,
    basis=GB50140_AGENT,
    applies_if=lambda unit, ctx: None if any(extinguishers_by_store(unit, ctx.as_of, True).values()) else T("库房未配置灭火器", "no extinguishers in the store"),
    remedy=T("库房优先选用洁净气体（如七氟丙烷）或二氧化碳灭火器；干粉、水基、泡沫灭火器会在档案上留下残留。",
             "Prefer clean-agent (e.g. HFC-227ea) or CO₂ extinguishers in the store; powder, water and foam leave residue on records."),
    rationale=T("GB 50140 第4.2.1条允许 A 类火灾使用干粉、水基、泡沫灭火器，但其残留物损害纸张，档案实践建议避免。仅作提示，不扣分。",
                "GB 50140 4.2.1 allows powder, water and foam for Class A fires, but their residue damages paper; archive practice advises against them. Advisory: no points."),
    example=T("equipment:\n  - {kind: extinguisher, count: 2, room: store, agent: clean_agent}", "equipment:\n  - {kind: extinguisher, count: 2, room: store, agent: clean_agent}"),
)
def extinguishing_agent(unit, ctx):
    for index, item in [x for group in extinguishers_by_store(unit, ctx.as_of, True).values() for x in group]:
        agent = item.get("agent")
        if agent is None:
            yield missing(join("equipment", index), T("灭火器未注明灭火剂类型（agent）", "extinguisher agent not given"))
        elif agent in RESIDUE_AGENTS:
            yield fail(join("equipment", index, "agent"), T("库房灭火器使用 {a}，灭火后残留物会损害档案", "store extinguisher uses {a}, whose residue damages records").format(a=agent), agent=agent)


def _require(unit, ctx, kinds, what):
    """Fail (or say 'no evidence' when no equipment is listed) unless the store has one of `kinds`."""
    if store_equipment(unit, kinds, ctx.as_of):
        return
    build = fail if has_equipment_list(unit) else missing
    yield build(join("equipment"), T("库房未见{w}", "the store has no {we}").format(w=what.zh, we=what.en))


@rules.rule(
    id="PRO012",
    title=T("库房设有气体或细水雾灭火系统", "The store has a gas or water-mist suppression system"),
    severity=Severity.MAJOR,
    points=3,
    basis=O13_FIRE,
    remedy=T("按档案重要程度和载体配置洁净气体、惰性气体或高压细水雾灭火系统（JGJ 25—2010 第6.0.6条）。",
             "Install a clean-agent, inert-gas or high-pressure water-mist system suited to the records (JGJ 25—2010 6.0.6)."),
    rationale=T("《机关档案管理规定》要求库房配置灭火系统；手提式灭火器不能替代。", "The 2018 regulation requires a fixed suppression system in stores; portable extinguishers do not replace it."),
    example=T("equipment:\n  - {kind: gas_suppression, room: store, agent: clean_agent}", "equipment:\n  - {kind: gas_suppression, room: store, agent: clean_agent}"),
)
def suppression_system(unit, ctx):
    yield from _require(unit, ctx, ("gas_suppression", "water_mist_system"), T("气体或高压细水雾灭火系统", "gas or water-mist suppression system"))


@rules.rule(
    id="PRO013",
    title=T("库房设有火灾自动报警系统", "The store has an automatic fire alarm"),
    severity=Severity.MAJOR,
    points=2,
    basis=O13_FIRE,
    remedy=T("库房安装火灾自动报警系统（JGJ 25—2010 第6.0.5条），独立式烟感不能替代联网报警。",
             "Install an automatic fire-alarm system in the store (JGJ 25—2010 6.0.5); stand-alone smoke detectors are not enough."),
    rationale=T("及早发现火情是档案库房防火的关键；仅有独立烟感时扣一半分。", "Early detection is key in a store; stand-alone smoke detectors alone cost half the points."),
    example=T("equipment:\n  - {kind: fire_alarm, room: store}\n  - {kind: smoke_detector, count: 2, room: store}",
              "equipment:\n  - {kind: fire_alarm, room: store}\n  - {kind: smoke_detector, count: 2, room: store}"),
)
def fire_alarm(unit, ctx):
    if store_equipment(unit, ("fire_alarm",), ctx.as_of):
        return
    if store_equipment(unit, ("smoke_detector",), ctx.as_of):
        yield fail(join("equipment"), T("库房仅有独立烟感探测器，未见火灾自动报警系统", "the store has only stand-alone smoke detectors, no automatic fire alarm"), 0.5)
        return
    yield from _require(unit, ctx, ("fire_alarm",), T("火灾自动报警系统", "automatic fire alarm"))


@rules.rule(
    id="PRO014",
    title=T("库房设甲级防火门", "The store has a Class A fire door"),
    severity=Severity.MAJOR,
    points=2,
    basis=O13_FIRE,
    remedy=T("库房门改为向外开启的甲级防火门（JGJ 25—2010 第6.0.9条）。", "Fit the store with an outward-opening Class A fire door (JGJ 25—2010 6.0.9)."),
    rationale=T("甲级防火门阻止火势蔓延进入库房。", "A Class A fire door keeps a fire outside the store."),
    example=T("equipment:\n  - {kind: fire_door_class_a, room: store}", "equipment:\n  - {kind: fire_door_class_a, room: store}"),
)
def fire_door(unit, ctx):
    yield from _require(unit, ctx, ("fire_door_class_a",), T("甲级防火门", "Class A fire door"))
