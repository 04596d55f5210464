"""A compact set of names (档号, manifest paths): what "every file has a row" has to remember.

Asking whether each file of a folder is named by a row needs the rows' names at hand, whatever the
order of the catalogue and of the folder. Kept as strings in a Python set, a name costs some 150 bytes;
here each name is kept as a 64-bit BLAKE2b digest in sorted arrays (8 bytes a name), so a million
names take 8 MiB. Two different names share a digest with a chance of about n / 2**64 per name looked
up (n names kept): a file would then be taken as named by a row it is not named by.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left

#: digests collected before they are sorted into a run (bounds the transient list that sorting makes)
RUN = 1 << 16


def digest(name: str) -> int:
    """The 64-bit digest of a name (any str, also one with the lone surrogates of undecodable file names)."""
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


class NameSet:
    """`add(name)`, `name in names`, `len(names)`: a set of names at 8 bytes a name (see the module)."""

    def __init__(self) -> None:
        self._runs: list[array] = []
        self._pending = array("Q")
        self._count = 0

    def add(self, name: str) -> None:
        self._pending.append(digest(name))
        self._count += 1
        if len(self._pending) >= RUN:
            self._settle()

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        if self._pending:
            self._settle()
        wanted = digest(name)
        for run in self._runs:
            at = bisect_left(run, wanted)
            if at < len(run) and run[at] == wanted:
                return True
        return False

    def __len__(self) -> int:
        """How many names were added (a name added twice counts twice)."""
        return self._count

    def _settle(self) -> None:
        if self._runs and len(self._runs[-1]) < RUN:  # lookups between adds: keep the runs few
            self._pending.extend(self._runs.pop())
        self._runs.append(array("Q", sorted(self._pending)))
        self._pending = array("Q")
