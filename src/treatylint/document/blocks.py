"""Blocks: the paragraphs and list items inside a provision, with their depth and chapeau.

A block is one line, or several hard-wrapped lines, of a provision's body. Its marker (``1.``,
``(1)``, ``1.1``, ``5.2(b)``, ``a)``, ``(i)``, a bullet) gives its depth; the nearest shallower
block ending with ``:`` is its chapeau, so a rule reads an item with the words that govern it.
"""

from __future__ import annotations

import bisect
import re

from treatylint.document.lines import BLANK, NOT_LETTER_FIRST, SHORT_MARK, STOP_LAST, TABLE_SEP, Lines
from treatylint.document.model import Block

__all__ = ["MARKER_RE", "build_blocks"]

MARKER_RE = re.compile(
    r"""
    (?:
        \((?P<pnum>\d{1,3})\)
      | \((?P<plow>(?P<pl1>[a-z])(?P=pl1)?|[ivxlc]{2,7})\)
      | \((?P<pup>[A-Z])\)
      | (?P<sub>[a-z])\.(?P<subrom>[ivx]+)\.?
      | (?P<num3>\d{1,3}(?:\.\d{1,3})+\([a-z]{1,4}\))
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

_LETTER_BEFORE = {"i": "h", "v": "u", "x": "w"}


# Where a block may start, found by whole-text scans (a superset, confirmed line by line): after
# a blank line, at a line that may open with a marker (any first character but a letter, or a
# short run of letters then "." or ")"), after a line ending ";", ":" or ".", at and after a
# table row. Every other line continues the block above, so a run of them is one step.
_BLANK_AFTER_RE = re.compile(r"\n[^\S\n]*(?=\n|\Z)")
_MAY_MARK_RE = re.compile(r"\n[^\S\n]*(?=[^\sA-Za-z]|[A-Za-z]{1,7}[.)]|[a-z]\.)")
_STOPS_RE = re.compile(r"[;:.][^\S\n]*(?=\n|\Z)")
_TABLE_RE = re.compile(re.escape(TABLE_SEP))


def lines_to_visit(lines: Lines, first: int, last: int, body_start: int, end: int) -> list[int]:
    """The lines of ``first..last`` where ``build_blocks`` may do more than extend the block
    above: a few per paragraph, not one per line (a file of a million one-character lines is
    one block). Clipped lines at either end and lines whose ``content`` differs from the text
    (blanked furniture, folded headings) are always visited."""
    if last < first:
        return []
    starts, text, n = lines.starts, lines.text, lines.n
    lo = max(starts[first] - 1, 0)
    hi = starts[last + 1] - 1 if last + 1 < n else len(text)
    visit = {first}
    clipped_to = bisect.bisect_left(lines.cstart, body_start, first, last + 1)
    visit.update(range(first, clipped_to + 1))
    clipped_from = bisect.bisect_right(lines.ends, end, first, last + 1)
    visit.update(range(clipped_from, last + 1))
    find = bisect.bisect_right
    if lines.shape is not None:  # very many lines: the same lines from their shape bits at once
        visit.update(_visits_by_shape(lines, first, last))
    else:
        for m in _BLANK_AFTER_RE.finditer(text, lo, hi):
            j = find(starts, m.start())
            visit.update((j, j + 1))
        visit.update(find(starts, m.start()) for m in _MAY_MARK_RE.finditer(text, lo, hi))
        visit.update(find(starts, m.start()) for m in _STOPS_RE.finditer(text, lo, hi))
    for m in _TABLE_RE.finditer(text, lo, hi):
        j = find(starts, m.start())
        visit.update((j - 1, j))
    for i in lines.changed:
        visit.update((i, i + 1))
    return sorted(i for i in visit if first <= i <= last)


def _visits_by_shape(lines: Lines, first: int, last: int) -> list[int]:
    """The lines the three line-start and line-end scans above name (a blank line and the one
    after it, a line that may open with a marker, the line after a ';:.'-ended one), read from
    ``Lines.shape`` (computed with the line table) instead of a regex stopping at every line end."""
    import numpy as np

    shape = lines.shape[first : last + 1]
    blank = np.flatnonzero(shape & BLANK)
    marks = np.flatnonzero(shape & (NOT_LETTER_FIRST | SHORT_MARK))
    after_stop = np.flatnonzero(shape & STOP_LAST) + 1
    return (np.concatenate((blank, blank + 1, marks, after_stop)) + first).tolist()


# Below this many lines, reading every line costs less than the scans that find where to look.
_SCAN_FROM = 400


def build_blocks(
    lines: Lines, first: int, last: int, body_start: int, end: int, every_line: bool | None = None
) -> list[Block]:
    """Blocks of the lines ``first..last`` (inclusive) clipped to ``[body_start, end)``.

    In a long stretch only the lines ``lines_to_visit`` names are read one by one; the lines
    between two of them continue the block above and are taken in one step. ``every_line``
    True reads each line (the reference the tests compare with), False always scans."""
    if every_line is None:
        every_line = last - first < _SCAN_FROM
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
    visit = range(first, last + 1) if every_line else lines_to_visit(lines, first, last, body_start, end)
    after = first  # the first line not yet read
    for i in visit:
        if i > after:  # lines after..i-1 each continue the block above: the last one decides
            prev_nonblank = _continue(blocks, stack, content, ends, i - 1)
        after = i + 1
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
        table = TABLE_SEP in s
        # a body that starts on its heading line ("12.—(1) A person ...") has its marker there
        m = MARKER_RE.match(s, start - cstart[i]) if start > cstart[i] else MARKER_RE.match(s)
        # a line without a marker continues the block above (a hard-wrapped paragraph), unless
        # the line above closed a sentence or list item (";", ":" or ".") short of the width
        # the text is wrapped at
        if (
            m is None
            and prev_nonblank
            and blocks
            and not table
            and not prev_table
            and (not content[i - 1].rstrip().endswith((";", ":", ".")) or lines.fills(i - 1))
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
    if after <= last:
        _continue(blocks, stack, content, ends, last)
    return blocks


def _continue(blocks: list[Block], stack: list[tuple[int, int, bool]], content: list[str], ends: list[int], k: int) -> bool:
    """A run of wrapped lines ending at line ``k`` extends the last block (as each would)."""
    blocks[-1].end = ends[k]
    if stack and stack[-1][1] == len(blocks) - 1:
        d, idx, _ = stack[-1]
        stack[-1] = (d, idx, content[k].endswith(":"))
    return True


def _marker_kind(m: re.Match[str]) -> tuple[str, str]:
    if m.group("num3"):  # "5.2(b)": item (b) of paragraph 5.2
        return "letter", m.group("num3").rsplit("(", 1)[1].rstrip(")")
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
