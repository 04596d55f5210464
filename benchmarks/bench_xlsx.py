"""Benchmark `archcheck catalog` on an XLSX (and optionally a .xls) against the bare python-calamine floor.

In one run and on the same workbook: a bare python-calamine read of every row of every sheet in a
child process (the floor: `CalamineWorkbook.from_path`, `get_sheet_by_name`, `iter_rows()`, no
conversion of the cells), then `archcheck catalog FILE --format json > /dev/null` in a child process,
each timed (wall, and CPU summed over user and system time) with its own peak RSS (os.wait4). The
pair is run `--repeat` times, alternating, and the medians are reported (the ratio is the median of
the per-pair ratios, which cancels most of the noise of a shared machine). A last archcheck run
writes the JSON report to measure recall and precision against the generator's sidecar. Target
(issue 14): XLSX and .xls through python-calamine, 100k rows at CPU ≤ 2.0× the bare calamine read.

The .xlsx (openpyxl) and the .xls (xlwt, the test extra's BIFF8 writer: sheets of at most 65,535
records, so 100k rows are two sheets) are written by `gen_catalog.py` from the same rows into
benchmarks/out/ and reused while their parameters are unchanged. `--xls PATH` times another .xls
instead (recall/precision if PATH has a `.defects.json` sidecar or an `.expected.json` with
`findings`; fixtures/catalog/real/biff.xls has 12 records, where the ratio is start-up, not
reading); `--xls none` skips it.

    python benchmarks/bench_xlsx.py --rows 100000 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_catalog  # noqa: E402
from bench_catalog import accuracy, median_of, print_accuracy, timed  # noqa: E402

FIXTURE_XLS = HERE.parent / "fixtures" / "catalog" / "real" / "biff.xls"

FLOOR = (
    "import sys\n"
    "from python_calamine import CalamineWorkbook\n"
    "wb = CalamineWorkbook.from_path(sys.argv[1])\n"
    "for name in wb.sheet_names:\n"
    "    sheet = wb.get_sheet_by_name(name)\n"
    "    for row in sheet.iter_rows():\n"
    "        pass\n"
)
TARGET = 2.0


def workbook(out: Path, rows: int, seed: int, rate: float, fmt: str = "xlsx") -> tuple[Path, dict]:
    """The generated workbook (.xlsx or .xls) and its sidecar, written only if missing or made with other parameters."""
    path = out / f"catalog-{rows}-s{seed}-r{rate:g}.{fmt}"
    sidecar_path = Path(str(path) + ".defects.json")
    if path.exists() and sidecar_path.exists():
        sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
        if sidecar.get("format") == fmt and sidecar.get("seed") == seed:
            return path, sidecar
    print(f"generating {path} ({rows} rows)…", file=sys.stderr)
    return path, gen_catalog.write(path, rows=rows, seed=seed, rate=rate, fmt=fmt)


def xls_sidecar(path: Path) -> dict | None:
    """Expected defects of a given .xls: a generator sidecar, or a fixture's expected.json findings."""
    for suffix, key in ((".defects.json", "defects"), (".expected.json", "findings")):
        p = Path(str(path) + suffix)
        if p.exists():
            data = json.loads(p.read_text(encoding="utf-8"))
            return {"rows": data.get("rows", data.get("records")), "defects": data.get(key, [])}
    return None


def measure(path: Path, sidecar: dict | None, repeat: int, as_of: str) -> dict:
    command = [sys.executable, "-m", "archcheck", "catalog", str(path), "--format", "json", "--as-of", as_of,
               "--fail-on", "never"]
    floors, runs = [], []
    for _ in range(max(1, repeat)):
        floors.append(timed([sys.executable, "-c", FLOOR, str(path)]))
        runs.append(timed(command))
    floor, run = median_of(floors), median_of(runs)
    acc = None
    if sidecar is not None:
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "report.json"
            with open(report, "wb") as fh:
                last = timed(command, stdout=fh)
            acc = accuracy(report, sidecar) if last["exit"] in (0, 1) else {"error": last["stderr"]}
    ratio_cpu = round(statistics.median(r["cpu"] / f["cpu"] for f, r in zip(floors, runs)), 2)
    return {
        "file": str(path), "rows": sidecar.get("rows") if sidecar else None, "bytes": path.stat().st_size,
        "command": " ".join(["archcheck", *command[3:]]) + " > /dev/null",
        "floor": floor, "archcheck": run,
        "repeat": len(runs), "runs": [{"floor": f, "archcheck": r} for f, r in zip(floors, runs)],
        "ratio_wall": round(statistics.median(r["wall"] / f["wall"] for f, r in zip(floors, runs)), 2),
        "ratio_cpu": ratio_cpu,
        "target_met": ratio_cpu <= TARGET,
        "accuracy": acc,
    }


def report(label: str, res: dict) -> bool:
    """Print one measurement; False if a run failed."""
    floor, run = res["floor"], res["archcheck"]
    rows = f"{res['rows']:,}" if res["rows"] is not None else "?"
    print(f"[{label}] {res['file']}")
    print(f"rows {rows}  file {res['bytes'] / 2**20:.1f} MiB  (medians of {res['repeat']} alternating runs)")
    print(f"floor (calamine)    wall {floor['wall']:.2f}s  cpu {floor['cpu']:.2f}s  rss {floor['rss_mib']:.0f} MiB"
          f"  exit {floor['exit']}")
    print(f"archcheck catalog   wall {run['wall']:.2f}s  cpu {run['cpu']:.2f}s  rss {run['rss_mib']:.0f} MiB"
          f"  exit {run['exit']}")
    print(f"ratio               wall {res['ratio_wall']}×  cpu {res['ratio_cpu']}×  (target: cpu ≤ {TARGET}×; "
          f"cpu = user+sys) — {'met' if res['target_met'] else 'NOT met'}")
    print("per-pair cpu ratios ", " ".join(f"{p['archcheck']['cpu'] / p['floor']['cpu']:.2f}" for p in res["runs"]))
    ok = floor["exit"] == 0 and run["exit"] in (0, 1)
    if floor["exit"] != 0:
        print("floor failed:", floor["stderr"])
    if run["exit"] not in (0, 1):
        print(run["stderr"])
    acc = res["accuracy"]
    if acc is None:
        print("accuracy: no sidecar, not measured")
    elif not print_accuracy(acc):
        ok = False
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=0.001)
    parser.add_argument("--file", type=Path, help="use this .xlsx (needs its .defects.json sidecar)")
    parser.add_argument("--xls", default="generated",
                        help="also time this .xls (default: one generated from the same rows; 'none' to skip)")
    parser.add_argument("--as-of", default="2025-06-30")
    parser.add_argument("--repeat", type=int, default=5, help="floor/archcheck pairs to run (medians reported)")
    args = parser.parse_args(argv)

    out = HERE / "out"
    out.mkdir(exist_ok=True)
    if args.file:
        path = args.file
        sidecar = json.loads(Path(str(path) + ".defects.json").read_text(encoding="utf-8"))
    else:
        path, sidecar = workbook(out, args.rows, args.seed, args.rate)

    result = {"xlsx": measure(path, sidecar, args.repeat, args.as_of), "xls": None,
              "targets": {"ratio": TARGET, "recall": 1.0, "clean_rows_flagged": 0}}
    ok = report("xlsx", result["xlsx"])
    if args.xls.lower() != "none":
        xls, xls_expected = workbook(out, args.rows, args.seed, args.rate, "xls") if args.xls == "generated" \
            else (Path(args.xls), None)
        if xls.exists():
            result["xls"] = measure(xls, xls_expected or xls_sidecar(xls), args.repeat, args.as_of)
            if xls.resolve() == FIXTURE_XLS.resolve():
                result["xls"]["note"] = "small fixture: the ratio is start-up, not reading"
            print()
            ok = report("xls", result["xls"]) and ok
            if "note" in result["xls"]:
                print("note:", result["xls"]["note"])
        else:
            print(f"xls: {xls} not found, skipped")
    (out / "bench-xlsx-result.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
