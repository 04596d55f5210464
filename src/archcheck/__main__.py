"""The `archcheck` command and `python -m archcheck`: the process-wide settings, then the command line."""

import gc

# Start-up (the command line's imports, then the plugins) makes tens of thousands of objects that live
# as long as the process; at CPython's default young-generation threshold (700 allocations) the
# collector walks them over and over for nothing. Set here, before anything is imported, and not in
# `archcheck.cli`, so that a program embedding archcheck keeps its own collector settings.
gc.set_threshold(50_000, 10, 10)

from archcheck.cli import main  # noqa: E402 - after the collector setting, on purpose

if __name__ == "__main__":
    main()
