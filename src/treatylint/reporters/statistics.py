"""``check --statistics``: how often each rule fired, ruff style, to size a draft's problems
at a glance or to decide which rules a project configures away."""

from __future__ import annotations

import json
from collections import Counter

from treatylint.findings import Finding


def count_by_rule(findings: list[Finding]) -> list[tuple[int, str, str]]:
    """(count, rule id, category) for reported findings, most frequent first."""
    counts = Counter((f.rule_id, f.category) for f in findings if not f.suppressed and not f.waived)
    return sorted(((n, rule, category) for (rule, category), n in counts.items()), key=lambda row: (-row[0], row[1]))


def render_statistics(findings: list[Finding], json_output: bool = False) -> str:
    rows = count_by_rule(findings)
    if json_output:
        payload = [{"count": n, "rule_id": rule, "category": category} for n, rule, category in rows]
        return json.dumps(payload, indent=2) + "\n"
    if not rows:
        return ""
    width = max(len(str(rows[0][0])), 1)
    rule_width = max(len(rule) for _, rule, _ in rows)
    return "".join(f"{n:>{width}}  {rule:<{rule_width}}  {category}\n" for n, rule, category in rows)
