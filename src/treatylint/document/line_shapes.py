"""What a line of a draft looks like: a sentence or a caption, wrapped on or standing alone,
page furniture or text.

These are the small judgements the heading finder (headings.py) weighs; they read one line or
two, never the document's numbering, which is headings.py's job.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from treatylint.document.blocks import MARKER_RE
from treatylint.document.grammar import load_grammar
from treatylint.document.lines import Lines, lines_starting

PREAMBLE_RE = re.compile(r"(?:PREAMBLE|Preamble|RECITALS|Recitals)[ \t]*[.:]?[ \t]*$")
# a preamble's own heading in a text with no opening or enacting formula (a chair's heads of
# terms' "BACKGROUND", a framework's "FOREWORD"); elsewhere such a word may caption an article
PREAMBLE_HEADING_RE = re.compile(r"(?:PREAMBLE|Preamble|RECITALS|Recitals|FOREWORD|Foreword|BACKGROUND|Background)[ \t]*[.:]?[ \t]*$")
CLOSING_RE = re.compile(
    r"(?:IN WITNESS WHEREOF|In witness whereof|In Witness Whereof|In Witness whereof"
    r"|DONE (?:at|in|on)\b|Done (?:at|in|on)\b)"
)
SENTENCE_WORDS_RE = re.compile(
    r"\b(?:shall|should|may|must|is|are|was|were|will|has|have|apply|applies|(?<!by )means|provides|"
    r"specifies|requires|does|do)\b"
)
END_SENTENCE = (".", ";", ":", ",", "!", "?")
TABLE_SEP = " | "
NUMBERED = re.compile(r"(?:\(\d{1,3}\)\.?|\d{1,3}\.\)?)(?:[ \t]|$)")  # "(1). Fuel ...", "(1).": a paragraph, not a caption
MARKERISH = re.compile(r"\(?(?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6})[.)]")  # a paragraph or item number


def looks_like_sentence(s: str) -> bool:
    return SENTENCE_WORDS_RE.search(s) is not None


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


def loose_ok(stripped: str, limit: int) -> bool:
    """A heading with extra words and no separator: short, no sentence, no final punctuation
    (a full stop after a caption of a few words is a caption's: "§ 1 Juridical personality.")."""
    if len(stripped) > limit or TABLE_SEP in stripped:
        return False
    short_caption = stripped.endswith(".") and len(stripped.split()) <= 10
    if stripped.endswith(END_SENTENCE) and not short_caption or stripped.endswith(("\u2014", "\u2013", "-")):
        return False
    return not looks_like_sentence(stripped)


def strip_brackets(s: str) -> str:
    if len(s) > 2 and s[0] in "([" and s[-1] in ")]":
        return s[1:-1].strip()
    return s


def blank_furniture(lines: Lines) -> list[int]:
    """Blank page numbers and the running headers/footers beside them; return their lines."""
    grammar = load_grammar()
    content, text = lines.content, lines.text
    starts = lines.starts
    page = grammar.is_page_number
    # a page number starts with anything but a letter, or with P ("Page 3"): other lines skipped in one scan
    pages = [
        i for i in lines_starting(lines, "[^\\sA-OQ-Za-oq-z]")
        if (c := content[i]) and len(c) <= 24 and (not c[0].isalpha() or c[0] in "Pp") and page(c)
    ]
    breaks: list[int] = []
    at = text.find("\f")
    while at != -1:
        breaks.append(bisect.bisect_right(starts, at) - 1)
        at = text.find("\f", at + 1)
    if not pages and not breaks:
        return []
    page_set = set(pages)
    near: list[int] = []
    for i in pages + breaks:
        for step in (-1, 1):
            j = i + step
            while 0 <= j < lines.n and not content[j]:
                j += step
            if 0 <= j < lines.n and j not in page_set:
                near.append(j)
    seen = Counter(content[j] for j in near)
    headers = [j for j in set(near) if seen[content[j]] >= 2 and len(content[j]) <= 100 and not grammar.read(content[j])]
    furniture = sorted(page_set | set(headers))
    for i in furniture:
        content[i] = ""
    lines.changed.update(furniture)
    return furniture


def wrap(lines: Lines, j: int) -> int:
    """Does line ``j`` go on on the next line? 0: no (a blank, a new sentence, a new item);
    1: by a short tail that ends without punctuation (a caption wrapped in two); -1: as
    running text (``j`` is the first line of a hard-wrapped paragraph, not a caption)."""
    content, n = lines.content, lines.n
    if j + 1 >= n or not content[j + 1] or content[j].endswith((".", ";", ":")):
        return 0
    tail = content[j + 1]
    if not tail[0].islower() and (not lines.fills(j) or load_grammar().read(tail) and not looks_like_sentence(tail)):
        return 0  # a new sentence, or the next heading
    after = content[j + 2] if j + 2 < n else ""
    ends = not after or after[0].isupper() or after[0] in "(\"\u201c[" or MARKER_RE.match(after) is not None
    if lines.fills(j + 1):
        return -1  # the tail is wrapped too: a paragraph
    if len(tail) <= 80 and not tail.endswith((".", ";", ":", ",")) and not looks_like_sentence(tail) and ends:
        return 1
    return -1


def caption_shaped(s: str) -> bool:
    """A caption by its shape: no sentence, and it ends on a word that can end a phrase (not a
    short lowercase word such as an article or a preposition, where a wrapped line breaks)."""
    last = s.rsplit(None, 1)[-1] if s.strip() else ""
    return caption_ok(s) and not s.endswith((".", ":")) and (len(last) > 3 or not last.islower())


def ends_paragraph(lines: Lines, i: int) -> bool:
    """Line ``i`` is followed by a blank line (or the end): nothing wraps on from it."""
    return i + 1 >= lines.n or not lines.content[i + 1]


def bracketed_caption_end(lines: Lines, j: int) -> int:
    """A caption in brackets that wraps (``(Article 1, sub-paragraph e, of the Convention and
    Article 4,`` / ``paragraph 1, of the Agreement)``): the line where its bracket closes, at
    the end of one of the next two lines, with nothing after it but a blank line; or -1."""
    content, n = lines.content, lines.n
    s = content[j]
    if not s or s[0] not in "([":
        return -1
    opening, close = s[0], ")" if s[0] == "(" else "]"
    depth = s.count(opening) - s.count(close)
    if depth <= 0:
        return -1  # closed on its own line ("(Caption)", "(k) and (l)" of a body)
    for k in (j + 1, j + 2):
        if k >= n or not content[k] or len(content[k]) > 150:
            return -1
        depth += content[k].count(opening) - content[k].count(close)
        if depth <= 0:
            return k if depth == 0 and content[k].endswith(close) and (k + 1 >= n or not content[k + 1]) else -1
    return -1


def caption_line(lines: Lines, i: int, limit: int, heading_like: set[int]) -> int:
    """Index of the caption line after heading line ``i`` (next non-blank line), or -1."""
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
    if bracketed_caption_end(lines, j) != -1:
        return j  # "(Article 1, sub-paragraph e, of the Convention and Article 4," / "paragraph 1)"
    if MARKER_RE.match(s) or CLOSING_RE.match(s) or PREAMBLE_RE.match(s) or NUMBERED.match(s) or MARKERISH.match(s):
        return -1
    if s.endswith((";", ",", ":", "\u2014", "\u2013", "-")):
        return -1
    words = len(s.split())
    if s.endswith(".") and (words > 8 or looks_like_sentence(s)):
        return -1
    if words > 25 or (words > 8 and looks_like_sentence(s)):
        return -1
    return j


def caption_above(lines: Lines, i: int, heading_like: set[int]) -> tuple[int, str] | None:
    """The caption right above heading ``i`` (a short line of its own, or two when the first
    is wrapped): its first line and its text."""
    content = lines.content
    j = i - 1
    if j < 0 or not content[j] or j in heading_like:
        return None
    first = j
    if j > 0 and content[j - 1]:
        if j - 1 in heading_like or (j > 1 and content[j - 2]) or wrap(lines, j - 1) != 1:
            return None
        first = j - 1
    text = " ".join(content[first : j + 1])
    # a caption of a few words may close with a full stop ("Juridical personality.")
    stopped = text.endswith(".") and len(text.split()) <= 8 and not looks_like_sentence(text)
    if len(text) > 160 or text.endswith(END_SENTENCE) and not stopped or not caption_ok(text) and looks_like_sentence(text):
        return None
    return first, text


def stopped_caption_tail(lines: Lines, i: int, caption: str) -> bool:
    """A caption on heading line ``i`` that fills the width and ends on the next line with a
    short tail and a full stop (``Article 12.- Bribery of foreign public officials and of
    international`` / ``organizations.``), as drafts that close captions with "." wrap them:
    the tail starts in lower case, and neither the caption nor the whole is a sentence (a body
    written on the heading line, ``Art. 5. Each Party shall ...``, is)."""
    content, n = lines.content, lines.n
    if i + 1 >= n or not lines.fills(i) or caption.endswith((".", ";", ":", ",")):
        return False
    tail = content[i + 1]
    if not tail or not tail[0].islower() or not tail.endswith(".") or len(tail.split()) > 6 or lines.fills(i + 1):
        return False
    after = content[i + 2] if i + 2 < n else ""
    ends = not after or after[0].isupper() or after[0] in "(\"\u201c[" or MARKER_RE.match(after) is not None
    whole = f"{caption} {tail}"
    return ends and caption_ok(whole.rstrip(".")) and not looks_like_sentence(whole)


def caption_in_three_lines(lines: Lines, j: int, first: str | None = None) -> bool:
    """A long caption on a line of its own, wrapped over three lines (``Application of some
    provisions of the Agreement to road transport`` / ``performed by vehicles registered in``
    / ``non-Contracting States``): the first two fill the width, the tails go on in lower
    case, the whole is no sentence and has no closing punctuation, and what follows starts
    a paragraph (or is blank). ``first``: the caption's part of line ``j`` when the line
    opens with its heading ("Article 3 - Application of ...")."""
    content, n = lines.content, lines.n
    if j + 2 >= n or not content[j + 1] or not content[j + 2]:
        return False
    if not (lines.fills(j) and lines.fills(j + 1)) or lines.fills(j + 2):
        return False
    if not (content[j + 1][0].islower() and content[j + 2][0].islower() or content[j + 2][0].isupper() and content[j + 1][0].islower()):
        return False
    if load_grammar().read(content[j + 1]) or load_grammar().read(content[j + 2]):
        return False  # the next heading ("Article 1"), not a tail
    whole = " ".join([content[j] if first is None else first, *content[j + 1 : j + 3]])
    after = content[j + 3] if j + 3 < n else ""
    ends = not after or after[0].isupper() or after[0] in "(\"\u201c[" or MARKER_RE.match(after) is not None
    return ends and len(whole) <= 220 and not whole.endswith(END_SENTENCE) and caption_ok(whole) and not looks_like_sentence(whole)

