"""Built-in checks for what a word list cannot express: characters a reader cannot see.

A rule names one of these with ``check: <name>`` in its YAML; the YAML still carries the
message, severity, references and docs, so these rules are listed, explained, selected and
waived like every other. Each check yields ``(start, end, what)`` spans of the document text,
``what`` filling the rule message's ``{match}``.

Why they exist: a right-to-left override (U+202E) makes a passage display in an order other than
the one it is read in (the "Trojan Source" trick), a zero-width space inside "extrem<U+200B>ism" hides the
word from any search, and a Cyrillic "A" (U+0410) in "Article 5" makes a heading that tools do not see.
In a circulated draft each of these is a reason to look at the file itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

from treatylint.document.confusables import LOOK_ALIKES, has_look_alikes
from treatylint.document.hidden import hidden_text
from treatylint.document.confidence import doubtful_structure
from treatylint.document.model import Document

Span = tuple[int, int, str]


def _original(document: Document) -> tuple[str, Callable[[int], int]]:
    """The draft's own text and a map from its offsets to the document's. While the rules read
    the normalised view (``document/normalize.py``) the characters these checks look for (zero-width
    characters, look-alike letters) have been undone there, so they look at the original."""
    view = document.view
    if view is None or not view.changed:  # type: ignore[attr-defined]
        return document.text, lambda offset: offset
    return view.original, view.from_original  # type: ignore[attr-defined]


def _spans(document: Document, spans: Iterator[Span]) -> Iterator[Span]:
    """Spans found in the original text, in the document's offsets (never empty)."""
    _, to_document = _original(document)
    for start, end, what in spans:
        first = to_document(start)
        yield first, max(first + 1, to_document(end)), what

# bidirectional embeddings, overrides and isolates; zero-width characters that can split a word;
# C0 and C1 controls other than tab and line breaks (a form feed is a page break, not hidden text)
_BIDI = "\u202a-\u202e\u2066-\u2069"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_CONTROL = "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"
_HIDDEN = re.compile(f"[{_BIDI}{_ZERO_WIDTH}{_CONTROL}]+")


def _name(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if not name and ord(char) < 0x20:
        name = f"CONTROL CHARACTER ^{chr(ord(char) + 64)}"
    return f"{code} {name}".strip()


def _describe(run: str) -> str:
    kinds = list(dict.fromkeys(_name(char) for char in run))
    shown = ", ".join(kinds[:3]) + (f" and {len(kinds) - 3} more" if len(kinds) > 3 else "")
    return f"{len(run)} hidden character{'s' if len(run) > 1 else ''} ({shown})" if len(run) > 1 else f"a hidden character ({shown})"


def hidden_characters(document: Document) -> Iterator[Span]:
    return _spans(document, _hidden_characters(_original(document)[0]))


def _hidden_characters(text: str) -> Iterator[Span]:
    """Bidi controls, zero-width characters and control characters, one span per line (from
    the first to the last on it), so a line salted with them is one finding, not dozens.

    A zero-width no-break space (U+FEFF) at the very start is a byte-order mark, and a
    zero-width joiner between two non-Latin letters is how some scripts are written: neither
    is reported.
    """
    if _all_printable(text):
        return  # every character it reports is a control (Cc) or format (Cf) character
    line: list[tuple[int, int]] = []
    line_end = -1
    for match in _HIDDEN.finditer(text):
        start, end = match.span()
        run = match.group()
        if start == 0 and run == "\ufeff":
            continue
        if run in ("\u200c", "\u200d") and _joins_script(text, start, end):
            continue
        if line and start > line_end:
            yield _line_span(text, line)
            line = []
        if not line:
            line_end = text.find("\n", start)
            line_end = len(text) if line_end == -1 else line_end
        line.append((start, end))
    if line:
        yield _line_span(text, line)


def _line_span(text: str, runs: list[tuple[int, int]]) -> Span:
    hidden = "".join(text[start:end] for start, end in runs)
    return runs[0][0], runs[-1][1], _describe(hidden)


def _all_printable(text: str) -> bool:
    """Whether the text, line breaks and tabs aside, is all printable: ``str.isprintable`` runs
    in C about five times faster than the regex scan, and answers for nearly every treaty."""
    return text.replace("\n", " ").replace("\t", " ").replace("\x0b", " ").replace("\x0c", " ").isprintable()


def _joins_script(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return bool(before and after) and not (before.isascii() or after.isascii()) and before.isalpha() and after.isalpha()


def look_alike_headings(document: Document) -> Iterator[Span]:
    """Article and division headings whose heading word is spelt with look-alike letters."""
    return _spans(document, _look_alike_headings(document))


def _look_alike_headings(document: Document) -> Iterator[Span]:
    text, _ = _original(document)
    view = document.view
    to_original = view.to_original if view is not None else (lambda offset: offset)  # type: ignore[attr-defined]
    starts = [to_original(p.start) for p in document.provisions if p.number is not None]
    starts += [to_original(d.start) for d in document.divisions]
    for start in sorted(set(starts)):
        line_end = text.find("\n", start)
        line = text[start : line_end if line_end != -1 else len(text)]
        words = line.split(None, 2)
        head = " ".join(words[:2])
        if not has_look_alikes(head):
            continue
        first = next(i for i, char in enumerate(line) if ord(char) in LOOK_ALIKES)
        end = start + line.find(head) + len(head)
        shown = ", ".join(dict.fromkeys(_name(char) for char in head if ord(char) in LOOK_ALIKES))
        yield start + first, end, f"\u201c{head}\u201d spelt with look-alike characters ({shown})"


def mixed_script_words(document: Document) -> Iterator[Span]:
    """Words that mix Latin letters with Cyrillic or Greek ones ("extrеmist" with a Cyrillic е):
    the rules read them folded to Latin, and the disguise is reported."""
    from treatylint.document.normalize import mixed_script_words as find

    text, _ = _original(document)

    def spans() -> Iterator[Span]:
        for start, end, word in find(text):
            odd = ", ".join(dict.fromkeys(_name(char) for char in word if not char.isascii()))
            yield start, end, f"\u201c{word}\u201d, a word that mixes scripts ({odd})"

    return _spans(document, spans())


CHECKS: dict[str, Callable[[Document], Iterator[Span]]] = {
    "structure-confidence": doubtful_structure,
    "hidden-characters": hidden_characters,
    "look-alike-headings": look_alike_headings,
    "hidden-text": hidden_text,
    "mixed-script-words": mixed_script_words,
}
