"""Notes a reader sees beside the treaty text: footnotes, endnotes, comments, annotations.

A note is shown but never operative: a delegation's footnote proposing vague wording creates no
finding, and one proposing safeguards cures none. The format readers collect the notes of a
Word file (footnotes, endnotes, comments), a PDF (annotations with text) or an Akoma Ntoso
document (``authorialNote``) and append them to the text read, after a ``Notes`` line, each
written as a plain-text draft writes a note (``[fn 3: ...]``, ``[comment 1: ...]``). From there
one path serves every format: the parser finds them with the grammar's footnote patterns
(``Document.footnotes``), the engine blanks them, and ``outline`` and the HTML report show them.
Each note's characters map back to where its reference sits (the paragraph, page or element).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from treatylint.document.formats.base import Loc, TextBuilder

HEADING = "Notes"
MAX_NOTES = 5_000  # more is not a draft's notes but a flood: the rest are counted, not shown
MAX_NOTE_CHARS = 2_900  # the grammar's inline pattern reads notes of up to 3,000 characters


@dataclass(frozen=True, slots=True)
class Note:
    """One note: its kind as a draft writes it (``fn``, ``endnote``, ``comment``, ``note``),
    its number, its text, and where its reference is in the file."""

    kind: str
    number: int
    text: str
    loc: Loc | None


def note_line(note: Note) -> str:
    """``[fn 3: text]``: one line, no square brackets inside (they would end the note early)."""
    text = " ".join(note.text.replace("[", "(").replace("]", ")").split())
    if len(text) > MAX_NOTE_CHARS:
        text = text[:MAX_NOTE_CHARS].rsplit(" ", 1)[0] + " ..."
    return f"[{note.kind} {note.number}: {text}]"


def append_notes(builders: Iterable[TextBuilder], notes: list[Note]) -> None:
    """Append ``notes`` after a ``Notes`` line to each builder's text."""
    if not notes:
        return
    for builder in builders:
        builder.block([(ch, notes[0].loc) for ch in HEADING])
        for note in notes:
            builder.block([(ch, note.loc) for ch in note_line(note)])


def show_notes(builders: Iterable[TextBuilder], notes: list[Note]) -> tuple[int, str]:
    """Append at most ``MAX_NOTES`` of ``notes`` to each builder's text; return their words and
    the tail a notice ends with when some were only counted (``"; 12 more not shown"``)."""
    append_notes(builders, notes[:MAX_NOTES])
    words = sum(len(note.text.split()) for note in notes)
    more = f"; {len(notes) - MAX_NOTES} more not shown" if len(notes) > MAX_NOTES else ""
    return words, more


def summary(notes: list[Note]) -> str:
    """``2 footnotes and 1 comment``: what a notice names."""
    counts: dict[str, int] = {}
    for note in notes:
        counts[note.kind] = counts.get(note.kind, 0) + 1
    names = {"fn": "footnote", "endnote": "endnote", "comment": "comment", "note": "note"}
    parts = [f"{n} {names.get(kind, kind)}{'s' if n != 1 else ''}" for kind, n in counts.items()]
    return " and ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else parts[0]
