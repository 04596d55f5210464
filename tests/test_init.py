"""`archcheck init`: a commented template that lists every choice, refuses to be checked until it is
filled in, keeps event sections commented out, follows `--as-of`; and never clobbers a file."""

import json
import re

import yaml

from archcheck.enums import enum_fields
from archcheck.loaders.unit import load_unit, read_document
from archcheck.schemas import unit_schema
from archcheck.commands.init_template import EVENTS, PLACEHOLDER


def filled_in(text, name="某县某镇人民政府档案室"):
    """The template as a user who knows only the unit's name leaves it: name given, every other
    placeholder line deleted ("不知道的整行删除")."""
    text = text.replace(f'name: "{PLACEHOLDER}"', f'name: "{name}"', 1)
    return "\n".join(line for line in text.splitlines() if PLACEHOLDER not in line) + "\n"


def test_unedited_template_is_refused_naming_each_placeholder(cli, tmp_path):
    path = tmp_path / "unit.yaml"
    result = cli("init", path)
    assert result.exit_code == 0 and path.exists()
    left = json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), ensure_ascii=False).count(PLACEHOLDER)
    assert f"模板中有 {left} 处" in result.stderr
    checked = cli("check", path)
    assert checked.exit_code == 2 and "Traceback" not in checked.stderr
    assert f"{path}:/unit/name: 模板占位符" in checked.stderr and f"共有 {left} 处" in checked.stderr


def test_template_with_unknown_lines_deleted_validates_and_checks(cli, tmp_path):
    path = tmp_path / "unit.yaml"
    cli("init", path)
    path.write_text(filled_in(path.read_text(encoding="utf-8")), encoding="utf-8")
    document = load_unit(path, unit_schema())  # raises on any schema violation
    assert document["schema_version"] == "1" and document["unit"] == {"name": "某县某镇人民政府档案室"}
    report = json.loads(cli("check", path, "--format", "json", "--fail-on", "never").stdout)["units"][0]
    outcomes = {o["rule"]: o["outcome"] for o in report["summary"]} if isinstance(report.get("summary"), list) else {}
    outcomes = outcomes or {o["rule"]: o["outcome"] for o in report["outcomes"]}
    assert "pass" not in outcomes.values()  # nothing in an empty template can be evidence of compliance
    assert outcomes["RET006"] == "not_applicable"  # no destruction invented (it is a must-pass item)


def test_template_comments_come_from_the_schema_and_list_every_choice(cli):
    text = cli("init").stdout
    schema = unit_schema()
    assert "# 单位基本情况：档案室所属单位的基本情况。" in text
    floor = schema["properties"]["rooms"]["items"]["properties"]["floor"]
    assert f"    # {floor['title']}：{floor['description'].split(' / ')[0]}" in text
    assert "# 取值：机关（agency）；乡镇（township）；事业单位（institution）；企业（enterprise）" in text
    comments = "\n".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
    for field in enum_fields(schema):
        if field.path.startswith("/extensions"):
            continue
        for code, label in field.labels.items():
            assert re.search(rf"{re.escape(label.zh)}(（| \[){re.escape(code)}(）|\])", comments), (field.path, code)
    # paths to other files are left commented out: a template cannot name a file that exists
    document = yaml.safe_load(text)
    assert "csv" not in document["climate_log"] and "# csv:" in text


def test_event_sections_are_commented_out(cli):
    text = cli("init").stdout
    document = yaml.safe_load(text)
    for path in EVENTS:
        node = document
        for part in path.strip("/").split("/"):
            node = node.get(part) if isinstance(node, dict) else None
        assert node is None, path
    for key in ("destructions", "loans", "handovers", "reorganisations"):
        assert re.search(rf"^\s*# {key}:$", text, re.M), key
    assert re.search(r"^# construction_projects:$", text, re.M)


def test_defaults_follow_as_of(cli):
    text = cli("init", "--as-of", "2021-03-31").stdout
    assert yaml.safe_load(text)["as_of"] == "2021-03-31"
    assert "如 2020）" in text and "不晚于自查日期 2021-03-31" in text
    assert "2025" not in text and "2026" not in text


def test_stdout_forms_are_the_same(cli):
    assert cli("init").stdout.splitlines()[3:] == cli("init", "-").stdout.splitlines()[3:]


def test_refuses_to_overwrite_without_force(cli, tmp_path):
    path = tmp_path / "unit.yaml"
    path.write_text("keep me", encoding="utf-8")
    refused = cli("init", path)
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert path.read_text(encoding="utf-8") == "keep me"
    assert cli("init", path, "--force").exit_code == 0
    assert read_document(path)["schema_version"] == "1"


def test_unwritable_target_is_an_input_error(cli, tmp_path):
    result = cli("init", tmp_path / "missing-dir" / "unit.yaml")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
