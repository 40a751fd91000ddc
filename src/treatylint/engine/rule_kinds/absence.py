"""Absence rules: the words (``match``) are a risk unless safeguard language (``require``) is
there too: in the region each requirement names (``within``: sentence, paragraph with its
chapeaux, provision, document) or what it resolves to (``resolve``: cross-references,
safeguards articles, definitions). ``displaced_by``: language that makes a requirement look
only in its own region. Text in square brackets (only proposed) never satisfies a requirement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from treatylint.document.model import Provision
from treatylint.engine import finding, mitigation
from treatylint.findings import Finding

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.engine.engine import CompiledRule
    from treatylint.engine.run import DocumentRun, Span


def findings(run: "DocumentRun", compiled: "CompiledRule") -> list[Finding]:
    found: list[Finding] = []
    for provision, anchors in run.anchored(compiled):
        if anchors:
            one = _missing_safeguard(run, compiled, provision, anchors[0])
            if one is not None:
                found.append(one)
    return found


def _missing_safeguard(run: "DocumentRun", compiled: "CompiledRule", provision: Provision, anchor: "Span") -> Finding | None:
    """The provision's finding (at its first anchor) when its requirements are not met."""
    rule = compiled.rule
    missing: list[str] = []
    for index, (requirement, pattern) in enumerate(compiled.requirements):
        regions = run.region(provision, anchor[0], requirement.within)
        displacer = compiled.displacers.get(index)
        if displacer is None or not run.hits(displacer, provision):
            regions += run.resolved(provision, requirement, anchor[0])
        if run.present(pattern, regions, run.required_text) is None:
            missing.append(requirement.label)
    fires = len(missing) == len(compiled.requirements) if rule.require_mode == "any" else bool(missing)
    if not fires:
        return None
    severity, mitigations, suppressed = mitigation.at(run, compiled, provision, anchor[0])
    return finding.in_provision(run, compiled, provision, anchor, severity, mitigations, suppressed, missing=missing)
