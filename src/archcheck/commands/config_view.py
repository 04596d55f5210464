"""`archcheck config`: every configuration key's effective value and where it came from."""

from __future__ import annotations

import json
from typing import Any

from archcheck.config import CLI, Config, describe
from archcheck.model import Text

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
