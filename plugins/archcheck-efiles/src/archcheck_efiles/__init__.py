"""archcheck-efiles: existence, checksum, format, size and coverage checks of a unit's electronic files."""

__version__ = "0.1.0"
