"""Where a run's reports go: `--format NAME[:FILE]`, given once or several times, and `-o FILE`.

One pass over the input can write several reports (`--format sarif:catalog.sarif --format
junit:junit.xml`): a 1M-row export is not read twice to get two formats. At most one report goes to
standard output; `-o FILE` names the file of the one format given without its own. Every problem is
found before any rule runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from archcheck.errors import InputError, Problem, unknown_name
from archcheck.model import Text

DEFAULT_FORMAT = "table"


@dataclass(frozen=True)
class Target:
    """One report to write: its format, and its file (None: standard output)."""

    fmt: str
    path: Path | None = None
    #: the option that named the file, for messages about it
    option: str = "--output"


def parse_targets(formats: Sequence[str], output: Path | None, known: Sequence[str]) -> list[Target]:
    """The reports a run writes, from its `--format` values and `-o`; InputError (exit 2) when they cannot be."""
    problems: list[Problem] = []
    parsed: list[tuple[str, Path | None, str]] = []
    for value in formats or (DEFAULT_FORMAT,):
        name, sep, file = value.partition(":")
        name = name.strip()
        if name not in known:
            problems.append(Problem("--format", value, unknown_name(name, sorted(known), Text("未知格式", "unknown format"))))
            continue
        if sep and not file.strip():
            problems.append(Problem("--format", value, Text("冒号后应写输出文件名，如 sarif:report.sarif",
                                                          "a file name must follow the colon, e.g. sarif:report.sarif")))
            continue
        parsed.append((name, Path(file) if sep else None, f"--format {value}"))
    pathless = [i for i, (_, path, _) in enumerate(parsed) if path is None]
    if output is not None:
        if len(pathless) == 1:
            fmt = parsed[pathless[0]][0]
            parsed[pathless[0]] = (fmt, output, "--output")
        elif not pathless and parsed:
            problems.append(Problem("--output", str(output), Text(
                "每个 --format 都已写明输出文件，-o 没有对应的格式", "every --format names its own file; -o has no format left to write")))
        elif len(pathless) > 1:
            problems.append(Problem("--output", str(output), Text(
                "-o 只能对应一个格式；其余格式请写成 --format 格式:文件", "-o can name the file of one format only; write the others as --format NAME:FILE")))
    elif len(pathless) > 1:
        names = "、".join(parsed[i][0] for i in pathless)
        problems.append(Problem("--format", names, Text(
            "只能有一个格式输出到屏幕（标准输出）；其余请写成 --format 格式:文件",
            "only one format can go to standard output; write the others as --format NAME:FILE")))
    if problems:
        raise InputError(problems)
    return [Target(fmt, path, option) for fmt, path, option in parsed]
