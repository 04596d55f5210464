"""Find, load and collect plugins: built-ins and third parties through the same entry points.

Loading is wrapped per plugin (pluggy's own loader stops at the first broken one), so a plugin
that fails to import is reported and the others still run.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Iterable, Mapping

import pluggy

from archcheck import hookspecs
from archcheck.errors import PluginError, Problem
from archcheck.model import PluginInfo, Rule, Text

ENTRY_POINT_GROUP = "archcheck"
#: Set to a non-empty value to load only archcheck's own built-in checkers.
DISABLE_AUTOLOAD_ENV = "ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD"
BUILTIN_DISTRIBUTION = "archcheck"


@dataclass
class PluginSet:
    """Everything the loaded plugins contribute, with provenance and load errors."""

    manager: pluggy.PluginManager
    infos: list[PluginInfo] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    areas: dict[str, Text] = field(default_factory=dict)
    load_errors: list[Text] = field(default_factory=list)

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id.upper()), None)

    def rules_for(self, target: str) -> list[Rule]:
        return [r for r in self.rules if r.target == target]

    def collect(self, hook_name: str) -> dict[str, Any]:
        """Merge the dict results of a hook, in registration order."""
        merged: dict[str, Any] = {}
        for result in reversed(getattr(self.manager.hook, hook_name)()):
            merged.update(result or {})
        return merged


def new_manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    return manager


def load_plugins(extra_modules: Iterable[str] = (), disabled: Iterable[str] = ()) -> PluginSet:
    """Load entry-point plugins (all, or only built-ins when autoload is off) and `-p` modules."""
    plugins = PluginSet(new_manager())
    disabled = set(disabled)
    autoload = not os.environ.get(DISABLE_AUTOLOAD_ENV)
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: (e.dist.name if e.dist else "", e.name)):
        dist = ep.dist.name if ep.dist else "?"
        if ep.name in disabled or (not autoload and dist != BUILTIN_DISTRIBUTION):
            continue
        if plugins.manager.has_plugin(ep.name):
            continue
        version = ep.dist.version if ep.dist else "?"
        _register(plugins, ep.name, dist, version, ep.load, f"{ep.value}")
    for module_name in extra_modules:
        if module_name in disabled:
            continue
        _register(plugins, module_name, module_name, "local", lambda m=module_name: importlib.import_module(m), module_name)
    _collect_rules(plugins)
    _collect_areas(plugins)
    return plugins


def _register(plugins: PluginSet, name: str, dist: str, version: str, load, target: str) -> None:
    try:
        plugins.manager.register(load(), name=name)
    except Exception as exc:  # noqa: BLE001 - any import-time failure is the plugin's, not ours
        plugins.load_errors.append(
            Text(
                "插件 {name}（{target}）加载失败：{error}",
                "plugin {name} ({target}) failed to load: {error}",
            ).format(name=name, target=target, error=f"{type(exc).__name__}: {exc}")
        )
        return
    plugins.infos.append(PluginInfo(name=name, distribution=dist, version=version))


def _collect_rules(plugins: PluginSet) -> None:
    owners: dict[str, str] = {}
    counts: dict[str, int] = {}
    clashes: list[Problem] = []
    for impl in reversed(plugins.manager.hook.archcheck_rules.get_hookimpls()):
        try:
            rules = list(impl.function() or ())
        except Exception as exc:  # noqa: BLE001
            plugins.load_errors.append(
                Text("插件 {name} 提供规则时出错：{error}", "plugin {name} failed to list its rules: {error}").format(
                    name=impl.plugin_name, error=f"{type(exc).__name__}: {exc}"
                )
            )
            continue
        for rule in rules:
            if rule.id in owners:
                clashes.append(
                    Problem(
                        impl.plugin_name,
                        rule.id,
                        Text(
                            "规则编号 {id} 与插件 {other} 的规则重复",
                            "rule id {id} clashes with a rule of plugin {other}",
                        ).format(id=rule.id, other=owners[rule.id]),
                    )
                )
                continue
            owners[rule.id] = impl.plugin_name
            counts[impl.plugin_name] = counts.get(impl.plugin_name, 0) + 1
            plugins.rules.append(dataclasses.replace(rule, plugin=impl.plugin_name))
    if clashes:
        raise PluginError(clashes)
    plugins.rules.sort(key=lambda r: r.id)
    plugins.infos = [dataclasses.replace(i, rules=counts.get(i.name, 0)) for i in plugins.infos]


def _collect_areas(plugins: PluginSet) -> None:
    areas: Mapping[str, Text] = plugins.collect("archcheck_areas")
    plugins.areas = dict(areas)
    for rule in plugins.rules:
        plugins.areas.setdefault(rule.area, Text(rule.area, rule.area))
