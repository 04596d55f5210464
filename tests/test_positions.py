"""Line and column of every value in a unit description, for reports that locate findings by line (SARIF)."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path
from typing import Any, Iterator

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archcheck.loaders.document import read_located_document
from archcheck.loaders.unit import load_located_unit
from archcheck.pointer import escape, resolve
from archcheck.schemas import unit_schema
from conftest import POOR, SEED


def members(data: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """(pointer, key or index) of every member and item, in document order."""
    if isinstance(data, dict):
        for key, value in data.items():
            child = f"{pointer}/{escape(key)}"
            yield child, key
            yield from members(value, child)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            child = f"{pointer}/{index}"
            yield child, index
            yield from members(value, child)


def text_at(text: str, position: tuple[int, int]) -> str:
    """The text from a position on; lines end at \n, \r\n or \r only (not at U+0085 or U+2028, as in
    editors and on GitHub)."""
    line, column = position
    return re.split(r"\r\n|\r|\n", text)[line - 1][column - 1:]


def located(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_located_document(path)


def test_seed_yaml_keys_and_items_are_found_where_they_are_written():
    data, positions = read_located_document(SEED)
    text = SEED.read_text(encoding="utf-8")
    assert text_at(text, positions.locate("/unit/name")).startswith("name: 广西大明山")
    regulation = text_at(text, positions.locate("/regulations/3"))
    assert regulation.startswith("{") and data["regulations"][3]["title"] in regulation
    for pointer, key in members(data):
        found = text_at(text, positions.locate(pointer))
        assert found.startswith(key) if isinstance(key, str) else found, pointer


def test_json_members_point_at_their_keys_and_items_at_their_first_character():
    data, positions = read_located_document(POOR)
    text = POOR.read_text(encoding="utf-8")
    for pointer, key in members(data):
        found = text_at(text, positions.locate(pointer))
        if isinstance(key, str):
            assert found.startswith(json.dumps(key, ensure_ascii=False)), pointer
        else:
            assert found[0] == json.dumps(resolve(data, pointer), ensure_ascii=False)[0], pointer


def test_a_missing_field_is_located_at_the_object_that_lacks_it(tmp_path):
    _, positions = located(tmp_path, "u.yaml", "as_of: 2025-06-30\nunit:\n  name: 某单位\n  kind: 机关\n")
    assert positions.locate("/unit/staff/0/certificate") == (2, 1)
    assert positions.locate("/unit/kind") == (4, 3)
    assert positions.locate("") == positions.locate("/") == (1, 1)


def test_escaped_keys_and_crlf_lines(tmp_path):
    text = '{\r\n  "a/b": {"c~d": [1, {"e": null}]},\r\n  "中文": "值"\r\n}\r\n'
    _, positions = located(tmp_path, "u.json", text)
    assert positions.locate("/a~1b") == (2, 3)
    assert positions.locate("/a~1b/c~0d") == (2, 11)
    assert positions.locate("/a~1b/c~0d/1/e") == (2, 23)
    assert positions.locate("/中文") == (3, 3)


def test_only_newlines_end_lines_not_unicode_separators(tmp_path):
    """libyaml breaks lines at U+0085/U+2028 too; editors and GitHub do not."""
    text = 'a: 档案室\nb: "中\u2028文"\nc: \'z\u0085w\'\nd: 1\n'
    _, positions = located(tmp_path, "u.yaml", text)
    assert [positions.locate(p) for p in ("/a", "/b", "/c", "/d")] == [(1, 1), (2, 1), (3, 1), (4, 1)]
    _, positions = located(tmp_path, "u.json", '{"b": "中\u2028文\u0085",\n "d": 1}')
    assert positions.locate("/d") == (2, 2)


def test_positions_survive_the_trip_to_a_worker_process_and_back():
    _, positions = read_located_document(SEED)
    before = pickle.loads(pickle.dumps(positions)).locate("/funding/years/1")
    assert before == positions.locate("/funding/years/1")
    assert pickle.loads(pickle.dumps(positions)).locate("/funding/years/1") == before  # after the map was built


def test_the_unit_loader_hands_positions_with_the_validated_unit():
    unit, positions = load_located_unit(SEED, unit_schema())
    assert unit["unit"]["name"].startswith("广西大明山")
    assert positions.locate("/as_of")[1] == 1


_keys = st.text(alphabet=st.sampled_from("abcxyz_档案室/~ \"\\é"), min_size=1, max_size=6)
_yaml_keys = st.text(alphabet=st.sampled_from("abcxyz_档案室"), min_size=1, max_size=6)
_scalars = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=8)


def _documents(keys: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
                        max_leaves=25)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=_documents(_keys), indent=st.sampled_from([None, 0, 1, 2, 4]), ascii_only=st.booleans())
def test_json_positions_for_any_document(tmp_path, document, indent, ascii_only):
    text = json.dumps(document, indent=indent, ensure_ascii=ascii_only)
    _, positions = located(tmp_path, "u.json", text)
    seen = []
    for pointer, key in members(document):
        position = positions.map[pointer]
        found = text_at(text, position)
        expected = json.dumps(key, ensure_ascii=ascii_only) if isinstance(key, str) else json.dumps(
            resolve(document, pointer), ensure_ascii=ascii_only)[0]
        assert found.startswith(expected), (pointer, position)
        seen.append(position)
    assert seen == sorted(seen) and len(set(seen)) == len(seen)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=_documents(_yaml_keys), flow=st.sampled_from([False, True, None]))
def test_yaml_positions_for_any_document(tmp_path, document, flow):
    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=flow, sort_keys=False, width=1000)
    _, positions = located(tmp_path, "u.yaml", text)
    seen = []
    for pointer, key in members(document):
        position = positions.map[pointer]
        if isinstance(key, str):
            assert text_at(text, position).startswith(key), (pointer, position, text)
        seen.append(position)
    assert seen == sorted(seen)  # an item that is a block mapping starts where its first key does
