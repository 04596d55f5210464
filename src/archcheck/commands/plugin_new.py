"""`archcheck plugin new NAME`: a complete, installable plugin distribution to start a province's pack from.

It writes `archcheck-NAME/`: a pyproject with the entry point and the dependency on archcheck-dangan, a
rules module with one unit rule and one catalogue rule (basis from a small local sources table, remedy,
example, violation, params), the plugin's unit-data schema, a scoring profile, tests with the
`archcheck_run` fixture that pass as written, examples to try, and a README in Chinese and English.
The files come from `plugin_template/` (`*.tmpl`, `string.Template` placeholders; `__module__` in a path
is the import package). Nothing is overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import click

from archcheck.errors import InputError, Problem
from archcheck.model import Text

#: a plugin name: lower-case ASCII letters and digits, words joined by hyphens (pinyin of a place, a vendor)
NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
MAX_NAME = 40
#: how units write their region (unit.region): Chinese or Latin words, digits, spaces, middle dots
REGION = re.compile(r"[\w·][\w· ]{0,29}")
TEMPLATE = "plugin_template"
SUFFIX = ".tmpl"


@dataclass(frozen=True)
class Plan:
    """What `plugin new` writes, decided and checked before anything is written."""

    name: str
    region: str
    area: str
    folder: Path

    @property
    def distribution(self) -> str:
        return f"archcheck-{self.name}"

    @property
    def module(self) -> str:
        return "archcheck_" + self.name.replace("-", "_")


def plugin_group(handles_errors: Callable[..., Any], lang_option: Callable[..., Any]) -> click.Group:
    """The `archcheck plugin` command group (cli.py passes its error handling and --lang option)."""

    @click.group(name="plugin")
    def plugin() -> None:
        """Write your own plugin: a province's or a vendor's rules. / 编写插件。"""

    @plugin.command(name="new")
    @click.argument("name")
    @click.option("--region", required=True, metavar="TEXT",
                  help="Where the rules apply, as units write unit.region (e.g. 广西, 湖南 岳阳). / 适用地区。")
    @click.option("--area", metavar="CODE", help="Rule area code, 2-8 capitals (default: from NAME, e.g. guangxi → GUA).")
    @click.option("--dir", "parent", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                  show_default=True, help="Folder to create archcheck-NAME/ in.")
    @lang_option
    @handles_errors
    def new(name: str, region: str, area: str | None, parent: Path, lang: str | None) -> None:
        """Write archcheck-NAME/: an installable plugin with a unit rule, a catalogue rule, a profile and
        passing tests. / 生成一个可安装的插件包（单位规则、目录规则、评分方案和测试）。"""
        from archcheck.engine import guard

        plan = check_plan(name, region, area, parent)
        written = write(plan)
        click.echo(next_steps(plan, written).get(lang or "zh"), file=guard.report_stream())

    return plugin


def check_plan(name: str, region: str, area: str | None, parent: Path) -> Plan:
    """The plan for NAME, or InputError (exit 2) naming what is wrong: name, region, area or folder."""
    problems: list[Problem] = []
    short = name[len("archcheck-"):] if name.startswith(("archcheck-", "archcheck_")) else name
    named = bool(NAME.fullmatch(short)) and len(short) <= MAX_NAME
    if not named:
        problems.append(Problem("NAME", name, Text(
            "插件名应为小写字母和数字（可用连字符连接），以字母开头，不超过 {n} 个字符，如 guangxi、hunan-yueyang",
            "a plugin name is lower-case letters and digits (words joined by hyphens), starting with a letter, at most {n} "
            "characters, e.g. guangxi or hunan-yueyang").format(n=MAX_NAME)))
    else:
        taken = _taken_names()
        if short in taken:
            problems.append(Problem("NAME", name, Text("插件名 {n} 已被 {d} 使用，请换一个", "the plugin name {n} is taken by {d}; choose another")
                                    .format(n=short, d=taken[short])))
    if not REGION.fullmatch(region.strip()) or region != region.strip():
        problems.append(Problem("--region", region, Text(
            "地区应按单位描述 unit.region 的写法填写，如“广西”或“湖南 岳阳”（不超过 30 个字符，不含引号和符号）",
            "write the region as units write unit.region, e.g. 广西 or 湖南 岳阳 (at most 30 characters, no quotes or symbols)")))
    code = area.upper() if area else _area_from(short)
    known = _known_areas()
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", code or ""):
        problems.append(Problem("--area", area or short, Text(
            "领域代码应为大写字母开头的 2–8 位字母或数字，如 GXA", "an area code is 2-8 capitals or digits starting with a capital, e.g. GXA")))
    elif code in known:
        problems.append(Problem("--area", code, Text(
            "领域代码 {c} 已被使用（{n}），请用 --area 指定另一个", "the area code {c} is taken ({n}); give another with --area",
        ).format(c=code, n=known[code])))
    folder = parent / f"archcheck-{short}"
    if not parent.is_dir():
        problems.append(Problem("--dir", str(parent), Text("文件夹不存在", "no such folder")))
    elif named:  # (the folder is named after the plugin: a name already refused names no folder to look at)
        try:
            there = folder.exists() or folder.is_symlink()
        except OSError as exc:  # e.g. a path longer than the file system allows
            problems.append(Problem(str(folder), "", Text("无法在此创建：{e}", "cannot be created here: {e}").format(e=exc.strerror or exc)))
        else:
            if there:
                problems.append(Problem(str(folder), "", Text("已存在，不会覆盖；请换一个名称或文件夹",
                                                              "already exists and is not overwritten; choose another name or folder")))
    if problems:
        raise InputError(problems)
    return Plan(short, region, code, folder)


def _area_from(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name)[:3].upper()


def _taken_names() -> dict[str, str]:
    """Plugin names that are installed already (the built-ins' among them), with their distribution."""
    from importlib.metadata import entry_points

    from archcheck.plugins import BUILTIN_DISTRIBUTION, ENTRY_POINT_GROUP, ESSENTIAL

    taken = {name: BUILTIN_DISTRIBUTION for name in ESSENTIAL}
    taken["dangan"] = BUILTIN_DISTRIBUTION  # archcheck-dangan is archcheck itself
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        taken.setdefault(ep.name, ep.dist.name if ep.dist else "?")
    return taken


def _known_areas() -> dict[str, str]:
    """Area codes of the installed plugins (the built-ins' among them), with their names."""
    from archcheck.plugins import load_plugins

    plugins = load_plugins(strict=False)
    return {code: f"{name.zh} / {name.en}" for code, name in plugins.areas.items()}


def render(plan: Plan) -> dict[str, str]:
    """Every file of the distribution: path relative to its folder → text."""
    from importlib import resources
    from string import Template

    from archcheck import __version__
    from archcheck.hookspecs import API_VERSION
    from archcheck.scoring import builtin_profiles

    weights = builtin_profiles()["default"]["weights"]
    values = {
        "name": plan.name, "dist": plan.distribution, "module": plan.module, "AREA": plan.area, "region": plan.region,
        "region_example": f"{plan.region} 某县", "api": str(API_VERSION), "next_api": str(API_VERSION + 1),
        "core_version": ".".join(__version__.split(".")[:2]), "archcheck_version": __version__,
        "area_zh": f"{plan.region}地方要求", "area_en": f"{plan.region} local requirements",
        "weights": "\n".join(f"{code} = {weight:g}" for code, weight in weights.items()),
    }
    files: dict[str, str] = {}

    def walk(folder: Any, prefix: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            name = entry.name.replace("__module__", plan.module)
            if entry.is_dir():
                if entry.name != "__pycache__":
                    walk(entry, f"{prefix}{name}/")
            elif entry.name.endswith(SUFFIX):
                files[prefix + name[: -len(SUFFIX)]] = Template(entry.read_text(encoding="utf-8")).substitute(values)

    walk(resources.files("archcheck.commands").joinpath(TEMPLATE), "")
    return files


def write(plan: Plan) -> list[str]:
    """Write the distribution into its (new) folder; the relative paths written."""
    from archcheck.files import write_atomic

    files = render(plan)
    plan.folder.mkdir()
    for relative, text in files.items():
        path = plan.folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
    return sorted(files)


def next_steps(plan: Plan, written: list[str]) -> Text:
    listing = "\n".join(f"  {plan.folder.name}/{f}" for f in written)
    zh = (f"已生成插件 {plan.distribution}（领域 {plan.area}，评分方案 {plan.name}）：\n{listing}\n\n下一步：\n"
          f"  cd {plan.folder}\n"
          "  python -m venv .venv\n"
          "  .venv/bin/pip install archcheck-dangan     # 或 archcheck-dangan 的 wheel 文件\n"
          "  .venv/bin/pip install -e \".[test]\"\n"
          "  .venv/bin/pytest\n"
          f"  .venv/bin/archcheck check examples/unit.yaml --select {plan.area}\n"
          f"然后把 src/{plan.module}/sources.py 中的示例文件换成本地实际的评分标准，按它改写规则。")
    en = (f"Wrote the plugin {plan.distribution} (area {plan.area}, profile {plan.name}):\n{listing}\n\nNext:\n"
          f"  cd {plan.folder}\n"
          "  python -m venv .venv\n"
          "  .venv/bin/pip install archcheck-dangan     # or archcheck-dangan's wheel\n"
          "  .venv/bin/pip install -e \".[test]\"\n"
          "  .venv/bin/pytest\n"
          f"  .venv/bin/archcheck check examples/unit.yaml --select {plan.area}\n"
          f"Then replace the example document in src/{plan.module}/sources.py with your real local scheme and adapt the rules to it.")
    return Text(zh, en)
