"""How many bytes of a CSV export the reader takes at a time: a size that fits the core's L2 cache.

Kept apart from the reader (`csv_blocks`) because it is a fact about the machine, read once from
what Linux says of its caches, not about the file.
"""

from __future__ import annotations

import os

#: `ARCHCHECK_BLOCK_KIB=N`: read blocks of N KiB whatever the cache (to measure block sizes)
BLOCK_ENV = "ARCHCHECK_BLOCK_KIB"
_SMALLEST, _LARGEST, _UNKNOWN = 64 << 10, 256 << 10, 96 << 10


def block_for(l2: int | None) -> int:
    """Bytes per block for a core with `l2` bytes of L2 cache (None: not known).

    Each block is one batch for every rule: a larger block pays the rules' per-batch cost less often,
    but its decoded text, cells and columns outgrow the core's L2 cache and every pass over them
    slows down. An eighth of the cache was the fastest on both CPUs measured (docs/performance.md,
    rounds 6 and 11); a cache not known gets the size that was fastest on the smaller one."""
    if not l2:
        return _UNKNOWN
    return max(_SMALLEST, min(_LARGEST, l2 // 8))


def _l2_bytes(root: str = "/sys/devices/system/cpu/cpu0/cache") -> int | None:
    """The L2 (unified or data) cache of the first core as Linux describes it, or None."""
    try:
        for name in sorted(os.listdir(root)):
            with open(os.path.join(root, name, "level"), encoding="ascii") as fh:
                if fh.read().strip() != "2":
                    continue
            with open(os.path.join(root, name, "size"), encoding="ascii") as fh:
                size = fh.read().strip().upper()
            scale = {"K": 1 << 10, "M": 1 << 20}.get(size[-1:], 1)
            digits = size.rstrip("KM")
            return int(digits) * scale if digits.isdigit() else None
    except (OSError, ValueError):
        return None
    return None


def configured_block() -> int:
    """`ARCHCHECK_BLOCK_KIB` when it is a whole number of KiB (1 to 65,536), else `block_for` this machine."""
    raw = os.environ.get(BLOCK_ENV, "")
    if raw.isdigit() and 1 <= int(raw) <= 1 << 16:
        return int(raw) << 10
    return block_for(_l2_bytes())


#: bounds of `rows_for`: fewer rows and the rules' per-batch cost dominates; more were never faster
_FEWEST_ROWS, _MOST_ROWS = 128, 4096
#: ≈ bytes of text a catalogue cell takes in a CSV export (a 15-column row is ≈ 154 bytes)
_CELL_BYTES = 10


def rows_for(width: int, block: int) -> int:
    """Records per batch for a table read record by record (a worksheet, JSON Lines, a JSON document):
    about as many cells as a CSV block of `block` bytes holds, so that a batch fits the same cache
    (a 100k-row .xls, 14 columns: 1,024–1,536 rows a batch were the fastest, 4,096 took 13 % more
    CPU; docs/performance.md, round 11)."""
    return max(_FEWEST_ROWS, min(_MOST_ROWS, block // (_CELL_BYTES * max(1, width))))
