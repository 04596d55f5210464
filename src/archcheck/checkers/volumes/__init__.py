"""VOL — volume catalogues (案卷目录 and 卷内文件目录, GB/T 9705—2008, DA/T 13): the built-in rules,
registered like any plugin. They stream like the catalogue rules; the two catalogues of a run are
checked together (`audit.volume_files`)."""

from __future__ import annotations

from archcheck.api import T, hookimpl
from archcheck.checkers.volumes import contents, lists_and_codes  # noqa: F401 - registers rules
from archcheck.checkers.volumes.ruleset import rules


@hookimpl
def archcheck_areas():
    return {"VOL": T("案卷目录与卷内文件目录", "Volume catalogues")}


@hookimpl
def archcheck_rules():
    return sorted(rules.all(), key=lambda r: r.id)
