"""One checking run from options to exit code, shared by every command that checks and reports (`check`, `catalog`).

    config = run_config(inputs, opts)                  # defaults < archcheck.toml < CLI
    settings, recorded = prepare(config, plugins, debug)
    report = <the command's own audit>(inputs, plugins, settings)
    return finish(report, plugins, config, opts, inputs, recorded)
"""

from __future__ import annotations

import difflib
import json
import sys
import tomllib
from pathlib import Path
from typing import Any, Mapping

from archcheck.audit import AuditSettings
from archcheck.baseline import apply_baseline, load_baseline, write_baseline
from archcheck.config import CLI, Config, describe, resolve_config
from archcheck.engine import Selection
from archcheck.errors import EXIT_PLUGIN_ERROR, InputError, Problem
from archcheck.gate import Gate
from archcheck.model import BaselineEntry, Report, Severity, Text
from archcheck.plugins import PluginSet, require_plugins
from archcheck.reporters.options import ReportOptions
from archcheck.scoring import load_profile
from archcheck.waivers import load_waivers_file

#: run options that are also configuration keys (the CLI value wins over the file's)
CONFIG_OPTIONS = ("select", "ignore", "profile", "params", "fail_under", "fail_on", "fail_on_error", "lang",
                  "baseline", "waivers_file")


def parse_params(values: tuple[str, ...] | list[str]) -> dict[str, dict[str, Any]]:
    """`FIL002.deadline=03-31` -> {"FIL002": {"deadline": "03-31"}}; values are JSON when they parse."""
    params: dict[str, dict[str, Any]] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        rule, dot, name = key.partition(".")
        if not (sep and dot and rule and name):
            raise InputError([Problem("--param", item, Text("应写作 规则.参数=值", "expected RULE.KEY=VALUE"))])
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        params.setdefault(rule.upper(), {})[name] = value
    return params


def run_config(inputs: list[Path], opts: Mapping[str, Any], labels: Mapping[str, str] | None = None,
               discover: bool = True, start: Path | None = None) -> Config:
    """The effective configuration: the file named by --config, or found from `start` (default: the first input's folder) upward."""
    cli = {key: opts.get(key) for key in CONFIG_OPTIONS}
    cli["select"] = tuple(s.upper() for s in opts.get("select") or ())
    cli["ignore"] = tuple(s.upper() for s in opts.get("ignore") or ())
    cli["params"] = parse_params(opts.get("params") or ())
    if start is None and inputs and discover:
        start = inputs[0].parent
    return resolve_config(cli, start=start, config_file=opts.get("config"), cli_label=labels)


def prepare(config: Config, plugins: PluginSet, debug: bool = False) -> tuple[AuditSettings, list[BaselineEntry] | None]:
    """Settings for the audit and the recorded baseline, read before any rule runs so bad files fail early."""
    _check_rule_ids(config, plugins)
    require_plugins(plugins, config.required_plugins, source=str(config.file))
    waivers = config.waivers + (load_waivers_file(config.waivers_file) if config.waivers_file else ())
    settings = AuditSettings(
        profile=load_profile(config.profile, plugins.collect("archcheck_profiles")),
        selection=Selection(tuple(config.select), tuple(config.ignore)),
        params=config.params,
        severity=config.severity,
        waivers=waivers,
        debug=debug,
    )
    recorded = load_baseline(config.baseline) if config.baseline else None
    return settings, recorded


def _check_rule_ids(config: Config, plugins: PluginSet) -> None:
    """A severity, threshold or waiver for a rule that does not exist is a typo, not a no-op."""
    known = [r.id for r in plugins.rules]
    problems = []
    named = [("severity", rid) for rid in config.severity] + [("params", rid) for rid in config.params]
    for key, rid in named:
        if rid not in known:
            problems.append(_unknown_rule(config.source(key), f"{key}.{rid}", rid, known))
    for rid, overrides in config.params.items():
        rule = plugins.rule(rid)
        if rule is not None:
            problems += _param_problems(config.source("params"), rule.id, rule.params, overrides)
    for waiver in config.waivers:
        if not any(k.startswith(waiver.rule) for k in known):
            problems.append(_unknown_rule(waiver.origin, f"waivers.rule={waiver.rule}", waiver.rule, known))
    if problems:
        raise InputError(problems)


def _param_problems(origin: str, rule_id: str, defaults: Mapping[str, Any], overrides: Mapping[str, Any]) -> list[Problem]:
    """A threshold the rule does not have, or of another type than its default, is a mistake to report now."""
    problems = []
    for key, value in overrides.items():
        where = f"{rule_id}.{key}"
        if key not in defaults:
            names = ", ".join(defaults) or "—"
            problems.append(Problem(origin, where, Text("规则没有这个参数；可用：{n}", "the rule has no such threshold; it has: {n}").format(n=names)))
            continue
        expected = defaults[key]
        numeric = isinstance(expected, (int, float)) and not isinstance(expected, bool)
        fits = (isinstance(value, (int, float)) and not isinstance(value, bool) and (isinstance(expected, float) or isinstance(value, int))) if numeric else isinstance(value, type(expected))
        if not fits:
            problems.append(Problem(origin, where, Text("取值 {v} 的类型不对，应与默认值 {d} 同类型", "value {v} has the wrong type; expected the type of the default {d}").format(
                v=json.dumps(value, ensure_ascii=False), d=json.dumps(expected, ensure_ascii=False))))
    return problems


def _unknown_rule(origin: str, where: str, rule_id: str, known: list[str]) -> Problem:
    close = difflib.get_close_matches(rule_id, known, n=1)
    if close:
        return Problem(origin, where, Text("没有这条规则（是否想写 {c}？）", "no such rule (did you mean {c}?)").format(c=close[0]))
    return Problem(origin, where, Text("没有这条规则", "no such rule"))


def finish(
    report: Report,
    plugins: PluginSet,
    config: Config,
    opts: Mapping[str, Any],
    inputs: list[Path],
    recorded: list[BaselineEntry] | None,
    echo: Any = print,
    report_config: Mapping[str, Any] | None = None,
) -> int:
    """Compare with the baseline, render, record a new baseline if asked, and return the gate's exit code."""
    if recorded is not None and config.baseline is not None:
        report = apply_baseline(report, recorded, str(config.baseline))
    protected = [*inputs, *(p for p in (config.file, config.waivers_file) if p is not None)]
    if report_config is None:  # commands that did not read it up front (e.g. `catalog`)
        report_config = load_report_config(opts.get("report_config"))
    emit(report, plugins, opts.get("fmt") or "table", opts.get("output"), config.lang, opts.get("max_per_rule"),
         protected, echo, report_config, sarif_root=opts.get("sarif_root"))
    if opts.get("write_baseline"):
        write_baseline(report, opts["write_baseline"], protected)
    gate = Gate(
        fail_under=config.fail_under,
        fail_on=None if config.fail_on == "never" else Severity(config.fail_on),
        fail_on_error=config.fail_on_error,
    )
    code = gate.exit_code(report)
    if code == EXIT_PLUGIN_ERROR:
        problems = gate.errors(report)
        heading = Text("--fail-on-error：{n} 个插件或规则错误，退出码 3", "--fail-on-error: {n} plugin or rule error(s), exit 3")
        lines = [heading.format(n=len(problems)).get(config.lang), *("  ! " + p.get(config.lang) for p in problems)]
        sys.stderr.write("\n".join(lines) + "\n")
    return code


def load_report_config(path: Path | None) -> dict[str, Any]:
    """Reporter settings from `--report-config FILE.toml` (one table per format), or a clear error naming the file."""
    if path is None:
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError([Problem(str(path), "", Text("文件不存在", "file not found"))]) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError([Problem(str(path), "", Text("无法解析 TOML：{e}", "cannot parse TOML: {e}").format(e=exc))]) from None


def emit(report: Report, plugins: PluginSet, fmt: str, output: Path | None, lang: str, max_per_rule: int | None,
         inputs: list[Path], echo: Any = print, report_config: Mapping[str, Any] | None = None,
         sarif_root: Path | None = None) -> None:
    """Render with the chosen reporter to stdout or FILE; never onto one of the inputs, never binary onto a terminal."""
    reporters = plugins.collect("archcheck_reporters")
    if fmt not in reporters:
        raise InputError(
            [Problem("--format", fmt, Text("未知格式；可用：{f}", "unknown format; available: {f}").format(f=", ".join(sorted(reporters))))]
        )
    if output is not None and any(output.resolve() == p.resolve() for p in inputs):
        raise InputError([Problem(str(output), "", Text("输出文件不能覆盖输入文件", "the output file must not overwrite an input"))])
    options = ReportOptions(lang=lang, max_per_rule=max_per_rule, output=output, config=report_config or {},
                            sarif_root=sarif_root)
    rendered = reporters[fmt](report, options)
    if output is None:
        if isinstance(rendered, bytes):
            _write_binary_stdout(fmt, rendered)
        else:
            echo(rendered)
        return
    output.write_bytes(rendered.encode("utf-8") if isinstance(rendered, str) else rendered)


def _write_binary_stdout(fmt: str, data: bytes) -> None:
    """XLSX/DOCX go to a pipe or file as bytes; on a terminal they would be garbage, so refuse (exit 2)."""
    if sys.stdout.isatty():
        raise InputError([Problem("--format", fmt, Text(
            "{f} 是二进制格式，不能输出到终端；请用 --output 文件名 指定输出文件",
            "{f} is a binary format and cannot go to a terminal; use --output FILE").format(f=fmt))])
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


SOURCE_LABELS = {"default": Text("默认值", "default"), CLI: Text("命令行", "command line")}


def show_config(config: Config, fmt: str, lang: str) -> str:
    """`archcheck config`: every key's effective value and where it came from."""
    rows = describe(config)
    if fmt == "json":
        data = {"file": str(config.file) if config.file else None,
                "values": {key: {"value": value, "source": source} for key, value, source in rows}}
        return json.dumps(data, ensure_ascii=False, indent=2, default=str)
    from tabulate import tabulate

    header = Text("配置文件：{f}", "config file: {f}").format(
        f=str(config.file) if config.file else Text("（未找到，使用默认值）", "(none found; defaults)").get(lang)
    ).get(lang)
    table = tabulate(
        [[key, _cell(key, value), SOURCE_LABELS.get(source, Text(source, source)).get(lang)] for key, value, source in rows],
        headers=[Text("配置项", "key").get(lang), Text("取值", "value").get(lang), Text("来源", "source").get(lang)],
        tablefmt="simple",
    )
    return header + "\n\n" + table


def _cell(key: str, value: Any) -> str:
    """Compact table cell; waivers as `RULE@LOCATION≤EXPIRES` (JSON output has every field)."""
    if key == "waivers":
        return "; ".join(f"{w['rule']}@{w.get('location', '*')}" + (f"≤{w['expires']}" if "expires" in w else "") for w in value) or "[]"
    return json.dumps(value, ensure_ascii=False, default=str)
