"""A plugin written for a later plugin API than this archcheck provides."""

from _common import metadata

from archcheck.api import RuleSet, hookimpl

ARCHCHECK_API = (2, 3)

rules = RuleSet(area="ZFU")


@rules.rule(**metadata("ZFU001"))
def anything(unit, ctx):
    return ()


@hookimpl
def archcheck_rules():
    return rules.all()
