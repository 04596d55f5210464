"""RET — retention, appraisal and destruction: post-2006 retention codes, the retention table kept
current after reorganisation, expired archives appraised, and destruction done by the book.

Retention decides what may one day be destroyed; a wrong code, a stale table or an undocumented
destruction is how records are lost unlawfully (Archive Law art. 48), so each step must be on record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, hookimpl, join, missing
from archcheck.checkers.sources import O13, O8, REG2024, RETENTION_SCHEME_BEFORE_2006, legacy_term_lawful, practice
from archcheck.unitdata import indexed, parse_date

rules = RuleSet(area="RET")

O8_ART6 = O8.clause('第六条', BasisKind.DIRECT, '机关文书档案的保管期限定为永久、定期两种，定期一般分为30年、10年；代码 Y/D30/D10 见 DA/T 22—2015 5.4.3 c)',
                    earlier=RETENTION_SCHEME_BEFORE_2006)
O8_LEGACY = O8.clause('第六条、第十五条', BasisKind.DIRECT, '保管期限定为永久、定期（一般30年、10年）两种；1987 年《关于机关档案保管期限的规定》（永久、长期、短期）同时废止')
O13_TABLE_REVISION = O13.unnumbered('文件材料归档一章中归档范围和保管期限表的要求；条号未核实，原文见于题库引用', BasisKind.DIRECT,
                                    '机关职能、机构发生变化时，应当及时修订归档范围和档案保管期限表')
O13_APPRAISAL_DUTY = O13.unnumbered('档案鉴定一章的要求；条号未核实，原文见于题库引用', BasisKind.DIRECT, '定期对保管期限已满的档案进行鉴定，形成鉴定报告')
REG_ART24 = REG2024.clause('第二十四条', BasisKind.DIRECT, '定期对保管期限届满的档案进行鉴定，形成鉴定工作报告；继续保存的重新划定保管期限并作出标注',
                           earlier=O13_APPRAISAL_DUTY)
O13_APPRAISAL = O13.unnumbered('档案鉴定一章的要求；条号未核实，原文见于题库引用', BasisKind.DIRECT, '到期档案鉴定由办公厅（室）负责人主持，形成鉴定报告')
O13_DESTRUCTION = O13.unnumbered('档案鉴定与销毁一章的要求；条号未核实，原文见于题库引用', BasisKind.DIRECT,
                                 '依据鉴定报告编制销毁清册，由分管档案工作的负责人、办公厅（室）负责人、档案部门负责人、相关业务部门负责人及经办人签署意见；销毁清册永久保存')
SUPERVISORS = practice('单位档案鉴定销毁制度（通行做法）').clause('', BasisKind.CONFIGURABLE, '档案部门与业务部门共同派员监销；“不少于2名监销人”为常见单位规定，可配置')

#: the first year whose records must carry the 8号令 terms (legacy_term_lawful: up to 2006 they may not)
NEW_TERMS_FROM = next(y for y in range(1987, 2100) if legacy_term_lawful(y) is False)
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


def _periods(unit: Mapping[str, Any]) -> list[tuple[int, Mapping[str, Any]]]:
    return list(indexed(_section(unit, "retention").get("codes_by_years")))


def _all_codes(unit: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every retention code the unit names, with where: codes_in_use, then each period of codes_by_years."""
    found = [(join("retention", "codes_in_use", i), c) for i, c in _codes(unit)]
    for index, period in _periods(unit):
        codes = period.get("codes")
        for n, code in enumerate(codes if isinstance(codes, list) else []):
            if isinstance(code, str):
                found.append((join("retention", "codes_by_years", index, "codes", n), code.strip()))
    return found


def _known(code: str) -> bool:
    return _normal(code) in {_normal(a) for a in ALLOWED_CODES} | {_normal(k) for k in LEGACY_CODES}


def _legacy(code: str) -> bool:
    return _normal(code) in {_normal(k) for k in LEGACY_CODES}


@rules.rule(
    id="RET001",
    title=T("保管期限代码是规定的代码", "Retention codes are recognised ones"),
    severity=Severity.MAJOR,
    points=3,
    basis=O8_ART6,
    remedy=T("保管期限只使用 永久（Y）、定期30年（D30）、定期10年（D10）（2006 年以前的档案保留当时的 长期、短期）；其他自创标识一律按本单位保管期限表改正。",
             "Use only permanent (Y), 30 years (D30) and 10 years (D10) (records up to 2006 keep their 长期/短期); correct any other marking "
             "against the unit's retention table."),
    rationale=T("2006 年 12 月 18 日 8号令施行后，文书档案保管期限只分永久和定期（30 年、10 年）；此前为 1987 年规定的永久、长期、短期。"
                "目录、归档章和盒脊上出现这两套以外的标识，检查组会判为著录不规范。长期、短期用在哪些年度由 RET002 判断。",
                "Since Order 8 took effect on 18 December 2006 records are kept permanently or for 30 or 10 years; before, the 1987 rules' permanent, "
                "long and short terms applied. Any marking outside the two schemes in catalogues, stamps or box spines reads as wrong description. "
                "Which years carry 长期/短期 is RET002's question."),
    example=T("retention:\n  codes_in_use: [Y, D30, D10]", "retention:\n  codes_in_use: [Y, D30, D10]"),
)
def current_codes(unit, ctx):
    retention = _section(unit, "retention")
    if "codes_in_use" not in retention and "codes_by_years" not in retention:
        yield missing(join("retention", "codes_in_use"), T("未说明在用的保管期限代码", "no word on which retention codes are in use"))
        return
    unknown = [(where, c) for where, c in _all_codes(unit) if not _known(c)]
    for where, code in unknown:
        yield fail(where, T("保管期限标识“{c}”不是规定的代码（应为 永久/Y、30年/D30、10年/D10）", "retention code '{c}' is not a recognised one (Y, D30 or D10)").format(c=code),
                   1 / len(unknown), code=code)


def _legacy_uses(unit, ctx) -> list[tuple[str, str, int | None, int | None]]:
    """(where, code, first year, last year) of every legacy term the unit names; years None when unknown."""
    uses = []
    for index, period in _periods(unit):
        first, last = period.get("from_year"), period.get("to_year")
        for where, code in _all_codes(unit):
            if where.startswith(join("retention", "codes_by_years", index) + "/") and _legacy(code):
                uses.append((where, code, first if isinstance(first, int) else None, last if isinstance(last, int) else None))
    explained = {code for _, code, _, _ in uses}
    for index, code in _codes(unit):
        if _legacy(code) and code not in explained:
            uses.append((join("retention", "codes_in_use", index), code, None, None))
    return uses


def _first_holdings_year(unit) -> int | None:
    years = [e["year"] for _, e in indexed(_section(unit, "holdings").get("by_year")) if isinstance(e.get("year"), int)]
    return min(years) if years else None


@rules.rule(
    id="RET002",
    title=T("2007 年以后的档案不再标注旧保管期限（长期/短期）", "Records from 2007 on carry no legacy term (长期/短期)"),
    severity=Severity.MAJOR,
    points=3,
    basis=O8_LEGACY,
    applies_if=lambda unit, ctx: None if _all_codes(unit) else T("未列出在用的保管期限代码", "no retention codes listed"),
    remedy=T("对 2007 年及以后形成、仍标注“长期”“短期”（C/D）的档案，按本单位经批准的保管期限表重新划定为 永久、定期30年 或 定期10年，"
             "修改归档章、目录和盒脊。",
             "Re-term every record from 2007 on still marked 长期/短期 (C/D) as permanent, 30 or 10 years under the unit's approved table, and fix "
             "stamps, catalogues and box spines."),
    rationale=T("8号令自 2006 年 12 月 18 日起施行，废止了 1987 年的永久、长期、短期规定：此后形成的文件不应再标长期或短期（2006 年的文件可能形成于施行以前，"
                "不计）。2006 年及以前的档案标注长期、短期是当年的规定，没有找到要求改标的条文，不评价（“长期≈30年、短期≈10年”的对应只是通行做法）；"
                "这与归档文件目录的检查（CAT011、CAT019）用的是同一条界线。年度按 retention.codes_by_years 判断；只在 codes_in_use 中列出旧期限而"
                "未说明年度的，馆藏全部形成于 2007 年以后时为不符合，否则为未提供证据。按含旧期限的年度段平均扣分。",
                "Order No. 8 took effect on 18 December 2006 and repealed the 1987 permanent/long/short scheme: records made later must not be marked "
                "长期 or 短期 (records of 2006 may predate it and are given the benefit of the doubt). On records up to 2006 the old terms were the rule "
                "of the time and no text found orders re-coding, so they are not judged (mapping 长期 to D30 and 短期 to D10 is only common practice); "
                "the catalogue checks (CAT011, CAT019) draw the same line. Years come from retention.codes_by_years; legacy terms listed only in "
                "codes_in_use, without years, fail when all holdings date from 2007 on and are no evidence otherwise. Deducts evenly over the spans "
                "that carry legacy terms."),
    example=T("retention:\n  codes_by_years:\n    - {to_year: 2006, codes: [永久, 长期, 短期]}\n    - {from_year: 2007, codes: [Y, D30, D10]}",
              "retention:\n  codes_by_years:\n    - {to_year: 2006, codes: [永久, 长期, 短期]}\n    - {from_year: 2007, codes: [Y, D30, D10]}"),
    violation=T("retention:\n  codes_by_years:\n    - {from_year: 2015, codes: [永久, 长期, 短期]}",
                "retention:\n  codes_by_years:\n    - {from_year: 2015, codes: [永久, 长期, 短期]}"),
)
def legacy_codes(unit, ctx):
    uses = _legacy_uses(unit, ctx)
    if not uses:
        return
    share = 1 / len(uses)
    first_held = _first_holdings_year(unit)
    for where, code, first, last in uses:
        if first is None and last is None:
            if first_held is not None and legacy_term_lawful(first_held) is False:
                yield fail(where, T("馆藏均形成于 {y} 年以后，仍使用旧保管期限“{c}”", "all holdings date from {y} on, yet the legacy term '{c}' is in use").format(y=first_held, c=code),
                           share, code=code, first_holdings_year=first_held)
            else:
                yield missing(where, T("使用旧保管期限“{c}”，未说明用于哪些年度的档案（retention.codes_by_years）",
                                       "the legacy term '{c}' is in use without saying for which years (retention.codes_by_years)").format(c=code), share, code=code)
            continue
        end = last if last is not None else ctx.as_of.year
        if legacy_term_lawful(end) is False:
            start = max(first if first is not None else 0, NEW_TERMS_FROM)
            yield fail(where, T("{a}–{b} 年度的档案仍标注旧保管期限“{c}”（8号令施行后应为永久、定期30年或10年）",
                                "records of {a}–{b} still carry the legacy term '{c}' (after Order No. 8: permanent, 30 or 10 years)").format(a=start, b=end, c=code),
                       share, code=code, from_year=start, to_year=end)


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
    rationale=T("没有鉴定报告、销毁清册或审批签字的销毁，属于擅自销毁档案（《档案法》第四十八条第（四）项），是必达项。",
                "A destruction without appraisal report, register or sign-off is unauthorised destruction of archives (Archive Law art. 48 item (4)): a must-pass item."),
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
