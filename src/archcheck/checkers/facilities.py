"""FAC — archive rooms: separation, store area for the holdings, siting, shelving, basic devices (篇1 §一, 三(二)).

Conventions: the `rooms` list is read as all of the archive's rooms and `equipment` as its whole
inventory, so a kind that is not listed does not exist (fail); a section left out entirely is no evidence.
"""

from __future__ import annotations

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, hookimpl, join, missing
from archcheck.checkers.common import flag
from archcheck.checkers.sources import JGJ25, KF87, O13, YUEYANG
from archcheck.unitdata import by_year, completed_years, equipment, indexed, rooms_of_kind

rules = RuleSet(area="FAC")

O13_ART14 = O13.clause('第十四条', BasisKind.DIRECT, '机关应当分别设置档案办公用房、整理用房、阅览用房和档案库房；县级或形成档案数量较少的机关设置库房以外'
                       '其他档案用房时，可以按照办公、整理、阅览等基本功能分区设置（库房不在此列）')
O13_ART15 = O13.clause('第十五条', BasisKind.DIRECT, '库房使用面积 =（档案存量 + 年增长量 × 存放年限）× 60 m²/万卷（或 10 万件）；少于 2500 卷（或 25000 件）的按 15 m² 计')
O13_ART15_YEARS = O13.clause('第十五条', BasisKind.CONFIGURABLE, '公式含“年增长量 × 存放年限”，存放年限未作统一规定；默认 15 年取自岳阳市评估细则“可容纳约 15 年”的要求')
O13_ART16 = O13.clause('第十六条', BasisKind.DIRECT, '库房选址防潮、防火、避免阳光直射；库房不应设置在地下或顶层，湿润地区不宜设置在首层；不得毗邻水房、卫生间、'
                       '食堂（厨房）、变配电室、车库等')
O13_SHELVING = O13.unnumbered('基础设施一章中装具的要求；条号未核实，原文见于题库引用', BasisKind.DIRECT, '不得使用木质档案柜和玻璃门档案柜')
O13_UNRELATED = O13.unnumbered('基础设施一章中库房的要求；条号未核实，原文见于题库引用', BasisKind.DIRECT, '档案库房不得存放与档案保管保护无关的物品')
KF87_ART12 = KF87.clause('第十二条', BasisKind.DIRECT, '柜架与墙壁距离不小于 10 厘米，柜架间通道不小于 60 厘米')
JGJ25_PIPES = JGJ25.unnumbered('原文见于旧版 JGJ 25 和《企业档案管理规定》的同一表述；JGJ 25—2010 中的条号未核实', BasisKind.CONFIGURABLE,
                               '档案库区不应设置除消防以外的给水点，其他给水排水管道不应穿越库房')
YUEYANG_DEVICES = YUEYANG.clause('装具设备', BasisKind.CONFIGURABLE, '计算机、复印机、照相机、光盘刻录机、扫描仪、防磁柜、消毒柜七种设备，缺一项扣 0.5 分')

#: m² of store per 10,000 volumes (= 100,000 items), the minimum area, and volumes per item
M2_PER_10K_VOLUMES = 60.0
MIN_STORE_M2 = 15.0
ITEMS_PER_VOLUME = 10
ROOM_NAMES = {
    "store": T("档案库房", "store"), "office": T("办公用房", "office"), "reading": T("阅览用房", "reading room"),
    "processing": T("整理用房", "processing room"), "digitisation": T("数字化用房", "digitisation room"), "other": T("其他用房", "other room"),
}
DEVICES = ["computer", "copier", "scanner", "camera", "disc_burner", "antimagnetic_cabinet", "disinfection_cabinet"]
DEVICE_NAMES = {
    "computer": T("计算机", "computer"), "copier": T("复印机", "copier"), "scanner": T("扫描仪", "scanner"),
    "camera": T("照相机", "camera"), "disc_burner": T("光盘刻录机", "disc burner"),
    "antimagnetic_cabinet": T("防磁柜", "anti-magnetic cabinet"), "disinfection_cabinet": T("消毒柜", "disinfection cabinet"),
}
HAZARD_NAMES = {
    "water_room": T("用水房间", "a water room"), "toilet": T("卫生间", "a toilet"), "kitchen": T("厨房或食堂", "a kitchen"),
    "power_room": T("配电房", "a power room"), "garage": T("车库", "a garage"), "boiler_room": T("锅炉房", "a boiler room"),
    "chemical_store": T("易燃易爆或化学品仓库", "a chemical store"),
}


@hookimpl
def archcheck_areas():
    return {"FAC": T("库房与用房", "Rooms & capacity")}


@hookimpl
def archcheck_rules():
    return rules.all()


def _names(kinds, table) -> T:
    """A list of codes as one bilingual text (、 in Chinese, commas in English)."""
    return T("、".join(table.get(k, T(k, k)).zh for k in kinds), ", ".join(table.get(k, T(k, k)).en for k in kinds))


def _stores(unit):
    return rooms_of_kind(unit, "store")


def _each_store(unit, check, weight: float = 1.0):
    """Findings of `check(index, room, share)` for every store, the stores sharing `weight` of the points
    equally; a unit that describes no store gives no evidence."""
    stores = _stores(unit)
    if not stores:
        yield missing("/rooms", T("未描述档案库房", "no store is described"))
        return
    for index, room in stores:
        yield from check(index, room, weight / len(stores))


def _room_state(unit, kind):
    """'room' when the kind has its own room, 'zone' when it only shares another room's space, else None."""
    if rooms_of_kind(unit, kind):
        return "room"
    if any(kind in (room.get("shares_space_with") or []) for _, room in indexed(unit.get("rooms"))):
        return "zone"
    return None


#: levels of a body at county level or below, where 13号令 art. 14 allows zones for rooms other than the store
LOCAL_LEVELS = ("county", "township")


def zones_allowed(unit, ctx) -> bool | None:
    """Whether 13号令 art. 14 ¶3 lets this unit use functional zones (办公、整理、阅览) instead of rooms: a body at
    county level or below (unit.kind township, unit.admin_level county/township, or records received by a county
    archive), or one whose holdings are small (under the `small_holdings_volumes` volume-equivalents). None: the
    description says neither. The `zones_allowed` parameter, when true or false, decides instead."""
    forced = ctx.params.get("zones_allowed")
    if isinstance(forced, bool):
        return forced
    info = unit.get("unit") or {}
    if info.get("kind") == "township" or info.get("admin_level") in LOCAL_LEVELS or info.get("receiving_archive_level") == "county":
        return True
    held = _holdings_volumes(unit.get("holdings") or {})
    if held is not None and held < float(ctx.params["small_holdings_volumes"]):
        return True
    if held is None and info.get("admin_level") is None:
        return None
    return False


def _separate(unit, ctx, kinds):
    """Each kind needs its own room, or a zone where 13号令 art. 14 allows zones; the store never shares its space."""
    if "rooms" not in unit:
        yield missing("/rooms", T("未描述档案用房", "no archive rooms are described"))
        return
    share = 1 / len(kinds)
    for kind in kinds:
        state = _room_state(unit, kind)
        name = ROOM_NAMES[kind]
        if kind == "store":
            shared = [(i, r) for i, r in _stores(unit) if r.get("shares_space_with")]
            if state != "room":
                yield fail("/rooms", T("没有独立的档案库房", "there is no separate archive store"), share, kind=kind)
            for index, room in shared[:1]:
                names = _names(room["shares_space_with"], ROOM_NAMES)
                yield fail(join("rooms", index, "shares_space_with"),
                           T("档案库房与{zh}合用", "the store shares its space with: {en}").format(**names.to_dict()),
                           share, shares_space_with=list(room["shares_space_with"]))
        elif state is None:
            yield fail("/rooms", T("没有{zh}", "there is no {en}").format(**name.to_dict()), share, kind=kind)
        elif state == "zone":
            allowed = zones_allowed(unit, ctx)
            if allowed is False:
                yield fail("/rooms", T("{zh}未单独设置（与其他用房合用），本单位不属于可以分区设置的县级或档案数量较少的机关",
                                       "the {en} is only a zone of another room, and the unit is neither county-level nor small enough to use zones").format(
                    **name.to_dict()), share, kind=kind)
            elif allowed is None:
                yield missing("/unit", T("{zh}按功能分区设置：未说明单位层级（unit.admin_level）或馆藏数量，无法判断是否允许分区",
                                         "the {en} is a zone: neither the unit's level (unit.admin_level) nor its holdings are given, so whether zones "
                                         "are allowed cannot be told").format(**name.to_dict()), share, kind=kind)


@rules.rule(
    id="FAC001",
    title=T("库房、办公、阅览用房分开（三分开）", "Store, office and reading room are separate (三分开)"),
    severity=Severity.MAJOR,
    points=3,
    basis=O13_ART14,
    params={"zones_allowed": None, "small_holdings_volumes": 2500},
    remedy=T("单独设置档案库房，库房内不办公、不阅览；另设办公用房和阅览用房（县级及以下或档案数量较少的机关可在一间用房内按功能分区）。",
             "Give the archives a store of its own, with no desks or reading in it, plus an office and a reading room (county-level and "
             "smaller bodies, or bodies with few records, may instead zone one room by function)."),
    rationale=T("“三分开”是各地评估的必达项。列出的用房视为全部档案用房：没有列出阅览用房即为没有。库房在任何情况下都须独立。"
                "13号令第十四条允许县级或形成档案数量较少的机关把库房以外的用房按办公、整理、阅览等功能分区（rooms[].shares_space_with）："
                "乡镇（unit.kind: township）、unit.admin_level 为 county 或 township、档案由县级综合档案馆接收，或馆藏折合少于 "
                "small_holdings_volumes 卷（默认 2500，即第十五条按 15 m² 计的界线，“较少”的取值属解释）时，分区即为符合。"
                "zones_allowed 参数设为 true 或 false 时以参数为准。",
                "Three-way separation is a must-pass item in provincial schemes. The listed rooms are taken as all the archive's rooms: no reading room "
                "listed means none. The store must always be separate. Order No. 13 art. 14 lets county-level bodies and bodies with few records "
                "zone the rooms other than the store by function (rooms[].shares_space_with): a township (unit.kind), unit.admin_level county or "
                "township, records received by a county archive, or holdings under small_holdings_volumes volume-equivalents (2,500 by default: "
                "art. 15's line for the 15 m² minimum — reading 'few' so is an interpretation) make zones compliant. The zones_allowed parameter, "
                "set to true or false, overrides this."),
    example=T("rooms:\n  - {id: store, kind: store, area_m2: 40}\n  - {id: office, kind: office}\n  - {id: reading, kind: reading}",
              "rooms:\n  - {id: store, kind: store, area_m2: 40}\n  - {id: office, kind: office}\n  - {id: reading, kind: reading}"),
)
def three_way_separation(unit, ctx):
    yield from _separate(unit, ctx, ["store", "office", "reading"])


@rules.rule(
    id="FAC002",
    title=T("另设整理用房（四分开）", "A processing room of its own (四分开)"),
    severity=Severity.MINOR,
    points=1,
    basis=O13_ART14,
    params={"zones_allowed": None, "small_holdings_volumes": 2500},
    remedy=T("设置整理用房（县级及以下或档案数量较少的机关可在办公用房内划出整理区）。",
             "Set up a processing room (county-level and smaller bodies, or bodies with few records, may use a processing zone in the office)."),
    rationale=T("13号令第十四条在办公、阅览、库房之外要求整理用房，官方解读称“四分开”。县级或档案数量较少的机关可按功能分区，判断方法同 FAC001。",
                "Order No. 13 art. 14 adds a processing room to office, reading and store ('four-way separation'); county-level bodies and bodies "
                "with few records may use a zone, judged as in FAC001."),
    example=T("rooms:\n  - {id: processing, kind: processing, area_m2: 20}", "rooms:\n  - {id: processing, kind: processing, area_m2: 20}"),
)
def processing_room(unit, ctx):
    yield from _separate(unit, ctx, ["processing"])


def _holdings_volumes(holdings) -> float | None:
    """Holdings in volume-equivalents (10 items = 1 volume, as the formula equates 10,000 卷 and 100,000 件)."""
    volumes, items = holdings.get("volumes"), holdings.get("items")
    if volumes is None and items is None:
        return None
    return (volumes or 0) + (items or 0) / ITEMS_PER_VOLUME


def _required_m2(volume_equivalents: float) -> float:
    return max(MIN_STORE_M2, volume_equivalents * M2_PER_10K_VOLUMES / 10_000)


def _capacity_volumes(area_m2: float) -> float:
    return area_m2 * 10_000 / M2_PER_10K_VOLUMES


def _store_area(unit):
    """Total usable store area, or None (with the pointer to blame) when a store's area is unknown."""
    stores = _stores(unit)
    if not stores:
        return None, "/rooms"
    for index, room in stores:
        if room.get("area_m2") is None:
            return None, join("rooms", index, "area_m2")
    return float(sum(room["area_m2"] for _, room in stores)), None


@rules.rule(
    id="FAC003",
    title=T("库房面积容得下现有馆藏", "The store is big enough for the present holdings"),
    severity=Severity.MAJOR,
    points=3,
    basis=O13_ART15,
    remedy=T("按 13号令第十五条公式扩建或调整库房，或配置密集架提高容量。",
             "Enlarge or reassign the store per Order No. 13 art. 15, or fit compact shelving."),
    rationale=T("按 13号令第十五条：每万卷（或十万件）需 60 平方米，折合时 10 件计 1 卷；存量不足 2500 卷（25000 件）的按 15 平方米计。"
                "此规则只核算现有存量；年增长见 FAC004。",
                "Order No. 13 art. 15: 60 m² per 10,000 volumes (or 100,000 items), 10 items counting as one volume; holdings under 2,500 volumes "
                "(25,000 items) need 15 m². This rule counts the present holdings only; growth is FAC004."),
    example=T("holdings: {volumes: 1043, items: 9861}\nrooms:\n  - {id: store, kind: store, area_m2: 17}",
              "holdings: {volumes: 1043, items: 9861}\nrooms:\n  - {id: store, kind: store, area_m2: 17}"),
)
def store_fits_holdings(unit, ctx):
    held = _holdings_volumes(unit.get("holdings") or {})
    area, blame = _store_area(unit)
    if held is None:
        yield missing("/holdings", T("未提供馆藏数量（卷、件）", "no holdings (volumes, items) given"))
        return
    if area is None:
        yield missing(blame, T("未提供库房使用面积", "no store area given"))
        return
    need = _required_m2(held)
    if area < need:
        yield fail("/rooms", T("现有馆藏折合 {h:.0f} 卷，需库房 {n:.1f} 平方米，实有 {a:g} 平方米",
                               "holdings of {h:.0f} volume-equivalents need {n:.1f} m² of store; there are {a:g} m²").format(h=held, n=need, a=area),
                   volume_equivalents=round(held, 1), required_m2=round(need, 1), store_m2=area)


def _growth(holdings, as_of):
    """Yearly growth in volume-equivalents: stated, or the mean of up to three completed years in by_year."""
    stated = holdings.get("annual_growth")
    if isinstance(stated, dict):
        value = _holdings_volumes(stated)
        if value is not None:
            return value, "stated"
    rows = by_year(holdings.get("by_year"))
    years = [y for y in completed_years(as_of, 3) if y in rows]
    values = [v for v in (_holdings_volumes(rows[y][1]) for y in years) if v is not None]
    if values:
        return sum(values) / len(values), "by_year"
    return None, None


@rules.rule(
    id="FAC004",
    title=T("库房可容纳规划年限内的增长", "The store has room for growth over the planning horizon"),
    severity=Severity.MINOR,
    points=2,
    basis=O13_ART15_YEARS,
    params={"years": 15},
    remedy=T("测算年增长量，按（现有存量 + 年增长量 × 存放年限）规划库房面积；不足时纳入扩建或密集架购置计划。",
             "Measure yearly growth and plan the store for (holdings + growth × years); budget extension or compact shelving if short."),
    rationale=T("13号令第十五条公式含“年增长量 × 存放年限”，年限未统一规定：默认 15 年（岳阳细则），单位规划年限更长时取其长，"
                "可用 --param FAC004.years=N 修改。年增长量未填时按 holdings.by_year 最近三个完整年度的平均值估算；两者都没有时"
                "只能说明余量，结果为未提供证据——除非单位自认库房面积不足（rooms[].space_sufficient: false），此时判为不符合。",
                "Order No. 13 art. 15 includes growth × years, with no national horizon: the default is 15 years (Yueyang), or the unit's own longer "
                "horizon; change with --param FAC004.years=N. Missing growth is estimated from the last three complete years of holdings.by_year; "
                "with neither, the rule reports the headroom as no evidence — unless the unit admits the store is too small "
                "(rooms[].space_sufficient: false), which counts as a fail."),
    example=T("holdings:\n  volumes: 800\n  items: 30000\n  annual_growth: {items: 1500}\nrooms:\n  - {id: store, kind: store, area_m2: 60}",
              "holdings:\n  volumes: 800\n  items: 30000\n  annual_growth: {items: 1500}\nrooms:\n  - {id: store, kind: store, area_m2: 60}"),
)
def store_fits_growth(unit, ctx):
    holdings = unit.get("holdings") or {}
    held = _holdings_volumes(holdings)
    area, blame = _store_area(unit)
    if held is None:
        yield missing("/holdings", T("未提供馆藏数量（卷、件）", "no holdings (volumes, items) given"))
        return
    if area is None:
        yield missing(blame, T("未提供库房使用面积", "no store area given"))
        return
    years = max(int(ctx.params["years"]), int(holdings.get("planned_years") or 0))
    growth, source = _growth(holdings, ctx.as_of)
    if growth is None and area < _required_m2(held):
        yield fail("/rooms", T("库房 {a:g} 平方米已容不下现有馆藏（需 {n:.1f} 平方米），更无增长余地",
                               "the store's {a:g} m² cannot hold even the present holdings ({n:.1f} m² needed), let alone growth").format(
            a=area, n=_required_m2(held)), store_m2=area, required_m2=round(_required_m2(held), 1))
        return
    if growth is None:
        headroom = _capacity_volumes(area) - held
        message = T("未提供年增长量，无法核算 {y} 年所需面积：库房 {a:g} 平方米约可容纳 {c:.0f} 卷，现有折合 {h:.0f} 卷，余量约 {r:.0f} 卷（{i:.0f} 件）",
                    "no yearly growth given, so the area for {y} years cannot be computed: {a:g} m² holds about {c:.0f} volumes, "
                    "{h:.0f} are held, leaving about {r:.0f} volumes ({i:.0f} items)").format(
            y=years, a=area, c=_capacity_volumes(area), h=held, r=headroom, i=round(headroom) * ITEMS_PER_VOLUME)
        evidence = dict(store_m2=area, volume_equivalents=round(held, 1), headroom_volumes=round(headroom, 1))
        admitted = [i for i, room in _stores(unit) if room.get("space_sufficient") is False]
        if admitted:
            yield fail(join("rooms", admitted[0], "space_sufficient"),
                       T("单位自认库房面积不足；" + message.zh, "the unit admits the store is too small; " + message.en), **evidence)
        else:
            yield missing("/holdings/annual_growth", message, **evidence)
        return
    need = _required_m2(held + growth * years)
    if area < need:
        yield fail("/rooms", T("按年增长 {g:.0f} 卷、存放 {y} 年计需库房 {n:.1f} 平方米，实有 {a:g} 平方米",
                               "growth of {g:.0f} volume-equivalents a year over {y} years needs {n:.1f} m² of store; there are {a:g} m²").format(
            g=growth, y=years, n=need, a=area), required_m2=round(need, 1), store_m2=area, years=years, growth_source=source)


@rules.rule(
    id="FAC005",
    title=T("库房不在地下室、顶层，潮湿地区不在首层", "The store is not in a basement or on the top floor, nor on the ground floor in a humid region"),
    severity=Severity.MAJOR,
    points=2,
    basis=O13_ART16,
    remedy=T("把库房调整到建筑中间楼层；潮湿地区避开首层。", "Move the store to a middle floor; in a humid region avoid the ground floor."),
    rationale=T("地下室和首层易受潮进水，顶层易漏雨、温度高。潮湿地区以 unit.humid_region 判断；库房在首层而未说明是否潮湿地区时为未提供证据。"
                "顶层以 building_floors（建筑地上层数）判断。",
                "Basements and ground floors take damp and flooding, top floors leak and overheat. Humidity comes from unit.humid_region; a ground-floor "
                "store with humid_region unstated is no evidence. The top floor is judged from building_floors."),
    example=T("unit: {name: 某镇, humid_region: true}\nrooms:\n  - {id: store, kind: store, floor: 2, building_floors: 4}",
              "unit: {name: X town, humid_region: true}\nrooms:\n  - {id: store, kind: store, floor: 2, building_floors: 4}"),
)
def store_floor(unit, ctx):
    humid = (unit.get("unit") or {}).get("humid_region")

    def check(index, room, share):
        where = join("rooms", index, "floor")
        floor, floors = room.get("floor"), room.get("building_floors")
        if floor is None:
            yield missing(where, T("未说明库房 {r} 所在楼层", "no floor given for store {r}").format(r=room["id"]), share)
        elif floor < 0:
            yield fail(where, T("库房 {r} 设在地下室", "store {r} is in a basement").format(r=room["id"]), share, floor=floor)
        elif floors is not None and floor >= floors:
            yield fail(where, T("库房 {r} 设在顶层（{f}/{n} 层）", "store {r} is on the top floor ({f} of {n})").format(r=room["id"], f=floor, n=floors),
                       share, floor=floor, building_floors=floors)
        elif floor == 1 and humid is True:
            yield fail(where, T("潮湿地区的库房 {r} 设在首层", "store {r} is on the ground floor in a humid region").format(r=room["id"]), share, floor=1)
        elif floor == 1 and humid is None:
            yield missing("/unit/humid_region", T("库房 {r} 在首层，未说明是否地处潮湿地区", "store {r} is on the ground floor and humid_region is not given").format(r=room["id"]), share)
        elif floors is None:
            yield missing(join("rooms", index, "building_floors"), T("未说明库房 {r} 所在建筑层数，无法判断是否顶层", "no building_floors for store {r}: the top floor cannot be ruled out").format(r=room["id"]), share)

    yield from _each_store(unit, check)


@rules.rule(
    id="FAC006",
    title=T("库房不与用水、卫生间、厨房、配电、车库等毗邻，无阳光直射", "The store has no hazardous neighbours and no direct sunlight"),
    severity=Severity.MAJOR,
    points=2,
    basis=O13_ART16,
    remedy=T("把库房调离水房、卫生间、厨房、配电房、车库等；窗户加装遮光帘或窗膜避免阳光直射。",
             "Move the store away from water rooms, toilets, kitchens, power rooms and garages; block direct sun with curtains or film."),
    rationale=T("毗邻用水房间有渗漏风险，配电房、车库、厨房有火灾风险；阳光直射使纸张老化褪色。毗邻情况与阳光直射各占一半分值；"
                "adjacent_to 写空数组表示没有危险毗邻。",
                "Water rooms leak, power rooms, garages and kitchens burn; direct sun fades and weakens paper. Neighbours and sunlight are half the "
                "points each; adjacent_to: [] states there are no hazardous neighbours."),
    example=T("rooms:\n  - {id: store, kind: store, adjacent_to: [], direct_sunlight: false}",
              "rooms:\n  - {id: store, kind: store, adjacent_to: [], direct_sunlight: false}"),
)
def store_neighbours(unit, ctx):
    def check(index, room, share):
        adjacent = room.get("adjacent_to")
        if adjacent is None:
            yield missing(join("rooms", index, "adjacent_to"), T("未说明库房 {r} 的毗邻用房", "no word on what store {r} adjoins").format(r=room["id"]), share)
        elif adjacent:
            names = _names(adjacent, HAZARD_NAMES)
            yield fail(join("rooms", index, "adjacent_to"), T("库房 {r} 毗邻{zh}", "store {r} adjoins {en}").format(r=room["id"], **names.to_dict()),
                       share, adjacent_to=list(adjacent))
        yield from flag(room.get("direct_sunlight"), join("rooms", index, "direct_sunlight"),
                        T("未说明库房 {r} 有无阳光直射", "no word on direct sunlight in store {r}").format(r=room["id"]),
                        T("库房 {r} 有阳光直射", "direct sunlight enters store {r}").format(r=room["id"]), share, bad=True)

    yield from _each_store(unit, check, 0.5)


def _store_ids(unit):
    return {room["id"] for _, room in _stores(unit)}


@rules.rule(
    id="FAC007",
    title=T("不使用木质或玻璃门档案柜", "No wooden or glass-door cabinets"),
    severity=Severity.MAJOR,
    points=2,
    basis=O13_SHELVING,
    remedy=T("更换为密封五节柜、密集架等金属装具。", "Replace them with sealed metal cabinets or compact shelving."),
    rationale=T("木柜易燃、易生虫，玻璃门透光。库房内（或未注明用房）的 wooden_cabinets、glass_door_cabinets 判不符合；"
                "有金属柜或密集架且无上述柜子为符合；设备清单未说明装具时为未提供证据。",
                "Wood burns and harbours insects; glass lets light in. wooden_cabinets or glass_door_cabinets in a store (or with no room) fail; "
                "metal cabinets or compact shelving and none of those pass; no shelving in the list is no evidence."),
    example=T("equipment:\n  - {kind: compact_shelving, room: store}", "equipment:\n  - {kind: compact_shelving, room: store}"),
)
def no_wooden_cabinets(unit, ctx):
    stores = _store_ids(unit)
    bad = equipment(unit, ["wooden_cabinets", "glass_door_cabinets"], stores)
    for index, item in bad:
        name = T("木质档案柜", "wooden cabinets") if item["kind"] == "wooden_cabinets" else T("玻璃门档案柜", "glass-door cabinets")
        yield fail(join("equipment", index), T("库房使用{zh}", "the store uses {en}").format(**name.to_dict()), 1 / len(bad),
                   kind=item["kind"], count=item.get("count", 1))
    if not bad and not equipment(unit, ["metal_cabinets", "compact_shelving"], stores):
        yield missing("/equipment", T("未说明库房装具（金属柜、密集架）", "no shelving (metal cabinets, compact shelving) is listed"))


@rules.rule(
    id="FAC008",
    title=T("柜架离墙不少于 10 厘米，通道不少于 60 厘米", "Shelving at least 10 cm from walls, aisles at least 60 cm"),
    severity=Severity.MINOR,
    points=1,
    basis=KF87_ART12,
    params={"wall_gap_cm": 10, "aisle_cm": 60},
    remedy=T("调整柜架排列，离墙不少于 10 厘米，柜间通道不少于 60 厘米，排列方向与有窗的墙垂直。",
             "Re-set the shelving at least 10 cm from walls with aisles of at least 60 cm, rows perpendicular to window walls."),
    rationale=T("离墙通风防潮，通道便于取放和疏散。依据 1987 年《档案库房技术管理暂行规定》第十二条。离墙与通道各占一半分值。",
                "A wall gap keeps air moving and damp out; aisles allow handling and escape (1987 store rules art. 12). Gap and aisle are half each."),
    example=T("rooms:\n  - {id: store, kind: store, cabinet_wall_gap_cm: 12, cabinet_aisle_cm: 80}",
              "rooms:\n  - {id: store, kind: store, cabinet_wall_gap_cm: 12, cabinet_aisle_cm: 80}"),
)
def shelving_gaps(unit, ctx):
    checks = (("cabinet_wall_gap_cm", "wall_gap_cm", T("柜架离墙", "wall gap")), ("cabinet_aisle_cm", "aisle_cm", T("柜架间通道", "aisle")))

    def check(index, room, share):
        for key, param, label in checks:
            value, least = room.get(key), float(ctx.params[param])
            where = join("rooms", index, key)
            if value is None:
                yield missing(where, T("未说明库房 {r} 的{zh}", "no {en} given for store {r}").format(r=room["id"], **label.to_dict()), share)
            elif value < least:
                yield fail(where, T("库房 {r} {zh} {v:g} 厘米，少于 {m:g} 厘米", "store {r}: {en} of {v:g} cm is under {m:g} cm").format(
                    r=room["id"], v=value, m=least, **label.to_dict()), share, **{key: value})

    yield from _each_store(unit, check, 0.5)


@rules.rule(
    id="FAC009",
    title=T("库房不存放与档案无关的物品", "Nothing unrelated is kept in the store"),
    severity=Severity.MINOR,
    points=1,
    basis=O13_UNRELATED,
    remedy=T("清出库房内的杂物、办公用品和其他单位物品。", "Clear out clutter, office supplies and anything else not about keeping archives."),
    rationale=T("库房堆放杂物增加火灾和虫霉风险，也挤占库容。", "Clutter in a store adds fire and pest risk and eats capacity."),
    example=T("rooms:\n  - {id: store, kind: store, unrelated_items_stored: false}", "rooms:\n  - {id: store, kind: store, unrelated_items_stored: false}"),
)
def nothing_unrelated(unit, ctx):
    def check(index, room, share):
        yield from flag(room.get("unrelated_items_stored"), join("rooms", index, "unrelated_items_stored"),
                        T("未说明库房 {r} 是否存放无关物品", "no word on unrelated items in store {r}").format(r=room["id"]),
                        T("库房 {r} 存放了与档案无关的物品", "store {r} holds items unrelated to the archives").format(r=room["id"]), share, bad=True)

    yield from _each_store(unit, check)


@rules.rule(
    id="FAC010",
    title=T("配齐档案工作基本设备", "The basic archive devices are in place"),
    severity=Severity.MINOR,
    points=2,
    basis=YUEYANG_DEVICES,
    params={"kinds": DEVICES},
    remedy=T("将缺少的设备列入购置计划和预算，按期购置到位。", "Put the missing devices in the purchase plan and budget, and buy them."),
    rationale=T("湖南岳阳细则要求计算机、复印机、照相机、光盘刻录机、扫描仪、防磁柜、消毒柜，每缺一项扣分。这是地方评分标准，"
                "设备清单可配置（FAC010.kinds）。设备清单视为全部设备：未列出即为没有；计划购置而未到位的也算缺少。",
                "Yueyang's scheme asks for a computer, copier, camera, disc burner, scanner, anti-magnetic cabinet and disinfection cabinet, "
                "deducting for each missing. It is a local scheme, so the list is configurable (FAC010.kinds). The equipment list is the whole "
                "inventory: a device not listed is missing, as is one still only planned."),
    example=T("equipment:\n  - {kind: computer, count: 2}\n  - {kind: copier}\n  - {kind: scanner}\n  - {kind: camera}\n"
              "  - {kind: disc_burner}\n  - {kind: antimagnetic_cabinet}\n  - {kind: disinfection_cabinet}",
              "equipment:\n  - {kind: computer, count: 2}\n  - {kind: copier}\n  - {kind: scanner}\n  - {kind: camera}\n"
              "  - {kind: disc_burner}\n  - {kind: antimagnetic_cabinet}\n  - {kind: disinfection_cabinet}"),
    violation=T("equipment:\n  - {kind: computer, count: 2}\n  - {kind: scanner}\n  - {kind: copier}",
                "equipment:\n  - {kind: computer, count: 2}\n  - {kind: scanner}\n  - {kind: copier}"),
)
def basic_devices(unit, ctx):
    kinds = list(ctx.params["kinds"])
    if "equipment" not in unit:
        yield missing("/equipment", T("未提供设备清单", "no equipment list given"))
        return
    absent = [k for k in kinds if not equipment(unit, [k])]
    if absent:
        names = _names(absent, DEVICE_NAMES)
        yield fail("/equipment", T("缺少设备：{zh}", "missing devices: {en}").format(**names.to_dict()), len(absent) / len(kinds), kinds=absent)


def _water_pipes(unit, room):
    """Whether water pipes run through the store: the room's own statement, else the no_water_pipes measure."""
    if room.get("water_pipes") is not None:
        return room["water_pipes"]
    if any(m.get("kind") == "no_water_pipes" for _, m in indexed((unit.get("protection") or {}).get("measures"))):
        return False
    return None


@rules.rule(
    id="FAC011",
    title=T("库房内无给排水管道穿越", "No water or drain pipes run through the store"),
    severity=Severity.MINOR,
    points=1,
    basis=JGJ25_PIPES,
    remedy=T("把穿越库房的给水、排水、暖气管道改线到库外；一时改不了的，加装防渗漏托盘和漏水报警器，并列入整改计划。",
             "Re-route water, drain and heating pipes outside the store; until then fit drip trays and a water-leak alarm and put it in the plan."),
    rationale=T("管道渗漏是库房水患的主要来源，检查组会看库房顶棚和墙面有无管道。“其他给水排水管道不应穿越库房”见于档案馆建筑设计规范和"
                "《企业档案管理规定》；未找到机关档案用房的对应条文，故为可配置要求。rooms[].water_pipes: false 或 protection.measures 中的 "
                "no_water_pipes 表示没有管道穿越。",
                "Leaking pipes are the main source of water damage; inspectors look at the store's ceiling and walls. 'No other water or drain "
                "pipes through the store' is in the archive-building design code and the enterprise archives regulation; no clause for 机关 "
                "archive rooms was found, so this is a configurable requirement. rooms[].water_pipes: false or a no_water_pipes measure "
                "states there are none."),
    example=T("rooms:\n  - {id: store, kind: store, water_pipes: false}", "rooms:\n  - {id: store, kind: store, water_pipes: false}"),
    violation=T("rooms:\n  - {id: store, kind: store, water_pipes: true}", "rooms:\n  - {id: store, kind: store, water_pipes: true}"),
)
def no_water_pipes(unit, ctx):
    def check(index, room, share):
        pipes = _water_pipes(unit, room)
        where = join("rooms", index, "water_pipes")
        if pipes is None:
            yield missing(where, T("未说明库房 {r} 有无给排水管道穿越", "no word on pipes through store {r}").format(r=room["id"]), share)
        elif pipes is True:
            yield fail(where, T("库房 {r} 有给排水管道穿越", "water or drain pipes run through store {r}").format(r=room["id"]), share, water_pipes=True)

    yield from _each_store(unit, check)
