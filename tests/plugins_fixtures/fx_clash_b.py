"""Defines ZCL001, as does fx_clash_a: the two cannot run together."""

from _common import metadata

from archcheck.api import RuleSet, hookimpl

rules = RuleSet(area="ZCL")


@rules.rule(**metadata("ZCL001", "重复编号的规则 b"))
def anything(unit, ctx):
    return ()


@hookimpl
def archcheck_rules():
    return rules.all()
