"""FAC rules: separation, the 13号令 art. 15 store area, siting, shelving, clutter, devices."""

import pytest

from archcheck.checkers.facilities import DEVICES
from archcheck.model import Outcome
from conftest import make_unit, run_rule

HUMID = {"name": "测试单位", "humid_region": True}


def store(**fields):
    return {"id": "store", "kind": "store", **fields}


def rooms(*kinds, **store_fields):
    return [store(**store_fields)] + [{"id": k, "kind": k} for k in kinds]


def test_fac001_three_way_separation():
    assert run_rule("FAC001", make_unit(rooms=rooms("office", "reading"))).outcome is Outcome.PASS
    no_reading = run_rule("FAC001", make_unit(rooms=rooms("office")))
    assert no_reading.outcome is Outcome.FAIL and no_reading.deducted == 1
    shared = run_rule("FAC001", make_unit(rooms=rooms("office", "reading", shares_space_with=["office"])))
    assert shared.outcome is Outcome.FAIL and shared.findings[0].location.pointer == "/rooms/0/shares_space_with"
    assert run_rule("FAC001", make_unit(rooms=[{"id": "o", "kind": "office"}, {"id": "r", "kind": "reading"}])).outcome is Outcome.FAIL
    assert run_rule("FAC001", make_unit()).outcome is Outcome.NO_EVIDENCE


ZONED = [store(), {"id": "office", "kind": "office", "shares_space_with": ["reading", "processing"]}]


@pytest.mark.parametrize("unit, outcome", [
    # 13号令 art. 14 ¶3: county-level bodies (and those below) may zone the rooms other than the store
    ({"name": "某镇人民政府", "kind": "township"}, Outcome.PASS),
    ({"name": "某县档案室", "admin_level": "county"}, Outcome.PASS),
    ({"name": "某县直单位", "receiving_archive_level": "county"}, Outcome.PASS),
    # … and so may bodies with few records, whatever their level
    ({"name": "某市小机关", "admin_level": "prefecture", "holdings": 1800}, Outcome.PASS),
    # a prefecture body with many records may not
    ({"name": "某市局", "admin_level": "prefecture", "holdings": 26000}, Outcome.FAIL),
    # neither level nor holdings said: the inspector would ask
    ({"name": "某单位"}, Outcome.NO_EVIDENCE),
])
def test_fac001_fac002_zones_where_the_clause_allows_them(unit, outcome):
    info = {k: v for k, v in unit.items() if k != "holdings"}
    holdings = {"holdings": {"volumes": unit["holdings"]}} if "holdings" in unit else {}
    described = make_unit(unit=info, rooms=ZONED, **holdings)
    assert run_rule("FAC001", described).outcome is outcome
    assert run_rule("FAC002", described).outcome is outcome


def test_fac001_the_zone_parameter_overrides_and_the_store_is_never_a_zone():
    township = make_unit(unit={"name": "某镇", "kind": "township"}, rooms=ZONED)
    assert run_rule("FAC001", township, zones_allowed=False).outcome is Outcome.FAIL
    assert run_rule("FAC001", make_unit(rooms=ZONED), zones_allowed=True).outcome is Outcome.PASS
    # the store itself may never be a zone, not even in a township
    in_office = [{"id": "office", "kind": "office", "shares_space_with": ["store"]}, {"id": "r", "kind": "reading"}]
    assert run_rule("FAC001", make_unit(unit={"name": "某镇", "kind": "township"}, rooms=in_office)).outcome is Outcome.FAIL
    assert run_rule("FAC001", make_unit(rooms=in_office), zones_allowed=True).outcome is Outcome.FAIL


def test_fac002_processing_room():
    assert run_rule("FAC002", make_unit(rooms=rooms("office", "reading", "processing"))).outcome is Outcome.PASS
    assert run_rule("FAC002", make_unit(rooms=rooms("office", "reading"))).outcome is Outcome.FAIL
    assert run_rule("FAC002", make_unit()).outcome is Outcome.NO_EVIDENCE


@pytest.mark.parametrize("volumes, items, area, outcome", [
    (1043, 9861, 17, Outcome.PASS),      # 2,029 volume-equivalents: under 2,500, so 15 m² suffice
    (1043, 9861, 14, Outcome.FAIL),      # below the 15 m² minimum
    (5000, 0, 30, Outcome.PASS),         # 5,000 volumes need exactly 30 m²
    (5000, 0, 29.9, Outcome.FAIL),
    (0, 50000, 30, Outcome.PASS),        # 50,000 items = 5,000 volumes
])
def test_fac003_store_area_formula(volumes, items, area, outcome):
    unit = make_unit(holdings={"volumes": volumes, "items": items}, rooms=rooms(area_m2=area))
    assert run_rule("FAC003", unit).outcome is outcome


def test_fac003_no_evidence():
    assert run_rule("FAC003", make_unit(rooms=rooms(area_m2=20))).outcome is Outcome.NO_EVIDENCE
    assert run_rule("FAC003", make_unit(holdings={"volumes": 10}, rooms=rooms())).outcome is Outcome.NO_EVIDENCE
    assert run_rule("FAC003", make_unit(holdings={"volumes": 10})).outcome is Outcome.NO_EVIDENCE


def test_fac004_growth_over_configurable_years():
    holdings = {"volumes": 800, "items": 30000, "annual_growth": {"items": 1500}}
    # (800 + 3000 + 150 × 15) × 60 / 10,000 = 36.3 m²
    assert run_rule("FAC004", make_unit(holdings=holdings, rooms=rooms(area_m2=36.3))).outcome is Outcome.PASS
    short = run_rule("FAC004", make_unit(holdings=holdings, rooms=rooms(area_m2=36)))
    assert short.outcome is Outcome.FAIL and short.findings[0].evidence["required_m2"] == 36.3
    assert run_rule("FAC004", make_unit(holdings=holdings, rooms=rooms(area_m2=36)), years=10).outcome is Outcome.PASS
    # the unit's own longer horizon wins over the default
    longer = {**holdings, "planned_years": 20}
    assert run_rule("FAC004", make_unit(holdings=longer, rooms=rooms(area_m2=36.3))).outcome is Outcome.FAIL


def test_fac004_growth_estimated_from_by_year():
    holdings = {"volumes": 0, "items": 10000, "by_year": [{"year": y, "items": 3000} for y in (2022, 2023, 2024)]}
    # (1000 + 300 × 15) × 0.006 = 33 m²
    assert run_rule("FAC004", make_unit(holdings=holdings, rooms=rooms(area_m2=33))).outcome is Outcome.PASS
    result = run_rule("FAC004", make_unit(holdings=holdings, rooms=rooms(area_m2=32)))
    assert result.outcome is Outcome.FAIL and result.findings[0].evidence["growth_source"] == "by_year"


def test_fac004_unknown_growth_reports_headroom_or_admission():
    seed_like = {"volumes": 1043, "items": 9861}
    silent = run_rule("FAC004", make_unit(holdings=seed_like, rooms=rooms(area_m2=17)))
    assert silent.outcome is Outcome.NO_EVIDENCE
    assert silent.findings[0].evidence["headroom_volumes"] == pytest.approx(2833.3 - 2029.1, abs=0.1)
    assert "余量" in silent.findings[0].message.zh
    admitted = run_rule("FAC004", make_unit(holdings=seed_like, rooms=rooms(area_m2=17, space_sufficient=False)))
    assert admitted.outcome is Outcome.FAIL and "自认" in admitted.findings[0].message.zh
    # a self-assessed "enough" is no evidence
    claimed = run_rule("FAC004", make_unit(holdings=seed_like, rooms=rooms(area_m2=17, space_sufficient=True)))
    assert claimed.outcome is Outcome.NO_EVIDENCE
    # too small for what is already held: growth cannot rescue it
    assert run_rule("FAC004", make_unit(holdings={"volumes": 5000}, rooms=rooms(area_m2=20))).outcome is Outcome.FAIL


@pytest.mark.parametrize("floor, floors, humid, outcome", [
    (2, 4, True, Outcome.PASS),
    (-1, 4, False, Outcome.FAIL),              # basement
    (4, 4, False, Outcome.FAIL),               # top floor
    (1, 4, True, Outcome.FAIL),                # ground floor, humid region
    (1, 4, False, Outcome.PASS),               # ground floor, dry region
    (1, 4, None, Outcome.NO_EVIDENCE),
    (2, None, True, Outcome.NO_EVIDENCE),      # top floor cannot be ruled out
    (None, 4, True, Outcome.NO_EVIDENCE),
])
def test_fac005_store_floor(floor, floors, humid, outcome):
    fields = {k: v for k, v in {"floor": floor, "building_floors": floors}.items() if v is not None}
    unit_info = {"name": "测试单位"} if humid is None else {"name": "测试单位", "humid_region": humid}
    assert run_rule("FAC005", make_unit(unit=unit_info, rooms=rooms(**fields))).outcome is outcome


def test_fac006_neighbours_and_sunlight():
    assert run_rule("FAC006", make_unit(rooms=rooms(adjacent_to=[], direct_sunlight=False))).outcome is Outcome.PASS
    toilet = run_rule("FAC006", make_unit(rooms=rooms(adjacent_to=["toilet"], direct_sunlight=False)))
    assert toilet.outcome is Outcome.FAIL and toilet.deducted == 1 and "卫生间" in toilet.findings[0].message.zh
    assert run_rule("FAC006", make_unit(rooms=rooms(adjacent_to=[], direct_sunlight=True))).outcome is Outcome.FAIL
    assert run_rule("FAC006", make_unit(rooms=rooms())).outcome is Outcome.NO_EVIDENCE
    assert run_rule("FAC006", make_unit()).outcome is Outcome.NO_EVIDENCE


def test_fac007_no_wooden_or_glass_cabinets():
    metal = [{"kind": "compact_shelving", "room": "store"}]
    assert run_rule("FAC007", make_unit(rooms=rooms(), equipment=metal)).outcome is Outcome.PASS
    wooden = run_rule("FAC007", make_unit(rooms=rooms(), equipment=metal + [{"kind": "wooden_cabinets", "count": 3, "room": "store"}]))
    assert wooden.outcome is Outcome.FAIL and wooden.findings[0].evidence == {"kind": "wooden_cabinets", "count": 3}
    # a glass-door bookcase in the office is not archive shelving in the store
    office = [{"kind": "glass_door_cabinets", "room": "office"}]
    assert run_rule("FAC007", make_unit(rooms=rooms("office"), equipment=metal + office)).outcome is Outcome.PASS
    assert run_rule("FAC007", make_unit(rooms=rooms(), equipment=[{"kind": "computer"}])).outcome is Outcome.NO_EVIDENCE


def test_fac008_kf87_gaps():
    assert run_rule("FAC008", make_unit(rooms=rooms(cabinet_wall_gap_cm=10, cabinet_aisle_cm=60))).outcome is Outcome.PASS
    tight = run_rule("FAC008", make_unit(rooms=rooms(cabinet_wall_gap_cm=5, cabinet_aisle_cm=60)))
    assert tight.outcome is Outcome.FAIL and tight.deducted == 0.5
    assert run_rule("FAC008", make_unit(rooms=rooms(cabinet_wall_gap_cm=5, cabinet_aisle_cm=60)), wall_gap_cm=5).outcome is Outcome.PASS
    assert run_rule("FAC008", make_unit(rooms=rooms())).outcome is Outcome.NO_EVIDENCE


def test_fac009_nothing_unrelated():
    assert run_rule("FAC009", make_unit(rooms=rooms(unrelated_items_stored=False))).outcome is Outcome.PASS
    assert run_rule("FAC009", make_unit(rooms=rooms(unrelated_items_stored=True))).outcome is Outcome.FAIL
    assert run_rule("FAC009", make_unit(rooms=rooms())).outcome is Outcome.NO_EVIDENCE


def test_fac010_basic_devices():
    full = [{"kind": k} for k in DEVICES]
    assert run_rule("FAC010", make_unit(equipment=full)).outcome is Outcome.PASS
    seed_like = run_rule("FAC010", make_unit(equipment=[{"kind": "computer"}, {"kind": "printer"}]))
    assert seed_like.outcome is Outcome.FAIL and seed_like.deducted == pytest.approx(2 * 6 / 7, abs=1e-3)
    assert run_rule("FAC010", make_unit(equipment=full[:1] + [{"kind": "copier", "count": 0}]), kinds=["computer", "copier"]).outcome is Outcome.FAIL
    assert run_rule("FAC010", make_unit(equipment=full[:1]), kinds=["computer"]).outcome is Outcome.PASS
    assert run_rule("FAC010", make_unit()).outcome is Outcome.NO_EVIDENCE


def test_fac011_water_pipes_through_the_store():
    assert run_rule("FAC011", make_unit(rooms=rooms(water_pipes=False))).outcome is Outcome.PASS
    piped = run_rule("FAC011", make_unit(rooms=rooms(water_pipes=True)))
    assert piped.outcome is Outcome.FAIL and piped.findings[0].location.pointer == "/rooms/0/water_pipes"
    measured = make_unit(rooms=rooms(), protection={"measures": [{"kind": "no_water_pipes"}]})
    assert run_rule("FAC011", measured).outcome is Outcome.PASS
    assert run_rule("FAC011", make_unit(rooms=rooms())).outcome is Outcome.NO_EVIDENCE
    assert run_rule("FAC011", make_unit(rooms=rooms())).basis.clause == ""  # the clause number is unconfirmed: document alone
