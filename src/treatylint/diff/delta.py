"""Findings across two rounds, matched by rule and aligned provision (never by line or number).

A finding in the new round is persisting when an old provision aligned with its provision (a
plain match, a split, a merge or a move) had a finding of the same rule, or failing that of the
same category; changed when that old finding had another severity; otherwise introduced. An old
finding with no counterpart is resolved. Document-level findings (no provision) match each other.
A finding carried through a split, merge or move is therefore neither introduced nor resolved.
"""

from __future__ import annotations

from dataclasses import dataclass

from treatylint.diff.classify import Entry
from treatylint.findings import Finding


@dataclass(frozen=True)
class Moved:
    """A finding in one round with its counterpart in the other (None when it has none)."""

    finding: Finding  # located in NEW, except for resolved findings (located in OLD)
    counterpart: Finding | None
    old_provision: str | None
    new_provision: str | None


@dataclass
class Delta:
    introduced: list[Moved]
    resolved: list[Moved]
    persisting: list[Moved]
    changed: list[Moved]


def _partners(entries: list[Entry]) -> tuple[dict[str | None, set[str | None]], dict[str | None, set[str | None]]]:
    old_to_new: dict[str | None, set[str | None]] = {None: {None}}
    new_to_old: dict[str | None, set[str | None]] = {None: {None}}
    for entry in entries:
        if entry.old is not None and entry.new is not None:
            old_to_new.setdefault(entry.old.label, set()).add(entry.new.label)
            new_to_old.setdefault(entry.new.label, set()).add(entry.old.label)
    return old_to_new, new_to_old


def _counterpart(finding: Finding, others: list[Finding]) -> Finding | None:
    """The other round's finding of the same rule (the same severity first), else of the same category."""
    same_rule = [f for f in others if f.rule_id == finding.rule_id]
    for f in same_rule:
        if f.severity == finding.severity:
            return f
    if same_rule:
        return max(same_rule, key=lambda f: f.severity.rank)
    same_category = [f for f in others if f.category == finding.category]
    for f in same_category:
        if f.severity == finding.severity:
            return f
    return max(same_category, key=lambda f: f.severity.rank) if same_category else None


def compare_findings(entries: list[Entry], old: list[Finding], new: list[Finding]) -> Delta:
    old_to_new, new_to_old = _partners(entries)
    by_old: dict[str | None, list[Finding]] = {}
    by_new: dict[str | None, list[Finding]] = {}
    for f in old:
        by_old.setdefault(f.provision, []).append(f)
    for f in new:
        by_new.setdefault(f.provision, []).append(f)
    delta = Delta([], [], [], [])
    for f in new:
        labels = new_to_old.get(f.provision, set())
        others = [g for label in labels for g in by_old.get(label, [])]
        match = _counterpart(f, others)
        old_label = match.provision if match is not None else (sorted(l for l in labels if l)[:1] or [None])[0]
        item = Moved(f, match, old_label, f.provision)
        if match is None:
            delta.introduced.append(item)
        elif match.severity != f.severity:
            delta.changed.append(item)
        else:
            delta.persisting.append(item)
    for f in old:
        labels = old_to_new.get(f.provision, set())
        others = [g for label in labels for g in by_new.get(label, [])]
        if _counterpart(f, others) is None:
            new_label = (sorted(l for l in labels if l)[:1] or [None])[0]
            delta.resolved.append(Moved(f, None, f.provision, new_label))
    return delta
