"""Catalogue rules that misbehave: one hangs on every batch, one applies only to files with a 档号
column, one flags every record (for waiver tests)."""

from _common import metadata

from archcheck.api import RecordCheck, RuleSet, T, hookimpl

rules = RuleSet(area="ZCF")


@rules.rule(target="catalog", **metadata("ZCF001"))
class Hangs(RecordCheck):
    def batch(self, batch):
        while True:
            pass


def needs_box_numbers(table, ctx):
    return None if "盒号" in table.header.names else T("目录没有“盒号”列", "the catalogue has no 盒号 column")


@rules.rule(target="catalog", applies_if=needs_box_numbers, **metadata("ZCF002"))
class BoxRule(RecordCheck):
    def record(self, record, batch):
        yield batch.finding(record.index, "档号", T("不应运行", "must not run"))


@rules.rule(target="catalog", **metadata("ZCF003"))
class FlagsEveryRecord(RecordCheck):
    def record(self, record, batch):
        yield batch.finding(record.index, "档号", T("每条都标记", "every record flagged"), ref=record.get("档号", ""))


@hookimpl
def archcheck_rules():
    return rules.all()
