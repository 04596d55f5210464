"""CAT009 reports each stretch of missing 件号 in a group once, at the next 件号 present: checked against
an oracle that walks the numbers one by one, on random sets of present 件号 in two groups."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.conftest import row, run, write_csv


def _missing_stretches(present: set[int]) -> list[tuple[int, int, int]]:
    """(first missing, last missing, next present) for every gap below the highest 件号 present."""
    out, item, top = [], 1, max(present)
    while item <= top:
        if item in present:
            item += 1
            continue
        first = item
        while item not in present:
            item += 1
        out.append((first, item - 1, item))
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(groups=st.lists(st.sets(st.integers(1, 120), min_size=1, max_size=80), min_size=1, max_size=2))
def test_each_gap_is_one_finding_naming_its_stretch(tmp_path, groups):
    rows = [row(item, org=org) for org, present in zip(("BGS", "RSK"), groups) for item in sorted(present)]
    report = run(write_csv(tmp_path / "gaps.csv", rows), rules=None, selection=None)
    (result,) = [r for r in report.results if r.rule.id == "CAT009"]
    got = sorted((f.evidence["group"], f.evidence["missing_from"], f.evidence["missing_to"], f.location.line)
                 for f in result.findings)
    lines = {(org, item): 2 + n for n, (org, item) in enumerate((o, i) for o, p in zip(("BGS", "RSK"), groups)
                                                                for i in sorted(p))}
    expected = sorted((f"Z109|2019|Y|{org}", first, last, lines[org, after])
                      for org, present in zip(("BGS", "RSK"), groups) for first, last, after in _missing_stretches(present))
    assert got == expected
