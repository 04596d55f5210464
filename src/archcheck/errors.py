"""Errors the user can act on, each with the exit code the CLI maps it to.

Anything raised here is printed as a bilingual message without a traceback.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

from archcheck.model import Text

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_INPUT_ERROR = 2
EXIT_PLUGIN_ERROR = 3
#: interrupted by SIGINT (Ctrl-C): 128 + 2, as shells report it
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: which file, where inside it, and what was expected."""

    file: str
    where: str
    message: Text

    def render(self, lang: str) -> str:
        where = f":{self.where}" if self.where else ""
        return f"{self.file}{where}: {self.message.get(lang)}"


class ArchcheckError(Exception):
    exit_code = EXIT_INPUT_ERROR

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.render("en") for p in problems))
        self.problems = problems

    def render(self, lang: str) -> str:
        return "\n".join(p.render(lang) for p in self.problems)


class InputError(ArchcheckError):
    """The input file cannot be read, parsed or validated (exit 2)."""

    exit_code = EXIT_INPUT_ERROR


class PluginError(ArchcheckError):
    """A plugin could not be loaded or contradicts another plugin (exit 3)."""

    exit_code = EXIT_PLUGIN_ERROR


class InternalError(ArchcheckError):
    """The core itself failed on an input (exit 3), e.g. its checking process died with no rule running."""

    exit_code = EXIT_PLUGIN_ERROR


def input_error(file: object, where: str, zh: str, en: str, **values: object) -> InputError:
    """One problem with one input as an InputError: the file, where in it, and the message in both languages."""
    return InputError([Problem(str(file), where, Text(zh, en).format(**values))])


class CatalogReadError(InputError):
    """A file that cannot be read as a catalogue at all (bad rows are findings, not errors): exit 2."""

    def __init__(self, file: str, where: str, zh: str, en: str):
        super().__init__([Problem(file, where, Text(zh, en))])
        self.file, self.where, self.zh, self.en = file, where, zh, en


def did_you_mean(name: str, known: Iterable[str]) -> str | None:
    """The closest known name to a misspelt one, if any is close enough."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return close[0] if close else None


def unknown_name(name: str, known: Iterable[str], what: Text = Text("没有这个名称", "no such name")) -> Text:
    """`what`, with the closest known name as a suggestion, or the list of the known names."""
    known = list(known)
    close = did_you_mean(name, known)
    if close is not None:
        return Text(f"{what.zh}（是否想写 {{c}}？）", f"{what.en} (did you mean {{c}}?)").format(c=close)
    return Text(f"{what.zh}；可用：{{k}}", f"{what.en}; available: {{k}}").format(k=", ".join(known) or "—")
