"""Sentences about the unit itself, written from its description: 一、基本情况 and each area's figures.

Every sentence is built from values present in the unit file; a value the file does not give is
not invented (the sentence is left out, or says the description is silent).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

from archcheck.model import Text
from archcheck.reporters import codes
from archcheck.unitdata import indexed

Unit = Mapping[str, Any]


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _list(items: Iterable[Text]) -> Text:
    items = list(items)
    return Text("、".join(i.zh for i in items), ", ".join(i.en for i in items))


def _plain(value: Any) -> Text:
    return Text(str(value), str(value))


def _section(unit: Unit, key: str) -> Mapping[str, Any]:
    value = unit.get(key)
    return value if isinstance(value, dict) else {}


def basic_facts(unit: Unit) -> list[Text]:
    """一、基本情况: where the archive room is, its rooms, holdings and staff."""
    return [s for s in (_location(unit), _rooms(unit), _holdings(unit), _staff(unit)) if s is not None]


def _location(unit: Unit) -> Text:
    info = _section(unit, "unit")
    name = info.get("name", "")
    parts_zh, parts_en = [name], [name]
    if info.get("kind"):
        kind = codes.label(codes.UNIT_KIND, info["kind"])
        parts_zh.append(f"系{kind.zh}")
        parts_en.append(f"is a {kind.en}")
    if info.get("region") or info.get("address"):
        region, address = info.get("region", ""), info.get("address", "")
        where_zh = "，".join(x for x in (f"地处{region}" if region else "", f"现位于{address}" if address else "") if x)
        where_en = ", ".join(x for x in (f"lies in {region}" if region else "", f"at {address}" if address else "") if x)
        parts_zh.append(where_zh)
        parts_en.append(where_en)
    departments = list(indexed(info.get("departments")))
    if departments:
        parts_zh.append(f"内设（列明）部门{len(departments)}个")
        parts_en.append(f"has {len(departments)} listed departments")
    if len(parts_zh) == 1:
        return Text(f"{name}，单位类型和地址：【待补充】。", f"{name}: kind and address to be added.")
    return Text("，".join(parts_zh) + "。", parts_en[0] + " " + ", ".join(parts_en[1:]) + ".")


def _rooms(unit: Unit) -> Text:
    rooms = [r for _, r in indexed(unit.get("rooms"))]
    if not rooms:
        return Text("档案用房情况：【待补充】。", "Archive rooms: to be added.")
    areas = [r["area_m2"] for r in rooms if isinstance(r.get("area_m2"), (int, float))]
    by_kind: dict[str, float | None] = {}
    for room in rooms:
        kind = str(room.get("kind", "other"))
        area = room.get("area_m2")
        previous = by_kind.get(kind, 0.0)
        by_kind[kind] = None if previous is None or not isinstance(area, (int, float)) else previous + area
    details = [
        Text(codes.label(codes.ROOM, k).zh + (f"{_num(a)}平方米" if a else ""),
             codes.label(codes.ROOM, k).en + (f" {_num(a)} m²" if a else ""))
        for k, a in by_kind.items()
    ]
    detail = _list(details)
    if len(areas) == len(rooms):
        return Text(f"档案用房{len(rooms)}间，总面积{_num(sum(areas))}平方米，其中{detail.zh}。",
                    f"The archive has {len(rooms)} rooms totalling {_num(sum(areas))} m²: {detail.en}.")
    return Text(f"档案用房{len(rooms)}间：{detail.zh}（部分面积待补充）。",
                f"The archive has {len(rooms)} rooms: {detail.en} (some areas not given).")


def _holdings(unit: Unit) -> Text:
    holdings = _section(unit, "holdings")
    volumes, items = holdings.get("volumes"), holdings.get("items")
    if volumes is None and items is None:
        return Text("馆藏档案数量：【待补充】。", "Holdings: to be added.")
    zh = "、".join(x for x in (f"{volumes}卷（册）" if volumes is not None else "", f"{items}件" if items is not None else "") if x)
    en = " and ".join(x for x in (f"{volumes} volumes" if volumes is not None else "", f"{items} items" if items is not None else "") if x)
    return Text(f"现藏档案{zh}。", f"It holds {en}.")


def _staff(unit: Unit) -> Text:
    staff = _section(unit, "staff")
    archivists = [a for _, a in indexed(staff.get("archivists"))]
    liaisons = [a for _, a in indexed(staff.get("liaisons"))]
    if not archivists and not liaisons:
        return Text("档案人员配备情况：【待补充】。", "Archive staff: to be added.")
    full = sum(1 for a in archivists if a.get("full_time") is True)
    cert = sum(1 for a in archivists if a.get("certified") is True)
    trained = sum(1 for a in liaisons if a.get("trained") is True)
    zh = f"配有档案员{len(archivists)}名（其中专职{full}名、持证上岗{cert}名）"
    en = f"It has {len(archivists)} archivists ({full} full-time, {cert} certified)"
    if liaisons:
        zh += f"，各部门兼职档案员{len(liaisons)}名（其中已培训{trained}名）"
        en += f" and {len(liaisons)} part-time department archivists ({trained} trained)"
    return Text(zh + "。", en + ".")


# ---- figures per area: what the data shows, stated before the verdicts ---------------------------

def _funding(unit: Unit) -> list[Text]:
    out = []
    for _, plan in indexed(_section(unit, "planning").get("annual_plans")):
        if "year" in plan and plan.get("includes_archive_work") is not None:
            yes = plan["includes_archive_work"] is True
            out.append(Text(f"{plan['year']}年单位工作计划{'已' if yes else '未'}纳入档案工作",
                            f"the {plan['year']} work plan {'includes' if yes else 'leaves out'} archive work"))
    for _, year in indexed(_section(unit, "funding").get("years")):
        if "year" not in year:
            continue
        amount = year.get("amount_yuan")
        zh, en = f"{year['year']}年", f"{year['year']}: "
        zh += f"投入档案工作经费{_num(amount)}元" if amount is not None else "档案工作经费金额待补充"
        en += f"{_num(amount)} yuan of archive funding" if amount is not None else "archive funding amount not given"
        if year.get("in_budget") is not None:
            zh += "（列入预算）" if year["in_budget"] else "（未列入预算）"
            en += " (in the budget)" if year["in_budget"] else " (not in the budget)"
        if year.get("uses"):
            zh += "，主要用于" + "、".join(map(str, year["uses"]))
            en += ", used for " + ", ".join(map(str, year["uses"]))
        out.append(Text(zh, en))
    purchases = [p for _, p in indexed(_section(unit, "funding").get("planned_purchases"))]
    if purchases:
        done = sum(1 for p in purchases if p.get("done") is True)
        names = "、".join(str(p.get("item", "?")) for p in purchases)
        out.append(Text(f"计划购置{names}，已完成{done}项", f"planned purchases: {names.replace('、', ', ')}; {done} done"))
    return out


def _organisation(unit: Unit) -> list[Text]:
    org, out = _section(unit, "organisation"), []
    for key, zh_name, en_name in (("leading_group", "档案工作领导小组", "archive-work leading group"),
                                  ("safety_group", "档案安全领导小组", "archive-safety group")):
        group = org.get(key)
        if not isinstance(group, dict) or group.get("exists") is None:
            continue
        if group["exists"] is False:
            out.append(Text(f"未成立{zh_name}", f"no {en_name}"))
            continue
        zh, en = f"成立了{zh_name}", f"an {en_name} exists"
        if group.get("head"):
            head = codes.label(codes.LEADER, group["head"])
            zh += f"，由{head.zh}任组长"
            en += f", headed by {head.en}"
        members = group.get("member_departments")
        if isinstance(members, list) and members:
            zh += f"，成员涵盖{len(members)}个部门"
            en += f", with members from {len(members)} departments"
        out.append(Text(zh, en))
    return out


def _staffing(unit: Unit) -> list[Text]:
    staff = _staff(unit)
    return [] if not _section(unit, "staff") else [Text(staff.zh.rstrip("。"), "the archive h" + staff.en[4:].rstrip("."))]


def _regulations(unit: Unit) -> list[Text]:
    regs = [r for _, r in indexed(unit.get("regulations"))]
    if not regs:
        return []
    titles = "、".join(f"《{r['title']}》" if r.get("title") else codes.label(codes.REGULATION, r.get("kind")).zh for r in regs)
    titles_en = ", ".join(f"《{r['title']}》" if r.get("title") else codes.label(codes.REGULATION, r.get("kind")).en for r in regs)
    filed = sum(1 for r in regs if r.get("filed_with_bureau") is True)
    return [Text(f"制定了{titles}等{len(regs)}项制度，其中报档案主管部门备案{filed}项",
                 f"{len(regs)} sets of rules adopted ({titles_en}); {filed} filed with the archive bureau")]


def _custody(unit: Unit) -> list[Text]:
    out = []
    stores = [r for _, r in indexed(unit.get("rooms")) if r.get("kind") == "store"]
    if stores:
        area = sum(r.get("area_m2", 0) for r in stores if isinstance(r.get("area_m2"), (int, float)))
        out.append(Text(f"库房{len(stores)}间，面积{_num(area)}平方米", f"{len(stores)} store room(s), {_num(area)} m²"))
    kit = []
    for _, item in indexed(unit.get("equipment")):
        name = codes.label(codes.EQUIPMENT, item.get("kind"))
        count = item.get("count")
        kit.append(Text(name.zh + (f"{count}台（具）" if count else ""), name.en + (f" ×{count}" if count else "")))
    if kit:
        joined = _list(kit)
        out.append(Text(f"配备了{joined.zh}", f"equipment: {joined.en}"))
    incidents = _section(unit, "security").get("incidents")
    if isinstance(incidents, list):
        out.append(Text(f"记录的档案安全事故{len(incidents)}起", f"{len(incidents)} recorded archive-safety incidents"))
    return out


def _projects(unit: Unit) -> list[Text]:
    projects = [p for _, p in indexed(unit.get("construction_projects"))]
    if not projects:
        return []
    counts = {k: sum(1 for p in projects if p.get(k) is True) for k in ("registered", "guided", "inspected", "accepted")}
    return [Text(f"重大建设项目{len(projects)}个，已登记{counts['registered']}个、已指导{counts['guided']}个、"
                 f"已检查{counts['inspected']}个、已验收{counts['accepted']}个",
                 f"{len(projects)} major construction projects: {counts['registered']} registered, {counts['guided']} guided, "
                 f"{counts['inspected']} inspected, {counts['accepted']} accepted")]


def _use(unit: Unit) -> list[Text]:
    use, out = _section(unit, "utilisation"), []
    cases = list(indexed(use.get("cases")))
    if cases:
        out.append(Text(f"记录利用效果典型事例{len(cases)}个", f"{len(cases)} recorded cases where the archive helped"))
    for _, year in indexed(use.get("by_year")):
        if "year" in year:
            zh = "、".join(x for x in (f"{year['visits']}人次" if "visits" in year else "", f"{year['items']}卷（件）次" if "items" in year else "") if x)
            en = ", ".join(x for x in (f"{year['visits']} visits" if "visits" in year else "", f"{year['items']} items used" if "items" in year else "") if x)
            if zh:
                out.append(Text(f"{year['year']}年提供利用{zh}", f"{year['year']}: {en}"))
    for key, zh, en in (("register_kept", "利用登记", "a use register"), ("feedback_kept", "利用效果反馈", "use feedback")):
        if use.get(key) is not None:
            out.append(Text(("建立了" if use[key] else "未建立") + zh, ("keeps " if use[key] else "does not keep ") + en))
    return out


def _filing(unit: Unit) -> list[Text]:
    filing, out = _section(unit, "filing"), []
    scope = filing.get("scope_table")
    if isinstance(scope, dict) and scope.get("exists") is not None:
        title = f"《{scope['title']}》" if scope.get("title") else ""
        out.append(Text(f"制定了归档范围和保管期限表{title}" if scope["exists"] else "未制定归档范围和保管期限表",
                        f"a filing-scope and retention table exists {title}".rstrip() if scope["exists"] else "no filing-scope table"))
    if filing.get("deadline"):
        month, _, day = str(filing["deadline"]).partition("-")
        out.append(Text(f"各部门于次年{int(month)}月{int(day)}日前归档", f"departments file by {filing['deadline']} of the next year"))
    if filing.get("arrangement_unit"):
        unit_label = codes.label(codes.ARRANGEMENT, filing["arrangement_unit"])
        out.append(Text(f"以“{unit_label.zh}”为单位整理", f"arranged by {unit_label.en}"))
    scheme = (filing.get("classification") or {}).get("scheme") if isinstance(filing.get("classification"), dict) else None
    if scheme:
        out.append(Text(f"采用“{codes.label(codes.SCHEME, scheme).zh}”分类方法", f"classified by {codes.label(codes.SCHEME, scheme).en}"))
    retention = _section(unit, "retention").get("codes_in_use")
    if isinstance(retention, list) and retention:
        out.append(Text("保管期限使用" + "、".join(map(str, retention)), "retention periods in use: " + ", ".join(map(str, retention))))
    return out


def _training(unit: Unit) -> list[Text]:
    sessions = [s for _, s in indexed(_section(unit, "training").get("sessions"))]
    if not sessions:
        return []
    departments = {d for s in sessions for d in (s.get("departments") or [])}
    dates = sorted(str(s["date"]) for s in sessions if s.get("date"))
    zh = f"记录培训{len(sessions)}次" + (f"（最近一次{dates[-1]}）" if dates else "")
    en = f"{len(sessions)} training sessions recorded" + (f" (latest {dates[-1]})" if dates else "")
    if departments:
        zh += f"，涉及{len(departments)}个部门"
        en += f", covering {len(departments)} departments"
    return [Text(zh, en)]


def _law(unit: Unit) -> list[Text]:
    out = []
    violations = _section(unit, "legal").get("violations")
    if isinstance(violations, list):
        out.append(Text(f"记录的违反《档案法》事件{len(violations)}起", f"{len(violations)} recorded violations of the Archives Law"))
    security = _section(unit, "security")
    if security.get("safety_mechanism") is not None:
        yes = security["safety_mechanism"] is True
        out.append(Text("建立了档案安全工作机制" if yes else "未建立档案安全工作机制",
                        "an archive-safety mechanism exists" if yes else "no archive-safety mechanism"))
    return out


FIGURES: dict[str, Callable[[Unit], list[Text]]] = {
    "FUN": _funding, "ORG": _organisation, "STA": _staffing, "REG": _regulations, "PRO": _custody,
    "PRJ": _projects, "USE": _use, "FIL": _filing, "TRN": _training, "LAW": _law,
}


def area_figures(areas: Iterable[str], unit: Unit | None) -> Text | None:
    """One sentence of the figures the data holds for these areas (None when it holds none)."""
    if not unit:
        return None
    parts = [text for area in areas for text in FIGURES.get(area, lambda _u: [])(unit)]
    if not parts:
        return None
    return Text("；".join(p.zh for p in parts) + "。", "; ".join(p.en for p in parts)[:1].upper() + "; ".join(p.en for p in parts)[1:] + ".")
