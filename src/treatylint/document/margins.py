"""Marginal notes: a plain-text layout in two columns, the captions in a left margin.

An ordinance or a bill printed with marginal notes puts each section's caption in a narrow
left column, wrapped within it, and the section's number and text in a body column to its
right, on the same lines::

    Unauthorised access     4.  (1) A person commits an offence if he causes a
    to computer material.       computer to perform any function with intent

Read line by line, every such line mixes two texts: the caption's words land in the middle of
the body's sentences, and the section line looks like neither a heading nor a paragraph. So
the text is read by column first (``split_margin``): the body column becomes each line's
``content`` (its offsets still point into the text), and the margin column gives the captions
(the note that starts on a section's line is its caption) and spans the engine never reads as
operative text (a marginal note forms no part of the law; ``Document.margins``).

The layout is recognised from the text alone, never from its words: at least
``MIN_NOTES`` margin notes (text from the left edge, a gap of two spaces or more, then text from
one column onwards), the body column holding the rest of that stretch (lines indented to it),
that stretch most of the document, and no margin text crossing into the body column.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from treatylint.document.lines import Lines, lines_containing

__all__ = ["Margins", "split_margin", "without_margins"]

MIN_NOTES = 3  # margin notes (captions), each one line or more
MIN_SPLIT = 5  # lines with text in both columns
_SPLIT = re.compile(r"(?P<left>[ ]{0,3}\S(?:[^\n]*?\S)?)(?P<gap>[ ]{2,})(?P<right>\S[^\n]*)")
_GAP = re.compile(r"\S {2,}\S")
_MIN_COLUMN = 12  # the body column starts at least this far right
_SLACK = 8  # the body's first line may start a few columns left of its continuation (the number)


@dataclass(slots=True)
class Margins:
    """What the margin column held: each note's caption by the line it starts on, and the
    spans of margin text (offsets into the text)."""

    captions: dict[int, str] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)


def _split(lines: Lines, i: int) -> re.Match[str] | None:
    raw = lines.text[lines.starts[i] : lines.ends[i]]
    m = _SPLIT.fullmatch(raw)
    if m is None or m.start("right") < _MIN_COLUMN or len(m.group("left").strip()) > 40:
        return None
    left = m.group("left").strip()
    if not any(c.isalpha() for c in left) or "\t" in raw:
        return None  # a margin note has words ("24/7 Network."); a column of figures is a table
    return m


def _joined(note: list[str]) -> str:
    """A note's lines as one caption: a line broken after a hyphen ("anti-" / "corruption")
    joins without a space."""
    out = note[0]
    for part in note[1:]:
        out += part if out.endswith("-") else " " + part
    return out.rstrip(".").strip()


def split_margin(lines: Lines) -> Margins | None:
    """Read a two-column text by column (see the module's docstring): rewrite ``lines.content``
    to the body column and return the margin's captions and spans; None (nothing changed) when
    the text is not laid out so."""
    if lines.n > 100_000:
        return None
    content, starts, cstart = lines.content, lines.starts, lines.cstart
    splits: dict[int, re.Match[str]] = {}
    for i in lines_containing(lines, _GAP):
        if content[i] and (m := _split(lines, i)) is not None:
            splits[i] = m
    if len(splits) < MIN_SPLIT:
        return None
    columns = sorted(m.start("right") for m in splits.values())
    column = next(
        (c for c in columns if sum(c <= r <= c + _SLACK for r in columns) >= max(MIN_SPLIT, 0.8 * len(columns))), None
    )
    if column is None:
        return None
    splits = {i: m for i, m in splits.items() if column <= m.start("right") <= column + _SLACK and m.end("left") <= column - 2}
    if len(splits) < MIN_SPLIT:
        return None
    first, last = min(splits), max(splits)
    indent = {i: cstart[i] - starts[i] for i in range(first, last + 1) if content[i]}
    body = sum(1 for i, at in indent.items() if i in splits or column <= at <= column + _SLACK)
    nonblank = sum(1 for s in content if s)
    if body < 0.6 * len(indent) or len(indent) < 0.4 * nonblank:
        return None  # a few two-column lines (a signature block, a table) in an ordinary text
    # the margin text of each line of the stretch (and of the line after it: a note may run on
    # below the body's last line), then the notes it makes, before anything is rewritten
    plan: list[tuple[int, str, int]] = []  # (line, margin text, its offset)
    for i in range(first, min(last + 2, lines.n)):
        m = splits.get(i)
        if m is not None:
            left = m.group("left").strip()
            plan.append((i, left, starts[i] + m.group("left").find(left)))
        elif content[i] and cstart[i] - starts[i] < 4 and len(content[i]) <= column - 2 and plan and plan[-1][0] == i - 1:
            plan.append((i, content[i], cstart[i]))  # the note runs on below the body's line
    captions: dict[int, str] = {}
    note: list[str] = []
    note_line = prev = -1
    for i, left, _ in plan:
        if note and (prev != i - 1 or note[-1].endswith(".")):
            captions[note_line], note = _joined(note), []
        if not note:
            note_line = i
        note.append(left)
        prev = i
    if note:
        captions[note_line] = _joined(note)
    if len(captions) < MIN_NOTES:
        return None
    for i, left, at in plan:
        m = splits.get(i)
        if m is not None:
            content[i] = m.group("right").rstrip()
            cstart[i] = starts[i] + m.start("right")
        else:
            content[i] = ""
        lines.changed.add(i)
    margins = Margins(captions, [(at, at + len(left)) for _, left, at in plan])
    lines._width = -1  # the body column is wrapped at its own width
    return margins


def without_margins(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the marginal notes blanked (same length: every offset still holds), as
    the stages that read a provision's words (kinds, rules) must see it."""
    if not spans:
        return text
    pieces, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            continue
        pieces += [text[at:start], " " * (end - start)]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)
