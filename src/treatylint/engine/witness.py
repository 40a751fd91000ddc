"""The safeguards the engine saw: for every absence rule, the requirement that a provision met
and the words that met it, found exactly as ``rule_kinds/absence.py`` looks for them (the first
anchor of the rule in the provision, each requirement's region and what it resolves to, the text
without proposed brackets, the first hit); for every document rule, the words that met each of
its requirements (``rule_kinds/document.py``: an operative human-rights clause). A met requirement leaves no finding behind, so a diff that wants to
say "necessary and proportionate" went missing from a power asks here, not the rule pack's words:
a rule's words found anywhere in a changed article (an intent phrase in an extradition clause,
"unlawful" in "any other unlawful acts") are not a safeguard the engine relied on.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from treatylint.document.model import Document
from treatylint.engine.context import DocumentContext
from treatylint.engine.rule_kinds.document import rule_regions
from treatylint.engine.run import DocumentRun, squash

# Their requirements are drafting cues, not protections of a person: a neutral term used
# alongside a named technology, an example inside a definition, hidden characters.
NOT_SAFEGUARDS = frozenset({"tech-specific", "text-integrity"})


@dataclass(frozen=True)
class Seen:
    provision: int  # index in ``document.all_provisions()`` of the provision the words are in
    label: str  # the requirement's label
    phrase: str  # the words that met it, as the draft writes them (white space squashed)
    anchor: int | None  # index of the provision the rule was checking (a power...); None: the document


def safeguards_seen(engine, document: Document) -> list[Seen]:
    """Every requirement met, with where its words are. ``document`` is one ``engine`` checked
    (its provisions carry their kinds)."""
    provisions = document.all_provisions()
    starts = [p.start for p in provisions]
    index_of = {id(p): i for i, p in enumerate(provisions)}

    def where(offset: int) -> int | None:
        i = bisect.bisect_right(starts, offset) - 1
        return i if i >= 0 and offset < provisions[i].end else None

    seen: list[Seen] = []
    run = DocumentRun(engine, document, DocumentContext.build(document))
    for compiled in engine.rules:
        if compiled.rule.category in NOT_SAFEGUARDS:
            continue
        if compiled.kind == "document":
            seen.extend(_document(run, compiled, where))
        if compiled.kind != "absence":
            continue
        for provision, anchors in run.anchored(compiled):
            if not anchors or id(provision) not in index_of:
                continue
            anchor = anchors[0][0]
            for index, (requirement, pattern) in enumerate(compiled.requirements):
                regions = run.region(provision, anchor, requirement.within)
                displacer = compiled.displacers.get(index)
                if displacer is None or not run.hits(displacer, provision):
                    regions += run.resolved(provision, requirement, anchor)
                hit = run.present(pattern, regions, run.required_text)
                at = where(hit[0]) if hit is not None else None
                if hit is not None and at is not None:
                    seen.append(Seen(at, requirement.label, squash(run.shown[hit[0]:hit[1]]), index_of[id(provision)]))
    return seen


def _document(run: DocumentRun, compiled, where) -> list[Seen]:
    regions = rule_regions(run, compiled.rule)
    if regions is None:
        return []
    found: list[Seen] = []
    for requirement, pattern in compiled.requirements:
        hit = run.present(pattern, regions)
        at = where(hit[0]) if hit is not None else None
        if hit is not None and at is not None:
            found.append(Seen(at, requirement.label, squash(run.shown[hit[0]:hit[1]]), None))
    return found
