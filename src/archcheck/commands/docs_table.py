"""The README's table of areas, rendered from the loaded plugins so that it cannot drift from the code.

Regenerate after adding rules (built-ins only, as the README documents them):
    ARCHCHECK_DISABLE_PLUGIN_AUTOLOAD=1 archcheck rules --format markdown
and paste the output between the `rules-table` markers in README.md (tests/test_readme_table.py checks it).
"""

from __future__ import annotations

from archcheck.plugins import PluginSet
from archcheck.scoring import builtin_profiles

START_MARKER = "<!-- rules-table:start -->"
END_MARKER = "<!-- rules-table:end -->"


def area_order(plugins: PluginSet) -> list[str]:
    """Areas in the default profile's order (the checklist's), then any others alphabetically."""
    preferred = [a.upper() for a in builtin_profiles().get("default", {}).get("weights", {})]
    present = {r.area for r in plugins.rules}
    return [a for a in preferred if a in present] + sorted(present - set(preferred))


def areas_markdown(plugins: PluginSet) -> str:
    """| code | 领域 | area | rules | points | — one row per area that has rules, plus a total row."""
    lines = [
        "| 代码 Code | 领域 | Area | 规则数 Rules | 分值 Points |",
        "|---|---|---|---:|---:|",
    ]
    total_rules, total_points = 0, 0.0
    for area in area_order(plugins):
        rules = [r for r in plugins.rules if r.area == area]
        name = plugins.areas.get(area)
        points = sum(r.points for r in rules)
        total_rules, total_points = total_rules + len(rules), total_points + points
        lines.append(f"| {area} | {name.zh if name else area} | {name.en if name else area} | {len(rules)} | {points:g} |")
    lines.append(f"| | 合计 | Total | {total_rules} | {total_points:g} |")
    return "\n".join(lines)
