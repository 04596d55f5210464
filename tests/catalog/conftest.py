"""Helpers for catalogue tests: write small exports, run the catalogue rules, index findings."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

import pytest

from archcheck.audit.catalog_files import CatalogOptions, check_catalog
from archcheck.audit.prepared import PreparedAudit, Settings
from archcheck.plugins import load_plugins
from archcheck.scoring import load_profile

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

HEADER = ["序号", "档号", "全宗号", "年度", "保管期限", "机构（问题）", "件号", "文号", "责任者", "题名", "日期", "密级", "页数", "备注"]
_PLUGINS = load_plugins()
RULES = _PLUGINS.rules_for("catalog")
PROFILE = load_profile("default")


def row(item: int, year: int = 2019, term: str = "Y", org: str = "BGS", **changes: str) -> list[str]:
    """A clean catalogue row; keyword arguments replace cells by canonical-ish header name."""
    values = {
        "序号": str(item), "档号": f"Z109-WS·{year}-{term}-{org}-{item:04d}", "全宗号": "Z109", "年度": str(year),
        "保管期限": term, "机构（问题）": org, "件号": f"{item:04d}", "文号": f"桂办〔{year}〕{item}号", "责任者": "办公室",
        "题名": f"关于第{item}项工作的通知", "日期": f"{year}0{1 + item % 9}1{item % 9}", "密级": "", "页数": str(1 + item % 7),
        "备注": "",
    }
    for key, value in changes.items():
        values[{"机构": "机构（问题）"}.get(key, key)] = value
    return [values[h] for h in HEADER]


def clean_rows(count: int = 5, **kw) -> list[list[str]]:
    return [row(i, **kw) for i in range(1, count + 1)]


def write_csv(path: Path, rows, header=HEADER, encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run(path: Path, as_of: str = "2025-06-30", rules=None, selection=None, waivers=(), **options):
    """Check one export with the catalogue rules (or `rules`); `options` are CatalogOptions fields."""
    settings = Settings(profile=PROFILE, waivers=tuple(waivers), **({"selection": selection} if selection else {}))
    audit = PreparedAudit(_PLUGINS, settings, {"catalog": list(rules if rules is not None else RULES)})
    return check_catalog(Path(path), audit, CatalogOptions(as_of=dt.date.fromisoformat(as_of), **options))


def findings(report, rule_id: str | None = None):
    """[(rule, line, column)] of a report, optionally for one rule."""
    out = []
    for result in report.results:
        for f in result.findings:
            if rule_id is None or result.rule.id == rule_id:
                out.append((result.rule.id, f.location.line, f.location.column))
    return out


def lines_of(report, rule_id: str) -> list[int]:
    return [line for _, line, _ in findings(report, rule_id)]


@pytest.fixture
def catalog(tmp_path):
    """Write rows (after the standard header) to a CSV and run the catalogue rules on it."""

    def make(rows, name="c.csv", header=HEADER, encoding="utf-8", **settings):
        return run(write_csv(tmp_path / name, rows, header, encoding), **settings)

    return make
