"""Check a unit description together with its catalogue exports: `archcheck check UNIT --catalog EXPORT …`.

Three parts, one report: the unit as `archcheck check` checks it, each export as `archcheck catalog`
checks it (streamed, its own CAT/VOL findings), and the link between them — the LNK rules, which
compare what the description says (fonds code, departments, holdings counts) with the counts the
exports gave. The counts are taken in the exports' own streaming pass (`catalog.tally`) and travel in
their reports' stats, so no row is kept and the exports are read once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from archcheck.audit.prepared import PreparedAudit
from archcheck.errors import InputError, Problem
from archcheck.model import Report, Text, UnitReport

NOT_A_FILE = Text("目录文件不存在或不是文件", "the catalogue file does not exist or is not a file")
ONE_UNIT = Text("--catalog 只能与一个单位描述文件一起使用，现有 {n} 个（目录要与哪个单位核对？）",
                "--catalog goes with one unit description, not {n} (which unit would the catalogues be compared with?)")


@dataclass(frozen=True)
class Counts:
    """What one kind of catalogue (归档文件目录: items; 案卷目录: volumes) lists, summed over the run's files.

    Values are as written once cleaned of spreadsheet whitespace; a column the files did not have (nor
    their 档号) is `None`, which the LNK rules read as "no evidence", never as zero.
    """

    kind: str
    files: tuple[str, ...]
    records: int
    #: records per 年度 (parsed); None: no 年度 column
    by_year: Mapping[int, int] | None = None
    #: records whose 年度 is blank or no year
    undated: int = 0
    #: records per 全宗号 (upper case; blank left out); None: no 全宗号 column or 档号
    by_fonds: Mapping[str, int] | None = None
    #: records per 机构（问题） value (blank left out); None: no 机构 column or 档号
    by_org: Mapping[str, int] | None = None
    #: 机构 column value → the 机构 code in the same records' 档号 → records
    org_codes: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    #: (column, value) → where the value first appears: "file:line" or "file:sheet:line"
    first: Mapping[tuple[str, str], str] = field(default_factory=dict)
    #: columns with more distinct values than were told apart (hostile or broken data)
    truncated: tuple[str, ...] = ()

    def where(self, column: str, value: str) -> str:
        return self.first.get((column, value), self.files[0] if self.files else "")

    @property
    def names(self) -> str:
        return "、".join(Path(f).name for f in self.files)


@dataclass(frozen=True)
class Linked:
    """What a link rule is given: the unit description (read-only, as unit rules see it), its file, and
    the counts of the item and volume catalogues checked with it (None: no catalogue of that kind)."""

    unit: Mapping[str, Any]
    source: str
    items: Counts | None = None
    volumes: Counts | None = None

    def catalogues(self) -> list[Counts]:
        return [c for c in (self.items, self.volumes) if c is not None]


def check_catalogue_paths(units: Sequence[Path], catalogues: Sequence[Path]) -> None:
    """Refuse, before anything is checked, a link run with several units or a catalogue that is not a file (exit 2)."""
    problems = []
    if len(units) != 1:
        problems.append(Problem("--catalog", "", ONE_UNIT.format(n=len(units))))
    problems += [Problem(str(path), "", NOT_A_FILE) for path in catalogues if not path.is_file()]
    if problems:
        raise InputError(problems)


def check_linked(unit_path: Path, catalogues: Sequence[Path], audit: PreparedAudit, max_per_rule: int | None = None,
                 columns: Mapping[str, str] | None = None, progress: bool = False) -> Report:
    """The unit's report, each catalogue's report (checked as of the unit's audit date), and the link report."""
    from archcheck.audit.catalog_files import catalog_options, check_catalogs
    from archcheck.audit.unit_files import check_units

    unit_report = check_units([unit_path], audit).units[0]
    options = catalog_options(as_of=unit_report.as_of, encoding=None, input_format=None, columns=(), config_columns=columns,
                              max_per_rule=max_per_rule, progress=progress)
    options = dataclasses.replace(options, tally=True)
    exports = check_catalogs(list(catalogues), audit, options).units
    link = link_report(unit_report, exports, audit)
    return audit.report([unit_report, *exports, link])


def link_report(unit: UnitReport, exports: Sequence[UnitReport], audit: PreparedAudit) -> UnitReport:
    """Run the LNK rules on the unit and the exports' counts; a report on the unit's file (its JSON paths)."""
    from archcheck.engine.frozen import freeze
    from archcheck.engine.units import run_rules
    from archcheck.scoring import score

    assert unit.data is not None
    linked = Linked(freeze(unit.data), unit.source, merge_counts("items", exports), merge_counts("volumes", exports))
    settings = audit.settings
    ctx = audit.context(dt.date.fromisoformat(unit.as_of), Path(unit.source).resolve().parent)
    mark = audit.ledger.scope(ctx.as_of, unit.source)
    results = run_rules(audit.rules("link"), linked, ctx, settings.selection, settings.params, settings.rule_timeout, mark)
    files = [f for c in linked.catalogues() for f in c.files]
    return UnitReport(
        name=f"{unit.name} ↔ " + " + ".join(Path(f).name for f in files),
        source=unit.source,
        as_of=unit.as_of,
        results=results,
        score=score(results, settings.profile, audit.areas),
        stats={"link": {"unit": unit.source, "catalogues": files}},
        positions=unit.positions,
    )


def merge_counts(kind: str, exports: Sequence[UnitReport]) -> Counts | None:
    """The tallies of every export of `kind` summed; None when the run has none of that kind."""
    from archcheck.catalog.values import clean, parse_year

    tallies = [(u, u.stats["holdings"]) for u in exports if (u.stats.get("holdings") or {}).get("kind") == kind]
    if not tallies:
        return None
    files: list[str] = []
    records = undated = 0
    years: Counter = Counter()
    fonds: Counter = Counter()
    orgs: Counter = Counter()
    pairs: dict[str, Counter] = {}
    first: dict[tuple[str, str], str] = {}
    present: set[str] = set()
    truncated: set[str] = set()
    for unit, tally in tallies:
        files += list(unit.stats.get("files") or [unit.source])
        records += tally["records"]
        present.update(tally["columns"])
        truncated.update(tally.get("truncated") or ())
        by_column = tally["by_column"]
        for raw, n in by_column.get("年度", {}).items():
            year = parse_year(raw)
            if year is None:
                undated += n
            else:
                years[year] += n
        for column, counter, norm in (("全宗号", fonds, lambda v: clean(v).upper()), ("机构", orgs, clean)):
            for raw, n in by_column.get(column, {}).items():
                value = norm(raw)
                if not value:
                    continue
                counter[value] += n
                at = tally["first"][column].get(raw)
                if at is not None and (column, value) not in first:
                    file, sheet, line = at
                    first[column, value] = ":".join(str(p) for p in (file, sheet, line) if p)
        for name, code, n in tally.get("org_codes") or ():
            name, code = clean(name), clean(code).upper()
            if name and code and not name.isascii():
                pairs.setdefault(name, Counter())[code] += n
    return Counts(
        kind=kind,
        files=tuple(dict.fromkeys(files)),
        records=records,
        by_year=dict(years) if "年度" in present else None,
        undated=undated,
        by_fonds=dict(fonds) if "全宗号" in present else None,
        by_org=dict(orgs) if "机构" in present else None,
        org_codes={name: dict(codes) for name, codes in pairs.items()},
        first=first,
        truncated=tuple(sorted(truncated)),
    )
