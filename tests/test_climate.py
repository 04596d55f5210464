"""PRO015 climate log: range, readings per day, the window, CSV input, and robustness (hypothesis)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from archcheck.model import Outcome
from conftest import make_unit, run_rule, write_unit

AS_OF = dt.date(2025, 6, 30)
ROOMS = [{"id": "store", "kind": "store"}, {"id": "office", "kind": "office"}]


def days_of_readings(days=30, temperature=20.0, humidity=50.0, per_day=2, room="store"):
    readings = []
    for n in range(days):
        day = AS_OF - dt.timedelta(days=n)
        for hour in range(per_day):
            readings.append({"at": f"{day} {9 + 6 * hour:02d}:00", "room": room, "temperature_c": temperature, "humidity_pct": humidity})
    return readings


def climate_unit(readings, **log):
    return make_unit(rooms=ROOMS, climate_log={"readings": readings, **log})


def test_thirty_good_days_pass():
    assert run_rule("PRO015", climate_unit(days_of_readings())).outcome is Outcome.PASS


def test_out_of_range_days_deduct_their_share():
    readings = days_of_readings()
    readings[0]["humidity_pct"] = 75  # 2025-06-30
    readings[4]["temperature_c"] = 26  # 2025-06-28
    result = run_rule("PRO015", climate_unit(readings))
    assert result.outcome is Outcome.FAIL
    assert result.findings[0].evidence["days_out_of_range"] == 2
    assert abs(result.deducted - 4 * 2 / 30) < 1e-3


def test_days_with_too_few_readings_count_as_bad():
    result = run_rule("PRO015", climate_unit(days_of_readings(per_day=1)))
    assert result.outcome is Outcome.FAIL and result.deducted == 4
    # a unit's own schedule below KF87's two a day does not lower the bar: it fails in itself
    own = run_rule("PRO015", climate_unit(days_of_readings(per_day=1), readings_per_day=1))
    assert own.outcome is Outcome.FAIL and own.findings[0].location.pointer == "/climate_log/readings_per_day"
    assert run_rule("PRO015", climate_unit(days_of_readings(per_day=3), readings_per_day=3)).outcome is Outcome.PASS
    only_ten = run_rule("PRO015", climate_unit(days_of_readings(days=10)))
    assert only_ten.findings[0].evidence["days_missing_readings"] == 20


def test_window_and_range_are_parameters():
    unit = climate_unit(days_of_readings(days=7))
    assert run_rule("PRO015", unit, window_days=7).outcome is Outcome.PASS
    assert run_rule("PRO015", climate_unit(days_of_readings(temperature=12)), temperature_min=10).outcome is Outcome.PASS


def test_readings_of_non_store_rooms_are_ignored():
    readings = days_of_readings() + days_of_readings(temperature=30, room="office")
    assert run_rule("PRO015", climate_unit(readings)).outcome is Outcome.PASS


def test_no_log_is_no_evidence():
    result = run_rule("PRO015", make_unit(rooms=ROOMS))
    assert result.outcome is Outcome.NO_EVIDENCE and result.deducted == 4


def write_csv(tmp_path, text, name="climate.csv", encoding="utf-8"):
    (tmp_path / name).write_text(text, encoding=encoding)
    return name


def csv_text(readings):
    rows = ["at,room,temperature_c,humidity_pct"] + [f"{r['at']},{r['room']},{r['temperature_c']},{r['humidity_pct']}" for r in readings]
    return "\n".join(rows) + "\n"


def test_csv_readings_relative_to_the_unit_file(tmp_path):
    name = write_csv(tmp_path, csv_text(days_of_readings()))
    unit = make_unit(rooms=ROOMS, climate_log={"csv": name})
    assert run_rule("PRO015", unit, base_dir=tmp_path).outcome is Outcome.PASS
    bad = days_of_readings()
    bad[0]["temperature_c"] = 30
    write_csv(tmp_path, csv_text(bad))
    result = run_rule("PRO015", unit, base_dir=tmp_path)
    assert result.outcome is Outcome.FAIL and result.findings[0].location.pointer == "climate.csv:2"


def test_csv_with_chinese_headers_in_gb18030(tmp_path):
    rows = ["时间,库房,温度,湿度"] + [f"{r['at']},{r['room']},{r['temperature_c']},{r['humidity_pct']}" for r in days_of_readings()]
    name = write_csv(tmp_path, "\n".join(rows), encoding="gb18030")
    unit = make_unit(rooms=ROOMS, climate_log={"csv": name})
    assert run_rule("PRO015", unit, base_dir=tmp_path).outcome is Outcome.PASS


def test_malformed_or_missing_csv_is_an_input_error_with_file_and_line(tmp_path, cli):
    write_csv(tmp_path, "at,room,temperature_c,humidity_pct\n2025-06-30 09:00,store,20,50\n2025-06-30 15:00,store,warm,50\n")
    unit_file = write_unit(tmp_path, make_unit(rooms=ROOMS, climate_log={"csv": "climate.csv"}))
    result = cli("check", unit_file)
    assert result.exit_code == 2
    assert "climate.csv:3:temperature_c" in result.output and "Traceback" not in result.output
    missing_file = write_unit(tmp_path, make_unit(rooms=ROOMS, climate_log={"csv": "nope.csv"}), name="other.json")
    result = cli("check", missing_file, "--lang", "en")
    assert result.exit_code == 2 and "nope.csv" in result.output and "not found" in result.output
    write_csv(tmp_path, "when,temp\n2025-06-30,20\n", name="header.csv")
    header = write_unit(tmp_path, make_unit(rooms=ROOMS, climate_log={"csv": "header.csv"}), name="header.json")
    result = cli("check", header)
    assert result.exit_code == 2 and "header.csv:1" in result.output


reading = st.fixed_dictionaries(
    {"at": st.dates(dt.date(2025, 5, 1), dt.date(2025, 7, 15)).map(str)},
    optional={
        "room": st.sampled_from(["store", "office", "elsewhere"]),
        "temperature_c": st.floats(-40, 60, allow_nan=False),
        "humidity_pct": st.floats(0, 100, allow_nan=False),
    },
)


@settings(max_examples=60, deadline=None)
@given(readings=st.lists(reading, max_size=80), per_day=st.integers(1, 4), window=st.integers(1, 60))
def test_random_readings_never_crash_and_deduction_stays_in_bounds(readings, per_day, window):
    result = run_rule("PRO015", climate_unit(readings, readings_per_day=per_day), window_days=window)
    assert result.outcome in (Outcome.PASS, Outcome.FAIL, Outcome.NO_EVIDENCE)
    assert 0 <= result.deducted <= result.rule.points
