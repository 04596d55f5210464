"""PRO rules: the nine protections pass only on listed evidence; fire, agent and upkeep rules."""

import pytest

from archcheck.model import Outcome
from conftest import make_unit, run_rule

STORE = [{"id": "store", "kind": "store", "area_m2": 60}, {"id": "office", "kind": "office", "area_m2": 20}]
ALL_CLAIMS = {"claims": ["fire", "theft", "light", "damp", "heat", "dust", "insects", "rodents", "pollution"]}


def unit_with(equipment=None, measures=None, claims=True, rooms=STORE, **more):
    sections = {"rooms": rooms, **more}
    if equipment is not None:
        sections["equipment"] = equipment
    protection = dict(ALL_CLAIMS) if claims else {}
    if measures is not None:
        protection["measures"] = measures
    if protection:
        sections["protection"] = protection
    return make_unit(**sections)


def kit(*kinds, **fields):
    return [{"kind": k, "room": "store", **fields} for k in kinds]


# (rule, equipment that passes, measures that pass)
NINE = [
    ("PRO001", kit("extinguisher"), [{"kind": "no_open_flame"}]),
    ("PRO002", kit("anti_theft_door", "guard_bars"), []),
    ("PRO003", kit("uv_film"), []),
    ("PRO004", [{"kind": "air_conditioner", "room": "store", "functions": ["dehumidify"]}, *kit("thermo_hygrometer")], []),
    ("PRO005", [{"kind": "air_conditioner", "room": "store", "functions": ["cool"]}], []),
    ("PRO006", [], [{"kind": "regular_cleaning"}]),
    ("PRO007", kit("mould_inhibitor"), [{"kind": "repellent_replaced", "last_done": "2025-03-01"}]),
    ("PRO008", kit("rodent_trap"), []),
    ("PRO009", [], [{"kind": "away_from_pollution"}]),
]


@pytest.mark.parametrize("rule, equipment, measures", NINE)
def test_each_protection_passes_on_evidence(rule, equipment, measures):
    assert run_rule(rule, unit_with(equipment, measures)).outcome is Outcome.PASS


@pytest.mark.parametrize("rule, equipment, measures", NINE)
def test_a_claim_without_evidence_fails_and_says_so(rule, equipment, measures):
    result = run_rule(rule, unit_with(kit("computer"), [{"kind": "other"}]))
    assert result.outcome is Outcome.FAIL and result.deducted == 2
    assert result.findings[0].message.zh.startswith("声称达到九防")
    assert result.findings[0].evidence["claimed"] is True


@pytest.mark.parametrize("rule, equipment, measures", NINE)
def test_silence_is_no_evidence(rule, equipment, measures):
    result = run_rule(rule, unit_with())
    assert result.outcome is Outcome.NO_EVIDENCE and result.deducted == 2


def test_unclaimed_missing_protection_reads_plainly():
    result = run_rule("PRO008", unit_with(kit("computer"), claims=False))
    assert result.outcome is Outcome.FAIL and not result.findings[0].message.zh.startswith("声称")


def test_damp_needs_the_dehumidify_function_and_counts_zero_as_none():
    hygrometer = kit("thermo_hygrometer")
    cooling_only = [{"kind": "air_conditioner", "room": "store", "functions": ["cool"]}, *hygrometer]
    result = run_rule("PRO004", unit_with(cooling_only))
    assert result.outcome is Outcome.FAIL and result.deducted == 1  # half: dehumidifying missing
    assert run_rule("PRO004", unit_with([{"kind": "dehumidifier", "room": "store", "count": 0}, *hygrometer])).outcome is Outcome.FAIL
    assert run_rule("PRO004", unit_with([{"kind": "dehumidifier", "room": "store"}, *hygrometer])).outcome is Outcome.PASS


def test_equipment_in_another_room_or_expired_does_not_count():
    assert run_rule("PRO008", unit_with([{"kind": "rodent_trap", "room": "office"}])).outcome is Outcome.FAIL
    assert run_rule("PRO008", unit_with([{"kind": "rodent_trap"}])).outcome is Outcome.PASS  # no room: counts
    stale = [{"kind": "insect_repellent", "room": "store", "expires": "2025-01-01"}]
    result = run_rule("PRO007", unit_with(stale, [{"kind": "repellent_replaced", "last_done": "2025-03-01"}]))
    assert result.outcome is Outcome.FAIL and result.deducted == 1


def test_theft_needs_door_and_windows():
    result = run_rule("PRO002", unit_with(kit("anti_theft_door")))
    assert result.outcome is Outcome.FAIL and result.deducted == 1


def test_insect_repellent_replacement_interval_is_a_parameter():
    old = [{"kind": "repellent_replaced", "last_done": "2024-01-15"}]
    assert run_rule("PRO007", unit_with(kit("insect_repellent"), old)).outcome is Outcome.FAIL
    assert run_rule("PRO007", unit_with(kit("insect_repellent"), old), replaced_within_months=18).outcome is Outcome.PASS


# --- GB 50140 extinguishers ------------------------------------------------------------------------

def extinguishers(count=2, rating=3, **fields):
    return [{"kind": "extinguisher", "room": "store", "count": count, "rating_a": rating, **fields}]


def test_pro010_passes_with_two_3a_extinguishers_for_60_m2():
    assert run_rule("PRO010", unit_with(extinguishers())).outcome is Outcome.PASS


def test_pro010_one_extinguisher_fails_the_count():
    result = run_rule("PRO010", unit_with(extinguishers(count=1)))
    assert result.outcome is Outcome.FAIL
    assert "6.1.1" in result.findings[0].message.zh and result.findings[0].evidence["extinguishers"] == 1


def test_pro010_rating_per_unit_and_total_depend_on_hazard_class():
    two_2a = extinguishers(rating=2)
    assert run_rule("PRO010", unit_with(two_2a)).outcome is Outcome.FAIL  # severe needs 3A each
    medium = [{**STORE[0], "hazard_class": "medium"}]
    assert run_rule("PRO010", unit_with(two_2a, rooms=medium)).outcome is Outcome.PASS
    assert run_rule("PRO010", unit_with(two_2a), default_hazard_class="medium").outcome is Outcome.PASS
    big = [{"id": "store", "kind": "store", "area_m2": 400}]  # severe: 400/50 = 8A > 2 × 3A
    result = run_rule("PRO010", unit_with(extinguishers(), rooms=big))
    assert result.outcome is Outcome.FAIL and result.findings[0].evidence["required_rating_a"] == 8


def test_pro010_rates_abc_powder_from_its_charge_when_rating_is_missing():
    powder = [{"kind": "extinguisher", "room": "store", "count": 2, "agent": "abc_powder", "capacity_kg": 5}]
    assert run_rule("PRO010", unit_with(powder)).outcome is Outcome.PASS
    powder[0]["capacity_kg"] = 4
    assert run_rule("PRO010", unit_with(powder)).outcome is Outcome.FAIL


def test_pro010_no_evidence():
    assert run_rule("PRO010", unit_with()).outcome is Outcome.NO_EVIDENCE
    assert run_rule("PRO010", make_unit(equipment=extinguishers())).outcome is Outcome.NO_EVIDENCE  # no store room
    unrated = [{"kind": "extinguisher", "room": "store", "count": 2}]
    assert run_rule("PRO010", unit_with(unrated)).outcome is Outcome.NO_EVIDENCE


def test_pro011_agent_is_advisory():
    clean = run_rule("PRO011", unit_with(extinguishers(agent="clean_agent")))
    assert clean.outcome is Outcome.PASS and clean.rule.points == 0
    powder = run_rule("PRO011", unit_with(extinguishers(agent="abc_powder")))
    assert powder.outcome is Outcome.FAIL and powder.rule.severity.value == "info"
    assert run_rule("PRO011", unit_with(extinguishers())).outcome is Outcome.NO_EVIDENCE
    assert run_rule("PRO011", unit_with(kit("computer"))).outcome is Outcome.NOT_APPLICABLE


@pytest.mark.parametrize("rule, passing", [("PRO012", "water_mist_system"), ("PRO013", "fire_alarm"), ("PRO014", "fire_door_class_a")])
def test_fixed_fire_equipment(rule, passing):
    assert run_rule(rule, unit_with(kit(passing))).outcome is Outcome.PASS
    assert run_rule(rule, unit_with(kit("extinguisher"))).outcome is Outcome.FAIL
    assert run_rule(rule, unit_with()).outcome is Outcome.NO_EVIDENCE


def test_pro013_smoke_detectors_alone_cost_half():
    result = run_rule("PRO013", unit_with(kit("smoke_detector")))
    assert result.outcome is Outcome.FAIL and result.deducted == 1


# --- upkeep ----------------------------------------------------------------------------------------

def test_pro016_expiry():
    assert run_rule("PRO016", unit_with(extinguishers(expires="2026-01-01"))).outcome is Outcome.PASS
    result = run_rule("PRO016", unit_with(extinguishers(expires="2025-01-01") + kit("insect_repellent", expires="2026-01-01")))
    assert result.outcome is Outcome.FAIL and result.deducted == 1
    assert run_rule("PRO016", unit_with(extinguishers())).outcome is Outcome.NO_EVIDENCE
    assert run_rule("PRO016", unit_with(kit("computer"))).outcome is Outcome.NOT_APPLICABLE


def test_pro017_inspection_interval():
    assert run_rule("PRO017", unit_with(extinguishers(last_inspected="2025-01-10"))).outcome is Outcome.PASS
    old = unit_with(extinguishers(last_inspected="2024-03-01"))
    assert run_rule("PRO017", old).outcome is Outcome.FAIL
    assert run_rule("PRO017", old, inspected_within_months=18).outcome is Outcome.PASS
    assert run_rule("PRO017", unit_with(extinguishers())).outcome is Outcome.NO_EVIDENCE
    assert run_rule("PRO017", unit_with(kit("curtains"))).outcome is Outcome.NOT_APPLICABLE


def test_pro010_unknown_hazard_class_parameter_is_reported_not_guessed():
    result = run_rule("PRO010", unit_with(extinguishers()), default_hazard_class="bogus")
    assert result.outcome is Outcome.ERROR and "bogus" in result.reason.en


def light(windows, *kinds):
    rooms = [{"id": "store", "kind": "store", "area_m2": 60, **({} if windows is None else {"windows": windows})}]
    return unit_with(kit(*kinds), claims=False, rooms=rooms)


@pytest.mark.parametrize("windows, kinds, outcome", [
    (True, ("low_uv_lighting",), Outcome.FAIL),             # lamps do nothing against daylight through bare windows
    (True, ("low_uv_lighting", "curtains"), Outcome.PASS),
    (True, ("uv_film",), Outcome.PASS),
    (False, ("low_uv_lighting",), Outcome.PASS),            # a windowless store: the lamps are the light protection
    (None, ("low_uv_lighting",), Outcome.NO_EVIDENCE),      # windows not described: the inspector would ask
    (None, ("curtains",), Outcome.PASS),
    (True, ("computer",), Outcome.FAIL),
])
def test_pro003_low_uv_lamps_alone_do_not_satisfy_light_protection_when_the_windows_have_no_curtains(windows, kinds, outcome):
    result = run_rule("PRO003", light(windows, *kinds))
    assert result.outcome is outcome
    if windows is True and kinds == ("low_uv_lighting",):
        assert "挡不住日光" in result.findings[0].message.zh


def test_pro010_k_factor_is_an_explicit_parameter():
    big = [{"id": "store", "kind": "store", "area_m2": 400}]
    eight = unit_with(extinguishers(count=2, rating=4), rooms=big)  # 8A for 400 m²: K = 1 needs 8A
    assert run_rule("PRO010", eight).outcome is Outcome.PASS
    short = unit_with(extinguishers(count=2, rating=3), rooms=big)  # 6A
    result = run_rule("PRO010", short)
    assert result.outcome is Outcome.FAIL and result.findings[-1].evidence["k_factor"] == 1.0
    assert result.findings[-1].evidence["required_rating_a"] == 8.0
    # a site with hydrants and a fixed system may use the smaller K of table 7.3.2 (its values unconfirmed: set by the unit)
    assert run_rule("PRO010", short, k_factor=0.7).outcome is Outcome.PASS
    assert run_rule("PRO010", short, k_factor=0).outcome is Outcome.ERROR
    assert "k_factor" in run_rule("PRO010", short).rule.params


def swing_unit(readings, equipment=({"kind": "air_conditioner", "room": "store", "functions": ["cool"]},)):
    return make_unit(rooms=[{"id": "store", "kind": "store"}], equipment=list(equipment), climate_log={"readings": readings})


def two_readings(day, first, second):
    return [{"at": f"{day} 09:00", "room": "store", "temperature_c": first[0], "humidity_pct": first[1]},
            {"at": f"{day} 15:00", "room": "store", "temperature_c": second[0], "humidity_pct": second[1]}]


def test_pro018_daily_swing_is_checked_where_the_store_is_equipped():
    steady = two_readings("2025-06-30", (19.0, 50), (21.0, 54)) + two_readings("2025-06-29", (20.0, 52), (20.5, 53))
    assert run_rule("PRO018", swing_unit(steady)).outcome is Outcome.PASS
    # 15 → 23.5 °C in a day: in range (14–24) all day, yet an equipped store may swing ±2 °C only
    swinging = two_readings("2025-06-30", (15.0, 50), (23.5, 54)) + two_readings("2025-06-29", (20.0, 52), (20.5, 53))
    result = run_rule("PRO018", swing_unit(swinging))
    assert result.outcome is Outcome.FAIL and result.deducted == 1.0  # 1 of the 2 judged days
    assert run_rule("PRO015", swing_unit(swinging), window_days=2).outcome is Outcome.PASS  # the range rule alone misses it
    humid = two_readings("2025-06-30", (20.0, 46), (20.5, 58))
    assert run_rule("PRO018", swing_unit(humid)).outcome is Outcome.FAIL  # ±6 % RH
    assert run_rule("PRO018", swing_unit(humid), swing_pct=6).outcome is Outcome.PASS


def test_pro018_a_store_without_climate_equipment_is_not_held_to_the_swing_limit():
    swinging = two_readings("2025-06-30", (15.0, 50), (23.5, 54))
    result = run_rule("PRO018", swing_unit(swinging, equipment=({"kind": "fan", "room": "store"},)))
    assert result.outcome is Outcome.NOT_APPLICABLE and "有设备的库房" in result.reason.zh
    assert run_rule("PRO018", swing_unit([])).outcome is Outcome.NO_EVIDENCE


@pytest.mark.parametrize("hygrometers, outcome", [
    ([{"room": "store", "placement": "inside_store"}, {"placement": "outside_store"}], Outcome.PASS),
    ([{"room": "store"}, {"room": "office"}], Outcome.PASS),       # the room says where it hangs
    ([{"room": "store"}], Outcome.FAIL),                           # nothing outside to compare with
    ([{"room": "office"}], Outcome.FAIL),                          # nothing in the store itself
])
def test_pro019_thermo_hygrometers_inside_and_outside_the_store(hygrometers, outcome):
    equipment = [{"kind": "thermo_hygrometer", **h} for h in hygrometers]
    result = run_rule("PRO019", unit_with(equipment))
    assert result.outcome is outcome
    if outcome is Outcome.FAIL:
        assert result.deducted == 0.5
    assert run_rule("PRO019", unit_with()).outcome is Outcome.NO_EVIDENCE
