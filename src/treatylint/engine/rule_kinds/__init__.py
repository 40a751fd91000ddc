"""One module per rule kind (the rule's ``extends:``), each with ``findings(run, compiled)``:

* ``presence``: words that are a risk wherever they appear (``match``), lowered by mitigating
  language around them (``unless``);
* ``absence``: words that are a risk unless a safeguard is there too (``match`` + ``require``);
* ``document``: what the whole document must contain (``scope.level: document`` + ``require``);
* ``check``: a built-in check for what words cannot express (``check:``, engine/checks.py).

To add a kind: a module here, its name in ``KINDS`` and in the rule schema's ``extends``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from treatylint.engine.rule_kinds import absence, check, document, presence

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.engine.engine import CompiledRule
    from treatylint.engine.run import DocumentRun
    from treatylint.findings import Finding

KINDS: dict[str, Callable[["DocumentRun", "CompiledRule"], list["Finding"]]] = {
    "presence": presence.findings,
    "absence": absence.findings,
    "document": document.findings,
    "check": check.findings,
}
