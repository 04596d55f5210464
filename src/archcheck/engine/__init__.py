"""The engine: one isolation and one outcome rule for unit rules (`units`) and streamed catalogue rules (`records`)."""

from archcheck.engine.context import SKIPPED_REASON, Context, Selection
from archcheck.engine.units import DEFAULT_RULE_TIMEOUT, evaluate, run_rules, with_severities

__all__ = ["DEFAULT_RULE_TIMEOUT", "SKIPPED_REASON", "Context", "Selection", "evaluate", "run_rules", "with_severities"]
