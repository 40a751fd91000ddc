"""Structure parser: finds the title, preamble, divisions, articles and blocks of a treaty draft.

The parser scans the text once, line by line, with regexes compiled at import time. Every
position it records is an offset into the text it was given (never into a modified copy).

Heading rules, in short:

* An article heading is a line that starts with ``Article``/``ARTICLE``/``Art.`` and a number
  (``5``, ``5 bis``, ``5bis``, ``1A``, ``V``, ``IV.2``, ``A``), optionally followed by ``.``/``:``
  or by a caption after a dash, colon or period (``Article 5 – Illegal access``).
* Other text after the number (``Article 8 Shipping and Air Transport``,
  ``Article 1, paragraph 2`` heading an explanatory note) makes the line a heading only when it
  stands alone between blank lines, is short and does not read as a sentence. That keeps prose
  such as ``Article 5 of the Convention shall apply ...`` out.
* A line that carries on a hard-wrapped sentence (the previous line is long and ends mid
  sentence) is never a heading, and neither is a table row (``a | b``).
"""

from __future__ import annotations

import re

from treatylint.document.confusables import folded_heading
from treatylint.document.model import (
    Block,
    Division,
    DivisionKind,
    Document,
    Provision,
    ProvisionKind,
)

__all__ = ["parse_document"]

# --------------------------------------------------------------------------------------------
# Regexes (compiled once)
# --------------------------------------------------------------------------------------------

_SUFFIXES = r"bis|ter|quater|quinquies|sexies|septies|octies|novies|nonies|decies"

# "Article" word + number + optional bis/ter + optional glued parentheticals, then the rest.
_ARTICLE_RE = re.compile(
    r"""
    (?P<word>(?:Article|ARTICLE)[ \t]+|(?:Art|ART)\.[ \t]*|Art[ \t]+)
    (?P<num>
        \d+(?:\.\d+)*(?:[A-Za-z](?![A-Za-z]))?       # 5, 4.2, 1A, 6a
      | [IVXLCDM]+(?:[.:]\d+)?(?:[a-z](?![A-Za-z]))? # V, II.1, XXIV:6, IIa
      | [A-Z](?![A-Za-z0-9])                         # A (lettered articles)
      | [a-z](?=[ \t]*$)                             # a (only as a bare heading)
    )
    (?P<suffix>[ \t]*(?:[–—-][ \t]*)?\(?(?:"""
    + _SUFFIXES
    + r""")\)?(?![A-Za-z]))?
    (?P<paren>(?:[ \t]?\((?:\d{1,3}|[a-z]{1,4}|\d{1,3}[ \t])\)|(?<=\))[a-z]\))*)
    (?P<star>\*)?
    (?![A-Za-z0-9])
    (?P<rest>.*)$
    """,
    re.VERBOSE,
)
_SUFFIX_WORD_RE = re.compile(_SUFFIXES, re.IGNORECASE)

_DIVISION_WORDS = {
    "PART": DivisionKind.PART,
    "CHAPTER": DivisionKind.CHAPTER,
    "SECTION": DivisionKind.SECTION,
    "TITLE": DivisionKind.TITLE,
    "ANNEX": DivisionKind.ANNEX,
    "APPENDIX": DivisionKind.ANNEX,
}
_LEVELS = {
    DivisionKind.PART: 0,
    DivisionKind.ANNEX: 0,
    DivisionKind.CHAPTER: 1,
    DivisionKind.SECTION: 2,
    DivisionKind.TITLE: 3,
}
_NUMBER_WORDS = (
    "ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN|ELEVEN|TWELVE|"
    "One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve"
)
_DIVISION_RE = re.compile(
    r"""
    (?P<word>PART|Part|CHAPTER|Chapter|SECTION|Section|TITLE|Title|ANNEX|Annex|APPENDIX|Appendix)
    (?![A-Za-z])
    (?:[ \t]+(?P<num>
        \d+(?:[.\-]\d+)*
      | [IVXLCDM]+(?:-\d+)?
      | [A-Z](?:[.\-]\d+)?
      | """
    + _NUMBER_WORDS
    + r"""
    )(?![A-Za-z0-9]))?
    (?P<rest>.*)$
    """,
    re.VERBOSE,
)

# The text after a heading's number: a separator and a caption on the same line.
_SEPARATOR_RE = re.compile(r"[ \t]*(?:[–—-]+|[.:](?=[ \t]|$))[ \t]*(?P<caption>.*)$")

_PREAMBLE_RE = re.compile(r"(?:PREAMBLE|Preamble)[ \t]*[.:]?[ \t]*$")
_AGREED_RE = re.compile(
    r"\bagreed?\s+(?:as\s+follows|(?:up)?on\s+the\s+following|to\s+the\s+following|the\s+following)",
    re.IGNORECASE,
)
_CLOSING_RE = re.compile(
    r"(?:IN WITNESS WHEREOF|In witness whereof|In Witness Whereof|In Witness whereof"
    r"|DONE (?:at|in|on)\b|Done (?:at|in|on)\b)"
)
_TITLE_REJECT_RE = re.compile(r"(?:Nr|No)\.?[ \t]+[IVXLC\d]+[ \t]*$")

_MARKER_RE = re.compile(
    r"""
    (?:
        \((?P<pnum>\d{1,3})\)
      | \((?P<plow>(?P<pl1>[a-z])(?P=pl1)?|[ivxlc]{2,7})\)
      | \((?P<pup>[A-Z])\)
      | (?P<sub>[a-z])\.(?P<subrom>[ivx]+)\.?
      | (?P<num>\d{1,3}(?:\.\d{1,3})*)[.)]
      | (?P<num2>\d{1,3}(?:\.\d{1,3})+)
      | (?P<low>(?P<l1>[a-z])(?P=l1)?|[ivxlc]{2,7})[.)]
      | (?P<up>[A-Z])[.)]
      | (?P<bullet>[-–—•·*▪◦])
    )
    (?=[ \t]|$)
    """,
    re.VERBOSE,
)
_ROMAN_RE = re.compile(r"[ivxlc]+")

_SENTENCE_WORDS_RE = re.compile(
    r"\b(?:shall|should|may|must|is|are|was|were|will|has|have|apply|applies|means|provides|"
    r"specifies|requires|does|do)\b"
)
_END_SENTENCE = (".", ";", ":", ",", "!", "?")
_TABLE_SEP = " | "
# Words that continue an annex label rather than start a caption: "Annex to ...", "ANNEX ON ...".
_LINKING_WORDS = frozenset(
    "to of on and concerning regarding relating referred as in for under".split()
)


# --------------------------------------------------------------------------------------------
# Small predicates
# --------------------------------------------------------------------------------------------


def _looks_like_sentence(s: str) -> bool:
    return _SENTENCE_WORDS_RE.search(s) is not None


def _caption_ok(caption: str) -> bool:
    """Is ``caption`` (text after a separator on a heading line) a caption, not a sentence?"""
    if not caption:
        return True
    if len(caption) > 150 or _TABLE_SEP in caption:
        return False
    if caption.endswith((";", ",", "—", "–", "-")):
        return False
    words = len(caption.split())
    if caption.endswith(".") and (words > 10 or _looks_like_sentence(caption)):
        return False
    if words > 25 or (words > 6 and _looks_like_sentence(caption)):
        return False
    return True


def _loose_ok(stripped: str, limit: int) -> bool:
    """A heading with extra words and no separator: short, no sentence, no final punctuation."""
    if len(stripped) > limit or _TABLE_SEP in stripped:
        return False
    if stripped.endswith(_END_SENTENCE) or stripped.endswith(("—", "–", "-")):
        return False
    return not _looks_like_sentence(stripped)


def _strip_brackets(s: str) -> str:
    if len(s) > 2 and s[0] in "([" and s[-1] in ")]":
        return s[1:-1].strip()
    return s


# --------------------------------------------------------------------------------------------
# Line classification
# --------------------------------------------------------------------------------------------


class _Lines:
    """The text's lines with their offsets; ``content`` is the line without surrounding blanks."""

    __slots__ = ("text", "starts", "ends", "content", "cstart", "n")

    def __init__(self, text: str) -> None:
        starts: list[int] = []
        ends: list[int] = []
        content: list[str] = []
        cstart: list[int] = []
        pos = 0
        length = len(text)
        find = text.find
        while pos <= length:
            nl = find("\n", pos)
            if nl == -1:
                nl = length
            line = text[pos:nl]
            stripped = line.strip()
            starts.append(pos)
            if stripped:
                lead = len(line) - len(line.lstrip())
                cstart.append(pos + lead)
                ends.append(pos + lead + len(stripped))
            else:
                cstart.append(pos)
                ends.append(pos)
            content.append(stripped)
            if nl == length:
                break
            pos = nl + 1
        self.text = text
        self.starts = starts
        self.ends = ends
        self.content = content
        self.cstart = cstart
        self.n = len(starts)


class _Heading:
    __slots__ = ("kind", "line", "label", "number", "caption", "caption_line", "dkind")

    def __init__(
        self,
        kind: str,
        line: int,
        label: str,
        number: str | None,
        caption: str | None,
        dkind: DivisionKind | None = None,
    ) -> None:
        self.kind = kind  # "article" | "division"
        self.line = line
        self.label = label
        self.number = number
        self.caption = caption
        self.caption_line = -1  # index of a separate caption line, if any
        self.dkind = dkind


def _isolated(lines: _Lines, i: int) -> bool:
    content = lines.content
    before = i == 0 or not content[i - 1]
    after = i + 1 >= lines.n or not content[i + 1]
    return before and after


def _continues_sentence(lines: _Lines, i: int) -> bool:
    """Is line ``i`` the continuation of a hard-wrapped sentence on the line before?"""
    if i == 0:
        return False
    prev = lines.content[i - 1]
    if not prev or len(prev) < 60 or _TABLE_SEP in prev:
        return False
    last = prev[-1]
    return last.isalpha() and last.islower() or last in ",("


def _match_article(lines: _Lines, i: int) -> _Heading | None:
    s = lines.content[i]
    m = _ARTICLE_RE.match(s)
    if m is None or _TABLE_SEP in s:
        return None
    num = m.group("num")
    suffix = m.group("suffix")
    paren = m.group("paren") or ""
    rest = m.group("rest").strip()
    caption: str | None = None
    if rest in ("", ".", ":"):
        pass
    else:
        sep = _SEPARATOR_RE.match(m.group("rest"))
        if sep is not None and rest[0] not in ",(":
            cap = sep.group("caption").strip()
            if not _caption_ok(cap):
                return None
            caption = _strip_brackets(cap) or None
        else:
            # Extra words with no separator: only a heading on a short line of its own.
            if not _isolated(lines, i) or not _loose_ok(s, 100):
                return None
            cap = rest.lstrip(",").strip()
            caption = _strip_brackets(cap) or None
    if _continues_sentence(lines, i):
        return None
    number = num
    if suffix:
        word = _SUFFIX_WORD_RE.search(suffix)
        if word:
            number = f"{num} {word.group(0).lower()}"
    if paren:
        number += paren.replace(" ", "") if not paren.startswith(" ") else paren
    return _Heading("article", i, f"Article {number}", number, caption)


def _match_division(lines: _Lines, i: int) -> _Heading | None:
    s = lines.content[i]
    m = _DIVISION_RE.match(s)
    if m is None or _TABLE_SEP in s:
        return None
    word = m.group("word")
    dkind = _DIVISION_WORDS[word.upper()]
    num = m.group("num")
    rest = m.group("rest").strip()
    if num is None and dkind is not DivisionKind.ANNEX:
        return None
    caption: str | None = None
    label = f"{word} {num}" if num else word
    if rest in ("", ".", ":"):
        pass
    else:
        sep = _SEPARATOR_RE.match(m.group("rest"))
        if sep is not None and rest[0] not in ",(":
            cap = sep.group("caption").strip()
            if not _caption_ok(cap) or (cap.endswith(".") and len(cap.split()) > 6):
                return None
            caption = cap.rstrip(".").strip() or None
        else:
            # Extra words with no separator: "SECTION 1 MEMBERSHIP" (a caption) or, for
            # annexes, "Annex to the Protocol" (the whole line is the label).
            if not _isolated(lines, i) or not _loose_ok(s.rstrip("."), 100):
                return None
            first_word = rest.split(None, 1)[0]
            if first_word[0].isupper() and first_word.lower() not in _LINKING_WORDS:
                caption = _strip_brackets(rest.rstrip(".")) or None
            elif dkind is DivisionKind.ANNEX:
                label = s.rstrip(".:")
            else:
                return None
    if _continues_sentence(lines, i):
        return None
    return _Heading("division", i, label, num, caption, dkind)


def _caption_line(lines: _Lines, i: int, limit: int) -> int:
    """Index of the caption line after heading line ``i`` (next non-blank line), or -1."""
    j = i + 1
    n = lines.n
    content = lines.content
    while j < n and not content[j]:
        j += 1
    if j >= n:
        return -1
    s = content[j]
    if len(s) > limit or _TABLE_SEP in s:
        return -1
    if _MARKER_RE.match(s) or _CLOSING_RE.match(s) or _PREAMBLE_RE.match(s):
        return -1
    if _ARTICLE_RE.match(s) or _match_division(lines, j) is not None:
        return -1
    if s.endswith((";", ",", ":", "—", "–", "-")):
        return -1
    words = len(s.split())
    if s.endswith(".") and (words > 8 or _looks_like_sentence(s)):
        return -1
    if words > 25 or (words > 8 and _looks_like_sentence(s)):
        return -1
    return j


# --------------------------------------------------------------------------------------------
# Blocks
# --------------------------------------------------------------------------------------------

_LETTER_BEFORE = {"i": "h", "v": "u", "x": "w"}


def _build_blocks(lines: _Lines, first: int, last: int, body_start: int, end: int) -> list[Block]:
    """Blocks of the lines ``first..last`` (inclusive) clipped to ``[body_start, end)``."""
    blocks: list[Block] = []
    content = lines.content
    cstart = lines.cstart
    ends = lines.ends
    prev_nonblank = False
    prev_table = False
    last_kind = ""  # "roman" | "letter" | other, for the previous marker
    last_letter = ""  # value of the most recent letter marker
    last_letter_colon = False
    stack: list[tuple[int, int, bool]] = []  # (depth, block index, ends with ":")
    last_plain_depth = 0
    for i in range(first, last + 1):
        s = content[i]
        if not s:
            prev_nonblank = False
            continue
        start = cstart[i]
        stop = ends[i]
        if start < body_start or stop > end:
            if stop <= body_start or start >= end:
                prev_nonblank = False
                continue
            start = max(start, body_start)
            stop = min(stop, end)
        table = _TABLE_SEP in s
        m = _MARKER_RE.match(s)
        # a line without a marker continues the block above (a hard-wrapped paragraph), unless
        # the line above closed a sentence or list item (";", ":" or ".")
        if (
            m is None
            and prev_nonblank
            and blocks
            and not table
            and not prev_table
            and not content[i - 1].rstrip().endswith((";", ":", "."))
        ):
            blocks[-1].end = stop
            # the chapeau status of a wrapped block depends on its last line
            if stack and stack[-1][1] == len(blocks) - 1:
                d, idx, _ = stack[-1]
                stack[-1] = (d, idx, s.endswith(":"))
            prev_nonblank = True
            continue
        prev_nonblank = True
        prev_table = table
        marker: str | None = None
        depth = 0
        if m is not None:
            marker = m.group(0)
            kind, value = _marker_kind(m)
            if kind == "ambiguous":
                if last_kind == "roman":
                    kind = "roman"
                elif (
                    last_letter == _LETTER_BEFORE.get(value, "\0")
                    and not last_letter_colon
                ):
                    kind = "letter"
                else:
                    kind = "roman" if value in _LETTER_BEFORE else "letter"
            if kind == "number":
                depth = 1
            elif kind == "letter":
                depth = 2
                last_letter = value
                last_letter_colon = s.endswith(":")
            elif kind == "roman":
                depth = 3
            else:  # bullet
                depth = min(last_plain_depth + 1, 4)
            last_kind = kind
        if marker is None or last_kind != "bullet":
            last_plain_depth = depth
        while stack and stack[-1][0] >= depth:
            stack.pop()
        chapeau = None
        for d, idx, colon in reversed(stack):
            if colon:
                chapeau = idx
                break
        blocks.append(Block(start=start, end=stop, marker=marker, depth=depth, chapeau=chapeau))
        stack.append((depth, len(blocks) - 1, s.endswith(":")))
    return blocks


def _marker_kind(m: re.Match[str]) -> tuple[str, str]:
    if m.group("pnum") or m.group("num") or m.group("num2"):
        return "number", ""
    if m.group("sub"):
        return "roman", m.group("subrom")
    low = m.group("plow") or m.group("low")
    if low:
        if len(low) == 1:
            if low in _LETTER_BEFORE:
                return "ambiguous", low
            return "letter", low
        if _ROMAN_RE.fullmatch(low):
            return "roman", low
        return "letter", low  # "aa)" style
    if m.group("pup") or m.group("up"):
        return "letter", (m.group("pup") or m.group("up")).lower()
    return "bullet", ""


# --------------------------------------------------------------------------------------------
# The parser
# --------------------------------------------------------------------------------------------


def parse_document(text: str, path: str = "<string>") -> Document:
    """Parse a decoded treaty text into a :class:`Document`."""
    doc = Document(path=path, text=text)
    lines = _Lines(text)
    n = lines.n
    content = lines.content
    starts = lines.starts

    # ---- pass 1: headings and closing formulas, line by line -----------------------------
    headings: list[_Heading] = []
    closings: list[int] = []  # line indexes of closing formulas
    i = 0
    while i < n:
        s = content[i]
        if not s:
            i += 1
            continue
        if not s.isascii():
            disguised = folded_heading(s)  # "Аrticle 5" with a Cyrillic "А" is still a heading
            if disguised is not None:
                content[i] = s = disguised
        c = s[0]
        heading = None
        if c in "APCST":
            if c == "A" and s.startswith(("Art", "ART")):
                heading = _match_article(lines, i)
            if heading is None and c in "PCSTA":
                heading = _match_division(lines, i)
        elif c in "ID" and _CLOSING_RE.match(s):
            closings.append(i)
            i += 1
            continue
        if heading is None:
            i += 1
            continue
        if heading.caption is None and (heading.kind == "article" or heading.number is not None
                                        or heading.label in ("Annex", "ANNEX", "Appendix", "APPENDIX")):
            limit = 150 if heading.kind == "article" else 200
            j = _caption_line(lines, i, limit)
            if j != -1:
                heading.caption = content[j]
                heading.caption_line = j
        headings.append(heading)
        i = heading.caption_line + 1 if heading.caption_line != -1 else i + 1

    # ---- title ----------------------------------------------------------------------------
    first = 0
    while first < n and not content[first]:
        first += 1
    title_line = -1
    first_heading_line = headings[0].line if headings else n
    if first < n and first < first_heading_line:
        s = content[first]
        if (
            not _PREAMBLE_RE.match(s)
            and not _AGREED_RE.search(s)
            and not _CLOSING_RE.match(s)
            and not _MARKER_RE.match(s)
            and not _TITLE_REJECT_RE.match(s)
            and len(s) <= 600
            and not s.endswith((";", ":", ","))
        ):
            doc.title = s
            title_line = first

    # ---- preamble -------------------------------------------------------------------------
    pre_first = title_line + 1 if title_line != -1 else first
    pre_limit = first_heading_line
    if not headings and closings and closings[0] >= pre_first:
        pre_limit = closings[0]
    while pre_first < pre_limit and not content[pre_first]:
        pre_first += 1
    if pre_first < pre_limit:
        heading_line = -1
        if _PREAMBLE_RE.match(content[pre_first]):
            heading_line = pre_first
        last_line = -1
        for k in range(pre_limit - 1, pre_first - 1, -1):
            if content[k] and _AGREED_RE.search(content[k]):
                last_line = k
                break
        if last_line == -1:
            last_line = pre_limit - 1
            while last_line >= pre_first and not content[last_line]:
                last_line -= 1
        p_start = lines.cstart[pre_first]
        body_first = heading_line + 1 if heading_line != -1 else pre_first
        p_end = lines.ends[last_line] if last_line >= pre_first else p_start
        body_start = starts[body_first] if body_first < n else len(text)
        if heading_line == -1:
            body_start = p_start
        body_start = min(body_start, p_end)
        if text[body_start:p_end].strip():
            preamble = Provision(
                label="Preamble",
                number=None,
                caption=None,
                start=p_start,
                body_start=body_start,
                end=p_end,
                kind=ProvisionKind.PREAMBLE,
            )
            preamble.blocks = _build_blocks(lines, body_first, last_line, body_start, p_end)
            doc.preamble = preamble

    # ---- divisions and articles -----------------------------------------------------------
    length = len(text)
    # boundaries: every heading and closing formula ends the article before it
    boundaries = sorted([h.line for h in headings] + closings)
    bpos = 0
    open_divs: list[tuple[int, Division]] = []  # (rank, division)
    ranks: dict[DivisionKind, int] = {}
    ci = 0  # next closing formula to apply to divisions

    def close_divisions(keep, at: int) -> None:
        while open_divs and not keep(open_divs[-1]):
            open_divs.pop()[1].end = at

    for h in headings:
        h_start = starts[h.line]
        # closing formulas before this heading close the open non-annex divisions
        while ci < len(closings) and closings[ci] < h.line:
            at = starts[closings[ci]]
            ann = [d for d in open_divs if d[1].kind is DivisionKind.ANNEX]
            for _, d in open_divs:
                if d.kind is not DivisionKind.ANNEX:
                    d.end = at
            open_divs[:] = ann
            ci += 1
        # the article/division ends at the next boundary after this heading
        while bpos < len(boundaries) and boundaries[bpos] <= h.line:
            bpos += 1
        end = starts[boundaries[bpos]] if bpos < len(boundaries) else length
        head_last = h.caption_line if h.caption_line != -1 else h.line
        body_start = min(starts[head_last + 1] if head_last + 1 < n else length, end)
        if h.kind == "division":
            dkind = h.dkind
            assert dkind is not None
            rank = ranks.get(dkind)
            if rank is None:
                rank = _LEVELS[dkind]
                if dkind is not DivisionKind.ANNEX:
                    deeper = [r for r, d in open_divs if d.kind is not DivisionKind.ANNEX]
                    if deeper and max(deeper) >= rank and not any(
                        d.kind is dkind for _, d in open_divs
                    ):
                        rank = max(deeper) + 1
                ranks[dkind] = rank
            if dkind is DivisionKind.ANNEX:
                close_divisions(lambda item: False, h_start)
            else:
                close_divisions(
                    lambda item: item[1].kind is DivisionKind.ANNEX or item[0] < rank, h_start
                )
            div = Division(
                kind=dkind,
                label=h.label,
                number=h.number,
                heading=h.caption,
                start=h_start,
                end=length,
                level=_LEVELS[dkind],
            )
            doc.divisions.append(div)
            open_divs.append((rank, div))
        else:
            prov = Provision(
                label=h.label,
                number=h.number,
                caption=h.caption,
                start=h_start,
                body_start=body_start,
                end=end,
                divisions=[d for _, d in open_divs],
            )
            last_line = boundaries[bpos] - 1 if bpos < len(boundaries) else n - 1
            prov.blocks = _build_blocks(lines, head_last + 1, last_line, body_start, end)
            doc.provisions.append(prov)
    if not doc.provisions:
        _whole_text_provision(doc, lines, title_line)
    return doc


_OPERATIVE_RE = re.compile(r"\bshall\b|\bmay\b|[.;:]$")


def _whole_text_provision(doc: Document, lines: _Lines, title_line: int) -> None:
    """A draft with no article headings (a clause proposal, a pasted paragraph) is checked as
    one provision, so its offences and powers are not skipped; the run says so in a notice.

    A short first line stays the title unless it reads like operative text; a preamble closed
    by "have agreed as follows" stays the preamble; everything else is the provision.
    """
    content, n = lines.content, lines.n
    first = title_line + 1 if title_line != -1 else 0
    if title_line != -1 and _OPERATIVE_RE.search(content[title_line]):
        doc.title, first = None, title_line
    if doc.preamble is not None:
        closing = [k for k in range(n) if content[k] and _AGREED_RE.search(content[k])]
        if closing:
            first = max(first, closing[-1] + 1)
        else:
            doc.preamble = None
    while first < n and not content[first]:
        first += 1
    if first >= n:
        return
    start = lines.cstart[first]
    end = len(doc.text)
    provision = Provision(label="The text", number=None, caption=None, start=start, body_start=start, end=end)
    provision.blocks = _build_blocks(lines, first, n - 1, start, end)
    doc.provisions.append(provision)
    doc.notices.append("no article headings found; the whole text was checked as one provision")
