"""Heading induction: a draft's OWN heading family, read from the draft when the grammar fails.

The heading grammar (grammar/headings.yml) knows the words drafts usually number provisions
with. A draft written with another one (``Clause 3``, ``Point 3``, ``Artículo 3``, ``Kifungu
3``, a word no one has listed yet) would otherwise be read as one provision. So when the
grammar's families head fewer than three provisions, this pass looks for a family the draft
itself keeps to, by shape and sequence alone, never by the word:

* **a family** is the lines that open with the same leading word(s), compared without case
  (or with no word), then a number of the same form (arabic, with an ordinal mark ``1º``,
  ``1st`` or not; roman; ``(1)``; a number in words), then a separator and the rest;
* **a heading's shape**: the number alone, or a short caption that is no sentence (then the
  body below), or (only after a word, and a separator or a capital) the first sentence of the
  body; never a line that carries on the sentence above;
* **a sequence**: the longest chain of next numbers (a gap of one deleted provision allowed),
  starting at 1 unless it is long, with at least three members that hold text of their own;
* **no word** is the weakest evidence (numbered paragraphs look the same), so a word-less
  family is taken only when no worded family qualifies, every member has a caption and
  the body below, and its numbering never restarts (paragraphs restart in each provision).

The family found is reported (``Scan.inferred``, ``outline``) with how sure the pass is: the
share of the family's heading-shaped lines the chain kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from treatylint.document.grammar import HeadingMatch, load_grammar
from treatylint.document.line_shapes import MARKERISH, caption_ok, looks_like_sentence, stopped_caption_tail, wrap
from treatylint.document.lines import Lines, continues_sentence, lines_starting
from treatylint.document.model import roman_value

__all__ = ["Family", "Outline", "induce_family", "induce_outline", "induce_paragraphs", "MIN_MEMBERS"]

MIN_MEMBERS = 3
LONG_RUN = 5  # a run this long may start past 1 (a draft's extract, or its first provisions lost)
MAX_LINES = 100_000  # past this many lines, a text of short lines is not searched (issue 15's shapes)

_WORD = r"[^\W\d_][^\W\d_'\u2019-]{0,24}\.?"
_NUMBER = (
    r"(?P<number>\d{1,3}(?:-\d{1,3}(?=[ \t.:]|$))?|[A-Z]-\d{1,3}(?=[ \t.:]|$)|[IVXLCDM]{1,7}|[ivxlcdm]{1,7}|\([ \t]?\d{1,3}[ \t]?\)|[A-Za-z]{3,12}(?:-[A-Za-z]{3,8})?)"
    r"(?P<mark>[\u00ba\u00b0\u00aa](?:[ \t]?\.)?|(?:st|nd|rd|th)(?![^\W\d_])|\.?o(?![^\W\d_]))?"
    r"(?P<sep>[ \t]*(?:\.[ \t]*[-\u2013\u2014]|[.:)][ \t]*[-\u2013\u2014]?)[ \t]*|[ \t]+[-\u2013\u2014:\u00b7][ \t]*|[ \t]+|$)"
    r"(?P<rest>.*)$"
)
# a word or two, then the number ("Clause 3", "Art.3", "Draft Clause 3"); or the number alone
_AFTER_WORDS = r"(?:(?<=\.)[ \t]{0,3}|[ \t]{1,3})"
# a caption closed by a full stop (or colon) and a dash, the body after it on the same line
_HEADED = re.compile(r"([^.:;]{2,120}?)[.:][ \t]?[\u2014\u2013-][ \t]*(?=\S)")
_PATTERNS = (
    re.compile(rf"(?P<words>{_WORD}){_AFTER_WORDS}" + _NUMBER),
    re.compile(rf"(?P<words>{_WORD}[ \t]{{1,3}}{_WORD}){_AFTER_WORDS}" + _NUMBER),
    re.compile(_NUMBER),
)
# what may open a member, for the one scan over a text of very short lines (a superset): a word
# or two and a number, or a number, a separator and a word ("x" alone on a line is neither)
_SCAN_HEAD = (
    r"[^\W\d_][^\W\d_'\u2019.-]{0,24}[ \t]{0,3}(?:[^\W\d_]{1,25}\.?[ \t]{1,3})?(?:\d|[IVXLCDMivxlcdm]|\()"
    r"|(?:\d{1,3}|[IVXLCDMivxlcdm]{1,7})[^\w\n]{1,4}\w"
)
_NO_WORD = ""
_BRANCH = re.compile(r"\d{1,3}-\d{1,3}")
_LETTERED = re.compile(r"[A-Z]-\d{1,3}")  # "B-4": provision 4 of Part B, numbered afresh in each lettered part
_OPERATIVE = re.compile(r"\b(?:shall|should|may|must|will|is|are|means)\b")


@dataclass(slots=True)
class _Member:
    line: int
    words: str  # as written ("Clause", "ARTÍCULO", "" for none)
    number: str  # as written, with its mark ("1º", "IV", "(3)")
    value: int
    form: str  # arabic | roman | paren | words
    shape: str  # bare | caption | inline | headed (caption and body on the line: "5. Caption.—(1) ...")
    caption: str | None
    rest_start: int  # offset of the rest in the line's content
    separated: bool  # a separator after the number (".", ":", "–", ".-")
    caption_end: int = -1  # the caption's second line when it wraps
    suffixed: bool = False  # "5 bis", "VIII Bis": may follow 5 / VIII
    part: str = ""  # the part letter of a lettered number ("B" of "B-4")


@dataclass(slots=True)
class Family:
    """The heading family a draft keeps to: its members (line, reading) and what it looks like."""

    pattern: str  # "Clause N", "N." ...
    members: list[tuple[int, HeadingMatch, str, int]]  # (line, reading, shape: bare | caption | inline, caption's 2nd line)
    confidence: float  # the share of the family's heading-shaped lines in the chain


def _number(token: str, mark: str | None) -> tuple[int, str] | None:
    """The value and form of a number token, or None for a word that is no number."""
    if token[0] == "(":
        return int(token.strip("() \t")), "paren"
    if token.isdigit():
        return int(token), "arabic"
    if _LETTERED.fullmatch(token):
        return int(token[2:]), "lettered"
    if _BRANCH.fullmatch(token):
        return int(token.split("-", 1)[0]), "arabic"  # "6-2": a branch of 6, inserted after it
    if mark:
        return None  # "Clause IVº" is nothing
    if token.upper() == token or token.lower() == token and len(token) <= 4:
        if set(token.upper()) <= set("IVXLCDM"):
            value = roman_value(token.upper())
            if value:
                return value, "roman"
    grammar = load_grammar()
    value = grammar.words_value(token) or grammar.ordinal_value(token)
    if value and token[0].isupper():
        return value, "words"
    return None


def _read(lines: Lines, i: int, excluded: frozenset[str], marked: frozenset[int] = frozenset()) -> _Member | None:
    s = lines.content[i]
    if len(s) > 5000:
        return None  # no heading line, however much body it carries
    for pattern in _PATTERNS:
        m = pattern.match(s)
        if m is not None:
            member = _member(lines, i, m, excluded, i in marked)
            if member is not None:
                head = member.caption.split(None, 1)[0].strip("()").lower() if member.caption else ""
                member.suffixed = " " in member.number or "-" in member.number or head in _suffixes()
                if member.form == "lettered":
                    member.part, member.suffixed = member.number[0], False
                return member
    return None


def _member(lines: Lines, i: int, m: re.Match[str], excluded: frozenset[str], marked: bool = False) -> _Member | None:
    words = (m.groupdict().get("words") or "").strip()
    key = words.lower().rstrip(".")
    if key in excluded or (words and words.split()[0].lower().rstrip(".") in excluded):
        return None
    number = _number(m.group("number"), m.group("mark"))
    if number is None:
        return None
    value, form = number
    if not words and form == "words":
        return None  # "Five ..." opening a sentence
    sep, rest = m.group("sep"), m.group("rest").strip()
    separated = bool(sep.strip()) or "  " in sep or "\t" in sep  # a wide gap separates too ("Article 1  This Law")
    if sep in (".", ":") and rest[:1].isdigit():
        return None  # "Clause 1.1", "1.2": a decimal paragraph number
    if rest and not sep:
        return None  # "Clause 5A", glued
    if not words and (form == "paren" or not separated and rest and not marked):
        return None  # "(3) ..." is a paragraph; "12 May" a date
    rest = rest.rstrip("*_").strip()
    first_word = rest.split(None, 1)[0].strip("()").rstrip(".:-\u2013\u2014").lower() if rest else ""
    if first_word in _suffixes() and rest[0].islower():  # "Clause 5 bis": the suffix belongs to the number
        cut = len(rest.split(None, 1)[0])
        number_tail = " " + rest[:cut].strip("()")
        rest = rest[cut:].lstrip(" \t.:-\u2013\u2014")
    else:
        number_tail = ""
    written = (m.group("number") + (m.group("mark") or "")).strip() + number_tail
    rest_start = m.start("rest") + max(m.group("rest").find(rest), 0) if number_tail and rest else m.start("rest")
    if not rest or rest in (".", ":"):
        return _Member(i, words, written, value, form, "bare", None, rest_start, separated)
    if marked and rest[-1] not in ",;":
        # the file's format marks the line a heading ("### 12. What must you do when ...?"): the
        # text after the number is its caption, whatever its wording (a question, a sentence)
        caption = rest.rstrip(".:").strip()
        caption = caption[1:-1].strip() if caption[:1] in "([" and caption[-1:] in ")]" else caption
        return _Member(i, words, written, value, form, "caption", caption or None, rest_start, True)
    first = rest[0]
    dashed = any(c in sep for c in ":\u2013\u2014-")  # "Clause 16 – of Directive 2011/16": a caption
    if (first.islower() and not dashed) or first in ",;" or continues_sentence(lines, i):
        return None  # "Clause 5 of the Agreement ...", a wrapped reference
    if MARKERISH.match(rest) and not words:
        return None  # "1. (a) ...": a paragraph and its item
    headed = _HEADED.match(rest) if separated else None
    if headed is not None and _headed_caption(headed):
        # "5. Caption.—(1) The text ...": the caption, a full stop and a dash, then the body
        body_at = rest_start + (len(m.group("rest")) - len(m.group("rest").lstrip())) + headed.end()
        return _Member(i, words, written, value, form, "headed", headed.group(1).strip(), body_at, separated)
    if separated and headed is None and (wrapped := _wrapped_headed(lines, i, rest)) is not None:
        # "15. Power to issue directions for interception, monitoring or" / "decryption.—(1) If ..."
        caption, body_at = wrapped
        return _Member(i, words, written, value, form, "headed", caption, body_at, separated)
    caption = rest[1:-1].strip() if rest[0] in "([" and rest[-1] in ")]" else rest
    # a caption: no sentence; short where no word vouches for the line ("1. Definitions")
    short = len(caption.split()) <= (25 if words or form == "lettered" else 10) and len(caption) <= 150  # "B-4" vouches as a word does
    judged = caption.rstrip(".") if form == "lettered" else caption  # "B-4. A long caption closed by a stop."
    if short and caption_ok(judged) and not caption.endswith((":", ";", ",")) and not (
        caption.endswith(".") and looks_like_sentence(caption)
    ):
        goes_on = wrap(lines, i) if not caption.endswith(".") else 0
        caption_end = -1
        if goes_on == 1 or goes_on == -1 and stopped_caption_tail(lines, i, caption):
            caption, caption_end = f"{caption} {lines.content[i + 1]}", i + 1
        if goes_on != -1 or caption_end != -1:
            return _Member(i, words, written, value, form, "caption", caption.rstrip(".").strip() or None, rest_start,
                           separated, caption_end)
    if words and (separated or first.isupper()) and (first.isupper() or first.isdigit() or first in "(\"\u201c["):
        # "Article 12 Network operators shall ...": after a word, one space may separate the body
        # (a PDF or a plain-text export closes the wide gap); the family's rising chain vouches
        return _Member(i, words, written, value, form, "inline", None, rest_start, separated)
    return None


def _headed_caption(headed: re.Match[str]) -> bool:
    """Is the text before ``.—`` a section's caption? Closed by a full stop and a dash, a caption
    may hold a verb ("Act to have effect in addition to other laws.—"), but no modal of an
    operative sentence; closed by a colon ("... as follows:—"), it must be no sentence at all."""
    caption = headed.group(1).strip()
    if caption.endswith((",", ";")) or len(caption) > 150 or len(caption.split()) > 20:
        return False
    if headed.group(0)[len(headed.group(1))] == ":":
        return caption_ok(caption) and not looks_like_sentence(caption)
    return _OPERATIVE.search(caption) is None and caption[:1].isupper()


def _wrapped_headed(lines: Lines, i: int, rest: str) -> tuple[str, int] | None:
    """A headed section whose caption wraps onto the next line, the body after its ``.—``:
    (the caption, the body's offset from the heading line's content), or None. The tail starts
    in lower case and is short; the caption is judged as on one line."""
    content = lines.content
    if i + 1 >= lines.n or rest.endswith((".", ";", ":", ",")) or len(rest) > 150:
        return None
    tail = content[i + 1]
    if not tail or not tail[0].islower():
        return None
    joined = f"{rest} {tail}"
    headed = _HEADED.match(joined)
    if headed is None or headed.end(1) <= len(rest) + 1 or len(joined[len(rest) + 1 : headed.end(1)].split()) > 8:
        return None
    if not _headed_caption(headed):
        return None
    body_in_tail = headed.end() - len(rest) - 1
    return " ".join(headed.group(1).split()), lines.cstart[i + 1] - lines.cstart[i] + body_in_tail


def _suffixes() -> frozenset[str]:
    return frozenset(load_grammar().grammar.numbers.suffixes)


def _holds_text(lines: Lines, member: _Member, next_line: int) -> bool:
    """Some text of its own between this member and the next (or the end): a heading above a
    body, not an item of a list of one-line items."""
    if member.shape in ("inline", "headed"):
        return True
    content = lines.content
    words = 0
    for j in range(member.line + 1, min(next_line, member.line + 60)):
        words += len(content[j].split())
        if words >= 6:
            return True
    if member.words and member.caption_end == -1 and content[member.line].rstrip().endswith(".") and (
        len((member.caption or "").split()) >= 6
    ):
        # nothing below, and the "caption" is a whole sentence ending on the heading line: the
        # provision's one sentence after the number ("Article 2 Each Party exercises ...")
        member.shape, member.caption = "inline", None
        return True
    return False


def _chain(members: list[_Member]) -> list[_Member]:
    """The longest run of next numbers (a gap of one deleted provision allowed) in line order."""
    best: list[tuple[int, int]] = []
    for k, cand in enumerate(members):
        length, prev = 1, -1
        for j in range(max(0, k - 60), k):
            prev_value = members[j].value
            same_part = cand.part == members[j].part
            follows = same_part and (prev_value < cand.value <= prev_value + 2 or cand.value == prev_value and cand.suffixed) or (
                not same_part and cand.value == 1 and cand.part > members[j].part
            )  # (a lettered part's numbering starts again: "A-4" then "B-1", or "D-1" past parts of no provisions)
            if best[j][0] + 1 > length and follows:
                length, prev = best[j][0] + 1, j
        best.append((length, prev))
    if not best:
        return []
    k = max(range(len(best)), key=lambda x: (best[x][0], -x))
    chain = []
    while k != -1:
        chain.append(members[k])
        k = best[k][1]
    return chain[::-1]


def _run(lines: Lines, members: list[_Member], limit: int) -> list[_Member]:
    """The longest chain of members in sequence that each hold text of their own."""
    chain = _chain(members)
    ends = [m.line for m in chain[1:]] + [min(limit, lines.n)]
    return _chain([m for m, nxt in zip(chain, ends) if _holds_text(lines, m, nxt)])


def _with_restarts(lines: Lines, members: list[_Member], chain: list[_Member]) -> list[_Member]:
    """``chain`` with the other runs of the family that start at 1 (two members at least):
    the members are cut where a number 1 stands, and each piece gives its longest run."""
    pieces: list[list[_Member]] = []
    for m in members:
        if m.value == 1 or not pieces:
            pieces.append([])
        pieces[-1].append(m)
    taken = {m.line for m in chain}
    runs = [chain]
    for piece in pieces:
        run = _run(lines, [m for m in piece if m.line not in taken], lines.n)
        if len(run) >= 2 and run[0].value == 1:
            runs.append(run)
    return sorted((m for run in runs for m in run), key=lambda m: m.line)


def _restarts(members: list[_Member]) -> int:
    return sum(1 for a, b in zip(members, members[1:]) if b.value <= a.value and b.part == a.part and not (
        b.value == a.value and b.suffixed))  # ("5 bis" after 5 goes on)


def _pattern(member: _Member) -> str:
    """How the family is written, for the outline: "Clause N", "Artículo Nº", "N."."""
    number = {"arabic": "N", "roman": "N (roman)", "paren": "(N)", "words": "N (in words)", "lettered": "X-N"}[member.form]
    if member.form == "arabic" and not member.number.isdigit():
        number += member.number.lstrip("0123456789")
    return f"{member.words} {number}" if member.words else f"{number}."


def _candidate_lines(lines: Lines) -> Sequence[int] | None:
    """The lines that may open a member (a superset), or None for a text of very many short
    lines (issue 15's worst shapes: a million one-character lines is no draft to infer a
    heading family from, and reading them would cost a Python step each)."""
    if lines.n > MAX_LINES and len(lines.text) < 16 * lines.n:
        return None
    return lines_starting(lines, _SCAN_HEAD)


def induce_family(
    lines: Lines, taken: set[int], annex_line: int, families: int = 0, marked: frozenset[int] = frozenset()
) -> tuple[Family | None, list[int]]:
    """The draft's own heading family (None when none qualifies) and, when none does, the lines
    of the best near-family (two or more heading-shaped lines in sequence) as doubtful lines.
    ``taken``: lines other passes already read as headings (divisions, annexes); ``marked``:
    lines the file's format marks as headings (Markdown ``#``, HTML ``<h3>``, Word styles)."""
    grammar = load_grammar()
    # division words (a "CHAPTER 1" is no provision) and what numbers pages, tables and figures
    provision_words = {w.lower().rstrip(".") for w in grammar.family_of}
    division_words = {w.lower().rstrip(".") for w in grammar.division_of} - provision_words
    excluded = frozenset(division_words | {"page", "p", "no", "nr", "n", "table", "figure", "fig"})
    groups: dict[tuple[str, str], list[_Member]] = defaultdict(list)
    candidates = _candidate_lines(lines)
    if candidates is None:
        return None, []
    if marked:
        candidates = sorted(set(candidates) | marked)
    for i in candidates:
        if i in taken or not lines.content[i]:
            continue
        member = _read(lines, i, excluded, marked)
        if member is not None:
            # a worded family is one whatever its number forms (an appendix in roman numbers)
            groups[(member.words.lower().rstrip("."), "" if member.words else member.form)].append(member)
    best: tuple[tuple[int, ...], list[_Member], list[_Member]] | None = None
    near: list[int] = []
    for (key, form), members in groups.items():
        worded = bool(key)
        body = [m for m in members if m.line < annex_line]
        chain = _run(lines, body, annex_line)
        if len(chain) < MIN_MEMBERS and len(body) < len(members):  # an "Appendix 1" above it all
            body = members
            chain = _run(lines, body, lines.n)
        shaped = [m for m in chain if m.shape != "inline" or worded]
        if len(shaped) >= 2 and len(shaped) > len(near):
            near = [m.line for m in shaped]
        if len(chain) < MIN_MEMBERS or (chain[0].value != 1 and len(chain) < LONG_RUN):
            continue
        if not worded:
            # numbered paragraphs look the same: every member captioned, no restart at all
            if any(m.shape not in ("caption", "headed") for m in chain) or _restarts(body) > 0:
                continue
        else:
            # a protocol appended, an annex with articles of its own, a statute after its
            # convention: the numbering starts again at 1, before or after the run
            chain = _with_restarts(lines, members, chain)
        score = (worded, len(chain), -chain[0].line)
        if best is None or score > best[0]:
            best = (score, chain, members)
    if best is None or len(best[1]) <= families:
        return None, near if families <= 1 else []
    _, chain, members = best
    shaped_all = [m for m in members]
    confidence = round(len(chain) / max(len(shaped_all), 1), 2)
    label = chain[0].words.rstrip(".") if chain[0].words else grammar.grammar.unworded.label
    label = label[:1].upper() + label[1:].lower() if label.isupper() and len(label) > 3 else label
    found = []
    for m in chain:
        suffix = m.number[m.number.find(" "):] if " " in m.number else ""  # "5 bis"
        branch = m.number[m.number.find("-"):] if _BRANCH.match(m.number) else ""  # "6-2"
        number = m.number if m.form in ("roman", "lettered") else f"{m.value}{branch}{suffix}"
        read = HeadingMatch(label, False, m.words, number, m.value, "induced", lines.content[m.line][m.rest_start:],
                            m.rest_start, "", m.caption, m.number)
        found.append((m.line, read, m.shape, m.caption_end))
    return Family(_pattern(chain[0]), found, confidence), []


# --------------------------------------------------------------------------------------------
# Provisions numbered and nothing else
# --------------------------------------------------------------------------------------------

_MARKERS: dict[tuple[str, ...], list[re.Pattern[str]]] = {}
_PARAGRAPH_WORDS = 8  # a provision's text, on average: fewer is a list of items, not provisions
_DOCUMENT_WORDS = 250  # a text this long is a document (as the structure check counts), not a clause


def _paragraph_markers(markers: tuple[str, ...]) -> list[re.Pattern[str]]:
    if markers not in _MARKERS:
        suffix = "|".join(re.escape(s) for s in sorted(_suffixes(), key=len, reverse=True))
        _MARKERS[markers] = [
            re.compile(rf"(?:{m.replace('{suffix}', suffix)})(?:[ \t]+|(?=\())(?=\S)") for m in markers
        ]
    return _MARKERS[markers]


def _opens_paragraph(lines: Lines, i: int) -> bool:
    """Line ``i`` starts a paragraph: the text's first line, a blank line above, or a line above
    that ends as a sentence or a chapeau does (a text with no blank lines), never the
    continuation of a wrapped sentence."""
    if i == 0 or not lines.content[i - 1]:
        return True
    prev = lines.content[i - 1]
    return not continues_sentence(lines, i) and prev[-1] in ".:;!?)\u201d\"'" and not prev[-1].isalnum()


def induce_paragraphs(lines: Lines, taken: set[int], annex_line: int, closings: Sequence[int] = ()) -> Family | None:
    """A text with no heading at all that numbers its provisions, and nothing else: an exchange
    of notes' ``(1) The two Governments will ...``, an agreement's unheaded ``3. Each Party
    ...``. Its provisions are its top-level numbering: the marker form (grammar
    ``unworded.paragraph_markers``) whose numbers open paragraphs and run 1, 2, 3 ... through the
    body without ever starting again. Paragraph numbering inside provisions starts again in each
    of them, so a form that restarts is not it; of two forms that never restart, the one that
    comes first is the outer one (an unheaded ``1.`` whose second provision has ``(1)``-``(3)``).
    None when no form qualifies (at least three members from 1, holding text of their own).
    After a closing formula (``closings``: "IN WITNESS WHEREOF", "DONE at") an instrument
    appended below the signatures numbers its own provisions from 1 again."""
    unworded = load_grammar().grammar.unworded
    markers = _paragraph_markers(tuple(unworded.paragraph_markers))
    if not markers or (lines.n > MAX_LINES and len(lines.text) < 16 * lines.n):
        return None
    content = lines.content
    groups: dict[int, list[_Member]] = defaultdict(list)
    for i in lines_starting(lines, r"\(?\d"):
        if i in taken or i >= annex_line or not content[i]:
            continue
        s = content[i]
        for k, marker in enumerate(markers):
            m = marker.match(s)
            if m is not None:
                if _opens_paragraph(lines, i):
                    value = int(m.group("n"))
                    suffix = m.groupdict().get("suffix")
                    number = f"{value} {suffix}" if suffix else str(value)
                    member = _Member(i, "", number, value, "paren" if s[0] == "(" else "arabic", "inline", None, m.end(), True)
                    member.suffixed = bool(suffix)
                    member.caption_end = 1 if m.group(0).rstrip()[-1:] in "\u2014\u2013-" or s[m.end() - 1 : m.end()] == "(" else -1
                    groups[k].append(member)
                break
    best: tuple[tuple[int, int], list[_Member], list[_Member]] | None = None
    for k, members in groups.items():
        pieces: list[list[_Member]] = [[]]  # the main text, then each instrument after a closing
        for m in members:
            if m.value == 1 and pieces[-1] and any(pieces[-1][-1].line < c < m.line for c in closings):
                pieces.append([])
            pieces[-1].append(m)
        if any(_restarts(piece) > 0 for piece in pieces):
            continue  # paragraphs numbered inside provisions start again in each of them
        chains = [_chain(piece) for piece in pieces]
        if any(not c or c[0].value != 1 for c in chains[1:]):
            continue
        chain = [m for c in chains for m in c]
        if len(chains[0]) < MIN_MEMBERS or chain[0].value != 1 or len(chain) < 0.8 * len(members):
            continue
        ends = [m.line for m in chain[1:]] + [min(annex_line, lines.n)]
        words = sum(len(content[j].split()) for m, end in zip(chain, ends) for j in range(m.line, min(end, m.line + 40)))
        if words < _PARAGRAPH_WORDS * len(chain):
            continue  # a list of short items
        if len(chain) < LONG_RUN and words < _DOCUMENT_WORDS and not any(m.caption_end == 1 for m in chain):
            continue  # three or four paragraphs of a short text: one provision's paragraphs, as likely
            # (unless one is written as a section is, "2.\u2014(1) ...")
        score = (-chain[0].line, len(chain))
        if best is None or score > best[0]:
            best = (score, chain, members)
    if best is None:
        return None
    _, chain, members = best
    marker = content[chain[0].line][: chain[0].rest_start].strip()
    pattern = marker.replace("1", "N", 1) if marker.count("1") == 1 else "N."
    found = [
        (m.line, HeadingMatch(unworded.paragraph_label, False, "", m.number, m.value, "induced",
                              content[m.line][m.rest_start:], m.rest_start, "", None, m.number), "inline", -1)
        for m in chain
    ]
    return Family(pattern, found, round(len(chain) / max(len(members), 1), 2))


# --------------------------------------------------------------------------------------------
# Decimal outlines: 1 / 1.1 / 1.1.1, the deepest headings over text are the provisions
# --------------------------------------------------------------------------------------------

_OUTLINE = re.compile(r"(?P<number>\d{1,3}(?:\.\d{1,3}){0,4})\.?[ \t]+(?P<caption>\S.{0,150})")


@dataclass(slots=True)
class Outline:
    """A decimal outline: its provisions (the headings over text) and its groupings (the
    headings over other headings), each (line, number as written, depth, caption)."""

    provisions: Family
    groupings: list[tuple[int, str, int, str]]


def induce_outline(lines: Lines, taken: set[int], annex_line: int) -> Outline | None:
    """A draft laid out as a decimal outline (``1  GENERAL`` / ``1.1  Purpose, terms`` /
    ``1.1.1  Purpose`` and the text below): every heading a number of one to five levels, a
    gap and a caption that is no sentence, each level's numbers running 1, 2, 3 under the one
    above. The headings with text of their own below them are the provisions, whatever their
    level; the others group them. None when the draft is no such outline (three provisions,
    numbers of more than one level that nest and follow; an outline may
    leave out its top level: ``1.1``, ``1.2`` ...)."""
    if lines.n > MAX_LINES and len(lines.text) < 16 * lines.n:
        return None
    content = lines.content
    heads: list[tuple[int, tuple[int, ...], str, str]] = []
    for i in lines_starting(lines, r"\d"):
        if i in taken or i >= annex_line or not content[i] or continues_sentence(lines, i):
            continue
        m = _OUTLINE.fullmatch(content[i])
        if m is None:
            continue
        caption = m.group("caption").strip()
        if (not (caption[0].isupper() or caption[0].isdigit() and any(c.isalpha() for c in caption)) or len(caption.split()) > 14 or caption.endswith((",", ";", ":"))
                or not caption_ok(caption) or looks_like_sentence(caption)):
            continue
        if i > 0 and content[i - 1] and not _opens_paragraph(lines, i):
            continue
        heads.append((i, tuple(int(x) for x in m.group("number").split(".")), m.group("number"), caption.rstrip(".")))
    if len(heads) < MIN_MEMBERS or all(len(n) == 1 for _, n, _, _ in heads):
        return None  # (one level of plain numbers is a bill's "12  Caption": unworded.py reads those)
    # numbers that nest and follow: each heading is the first child of the one before, its next
    # sibling, or the next at a level above (1.2.3 -> 2 or 2.1 ...)
    ok = 0
    for (_, a, _, _), (_, b, _, _) in zip(heads, heads[1:]):
        first_child = len(b) == len(a) + 1 and b[:-1] == a and b[-1] == 1
        sibling_or_up = len(b) <= len(a) and b[:-1] == a[: len(b) - 1] and b[-1] == a[len(b) - 1] + 1
        down_from_up = len(b) > 1 and len(b) <= len(a) + 1 and b[-1] == 1 and b[:-1] != a[: len(b) - 1]
        ok += first_child or sibling_or_up or down_from_up
    if ok < 0.8 * (len(heads) - 1) or heads[0][1][-1] != 1:
        return None
    ends = [line for line, *_ in heads[1:]] + [min(annex_line, lines.n)]
    provisions, groupings = [], []
    for (line, number, written, caption), end in zip(heads, ends):
        words = sum(len(content[j].split()) for j in range(line + 1, min(end, line + 40)))
        if words >= 6:
            provisions.append((line, number, written, caption))
        else:
            groupings.append((line, written, len(number), caption))
    if len(provisions) < MIN_MEMBERS:
        return None
    label = load_grammar().grammar.unworded.label
    found = [
        (line, HeadingMatch(label, False, "", written, number[-1], "induced", caption,
                            len(content[line]) - len(caption), "", caption, written), "caption", -1)
        for line, number, written, caption in provisions
    ]
    return Outline(Family("N.N.N", found, 1.0), groupings)
