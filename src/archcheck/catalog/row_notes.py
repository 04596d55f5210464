"""What a reader notes about a record it could not read as written (`Batch.notes`), in one register.

A note is `(index in batch, code, detail)`, or `(None, code, detail)` once for the whole table (a
header short of names, or naming columns no record has). The codes say how far the record's cells can be trusted:
a ragged CSV line or an unreadable JSON line has cells that may stand in the wrong columns (or none
at all), so the rule that reports malformed records reports it once and every other rule's findings
on it are withheld (`engine.records`): one defect, one finding. A sheet row with something past the
header has each cell in its own column and is still judged, as are the records of a file whose header
is short of names (said once, for the table).
"""

from __future__ import annotations

#: a CSV line with more or fewer cells than the header (detail "cells/columns"): an unquoted delimiter,
#: a lost one, a cut-off line
RAGGED = "ragged"
#: a JSON Lines line that is not a JSON object (detail: the parser's message)
UNREADABLE = "json"
#: a sheet row with something in a cell past the header (detail "cells/columns"): each cell stands in
#: its own column
BEYOND = "beyond"
#: on the table (index None), once: the file's records have columns the header does not name (detail
#: "cells/columns", agreed by its first records, `csv_blocks.habit_of`); those cells are not read, the rest are in place
UNNAMED = "unnamed"
#: on the table (index None), once: the header names columns the file's records never have (detail
#: "cells/columns", agreed by its first records); the records are read as having them blank (CAT002 says
#: so only when one of those columns must be filled: `checkers.catalog.structure.MAY_STAY_BLANK`)
UNFILLED = "unfilled"
#: on the table (index None), once: the header names columns in front that the file's records never
#: have — their cells fit the header's columns from the one after (`catalog.alignment`); the records
#: are read as having those first columns blank (CAT002 says so under the same condition as UNFILLED)
LEADING = "leading"
#: on the table (index None), once: the file's records have cells in front the header does not name —
#: the rest fit the header's columns (`catalog.alignment`): those first cells are not read
UNNAMED_LEADING = "unnamed_leading"

#: a CSV line of a file whose records line up with the header at its end (LEADING, UNNAMED_LEADING) with
#: another number of cells than those records (detail "cells/the records' cells"): even the header's
#: width is out of shape there
OFF_WIDTH = "off_width"

#: the notes after which no cell of the record can be trusted to stand in its column
UNPLACED = frozenset({RAGGED, UNREADABLE, OFF_WIDTH})
