"""The 案卷目录 batch registered in bulk (`VolumeRows._register_clean`) gives the findings of the row-by-row
registration, on random volume lists with the defects that push a batch off that path, cut into batches
small enough that a repeat can fall in another batch than its first."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archcheck.catalog import csv_blocks
from archcheck.checkers.volumes import rows
from catalog.test_volume_join import findings

VOLUMES = "档号,案卷号,案卷题名,年度,保管期限,页数,件数,起止日期\n"
#: how the 卷内 rows name their volume: by 档号, by 案卷号 alone, or by 全宗号 + 目录号 + 案卷号
INNER = {"code": "档号,顺序号,文号,责任者,题名,日期,页号\n", "number": "案卷号,顺序号,文号,责任者,题名,日期,页号\n",
         "scoped": "全宗号,目录号,案卷号,顺序号,文号,责任者,题名,日期,页号\n"}
#: what may be done to a volume's row: its 档号 repeated from an earlier row, not in the clean DA/T 13 form
#: (a space, lower case, a letter for its 案卷号, blank), the same 案卷号 under another 目录, a zero-padded
#: twin of another 档号 (`-01` beside `-1`), a 案卷号 column that disagrees, a bad 起止日期
EDITS = ("keep", "keep", "repeat", "spaced", "lower", "letter", "blank", "other_list", "padded", "number", "span")


@st.composite
def volume_lists(draw):
    edits = draw(st.lists(st.sampled_from(EDITS), min_size=1, max_size=14))
    join = draw(st.sampled_from(sorted(INNER)))
    volumes, inner, codes = VOLUMES, INNER[join], []
    for n, edit in enumerate(edits, 1):
        code, number, span = f"Z109-1-{n:03d}", n, "20050101-20051231"
        if edit == "repeat" and codes:
            code = draw(st.sampled_from(codes))
        elif edit == "spaced":
            code = f"Z109-1- {n:03d}"
        elif edit == "lower":
            code = f"z109-1-{n:03d}"
        elif edit == "letter":
            code = f"Z109-1-A{n:02d}"
        elif edit == "blank":
            code = ""
        elif edit == "other_list":
            code = f"Z109-2-{n:03d}"
        elif edit == "padded" and n > 1:
            code = f"Z109-1-{n - 1}"  # the previous row's 档号 in clean form is Z109-1-{n-1:03d}
        elif edit == "number":
            number = n + 50
        elif edit == "span":
            span = "20051231-20050101"
        codes.append(code)
        volumes += f"{code},{number},第{n}卷,2005,Y,2,1,{span}\n"
        named = {"code": f"{code}-1", "number": str(n), "scoped": f"Z109,{1 + n % 2},{n}"}[join]
        inner += f"{named},1,,县人民政府,关于第{n}卷的通知,20050315,1-2\n"
    return volumes, inner


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(pair=volume_lists(), block=st.sampled_from([64, 200, 1 << 18]))
def test_the_bulk_registration_gives_the_row_by_row_findings(cli, tmp_path, monkeypatch, pair, block):
    a, b = tmp_path / "案卷目录.csv", tmp_path / "卷内目录.csv"
    a.write_text(pair[0], encoding="utf-8")
    b.write_text(pair[1], encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(csv_blocks, "BLOCK", block)
        bulk = findings(cli, a, b)
        patch.setattr(rows.VolumeRows, "_register_clean", lambda self, *args: False)
        assert findings(cli, a, b) == bulk


def test_a_clean_volume_list_is_registered_in_bulk(cli, tmp_path, monkeypatch):
    """The property above says nothing if the bulk path is never taken: a clean list takes it."""
    a, b = tmp_path / "案卷目录.csv", tmp_path / "卷内目录.csv"
    a.write_text(VOLUMES + "".join(f"Z109-1-{n:03d},{n},第{n}卷,2005,Y,2,1,20050101-20051231\n" for n in range(1, 30)),
                 encoding="utf-8")
    b.write_text(INNER["code"] + "".join(f"Z109-1-{n:03d}-1,1,,县人民政府,通知,20050315,1-2\n" for n in range(1, 30)), encoding="utf-8")
    monkeypatch.setenv("ARCHCHECK_ISOLATION", "inline")  # the rules run in this process, where `taken` is
    taken = []
    real = rows.VolumeRows._register_clean
    monkeypatch.setattr(rows.VolumeRows, "_register_clean", lambda self, *args: taken.append(real(self, *args)) or taken[-1])
    assert findings(cli, a, b) == []
    assert taken and all(taken)
