"""The vocabulary shared by the core and every plugin: rules, outcomes, findings, reports.

Plain frozen dataclasses so that plugins, reporters and tests all speak the same, stable types.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence


@dataclass(frozen=True)
class Text:
    """A user-facing message in Chinese and English; `format` fills both alike."""

    zh: str
    en: str

    def get(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def format(self, **values: Any) -> "Text":
        return Text(self.zh.format(**values), self.en.format(**values))

    def to_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}


class Severity(str, Enum):
    """`critical` is a must-pass item (必达项): failing it caps the grade."""

    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self.value]

    @property
    def label(self) -> Text:
        return {
            "critical": Text("必达项", "critical"),
            "major": Text("重要", "major"),
            "minor": Text("一般", "minor"),
            "info": Text("提示", "info"),
        }[self.value]


_SEVERITY_RANK = {"critical": 3, "major": 2, "minor": 1, "info": 0}


class BasisKind(str, Enum):
    """How firmly a rule rests on its clause; it bounds the severity a rule may claim."""

    DIRECT = "direct"  # the clause states the requirement
    PRINCIPLE = "principle"  # derived from a principle clause: at most `major`
    CONFIGURABLE = "configurable"  # a threshold the unit or province sets: at most `minor`


MAX_SEVERITY_FOR_KIND = {
    BasisKind.DIRECT: Severity.CRITICAL,
    BasisKind.PRINCIPLE: Severity.MAJOR,
    BasisKind.CONFIGURABLE: Severity.MINOR,
}


@dataclass(frozen=True)
class Basis:
    """The regulation a rule comes from: document, its number, the clause, and how firmly.

    `in_force` is the day the document took effect and `until` the day a successor replaced it (None:
    unknown, or not a dated document); a duty it imposes did not exist before `in_force`. `earlier` is
    the clause of a predecessor that imposed the same duty before `in_force` (which may have its own
    `earlier`): the engine cites the one in force on the audit date (`for_date`). `clause` is what users
    see; a clause number that could not be confirmed is left empty (the document alone is cited) and
    `detail` says, for `archcheck explain`, where the requirement's text was found. Built-in rules make
    their bases with `checkers.sources`.
    """

    document: str
    number: str = ""
    clause: str = ""
    kind: BasisKind = BasisKind.DIRECT
    note: str = ""
    in_force: "dt.date | None" = field(default=None, compare=False)
    earlier: "Basis | None" = field(default=None, compare=False, repr=False)
    until: "dt.date | None" = field(default=None, compare=False)
    detail: str = field(default="", compare=False)

    def cite(self) -> str:
        parts = [self.document + (f"（{self.number}）" if self.number else "")]
        if self.clause:
            parts.append(self.clause)
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"document": self.document, "number": self.number, "clause": self.clause, "kind": self.kind.value}
        if self.note:
            data["note"] = self.note
        data["in_force"] = self.in_force.isoformat() if self.in_force is not None else None
        return data

    def chain(self) -> "Iterator[Basis]":
        """This basis and its predecessors, newest first."""
        basis: Basis | None = self
        while basis is not None:
            yield basis
            basis = basis.earlier

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the document applied on `day`; an unknown date never rules it out."""
        return (self.in_force is None or self.in_force <= day) and (self.until is None or day < self.until)

    def for_date(self, day: dt.date) -> "Basis | None":
        """The basis to cite for an audit on `day`: this one or the newest predecessor in force then.

        None when the duty did not yet exist on `day` (every document of the chain took effect later).
        A basis whose document has since been replaced is still cited when nothing newer is given: only
        a duty that did not exist makes a rule not applicable.
        """
        for basis in self.chain():
            if basis.in_force_on(day):
                return basis
        if self.in_force is None or self.in_force <= day:
            return self
        return None

    def first(self) -> "Basis":
        """The oldest basis of the chain: the document that first imposed the duty."""
        return list(self.chain())[-1]


class Outcome(str, Enum):
    """Exactly one per rule and unit. `no_evidence` (the description is silent) is not `fail`."""

    PASS = "pass"
    FAIL = "fail"
    NO_EVIDENCE = "no_evidence"
    NOT_APPLICABLE = "not_applicable"
    SKIPPED = "skipped"
    ERROR = "error"
    WAIVED = "waived"

    @property
    def label(self) -> Text:
        return OUTCOME_LABELS[self]

    @property
    def counts_in_score(self) -> bool:
        """Outcomes whose points stay in the denominator (N/A, skipped and errors leave it)."""
        return self in (Outcome.PASS, Outcome.FAIL, Outcome.NO_EVIDENCE, Outcome.WAIVED)

    @property
    def failed(self) -> bool:
        """A failed rule: the evidence shows a problem, or the description is silent where it must speak."""
        return self is Outcome.FAIL or self is Outcome.NO_EVIDENCE


OUTCOME_LABELS = {
    Outcome.PASS: Text("符合", "pass"),
    Outcome.FAIL: Text("不符合", "fail"),
    Outcome.NO_EVIDENCE: Text("未提供证据", "no evidence"),
    Outcome.NOT_APPLICABLE: Text("不适用", "not applicable"),
    Outcome.SKIPPED: Text("未检查", "skipped"),
    Outcome.ERROR: Text("检查出错", "error"),
    Outcome.WAIVED: Text("已豁免", "waived"),
}


@dataclass(frozen=True)
class Location:
    """Where a finding points: a JSON Pointer into a unit, or file:line:column in an export."""

    file: str | None = None
    pointer: str | None = None
    line: int | None = None
    column: str | None = None
    sheet: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def describe(self) -> str:
        if self.pointer is not None:
            return self.pointer or "/"
        parts = [self.file or ""]
        if self.sheet:
            parts.append(self.sheet)
        if self.line is not None:
            parts.append(str(self.line))
        if self.column:
            parts.append(self.column)
        return ":".join(parts)


@dataclass(frozen=True)
class WaiverInfo:
    """An accepted exception as configured: which rule, where, why, who approved it, until when."""

    rule: str
    reason: str
    location: str | None = None
    approver: str | None = None
    expires: str | None = None
    origin: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class WaiverStatus:
    """How a waiver fared in this run: `applied`, `expired` (reported, no longer waives) or `unused`."""

    waiver: WaiverInfo
    status: str
    matched: int = 0
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class BaselineEntry:
    """A finding recorded in a baseline file, identified by its fingerprint."""

    fingerprint: str
    unit: str
    rule: str
    location: str
    message: Text | None = None


@dataclass(frozen=True)
class BaselineSummary:
    """The comparison with a baseline: how many findings are new or unchanged, and which were fixed."""

    file: str
    new: int
    unchanged: int
    fixed: tuple[BaselineEntry, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One problem a rule found.

    `missing=True` marks "the description says nothing here" rather than "the evidence shows
    non-compliance". `fraction` is the share of the rule's points this finding costs, so that a rule
    measuring a fraction (3 of 10 days out of range) deducts partially.
    """

    rule_id: str
    message: Text
    location: Location
    evidence: Mapping[str, Any] = field(default_factory=dict)
    fraction: float = 1.0
    missing: bool = False
    #: set by waivers.py when an active waiver covers this finding (its reason, approver, expiry)
    waiver: "WaiverInfo | None" = None
    #: set by baseline.py: "new" or "unchanged" when a baseline was given, else None
    baseline: str | None = None

    @property
    def counts(self) -> bool:
        """Whether the finding still stands against the gate: neither waived nor accepted by the baseline."""
        return self.waiver is None and self.baseline != "unchanged"


Check = Callable[[Any, "Any"], Iterable[Finding]]
AppliesIf = Callable[[Any, "Any"], "Text | None"]


@dataclass(frozen=True)
class Rule:
    """A rule's metadata and its check, in the style of ruff: stable code, why, example, fix.

    `check(unit, ctx)` yields findings; `applies_if(unit, ctx)` returns None when the rule applies,
    otherwise the reason it does not. `params` holds the defaults of configurable thresholds.
    `target` is "unit" for unit descriptions; other targets (e.g. "catalog") have their own engine.
    A "catalog" rule's `check(ctx)` returns a fresh :class:`RecordCheck` for each export file, so a
    RecordCheck subclass itself can be the check.
    """

    id: str
    area: str
    title: Text
    severity: Severity
    points: float
    basis: Basis
    remedy: Text
    rationale: Text
    example: Text
    check: Check
    applies_if: AppliesIf | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    target: str = "unit"
    plugin: str = ""
    #: the rule's own severity when the user's configuration overrode it (the kind bound then yields)
    default_severity: Severity | None = None
    #: an example that must fail the rule (the suite runs it, as it runs `example`, which must not)
    violation: Text | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not RULE_ID.fullmatch(self.id):
            raise RuleDefinitionError(self.id, "id", Text(
                "应为领域代码加 3 位数字，如 GXA001，实际为 {v!r}", "must be the area code followed by 3 digits, such as GXA001, not {v!r}",
            ).format(v=self.id))
        if not isinstance(self.area, str) or not self.id.startswith(self.area) or not RULE_ID.fullmatch(self.area + "000"):
            raise RuleDefinitionError(self.id, "area", Text(
                "应为大写字母开头的 2–8 位代码，且是规则编号的前缀，实际为 {v!r}", "must be a code of 2-8 capitals and digits that starts the rule id, not {v!r}",
            ).format(v=self.area))
        for name in TEXT_FIELDS:
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, Text(value, value))  # a plain string reads the same in both languages
            elif isinstance(value, Text) and isinstance(value.zh, str) and isinstance(value.en, str):
                continue
            elif not (name == "violation" and value is None):
                raise RuleDefinitionError(self.id, name, _wrong_type("archcheck.api.T(zh, en) 或字符串", "archcheck.api.T(zh, en) or a string", value))
        if not isinstance(self.severity, Severity):
            raise RuleDefinitionError(self.id, "severity", _wrong_type("archcheck.api.Severity，如 Severity.MINOR", "an archcheck.api.Severity such as Severity.MINOR", self.severity))
        if not isinstance(self.basis, Basis):
            raise RuleDefinitionError(self.id, "basis", _wrong_type("archcheck.api.Basis", "an archcheck.api.Basis", self.basis))
        if not isinstance(self.basis.kind, BasisKind):
            raise RuleDefinitionError(self.id, "basis.kind", _wrong_type("archcheck.api.BasisKind，如 BasisKind.DIRECT", "an archcheck.api.BasisKind such as BasisKind.DIRECT", self.basis.kind))
        if isinstance(self.points, bool) or not isinstance(self.points, (int, float)):
            raise RuleDefinitionError(self.id, "points", _wrong_type("数字", "a number", self.points))
        if self.points < 0:
            raise RuleDefinitionError(self.id, "points", Text("不能为负数", "must not be negative"))
        if not callable(self.check):
            raise RuleDefinitionError(self.id, "check", _wrong_type("函数或 RecordCheck 子类", "a function or a RecordCheck subclass", self.check))
        if self.applies_if is not None and not callable(self.applies_if):
            raise RuleDefinitionError(self.id, "applies_if", _wrong_type("函数或 None", "a function or None", self.applies_if))
        if not isinstance(self.params, Mapping) or not all(isinstance(k, str) for k in self.params):
            raise RuleDefinitionError(self.id, "params", _wrong_type("以字符串为键的字典", "a dict with string keys", self.params))
        if self.target not in TARGETS:
            raise RuleDefinitionError(self.id, "target", Text(
                "应为 {known} 之一，实际为 {v!r}", "must be one of {known}, not {v!r}").format(known=", ".join(map(repr, TARGETS)), v=self.target))
        is_record_check = isinstance(self.check, type) and issubclass(self.check, RecordCheck)
        if is_record_check and self.target not in STREAMED_TARGETS:
            raise RuleDefinitionError(self.id, "target", Text(
                "检查是 RecordCheck（归档文件目录规则），请加 target=\"catalog\"",
                "the check is a RecordCheck (a catalogue rule): add target=\"catalog\""))
        if self.target in STREAMED_TARGETS and isinstance(self.check, type) and not is_record_check:
            raise RuleDefinitionError(self.id, "check", Text(
                "归档文件目录规则的检查应为 RecordCheck 的子类，实际为 {v}", "a catalogue rule's check must be a RecordCheck subclass, not {v}",
            ).format(v=self.check.__name__))
        for basis in self.basis.chain():
            if not isinstance(basis, Basis) or not isinstance(basis.kind, BasisKind):
                raise RuleDefinitionError(self.id, "basis.earlier", _wrong_type(
                    "带 BasisKind 的 archcheck.api.Basis", "an archcheck.api.Basis with a BasisKind", basis))
            if self.default_severity is None and self.severity.rank > MAX_SEVERITY_FOR_KIND[basis.kind].rank:
                cite = "" if basis is self.basis else f"（{basis.cite()}）"  # an earlier basis is named
                raise RuleDefinitionError(self.id, "severity", Text(
                    "不能是 {sev}：依据{cite}类型为 {kind} 时最高为 {max}",
                    "must not be {sev}: a {kind} basis{cite_en} allows at most {max}",
                ).format(kind=basis.kind.value, cite=cite, cite_en=f" ({basis.cite()})" if cite else "",
                         max=MAX_SEVERITY_FOR_KIND[basis.kind].value, sev=self.severity.value))


class RuleDefinitionError(TypeError, ValueError):
    """A rule whose metadata is unusable, naming the rule and the field.

    Raised when the rule is made, which for a plugin is when it loads: the loader reports it as that
    plugin's load problem, naming plugin, rule and field. A TypeError and a ValueError, as the
    constructor's own errors are.
    """

    def __init__(self, rule_id: Any, field_name: str, problem: Text):
        self.rule_id, self.field, self.problem = str(rule_id), field_name, problem
        super().__init__(f"{self.rule_id}: {field_name} {problem.en}")

    @property
    def message(self) -> Text:
        return Text("规则 {rule} 的 {field} {p}", "rule {rule}: {field} {pe}").format(
            rule=self.rule_id, field=self.field, p=self.problem.zh, pe=self.problem.en)


def _wrong_type(zh: str, en: str, value: Any) -> Text:
    kind = type(value).__name__
    return Text(f"应为 {zh}，实际为 {kind}", f"must be {en}, not {kind}")


#: what a rule checks: a unit description, a catalogue export as it streams, or a unit description against
#: the counts its catalogues gave (`archcheck check UNIT --catalog EXPORT`)
TARGETS = ("unit", "catalog", "volumes", "link")


#: targets whose rules are RecordChecks fed batches as the files stream (归档文件目录; 案卷目录 with 卷内文件目录)
STREAMED_TARGETS = ("catalog", "volumes")


RULE_ID = re.compile(r"[A-Z][A-Z0-9]{1,7}\d{3}")
#: the rule fields people read: `Text`, or a plain string where both languages read the same
TEXT_FIELDS = ("title", "remedy", "rationale", "example", "violation")


class RecordCheck:
    """The per-file state of a catalogue rule (target "catalog"), fed records as they stream.

    The engine calls `begin(table)` for each table (file or worksheet), `batch(batch)` for each
    batch of records, then `finish()` once for cross-record findings (duplicates, gaps). Override
    `record(record)` for a simple per-record rule, or `batch` to handle whole columns at once.
    """

    #: True for a rule that reports the records a reader could not place in their columns (a ragged CSV
    #: line, an unreadable JSON line: `batch.unplaced_lines`). The engine withholds every other rule's
    #: findings on those lines: the cells read there may belong to other columns (one defect, one finding).
    reports_unplaced: bool = False

    def __init__(self, ctx: Any):
        self.ctx = ctx

    def begin(self, table: Any) -> Iterable[Finding]:
        return ()

    def batch(self, batch: Any) -> Iterable[Finding]:
        if type(self).record is RecordCheck.record:
            return ()  # a rule with only begin/finish: skip building records
        return (f for record in batch.records() for f in (self.record(record, batch) or ()))

    def record(self, record: Any, batch: Any) -> Iterable[Finding]:
        return ()

    def finish(self) -> Iterable[Finding]:
        return ()

    def not_applicable(self) -> "Text | None":
        """Asked after `finish` when the rule found nothing: a reason when nothing in the file was the
        rule's to judge (e.g. every item predates the standard), so the outcome is `not_applicable`
        rather than a pass it never tested. None (the default): the rule passed."""
        return None


@dataclass(frozen=True)
class RuleResult:
    """The single outcome of one rule on one input, with what it cost."""

    rule: Rule
    outcome: Outcome
    findings: tuple[Finding, ...] = ()
    deducted: float = 0.0
    reason: Text | None = None
    #: how many findings there were when `findings` holds only the first few (catalogues)
    count: int | None = None
    #: the basis the outcome rests on: the rule's own, or the predecessor in force on the audit date
    #: (`Basis.for_date`); None given means the rule's own
    basis: Basis | None = None

    def __post_init__(self) -> None:
        if self.basis is None:
            object.__setattr__(self, "basis", self.rule.basis)

    @property
    def total(self) -> int:
        return len(self.findings) if self.count is None else self.count


@dataclass
class Tally:
    """What a rule's findings add up to, counted as they arrive (a catalogue rule may have millions).

    With `per_row`, a finding on a catalogue row (its location has a line) costs one record's share of
    the rule's points; every other finding costs its `fraction`. Waived findings cost nothing.
    """

    per_row: bool = False
    findings: int = 0
    waived: int = 0
    #: a standing finding shows non-compliance (not only silence)
    shown: bool = False
    #: the summed fractions of the standing findings not on a row
    share: float = 0.0
    #: standing findings on a row
    on_rows: int = 0

    def add(self, finding: Finding) -> None:
        self.findings += 1
        if finding.waiver is not None:
            self.waived += 1
            return
        if not finding.missing:
            self.shown = True
        if self.per_row and finding.location.line is not None:
            self.on_rows += 1
        else:
            self.share += min(max(finding.fraction, 0.0), 1.0)


def judge(rule: Rule, tally: Tally, records: int = 0) -> tuple[Outcome, float]:
    """The one outcome rule for a rule that ran: its outcome and the points it costs.

    No finding is a pass; only waived findings is `waived`; standing findings that only say the
    description is silent are `no_evidence`, else `fail`. The cost is the summed share (row findings
    over `records`), capped at the rule's points.
    """
    if not tally.findings:
        return Outcome.PASS, 0.0
    if tally.findings == tally.waived:
        return Outcome.WAIVED, 0.0
    share = tally.share + (tally.on_rows / records if records else 0.0)
    outcome = Outcome.FAIL if tally.shown else Outcome.NO_EVIDENCE
    return outcome, round(min(1.0, share) * rule.points, 4)


class PluginStatus(str, Enum):
    """What became of a plugin found at start-up; only `loaded` plugins contribute anything."""

    LOADED = "loaded"
    FAILED = "failed"  # import error, or its rule hook raised
    INCOMPATIBLE = "incompatible"  # supports none of the core's plugin API versions
    DISABLED = "disabled"  # --disable-plugin, or autoload turned off

    @property
    def label(self) -> Text:
        return {
            "loaded": Text("已加载", "loaded"),
            "failed": Text("加载失败", "failed"),
            "incompatible": Text("接口版本不兼容", "incompatible"),
            "disabled": Text("已停用", "disabled"),
        }[self.value]


@dataclass(frozen=True)
class PluginInfo:
    """Provenance of one plugin: where it comes from, which API it speaks, what it contributed."""

    name: str
    distribution: str
    version: str
    rules: int = 0
    api: tuple[int, ...] = ()
    status: PluginStatus = PluginStatus.LOADED
    #: why a plugin is not loaded (the load error, the version mismatch, who disabled it)
    note: Text | None = None


@dataclass(frozen=True)
class AreaScore:
    area: str
    score: float
    max: float


#: the grade of an input no rule judged (every selected rule not applicable, or none selected for it):
#: nothing was found wanting, so it is not graded 不合格, and no grade or score gate counts it
NOT_GRADED = Text("未评分（没有适用的规则）", "not graded (no rule applied)")


@dataclass(frozen=True)
class Score:
    total: float
    grade: Text
    areas: tuple[AreaScore, ...]
    capped_by: tuple[str, ...] = ()

    @property
    def graded(self) -> bool:
        return self.grade != NOT_GRADED


@dataclass(frozen=True)
class UnitReport:
    name: str
    source: str
    as_of: str
    results: tuple[RuleResult, ...]
    score: Score
    #: input-specific figures, e.g. a catalogue's record counts
    stats: Mapping[str, Any] = field(default_factory=dict)
    #: the parsed unit description, for reporters that write about the unit (draft 自查报告)
    data: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)
    #: where each value stands in the source file (loaders.positions.SourcePositions), for reporters that
    #: locate findings by line and column (SARIF); None for inputs without JSON Pointers
    positions: Any = field(default=None, compare=False, repr=False)

    @property
    def findings(self) -> list[tuple[RuleResult, Finding]]:
        return [(r, f) for r in self.results for f in r.findings]


@dataclass(frozen=True)
class Report:
    """Everything a reporter needs: provenance, area names, and one UnitReport per input."""

    tool_version: str
    profile: str
    plugins: tuple[PluginInfo, ...]
    areas: Mapping[str, Text]
    #: a tuple, or a many-unit run's `engine.unit_store.UnitStore`: read it in order, as often as needed,
    #: and do not keep its units (each reading rebuilds the ones kept in its file)
    units: Sequence[UnitReport]
    load_errors: tuple[Text, ...] = ()
    waivers: tuple[WaiverStatus, ...] = ()
    baseline: BaselineSummary | None = None
