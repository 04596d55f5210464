"""What a rule run is given besides its input: which rules run, the audit date, thresholds, the input's folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from archcheck.model import Basis, Rule, Text


@dataclass(frozen=True)
class Selection:
    """Which rules run: `select`/`ignore` take rule ids, id prefixes or area codes."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def chooses(self, rule: Rule) -> bool:
        if not (self.select or self.ignore):
            return True

        def matches(patterns: Iterable[str]) -> bool:
            return any(rule.id.startswith(p.upper()) or rule.area == p.upper() for p in patterns)

        if self.select and not matches(self.select):
            return False
        return not matches(self.ignore)


@dataclass(frozen=True)
class Context:
    """What a check may read besides its input: the audit date, its thresholds, the input's folder."""

    as_of: dt.date
    params: Mapping[str, Any] = field(default_factory=dict)
    base_dir: Path = Path(".")
    debug: bool = False
    #: folders besides `base_dir` whose files the input may name (`--allow-outside`; see files.side_file)
    allowed_dirs: tuple[Path, ...] = ()
    #: the basis the running rule rests on for `as_of` (its own, or a predecessor in force then); set by
    #: the engine before the rule runs, so a check can read e.g. the in-force date of the duty it checks
    basis: Basis | None = None

    def for_rule(self, rule: Rule, overrides: Mapping[str, Mapping[str, Any]]) -> "Context":
        """This context with the rule's thresholds: its defaults, then the user's `--param`/config values."""
        own = overrides.get(rule.id)
        return Context(self.as_of, {**rule.params, **own} if own else dict(rule.params), self.base_dir, self.debug,
                       self.allowed_dirs)

    def since(self) -> dt.date | None:
        """The day the duty being checked took effect (the running rule's basis for `as_of`), if known."""
        return self.basis.in_force if self.basis is not None else None


SKIPPED_REASON = Text("未选择此规则（--select/--ignore）", "rule not selected (--select/--ignore)")
