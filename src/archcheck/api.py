"""What a checker module imports: the rule decorator, finding constructors and the metadata types.

    from archcheck.api import RuleSet, T, Basis, Severity, fail, missing, hookimpl

    rules = RuleSet(area="GXL")

    @rules.rule(id="GXL001", title=T("…", "…"), severity=Severity.MINOR, points=2, basis=Basis("…"),
                remedy=T("…", "…"), rationale=T("…", "…"), example=T("…", "…"))
    def has_thing(unit, ctx):
        if "thing" not in unit:
            yield missing("/thing", T("未填写……", "… not given"))

    @hookimpl
    def archcheck_rules():
        return rules.all()
"""

from __future__ import annotations

from typing import Any, Callable

from archcheck.engine import Context
from archcheck.errors import InputError
from archcheck.files import CSV_LIMIT, read_bytes, side_file
from archcheck.hookspecs import hookimpl
from archcheck.model import Basis, BasisKind, Finding, Location, Rule, Severity, Text
from archcheck.pointer import MISSING, join, resolve

T = Text

__all__ = [
    "Basis", "BasisKind", "CSV_LIMIT", "Context", "Finding", "InputError", "Location", "MISSING", "Rule", "RuleSet", "Severity", "T", "Text",
    "fail", "hookimpl", "join", "missing", "read_bytes", "resolve", "side_file",
]


def fail(pointer: str, message: Text, fraction: float = 1.0, **evidence: Any) -> Finding:
    """The evidence shows non-compliance. `fraction` < 1 deducts only part of the rule's points."""
    return Finding("", message, Location(pointer=pointer), evidence, fraction)


def missing(pointer: str, message: Text, fraction: float = 1.0, **evidence: Any) -> Finding:
    """The description says nothing that would show compliance (reported as 未提供证据, not 不符合)."""
    return Finding("", message, Location(pointer=pointer), evidence, fraction, missing=True)


class RuleSet:
    """Collects the rules of one checker module; `@rules.rule(...)` turns a check function into a Rule."""

    def __init__(self, area: str):
        self.area = area
        self._rules: list[Rule] = []

    def rule(self, **metadata: Any) -> Callable[[Callable[..., Any]], Rule]:
        def register(check: Callable[..., Any]) -> Rule:
            rule = Rule(area=metadata.pop("area", self.area), check=check, **metadata)
            self._rules.append(rule)
            return rule

        return register

    def all(self) -> list[Rule]:
        return list(self._rules)
