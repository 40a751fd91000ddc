"""The text's lines with their offsets, and the two facts about a line every pass asks."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from operator import add, sub

TABLE_SEP = " | "
_ARRAYS_FROM = 100_000  # lines
_CHUNK = 1_000_000  # lines at a time through numpy
_SPACES_ONLY_RE = re.compile(r"\n[^\S\n]+(?=\n|\Z)")  # a blank line of spaces (after the first)


class Lines:
    """The text's lines; ``content`` is each line without surrounding blanks (furniture and
    other lines the parser sets aside are blanked in ``content``, never in ``text``)."""

    __slots__ = ("text", "starts", "ends", "content", "cstart", "n", "changed", "_width")

    def __init__(self, text: str) -> None:
        # built with C-level maps, not a Python loop per line: a file of a million one-character
        # lines is as easy to read as a treaty of the same size; with that many lines the offsets
        # go in arrays of machine integers (8 bytes a line, not 36 as in a list of ints)
        raw = text.split("\n")
        content = list(map(str.strip, raw))
        if len(raw) > _ARRAYS_FROM:
            starts, cstart, ends = _offsets_in_arrays(raw, content)
        else:
            lengths = list(map(len, raw))
            starts = list(accumulate(map((1).__add__, lengths[:-1]), initial=0))
            cstart = list(map(add, starts, map(sub, lengths, map(len, map(str.lstrip, raw)))))
            if not content[0]:  # a blank line's content starts where the line does
                cstart[0] = 0
            for m in _SPACES_ONLY_RE.finditer(text):
                i = bisect_right(starts, m.start())
                cstart[i] = starts[i]
            ends = list(map(add, cstart, map(len, content)))
        del raw
        self.text = text
        self.starts = starts
        self.ends = ends
        self.content = content
        self.cstart = cstart
        self.n = len(starts)
        self.changed: set[int] = set()  # lines whose ``content`` a pass blanked or rewrote
        self._width: int | None = -1

    @property
    def width(self) -> int | None:
        """The width the text was hard-wrapped at (None: it was not): nearly every line of a
        wrapped text is at most this long, and a line ends where the next word would not fit."""
        if self._width == -1:
            lengths = sorted(filter(None, map(len, self.content)))
            width = lengths[int(len(lengths) * 0.98)] if len(lengths) >= 20 else None
            if width is not None and (width > 110 or sum(n >= width - 20 for n in lengths) < 0.3 * len(lengths)):
                width = None  # lines of every length: paragraphs on one line each
            self._width = width
        return self._width

    def fills(self, i: int) -> bool:
        """Was line ``i`` ended by the wrap (the next line's first word would not fit on it)?"""
        width = self.width
        if width is None or i + 1 >= self.n or not self.content[i + 1]:
            return False
        following = self.content[i + 1].split(" ", 1)[0]  # a no-break space binds, as in a wrap
        return len(self.content[i]) + 1 + len(following) > width


def isolated(lines: Lines, i: int) -> bool:
    """Blank (or nothing) on both sides of line ``i``."""
    content = lines.content
    before = i == 0 or not content[i - 1]
    after = i + 1 >= lines.n or not content[i + 1]
    return before and after


def continues_sentence(lines: Lines, i: int) -> bool:
    """Is line ``i`` the continuation of a hard-wrapped sentence on the line before?"""
    if i == 0:
        return False
    prev = lines.content[i - 1]
    if not prev or TABLE_SEP in prev:
        return False
    last = prev[-1]
    if not (last.isalpha() and last.islower() or last in ",("):
        return False
    return len(prev) >= 60 or lines.fills(i - 1)


def _offsets_in_arrays(raw: list[str], content: list[str]) -> tuple[array, array, array]:
    """Line starts, content starts and content ends of very many lines, computed by numpy
    (imported only for such texts) a chunk of lines at a time, so that little more than the
    ``array('q')`` tables themselves is ever held (indexing them gives plain ints, as lists do)."""
    import numpy as np

    tables = (array("q"), array("q"), array("q"))
    offset = 0
    for lo in range(0, len(raw), _CHUNK):
        part = raw[lo : lo + _CHUNK]
        count = len(part)
        lengths = np.fromiter(map(len, part), dtype=np.int64, count=count)
        starts = np.empty(count, dtype=np.int64)
        starts[0] = 0
        lengths += 1
        np.cumsum(lengths[:-1], out=starts[1:])
        lengths -= 1
        starts += offset
        offset = int(starts[-1] + lengths[-1] + 1)
        lengths -= np.fromiter(map(len, map(str.lstrip, part)), dtype=np.int64, count=count)  # leading blanks
        ends = np.fromiter(map(len, content[lo : lo + _CHUNK]), dtype=np.int64, count=count)
        lengths[ends == 0] = 0  # a blank line's content starts where the line does
        lengths += starts  # now the content starts
        ends += lengths
        for table, values in zip(tables, (starts, lengths, ends)):
            table.frombytes(memoryview(values).cast("B"))
    return tables


def line_starts(text: str) -> Sequence[int]:
    """The offset where each line of ``text`` starts (as ``Lines.starts``, without the rest)."""
    raw = text.split("\n")
    if len(raw) <= _ARRAYS_FROM:
        return list(accumulate(map((1).__add__, map(len, raw[:-1])), initial=0))
    import numpy as np

    table, offset = array("q"), 0
    for lo in range(0, len(raw), _CHUNK):  # as in _offsets_in_arrays, starts only
        lengths = np.fromiter(map(len, raw[lo : lo + _CHUNK]), dtype=np.int64)
        starts = np.empty(len(lengths), dtype=np.int64)
        starts[0] = offset
        np.cumsum(lengths[:-1] + 1, out=starts[1:])
        starts[1:] += offset
        offset = int(starts[-1] + lengths[-1] + 1)
        table.frombytes(memoryview(starts).cast("B"))
    return table


_HEADS: dict[tuple[str, int], re.Pattern[str]] = {}


def lines_starting(lines: Lines, head: str, flags: int = 0, first: int = 0, last: int | None = None) -> Sequence[int]:
    """The lines ``first..last`` whose text, past leading blanks, may start with the regex
    ``head``: where lines are short (a file of one-character lines), one scan of the text
    instead of a Python step per line. A superset, in order (every line where lines are long;
    line ``first`` and the lines a pass rewrote are always in it), so the caller confirms each
    on ``content`` with its own test."""
    last = lines.n - 1 if last is None else last
    if last < first:
        return []
    starts = lines.starts
    if last - first < 400 or (starts[last] - starts[first]) > 16 * (last - first):
        return range(first, last + 1)  # lines of prose: testing each costs less than a scan
    compiled = _HEADS.get((head, flags))
    if compiled is None:
        compiled = _HEADS[(head, flags)] = re.compile(rf"\n[^\S\n]*(?:{head})", flags)
    lo = max(starts[first] - 1, 0)
    hi = starts[last + 1] - 1 if last + 1 < lines.n else len(lines.text)
    found = {first} | {i for i in lines.changed if first <= i <= last}
    found.update(bisect_right(starts, m.start()) for m in compiled.finditer(lines.text, lo, hi))
    return sorted(i for i in found if i <= last)


def lines_containing(lines: Lines, pattern: re.Pattern[str], first: int = 0, last: int | None = None) -> list[int]:
    """The lines ``first..last`` where ``pattern`` (which never spans a line end) matches in the
    text, plus the lines a pass rewrote: a superset, in order, for the caller to confirm."""
    last = lines.n - 1 if last is None else last
    if last < first:
        return []
    starts = lines.starts
    lo = starts[first]
    hi = starts[last + 1] - 1 if last + 1 < lines.n else len(lines.text)
    found = {i for i in lines.changed if first <= i <= last}
    found.update(bisect_right(starts, m.start()) - 1 for m in pattern.finditer(lines.text, lo, hi))
    return sorted(found)
