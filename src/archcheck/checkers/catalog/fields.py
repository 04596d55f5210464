"""CAT010–CAT015, CAT019: one cell at a time — 保管期限, 日期, 页数 — checked once per distinct value."""

from __future__ import annotations

from archcheck.api import RecordCheck, Severity, T, values as V
from archcheck.checkers.catalog._rules import CATALOGUE, ORDER8, TERM_CODES, YEAR_FORM, YEAR_RULE, catalog_rule, catalog_year
from archcheck.checkers.sources import legacy_term_lawful


def _term_problem(value: str):
    kind = V.parse_term(value).kind
    return kind if kind in ("invalid", "legacy") else None


def _year_at(batch, index):
    col = batch.column("年度")
    return V.parse_year(col[index]) if col is not None else None


@catalog_rule(
    id="CAT010",
    title=T("保管期限不是 Y/D30/D10（永久/定期30年/定期10年）", "保管期限 is not Y/D30/D10"),
    severity=Severity.MAJOR,
    points=8,
    basis=TERM_CODES,
    remedy=T("按本单位经批准的归档范围和保管期限表，把保管期限改为 永久(Y)、定期30年(D30) 或 定期10年(D10)。",
             "Set the term from the unit's approved retention schedule: 永久 (Y), 定期30年 (D30) or 定期10年 (D10)."),
    rationale=T("8号令第六条规定保管期限为永久、定期30年、定期10年；DA/T 22 以 Y、D30、D10 标识。"
                "“永久”“30年”“定期10年”等标签视为有效并归一化。",
                "Order No. 8 art. 6 allows 永久, 定期30年 and 定期10年, coded Y, D30, D10. Labels such as 永久, 30年 and 定期10年 are accepted."),
    example='档号,保管期限,题名\nZ109-WS·2019-D30-BGS-0001,D30,关于印发工作要点的通知',
    violation='档号,保管期限,题名\nZ109-WS·2019-D20-BGS-0001,D20,关于印发工作要点的通知',
)
class TermCode(RecordCheck):
    def batch(self, batch):
        for index, kind in batch.bad_values("保管期限", _term_problem, "terms"):
            if kind == "invalid":
                value = V.clean(batch.column("保管期限")[index])
                yield batch.finding(index, "保管期限", T("保管期限“{v}”不是 Y/D30/D10", "保管期限 “{v}” is not Y/D30/D10")
                                    .format(v=value[:40]), value=value)


class _Legacy(RecordCheck):
    recent = True

    def batch(self, batch):
        for index, kind in batch.bad_values("保管期限", _term_problem, "terms", file_only=False):
            if kind != "legacy":
                continue
            year = _year_at(batch, index)
            # the one legacy-term policy (checkers.sources), shared with the unit rule RET002
            if (legacy_term_lawful(year) is not True) == self.recent:
                value = V.clean(batch.column("保管期限")[index])
                yield batch.finding(index, "保管期限", T("保管期限“{v}”是 2006 年以前的旧期限（长期/短期）", "保管期限 “{v}” is a pre-2006 term (长期/短期)")
                                    .format(v=value), value=value, year=year)


_LEGACY_REMEDY = T("对照现行归档范围和保管期限表重新鉴定，改为永久、定期30年或定期10年，并在备考表中说明。",
                   "Re-appraise against the current retention schedule, set 永久/定期30年/定期10年 and note the change.")


@catalog_rule(
    id="CAT011",
    title=T("2007 年及以后的文件使用了旧保管期限（长期/短期）", "Item from 2007 on carries a legacy term (长期/短期)"),
    severity=Severity.MAJOR,
    points=6,
    basis=ORDER8,
    remedy=_LEGACY_REMEDY,
    rationale=T("8号令自 2006 年 12 月 18 日起以定期30年/10年取代长期、短期；此后形成的文件不应再标长期或短期。",
                "Since 18 Dec 2006 Order No. 8 replaced 长期/短期 with 定期30年/10年; later items must not carry them."),
    example='年度,保管期限,题名\n2015,D30,关于印发工作要点的通知',
    violation='年度,保管期限,题名\n2015,长期,关于印发工作要点的通知',
)
class LegacyTermRecent(_Legacy):
    recent = True


@catalog_rule(
    id="CAT019",
    title=T("2006 年及以前的文件使用旧保管期限（长期/短期），需重新鉴定", "Item up to 2006 carries a legacy term; re-appraise"),
    severity=Severity.INFO,
    points=0,
    basis=ORDER8,
    remedy=_LEGACY_REMEDY,
    rationale=T("旧期限在当年合规，但与现行期限表不对应，应安排鉴定。", "The old term was right then but maps to no current term: plan an appraisal."),
    example='年度,保管期限,题名\n1998,永久,关于印发工作要点的通知',
    violation='年度,保管期限,题名\n1998,短期,关于印发工作要点的通知',
)
class LegacyTermOld(_Legacy):
    recent = False


def _date_problem(value: str):
    kind = V.parse_date(value)
    return kind if kind.kind not in ("ok", "empty") else None


_DATE_HINT = {
    "invalid": T("不是真实存在的日期", "is not a real calendar day"),
    "format": T("不是 8 位 YYYYMMDD 格式", "is not 8 digits YYYYMMDD"),
    "serial": T("像是 Excel 日期序列号", "looks like an Excel date serial"),
}


@catalog_rule(
    id="CAT012",
    title=T("日期不是 8 位数字或不是真实日期", "日期 is not 8 digits or not a real date"),
    severity=Severity.MAJOR,
    points=8,
    basis=CATALOGUE,
    remedy=T("日期按 YYYYMMDD 8 位数字著录（如 20190305）；核对实体文件上的成文日期。",
             "Write the date as 8 digits YYYYMMDD (e.g. 20190305) after checking the document."),
    rationale=T("DA/T 22 5.5.2 要求日期用 8 位阿拉伯数字（国际标准日期表示法）。20190230 这类不存在的日期说明著录有误；"
                "Excel 序列号（如 43529）和 2019-03-05 等格式给出建议写法。",
                "§5.5.2 wants the date as 8 digits. An impossible day such as 20190230 is a data-entry error; Excel serials "
                "(43529) and forms like 2019-03-05 get a suggested fix."),
    example='档号,日期,题名\nZ109-WS·2019-Y-BGS-0001,20190305,关于印发工作要点的通知',
    violation='档号,日期,题名\nZ109-WS·2019-Y-BGS-0001,20190230,关于印发工作要点的通知',
)
class DateForm(RecordCheck):
    def batch(self, batch):
        for index, parsed in batch.bad_values("日期", _date_problem, "dates"):
            if parsed.kind == "words":
                continue
            value = V.clean(batch.column("日期")[index])
            hint = _DATE_HINT[parsed.kind]
            if parsed.value:
                message = T("日期“{v}”{hz}，应为 {s}", "日期 “{v}” {he}; write {s}")
            else:
                message = T("日期“{v}”{hz}", "日期 “{v}” {he}")
            yield batch.finding(index, "日期", message.format(v=value[:40], hz=hint.zh, he=hint.en, s=parsed.value),
                                value=value, suggestion=parsed.value or None)


@catalog_rule(
    id="CAT013",
    title=T("日期为文字或无法解析的写法", "日期 is written in words or cannot be parsed"),
    severity=Severity.MAJOR,
    points=6,
    basis=CATALOGUE,
    remedy=T("把“二〇一九年三月五日”之类的写法改为 8 位数字 20190305；日期不详的，按实体考证后著录并在备注说明。",
             "Turn forms like 二〇一九年三月五日 into 20190305; if the date is unknown, establish it and explain in 备注."),
    rationale=T("汉字日期、“不详”等写法机器无法排序或校验，也不符合 5.5.2；能换算时给出建议值。",
                "Dates in words or notes such as 不详 cannot be sorted or checked and break §5.5.2; a conversion is suggested when possible."),
    example='档号,日期,题名\nZ109-WS·2019-Y-BGS-0001,20190305,关于印发工作要点的通知',
    violation='档号,日期,题名\nZ109-WS·2019-Y-BGS-0001,二〇一九年三月五日,关于印发工作要点的通知',
)
class DateWords(RecordCheck):
    def batch(self, batch):
        for index, parsed in batch.bad_values("日期", _date_problem, "dates"):
            if parsed.kind != "words":
                continue
            value = V.clean(batch.column("日期")[index])
            message = (T("日期“{v}”为文字写法，应为 {s}", "日期 “{v}” is in words; write {s}") if parsed.value
                       else T("日期“{v}”无法解析为日期", "日期 “{v}” cannot be read as a date"))
            yield batch.finding(index, "日期", message.format(v=value[:40], s=parsed.value), value=value,
                                suggestion=parsed.value or None)


@catalog_rule(
    id="CAT014",
    title=T("日期不在所属年度内（提示）", "日期 falls outside the item's 年度 (advisory)"),
    severity=Severity.INFO,
    points=0,
    basis=YEAR_RULE,
    remedy=T("确认是否属跨年度文件（计划、总结、跨年会议等按规则归入相应年度）；否则更正年度或日期。",
             "Check whether it is a legitimate cross-year item (plans, reports, meetings spanning years); otherwise fix 年度 or 日期."),
    rationale=T("年度一般按文件形成时间确定，但跨年度文件有专门规则，所以只作提示。",
                "年度 normally follows the document date, but cross-year rules exist, so this is advisory only."),
    example='年度,日期,题名\n2019,20190305,关于印发工作要点的通知',
    violation='年度,日期,题名\n2019,20181228,关于印发工作要点的通知',
)
class DateInYear(RecordCheck):
    def batch(self, batch):
        dates, years = batch.column("日期"), batch.column("年度")
        if dates is None or years is None:
            return
        cache = batch.table.cache.setdefault("CAT014", {})
        if len(cache) > 100_000:
            cache.clear()
        bad = set()
        one_year = batch.distinct("年度")
        if len(one_year) == 1:  # the usual batch: no per-row pairs needed
            year = next(iter(one_year))
            days = batch.distinct("日期")
            if _all_start_with(days, year):
                return
            if _plain_year(year):  # a date written from its year on lies in it: only the others are read
                days = {day for day in days if not day.startswith(year)}
            pairs = {(date, year) for date in days}
        else:
            pairs = set(zip(dates, years))
        for pair in pairs:
            if pair not in cache:
                date, year = V.parse_date(pair[0]), catalog_year(pair[1], self.ctx.as_of.year)  # else CAT024's
                cache[pair] = date.kind == "ok" and year is not None and int(date.value[:4]) != year
            if cache[pair]:
                bad.add(pair)
        if not bad:
            return
        contested = batch.disagreements if batch.has("档号") else {}
        rows = batch.rows_with("日期", {date for date, _ in bad}) if len(one_year) == 1 else range(len(dates))
        for index in rows:
            pair = (dates[index], years[index])
            if pair in bad:
                said = {name: code for name, _, code in contested.get(index, ())}
                if said.get("年度") == V.parse_date(pair[0]).value[:4]:
                    continue  # the date is in the 档号's year, which the 年度 column contradicts: CAT006's finding
                yield batch.finding(index, "日期", T("日期 {d} 不在年度 {y} 内", "日期 {d} is outside 年度 {y}")
                                    .format(d=V.clean(pair[0]), y=V.clean(pair[1])), date=pair[0], year=pair[1])


def _all_start_with(values, year: str) -> bool:
    """True when every value begins with the plain 4-digit `year`: then no date lies outside it.

    If the smallest and the largest string share a prefix, every string between them does too,
    so two C-level passes (min, max) settle a whole batch.
    """
    return _plain_year(year) and bool(values) and min(values).startswith(year) and max(values).startswith(year)


def _plain_year(year: str) -> bool:
    """Four ASCII digits: a date this rule judges (the 8-digit §5.5.2 form) that begins with them is a
    date of that year."""
    return len(year) == 4 and year.isascii() and year.isdigit()


@catalog_rule(
    id="CAT015",
    title=T("页数不是正整数", "页数 is not a positive whole number"),
    severity=Severity.MAJOR,
    points=5,
    basis=CATALOGUE,
    remedy=T("页数填写文件中有图文的页面总数（正整数），核对实体后更正。", "Write the number of pages with content as a positive whole number."),
    rationale=T("DA/T 22 5.5.2：页数为每件归档文件中有图文的页面总数。0、负数、小数或文字无法用于核对实体。",
                "§5.5.2: 页数 counts the pages with text or images; 0, negatives, fractions or words cannot be checked."),
    example='档号,页数,题名\nZ109-WS·2019-Y-BGS-0001,12,关于印发工作要点的通知',
    violation='档号,页数,题名\nZ109-WS·2019-Y-BGS-0001,0,关于印发工作要点的通知',
)
class Pages(RecordCheck):
    def batch(self, batch):
        for index, _ in batch.bad_values("页数", _pages_problem, "pages"):
            value = V.clean(batch.column("页数")[index])
            yield batch.finding(index, "页数", T("页数“{v}”不是正整数", "页数 “{v}” is not a positive whole number")
                                .format(v=value[:40]), value=value)


def _pages_problem(value: str):
    return V.clean(value) != "" and V.parse_pages(value) is None


def _year_problem(value: str, latest: int) -> str | None:
    """Why a 年度 cell is no 年度 of a record (None: it is one, or blank — CAT003's)."""
    if not V.clean(value):
        return None
    if V.parse_year(value) is None:
        return "form"
    return None if catalog_year(value, latest) is not None else "range"


@catalog_rule(
    id="CAT024",
    title=T("年度不是 4 位公元纪年", "年度 is not a four-digit year of the common era"),
    severity=Severity.MAJOR,
    points=6,
    basis=YEAR_FORM,
    remedy=T("年度填写文件形成年度的 4 位公元纪年（如 2019），不要简写为 19；核对实体文件的成文日期后改正。",
             "Write the year the document was made in four digits (2019, not 19), after checking the document."),
    rationale=T("DA/T 22—2015 5.4.3 b)（DA/T 22—2000 4.4.2 同）规定年度以 4 位阿拉伯数字标注公元纪年。简写（19）、全角数字、"
                "早于 1900 年或晚于检查日期所在年的年度都是著录错误，并会把文件归入错误的类目、计入错误的年度统计。",
                "DA/T 22—2015 §5.4.3 b) (DA/T 22—2000 §4.4.2 alike) wants the year in four Arabic digits. An abbreviation (19), "
                "full-width digits, a year before 1900 or after the check's year is a data-entry error, and files the item "
                "under the wrong class and the wrong year's counts."),
    example='年度,保管期限,题名\n2019,Y,关于印发工作要点的通知',
    violation='年度,保管期限,题名\n19,Y,关于印发工作要点的通知',
)
class YearForm(RecordCheck):
    def batch(self, batch):
        latest = self.ctx.as_of.year
        for index, kind in batch.bad_values("年度", lambda value: _year_problem(value, latest), f"CAT024-{latest}"):
            value = V.clean(batch.column("年度")[index])
            message = (T("年度“{v}”不是 4 位公元纪年", "年度 “{v}” is not a four-digit year") if kind == "form" else
                       T("年度 {v} 不在 {a}–{b} 年之间", "年度 {v} is not between {a} and {b}"))
            yield batch.finding(index, "年度", message.format(v=value[:20], a=V.FIRST_YEAR, b=latest), value=value[:80], kind=kind)
