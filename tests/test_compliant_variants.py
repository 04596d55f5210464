"""Compliant units described in other legitimate ways give no `fail` from `archcheck check` (the false-failure
classes of the unit checks): a township that zones its rooms, a unit without enforcement duty, a unit whose
pre-2006 records keep 长期/短期, a unit with volume-held years, and a unit whose archivist started this year."""

from __future__ import annotations

import json

import pytest

from conftest import UNITS

VARIANTS = {
    "township-zones.json": ("FAC001", "pass"),          # office, reading and processing are zones of one room
    "no-enforcement-duty.json": ("FUN003", "not_applicable"),
    "legacy-codes.json": ("RET002", "pass"),            # 长期/短期 on records up to 2006
    "volume-years.json": ("FIL006", "pass"),            # 2001–2015 held in volumes
    "new-archivist.json": ("STA004", "not_applicable"),  # appointed 2025-03-01: no complete year in post yet
}


def check(cli, path, tmp_path):
    out = tmp_path / "report.json"
    result = cli("check", path, "--format", "json", "-o", out, "--fail-on", "never")
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))["units"][0]


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_a_compliant_variant_gives_no_fail(cli, tmp_path, name):
    unit = check(cli, UNITS / name, tmp_path)
    outcomes = {o["rule"]: o["outcome"] for o in unit["outcomes"]}
    assert [rule for rule, outcome in outcomes.items() if outcome == "fail"] == []
    assert [rule for rule, outcome in outcomes.items() if outcome == "no_evidence"] == []  # and nothing left unevidenced
    rule, expected = VARIANTS[name]
    assert outcomes[rule] == expected
    assert unit["score"]["total"] == 100.0


def test_the_variants_show_what_they_claim_to():
    zones = json.loads((UNITS / "township-zones.json").read_text(encoding="utf-8"))
    assert zones["unit"]["kind"] == "township" and not [r for r in zones["rooms"] if r["kind"] in ("reading", "processing")]
    assert any(r.get("shares_space_with") for r in zones["rooms"])
    legacy = json.loads((UNITS / "legacy-codes.json").read_text(encoding="utf-8"))
    assert "长期" in legacy["retention"]["codes_in_use"]
    volumes = json.loads((UNITS / "volume-years.json").read_text(encoding="utf-8"))
    assert [y for y in volumes["holdings"]["by_year"] if y["items"] == 0 and y["volumes"] > 0]
    archivist = json.loads((UNITS / "new-archivist.json").read_text(encoding="utf-8"))
    assert all(a["appointed"].startswith(archivist["as_of"][:4]) for a in archivist["staff"]["archivists"])
    duty = json.loads((UNITS / "no-enforcement-duty.json").read_text(encoding="utf-8"))
    assert duty["unit"]["has_enforcement_duty"] is False and "enforcement_funding_in_budget" not in duty["funding"]
