"""Benchmark peak memory and CPU of `archcheck catalog` when most rows are defective, per report format.

A catalogue in which (by default) every row gets an injected defect has about as many findings as
rows. Each format (json, sarif, junit, table) is run `--repeat` times, interleaved, writing the
report to a file; the medians of CPU time (user + system) and peak RSS (os.wait4 of the child) are
printed with the report's size. Target: peak RSS ≤ 200 MiB in every format, whatever the rows.

    python benchmarks/bench_catalog_findings.py --rows 1000000 --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_catalog import timed  # noqa: E402

FORMATS = ("json", "sarif", "junit", "table")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rate", type=float, default=1.0, help="share of rows given a defect")
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args(argv)

    out = HERE / "out"
    out.mkdir(exist_ok=True)
    path = out / f"defective-{args.rows}-r{args.rate:g}-s{args.seed}.csv"
    if not Path(str(path) + ".defects.json").exists():
        print(f"generating {path} ({args.rows} rows)…", file=sys.stderr)
        # in a process of its own: a child's peak RSS starts from its parent's, and generating
        # millions of rows here would make every run below look that big
        subprocess.run([sys.executable, str(HERE / "gen_catalog.py"), str(path), "--rows", str(args.rows),
                        "--seed", str(args.seed), "--rate", str(args.rate)], check=True, stdout=subprocess.DEVNULL)
    formats = [f for f in args.formats.split(",") if f]
    samples: dict[str, list[dict]] = {f: [] for f in formats}
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(max(1, args.repeat)):
            for fmt in formats:
                report = Path(tmp) / f"report.{fmt}"
                samples[fmt].append(timed([sys.executable, "-m", "archcheck", "catalog", str(path), "--format", fmt,
                                           "--as-of", "2025-06-30", "--fail-on", "never", "-o", str(report)]))
                sizes[fmt] = report.stat().st_size if report.exists() else 0
    print(f"{path.name}: medians of {args.repeat} interleaved runs per format")
    for fmt in formats:
        runs = samples[fmt]
        bad = [r for r in runs if r["exit"] not in (0, 1)]
        print(f"  {fmt:6s} cpu {statistics.median(r['cpu'] for r in runs):7.2f}s  "
              f"peak rss {statistics.median(r['rss_mib'] for r in runs):7.1f} MiB  report {sizes[fmt] / 2**20:8.1f} MiB"
              + (f"  FAILED: {bad[-1]['stderr'][-300:]}" if bad else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
