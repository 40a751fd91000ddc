"""Unchanged, editorial or substantive: what an aligned pair's differences do to the text's effect.

Unchanged means the same caption and body, line breaks included. Editorial means the canonical
words (``words.py``: spelling, punctuation, quotes, line breaks, "State Party" forms) are equal
once the old round's cross-references are mapped through the alignment's number map, or differ
only in grammatical agreement (its/their, is/are, a plural -s). Captions are names, not law:
rewording one is editorial. Anything else is substantive, and its word-level changes are kept.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from treatylint.diff.align import Link
from treatylint.diff.units import Unit
from treatylint.diff.words import agreement_key


@dataclass(frozen=True)
class Change:
    """One word-level change of a substantive pair (raw words as the drafts write them)."""

    op: str  # "delete", "insert", "replace"
    old: str
    new: str
    old_label: str | None = None
    new_label: str | None = None
    old_span: tuple[int, int] | None = None  # offsets in the old unit's body
    new_span: tuple[int, int] | None = None


@dataclass(eq=False)
class Entry:
    """One row of the alignment in the JSON contract, with the changes behind its call."""

    old: Unit | None
    new: Unit | None
    relation: str  # unchanged | editorial | substantive | split | merged | deleted | added
    substantive: bool
    similarity: float
    moved: bool = False
    caption_changed: bool = False
    changes: list[Change] = field(default_factory=list)


_Token = tuple[str, Unit, int]  # key, unit, word index


def _tokens(unit: Unit, mapping: dict[str, str] | None) -> list[_Token]:
    out: list[_Token] = []
    skip = -1
    for i, word in enumerate(unit.words):
        if i == skip or word.marker:
            continue
        if i in unit.refs:
            number = unit.refs[i]
            if " " in number:
                skip = i + 1
            out.append((mapping.get(number, number) if mapping is not None else number, unit, i))
        else:
            out.append((word.key, unit, i))
    return out


def _fold(tokens: list[_Token]) -> list[str]:
    return [k for k in (agreement_key(t[0]) for t in tokens) if k]


def _span(tokens: list[_Token]) -> tuple[str, str | None, tuple[int, int] | None]:
    """The raw text the tokens cover (within the first token's unit), its label and offsets."""
    if not tokens:
        return "", None, None
    unit = tokens[0][1]
    mine = [t for t in tokens if t[1] is unit]
    start, end = unit.words[mine[0][2]].start, unit.words[mine[-1][2]].end
    return " ".join(unit.body[start:end].split()), unit.label, (start, end)


MIN_MOVED = 3  # words: a shorter run found elsewhere is a coincidence, not moved text
_NUMBERISH = re.compile(r"^(?:\d+|[ivxlcdm]+|[a-z])$")


def _segments(indices: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _cancel_moves(ops: list[tuple[list[str], list[str]]], old_keys: list[str], new_keys: list[str],
                  regrouped: bool) -> list[tuple[list[str], list[str]]]:
    """Text deleted in one place and inserted in another (a paragraph moved) is no change: runs
    of at least MIN_MOVED words common to the deleted and the inserted words are taken out of
    both. In a split or merge, a run the other side still holds anywhere (a chapeau repeated in
    both parts of a split, or said once for both parts of a merge) is no change either."""
    removed = [(k, o) for o, (rem, _) in enumerate(ops) for k in rem]
    added = [(k, o) for o, (_, add) in enumerate(ops) for k in add]
    drop_r: set[int] = set()
    drop_a: set[int] = set()
    matcher = difflib.SequenceMatcher(None, [k for k, _ in removed], [k for k, _ in added], autojunk=False)
    for block in matcher.get_matching_blocks():
        if block.size >= MIN_MOVED:
            drop_r.update(range(block.a, block.a + block.size))
            drop_a.update(range(block.b, block.b + block.size))
    if regrouped:
        for words, drop, other in ((removed, drop_r, new_keys), (added, drop_a, old_keys)):
            text = f" {' '.join(other)} "
            left = [i for i in range(len(words)) if i not in drop]
            for run in _segments(left):
                if len(run) >= MIN_MOVED and f" {' '.join(words[i][0] for i in run)} " in text:
                    drop.update(run)
    out: list[tuple[list[str], list[str]]] = [([], []) for _ in ops]
    for i, (k, o) in enumerate(removed):
        if i not in drop_r:
            out[o][0].append(k)
    for i, (k, o) in enumerate(added):
        if i not in drop_a:
            out[o][1].append(k)
    return out


def compare(old: list[Unit], new: list[Unit], mapping: dict[str, str]) -> list[Change]:
    """The substantive word changes from the old units' bodies to the new ones' (each side in
    order). Text moved within the pair or group is no change; in a split or merge, bare numbers
    and letters are paragraph numbers and references renumbered by the regrouping."""
    a = [t for u in old for t in _tokens(u, mapping)]
    b = [t for u in new for t in _tokens(u, None)]
    keys_a, keys_b = [t[0] for t in a], [t[0] for t in b]
    if keys_a == keys_b:
        return []
    regrouped = len(old) > 1 or len(new) > 1
    matcher = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    spans: list[tuple[str, int, int, int, int]] = []
    ops: list[tuple[list[str], list[str]]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        removed, added = _fold(a[i1:i2]), _fold(b[j1:j2])
        if regrouped:
            removed = [k for k in removed if not _NUMBERISH.match(k)]
            added = [k for k in added if not _NUMBERISH.match(k)]
        if removed == added:
            continue
        spans.append((op, i1, i2, j1, j2))
        ops.append((removed, added))
    folded_a, folded_b = _fold(a), _fold(b)
    if regrouped:
        folded_a = [k for k in folded_a if not _NUMBERISH.match(k)]
        folded_b = [k for k in folded_b if not _NUMBERISH.match(k)]
    ops = _cancel_moves(ops, folded_a, folded_b, regrouped)
    changes: list[Change] = []
    for (op, i1, i2, j1, j2), (removed, added) in zip(spans, ops):
        if not removed and not added:
            continue
        old_text, old_label, old_span = _span(a[i1:i2])
        new_text, new_label, new_span = _span(b[j1:j2])
        changes.append(Change(op, old_text, new_text, old_label, new_label, old_span, new_span))
    return changes


def _identical(a: Unit, b: Unit) -> bool:
    def lines(text: str) -> list[str]:
        return [line.rstrip() for line in text.strip().splitlines()]

    return a.caption == b.caption and lines(a.body) == lines(b.body)


def classify(links: list[Link], mapping: dict[str, str]) -> list[Entry]:
    """One entry per link, in the links' order; a split or merge is called for its group."""
    entries: list[Entry] = []
    groups: dict[int, bool] = {}  # id of the shared unit of a split/merge -> substantive
    for link in links:
        if link.relation in ("split", "merged"):
            shared = link.old if link.relation == "split" else link.new
            assert shared is not None
            if id(shared) not in groups:
                if link.relation == "split":
                    parts = sorted((l.new for l in links if l.relation == "split" and l.old is shared and l.new),
                                   key=lambda u: u.index)
                    changes = compare([shared], parts, mapping)
                else:
                    parts = sorted((l.old for l in links if l.relation == "merged" and l.new is shared and l.old),
                                   key=lambda u: u.index)
                    changes = compare(parts, [shared], mapping)
                groups[id(shared)] = bool(changes)
                entry_changes = changes
            else:
                entry_changes = []
            entries.append(Entry(link.old, link.new, link.relation, groups[id(shared)], link.similarity,
                                 link.moved, False, entry_changes))
        elif link.old is None or link.new is None:
            entries.append(Entry(link.old, link.new, link.relation, True, 0.0))
        else:
            caption_changed = link.old.caption != link.new.caption
            if _identical(link.old, link.new):
                entries.append(Entry(link.old, link.new, "unchanged", False, link.similarity, link.moved))
                continue
            changes = compare([link.old], [link.new], mapping)
            relation = "substantive" if changes else "editorial"
            entries.append(Entry(link.old, link.new, relation, bool(changes), link.similarity, link.moved,
                                 caption_changed, changes))
    return entries
