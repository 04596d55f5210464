"""Errors the user can act on, each with the exit code the CLI maps it to.

Anything raised here is printed as a bilingual message without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

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
