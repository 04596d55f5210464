"""Per-kind measurement of `archcheck catalog` on the independent generator's exports (issue 11).

    .venv/bin/python tests/independent/report.py [--seeds 1] [--case ID ...] [--json OUT]

For every export shape of the test matrix (and each extra seed) it injects every defect kind once, runs the
real CLI and prints, per kind: injected / found exactly once / found more than once (duplicates at the
line) / found only under another rule / missed / findings on clean lines of the defect's group (cascades).
Then the clean-line findings by rule, file-level findings by rule, and per shape the exit code and the
record count. Nothing here reads archcheck's code; the verdicts come from the CLI's JSON report.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import catalog_gen as gen  # noqa: E402
from independent_harness import FLAGGED, MISSED, MORE, OK_SKIPPED, ONCE, WRONG, run_catalog, score  # noqa: E402
from test_catalog_independent import EXPECTED, MATRIX, RULES  # noqa: E402


# Findings that say the export itself was not understood (missing columns, malformed rows).
READING_RULES = {"CAT001", "CAT002"}


def measure(cases, workdir: Path):
    """Run every case; count per kind over all shapes and over the shapes read as catalogues."""
    per_kind, per_kind_read = defaultdict(Counter), defaultdict(Counter)
    clean_by_rule, file_by_rule = Counter(), Counter()
    shapes = []
    for case in cases:
        written = case.write(workdir)
        run = run_catalog(written.path)
        s = score(written.truth, written.record_lines, run.findings, RULES, written.sheet)
        read = run.exit in (0, 1) and not any(f.get("rule") in READING_RULES for f in run.findings)
        for counts in (per_kind, per_kind_read) if read else (per_kind,):
            for v in s.verdicts:
                counts[v.kind]["injected"] += 1
                counts[v.kind][v.outcome] += 1
            for f, kind in s.clean_line:
                counts[kind]["cascade"] += 1
        for f, kind in s.clean_line:
            clean_by_rule[f.get("rule")] += 1
        for f in s.file_level:
            file_by_rule[f.get("rule")] += 1
        shapes.append({"case": case.id, "seed": case.seed, "exit": run.exit, "records": run.records,
                       "expected_records": len(written.record_lines), "findings": len(run.findings),
                       "clean_line": len(s.clean_line), "file_level": len(s.file_level),
                       "once": sum(v.outcome in (ONCE, OK_SKIPPED) for v in s.verdicts),
                       "defects": len(s.verdicts), "read": read})
    return per_kind, per_kind_read, clean_by_rule, file_by_rule, shapes


def kind_table(per_kind) -> str:
    rows = []
    for kind in gen.KINDS:
        c = per_kind[kind]
        e = EXPECTED[kind]
        rule = "/".join(e.rules) if e.rules else ("new rule" if e.rules == () else "no finding")
        if e.rules is None:
            rows.append((kind, rule, c["injected"], f"{c[OK_SKIPPED]} skipped", "-", "-",
                         f"{c[FLAGGED]} flagged", c["cascade"]))
        else:
            rows.append((kind, rule, c["injected"], c[ONCE], c[MORE], c[WRONG], c[MISSED], c["cascade"]))
    return table(rows, ("kind", "expected", "injected", "once", "more", "other rule", "missed", "clean-line"))


def totals(per_kind) -> str:
    tot = Counter()
    for kind in gen.KINDS:
        tot.update(per_kind[kind])
    cascades = sum(per_kind[k]["cascade"] for k in per_kind)
    return (f"total: {tot['injected']} injected, {tot[ONCE] + tot[OK_SKIPPED]} right (once / blank skipped), "
            f"{tot[MORE]} more than once, {tot[WRONG]} only under another rule, {tot[MISSED] + tot[FLAGGED]} "
            f"missed or blank row flagged; {cascades} findings on clean lines "
            f"({per_kind['unattributed']['cascade']} outside any defect's group)")


def table(rows, header):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    fmt = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    out = [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*r) for r in rows]
    return "\n".join(out)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seeds", type=int, default=1, help="seeds per shape (the matrix seed, then +100, +200 …)")
    p.add_argument("--case", action="append", help="only these shape ids (repeatable)")
    p.add_argument("--json", type=Path, help="also write the numbers as JSON")
    a = p.parse_args(argv)
    cases = [c for c in MATRIX if not a.case or c.id in a.case]
    cases = [replace(c, seed=c.seed + 100 * k) for k in range(a.seeds) for c in cases]
    with tempfile.TemporaryDirectory() as tmp:
        per_kind, per_kind_read, clean_by_rule, file_by_rule, shapes = measure(cases, Path(tmp))

    read = [s["case"] for s in shapes if s["read"]]
    print(f"archcheck catalog on {len(cases)} generated exports ({len(cases) // a.seeds} shapes x {a.seeds} "
          "seed(s)), each defect kind injected once per export\n")
    print("A. all shapes\n")
    print(kind_table(per_kind))
    print("\n" + totals(per_kind))
    print(f"\nB. only the {len(read)} exports read as catalogues (no CAT001/CAT002 finding): "
          f"{', '.join(sorted(set(read)))}\n")
    print(kind_table(per_kind_read))
    print("\n" + totals(per_kind_read))
    print("\nclean-line findings by rule: " + (", ".join(f"{r} {n}" for r, n in clean_by_rule.most_common()) or "none"))
    print("file-level findings by rule: " + (", ".join(f"{r} {n}" for r, n in file_by_rule.most_common()) or "none"))
    print()
    print(table([(s["case"], s["seed"], s["exit"], f"{s['records']}/{s['expected_records']}",
                  "yes" if s["read"] else "no", f"{s['once']}/{s['defects']}", s["clean_line"], s["file_level"])
                 for s in shapes],
                ("shape", "seed", "exit", "records", "read", "right", "clean-line", "file-level")))
    print("\nonce: exactly one finding at the defect's line, under its rule (new rules: at its column); "
          "more: that plus other findings at the line; other rule: findings at the line, none under its "
          "rule; clean-line: findings on defect-free rows of the defect's group; records: reported/real.")
    if a.json:
        a.json.write_text(json.dumps({"per_kind": {k: dict(v) for k, v in per_kind.items()},
                                      "per_kind_read": {k: dict(v) for k, v in per_kind_read.items()},
                                      "clean_line_by_rule": dict(clean_by_rule),
                                      "file_level_by_rule": dict(file_by_rule), "shapes": shapes},
                                     ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
