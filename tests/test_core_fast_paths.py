"""The core's fast paths give the answers of the slow ones they stand in for."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archcheck.baseline import _canonical_json
from archcheck.errors import InputError
from archcheck.loaders.document import MAX_DEPTH, _explain_shape, check_shape
from archcheck.pointer import join


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

    from archcheck.audit.unit_files import check_units
    from archcheck.reporters.jsonreport import render_json, report_to_dict
    from archcheck.session import Session

    units = sorted(Path(__file__).resolve().parents[1].joinpath("fixtures", "units").glob("*.json"))
    report = check_units(units, Session.open(units, {}).audit)
    assert json.loads(render_json(report)) == report_to_dict(report)
