"""``Severity``: error, warning, info, and lowering by steps (mitigations) within them.

Apart from ``findings`` (a pydantic model) so the command line can type ``--fail-on`` with it and
still start without importing pydantic.
"""

from __future__ import annotations

from enum import Enum


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def lowered(self, steps: int = 1) -> "Severity":
        """``steps`` levels lower (a negative number raises), within info..error."""
        order = [Severity.INFO, Severity.WARNING, Severity.ERROR]
        return order[min(2, max(0, self.rank - steps))]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
