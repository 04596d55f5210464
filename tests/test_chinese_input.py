"""Chinese-first input: names for codes, 是/否 for booleans, GB18030 files, Chinese hints for YAML slips."""

import json

from hypothesis import given, settings, strategies as st

from archcheck.enums import enum_fields, normalise
from archcheck.loaders.unit import load_unit
from archcheck.schemas import unit_schema
from conftest import SEED

SCHEMA = unit_schema()
FIELDS = {f.path: f for f in enum_fields(SCHEMA)}


def write(tmp_path, text, name="unit.yaml", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


HEAD = 'schema_version: "1"\nas_of: 2025-06-30\n'


def test_every_enum_has_chinese_names_for_all_codes():
    assert len(FIELDS) >= 20
    for field in FIELDS.values():
        for code, text in field.labels.items():
            assert text.zh != code and not text.zh.isascii(), (field.path, code)


def test_chinese_names_and_yes_no_are_read_as_codes_and_booleans(tmp_path, cli):
    path = write(tmp_path, HEAD + "unit:\n  name: 某乡人民政府\n  kind: 乡镇\n  humid_region: 是\n  has_enforcement_duty: 否\n"
                 "rooms:\n  - id: 库房\n    kind: 档案库房\n    adjacent_to: [卫生间, 用水房间]\n")
    unit = load_unit(path, SCHEMA)
    assert unit["unit"]["kind"] == "township" and unit["unit"]["humid_region"] is True
    assert unit["unit"]["has_enforcement_duty"] is False
    assert unit["rooms"][0]["kind"] == "store" and unit["rooms"][0]["adjacent_to"] == ["toilet", "water_room"]
    assert unit["rooms"][0]["id"] == "库房"  # a free string is never touched
    text = cli("check", path, "--format", "markdown", "--fail-on", "never").output
    assert "系乡镇" in text and "township" not in text


def test_a_wrong_name_lists_the_names_and_codes(tmp_path, cli):
    path = write(tmp_path, HEAD + "unit:\n  name: 某乡\n  kind: 乡政府\n")
    result = cli("check", path)
    assert result.exit_code == 2
    assert "/unit/kind" in result.stderr and "乡镇（township）" in result.stderr and "Traceback" not in result.stderr


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(FIELDS)), st.data())
def test_any_code_name_normalises_to_its_code(path, data):
    field = FIELDS[path]
    code = data.draw(st.sampled_from(sorted(field.labels)))
    name = field.labels[code].zh
    # the smallest document that reaches this field
    parts = path.strip("/").split("/")
    value = name
    for part in reversed(parts):
        if part.endswith("[]"):
            value = {part[:-2]: [value]}
        else:
            value = {part: value}
    result, replaced = normalise(value, SCHEMA)
    flat = json.dumps(result, ensure_ascii=False)
    assert json.dumps(code) in flat and replaced, (path, name)


def test_gb18030_saved_yaml_is_read(tmp_path):
    path = write(tmp_path, HEAD + "unit:\n  name: 某县档案馆\n  kind: 机关\n", encoding="gb18030")
    assert load_unit(path, SCHEMA)["unit"] == {"name": "某县档案馆", "kind": "agency"}


def test_undecodable_file_is_refused_with_a_line(tmp_path, cli):
    path = tmp_path / "bad.yaml"
    path.write_bytes(HEAD.encode() + b"unit:\n  name: \xff\xfe\xff\n")
    result = cli("check", path)
    assert result.exit_code == 2 and "bad.yaml:4:" in result.stderr and "第 4 行" in result.stderr


def test_common_yaml_slips_get_a_chinese_hint(tmp_path, cli):
    cases = {
        "unit：\n  name: 某乡\n": "中文冒号",
        "unit:\n\tname: 某乡\n": "Tab",
        "unit:\n  name:某乡\n  kind: township\n": "冒号后缺少空格",
        "unit:\n  name:某乡\n": "冒号后缺少空格",
    }
    for body, words in cases.items():
        result = cli("check", write(tmp_path, HEAD + body))
        assert result.exit_code == 2 and words in result.stderr, (body, result.stderr)


def test_seed_is_unchanged_by_normalisation():
    from archcheck.loaders.document import read_document

    document = read_document(SEED)
    assert normalise(document, SCHEMA) == (document, [])


def test_table_report_names_codes_in_chinese(cli):
    from conftest import POOR

    text = cli("check", POOR, "--fail-on", "never").stdout
    messages = [line.split("  (位置")[0] for line in text.splitlines() if line.startswith("    - ")]
    assert any("ABC干粉" in m for m in messages) and any(m.startswith("    - 灭火器") for m in messages)
    assert not any(code in m for m in messages for code in ("abc_powder", "extinguisher"))
