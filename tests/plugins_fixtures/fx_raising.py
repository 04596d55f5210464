"""One rule that raises, one that passes: the second must still run."""

from _common import metadata

from archcheck.api import RuleSet, hookimpl

rules = RuleSet(area="ZRA")


@rules.rule(**metadata("ZRA001"))
def raises(unit, ctx):
    raise ValueError("the plugin author forgot a None check")
    yield  # pragma: no cover - makes this a generator like any check


@rules.rule(**metadata("ZRA002"))
def passes(unit, ctx):
    return ()


@hookimpl
def archcheck_rules():
    return rules.all()
