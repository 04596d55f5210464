"""CAT020: 密级 as marked on the document — a level (绝密/机密/秘密, with its ★保密期限 where marked), a
non-secret label, or blank — never a system's internal code or a typo.

Archive systems store 密级 as codes whose meanings differ from one system to the next (2 is 内部 in one,
秘密 or 机密 in others), so a code is never guessed: a unit that exports codes maps them with
`--param CAT020.codes='{"1":"秘密"}'`.
"""

from __future__ import annotations

from archcheck.api import RecordCheck, Severity, T, lazy_pattern, values as V
from archcheck.checkers.catalog._rules import SECRECY, catalog_rule

LEVELS = ("绝密", "机密", "秘密")
#: labels units write on documents that are not state secrets (as marked: kept as they are)
LABELS = ("公开", "非密", "内部", "无", "普通", "一般", "国内", "限国内", "限制", "商密")
#: 密级★保密期限: 秘密★5年, 机密★10年, 绝密★长期, 秘密★6个月, or a date; ☆ and * as typed
_MARKED = lazy_pattern(r"^(?P<level>绝密|机密|秘密)(?:\s*[★☆*]\s*(?P<term>\d{1,2}年|\d{1,2}个月|长期|\d{4}年\d{1,2}月\d{1,2}日|[\d.\-/]{8,10}))?$")
_PERIOD_ONLY = lazy_pattern(r"^[★☆*]\s*(\d{1,2}年|\d{1,2}个月|长期)$")


@catalog_rule(
    id="CAT020",
    title=T("密级不是规定的写法", "密级 is not written as a classification marking"),
    severity=Severity.MINOR,
    points=3,
    basis=SECRECY,
    params={"codes": {}},
    remedy=T("按文件上实际标注的密级著录“绝密”“机密”或“秘密”（有保密期限的写作“秘密★5年”），非涉密文件留空或按本单位规定写“非密”；"
             "系统导出代码的，在导出时换成文字，或用 --param CAT020.codes 说明代码含义。",
             "Write the level marked on the document, 绝密, 机密 or 秘密 (with its period as 秘密★5年); leave it blank (or 非密) when the "
             "document is not classified. A system that exports codes should export the words, or map them with --param CAT020.codes."),
    rationale=T("DA/T 22 5.5.2 要求密级按文件标注著录，没有的不填。国家秘密只有绝密、机密、秘密三级，标志写作“密级★保密期限”。"
                "系统内部代码（如 2、MM）在不同系统中含义不同，不能当作密级；错别字（机秘）和只有期限没有密级（★10年）都说明著录有误。",
                "§5.5.2: 密级 as marked, blank if none. State secrets have three levels, marked 密级★保密期限. A system code (2, MM) means "
                "different levels in different systems; a typo (机秘) or a period without a level (★10年) is a data-entry error."),
    example=T("题名,档号,密级\n关于X的通知,Z109-WS·2019-Y-BGS-0001,秘密★5年\n关于Y的报告,Z109-WS·2019-Y-BGS-0002,",
              "题名,档号,密级\n关于X的通知,Z109-WS·2019-Y-BGS-0001,秘密★5年\n关于Y的报告,Z109-WS·2019-Y-BGS-0002,"),
    violation=T("题名,档号,密级\n关于X的通知,Z109-WS·2019-Y-BGS-0001,2\n关于Y的报告,Z109-WS·2019-Y-BGS-0002,机秘",
                "题名,档号,密级\n关于X的通知,Z109-WS·2019-Y-BGS-0001,2\n关于Y的报告,Z109-WS·2019-Y-BGS-0002,机秘"),
)
class SecrecyMarking(RecordCheck):
    def batch(self, batch):
        codes = {str(k): str(v) for k, v in (self.ctx.params.get("codes") or {}).items()}
        for index, why in batch.bad_values("密级", lambda value: _problem(value, codes), "CAT020"):
            value = V.clean(batch.column("密级")[index])
            yield batch.finding(index, "密级", why.format(v=value[:40]), value=value)


def _problem(raw: str, codes: dict[str, str]) -> T | None:
    value = V.clean(raw)
    if not value or value in codes:
        return None
    value = "".join(value.split())
    if _MARKED.match(value) or value in LABELS:
        return None
    if _PERIOD_ONLY.match(value):
        return T("密级“{v}”只有保密期限，缺少密级（如 秘密★10年）", "密级 “{v}” has a period but no level (e.g. 秘密★10年)")
    if value.isascii() and len(value) <= 4:
        return T("密级“{v}”像是系统代码；应著录文字密级（绝密、机密、秘密），或用 --param CAT020.codes 说明代码含义",
                 "密级 “{v}” looks like a system code; write the level (绝密, 机密, 秘密), or map codes with --param CAT020.codes")
    return T("密级“{v}”不是绝密、机密、秘密或非密等规定写法", "密级 “{v}” is not 绝密, 机密, 秘密 or a non-secret label")
