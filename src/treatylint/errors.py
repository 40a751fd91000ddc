"""Errors that end a run with exit code 2 and a one-line message, never a traceback."""


class TreatylintError(Exception):
    """Base class: ``str(error)`` is the one-line message shown to the user."""


class InputError(TreatylintError):
    """A draft could not be read: missing, binary, empty, undecodable or too large."""


class RuleError(TreatylintError):
    """A rule file is malformed: bad YAML, a bad field, an invalid pattern."""


class UsageError(TreatylintError):
    """The command line asks for something that does not exist (a rule id, a format...)."""
