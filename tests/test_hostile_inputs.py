"""Hostile or broken input files through the CLI: exit 2, one clear message naming the file and where, no traceback."""

import json
import subprocess
import sys

import pytest

from conftest import make_unit

UNIT = make_unit()
UNIT_TEXT = json.dumps(UNIT, ensure_ascii=False)


def _json(text: str) -> bytes:
    return text.encode("utf-8")


# (file name, content, text every message must contain after "<file>", language en)
CASES = {
    "invalid_json": ("unit.json", _json('{"schema_version": '), ":1:20: JSON syntax error: a value was expected here"),
    "missing_colon": ("unit.json", _json('{"schema_version": "1",\n "as_of" "2025-06-30"}'), ":2:10: JSON syntax error: a ':' was expected here"),
    "wrong_type": ("unit.json", _json(json.dumps(make_unit(holdings={"items": "many"}))), ':/holdings/items: expected integer, got "many"'),
    "deep_nesting": ("unit.json", _json("[" * 100_000 + "]" * 100_000), ": nesting is too deep (more than 64 levels)"),
    "deep_inside_unit": ("unit.json", _json(UNIT_TEXT[:-1] + ', "extensions": {"x": ' + "[" * 200 + "]" * 200 + "}}"), ":/extensions/x/0/0/0"),
    "huge_array": ("unit.json", _json(json.dumps(make_unit(equipment=[{"kind": "fan"}] * 20_001))), ":/equipment: array has 20001 items, more than the 20000 limit"),
    "nan": ("unit.json", _json(UNIT_TEXT[:-1] + ',\n"holdings": {"items": NaN}}'), ":2:23: NaN is not allowed"),
    "infinity": ("unit.json", _json(UNIT_TEXT[:-1] + ', "holdings": {"items": -Infinity}}'), "-Infinity is not allowed"),
    "yaml_nan": ("unit.yaml", _json("schema_version: '1'\nas_of: 2025-06-30\nunit: {name: x}\nholdings: {items: .nan}\n"), ":/holdings/items: number nan is not allowed"),
    "utf16": ("unit.json", UNIT_TEXT.encode("utf-16"), ": file is UTF-16 or binary; save it as UTF-8 text"),
    "utf16_without_bom": ("unit.json", UNIT_TEXT.encode("utf-16-le"), ": file is UTF-16 or binary"),
    "binary_junk": ("unit.json", bytes(range(256)) * 4, ": file is UTF-16 or binary"),
    "latin1": ("unit.json", '{"unit": {"name": "café"}}'.encode("latin-1"), ":1:23: line 1 is neither UTF-8 nor GB18030 text"),
    "empty": ("unit.json", b"", ": file is empty"),
    "blank_yaml": ("unit.yaml", b"  \n\n", ": file is empty"),
    "yaml_syntax": ("unit.yaml", _json("schema_version: '1'\nunit:\n  name: [x\n  kind: agency\n"), ":4:7: YAML syntax error"),
    "duplicate_json_key": ("unit.json", _json(UNIT_TEXT[:-2] + ', "name": "again"}}'), ':/unit: field "name" appears twice'),
    "duplicate_yaml_key": ("unit.yaml", _json("schema_version: '1'\nas_of: 2025-06-30\nunit: {name: x}\nunit: {name: y}\n"), ":4:1: YAML syntax error: duplicate key 'unit'"),
    "yaml_python_tag": ("unit.yaml", _json("schema_version: !!python/object:os.system 'echo'\n"), ":1:17: YAML syntax error"),
    "top_level_array": ("unit.json", _json(f"[{UNIT_TEXT}]"), ":/: the top level must be an object"),
    "yaml_integer_key": ("unit.yaml", _json("schema_version: '1'\nas_of: 2025-06-30\nunit: {name: x}\n2024: 1\n"), ":/: field name 2024 must be a string"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_exits_2_with_one_clear_message(cli, tmp_path, name):
    filename, content, expected = CASES[name]
    path = tmp_path / filename
    path.write_bytes(content)
    result = cli("check", path, "--lang", "en")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(str(path)) and expected in lines[0], lines[0]
    assert "Traceback" not in result.output + result.stderr
    assert path.read_bytes() == content  # never writes to its input


def test_messages_are_chinese_by_default(cli, tmp_path):
    path = tmp_path / "unit.json"
    path.write_bytes(b"")
    result = cli("check", path)
    assert result.exit_code == 2 and result.stderr.strip() == f"{path}: 文件为空"


def test_missing_file(cli, tmp_path):
    path = tmp_path / "nowhere.yaml"
    result = cli("check", path, "--lang", "en")
    assert result.exit_code == 2 and result.stderr.strip() == f"{path}: file not found"


def test_utf8_bom_is_read_correctly(cli, tmp_path):
    path = tmp_path / "unit.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(make_unit(unit={"name": "记事本单位"}), ensure_ascii=False).encode("utf-8"))
    result = cli("check", path, "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["units"][0]["name"] == "记事本单位"


def test_yaml_unquoted_date_is_the_string_date(cli, tmp_path):
    path = tmp_path / "unit.yaml"
    path.write_text("schema_version: '1'\nas_of: 2025-06-30\nunit: {name: 日期单位}\nfiling:\n  scope_table: {exists: true, approved: true, approved_on: 2021-05-20}\n",
                    encoding="utf-8")
    result = cli("check", path, "--format", "json", "--fail-on", "never", "--select", "FIL001")
    assert result.exit_code == 0, result.stderr
    unit = json.loads(result.stdout)["units"][0]
    assert unit["as_of"] == "2025-06-30"
    assert {o["rule"]: o["outcome"] for o in unit["outcomes"]}["FIL001"] == "pass"


def test_one_bad_file_among_good_ones_is_named_and_the_others_still_checked(cli, tmp_path):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(UNIT_TEXT, encoding="utf-8")
    bad.write_text("{", encoding="utf-8")
    result = cli("check", good, bad, "--lang", "en", "--format", "json", "--fail-on", "never")
    assert result.exit_code == 2
    assert [u["source"] for u in json.loads(result.stdout)["units"]] == [str(good)]
    assert f"{bad}:1:2: JSON syntax error" in result.stderr and "Traceback" not in result.stderr


def test_hostile_input_through_a_real_process(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "archcheck", "check", str(path), "--lang", "en"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"{path}: nesting is too deep (more than 64 levels)"
    assert proc.stdout == "" and "Traceback" not in proc.stderr
