"""USE — use of the archives: access register, feedback, loans returned, yearly figures (篇1 §(七)).

Only a register shows where records went and what their use achieved; loans still out past their due
date are records outside the archive's control.
"""

from __future__ import annotations

from archcheck.api import BasisKind, RuleSet, Severity, T, fail, hookimpl, join, missing
from archcheck.checkers.common import flag
from archcheck.checkers.sources import O13, practice
from archcheck.unitdata import by_year, completed_years, indexed, parse_date

rules = RuleSet(area="USE")

O13_USE = O13.unnumbered('档案利用一章的要求；条号未核实，原文见于题库引用', BasisKind.DIRECT,
                         '利用者履行查阅手续；档案部门做好查阅登记和利用效果反馈记录，对利用过程进行监督')
O13_USE_CONTROL = O13.unnumbered('档案利用一章的要求；条号未核实，原文见于题库引用', BasisKind.PRINCIPLE,
                                 '档案部门对利用过程进行监督（借出档案按期归还由此推导）')
USE_STATS = practice('各地档案工作评估细则（开发利用）').clause('', BasisKind.CONFIGURABLE, '按年度统计利用人次和件（卷）次；年限和统计要求由各地确定')


@hookimpl
def archcheck_areas():
    return {"USE": T("开发利用", "Utilisation")}


@hookimpl
def archcheck_rules():
    return rules.all()


def _use(unit):
    return unit.get("utilisation") or {}


def _flag(unit, key, none_msg, false_msg):
    yield from flag(_use(unit).get(key), join("utilisation", key), none_msg, false_msg, **{key: False})


@rules.rule(
    id="USE001",
    title=T("建立查阅利用登记", "An access register is kept"),
    severity=Severity.MAJOR,
    points=3,
    basis=O13_USE,
    remedy=T("建立查阅利用登记簿（或系统登记），逐次记录利用者、日期、档案、目的和归还情况。",
             "Keep an access register (paper or system): user, date, records, purpose, and return for every use."),
    rationale=T("没有登记就无法证明档案的去向，也无法统计利用效果。", "Without a register nobody can show where records went or how they were used."),
    example=T("utilisation: {register_kept: true}", "utilisation: {register_kept: true}"),
)
def register(unit, ctx):
    yield from _flag(unit, "register_kept", T("未说明是否建立查阅利用登记", "no word on an access register"),
                     T("未建立查阅利用登记", "no access register is kept"))


@rules.rule(
    id="USE002",
    title=T("记录利用效果反馈", "Use-feedback records are kept"),
    severity=Severity.MINOR,
    points=2,
    basis=O13_USE,
    remedy=T("利用后请利用者填写利用效果反馈（解决了什么问题），定期汇编典型利用实例。",
             "Ask users what the records settled and file the feedback; compile notable cases each year."),
    rationale=T("利用效果反馈是评估“开发利用”成效的证据，也是编写利用实例的来源。", "Feedback is the evidence of what use achieved and the source of use cases."),
    example=T("utilisation: {feedback_kept: true}", "utilisation: {feedback_kept: true}"),
)
def feedback(unit, ctx):
    yield from _flag(unit, "feedback_kept", T("未说明是否记录利用效果反馈", "no word on use-feedback records"),
                     T("未记录利用效果反馈", "no use-feedback records are kept"))


def _has_loans(unit, ctx):
    return None if list(indexed(_use(unit).get("loans"))) else T("没有借出记录", "no loans")


@rules.rule(
    id="USE003",
    title=T("借出档案按期归还", "Loans are returned on time"),
    severity=Severity.MINOR,
    points=2,
    basis=O13_USE_CONTROL,
    applies_if=_has_loans,
    remedy=T("催还逾期未还的档案并在登记簿注销；今后借出时约定归还日期并到期提醒。",
             "Recall overdue loans and close them in the register; set a due date for every loan and chase it."),
    rationale=T("自查日已过应还日期仍未归还的借出判不符合，逾期归还的也记一半扣分；没有应还日期的借出为未提供证据。按借出笔数平均扣分。",
                "A loan still out after its due date fails; one returned late costs half; a loan without a due date is no evidence. "
                "Deducts evenly over loans."),
    example=T("utilisation:\n  loans:\n    - {borrower: 财务科, lent_on: 2025-05-06, due: 2025-05-20, returned_on: 2025-05-19}",
              "utilisation:\n  loans:\n    - {borrower: Finance, lent_on: 2025-05-06, due: 2025-05-20, returned_on: 2025-05-19}"),
)
def loans_returned(unit, ctx):
    loans = list(indexed(_use(unit).get("loans")))
    share = 1 / len(loans)
    for index, loan in loans:
        where = join("utilisation", "loans", index)
        due, returned = parse_date(loan.get("due")), parse_date(loan.get("returned_on"))
        who = loan.get("borrower") or "?"
        if due is None:
            if returned is None:
                yield missing(where, T("借出记录（{b}）未写应还日期", "the loan to {b} has no due date").format(b=who), share)
            continue
        if returned is None and due < ctx.as_of:
            yield fail(where, T("借给 {b} 的档案应于 {d} 归还，至今未还（逾期 {n} 天）", "the loan to {b} was due on {d} and is still out ({n} days late)").format(
                b=who, d=due.isoformat(), n=(ctx.as_of - due).days), share, borrower=who, due=due.isoformat(), days_late=(ctx.as_of - due).days)
        elif returned is not None and returned > due:
            yield fail(where, T("借给 {b} 的档案逾期 {n} 天归还", "the loan to {b} came back {n} days late").format(b=who, n=(returned - due).days),
                       share / 2, borrower=who, days_late=(returned - due).days)


@rules.rule(
    id="USE004",
    title=T("按年度统计利用情况", "Utilisation figures are kept per year"),
    severity=Severity.MINOR,
    points=1,
    basis=USE_STATS,
    params={"years": 3},
    remedy=T("每年统计利用人次和件（卷）次，纳入档案统计年报。", "Count visits and items used each year and include them in the statistics report."),
    rationale=T("检查最近若干个完整年度（默认 3 年，USE004.years）的利用统计。年度统计清单中缺少某年即为不符合；"
                "某年只列年份而无数字、或完全未提供年度统计，为未提供证据。年限来自地方评估细则，可配置。",
                "Checks the last complete years (default 3, USE004.years). A year missing from a given list fails; a year listed without figures, "
                "or no yearly figures at all, is no evidence. The horizon comes from local schemes and is configurable."),
    example=T("utilisation:\n  by_year:\n    - {year: 2022, visits: 96, items: 270}\n    - {year: 2023, visits: 88, items: 251}\n    - {year: 2024, visits: 105, items: 300}",
              "utilisation:\n  by_year:\n    - {year: 2022, visits: 96, items: 270}\n    - {year: 2023, visits: 88, items: 251}\n    - {year: 2024, visits: 105, items: 300}"),
    violation=T("utilisation:\n  by_year:\n    - {year: 2024, visits: 105, items: 300}", "utilisation:\n  by_year:\n    - {year: 2024, visits: 105, items: 300}"),
)
def yearly_figures(unit, ctx):
    years = completed_years(ctx.as_of, int(ctx.params["years"]))
    given = _use(unit).get("by_year")
    if given is None:
        yield missing(join("utilisation", "by_year"), T("未提供年度利用统计", "no yearly utilisation figures"))
        return
    rows = by_year(given)
    share = 1 / len(years)
    for year in years:
        if year not in rows:
            yield fail(join("utilisation", "by_year"), T("缺少 {y} 年利用统计", "no utilisation figures for {y}").format(y=year), share, year=year)
            continue
        index, row = rows[year]
        if row.get("visits") is None and row.get("items") is None:
            yield missing(join("utilisation", "by_year", index), T("{y} 年利用统计没有数字", "the {y} figures give no numbers").format(y=year), share, year=year)
