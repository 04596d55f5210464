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

import dataclasses
import difflib
from typing import Any, Callable

from archcheck import unitdata
from archcheck.catalog import row_notes
from archcheck.catalog.columns import CANONICAL
from archcheck.engine.context import Context
from archcheck.errors import InputError, Problem, input_error
from archcheck.files import CSV_LIMIT, inside, read_bytes, side_file
from archcheck.hookspecs import hookimpl
from archcheck.lazy import lazy_module, lazy_pattern
from archcheck.model import Basis, BasisKind, Finding, Location, RecordCheck, Rule, RuleDefinitionError, Severity, Text
from archcheck.pointer import MISSING, join, resolve

T = Text

#: the canonical catalogue columns a catalogue rule reads with `batch.column(name)`: DA/T 22—2015 §5.5.2's
#: nine, then the classification columns archive software exports (taken from the 档号 when absent)
CATALOG_COLUMNS = CANONICAL

#: parsers of catalogue cell values (DA/T 22—2015 §5.4–5.5): `values.parse_date(cell)`, `values.parse_ref(cell)` …;
#: loaded on first use, so a run that checks no export does not pay for their patterns
values = lazy_module("archcheck.catalog.values")
#: volume catalogues (案卷目录, 卷内文件目录; GB/T 9705): `volumes.parse_span(cell)`, `volumes.parse_page_range(cell)` …
volumes = lazy_module("archcheck.catalog.volumes")

__all__ = [
    "Basis", "BasisKind", "CATALOG_COLUMNS", "CSV_LIMIT", "Context", "Finding", "InputError", "Location", "MISSING", "Problem",
    "RecordCheck", "Rule", "RuleSet", "Severity", "T", "Text",
    "fail", "hookimpl", "input_error", "inside", "join", "lazy_pattern", "missing", "read_bytes", "resolve", "row_notes", "side_file", "unitdata",
    "values", "volumes",
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
            _check_keywords(metadata)
            rule = Rule(area=metadata.pop("area", self.area), check=check, **metadata)
            self._rules.append(rule)
            return rule

        return register

    def all(self) -> list[Rule]:
        return list(self._rules)


#: the keywords `RuleSet.rule` takes (the Rule fields a plugin sets)
RULE_KEYWORDS = tuple(f.name for f in dataclasses.fields(Rule) if f.name not in ("check", "plugin", "default_severity"))
_REQUIRED = tuple(f.name for f in dataclasses.fields(Rule) if f.default is dataclasses.MISSING
                  and f.default_factory is dataclasses.MISSING and f.name not in ("check", "area"))


def _check_keywords(metadata: dict[str, Any]) -> None:
    """A misspelt or missing keyword is named with the rule, not left to a bare TypeError of the constructor."""
    rule_id = metadata.get("id", "?")
    for name in metadata:
        if name not in RULE_KEYWORDS:
            close = difflib.get_close_matches(name, RULE_KEYWORDS, n=1)
            hint = Text("（是否想写 {c}？）", " (did you mean {c}?)").format(c=close[0]) if close else Text("", "")
            raise RuleDefinitionError(rule_id, name, Text("不是规则的字段{h}；可用：{k}", "is not a rule field{he}; the fields are {k}").format(
                h=hint.zh, he=hint.en, k=", ".join(RULE_KEYWORDS)))
    absent = [n for n in _REQUIRED if n not in metadata]
    if absent:
        raise RuleDefinitionError(rule_id, absent[0], Text("未填写（必填：{k}）", "is missing (required: {k})").format(k=", ".join(_REQUIRED)))
