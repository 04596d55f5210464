"""Call plugin code so that nothing it does costs the run: the one isolation for unit and catalogue rules.

Whatever a rule's code raises — an exception, ``SystemExit`` from ``sys.exit``, ``os._exit`` (refused by
the run's guard), its own ``KeyboardInterrupt``, an overrun of ``--rule-timeout`` — becomes that rule's
``error`` with a message naming the plugin and the rule, and the other rules still run. Two things
pass through: :class:`~archcheck.errors.InputError` (a side file the unit names is unreadable: the
user's input error, exit 2) and the user's own Ctrl-C.

What plugin code hands back is checked here too (:func:`accept`): only findings, with evidence reduced
to plain JSON values, so that a report and its fingerprints are the same on every run.
"""

from __future__ import annotations

import traceback
from enum import Enum
from typing import Any, Callable, Mapping, TypeVar

from archcheck.engine import guard, worker
from archcheck.engine.timelimit import NO_LIMIT, RuleTimeout, TimeLimit
from archcheck.errors import InputError
from archcheck.model import Finding, Rule, Text

R = TypeVar("R")

TIMED_OUT = Text(
    "插件 {plugin} 的规则 {rule} 超过时限 {s} 秒，已停止（可用 --rule-timeout 调整）",
    "rule {rule} of plugin {plugin} exceeded the time limit of {s} s and was stopped (see --rule-timeout)",
)
RAISED = Text("插件 {plugin} 的规则 {rule} 运行出错：{detail}", "rule {rule} of plugin {plugin} raised an error: {detail}")
EXITED = Text(
    "插件 {plugin} 的规则 {rule} 试图结束整个进程（{detail}），已拦截，其余规则照常检查",
    "rule {rule} of plugin {plugin} tried to end the process ({detail}); stopped, the other rules ran",
)


def isolate(rule: Rule, call: Callable[[], R], limit: TimeLimit = NO_LIMIT, debug: bool = False) -> tuple[R | None, Text | None]:
    """(value, None) when `call()` returned, else (None, the error that names the plugin and rule)."""
    worker.beat(rule.id)
    try:
        return limit.call(call), None
    except RuleTimeout as stop:
        return None, failure(rule, TIMED_OUT, s=f"{stop.seconds:g}")
    except InputError:
        raise
    except KeyboardInterrupt:
        if guard.interrupted():
            raise
        return None, failure(rule, RAISED, detail=_detail(KeyboardInterrupt(), debug))
    except SystemExit as exc:
        detail = str(exc) if isinstance(exc, guard.ExitRefused) else f"sys.exit({exc.code!r})"
        return None, failure(rule, EXITED, detail=detail)
    except BaseException as exc:  # noqa: BLE001 - isolating plugins is the point
        return None, failure(rule, RAISED, detail=_detail(exc, debug))
    finally:
        worker.rest()


def isolate_findings(rule: Rule, method: Callable[[Any], Any], arg: Any, limit: TimeLimit = NO_LIMIT,
                     debug: bool = False) -> tuple[list[Finding], Text | None]:
    """`isolate` for the hot path of a streamed rule: the findings `method(arg)` yields (a generator is
    drained inside the time limit), accepted, or the error — one frame instead of four per call."""
    worker.beat(rule.id)
    try:
        return limit.call(_drain, rule, method, arg), None
    except RuleTimeout as stop:
        return [], failure(rule, TIMED_OUT, s=f"{stop.seconds:g}")
    except InputError:
        raise
    except KeyboardInterrupt:
        if guard.interrupted():
            raise
        return [], failure(rule, RAISED, detail=_detail(KeyboardInterrupt(), debug))
    except SystemExit as exc:
        detail = str(exc) if isinstance(exc, guard.ExitRefused) else f"sys.exit({exc.code!r})"
        return [], failure(rule, EXITED, detail=detail)
    except BaseException as exc:  # noqa: BLE001 - isolating plugins is the point
        return [], failure(rule, RAISED, detail=_detail(exc, debug))
    finally:
        worker.rest()


def _drain(rule: Rule, method: Callable[[Any], Any], arg: Any) -> list[Finding]:
    produced = method(arg)
    if produced is None or produced == ():
        return []
    return [accept(rule, f) for f in produced]


def failure(rule: Rule, message: Text, **values: Any) -> Text:
    return message.format(plugin=rule.plugin or "?", rule=rule.id, **values)


def _detail(exc: BaseException, debug: bool) -> str:
    if debug:
        return traceback.format_exc()
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def accept(rule: Rule, finding: Any) -> Finding:
    """A finding from `rule`'s check, stamped with the rule's id and with plain evidence (TypeError otherwise)."""
    if type(finding) is not Finding and not isinstance(finding, Finding):
        raise TypeError(f"check yielded {type(finding).__name__}, expected Finding")
    message = finding.message
    if type(message) is not Text:
        message = as_text(message, "the finding's message")
    evidence = finding.evidence
    if not _is_plain_mapping(evidence):
        evidence = {str(k): plain(v) for k, v in dict(evidence).items()} if isinstance(evidence, Mapping) else {"value": plain(evidence)}
    if finding.rule_id == rule.id and evidence is finding.evidence and message is finding.message and type(finding) is Finding:
        return finding
    return Finding(rule.id, message, finding.location, evidence, finding.fraction, finding.missing,
                   finding.waiver, finding.baseline)


def as_text(value: Any, what: str) -> Text:
    """A plain string reads the same in both languages; anything else than Text or str is the plugin's mistake."""
    if isinstance(value, Text):
        return value
    if isinstance(value, str):
        return Text(value, value)
    raise TypeError(f"{what} must be archcheck.api.T(zh, en) or a string, not {type(value).__name__}")


#: evidence is for people and fingerprints: deep or huge values are cut
_MAX_ITEMS = 200
_MAX_DEPTH = 6
_SCALARS = frozenset((str, int, bool, type(None)))


def _is_plain_mapping(evidence: Any) -> bool:
    """The common case, checked without a call per value: a dict of strings to plain values."""
    return type(evidence) is dict and all(type(k) is str and _is_plain(v, 0) for k, v in evidence.items())


def _is_plain(value: Any, depth: int) -> bool:
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is float:
        return value - value == 0.0  # finite: NaN and ±inf are not JSON
    if depth >= _MAX_DEPTH:
        return False
    if kind is list:
        return len(value) <= _MAX_ITEMS and all(_is_plain(v, depth + 1) for v in value)
    if kind is dict:
        return len(value) <= _MAX_ITEMS and all(type(k) is str and _is_plain(v, depth + 1) for k, v in value.items())
    return False


def plain(value: Any, depth: int = 0) -> Any:
    """`value` as JSON data that reads the same on every run (no object reprs, which carry addresses)."""
    if _is_plain(value, depth):
        return value
    if isinstance(value, Enum):
        return plain(value.value, depth)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        number = float(value)
        return number if number - number == 0.0 else str(number)
    if isinstance(value, str):
        return str(value)
    if depth >= _MAX_DEPTH:
        return "…"
    if isinstance(value, Mapping):
        return {str(k): plain(v, depth + 1) for k, v in list(value.items())[:_MAX_ITEMS]}
    if isinstance(value, (set, frozenset)):
        return [plain(v, depth + 1) for v in sorted(value, key=repr)[:_MAX_ITEMS]]
    if isinstance(value, (list, tuple)):
        return [plain(v, depth + 1) for v in list(value)[:_MAX_ITEMS]]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return f"<{type(value).__name__}>"
