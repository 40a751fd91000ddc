"""Findings across two rounds, matched by rule and aligned provision (never by line or number).

A finding in the new round is persisting when an old provision aligned with its provision (a
plain match, a split, a merge or a move) had a finding of the same rule, or failing that of the
same category; changed when that old finding had another severity; otherwise introduced. An old
finding with no counterpart is resolved. Document-level findings (no provision) match each other.
A finding carried through a split, merge or move is therefore neither introduced nor resolved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from treatylint.diff.classify import Entry
from treatylint.findings import Finding

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.diff.rounds import Round
    from treatylint.diff.units import Unit


@dataclass(frozen=True)
class Tracked:
    """A finding in one round with its counterpart in the other (None when it has none)."""

    finding: Finding  # located in NEW, except for resolved findings (located in OLD)
    counterpart: Finding | None
    old_provision: str | None
    new_provision: str | None


@dataclass
class Delta:
    introduced: list[Tracked]
    resolved: list[Tracked]
    persisting: list[Tracked]
    changed: list[Tracked]


_Key = int | None  # a unit's index in its round; None for the document


def _partners(entries: list[Entry]) -> tuple[dict[_Key, set[_Key]], dict[_Key, set[_Key]]]:
    old_to_new: dict[_Key, set[_Key]] = {None: {None}}
    new_to_old: dict[_Key, set[_Key]] = {None: {None}}
    for entry in entries:
        if entry.old is not None and entry.new is not None:
            old_to_new.setdefault(entry.old.index, set()).add(entry.new.index)
            new_to_old.setdefault(entry.new.index, set()).add(entry.old.index)
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


def compare_findings(entries: list[Entry], old: "Round", new: "Round") -> Delta:
    old_to_new, new_to_old = _partners(entries)
    old_units = {u.index: u for u in old.units}
    new_units = {u.index: u for u in new.units}

    def key(round_: "Round", finding: Finding) -> _Key:
        unit = round_.unit_of(finding)
        return unit.index if unit is not None else (None if finding.provision is None else -1)

    def label(units: dict[int, "Unit"], index: _Key) -> str | None:
        return units[index].label if index is not None and index in units else None

    by_old: dict[_Key, list[Finding]] = {}
    by_new: dict[_Key, list[Finding]] = {}
    for f in old.findings:
        by_old.setdefault(key(old, f), []).append(f)
    for f in new.findings:
        by_new.setdefault(key(new, f), []).append(f)
    delta = Delta([], [], [], [])
    for where, findings in by_new.items():
        partners = new_to_old.get(where, set())
        others = [g for k in partners for g in by_old.get(k, [])]
        for f in findings:
            match = _counterpart(f, others)
            if match is not None:
                old_label = match.provision
            else:
                old_label = label(old_units, min((k for k in partners if k is not None), default=None))
            item = Tracked(f, match, old_label, f.provision)
            if match is None:
                delta.introduced.append(item)
            elif match.severity != f.severity:
                delta.changed.append(item)
            else:
                delta.persisting.append(item)
    for where, findings in by_old.items():
        partners = old_to_new.get(where, set())
        others = [g for k in partners for g in by_new.get(k, [])]
        for f in findings:
            if _counterpart(f, others) is None:
                new_label = label(new_units, min((k for k in partners if k is not None), default=None))
                delta.resolved.append(Tracked(f, None, f.provision, new_label))
    order = {id(f): i for i, f in enumerate(new.findings)}
    old_order = {id(f): i for i, f in enumerate(old.findings)}
    for items in (delta.introduced, delta.persisting, delta.changed):
        items.sort(key=lambda m: order[id(m.finding)])
    delta.resolved.sort(key=lambda m: old_order[id(m.finding)])
    return delta
