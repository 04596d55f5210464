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
import os
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
from archcheck.errors import EXIT_GATE_FAILED, EXIT_INPUT_ERROR, EXIT_PLUGIN_ERROR, InputError, Problem, did_you_mean, input_error, unknown_name
from archcheck.files import check_outputs, protected_paths, read_toml, write_atomic, write_atomic_chunks
from archcheck.gate import Gate
from archcheck.model import BaselineEntry, Report, Severity, Text
from archcheck.plugins import PluginSet, load_plugins, require_plugins
from archcheck.report_targets import Target, parse_targets
from archcheck.reporters.options import ReportOptions
from archcheck.reporters.sanitize import encode_utf8, terminal_text, unicode_text
from archcheck.scoring import load_profile
from archcheck.waivers import load_waivers_file

#: run options that are also configuration keys (the CLI value wins over the file's)
CONFIG_OPTIONS = ("select", "ignore", "profile", "params", "fail_under", "fail_on", "fail_on_error", "fail_on_grade",
                  "lang", "baseline", "waivers_file")
NO_RULE = Text("没有这条规则", "no such rule")
NO_CODE = Text("没有以此开头的规则或领域（拼写错误会让检查悄悄跳过，因此拒绝）",
               "no rule or area starts with this (a typo would silently switch checks off, so it is refused)")


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
    #: the reports to write, each with its options (`--format NAME[:FILE]`, `-o`)
    targets: list[tuple[Target, ReportOptions]]
    recorded: list[BaselineEntry] | None = None
    write_baseline: Path | None = None
    #: `-p` modules and disabled plugin names, for worker processes that load the plugins again
    modules: tuple[str, ...] = ()
    disabled: tuple[str, ...] = ()
    #: `--exit-zero`: report, never exit 1
    exit_zero: bool = False
    #: -1 quiet, 0, 1 verbose: quiet leaves out the progress bar and the "written" lines
    verbosity: int = 0
    #: show a progress bar on stderr: `--progress/--no-progress`, by default when a person watches it (and not -q)
    progress: bool = False
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
        formats = opts.get("fmt") or ()
        targets = parse_targets((formats,) if isinstance(formats, str) else tuple(formats), opts.get("output"),
                                list(plugins.collect("archcheck_reporters")))
        profile = Path(config.profile) if config.profile.endswith(".toml") else None
        protected = protected_paths([p for p in inputs if p.exists()], baseline=config.baseline, waivers=config.waivers_file,
                                    report_config=opts.get("report_config"), config=config.file, profile=profile)
        # a new baseline may replace the old one (refreshing it is what --write-baseline is for); a report may not
        check_outputs({**{t.option: t.path for t in targets}, "--write-baseline": opts.get("write_baseline")}, protected,
                      may_replace={"--write-baseline": [config.baseline]})
        verbosity = int(opts.get("verbose") or 0) - int(opts.get("quiet") or 0)
        if verbosity > 0 and default_max_per_rule is not None:
            default_max_per_rule *= 10  # -v: ten times the locations per rule in a table
        reporter_config = load_report_config(opts.get("report_config"))
        with_options = []
        for target in targets:
            max_per_rule = opts.get("max_per_rule")
            if max_per_rule is None and target.fmt == "table":
                max_per_rule = default_max_per_rule
            to_terminal = target.path is None and report_stream().isatty()
            with_options.append((target, ReportOptions(
                lang=config.lang, max_per_rule=max_per_rule, output=target.path, config=reporter_config,
                sarif_root=opts.get("sarif_root"), color=use_color(opts.get("color"), to_terminal), verbosity=verbosity)))
        recorded = load_baseline(config.baseline) if config.baseline else None
        return cls(config, plugins, PreparedAudit(plugins, settings), inputs, with_options, recorded,
                   opts.get("write_baseline"), modules, disabled, bool(opts.get("exit_zero")), verbosity,
                   progress=opts["progress"] if opts.get("progress") is not None else verbosity >= 0 and sys.stderr.isatty())

    @property
    def lang(self) -> str:
        return self.config.lang

    @property
    def keep_per_rule(self) -> int | None:
        """How many findings per rule a streamed input must keep: the most any report shows (None: all)."""
        limits = [options.max_per_rule for _, options in self.targets]
        return None if any(limit is None for limit in limits) else max(limit for limit in limits if limit is not None)

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
        grades = self.audit.settings.profile.grades
        gate = Gate(
            fail_under=config.fail_under,
            fail_on=None if config.fail_on == "never" else Severity(config.fail_on),
            fail_on_error=config.fail_on_error,
            # `fail_on = "never"` is a report-only run: neither findings nor the grade fail it (only --fail-under)
            failing_grade=grades[-1].name if config.fail_on_grade and config.fail_on != "never" and len(grades) > 1 else None,
            exit_zero=self.exit_zero,
        )
        verdict = gate.verdict(report)  # one reading of the units
        code = gate.exit_code(report, verdict)
        if code == EXIT_PLUGIN_ERROR:
            errors = verdict.errors
            heading = Text("--fail-on-error：{n} 个插件或规则错误，退出码 3", "--fail-on-error: {n} plugin or rule error(s), exit 3")
            lines = [heading.format(n=len(errors)).get(self.lang), *("  ! " + p.get(self.lang) for p in errors)]
            sys.stderr.write("\n".join(lines) + "\n")
        elif code == EXIT_GATE_FAILED:
            summary = gate.summary(report, verdict)
            if summary is not None:
                sys.stderr.write(terminal_text(summary.get(self.lang), keep_newlines=False) + "\n")
        return code

    def _emit(self, report: Report) -> None:
        for target, options in self.targets:
            emit(report, self.plugins, target.fmt, options, self.echo)
            if target.path is not None and self.verbosity >= 0:
                wrote = Text("已写入 {f} 报告：{p}", "wrote the {f} report to {p}").format(f=target.fmt, p=str(target.path))
                sys.stderr.write(terminal_text(wrote.get(self.lang), keep_newlines=False) + "\n")


def use_color(choice: str | None, to_terminal: bool) -> bool:
    """`--color always|never|auto` (auto: a terminal, and no NO_COLOR in the environment, as no-color.org asks)."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    return to_terminal and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


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
    for key in ("select", "ignore"):
        for code in getattr(config, key):
            if not any(k.startswith(code) for k in known):
                areas = sorted({k[:-3] for k in known})
                close = did_you_mean(code, [*known, *areas])  # a misspelt rule id or area; else list the areas
                problems.append(Problem(_option_source(config, key), code,
                                        unknown_name(code, [close] if close else areas, NO_CODE)))
    for rid, overrides in config.params.items():
        rule = plugins.rule(rid)
        if rule is not None:
            problems += _param_problems(config.source("params"), rule.id, rule.params, overrides)
    for waiver in config.waivers:
        if not any(k.startswith(waiver.rule) for k in known):
            problems.append(Problem(waiver.origin, f"waivers.rule={waiver.rule}", unknown_name(waiver.rule, known, NO_RULE)))
    if problems:
        raise InputError(problems)


def _option_source(config: Config, key: str) -> str:
    """`--select` for a value from the command line, else the config file that set it."""
    source = config.source(key)
    return f"--{key}" if source == "CLI" else source


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
