"""A plugin author's two classic slips: a misspelt hook name, and a hook without @hookimpl."""

from _common import metadata

from archcheck.api import RuleSet, hookimpl

rules = RuleSet(area="ZMS")


@rules.rule(**metadata("ZMS001"))
def passes(unit, ctx):
    return ()


@hookimpl
def archcheck_rule():  # one letter short of archcheck_rules
    return rules.all()


def archcheck_areas():  # forgot @hookimpl
    return {}
