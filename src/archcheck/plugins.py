"""Find, load and collect plugins: built-ins and third parties through the same entry points.

Loading is wrapped per plugin (pluggy's own loader stops at the first broken one), so a plugin
that fails to import, or speaks another version of the hook contract, is reported and skipped
while the others still run. Every plugin found is remembered with its status, for provenance
in reports and for `archcheck plugins`.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import re
import weakref
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from types import ModuleType
from typing import Any, Callable, Iterable, Mapping

import pluggy

from archcheck import hookspecs
from archcheck.errors import PluginError, Problem
from archcheck.model import PluginInfo, PluginStatus, Rule, Text

ENTRY_POINT_GROUP = "archcheck"
#: Set to a non-empty value to load only archcheck's own built-in checkers.
DISABLE_AUTOLOAD_ENV = "ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD"
#: archcheck's own distribution (its built-in checkers are entry points of it); the import package
#: and the command are `archcheck`, but that name on the public index is an unrelated project
BUILTIN_DISTRIBUTION = "archcheck-dangan"
LOCAL_VERSION = "local"


@dataclass
class PluginSet:
    """Everything the loaded plugins contribute, with every plugin's provenance and the load errors."""

    manager: pluggy.PluginManager
    #: every plugin found, in load order, whatever became of it
    found: list[PluginInfo] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    areas: dict[str, Text] = field(default_factory=dict)
    load_errors: list[Text] = field(default_factory=list)

    @property
    def infos(self) -> list[PluginInfo]:
        """The plugins that ran: what a report lists as its provenance."""
        return [i for i in self.found if i.status is PluginStatus.LOADED]

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

    def _update(self, name: str, **changes: Any) -> None:
        self.found = [dataclasses.replace(i, **changes) if i.name == name else i for i in self.found]


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
        version = ep.dist.version if ep.dist else "?"
        if any(i.name == ep.name for i in plugins.found):
            continue
        if ep.name in disabled:
            _disable(plugins, ep.name, dist, version, Text("由 --disable-plugin 停用", "disabled by --disable-plugin"))
        elif not autoload and dist != BUILTIN_DISTRIBUTION:
            _disable(plugins, ep.name, dist, version, Text(
                "未自动加载（已设置 {env}）", "not auto-loaded ({env} is set)").format(env=DISABLE_AUTOLOAD_ENV))
        else:
            _register(plugins, ep.name, dist, version, ep.load, ep.value)
    for module_name in extra_modules:
        if module_name in disabled:
            _disable(plugins, module_name, module_name, LOCAL_VERSION,
                     Text("由 --disable-plugin 停用", "disabled by --disable-plugin"))
            continue
        _register(plugins, module_name, module_name, LOCAL_VERSION,
                  lambda m=module_name: importlib.import_module(m), module_name)
    _collect_rules(plugins)
    _collect_areas(plugins)
    return plugins


def _disable(plugins: PluginSet, name: str, dist: str, version: str, why: Text) -> None:
    plugins.found.append(PluginInfo(name, dist, version, status=PluginStatus.DISABLED, note=why))


def _register(plugins: PluginSet, name: str, dist: str, version: str, load: Callable[[], Any], target: str) -> None:
    try:
        plugin = load()
    except Exception as exc:  # noqa: BLE001 - any import-time failure is the plugin's, not ours
        _reject(plugins, PluginInfo(name, dist, version), PluginStatus.FAILED, Text(
            "插件 {name}（{target}）加载失败：{error}",
            "plugin {name} ({target}) failed to load: {error}",
        ).format(name=name, target=target, error=f"{type(exc).__name__}: {exc}"))
        return
    hooks = hook_view(plugin)
    if plugins.manager.is_registered(hooks):
        return  # `-p` of a module an entry point already loaded: the same plugin, once
    api = declared_api(plugin)
    info = PluginInfo(name, dist, version, api=api or ())
    problem = api_problem(name, dist, version, api)
    if problem is not None:
        _reject(plugins, info, PluginStatus.INCOMPATIBLE, problem)
        return
    try:
        plugins.manager.register(hooks, name=name)
    except Exception as exc:  # noqa: BLE001 - e.g. a hook with a misspelt argument
        _reject(plugins, info, PluginStatus.FAILED, Text(
            "插件 {name}（{target}）注册失败：{error}", "plugin {name} ({target}) could not be registered: {error}",
        ).format(name=name, target=target, error=f"{type(exc).__name__}: {exc}"))
        return
    plugins.found.append(info)


_VIEWS: "weakref.WeakKeyDictionary[ModuleType, ModuleType]" = weakref.WeakKeyDictionary()


def hook_view(plugin: Any) -> Any:
    """What pluggy registers for a plugin module: only its hook implementations.

    pluggy inspects every attribute of what it registers (~700 across the built-in checker modules,
    9 ms of each run); a module's hook implementations are the functions carrying the hookimpl mark,
    found in its namespace directly. The same module always gets the same view. Plugin objects other
    than modules are registered as they are.
    """
    if not isinstance(plugin, ModuleType):
        return plugin
    view = _VIEWS.get(plugin)
    if view is None:
        marker = hookspecs.PROJECT + "_impl"
        hooks = {k: v for k, v in vars(plugin).items() if callable(v) and isinstance(getattr(v, marker, None), dict)}
        view = _VIEWS[plugin] = ModuleType(plugin.__name__, plugin.__doc__)  # a bare module: nothing else to inspect
        vars(view).update(hooks)
    return view


def _reject(plugins: PluginSet, info: PluginInfo, status: PluginStatus, problem: Text) -> None:
    plugins.load_errors.append(problem)
    plugins.found.append(dataclasses.replace(info, status=status, note=problem))


def declared_api(plugin: Any) -> tuple[int, ...] | None:
    """The API versions a plugin declares (`ARCHCHECK_API`), the default when silent, None when malformed."""
    value = getattr(plugin, hookspecs.API_ATTRIBUTE, hookspecs.DEFAULT_PLUGIN_API)
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value,)
    if not isinstance(value, (tuple, list)) or not value or not all(type(v) is int for v in value):
        return None
    return tuple(sorted(set(value)))


def api_problem(name: str, dist: str, version: str, api: tuple[int, ...] | None) -> Text | None:
    """None when the plugin speaks the core's API version, else a message saying what to upgrade."""
    core = hookspecs.API_VERSION
    if api is None:
        return Text(
            "插件 {name} 的 {attr} 应为整数元组，如 (1,)；已跳过",
            "plugin {name}: {attr} must be a tuple of integers such as (1,); skipped",
        ).format(name=name, attr=hookspecs.API_ATTRIBUTE)
    if core in api:
        return None
    if min(api) > core:
        return Text(
            "插件 {name}（{dist} {ver}）需要插件接口版本 {want}，本 archcheck 只提供版本 {core}：请升级 archcheck；已跳过",
            "plugin {name} ({dist} {ver}) needs plugin API {want}, this archcheck provides {core}: upgrade archcheck; skipped",
        ).format(name=name, dist=dist, ver=version, want=_versions(api), core=core)
    return Text(
        "插件 {name}（{dist} {ver}）只支持插件接口版本 {want}，本 archcheck 需要版本 {core}：请升级插件 {dist}；已跳过",
        "plugin {name} ({dist} {ver}) supports plugin API {want} only, this archcheck needs {core}: upgrade {dist}; skipped",
    ).format(name=name, dist=dist, ver=version, want=_versions(api), core=core)


def _versions(api: tuple[int, ...]) -> str:
    return ", ".join(map(str, api))


def _collect_rules(plugins: PluginSet) -> None:
    owners: dict[str, str] = {}
    counts: dict[str, int] = {}
    clashes: list[Problem] = []
    for impl in reversed(plugins.manager.hook.archcheck_rules.get_hookimpls()):
        try:
            rules = list(impl.function() or ())
            if not all(isinstance(r, Rule) for r in rules):
                raise TypeError("archcheck_rules() must return Rule objects")
        except Exception as exc:  # noqa: BLE001
            problem = Text("插件 {name} 提供规则时出错：{error}", "plugin {name} failed to list its rules: {error}").format(
                name=impl.plugin_name, error=f"{type(exc).__name__}: {exc}"
            )
            plugins.load_errors.append(problem)
            plugins._update(impl.plugin_name, status=PluginStatus.FAILED, note=problem)
            plugins.manager.unregister(name=impl.plugin_name)
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
    for name, count in counts.items():
        plugins._update(name, rules=count)


def _collect_areas(plugins: PluginSet) -> None:
    areas: Mapping[str, Text] = plugins.collect("archcheck_areas")
    plugins.areas = dict(areas)
    for rule in plugins.rules:
        plugins.areas.setdefault(rule.area, Text(rule.area, rule.area))


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def require_plugins(plugins: PluginSet, required: Iterable[str], source: str = "--require-plugin") -> None:
    """Raise PluginError (exit 3) unless every required plugin (entry-point or distribution name) ran.

    The config file calls this with its `required_plugins` list and its own name as `source`, so
    the message points at where the requirement was written.
    """
    problems = []
    for wanted in required:
        matches = [i for i in plugins.found if _canonical(wanted) in (_canonical(i.name), _canonical(i.distribution))]
        if any(i.status is PluginStatus.LOADED for i in matches):
            continue
        if matches:
            why = matches[0].note or matches[0].status.label
            message = Text(f"必需的插件 {wanted} 未运行：{why.zh}", f"required plugin {wanted} did not run: {why.en}")
        else:
            message = Text(
                "必需的插件 {name} 未安装（pip install {name}，或用 -p 模块路径 加载）",
                "required plugin {name} is not installed (pip install {name}, or load it with -p MODULE)",
            ).format(name=wanted)
        problems.append(Problem(source, wanted, message))
    if problems:
        raise PluginError(problems)
