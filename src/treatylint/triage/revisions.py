"""``--revisions``: what a Word file's tracked changes do to the findings.

The draft is linted twice, as it reads with every change accepted and with every change
rejected. A finding is matched across the two versions by rule, article and flagged words (not
by offset: the changes move the text). A finding only the accepted text has was *introduced*
by the changes; one only the original has was *removed* by them; the rest are unchanged
(``revision`` None).
"""

from __future__ import annotations

import re
from collections import Counter

from treatylint.document.model import Document
from treatylint.findings import Finding

_SPACE = re.compile(r"\s+")


def _key(finding: Finding) -> tuple[str, str | None, str]:
    return finding.rule_id, finding.provision, _SPACE.sub(" ", finding.matched).strip().casefold()


def _unmatched(findings: list[Finding], others: list[Finding]) -> list[Finding]:
    """The findings of ``findings`` with no counterpart in ``others`` (a multiset match on ``_key``)."""
    available = Counter(_key(f) for f in others)
    unmatched: list[Finding] = []
    for finding in findings:
        key = _key(finding)
        if available[key] > 0:
            available[key] -= 1
        else:
            unmatched.append(finding)
    return unmatched


def compare_revisions(
    accepted: list[Finding],
    original: list[Finding],
    document: Document,
) -> list[Finding]:
    """``accepted`` with ``revision`` set, plus the findings the changes removed, in order."""
    introduced = _unmatched(accepted, original)
    removed = _unmatched(original, accepted)
    for finding in introduced:
        finding.revision = "introduced"
    for finding in removed:
        finding.revision = "removed"
    result = list(accepted) + removed
    order = {p.label: i for i, p in enumerate(document.all_provisions())}
    result.sort(key=lambda f: (f.path, order.get(f.provision, -1) if f.provision else -1, f.start, f.revision or ""))
    return result
