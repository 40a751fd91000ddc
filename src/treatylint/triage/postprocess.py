"""What happens to a file's findings after the engine: configured severities, fingerprints and
inline suppressions. Kept out of the engine so rules stay pure and every reporter sees the
result (a severity override shows in SARIF as in the terminal)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from treatylint.document.model import Document
from treatylint.findings import Finding, Severity
from treatylint.rulepack.loader import LoadedRule
from treatylint.triage import inline
from treatylint.triage.fingerprint import fingerprint
from treatylint.triage.overrides import apply_overrides
from treatylint.triage.waivers import StaleWaiver


@dataclass
class Finished:
    findings: list[Finding]
    stale: list[StaleWaiver] = field(default_factory=list)  # unused inline suppressions
    notices: list[str] = field(default_factory=list)  # unreadable inline markers


def finish(
    document: Document,
    findings: list[Finding],
    rules: Iterable[LoadedRule],
    severity: Mapping[str, Severity],
    extracted: inline.Extracted | None = None,
) -> Finished:
    findings = apply_overrides(findings, severity, rules)
    captions = {p.label: p.caption for p in document.all_provisions()}
    # set in place: the findings are this run's own (fresh from the engine or copies made by
    # apply_overrides), and a copy of each cost a tenth of a second per 10,000 findings
    for f in findings:
        f.fingerprint = fingerprint(f, captions.get(f.provision or ""))
    if extracted is None:
        return Finished(findings)
    inline.bind(extracted.suppressions, document)
    findings = inline.apply(findings, extracted.suppressions)
    stale = [
        StaleWaiver(kind="inline", source=f"{document.path}:{s.line}", rule=selector, reason=s.reason or None)
        for s, selector in inline.unused(extracted.suppressions)
    ]
    notices = [f"{document.path}: {problem}" for problem in extracted.problems]
    return Finished(findings, stale, notices)
