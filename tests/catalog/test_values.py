"""Properties of the pure value parsers: total on any input, exact on the forms DA/T 22 defines."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

from archcheck.catalog import values as V

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))
anything = st.one_of(st.text(), st.none(), st.integers(), st.floats(allow_nan=True))
CN = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else CN[tens]) + "十" if tens else "") + (CN[ones] if ones or not tens else "")


@given(anything)
def test_parsers_never_raise(value):
    V.clean(value)
    V.parse_date(value)
    V.parse_term(value)
    V.parse_item(value)
    V.parse_pages(value)
    V.parse_year(value)
    V.parse_ref(value)
    V.parse_ref(value, allow_dat13=True)
    V.normalise_ref(value)


@given(dates)
def test_eight_digit_real_dates_are_ok(day):
    assert V.parse_date(day.strftime("%Y%m%d")) == V.Date(day.strftime("%Y%m%d"), "ok")


@given(st.integers(1900, 2099), st.integers(1, 12), st.integers(1, 31))
def test_eight_digits_are_ok_exactly_when_the_day_exists(year, month, day):
    try:
        dt.date(year, month, day)
        real = True
    except ValueError:
        real = False
    kind = V.parse_date(f"{year:04d}{month:02d}{day:02d}").kind
    assert kind == ("ok" if real else "invalid")


@given(dates)
def test_dates_in_words_are_recognised_and_converted(day):
    text = "".join(CN[int(c)] for c in str(day.year)) + f"年{cn_number(day.month)}月{cn_number(day.day)}日"
    assert V.parse_date(text) == V.Date(day.strftime("%Y%m%d"), "words")


@given(dates)
def test_other_separated_forms_get_a_suggestion(day):
    for text in (day.isoformat(), f"{day.year}/{day.month}/{day.day}", f"{day.year}年{day.month}月{day.day}日"):
        assert V.parse_date(text) == V.Date(day.strftime("%Y%m%d"), "format")


@given(st.integers(V._SERIAL_MIN, V._SERIAL_MAX))
def test_excel_serials_map_to_their_day(serial):
    parsed = V.parse_date(str(serial))
    assert parsed.kind == "serial"
    assert parsed.value == (dt.date(1899, 12, 30) + dt.timedelta(days=serial)).strftime("%Y%m%d")


def test_full_width_apostrophe_and_float_artefacts():
    assert V.parse_date("２０１９０３０５").kind == "ok"
    assert V.parse_date("'20190305").kind == "ok"
    assert V.parse_pages("12.0") == 12 and V.parse_pages("0") is None and V.parse_pages("1.5") is None
    assert V.parse_item("０００７") == V.Item(7, "ok")
    assert V.parse_item("7.0") == V.Item(7, "unpadded")


@given(st.sampled_from(sorted(V.TERM_LABELS)), st.sampled_from(["", " ", "\u3000"]))
def test_term_labels_normalise(label, pad):
    parsed = V.parse_term(pad + label + pad)
    assert parsed.code == V.TERM_LABELS[label] and parsed.kind == "label"


@given(st.text(max_size=6))
def test_term_kinds_partition_every_input(text):
    parsed = V.parse_term(text)
    assert parsed.kind in ("ok", "label", "legacy", "invalid", "empty")
    assert (parsed.kind == "ok") == (V.clean(text) in V.TERM_CODES)


fonds = st.from_regex(r"[A-Z][0-9]{3}", fullmatch=True)
orgs = st.one_of(st.just(""), st.from_regex(r"[A-Z]{2,4}", fullmatch=True), st.sampled_from(["办公室", "财务科"]))
refs = st.tuples(fonds, st.sampled_from(["WS", "KJ"]), st.integers(1950, 2099), st.sampled_from(V.TERM_CODES), orgs,
                 st.integers(1, 9999))


def build(f, c, y, t, o, n, sep="·"):
    return f"{f}-{c}{sep}{y}-{t}" + (f"-{o}" if o else "") + f"-{n:04d}"


@given(refs)
def test_exact_ref_codes_round_trip(parts):
    f, c, y, t, o, n = parts
    ref = V.parse_ref(build(*parts))
    assert ref is not None and ref.problems == ()
    assert (ref.fonds, ref.category, ref.year, ref.term, ref.org, ref.item) == (f, c, y, t, o, n)
    assert V.DH_STRICT.fullmatch(build(*parts))


@given(refs, st.sampled_from([".", "・", "•", "-"]), st.sampled_from(["", " ", "\t"]))
def test_separator_variants_are_normalisation_findings_with_the_same_key(parts, sep, pad):
    exact = V.parse_ref(build(*parts))
    variant = V.parse_ref(pad + build(*parts, sep=sep) + pad)
    assert variant is not None and variant.problems == ("separator",)
    assert variant.key == exact.key


@given(refs)
def test_dat13_form_is_accepted_only_by_option(parts):
    f, c, y, t, o, n = parts
    text = f"{f}-{c}·{y}·{t}" + (f"·{o}" if o else "") + f"-{n:03d}"
    assert "dat13" in V.parse_ref(text).problems
    allowed = V.parse_ref(text, allow_dat13=True)
    assert "dat13" not in allowed.problems and allowed.item == n


@settings(max_examples=200)
@given(st.text(alphabet="Z109-WS·.2019YD3BGS0 ", max_size=30))
def test_a_parsed_ref_key_is_stable_under_normalisation(text):
    ref = V.parse_ref(text)
    if ref is not None:
        again = V.parse_ref(ref.key)
        assert again is not None and again.key == ref.key


@given(st.integers(1, 9999), st.integers(0, 13), st.integers(0, 32))
def test_a_day_is_written_as_strftime_writes_it(year, month, day):
    """`_ymd` formats without strftime: the same text for every real day, "" for every other."""
    try:
        expected = dt.date(year, month, day).strftime("%Y%m%d")
    except ValueError:
        expected = ""
    assert V._ymd(year, month, day) == expected
