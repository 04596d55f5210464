"""The draft 自查报告 as a list of neutral blocks, in the structure of the seed report 篇1.

Markdown, HTML and DOCX render the same blocks, so the three drafts never disagree. Sections are
written from outcomes, findings and rule metadata only, so areas added by other plugins get their
own numbered section without changes here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence, Union

from archcheck.model import Outcome, Report, RuleResult, Text, UnitReport
from archcheck.reporters.numbers import points
from archcheck.reporters.prose import cite, prose, user_words
from archcheck.reporters.unit_facts import area_figures, basic_facts


@dataclass(frozen=True)
class Heading:
    level: int  # 0 = title, 1 = 一、…, 2 = （一）…
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    role: str = ""  # "lead", "signature"


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    role: str = ""  # "findings", "score", "annex"
    #: per row, the rule id (findings tables), for renderers that tag rows
    keys: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Chart:
    """Area scores against their maxima (HTML draws it; other formats show the score table only)."""

    bars: tuple[tuple[str, float, float], ...]
    title: str
    #: the total and grade, shown with the chart at the top of the HTML draft
    total: str = ""
    grade: str = ""


Block = Union[Heading, Paragraph, Table, Chart]

#: The seed report's order of 二、自查情况; areas arriving from other plugins follow in report order.
SEED_SECTIONS: tuple[tuple[tuple[str, ...], Text], ...] = (
    (("FUN",), Text("经费与计划", "Funding and plan")),
    (("ORG",), Text("组织领导", "Leadership")),
    (("STA",), Text("人员配备", "Staffing")),
    (("REG",), Text("规章制度", "Rules and regulations")),
    (("PRO", "FAC"), Text("安全保管", "Safe custody")),
    (("PRJ",), Text("重大建设项目", "Major construction projects")),
    (("USE",), Text("开发利用", "Use of the archive")),
    (("FIL", "RET"), Text("归档与整理", "Filing and arrangement")),
    (("TRN",), Text("业务培训", "Training")),
    (("LAW",), Text("依法治档", "Rule of law")),
)

L = {
    "title": Text("{name}档案工作自查报告", "Archive self-inspection report: {name}"),
    "lead": Text(
        "对照档案法律法规和档案工作检查要求，{we}以{date}为基准日开展了档案工作自查，共检查{n}项，"
        "其中符合{p}项、不符合{f}项、未能提供证据{e}项{other}。自查得分{total}分（满分100分），等级为“{grade}”。"
        "现将自查情况报告如下：",
        "Against the archive laws and the inspection checklist, {name} carried out a self-inspection as of {date}: "
        "{n} items checked, {p} compliant, {f} non-compliant, {e} without evidence{other}. Score {total} of 100, "
        "grade '{grade}'. The findings follow.",
    ),
    "lead_other": Text("；另有{k}项不适用、未检查或已豁免，不计入", "; {k} more not applicable, not checked or waived"),
    "basic": Text("一、基本情况", "1. Basic information"),
    "check": Text("二、自查情况", "2. Self-inspection"),
    "no_data": Text("本报告依据 {source} 生成，未附单位描述；单位地址、用房、馆藏和人员情况请补充。",
                    "This report rests on {source} alone; add the unit's address, rooms, holdings and staff."),
    "stats": Text("输入文件统计：{figures}。", "Figures from the input: {figures}."),
    "problems": Text("三、存在问题及对策", "3. Problems and remedies"),
    "score": Text("四、自查评分", "4. Score"),
    "pass": Text("经自查，以下{n}项符合要求：{items}。", "{n} item(s) comply: {items}."),
    "fail": Text("以下{n}项不符合要求：{items}。", "{n} item(s) do not comply: {items}."),
    "no_evidence": Text("以下{n}项未能提供证据，需补充材料：{items}。", "{n} item(s) lack evidence and need documents: {items}."),
    "other": Text("以下{n}项不适用、未检查或已豁免：{items}。", "{n} item(s) not applicable, not checked or waived: {items}."),
    "no_problems": Text("经自查，未发现问题。", "The self-inspection found no problems."),
    "summary": Text(
        "共发现问题{n}项（不符合{f}项、未能提供证据{e}项），其中必达项{c}项、重要{m}项、一般{mi}项、提示{i}项。{order}",
        "{n} problem(s) found ({f} non-compliant, {e} without evidence): {c} critical, {m} major, {mi} minor, {i} info. {order}",
    ),
    "critical_first": Text("必达项关系等级评定，应优先整改；其余问题对照下表逐项整改。", "Critical items decide the grade and come first; work through the rest in the table below."),
    "in_order": Text("对照下表逐项整改。", "Work through the table below."),
    "no": Text("序号", "No."),
    "rule": Text("规则", "Rule"),
    "problem": Text("问题", "Problem"),
    "basis": Text("依据", "Basis"),
    "remedy": Text("整改措施", "Remedy"),
    "area": Text("领域", "Area"),
    "got": Text("得分", "Score"),
    "max": Text("满分", "Max"),
    "sum": Text("合计", "Total"),
    "total": Text("自查总分{total}分（满分100分），等级为“{grade}”。", "Total score {total} of 100, grade '{grade}'."),
    "capped": Text("因必达项“{ids}”未达要求，等级定为最低档。", "The grade is capped at the lowest grade because of: {ids}."),
    "annex": Text("附件", "Annex"),
    "annex_title": Text("检查项目对照表", "Items checked"),
    "item": Text("检查项目", "Item"),
    "code": Text("代码", "Code"),
    "result": Text("结果", "Result"),
    "severity": Text("重要程度", "Severity"),
    "chart": Text("各领域得分与满分", "Area scores against their maximum"),
    "total_short": Text("自查总分", "Total score"),
    "grade_short": Text("等级", "Grade"),
    "date": Text("{y}年{m}月{d}日", "{y}-{m:02d}-{d:02d}"),
}

CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (enough for section numbers)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def sub_heading(n: int, title: str, lang: str) -> str:
    return f"（{chinese_number(n)}）{title}" if lang != "en" else f"({n}) {title}"


def sections(report: Report, unit: UnitReport, lang: str) -> list[tuple[tuple[str, ...], str]]:
    """The numbered sections of 二: seed order first, then other areas, only those with rules run."""
    present = list(dict.fromkeys(r.rule.area for r in unit.results))
    chosen: list[tuple[tuple[str, ...], str]] = []
    for codes, title in SEED_SECTIONS:
        here = tuple(c for c in codes if c in present)
        if here:
            name = report.areas[here[0]].get(lang) if len(codes) == 1 and here[0] in report.areas else title.get(lang)
            chosen.append((here, name))
    seeded = {c for codes, _ in SEED_SECTIONS for c in codes}
    for area in [*report.areas, *present]:
        if area in present and area not in seeded and all(area not in c for c, _ in chosen):
            chosen.append(((area,), report.areas.get(area, Text(area, area)).get(lang)))
    return chosen


#: the unit's own word for itself, by the end of its name (我局, 我镇 …); 我单位 otherwise
SELF_NAMES = (("局", "我局"), ("镇人民政府", "我镇"), ("乡人民政府", "我乡"), ("镇政府", "我镇"), ("乡政府", "我乡"),
              ("委员会", "我委"), ("院", "我院"), ("公司", "我公司"), ("中心", "我中心"), ("学校", "我校"))


def we(unit: UnitReport, lang: str) -> str:
    """How the report, written by the unit, names the unit: 我局 for a 管理局, 我镇 for a 镇人民政府 …"""
    if lang == "en":
        return unit.name
    name = unit.name[: -len("档案室")] if unit.name.endswith("档案室") else unit.name
    return next((word for end, word in SELF_NAMES if name.endswith(end)), "我单位")


def title(unit: UnitReport, lang: str) -> str:
    name = unit.name[: -len("档案室")] if unit.name.endswith("档案室") and len(unit.name) > 3 else unit.name
    return L["title"].format(name=name if lang != "en" else unit.name).get(lang)


def build(report: Report, unit: UnitReport, lang: str) -> list[Block]:
    """Title, 一 基本情况, 二 自查情况, 三 存在问题及对策, 四 自查评分, signature."""
    counts = Counter(r.outcome for r in unit.results)
    date = _date(unit.as_of, lang)
    others = len(unit.results) - sum(counts[o] for o in JUDGED)
    lead = L["lead"].format(
        we=we(unit, lang), name=unit.name, date=date, n=sum(counts[o] for o in JUDGED),
        p=counts[Outcome.PASS], f=counts[Outcome.FAIL], e=counts[Outcome.NO_EVIDENCE],
        other=L["lead_other"].format(k=others).get(lang) if others else "",
        total=points(unit.score.total), grade=unit.score.grade.get(lang))
    blocks: list[Block] = [
        Heading(0, title(unit, lang)),
        _chart(report, unit, lang),
        Paragraph(lead.get(lang), "lead"),
        Heading(1, L["basic"].get(lang)),
    ]
    blocks += _basic(unit, lang)
    blocks.append(Heading(1, L["check"].get(lang)))
    parts = sections(report, unit, lang)
    for n, (codes, name) in enumerate(parts, start=1):
        blocks.append(Heading(2, sub_heading(n, name, lang)))
        blocks += _check_section([r for r in unit.results if r.rule.area in codes], codes, unit, lang)
    blocks.append(Heading(1, L["problems"].get(lang)))
    blocks += _problems(parts, unit, lang)
    blocks.append(Heading(1, L["score"].get(lang)))
    blocks += _score(report, unit, lang)
    blocks += [Paragraph(unit.name, "signature"), Paragraph(date, "signature")]
    blocks += _annex(report, unit, lang)
    return blocks


#: outcomes that count as an item checked (the others are listed apart and leave the score)
JUDGED = (Outcome.PASS, Outcome.FAIL, Outcome.NO_EVIDENCE)
#: outcomes that are a problem to fix: one row, one remedy each
PROBLEMS = (Outcome.FAIL, Outcome.NO_EVIDENCE)


def _area_names(report: Report, unit: UnitReport, lang: str) -> dict[str, str]:
    return {a: report.areas.get(a, Text(a, a)).get(lang) for a in (s.area for s in unit.score.areas)}


def _chart(report: Report, unit: UnitReport, lang: str) -> Chart:
    names = _area_names(report, unit, lang)
    return Chart(tuple((names[a.area], a.score, a.max) for a in unit.score.areas), L["chart"].get(lang),
                 points(unit.score.total), unit.score.grade.get(lang))


def _annex(report: Report, unit: UnitReport, lang: str) -> list[Block]:
    """附件: every item checked with its code, so the codes an inspector may ask about are in one place."""
    names = _area_names(report, unit, lang)
    rows = tuple((str(n), names.get(r.rule.area, r.rule.area), r.rule.title.get(lang), r.rule.id, r.outcome.label.get(lang))
                 for n, r in enumerate(unit.results, start=1))
    headers = tuple(L[k].get(lang) for k in ("no", "area", "item", "code", "result"))
    return [Heading(1, L["annex"].get(lang)), Paragraph(L["annex_title"].get(lang), "annex-title"),
            Table(headers, rows, "annex", tuple(r.rule.id for r in unit.results))]


def _basic(unit: UnitReport, lang: str) -> list[Block]:
    """From the unit description; a report of another input (a catalogue export) says what it rests on."""
    if unit.data is not None:
        return [Paragraph(t.get(lang)) for t in basic_facts(unit.data)]
    out: list[Block] = [Paragraph(L["no_data"].format(source=unit.source).get(lang))]
    scalars = {k: v for k, v in unit.stats.items() if isinstance(v, (int, float, str))}
    if scalars:
        figures = ("；" if lang != "en" else "; ").join(f"{k}: {v}" for k, v in scalars.items())
        out.append(Paragraph(L["stats"].format(figures=figures).get(lang)))
    return out


def _date(as_of: str, lang: str) -> str:
    try:
        day = dt.date.fromisoformat(as_of)
    except ValueError:
        return as_of
    return L["date"].format(y=day.year, m=day.month, d=day.day).get(lang)


def _sep(lang: str) -> str:
    return "; " if lang == "en" else "；"


def _check_section(results: Sequence[RuleResult], codes: tuple[str, ...], unit: UnitReport, lang: str) -> list[Block]:
    out: list[Block] = []
    figures = area_figures(codes, unit.data)
    if figures is not None:
        out.append(Paragraph(figures.get(lang)))
    groups = {
        "pass": [r for r in results if r.outcome == Outcome.PASS],
        "fail": [r for r in results if r.outcome == Outcome.FAIL],
        "no_evidence": [r for r in results if r.outcome == Outcome.NO_EVIDENCE],
        "other": [r for r in results if r.outcome in (Outcome.NOT_APPLICABLE, Outcome.SKIPPED, Outcome.ERROR, Outcome.WAIVED)],
    }
    keep = user_words(unit.data)
    for key, items in groups.items():
        if items:
            described = [_describe(r, key, lang, keep) for r in items]
            out.append(Paragraph(L[key].format(n=len(items), items=_sep(lang).join(described)).get(lang)))
    return out


def details(result: RuleResult, lang: str, keep: Iterable[str] = ()) -> str:
    """What a rule found, each distinct message once, in the document's words."""
    messages = dict.fromkeys(prose(f.message.get(lang), lang, keep) for f in result.findings)
    return ("；" if lang != "en" else "; ").join(m for m in messages if m)


def _describe(result: RuleResult, key: str, lang: str, keep: Iterable[str] = ()) -> str:
    name = result.rule.title.get(lang)
    if key in ("fail", "no_evidence"):
        detail = details(result, lang, keep).replace("；", "，")
        return f"{name}（{detail}）" if lang != "en" else f"{name} ({detail})"
    if key == "other":
        reason = prose(result.reason.get(lang), lang, keep) if result.reason else result.outcome.label.get(lang)
        return f"{name}（{reason}）" if lang != "en" else f"{name} ({reason})"
    return name


def finding_rows(results: Iterable[RuleResult], lang: str, start: int = 1,
                 keep: Iterable[str] = ()) -> tuple[list[tuple[str, ...]], list[str]]:
    """(序号, 问题, 整改措施, 依据) per problem (a rule that failed or lacks evidence): its remedy once,
    however many places it was found; and the rule id of each row."""
    rows, keys = [], []
    for result in results:
        if result.outcome not in PROBLEMS or not result.findings:
            continue
        problem = f"{result.rule.title.get(lang)}：{details(result, lang, keep)}" if lang != "en" else \
            f"{result.rule.title.get(lang)}: {details(result, lang, keep)}"
        rows.append((str(start + len(rows)), problem, prose(result.rule.remedy.get(lang), lang, keep), cite(result.basis)))
        keys.append(result.rule.id)
    return rows, keys


def _problems(parts: list[tuple[tuple[str, ...], str]], unit: UnitReport, lang: str) -> list[Block]:
    found = [r for r in unit.results if r.outcome in PROBLEMS and r.findings]
    if not found:
        return [Paragraph(L["no_problems"].get(lang))]
    severities = Counter(r.rule.severity.value for r in found)
    outcomes = Counter(r.outcome for r in found)
    out: list[Block] = [Paragraph(L["summary"].format(
        n=len(found), f=outcomes[Outcome.FAIL], e=outcomes[Outcome.NO_EVIDENCE],
        c=severities["critical"], m=severities["major"], mi=severities["minor"], i=severities["info"],
        order=L["critical_first" if severities["critical"] else "in_order"].get(lang)).get(lang))]
    headers = tuple(L[k].get(lang) for k in ("no", "problem", "remedy", "basis"))
    keep = user_words(unit.data)
    n, start = 0, 1
    for codes, name in parts:
        results = [r for r in found if r.rule.area in codes]
        if not results:
            continue
        n += 1
        rows, keys = finding_rows(results, lang, start, keep)
        start += len(rows)
        out += [Heading(2, sub_heading(n, name, lang)), Table(headers, tuple(rows), "findings", tuple(keys))]
    return out


def _score(report: Report, unit: UnitReport, lang: str) -> list[Block]:
    names = _area_names(report, unit, lang)
    rows = [(names[a.area], points(a.score), points(a.max)) for a in unit.score.areas]
    rows.append((L["sum"].get(lang), points(unit.score.total), "100"))
    out: list[Block] = [
        Table(tuple(L[k].get(lang) for k in ("area", "got", "max")), tuple(rows), "score"),
        Paragraph(L["total"].format(total=points(unit.score.total), grade=unit.score.grade.get(lang)).get(lang)),
    ]
    if unit.score.capped_by:
        titles = {r.rule.id: r.rule.title.get(lang) for r in unit.results}
        joined = ("”“" if lang != "en" else "; ").join(titles.get(i, i) for i in unit.score.capped_by)
        out.append(Paragraph(L["capped"].format(ids=joined).get(lang)))
    return out
