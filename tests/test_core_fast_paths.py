"""The core's fast paths give the answers of the slow ones they stand in for."""

from __future__ import annotations

import math
import sys
from importlib.metadata import entry_points as metadata_entry_points
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archcheck.baseline import _canonical_json
from archcheck.entrypoints import _scan, entry_points
from archcheck.errors import InputError
from archcheck.loaders.document import MAX_DEPTH, _explain_shape, check_shape
from archcheck.pointer import join


def _described(eps):
    return sorted((e.name, e.value, e.dist.name, e.dist.version) for e in eps)


@pytest.mark.parametrize("group", ["archcheck", "console_scripts", "pytest11"])
def test_entry_points_match_importlib_metadata(group):
    assert _described(entry_points(group)) == _described(metadata_entry_points(group=group))


def _dist_info(folder: Path, name: str, version: str, entry_points_txt: str) -> None:
    info = folder / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nbody: x\n")
    (info / "entry_points.txt").write_text(entry_points_txt)


def test_first_distribution_of_a_name_wins_and_comments_are_skipped(tmp_path, monkeypatch):
    first, second = tmp_path / "a", tmp_path / "b"
    _dist_info(first, "demo-plugin", "1.0", "# a comment\n[zz_group]\n one = pkg.one:hook \n\n[other]\nx = y\n")
    _dist_info(second, "demo_plugin", "2.0", "[zz_group]\ntwo = pkg.two\n")
    monkeypatch.setattr(sys, "path", [str(first), str(second)])
    found = entry_points("zz_group")
    assert _described(found) == [("one", "pkg.one:hook", "demo-plugin", "1.0")]
    assert _described(found) == _described(metadata_entry_points(group="zz_group"))


def test_an_egg_info_is_left_to_importlib_metadata(tmp_path, monkeypatch):
    (tmp_path / "old.egg-info").mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert _scan("zz_group") is None
    assert entry_points("zz_group") == []


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3) | st.integers(), inner, max_size=4),
    max_leaves=20,
)


def _outcome(check, data):
    try:
        check(Path("u.json"), data)
    except InputError as error:
        return [(p.where, p.message.en) for p in error.problems]
    return None


@settings(max_examples=150, deadline=None)
@given(_json)
def test_quick_shape_check_agrees_with_the_explaining_walk(data):
    assert _outcome(check_shape, data) == _outcome(_explain_shape, data)


def test_quick_shape_check_refuses_depth_and_nan_with_their_place():
    deep: object = "x"
    for _ in range(MAX_DEPTH + 1):
        deep = [deep]
    assert "nesting is too deep" in _outcome(check_shape, {"a": deep})[0][1]
    assert _outcome(check_shape, {"a": [1, {"b": math.nan}]})[0][0] == "/a/1/b"


@given(st.lists(st.text(max_size=4) | st.integers(), max_size=5))
def test_pointer_join_escapes_as_rfc_6901(parts):
    expected = "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts) or "/"
    assert join(*parts) == expected


@given(_json.filter(lambda v: not isinstance(v, dict) or all(isinstance(k, str) for k in v)))
def test_canonical_json_is_json_dumps(value):
    import json

    try:
        expected = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    except (TypeError, ValueError) as error:
        with pytest.raises(type(error)):
            _canonical_json(value)
        return
    assert _canonical_json(value) == expected


def test_json_report_text_holds_exactly_the_report_dict():
    import json

    from archcheck.audit import check_units
    from archcheck.plugins import load_plugins
    from archcheck.reporters.jsonreport import render_json, report_to_dict
    from archcheck.run import prepare, run_config

    units = sorted(Path(__file__).resolve().parents[1].joinpath("fixtures", "units").glob("*.json"))
    plugins = load_plugins()
    settings, _ = prepare(run_config(units, {}), plugins)
    report = check_units(units, plugins, settings)
    assert json.loads(render_json(report)) == report_to_dict(report)
