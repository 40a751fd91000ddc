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
from collections import Counter
from dataclasses import dataclass

from treatylint.document.confusables import folded_heading
from treatylint.document.grammar import HeadingMatch, load_grammar
from treatylint.document.lines import Lines, continues_sentence, isolated
from treatylint.document.model import DivisionKind

__all__ = ["Heading", "Scan", "find_headings", "CLOSING_RE", "PREAMBLE_RE"]

_SEPARATOR_RE = re.compile(r"[ \t]*(?:[\u2013\u2014-]+|[.:](?=[ \t]|$))[ \t]*(?P<caption>.*)$")
PREAMBLE_RE = re.compile(r"(?:PREAMBLE|Preamble)[ \t]*[.:]?[ \t]*$")
CLOSING_RE = re.compile(
    r"(?:IN WITNESS WHEREOF|In witness whereof|In Witness Whereof|In Witness whereof"
    r"|DONE (?:at|in|on)\b|Done (?:at|in|on)\b)"
)
_SENTENCE_WORDS_RE = re.compile(
    r"\b(?:shall|should|may|must|is|are|was|were|will|has|have|apply|applies|means|provides|"
    r"specifies|requires|does|do)\b"
)
_END_SENTENCE = (".", ";", ":", ",", "!", "?")
TABLE_SEP = " | "
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

    @property
    def strong(self) -> bool:
        return self.form != "inline"


@dataclass(slots=True)
class Scan:
    """What the heading pass found: headings, closing formulas, furniture and doubtful lines."""

    headings: list[Heading]
    closings: list[int]
    furniture: list[int]
    doubtful: list[int]  # lines that read as headings but were not accepted
    family: str | None


# --------------------------------------------------------------------------------------------
# Small predicates
# --------------------------------------------------------------------------------------------


def looks_like_sentence(s: str) -> bool:
    return _SENTENCE_WORDS_RE.search(s) is not None


def caption_ok(caption: str) -> bool:
    """Is ``caption`` (text after a separator on a heading line) a caption, not a sentence?"""
    if not caption:
        return True
    if len(caption) > 150 or TABLE_SEP in caption:
        return False
    if caption.endswith((";", ",", "\u2014", "\u2013", "-")):
        return False
    words = len(caption.split())
    if caption.endswith(".") and (words > 10 or looks_like_sentence(caption)):
        return False
    if words > 25 or (words > 6 and looks_like_sentence(caption)):
        return False
    return True


def _loose_ok(stripped: str, limit: int) -> bool:
    """A heading with extra words and no separator: short, no sentence, no final punctuation."""
    if len(stripped) > limit or TABLE_SEP in stripped:
        return False
    if stripped.endswith(_END_SENTENCE) or stripped.endswith(("\u2014", "\u2013", "-")):
        return False
    return not looks_like_sentence(stripped)


def strip_brackets(s: str) -> str:
    if len(s) > 2 and s[0] in "([" and s[-1] in ")]":
        return s[1:-1].strip()
    return s


# --------------------------------------------------------------------------------------------
# Page furniture
# --------------------------------------------------------------------------------------------


def _blank_furniture(lines: Lines) -> list[int]:
    """Blank page numbers and the running headers/footers beside them; return their lines."""
    grammar = load_grammar()
    content, text = lines.content, lines.text
    if "\f" not in text and not any(c and c[0] in "-\u2013\u2014Pp0123456789" and grammar.is_page_number(c) for c in content):
        return []
    pages = [i for i, c in enumerate(content) if c and grammar.is_page_number(c)]
    breaks = [i for i in range(lines.n) if "\f" in text[lines.starts[i]:lines.ends[i] + 1]]
    near: list[int] = []
    for i in pages + breaks:
        for step in (-1, 1):
            j = i + step
            while 0 <= j < lines.n and not content[j]:
                j += step
            if 0 <= j < lines.n and j not in pages:
                near.append(j)
    seen = Counter(content[j] for j in near)
    headers = [j for j in set(near) if seen[content[j]] >= 2 and len(content[j]) <= 100 and not grammar.read(content[j])]
    furniture = sorted(set(pages) | set(headers))
    for i in furniture:
        content[i] = ""
    return furniture


# --------------------------------------------------------------------------------------------
# Reading candidates
# --------------------------------------------------------------------------------------------


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
    sep = _SEPARATOR_RE.match(read.rest)
    if sep is not None and rest[0] not in ",(":
        cap = sep.group("caption").strip()
        chapeau = cap.endswith((":", ";", ","))
        if not chapeau and caption_ok(cap) and not (read.division and cap.endswith(".") and len(cap.split()) > 6):
            caption = strip_brackets(cap.rstrip(".").strip() if read.division else cap) or None
            return _Candidate(i, read, "caption", caption)
        if not chapeau and not cap.endswith(".") and len(cap) <= 150 and _ends_paragraph(lines, i):
            return _Candidate(i, read, "caption", strip_brackets(cap) or None)  # a long caption
        if cap[:1].isupper() or cap[:1] in "(\"\u201c[":
            body_at = lines.cstart[i] + read.rest_start + sep.start("caption")
            return _Candidate(i, read, "inline", None, body_at)
        return None
    if isolated(lines, i) and _loose_ok(s.rstrip(".") if read.division else s, 100):
        first_word = rest.split(None, 1)[0]
        if not read.division or first_word[0].isupper() and first_word.lower() not in _LINKING_WORDS:
            return _Candidate(i, read, "loose", strip_brackets(rest.lstrip(",").rstrip(".") if read.division else rest.lstrip(",").strip()) or None)
        if read.family == "annex":
            return _Candidate(i, read, "loose", None)  # "Annex to the Protocol": the label is the line
        return None
    return None


def _ends_paragraph(lines: Lines, i: int) -> bool:
    """Line ``i`` is followed by a blank line (or the end): nothing wraps on from it."""
    return i + 1 >= lines.n or not lines.content[i + 1]


def _readings(lines: Lines) -> tuple[list[_Candidate], list[_Candidate], list[int], list[int]]:
    """Provision and division candidates, closing formulas, and lines read but rejected."""
    grammar = load_grammar()
    content = lines.content
    first_chars = grammar.first_chars
    provisions: list[_Candidate] = []
    divisions: list[_Candidate] = []
    closings: list[int] = []
    rejected: list[int] = []
    for i in range(lines.n):
        s = content[i]
        if not s:
            continue
        if not s.isascii():
            disguised = folded_heading(s)  # "Аrticle 5" with a Cyrillic "А" is still a heading
            if disguised is not None:
                content[i] = s = disguised
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
            if cand is None or continues_sentence(lines, i):
                continue
            (divisions if read.division else provisions).append(cand)
            accepted = True
        if not accepted and reads[0].number_form not in ("glued", "lower-words"):
            rejected.append(i)
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
    content = lines.content
    empty = 0
    for cand in mine:
        j, seen = cand.line + 1, 0
        while j < lines.n and seen < 2:
            if content[j]:
                if j in heading_lines:
                    empty += 1
                    break
                seen += 1
            j += 1
    return empty >= 0.75 * len(mine)


def _choose_family(lines: Lines, provisions: list[_Candidate], heading_lines: set[int]) -> str | None:
    """The provision word the document numbers its provisions with: the first of the grammar's
    families with two or more headings on lines of their own ("Article" before "Section": a
    treaty whose articles hold numbered sections numbers its provisions as articles), passing
    over a division-like word whose headings hold no text ("SECTION 1" above "Rule 2"); with
    fewer headings, the family with most."""
    if not provisions:
        return None
    order = load_grammar().families
    strong = Counter(c.read.family for c in provisions if c.strong)
    for family in order:
        if strong[family] >= 2 and not _holds_no_text(lines, provisions, family, heading_lines):
            return family
    every = Counter(c.read.family for c in provisions)
    return max(order, key=lambda f: (strong[f], every[f], -order.index(f)))


def _word_key(word: str) -> str:
    return word.rstrip(".").lower()


def _accept_provisions(candidates: list[_Candidate], family: str, doubtful: list[int]) -> list[_Candidate]:
    """Headings of ``family``: every one on a line of its own, and those with text on the same
    line when written in the document's heading style and continuing its numbering."""
    mine = [c for c in candidates if c.read.family == family]
    words = Counter(_word_key(c.read.word) for c in mine if c.strong)
    if len(words) > 1:  # "§ 5" numbers the provisions; "SECTION 1" above them is a division
        main = words.most_common(1)[0][0]
        divisions = load_grammar().division_of
        mine = [c for c in mine if _word_key(c.read.word) == main or c.read.word not in divisions]
    styles = Counter(c.read.style for c in mine if c.strong)
    dominant = styles.most_common(1)[0][0] if styles else None
    accepted: list[_Candidate] = []
    last: int | None = None
    for cand in mine:
        value = cand.read.value
        if not cand.strong:
            in_style = dominant is None or cand.read.style == dominant
            follows = last is None or value is not None and (value in (last, last + 1) or value == 1)
            if not (in_style and follows):
                doubtful.append(cand.line)
                continue
        accepted.append(cand)
        last = value if value is not None else last
    return accepted


def _caption_line(lines: Lines, i: int, limit: int, heading_like: set[int]) -> int:
    """Index of the caption line after heading line ``i`` (next non-blank line), or -1."""
    from treatylint.document.blocks import MARKER_RE

    j = i + 1
    n = lines.n
    content = lines.content
    while j < n and not content[j]:
        j += 1
    if j >= n:
        return -1
    s = content[j]
    if len(s) > limit or TABLE_SEP in s or j in heading_like:
        return -1
    if MARKER_RE.match(s) or CLOSING_RE.match(s) or PREAMBLE_RE.match(s):
        return -1
    if s.endswith((";", ",", ":", "\u2014", "\u2013", "-")):
        return -1
    words = len(s.split())
    if s.endswith(".") and (words > 8 or looks_like_sentence(s)):
        return -1
    if words > 25 or (words > 8 and looks_like_sentence(s)):
        return -1
    return j


def _caption_above(lines: Lines, i: int, heading_like: set[int]) -> int:
    """The line right above heading ``i`` when it reads as a caption (a short line of its own)."""
    j = i - 1
    content = lines.content
    if j < 0 or not content[j] or j in heading_like or (j > 0 and content[j - 1]):
        return -1
    s = content[j]
    if len(s) > 120 or s.endswith(_END_SENTENCE) or looks_like_sentence(s):
        return -1
    return j


def _headings_from(lines: Lines, chosen: list[_Candidate], heading_like: set[int]) -> list[Heading]:
    grammar = load_grammar()
    content = lines.content
    headings: list[Heading] = []
    consumed: set[int] = set()
    for cand in sorted(chosen, key=lambda c: c.line):
        if cand.line in consumed:
            continue
        read = cand.read
        if read.division:
            dkind = _DIVISION_KINDS[read.family]
            label = f"{read.word} {read.written}" if read.number else read.word
            if cand.caption is None and cand.form == "loose" and read.family == "annex":
                label = content[cand.line].rstrip(".:")
            heading = Heading("division", cand.line, label, read.number, cand.caption, dkind)
        else:
            label = f"{read.family} {read.number}"
            heading = Heading("article", cand.line, label, read.number, cand.caption, body_at=cand.body_at)
        wants_caption = heading.caption is None and cand.form != "inline" and (
            heading.kind == "article" or heading.number is not None or read.word in grammar.division_of
            and label == read.word
        )
        if wants_caption:
            j = _caption_line(lines, cand.line, 150 if heading.kind == "article" else 200, heading_like)
            if j != -1:
                heading.caption, heading.caption_line = content[j], j
                consumed.add(j)
        headings.append(heading)
    return headings


def _captions_above(lines: Lines, headings: list[Heading], heading_like: set[int]) -> None:
    """Captions written above their headings, when the document does so throughout."""
    bare = [h for h in headings if h.kind == "article" and h.caption is None]
    above = {h.line: _caption_above(lines, h.line, heading_like) for h in bare}
    found = [h for h in bare if above[h.line] != -1]
    if len(found) < 2 or len(found) < 0.6 * len(bare):
        return
    for h in found:
        h.first_line = above[h.line]
        h.caption = lines.content[h.first_line]


def find_headings(lines: Lines) -> Scan:
    """The document's headings, closing formulas, page furniture and doubtful heading lines."""
    furniture = _blank_furniture(lines)
    provisions, divisions, closings, rejected = _readings(lines)
    heading_lines = {c.line for c in provisions if c.strong} | {c.line for c in divisions if c.strong}
    family = _choose_family(lines, provisions, heading_lines)
    doubtful = list(rejected)
    chosen = _accept_provisions(provisions, family, doubtful) if family else []
    taken = {c.line for c in chosen}
    grammar = load_grammar()
    for cand in divisions:
        if cand.line in taken or not cand.strong:
            continue
        chosen.append(cand)
        taken.add(cand.line)
    heading_like = {c.line for c in provisions} | {c.line for c in divisions} | set(rejected)
    headings = _headings_from(lines, chosen, heading_like)
    _captions_above(lines, headings, heading_like)
    doubtful = sorted(set(doubtful) - {h.line for h in headings})
    return Scan(headings, closings, furniture, doubtful, family)
