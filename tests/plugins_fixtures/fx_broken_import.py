"""A plugin whose dependency is not installed: importing it fails."""

import archcheck_dependency_that_is_not_installed  # noqa: F401
