"""Accepted exceptions, visible rather than silent: each waiver names a rule, a place, a reason and an expiry.

A waiver matches a finding by rule (id, prefix or area) and location:

* a JSON Pointer (`/funding/years`) matches that place and everything below it;
* a glob (`/facilities/*`, `exports/*.csv`; `*` stays within one segment, `**` crosses them) matches
  the pointer (or a place above it) or the file name;
* any other text is a catalogue key: it matches a finding whose evidence holds that value (e.g. a 档号);
* no location matches every finding of the rule.

A waiver whose `expires` date is earlier than the unit's `as_of` stops waiving ("it works through its
expiry day") and is itself reported, as is a waiver that matched nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable

from archcheck.errors import InputError, Problem, input_error, unknown_name
from archcheck.model import Finding, Text, WaiverInfo, WaiverStatus

WAIVER_KEYS = ("rule", "location", "reason", "approver", "expires")
UNKNOWN_KEY = Text("未知配置项", "unknown key")
GLOB_CHARS = set("*?")


def parse_waivers(raw: Any, origin: Path | str, where: str = "waivers") -> tuple[WaiverInfo, ...]:
    """Validate a list of waiver tables; every problem names the file and the waiver's index and key."""
    if not isinstance(raw, list):
        raise input_error(origin, where, "应为豁免条目的数组（[[waivers]]）", "expected an array of waivers ([[waivers]])")
    waivers, problems = [], []
    for index, entry in enumerate(raw):
        at = f"{where}[{index}]"
        if not isinstance(entry, dict):
            problems.append(Problem(str(origin), at, Text("豁免条目应为表", "a waiver must be a table")))
            continue
        for key in entry:
            if key not in WAIVER_KEYS:
                problems.append(Problem(str(origin), f"{at}.{key}", unknown_name(key, WAIVER_KEYS, UNKNOWN_KEY)))
        for key in ("rule", "reason"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                problems.append(Problem(str(origin), f"{at}.{key}", Text("必填，应为非空字符串", "required, a non-empty string")))
        for key in ("location", "approver"):
            if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
                problems.append(Problem(str(origin), f"{at}.{key}", Text("应为非空字符串", "expected a non-empty string")))
        expires = _date(entry.get("expires"))
        if "expires" in entry and expires is None:
            problems.append(Problem(str(origin), f"{at}.expires", Text("日期格式应为 YYYY-MM-DD", "expected a date YYYY-MM-DD")))
        if problems:
            continue
        waivers.append(
            WaiverInfo(
                rule=entry["rule"].strip().upper(),
                reason=entry["reason"].strip(),
                location=entry.get("location"),
                approver=entry.get("approver"),
                expires=expires.isoformat() if expires else None,
                origin=str(origin),
            )
        )
    if problems:
        raise InputError(problems)
    return tuple(waivers)


def load_waivers_file(path: Path) -> tuple[WaiverInfo, ...]:
    """A separate waiver file: TOML with `[[waivers]]`, or JSON/YAML with a `waivers` list (or a bare list)."""
    from archcheck.loaders.unit import read_document

    if path.suffix.lower() == ".toml":
        from archcheck.files import DOCUMENT_LIMIT, read_toml

        data: Any = read_toml(path, DOCUMENT_LIMIT, missing=Text("豁免文件不存在", "waiver file not found"))
    else:
        data = read_document(path)
    if isinstance(data, dict):
        extra = [k for k in data if k != "waivers"]
        if extra:
            raise input_error(path, extra[0], "豁免文件只能包含 waivers", "a waiver file holds only `waivers`")
        data = data.get("waivers", [])
    return parse_waivers(data, path)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def is_expired(waiver: WaiverInfo, as_of: dt.date) -> bool:
    """A waiver works through its expiry day and stops on the day after, in the unit's `as_of` terms."""
    return waiver.expires is not None and as_of > dt.date.fromisoformat(waiver.expires)


def covers(waiver: WaiverInfo, rule_id: str, finding: Finding) -> bool:
    """Whether the waiver's rule and location patterns match this finding (expiry aside)."""
    if not rule_id.startswith(waiver.rule):
        return False
    pattern = waiver.location
    if pattern is None:
        return True
    loc = finding.location
    if GLOB_CHARS & set(pattern):
        glob = _glob(pattern)
        pointers = _ancestors(loc.pointer) if loc.pointer is not None else []
        return any(v is not None and glob.fullmatch(v) for v in (*pointers, loc.file, _name(loc.file)))
    if pattern.startswith("/") and loc.pointer is not None:
        return pattern == "/" or loc.pointer == pattern or loc.pointer.startswith(pattern.rstrip("/") + "/")
    values = [v for v in finding.evidence.values() if isinstance(v, (str, int, float)) and not isinstance(v, bool)]
    return pattern in {str(v) for v in values} or pattern in (loc.file, _name(loc.file))


def _glob(pattern: str) -> "Glob":
    return _compiled_glob(pattern)


@functools.lru_cache(maxsize=256)
def _compiled_glob(pattern: str) -> "Glob":
    return Glob(pattern)


class Glob:
    """`*` and `?` stay within one path segment, `**` crosses segments; matched in linear time.

    A regex of `[^/]*` per star backtracks exponentially on a pattern of many stars that does
    not match (20 stars took 32 s). Here a run of stars is one token (`**` if it holds one), and
    `fullmatch` steps through the text once, keeping the set of pattern positions reached
    (an NFA simulation): at most len(pattern) × len(text) steps, whatever the pattern.
    """

    STAR, ANY, CHAR = "*", "**", "?"

    def __init__(self, pattern: str):
        tokens: list[str] = []
        for part in re.split(r"(\*+|\?)", pattern):
            if not part:
                continue
            if part[0] == "*":  # a run of stars is one token: `**` (or more) crosses segments
                tokens.append(self.ANY if len(part) > 1 else self.STAR)
            elif part == "?":
                tokens.append(self.CHAR)
            else:
                tokens.extend("=" + c for c in part)  # a literal character
        self.tokens = tuple(tokens)
        self.pattern = pattern

    def _closure(self, states: set[int]) -> set[int]:
        """Positions reachable without reading a character (a star may match nothing)."""
        todo, seen = list(states), set(states)
        while todo:
            i = todo.pop()
            if i < len(self.tokens) and self.tokens[i] in (self.STAR, self.ANY) and i + 1 not in seen:
                seen.add(i + 1)
                todo.append(i + 1)
        return seen

    def fullmatch(self, text: str) -> bool:
        tokens, end = self.tokens, len(self.tokens)
        states = self._closure({0})
        for c in text:
            step: set[int] = set()
            for i in states:
                if i == end:
                    continue
                token = tokens[i]
                if token == self.ANY or (token == self.STAR and c != "/"):
                    step.add(i)
                elif (token == self.CHAR and c != "/") or token == "=" + c:
                    step.add(i + 1)
            if not step:
                return False
            states = self._closure(step)
        return end in states


def _ancestors(pointer: str) -> list[str]:
    """`/a/b/c` -> [/a/b/c, /a/b, /a]: a glob that names a place covers what lies below it."""
    tokens = pointer.split("/")
    return ["/".join(tokens[:n]) for n in range(len(tokens), 1, -1)]


def _name(file: str | None) -> str | None:
    return Path(file).name if file else None


class WaiverLedger:
    """Applies the run's waivers input by input and remembers what each did, for the report."""

    def __init__(self, waivers: Iterable[WaiverInfo]):
        self.waivers = tuple(waivers)
        self.matched: Counter[int] = Counter()
        self.expired_in: dict[int, list[str]] = defaultdict(list)

    def scope(self, as_of: dt.date, unit: str) -> "Callable[[str, Finding], Finding] | None":
        """The marker for one input's findings (None when no waiver is active for it): it returns each
        finding with `waiver` set when an active waiver covers it. Expired waivers are noted here."""
        active = []
        for index, waiver in enumerate(self.waivers):
            if is_expired(waiver, as_of):
                self.expired_in[index].append(unit)
            else:
                active.append((index, waiver))
        if not active:
            return None

        def mark(rule_id: str, finding: Finding) -> Finding:
            for index, waiver in active:
                if covers(waiver, rule_id, finding):
                    self.matched[index] += 1
                    return dataclasses.replace(finding, waiver=waiver)
            return finding

        return mark

    def snapshot(self) -> tuple[Counter[int], dict[int, int]]:
        """What the ledger has counted so far (see `since`)."""
        return Counter(self.matched), {index: len(units) for index, units in self.expired_in.items()}

    def since(self, snapshot: tuple[Counter[int], dict[int, int]]) -> tuple[Counter[int], dict[int, list[str]]]:
        """What was counted after `snapshot`: sent back by a worker process, `absorb`ed by the run's ledger."""
        matched, expired = snapshot
        return self.matched - matched, {i: units[expired.get(i, 0):] for i, units in self.expired_in.items() if units[expired.get(i, 0):]}

    def absorb(self, counted: tuple[Counter[int], dict[int, list[str]]]) -> None:
        matched, expired = counted
        self.matched.update(matched)
        for index, units in expired.items():
            self.expired_in[index].extend(units)

    def statuses(self) -> tuple[WaiverStatus, ...]:
        """Each waiver as `expired` (for some unit), `unused` (matched nothing) or `applied`."""
        out = []
        for index, waiver in enumerate(self.waivers):
            if self.expired_in.get(index):
                status, units = "expired", tuple(self.expired_in[index])
            elif not self.matched[index]:
                status, units = "unused", ()
            else:
                status, units = "applied", ()
            out.append(WaiverStatus(waiver, status, self.matched[index], units))
        return tuple(out)


STATUS_LABELS = {
    "applied": Text("已生效", "applied"),
    "expired": Text("已过期（不再豁免）", "expired (no longer waives)"),
    "unused": Text("未匹配任何问题", "matched nothing"),
}
