"""The plugin contract: the one module a plugin author needs to read.

A plugin is a module (or object) with functions named like the specifications below, decorated
with ``archcheck.hookimpl``. Publish it under the entry-point group ``archcheck``::

    [project.entry-points.archcheck]
    myprovince = "archcheck_myprovince.rules"

and declare which versions of this contract it speaks (see :data:`API_VERSION`)::

    ARCHCHECK_API = (1,)

Everything a plugin imports comes from :mod:`archcheck.api` (rules, findings, the catalogue
record check, the unit-data accessors, the catalogue value parsers); this module and that one are the
whole contract. The built-in checkers are registered through the same group and import nothing else,
exactly as a third-party plugin.

Two targets. A **unit** rule checks a unit description: ``check(unit, ctx)`` yields findings, made
with ``archcheck.api.fail(pointer, message, …)`` when the evidence shows non-compliance and
``archcheck.api.missing(pointer, message, …)`` when the description is silent. A **catalogue** rule
(``target="catalog"``) checks an export as it streams: its check is an
:class:`archcheck.api.RecordCheck` subclass, made fresh for each file, whose ``begin(table)``,
``batch(batch)`` (or ``record(record, batch)``) and ``finish()`` yield findings made with
``batch.finding(index, column, message, …)``; a catalogue rule that found nothing may answer
``not_applicable()`` with the reason nothing in the file was its to judge. Both may have
``applies_if(unit_or_table, ctx)`` returning ``None`` or the reason the rule does not apply.

The engine, not pluggy, calls each rule, so a rule that raises, exits, prints or overruns
``--rule-timeout`` becomes an ``error`` outcome naming its plugin and rule while the run goes on.
What a hook returns is checked when the plugin loads; a wrong type is a load problem naming the plugin.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import pluggy

from archcheck.model import Rule, Text

PROJECT = "archcheck"

#: The version of this contract. It goes up only when a change would break existing plugins.
API_VERSION = 1
#: A plugin module declares the API versions it supports with a module attribute of this name,
#: e.g. ``ARCHCHECK_API = (1,)``. A plugin that declares nothing is taken to support version 1
#: only. A plugin that supports none of the core's versions is skipped, with a message saying
#: whether archcheck or the plugin needs upgrading.
API_ATTRIBUTE = "ARCHCHECK_API"
DEFAULT_PLUGIN_API = (1,)

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def archcheck_rules() -> Sequence[Rule]:
    """Return the plugin's rules, usually ``rules.all()`` of an :class:`archcheck.api.RuleSet`.

    Each rule carries stable metadata (id = area prefix + 3 digits such as ``PRO004``, title,
    severity, points, basis, remedy, rationale, example — texts as ``archcheck.api.T(zh, en)``, or a
    plain string where both languages read the same) and its check (see the module docstring for the
    two targets). Ids must be unique across all plugins; a clash is reported naming both plugins.
    """


@hookspec
def archcheck_areas() -> Mapping[str, Text]:
    """Return the areas this plugin introduces, as ``{"FUN": Text("经费与计划", "Funding & plan")}``.

    Areas order the report and carry weights in scoring profiles; an area unknown to the profile
    gets the profile's ``default_area_weight``.
    """


@hookspec
def archcheck_unit_schema() -> Mapping[str, Any]:
    """Return ``{plugin_name: json_schema}`` for the plugin's own data under ``extensions``.

    The fragments are merged into the unit schema at ``/properties/extensions/properties`` so the
    plugin's data is validated (and reported with JSON paths) like the rest of the description.
    """


@hookspec
def archcheck_reporters() -> Mapping[str, Any]:
    """Return ``{format_name: reporter}``; a reporter is a callable ``(report, options) -> str | bytes``.

    The name becomes a value of ``--format``.
    """


@hookspec
def archcheck_profiles() -> Mapping[str, Mapping[str, Any]]:
    """Return ``{profile_name: profile_data}`` with scoring profiles (see ``archcheck.scoring``)."""
