"""archcheck: pre-inspection self-audit of a Chinese archive room."""

__version__ = "0.1.0"
