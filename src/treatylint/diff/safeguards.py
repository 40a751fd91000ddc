"""Safeguards that disappeared or appeared between two aligned provisions.

Only what the engine relied on counts, never the rule pack's words found somewhere in the text:
the requirements a power, a cooperation clause or an offence met (``engine/witness.py``: a met
requirement leaves no finding behind) and the mitigating language on the findings and suppressed
candidates of each round. A safeguard is named by the words that met it, compared by their
canonical words (so "authorised"/"authorized" is one safeguard). It is *removed* when the engine
saw it in the old round's provisions and the new round's aligned provisions no longer say it
("necessary and proportionate" dropped from a power, named even where the finding it prevented now
appears), and *added* the other way round. Words the other side still says, only reworded around,
are no change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from treatylint.diff.classify import Entry
from treatylint.diff.rounds import Round
from treatylint.diff.units import Unit
from treatylint.diff.words import words
from treatylint.engine.witness import NOT_SAFEGUARDS, safeguards_seen

MAX_PHRASE = 90
# how a finding lists the language it saw: 'label: “words”' and, where named, ' (Article 5)'
_MITIGATION = re.compile(r"^(?P<label>.+?): \u201c(?P<phrase>.+?)\u201d(?: \((?P<place>[^()]*)\))?$", re.S)

Found = dict[str, tuple[str, set[str]]]  # canonical key -> (phrase as written, labels that saw it)


@dataclass(frozen=True)
class SafeguardChange:
    phrase: str  # the safeguarding words, as the side that has them writes them
    change: str  # "removed" or "added"
    old: str | None  # provision label(s) in the old round
    new: str | None
    labels: tuple[str, ...]  # what the engine saw them as (requirement or mitigation labels)
    seen_by_engine: bool  # always true: only what the engine relied on is named


def _key(phrase: str) -> str:
    return " ".join(w.key for w in words(phrase))


def _short(phrase: str) -> str:
    phrase = " ".join(phrase.split())
    return phrase if len(phrase) <= MAX_PHRASE else phrase[: MAX_PHRASE - 1] + "\u2026"


class SafeguardFinder:
    """What one engine saw as safeguards in each round, per provision (asked once per round)."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self._rounds: dict[int, tuple[Round, dict[int, Found]]] = {}

    def seen(self, checked: Round) -> dict[int, Found]:
        """Unit index -> the safeguards the engine saw in that provision."""
        cached = self._rounds.get(id(checked))
        if cached is not None and cached[0] is checked:
            return cached[1]
        found: dict[int, Found] = {}
        for item in safeguards_seen(self.engine, checked.document):
            _add(found.setdefault(item.provision, {}), item.phrase, item.label)
        by_label = {u.label: u for u in checked.units}
        for finding in checked.findings + checked.candidates:
            unit = checked.unit_of(finding)
            if unit is None or finding.category in NOT_SAFEGUARDS:
                continue
            for mitigation in finding.mitigations:
                matched = _MITIGATION.match(mitigation)
                if matched is None or mitigation.startswith("aggravated by "):
                    continue  # "preamble: creates no obligation" names no words; aggravation is no safeguard
                place = by_label.get(matched["place"]) if matched["place"] else unit
                if place is not None:
                    _add(found.setdefault(place.index, {}), matched["phrase"], matched["label"])
        self._rounds[id(checked)] = (checked, found)
        return found


def _add(found: Found, phrase: str, label: str) -> None:
    key = _key(phrase)
    if key:
        found.setdefault(key, (_short(phrase), set()))[1].add(label)


def _longest(found: Found) -> Found:
    """Only the longest of nested phrases ("for the purpose of" inside "for the purpose of
    committing an offence"), its labels gathering the shorter ones'."""
    keep: Found = {}
    for key in sorted(found, key=len, reverse=True):
        outer = next((k for k in keep if f" {key} " in f" {k} "), None)
        if outer is None:
            keep[key] = (found[key][0], set(found[key][1]))
        else:
            keep[outer][1].update(found[key][1])
    return keep


def _says(units: list[Unit], key: str) -> bool:
    """Whether the provisions' canonical words contain the phrase's."""
    return any(f" {key} " in f" {' '.join(w.key for w in u.words)} " for u in units)


def _gather(seen: dict[int, Found], units: list[Unit]) -> Found:
    out: Found = {}
    for unit in units:
        for key, (phrase, labels) in seen.get(unit.index, {}).items():
            out.setdefault(key, (phrase, set()))[1].update(labels)
    return _longest(out)


def safeguard_changes(entries: list[Entry], finder: SafeguardFinder | None, old: Round, new: Round) -> list[SafeguardChange]:
    """For every changed pair or split/merge group: the safeguards the engine saw on one side
    that the other side no longer (or not yet) says."""
    if finder is None:
        return []
    old_seen, new_seen = finder.seen(old), finder.seen(new)
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
        old_name, new_name = ", ".join(u.label for u in olds), ", ".join(u.label for u in news)
        for phrase_key, (phrase, labels) in sorted(_gather(old_seen, olds).items()):
            if _says(olds, phrase_key) and not _says(news, phrase_key):
                out.append(SafeguardChange(phrase, "removed", old_name, new_name, tuple(sorted(labels)), True))
        for phrase_key, (phrase, labels) in sorted(_gather(new_seen, news).items()):
            if _says(news, phrase_key) and not _says(olds, phrase_key):
                out.append(SafeguardChange(phrase, "added", old_name, new_name, tuple(sorted(labels)), True))
    return out


def _group(entry: Entry, entries: list[Entry]) -> tuple[list[Unit], list[Unit]]:
    if entry.relation == "split":
        news = [e.new for e in entries if e.relation == "split" and e.old is entry.old and e.new]
        return [entry.old], news  # type: ignore[list-item]
    if entry.relation == "merged":
        olds = [e.old for e in entries if e.relation == "merged" and e.new is entry.new and e.old]
        return olds, [entry.new]  # type: ignore[list-item]
    return [entry.old], [entry.new]  # type: ignore[list-item]
