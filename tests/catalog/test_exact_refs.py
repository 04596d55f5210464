"""The 档号 view proves stretches of exact, consecutive 档号 with one joined text each instead of cutting
every row: whatever the column holds, every catalogue rule must find what the row-by-row reading finds."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archcheck.catalog import batch as batch_module
from catalog.conftest import row, run, write_csv

#: what a row's 档号 and 件号 may become: the usual exact form, or one of the ways real exports go wrong
EDITS = st.sampled_from(["exact", "exact", "exact", "exact", "repeat", "skip", "back", "zero", "unpadded", "lower",
                         "dot", "blank", "spaces", "newgroup", "dat13", "item-column", "long"])


def _rows(edits: list[str], start: int) -> list[list[str]]:
    rows, item, year = [], start, 2019
    for edit in edits:
        item = {"repeat": item, "back": max(1, item - 3), "skip": item + 2}.get(edit, item + 1)
        if edit == "newgroup":
            year, item = year + 1, 1
        cells = row(item, year=year)
        ref = cells[1]
        if edit == "zero":
            ref = ref[:-4] + "0000"
        elif edit == "unpadded":
            ref = ref[:-5] + f"-{item}"
        elif edit == "lower":
            ref = ref.lower()
        elif edit == "dot":
            ref = ref.replace("·", ".")
        elif edit == "blank":
            ref = ""
        elif edit == "spaces":
            ref = " " + ref + " "
        elif edit == "dat13":
            ref = ref.replace("-Y-", "·Y·")
        elif edit == "long":
            ref = ref[:-5] + f"-{9990 + item % 20:04d}"
        elif edit == "item-column":
            cells[6] = f"{item + 1:04d}"
        elif edit == "both-unpadded":  # the 件号 column follows its 档号
            ref, cells[6] = ref[:-5] + f"-{item}", str(item)
        elif edit == "both-zero":
            ref, cells[6] = ref[:-4] + "0000", "0000"
        elif edit == "both-letter":  # "-00a1": five characters like "-NNNN", but not digits
            ref, cells[6] = ref[:-2] + "a" + ref[-1], cells[6][:2] + "a" + cells[6][-1]
        cells[1] = ref
        rows.append(cells)
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(EDITS, min_size=1, max_size=60), start=st.sampled_from([0, 1, 7, 9985]),
       order=st.sampled_from(["as made", "reversed", "interleaved"]), lead=st.sampled_from([0, 40, 100]))
def test_exact_stretches_find_what_reading_row_by_row_finds(tmp_path, monkeypatch, edits, start, order, lead):
    rows = _rows(["exact"] * lead + edits + ["exact"] * lead, start)  # long clean runs around the edits are proven in halves
    if order == "reversed":
        rows.reverse()
    elif order == "interleaved":  # another order than the 档号's (by date, say): groups alternate row by row
        rows = [r for pair in zip(rows, _rows(edits, start + 100)) for r in pair]
    path = write_csv(tmp_path / "refs.csv", rows)
    proven = _outcome(path)
    with monkeypatch.context() as patch:  # (the fixture outlives each example: undo the patch every time)
        patch.setattr(batch_module, "_exact_stretches", lambda col, numbers, parts: [(0, len(col), None, 0)])
        row_by_row = _outcome(path)
    assert row_by_row == proven


def _outcome(path):
    """Every rule's outcome and findings, the score and the record stats of one run."""
    unit = run(path)
    return ([(r.rule.id, r.outcome, list(r.findings), r.deducted, r.count) for r in unit.results], unit.score, unit.stats)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(EDITS | st.sampled_from(["both-unpadded", "both-zero", "both-letter"]), min_size=1, max_size=40),
       start=st.sampled_from([0, 1, 9985]),
       order=st.sampled_from(["as made", "reversed"]))
def test_item_numbers_settled_by_the_ref_view_find_what_reading_the_cells_finds(tmp_path, monkeypatch, edits, start, order):
    """CAT008 skips a batch whose 件号 cells join like its 档号's "-NNNN" suffixes: it must find what reading
    each cell finds, repeats, gaps and out-of-order rows included (the 档号 view is then not all exact)."""
    rows = _rows(["exact"] * 20 + edits + ["exact"] * 20, start)
    if order == "reversed":
        rows.reverse()
    path = write_csv(tmp_path / "items.csv", rows)
    settled = _outcome(path)
    with monkeypatch.context() as patch:
        patch.setattr(batch_module.RecordBatch, "items_padded", property(lambda self: False))
        cell_by_cell = _outcome(path)
    assert cell_by_cell == settled
