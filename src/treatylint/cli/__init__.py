"""The ``treatylint`` commands: parse options into settings, call the run, render (``app.py``)."""

from treatylint.cli.app import app, main

__all__ = ["app", "main"]
