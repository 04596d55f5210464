"""A many-unit run past the in-memory threshold: units spilled to a file, read back, same report bytes."""

import dataclasses
import gc
import os
import shutil
import weakref
from collections.abc import Sequence

import pytest

from archcheck.engine.unit_store import UNITS_ENV, UnitStore, pack, unpack
from conftest import COMPLIANT, POOR, SEED

FORMATS = ("json", "sarif", "junit", "table", "gitlab", "markdown", "ranking", "ledger")


def county(tmp_path, n=7):
    folder = tmp_path / "county"
    folder.mkdir()
    sources = (SEED, POOR, COMPLIANT)
    for i in range(n):
        source = sources[i % 3]
        shutil.copy(source, folder / f"u{i:02d}{source.suffix}")
    return folder


@pytest.mark.parametrize("fmt", FORMATS)
def test_spilled_units_give_the_same_report_bytes(cli, tmp_path, monkeypatch, fmt):
    folder = county(tmp_path)
    kept = cli("check", folder, "--format", fmt, "--fail-on", "minor")
    monkeypatch.setenv(UNITS_ENV, "2")
    spilled = cli("check", folder, "--format", fmt, "--fail-on", "minor")
    assert spilled.stdout == kept.stdout and spilled.exit_code == kept.exit_code == 1
    assert spilled.stderr == kept.stderr


def test_baseline_over_spilled_units(cli, tmp_path, monkeypatch):
    folder = county(tmp_path)
    base = tmp_path / "base.json"
    cli("check", folder, "--write-baseline", base, "--exit-zero", "-q")
    kept = cli("check", folder, "--baseline", base, "--format", "json", "--fail-on", "minor")
    monkeypatch.setenv(UNITS_ENV, "0")
    spilled = cli("check", folder, "--baseline", base, "--format", "json", "--fail-on", "minor")
    assert spilled.stdout == kept.stdout and '"baseline": "unchanged"' in kept.stdout
    assert kept.exit_code == spilled.exit_code


def test_store_keeps_only_the_first_units_and_reads_the_rest_back(tmp_path):
    from archcheck.audit.prepared import PreparedAudit, Settings
    from archcheck.audit.unit_files import check_unit
    from archcheck.scoring import load_profile
    from conftest import plugins

    audit = PreparedAudit(plugins(), Settings(profile=load_profile("default")))
    units = [check_unit(path, audit) for path in (SEED, POOR, COMPLIANT, POOR)]
    store = UnitStore(audit.rules("unit"), after=1)
    for unit in units:
        store.add(unit)
    assert len(store) == 4 and store.spilled == 3
    assert list(store) == units and list(store) == units  # read as often as asked
    assert store[-1] == units[3] and store[1:3] == (units[1], units[2])
    assert [u.name for u in store] == [u.name for u in units]
    with pytest.raises(IndexError):
        store[4]
    path = store._path
    assert os.path.exists(path)
    del store
    gc.collect()
    assert not os.path.exists(path)  # the spill file goes with the store


def _checked(paths):
    from archcheck.audit.prepared import PreparedAudit, Settings
    from archcheck.audit.unit_files import check_unit
    from archcheck.scoring import load_profile
    from conftest import plugins

    audit = PreparedAudit(plugins(), Settings(profile=load_profile("default")))
    return audit, [check_unit(path, audit) for path in paths]


def test_units_read_back_cite_the_runs_own_basis_objects():
    # The seed unit's audit date falls before some documents took effect, so results cite
    # predecessors (`Basis.earlier`). Read back from the file, each result must hold the same object
    # as before, not a copy: reporters cache per basis, and a copy per unit read grows the cache
    # with the number of units (the JSON report's memory grew ≈ 10 KB a unit).
    audit, units = _checked((SEED, SEED))
    earlier = [r for r in units[0].results if r.basis is not r.rule.basis]
    assert earlier, "the seed unit should cite at least one predecessor"
    store = UnitStore(audit.rules("unit"), after=0)
    for unit in units:
        store.add(unit)
    for kept, read in zip(units, store):
        assert [r.basis for r in read.results] == [r.basis for r in kept.results]
        assert all(a.basis is b.basis for a, b in zip(read.results, kept.results))


def test_ruleset_digest_is_that_of_every_units_sorted_rule_ids():
    import hashlib

    from archcheck.reporters.jsonreport import ruleset_version

    audit, units = _checked((SEED, POOR, COMPLIANT))
    report = audit.report(tuple(units))
    ids = sorted(r.rule.id + "@" + r.rule.plugin for u in units for r in u.results)
    plugins = sorted(f"{p.distribution}=={p.version}" for p in report.plugins)
    assert ruleset_version(report) == hashlib.sha256("\n".join(plugins + ids).encode()).hexdigest()[:12]
    assert ruleset_version(audit.report(tuple(units[:1]))) != ruleset_version(report)


class _Watched(Sequence):
    """Units rebuilt at every reading, like a spilled store's, counting how many are alive at once."""

    def __init__(self, packed, rules):
        self.packed, self.rules = packed, rules
        self.alive = 0
        self.most = 0

    def __len__(self):
        return len(self.packed)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        gc.collect()
        self.most = max(self.most, self.alive)  # units still held from earlier readings
        unit = unpack(self.packed[index], self.rules)
        self.alive += 1
        weakref.finalize(unit, self._gone)
        return unit

    def _gone(self):
        self.alive -= 1


@pytest.mark.parametrize("fmt", ("json", "sarif", "junit", "table", "ranking"))
def test_reporters_hold_one_unit_at_a_time(fmt):
    # A county's thousands of units: each reporter reads a spilled unit, writes what it needs and lets
    # it go; a reporter that keeps them (JUnit's whole tree did) grows with the number of units.
    from archcheck.reporters.options import ReportOptions
    from archcheck.reporters.registry import FORMATS

    audit, units = _checked((SEED, POOR, COMPLIANT) * 4)
    rules = {r.id: r for r in audit.rules("unit")}
    held = []
    for count in (6, 12):
        watched = _Watched([pack(u) for u in units[:count]], rules)
        report = dataclasses.replace(audit.report(()), units=watched)
        assert "".join(_render(FORMATS[fmt], report, ReportOptions()))
        held.append(watched.most)
    # A few at once (SARIF reads the units twice side by side), the same few whatever the count.
    assert held[0] == held[1] < 6, f"{fmt} held {held} units from earlier readings with 6 and 12 units"


def _render(form, report, options):
    from archcheck.reporters.registry import _function

    if form.chunks:
        return list(_function(form.chunks)(report, options))
    return [form.render(report, options)]


@pytest.mark.parametrize("fmt", ("json", "sarif", "junit"))
def test_streamed_reports_need_no_more_memory_for_more_units(fmt):
    # What a streamed report holds while it writes must not grow with the units: JUnit built the whole
    # tree and kept every failed result for its details (≈ 225 KB a unit: 738 MiB for 3,000 units).
    import tracemalloc

    from archcheck.reporters.options import ReportOptions
    from archcheck.reporters.registry import FORMATS, _function

    audit, units = _checked((SEED, POOR, COMPLIANT) * 8)
    rules = {r.id: r for r in audit.rules("unit")}
    peaks = []
    for count in (6, 24):
        report = dataclasses.replace(audit.report(()), units=_Watched([pack(u) for u in units[:count]], rules))
        tracemalloc.start()
        try:
            for _ in _function(FORMATS[fmt].chunks)(report, ReportOptions()):
                pass
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    assert peaks[1] < peaks[0] * 1.5, f"{fmt}: peak {peaks[0] // 1024} KiB with 6 units, {peaks[1] // 1024} KiB with 24"


def test_json_reads_each_spilled_unit_once_and_the_digest_is_counted_as_units_arrive(monkeypatch):
    # Rebuilding a spilled unit is most of what a many-unit run's report costs; the ruleset digest
    # used to read every unit a second time only for its rule ids. The store counts them as units
    # arrive (from the ids `pack` writes first), with the same digest as counting the units' results.
    import archcheck.engine.unit_store as unit_store
    from archcheck.reporters.jsonreport import ruleset_version
    from archcheck.reporters.options import ReportOptions
    from archcheck.reporters.registry import FORMATS, _function

    audit, units = _checked((SEED, POOR, COMPLIANT) * 2)
    store = UnitStore(audit.rules("unit"), after=2)
    for n, unit in enumerate(units):
        store.add(pack(unit) if n % 2 else unit)  # a worker's bytes and the run's own objects alike
    assert ruleset_version(dataclasses.replace(audit.report(()), units=store)) == ruleset_version(audit.report(tuple(units)))
    reads = []
    real = unit_store.unpack
    monkeypatch.setattr(unit_store, "unpack", lambda data, rules: reads.append(1) or real(data, rules))
    report = dataclasses.replace(audit.report(()), units=store)
    "".join(_function(FORMATS["json"].chunks)(report, ReportOptions()))
    assert len(reads) == store.spilled == 4
