"""Rules that do to the process what a careless or hostile plugin might: exit it, crash it, interrupt it,
print into the report, change the unit, hang in C code, swallow every exception, leave a thread behind,
hand back evidence that is not data. Which rules exist is chosen by the environment variable
FX_FAULTS (comma-separated names), so each test runs only the fault it is about."""

import hashlib
import os
import sys
import threading
import time

from _common import metadata

from archcheck.api import RuleSet, T, fail, hookimpl

rules = RuleSet(area="ZFT")
CHOSEN = set(filter(None, os.environ.get("FX_FAULTS", "").split(",")))


def fault(number: int, name: str):
    def register(check):
        if name in CHOSEN:
            rules.rule(**metadata(f"ZFT{number:03d}", name))(check)
        return check

    return register


@fault(1, "sys_exit")
def calls_sys_exit(unit, ctx):
    sys.exit(0)


@fault(2, "os_exit")
def calls_os_exit(unit, ctx):
    os._exit(0)


@fault(3, "segfault")
def crashes(unit, ctx):
    import ctypes

    ctypes.string_at(0)


@fault(4, "interrupt")
def raises_keyboard_interrupt(unit, ctx):
    raise KeyboardInterrupt


@fault(5, "prints")
def prints(unit, ctx):
    print("a plugin talking on stdout")
    os.write(1, b"and on fd 1 directly\n")
    return ()


@fault(6, "mutates")
def mutates(unit, ctx):
    unit["unit"]["name"] = "被改掉的名字"
    unit["as_of"] = "1999-01-01"
    return ()


@fault(7, "c_hang")
def hangs_in_c(unit, ctx):
    hashlib.pbkdf2_hmac("sha256", b"x", b"y", 10**9)  # minutes inside OpenSSL, where no signal handler can run
    return ()


@fault(8, "swallows")
def swallows_everything(unit, ctx):
    while True:
        try:
            time.sleep(0.01)
        except BaseException:  # noqa: BLE001 - the point of this fixture
            pass


@fault(9, "thread")
def leaves_a_thread(unit, ctx):
    threading.Thread(target=time.sleep, args=(3600,), daemon=False).start()
    return ()


class Opaque:
    """An object whose repr carries its memory address."""


@fault(10, "evidence")
def odd_evidence(unit, ctx):
    yield fail("/unit", T("证据含对象", "evidence holds objects"), thing=Opaque(), things={Opaque(), 3}, when=time)


@fault(11, "passes")
def passes(unit, ctx):
    return ()


if "print_at_import" in CHOSEN:
    print("a plugin talking on stdout at import")


@hookimpl
def archcheck_rules():
    return rules.all()
