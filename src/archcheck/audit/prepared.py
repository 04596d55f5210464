"""The set-up every checking command shares, made once per run: rules, areas, schema, waiver ledger.

The unit, many-unit and catalogue entry points all start from a :class:`PreparedAudit`, so a
severity override, a selection, a threshold or a waiver means the same thing whatever is checked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Mapping

from archcheck import __version__
from archcheck.engine.context import Context, Selection
from archcheck.engine.units import DEFAULT_RULE_TIMEOUT, with_severities
from archcheck.model import Report, Rule, Severity, Text, UnitReport, WaiverInfo
from archcheck.plugins import PluginSet
from archcheck.scoring import Profile
from archcheck.waivers import WaiverLedger


@dataclass(frozen=True)
class Settings:
    """What the user chose for the run (config file and command line, already merged and checked)."""

    profile: Profile
    selection: Selection = Selection()
    #: per-rule threshold overrides: {"FIL002": {"deadline": "03-31"}}
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: per-rule severity overrides from the configuration: {"PRO004": Severity.MINOR}
    severity: Mapping[str, Severity] = field(default_factory=dict)
    #: accepted exceptions (waivers.py), applied to each finding before it is counted
    waivers: tuple[WaiverInfo, ...] = ()
    debug: bool = False
    #: seconds each call into a rule may run before it is stopped and reported as `error` (None: no limit)
    rule_timeout: float | None = DEFAULT_RULE_TIMEOUT
    #: folders outside an input's own whose files it may name (`--allow-outside`)
    allowed_dirs: tuple[Path, ...] = ()


class PreparedAudit:
    """Plugins + settings, with what every input needs computed once."""

    def __init__(self, plugins: PluginSet, settings: Settings, rules: Mapping[str, list[Rule]] | None = None):
        """`rules` replaces the plugins' rules of a target (a test running a rule of its own)."""
        self.plugins = plugins
        self.settings = settings
        self.ledger = WaiverLedger(settings.waivers)
        self._rules: dict[str, list[Rule]] = {t: with_severities(r, settings.severity) for t, r in (rules or {}).items()}

    def rules(self, target: str) -> list[Rule]:
        """The rules of a target ("unit", "catalog"), with the user's severity overrides."""
        if target == "unit":
            self.unit_schema  # noqa: B018 - a plugin whose schema fragment is invalid loses its rules first
        if target not in self._rules:
            self._rules[target] = with_severities(self.plugins.rules_for(target), self.settings.severity)
        return self._rules[target]

    @cached_property
    def areas(self) -> dict[str, Text]:
        """Areas in the profile's order (the seed report's order by default), plugin areas after."""
        weights, known = self.settings.profile.weights, self.plugins.areas
        order = [a for a in weights if a in known] + sorted(set(known) - set(weights))
        return {a: known[a] for a in order}

    @cached_property
    def unit_schema(self) -> Mapping[str, Any]:
        from archcheck.plugins import schema_fragments
        from archcheck.schemas import unit_schema

        return unit_schema(schema_fragments(self.plugins))

    def context(self, as_of: dt.date, base_dir: Path) -> Context:
        return Context(as_of=as_of, base_dir=base_dir, debug=self.settings.debug, allowed_dirs=self.settings.allowed_dirs)

    def report(self, units: Iterable[UnitReport]) -> Report:
        """The run's report of `units` (a `UnitStore` stays one: its units are read back as reporters ask)."""
        from archcheck.engine.unit_store import UnitStore

        return Report(
            tool_version=__version__,
            profile=self.settings.profile.name,
            plugins=tuple(self.plugins.infos),
            areas=self.areas,
            units=units if isinstance(units, UnitStore) else tuple(units),
            load_errors=tuple(self.plugins.load_errors),
            waivers=self.ledger.statuses(),
        )
