"""CAT017, CAT018, CAT021: what the catalogue says about the holdings as a whole (appraisal due, missing years,
transfer due)."""

from __future__ import annotations

from collections import Counter

from archcheck.api import Finding, RecordCheck, Severity, T, values as V
from archcheck.checkers.catalog._rules import APPRAISAL, TRANSFER, YEAR_RULE, catalog_rule, catalog_year



class _YearTerms(RecordCheck):
    """Counts items per (年度, 保管期限) as they stream; a few hundred keys at most in real exports."""

    def __init__(self, ctx):
        super().__init__(ctx)
        self.counts: Counter = Counter()
        self.table = None

    def batch(self, batch):
        self.table = batch.table
        self.counts.update(batch.year_terms)
        if len(self.counts) > 50_000:  # hostile data: keep only what parses
            self.counts = Counter({k: v for k, v in self.counts.items() if V.parse_year(k[0]) is not None})
        return ()

    def by_year_term(self) -> Counter:
        out: Counter = Counter()
        latest = self.ctx.as_of.year
        for (year, term), n in self.counts.items():
            parsed = catalog_year(year, latest)  # an implausible 年度 is CAT024's, not a year of the holdings
            if parsed is not None:
                out[(parsed, V.parse_term(term).code)] += n
        return out


@catalog_rule(
    id="CAT017",
    title=T("已到保管期限、应开展鉴定的档案（统计）", "Items past their retention term, due for appraisal (count)"),
    severity=Severity.INFO,
    points=0,
    basis=APPRAISAL,
    remedy=T("组织鉴定小组对到期档案逐件鉴定，形成鉴定报告；仍有价值的重新确定期限，无保存价值的按规定程序销毁。",
             "Appraise each expired item with an appraisal group and write a report; re-term what keeps value, destroy the rest by procedure."),
    rationale=T("实施条例第二十四条要求定期鉴定已到保管期限的档案。年度 + 期限 < 基准年即视为到期（--as-of 可指定基准日）。",
                "Regulation art. 24 requires periodic appraisal of expired archives. Due when 年度 + term < the as-of year (--as-of)."),
    example='年度,保管期限,题名\n2020,D10,关于印发工作要点的通知',
    violation='年度,保管期限,题名\n2010,D10,关于印发工作要点的通知',
)
class AppraisalDue(_YearTerms):
    def finish(self):
        if self.table is None:
            return
        due = {}
        for (year, term), n in sorted(self.by_year_term().items()):
            span = V.TERM_YEARS.get(term)
            if span is not None and year + span < self.ctx.as_of.year:
                due[f"{year}-{term}"] = n
        if due:
            total = sum(due.values())
            yield Finding("", T("{n} 件档案已过保管期限，应开展鉴定（{k}）", "{n} items are past their term and due for appraisal ({k})")
                          .format(n=total, k="、".join(f"{k}: {v}" for k, v in list(due.items())[:12])),
                          self.table.location(None, "保管期限"), {"due": due, "as_of": self.ctx.as_of.isoformat()})


@catalog_rule(
    id="CAT018",
    title=T("首末年度之间缺少年度（提示）", "Years missing between the first and last year (advisory)"),
    severity=Severity.INFO,
    points=0,
    basis=YEAR_RULE,
    remedy=T("核实缺少年度的文件是否已归档、是否在其他目录中，或该年确无文书档案。",
             "Check whether the missing years were filed, are in another catalogue, or truly produced no records."),
    rationale=T("机关每年都形成文书档案；首末年度之间整年缺失往往意味着漏归档或漏导出。",
                "A unit produces records every year; a whole missing year usually means it was not filed or not exported."),
    example='年度,保管期限,题名\n2015,Y,关于甲的通知\n2016,Y,关于乙的通知',
    violation='年度,保管期限,题名\n2015,Y,关于甲的通知\n2017,Y,关于乙的通知',
)
class MissingYears(_YearTerms):
    def finish(self):
        years = {year for year, _ in self.by_year_term()}
        if len(years) < 2 or self.table is None:
            return
        missing = [y for y in range(min(years), max(years) + 1) if y not in years]
        if missing and len(missing) < 1000:
            yield Finding("", T("{a}–{b} 年间缺少年度：{m}", "years missing between {a} and {b}: {m}")
                          .format(a=min(years), b=max(years), m="、".join(map(str, missing[:50]))),
                          self.table.location(None, "年度"), {"missing": missing})


#: 备注 words that say an item has gone to the receiving archive
TRANSFERRED = ("已移交", "已进馆", "移交进馆", "已移交进馆")


def _mentions_transfer(text: str) -> bool:
    return any(word in text for word in TRANSFERRED)


@catalog_rule(
    id="CAT021",
    title=T("已到移交进馆年限的档案（统计，提示）", "Items past the period for transfer to the archive (count, advisory)"),
    severity=Severity.INFO,
    points=0,
    basis=TRANSFER,
    params={"transfer_after_years": 10},
    remedy=T("对照移交接收档案馆的要求，把已满移交年限的档案整理移交；暂不移交的（专门档案、涉密档案等）办理延期手续。",
             "Prepare the items past the period for transfer as the receiving archive requires; for those kept longer "
             "(specialised or classified records) arrange the extension."),
    rationale=T("实施条例第二十条第二款：档案自形成之日起满 20 年（中央、省、设区的市级档案馆）或 10 年（县级档案馆）向档案馆移交。"
                "默认按县级档案馆 10 年计（--param CAT021.transfer_after_years=20 改为 20 年）；备注中写明“已移交”“已进馆”的不计。"
                "只作提示：是否移交、何时移交以接收档案馆的安排为准。",
                "Regulation art. 20 ¶2: records go to the archive 20 years (central, provincial, prefecture archives) or 10 years "
                "(county archives) after their creation. The default is the county's 10 (--param CAT021.transfer_after_years=20); "
                "items whose 备注 say 已移交 or 已进馆 are not counted. Advisory: the receiving archive decides when."),
    example=T("年度,保管期限,题名,备注\n2019,Y,关于X的通知,\n2012,Y,关于Y的报告,已移交", "年度,保管期限,题名,备注\n2019,Y,关于X的通知,\n2012,Y,关于Y的报告,已移交"),
    violation=T("年度,保管期限,题名,备注\n2005,Y,关于X的通知,", "年度,保管期限,题名,备注\n2005,Y,关于X的通知,"),
)
class TransferDue(RecordCheck):
    """Per 年度: items not marked as transferred; due once 年度 + the period has passed (before as-of's year)."""

    def __init__(self, ctx):
        super().__init__(ctx)
        self.counts: Counter = Counter()
        self.table = None

    def batch(self, batch):
        self.table = batch.table
        years = batch.column("年度")
        if years is None:
            return ()
        notes = batch.column("备注") if batch.has("备注") else None
        if notes is not None and _mentions_transfer("\x00".join(notes)):
            self.counts.update(y for y, note in zip(years, notes) if not any(word in note for word in TRANSFERRED))
        else:  # the usual batch: the (年度, 保管期限) tally CAT017/CAT018 share already counts the years
            for (year, _term), n in batch.year_terms.items():
                self.counts[year] += n
        if len(self.counts) > 50_000:  # hostile data: keep only what parses
            self.counts = Counter({k: v for k, v in self.counts.items() if V.parse_year(k) is not None})
        return ()

    def finish(self):
        if self.table is None:
            return
        period = int(self.ctx.params["transfer_after_years"])
        due: Counter = Counter()
        for year, n in self.counts.items():
            parsed = catalog_year(year, self.ctx.as_of.year)  # an implausible 年度 is CAT024's
            if parsed is not None and parsed + period < self.ctx.as_of.year:
                due[parsed] += n
        if due:
            yield Finding("", T("按 {p} 年移交期限，{n} 件档案（{k}）已到移交进馆年限；是否移交以接收档案馆安排为准",
                                "with a {p}-year period, {n} items ({k}) are past the time for transfer; the receiving archive decides")
                          .format(p=period, n=sum(due.values()), k="、".join(f"{y}: {c}" for y, c in sorted(due.items())[:12])),
                          self.table.location(None, "年度"), {"due": {str(y): c for y, c in sorted(due.items())}, "period_years": period})
