"""Two checked rounds -> one diff: align, classify, match findings, name safeguard changes.

``DiffResult.payload()`` is the JSON contract (docs/diff.md) every reporter renders from.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from treatylint.diff.align import align, number_map
from treatylint.diff.classify import Entry, classify
from treatylint.diff.delta import Delta, Tracked, compare_findings
from treatylint.diff.rounds import Round
from treatylint.diff.safeguards import SafeguardChange, SafeguardFinder, safeguard_changes

RELATIONS = ("unchanged", "editorial", "substantive", "split", "merged", "deleted", "added")


@dataclass
class DiffResult:
    old: Round
    new: Round
    entries: list[Entry]
    delta: Delta
    safeguards: list[SafeguardChange]

    @property
    def substantive(self) -> list[Entry]:
        return [e for e in self.entries if e.substantive]

    def summary(self) -> dict:
        relations = Counter(e.relation for e in self.entries)
        by_category: dict[str, dict[str, int]] = {}
        for status in ("introduced", "resolved", "persisting", "changed"):
            for item in getattr(self.delta, status):
                row = by_category.setdefault(item.finding.category, {s: 0 for s in ("introduced", "resolved", "persisting", "changed")})
                row[status] += 1
        return {
            "relations": {r: relations.get(r, 0) for r in RELATIONS},
            "moved": sum(1 for e in self.entries if e.moved),
            "substantive": sum(1 for e in self.entries if e.substantive),
            "introduced": len(self.delta.introduced),
            "resolved": len(self.delta.resolved),
            "persisting": len(self.delta.persisting),
            "changed": len(self.delta.changed),
            "safeguards_removed": sum(1 for s in self.safeguards if s.change == "removed"),
            "safeguards_added": sum(1 for s in self.safeguards if s.change == "added"),
            "by_category": dict(sorted(by_category.items())),
        }

    def payload(self) -> dict:
        from treatylint import __version__

        return {
            "version": __version__,
            "old": self.old.name,
            "new": self.new.name,
            "alignment": [_entry(e) for e in self.entries],
            "introduced": [_finding(m, with_old=False) for m in self.delta.introduced],
            "resolved": [_finding(m, with_old=False) for m in self.delta.resolved],
            "persisting": [_finding(m, with_old=True) for m in self.delta.persisting],
            "changed": [_finding(m, with_old=True) for m in self.delta.changed],
            "safeguards": [{**s.__dict__, "labels": list(s.labels)} for s in self.safeguards],
            "summary": self.summary(),
        }


def _entry(entry: Entry) -> dict:
    return {
        "old": entry.old.label if entry.old else None,
        "new": entry.new.label if entry.new else None,
        "relation": entry.relation,
        "substantive": entry.substantive,
        "similarity": max(0.0, min(1.0, round(entry.similarity, 4))),
        "moved": entry.moved,
        "old_caption": entry.old.caption if entry.old else None,
        "new_caption": entry.new.caption if entry.new else None,
        "changes": [{"op": c.op, "old": c.old, "new": c.new} for c in entry.changes],
    }


def _finding(item: Tracked, with_old: bool) -> dict:
    data = item.finding.model_dump(mode="json")
    data["old_provision"] = item.old_provision
    data["new_provision"] = item.new_provision
    if with_old and item.counterpart is not None:
        data["old_severity"] = item.counterpart.severity.value
        data["old_rule_id"] = item.counterpart.rule_id
    return data


def diff_rounds(old: Round, new: Round, finder: SafeguardFinder | None = None) -> DiffResult:
    links = align(old.units, new.units)
    entries = classify(links, number_map(links))
    delta = compare_findings(entries, old, new)
    safeguards = safeguard_changes(entries, finder, old, new)
    return DiffResult(old, new, entries, delta, safeguards)
