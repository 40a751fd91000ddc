"""Check rules (``check: <name>``, engine/checks.py): what the check reports, on the provision
it falls in, at the rule's severity. No mitigation applies: a hidden character is not less
hidden in a preamble."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from treatylint.engine import finding
from treatylint.engine.checks import CHECKS
from treatylint.engine.rule_kinds.presence import MAX_FINDINGS_PER_PROVISION
from treatylint.engine.run import excerpt
from treatylint.findings import Finding

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.engine.engine import CompiledRule
    from treatylint.engine.run import DocumentRun


def findings(run: "DocumentRun", compiled: "CompiledRule") -> list[Finding]:
    """At most ``MAX_FINDINGS_PER_PROVISION`` per provision, as for phrase rules, and a notice
    says how many more there were: a draft of a million disguised words needs its disguise
    reported, not a million times (25,000 findings made a 55 MB JSON report of a 2 MB draft)."""
    rule = compiled.rule
    text = run.document.text
    found: list[Finding] = []
    counts: Counter[int] = Counter()  # findings per provision (by id: -1 outside any)
    over: dict[int, tuple[str, int]] = {}  # provision -> (its name, the places not reported)
    for start, end, what in CHECKS[rule.check](run.document):
        provision = run.document.provision_at(start)
        key = id(provision) if provision is not None else -1
        if counts[key] == MAX_FINDINGS_PER_PROVISION:
            name, more = over.get(key, (provision.label if provision is not None else "The document", 0))
            over[key] = (name, more + 1)
            continue
        counts[key] += 1
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
    for name, more in over.values():
        run.document.notices.append(
            f"{name}: {rule.id} is reported for the first {MAX_FINDINGS_PER_PROVISION} places only; "
            f"{more:,} more there are not listed"
        )
    return found
