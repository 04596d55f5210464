"""Volume-catalogue rules (target "volumes") that end or hang the process while a 案卷目录 + 卷内文件目录 run
streams: os._exit, a segfault, a long C call, a Python loop. FX_FAULTS (comma-separated names) chooses
which exist, so each test runs only the fault it is about; ZVF010 ("passes") reads every batch and passes."""

import hashlib
import os

from _common import metadata

from archcheck.api import RecordCheck, RuleSet, hookimpl

rules = RuleSet(area="ZVF")
CHOSEN = set(filter(None, os.environ.get("FX_FAULTS", "").split(",")))


def fault(number: int, name: str):
    def register(cls):
        if name in CHOSEN:
            rules.rule(target="volumes", **metadata(f"ZVF{number:03d}", name))(cls)
        return cls

    return register


@fault(1, "vol_os_exit")
class ExitsOnBatch(RecordCheck):
    def batch(self, batch):
        os._exit(0)


@fault(2, "vol_segfault")
class CrashesOnBatch(RecordCheck):
    def batch(self, batch):
        import ctypes

        ctypes.string_at(0)


@fault(3, "vol_c_hang")
class HangsInC(RecordCheck):
    def batch(self, batch):
        hashlib.pbkdf2_hmac("sha256", b"x", b"y", 10**9)  # minutes inside OpenSSL, where no signal handler can run
        return ()


@fault(4, "vol_hang")
class Loops(RecordCheck):
    def batch(self, batch):
        while True:
            pass


@fault(10, "passes")
class Passes(RecordCheck):
    def batch(self, batch):
        return ()


@hookimpl
def archcheck_rules():
    return rules.all()
