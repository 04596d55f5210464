"""`archcheck rules` and `archcheck explain`: every rule's code, why, example and fix."""

from __future__ import annotations

import json


from archcheck.errors import InputError, Problem, did_you_mean
from archcheck.model import Basis, Rule, Text
from archcheck.plugins import PluginSet
from archcheck.tables import tabulate

H = {
    "id": Text("编号", "Id"), "area": Text("领域", "Area"), "severity": Text("严重程度", "Severity"),
    "points": Text("分值", "Points"), "title": Text("规则", "Rule"), "basis": Text("依据", "Basis"),
    "kind": Text("依据类型", "Basis kind"), "plugin": Text("插件", "Plugin"),
    "why": Text("为什么", "Why"), "example": Text("符合要求的示例", "Example that passes"),
    "violation": Text("不符合的示例", "Example that fails"), "fix": Text("整改建议", "How to fix"),
    "params": Text("可配置阈值（--param 规则.参数=值）", "Configurable thresholds (--param RULE.KEY=VALUE)"),
    "in_force": Text("施行日期", "In force from"), "until": Text("被取代日期", "Replaced on"),
    "unknown": Text("未核实", "unconfirmed"), "clause": Text("条款说明", "About the clause"),
    "earlier": Text("此前（自查日期早于施行日期时引用）", "Before that (cited when the audit date is earlier)"),
    "none_earlier": Text("此前无同一要求：自查日期早于 {d} 时本规则不适用", "No earlier document imposed it: the rule is not applicable before {d}"),
}
KIND = {
    "direct": Text("条款直接规定", "stated by the clause"),
    "principle": Text("由原则性条款推导", "derived from a principle clause"),
    "configurable": Text("可配置阈值（各地标准不一或出处未确认）", "configurable threshold (varies locally or source unconfirmed)"),
}


def _basis_dict(basis: Basis) -> dict:
    """A basis as `archcheck rules --format json` lists it: the report's keys, plus the clause detail and
    the predecessors (newest first)."""
    data = basis.to_dict()
    if basis.until is not None:
        data["until"] = basis.until.isoformat()
    if basis.detail:
        data["detail"] = basis.detail
    if basis.earlier is not None:
        data["earlier"] = _basis_dict(basis.earlier)
    return data


def rule_to_dict(rule: Rule) -> dict:
    return {
        "id": rule.id, "area": rule.area, "title": rule.title.to_dict(), "severity": rule.severity.value,
        "points": rule.points, "basis": _basis_dict(rule.basis), "remedy": rule.remedy.to_dict(),
        "rationale": rule.rationale.to_dict(), "example": rule.example.to_dict(),
        "violation": rule.violation.to_dict() if rule.violation else None, "params": dict(rule.params),
        "target": rule.target, "plugin": rule.plugin,
    }


def rules_table(plugins: PluginSet, fmt: str, lang: str) -> str:
    if fmt == "json":
        return json.dumps([rule_to_dict(r) for r in plugins.rules], ensure_ascii=False, indent=2)
    rows = [
        [r.id, r.area, r.severity.label.get(lang), f"{r.points:g}", r.title.get(lang), r.basis.cite(), r.basis.kind.value]
        for r in plugins.rules
    ]
    headers = [H[k].get(lang) for k in ("id", "area", "severity", "points", "title", "basis", "kind")]
    return tabulate(rows, headers=headers, tablefmt="simple")


def _basis_lines(basis: Basis, lang: str, indent: str) -> list[str]:
    """A basis's dates, what its clause says and, where the clause number is unconfirmed, where the text was found."""
    dates = f"{H['in_force'].get(lang)}: {basis.in_force.isoformat() if basis.in_force else H['unknown'].get(lang)}"
    if basis.until is not None:
        dates += f" · {H['until'].get(lang)}: {basis.until.isoformat()}"
    lines = [indent + dates]
    if basis.note:
        lines.append(indent + basis.note)
    if basis.detail:
        lines.append(f"{indent}{H['clause'].get(lang)}: {basis.detail}")
    return lines


def explain_rule(plugins: PluginSet, rule_id: str, lang: str) -> str:
    rule = plugins.rule(rule_id)
    if rule is None:
        close = did_you_mean(rule_id.upper(), [r.id for r in plugins.rules])
        raise InputError(
            [
                Problem(
                    rule_id, "",
                    Text("没有这条规则{hint}", "no such rule{hint}").format(hint=f" ({close}?)" if close else ""),
                )
            ]
        )
    area = plugins.areas.get(rule.area, Text(rule.area, rule.area)).get(lang)
    lines = [
        f"{rule.id}  {rule.title.get(lang)}",
        f"{H['area'].get(lang)}: {rule.area} {area} · {H['severity'].get(lang)}: {rule.severity.label.get(lang)}"
        f" · {H['points'].get(lang)}: {rule.points:g} · {H['plugin'].get(lang)}: {rule.plugin}",
        f"{H['basis'].get(lang)}: {rule.basis.cite()} ({KIND[rule.basis.kind.value].get(lang)})",
    ]
    lines += _basis_lines(rule.basis, lang, "  ")
    earlier = rule.basis.earlier
    while earlier is not None:
        lines.append(f"  {H['earlier'].get(lang)}: {earlier.cite()} ({KIND[earlier.kind.value].get(lang)})")
        lines += _basis_lines(earlier, lang, "    ")
        earlier = earlier.earlier
    first = rule.basis.first()
    if first.in_force is not None:
        lines.append("  " + H["none_earlier"].format(d=first.in_force.isoformat()).get(lang))
    lines += ["", f"{H['why'].get(lang)}:", "  " + rule.rationale.get(lang), "", f"{H['example'].get(lang)}:"]
    lines += ["  " + line for line in rule.example.get(lang).splitlines()]
    if rule.violation is not None:
        lines += ["", f"{H['violation'].get(lang)}:"]
        lines += ["  " + line for line in rule.violation.get(lang).splitlines()]
    lines += ["", f"{H['fix'].get(lang)}:", "  " + rule.remedy.get(lang)]
    if rule.params:
        lines += ["", f"{H['params'].get(lang)}:"]
        lines += [f"  {rule.id}.{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in rule.params.items()]
    return "\n".join(lines)
