"""`archcheck app`: a local web questionnaire for the unit description (see docs/app.md)."""
