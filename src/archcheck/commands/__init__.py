"""The commands that check nothing: explain, plugin list, docs table, diff, init template, config view."""
