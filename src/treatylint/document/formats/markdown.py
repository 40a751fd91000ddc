"""Markdown: ``#`` headings become heading lines, emphasis and link syntax are dropped from the
text the rules read, and every kept character maps back to its line and column in the file.

Lines are kept as lines (a Markdown paragraph is hard-wrapped text, which the parser already
reads), so a finding's line is the Markdown line it sits on.

What the rendered Markdown does not show is not read as the draft: HTML comments (other than
treatylint's own inline-suppression markers) and inline HTML elements hidden with the ``hidden``
attribute or a hiding style go to ``SourceText.hidden``. Character references (``&shy;``,
``&#173;``) are resolved and intra-word ``*`` emphasis (``extre**mi**sm``) dropped, as a
renderer does, so a word split by markup is read whole.
"""

from __future__ import annotations

import bisect
import html
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
    | (?P<emph>(?<![\w\\])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w])|(?<=\w)\*{1,3}(?=\w))   # emphasis markers
    | (?P<entity>&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)  # character reference
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


_HIDDEN_OPEN = re.compile(
    r"<!--|<(?P<tag>[A-Za-z][A-Za-z0-9]*)\b(?P<attrs>[^<>]*?(?:\bhidden\b|display\s*:\s*none|visibility\s*:\s*hidden"
    r"|font-size\s*:\s*0(?![.\d]*[1-9])|opacity\s*:\s*0(?![.\d]*[1-9]))[^<>]*)>",
    re.IGNORECASE,
)
_DIRECTIVE = re.compile(r"<!--[ \t]*treatylint[ \t]*:[^\n]*?-->")

_DROP = ""  # a comment's delimiters: neither text nor hidden text
Hidden = dict[int, list[tuple[int, int, str]]]  # line index -> (start column, end column, why), 0-based


def _hidden_ranges(text: str) -> list[tuple[int, int, str]]:
    """Where the rendered Markdown shows nothing: comments (not treatylint's markers) and inline
    HTML elements that hide themselves, as offset ranges with why (one pass, linear)."""
    ranges: list[tuple[int, int, str]] = []
    pos = 0
    lowered: str | None = None
    while True:
        m = _HIDDEN_OPEN.search(text, pos)
        if m is None:
            break
        if m.group(0) == "<!--":
            directive = _DIRECTIVE.match(text, m.start())
            if directive is not None:
                pos = directive.end()
                continue
            end = text.find("-->", m.end())
            close = len(text) if end == -1 else end + 3
            end = len(text) if end == -1 else end
            ranges += [(m.start(), m.end(), _DROP), (m.end(), end, "an HTML comment"), (end, close, _DROP)]
        else:
            tag = m.group("tag")
            lowered = text.lower() if lowered is None else lowered
            close = lowered.find(f"</{tag.lower()}", m.end())
            if close == -1:  # unclosed: the element runs to the end of its paragraph
                close = text.find("\n\n", m.end())
                close = len(text) if close == -1 else close
            ranges.append((m.start(), close, f"an inline <{tag}> element that hides its text"))
        pos = max(ranges[-1][1], m.end())
    return ranges


def _by_line(text: str, ranges: list[tuple[int, int, str]]) -> Hidden:
    """Offset ranges as column ranges per line (a range may span lines)."""
    hidden: Hidden = {}
    if not ranges:
        return hidden
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for start, end, why in ranges:
        first = bisect.bisect_right(line_starts, start) - 1
        last = bisect.bisect_right(line_starts, max(start, end - 1)) - 1
        for index in range(first, last + 1):
            line_start = line_starts[index]
            hidden.setdefault(index, []).append((max(start, line_start) - line_start, end - line_start, why))
    return hidden


def _why(spans: list[tuple[int, int, str]] | None, column: int) -> str | None:
    if spans:
        for start, end, why in spans:
            if start <= column < end:
                return why
    return None


def _strip_inline(line: str, line_no: int, first_col: int, hidden: list[tuple[int, int, str]] | None = None) -> list[tuple]:
    """The characters of ``line[first_col:]`` that are text, each with its place in the file
    (and, inside a hidden range, why it is hidden)."""
    chars: list[tuple] = []
    pos = first_col

    def keep(i: int) -> None:
        if hidden:
            why = _why(hidden, i)
            if why != _DROP:
                chars.append((line[i], Loc(line_no, i + 1), False, why))
        else:
            chars.append((line[i], Loc(line_no, i + 1)))

    for m in _INLINE.finditer(line, first_col):
        for i in range(pos, m.start()):
            keep(i)
        pos = m.end()
        if m.group("entity") and _why(hidden, m.start()) != _DROP:
            why = _why(hidden, m.start())
            chars.extend((ch, Loc(line_no, m.start() + 1), False, why) for ch in html.unescape(m.group("entity")))
    for i in range(pos, len(line)):
        keep(i)
    return chars


# struck-through text: deleted wording, as a tracked change a reader sees struck out ("~~old~~",
# "<del>old</del>"); no "~" or "<" inside, so an unclosed opener costs one short scan, not a rescan
_STRUCK = re.compile(r"~~(?=[^\s~])[^\n~]*?(?<=[^\s~])~~|<(del|s|strike)\b[^<>\n]*>[^<]*</\1[ \t]*>", re.IGNORECASE)


def _struck_ranges(text: str) -> list[tuple[int, int, str]]:
    """The struck-through passages, dropped (neither text nor hidden text)."""
    return [(m.start(), m.end(), _DROP) for m in _STRUCK.finditer(text)]


def read_markdown(text: str, name: str, include_hidden: bool = False) -> SourceText:
    """Blocks of the Markdown (headings, paragraphs re-joined from their wrapped lines, list
    items, table rows), emphasis and link syntax dropped, each character mapped to its line;
    within the text-size and time bounds of :mod:`treatylint.document.limits`."""
    check_markup_text_size(text, name)
    with time_limit(name, "this Markdown file"):
        return _read_markdown(text, name, include_hidden)


def _read_markdown(text: str, name: str, include_hidden: bool = False) -> SourceText:
    out = TextBuilder(include_hidden)
    struck = _struck_ranges(text)
    hidden = _by_line(text, _hidden_ranges(text) + struck)
    lines = text.split("\n")
    in_fence = False
    block: list[tuple[str, Loc]] = []
    marker: list[tuple[str, Loc]] = []  # an HTML comment line waiting for the block below it

    def flush(level: int | None = None) -> None:
        nonlocal block, marker
        if block:
            if marker:
                block = marker + [("\n", marker[-1][1])] + block
                marker = []
            out.block(block, level)
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
        spans = hidden.get(index)
        if spans and all(_why(spans, i) is not None or ch.isspace() for i, ch in enumerate(line)):
            # a line of hidden text only (a comment): never joined to the paragraph around it
            flush()
            whys = [(ch, _why(spans, i)) for i, ch in enumerate(line)]
            out.block([(ch, Loc(line_no, i + 1), False, why or "an HTML comment") for i, (ch, why) in enumerate(whys) if why != _DROP])
            continue
        if not line.strip() or _SETEXT.match(line):
            flush()  # a blank line, a thematic break or a setext underline ends the block
            continue
        if _COMMENT.match(line):
            # an HTML comment on a line of its own (an inline suppression): kept as a line right
            # above the block it precedes, never joined to the text
            # never joined to the text; another comment on the same line stays hidden text
            flush()
            indent = len(line) - len(line.lstrip())
            marker = []
            for i, ch in enumerate(line[indent:], start=indent):
                why = _why(spans, i)
                if why is None:
                    marker.append((ch, Loc(line_no, i + 1)))
                elif why != _DROP:
                    marker.append((ch, Loc(line_no, i + 1), False, why))
            continue
        heading = _heading_title(line)
        if heading:
            flush()
            out.block(_strip_inline(line[: heading[1]], line_no, heading[0], spans), len(_HEADING_OPEN.match(line).group(1)))
            continue
        first = 0
        quote = _QUOTE.match(line)
        if quote:
            first = quote.end()
        chars = _strip_inline(line, line_no, first, spans)
        bullet = _BULLET.match(line[first:])
        if bullet:
            column = first + bullet.start(2) + 1
            chars = [("-" if item[1].column == column else item[0], *item[1:]) for item in chars]
        content = line[first:].lstrip()
        nxt = lines[index + 1] if index + 1 < len(lines) else ""
        setext_heading = bool(nxt.strip()) and _SETEXT.match(nxt) is not None and not block
        if bullet or _ITEM.match(content) or _TABLE.match(content) or setext_heading:
            flush()  # a list item, a table row or a heading starts a block of its own
        elif block:
            block.append((" ", block[-1][1]))
        block.extend(chars)
        if _TABLE.match(content) or setext_heading:
            flush((1 if nxt.strip().startswith("=") else 2) if setext_heading else None)
    flush()
    if marker:
        out.block(marker)
    n = len(struck)
    notices = [f"{name}: {n} struck-through passage{'s' if n != 1 else ''} (~~...~~, <del>) read as deleted text"] if n else []
    return SourceText(out.text(), "md", out.map, hidden=out.hidden, headings=out.headings, notices=notices)
