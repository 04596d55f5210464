"""The seed unit (篇1, 广西大明山…管理局档案室) yields the problems its own report admits in section 三 (存在问题及对策):
one test per sentence, each naming the sentence it comes from, run on the shipped description as `archcheck
check` runs it (all rules, the seed's own as_of)."""

from __future__ import annotations

import datetime as dt
import filecmp

import pytest

from archcheck.engine import Context, run_rules
from archcheck.model import Outcome
from conftest import ROOT, SEED, load_fixture, plugins


@pytest.fixture(scope="module")
def seed():
    unit = load_fixture(SEED)
    results = run_rules(plugins().rules_for("unit"), unit, Context(as_of=dt.date.fromisoformat(unit["as_of"]), base_dir=SEED.parent))
    return {r.rule.id: r for r in results}


def messages(result) -> str:
    return " ".join(f.message.zh for f in result.findings)


def test_the_shipped_demo_unit_is_the_seed_fixture():
    assert filecmp.cmp(ROOT / "src" / "archcheck" / "examples" / "seed-damingshan.yaml", SEED, shallow=False)


def test_sentence_档案法制意识亟待提高(seed):
    # 三(一) "档案法制意识亟待提高。" — no archive-law course or awareness activity is on record
    result = seed["TRN003"]
    assert result.outcome is Outcome.FAIL and "法律法规" in messages(result)


def test_sentence_把本应归档的文件资料由于疏于妥善保管造成丢弃损毁(seed):
    # 三(一) "……对归档与不归档的范围区分不清，对保管期限的划分把握不准，把本应归档的文件资料，由于疏于妥善保管造成丢弃损毁……"
    result = seed["FIL002"]
    assert result.outcome is Outcome.FAIL
    assert "/filing/all_filed" in [f.location.pointer for f in result.findings]


def test_sentence_库房小经费和设备配备不足(seed):
    # 三(二) "库房小、经费和设备配备不足" — three admissions, three findings
    store = seed["FAC004"]
    assert store.outcome is Outcome.FAIL and "自认库房面积不足" in messages(store)
    funding = seed["FUN005"]
    assert funding.outcome is Outcome.FAIL and funding.findings[0].location.pointer == "/funding/sufficient"
    devices = seed["FAC010"]
    assert devices.outcome is Outcome.FAIL and {"copier", "scanner"} <= set(devices.findings[0].evidence["kinds"])
    # "funding insufficient" is not "not in the budget": every year's funding was budgeted
    assert seed["FUN002"].outcome is not Outcome.FAIL


def test_sentence_档案管理经费在年度财务预算中尚未列入行政执法经费(seed):
    # 三(二) "……但档案管理经费在年度财务预算中尚未列入行政执法经费，制约了档案执法管理工作的开展。"
    result = seed["FUN003"]
    assert result.outcome is Outcome.FAIL and result.findings[0].location.pointer == "/funding/enforcement_funding_in_budget"
    # as of 2019 the 2020 law's art. 3 did not exist yet: the finding rests on the 1996 law
    assert result.basis.document == "《中华人民共和国档案法》（1996年修正）" and result.basis.clause == "第四条"


def test_sentence_目前档案室尚未升级争取创造条件明年完成升级工作(seed):
    # 三(三) 二是 "……目前我局档案库房小，而且设备配备不算齐全，目前档案室尚未升级，争取创造条件明年完成升级工作。"
    result = seed["ORG006"]
    assert result.outcome is Outcome.FAIL and "尚未升级" in messages(result)
    assert result.rule.severity.value == "minor" and result.basis.kind.value == "configurable"  # a regional scheme, not a national duty


def test_sentence_档案设施设备不完善(seed):
    # 三(三) 三是 "档案设施设备不完善，档案设施设备的不完善也在一定程度，影响了档案业务工作"
    assert seed["FAC010"].outcome is Outcome.FAIL
    assert seed["PRO019"].outcome is Outcome.FAIL  # one thermo-hygrometer, none outside the store
    assert all(seed[r].outcome is Outcome.FAIL for r in ("PRO012", "PRO013", "PRO014"))  # no fire systems listed


def test_the_seed_cites_only_documents_in_force_on_its_audit_date(seed):
    as_of = dt.date(2019, 7, 1)
    for result in seed.values():
        if result.outcome in (Outcome.PASS, Outcome.FAIL, Outcome.NO_EVIDENCE):
            assert result.basis.in_force is None or result.basis.in_force <= as_of, (result.rule.id, result.basis.cite())
    # the duties new in the 2020 law are not applied to 2019
    for rule in ("ORG005", "LAW001", "LAW011"):
        assert seed[rule].outcome is Outcome.NOT_APPLICABLE and "2021-01-01" in seed[rule].reason.zh


def test_every_sentence_is_quoted_where_the_seed_unit_encodes_it():
    # the description quotes, next to each value, the sentence of 篇1 it comes from
    text = SEED.read_text(encoding="utf-8")
    for quoted in ("把本应归档的文件资料，由于疏于妥善保管造成丢弃损毁", "库房小、经费和设备配备不足",
                   "档案管理经费在年度财务预算中尚未列入行政执法经费", "目前档案室尚未升级，争取创造条件明年完成升级工作", "设备配备不算齐全"):
        assert quoted in text, quoted
