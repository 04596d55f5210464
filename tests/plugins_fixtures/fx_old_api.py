"""A plugin that supports only a plugin API older than this archcheck's."""

from archcheck.api import hookimpl

ARCHCHECK_API = (0,)


@hookimpl
def archcheck_rules():
    return []
