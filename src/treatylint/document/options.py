"""Bracketed options in a negotiating text: which brackets are alternatives to one another.

A chair's text keeps undecided wording in square brackets: ``[shall][may]`` (pick one),
``[Option A: ...] [Option B: ...]`` (pick one paragraph), ``[serious] crime`` (keep or drop).
The engine reads every bracket through at once (triggers count, bracketed safeguards do not);
this module says what the *readings* are, so the linter can check the text once per option and
name the option a finding depends on (triage/options.py). Each reading is the draft's own text
with the brackets of the chosen option blanked and the other options' words blanked, the same
length, so every offset and line stays where it was.

Groups: bracketed passages of a few words (no figures) next to each other (only spaces or ``/``
or ``or`` between them on one line, or, when each starts with an option label from the grammar's ``options.labels``
such as ``Option B:`` or ``Alt 2:``, only white space and footnote marks) are the alternatives of one group; a
bracket on its own is a group of two readings, kept and deleted. Brackets that are notes
(``[fn 3: ...]``) or whole heading lines (``[Article 6 bis]``) are not options.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from treatylint.document.grammar import load_grammar

_SEGMENT = re.compile(r"\[[^\[\]]{1,3000}\]")
_BETWEEN_ALTERNATIVES = re.compile(r"[ \t]*(?:/|or)?[ \t]*")
_BETWEEN_LABELLED = re.compile(r"[\s*\u2020\u2021]*")  # white space, and footnote marks ("]***")
_SHOWN_WORDS = 6
_NOTE_MARK = re.compile(r"\^|\*|\d{1,3}\)")  # a bracket that opens with a note's mark


@dataclass(frozen=True, slots=True)
class Segment:
    start: int  # the "[" (inclusive)
    end: int  # after the "]"
    label: str | None  # "Option B" when the bracket starts with an option label


@dataclass(frozen=True, slots=True)
class Group:
    """Alternatives (one bracket each), or one bracket to keep or delete (``single``)."""

    segments: tuple[Segment, ...]

    @property
    def single(self) -> bool:
        return len(self.segments) == 1

    @property
    def readings(self) -> int:
        return 2 if self.single else len(self.segments)

    @property
    def start(self) -> int:
        return self.segments[0].start

    def text_for(self, text: str, choice: int) -> str:
        """The draft read with option ``choice`` (for a single bracket: 0 keeps it, 1 deletes it)."""
        chars = list(text[self.start : self.segments[-1].end])
        base = self.start
        for index, seg in enumerate(self.segments):
            kept = choice == index if not self.single else choice == 0
            if index:  # what joins two alternatives ("/", "or") reads as neither
                for k in range(self.segments[index - 1].end - base, seg.start - base):
                    if chars[k] != "\n":
                        chars[k] = " "
            if kept:
                chars[seg.start - base] = chars[seg.end - 1 - base] = " "
            else:
                for k in range(seg.start - base, seg.end - base):
                    if chars[k] != "\n":
                        chars[k] = " "
        return text[:base] + "".join(chars) + text[self.segments[-1].end :]

    def describe(self, text: str, choices: list[int]) -> str:
        """```[shall]` is retained``, ``Option B is chosen``: the condition ``choices`` make."""
        if self.single:
            return f"{_shown(text, self.segments[0])} is {'retained' if choices == [0] else 'deleted'}"
        names = [self.segments[c].label or _shown(text, self.segments[c]) for c in choices]
        labelled = all(self.segments[c].label for c in choices)
        return f"{' or '.join(names)} is {'chosen' if labelled else 'retained'}"


def _shown(text: str, seg: Segment) -> str:
    words = text[seg.start + 1 : seg.end - 1].split()
    inner = " ".join(words[:_SHOWN_WORDS]) + (" \u2026" if len(words) > _SHOWN_WORDS else "")
    return f"`[{inner}]`"


def _short_words(text: str, seg: Segment) -> bool:
    """Unlabelled alternatives are a few words ("[shall][may]"), not figures or formulas."""
    inner = text[seg.start + 1 : seg.end - 1]
    return len(inner.split()) <= 8 and not any(c.isdigit() for c in inner) and any(c.isalpha() for c in inner)


def option_groups(text: str, notes: list[tuple[int, int]]) -> list[Group]:
    """The option groups of ``text`` in order; ``notes``: spans that are footnotes, not options."""
    if "[" not in text:
        return []
    grammar = load_grammar()
    label_re = grammar.option_label
    segments: list[Segment] = []
    for m in _SEGMENT.finditer(text):
        start, end = m.span()
        if any(a <= start < b for a, b in notes) or _NOTE_MARK.match(text, start + 1):
            continue  # a note ("[fn 3: ...]", "[^3]", "[2) See ...]", "[*Delete as appropriate]")
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
        if not text[line_start:start].strip() and not text[end:line_end].strip() and "\n" not in m.group():
            if grammar.read(m.group()) or len(m.group().split()) <= 8 and not m.group()[1:-1].rstrip().endswith((".", ";", ":")):
                continue  # a heading ("[Article 6 bis]") or its caption on a line of its own
        label = label_re.match(m.group(), 1) if label_re is not None else None
        segments.append(Segment(start, end, " ".join(label.group("label").split()) if label else None))
    groups: list[list[Segment]] = []
    for seg in segments:
        if groups:
            prev = groups[-1][-1]
            between = text[prev.end : seg.start]
            labelled = prev.label is not None and seg.label is not None
            words = not labelled and _short_words(text, prev) and _short_words(text, seg)
            if labelled and _BETWEEN_LABELLED.fullmatch(between) or words and _BETWEEN_ALTERNATIVES.fullmatch(between):
                groups[-1].append(seg)
                continue
        groups.append([seg])
    return [Group(tuple(g)) for g in groups]
