"""The checking entry points — one unit, many units, catalogue exports — sharing one prepared set-up."""
