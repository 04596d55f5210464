"""PRO — the nine protections (九防) and the custody conditions behind them: one area, one plugin.

`nine` judges each protection on listed evidence, `fire` the extinguishers and fire systems, `climate`
the temperature/humidity log, `upkeep` the equipment's expiry and servicing; `evidence` answers "is
there working equipment or a measure X in the store?" for all of them.
"""

from __future__ import annotations

from archcheck.api import T, hookimpl
from archcheck.checkers.protection import climate, fire, nine, upkeep

ARCHCHECK_API = (1,)


@hookimpl
def archcheck_areas():
    return {"PRO": T("九防与保管保护", "Nine protections & custody")}


@hookimpl
def archcheck_rules():
    return [*nine.rules.all(), *fire.rules.all(), *climate.rules.all(), *upkeep.rules.all()]
