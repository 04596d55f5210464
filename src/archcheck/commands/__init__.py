"""The commands that check nothing: explain, plugin list, plugin scaffold, docs table, diff, init template, config view."""
