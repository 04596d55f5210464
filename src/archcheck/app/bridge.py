"""Every call the app makes into archcheck's core, in one place.

The app knows nothing else of the core: when the orchestration moves, only the functions below are
re-pointed. Each takes and returns plain values. A check goes through the same prepared audit as
`archcheck check` (audit.prepared, audit.unit_files), in the app's own process (the form's data is one
small unit; the app is a single user's tool).
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Mapping

from archcheck.audit.prepared import PreparedAudit, Settings
from archcheck.audit.unit_files import check_unit
from archcheck.model import Report, Text
from archcheck.plugins import PluginSet, load_plugins as _load_plugins, schema_fragments
from archcheck.reporters.options import ReportOptions
from archcheck.schemas import unit_schema as _unit_schema
from archcheck.scoring import load_profile


def load_plugins() -> PluginSet:
    """The installed plugins, as `archcheck check` loads them by default."""
    return _load_plugins()


def unit_schema(plugins: PluginSet) -> dict[str, Any]:
    """The unit schema with every plugin's `extensions` fragment."""
    return _unit_schema(schema_fragments(plugins))


def areas(plugins: PluginSet, profile: str = "default") -> dict[str, Text]:
    """Inspection areas in the checklist's (profile's) order, plugin areas after."""
    asked = {rule.area for rule in plugins.rules_for("unit")}
    ordered = _audit(plugins, profile).areas
    return {code: name for code, name in ordered.items() if code in asked}


def _audit(plugins: PluginSet, profile: str) -> PreparedAudit:
    return PreparedAudit(plugins, Settings(profile=load_profile(profile, plugins.collect("archcheck_profiles"))))


def check(plugins: PluginSet, path: Path, data: Mapping[str, Any], profile: str = "default") -> Report:
    """Check the description as it stands in the form (not yet saved), as if it were the file at `path`.

    The core reads units from files, so the data is written to a hidden temporary file beside `path`
    (relative side files such as a climate-log CSV then resolve as they will for the saved file) and
    removed at once. Raises InputError, like `archcheck check`, when the data is invalid.
    """
    audit = _audit(plugins, profile)
    handle, name = tempfile.mkstemp(prefix=".archcheck-app-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
        unit = check_unit(Path(name), audit)
    finally:
        os.unlink(name)
    unit = dataclasses.replace(unit, source=str(path))
    return audit.report([unit])


def render(plugins: PluginSet, report: Report, fmt: str, output_name: str, lang: str = "zh") -> bytes:
    """One report format (docx, html, ledger, markdown, json …) as bytes."""
    reporter = plugins.collect("archcheck_reporters")[fmt]
    result = reporter(report, ReportOptions(lang=lang, output=Path(output_name)))
    return result if isinstance(result, bytes) else result.encode("utf-8")
