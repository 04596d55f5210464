"""What every reporter is told besides the report itself."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportOptions:
    lang: str = "zh"
    #: show at most this many findings per rule in human-readable formats (None = all)
    max_per_rule: int | None = None
