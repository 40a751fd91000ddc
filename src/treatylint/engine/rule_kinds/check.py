"""Check rules (``check: <name>``, engine/checks.py): what the check reports, on the provision
it falls in, at the rule's severity. No mitigation applies: a hidden character is not less
hidden in a preamble."""

from __future__ import annotations

from typing import TYPE_CHECKING

from treatylint.engine import finding
from treatylint.engine.checks import CHECKS
from treatylint.engine.run import excerpt
from treatylint.findings import Finding

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.engine.engine import CompiledRule
    from treatylint.engine.run import DocumentRun


def findings(run: "DocumentRun", compiled: "CompiledRule") -> list[Finding]:
    rule = compiled.rule
    text = run.document.text
    found: list[Finding] = []
    for start, end, what in CHECKS[rule.check](run.document):
        provision = run.document.provision_at(start)
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        label = provision.label if provision is not None else None
        quote = excerpt(text[line_start : len(text) if line_end == -1 else line_end], (start - line_start, end - line_start))
        found.append(finding.build(
            run, rule, start, end, severity=rule.severity,
            message=rule.render_message(match=what, term=what, provision=label or "The document"),
            quote=quote, matched=text[start:end], provision=provision,
            kind=provision.kind.value if provision is not None else None,
        ))
    return found
