"""The command line: thin wrappers that parse options, call the engine and map outcomes to exit codes.

Exit codes: 0 gate passed · 1 gate failed · 2 usage or input error · 3 plugin or internal failure.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
import traceback
from importlib import resources
from pathlib import Path
from typing import Any, Callable

import click

from archcheck import __version__
from archcheck.audit import AuditSettings, check_units
from archcheck.engine import Selection
from archcheck.errors import EXIT_GATE_FAILED, EXIT_INPUT_ERROR, EXIT_PLUGIN_ERROR, ArchcheckError, InputError, Problem
from archcheck.explain import explain_rule, rules_table
from archcheck.gate import Gate
from archcheck.model import Report, Severity, Text
from archcheck.plugins import PluginSet, load_plugins
from archcheck.reporters.options import ReportOptions
from archcheck.schemas import SCHEMA_NAMES, schema, unit_schema
from archcheck.scoring import load_profile

DEMO_UNIT = "seed-damingshan.yaml"


def _fail(lang: str, error: ArchcheckError) -> None:
    click.echo(error.render(lang), err=True)
    sys.exit(error.exit_code)


def handles_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn known errors into their message and exit code, unknown ones into exit 3 (traceback only with --debug)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = kwargs.get("lang", "zh")
        try:
            return command(*args, **kwargs)
        except ArchcheckError as error:
            _fail(lang, error)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - last line of defence: never a bare traceback
            if kwargs.get("debug"):
                traceback.print_exc()
            msg = Text("内部错误：{e}（加 --debug 查看详情）", "internal error: {e} (rerun with --debug for details)")
            click.echo(msg.format(e=f"{type(exc).__name__}: {exc}").get(lang), err=True)
            sys.exit(EXIT_PLUGIN_ERROR)

    return wrapper


def lang_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default="zh",
        envvar="ARCHCHECK_LANG",
        show_default=True,
        help="Message language / 输出语言.",
    )(command)


def plugin_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("-p", "--plugin", "plugins", multiple=True, metavar="MODULE", help="Load a plugin module by import path."),
        click.option("--disable-plugin", "disabled", multiple=True, metavar="NAME", help="Do not load this plugin."),
        click.option("--debug", is_flag=True, help="Show tracebacks of rule and internal errors."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def run_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that checks something and reports it."""
    options = [
        click.option("--format", "fmt", default="table", show_default=True, help="Output format: table, json, or a plugin's."),
        click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to FILE."),
        click.option("--profile", default="default", show_default=True, help="Scoring profile name or TOML file."),
        click.option("--select", multiple=True, metavar="CODE", help="Run only these rule ids, prefixes or areas."),
        click.option("--ignore", multiple=True, metavar="CODE", help="Skip these rule ids, prefixes or areas."),
        click.option("--param", "params", multiple=True, metavar="RULE.KEY=VALUE", help="Override a rule threshold."),
        click.option("--fail-under", type=click.FloatRange(0, 100), help="Gate: fail when a total score is below this."),
        click.option(
            "--fail-on",
            type=click.Choice([s.value for s in Severity] + ["never"]),
            default="critical",
            show_default=True,
            help="Gate: fail on any finding of this severity or worse.",
        ),
        click.option("--max-per-rule", type=click.IntRange(min=1), help="Show at most N findings per rule in tables."),
    ]
    for option in reversed(options):
        command = option(command)
    return lang_option(plugin_options(command))


def parse_params(values: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """`FIL002.deadline=03-31` -> {"FIL002": {"deadline": "03-31"}}; values are JSON when they parse."""
    params: dict[str, dict[str, Any]] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        rule, dot, name = key.partition(".")
        if not (sep and dot and rule and name):
            raise InputError(
                [Problem("--param", item, Text("应写作 规则.参数=值", "expected RULE.KEY=VALUE"))]
            )
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        params.setdefault(rule.upper(), {})[name] = value
    return params


def _plugins(plugins: tuple[str, ...], disabled: tuple[str, ...]) -> PluginSet:
    return load_plugins(plugins, disabled)


def emit(report: Report, plugins: PluginSet, fmt: str, output: Path | None, lang: str, max_per_rule: int | None, inputs: list[Path]) -> None:
    """Render with the chosen reporter to stdout or FILE; never onto one of the inputs."""
    reporters = plugins.collect("archcheck_reporters")
    if fmt not in reporters:
        raise InputError(
            [Problem("--format", fmt, Text("未知格式；可用：{f}", "unknown format; available: {f}").format(f=", ".join(sorted(reporters))))]
        )
    rendered = reporters[fmt](report, ReportOptions(lang=lang, max_per_rule=max_per_rule))
    if output is None:
        click.echo(rendered, nl=False)
        return
    if any(output.resolve() == p.resolve() for p in inputs):
        raise InputError([Problem(str(output), "", Text("输出文件不能覆盖输入文件", "the output file must not overwrite an input"))])
    data = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
    output.write_bytes(data)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="archcheck")
def main() -> None:
    """archcheck: 档案室迎检自查工具 / pre-inspection self-audit of an archive room."""


@main.command()
@click.argument("units", nargs=-1, required=True, type=click.Path(path_type=Path))
@run_options
@handles_errors
def check(units: tuple[Path, ...], **opts: Any) -> None:
    """Check unit descriptions (JSON or YAML) against every rule. / 检查单位描述文件。"""
    sys.exit(_check(list(units), **opts))


def _check(units: list[Path], *, fmt, output, profile, select, ignore, params, fail_under, fail_on, max_per_rule, lang, plugins, disabled, debug) -> int:
    plugin_set = _plugins(plugins, disabled)
    settings = AuditSettings(
        profile=load_profile(profile, plugin_set.collect("archcheck_profiles")),
        selection=Selection(tuple(select), tuple(ignore)),
        params=parse_params(params),
        debug=debug,
    )
    report = check_units(units, plugin_set, settings)
    emit(report, plugin_set, fmt, output, lang, max_per_rule, units)
    return Gate(fail_under=fail_under, fail_on=None if fail_on == "never" else Severity(fail_on)).exit_code(report)


def catalog_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options only `archcheck catalog` has: how to read the export."""
    options = [
        click.option("--encoding", metavar="NAME", help="Encoding of CSV/JSONL (default: detect UTF-8, UTF-8-BOM or GB18030)."),
        click.option("--input-format", type=click.Choice(["csv", "jsonl", "xlsx"]), help="Input format (default: by extension or content)."),
        click.option("--column", "columns", multiple=True, metavar="HEADER=COLUMN", help="Map a header of the file to a catalogue column, e.g. '文件名称=题名'."),
        click.option("--as-of", metavar="YYYY-MM-DD", help="Audit date for retention-term counts (default: today)."),
        click.option("--dat13", is_flag=True, help="Accept the DA/T 13—2022 档号 form (全宗号-门类·年度·期限·机构-件号)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command()
@click.argument("exports", nargs=-1, required=True, type=click.Path(path_type=Path))
@catalog_options
@run_options
@handles_errors
def catalog(exports: tuple[Path, ...], **opts: Any) -> None:
    """Check catalogue exports (归档文件目录: CSV, JSON Lines, XLSX) as they stream. / 检查归档文件目录。"""
    sys.exit(_catalog(list(exports), **opts))


def _catalog(exports: list[Path], *, fmt, output, profile, select, ignore, params, fail_under, fail_on, max_per_rule, lang,
             plugins, disabled, debug, encoding, input_format, columns, as_of, dat13) -> int:
    from archcheck.catalog.encoding import check_name
    from archcheck.catalog.errors import CatalogReadError
    from archcheck.catalog.run import CatalogSettings, check_catalogs

    plugin_set = _plugins(plugins, disabled)
    mapping = {}
    for item in columns:
        header, sep, target = item.partition("=")
        if not (sep and header.strip() and target.strip()):
            raise InputError([Problem("--column", item, Text("应写作 表头=项目，如 文件名称=题名", "expected HEADER=COLUMN, e.g. 'Doc title=题名'"))])
        mapping[header.strip()] = target.strip()
    try:
        audit_date = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    except ValueError:
        raise InputError([Problem("--as-of", as_of, Text("日期应写作 YYYY-MM-DD", "expected a date YYYY-MM-DD"))]) from None
    try:
        encoding = check_name(encoding) if encoding else None
    except CatalogReadError as exc:
        raise InputError([Problem(exc.file, exc.where, Text(exc.zh, exc.en))]) from None
    settings = CatalogSettings(
        profile=load_profile(profile, plugin_set.collect("archcheck_profiles")),
        as_of=audit_date,
        selection=Selection(tuple(select), tuple(ignore)),
        params=parse_params(params),
        encoding=encoding,
        input_format=input_format,
        mapping=mapping,
        dat13=dat13,
        max_per_rule=max_per_rule,
        progress=sys.stderr.isatty(),
        debug=debug,
    )
    if output is not None and any(output.resolve() == p.resolve() for p in exports):
        raise InputError([Problem(str(output), "", Text("输出文件不能覆盖输入文件", "the output file must not overwrite an input"))])
    report = check_catalogs(exports, plugin_set, settings)
    shown = max_per_rule if max_per_rule is not None or fmt != "table" else 10
    emit(report, plugin_set, fmt, output, lang, shown, exports)
    return Gate(fail_under=fail_under, fail_on=None if fail_on == "never" else Severity(fail_on)).exit_code(report)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@lang_option
@plugin_options
@handles_errors
def demo(fmt: str, lang: str, plugins: tuple[str, ...], disabled: tuple[str, ...], debug: bool) -> None:
    """Check the shipped example unit (the seed report's archive room). / 检查内置示例单位。"""
    with resources.as_file(resources.files("archcheck").joinpath("examples", DEMO_UNIT)) as path:
        _check(
            [path], fmt=fmt, output=None, profile="default", select=(), ignore=(), params=(), fail_under=None,
            fail_on="never", max_per_rule=None, lang=lang, plugins=plugins, disabled=disabled, debug=debug,
        )


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@lang_option
@plugin_options
@handles_errors
def rules(fmt: str, lang: str, plugins: tuple[str, ...], disabled: tuple[str, ...], debug: bool) -> None:
    """List every rule with its area, severity, points and basis. / 列出全部规则。"""
    click.echo(rules_table(_plugins(plugins, disabled), fmt, lang))


@main.command()
@click.argument("rule_id")
@lang_option
@plugin_options
@handles_errors
def explain(rule_id: str, lang: str, plugins: tuple[str, ...], disabled: tuple[str, ...], debug: bool) -> None:
    """Explain one rule: why, basis, example and fix. / 解释一条规则。"""
    click.echo(explain_rule(_plugins(plugins, disabled), rule_id, lang))


@main.command(name="schema")
@click.argument("name", type=click.Choice(SCHEMA_NAMES), default="unit")
@plugin_options
@handles_errors
def schema_command(name: str, plugins: tuple[str, ...], disabled: tuple[str, ...], debug: bool) -> None:
    """Print a JSON Schema (the unit schema includes plugin extensions). / 输出 JSON Schema。"""
    document = unit_schema(_plugins(plugins, disabled).collect("archcheck_unit_schema")) if name == "unit" else schema(name)
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
