"""Document rules: what the whole document must contain (``require``, searched in the operative
provisions of the kinds the rule names), reported once, on the document's first line.
Mitigating language counts anywhere in the document and is named with its provision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from treatylint.document.model import ProvisionKind
from treatylint.engine import finding, mitigation
from treatylint.engine.run import excerpt, join_or
from treatylint.findings import Finding

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.engine.engine import CompiledRule
    from treatylint.engine.run import DocumentRun


def rule_regions(run: "DocumentRun", rule) -> list | None:
    """The provisions a document rule reads, as (provision, (start, end)) regions; None when
    the document is outside the rule's scope. (The diff's safeguard witness reads the same.)"""
    if not run.document_in_scope(rule):
        return None
    return [
        (p, (p.body_start, p.end)) for p in run.document.all_provisions()
        if (not rule.scope.kinds and p.kind != ProvisionKind.PREAMBLE) or p.rule_kind in rule.scope.kinds
    ]


def findings(run: "DocumentRun", compiled: "CompiledRule") -> list[Finding]:
    rule = compiled.rule
    regions = rule_regions(run, rule)
    if regions is None:
        return []
    missing = [r.label for r, pattern in compiled.requirements if run.present(pattern, regions) is None]
    fires = len(missing) == len(compiled.requirements) if rule.require_mode == "any" else bool(missing)
    if not fires:
        return []
    everywhere = [(p, (p.start, p.end)) for p in run.document.all_provisions()]
    severity, seen, suppressed = mitigation.mitigate(run, compiled, lambda _: everywhere, name_place=True)
    text = run.text
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    message = rule.render_message(missing=join_or(missing), mitigations="; ".join(seen) or "none", provision="the document")
    return [finding.build(run, rule, start, end, severity=severity, message=message, quote=excerpt(text[start:end]),
                          matched="", mitigations=seen, suppressed=suppressed)]
