"""A plugin whose rule leaves a mark that it ran, then waits: to tell whether a run got as far as its rules."""

import os
import time
from pathlib import Path

from archcheck.api import Basis, BasisKind, RuleSet, Severity, T, hookimpl

rules = RuleSet(area="ZMK")


@rules.rule(id="ZMK001", title=T("留下运行标记", "leaves a mark"), severity=Severity.MINOR, points=1,
            basis=Basis("测试依据", clause="第一条", kind=BasisKind.DIRECT), remedy=T("无", "none"),
            rationale=T("测试用", "for tests"), example=T("无", "none"))
def marks(unit, ctx):
    Path(os.environ["ARCHCHECK_TEST_MARKER"]).write_text("ran", encoding="utf-8")
    time.sleep(float(os.environ.get("ARCHCHECK_TEST_WAIT", "0")))
    return ()


@hookimpl
def archcheck_rules():
    return rules.all()
