"""Benchmark `archcheck catalog 案卷目录.csv 卷内目录.csv` against the CSV parse floor over both files.

Writes a clean volume catalogue pair (`--volumes` volumes of `--items` documents each: 1M 卷内 rows in
50k volumes by default), then alternates, `--repeat` times: a bare `csv.reader` pass over both files in a
child process (the floor), and `archcheck catalog A B --format json` in a child process — each timed
(wall, CPU = user + system) with its peak RSS (os.wait4). Reported: medians, and the median of the
per-pair CPU ratios (which cancels most of a shared machine's noise). A clean pair must give no finding.
Target: ≤ 2.5× the floor.

    python benchmarks/bench_volumes.py --volumes 50000 --items 20 --repeat 3
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

FLOOR = (
    "import csv, sys\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, encoding='utf-8', newline='') as fh:\n"
    "        for row in csv.reader(fh):\n"
    "            pass\n"
)
TERMS = ("永久", "定期30年", "定期10年")


def write_pair(folder: Path, volumes: int, items: int) -> tuple[Path, Path]:
    """A clean pair: 档号 Z109-目录号-案卷号 (two 目录), 顺序号 1…items, 页号 ranges from 1, dates inside the span."""
    a, b = folder / "案卷目录.csv", folder / "卷内目录.csv"
    with a.open("w", encoding="utf-8", newline="") as va, b.open("w", encoding="utf-8", newline="") as vb:
        va.write("档号,全宗号,目录号,案卷号,案卷题名,年度,保管期限,起止日期,件数,页数,备注\n")
        vb.write("档号,顺序号,文号,责任者,题名,日期,页号,保管期限,备注\n")
        half = volumes // 2
        for v in range(volumes):
            catalogue, number = (1, v + 1) if v < half else (2, v - half + 1)
            year = 2000 + v % 20
            term = TERMS[v % 3]
            code = f"Z109-{catalogue}-{number:05d}"
            page = 1
            out, days = [], []
            for seq in range(1, items + 1):
                size = 1 + (seq * 7 + v) % 5
                month, day = 1 + (seq - 1) * 12 // items, 1 + seq % 28
                days.append(f"{year}{month:02d}{day:02d}")
                out.append(f"{code}-{seq},{seq},县政发〔{year}〕{seq}号,县人民政府,关于第{seq}项工作的通知,"
                           f"{days[-1]},{page}-{page + size - 1},{term},\n")
                page += size
            first, last = min(days), max(days)
            va.write(f"{code},Z109,{catalogue},{number},县人民政府关于第{number}卷工作的文件,{year},{term},{first}-{last},"
                     f"{items},{page - 1},\n")
            vb.write("".join(out))
    return a, b


def timed(argv: list[str], stdout=subprocess.DEVNULL) -> dict:
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    err = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024,
            "exit": os.waitstatus_to_exitcode(status), "stderr": err[-2000:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volumes", type=int, default=50_000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    exe = str(Path(sys.executable).parent / "archcheck")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        a, b = write_pair(folder, args.volumes, args.items)
        floors, runs, ratios = [], [], []
        report = folder / "report.json"
        for _ in range(args.repeat):
            floor = timed([sys.executable, "-c", FLOOR, str(a), str(b)])
            run = timed([exe, "catalog", str(a), str(b), "--format", "json", "-o", str(report), "--as-of", "2026-12-01",
                         "--fail-on", "never"])
            if run["exit"] != 0:
                raise SystemExit(f"archcheck exited {run['exit']}: {run['stderr']}")
            floors.append(floor)
            runs.append(run)
            ratios.append(run["cpu"] / floor["cpu"])
        unit = json.loads(report.read_text(encoding="utf-8"))["units"][0]
        result = {
            "volumes": args.volumes, "inner_rows": args.volumes * args.items,
            "floor_cpu_s": round(statistics.median(f["cpu"] for f in floors), 2),
            "archcheck_cpu_s": round(statistics.median(r["cpu"] for r in runs), 2),
            "archcheck_wall_s": round(statistics.median(r["wall"] for r in runs), 2),
            "archcheck_rss_mib": round(statistics.median(r["rss_mib"] for r in runs), 1),
            "ratio_cpu_median": round(statistics.median(ratios), 2),
            "target_ratio": 2.5,
            "findings_on_clean_pair": len(unit["findings"]),
            "records": unit["stats"]["records"],
        }
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
