"""Find, load and classify plugins: built-ins and third parties through the same entry points.

Three small phases, as flake8's plugin finder does it: **find** the candidates (entry points of
group ``archcheck`` and ``-p`` modules), **load** each one isolated (pluggy's own loader stops at the
first broken plugin; here an import that fails, hangs past the time limit or speaks another version
of the contract is reported and skipped while the others still load), and **collect** what each
loaded plugin contributes, one hook implementation at a time, checking what it returns, so a hook
that returns the wrong thing is a load problem that names the plugin, never an internal error later.

Every plugin found is remembered with its status, for provenance in reports and `archcheck plugins`.
The built-in output formats (`reporters.registry`) are an essential plugin: always registered, never
disabled, and no plugin may replace one of their formats. A plugin named with ``-p`` (or required with
``--require-plugin``) that does not load stops the run with exit 3.
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
from archcheck.engine.guard import Watchdog
from archcheck.engine.timelimit import RuleTimeout, TimeLimit
from archcheck.engine.worker import grace
from archcheck.errors import InputError, PluginError, Problem, unknown_name
from archcheck.model import PluginInfo, PluginStatus, Rule, RuleDefinitionError, Text

ENTRY_POINT_GROUP = "archcheck"
#: Set to a non-empty value to load only archcheck's own built-in checkers.
DISABLE_AUTOLOAD_ENV = "ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD"
#: archcheck's own distribution (its built-in checkers are entry points of it); the import package
#: and the command are `archcheck`, but that name on the public index is an unrelated project
BUILTIN_DISTRIBUTION = "archcheck-dangan"
LOCAL_VERSION = "local"
#: essential plugins: registered on every run, whatever is disabled
ESSENTIAL = {"reporters": "archcheck.reporters.registry"}
#: seconds a plugin's import or one of its hooks may take at load time (the rule time limit by default)
DEFAULT_LOAD_TIMEOUT = 10.0
AREA_CODE = re.compile(r"[A-Z][A-Z0-9]{1,7}")


@dataclass(frozen=True)
class Candidate:
    """A plugin found, not yet imported."""

    name: str
    distribution: str
    version: str
    load: Callable[[], Any]
    target: str
    #: named on the command line (`-p`): failing to load it fails the run
    explicit: bool = False


@dataclass
class PluginSet:
    """Everything the loaded plugins contribute, with every plugin's provenance and the load errors."""

    manager: pluggy.PluginManager
    #: every plugin found, in load order, whatever became of it
    found: list[PluginInfo] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    areas: dict[str, Text] = field(default_factory=dict)
    load_errors: list[Text] = field(default_factory=list)
    #: the checked, merged results of the dict-returning hooks, by hook name
    contributions: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: which plugin contributed each key of each dict-returning hook
    origins: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def infos(self) -> list[PluginInfo]:
        """The plugins that ran: what a report lists as its provenance."""
        return [i for i in self.found if i.status is PluginStatus.LOADED]

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id.upper()), None)

    def rules_for(self, target: str) -> list[Rule]:
        return [r for r in self.rules if r.target == target]

    def collect(self, hook_name: str) -> dict[str, Any]:
        """The merged, checked results of a dict-returning hook (later plugins win, built-in formats excepted)."""
        return self.contributions.get(hook_name, {})

    def _update(self, name: str, **changes: Any) -> None:
        self.found = [dataclasses.replace(i, **changes) if i.name == name else i for i in self.found]

    def _fail(self, name: str, problem: Text) -> None:
        """A loaded plugin whose contribution is unusable: reported, and none of it is used."""
        self.load_errors.append(problem)
        self._update(name, status=PluginStatus.FAILED, note=problem)
        if self.manager.has_plugin(name):
            self.manager.unregister(name=name)


def new_manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    return manager


# ---------------------------------------------------------------- find


def find_plugins(extra_modules: Iterable[str] = ()) -> list[Candidate]:
    """Entry points of group `archcheck` (sorted by distribution and name), then `-p` modules."""
    found: list[Candidate] = []
    seen: set[str] = set()
    points = [(_name_and_version(ep.dist), ep) for ep in entry_points(group=ENTRY_POINT_GROUP)]
    for (dist, version), ep in sorted(points, key=lambda p: (p[0][0] if p[0][0] != "?" else "", p[1].name)):
        if ep.name in seen or ep.name in ESSENTIAL:
            continue
        seen.add(ep.name)
        found.append(Candidate(ep.name, dist, version, ep.load, ep.value))
    for module_name in extra_modules:
        found.append(Candidate(module_name, module_name, LOCAL_VERSION, lambda m=module_name: importlib.import_module(m),
                               module_name, explicit=True))
    return found


_DIST_CACHE: dict[Any, tuple[str, str]] = {}


def _name_and_version(dist: Any) -> tuple[str, str]:
    """A distribution's name and version, its METADATA parsed once (each `dist.name` or `dist.version`
    would parse it again, several times per entry point on every run)."""
    if dist is None:
        return "?", "?"
    key = getattr(dist, "_path", None) or id(dist)
    if key not in _DIST_CACHE:
        metadata = dist.metadata
        _DIST_CACHE[key] = (metadata["Name"] or "?", metadata["Version"] or "?")
    return _DIST_CACHE[key]


# ---------------------------------------------------------------- load


def load_plugins(extra_modules: Iterable[str] = (), disabled: Iterable[str] = (),
                 time_limit: float | None = DEFAULT_LOAD_TIMEOUT, strict: bool = True) -> PluginSet:
    """Load entry-point plugins (all, or only built-ins when autoload is off), `-p` modules and the essentials.

    With `strict` (every command that checks), a `-p` module that does not load is PluginError (exit 3);
    `archcheck plugins`, which is how one finds out why, lists it instead.
    """
    plugins = PluginSet(new_manager())
    disabled = set(disabled)
    candidates = find_plugins(extra_modules)
    _check_disabled(disabled, candidates)
    autoload = not os.environ.get(DISABLE_AUTOLOAD_ENV)
    explicit_failures: list[Problem] = []
    with TimeLimit(time_limit) as limit, Watchdog(time_limit, grace(time_limit or 0)) as watchdog:
        limit = _Watched(limit, watchdog)
        for name, module in ESSENTIAL.items():
            _register(plugins, Candidate(name, BUILTIN_DISTRIBUTION, _own_version(), lambda m=module: importlib.import_module(m), module), limit)
        for candidate in candidates:
            if candidate.name in disabled:
                _disable(plugins, candidate, Text("由 --disable-plugin 停用", "disabled by --disable-plugin"))
            elif not autoload and not candidate.explicit and candidate.distribution != BUILTIN_DISTRIBUTION:
                _disable(plugins, candidate, Text("未自动加载（已设置 {env}）", "not auto-loaded ({env} is set)").format(env=DISABLE_AUTOLOAD_ENV))
            else:
                problem = _register(plugins, candidate, limit)
                if problem is not None and candidate.explicit:
                    explicit_failures.append(Problem("-p", candidate.name, problem))
        _collect(plugins, limit)
    for candidate in candidates:  # an explicit plugin whose hooks failed after it imported
        info = next((i for i in plugins.found if i.name == candidate.name), None)
        if candidate.explicit and info is not None and info.status is PluginStatus.FAILED and info.note is not None \
                and not any(p.where == candidate.name for p in explicit_failures):
            explicit_failures.append(Problem("-p", candidate.name, info.note))
    if explicit_failures and strict:
        raise PluginError(explicit_failures)
    return plugins


class _Watched:
    """The load-time limit: the alarm for what Python can interrupt, the watchdog for what it cannot."""

    def __init__(self, limit: TimeLimit, watchdog: Watchdog):
        self.limit, self.watchdog = limit, watchdog

    def call(self, fn: Callable[[], Any], what: str = "") -> Any:
        with self.watchdog.step(what or getattr(fn, "__qualname__", "plugin code")):
            return self.limit.call(fn)


def _own_version() -> str:
    from archcheck import __version__

    return __version__


def _check_disabled(disabled: set[str], candidates: list[Candidate]) -> None:
    """`--disable-plugin` of an essential plugin or of a name nothing has is a mistake, not a no-op."""
    problems = []
    known = [c.name for c in candidates]
    for name in sorted(disabled):
        if name in ESSENTIAL:
            problems.append(Problem("--disable-plugin", name, Text("内置输出格式是必需插件，不能停用", "the built-in output formats are essential and cannot be disabled")))
        elif name not in known:
            problems.append(Problem("--disable-plugin", name, unknown_name(name, known, Text("没有这个插件", "no such plugin"))))
    if problems:
        raise InputError(problems)


def _disable(plugins: PluginSet, candidate: Candidate, why: Text) -> None:
    plugins.found.append(PluginInfo(candidate.name, candidate.distribution, candidate.version, status=PluginStatus.DISABLED, note=why))


def _register(plugins: PluginSet, candidate: Candidate, limit: Any) -> Text | None:
    """Import and register one plugin; its load problem (also recorded), or None."""
    name, dist, version, target = candidate.name, candidate.distribution, candidate.version, candidate.target
    try:
        plugin = limit.call(candidate.load, f"plugin {name} ({target}) import")
    except RuleTimeout as stop:
        return _reject(plugins, PluginInfo(name, dist, version), PluginStatus.FAILED, Text(
            "插件 {name}（{target}）加载超过时限 {s} 秒，已跳过", "plugin {name} ({target}) took longer than {s} s to load; skipped",
        ).format(name=name, target=target, s=f"{stop.seconds:g}"))
    except BaseException as exc:  # noqa: BLE001 - any import-time failure (even sys.exit) is the plugin's, not ours
        if isinstance(exc, KeyboardInterrupt):
            from archcheck.engine import guard

            if guard.interrupted():
                raise
        if isinstance(exc, RuleDefinitionError):
            return _reject(plugins, PluginInfo(name, dist, version), PluginStatus.FAILED, _unusable_rule(name, target, exc))
        return _reject(plugins, PluginInfo(name, dist, version), PluginStatus.FAILED, Text(
            "插件 {name}（{target}）加载失败：{error}", "plugin {name} ({target}) failed to load: {error}",
        ).format(name=name, target=target, error=f"{type(exc).__name__}: {exc}"))
    hooks = hook_view(plugin)
    if plugins.manager.is_registered(hooks):
        return None  # `-p` of a module an entry point already loaded: the same plugin, once
    api = declared_api(plugin)
    info = PluginInfo(name, dist, version, api=api or ())
    problem = api_problem(name, dist, version, api)
    if problem is not None:
        return _reject(plugins, info, PluginStatus.INCOMPATIBLE, problem)
    try:
        plugins.manager.register(hooks, name=name)
        plugins.manager.check_pending()
    except Exception as exc:  # noqa: BLE001 - e.g. a hook with a misspelt name or argument
        if plugins.manager.has_plugin(name):
            plugins.manager.unregister(name=name)
        return _reject(plugins, info, PluginStatus.FAILED, Text(
            "插件 {name}（{target}）注册失败：{error}", "plugin {name} ({target}) could not be registered: {error}",
        ).format(name=name, target=target, error=f"{type(exc).__name__}: {exc}"))
    plugins.found.append(info)
    unmarked = _unmarked_hooks(plugin, hooks)
    if unmarked:
        plugins.load_errors.append(Text(
            "插件 {name} 的函数 {f} 与钩子同名但未加 @hookimpl，未被调用",
            "plugin {name}: {f} is named like a hook but lacks @hookimpl, so it is never called",
        ).format(name=name, f=", ".join(unmarked)))
    return None


def _unusable_rule(name: str, target: str, error: RuleDefinitionError) -> Text:
    """A rule whose metadata the model refused: plugin, rule and field, in both languages."""
    return Text("插件 {name}（{target}）未加载：{m}", "plugin {name} ({target}) not loaded: {me}").format(
        name=name, target=target, m=error.message.zh, me=error.message.en)


def _unmarked_hooks(plugin: Any, hooks: Any) -> list[str]:
    """Functions named like a hook of the contract that are not registered as hook implementations."""
    if not isinstance(plugin, ModuleType):
        return []
    specs = {n for n in dir(hookspecs) if n.startswith(hookspecs.PROJECT + "_")}
    return sorted(n for n in specs if callable(getattr(plugin, n, None)) and not hasattr(hooks, n))


_VIEWS: "weakref.WeakKeyDictionary[ModuleType, ModuleType]" = weakref.WeakKeyDictionary()


def hook_view(plugin: Any) -> Any:
    """What pluggy registers for a plugin module: only its hook implementations.

    pluggy inspects every attribute of what it registers (hundreds across the built-in checker
    modules); a module's hook implementations are the functions carrying the hookimpl mark, found in
    its namespace directly. The same module always gets the same view. Plugin objects other than
    modules are registered as they are.
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


def _reject(plugins: PluginSet, info: PluginInfo, status: PluginStatus, problem: Text) -> Text:
    plugins.load_errors.append(problem)
    plugins.found.append(dataclasses.replace(info, status=status, note=problem))
    return problem


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


# ---------------------------------------------------------------- collect


def _collect(plugins: PluginSet, limit: Any) -> None:
    """Ask every loaded plugin's hooks, one implementation at a time, and keep what passes the checks.

    A plugin with one unusable hook contributes nothing at all (its rules included): half a plugin
    is harder to reason about than a plugin reported as failed.
    """
    _collect_rules(plugins, limit)
    answers: dict[str, list[tuple[str, Any]]] = {}
    for hook_name, check in DICT_HOOKS.items():
        answers[hook_name] = []
        for impl in getattr(plugins.manager.hook, hook_name).get_hookimpls():  # registration order: later plugins win
            value = _ask(plugins, impl, limit, hook_name)
            if value is None:
                continue
            problem = _dict_problem(value, check)
            if problem is None and hook_name == "archcheck_reporters" and impl.plugin_name not in ESSENTIAL:
                taken = sorted(set(value) & set(_essential_formats()))
                if taken:
                    problem = Text("不能替换内置输出格式 {f}", "must not replace the built-in format(s) {f}").format(f=", ".join(taken))
            if problem is not None:
                plugins._fail(impl.plugin_name, Text("插件 {name} 的 {hook}() 返回值有误：{p}", "plugin {name}: {hook}() returned something wrong: {pe}")
                              .format(name=impl.plugin_name, hook=hook_name, p=problem.zh, pe=problem.en))
                continue
            answers[hook_name].append((impl.plugin_name, value))
    failed = {i.name for i in plugins.found if i.status is not PluginStatus.LOADED}
    plugins.rules = [r for r in plugins.rules if r.plugin not in failed]
    for hook_name, given in answers.items():
        merged: dict[str, Any] = {}
        for name, value in given:
            if name not in failed:
                merged.update(value)
                plugins.origins.setdefault(hook_name, {}).update(dict.fromkeys(value, name))
        plugins.contributions[hook_name] = merged
    plugins.areas = dict(plugins.collect("archcheck_areas"))
    for rule in plugins.rules:
        plugins.areas.setdefault(rule.area, Text(rule.area, rule.area))


def _essential_formats() -> list[str]:
    from archcheck.reporters.registry import FORMATS

    return list(FORMATS)


def _ask(plugins: PluginSet, impl: Any, limit: Any, hook_name: str) -> Any:
    """One hook implementation's result (None when it raised or overran, which is recorded)."""
    try:
        return limit.call(impl.function, f"plugin {impl.plugin_name}: {hook_name}()")
    except RuleTimeout as stop:
        error = f"took longer than {stop.seconds:g} s"
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, KeyboardInterrupt):
            from archcheck.engine import guard

            if guard.interrupted():
                raise
        if isinstance(exc, RuleDefinitionError):
            plugins._fail(impl.plugin_name, _unusable_rule(impl.plugin_name, f"{hook_name}()", exc))
            return None
        error = f"{type(exc).__name__}: {exc}"
    plugins._fail(impl.plugin_name, Text("插件 {name} 的 {hook}() 出错：{error}", "plugin {name}: {hook}() failed: {error}")
                  .format(name=impl.plugin_name, hook=hook_name, error=error))
    return None


def _is_text(value: Any) -> bool:
    return isinstance(value, (Text, str))


def _is_area_name(key: Any, value: Any) -> bool:
    return isinstance(key, str) and AREA_CODE.fullmatch(key) is not None and _is_text(value)


#: what each dict-returning hook's values must be: (key, value) -> ok
DICT_HOOKS: dict[str, Callable[[Any, Any], bool]] = {
    "archcheck_areas": _is_area_name,
    "archcheck_unit_schema": lambda key, value: isinstance(key, str) and isinstance(value, Mapping),
    "archcheck_reporters": lambda key, value: isinstance(key, str) and bool(key) and callable(value),
    "archcheck_profiles": lambda key, value: isinstance(key, str) and isinstance(value, Mapping),
}


def _dict_problem(value: Any, check: Callable[[Any, Any], bool]) -> Text | None:
    if not isinstance(value, Mapping):
        return Text("应返回字典，实际为 {t}", "expected a dict, got {t}").format(t=type(value).__name__)
    bad = [repr(k) for k, v in value.items() if not check(k, v)]
    if bad:
        return Text("这些条目不合要求：{k}", "these entries are not valid: {k}").format(k=", ".join(bad[:5]))
    return None


def _collect_rules(plugins: PluginSet, limit: Any) -> None:
    owners: dict[str, str] = {}
    counts: dict[str, int] = {}
    clashes: list[Problem] = []
    for impl in reversed(plugins.manager.hook.archcheck_rules.get_hookimpls()):
        rules = _ask(plugins, impl, limit, "archcheck_rules")
        if rules is None:
            continue
        problem = _rules_problem(rules)
        if problem is not None:
            plugins._fail(impl.plugin_name, Text("插件 {name} 提供规则时出错：{error}", "plugin {name} failed to list its rules: {error}")
                          .format(name=impl.plugin_name, error=problem))
            continue
        for rule in rules:
            if rule.id in owners:
                clashes.append(Problem(impl.plugin_name, rule.id, Text(
                    "规则编号 {id} 与插件 {other} 的规则重复", "rule id {id} clashes with a rule of plugin {other}",
                ).format(id=rule.id, other=owners[rule.id])))
                continue
            owners[rule.id] = impl.plugin_name
            counts[impl.plugin_name] = counts.get(impl.plugin_name, 0) + 1
            plugins.rules.append(dataclasses.replace(rule, plugin=impl.plugin_name))
    if clashes:
        raise PluginError(clashes)
    plugins.rules.sort(key=lambda r: r.id)
    for name, count in counts.items():
        plugins._update(name, rules=count)


def _rules_problem(rules: Any) -> str | None:
    if isinstance(rules, (str, bytes, Mapping)) or not isinstance(rules, Iterable):
        return f"archcheck_rules() must return a list of Rule objects, not {type(rules).__name__}"
    rules = list(rules)
    wrong = [type(r).__name__ for r in rules if not isinstance(r, Rule)]
    if wrong:
        return f"archcheck_rules() must return Rule objects, not {wrong[0]}"
    return None


def schema_fragments(plugins: PluginSet) -> dict[str, Any]:
    """The plugins' unit-schema fragments that are valid JSON Schemas; an invalid one is dropped and
    recorded as its plugin's load problem (checked against the meta-schema by jsonschema-rs, so a valid
    unit never pays for importing the pure-Python jsonschema)."""
    import jsonschema_rs

    fragments = {}
    for key, fragment in plugins.collect("archcheck_unit_schema").items():
        try:
            jsonschema_rs.meta.validate(fragment)
        except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError, TypeError) as exc:
            name = plugins.origins.get("archcheck_unit_schema", {}).get(key, key)
            plugins._fail(name, Text("插件 {name} 的单位描述扩展 {key} 不是有效的 JSON Schema：{e}",
                                     "plugin {name}: its unit-schema fragment {key} is not a valid JSON Schema: {e}")
                          .format(name=name, key=key, e=getattr(exc, "message", None) or str(exc)))
            plugins.rules = [r for r in plugins.rules if r.plugin != name]
            continue
        fragments[key] = fragment
    return fragments


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
                "必需的插件 {name} 未安装（请安装提供它的发行包，或用 -p 模块路径 加载）",
                "required plugin {name} is not installed (install the distribution that provides it, or load it with -p MODULE)",
            ).format(name=wanted)
        problems.append(Problem(source, wanted, message))
    if problems:
        raise PluginError(problems)
