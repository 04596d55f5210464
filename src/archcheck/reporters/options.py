"""What every reporter is told besides the report itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping


@dataclass(frozen=True)
class ReportOptions:
    lang: str = "zh"
    #: show at most this many findings per rule in human-readable formats (None = all)
    max_per_rule: int | None = None
    #: where the report goes (None = stdout); lets a reporter pick e.g. CSV for `x.csv`
    output: Path | None = None
    #: reporter settings from `--report-config FILE.toml`, one table per format (e.g. [ledger])
    config: Mapping[str, Any] = field(default_factory=dict)
    #: SARIF: artifact URIs are relative to this folder, named by `originalUriBaseIds` (None = the working
    #: directory); on GitHub, the repository's checkout
    sarif_root: Path | None = None
    #: colour for a terminal (table only; `--color`, off with NO_COLOR or when not a terminal)
    color: bool = False
    #: -1 with -q (one line per input), 0 by default, 1 with -v (every location, every reason)
    verbosity: int = 0
