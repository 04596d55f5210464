"""archcheck-hunan: Hunan's scoring schemes and the local requirements beyond the national ones."""

__version__ = "0.1.0"
