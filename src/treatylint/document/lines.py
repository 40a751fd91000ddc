"""The text's lines with their offsets, and the two facts about a line every pass asks."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from operator import add, methodcaller, sub

TABLE_SEP = " | "
_ARRAYS_FROM = 100_000  # lines
_CHUNK = 1 << 22  # characters at a time through numpy
_SPACES_ONLY_RE = re.compile(r"\n[^\S\n]+(?=\n|\Z)")  # a blank line of spaces (after the first)


_HAS_SPACE = methodcaller("__contains__", " ")

class Lines:
    """The text's lines; ``content`` is each line without surrounding blanks (furniture and
    other lines the parser sets aside are blanked in ``content``, never in ``text``)."""

    __slots__ = ("text", "starts", "ends", "content", "cstart", "n", "changed", "_width", "first", "shape", "side")

    def __init__(self, text: str) -> None:
        # built with C-level maps, not a Python loop per line: a file of a million one-character
        # lines is as easy to read as a treaty of the same size; with that many lines the tables
        # are computed by numpy from the text's characters (``_tables``)
        self.first = self.shape = None
        if text.count("\n") >= _ARRAYS_FROM:
            starts, cstart, ends, content, self.first, self.shape = _tables(text)
        else:
            raw = text.split("\n")
            content = list(map(str.strip, raw))
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
        self.side: dict[int, str] = {}  # captions read from a margin column, by line (margins.py)
        self._width: int | None = -1

    @property
    def width(self) -> int | None:
        """The width the text was hard-wrapped at (None: it was not): nearly every line of a
        wrapped text is at most this long, and a line ends where the next word would not fit."""
        if self._width == -1:
            # lines with a space: a dot leader, a rule or a URL is one unbreakable word that
            # no wrap could have broken, and says nothing of the width (C-level filter)
            lengths = sorted(map(len, filter(_HAS_SPACE, self.content)))
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


# ``Lines.shape`` bits (the array path only): what ``blocks.lines_to_visit`` asks of each line
BLANK, NOT_LETTER_FIRST, SHORT_MARK, STOP_LAST, LEAD_SPACE = 1, 2, 4, 8, 16
_SPACE = None  # str.isspace of the code points up to U+3000 (none above is a space), and False


def _codes(text: str, lo: int, hi: int):
    """The code points of ``text[lo:hi]`` as a numpy array (one byte each where they fit)."""
    import numpy as np

    part = text[lo:hi]
    try:
        return np.frombuffer(part.encode("latin-1"), dtype=np.uint8)
    except UnicodeEncodeError:
        return np.frombuffer(part.encode("utf-32-le"), dtype=np.uint32)


def _windows(text: str):
    """``(lo, hi)`` windows of about ``_CHUNK`` characters, each ending just past a line end
    (or at the text's end), so every line lies in one window."""
    n, lo = len(text), 0
    while True:
        hi = min(lo + _CHUNK, n)
        if hi < n:
            cut = text.find("\n", hi - 1)
            hi = n if cut < 0 else cut + 1
        yield lo, hi
        if hi >= n:
            return
        lo = hi


def _newlines(codes, last_window: bool):
    """Starts and ends (before the line end) of the lines of a window, relative to it."""
    import numpy as np

    breaks = np.flatnonzero(codes == 10)
    if not last_window:  # the window ends just past a line end: the next line is the next window's
        return np.concatenate(([0], breaks[:-1] + 1)), breaks
    return np.concatenate(([0], breaks + 1)), np.concatenate((breaks, [len(codes)]))


def _tables(text: str):
    """Line starts, content starts and ends, content, first characters and shape bits of very
    many lines, from the text's code points a window at a time (so that little more than the
    tables themselves is ever held). WHY: a file of 25 M one-character lines spent 4.5 s and
    hundreds of MB on per-line maps and a second list of the raw lines; the offsets are machine
    integers of 4 bytes where the text allows (indexing gives plain ints, as lists do)."""
    import numpy as np

    global _SPACE
    if _SPACE is None:
        _SPACE = np.array([chr(c).isspace() for c in range(0x3001)] + [False])
    code, dtype = ("i", np.int32) if len(text) < 2**31 else ("q", np.int64)
    count = text.count("\n") + 1
    starts, cstart, ends = (array(code, [0]) * count for _ in range(3))
    views = [np.frombuffer(table, dtype=dtype) for table in (starts, cstart, ends)]
    first = np.zeros(count, dtype=np.uint8 if text.isascii() else np.uint32)
    shape = np.zeros(count, dtype=np.uint8)
    content: list[str] = []
    shared: dict[str, str] = {}  # one string object per distinct short line
    n, i = len(text), 0
    for lo, hi in _windows(text):
        codes = _codes(text, lo, hi)
        width = len(codes)
        line_start, line_end = _newlines(codes, hi >= n)
        k = len(line_start)
        solid = ~_SPACE[codes if codes.dtype == np.uint8 else np.minimum(codes, 0x3001)]
        blank = line_start == line_end
        pieces = (text[lo : hi - 1] if hi < n else text[lo:hi]).split("\n")
        if width - np.count_nonzero(solid) == k - (hi >= n):  # no blanks but the line ends
            first_pos, end_pos = line_start, line_end
        else:
            before = np.zeros(width + 1, dtype=np.int64)  # solid characters before each position
            np.cumsum(solid, out=before[1:])
            at, past = before[line_start], before[line_end]
            blank = at == past
            where = np.flatnonzero(solid)
            if len(where):
                first_pos = np.where(blank, line_start, where[np.minimum(at, len(where) - 1)])
                end_pos = np.where(blank, line_start, where[np.maximum(past - 1, 0)] + 1)
            else:
                first_pos = end_pos = line_start
            pieces = list(map(str.strip, pieces))
        if width < 8 * k and k and int((line_end - line_start).max()) > 1:
            # short lines of two or more characters: a string object (~56 bytes) each unless
            # equal lines share one ("ab" 17 M times took 1.6 GB); one character is shared anyway
            pieces = list(map(shared.setdefault, pieces, pieces))
        content.extend(pieces)
        del pieces
        views[0][i : i + k] = line_start + lo
        views[1][i : i + k] = first_pos + lo
        views[2][i : i + k] = end_pos + lo
        if width:
            first_code = codes[np.minimum(first_pos, width - 1)]
            first_code[blank] = 0
            last_code = codes[np.maximum(end_pos - 1, 0)]
            first[i : i + k] = first_code
            upper = first_code | 32  # ASCII letters fold onto a-z
            letter = ~blank & (upper >= 97) & (upper <= 122)
            bits = shape[i : i + k]
            bits[blank] = BLANK
            bits[~blank & ~letter] |= NOT_LETTER_FIRST
            bits[~blank & ((last_code == 59) | (last_code == 58) | (last_code == 46))] |= STOP_LAST
            longer = np.flatnonzero(letter & (end_pos - first_pos > 1))
            if len(longer):  # a short run of letters, then "." or ")": "a)", "iv.", "Art."
                mark = np.zeros(len(longer), dtype=bool)
                for step in range(1, 8):
                    near = codes[np.minimum(first_pos[longer] + step, width - 1)]
                    mark |= (end_pos[longer] - first_pos[longer] > step) & ((near == 46) | (near == 41))
                bits[longer[mark]] |= SHORT_MARK
            lead = codes[np.minimum(line_start, width - 1)]
            bits[(line_end > line_start) & _SPACE[lead if lead.dtype == np.uint8 else np.minimum(lead, 0x3001)]] |= LEAD_SPACE
        else:
            shape[i : i + k] = BLANK
        i += k
    return starts, cstart, ends, content, first, shape


def line_starts(text: str) -> Sequence[int]:
    """The offset where each line of ``text`` starts (as ``Lines.starts``, without the rest)."""
    if text.count("\n") < _ARRAYS_FROM:
        return list(accumulate(map((1).__add__, map(len, text.split("\n")[:-1])), initial=0))
    import numpy as np

    table, n = array("i" if len(text) < 2**31 else "q"), len(text)
    for lo, hi in _windows(text):
        table.frombytes((_newlines(_codes(text, lo, hi), hi >= n)[0] + lo).astype(np.dtype(table.typecode)).tobytes())
    return table


def first_long_line(text: str, limit: int) -> tuple[int, int] | None:
    """The 1-based number and length of the first line longer than ``limit`` characters, or
    None; past 100,000 lines from the line-end positions, a window at a time (a list of 25 M
    line lengths cost a second and 200 MB to take the maximum of)."""
    if text.count("\n") < _ARRAYS_FROM:
        lengths = list(map(len, text.split("\n")))
        if max(lengths) <= limit:
            return None
        return next((k, n) for k, n in enumerate(lengths, 1) if n > limit)
    import numpy as np

    n, before = len(text), 0
    for lo, hi in _windows(text):
        line_start, line_end = _newlines(_codes(text, lo, hi), hi >= n)
        over = np.flatnonzero(line_end - line_start > limit)
        if len(over):
            k = int(over[0])
            return before + k + 1, int(line_end[k] - line_start[k])
        before += len(line_start)
    return None


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
    if lines.first is not None:
        tests = _first_char_tests(head, flags)
        if tests is not None:  # very many lines: which may start so, from their first characters
            return _lines_by_first_char(lines, tests, first, last)
    compiled = _HEADS.get((head, flags))
    if compiled is None:
        compiled = _HEADS[(head, flags)] = re.compile(rf"\n[^\S\n]*(?:{head})", flags)
    lo = max(starts[first] - 1, 0)
    hi = starts[last + 1] - 1 if last + 1 < lines.n else len(lines.text)
    found = {first} | {i for i in lines.changed if first <= i <= last}
    found.update(bisect_right(starts, m.start()) for m in compiled.finditer(lines.text, lo, hi))
    return sorted(i for i in found if i <= last)


_FIRSTS: dict[tuple[str, int], tuple[list[re.Pattern[str]], bool] | None] = {}
_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


def _first_char_tests(head: str, flags: int) -> tuple[list[re.Pattern[str]], bool] | None:
    """One-character patterns, one of which matches the first character of any match of the
    regex ``head``, and whether one may match a blank (then a line that starts with blanks may
    start so too); None: that cannot be told, or ``head`` may match a line end or nothing.
    Read from the regex's parse tree (the ``re`` module's own parser: on a Python where that
    is not as expected, None, and lines are found by scanning)."""
    key = (head, flags)
    if key not in _FIRSTS:
        try:
            found = _firsts_of(head, flags)
            tests = None
            if found is not None and not any(t.match("\n") for t in found):
                tests = found, any(t.match(c) for t in found for c in _SPACES)
        except Exception:  # an internal API of ``re``: never let it cost more than the scan
            tests = None
        _FIRSTS[key] = tests
    return _FIRSTS[key]


def _firsts_of(head: str, flags: int) -> list[re.Pattern[str]] | None:
    try:
        from re import _compiler as sre_compile
        from re import _constants as c
        from re import _parser as sre_parse
    except ImportError:  # Python 3.10
        import sre_compile  # type: ignore[no-redef]
        import sre_constants as c  # type: ignore[no-redef]
        import sre_parse  # type: ignore[no-redef]
    parsed = sre_parse.parse(head, flags)
    flags |= parsed.state.flags
    items: list[tuple[object, object, int]] = []

    def walk(seq, flags: int) -> bool:  # whether ``seq`` may match the empty string
        for op, av in seq:
            if op in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY):
                items.append((op, av, flags))
                return False
            if op is c.AT:
                continue
            if op is c.SUBPATTERN:
                _, add, remove, sub = av
                if not walk(sub, (flags | add) & ~remove):
                    return False
            elif op is c.BRANCH:
                if not any([walk(branch, flags) for branch in av[1]]):
                    return False
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
                low, _, sub = av
                if not walk(sub, flags) and low > 0:
                    return False
            else:
                raise ValueError(op)
        return True

    if walk(parsed, flags):
        return None  # it may match nothing: every line may "start" with it
    tests = []
    for op, av, item_flags in items:
        one = sre_parse.SubPattern(parsed.state, [(op, av)])
        tests.append(sre_compile.compile(one, item_flags))
    return tests


def _lines_by_first_char(lines: Lines, head: tuple[list[re.Pattern[str]], bool], first: int, last: int) -> list[int]:
    """``lines_starting`` where the head's first characters are known: a table of which code
    points may start it, looked up for every line's first character at once."""
    import numpy as np

    tests, may_blank = head
    codes = lines.first[first : last + 1]
    if codes.dtype == np.uint8:
        present = range(256)
    else:  # which code points occur (a scatter: counting them would cost more)
        seen = np.zeros(0x110000, dtype=bool)
        seen[codes] = True
        present = np.flatnonzero(seen).tolist()
    table = np.zeros(max(present, default=0) + 1, dtype=bool)
    for point in present:
        table[point] = any(t.match(chr(point)) for t in tests)
    shape = lines.shape[first : last + 1]
    wanted = table[codes] & (shape & BLANK == 0)
    if may_blank:
        wanted |= shape & LEAD_SPACE != 0
    found = np.flatnonzero(wanted) + first
    extra = {first} | {i for i in lines.changed if first <= i <= last}
    return sorted(extra.union(found.tolist()))


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
