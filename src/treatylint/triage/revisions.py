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


def compare_revisions(
    accepted: list[Finding],
    original: list[Finding],
    document: Document,
) -> list[Finding]:
    """``accepted`` with ``revision`` set, plus the findings the changes removed, in order."""
    before = Counter(_key(f) for f in original)
    after = Counter(_key(f) for f in accepted)
    result: list[Finding] = []
    for finding in accepted:
        key = _key(finding)
        if before[key] > 0:
            before[key] -= 1
        else:
            finding.revision = "introduced"
        result.append(finding)
    for finding in original:
        key = _key(finding)
        if after[key] > 0:
            after[key] -= 1
        else:
            finding.revision = "removed"
            result.append(finding)
    order = {p.label: i for i, p in enumerate(document.all_provisions())}
    result.sort(key=lambda f: (f.path, order.get(f.provision, -1) if f.provision else -1, f.start, f.revision or ""))
    return result
