"""Stream the tables of one catalogue export through every catalogue rule, each isolated, one outcome per rule.

The same isolation, time limit, waiver marks and outcome rule as unit rules (`engine.units`): every
call into a rule — creating its state, ``begin``, each ``batch``, ``finish`` — goes through
:func:`~archcheck.engine.isolate.isolate`, so a rule that raises or hangs becomes its ``error`` while
the others read on. A rule's ``applies_if(table, ctx)`` is asked once, on the first table.

Memory stays bounded by one batch plus what cross-record rules keep (compact per-group arrays): the
findings kept for the report go to a temporary file past a threshold (`engine.finding_store`). Each record's worst standing severity is remembered (one byte per
line) for the record-based catalogue score (`scoring.catalog_score`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Mapping

from archcheck.engine.context import SKIPPED_REASON, Context, Selection
from archcheck.engine.finding_store import FindingBuffer
from archcheck.engine.isolate import as_text, isolate, isolate_findings
from archcheck.engine.timelimit import TimeLimit
from archcheck.engine.units import Mark
from archcheck.model import Finding, Outcome, RecordCheck, Rule, RuleResult, Tally, Text, judge


@dataclass
class Table:
    """What the engine needs of one table: the view rules see in `begin`, and its batches of records."""

    view: Any
    batches: Callable[[], Iterator[Any]]


def _line_bytes(sheets: dict[tuple[str | None, str | None], bytearray], key: tuple[str | None, str | None],
                line: int) -> bytearray:
    """The byte-per-line array of a file and sheet, grown (4 KiB at a time) to hold `line`."""
    flags = sheets.get(key)
    if flags is None:
        flags = sheets[key] = bytearray()
    if line >= len(flags):
        flags.extend(bytes(line - len(flags) + 4096))
    return flags


class RecordMarks:
    """Each record's worst standing severity (rank + 1; 0 = no finding), one byte per physical line of
    each file and sheet (a volume run streams two files)."""

    def __init__(self) -> None:
        self.sheets: dict[tuple[str | None, str | None], bytearray] = {}

    def add(self, finding: Finding, rank: int) -> None:
        line = finding.location.line
        if line is None:
            return
        marks = _line_bytes(self.sheets, (finding.location.file, finding.location.sheet), line)
        if marks[line] < rank + 1:
            marks[line] = rank + 1

    def count(self, mark: int) -> int:
        """How many records carry this worst mark."""
        return sum(m.count(mark) for m in self.sheets.values())


class UnplacedLines:
    """The lines of the records a reader could not place in their columns (`RecordBatch.unplaced_lines`),
    one byte per physical line of each file and sheet, as `RecordMarks` keeps them. Every rule's findings
    on them are withheld except those of the rule that reports them (`RecordCheck.reports_unplaced`):
    cells read from a shifted line would make one defect into several."""

    def __init__(self) -> None:
        self.sheets: dict[tuple[str | None, str | None], bytearray] = {}

    def __bool__(self) -> bool:
        return bool(self.sheets)

    def note(self, batch: Any) -> None:
        if not batch.notes:
            return
        lines = batch.unplaced_lines
        if not lines:
            return
        flags = _line_bytes(self.sheets, (batch.table.source, batch.table.sheet), max(lines))
        for line in lines:
            flags[line] = 1

    def withhold(self, findings: list[Finding]) -> list[Finding]:
        """`findings` without those on an unplaced line."""
        sheets = self.sheets
        kept = []
        for finding in findings:
            where = finding.location
            flags = sheets.get((where.file, where.sheet))
            line = where.line
            if flags is None or line is None or line >= len(flags) or not flags[line]:
                kept.append(finding)
        return kept


@dataclass
class _RuleRun:
    """One rule's state and tally during a stream; an error retires the rule."""

    rule: Rule
    ctx: Context
    cap: int | None
    state: RecordCheck | None = None
    kept: FindingBuffer = field(default_factory=FindingBuffer)
    tally: Tally = field(default_factory=lambda: Tally(per_row=True))
    error: Text | None = None
    reason: Text | None = None

    def call(self, method: Callable[[Any], Any], arg: Any, limit: TimeLimit) -> list[Finding]:
        """The findings of one call into the rule, `method(arg)` (none once it has failed)."""
        if self.error is not None or self.reason is not None:
            return []
        findings, error = isolate_findings(self.rule, method, arg, limit, self.ctx.debug)
        if error is not None:
            self.error = error
        return findings


def stream(rules: list[Rule], tables: Iterable[Table], base: Context, selection: Selection,
           params: Mapping[str, Mapping[str, Any]], limit: TimeLimit, mark: Mark | None = None,
           cap: int | None = None, on_batch: Callable[[int], None] | None = None,
           failed: Mapping[str, Text] | None = None) -> "Streamed":
    """One result per rule in `rules` order, each record's worst mark, the number of records, and what
    the file-level findings cost.

    Rules in `failed` (which brought a worker down on this file before) are `error` with that reason
    and are not run again."""
    failed = failed or {}
    runs = [_RuleRun(rule, base.for_rule(rule, params), cap, error=failed.get(rule.id))
            for rule in rules if selection.chooses(rule)]
    marks = RecordMarks()
    unplaced = UnplacedLines()
    records = 0
    first = True

    def absorb(run: _RuleRun, findings: list[Finding]) -> None:
        if unplaced and findings and not type(run.state).reports_unplaced:
            findings = unplaced.withhold(findings)
        if not findings:
            return
        rank = run.rule.severity.rank
        if mark is not None:
            rule_id = run.rule.id
            findings = [mark(rule_id, finding) for finding in findings]
        add = run.tally.add
        for finding in findings:
            add(finding)
            if finding.waiver is None:
                marks.add(finding, rank)
        kept = run.kept
        if run.cap is None:
            kept.items.extend(findings)
        else:
            room = run.cap - len(kept)
            if room > 0:
                kept.items.extend(findings[:room])
        if len(kept.items) > kept.limit:
            kept.settle()

    for table in tables:
        if first:
            first = False
            for run in runs:
                if run.error is None:
                    _start(run, table.view, limit)
        for run in runs:
            if run.state is not None:
                absorb(run, run.call(run.state.begin, table.view, limit))
        reading = [run for run in runs if run.state is not None and _reads_batches(run.state)]
        for batch in table.batches():
            records += len(batch)
            unplaced.note(batch)
            for run in reading:
                if run.state is not None:
                    absorb(run, run.call(run.state.batch, batch, limit))
            if on_batch is not None:
                on_batch(records)
    for run in runs:
        if run.state is not None:
            _finish_in_chunks(run, limit, absorb)
    for run in runs:
        if run.state is not None and run.error is None and not run.tally.findings:
            _ask_not_applicable(run, limit)
    by_id = {run.rule.id: _result(run, records) for run in runs}
    results = [by_id.get(rule.id) or RuleResult(rule, Outcome.SKIPPED, reason=SKIPPED_REASON) for rule in rules]
    counted = [run for run in runs if by_id[run.rule.id].outcome.counts_in_score]
    file_lost = sum(min(1.0, run.tally.share) * run.rule.points for run in counted)
    return Streamed(results, marks, records, round(file_lost, 4), sum(run.rule.points for run in counted))


@dataclass
class Streamed:
    """What one export's stream gives the score: results, record marks, records, file-level points lost of those possible."""

    results: list[RuleResult]
    marks: RecordMarks
    records: int
    file_lost: float
    possible: float


#: findings taken from a rule's `finish` per call
FINISH_CHUNK = 4096


def _finish_in_chunks(run: _RuleRun, limit: TimeLimit, absorb: Callable[[_RuleRun, list[Finding]], None]) -> None:
    """`finish()`'s findings, absorbed FINISH_CHUNK at a time: a rule that reports a finding per row at
    the end (gaps in a huge export) never has them all in memory. Each chunk is a call into the rule,
    isolated and timed like any other."""
    state = run.state
    assert state is not None
    findings, error = isolate(run.rule, lambda: iter(state.finish() or ()), limit, run.ctx.debug)
    if error is not None:
        run.error = error
        return
    while True:
        chunk = run.call(_take_chunk, findings, limit)
        if not chunk:
            return
        absorb(run, chunk)


def _take_chunk(findings: Iterator[Finding]) -> list[Finding]:
    return list(islice(findings, FINISH_CHUNK))


def _ask_not_applicable(run: _RuleRun, limit: TimeLimit) -> None:
    """A rule that found nothing may say nothing in the file was its to judge (`RecordCheck.not_applicable`)."""
    state = run.state
    if type(state).not_applicable is RecordCheck.not_applicable:
        return

    def ask() -> Text | None:
        reason = state.not_applicable()
        return None if reason is None else as_text(reason, "not_applicable's reason")

    reason, error = isolate(run.rule, ask, limit, run.ctx.debug)
    if error is not None:
        run.error = error
    elif reason is not None:
        run.reason = reason


def _reads_batches(state: RecordCheck) -> bool:
    """Whether a rule looks at batches at all (a rule with only `begin`/`finish` need not be called per batch)."""
    kind = type(state)
    return kind.batch is not RecordCheck.batch or kind.record is not RecordCheck.record


def _start(run: _RuleRun, view: Any, limit: TimeLimit) -> None:
    """Ask `applies_if` on the first table, then create the rule's per-file state."""
    rule = run.rule
    if rule.applies_if is not None:
        def ask() -> Text | None:
            reason = rule.applies_if(view, run.ctx)
            return None if reason is None else as_text(reason, "applies_if's reason")

        reason, error = isolate(rule, ask, limit, run.ctx.debug)
        if error is not None:
            run.error = error
            return
        if reason is not None:
            run.reason = reason
            return
    state, error = isolate(rule, lambda: rule.check(run.ctx), limit, run.ctx.debug)
    if error is not None:
        run.error = error
    elif not isinstance(state, RecordCheck):
        run.error = Text("规则 {rule} 的 check(ctx) 应返回 RecordCheck，实际为 {t}",
                         "check(ctx) of rule {rule} must return a RecordCheck, not {t}").format(rule=rule.id, t=type(state).__name__)
    else:
        run.state = state


def _result(run: _RuleRun, records: int) -> RuleResult:
    if run.error is not None or run.reason is not None:
        run.kept.findings()  # close a spill file the rule had begun; its findings are not reported
    if run.error is not None:
        return RuleResult(run.rule, Outcome.ERROR, reason=run.error)
    if run.reason is not None:
        return RuleResult(run.rule, Outcome.NOT_APPLICABLE, reason=run.reason)
    outcome, deducted = judge(run.rule, run.tally, records)
    return RuleResult(run.rule, outcome, run.kept.findings(), deducted, count=run.tally.findings if run.tally.findings else None)
