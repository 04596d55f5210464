"""What a unit check does not load: the catalogue side's parsers and patterns, and stdlib modules only
some runs need. Start-up is most of a one-unit check; these guard the lazy loading that keeps it short."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archcheck.lazy import lazy_pattern
from conftest import ROOT, make_unit, run_rule

#: modules only a catalogue run, an OFD page count or a failed YAML read needs
NOT_FOR_A_UNIT_CHECK = ("statistics", "xml.etree.ElementTree")
#: imported as stand-ins whose code runs on first use (archcheck.lazy.lazy_module)
STAND_INS = ("archcheck.catalog.values", "archcheck.catalog.volumes")
#: patterns that cost milliseconds to compile and that a clean unit check never uses
UNUSED_PATTERNS = (
    ("archcheck.checkers.volumes.rows", "_CODE"),
    ("archcheck.checkers.catalog.secrecy", "_MARKED"),
    ("archcheck.loaders.yaml_hints", "_NO_SPACE"),
    ("archcheck.reporters.sanitize", "_XML_FORBIDDEN"),
)

_PROBE = """
import contextlib, importlib, io, json, sys
from archcheck.__main__ import main
sys.argv = ["archcheck", "check", sys.argv[1], "--format", "json", "--exit-zero"]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main()
    except SystemExit as exit:
        code = exit.code
patterns = {f"{m}.{n}": "_spec" in vars(getattr(importlib.import_module(m), n)) and "match" not in vars(getattr(importlib.import_module(m), n))
            for m, n in PATTERNS}
print(json.dumps({"code": code, "modules": sorted(sys.modules),
                  "stand_ins": {n: type(sys.modules[n]).__name__ for n in STAND_INS if n in sys.modules},
                  "uncompiled": patterns}))
"""


def _probe(unit: Path) -> dict:
    code = f"PATTERNS = {UNUSED_PATTERNS!r}\nSTAND_INS = {STAND_INS!r}\n" + _PROBE
    env = {**os.environ, "ARCHCHECK_ISOLATION": "inline"}  # the rules run in this process, so its modules are the run's
    done = subprocess.run([sys.executable, "-c", code, str(unit)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def seed_run() -> dict:
    return _probe(ROOT / "fixtures" / "units" / "seed-damingshan.yaml")


def test_a_unit_check_loads_no_catalogue_only_module(seed_run):
    assert seed_run["code"] == 0
    loaded = set(seed_run["modules"])
    assert not loaded & set(NOT_FOR_A_UNIT_CHECK), loaded & set(NOT_FOR_A_UNIT_CHECK)
    assert seed_run["stand_ins"] == {name: "_LazyModule" for name in STAND_INS}


def test_a_unit_check_compiles_no_catalogue_pattern(seed_run):
    assert all(seed_run["uncompiled"].values()), seed_run["uncompiled"]


def test_the_command_raises_the_young_collection_threshold():
    done = subprocess.run([sys.executable, "-c", "import gc, archcheck.__main__; print(gc.get_threshold()[0])"],
                          capture_output=True, text=True, timeout=60)
    assert int(done.stdout) > 700  # CPython's default: start-up's long-lived objects walked over and over
    embedded = subprocess.run([sys.executable, "-c", "import gc, archcheck.cli, archcheck.api; print(gc.get_threshold()[0])"],
                              capture_output=True, text=True, timeout=60)
    assert int(embedded.stdout) == 700  # a program that embeds archcheck keeps its own setting


_TEXT = st.text(alphabet=st.sampled_from("AZ09-·档案机密秘密★*年长期 \t\n.\u3000\uff0d"), max_size=30)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_a_lazy_pattern_answers_as_the_compiled_one(text):
    for source in (r"[A-Z0-9]{4}-[A-Za-z0-9·\u4e00-\u9fff]+-0*[1-9][0-9]*", r"^(绝密|机密|秘密)(?:\s*[★*]\s*(\d{1,2}年|长期))?$", "[\\s.\uff0d\u3000]"):
        lazy, compiled = lazy_pattern(source), re.compile(source)
        assert bool(lazy.fullmatch(text)) == bool(compiled.fullmatch(text))
        assert bool(lazy.search(text)) == bool(compiled.search(text))
        assert lazy.sub("", text) == compiled.sub("", text)
        assert lazy.pattern == source


def test_a_lazy_pattern_refuses_what_a_pattern_does_not_have():
    with pytest.raises(AttributeError):
        lazy_pattern("a").no_such_method  # noqa: B018


@pytest.mark.parametrize(("counts", "median"), [((100, 100, 10, 100, 100), 100), ((100, 120, 10, 100), 100.0), ((90, 120, 10, 100), 95.0)])
def test_fil006_names_the_median_of_the_yearly_counts(counts, median):
    first = 2024 - len(counts)  # the last year counted is the one before the audit date
    years = [{"year": first + i, "items": n} for i, n in enumerate(counts)]
    result = run_rule("FIL006", make_unit(as_of="2024-06-30", holdings={"by_year": years}))
    (finding,) = result.findings
    assert finding.evidence == {"year": first + 2, "items": 10, "median": median}
    assert f"{median}" in finding.message.en
