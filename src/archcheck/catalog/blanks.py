"""What counts as blank in a catalogue, in one register: the reader's blank rows and the rules' blank cells.

The two answer different questions and differ on purpose. A row is no record when every cell is what
`str.strip()` removes (a spreadsheet's `,,,,` line, or one of spaces of any kind), as `csv.reader` users
expect. A cell is blank, for CAT003 and for `values.clean`, when it holds only the whitespace archive
software and spreadsheets leave in a cell (ASCII and full-width spaces, no-break spaces, a byte-order
mark) and apostrophes (Excel's text marker): the rarer Unicode spaces in a cell are left to be seen.
"""

from __future__ import annotations

#: Every character `str.strip()` removes: a line of only these and delimiters is a blank row.
ROW_WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                  "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
#: The whitespace `values.clean` strips from a cell.
CELL_WHITESPACE = " \t\r\n\u3000\u00a0\ufeff"
#: What a blank cell may hold: that whitespace and a spreadsheet's apostrophe.
CELL_BLANKS = CELL_WHITESPACE + "'"
