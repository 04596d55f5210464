"""Header normalisation: DA/T 22 names, synonyms, English aliases, explicit mapping, derivation from 档号."""

from __future__ import annotations

from hypothesis import given, strategies as st

from archcheck.catalog.columns import CANONICAL, CLASS_COLUMNS, DAT22_COLUMNS, resolve


def test_dat22_names_map_to_themselves():
    header = resolve(list(CANONICAL))
    assert dict(header.index) == {name: i for i, name in enumerate(CANONICAL)}
    assert header.derived == () and header.missing(DAT22_COLUMNS) == []


def test_synonyms_brackets_and_english_aliases():
    header = resolve(["\ufeff顺序号", "档案号", "文件题名", "成文日期", "机构(问题)", "Pages", "Retention Period", "Item No", "期限"])
    assert header.index == {"序号": 0, "档号": 1, "题名": 2, "日期": 3, "机构": 4, "页数": 5, "保管期限": 6, "件号": 7}
    assert header.duplicates == ("期限",)
    assert header.label("题名") == "文件题名"


def test_full_width_brackets():
    assert resolve(["机构（问题）"]).index == {"机构": 0}


def test_explicit_mapping_wins():
    header = resolve(["名称", "编码"], {"编码": "档号", "名称": "title"})
    assert header.index == {"题名": 0, "档号": 1}


def test_classification_columns_are_derived_only_with_a_ref_code():
    assert resolve(["档号", "题名"]).derived == CLASS_COLUMNS
    assert resolve(["题名"]).derived == ()
    assert resolve(["档号", "年度"]).derived == ("全宗号", "保管期限", "机构", "件号")


@given(st.lists(st.one_of(st.text(), st.none(), st.integers())))
def test_resolve_accepts_any_header(cells):
    header = resolve(cells)
    assert len(header.names) == len(cells)
    assert all(0 <= pos < len(cells) for pos in header.index.values())
