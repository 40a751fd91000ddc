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


def findings(run: "DocumentRun", compiled: "CompiledRule") -> list[Finding]:
    rule = compiled.rule
    if not run.document_in_scope(rule):
        return []
    targets = [
        p for p in run.document.all_provisions()
        if (not rule.scope.kinds and p.kind != ProvisionKind.PREAMBLE) or p.kind in rule.scope.kinds
    ]
    regions = [(p, (p.body_start, p.end)) for p in targets]
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
