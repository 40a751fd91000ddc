"""Markdown: ``#`` headings become heading lines, emphasis and link syntax are dropped from the
text the rules read, and every kept character maps back to its line and column in the file.

Lines are kept as lines (a Markdown paragraph is hard-wrapped text, which the parser already
reads), so a finding's line is the Markdown line it sits on.
"""

from __future__ import annotations

import re

from treatylint.document.formats.base import Loc, SourceText, TextBuilder
from treatylint.document.formats.guard import check_markup_text_size, time_limit

# The opening of an ATX heading; where its title ends is found by _heading_title (a single
# regex with a lazy title and an optional closing "###" backtracks quadratically on a long line
# of spaces).
_HEADING_OPEN = re.compile(r" {0,3}(#{1,6})[ \t]+")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_BULLET = re.compile(r"^([ \t]*)([*+])(?=[ \t])")
_ITEM = re.compile(r"^(?:[-–—•]|\(?(?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6}|[A-Z])[.)]|\((?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6}|[A-Z])\))(?=[ \t])")
_TABLE = re.compile(r"^\|")
_COMMENT = re.compile(r"^[ \t]*<!--.*-->[ \t]*$")
# Syntax to drop (group 0), keeping the text inside: images/links keep their label.
_INLINE = re.compile(
    r"""
      (?P<img>!\[)                       # image start: drop "![" ...
    | (?P<link>\[)(?=[^\[\]\n]*\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\))  # link label start
    | (?P<target>\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\))  # "](url)" after a label
    | (?P<tag></?[A-Za-z][^<>\n]*>)      # inline HTML tag
    | (?P<escape>\\)(?=[\\`*_{}\[\]()#+\-.!|>~])  # backslash escape: drop the backslash
    | (?P<code>`+)                       # code span ticks
    | (?P<emph>(?<![\w\\])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w]))   # emphasis markers
    """,
    re.VERBOSE,
)
# Every repetition above stops at the character that would let a failed match be retried from
# the next position ("[" in a label, "(" in a target), so a line of 100,000 "[" or "](" costs
# linear time, not quadratic: a hostile Markdown file cannot make the reader hang. (A label
# holding "[" is no longer a label, as in CommonMark; a target may hold one pair of
# parentheses, so "(https://en.wikipedia.org/wiki/Treaty_(law))" is dropped whole.)


def _heading_title(line: str) -> tuple[int, int] | None:
    """Start and end of an ATX heading's title (``## Article 5 ##`` -> ``Article 5``), or None.

    The title ends before trailing spaces and before a closing run of ``#`` that follows a
    space or tab; the run is part of the title otherwise (``# C#``)."""
    opening = _HEADING_OPEN.match(line)
    if opening is None:
        return None
    start = opening.end()
    end = max(start, len(line.rstrip(" \t")))
    body = line[start:end]
    unclosed = body.rstrip("#")
    if unclosed and len(unclosed) < len(body) and unclosed[-1] in " \t":
        return start, start + len(unclosed.rstrip(" \t"))
    return start, end  # no closing run (a title of only "#"s is kept as it is)


def _strip_inline(line: str, line_no: int, first_col: int) -> list[tuple[str, Loc]]:
    """The characters of ``line[first_col:]`` that are text, each with its place in the file."""
    chars: list[tuple[str, Loc]] = []
    pos = first_col
    for m in _INLINE.finditer(line, first_col):
        for i in range(pos, m.start()):
            chars.append((line[i], Loc(line_no, i + 1)))
        pos = m.end()
        if m.group("escape"):
            pos = m.end()  # the escaped character itself is kept by the next round
    for i in range(pos, len(line)):
        chars.append((line[i], Loc(line_no, i + 1)))
    return chars


def read_markdown(text: str, name: str) -> SourceText:
    """Blocks of the Markdown (headings, paragraphs re-joined from their wrapped lines, list
    items, table rows), emphasis and link syntax dropped, each character mapped to its line;
    within the text-size and time bounds of :mod:`treatylint.document.limits`."""
    check_markup_text_size(text, name)
    with time_limit(name, "this Markdown file"):
        return _read_markdown(text)


def _read_markdown(text: str) -> SourceText:
    out = TextBuilder()
    lines = text.split("\n")
    in_fence = False
    block: list[tuple[str, Loc]] = []
    marker: list[tuple[str, Loc]] = []  # an HTML comment line waiting for the block below it

    def flush() -> None:
        nonlocal block, marker
        if block:
            if marker:
                block = marker + [("\n", marker[-1][1])] + block
                marker = []
            out.block(block)
            block = []

    for index, line in enumerate(lines):
        line_no = index + 1
        if _FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            flush()
            out.block([(ch, Loc(line_no, i + 1)) for i, ch in enumerate(line)])
            continue
        if not line.strip() or _SETEXT.match(line):
            flush()  # a blank line, a thematic break or a setext underline ends the block
            continue
        if _COMMENT.match(line):
            # an HTML comment on a line of its own (an inline suppression): kept as a line right
            # above the block it precedes, never joined to the text
            flush()
            marker = [(ch, Loc(line_no, i + 1)) for i, ch in enumerate(line) if not ch.isspace() or marker]
            continue
        heading = _heading_title(line)
        if heading:
            flush()
            out.block(_strip_inline(line[: heading[1]], line_no, heading[0]))
            continue
        first = 0
        quote = _QUOTE.match(line)
        if quote:
            first = quote.end()
        chars = _strip_inline(line, line_no, first)
        bullet = _BULLET.match(line[first:])
        if bullet:
            column = first + bullet.start(2) + 1
            chars = [("-" if loc.column == column else ch, loc) for ch, loc in chars]
        content = line[first:].lstrip()
        nxt = lines[index + 1] if index + 1 < len(lines) else ""
        setext_heading = bool(nxt.strip()) and _SETEXT.match(nxt) is not None and not block
        if bullet or _ITEM.match(content) or _TABLE.match(content) or setext_heading:
            flush()  # a list item, a table row or a heading starts a block of its own
        elif block:
            block.append((" ", block[-1][1]))
        block.extend(chars)
        if _TABLE.match(content) or setext_heading:
            flush()
    flush()
    if marker:
        out.block(marker)
    return SourceText(out.text(), "md", out.map)
