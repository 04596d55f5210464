"""Time `archcheck check DIR --format json > /dev/null` on 1,000 generated units (target: < 10 s).

The units are variations of the three fixtures (seed, compliant, poor): other names, holdings,
funding amounts and a few facts flipped, so the rules take different paths. Run:

    .venv/bin/python benchmarks/bench_many_units.py [--units 1000] [--jobs N | --serial]

`--jobs N` runs `archcheck check -j N` (default: one worker per core); `--serial` is `--jobs 1`.
The peak RSS printed is the largest process's (the command's own, where the units' results gather).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = [ROOT / "fixtures" / "units" / n for n in ("seed-damingshan.yaml", "compliant.json", "poor.json")]
TARGET_SECONDS = 10.0


def _load(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else _yaml(text)


def _yaml(text: str) -> dict:
    from archcheck.loaders.yaml_safe import UnitYamlLoader

    return yaml.load(text, Loader=UnitYamlLoader)


def variation(base: dict, n: int, rng: random.Random) -> dict:
    unit = copy.deepcopy(base)
    unit["unit"]["name"] = f"第{n:04d}号乡镇档案室"
    holdings = unit.setdefault("holdings", {})
    holdings["volumes"], holdings["items"] = rng.randint(100, 5000), rng.randint(1000, 30000)
    for year in (unit.get("funding") or {}).get("years", []):
        year["amount_yuan"] = rng.randint(0, 30000)
        if rng.random() < 0.2:
            year["in_budget"] = False
    if "funding" in unit and rng.random() < 0.5:
        unit["funding"]["enforcement_funding_in_budget"] = rng.random() < 0.5
    for plan in (unit.get("planning") or {}).get("annual_plans", []):
        if rng.random() < 0.2:
            plan["includes_archive_work"] = False
    return unit


def generate(folder: Path, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    bases = [_load(p) for p in FIXTURES]
    for n in range(count):
        unit = variation(bases[n % len(bases)], n, rng)
        (folder / f"unit-{n:04d}.json").write_text(json.dumps(unit, ensure_ascii=False), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--jobs", type=int, help="worker processes (archcheck check -j N; default: one per core)")
    parser.add_argument("--serial", action="store_true", help="one worker (-j 1)")
    args = parser.parse_args()
    archcheck = shutil.which("archcheck", path=str(Path(sys.executable).parent)) or "archcheck"
    folder = Path(tempfile.mkdtemp(prefix="archcheck-bench-"))
    try:
        generate(folder, args.units)
        jobs = 1 if args.serial else args.jobs
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        with open(os.devnull, "wb") as sink:
            proc = subprocess.run([archcheck, "check", str(folder), "--format", "json", "--fail-on", "never",
                                   *(["-j", str(jobs)] if jobs else [])], stdout=sink, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if proc.returncode != 0:
        print(proc.stderr.decode(errors="replace"), file=sys.stderr)
        return proc.returncode
    mode = f"{jobs} worker(s)" if jobs else "one worker per core"
    verdict = "OK" if elapsed < TARGET_SECONDS else "SLOW"
    load = os.getloadavg()[0]
    print(f"{args.units} units, {mode}: {elapsed:.2f} s wall, {cpu:.2f} s CPU, load average {load:.1f} "
          f"(target < {TARGET_SECONDS:.0f} s) {verdict}; peak RSS {after.ru_maxrss / 1024:.0f} MiB "
          "(the largest process: run two --units counts to see what is kept per unit)")
    return 0 if elapsed < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
