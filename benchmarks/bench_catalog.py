"""Benchmark `archcheck catalog` against the CSV parse floor on one synthetic catalogue.

In one run and on the same file: a bare `csv.reader` pass in a child process (the floor), then
`archcheck catalog FILE --format json > /dev/null` in a child process, each timed (wall, and CPU
summed over user and system time) with its own peak RSS (os.wait4). The pair is run `--repeat`
times, alternating, and the medians are reported (the ratio is the median of the per-pair ratios,
which cancels most of the noise of a shared machine). A last archcheck run writes the JSON report
to measure recall and precision against the generator's sidecar. Targets: CPU ≤ 2.0× the floor,
≤ 150 MiB, recall 1.0, no clean row flagged.

    python benchmarks/bench_catalog.py --rows 1000000 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_catalog  # noqa: E402

FLOOR = (
    "import csv, sys\n"
    "with open(sys.argv[1], encoding='utf-8', newline='') as fh:\n"
    "    for row in csv.reader(fh):\n"
    "        pass\n"
)


def timed(argv: list[str], stdout=subprocess.DEVNULL) -> dict:
    """Run a child; wall seconds, CPU seconds and peak RSS (MiB) of that child alone."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024,
            "exit": child.returncode, "stderr": err[-2000:]}


def median_of(samples: list[dict]) -> dict:
    """Per-field medians of several timed runs (exit and stderr of the last)."""
    out = dict(samples[-1])
    for key in ("wall", "cpu", "rss_mib"):
        out[key] = statistics.median(s[key] for s in samples)
    out["exit"] = max(s["exit"] for s in samples)
    return out


def print_accuracy(acc: dict) -> bool:
    """Print recall and precision (`accuracy`'s result); False if the accuracy run failed."""
    if "error" in acc:
        print("accuracy run failed:", acc["error"])
        return False
    print(f"recall {acc['recall']} of {acc['injected']} injected  ·  clean rows flagged {acc['clean_rows_flagged']}"
          f"  ·  precision {acc['precision']}")
    if acc["missed"]:
        print("missed (line, rule):", acc["missed"])
    if acc["clean_rows_flagged_sample"]:
        print("clean rows flagged:", acc["clean_rows_flagged_sample"])
    return True


def accuracy(report_path: Path, sidecar: dict) -> dict:
    report = json.loads(report_path.read_text(encoding="utf-8"))
    found = set()
    flagged = set()
    for unit in report["units"]:
        for f in unit["findings"]:
            line = f["location"].get("line")
            if line is not None:  # a workbook's lines are numbered per sheet
                where = (f["location"].get("sheet"), line)
                found.add((where, f["rule"]))
                flagged.add(where)
    expected = {((d.get("sheet"), d["line"]), d["rule"]) for d in sidecar["defects"]}
    defect_lines = {(d.get("sheet"), d["line"]) for d in sidecar["defects"]}
    missed = sorted(expected - found)
    clean_flagged = sorted(flagged - defect_lines)
    return {
        "injected": len(expected),
        "recall": round(1 - len(missed) / len(expected), 4) if expected else 1.0,
        "missed": missed[:20],
        "rows_flagged": len(flagged),
        "clean_rows_flagged": len(clean_flagged),
        "clean_rows_flagged_sample": clean_flagged[:20],
        "precision": round(1 - len(clean_flagged) / len(flagged), 4) if flagged else 1.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=0.001)
    parser.add_argument("--file", type=Path, help="use this catalogue (needs its .defects.json sidecar)")
    parser.add_argument("--as-of", default="2025-06-30")
    parser.add_argument("--repeat", type=int, default=3, help="floor/archcheck pairs to run (medians reported)")
    args = parser.parse_args(argv)

    out = HERE / "out"
    out.mkdir(exist_ok=True)
    path = args.file or out / f"catalog-{args.rows}-s{args.seed}.csv"
    sidecar_path = Path(str(path) + ".defects.json")
    if not sidecar_path.exists():
        print(f"generating {path} ({args.rows} rows)…", file=sys.stderr)
        gen_catalog.write(path, args.rows, args.seed, args.rate)
    sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))

    command = [sys.executable, "-m", "archcheck", "catalog", str(path), "--format", "json", "--as-of", args.as_of,
               "--fail-on", "never"]
    floors, runs = [], []
    for _ in range(max(1, args.repeat)):
        floors.append(timed([sys.executable, "-c", FLOOR, str(path)]))
        runs.append(timed(command))
    floor, run = median_of(floors), median_of(runs)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        with open(report, "wb") as fh:
            second = timed(command, stdout=fh)
        acc = accuracy(report, sidecar) if second["exit"] in (0, 1) else {"error": second["stderr"]}

    result = {
        "file": str(path), "rows": sidecar["rows"], "bytes": path.stat().st_size,
        "command": " ".join(["archcheck", *command[3:]]) + " > /dev/null",
        "floor": floor, "archcheck": run,
        "repeat": len(runs), "runs": [{"floor": f, "archcheck": r} for f, r in zip(floors, runs)],
        "ratio_wall": round(statistics.median(r["wall"] / f["wall"] for f, r in zip(floors, runs)), 2),
        "ratio_cpu": round(statistics.median(r["cpu"] / f["cpu"] for f, r in zip(floors, runs)), 2),
        "accuracy": acc,
        "targets": {"ratio": 2.0, "rss_mib": 150, "recall": 1.0, "clean_rows_flagged": 0},
    }
    (out / "bench-catalog-result.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"rows {result['rows']:,}  file {result['bytes'] / 2**20:.0f} MiB  (medians of {len(runs)} alternating runs)")
    print(f"floor (csv.reader)  wall {floor['wall']:.2f}s  cpu {floor['cpu']:.2f}s  rss {floor['rss_mib']:.0f} MiB")
    print(f"archcheck catalog   wall {run['wall']:.2f}s  cpu {run['cpu']:.2f}s  rss {run['rss_mib']:.0f} MiB  exit {run['exit']}")
    print(f"ratio               wall {result['ratio_wall']}×  cpu {result['ratio_cpu']}×  (target: cpu ≤ 2.0×; cpu = user+sys)")
    print("per-pair cpu ratios ", " ".join(f"{r['cpu'] / f['cpu']:.2f}" for f, r in zip(floors, runs)))
    if not print_accuracy(acc):
        return 1
    if run["exit"] not in (0, 1):
        print(run["stderr"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
