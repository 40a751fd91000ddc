"""Which lines of a draft are headings: grammar readings weighed against the document's evidence.

The grammar (grammar/headings.yml) says how a line *could* read as a heading. Whether it *is*
one is decided here from the document itself, never from lists of phrases:

* **isolation and shape**: a heading stands on a line of its own, or carries a caption after a
  separator; a line that carries on a hard-wrapped sentence, or whose number is followed by
  ordinary words ("Article 5 of the Convention ..."), is prose;
* **the document's own numbering**: the provision word the document uses most on lines of
  their own ("Article", or "Section" in a model law) numbers its provisions; a heading with its
  text on the same line ("Art. 5. The Parties shall ...") is accepted when its number continues
  the sequence and it is written in the document's heading style;
* **consistency**: a caption written above the heading is accepted only when the document
  does so throughout.

Page furniture (page numbers, and the running headers beside them) is blanked out first, so a
page break between a heading and its caption changes nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from treatylint.document.confusables import folded_heading
from treatylint.document.grammar import HeadingMatch, load_grammar
from treatylint.document.line_shapes import (
    CLOSING_RE,
    MARKERISH as _MARKERISH,
    PREAMBLE_RE,
    TABLE_SEP,
    bracketed_caption_end,
    blank_furniture as _blank_furniture,
    caption_in_three_lines,
    caption_above as _caption_above,
    caption_line as _caption_line,
    caption_ok,
    caption_shaped as _caption_shaped,
    ends_paragraph as _ends_paragraph,
    loose_ok as _loose_ok,
    looks_like_sentence,
    stopped_caption_tail,
    strip_brackets,
    wrap as _wrap,
)
from treatylint.document.induction import MIN_MEMBERS, Family, induce_family, induce_outline, induce_paragraphs
from treatylint.document.lines import Lines, continues_sentence, isolated, lines_starting
from treatylint.document.model import DivisionKind
from treatylint.document.unworded import unworded_sections

__all__ = ["Heading", "Scan", "find_headings", "CLOSING_RE", "PREAMBLE_RE"]

_MARKDOWN_CAPTION = re.compile(r"(#{1,6})[ \t]+(\S.{0,150}?)[ \t#]*")
_SEPARATOR_RE = re.compile(r"[ \t]*(?:[.:]?[ \t]?[\u2013\u2014\u00b7-]+|[.:](?=[ \t]|$))[ \t]*(?P<caption>.*)$")  # (\u00b7: "Guideline 7 · Caption")
# Words that continue an annex label rather than start a caption: "Annex to ...", "ANNEX ON ...".
_LINKING_WORDS = frozenset("to of on and concerning regarding relating referred as in for under".split())
_DIVISION_KINDS = {kind.value: kind for kind in DivisionKind}


@dataclass(slots=True)
class Heading:
    """An accepted heading. ``line`` is the heading line; ``first_line`` is where it starts (a
    caption written above it); ``body_at`` is the offset of text on the heading line itself."""

    kind: str  # "article" | "division"
    line: int
    label: str
    number: str | None
    caption: str | None
    dkind: DivisionKind | None = None
    caption_line: int = -1
    first_line: int = -1
    body_at: int = -1
    in_annex: bool = False  # numbered by the annex's own word ("Sec. 3" in a Schedule)

    @property
    def start_line(self) -> int:
        return self.first_line if self.first_line != -1 else self.line

    @property
    def last_line(self) -> int:
        return self.caption_line if self.caption_line != -1 else self.line


@dataclass(slots=True)
class _Candidate:
    line: int
    read: HeadingMatch
    form: str  # bare | caption | loose | inline
    caption: str | None
    body_at: int = -1
    caption_end: int = -1  # the caption's second line when it wraps
    caption_at: int = -1  # offset of a same-line caption (text on the heading line after a separator)
    after_text: bool = False  # the line above ends mid-sentence (a hard-wrapped paragraph?)
    ambiguous: bool = False  # a full-width caption or the first line of the body? the document decides

    @property
    def strong(self) -> bool:
        return self.form != "inline" and not self.after_text


@dataclass(slots=True)
class Scan:
    """What the heading pass found: headings, closing formulas, furniture and doubtful lines."""

    headings: list[Heading]
    closings: list[int]
    furniture: list[int]
    doubtful: list[int]  # lines that read as headings but were not accepted
    family: str | None
    inferred: Family | None = None  # the draft's own heading family, when the grammar's failed


# --------------------------------------------------------------------------------------------
# Small predicates
# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# Page furniture
# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# Reading candidates
# --------------------------------------------------------------------------------------------


# a caption in round brackets that opens with a capital and has a word of three letters (not a
# paragraph marker: "(1)", "(a)", "(iv)"), then the body, opening with a capital or a marker
_BRACKETED_CAPTION_THEN_BODY = re.compile(r"[ \t]+\((?P<caption>[A-Z][^()\n]{2,120})\)[ \t]+(?=[A-Z(\u201c\"])")


def _candidate(lines: Lines, i: int, read: HeadingMatch) -> _Candidate | None:
    """How line ``i`` reads as this heading: its form and caption, or None for prose."""
    s = lines.content[i]
    if read.number_form in ("glued", "lower-words") or TABLE_SEP in s:
        return None
    if read.number is None and read.family != "annex":
        return None
    rest = read.rest.strip()
    if rest in ("", ".", ":"):
        return _Candidate(i, read, "bare", None)
    if read.caption is not None:
        return _Candidate(i, read, "caption", read.caption or None)
    bracketed = _BRACKETED_CAPTION_THEN_BODY.match(read.rest)
    if bracketed is not None and caption_ok(bracketed.group("caption")):
        # "Article 4 (Prohibition of Intrusion) No person shall ...": a caption in brackets, then
        # the body on the same line (statutes translated from Korean, Japanese or Chinese)
        body_at = lines.cstart[i] + read.rest_start + bracketed.end()
        return _Candidate(i, read, "caption", bracketed.group("caption").strip(), body_at=body_at)
    sep = _SEPARATOR_RE.match(read.rest)
    if sep is not None and rest[0] not in ",(":
        cap = sep.group("caption").strip()
        # "Art. 3. (1) The ...", "Art. 3. The Parties undertake that they will -": the body's chapeau
        chapeau = cap.endswith((":", ";", ",", "-", "\u2013", "\u2014")) or _MARKERISH.match(cap) is not None
        wrap = _wrap(lines, i) if not chapeau else 0
        stopped = wrap == -1 and stopped_caption_tail(lines, i, cap)
        if stopped:
            wrap = 1  # "Article 12.- A caption as wide as the page" / "and its tail."
        nxt = lines.content[i + 1] if i + 1 < lines.n else ""
        # (a short next line that closes a chapeau, "Socialist Republic of X shall:", carries on
        # the body's first sentence begun on the heading line)
        closes_chapeau = nxt.endswith(":") and not lines.fills(i + 1) and looks_like_sentence(nxt)
        ambiguous = wrap == -1 and not nxt[:1].islower() and not closes_chapeau and _caption_shaped(cap)
        if ambiguous:
            wrap = 0  # a full-width caption, then a sentence of the body (unless the document says otherwise)
        tail_end = i + 1 if wrap == 1 else -1
        if wrap == -1 and not chapeau and caption_in_three_lines(lines, i, cap):  # a long caption, wrapped twice
            cap, wrap, tail_end = " ".join([cap, *lines.content[i + 1 : i + 3]]), 1, i + 2
        elif wrap == 1:
            cap = f"{cap} {lines.content[i + 1]}".rstrip("." if stopped else "")
            chapeau = cap.endswith((":", ";", ",", "-", "\u2013", "\u2014"))
        plain = not chapeau and wrap != -1 and not _resumes_below(lines, i)
        at = lines.cstart[i] + read.rest_start + sep.start("caption")
        if plain and caption_ok(cap) and not (read.division and cap.endswith(".") and len(cap.split()) > 6):
            caption = strip_brackets(cap.rstrip(".").strip() if read.division else cap) or None
            return _Candidate(i, read, "caption", caption, caption_end=tail_end, caption_at=at, ambiguous=ambiguous)
        if plain and not cap.endswith(".") and len(cap) <= 150 and (wrap == 1 or _ends_paragraph(lines, i)):
            return _Candidate(i, read, "caption", strip_brackets(cap) or None, caption_end=tail_end, caption_at=at)
        if cap[:1].isupper() or cap[:1].isdigit() or cap[:1] in "(\"\u201c[" or _MARKERISH.match(cap):
            body_at = lines.cstart[i] + read.rest_start + sep.start("caption")
            return _Candidate(i, read, "inline", None, body_at)
        return None
    if not read.division and _captioned_block_start(lines, i, rest):
        return _Candidate(i, read, "caption", rest.rstrip(".") or None)
    if isolated(lines, i) and _loose_ok(s.rstrip(".") if read.division else s, 100 if read.division else 160):
        first_word = rest.split(None, 1)[0]
        if not read.division or first_word[0].isupper() and first_word.lower() not in _LINKING_WORDS:
            return _Candidate(i, read, "loose", strip_brackets(rest.lstrip(",").rstrip(".") if read.division else rest.lstrip(",").strip()) or None)
        if read.family == "annex":
            return _Candidate(i, read, "loose", None)  # "Annex to the Protocol": the label is the line
        return None
    return None


def _captioned_block_start(lines: Lines, i: int, rest: str) -> bool:
    """"§ 4 Administrative offences" opening a block whose body starts on the next line: a
    short capitalised caption after the number, no separator, a blank line above."""
    content = lines.content
    if (i > 0 and content[i - 1]) or i + 1 >= lines.n or not content[i + 1]:
        return False
    words = rest.split()
    return (
        0 < len(words) <= 12
        and rest[0].isupper()
        and not words[0].isupper()  # "ARTICLE 5 THE PARTIES ..." is no caption of this kind
        and _loose_ok(rest, 120)
    )


def _resumes_below(lines: Lines, i: int) -> bool:
    """Does the text on heading line ``i`` go on past a blank line (a line break read as a
    paragraph break, as PDF readers may): the next text starts in lower case ("Art. 2-1.- Is
    punished by ... or by one of" / "" / "these two penalties only, ...")? Then it is the
    body's first sentence, not a caption."""
    content, n = lines.content, lines.n
    j = i + 1
    if j < n and content[j]:
        return False
    while j < n and not content[j]:
        j += 1
    if j >= n or content[i].endswith((".", ":", ";")):
        return False
    return content[j][:1].islower() and _MARKERISH.match(content[j]) is None  # "a) The ..." opens a list


def _ends_mid_phrase(s: str) -> bool:
    """A line that ends on a short lower-case word ("to", "of", "in the"): the sentence goes on."""
    last = s.rsplit(None, 1)[-1] if s.strip() else ""
    return last.isalpha() and last.islower() and len(last) <= 3


def _heading_shaped(s: str, read: HeadingMatch) -> bool:
    """A line read as a heading but not taken that still looks like one (short, its number not
    followed by running words): worth naming when the structure is in doubt."""
    if read.number_form in ("glued", "lower-words") or len(s) > 90 or TABLE_SEP in s:
        return False
    rest = read.rest.strip()
    return not rest or not (rest[0].islower() or rest[0] in ",;")


def _lines_to_read(lines: Lines) -> list[int]:
    """The lines that may be headings or closing formulas: a first character and one anchored
    match rule out nearly every line before any grammar work; a line that starts with
    non-ASCII characters may be a disguised heading and is read too."""
    grammar = load_grammar()
    first, quick, content = grammar.first_chars, grammar.quick, lines.content
    head = "[" + "".join(re.escape(c) for c in sorted(first | {"I", "D"})) + "\x80-\U0010ffff]"
    return [
        i for i in lines_starting(lines, head)
        if (c := content[i]) and (c[0] in first and quick(c) is not None or c[0] in "ID" or c[0] > "\x7f")
    ]


def _readings(lines: Lines) -> tuple[list[_Candidate], list[_Candidate], list[int], list[tuple[int, HeadingMatch]]]:
    """Provision and division candidates, closing formulas, and heading-shaped lines rejected."""
    grammar = load_grammar()
    content = lines.content
    first_chars = grammar.first_chars
    provisions: list[_Candidate] = []
    divisions: list[_Candidate] = []
    closings: list[int] = []
    rejected: list[tuple[int, HeadingMatch]] = []
    for i in _lines_to_read(lines):
        s = content[i]
        if not s:
            continue
        if not s.isascii():
            disguised = folded_heading(s)  # "Аrticle 5" with a Cyrillic "А" is still a heading
            if disguised is not None:
                content[i] = s = disguised
                lines.changed.add(i)
        c = s[0]
        if c in "ID" and CLOSING_RE.match(s):
            closings.append(i)
            continue
        if c not in first_chars:
            continue
        reads = grammar.read(s)
        if not reads:
            continue
        accepted = False
        for read in reads:
            cand = _candidate(lines, i, read)
            if cand is None:
                continue
            if continues_sentence(lines, i):
                # "... referred to in\nArticle 10." is prose; a heading under a long caption or
                # title is not: the sequence and style decide (_accept_provisions)
                if read.division or _ends_mid_phrase(content[i - 1]):
                    continue  # "... and subject to" / "Article IV.": a reference, never a heading
                cand.after_text = True
            (divisions if read.division else provisions).append(cand)
            accepted = True
        if not accepted and _heading_shaped(s, reads[0]) and not continues_sentence(lines, i):
            rejected.append((i, reads[0]))
    return provisions, divisions, closings, rejected


# --------------------------------------------------------------------------------------------
# Weighing the evidence
# --------------------------------------------------------------------------------------------


def _holds_no_text(lines: Lines, candidates: list[_Candidate], family: str, heading_lines: set[int]) -> bool:
    """Do ``family``'s headings (a word that is also a division word: "SECTION 1") hold no
    text of their own, each followed (after at most a caption) by another heading? Then they
    are divisions above the provisions, not provisions."""
    divisions = load_grammar().division_of
    mine = [c for c in candidates if c.read.family == family and c.strong]
    if not mine or any(c.read.word not in divisions for c in mine):
        return False
    empty = sum(any(j in heading_lines for j in _next_text_lines(lines, c.line)) for c in mine)
    return empty >= 0.75 * len(mine)


def _next_text_lines(lines: Lines, i: int, count: int = 2) -> list[int]:
    """The first ``count`` non-blank lines after line ``i``: a heading's caption, then what it heads."""
    content, found = lines.content, []
    j = i + 1
    while j < lines.n and len(found) < count:
        if content[j]:
            found.append(j)
        j += 1
    return found


def _groups_marked_headings(lines: Lines, family: Family, marked: dict[int, int]) -> bool:
    """Are three quarters or more of an induced family's headings lines the format marks as
    headings, each followed (after at most a caption line) by a deeper marked heading? Then the
    family numbers the groupings of a draft whose provisions the format heads otherwise."""
    if not marked:
        return False
    over = sum(
        line in marked and any(marked.get(j, 0) > marked[line] for j in _next_text_lines(lines, line))
        for line, *_ in family.members
    )
    return over >= 0.75 * len(family.members)


def _subordinate(candidates: list[_Candidate], family: str) -> bool:
    """Does ``family`` restart its numbering, again and again, under another family's headings
    (IBRD's "Section 1" in every "Article")? Then it numbers subdivisions of those. (A treaty
    with a protocol appended restarts its articles once or twice; that is not it.)"""
    last: int | None = None
    other_since = False
    count = restarts = under_other = 0
    for cand in candidates:
        if not cand.strong:
            continue
        if cand.read.family != family:
            other_since = True
            continue
        count += 1
        value = cand.read.value
        if last is not None and value is not None and value < last:
            restarts += 1
            under_other += other_since
        last = value if value is not None else last
        other_since = False
    return under_other >= 2 and under_other >= 0.1 * count


def _choose_family(
    lines: Lines, provisions: list[_Candidate], heading_lines: set[int], annex_line: int
) -> str | None:
    """The provision word the document numbers its provisions with, judged on the text before
    its first annex: of the words with headings on lines of their own that hold text
    ("SECTION 1" above "Rule 2" holds none) and whose numbering does not restart under another
    word's headings, the one that comes first (a convention's articles come before the rules
    or regulations annexed to it)."""
    if not provisions:
        return None
    order = load_grammar().families
    body = [c for c in provisions if c.line < annex_line] or provisions
    strong = Counter(c.read.family for c in body if c.strong)
    every = Counter(c.read.family for c in body)
    free = [
        f for f in order
        if every[f] and not _holds_no_text(lines, body, f, heading_lines) and not _subordinate(body, f)
    ]
    # two headings on lines of their own, or three at all (a text whose headings all carry
    # their first sentence: "Art. 1. For the purposes ...")
    several = [f for f in free if strong[f] >= 2 or every[f] >= 3] or [f for f in free if strong[f]]
    if several:
        first = {f: min(c.line for c in body if c.read.family == f and (c.strong or every[f] >= 3)) for f in several}
        return min(several, key=lambda f: first[f])
    return max(order, key=lambda f: (strong[f], every[f], -order.index(f)))


def _settle_ambiguous(candidates: list[_Candidate]) -> None:
    """A full-width line of text after the number, then a sentence: a caption, or the first line
    of a body written on the heading line? As the document's other headings of the same word
    do: when more of them carry their text on the heading line than a caption, it is text."""
    for word in {c.read.word for c in candidates if c.ambiguous}:
        same = [c for c in candidates if c.read.word == word and not c.ambiguous]
        inline = sum(c.form == "inline" for c in same)
        if inline > sum(c.form == "caption" for c in same):
            for cand in candidates:
                if cand.ambiguous and cand.read.word == word:
                    cand.form, cand.caption, cand.body_at = "inline", None, cand.caption_at


def _word_key(word: str) -> str:
    return word.rstrip(".").lower()


class _Numbering:
    """The main word's headings in line order, to ask where a spelt-out heading would stand."""

    def __init__(self, main: str, mine: list[_Candidate]) -> None:
        same = [c for c in mine if _word_key(c.read.word) == main and c.read.value is not None]
        self.main = main
        self.lines = [c.line for c in same]
        self.values = [c.read.value for c in same]
        self.taken = set(self.values)

    def spelt_out(self, cand: _Candidate) -> bool:
        """A bill's "SECTION 1." before "SEC. 2.", "SEC. 3." ...: the same word spelt out (one
        key abbreviates the other) whose number fills the place it stands in within the main
        word's numbering, so not a division above them (a "SECTION 2" over "Sec. 2" is one)."""
        key, value = _word_key(cand.read.word), cand.read.value
        if value is None or value in self.taken or not (key.startswith(self.main) or self.main.startswith(key)):
            return False
        at = bisect_left(self.lines, cand.line)
        after = self.values[at] if at < len(self.values) else None
        before = self.values[at - 1] if at > 0 else None
        return after == value + 1 or before == value - 1


def _accept_provisions(candidates: list[_Candidate], family: str, doubtful: list[int]) -> list[_Candidate]:
    """Headings of ``family``: every one on a line of its own, and those with text on the same
    line when written in the document's heading style and continuing its numbering."""
    mine = [c for c in candidates if c.read.family == family]
    words = Counter(_word_key(c.read.word) for c in mine if c.strong)
    if len(words) > 1:  # "§ 5" numbers the provisions; "SECTION 1" above or below them is a division
        divisions = load_grammar().division_of
        own = Counter({w: n for w, n in words.items() if n >= 2 and not any(
            c.read.word in divisions for c in mine if _word_key(c.read.word) == w)})
        main = (own or words).most_common(1)[0][0]
        numbering = _Numbering(main, mine)
        mine = [
            c for c in mine
            if _word_key(c.read.word) == main or c.read.word not in divisions or numbering.spelt_out(c)
        ]
    styles = Counter(c.read.style for c in mine if c.strong)
    dominant = styles.most_common(1)[0][0] if styles else None
    accepted: list[_Candidate] = []
    last: int | None = None
    for cand in mine:
        value = cand.read.value
        if not cand.strong:
            in_style = dominant is None or cand.read.style == dominant
            # the next number, the same one again ("5 bis"), a small gap (a deleted article), or 1
            follows = last is None or value is not None and (last <= value <= last + 3 or value == 1)
            if not (in_style and follows):
                # a doubt, unless it carries on a wrapped sentence or is a division word spelt
                # otherwise than the headings ("Section 1. The ..." under "§ I" headings)
                other_word = dominant is not None and _word_key(cand.read.word) != _word_key(dominant[0])
                if not cand.after_text and not (other_word and cand.read.word in load_grammar().division_of):
                    doubtful.append(cand.line)
                continue
        if cand.strong and value == 1 and dominant is not None and cand.read.style != dominant and cand.read.word == dominant[0]:
            # a numbering started again on a line of its own ("Art. 1." of regulations in figures
            # after articles in roman numbers) sets the style of the headings that follow it
            dominant = cand.read.style
        accepted.append(cand)
        last = value if value is not None else last
    return accepted


def _headings_from(lines: Lines, chosen: list[_Candidate], heading_like: set[int]) -> list[Heading]:
    grammar = load_grammar()
    above = _captions_above(lines, chosen, heading_like)
    ambiguous: list[tuple[Heading, int]] = []
    votes = Counter()
    content = lines.content
    headings: list[Heading] = []
    consumed: set[int] = set()
    for cand in sorted(chosen, key=lambda c: c.line):
        if cand.line in consumed:
            continue
        read = cand.read
        if read.division:
            dkind = _DIVISION_KINDS[read.family]
            label = f"{read.word} {read.written}".strip() if read.number else read.word
            if cand.caption is None and cand.form == "loose" and read.family == "annex":
                label = content[cand.line].rstrip(".:")
            heading = Heading("division", cand.line, label, read.number, cand.caption, dkind)
        else:
            # an induced heading keeps its number as written ("Clause 1º"); its value is the number
            label = f"{read.family} {read.written if read.number_form == 'induced' else read.number + read.mark}"
            heading = Heading("article", cand.line, label, read.number, cand.caption, body_at=cand.body_at)
        if cand.caption_end != -1:
            heading.caption_line = cand.caption_end
            consumed.add(cand.caption_end)
        if cand.line in above or above and cand.caption_at != -1 and heading.kind == "article":
            # the caption is above, so the text after the number is the body (also where this
            # article has no caption: a document that writes captions above has none beside)
            heading.first_line, heading.caption = above.get(cand.line, (-1, None))
            if cand.caption_at != -1:
                heading.body_at = cand.caption_at
                if cand.caption_end != -1:
                    heading.caption_line = -1
                    consumed.discard(cand.caption_end)
        if heading.kind == "article" and heading.caption is None and cand.line in lines.side:
            heading.caption = lines.side[cand.line]  # a marginal note beside the heading (margins.py)
        if heading.kind == "article":
            wants_caption = not above  # a document that writes captions above has none below
        else:
            wants_caption = heading.number is not None or read.word in grammar.division_of and label == read.word
        wants_caption = wants_caption and heading.caption is None and cand.form != "inline"
        if wants_caption:
            j = _caption_line(lines, cand.line, 150 if heading.kind == "article" else 200, heading_like)
            wrap = _wrap(lines, j) if j != -1 else 0
            closes = bracketed_caption_end(lines, j) if j != -1 else -1
            if closes != -1:  # a caption in brackets, wrapped: one caption to its closing bracket
                heading.caption, heading.caption_line = " ".join(content[j : closes + 1]), closes
                consumed.update(range(j, closes + 1))
                votes["caption"] += heading.kind == "article"
            elif wrap == -1 and not content[j + 1][0].islower() and _caption_shaped(content[j]):
                ambiguous.append((heading, j))  # a full-width caption, or the body's first line?
            elif j != -1 and wrap == -1 and caption_in_three_lines(lines, j):
                heading.caption, heading.caption_line = " ".join(content[j : j + 3]), j + 2
                consumed.update((j, j + 1, j + 2))
                votes["caption"] += heading.kind == "article"
            elif j != -1 and wrap == 0 and lines.fills(j) and not _caption_shaped(content[j]):
                votes["none"] += heading.kind == "article"  # a wrapped sentence cut before "Annex to ..."
            elif j != -1 and wrap != -1:
                heading.caption, heading.caption_line = content[j], j
                if wrap == 1:
                    heading.caption, heading.caption_line = f"{content[j]} {content[j + 1]}", j + 1
                consumed.add(heading.caption_line)
                votes["caption"] += heading.kind == "article"
            elif heading.kind == "article":
                votes["none"] += 1
        headings.append(heading)
    # as the document's other headings do: a caption if most have one, else the body's first line
    if votes["caption"] >= votes["none"]:
        for heading, j in ambiguous:
            heading.caption, heading.caption_line = content[j], j
    return headings


def _captions_above(lines: Lines, chosen: list[_Candidate], heading_like: set[int]) -> dict[int, tuple[int, str]]:
    """Captions written above their headings, when the document does so (most of its article
    headings without a caption of their own have one, or four and a third of them at least: a
    treaty whose final or annexed articles carry no caption): heading line -> caption."""
    bare = [c for c in chosen if not c.read.division and (c.caption is None or c.caption_at != -1) and c.line not in lines.side]
    above = {c.line: _caption_above(lines, c.line, heading_like) for c in bare}
    found = {line: a for line, a in above.items() if a is not None}
    if len(found) < 2 or len(found) < 0.6 * len(bare) and (len(found) < 4 or len(found) < 0.3 * len(bare)):
        return {}
    return found


def _annex_provisions(
    lines: Lines, provisions: list[_Candidate], family: str | None, annex_line: int, heading_lines: set[int],
    chosen: list[_Candidate],
) -> list[_Candidate]:
    """Provisions an annex numbers with a word of its own: a model law's "Section 3." or a
    schedule of offences' "Sec. 3." after a convention's articles (or its "SECTION I" after
    a convention numbered "§ 1", the same family by another word). Judged like the document's
    own headings (two on lines of their own or three at all, holding text, in sequence)."""
    taken = {c.line for c in chosen}
    words = {_word_key(c.read.word) for c in chosen}
    inside = [
        c for c in provisions
        if c.line > annex_line and c.line not in taken and (c.read.family != family or _word_key(c.read.word) not in words)
    ]
    if not inside:
        return []
    strong = Counter(c.read.family for c in inside if c.strong)
    every = Counter(c.read.family for c in inside)
    for other in load_grammar().families:
        if (strong[other] >= 2 or every[other] >= 3) and not _holds_no_text(lines, inside, other, heading_lines):
            return _accept_provisions(inside, other, [])
    return []


def _caption_headings(lines: Lines, taken: set[int], marked: dict[int, int]) -> list[Heading]:
    """Provisions headed by captions alone ("## Purpose", "## Costs"): a memorandum or a chair's
    text that numbers no provision, with headings the format marks (Markdown, HTML <h3>, Word
    heading styles, of any wording: a question, a sentence; "#" lines in plain text when they
    read as captions). The deepest heading level used three times or
    more heads the provisions; a shallower heading after the first of them opens a division.
    Only when no numbered provision heading was found (numbers always win)."""
    found: list[tuple[int, int, str]] = []
    content = lines.content
    candidates = lines_starting(lines, "#")  # (a scan where lines are short)
    if marked:
        candidates = sorted(set(candidates).union(marked))
    for i in candidates:
        line = content[i]
        if i in taken or not line:
            continue
        if i in marked:
            level, caption = marked[i], line
        elif line.startswith("#") and (m := _MARKDOWN_CAPTION.fullmatch(line)) is not None:
            level, caption = len(m.group(1)), m.group(2)
        else:
            continue
        if i in marked and len(caption) <= 200 or caption_ok(caption) and not caption.endswith((".", ":")):
            # a heading the format marks heads a provision whatever its wording ("## What must
            # providers do?"); a "#" line in plain text only when it reads as a caption
            found.append((i, level, caption))
    levels = Counter(level for _, level, _ in found)
    used = [level for level, n in levels.items() if n >= 3]
    if not used:
        return []
    level = max(used)
    first = min(i for i, lv, _ in found if lv == level)
    headings: list[Heading] = []
    labels: Counter[str] = Counter()
    for i, lv, caption in found:
        if lv == level:
            labels[caption] += 1
            label = caption if labels[caption] == 1 else f"{caption} ({labels[caption]})"
            headings.append(Heading("article", i, label, None, caption))
        elif lv < level and i > first:
            headings.append(Heading("division", i, caption, None, caption, DivisionKind.SECTION))
    return headings


def find_headings(lines: Lines, marked: dict[int, int] | None = None) -> Scan:
    """The document's headings, closing formulas, page furniture and doubtful heading lines.
    ``marked``: lines the file's format marks as headings (line -> level)."""
    furniture = _blank_furniture(lines)
    provisions, divisions, closings, rejected = _readings(lines)
    _settle_ambiguous(provisions)
    divisions = _without_contents(lines, divisions)
    divisions = _without_annex_captions(lines, provisions, divisions)
    heading_lines = {c.line for c in provisions if c.strong} | {c.line for c in divisions if c.strong}
    annex_line = min((c.line for c in divisions if c.strong and c.read.family == "annex"), default=lines.n)
    family = _choose_family(lines, provisions, heading_lines, annex_line)
    # doubtful: lines that read as headings of the document's own kind but were not taken
    doubtful = [i for i, read in rejected if not read.division and (family is None or read.family == family)]
    chosen = _accept_provisions(provisions, family, doubtful) if family else []
    division_words = load_grammar().division_of
    # a word that also names divisions ("SECTION 1") whose headings hold no text of their own:
    # divisions over a text whose provisions are headed otherwise, or not at all
    empty_divisions = bool(chosen) and all(c.read.word in division_words for c in chosen) and _holds_no_text(
        lines, chosen, chosen[0].read.family, heading_lines)
    if sum(c.strong and c.line < annex_line for c in chosen) < 2 or empty_divisions:
        # no provision word heads this text's provisions on lines of their own: a model bill
        # ("Unauthorised access" / "12.—(1) A person ...")?
        like = {c.line for c in provisions} | {c.line for c in divisions} | {i for i, _ in rejected}
        # (the numbering may start again after an annex heading, or after a closing formula: a
        # protocol appended below the signatures)
        restarts = sorted([c.line for c in divisions if c.strong and c.read.family == "annex"] + closings)
        bare = unworded_sections(lines, like, restarts)
        if len(bare) > len(chosen):
            chosen = [
                _Candidate(i, read, "caption", read.caption) if read.caption is not None
                else _Candidate(i, read, "inline", None, lines.cstart[i] + read.rest_start)
                for i, read in bare
            ]
            family, doubtful = bare[0][1].family, []
    inferred = None
    if len(chosen) < MIN_MEMBERS or not any(c.read.word for c in chosen):
        # no provision word: a decimal outline ("1  GENERAL" / "1.1  Purpose" / "1.1.1  Purpose"
        # and its text), whose top level alone would read as a bill's sections?
        outline = induce_outline(lines, {c.line for c in divisions if c.strong}, annex_line)
        if outline is None and annex_line < lines.n and not chosen:  # the text itself appended ("Appendix" above it all)
            outline = induce_outline(lines, {c.line for c in divisions if c.strong}, lines.n)
        if outline is not None and len(outline.provisions.members) > len(chosen):
            inferred = outline.provisions
            chosen = [_induced(lines, *member) for member in outline.provisions.members]
            family, doubtful = inferred.members[0][1].family, []
            divisions = divisions + [_grouping(line, written, depth, caption) for line, written, depth, caption in outline.groupings]
    found = len(chosen)
    if inferred is None and (found < MIN_MEMBERS or all(c.read.word in division_words for c in chosen) or len(doubtful) > found):
        # few or no provisions by the grammar's words, or only by a word that also names
        # divisions ("SECTION 1" above the provisions): does the draft keep to a family of its own?
        taken = {c.line for c in divisions if c.strong}
        inferred, near = induce_family(lines, taken, annex_line, found, frozenset(marked or ()))
        if inferred is not None and found >= MIN_MEMBERS and (
            len(inferred.members) <= found + len(doubtful) // 2 or inferred.members[0][0] > annex_line
        ):  # (a family that starts only in an annex numbers the annex, not the text above it)
            # the grammar's reading stands unless the draft's own family reads clearly more of it
            inferred, near = None, []
        if inferred is not None and _groups_marked_headings(lines, inferred, marked or {}):
            # the family heads only deeper headings the format marks ("## 1 Application" over
            # "#### [R01] Caption" and its text): it groups the provisions, it does not head them
            inferred, near = None, []
        if inferred is not None:
            chosen = [_induced(lines, *member) for member in inferred.members]
            family, doubtful = inferred.members[0][1].family, []
        else:
            doubtful = sorted(set(doubtful) | set(near))
    before_annex = [c for c in chosen if c.line < annex_line]
    if inferred is None and (not before_annex or empty_divisions and all(c.read.word in division_words for c in chosen)):
        # no provision heading (or only a word that also names divisions: "SECTION 1" over
        # the text): a text that numbers its provisions and nothing else ("(1) The two
        # Governments will ..."), unless the format marks captions that head them
        division_lines = {c.line for c in divisions if c.strong}
        if not any(h.kind == "article" for h in _caption_headings(lines, division_lines, marked or {})):
            numbered = induce_paragraphs(lines, division_lines, annex_line, closings)
            if numbered is None and annex_line < lines.n and not chosen:  # the text itself appended ("Appendix" above it all)
                numbered = induce_paragraphs(lines, division_lines, lines.n, closings)
            if numbered is not None and len(numbered.members) > len(before_annex):
                inferred = numbered
                chosen = [_induced(lines, *member) for member in numbered.members]
                family, doubtful = numbered.members[0][1].family, []
    annexed = _annex_provisions(lines, provisions, family, annex_line, heading_lines, chosen)
    chosen += annexed
    taken = {c.line for c in chosen}
    for cand in divisions:
        if cand.line in taken or not cand.strong:
            continue
        chosen.append(cand)
        taken.add(cand.line)
    heading_like = {c.line for c in provisions} | {c.line for c in divisions} | {i for i, _ in rejected}
    if inferred is not None:  # an induced heading is no caption of the division above it
        heading_like |= {line for line, *_ in inferred.members}
    headings = _headings_from(lines, chosen, heading_like)
    if family is None:  # no numbered provisions: a Markdown draft headed by captions alone?
        headings = sorted(headings + _caption_headings(lines, taken, marked or {}), key=lambda h: h.line)
    annexed_lines = {c.line for c in annexed}
    for heading in headings:
        heading.in_annex = heading.line in annexed_lines
    used = {h.line for h in headings} | {h.caption_line for h in headings} | {h.first_line for h in headings}
    doubtful = sorted(set(doubtful) - used)
    return Scan(headings, closings, furniture, doubtful, family, inferred)


def _without_contents(lines: Lines, divisions: list[_Candidate]) -> list[_Candidate]:
    """The division headings less a table of contents: three or more division lines in a row
    (nothing but blank lines between them) that each come again later in the text, with the
    same word and number, in the same order ("Chapter I General Provisions" ... "Chapter VI" as
    a contents list, then the recitals, then "Chapter I General Provisions" over its articles).
    Read as headings, the list would end the preamble before the recitals below it."""
    if len(divisions) < 6:
        return divisions
    content = lines.content
    key = [(c.read.family, c.read.word.lower(), c.read.number) for c in divisions]
    run_end = 0
    while run_end + 1 < len(divisions) and all(not content[j] for j in range(divisions[run_end].line + 1, divisions[run_end + 1].line)):
        run_end += 1  # divisions[0..run_end] stand in a row, blank lines between them
    listed = run_end + 1
    if listed < 3 or not _in_order(key[:listed], key[listed:]):
        return divisions
    return divisions[listed:]


def _without_annex_captions(lines: Lines, provisions: list[_Candidate], divisions: list[_Candidate]) -> list[_Candidate]:
    """The division headings less a bare annex word that captions the article above it:
    ``Article 6`` / ``Annex`` / ``The texts of the Directive ... are appended as an Annex to
    this Convention.`` (an article on the annexes, captioned by their name). The word stands
    alone right under an article heading that has no caption of its own, and a sentence
    follows it; an annex's own heading stands after its article's text."""
    if not divisions or not provisions:
        return divisions
    content = lines.content
    bare_articles = {c.line for c in provisions if c.form == "bare" and not c.after_text}
    kept = []
    for cand in divisions:
        if cand.read.family == "annex" and cand.read.number is None and cand.form == "bare":
            above = _nonblank(lines, cand.line, -1)
            below = _nonblank(lines, cand.line, 1)
            after = content[below] if below != -1 else ""
            end = below
            while 0 <= end < min(lines.n - 1, below + 20) and content[end + 1]:
                end += 1  # the paragraph below, however it is wrapped
            paragraph = " ".join(content[below : end + 1]) if below != -1 else ""
            sentence = paragraph.endswith(".") and len(paragraph.split()) >= 6 or looks_like_sentence(paragraph)
            if above in bare_articles and sentence and not load_grammar().read(after):
                continue
        kept.append(cand)
    return kept


def _nonblank(lines: Lines, i: int, step: int) -> int:
    """The next non-blank line from ``i`` in direction ``step``, or -1."""
    j = i + step
    while 0 <= j < lines.n and not lines.content[j]:
        j += step
    return j if 0 <= j < lines.n else -1


def _in_order(listed: list[tuple], later: list[tuple]) -> bool:
    """Does ``later`` hold every entry of ``listed``, in the same order (other divisions between)?"""
    it = iter(later)
    return all(any(entry == other for other in it) for entry in listed)


def _induced(lines: Lines, line: int, read: HeadingMatch, shape: str, caption_end: int) -> _Candidate:
    """A heading of the draft's own family as the rest of the pass takes it."""
    at = lines.cstart[line] + read.rest_start
    if shape == "inline":
        return _Candidate(line, read, "inline", None, at)
    if shape == "caption":
        return _Candidate(line, read, "caption", read.caption, caption_at=at, caption_end=caption_end)
    if shape == "headed":  # "5. Caption.—(1) The text": the body starts after the dash (rest_start)
        return _Candidate(line, read, "caption", read.caption, body_at=at)
    return _Candidate(line, read, "bare", None)


_OUTLINE_LEVELS = (DivisionKind.PART, DivisionKind.CHAPTER, DivisionKind.SECTION, DivisionKind.SUBSECTION)


def _grouping(line: int, written: str, depth: int, caption: str) -> _Candidate:
    """A decimal outline's heading over other headings ("1.2  Administration"): a division,
    ranked by its depth."""
    kind = _OUTLINE_LEVELS[min(depth, len(_OUTLINE_LEVELS)) - 1]
    read = HeadingMatch(kind.value, True, "", written, None, "induced", caption, 0, "", caption, written)
    return _Candidate(line, read, "caption", caption)
