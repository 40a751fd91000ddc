"""Counts by category and severity, shared by every reporter."""

from __future__ import annotations

from collections import Counter

from treatylint.findings import CATEGORIES, Finding, Severity


WAIVED = " waived: "  # in the run's notice counting what suppressions and waivers removed


def summarise(findings: list[Finding]) -> dict:
    reported = [f for f in findings if not f.suppressed and not f.waived]
    waived = sum(1 for f in findings if f.waived and not f.suppressed)
    by_category = Counter(f.category for f in reported)
    by_severity = Counter(f.severity.value for f in reported)
    return {
        "total": len(reported),
        "by_severity": {s.value: by_severity.get(s.value, 0) for s in reversed(list(Severity))},
        "by_category": {c: by_category[c] for c in CATEGORIES if by_category.get(c)},
        "suppressed": len(findings) - len(reported) - waived,
        "waived": waived,
    }
