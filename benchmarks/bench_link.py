"""Benchmark what linking a unit to its catalogue costs: `archcheck catalog EXPORT` against
`archcheck check UNIT --catalog EXPORT` (the same export streamed once, with the holdings tally and the
LNK rules), on one synthetic catalogue.

Both commands run in child processes, alternating, `--repeat` times; CPU is user + system time of the
child (os.wait4), and the medians are reported, with the median of the per-pair CPU ratios. The unit is
a small description with holdings counts, a fonds code and departments, so every LNK rule runs
(`--select CAT --select LNK`: the unit rules are left out, only the catalogue and the link are timed;
the unit is still loaded and validated). Then the tally alone: `check_catalog` in this process with
and without `CatalogOptions.tally`, alternating, CPU by `time.process_time`.

    python benchmarks/bench_link.py --rows 1000000 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_catalog  # noqa: E402
from bench_catalog import median_of, timed  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    out = HERE / "out"
    out.mkdir(exist_ok=True)
    path = out / f"catalog-{args.rows}-s{args.seed}.csv"
    if not Path(str(path) + ".defects.json").exists():
        print(f"generating {path} ({args.rows} rows)…", file=sys.stderr)
        gen_catalog.write(path, args.rows, args.seed, 0.001)
    unit = out / "link-unit.json"
    unit.write_text(json.dumps({
        "schema_version": "1", "as_of": "2025-06-30",
        "unit": {"name": "基准单位", "fonds_code": gen_catalog.FONDS,
                 "departments": [{"name": code, "code": code} for code in gen_catalog.ORGS]},
        "holdings": {"items": args.rows, "by_year": [{"year": y, "items": 1} for y in range(2016, 2025)]},
    }, ensure_ascii=False), encoding="utf-8")

    common = ["--format", "json", "--fail-on", "never", "--select", "CAT", "--select", "LNK"]
    catalog = [sys.executable, "-m", "archcheck", "catalog", str(path), "--as-of", "2025-06-30", *common]
    linked = [sys.executable, "-m", "archcheck", "check", str(unit), "--catalog", str(path), *common]
    plain, link = [], []
    for _ in range(max(1, args.repeat)):
        plain.append(timed(catalog))
        link.append(timed(linked))
    a, b = median_of(plain), median_of(link)
    ratios = [y["cpu"] / x["cpu"] for x, y in zip(plain, link)]
    print(f"rows {args.rows:,}  (medians of {len(plain)} alternating runs; cpu = user+sys)")
    print(f"archcheck catalog EXPORT              cpu {a['cpu']:.2f}s  rss {a['rss_mib']:.0f} MiB  exit {a['exit']}")
    print(f"archcheck check UNIT --catalog EXPORT cpu {b['cpu']:.2f}s  rss {b['rss_mib']:.0f} MiB  exit {b['exit']}")
    print(f"cpu ratio (median of pairs) {statistics.median(ratios):.3f}  pairs: " + " ".join(f"{r:.3f}" for r in ratios))
    without, with_tally = in_process(path, args.repeat)
    pairs = [y / x for x, y in zip(without, with_tally)]
    print(f"check_catalog in process  cpu without the tally {statistics.median(without):.3f}s  with it "
          f"{statistics.median(with_tally):.3f}s  ratio {statistics.median(pairs):.3f}")
    return 0 if a["exit"] in (0, 1) and b["exit"] in (0, 1) else 1


def in_process(path: Path, repeat: int) -> tuple[list[float], list[float]]:
    """CPU seconds of `check_catalog` (the CAT rules) without and with the holdings tally, alternating."""
    import dataclasses
    import datetime as dt
    import time

    from archcheck.audit.catalog_files import CatalogOptions, check_catalog
    from archcheck.audit.prepared import PreparedAudit, Settings
    from archcheck.engine.context import Selection
    from archcheck.plugins import load_plugins
    from archcheck.scoring import load_profile

    audit = PreparedAudit(load_plugins((), ()), Settings(profile=load_profile("default"), selection=Selection(("CAT",), ())))
    options = CatalogOptions(as_of=dt.date(2025, 6, 30), max_per_rule=10)
    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(max(1, repeat)):
        for tally in (False, True):
            start = time.process_time()
            check_catalog(path, audit, dataclasses.replace(options, tally=tally))
            times[tally].append(time.process_time() - start)
    return times[False], times[True]


if __name__ == "__main__":
    raise SystemExit(main())
