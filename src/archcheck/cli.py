"""The command line: thin wrappers that parse options, call the engine and map outcomes to exit codes.

Exit codes: 0 gate passed · 1 gate failed · 2 usage or input error · 3 plugin or internal failure.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import sys
import traceback
from contextlib import ExitStack
from importlib import resources
from pathlib import Path
from typing import Any, Callable

import click

from archcheck import __version__
from archcheck.commands.plugin_new import plugin_group
from archcheck.config import FAIL_ON_CHOICES
from archcheck.engine import guard
from archcheck.engine.units import DEFAULT_RULE_TIMEOUT
from archcheck.errors import EXIT_GATE_FAILED, EXIT_INPUT_ERROR, EXIT_INTERRUPTED, EXIT_PLUGIN_ERROR, ArchcheckError, InputError, Problem
from archcheck.files import DOCUMENT_LIMIT, check_outputs, write_atomic
from archcheck.model import Text
from archcheck.plugins import PluginSet, load_plugins, require_plugins
from archcheck.reporters.registry import FORMATS
from archcheck.reporters.sanitize import terminal_text
from archcheck.schemas import SCHEMA_NAMES, schema, unit_schema
from archcheck.session import Session, run_config
from archcheck.stdin_input import is_stdin, read_stdin, spooled_stdin

DEMO_UNIT = "seed-damingshan.yaml"


class FormatType(click.ParamType):
    """`--format NAME[:FILE]`: checked against every installed format once the plugins are loaded (a `-p`
    plugin's format too); completion lists them, and completes the file after the colon."""

    name = "format"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "NAME[:FILE]"

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        if ":" in incomplete:
            return [CompletionItem(incomplete.partition(":")[2], type="file")]
        try:
            names = sorted(load_plugins((), ()).collect("archcheck_reporters"))
        except Exception:  # noqa: BLE001 - completion must never fail the shell
            names = list(FORMATS)
        return [CompletionItem(n) for n in names if n.startswith(incomplete)]


FORMAT = FormatType()


def out(text: str, nl: bool = True) -> None:
    """Write a command's result to stdout — the real one, even while plugin output is diverted to stderr."""
    click.echo(text, nl=nl, file=guard.report_stream())


def _fail(lang: str, error: ArchcheckError) -> None:
    click.echo(terminal_text(error.render(lang)), err=True)  # messages quote input values: no escape sequences
    sys.exit(error.exit_code)


INTERRUPTED = Text("已中断（Ctrl-C），未写出报告", "interrupted (Ctrl-C); no report written")
OUTPUT_CLOSED = Text("输出管道的读取端已关闭，报告未写完整", "the reader of the output pipe went away; the report is incomplete")


def handles_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn known errors into their message and exit code, unknown ones into exit 3 (traceback only with --debug)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = kwargs.get("lang") or "zh"
        try:
            with guard.guarded():
                return command(*args, **kwargs)
        except ArchcheckError as error:
            _fail(lang, error)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:  # Ctrl-C: the conventional 128 + SIGINT, never the "gate failed" 1
            click.echo("\n" + INTERRUPTED.get(lang), err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:  # `archcheck … | head`: the report's reader left; never a pass, not our bug either
            click.echo(OUTPUT_CLOSED.get(lang), err=True)
            sys.exit(EXIT_INPUT_ERROR)
        except Exception as exc:  # noqa: BLE001 - last line of defence: never a bare traceback
            if kwargs.get("debug"):
                traceback.print_exc()
            msg = Text("内部错误：{e}（加 --debug 查看详情）", "internal error: {e} (rerun with --debug for details)")
            click.echo(terminal_text(msg.format(e=f"{type(exc).__name__}: {exc}").get(lang)), err=True)
            sys.exit(EXIT_PLUGIN_ERROR)

    return wrapper


def lang_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        envvar="ARCHCHECK_LANG",
        help="Message language / 输出语言 [default: zh].",
    )(command)


def plugin_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("-p", "--plugin", "plugins", multiple=True, metavar="MODULE", help="Load a plugin module by import path."),
        click.option("--disable-plugin", "disabled", multiple=True, metavar="NAME", help="Do not load this plugin."),
        click.option(
            "--require-plugin", "require_plugin", multiple=True, metavar="NAME",
            help="Exit 3 unless this plugin (entry-point or distribution name) loads.",
        ),
        click.option("--debug", is_flag=True, help="Show tracebacks of rule and internal errors."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def run_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that checks something and reports it.

    Options that are also configuration keys default to None here: the config file fills what the
    command line leaves out (see archcheck.config), and `archcheck config` shows which won.
    """
    options = [
        click.option("--format", "fmt", type=FORMAT, multiple=True,
                     help="Output format, repeatable; NAME:FILE writes that format to FILE (several reports from one "
                          f"pass): {', '.join(FORMATS)} (table is the default), or a plugin's (`archcheck plugins`)."),
        click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                     help="Write the report (of the one --format given without :FILE) to FILE."),
        click.option("--config", type=click.Path(dir_okay=False, path_type=Path), help="Config file (default: archcheck.toml or pyproject.toml [tool.archcheck] found from the input's folder upward)."),
        click.option("--profile", help="Scoring profile name or TOML file [default: default]."),
        click.option("--select", multiple=True, metavar="CODE", help="Run only these rule ids, prefixes or areas."),
        click.option("--ignore", multiple=True, metavar="CODE", help="Skip these rule ids, prefixes or areas."),
        click.option("--param", "params", multiple=True, metavar="RULE.KEY=VALUE", help="Override a rule threshold."),
        click.option("--fail-under", type=click.FloatRange(0, 100), help="Gate: fail when a total score is below this."),
        click.option(
            "--fail-on",
            type=click.Choice(list(FAIL_ON_CHOICES)),
            help="Gate: fail on any new, unwaived finding of this severity or worse [default: critical].",
        ),
        click.option("--fail-on-grade/--no-fail-on-grade", "fail_on_grade", default=None,
                     help="Gate: fail when an input gets the profile's failing grade (不合格) [default: on]."),
        click.option("--exit-zero", is_flag=True, help="Report only: never exit 1 whatever the result (2 and 3 still mean errors)."),
        click.option("--fail-on-error/--no-fail-on-error", "--strict-plugins", "fail_on_error", default=None,
                     help="Gate: exit 3 when a rule errored or timed out, or a plugin failed to load (alias --strict-plugins)."),
        click.option(
            "--rule-timeout", type=click.FloatRange(min=0), default=DEFAULT_RULE_TIMEOUT, show_default=True,
            metavar="SECONDS", help="Stop a rule after SECONDS and report it as error (0: no limit).",
        ),
        click.option("--waivers", "waivers_file", type=click.Path(dir_okay=False, path_type=Path), help="Waiver file (TOML, JSON or YAML)."),
        click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), help="Accept the findings recorded in this baseline; only new ones fail."),
        click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path), help="Record the current findings as a baseline FILE."),
        click.option("--max-per-rule", type=click.IntRange(min=1), help="Show at most N findings per rule in tables."),
        click.option(
            "--report-config",
            type=click.Path(dir_okay=False, path_type=Path),
            help="TOML with reporter settings, e.g. [ledger] departments and deadline_days.",
        ),
        click.option("--sarif-root", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
                     help="SARIF: file URIs relative to DIR, e.g. the repository checkout [default: the working directory]."),
        click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                     help="Colour the table (auto: on a terminal, unless NO_COLOR is set)."),
        click.option("-q", "--quiet", count=True, help="One line per input; no progress bar or 'written' lines."),
        click.option("-v", "--verbose", count=True, help="The table also lists the rules passed, and ten times the locations per rule of a catalogue."),
        click.option("--progress/--no-progress", default=None,
                     help="Progress bar with percentage and time left on stderr [default: when stderr is a terminal]."),
    ]
    for option in reversed(options):
        command = option(command)
    return lang_option(plugin_options(command))


def jobs_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`-j N`: how many worker processes check the inputs of one command (default: one per core)."""
    return click.option(
        "-j", "--jobs", type=click.IntRange(min=1), metavar="N",
        help="Check several inputs in N worker processes (default: one per core, or ARCHCHECK_WORKERS); -j 1 checks "
             "them one after the other. The report is the same either way.",
    )(command)


def given_by_environment() -> dict[str, str]:
    """Sources other than the command line for options click filled from the environment (for `archcheck config`)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return {}
    return {
        name: f"env {param.envvar}"
        for param in ctx.command.params
        if (name := param.name) and ctx.get_parameter_source(name) == click.core.ParameterSource.ENVIRONMENT
    }


def _plugins(plugins: tuple[str, ...], disabled: tuple[str, ...], required: tuple[str, ...] = (), strict: bool = True) -> PluginSet:
    plugin_set = load_plugins(plugins, disabled, strict=strict)
    require_plugins(plugin_set, required)
    return plugin_set


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="archcheck")
def main() -> None:
    """archcheck: 档案室迎检自查工具 / pre-inspection self-audit of an archive room."""


@main.command()
@click.argument("units", nargs=-1, required=True, type=click.Path(path_type=Path))
@run_options
@jobs_option
@click.option("--allow-outside", "allow_outside", multiple=True, metavar="DIR",
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Let units name side files (climate-log CSV, electronic-files folder) under DIR too; "
                   "by default they must lie in the unit file's own folder.")
@click.option("--catalog", "catalogs", multiple=True, metavar="EXPORT", type=click.Path(path_type=Path),
              help="Also check this catalogue export (归档文件目录; 案卷目录 with 卷内文件目录), repeatable, and compare "
                   "the unit's fonds code, departments and holdings counts with it (LNK rules). One unit only.")
@handles_errors
def check(units: tuple[Path, ...], **opts: Any) -> None:
    """Check unit descriptions (JSON or YAML) against every rule. / 检查单位描述文件。"""
    sys.exit(_check(list(units), **opts))


def _check(units: list[Path], *, discover: bool = True, jobs: int | None = None, catalogs: tuple[Path, ...] = (),
           **opts: Any) -> int:
    from archcheck.audit.many_units import check_many, expand_inputs
    from archcheck.audit.unit_files import check_units

    paths = expand_inputs(units)
    if catalogs:
        return _check_linked(paths, list(catalogs), opts)
    if any(is_stdin(p) for p in paths):
        read_stdin(DOCUMENT_LIMIT)  # here, once, before worker processes fork
    session = Session.open(paths, opts, labels=given_by_environment(), discover=discover)
    if len(paths) == 1:
        return session.finish(check_units(paths, session.audit))
    # many units: an invalid one is reported at the end (exit 2) and the others are still checked
    report, problems = check_many(paths, session.audit, session.lang, workers=jobs)
    if not report.units:
        raise InputError(problems)
    return session.finish(report, problems)


def _check_linked(paths: list[Path], catalogs: list[Path], opts: dict[str, Any]) -> int:
    """`check UNIT --catalog EXPORT …`: the unit, its exports and the LNK rules between them, in one report."""
    from archcheck.audit.unit_links import check_catalogue_paths, check_linked

    if any(is_stdin(p) for p in [*paths, *catalogs]):
        raise InputError([Problem("-", "", Text("--catalog 时单位描述和目录都须是文件，不能用标准输入（-）",
                                                "with --catalog the unit and the catalogues must be files, not standard input (-)"))])
    check_catalogue_paths(paths, catalogs)
    session = Session.open([*paths, *catalogs], opts, labels=given_by_environment(), default_max_per_rule=10)
    report = check_linked(paths[0], catalogs, session.audit, max_per_rule=session.keep_per_rule,
                          columns=session.config.columns, progress=session.progress)
    return session.finish(report)


def catalog_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options only `archcheck catalog` has: how to read the export."""
    options = [
        click.option("--encoding", metavar="NAME", help="Encoding of CSV/JSONL (default: detect UTF-8, UTF-8-BOM or GB18030)."),
        click.option("--input-format", type=click.Choice(["csv", "jsonl", "xlsx"]), help="Input format (default: by extension or content)."),
        click.option("--column", "columns", multiple=True, metavar="HEADER=COLUMN",
                     help="Map a header of the file to a catalogue column, e.g. '文件名称=题名'."),
        click.option("--as-of", metavar="YYYY-MM-DD", help="Audit date for retention-term counts (default: today)."),
        click.option("--dat13", is_flag=True, help="Accept the DA/T 13—2022 档号 form (全宗号-门类·年度·期限·机构-件号)."),
        click.option("--kind", type=click.Choice(["auto", "items", "volumes"]), default="auto", show_default=True,
                     help="Catalogue kind: by the headers, 归档文件目录 only, or 案卷目录/卷内文件目录 (checked together)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command()
@click.argument("exports", nargs=-1, required=True, type=click.Path(path_type=Path))
@catalog_options
@run_options
@jobs_option
@handles_errors
def catalog(exports: tuple[Path, ...], **opts: Any) -> None:
    """Check catalogue exports (归档文件目录; 案卷目录 with 卷内文件目录) as they stream. / 检查归档文件目录、案卷目录。"""
    sys.exit(_catalog(list(exports), **opts))


def _catalog(exports: list[Path], *, encoding: str | None = None, input_format: str | None = None,
             columns: tuple[str, ...] = (), as_of: str | None = None, dat13: bool = False, kind: str = "auto",
             jobs: int | None = None, **opts: Any) -> int:
    from archcheck.audit.catalog_files import catalog_options, check_catalogs

    if sum(is_stdin(p) for p in exports) > 1:
        raise InputError([Problem("-", "", Text("标准输入（-）只能给一次", "standard input (-) can be given once only"))])
    # the table shows the first few locations per rule; JSON lists all
    session = Session.open(exports, opts, labels=given_by_environment(), default_max_per_rule=10)
    with ExitStack() as stack:
        names = {}
        if any(is_stdin(p) for p in exports):
            spooled = stack.enter_context(spooled_stdin())
            exports = [spooled if is_stdin(p) else p for p in exports]
            names[str(spooled)] = "-"
        options = catalog_options(as_of=as_of, encoding=encoding, input_format=input_format, columns=columns,
                                  config_columns=session.config.columns, dat13=dat13,
                                  max_per_rule=session.keep_per_rule, progress=session.progress, names=names, kind=kind)
        report = check_catalogs(exports, session.audit, options, workers=jobs)
    return session.finish(report)


@main.command(name="config")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@run_options
@handles_errors
def config_command(path: Path | None, **opts: Any) -> None:
    """Show the effective configuration and where each value came from. / 显示生效的配置及其来源。

    PATH is an input file or folder; the config file is looked for from there upward (default: here).
    """
    from archcheck.commands.config_view import show_config

    start = path if path is not None else Path.cwd()
    config = run_config([], opts, given_by_environment(), start=start if start.is_dir() else start.parent)
    fmt = (opts.get("fmt") or ("table",))[-1]
    if fmt not in ("table", "json"):
        raise InputError([Problem("--format", fmt, Text("config 只支持 table 或 json", "config shows only table or json"))])
    out(show_config(config, fmt, config.lang))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@lang_option
@plugin_options
@handles_errors
def demo(fmt: str, **opts: Any) -> None:
    """Check the shipped example unit (the seed report's archive room). / 检查内置示例单位。"""
    with resources.as_file(resources.files("archcheck").joinpath("examples", DEMO_UNIT)) as path:
        _check([path], fmt=(fmt,), exit_zero=True, discover=False, **opts)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True,
              help="markdown: the README's table of areas, rule counts and points.")
@lang_option
@plugin_options
@handles_errors
def rules(fmt: str, lang: str, plugins: tuple[str, ...], disabled: tuple[str, ...], require_plugin: tuple[str, ...],
          debug: bool) -> None:
    """List every rule with its area, severity, points and basis. / 列出全部规则。"""
    from archcheck.commands.docs_table import areas_markdown
    from archcheck.commands.explain import rules_table

    plugin_set = _plugins(plugins, disabled, require_plugin)
    out(areas_markdown(plugin_set) if fmt == "markdown" else rules_table(plugin_set, fmt, lang))


@main.command()
@click.argument("rule_id")
@lang_option
@plugin_options
@handles_errors
def explain(rule_id: str, lang: str, plugins: tuple[str, ...], disabled: tuple[str, ...], require_plugin: tuple[str, ...],
            debug: bool) -> None:
    """Explain one rule: why, basis, example and fix. / 解释一条规则。"""
    from archcheck.commands.explain import explain_rule

    out(explain_rule(_plugins(plugins, disabled, require_plugin), rule_id, lang))


@main.command()
@click.argument("file", required=False, default="-", metavar="[FILE]")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists. / 覆盖已有文件。")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Audit date the template's defaults follow (default: today). / 自查基准日。")
@lang_option
@plugin_options
@handles_errors
def init(file: str, force: bool, as_of: Any, lang: str, plugins: tuple[str, ...], disabled: tuple[str, ...],
         require_plugin: tuple[str, ...], debug: bool) -> None:
    """Write a commented YAML template of a unit description (stdout without FILE). / 生成带注释的单位描述模板。"""
    from archcheck.commands.init_template import PLACEHOLDER, render_counted

    document = unit_schema(_plugins(plugins, disabled, require_plugin).collect("archcheck_unit_schema"))
    name = "unit.yaml" if file == "-" else Path(file).name
    text, left = render_counted(document, as_of.date() if as_of else dt.date.today(), name)
    warning = Text(f"模板中有 {{n}} 处“{PLACEHOLDER}”：逐项填写或整行删除后，archcheck check 才会检查它",
                   f"the template has {{n}} '{PLACEHOLDER}' placeholders: fill each in or delete its line before checking")
    click.echo(warning.format(n=left).get(lang or "zh"), err=True)
    if file == "-":
        out(text, nl=False)
        return
    path = Path(file)
    if path.exists() and not force:
        raise InputError([Problem(file, "", Text("文件已存在；加 --force 覆盖", "file exists; use --force to overwrite it"))])
    check_outputs({"FILE": path}, ())
    write_atomic(path, text.encode("utf-8"))
    click.echo(Text("已写入模板：{f}", "template written to {f}").format(f=file).get(lang), err=True)


@main.command(name="app")
@click.argument("file", required=False, metavar="[FILE]")
@click.option("--no-browser", is_flag=True, help="Do not open a browser; print the address only. / 不自动打开浏览器。")
@lang_option
@handles_errors
def app_command(file: str | None, no_browser: bool, lang: str | None) -> None:
    """Fill in the unit description in a local web questionnaire (this folder only). / 在本机网页问卷中填写单位描述。"""
    from archcheck.app.workspace import inside
    from archcheck.app.server import serve

    root = Path.cwd()
    if file:
        file = inside(root, file).relative_to(root.resolve()).as_posix()
    serve(root, open_browser=not no_browser, file=file, echo=lambda line: click.echo(line, err=True))


@main.command(name="plugins")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@lang_option
@plugin_options
@handles_errors
def plugins_command(fmt: str, lang: str, plugins: tuple[str, ...], disabled: tuple[str, ...], require_plugin: tuple[str, ...],
                    debug: bool) -> None:
    """List plugins: distribution, version, API compatibility, rules, load errors. / 列出插件。"""
    from archcheck.commands.plugin_list import plugins_listing

    out(plugins_listing(_plugins(plugins, disabled, require_plugin, strict=False), fmt, lang or "zh"))


@main.command(name="schema")
@click.argument("name", type=click.Choice(SCHEMA_NAMES), default="unit")
@plugin_options
@handles_errors
def schema_command(name: str, plugins: tuple[str, ...], disabled: tuple[str, ...], require_plugin: tuple[str, ...],
                   debug: bool) -> None:
    """Print a JSON Schema (the unit schema includes plugin extensions). / 输出 JSON Schema。"""
    plugin_set = _plugins(plugins, disabled, require_plugin)
    document = unit_schema(plugin_set.collect("archcheck_unit_schema")) if name == "unit" else schema(name)
    out(json.dumps(document, ensure_ascii=False, indent=2))


@main.command(name="diff")
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--fail-on-new", is_flag=True, help="Exit 1 when the new report has findings the old one had not.")
@lang_option
@handles_errors
def diff_command(old: Path, new: Path, fmt: str, fail_on_new: bool, lang: str | None) -> None:
    """Compare two JSON reports: fixed, new and still-open findings, score change per area. / 比较两次检查结果。"""
    lang = lang or "zh"
    from archcheck.commands.diff import compare, load_report, render_diff_json, render_diff_table

    result = compare(load_report(old), load_report(new))
    out(render_diff_json(result) if fmt == "json" else render_diff_table(result, lang), nl=False)
    if fail_on_new and any(u["new"] for u in result["units"]):
        sys.exit(EXIT_GATE_FAILED)


main.add_command(plugin_group(handles_errors, lang_option))  # archcheck plugin new NAME


if __name__ == "__main__":  # pragma: no cover
    main()
