"""README.md carries the area table generated from the code; this keeps the two in sync."""

from archcheck.commands.docs_table import END_MARKER, START_MARKER, areas_markdown
from archcheck.plugins import DISABLE_AUTOLOAD_ENV, load_plugins
from conftest import ROOT

REGENERATE = "ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD=1 archcheck rules --format markdown"


def test_readme_table_matches_the_builtin_rules(monkeypatch):
    monkeypatch.setenv(DISABLE_AUTOLOAD_ENV, "1")
    expected = areas_markdown(load_plugins())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count(START_MARKER) == 1 and readme.count(END_MARKER) == 1
    between = readme.split(START_MARKER)[1].split(END_MARKER)[0].strip()
    assert between == expected, f"README area table is stale; regenerate with: {REGENERATE}"


def test_table_counts_every_builtin_rule(monkeypatch):
    monkeypatch.setenv(DISABLE_AUTOLOAD_ENV, "1")
    plugins = load_plugins()
    table = areas_markdown(plugins)
    rows = [line.split("|") for line in table.splitlines()[2:-1]]
    assert sum(int(r[4]) for r in rows) == len(plugins.rules)
    assert {r[1].strip() for r in rows} == {rule.area for rule in plugins.rules}
    assert table.splitlines()[-1].split("|")[4].strip() == str(len(plugins.rules))


def test_rules_markdown_command(cli):
    result = cli("rules", "--format", "markdown")
    assert result.exit_code == 0 and result.output.startswith("| 代码 Code | 领域 | Area |")
    assert "| FAC | 库房与用房 | Rooms & capacity |" in result.output
