"""The ``treatylint`` commands: parse options into settings, call the run, render.

``app.py`` holds the app, ``check`` and the commands around it; ``authoring.py`` the commands
that show what the linter sees and serve rule authors (imported here, after ``app``, so that
they are registered and ``--help`` lists them last)."""

from treatylint.cli.app import app, main
from treatylint.cli import authoring  # noqa: E402,F401  (registers outline, rules, explain, docs, test)

__all__ = ["app", "main"]
