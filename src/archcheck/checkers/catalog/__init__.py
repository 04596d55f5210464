"""CAT — catalogue exports (归档文件目录): the built-in record rules, registered like any plugin.

Each rule is a RecordCheck subclass that sees batches of records as they stream and may keep
compact cross-record state until `finish()`.
"""

from __future__ import annotations

from archcheck.api import T, hookimpl
from archcheck.checkers.catalog import fields, holdings, refcode, secrecy, sequence, structure  # noqa: F401 - registers rules
from archcheck.checkers.catalog._rules import rules


@hookimpl
def archcheck_areas():
    return {"CAT": T("归档文件目录", "Catalogue export")}


@hookimpl
def archcheck_rules():
    return sorted(rules.all(), key=lambda r: r.id)
