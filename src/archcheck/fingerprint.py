"""A finding's identity across runs: rule + location + normalised evidence, independent of order.

Used by `archcheck diff` (and meant for baselines): two runs that report the same problem give the
same fingerprint even when findings are reordered or messages are reworded or translated.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Mapping

from archcheck.model import Finding, Location


def fingerprint(rule_id: str, location: Mapping[str, Any] | Location, evidence: Mapping[str, Any] | None) -> str:
    """A short stable hash of what identifies a finding (never its message, points or severity)."""
    where = location.to_dict() if isinstance(location, Location) else dict(location or {})
    key = {
        "rule": rule_id.upper(),
        "location": where.get("pointer") if where.get("pointer") is not None else where,
        "evidence": evidence or {},
    }
    canonical = json.dumps(key, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def finding_fingerprint(finding: Finding) -> str:
    return fingerprint(finding.rule_id, finding.location, finding.evidence)


def report_finding_fingerprint(entry: Mapping[str, Any]) -> str:
    """The fingerprint of one entry of `units[].findings` in the JSON report."""
    return fingerprint(str(entry.get("rule", "")), entry.get("location") or {}, entry.get("evidence") or {})
