"""The 卷内 join proven per batch from the 顺序号 (`InnerRows._join_by_sequence`) gives the findings of the
careful row-by-row join, and numbering proven per batch (`rows.runs_continue`) those of the per-volume loops,
on random volume pairs with the defects that push a batch off those paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archcheck.catalog import csv_blocks
from archcheck.checkers.volumes import contents, rows

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "catalog" / "volumes"
VOLUMES = "档号,案卷号,案卷题名,年度,保管期限,页数,件数,起止日期\n"
INNER = "档号,顺序号,文号,责任者,题名,日期,页号\n"
#: what may be done to a 卷内 row: its 顺序号 (and the 件号 of its 档号) changed, its 档号 made its volume's
#: own, another volume's, a volume's that is not listed, a non-compare form, or a 件号 that disagrees
EDITS = ("keep", "seq", "own", "other", "orphan", "spaced", "tail", "restart", "continue")


@st.composite
def pairs(draw):
    counts = draw(st.lists(st.integers(1, 6), min_size=1, max_size=6))
    # mostly clean rows, as in a real export, so that whole batches take the proven paths and an edit stands out
    edits = draw(st.lists(st.sampled_from(("keep",) * 12 + EDITS), min_size=sum(counts), max_size=sum(counts)))
    volumes, inner, k, shift = VOLUMES, INNER, 0, 0
    for n, items in enumerate(counts, 1):
        code = f"Z109-1-{n:03d}"
        volumes += f"{code},{n},第{n}卷,2005,Y,{2 * items},{items},20050101-20051231\n"
        for seq in range(1, items + 1):
            edit, k = edits[k], k + 1
            shown, own = seq, f"{code}-{seq}"
            if edit == "seq":
                shown = seq + 1
                own = f"{code}-{shown}"
            elif edit == "own":
                own = code
            elif edit == "other":
                own = f"Z109-1-{n % len(counts) + 1:03d}-{seq}"
            elif edit == "orphan":
                own = f"Z109-9-{n:03d}-{seq}"
            elif edit == "spaced":
                own = f"{code} -{seq}"
            elif edit == "tail":
                own = f"{code}-{seq + 7}"
            elif edit == "restart":
                shown, own = 1, f"{code}-1"
            elif edit == "continue":
                shift = items
            if shift and edit != "continue":
                shown += shift
                own = f"{code}-{shown}"
            inner += f"{own},{shown},,县人民政府,关于第{seq}件的通知,20050{1 + seq % 3}15,{2 * seq - 1}-{2 * seq}\n"
        shift = 0
    if draw(st.booleans()):  # a listed volume whose 档号 is a 卷内 row's (its scope is the first volume's 档号)
        volumes += f"Z109-1-001-1,1,嵌套的卷,2005,Y,2,1,20050101-20051231\n"
    return volumes, inner


def findings(cli, *files):
    done = cli("catalog", *files, "--format", "json", "--as-of", "2026-12-01", "--fail-on", "never")
    assert done.exit_code == 0, done.output
    return json.loads(done.output)["units"][0]["findings"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(pair=pairs())
def test_the_proven_join_gives_the_careful_joins_findings(cli, tmp_path, monkeypatch, pair):
    a, b = tmp_path / "案卷目录.csv", tmp_path / "卷内目录.csv"
    a.write_text(pair[0], encoding="utf-8")
    b.write_text(pair[1], encoding="utf-8")
    fast = findings(cli, a, b)
    with monkeypatch.context() as patch:
        patch.setattr(rows.InnerRows, "_join_by_sequence", lambda self, batch, reg: False)
        careful = findings(cli, a, b)
    assert fast == careful


@pytest.mark.parametrize("case", sorted(json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))))
def test_the_proven_join_gives_the_careful_joins_findings_on_the_hand_written_exports(cli, monkeypatch, case):
    """The pinyin GB18030 pair and the workbook of fixtures/catalog/volumes/, as archive systems write them."""
    files = [FIXTURES / name for name in case.split("+")]
    fast = findings(cli, *files)
    with monkeypatch.context() as patch:
        patch.setattr(rows.InnerRows, "_join_by_sequence", lambda self, batch, reg: False)
        assert findings(cli, *files) == fast


def test_a_clean_pair_takes_the_proven_join(cli, tmp_path, monkeypatch):
    """The property above says nothing if the proven join is never taken: a clean pair takes it."""
    volumes = VOLUMES + "".join(f"Z109-1-{n:03d},{n},第{n}卷,2005,Y,6,3,20050101-20051231\n" for n in range(1, 40))
    inner = INNER + "".join(f"Z109-1-{n:03d}-{s},{s},,县人民政府,通知,2005011{s},{2 * s - 1}-{2 * s}\n"
                            for n in range(1, 40) for s in (1, 2, 3))
    a, b = tmp_path / "案卷目录.csv", tmp_path / "卷内目录.csv"
    a.write_text(volumes, encoding="utf-8")
    b.write_text(inner, encoding="utf-8")
    monkeypatch.setenv("ARCHCHECK_ISOLATION", "inline")  # the rules run in this process, where `taken` is
    taken = []
    real = rows.InnerRows._join_by_sequence
    monkeypatch.setattr(rows.InnerRows, "_join_by_sequence", lambda self, batch, reg: taken.append(real(self, batch, reg)) or taken[-1])
    assert findings(cli, a, b) == []
    assert taken and all(taken)


@pytest.mark.parametrize("twice", [False, True])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(pair=pairs(), block=st.sampled_from([90, 1 << 18]))
@example(pair=(VOLUMES + "".join(f"Z109-1-00{n},{n},第{n}卷,2005,Y,4,2,20050101-20051231\n" for n in (1, 2, 3)),
               INNER + "".join(f"Z109-1-00{n}-{s},{s},,县人民政府,通知,20050215,{2 * s - 1}-{2 * s}\n" for n in (1, 2, 3) for s in (1, 2))),
         block=1 << 18)  # a clean pair: with `twice`, only the repeat keeps the batch off the proven path
def test_numbering_proven_per_batch_gives_the_per_volume_findings(cli, tmp_path, monkeypatch, pair, block, twice):
    """`rows.runs_continue` and `InnerRows.counts_on` (顺序号 and 页号 settled for a whole batch at once) against the per-volume loops of
    VOL006 and VOL007; `twice` lists the first volume's first row again at the end: a second run of that
    volume that starts at 顺序号 1 and page 1 again, which only the per-volume loops see as a repeat."""
    volumes, inner = pair
    if twice:
        inner += inner.splitlines(keepends=True)[1]
    a, b = tmp_path / "案卷目录.csv", tmp_path / "卷内目录.csv"
    a.write_text(volumes, encoding="utf-8")
    b.write_text(inner, encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(csv_blocks, "BLOCK", block)
        fast = findings(cli, a, b)
        patch.setattr(contents, "runs_continue", lambda *args: False)
        patch.setattr(rows.InnerRows, "_join_by_sequence", lambda self, batch, reg: False)  # nor counting on by the join
        assert findings(cli, a, b) == fast
