"""PRO001–PRO009 — the nine protections (九防), each passing only on listed evidence in the store.

A unit that writes "九防达标" (`protection.claims`) but lists no dehumidifier fails 防潮 just the same:
claims are recorded, never counted. Evidence per protection follows domain-facts §4.2; each protection
has one or more requirements, and each unmet requirement costs its share of the rule's points.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping

from archcheck.api import BasisKind, RuleSet, Severity, T, Text, fail, join, missing
from archcheck.checkers.protection.evidence import Option, any_of, has_equipment_list, has_measure_list, measures, months_between, store_equipment
from archcheck.checkers.sources import KF87, LAW2020, SECURITY_FACILITIES_BEFORE_2021
from archcheck.unitdata import parse_date, rooms_of_kind

rules = RuleSet(area="PRO")


NINE_BASIS = LAW2020.clause('第十九条', BasisKind.PRINCIPLE, '档案机构应当配置适宜安全保存档案的档案库房和必要的设施、设备；各防护项（“九防”）的证据要求取自通行做法',
                            earlier=SECURITY_FACILITIES_BEFORE_2021)
KF87_PESTS = KF87.clause('第十四条、第十五条', BasisKind.PRINCIPLE, '库房应采取防虫、防霉、防鼠措施，档案入库前应消毒')




@dataclass(frozen=True)
class Requirement:
    """One thing a protection needs; met by any of its options."""

    what: Text
    options: tuple[Option, ...]


def claimed(unit: Mapping[str, Any], code: str) -> bool:
    claims = (unit.get("protection") or {}).get("claims")
    return isinstance(claims, list) and code in claims


def check_requirements(unit, ctx, code: str, name: Text, requirements: tuple[Requirement, ...]):
    """Yield one finding per unmet requirement: `fail` when the unit lists the relevant section,
    `missing` when it is silent; a bare claim is called out in the message."""
    share = 1 / len(requirements)
    for requirement in requirements:
        found, silent = any_of(unit, ctx.as_of, requirement.options)
        if found:
            continue
        if claimed(unit, code):
            message = T("声称达到九防（{p}）但未见{w}", "claims the nine protections ({pe}) but lists no evidence of: {we}")
        else:
            message = T("{p}：未见{w}", "{pe}: no evidence of: {we}")
        message = message.format(p=name.zh, pe=name.en, w=requirement.what.zh, we=requirement.what.en)
        evidence = {"protection": code, "claimed": claimed(unit, code)}
        reads_equipment = any(option.equipment for option in requirement.options)
        where = join("equipment") if reads_equipment else join("protection", "measures")
        yield (missing if silent else fail)(where, message, share, **evidence)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _protection_rule(number: int, code: str, name: Text, requirements: tuple[Requirement, ...], long_name: Text | None = None, **metadata):
    """Register one of the nine protections as a rule over its requirements (`name` is the short 九防 label)."""

    def check(unit, ctx):
        yield from check_requirements(unit, ctx, code, name, requirements)

    check.__name__ = f"protection_{code}"
    check.__doc__ = f"Evidence of {name.en} in the store."
    return rules.rule(
        id=f"PRO{number:03d}",
        title=T(f"{(long_name or name).zh}：有设备或措施为证", _capitalised((long_name or name).en) + ": evidenced by equipment or measures"),
        severity=metadata.pop("severity", Severity.MAJOR),
        points=metadata.pop("points", 2),
        basis=metadata.pop("basis", NINE_BASIS),
        **metadata,
    )(check)


EXTINGUISHING = Option(equipment=("extinguisher", "gas_suppression", "water_mist_system"))

_protection_rule(
    1, "fire", T("防火", "fire protection"),
    (
        Requirement(T("库房灭火器材（灭火器、气体或细水雾灭火系统）", "fire-fighting equipment in the store"), (EXTINGUISHING,)),
        Requirement(T("库房禁止明火和吸烟的措施", "a no-open-flame / no-smoking measure"), (Option(measures=("no_open_flame",)),)),
    ),
    remedy=T("库房配置灭火器材，张贴并执行“严禁烟火”规定（JGJ 25—2010 第6.0.7条），在 protection.measures 中记录 no_open_flame。",
             "Equip the store to fight fire and enforce a no-flame, no-smoking rule (JGJ 25—2010 6.0.7); record it as a no_open_flame measure."),
    rationale=T("防火要看到灭火器材和禁火管理两方面证据；灭火器数量与级别由 PRO010 按 GB 50140 另行核算。",
                "Fire protection needs both fire-fighting equipment and a no-flame rule; extinguisher count and rating are checked by PRO010."),
    example=T("equipment:\n  - {kind: extinguisher, count: 2, room: store, rating_a: 3}\nprotection:\n  measures:\n    - {kind: no_open_flame}",
              "equipment:\n  - {kind: extinguisher, count: 2, room: store, rating_a: 3}\nprotection:\n  measures:\n    - {kind: no_open_flame}"),
)

_protection_rule(
    2, "theft", T("防盗", "theft protection"),
    (
        Requirement(T("库房防盗门", "an anti-theft door on the store"), (Option(equipment=("anti_theft_door",)),)),
        Requirement(T("防盗窗或防护栏", "anti-theft windows or guard bars"), (Option(equipment=("anti_theft_window", "guard_bars")),)),
    ),
    remedy=T("库房安装全封闭防盗门窗或防护栏；可增设门禁、红外报警和视频监控。",
             "Fit the store with fully enclosed anti-theft doors and windows or guard bars; add access control, intrusion alarm and CCTV where possible."),
    rationale=T("《机关档案管理规定》要求库房配置全封闭防盗门窗、防护栏。",
                "The 2018 regulation requires fully enclosed anti-theft doors and windows and guard bars for stores."),
    example=T("equipment:\n  - {kind: anti_theft_door, room: store}\n  - {kind: anti_theft_window, count: 2, room: store}",
              "equipment:\n  - {kind: anti_theft_door, room: store}\n  - {kind: anti_theft_window, count: 2, room: store}"),
)

SHADING = ("curtains", "uv_film")


def _store_windows(unit) -> bool | None:
    """True when a store has windows, False when every store is said to have none, None when unknown."""
    stated = [room.get("windows") for _, room in rooms_of_kind(unit, "store")]
    if any(w is True for w in stated):
        return True
    if stated and all(w is False for w in stated):
        return False
    return None


@rules.rule(
    id="PRO003",
    title=T("防光（防紫外线）：有设备或措施为证", "Light / UV protection: evidenced by equipment or measures"),
    severity=Severity.MAJOR,
    points=2,
    basis=NINE_BASIS,
    remedy=T("库房窗户安装遮光阻燃窗帘或防紫外线窗膜，照明采用防紫外线灯具。",
             "Hang light-blocking flame-retardant curtains or UV film on store windows and use low-UV lamps."),
    rationale=T("紫外线使纸张和字迹褪变；检查组看窗帘、窗膜或灯具。有外窗的库房（rooms[].windows: true）必须有遮光窗帘或防紫外线窗膜，"
                "防紫外线灯具只管灯光、挡不住日光；没有外窗的库房有三者之一即可；未说明有无外窗而只有防紫外线灯具时为未提供证据。",
                "UV light fades paper and ink; inspectors look for curtains, film or lamps. A store with windows (rooms[].windows: true) needs "
                "light-blocking curtains or UV film — low-UV lamps deal with lamplight, not daylight; a windowless store needs any of the three; "
                "low-UV lamps alone where the windows are not described are no evidence."),
    example=T("rooms:\n  - {id: store, kind: store, windows: true}\nequipment:\n  - {kind: curtains, count: 2, room: store}\n  - {kind: low_uv_lighting, room: store}",
              "rooms:\n  - {id: store, kind: store, windows: true}\nequipment:\n  - {kind: curtains, count: 2, room: store}\n  - {kind: low_uv_lighting, room: store}"),
    violation=T("rooms:\n  - {id: store, kind: store, windows: true}\nequipment:\n  - {kind: low_uv_lighting, count: 6, room: store}",
                "rooms:\n  - {id: store, kind: store, windows: true}\nequipment:\n  - {kind: low_uv_lighting, count: 6, room: store}"),
)
def protection_light(unit, ctx):
    name = T("防光", "light protection")
    windows = _store_windows(unit)
    shading = store_equipment(unit, SHADING, ctx.as_of)
    lamps = store_equipment(unit, ("low_uv_lighting",), ctx.as_of)
    if shading or (lamps and windows is False):
        return
    evidence = {"protection": "light", "claimed": claimed(unit, "light")}
    prefix = T("声称达到九防（防光）但", "claims the nine protections (light protection) but ") if claimed(unit, "light") else T("防光：", "light protection: ")
    if lamps and windows is True:
        yield fail(join("equipment"), T("{c}库房有外窗而没有遮光窗帘或防紫外线窗膜（防紫外线灯具挡不住日光）",
                                        "{ce}the store has windows and no light-blocking curtains or UV film (low-UV lamps do not stop daylight)").format(
            c=prefix.zh, ce=prefix.en), **evidence, windows=True)
    elif lamps:
        yield missing(join("rooms"), T("{c}只有防紫外线灯具，未说明库房有无外窗（rooms[].windows）",
                                       "{ce}there are only low-UV lamps and the store's windows are not described (rooms[].windows)").format(
            c=prefix.zh, ce=prefix.en), **evidence)
    else:
        what = (T("遮光窗帘或防紫外线窗膜", "light-blocking curtains or UV film") if windows
                else T("遮光窗帘、防紫外线窗膜或防紫外线灯具", "light-blocking curtains, UV film or low-UV lighting"))
        build = fail if has_equipment_list(unit) else missing
        yield build(join("equipment"), T("{c}未见{w}", "{ce}no evidence of: {we}").format(c=prefix.zh, ce=prefix.en, w=what.zh, we=what.en), **evidence)


_protection_rule(
    4, "damp", T("防潮", "damp protection"),
    (
        Requirement(T("除湿设备（除湿机、带除湿功能的空调或恒温恒湿机组）", "dehumidifying equipment (dehumidifier, AC with dehumidify, constant-climate unit)"),
                    (Option(equipment=("dehumidifier", "constant_climate_unit")),
                     Option(equipment=("air_conditioner", "climate_auto_control"), function="dehumidify"))),
        Requirement(T("温湿度计", "a thermo-hygrometer"), (Option(equipment=("thermo_hygrometer",)),)),
    ),
    long_name=T("防潮（防水）", "damp / water protection"),
    remedy=T("库房配置除湿机（或具除湿功能的空调、恒温恒湿机组）和温湿度计，按日记录湿度。",
             "Equip the store with a dehumidifier (or AC with dehumidify, or a constant-climate unit) and a thermo-hygrometer; log humidity daily."),
    rationale=T("《档案库房技术管理暂行规定》第九条：库房内外放置温湿度计，潮湿地区配除湿机。空调只有具备除湿功能（functions 含 dehumidify）才算数。",
                "KF87 art. 9: thermo-hygrometers in and outside the store, dehumidifiers in damp regions. An AC counts only if it lists the dehumidify function."),
    example=T("equipment:\n  - {kind: air_conditioner, room: store, functions: [cool, dehumidify]}\n  - {kind: thermo_hygrometer, room: store}",
              "equipment:\n  - {kind: air_conditioner, room: store, functions: [cool, dehumidify]}\n  - {kind: thermo_hygrometer, room: store}"),
)

_protection_rule(
    5, "heat", T("防高温", "heat protection"),
    (Requirement(T("制冷设备（空调、恒温恒湿机组）；电风扇不能控温", "cooling equipment (AC, constant-climate unit); a fan does not control temperature"),
                 (Option(equipment=("constant_climate_unit",)),
                  Option(equipment=("air_conditioner", "climate_auto_control"), function="cool"))),),
    remedy=T("库房配置空调或恒温恒湿机组，使温度保持在 14–24 ℃。", "Install an AC or a constant-climate unit to keep the store at 14–24 °C."),
    rationale=T("高温加速纸张老化；库房温度须控制在 14–24 ℃（KF87 第七条），需要制冷设备。",
                "Heat ages paper; the store must stay at 14–24 °C (KF87 art. 7), which needs cooling equipment."),
    example=T("equipment:\n  - {kind: air_conditioner, room: store, functions: [cool]}", "equipment:\n  - {kind: air_conditioner, room: store, functions: [cool]}"),
)

_protection_rule(
    6, "dust", T("防尘", "dust protection"),
    (Requirement(T("防尘设备或措施（密封窗、吸尘器、空气净化器、缓冲门或定期清洁）",
                   "dust equipment or measures (sealed windows, vacuum cleaner, air purifier, buffer door, regular cleaning)"),
                 (Option(equipment=("sealed_windows", "vacuum_cleaner", "air_purifier", "buffer_door"), measures=("regular_cleaning",)),)),),
    remedy=T("库房窗户密封，配置吸尘器或空气净化器，建立定期清洁制度并记录。",
             "Seal store windows, provide a vacuum cleaner or air purifier, and clean on a recorded schedule."),
    rationale=T("灰尘携带霉菌和酸性物质；检查组看密封窗、吸尘器、缓冲间或清洁记录。",
                "Dust carries mould and acids; inspectors look for sealed windows, a vacuum cleaner, a buffer room or cleaning records."),
    example=T("equipment:\n  - {kind: vacuum_cleaner, room: store}\nprotection:\n  measures:\n    - {kind: regular_cleaning, last_done: 2025-06-27}",
              "equipment:\n  - {kind: vacuum_cleaner, room: store}\nprotection:\n  measures:\n    - {kind: regular_cleaning, last_done: 2025-06-27}"),
)


@rules.rule(
    id="PRO007",
    title=T("防虫（防霉）：有药剂并按期更换", "Insect / mould protection: repellents present and replaced on time"),
    severity=Severity.MAJOR,
    points=2,
    basis=KF87_PESTS,
    params={"replaced_within_months": 12},
    remedy=T("档案柜内放置驱虫、防霉药剂，按期更换并记录更换日期（protection.measures 中的 repellent_replaced）。",
             "Put insect repellent or mould inhibitor in the cabinets, replace it on schedule and record the date (a repellent_replaced measure)."),
    rationale=T("药剂会挥发失效，只放不换等于没有；更换期限可用参数 replaced_within_months 调整（默认 12 个月）。",
                "Repellents evaporate; never replacing them is as good as none. The period is the replaced_within_months parameter (default 12)."),
    example=T("equipment:\n  - {kind: insect_repellent, room: store, expires: 2026-03-01}\nprotection:\n  measures:\n    - {kind: repellent_replaced, last_done: 2025-04-01}",
              "equipment:\n  - {kind: insect_repellent, room: store, expires: 2026-03-01}\nprotection:\n  measures:\n    - {kind: repellent_replaced, last_done: 2025-04-01}"),
)
def protection_insects(unit, ctx):
    name = T("防虫", "insect protection")
    agents = Requirement(T("未过期的驱虫或防霉药剂", "an unexpired insect repellent or mould inhibitor"),
                         (Option(equipment=("insect_repellent", "mould_inhibitor")),))
    yield from _scaled(check_requirements(unit, ctx, "insects", name, (agents,)), 0.5)
    months = int(ctx.params["replaced_within_months"])
    done = [parse_date(m.get("last_done")) for _, m in measures(unit, ("repellent_replaced",))]
    latest = max((d for d in done if d is not None), default=None)
    prefix = T("声称达到九防（防虫）但", "claims the nine protections (insect protection) but ") if claimed(unit, "insects") else T("", "")
    where = join("protection", "measures")
    if latest is None:
        message = T("{c}未见药剂更换记录", "{ce}no record of replacing repellents").format(c=prefix.zh, ce=prefix.en)
        build = fail if has_measure_list(unit) else missing
        yield build(where, message, 0.5, protection="insects", claimed=claimed(unit, "insects"))
    elif months_between(latest, ctx.as_of) > months:
        yield fail(where, T("药剂最近一次更换于 {d}，超过 {m} 个月", "repellents were last replaced on {d}, more than {m} months ago").format(d=latest.isoformat(), m=months),
                   0.5, last_done=latest.isoformat(), months=months)


def _scaled(findings, factor: float):
    """Findings of a sub-check that carries only `factor` of the rule's points."""
    for finding in findings:
        yield dataclasses.replace(finding, fraction=finding.fraction * factor)


_protection_rule(
    8, "rodents", T("防鼠", "rodent protection"),
    (Requirement(T("捕鼠器、鼠饵或驱鼠器", "rodent traps, baits or repellers"), (Option(equipment=("rodent_trap", "rodent_repellent")),)),),
    basis=KF87_PESTS,
    remedy=T("库房放置捕鼠器或鼠饵、安装驱鼠器，并定期检查。", "Place rodent traps or baits or a repeller in the store and check them regularly."),
    rationale=T("鼠害直接毁损档案；“九防”声明须有防鼠器材为证。", "Rodents destroy records; a nine-protections claim needs rodent equipment to back it."),
    example=T("equipment:\n  - {kind: rodent_trap, count: 4, room: store}", "equipment:\n  - {kind: rodent_trap, count: 4, room: store}"),
)

_protection_rule(
    9, "pollution", T("防污染", "pollution protection"),
    (Requirement(T("空气净化器或远离污染源的措施", "an air purifier or a keep-away-from-pollution measure"),
                 (Option(equipment=("air_purifier",), measures=("away_from_pollution",)),)),),
    long_name=T("防污染（防有害气体）", "pollution / harmful-gas protection"),
    remedy=T("库房远离污染源（锅炉房、车库、化学品仓库等），必要时配置空气净化设备。",
             "Keep the store away from pollution sources (boiler rooms, garages, chemical stores) and add air purification where needed."),
    rationale=T("有害气体（二氧化硫等）使纸张酸化；《机关档案管理规定》要求必要时配置空气净化设备。",
                "Harmful gases (SO₂ and others) acidify paper; the 2018 regulation asks for air purification where needed."),
    example=T("protection:\n  measures:\n    - {kind: away_from_pollution}", "protection:\n  measures:\n    - {kind: away_from_pollution}"),
)
