"""Severity overrides from configuration, applied to findings rather than to rule files.

Applying them at the ``Finding`` level means every reporter (terminal, JSON, SARIF...) sees the
configured severity without knowing overrides exist. An override replaces the rule's own
severity; the engine's relative adjustments (a mitigation or the preamble lowering a finding by
a level) are kept, so an override never erases what the engine saw.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from treatylint.findings import Finding, Severity
from treatylint.rulepack import selectors
from treatylint.rulepack.loader import LoadedRule


def override_for(overrides: Mapping[str, Severity], rule_id: str, category: str) -> Severity | None:
    """The most specific override for a rule: its id, then the longest id prefix, then its category."""
    best: tuple[int, int, Severity] | None = None
    for key, severity in overrides.items():
        score = selectors.specificity(key, rule_id, category)
        if score and (best is None or (score, len(key)) > best[:2]):
            best = (score, len(key), severity)
    return best[2] if best else None


def apply_overrides(findings: list[Finding], overrides: Mapping[str, Severity], rules: Iterable[LoadedRule]) -> list[Finding]:
    """Findings with configured severities; the engine's lowering (mitigation, preamble) is kept."""
    if not overrides:
        return findings
    defaults = {r.rule.id: r.rule.severity for r in rules}
    result = []
    for finding in findings:
        wanted = override_for(overrides, finding.rule_id, finding.category)
        default = defaults.get(finding.rule_id)
        if wanted is None or default is None:
            result.append(finding)
            continue
        lowered = max(0, default.rank - finding.severity.rank)
        result.append(finding.model_copy(update={"severity": wanted.lowered(lowered)}))
    return result
