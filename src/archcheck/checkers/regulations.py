"""REG — the unit's archive rules and systems: which exist, whether current, whether filed (篇1 §(四)).

The listed rules are read as all the rules the unit has, because an inspector counts what is on the
wall and in the file: a kind not listed is a kind not adopted.
"""

from __future__ import annotations

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, hookimpl, join, missing
from archcheck.checkers.common import flag
from archcheck.checkers.sources import LAW1987, LAW1996, LAW2020, O13, RULES_BEFORE_2021
from archcheck.unitdata import indexed, parse_date

rules = RuleSet(area="REG")

LAW_ART12 = LAW2020.clause('第十二条', BasisKind.PRINCIPLE, '按照国家规定应当形成档案的单位，应当建立档案工作责任制，依法健全档案管理制度',
                           earlier=RULES_BEFORE_2021)
_CURRENT_LAW = '制度应当依据自查日期时施行的《档案法》制定或修订；以其施行日为分界是可配置的判断'
LAW_REVISION = LAW2020.clause('', BasisKind.CONFIGURABLE, _CURRENT_LAW, earlier=LAW1996.clause(
    '', BasisKind.CONFIGURABLE, _CURRENT_LAW, earlier=LAW1987.clause('', BasisKind.CONFIGURABLE, _CURRENT_LAW)))
O13_FILING = O13.unnumbered('机构与人员一章中机关档案部门的基本任务；条号未核实，见《机关档案管理规定》解读', BasisKind.CONFIGURABLE,
                            '机关档案部门制定本机关档案工作制度，并将基本制度报档案行政管理部门备案')

KIND_NAMES = {
    "job_duties": T("档案人员岗位职责", "archivist job duties"),
    "work_code": T("档案人员工作守则", "archivist work code"),
    "custody": T("档案保管制度", "custody rules"),
    "secrecy": T("档案保密制度", "secrecy rules"),
    "appraisal_destruction": T("档案鉴定、销毁制度", "appraisal and destruction rules"),
    "access_use": T("档案借阅利用制度", "access and use rules"),
    "store_management": T("库房管理制度", "store management rules"),
    "filing": T("文件材料归档制度", "filing rules"),
    "emergency": T("档案管理应急预案", "emergency plan"),
    "statistics": T("档案统计制度", "statistics rules"),
    "digitisation": T("档案数字化管理制度", "digitisation rules"),
    "electronic_records": T("电子档案管理制度", "electronic records rules"),
    "other": T("其他制度", "other rules"),
}
#: the seven the seed names, plus filing, emergency and statistics (issue 3)
REQUIRED = ["job_duties", "work_code", "custody", "secrecy", "appraisal_destruction", "access_use", "store_management",
            "filing", "emergency", "statistics"]
BASIC = ["filing", "custody", "secrecy", "appraisal_destruction", "access_use"]


@hookimpl
def archcheck_areas():
    return {"REG": T("规章制度", "Rules & systems")}


@hookimpl
def archcheck_rules():
    return rules.all()


def _name(kind: str) -> T:
    return KIND_NAMES.get(kind, T(kind, kind))


def _listed(unit):
    return list(indexed(unit.get("regulations")))


@rules.rule(
    id="REG001",
    title=T("档案工作基本制度齐全", "The basic archive rules all exist"),
    severity=Severity.MAJOR,
    points=4,
    basis=LAW_ART12,
    params={"required": REQUIRED},
    remedy=T("补齐缺少的制度（岗位职责、工作守则、保管、保密、鉴定销毁、借阅利用、库房管理、归档、应急预案、统计），印发执行并上墙公示。",
             "Write the missing rules (duties, work code, custody, secrecy, appraisal/destruction, access, store, filing, emergency, statistics), issue and post them."),
    rationale=T("列出的制度清单视为单位现有的全部制度：清单中没有的视为未制定（不符合）；完全未填写制度时为未提供证据。"
                "默认要求篇1 列出的七项制度加归档、应急、统计三项，可用 --param REG001.required=[...] 调整。按缺少的项目比例扣分。",
                "The listed rules are taken as all the rules the unit has: a kind not listed counts as not adopted (fail); no list at all is no evidence. "
                "By default the seven rules the seed names plus filing, emergency and statistics are required (change with --param REG001.required=[...]). "
                "Deducts in proportion to the kinds missing."),
    example=T("regulations:  # 十项制度各一条\n" + "".join(f"  - {{kind: {k}, adopted: 2023-03-01}}\n" for k in REQUIRED),
              "regulations:  # one entry for each of the ten kinds\n" + "".join(f"  - {{kind: {k}, adopted: 2023-03-01}}\n" for k in REQUIRED)),
    violation=T("regulations:\n  - {kind: filing, title: 文件材料归档制度, adopted: 2023-03-01}",
                "regulations:\n  - {kind: filing, title: Filing rules, adopted: 2023-03-01}"),
)
def rules_exist(unit, ctx):
    required = list(ctx.params["required"])
    if "regulations" not in unit:
        yield missing("/regulations", T("未列出档案工作规章制度", "no archive rules are listed"))
        return
    kinds = {item.get("kind") for _, item in _listed(unit)}
    absent = [k for k in required if k not in kinds]
    for kind in absent:
        yield fail("/regulations", T("缺少《{zh}》", "no {en}").format(**_name(kind).to_dict()), 1 / len(required), kind=kind)


def _has_rules(unit, ctx):
    return None if _listed(unit) else T("未列出规章制度", "no rules are listed")


@rules.rule(
    id="REG002",
    title=T("制度依据现行法规制定或修订", "Rules were adopted or revised under the current law"),
    severity=Severity.MINOR,
    points=2,
    basis=LAW_REVISION,
    params={"not_before": ""},
    applies_if=_has_rules,
    remedy=T("对照现行《档案法》（2020 年修订，2021 年 1 月 1 日起施行）和《档案法实施条例》（2024 年 3 月 1 日起施行）修订制度，注明修订日期。",
             "Revise the rules against the Archive Law in force (the 2020 revision, in force 1 January 2021) and the Implementing Regulations "
             "(in force 1 March 2024); record the revision date."),
    rationale=T("在自查日期时施行的《档案法》（2021 年起为 2020 年修订本，此前为 1996 年修正本）施行之前制定且此后未修订的制度，引用的是已被取代的条文。"
                "分界日期默认取该法的施行日，也可用 REG002.not_before=YYYY-MM-DD 指定；并非法规明文规定的期限，故依据类型为可配置。没有日期的制度为未提供证据。",
                "Rules adopted before the Archive Law in force on the audit date took effect (the 2020 revision from 2021, the 1996 amendment before) "
                "and never revised since cite superseded text. The cut-off is that law's in-force date unless REG002.not_before=YYYY-MM-DD sets one; "
                "no regulation states such a term, hence the configurable basis. Rules without a date are no evidence."),
    example=T("regulations:\n  - {kind: custody, adopted: 2015-05-01, revised: 2022-03-01}",
              "regulations:\n  - {kind: custody, adopted: 2015-05-01, revised: 2022-03-01}"),
)
def rules_current(unit, ctx):
    cutoff = parse_date(str(ctx.params["not_before"] or "")) or ctx.since()
    listed = _listed(unit)
    share = 1 / len(listed)
    for index, item in listed:
        dates = [d for d in (parse_date(item.get("revised")), parse_date(item.get("adopted"))) if d is not None]
        title = item.get("title") or _name(item.get("kind", "other")).zh
        where = join("regulations", index)
        if not dates:
            yield missing(where, T("《{t}》未写制定或修订日期", "'{t}' has no adoption or revision date").format(t=title), share)
        elif cutoff is not None and max(dates) < cutoff:
            yield fail(where, T("《{t}》最近于 {d} 制定或修订，早于 {c}", "'{t}' was last adopted or revised on {d}, before {c}").format(
                t=title, d=max(dates).isoformat(), c=cutoff.isoformat()), share, last=max(dates).isoformat())


@rules.rule(
    id="REG003",
    title=T("基本制度报档案主管部门备案", "The basic rules are filed with the archive bureau"),
    severity=Severity.MINOR,
    points=2,
    basis=O13_FILING,
    params={"basic": BASIC},
    remedy=T("将归档、保管、保密、鉴定销毁、借阅利用等基本制度报同级档案行政管理部门备案，留存备案回执。",
             "File the basic rules (filing, custody, secrecy, appraisal/destruction, access) with the archive bureau and keep the receipt."),
    rationale=T("《机关档案管理规定》要求机关档案部门制定档案工作制度并报档案主管部门备案；哪些属于须备案的“基本制度”未见原文，"
                "默认取归档、保管、保密、鉴定销毁、借阅利用五项，可配置（REG003.basic）。",
                "Order No. 13 has the archives department file its rules with the archive bureau; no text found says which rules count as 'basic', "
                "so the default (filing, custody, secrecy, appraisal/destruction, access) is configurable (REG003.basic)."),
    example=T("regulations:\n  - {kind: filing, filed_with_bureau: true}", "regulations:\n  - {kind: filing, filed_with_bureau: true}"),
)
def rules_filed(unit, ctx):
    basic = list(ctx.params["basic"])
    listed = [(i, item) for i, item in _listed(unit) if item.get("kind") in basic]
    if not listed:
        yield missing("/regulations", T("未列出须备案的基本制度", "none of the basic rules is listed"))
        return
    share = 1 / len(listed)
    for index, item in listed:
        title = item.get("title") or _name(item["kind"]).zh
        yield from flag(item.get("filed_with_bureau"), join("regulations", index, "filed_with_bureau"),
                        T("未说明《{t}》是否已备案", "no word on whether '{t}' is filed").format(t=title),
                        T("《{t}》未报档案主管部门备案", "'{t}' is not filed with the archive bureau").format(t=title), share)
