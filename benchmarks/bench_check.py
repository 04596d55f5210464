"""Time `archcheck check` on the seed unit against the time to import its dependencies.

    python benchmarks/bench_check.py [-n RUNS] [--unit FILE]

Each run is a fresh subprocess (what a user waits for), with byte-code caching on as in a normal
Python (PYTHONDONTWRITEBYTECODE is dropped: the dependencies' .pyc files were written by pip, so
archcheck's own must exist too for a fair comparison; the warm-up run writes them). The reference is
`python -c "import pluggy, click, jsonschema, tabulate, yaml"`: on a busy machine both slow down,
so the ratio is the steadier number. Target: median ≤ 200 ms, about 1.6× the reference.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "units" / "seed-damingshan.yaml"
REFERENCE = [sys.executable, "-c", "import pluggy, click, jsonschema, tabulate, yaml"]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
TARGET_MS = 200.0


def archcheck_command(unit: Path) -> list[str]:
    """The installed console script next to this interpreter, else `python -m archcheck`."""
    script = Path(sys.executable).with_name("archcheck")
    base = [str(script)] if script.exists() else ([shutil.which("archcheck")] if shutil.which("archcheck") else [sys.executable, "-m", "archcheck"])
    return [*base, "check", str(unit), "--format", "json", "--fail-on", "never"]


def timings(command: list[str], runs: int, cpu: list[float] | None = None) -> list[float]:
    """Wall-clock milliseconds of `runs` runs, after one warm-up run (file cache, .pyc).

    The CPU milliseconds (user + system) of each run are appended to `cpu` when given: on a shared
    machine they vary less than the wall clock.
    """
    subprocess.run(command, check=True, capture_output=True, env=ENV)
    result = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=ENV)
        result.append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if cpu is not None:
            cpu.append(((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000)
    return result


def summary(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=20)
    parser.add_argument("--unit", type=Path, default=SEED)
    args = parser.parse_args()
    command = archcheck_command(args.unit)
    # interleave the two so that machine load affects both alike
    check_ms: list[float] = []
    import_ms: list[float] = []
    check_cpu: list[float] = []
    import_cpu: list[float] = []
    for _ in range(args.runs):
        check_ms += timings(command, 1, check_cpu)
        import_ms += timings(REFERENCE, 1, import_cpu)
    check_median, check_p90 = summary(check_ms)
    import_median, import_p90 = summary(import_ms)
    check_cpu_median, import_cpu_median = statistics.median(check_cpu), statistics.median(import_cpu)
    print(f"archcheck check {args.unit.name} --format json   median {check_median:7.1f} ms   p90 {check_p90:7.1f} ms   "
          f"CPU {check_cpu_median:7.1f} ms   (n={args.runs})")
    print(f"import pluggy, click, jsonschema, tabulate, yaml  median {import_median:7.1f} ms   p90 {import_p90:7.1f} ms   "
          f"CPU {import_cpu_median:7.1f} ms")
    print(f"ratio (median check / median import)             {check_median / import_median:7.2f}×   "
          f"CPU {check_cpu_median / import_cpu_median:5.2f}×")
    print(f"target median ≤ {TARGET_MS:.0f} ms: {'met' if check_median <= TARGET_MS else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
