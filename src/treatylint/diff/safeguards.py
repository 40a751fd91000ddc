"""Safeguards that disappeared or appeared between two aligned provisions.

Two sources, both the rule pack's own: the mitigations the engine saw on the findings and
suppressed candidates of each provision, and the words of the rules' ``unless`` (mitigation)
and ``require`` (safeguard) blocks found in each provision's text. A safeguard is the phrase
that matched, compared by its canonical words (so "authorised"/"authorized" is the same
safeguard), and reported with the labels of the blocks that found it: "necessary and
proportionate" dropped from a power is named even where the finding it prevented now appears.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from treatylint.diff.classify import Entry
from treatylint.diff.units import Unit
from treatylint.diff.words import words
from treatylint.findings import Finding

MAX_PHRASE = 90
# Their mitigations are drafting cues, not protections of a person: a neutral term used alongside
# a named technology, an example inside a definition ("including", "such as"), hidden characters.
NOT_SAFEGUARDS = frozenset({"tech-specific", "text-integrity"})
_QUOTED = re.compile(r":\s*[\u201c\"](.+?)[\u201d\"]\s*$")


@dataclass(frozen=True)
class SafeguardChange:
    phrase: str  # the safeguarding words, as the side that has them writes them
    change: str  # "removed" or "added"
    old: str | None  # provision label(s) in the old round
    new: str | None
    labels: tuple[str, ...]  # the rule blocks that name it
    seen_by_engine: bool  # a finding or suppressed candidate relied on it (else found in the text only)


def _key(phrase: str) -> str:
    return " ".join(w.key for w in words(phrase))


def _short(phrase: str) -> str:
    phrase = " ".join(phrase.split())
    return phrase if len(phrase) <= MAX_PHRASE else phrase[: MAX_PHRASE - 1] + "\u2026"


class SafeguardFinder:
    """The labelled safeguard patterns of a rule set, compiled once."""

    def __init__(self, rules: list) -> None:
        from treatylint.rulepack.patterns import compile_pattern

        self.patterns: list[tuple[str, object]] = []
        seen: set[str] = set()
        for loaded in rules:
            rule = loaded.rule
            if rule.category in NOT_SAFEGUARDS:
                continue
            for block in [*rule.unless, *rule.require]:
                if not (block.phrases or block.regex):
                    continue
                key = repr((block.label, block.phrases, block.regex))
                if key in seen:
                    continue
                seen.add(key)
                compiled = compile_pattern(block)
                if compiled is not None:
                    self.patterns.append((block.label, compiled))

    def phrases_in(self, text: str) -> dict[str, tuple[str, set[str]]]:
        """Canonical key -> (phrase as written, labels of the blocks that matched it)."""
        from treatylint.rulepack.patterns import RegexBudget

        found: dict[str, tuple[str, set[str]]] = {}
        with RegexBudget("<diff>", len(text)):  # a pack's own patterns: a time budget for this text
            for label, pattern in self.patterns:
                for match in pattern.finditer(text):  # type: ignore[attr-defined]
                    if match.group().strip():
                        key = _key(match.group())
                        found.setdefault(key, (_short(match.group()), set()))[1].add(label)
        return found


def _longest(found: dict[str, tuple[str, set[str]]]) -> dict[str, tuple[str, set[str]]]:
    """Only the longest of nested phrases ("for the purpose of" inside "for the purpose of
    committing an offence"), its labels gathering the shorter ones'."""
    keep: dict[str, tuple[str, set[str]]] = {}
    for key in sorted(found, key=len, reverse=True):
        outer = next((k for k in keep if f" {key} " in f" {k} "), None)
        if outer is None:
            keep[key] = (found[key][0], set(found[key][1]))
        else:
            keep[outer][1].update(found[key][1])
    return keep


def _engine(findings: list[Finding], labels: set[str]) -> dict[str, tuple[str, set[str]]]:
    found: dict[str, tuple[str, set[str]]] = {}
    for f in findings:
        if f.provision not in labels or f.category in NOT_SAFEGUARDS:
            continue
        for mitigation in f.mitigations:
            quoted = _QUOTED.search(mitigation)
            phrase = quoted.group(1) if quoted else mitigation
            label = mitigation[: quoted.start()] if quoted else mitigation
            found.setdefault(_key(phrase), (_short(phrase), set()))[1].add(label)
    return found


def safeguard_changes(entries: list[Entry], finder: SafeguardFinder | None, old_seen: list[Finding],
                      new_seen: list[Finding]) -> list[SafeguardChange]:
    """For every changed pair or split/merge group: the safeguards only one side holds."""
    out: list[SafeguardChange] = []
    done: set[tuple[int, ...]] = set()
    for entry in entries:
        if entry.relation in ("unchanged", "editorial", "added", "deleted") or entry.old is None or entry.new is None:
            continue
        olds, news = _group(entry, entries)
        key = tuple(sorted(id(u) for u in olds + news))
        if key in done:
            continue
        done.add(key)
        engine_old = _engine(old_seen, {u.label for u in olds})
        engine_new = _engine(new_seen, {u.label for u in news})
        before = finder.phrases_in("\n".join(u.body for u in olds)) if finder else {}
        after = finder.phrases_in("\n".join(u.body for u in news)) if finder else {}
        for phrase_key, value in engine_old.items():
            before.setdefault(phrase_key, (value[0], set()))[1].update(value[1])
        for phrase_key, value in engine_new.items():
            after.setdefault(phrase_key, (value[0], set()))[1].update(value[1])
        before, after = _longest(before), _longest(after)
        old_name, new_name = ", ".join(u.label for u in olds), ", ".join(u.label for u in news)
        for phrase_key in sorted(set(before) - set(after)):
            phrase, labels = before[phrase_key]
            out.append(SafeguardChange(phrase, "removed", old_name, new_name, tuple(sorted(labels)), phrase_key in engine_old))
        for phrase_key in sorted(set(after) - set(before)):
            phrase, labels = after[phrase_key]
            out.append(SafeguardChange(phrase, "added", old_name, new_name, tuple(sorted(labels)), phrase_key in engine_new))
    return out


def _group(entry: Entry, entries: list[Entry]) -> tuple[list[Unit], list[Unit]]:
    if entry.relation == "split":
        news = [e.new for e in entries if e.relation == "split" and e.old is entry.old and e.new]
        return [entry.old], news  # type: ignore[list-item]
    if entry.relation == "merged":
        olds = [e.old for e in entries if e.relation == "merged" and e.new is entry.new and e.old]
        return olds, [entry.new]  # type: ignore[list-item]
    return [entry.old], [entry.new]  # type: ignore[list-item]
