"""RET — retention, appraisal and destruction: post-2006 retention codes, the retention table kept
current after reorganisation, expired archives appraised, and destruction done by the book.

Retention decides what may one day be destroyed; a wrong code, a stale table or an undocumented
destruction is how records are lost unlawfully (Archive Law art. 48), so each step must be on record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, hookimpl, join, missing
from archcheck.checkers.sources import O13, O8, REG2024, practice
from archcheck.unitdata import indexed, parse_date

rules = RuleSet(area="RET")

O8_ART6 = O8.clause('第六条', BasisKind.DIRECT, '文书档案保管期限分为永久、定期两种，定期一般分为30年、10年；代码 Y/D30/D10（DA/T 22—2015 5.4.3）')
O8_CONVERSION = O8.clause('第六条、第十五条', BasisKind.PRINCIPLE, '2006年新规定施行后，长期、短期不再使用；旧期限的档案应对照新表换算')
O13_TABLE_REVISION = O13.clause('归档范围和保管期限表条款（条号未核实）', BasisKind.DIRECT, '机关职能、机构发生变化时，应当及时修订归档范围和档案保管期限表')
REG_ART24 = REG2024.clause('第二十四条', BasisKind.DIRECT, '定期对保管期限已满的档案进行鉴定并形成鉴定报告')
O13_APPRAISAL = O13.clause('鉴定条款（条号未核实）', BasisKind.DIRECT, '到期档案鉴定由办公厅（室）负责人主持，形成鉴定报告')
O13_DESTRUCTION = O13.clause('销毁条款（条号未核实）', BasisKind.DIRECT, '依据鉴定报告编制销毁清册，由分管档案工作的负责人、办公厅（室）负责人、档案部门负责人、相关业务部门负责人及经办人签署意见；销毁清册永久保存')
SUPERVISORS = practice('单位档案鉴定销毁制度（通行做法）').clause('', BasisKind.CONFIGURABLE, '13号令要求档案部门与业务部门共同派员监销；“不少于2名监销人”为常见单位规定，可配置')

ALLOWED_CODES = {"Y", "D30", "D10", "永久", "定期30年", "30年", "定期10年", "10年"}
LEGACY_CODES = {"长期": "D30", "短期": "D10", "C": "D30", "D": "D10"}
REQUIRED_SIGNATORIES = ("archives_leader", "office_head", "archives_head", "business_head", "handler")
SIGNATORY_NAMES = {
    "archives_leader": T("分管档案工作的负责人", "leader in charge of archives"),
    "office_head": T("办公厅（室）负责人", "head of the general office"),
    "archives_head": T("档案部门负责人", "head of the archives department"),
    "business_head": T("相关业务部门负责人", "head of the business department"),
    "handler": T("经办人", "staff member handling it"),
}


@hookimpl
def archcheck_areas():
    return {"RET": T("保管期限与鉴定销毁", "Retention, appraisal & destruction")}


@hookimpl
def archcheck_rules():
    return rules.all()


def _section(unit: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = unit.get(name)
    return value if isinstance(value, dict) else {}


def _codes(unit: Mapping[str, Any]) -> list[tuple[int, str]]:
    codes = _section(unit, "retention").get("codes_in_use")
    return [(i, c.strip()) for i, c in enumerate(codes) if isinstance(c, str)] if isinstance(codes, list) else []


def _normal(code: str) -> str:
    return code.upper().replace(" ", "")


@rules.rule(
    id="RET001",
    title=T("保管期限代码符合现行规定（永久/30年/10年）", "Retention codes are the current ones (Y/D30/D10)"),
    severity=Severity.MAJOR,
    points=3,
    basis=O8_ART6,
    remedy=T("保管期限只使用 永久（Y）、定期30年（D30）、定期10年（D10）；其他自创标识一律按本单位保管期限表改正。",
             "Use only permanent (Y), 30 years (D30) and 10 years (D10); correct any other marking against the unit's retention table."),
    rationale=T("2006 年 8 号令施行后，文书档案保管期限只分永久和定期（30 年、10 年）。目录、归档章和盒脊上出现其他标识，检查组会判为著录不规范。旧的长期/短期由 RET002 单独提示。",
                "Since Order 8 (2006) records are kept permanently or for 30 or 10 years. Any other marking in catalogues, stamps or box spines reads as wrong description. Legacy long/short terms are reported by RET002."),
    example=T("retention:\n  codes_in_use: [Y, D30, D10]", "retention:\n  codes_in_use: [Y, D30, D10]"),
)
def current_codes(unit, ctx):
    if "codes_in_use" not in _section(unit, "retention"):
        yield missing(join("retention", "codes_in_use"), T("未说明在用的保管期限代码", "no word on which retention codes are in use"))
        return
    codes = _codes(unit)
    unknown = [(i, c) for i, c in codes
               if _normal(c) not in {_normal(a) for a in ALLOWED_CODES} and _normal(c) not in {_normal(k) for k in LEGACY_CODES}]
    for index, code in unknown:
        yield fail(join("retention", "codes_in_use", index),
                   T("保管期限标识“{c}”不符合现行规定（应为 永久/Y、30年/D30、10年/D10）", "retention code '{c}' is not a current one (Y, D30 or D10)").format(c=code),
                   1 / len(unknown), code=code)


@rules.rule(
    id="RET002",
    title=T("旧保管期限（长期/短期）已按新表换算", "Legacy retention terms (long/short) are converted"),
    severity=Severity.MINOR,
    points=1,
    basis=O8_CONVERSION,
    applies_if=lambda unit, ctx: None if _codes(unit) else T("未列出在用的保管期限代码", "no retention codes listed"),
    remedy=T("对照本单位现行保管期限表，将 2006 年以前标注“长期”“短期”（C/D）的档案逐件确定为 定期30年 或 定期10年（或永久），修改目录和盒脊，并在全宗卷中记录换算情况。",
             "Using the current retention table, re-term each pre-2006 'long'/'short' (C/D) file as 30 or 10 years (or permanent), fix catalogues and box spines, and record the conversion in the fonds file."),
    rationale=T("长期、短期是 2006 年以前的保管期限，新规定施行后不再使用；仍在使用或未换算，会导致到期鉴定无法计算期满时间。",
                "Long and short terms predate 2006 and are no longer used; while they remain, nobody can compute when those files fall due for appraisal."),
    example=T("retention:\n  codes_in_use: [Y, D30, D10]   # 不再出现 长期、短期", "retention:\n  codes_in_use: [Y, D30, D10]   # no more 长期/短期"),
)
def legacy_codes(unit, ctx):
    legacy = {_normal(k): v for k, v in LEGACY_CODES.items()}
    found = [(i, c) for i, c in _codes(unit) if _normal(c) in legacy]
    for index, code in found:
        yield fail(join("retention", "codes_in_use", index),
                   T("仍在使用旧保管期限“{c}”，应按新表换算（通常对应 {n}）", "legacy retention term '{c}' still in use; convert it (usually to {n})").format(
                       c=code, n=legacy[_normal(code)]),
                   1 / len(found), code=code, suggested=legacy[_normal(code)])


def _reorganisations(unit: Mapping[str, Any], ctx: Any) -> list[tuple[int, dt.date]]:
    found = []
    for index, item in indexed(_section(unit, "organisation").get("reorganisations")):
        when = parse_date(item.get("date"))
        if when is not None and when <= ctx.as_of:
            found.append((index, when))
    return found


@rules.rule(
    id="RET003",
    title=T("机构变动后及时修订保管期限表", "The retention table is revised after a reorganisation"),
    severity=Severity.MAJOR,
    points=2,
    basis=O13_TABLE_REVISION,
    params={"grace_days": 0},
    applies_if=lambda unit, ctx: None if _reorganisations(unit, ctx) else T("未记录机构变动", "no reorganisation recorded"),
    remedy=T("机构改革、职能调整后，按新的机构和职能修订归档范围和保管期限表，重新报同级档案主管部门批准。",
             "After a reorganisation or change of functions, revise the filing-scope and retention table for the new set-up and have it approved again."),
    rationale=T("保管期限表按机构和职能编制；机构变了而表没有修订，新部门的文件无表可依。修订日期（revised_on，缺省取 approved_on）应晚于最近一次机构变动；可用参数 grace_days 给出宽限天数。",
                "The table follows the unit's structure and functions; after a reorganisation an unrevised table leaves new departments' files without a rule. Its revision date (revised_on, else approved_on) must follow the latest reorganisation; grace_days allows a grace period."),
    example=T("organisation:\n  reorganisations: [{date: 2023-01-10, description: 机构改革}]\nfiling:\n  scope_table: {exists: true, approved: true, revised_on: 2024-03-15}",
              "organisation:\n  reorganisations: [{date: 2023-01-10, description: restructuring}]\nfiling:\n  scope_table: {exists: true, approved: true, revised_on: 2024-03-15}"),
)
def table_revised_after_reorganisation(unit, ctx):
    index, latest = max(_reorganisations(unit, ctx), key=lambda pair: pair[1])
    table = _section(_section(unit, "filing"), "scope_table")
    dates = [d for d in (parse_date(table.get("revised_on")), parse_date(table.get("approved_on"))) if d is not None]
    where = join("filing", "scope_table")
    if not dates:
        yield missing(where, T("未提供保管期限表的批准或修订日期，无法判断 {d} 机构变动后是否修订", "no approval or revision date for the table, so revision after the {d} reorganisation cannot be checked").format(
            d=latest.isoformat()), reorganised_on=latest.isoformat())
        return
    revised = max(dates)
    if revised < latest and (ctx.as_of - latest).days > int(ctx.params["grace_days"]):
        yield fail(where, T("{d} 机构变动后保管期限表未修订（最近修订/批准于 {r}）", "the table was not revised after the {d} reorganisation (last revised or approved {r})").format(
            d=latest.isoformat(), r=revised.isoformat()), reorganised_on=latest.isoformat(), revised_on=revised.isoformat(),
            reorganisation=join("organisation", "reorganisations", index))


@rules.rule(
    id="RET004",
    title=T("保管期限已满的档案及时鉴定", "Archives past their term are appraised"),
    severity=Severity.MAJOR,
    points=3,
    basis=REG_ART24,
    remedy=T("组织鉴定小组对保管期限已满的档案逐件鉴定，形成鉴定报告：仍有价值的延长保管期限并重新标注，无保存价值的按程序销毁。",
             "Have an appraisal group review every file past its term and write a report: extend and re-mark what still has value, destroy the rest by the procedure."),
    rationale=T("到期不鉴定，库房里积压无保存价值的档案，也说明“定期鉴定”职责没有落实；检查组按 retention.expired_unappraised 的件数、卷数判断。",
                "Unappraised expired files pile up in the store and show the duty to appraise periodically is not met; inspectors look at the count of such files."),
    example=T("retention:\n  expired_unappraised: {items: 0, volumes: 0}", "retention:\n  expired_unappraised: {items: 0, volumes: 0}"),
)
def expired_appraised(unit, ctx):
    backlog = _section(unit, "retention").get("expired_unappraised")
    where = join("retention", "expired_unappraised")
    if not isinstance(backlog, dict) or not any(isinstance(backlog.get(k), int) for k in ("items", "volumes")):
        yield missing(where, T("未说明是否有保管期限已满而未鉴定的档案", "no word on archives past their term awaiting appraisal"))
        return
    items, volumes = backlog.get("items") or 0, backlog.get("volumes") or 0
    if items > 0 or volumes > 0:
        evidence = {"items": items, "volumes": volumes}
        if isinstance(backlog.get("oldest_year"), int):
            evidence["oldest_year"] = backlog["oldest_year"]
        yield fail(where, T("有 {i} 件、{v} 卷档案保管期限已满尚未鉴定", "{i} items and {v} volumes are past their term and not appraised").format(i=items, v=volumes),
                   **evidence)


@rules.rule(
    id="RET005",
    title=T("到期鉴定由办公室负责人主持并形成鉴定报告", "Appraisals are chaired by the office head and reported"),
    severity=Severity.MAJOR,
    points=2,
    basis=O13_APPRAISAL,
    applies_if=lambda unit, ctx: None if any(True for _ in indexed(_section(unit, "retention").get("appraisals")))
    else T("未记录到期鉴定", "no appraisal recorded"),
    remedy=T("到期鉴定在档案工作协调机制下进行，由办公厅（室）负责人主持，档案部门和业务部门人员组成鉴定小组，鉴定后形成书面鉴定报告。",
             "Appraise under the coordination mechanism, chaired by the head of the general office with archives and business staff, and write an appraisal report."),
    rationale=T("鉴定决定档案存毁，须有负责人主持并留下鉴定报告，才能作为销毁的依据。",
                "Appraisal decides what survives; it needs a responsible chair and a written report before anything may be destroyed."),
    example=T("retention:\n  appraisals:\n    - {date: 2024-11-20, report: true, chaired_by: office_head}",
              "retention:\n  appraisals:\n    - {date: 2024-11-20, report: true, chaired_by: office_head}"),
)
def appraisals_done_properly(unit, ctx):
    appraisals = list(indexed(_section(unit, "retention").get("appraisals")))
    share = 1 / len(appraisals)
    for index, item in appraisals:
        where, date = join("retention", "appraisals", index), item.get("date")
        report, chair = item.get("report"), item.get("chaired_by")
        problems = []
        if report is False:
            problems.append(T("未形成鉴定报告", "no appraisal report"))
        if chair is not None and chair != "office_head":
            problems.append(T("不是由办公厅（室）负责人主持", "not chaired by the head of the general office"))
        if problems:
            yield fail(where, _joined(T("{d} 的鉴定：", "appraisal of {d}: ").format(d=date), problems),
                       share, date=date, report=report, chaired_by=chair)
        elif report is None or chair is None:
            yield missing(where, T("未说明 {d} 的鉴定是否形成报告、由谁主持", "no word on the report or chair of the {d} appraisal").format(d=date), share, date=date)


def _joined(prefix: T, parts: list[T]) -> T:
    return T(prefix.zh + "；".join(p.zh for p in parts), prefix.en + "; ".join(p.en for p in parts))


def _destructions(unit: Mapping[str, Any]) -> list[tuple[int, Mapping[str, Any]]]:
    return list(indexed(_section(unit, "retention").get("destructions")))


def _has_destructions(unit, ctx):
    return None if _destructions(unit) else T("未记录档案销毁", "no destruction recorded")


@rules.rule(
    id="RET006",
    title=T("档案销毁手续完备", "Destructions are fully documented and approved"),
    severity=Severity.CRITICAL,
    points=4,
    basis=O13_DESTRUCTION,
    applies_if=_has_destructions,
    remedy=T("销毁前须有鉴定报告，编制销毁清册，由分管档案工作的负责人、办公厅（室）负责人、档案部门负责人、相关业务部门负责人和经办人签署意见；销毁清册永久保存。",
             "Before destroying, have an appraisal report and a destruction register signed by the leader in charge of archives, the office head, the archives head, the business head concerned and the handler; keep the register permanently."),
    rationale=T("没有鉴定报告、销毁清册或审批签字的销毁，属于擅自销毁档案（《档案法》第四十八条），是必达项。",
                "A destruction without appraisal report, register or sign-off is unauthorised destruction of archives (Archives Law art. 48): a must-pass item."),
    example=T("retention:\n  destructions:\n    - date: 2024-12-18\n      appraisal_report: true\n      register: true\n      register_kept_permanently: true\n      approved_by: [archives_leader, office_head, archives_head, business_head, handler]",
              "retention:\n  destructions:\n    - date: 2024-12-18\n      appraisal_report: true\n      register: true\n      register_kept_permanently: true\n      approved_by: [archives_leader, office_head, archives_head, business_head, handler]"),
)
def destruction_documented(unit, ctx):
    destructions = _destructions(unit)
    share = 1 / len(destructions)
    checks = (
        ("appraisal_report", T("无鉴定报告", "no appraisal report")),
        ("register", T("未编制销毁清册", "no destruction register")),
        ("register_kept_permanently", T("销毁清册未永久保存", "register not kept permanently")),
    )
    for index, item in destructions:
        where, date = join("retention", "destructions", index), item.get("date")
        failed = [text for key, text in checks if item.get(key) is False]
        unknown = [key for key, _ in checks if item.get(key) is None]
        signed = item.get("approved_by")
        if isinstance(signed, list):
            lacking = [s for s in REQUIRED_SIGNATORIES if s not in signed]
            if lacking:
                failed.append(_joined(T("清册缺少签署：", "register lacks the signature of: "), [SIGNATORY_NAMES[s] for s in lacking]))
        else:
            unknown.append("approved_by")
        if failed:
            yield fail(where, _joined(T("{d} 的销毁：", "destruction of {d}: ").format(d=date), failed), share, date=date)
        elif unknown:
            yield missing(where, T("{d} 的销毁未说明：{k}", "destruction of {d} does not say: {k}").format(d=date, k=", ".join(unknown)),
                          share, date=date, unknown=unknown)


@rules.rule(
    id="RET007",
    title=T("销毁有足够的监销人", "Destructions have enough supervisors"),
    severity=Severity.MINOR,
    points=1,
    basis=SUPERVISORS,
    params={"min_supervisors": 2},
    applies_if=_has_destructions,
    remedy=T("销毁时由档案部门和相关业务部门各派监销人，销毁前按清册清点核对，销毁后在清册上签字。",
             "Have the archives and the business department each send a supervisor who checks against the register before and signs it after the destruction."),
    rationale=T("13 号令要求档案部门与业务部门共同派员监销；许多单位规定不少于 2 名监销人（参数 min_supervisors）。",
                "Order 13 has both the archives and the business department send supervisors; many units require at least two (param min_supervisors)."),
    example=T("retention:\n  destructions:\n    - {date: 2024-12-18, supervisors: [王某（办公室）, 赵某（业务科）]}",
              "retention:\n  destructions:\n    - {date: 2024-12-18, supervisors: [Wang (office), Zhao (business)]}"),
)
def enough_supervisors(unit, ctx):
    destructions = _destructions(unit)
    need, share = int(ctx.params["min_supervisors"]), 1 / len(destructions)
    for index, item in destructions:
        where, people = join("retention", "destructions", index), item.get("supervisors")
        if not isinstance(people, list):
            yield missing(where, T("{d} 的销毁未列出监销人", "the {d} destruction lists no supervisors").format(d=item.get("date")), share)
        elif len(set(people)) < need:
            yield fail(where + "/supervisors", T("{d} 的销毁只有 {n} 名监销人，应不少于 {m} 名", "the {d} destruction had {n} supervisors; at least {m} are required").format(
                d=item.get("date"), n=len(set(people)), m=need), share, supervisors=len(set(people)), required=need)
