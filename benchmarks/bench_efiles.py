"""Benchmark `archcheck check unit.yaml --select EFL` on a catalogue of N rows and a folder of N files.

For each size in `--sizes` a unit is written with `extensions.efiles` naming a folder of N small files
(tiny PDFs, 1–3 pages, and one-page JPEGs), the catalogue that names them (目录.csv: 档号, 题名, 页数)
and a manifest (path,sha256), so that every EFL rule runs: EFL001–EFL005 against the manifest,
EFL006–EFL010 against the catalogue. A fixed number of defects of each kind (`--defects`, default 10:
a missing file, a file without a row, a wrong 页数, an empty file, a damaged PDF, a Word file named
.pdf, a wrong checksum) is injected whatever N, so that what grows with N is the files, not the
findings. Each size is then checked `--repeat` times, the sizes interleaved, in a child process as a
user would run it (JSON report to a file, `--rule-timeout 0`), and the medians of CPU time
(user + system) and peak RSS (os.wait4) are printed with the RSS growth per file between sizes.
Every injected defect must be found (the run fails otherwise).

    python benchmarks/bench_efiles.py --sizes 10000,30000,100000 --repeat 3
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
#: what each injected defect must give: rule id, and the number of findings per defect
EXPECTED = {"missing": ("EFL001", "EFL006"), "extra": ("EFL005", "EFL007"), "pages": ("EFL008",), "empty": ("EFL004",),
            "damaged": ("EFL009",), "format": ("EFL003",), "checksum": ("EFL002",)}


def pdf(pages: int) -> bytes:
    """A minimal valid PDF of blank A4 pages, written by hand (as the plugin's tests do)."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>"]
    objects += ["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def write_unit(folder: Path, count: int, defects: int, seed: int = 7) -> tuple[Path, dict[str, int]]:
    """The unit, its catalogue, files folder and manifest; the number of findings each rule must give."""
    rng = random.Random(seed)
    files = folder / "efiles"
    files.mkdir()
    pdfs = {pages: pdf(pages) for pages in (1, 2, 3)}
    digests = {pages: hashlib.sha256(data).hexdigest() for pages, data in pdfs.items()}
    jpeg_digest = hashlib.sha256(JPEG).hexdigest()
    picked = rng.sample([i for i in range(count) if i % 10], 6 * defects)  # distinct PDF rows (every tenth row is a JPEG)
    victims = {kind: set(picked[n * defects:(n + 1) * defects]) for n, kind in enumerate(("missing", "pages", "empty", "damaged", "format", "checksum"))}
    with (folder / "目录.csv").open("w", encoding="utf-8", newline="") as catalogue, \
            (files / "manifest.csv").open("w", encoding="utf-8", newline="") as manifest:
        catalogue.write("档号,责任者,题名,日期,页数\n")
        manifest.write("path,sha256\n")
        for i in range(count):
            key = f"Z109-WS·2024-Y-BGS-{i + 1:06d}"
            pages = 1 + i % 3
            if i % 10 == 0:
                name, data, digest, pages = f"{key}.jpg", JPEG, jpeg_digest, 1
            else:
                name, data, digest = f"{key}.pdf", pdfs[pages], digests[pages]
            written = pages + 1 if i in victims["pages"] else pages
            catalogue.write(f"{key},办公室,关于第{i + 1}项工作的通知,20240315,{written}\n")
            if i in victims["empty"]:
                data, digest = b"", hashlib.sha256(b"").hexdigest()
            elif i in victims["damaged"]:
                data = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 9 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
                digest = hashlib.sha256(data).hexdigest()
            elif i in victims["format"]:
                data = b"PK\x03\x04 a word document saved as .pdf"
                digest = hashlib.sha256(data).hexdigest()
            elif i in victims["checksum"]:
                digest = "0" * 64
            manifest.write(f"{name},{digest}\n")
            if i not in victims["missing"]:
                (files / name).write_bytes(data)
        for n in range(defects):  # files with neither a row nor a manifest line
            (files / f"Z109-WS·2024-Y-BGS-X{n:05d}.pdf").write_bytes(pdfs[1])
    unit = folder / "unit.yaml"
    unit.write_text(json.dumps({"schema_version": "1", "as_of": "2025-06-30", "unit": {"name": "基准单位"},
                                "extensions": {"efiles": {"folder": "efiles", "catalog": "目录.csv",
                                                          "manifest": "efiles/manifest.csv"}}}, ensure_ascii=False),
                    encoding="utf-8")
    wanted: dict[str, int] = {}
    for kind, rules in EXPECTED.items():
        for rule in rules:
            wanted[rule] = wanted.get(rule, 0) + defects
    return unit, wanted


def timed(argv: list[str]) -> dict:
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    _, status, usage = os.wait4(child.pid, 0)
    return {"wall": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024,
            "exit": os.waitstatus_to_exitcode(status), "stderr": err[-2000:]}


def check_findings(report: Path, wanted: dict[str, int]) -> None:
    unit = json.loads(report.read_text(encoding="utf-8"))["units"][0]
    got: dict[str, int] = {}
    for finding in unit["findings"]:
        got[finding["rule"]] = got.get(finding["rule"], 0) + 1
    errors = [o for o in unit["outcomes"] if o["outcome"] == "error"]
    if got != wanted or errors:
        raise SystemExit(f"findings {got}, expected {wanted}; errors: {errors[:2]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000", help="comma-separated numbers of files (and rows)")
    parser.add_argument("--defects", type=int, default=10, help="defects of each kind, whatever the size")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    exe = str(Path(sys.executable).parent / "archcheck")
    root = Path(tempfile.mkdtemp(prefix="bench-efiles-"))
    try:
        units = {}
        for size in sizes:
            (root / str(size)).mkdir()
            print(f"writing {size} rows and files…", file=sys.stderr)
            units[size] = write_unit(root / str(size), size, args.defects)
        samples: dict[int, list[dict]] = {size: [] for size in sizes}
        for _ in range(max(1, args.repeat)):
            for size in sizes:
                unit, wanted = units[size]
                report = unit.parent / "report.json"
                run = timed([exe, "check", str(unit), "--select", "EFL", "--format", "json", "-o", str(report),
                             "--fail-on", "never", "--rule-timeout", "0"])
                if run["exit"] != 0:
                    raise SystemExit(f"archcheck exited {run['exit']} at {size} files: {run['stderr']}")
                check_findings(report, wanted)
                samples[size].append(run)
        print(f"medians of {args.repeat} interleaved runs; {args.defects} defects of each kind at every size")
        previous = None
        for size in sizes:
            cpu = statistics.median(r["cpu"] for r in samples[size])
            rss = statistics.median(r["rss_mib"] for r in samples[size])
            growth = ""
            if previous is not None:
                per_file = (rss - previous[1]) * 2**20 / (size - previous[0])
                growth = f"  rss growth {per_file:6.0f} B/file since {previous[0]}"
            print(f"  {size:8d} files  cpu {cpu:8.2f}s ({cpu / size * 1e6:6.0f} µs/file)  peak rss {rss:7.1f} MiB{growth}")
            previous = (size, rss)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
