"""Check each input of a run in a killable worker (`engine.worker`) and rebuild its report here.

The entry points give a function that checks one input in-process (``check_one(input, failed)``);
this module runs it in worker processes where the platform allows, in input order, and hands back
the same UnitReport objects a single process would have built (`engine.unit_store.pack`: rules
travel as their ids, since their functions do not pickle), or, for a caller that keeps them in a
`UnitStore`, the packed bytes as they came; what the waiver ledger counted in the worker is added
to the run's.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterable, Iterator, Mapping

from archcheck.audit.prepared import PreparedAudit
from archcheck.engine import worker
from archcheck.engine.unit_store import pack, unpack
from archcheck.errors import InputError
from archcheck.model import Text, UnitReport

CheckOne = Callable[[Any, Mapping[str, Text]], UnitReport]
#: `ARCHCHECK_WORKERS=N` caps the worker processes of a many-input run (default: one per core)
WORKERS_ENV = "ARCHCHECK_WORKERS"


def check_each(inputs: Iterable[Any], audit: PreparedAudit, check_one: CheckOne, target: str,
               workers: int | None = None, packed: bool = False) -> Iterator[tuple[str, Any]]:
    """("ok", UnitReport) | ("input", problems) | ("internal", Text) per input, in input order.

    With `packed`, a worker's report comes as `pack`'s bytes (for `UnitStore.add`), not rebuilt."""
    inputs = list(inputs)
    rules = {rule.id: rule for rule in audit.rules(target)}  # settled here, before any worker is forked
    if not worker.available():
        for item in inputs:
            try:
                yield "ok", check_one(item, {})
            except InputError as error:
                yield "input", error.problems
        return

    def job(item: Any, failed: Mapping[str, Text]) -> Any:
        before = audit.ledger.snapshot()
        unit = check_one(item, failed)
        return pack(unit), audit.ledger.since(before)

    supervisor = worker.Supervisor(
        job=job, workers=min(workers, max(1, len(inputs))) if workers else worker_count(len(inputs)),
        time_limit=audit.settings.rule_timeout,
        describe=lambda rule_id: rules[rule_id].plugin if rule_id in rules else "?", name=_name,
    )
    for status, value in supervisor.run(inputs):
        if status == "ok":
            data, counted = value
            audit.ledger.absorb(counted)
            yield "ok", data if packed else unpack(data, rules)
        else:
            yield status, value


def _name(item: Any) -> str:
    """An input as messages name it (a volume run's input is its list of files)."""
    return " + ".join(map(str, item)) if isinstance(item, (list, tuple)) else str(item)


def worker_count(inputs: int) -> int:
    """One worker per core for many inputs (capped by ARCHCHECK_WORKERS), one for a single input."""
    wanted = os.environ.get(WORKERS_ENV, "")
    cores = int(wanted) if wanted.isdigit() and int(wanted) > 0 else (os.cpu_count() or 1)
    return max(1, min(cores, inputs))
