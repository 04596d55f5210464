"""HNA — what Hunan's published schemes ask of an archive room beyond the national rules.

The national rules (FUN … LAW) already cover what Hunan's schemes share with the national texts — 三分开,
集中统一管理, 温湿度, the devices list of Yueyang (FAC010). This module adds what only the local
documents ask for, and the pack's scoring profiles (`hunan`, `shaoyang`) carry the grades and the
must-pass items. A unit's Hunan data goes under `extensions.hunan` (see schema.py).
"""

from __future__ import annotations

import tomllib
from importlib import resources

from archcheck.api import RuleSet, Severity, T, fail, hookimpl, join, missing, unitdata

from archcheck_hunan.schema import SCHEMA
from archcheck_hunan.sources import SHAOYANG, YUEYANG

#: the plugin API versions this pack speaks; archcheck skips the pack, saying what to upgrade, if it speaks none of them
ARCHCHECK_API = (1,)

AREA = "HNA"
rules = RuleSet(area=AREA)

CURRENT_DOCUMENTS = YUEYANG.clause("一、3、(2)", note="按规定向同级现行文件服务中心报送现行文件资料（2分，*必达项）；邵阳评估表第10项同（5分）")
FILING_RATE = YUEYANG.clause("二、6、(2)", note="归档文件完整、准确、及时，近三年归档率达100%（3分），96%—99%按比例扣分，在95%以下不计分")
FAMILY_ARCHIVES = SHAOYANG.clause("三、11", note="本单位干部职工家庭档案建档面达30%，并报送《邵阳市家庭建档情况登记表》（10分）")


@hookimpl
def archcheck_rules():
    return rules.all()


@hookimpl
def archcheck_areas():
    return {AREA: T("湖南地方要求", "Hunan local requirements")}


@hookimpl
def archcheck_unit_schema():
    return {"hunan": SCHEMA}


@hookimpl
def archcheck_profiles():
    """`hunan` (DB43 grades, the must-pass items) and `shaoyang` (邵阳 评估表 grades), shipped as TOML data."""
    folder = resources.files("archcheck_hunan")
    return {name: tomllib.loads(folder.joinpath(f"{name}.toml").read_text(encoding="utf-8")) for name in ("hunan", "shaoyang")}


def _region(unit) -> str:
    return str((unit.get("unit") or {}).get("region") or "")


def in_hunan(unit, ctx):
    """applies_if: Hunan's requirements apply to units in Hunan (unit.region names the province first)."""
    if "湖南" in _region(unit):
        return None
    return T("单位不在湖南（unit.region 未写湖南）", "the unit is not in Hunan (unit.region does not say 湖南)")


def in_shaoyang(unit, ctx):
    if "邵阳" in _region(unit):
        return None
    return T("邵阳市评估表的要求，单位不在邵阳（unit.region 未写邵阳）", "a Shaoyang requirement; the unit is not in Shaoyang (unit.region)")


def _hunan(unit) -> dict:
    return (unit.get("extensions") or {}).get("hunan") or {}


@rules.rule(
    id="HNA001",
    title=T("按规定向同级现行文件服务中心报送现行文件", "Current documents are sent to the current-documents service centre"),
    severity=Severity.MAJOR,
    points=2,
    basis=CURRENT_DOCUMENTS,
    applies_if=in_hunan,
    params={"months": 12},
    remedy=T("把本单位公开的现行文件按规定报送同级现行文件服务中心，保留报送登记（日期、件数）。",
             "Send the unit's public current documents to the same-level service centre as required and keep a register (date, items)."),
    rationale=T("岳阳细则把报送现行文件列为必达项（*），邵阳评估表也单列计分；全国规定没有这项要求。"
                "以报送登记为证据：最近 months 个月（默认 12）内有一次报送为符合，只写“已报送”而无登记不算证据。",
                "Yueyang's scheme makes sending current documents a must-pass item (*) and Shaoyang scores it too; no national rule asks "
                "for it. The evidence is the register of submissions: one within the last `months` (12 by default) passes; a bare claim does not."),
    example=T("unit: {name: 某局, region: 湖南 岳阳}\nextensions:\n  hunan:\n    current_documents:\n      - {date: 2025-03-10, items: 12}",
              "unit: {name: X bureau, region: 湖南 岳阳}\nextensions:\n  hunan:\n    current_documents:\n      - {date: 2025-03-10, items: 12}"),
    violation=T("unit: {name: 某局, region: 湖南 岳阳}\nextensions:\n  hunan:\n    current_documents:\n      - {date: 2022-05-01, items: 3}",
                "unit: {name: X bureau, region: 湖南 岳阳}\nextensions:\n  hunan:\n    current_documents:\n      - {date: 2022-05-01, items: 3}"),
)
def current_documents_sent(unit, ctx):
    where = join("extensions", "hunan", "current_documents")
    submissions = _hunan(unit).get("current_documents")
    if not submissions:
        yield missing(where, T("未提供向现行文件服务中心报送现行文件的登记", "no register of current documents sent to the service centre"))
        return
    months = int(ctx.params["months"])
    if not unitdata.dated_within(submissions, ctx.as_of, months):
        last = max((d for _, s in unitdata.indexed(submissions) if (d := unitdata.parse_date(s.get("date")))), default=None)
        yield fail(where, T("最近 {m} 个月没有报送现行文件（最近一次：{d}）", "no current documents sent in the last {m} months (last: {d})")
                   .format(m=months, d=last.isoformat() if last else "—"), last=last.isoformat() if last else None, months=months)


def _rate(value):
    """A year's filing rate in percent: given as a number, or computed from {due, filed}."""
    if isinstance(value, dict):
        due, filed = value.get("due"), value.get("filed")
        return 100.0 if due == 0 else min(100.0, 100.0 * filed / due)
    return float(value)


@rules.rule(
    id="HNA002",
    title=T("近三年归档率达 100%", "The filing rate of the last three years is 100 %"),
    severity=Severity.MAJOR,
    points=3,
    basis=FILING_RATE,
    applies_if=in_hunan,
    params={"full": 100, "zero_below": 95},
    remedy=T("对照归档范围清点近三年应归档文件，补齐漏归的文件，并逐年记录应归档和已归档件数。",
             "Count the documents due for filing in the last three years against the filing scope, file the missing ones, "
             "and record due and filed counts every year."),
    rationale=T("岳阳细则：近三年归档率达 100% 得满分，96%—99% 按比例扣分，95% 以下不计分；全国规定只要求应归尽归，没有分档。"
                "每年占三分之一：100% 不扣，95% 及以下扣满，之间按比例（95% 本身细则未写明，按不计分处理）。"
                "年度未填为未提供证据。可写百分数，或写 {due: 应归档件数, filed: 已归档件数} 由工具计算。",
                "Yueyang: 100 % over the last three years earns the points, 96–99 % pro rata, below 95 % nothing; the national rules only say "
                "file everything due. Each year is a third: 100 % costs nothing, 95 % or less all of it, pro rata between (the scheme is silent "
                "on 95 % itself; read as nothing). A year not given is no evidence. Give a percentage or {due, filed}."),
    example=T("unit: {name: 某局, region: 湖南 岳阳}\nextensions:\n  hunan:\n    filing_rate: {'2022': 100, '2023': 100, '2024': {due: 850, filed: 850}}",
              "unit: {name: X bureau, region: 湖南 岳阳}\nextensions:\n  hunan:\n    filing_rate: {'2022': 100, '2023': 100, '2024': {due: 850, filed: 850}}"),
    violation=T("unit: {name: 某局, region: 湖南 岳阳}\nextensions:\n  hunan:\n    filing_rate: {'2022': 100, '2023': 97, '2024': 100}",
                "unit: {name: X bureau, region: 湖南 岳阳}\nextensions:\n  hunan:\n    filing_rate: {'2022': 100, '2023': 97, '2024': 100}"),
)
def filing_rate(unit, ctx):
    rates = _hunan(unit).get("filing_rate") or {}
    full, zero_below = float(ctx.params["full"]), float(ctx.params["zero_below"])
    years = unitdata.completed_years(ctx.as_of, 3)
    for year in years:
        where = join("extensions", "hunan", "filing_rate", str(year))
        if str(year) not in rates:
            yield missing(where, T("未填写 {y} 年度归档率", "no filing rate given for {y}").format(y=year), 1 / len(years), year=year)
            continue
        rate = _rate(rates[str(year)])
        if rate < full:
            share = min(1.0, (full - rate) / (full - zero_below))
            yield fail(where, T("{y} 年度归档率 {r:g}%，未达 {f:g}%", "filing rate {r:g} % in {y}, below {f:g} %").format(y=year, r=round(rate, 1), f=full),
                       share / len(years), year=year, rate=round(rate, 1))


@rules.rule(
    id="HNA003",
    title=T("干部职工家庭建档面达 30% 并报送登记表（邵阳）", "30 % of staff households keep family archives, registered (Shaoyang)"),
    severity=Severity.MINOR,
    points=3,
    basis=FAMILY_ARCHIVES,
    applies_if=in_shaoyang,
    params={"share": 0.3},
    remedy=T("组织干部职工建立家庭档案，达到职工户数的 30%，并填报《邵阳市家庭建档情况登记表》。",
             "Help staff set up family archives for at least 30 % of households and send the 邵阳市家庭建档情况登记表."),
    rationale=T("邵阳评估表在“民生档案工作”中以 10 分考核家庭建档面和登记表；这是邵阳的地方要求，只对邵阳的单位适用。"
                "建档面 = 已建家庭档案户数 ÷ 干部职工户数；两部分各占一半。",
                "Shaoyang's form scores household archives (10 points) under 民生档案工作; a Shaoyang requirement, applied to Shaoyang units "
                "only. Share = households with family archives ÷ staff households; the share and the register count half each."),
    example=T("unit: {name: 某局, region: 湖南 邵阳}\nextensions:\n  hunan:\n    family_archives: {households: 120, with_archives: 40, register_sent: true}",
              "unit: {name: X bureau, region: 湖南 邵阳}\nextensions:\n  hunan:\n    family_archives: {households: 120, with_archives: 40, register_sent: true}"),
    violation=T("unit: {name: 某局, region: 湖南 邵阳}\nextensions:\n  hunan:\n    family_archives: {households: 120, with_archives: 12, register_sent: false}",
                "unit: {name: X bureau, region: 湖南 邵阳}\nextensions:\n  hunan:\n    family_archives: {households: 120, with_archives: 12, register_sent: false}"),
)
def family_archives(unit, ctx):
    where = join("extensions", "hunan", "family_archives")
    family = _hunan(unit).get("family_archives")
    if not family:
        yield missing(where, T("未提供干部职工家庭建档情况", "no figures on staff family archives"))
        return
    households, filed, wanted = family.get("households"), family.get("with_archives"), float(ctx.params["share"])
    if not households or filed is None:
        yield missing(where, T("未填写职工户数或已建档户数", "households or households with archives not given"), 0.5)
    elif filed / households < wanted:
        yield fail(join("extensions", "hunan", "family_archives", "with_archives"),
                   T("家庭建档面 {s:.0%}，未达 {w:.0%}", "{s:.0%} of households keep family archives, below {w:.0%}").format(
                       s=filed / households, w=wanted), 0.5, share=round(filed / households, 3))
    if "register_sent" not in family:
        yield missing(join("extensions", "hunan", "family_archives", "register_sent"),
                      T("未说明是否已报送《邵阳市家庭建档情况登记表》", "no word on the household register being sent"), 0.5)
    elif not family["register_sent"]:
        yield fail(join("extensions", "hunan", "family_archives", "register_sent"),
                   T("未报送《邵阳市家庭建档情况登记表》", "the household register has not been sent"), 0.5)
