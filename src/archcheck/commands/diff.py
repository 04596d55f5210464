"""Compare two JSON reports: which findings were fixed, which are new, which are still open, and scores.

Findings are matched by the baseline's fingerprint (baseline.py: rule + location without list indices
+ normalised evidence), so reordering, rewording or a change of language does not make a finding look fixed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any, Mapping

from archcheck.tables import tabulate

from archcheck.baseline import fingerprint
from archcheck.errors import InputError, Problem
from archcheck.model import Finding, Location, Text
from archcheck.pointer import escape
from archcheck.reporters.sanitize import terminal_text, unicode_text

LOCATION_KEYS = ("file", "pointer", "line", "column", "sheet")


def entry_fingerprint(unit: str, entry: Mapping[str, Any]) -> str:
    """The baseline fingerprint of one `units[].findings` entry of a JSON report."""
    where = entry.get("location") if isinstance(entry.get("location"), dict) else {}
    location = Location(**{k: where[k] for k in LOCATION_KEYS if k in where})
    evidence = entry.get("evidence") if isinstance(entry.get("evidence"), dict) else {}
    return fingerprint(unit, Finding(str(entry.get("rule", "")), Text("", ""), location, evidence))


def load_report(path: Path) -> dict[str, Any]:
    """A report written by `archcheck check --format json`, or a clear error naming the file and JSON path.

    The report is checked against its schema (`archcheck schema report`) before it is compared, so
    a damaged or hand-edited file (findings `[null, 1]`, a score that is a string) is an input error.
    """
    from archcheck.files import read_json

    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("units"), list):
        raise InputError([Problem(str(path), "/units", Text("不是 archcheck 的 JSON 报告（缺少 units 列表）", "not an archcheck JSON report (no units list)"))])
    deep = _too_deep(data)
    if deep is not None:
        raise InputError([Problem(str(path), deep, Text("嵌套层级过深（超过 {n} 层）", "nesting is too deep (more than {n} levels)").format(n=MAX_DEPTH))])
    from archcheck.loaders.unit import validate
    from archcheck.schemas import schema

    validate(path, data, _report_schema(schema))
    return data


#: deeper than any report (evidence is a few levels at most); fingerprints walk it recursively
MAX_DEPTH = 64
_SCHEMA: list[Any] = []


def _report_schema(load: Any) -> Any:
    """The report schema, one object per process (the validator compiled for it is cached by identity)."""
    if not _SCHEMA:
        _SCHEMA.append(load("report"))
    return _SCHEMA[0]


def _too_deep(data: Any) -> str | None:
    """The JSON Pointer of the first value nested deeper than MAX_DEPTH, or None."""
    stack: list[tuple[Any, int, str]] = [(data, 0, "")]
    while stack:
        node, depth, where = stack.pop()
        if depth > MAX_DEPTH:
            return where
        if isinstance(node, dict):
            stack.extend((v, depth + 1, f"{where}/{escape(str(k))}") for k, v in node.items() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((v, depth + 1, f"{where}/{i}") for i, v in enumerate(node) if isinstance(v, (dict, list)))
    return None


def _summary(key: str, entry: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "fingerprint": key,
        "rule": entry.get("rule"), "area": entry.get("area"), "severity": entry.get("severity"),
        "message": entry.get("message"), "location": entry.get("location"),
    }


def compare_unit(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """Findings as multisets of fingerprints: a problem reported twice must be fixed twice.

    Both sides are fingerprinted under the new unit's name, so renaming a unit does not "fix" it.
    """
    name = str(new.get("name", old.get("name", "")))
    before: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    after: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for entry in old["findings"]:
        before[entry_fingerprint(name, entry)].append(entry)
    for entry in new["findings"]:
        after[entry_fingerprint(name, entry)].append(entry)
    fixed, added, still = [], [], []
    for key in dict.fromkeys([*before, *after]):
        old_list, new_list = before.get(key, []), after.get(key, [])
        common = min(len(old_list), len(new_list))
        still += [_summary(key, e) for e in new_list[:common]]
        fixed += [_summary(key, e) for e in old_list[common:]]
        added += [_summary(key, e) for e in new_list[common:]]
    old_areas, new_areas = old["score"].get("areas", {}), new["score"].get("areas", {})
    areas = []
    for area in dict.fromkeys([*old_areas, *new_areas]):
        a, b = old_areas.get(area, {}).get("score"), new_areas.get(area, {}).get("score")
        areas.append({"area": area, "old": a, "new": b, "change": round(b - a, 2) if a is not None and b is not None else None})
    total_a, total_b = old["score"].get("total"), new["score"].get("total")
    return {
        "name": name,
        "score": {"old": total_a, "new": total_b,
                  "change": round(total_b - total_a, 2) if isinstance(total_a, (int, float)) and isinstance(total_b, (int, float)) else None},
        "grade": {"old": old["score"].get("grade"), "new": new["score"].get("grade")},
        "areas": areas, "fixed": fixed, "new": added, "open": still,
    }


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """Units are matched by name; with one unit on each side they are compared whatever their names."""
    if len(old["units"]) == 1 and len(new["units"]) == 1:
        pairs = [(old["units"][0], new["units"][0])]
        removed, added = [], []
    else:
        olds = {u.get("name"): u for u in old["units"]}
        news = {u.get("name"): u for u in new["units"]}
        pairs = [(olds[n], news[n]) for n in news if n in olds]
        removed = [n for n in olds if n not in news]
        added = [n for n in news if n not in olds]
    return {
        "same_ruleset": old.get("ruleset") == new.get("ruleset"),
        "units": [compare_unit(a, b) for a, b in pairs],
        "removed_units": removed, "added_units": added,
    }


L = {
    "unit": Text("{name}：总分 {old} → {new}（{change}）", "{name}: total {old} → {new} ({change})"),
    "area": Text("领域", "Area"), "old": Text("原得分", "Before"), "new": Text("现得分", "After"), "change": Text("变化", "Change"),
    "fixed": Text("已整改", "Fixed"), "added": Text("新增问题", "New"), "open": Text("仍未整改", "Still open"),
    "ruleset": Text("注意：两次检查使用的规则集不同，比较结果可能包含规则变化带来的差异。",
                    "Note: the two runs used different rule sets; some differences may come from rule changes."),
    "removed_units": Text("仅见于旧报告的单位：{names}", "Units only in the old report: {names}"),
    "added_units": Text("仅见于新报告的单位：{names}", "Units only in the new report: {names}"),
}


def _signed(value: Any) -> str:
    return "-" if value is None else f"{value:+g}"


def render_diff_table(result: Mapping[str, Any], lang: str) -> str:
    lines: list[str] = []
    if not result["same_ruleset"]:
        lines += [L["ruleset"].get(lang), ""]
    for unit in result["units"]:
        s = unit["score"]
        lines.append(L["unit"].format(name=unit["name"], old=s["old"], new=s["new"], change=_signed(s["change"])).get(lang))
        rows = [[a["area"], "-" if a["old"] is None else a["old"], "-" if a["new"] is None else a["new"], _signed(a["change"])] for a in unit["areas"]]
        lines += ["", tabulate(rows, headers=[L[k].get(lang) for k in ("area", "old", "new", "change")], tablefmt="simple", disable_numparse=True)]
        for key, label in (("fixed", "fixed"), ("new", "added"), ("open", "open")):
            lines += ["", f"== {L[label].get(lang)} ({len(unit[key])}) =="]
            for f in unit[key]:
                message = (f.get("message") or {}).get(lang, "") if isinstance(f.get("message"), dict) else str(f.get("message"))
                where = (f.get("location") or {}).get("pointer", "")
                lines.append(f"  {f['rule']} {message}  ({where})")
        lines.append("")
    for key in ("removed_units", "added_units"):
        if result[key]:
            lines.append(L[key].format(names=", ".join(map(str, result[key]))).get(lang))
    return terminal_text("\n".join(lines).rstrip() + "\n")


def render_diff_json(result: Mapping[str, Any]) -> str:
    return unicode_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
