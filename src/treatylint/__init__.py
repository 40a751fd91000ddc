"""treatylint: a linter for draft international treaty texts."""

__version__ = "0.1.0"
