"""The generator's ground truth is right: a small reference reading of DA/T 22 finds exactly the injected rows.

The independent catalogue tests blame archcheck for every finding off the ground truth, so the truth must
hold: each injected defect is the only defect of its row and creates no second one (no accidental
duplicate 档号, no gap or order break beside it). This oracle is written from the standard, like the
generator, and shares none of its code paths beyond the data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import catalog_gen as gen

REF = re.compile(r"^(?P<fonds>[A-Z]\d{3})-WS(?P<sep>[·.])(?P<year>\d{4})-(?P<term>Y|D\d+|C)-(?P<org>[A-Z]{3})-(?P<item>\d{4})$")
TERMS = {"Y": "Y", "D30": "D30", "D10": "D10"}


def _date_ok(s: str) -> bool:
    if not re.fullmatch(r"\d{8}", s):
        return False
    try:
        dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
    except ValueError:
        return False
    return True


def oracle(cat: gen.Catalogue) -> dict[int, set[str]]:
    """Row index -> the defect kinds a careful reader finds there (a blank row is reported as blank_row)."""
    out: dict[int, set[str]] = defaultdict(set)
    rows = cat.rows
    pairing = Counter()                                       # 机构 column value -> 档号 code, by majority
    for r in rows:
        m = REF.match(r.values["ref"]) if not r.blank else None
        if m:
            pairing[(r.values["org"], m["org"])] += 1
    best: dict[str, str] = {}
    for (value, code), n in pairing.most_common():
        best.setdefault(value, code)
    seen_refs: set[str] = set()
    numbers: dict[tuple, list[tuple[int, int]]] = defaultdict(list)   # group -> [(件号, row index)]
    for i, r in enumerate(rows):
        v = r.values
        if r.blank:
            if any(v.values()):
                out[i].add("not blank")
            out[i].add("blank_row")
            continue
        m = REF.match(v["ref"])
        if not m:
            out[i].add("malformed_ref")
        else:
            if m["sep"] == ".":
                out[i].add("bad_separator")
            if m["fonds"] != v["fonds"]:
                out[i].add("ref_fonds_mismatch")
            if m["year"] != v["year"]:
                out[i].add("ref_year_mismatch")
            if best.get(v["org"]) != m["org"]:
                out[i].add("ref_org_mismatch")
            column_term = {"长期": "C"}.get(v["term"], v["term"])
            if m["term"] != column_term:
                out[i].add("ref_term_mismatch")
            if m["item"] != v["item"].zfill(4):
                out[i].add("ref_item_mismatch")
            key = v["ref"].replace(".", "·")
            if key in seen_refs:
                out[i].add("duplicate_ref")
            seen_refs.add(key)
        if v["term"] == "长期":
            out[i].add("legacy_term_new")
        elif v["term"] not in TERMS:
            out[i].add("bad_term")
        item = v["item"]
        if not re.fullmatch(r"\d{4}", item):
            out[i].add("item_not_padded")
        elif item == "0000":
            out[i].add("item_zero")
        date = v["date"]
        if re.fullmatch(r"[〇一二三四五六七八九十]+年[一二三四五六七八九十]+月[一二三四五六七八九十]+日", date):
            out[i].add("date_words")
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", date):
            out[i].add("date_with_time")
        elif not _date_ok(date):
            out[i].add("bad_date")
        elif date[:4] != v["year"]:
            out[i].add("date_outside_year")
        if not v["title"]:
            out[i].add("blank_title")
        if not v["resp"]:
            out[i].add("blank_responsible")
        if not re.fullmatch(r"[1-9]\d*", v["pages"]):
            out[i].add("bad_pages")
        if v["secrecy"] not in ("", "秘密", "机密", "绝密"):
            out[i].add("bad_secrecy")
        if re.fullmatch(r"\d+", item):
            group = (v["fonds"], v["year"], v["term"], best.get(v["org"], v["org"]))
            numbers[group].append((int(item), i))
    for group, seq in numbers.items():
        nums = [n for n, _ in seq]
        top = -1
        for n, i in seq:                                      # order: a 件号 below one already seen
            if n < top and "duplicate_ref" not in out[i]:
                out[i].add("out_of_order")
            top = max(top, n)
        present = sorted(set(nums))
        start = 0 if present[0] == 0 else 1
        for a, b in zip([start - 1] + present, present):      # gap: reported at the next present 件号
            if b > a + 1:
                row = min(i for n, i in seq if n == b)
                out[row].add("item_gap")
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), org_names=st.booleans(), count=st.integers(1, 2),
       single_year=st.booleans())
def test_injected_rows_are_exactly_what_a_reader_finds(seed: int, org_names: bool, count: int,
                                                       single_year: bool) -> None:
    years = (2019,) if single_year else (2016, 2017, 2018, 2019)
    n_orgs = 8 if single_year or count > 1 else 3
    clean = gen.generate(seed, years=years, n_orgs=n_orgs, org_names=org_names)
    assert not oracle(clean), "the clean catalogue has defects"
    kinds = list(gen.KINDS) * (1 if single_year else count)      # one year has too few groups for two
    cat = gen.inject(clean, kinds, seed)
    index = {id(r): i for i, r in enumerate(cat.rows)}
    truth: dict[int, set[str]] = defaultdict(set)
    for d in cat.defects:
        truth[index[id(d["row"])]].add(d["kind"])
    found = oracle(cat)
    assert dict(found) == dict(truth)
    assert Counter(d["kind"] for d in cat.defects) == Counter(kinds)


def test_every_kind_is_found_by_the_oracle_once() -> None:
    """One catalogue with every kind: the oracle flags one row per kind and nothing else."""
    cat = gen.inject(gen.generate(7), gen.KINDS, 7)
    found = oracle(cat)
    assert sorted(k for ks in found.values() for k in ks) == sorted(gen.KINDS)
    assert all(len(ks) == 1 for ks in found.values())
