"""One checking run, from the options a command was given to its exit code: open it, check, finish it.

    session = Session.open(inputs, opts)            # config + plugins + settings + baseline + report options
    report = check_units(inputs, session.audit)     # or check_many / check_catalogs
    return session.finish(report)                   # baseline marks, render, --write-baseline, gate

Everything that can be wrong with the options, the configuration, the plugins, the baseline or the
output path is found by `open`, before any rule runs, so a bad file fails in a second, not after an
hour of checking. Every command that checks something shares this, so all formats, config keys,
waivers, baselines and gates work the same for units and catalogues.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from archcheck.audit.prepared import PreparedAudit, Settings
from archcheck.baseline import apply_baseline, load_baseline, write_baseline
from archcheck.config import Config, resolve_config
from archcheck.engine.context import Selection
from archcheck.engine.guard import report_stream
from archcheck.engine.units import DEFAULT_RULE_TIMEOUT
from archcheck.errors import EXIT_INPUT_ERROR, EXIT_PLUGIN_ERROR, InputError, Problem, input_error, unknown_name
from archcheck.files import check_outputs, protected_paths, read_toml, write_atomic, write_atomic_chunks
from archcheck.gate import Gate
from archcheck.model import BaselineEntry, Report, Severity, Text
from archcheck.plugins import PluginSet, load_plugins, require_plugins
from archcheck.reporters.options import ReportOptions
from archcheck.reporters.sanitize import encode_utf8, unicode_text
from archcheck.scoring import load_profile
from archcheck.waivers import load_waivers_file

#: run options that are also configuration keys (the CLI value wins over the file's)
CONFIG_OPTIONS = ("select", "ignore", "profile", "params", "fail_under", "fail_on", "fail_on_error", "lang",
                  "baseline", "waivers_file")
NO_RULE = Text("没有这条规则", "no such rule")


def parse_params(values: Sequence[str]) -> dict[str, dict[str, Any]]:
    """`FIL002.deadline=03-31` -> {"FIL002": {"deadline": "03-31"}}; values are JSON when they parse."""
    params: dict[str, dict[str, Any]] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        rule, dot, name = key.partition(".")
        if not (sep and dot and rule and name):
            raise input_error("--param", item, "应写作 规则.参数=值", "expected RULE.KEY=VALUE")
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        except (ValueError, RecursionError):  # a number over 4,300 digits, or absurd nesting
            raise input_error("--param", key, "取值过长或嵌套过深（数字最多 4300 位）",
                              "the value is too long or too deeply nested (numbers: at most 4,300 digits)") from None
        params.setdefault(rule.upper(), {})[name] = value
    return params


def run_config(inputs: Sequence[Path], opts: Mapping[str, Any], labels: Mapping[str, str] | None = None,
               discover: bool = True, start: Path | None = None) -> Config:
    """The effective configuration: the file named by --config, or found from `start` (default: the first input's folder) upward."""
    cli = {key: opts.get(key) for key in CONFIG_OPTIONS}
    cli["select"] = tuple(s.upper() for s in opts.get("select") or ())
    cli["ignore"] = tuple(s.upper() for s in opts.get("ignore") or ())
    cli["params"] = parse_params(opts.get("params") or ())
    if start is None and inputs and discover:
        start = inputs[0].parent
    return resolve_config(cli, start=start, config_file=opts.get("config"), cli_label=labels)


@dataclass
class Session:
    """An opened run: its configuration, plugins, prepared audit and what `finish` needs."""

    config: Config
    plugins: PluginSet
    audit: PreparedAudit
    inputs: list[Path]
    fmt: str
    output: Path | None
    report_options: ReportOptions
    recorded: list[BaselineEntry] | None = None
    write_baseline: Path | None = None
    #: `-p` modules and disabled plugin names, for worker processes that load the plugins again
    modules: tuple[str, ...] = ()
    disabled: tuple[str, ...] = ()
    echo: Callable[[str], None] = field(default=lambda text: _write_text(text))

    @classmethod
    def open(cls, inputs: Sequence[Path], opts: Mapping[str, Any], *, labels: Mapping[str, str] | None = None,
             discover: bool = True, default_max_per_rule: int | None = None) -> "Session":
        """Read and check everything the run depends on; raise InputError (exit 2) or PluginError (exit 3)."""
        inputs = list(inputs)
        config = run_config(inputs, opts, labels, discover)
        modules, disabled = tuple(opts.get("plugins") or ()), tuple(opts.get("disabled") or ())
        timeout = opts.get("rule_timeout", DEFAULT_RULE_TIMEOUT)
        plugins = load_plugins(modules, disabled, time_limit=timeout or None)
        require_plugins(plugins, tuple(opts.get("require_plugin") or ()))
        require_plugins(plugins, config.required_plugins, source=str(config.file))
        _check_rule_ids(config, plugins)
        waivers = config.waivers + (load_waivers_file(config.waivers_file) if config.waivers_file else ())
        settings = Settings(
            profile=load_profile(config.profile, plugins.collect("archcheck_profiles")),
            selection=Selection(tuple(config.select), tuple(config.ignore)),
            params=config.params,
            severity=config.severity,
            waivers=waivers,
            debug=bool(opts.get("debug")),
            rule_timeout=timeout or None,
            allowed_dirs=tuple(opts.get("allow_outside") or ()),
        )
        fmt = opts.get("fmt") or "table"
        output = opts.get("output")
        reporters = plugins.collect("archcheck_reporters")
        if fmt not in reporters:
            raise InputError([Problem("--format", fmt, unknown_name(fmt, sorted(reporters), Text("未知格式", "unknown format")))])
        profile = Path(config.profile) if config.profile.endswith(".toml") else None
        protected = protected_paths([p for p in inputs if p.exists()], baseline=config.baseline, waivers=config.waivers_file,
                                    report_config=opts.get("report_config"), config=config.file, profile=profile)
        # a new baseline may replace the old one (refreshing it is what --write-baseline is for); a report may not
        check_outputs({"--output": output, "--write-baseline": opts.get("write_baseline")}, protected,
                      may_replace={"--write-baseline": [config.baseline]})
        max_per_rule = opts.get("max_per_rule")
        if max_per_rule is None and fmt == "table":
            max_per_rule = default_max_per_rule
        report_options = ReportOptions(lang=config.lang, max_per_rule=max_per_rule, output=output,
                                       config=load_report_config(opts.get("report_config")), sarif_root=opts.get("sarif_root"))
        recorded = load_baseline(config.baseline) if config.baseline else None
        return cls(config, plugins, PreparedAudit(plugins, settings), inputs, fmt, output, report_options, recorded,
                   opts.get("write_baseline"), modules, disabled)

    @property
    def lang(self) -> str:
        return self.config.lang

    def finish(self, report: Report, problems: Sequence[Problem] = ()) -> int:
        """Compare with the baseline, render, record a new baseline if asked; the exit code.

        `problems` are inputs of a many-input run that could not be checked (the others were): they
        are listed after the report and make the exit code 2.
        """
        config = self.config
        if self.recorded is not None and config.baseline is not None:
            report = apply_baseline(report, self.recorded, str(config.baseline))
        self._emit(report)
        if self.write_baseline is not None:
            write_baseline(report, self.write_baseline, self.inputs)
        if problems:
            header = Text("以下 {n} 个单位文件未能检查（其余单位已检查）：", "{n} unit file(s) could not be checked (the others were):")
            files = len({p.file for p in problems})
            sys.stderr.write(header.format(n=files).get(self.lang) + "\n" + InputError(list(problems)).render(self.lang) + "\n")
            return EXIT_INPUT_ERROR
        gate = Gate(
            fail_under=config.fail_under,
            fail_on=None if config.fail_on == "never" else Severity(config.fail_on),
            fail_on_error=config.fail_on_error,
        )
        code = gate.exit_code(report)
        if code == EXIT_PLUGIN_ERROR:
            errors = gate.errors(report)
            heading = Text("--fail-on-error：{n} 个插件或规则错误，退出码 3", "--fail-on-error: {n} plugin or rule error(s), exit 3")
            lines = [heading.format(n=len(errors)).get(self.lang), *("  ! " + p.get(self.lang) for p in errors)]
            sys.stderr.write("\n".join(lines) + "\n")
        return code

    def _emit(self, report: Report) -> None:
        emit(report, self.plugins, self.fmt, self.report_options, self.echo)


def emit(report: Report, plugins: PluginSet, fmt: str, options: ReportOptions,
         echo: Callable[[str], None] | None = None) -> None:
    """Render with the chosen reporter to stdout (`echo`) or `options.output`, written atomically; never
    binary onto a terminal."""
    renderer = plugins.collect("archcheck_reporters")[fmt]
    chunks = getattr(renderer, "chunks", None)
    if chunks is not None:  # written as it is rendered: a report of millions of findings is never whole in memory
        if options.output is None:
            for chunk in chunks(report, options):
                (echo or _write_text)(unicode_text(chunk))
        else:
            write_atomic_chunks(options.output, (encode_utf8(chunk) for chunk in chunks(report, options)))
        return
    rendered = renderer(report, options)
    if options.output is None:
        if isinstance(rendered, bytes):
            _write_binary_stdout(fmt, rendered)
        else:
            (echo or _write_text)(unicode_text(rendered))
        return
    write_atomic(options.output, encode_utf8(rendered) if isinstance(rendered, str) else rendered)


def _check_rule_ids(config: Config, plugins: PluginSet) -> None:
    """A severity, threshold or waiver for a rule that does not exist is a typo, not a no-op."""
    known = [r.id for r in plugins.rules]
    problems = []
    named = [("severity", rid) for rid in config.severity] + [("params", rid) for rid in config.params]
    for key, rid in named:
        if rid not in known:
            problems.append(Problem(config.source(key), f"{key}.{rid}", unknown_name(rid, known, NO_RULE)))
    for rid, overrides in config.params.items():
        rule = plugins.rule(rid)
        if rule is not None:
            problems += _param_problems(config.source("params"), rule.id, rule.params, overrides)
    for waiver in config.waivers:
        if not any(k.startswith(waiver.rule) for k in known):
            problems.append(Problem(waiver.origin, f"waivers.rule={waiver.rule}", unknown_name(waiver.rule, known, NO_RULE)))
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


def load_report_config(path: Path | None) -> dict[str, Any]:
    """Reporter settings from `--report-config FILE.toml` (one table per format), or a clear error naming the file."""
    return {} if path is None else read_toml(path)


def _write_text(text: str) -> None:
    stream = report_stream()
    stream.write(text)
    stream.flush()


def _write_binary_stdout(fmt: str, data: bytes) -> None:
    """XLSX/DOCX go to a pipe or file as bytes; on a terminal they would be garbage, so refuse (exit 2)."""
    stream = report_stream()
    if stream.isatty():
        raise input_error("--format", fmt, "{f} 是二进制格式，不能输出到终端；请用 --output 文件名 指定输出文件",
                          "{f} is a binary format and cannot go to a terminal; use --output FILE", f=fmt)
    stream.flush()
    stream.buffer.write(data)
    stream.buffer.flush()
