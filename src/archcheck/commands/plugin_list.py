"""`archcheck plugins`: every plugin found, where it comes from, whether it speaks our API, what it gave."""

from __future__ import annotations

import json
from typing import Any


from archcheck.hookspecs import API_VERSION
from archcheck.model import PluginInfo, PluginStatus, Text
from archcheck.plugins import PluginSet
from archcheck.tables import tabulate

H = {
    "name": Text("插件", "Plugin"), "dist": Text("发行包", "Distribution"), "version": Text("版本", "Version"),
    "api": Text("接口版本", "API"), "rules": Text("规则数", "Rules"), "status": Text("状态", "Status"),
    "note": Text("说明", "Note"),
    "core": Text("archcheck 插件接口版本：{v}", "archcheck plugin API version: {v}"),
    "errors": Text("加载问题", "Load problems"),
}


def compatible(info: PluginInfo) -> bool | None:
    """Whether the plugin speaks the core's API version; None when it was never imported (disabled)."""
    if not info.api:
        return None
    return API_VERSION in info.api


def plugin_to_dict(info: PluginInfo) -> dict[str, Any]:
    return {
        "name": info.name,
        "distribution": info.distribution,
        "version": info.version,
        "api": list(info.api),
        "compatible": compatible(info),
        "rules": info.rules,
        "status": info.status.value,
        "note": info.note.to_dict() if info.note else None,
    }


def plugins_listing(plugins: PluginSet, fmt: str, lang: str) -> str:
    if fmt == "json":
        document = {
            "api_version": API_VERSION,
            "plugins": [plugin_to_dict(i) for i in plugins.found],
            "load_errors": [e.to_dict() for e in plugins.load_errors],
        }
        return json.dumps(document, ensure_ascii=False, indent=2)
    rows = [
        [
            i.name, i.distribution, i.version, _api_cell(i), i.rules if i.status is PluginStatus.LOADED else "-",
            i.status.label.get(lang), _note(i, lang),
        ]
        for i in plugins.found
    ]
    headers = [H[k].get(lang) for k in ("name", "dist", "version", "api", "rules", "status", "note")]
    blocks = [H["core"].format(v=API_VERSION).get(lang), tabulate(rows, headers=headers, tablefmt="simple")]
    if plugins.load_errors:
        blocks.append(H["errors"].get(lang) + ":\n" + "\n".join("  ! " + e.get(lang) for e in plugins.load_errors))
    return "\n\n".join(blocks)


def _api_cell(info: PluginInfo) -> str:
    ok = compatible(info)
    if ok is None:
        return "-"
    return ",".join(map(str, info.api)) + (" ✓" if ok else " ✗")


def _note(info: PluginInfo, lang: str) -> str:
    """Load errors appear in full below the table; the table keeps a short reminder."""
    if info.note is None:
        return ""
    if info.status is PluginStatus.DISABLED:
        return info.note.get(lang)
    return Text("见下方加载问题", "see load problems below").get(lang)
