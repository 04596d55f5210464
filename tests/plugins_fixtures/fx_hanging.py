"""A rule that never finishes on its own, and swallows every Exception while it waits.

Tests set RELEASE to let an abandoned worker thread finish.
"""

import threading

from _common import metadata

from archcheck.api import RuleSet, hookimpl

rules = RuleSet(area="ZHA")
RELEASE = threading.Event()


@rules.rule(**metadata("ZHA001"))
def hangs(unit, ctx):
    while not RELEASE.is_set():
        try:
            RELEASE.wait(0.05)
        except Exception:  # noqa: BLE001 - a careless rule must still be stoppable
            pass
    return ()


@rules.rule(**metadata("ZHA002"))
def passes(unit, ctx):
    return ()


@hookimpl
def archcheck_rules():
    return rules.all()
