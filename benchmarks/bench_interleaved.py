"""Run labelled commands in turn, N rounds, and print median CPU time, wall time and peak RSS of each.

The spec is a JSON object {label: [argv, extra_env]}; the first label is the reference, and each
command's CPU time is also given as the median of its per-round ratios to the reference's (on a
shared machine the load changes from minute to minute; a round's commands share its minute).
CPU time is user + system of the child and its children (os.wait4).

    python benchmarks/bench_interleaved.py spec.json 5 [--rounds]

`--rounds` also prints every round's CPU times, to see whether the machine changed speed midway.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time


def timed(argv: list[str], env: dict[str, str]) -> dict[str, float]:
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, _, usage = os.wait4(child.pid, 0)
    return {"wall": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}


def main(argv: list[str]) -> int:
    with open(argv[0], encoding="utf-8") as fh:
        spec = json.load(fh)
    each = "--rounds" in argv
    argv = [a for a in argv if a != "--rounds"]
    rounds = int(argv[1]) if len(argv) > 1 else 5
    samples: dict[str, list[dict[str, float]]] = {label: [] for label in spec}
    for _ in range(rounds):
        for label, (command, extra) in spec.items():
            samples[label].append(timed(command, dict(os.environ, **extra)))
    first = next(iter(samples))
    if each:
        for n in range(rounds):
            print(f"round {n + 1:3d} " + "  ".join(f"{label} {runs[n]['cpu']:6.2f}" for label, runs in samples.items()))
    for label, runs in samples.items():
        ratio = statistics.median(r["cpu"] / f["cpu"] for r, f in zip(runs, samples[first]))
        print(f"{label:24s} cpu {statistics.median(r['cpu'] for r in runs):6.2f} s  "
              f"wall {statistics.median(r['wall'] for r in runs):6.2f} s  "
              f"rss {statistics.median(r['rss'] for r in runs):6.1f} MiB  cpu/{first} {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
