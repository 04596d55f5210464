"""CAT017–CAT018: what the catalogue says about the holdings as a whole (appraisal due, missing years)."""

from __future__ import annotations

from collections import Counter

from archcheck.api import Finding, RecordCheck, Severity, T, values as V
from archcheck.checkers.catalog._rules import APPRAISAL, YEAR_RULE, catalog_rule



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
        for (year, term), n in self.counts.items():
            parsed = V.parse_year(year)
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
    example=T("年度 2010、D10 的文件在 2021 年起到期", "a D10 item of 2010 is due from 2021"),
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
    example=T("年度 2015、2016、2018：缺 2017", "years 2015, 2016, 2018: 2017 is missing"),
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
