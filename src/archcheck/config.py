"""The effective configuration of a run: defaults, then `archcheck.toml` (or `[tool.archcheck]`), then the CLI.

The file is found from the first input's folder upward (`archcheck.toml` wins over a `pyproject.toml`
with a `[tool.archcheck]` table in the same folder), or named with `--config FILE`. Every value
remembers where it came from, for `archcheck config`. Unknown keys are errors with a suggestion,
so that a typo never silently switches a check off.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from archcheck.errors import InputError, Problem, input_error, unknown_name
from archcheck.waivers import UNKNOWN_KEY, parse_waivers
from archcheck.model import Severity, Text, WaiverInfo

CONFIG_FILE = "archcheck.toml"
PYPROJECT = "pyproject.toml"
DEFAULT = "default"
CLI = "CLI"
FAIL_ON_CHOICES = tuple(s.value for s in Severity) + ("never",)


@dataclass(frozen=True)
class Config:
    """What a run uses. `sources[key]` is "default", the config file's path, or "CLI"."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    profile: str = "default"
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    fail_under: float | None = None
    fail_on: str = "critical"
    fail_on_error: bool = False
    #: gate: a unit graded with the profile's failing grade (不合格) fails the run
    fail_on_grade: bool = True
    lang: str = "zh"
    columns: Mapping[str, str] = field(default_factory=dict)
    waivers: tuple[WaiverInfo, ...] = ()
    waivers_file: Path | None = None
    baseline: Path | None = None
    required_plugins: tuple[str, ...] = ()
    file: Path | None = None
    sources: Mapping[str, str] = field(default_factory=dict)

    def source(self, key: str) -> str:
        return self.sources.get(key, DEFAULT)


#: every key a config file may hold (documented in docs/config.md; a test keeps the two in sync)
KEYS = ("select", "ignore", "severity", "profile", "params", "fail_under", "fail_on", "fail_on_error",
        "fail_on_grade", "lang", "columns", "waivers", "waivers_file", "baseline", "required_plugins")


def find_config_file(start: Path) -> Path | None:
    """The nearest `archcheck.toml`, or `pyproject.toml` with `[tool.archcheck]`, from `start` upward."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and "archcheck" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def read_config_file(path: Path) -> dict[str, Any]:
    """The archcheck table of a config file (the whole file, or `[tool.archcheck]` of a pyproject.toml)."""
    data = _read_toml(path)
    if path.name == PYPROJECT:
        table = data.get("tool", {}).get("archcheck")
        if not isinstance(table, dict):
            raise input_error(path, "tool.archcheck", "pyproject.toml 中没有 [tool.archcheck] 表",
                           "pyproject.toml has no [tool.archcheck] table")
        return table
    return data


def _read_toml(path: Path) -> dict[str, Any]:
    from archcheck.files import read_toml

    return read_toml(path, missing=Text("配置文件不存在", "config file not found"))


def parse_table(table: Mapping[str, Any], origin: Path, prefix: str = "") -> dict[str, Any]:
    """Validate a config table; return {key: parsed value}. Paths are relative to the file's folder."""
    parsed: dict[str, Any] = {}
    problems = []
    for key, raw in table.items():
        where = prefix + key
        if key not in KEYS:
            problems.append(Problem(str(origin), where, unknown_key(key, KEYS)))
            continue
        try:
            parsed[key] = PARSERS[key](raw, origin, where)
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    return parsed


def unknown_key(key: str, known: tuple[str, ...] | list[str]) -> Text:
    """"unknown key" with the closest known key as a suggestion, or the list of known keys."""
    return unknown_name(key, known, UNKNOWN_KEY)


def _bad(origin: Path, where: str, zh: str, en: str, value: Any) -> InputError:
    return input_error(origin, where, zh + "，实际为 {v}", en + ", got {v}", v=repr(value))


def _codes(raw: Any, origin: Path, where: str) -> tuple[str, ...]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        raise _bad(origin, where, "应为规则编号、前缀或领域代码的列表", "expected a list of rule ids, prefixes or area codes", raw)
    return tuple(i.strip().upper() for i in items)


def _names(raw: Any, origin: Path, where: str) -> tuple[str, ...]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        raise _bad(origin, where, "应为插件名（入口点名或发行包名）的列表", "expected a list of plugin names (entry point or distribution)", raw)
    return tuple(i.strip() for i in items)


def _severity_map(raw: Any, origin: Path, where: str) -> dict[str, Severity]:
    if not isinstance(raw, dict):
        raise _bad(origin, where, "应为表：规则编号 = 严重程度", "expected a table: RULE = severity", raw)
    out = {}
    for rule, level in raw.items():
        if level not in [s.value for s in Severity]:
            raise _bad(origin, f"{where}.{rule}", "严重程度应为 critical、major、minor 或 info",
                       "severity must be critical, major, minor or info", level)
        out[str(rule).upper()] = Severity(level)
    return out


def _string(raw: Any, origin: Path, where: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise _bad(origin, where, "应为非空字符串", "expected a non-empty string", raw)
    return raw


def _profile(raw: Any, origin: Path, where: str) -> str:
    value = _string(raw, origin, where)
    if value.endswith(".toml") and not Path(value).is_absolute():
        return str(origin.parent / value)
    return value


def _path(raw: Any, origin: Path, where: str) -> Path:
    value = Path(_string(raw, origin, where))
    return value if value.is_absolute() else origin.parent / value


def _params(raw: Any, origin: Path, where: str) -> dict[str, dict[str, Any]]:
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise _bad(origin, where, "应为表的表：[params.规则] 参数 = 值", "expected tables: [params.RULE] key = value", raw)
    return {str(rule).upper(): {str(k): _plain(v) for k, v in values.items()} for rule, values in raw.items()}


def _plain(value: Any) -> Any:
    """TOML dates become ISO strings, as rules read them from `--param` too."""
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _fail_under(raw: Any, origin: Path, where: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not 0 <= raw <= 100:
        raise _bad(origin, where, "应为 0 到 100 之间的数", "expected a number from 0 to 100", raw)
    return float(raw)


def _fail_on(raw: Any, origin: Path, where: str) -> str:
    if raw not in FAIL_ON_CHOICES:
        raise _bad(origin, where, "应为 " + "、".join(FAIL_ON_CHOICES) + " 之一",
                   "expected one of " + ", ".join(FAIL_ON_CHOICES), raw)
    return raw


def _bool(raw: Any, origin: Path, where: str) -> bool:
    if not isinstance(raw, bool):
        raise _bad(origin, where, "应为 true 或 false", "expected true or false", raw)
    return raw


def _lang(raw: Any, origin: Path, where: str) -> str:
    if raw not in ("zh", "en"):
        raise _bad(origin, where, "应为 zh 或 en", "expected zh or en", raw)
    return raw


def _columns(raw: Any, origin: Path, where: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(isinstance(v, str) and v.strip() for v in raw.values()):
        raise _bad(origin, where, "应为表：导出文件列名 = 标准字段名", "expected a table: export header = canonical field", raw)
    return {str(k): v for k, v in raw.items()}


def _waivers(raw: Any, origin: Path, where: str) -> tuple[WaiverInfo, ...]:
    return parse_waivers(raw, origin, where)


PARSERS: dict[str, Callable[[Any, Path, str], Any]] = {
    "select": _codes, "ignore": _codes, "severity": _severity_map, "profile": _profile, "params": _params,
    "fail_under": _fail_under, "fail_on": _fail_on, "fail_on_error": _bool, "fail_on_grade": _bool, "lang": _lang,
    "columns": _columns, "waivers": _waivers, "waivers_file": _path, "baseline": _path,
    "required_plugins": _names,
}
assert set(PARSERS) == set(KEYS)


def resolve_config(
    cli: Mapping[str, Any],
    start: Path | None = None,
    config_file: Path | None = None,
    cli_label: Mapping[str, str] | None = None,
) -> Config:
    """Defaults, overridden by the config file (given, or found from `start` upward), overridden by the CLI.

    `cli` holds only the options the user gave (None / empty means not given); `params` from the CLI
    are merged into the file's per rule and key. `cli_label` may name another source (e.g. an
    environment variable) for some keys.
    """
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    path = config_file if config_file is not None else (find_config_file(start) if start is not None else None)
    if path is not None:
        prefix = "tool.archcheck." if path.name == PYPROJECT else ""
        for key, value in parse_table(read_config_file(path), path, prefix).items():
            values[key] = value
            sources[key] = str(path)
    for key, value in cli.items():
        if value is None or value == () or value == {}:
            continue
        if key == "params" and "params" in values:
            merged = {rule: dict(v) for rule, v in values["params"].items()}
            for rule, overrides in value.items():
                merged.setdefault(rule, {}).update(overrides)
            value = merged
            label = f"{sources['params']} + {CLI}"
        else:
            label = (cli_label or {}).get(key, CLI)
        values[key] = value
        sources[key] = label
    known = {f.name for f in dataclasses.fields(Config)}
    return Config(**{k: v for k, v in values.items() if k in known}, file=path, sources=sources)


def describe(config: Config) -> list[tuple[str, Any, str]]:
    """(key, value, source) for every key, as `archcheck config` shows them."""
    rows = []
    for key in KEYS:
        value = getattr(config, key)
        if key == "severity":
            value = {k: v.value for k, v in value.items()}
        elif key == "waivers":
            value = [w.to_dict() for w in value]
        elif isinstance(value, Path):
            value = str(value)
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, Mapping):
            value = {k: dict(v) if isinstance(v, Mapping) else v for k, v in value.items()}
        rows.append((key, value, config.source(key)))
    return rows
