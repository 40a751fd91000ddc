"""The text's lines with their offsets, and the two facts about a line every pass asks."""

from __future__ import annotations

from itertools import accumulate

TABLE_SEP = " | "


class Lines:
    """The text's lines; ``content`` is each line without surrounding blanks (furniture and
    other lines the parser sets aside are blanked in ``content``, never in ``text``)."""

    __slots__ = ("text", "starts", "ends", "content", "cstart", "n", "_width")

    def __init__(self, text: str) -> None:
        raw = text.split("\n")
        starts = list(accumulate([len(line) + 1 for line in raw[:-1]], initial=0))
        content = [line.strip() for line in raw]
        cstart = [
            start + len(line) - len(line.lstrip()) if stripped else start
            for start, line, stripped in zip(starts, raw, content)
        ]
        ends = [cs + len(stripped) for cs, stripped in zip(cstart, content)]
        self.text = text
        self.starts = starts
        self.ends = ends
        self.content = content
        self.cstart = cstart
        self.n = len(starts)
        self._width: int | None = -1

    @property
    def width(self) -> int | None:
        """The width the text was hard-wrapped at (None: it was not): nearly every line of a
        wrapped text is at most this long, and a line ends where the next word would not fit."""
        if self._width == -1:
            lengths = sorted(len(c) for c in self.content if c)
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
