"""The units a diff aligns: the preamble and each article of a parsed draft, with their words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from treatylint.diff.words import Word, reference_numbers, words
from treatylint.document.model import DivisionKind, Document, Provision


@dataclass(eq=False)
class Unit:
    """One provision of one round: its label as ``check`` prints it, caption, body and words."""

    label: str
    number: str | None
    caption: str
    body: str
    index: int  # position in the round
    chapter: str | None
    start: int  # offset of the heading in the round's text
    words: list[Word] = field(default_factory=list)
    refs: dict[int, str] = field(default_factory=dict)  # word index -> article number it cites

    @property
    def heading_text(self) -> str:
        return f"{self.label} {self.caption}".strip()


def _chapter(provision: Provision) -> str | None:
    for kind in (DivisionKind.CHAPTER, DivisionKind.PART, DivisionKind.SECTION):
        division = provision.division(kind)
        if division is not None:
            return " ".join(x for x in (division.label, division.heading) if x)
    return None


def _without_title(body: str) -> str:
    """A preamble without the title block above it (title, session, status lines): those lines
    name the round, they are not the treaty's words. The preamble proper starts at the first
    line that ends like a sentence or a clause ("The States Parties to this Convention,")."""
    paragraphs = re.split(r"\n[ \t]*\n", body)
    for k, paragraph in enumerate(paragraphs):
        if paragraph.rstrip().endswith((",", ";", ":", ".")) or len(paragraph.split("\n")) > 3:
            return "\n\n".join(paragraphs[k:]).strip() if k else body
    return body


def _without_notes(document: Document, start: int, end: int) -> str:
    """The text of ``[start, end)`` without its footnotes, endnotes and comments: notes are not
    operative (a Word comment shown under Notes is no change to the treaty's words)."""
    pieces, at = [], start
    for a, b in document.footnotes:
        if b <= at or a >= end:
            continue
        pieces.append(document.text[at:a])
        at = min(b, end)
    pieces.append(document.text[at:end])
    return "".join(pieces)


def units_of(document: Document) -> list[Unit]:
    """The preamble (if any) and the articles, in document order."""
    units: list[Unit] = []
    for index, provision in enumerate(document.all_provisions()):
        body = _without_notes(document, provision.body_start, provision.end).strip()
        if provision is document.preamble:
            body = _without_title(body)
        unit = Unit(provision.label, provision.number, (provision.caption or "").strip(), body, index,
                    _chapter(provision), provision.start)
        unit.words = words(body)
        unit.refs = reference_numbers(body, unit.words)
        units.append(unit)
    return units


def number_of(unit: Unit) -> str | None:
    return unit.number.lower() if unit.number else None
