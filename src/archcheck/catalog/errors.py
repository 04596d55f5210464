"""The one error the catalogue readers raise: a file that cannot be read as a catalogue at all.

It names the file and the line (or sheet and row) and carries a Chinese and an English message;
the CLI turns it into exit code 2 without a traceback. Bad rows are findings, not errors.
"""

from __future__ import annotations


class CatalogReadError(Exception):
    def __init__(self, file: str, where: str, zh: str, en: str):
        super().__init__(f"{file}{':' + where if where else ''}: {en}")
        self.file, self.where, self.zh, self.en = file, where, zh, en
