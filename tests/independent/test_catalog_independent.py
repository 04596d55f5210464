"""Independent measurement of `archcheck catalog`: one injected defect -> exactly one finding, none elsewhere.

THESE TESTS DOCUMENT ISSUE 11 ("Catalogue verdicts you can trust on real exports") AND MANY OF THEM FAIL
ON THE CODE AS IT STANDS. That is their purpose: they are neither skipped nor xfailed, and each failure
names a defect kind, the export shape and what the CLI reported instead. They turn green as issue 11 is done.

The material comes from tests/independent/catalog_gen.py, written from DA/T 22—2015 and from the shapes
real archive systems export (pinyin column names, GB18030, title rows, merged headers, 机构 names, JSON
documents), without reading archcheck's catalogue code. The expected rule of each kind (EXPECTED below)
was derived from `archcheck explain CATnnn`; kinds no current rule covers name the rule issue 11 asks for.

Per-kind numbers: `.venv/bin/python tests/independent/report.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

import catalog_gen as gen
from independent_harness import EXISTING_RULES, ONCE, OK_SKIPPED, Run, archcheck_exe, run_catalog, score, short


@dataclass(frozen=True)
class Expect:
    rules: tuple[str, ...] | None   # acceptable rule ids (exactly one finding of one of them);
    #                                 () = a new rule, recognised by the defect's column; None = no finding
    status: str
    why: str                        # what `archcheck explain` says (or what issue 11 asks)


# kind -> expected rule. "existing": a current rule covers it; "new rule expected": issue 11 asks for it.
EXPECTED: dict[str, Expect] = {
    "ref_fonds_mismatch": Expect(("CAT006",), "existing", "CAT006: 档号 disagrees with the item's own fields"),
    "ref_year_mismatch": Expect(("CAT006",), "existing", "CAT006 (example: 档号 …-2019-… but 年度 2018)"),
    "ref_org_mismatch": Expect(("CAT006",), "existing", "CAT006; neighbours get no gap/order findings (issue 11)"),
    "ref_term_mismatch": Expect(("CAT006",), "existing", "CAT006"),
    "duplicate_ref": Expect(("CAT007",), "existing", "CAT007 duplicate 档号; CAT016 must not repeat it (issue 11)"),
    "item_gap": Expect(("CAT009",), "existing", "CAT009 gap, reported at the row after the gap"),
    "item_not_padded": Expect(("CAT008",), "existing", "CAT008: 0026 right, 26 wrong"),
    "item_zero": Expect(("CAT008", "CAT009"), "existing rules, extended by issue 11",
                        "件号 starts at 0001 (DA/T 22 §5.4.3 e); issue 11: 件号 0000 is invalid"),
    "bad_date": Expect(("CAT012",), "existing", "CAT012: 20190230 is not a real date"),
    "date_words": Expect(("CAT013",), "existing", "CAT013: 二〇一九年三月五日 -> 20190305 suggested"),
    "date_with_time": Expect(("CAT012", "CAT013"), "existing; issue 11 asks for the 8-digit suggestion",
                             "CAT012 suggests a fix for 2019-03-05; a time part must get one too"),
    "date_outside_year": Expect(("CAT014",), "existing (advisory)", "CAT014: 日期 outside 年度"),
    "blank_title": Expect(("CAT003",), "existing", "CAT003: required item blank"),
    "blank_responsible": Expect(("CAT003",), "existing", "CAT003: required item blank"),
    "bad_pages": Expect(("CAT015",), "existing", "CAT015: 0, negatives, words are not page counts"),
    "bad_term": Expect(("CAT010", "CAT004"), "existing; one of the two, not both",
                       "CAT010 保管期限 D20 (CAT004 lists …-D20-… as a bad 档号: the same defect)"),
    "legacy_term_new": Expect(("CAT011",), "existing", "CAT011: 长期/短期 on items from 2006 on"),
    "bad_separator": Expect(("CAT005",), "existing", "CAT005: WS.2011 -> WS·2011"),
    "out_of_order": Expect(("CAT016",), "existing", "CAT016: …-0006 after …-0007, at the 0006 row"),
    "bad_secrecy": Expect((), "new rule expected: secrecy (密级 vocabulary)",
                          "issue 11: 密级 values checked against 绝密/机密/秘密 (★期限 forms allowed)"),
    "blank_row": Expect(None, "not a record (issue 11): skipped and counted apart, no finding",
                        "issue 11: blank ',,,,' rows are counted as records today"),
    "malformed_ref": Expect(("CAT004",), "existing", "CAT004: 档号 structure"),
}
assert set(EXPECTED) == set(gen.KINDS), "every generator kind needs an expected rule"
RULES = {kind: e.rules for kind, e in EXPECTED.items()}


@dataclass(frozen=True)
class Case:
    """One export shape. Each case injects every kind once (its own group each) into a fresh catalogue."""

    id: str
    seed: int
    fmt: str = "csv"
    header: str = "dat22"
    encoding: str = "utf-8"
    title_rows: int = 0
    merged_header: bool = False
    org_names: bool = False
    years: tuple[int, ...] = (2016, 2017, 2018, 2019)
    n_orgs: int = 3

    @property
    def suffix(self) -> str:
        return {"jsondoc": "json"}.get(self.fmt, self.fmt)

    def write(self, directory: Path, kinds=None):
        clean = gen.generate(self.seed, years=self.years, n_orgs=self.n_orgs, org_names=self.org_names)
        cat = gen.inject(clean, gen.KINDS if kinds is None else kinds, self.seed)
        name = f"{self.id}{'' if kinds is None else '-clean'}.{self.suffix}"
        return gen.write(cat, directory / name, fmt=self.fmt, header=self.header, encoding=self.encoding,
                         title_rows=self.title_rows, merged_header=self.merged_header)


MATRIX = [
    Case("csv-dat22-utf8", 1),
    Case("csv-dat22-bom", 2, encoding="utf-8-sig"),
    Case("csv-synonym-gb18030", 3, header="synonym", encoding="gb18030"),
    Case("csv-issue-names", 4, header="synonym_issue"),
    Case("csv-pinyin-gb18030", 5, header="pinyin", encoding="gb18030"),
    Case("csv-PINYIN-utf8", 6, header="pinyin_upper"),
    Case("csv-title-orgnames-gb18030", 7, encoding="gb18030", title_rows=2, org_names=True),
    Case("jsonl-dat22", 8, fmt="jsonl"),
    Case("json-array", 9, fmt="json"),
    Case("json-document", 10, fmt="jsondoc", years=(2019,), n_orgs=12),
    Case("xlsx-dat22", 11, fmt="xlsx"),
    Case("xlsx-title-row", 12, fmt="xlsx", title_rows=2),
    Case("xlsx-merged-header", 13, fmt="xlsx", merged_header=True, org_names=True),
    Case("xlsx-pinyin", 14, fmt="xlsx", header="pinyin"),
]
CASES = {c.id: c for c in MATRIX}

_CACHE: dict[tuple[str, bool], tuple] = {}


def _run(case: Case, tmp_root: Path, clean: bool = False):
    key = (case.id, clean)
    if key not in _CACHE:
        written = case.write(tmp_root, kinds=[] if clean else None)
        _CACHE[key] = (written, run_catalog(written.path))
    return _CACHE[key]


@pytest.fixture(scope="module")
def tmp_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("independent")


def _readable(run: Run) -> None:
    if run.exit not in (0, 1) or run.report is None:
        pytest.fail(f"the export was not checked: {run.describe()}", pytrace=False)


@pytest.mark.parametrize("case_id,kind", [(c.id, k) for c in MATRIX for k in gen.KINDS])
def test_defect_reported_once(case_id: str, kind: str, tmp_root: Path) -> None:
    """Each injected defect gets exactly one finding at its line, under its rule (blank rows: none)."""
    written, run = _run(CASES[case_id], tmp_root)
    _readable(run)
    s = score(written.truth, written.record_lines, run.findings, RULES, written.sheet)
    mine = [v for v in s.verdicts if v.kind == kind]
    assert mine, f"{kind} was not injected"
    expect = EXPECTED[kind]
    good = OK_SKIPPED if expect.rules is None else ONCE
    bad = [v for v in mine if v.outcome != good]
    if bad:
        pytest.fail(f"[{expect.status}] expected {expect.rules or expect.status}: "
                    + " | ".join(v.explain() for v in bad), pytrace=False)


@pytest.mark.parametrize("case_id", list(CASES))
def test_no_finding_on_clean_lines(case_id: str, tmp_root: Path) -> None:
    """Rows that carry no defect get no finding: a defect must not cascade onto its neighbours."""
    written, run = _run(CASES[case_id], tmp_root)
    _readable(run)
    s = score(written.truth, written.record_lines, run.findings, RULES, written.sheet)
    if s.clean_line:
        pytest.fail(f"{len(s.clean_line)} findings on clean lines: " + "; ".join(
            f"{short(f)} (group of {kind})" for f, kind in s.clean_line[:12]), pytrace=False)


@pytest.mark.parametrize("case_id", list(CASES))
def test_blank_rows_are_not_records(case_id: str, tmp_root: Path) -> None:
    """The report counts the records, not the blank `,,,,` rows between them."""
    written, run = _run(CASES[case_id], tmp_root)
    _readable(run)
    if run.records != len(written.record_lines):
        pytest.fail(f"{run.records} records reported, the export has {len(written.record_lines)} "
                    f"(+{len(written.blank_lines)} blank rows)", pytrace=False)


@pytest.mark.parametrize("case_id", list(CASES))
def test_clean_export_passes(case_id: str, tmp_root: Path) -> None:
    """The same shape without defects: every record read, no finding on any record, none above info."""
    written, run = _run(CASES[case_id], tmp_root, clean=True)
    problems = []
    if run.exit != 0 or run.report is None:
        problems.append(run.describe())
    if run.records != len(written.record_lines):
        problems.append(f"{run.records} of {len(written.record_lines)} records read")
    on_records = [f for f in run.findings if (f.get("location") or {}).get("line") in written.record_lines]
    if on_records:
        problems.append(f"{len(on_records)} findings on records: " + "; ".join(short(f) for f in on_records[:8]))
    loud = [f for f in run.findings if f.get("severity") != "info" and f not in on_records]
    if loud:
        problems.append("file-level findings: " + "; ".join(short(f) for f in loud[:8]))
    if problems:
        pytest.fail(" | ".join(problems), pytrace=False)


@pytest.mark.parametrize("case_id,kind", [(c.id, k) for c in MATRIX for k in ("date_words", "date_with_time")])
def test_date_finding_suggests_eight_digits(case_id: str, kind: str, tmp_root: Path) -> None:
    """A date in words or with a time part is reported with the 8-digit form to write instead."""
    written, run = _run(CASES[case_id], tmp_root)
    _readable(run)
    for d in (d for d in written.truth if d["kind"] == kind):
        got = [f for f in run.findings if (f.get("location") or {}).get("line") == d["line"]
               and f.get("rule") in EXPECTED[kind].rules]
        suggestions = {(f.get("evidence") or {}).get("suggestion") for f in got}
        if d["suggestion"] not in suggestions:
            pytest.fail(f"line {d['line']} {d['detail']}: want {d['suggestion']}, "
                        f"got {suggestions or 'no finding'}", pytrace=False)


def test_expected_rules_exist() -> None:
    """The table names only catalogue rules that `archcheck rules` lists today (or () for a new one)."""
    import json
    import subprocess

    out = subprocess.run([archcheck_exe(), "rules", "--format", "json"], capture_output=True, text=True, check=True)
    catalogue = {r["id"] for r in json.loads(out.stdout) if r.get("target") == "catalog"}
    assert EXISTING_RULES <= catalogue, f"catalogue rules renumbered: {sorted(EXISTING_RULES - catalogue)} gone"
    for kind, e in EXPECTED.items():
        for rule in e.rules or ():
            assert rule in catalogue, f"{kind}: {rule} is not a catalogue rule"
