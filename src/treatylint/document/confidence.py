"""How sure the structure stage is that it read the draft: spans to warn about.

A linter that finds no article in a long text reports almost nothing, and an analyst reads
that as "clean". This module names the places where the structure is in doubt so that the
`text-integrity/unread-structure` rule can say so as a warning (CI then fails instead of
passing a text the linter could not read):

* a text of some length in which no provision heading was recognised at all (the whole text
  was checked as one provision), or a text of any length read as one provision although
  several of its lines look like headings of one family (``Clause 1``, ``Clause 2``);
* a long text in which nearly everything sits under one or two headings;
* lines that read like headings of the document's own kind (``Article 12`` standing alone,
  ``Art. 7. The Parties ...``) but were not taken as headings (out of sequence, out of style).

Thresholds come from the treaty corpus: none of its 1,276 treaties has a text of 3,000 words
under at most two headings, and no doubtful heading line stands outside an annex in any of them.
"""

from __future__ import annotations

from collections.abc import Iterator

from treatylint.document.model import Document

Span = tuple[int, int, str]

MIN_WORDS_UNREAD = 250  # shorter texts are clause proposals, checked as one provision without fuss
MIN_WORDS_ONE_HEADING = 3000
MIN_DOUBTFUL_SHORT = 2  # heading-like lines that make even a short one-provision text doubtful
MAX_DOUBTFUL_SHOWN = 5


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end == -1 else end


def _where(document: Document, spans: list[tuple[int, int]]) -> str:
    lines = [str(document.line_col(start)[0]) for start, _ in spans[:MAX_DOUBTFUL_SHOWN]]
    more = f" and {len(spans) - MAX_DOUBTFUL_SHOWN} more" if len(spans) > MAX_DOUBTFUL_SHOWN else ""
    return f"line{'s' if len(spans) > 1 else ''} {', '.join(lines)}{more}"


def doubtful_structure(document: Document) -> Iterator[Span]:
    """Spans of the text where the structure was not (or not surely) read, with what is wrong."""
    text = document.text
    provisions = document.provisions
    doubtful = document.doubtful_headings
    # no heading read: neither a numbered provision nor one headed by a caption alone
    if provisions and all(p.number is None and (p.caption is None or p.annex) for p in provisions):
        words = len(text.split())  # counted only here and below: a list of every word (4% of a run)
        # a long text, or a short one with several lines that look like its headings
        if words >= MIN_WORDS_UNREAD or len(doubtful) >= MIN_DOUBTFUL_SHORT:
            start = provisions[0].start
            note = f"; lines that look like headings but were not read as ones: {_where(document, doubtful)}" if doubtful else ""
            yield start, _line_end(text, start), (
                f"no provision heading in {words:,} words: the whole text was checked as one provision{note}"
            )
        return
    if len(provisions) <= 2 and (words := len(text.split())) >= MIN_WORDS_ONE_HEADING:
        longest = max(provisions, key=lambda p: p.end - p.body_start)
        share = len(text[longest.body_start : longest.end].split()) / words
        if share >= 0.9:
            yield longest.start, _line_end(text, longest.start), (
                f"{share:.0%} of the {words:,} words sit under {longest.label}: the headings after it were probably not recognised"
            )
    annexes = [(d.start, d.end) for d in document.divisions if d.kind.value == "annex"]
    in_body = [(s, e) for s, e in doubtful if not any(a <= s < b for a, b in annexes)]  # annexes number as they like
    for start, end in in_body[:MAX_DOUBTFUL_SHOWN]:
        yield start, end, "a line that reads like a heading but was not taken as one (out of sequence or style)"


def structure_notes(document: Document) -> dict[str, list[dict]]:
    """What the structure stage set aside or doubted, for ``treatylint outline``: lines that read
    like headings but were not taken, page furniture (page numbers, running headers), and the
    notes (footnotes, endnotes, comments) shown but never operative."""
    text = document.text

    def rows(spans: list[tuple[int, int]]) -> list[dict]:
        return [{"line": document.line_col(start)[0], "text": text[start:end]} for start, end in spans]

    return {"not_recognised": rows(document.doubtful_headings), "furniture": rows(document.furniture),
            "notes": rows(_each_note(text, document.footnotes))}


def _each_note(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each note of ``Document.footnotes``: an inline ``[fn 3: ...]`` as it is, a notes section
    paragraph by paragraph (its heading line left out)."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if text.startswith("[", start) and "\n\n" not in text[start:end]:  # "[fn 3: ...]", "[^3]: ..."
            out.append((start, end))
            continue
        at = text.find("\n", start, end)  # after the "Notes" heading
        at = end if at == -1 else at
        while at < end:
            while at < end and text[at].isspace():
                at += 1
            stop = text.find("\n\n", at, end)
            stop = end if stop == -1 else stop
            if stop > at:
                out.append((at, len(text[:stop].rstrip()) if stop == end else stop))
            at = stop
    return out
