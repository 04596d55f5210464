"""`archcheck init`: a commented template that parses, validates and checks; never clobbers a file."""

import yaml

from archcheck.loaders.unit import load_unit, read_document
from archcheck.schemas import unit_schema


def test_template_validates_and_checks(cli, tmp_path):
    path = tmp_path / "unit.yaml"
    result = cli("init", path)
    assert result.exit_code == 0 and path.exists()
    document = load_unit(path, unit_schema())  # raises on any schema violation
    assert document["schema_version"] == "1"
    # it covers every top-level section of the schema users fill in
    described = set(unit_schema()["properties"]) - {"$schema", "extensions", "notes"}
    assert described <= set(document)
    assert cli("check", path, "--fail-on", "never").exit_code == 0
    assert cli("check", path).exit_code in (0, 1)


def test_template_comments_come_from_the_schema(cli):
    text = cli("init").output
    schema = unit_schema()
    assert "# 单位基本情况：档案室所属单位的基本情况。" in text
    floor = schema["properties"]["rooms"]["items"]["properties"]["floor"]
    assert f"    # {floor['title']}：{floor['description'].split(' / ')[0]}" in text
    # paths to other files are left commented out: a template cannot name a file that exists
    document = yaml.safe_load(text)
    assert "csv" not in document["climate_log"] and "# csv:" in text


def test_stdout_forms_are_the_same(cli):
    assert cli("init").output.splitlines()[3:] == cli("init", "-").output.splitlines()[3:]


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
