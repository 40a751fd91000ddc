"""What every format reader produces: the linear text the parser reads and a source map.

The linear text is what ``parse_document`` expects (plain lines, ``Article N`` headings on a line
of their own, blank lines between blocks). The :class:`SourceMap` takes any character offset of
that text back to where the character came from in the original file: a line and column for
text-like sources (Markdown, HTML, XML), a page and line for PDF, a paragraph number for Word,
an ``eId`` for Akoma Ntoso. Characters the reader made up (blank lines between blocks, a space
that re-joins two wrapped lines) map to the nearest real character before them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from collections.abc import Sequence
from typing import NamedTuple


class Loc(NamedTuple):
    """A place in the original file. ``line``/``column`` are 1-based; unused parts are None.

    PDF: ``page`` and ``line`` (the line on that page) and ``column`` (in that line).
    Word: ``paragraph`` (1-based, in document order) and ``column`` (in that paragraph's text).
    Akoma Ntoso: ``eid`` of the innermost element with one, plus ``line``/``column`` in the XML.
    """

    line: int | None = None
    column: int | None = None
    page: int | None = None
    paragraph: int | None = None
    eid: str | None = None

    def shifted(self, n: int) -> "Loc":
        return self if not n or self.column is None else self._replace(column=self.column + n)


class SourceMap:
    """Segments of the linear text, each a run of characters copied in order from one place."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._locs: list[Loc] = []

    def add(self, start: int, length: int, loc: Loc) -> None:
        if length <= 0:
            return
        if self._starts:
            last = self._locs[-1]
            if (  # the same place, one column on: extend the segment (field by field, since
                # this runs once per character and two _replace() calls would double a read)
                self._ends[-1] == start
                and last.column is not None
                and loc.column == last.column + (self._ends[-1] - self._starts[-1])
                and last.line == loc.line
                and last.page == loc.page
                and last.paragraph == loc.paragraph
                and last.eid == loc.eid
            ):
                self._ends[-1] = start + length
                return
        self._starts.append(start)
        self._ends.append(start + length)
        self._locs.append(loc)

    def locate(self, offset: int) -> Loc | None:
        """Where the character at ``offset`` came from (a made-up character: the one before it)."""
        if not self._starts:
            return None
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return self._locs[0]
        start, end, loc = self._starts[index], self._ends[index], self._locs[index]
        return loc.shifted(min(offset, end - 1) - start)

    def __len__(self) -> int:
        return len(self._starts)


@dataclass
class HiddenText:
    """Text in the file that a reader of the rendered draft does not see (a hidden Word run, PDF
    text in an invisible render mode, an HTML element with ``display:none``, a comment).

    It is left out of the linear text, so it never mitigates, cures or suppresses anything; it is
    reported where it sits. ``start == end`` is the point of the linear text where it was left
    out; with ``--include-hidden`` it is read like visible text and ``[start, end)`` is its range.
    """

    start: int
    end: int
    loc: Loc | None
    why: str  # what made it invisible, e.g. "a Word run marked hidden (w:vanish)"
    text: str


@dataclass
class SourceText:
    """A draft as read from one file, in one version (for Word: changes accepted or rejected)."""

    text: str
    format: str  # txt | md | html | docx | pdf | akn
    source_map: SourceMap | None = None  # None: the text is the file's own text (txt)
    notices: list[str] = field(default_factory=list)
    changes: list[tuple[int, int]] = field(default_factory=list)  # tracked insertions (accepted) / deletions (original)
    original: "SourceText | None" = None  # Word with tracked changes: the text with all changes rejected
    hidden: list[HiddenText] = field(default_factory=list)  # what the reader of the draft cannot see
    # where the format itself marks a heading (Markdown "#", HTML <h2>, a Word heading style):
    # offset of the heading's line in ``text`` -> its level (1 outermost)
    headings: dict[int, int] = field(default_factory=dict)

    def locate(self, offset: int) -> Loc | None:
        return self.source_map.locate(offset) if self.source_map is not None else None


_SPACE = re.compile(r"\s")


class TextBuilder:
    """Builds the linear text and its source map together, block by block."""

    def __init__(self, include_hidden: bool = False) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.map = SourceMap()
        self.marks: list[tuple[int, int]] = []  # ranges flagged by the reader (tracked changes)
        self.include_hidden = include_hidden  # read hidden text as text (--include-hidden)
        self.hidden: list[HiddenText] = []
        self.headings: dict[int, int] = {}  # SourceText.headings

    @property
    def length(self) -> int:
        return self._length

    def add(self, text: str, loc: Loc | None) -> None:
        """Append ``text``; its characters come from ``loc`` onwards (one line, one column each)."""
        if not text:
            return
        if loc is not None:
            self.map.add(self._length, len(text), loc)
        self._parts.append(text)
        self._length += len(text)

    def add_chars(self, chars: list[tuple[str, Loc | None]]) -> None:
        for ch, loc in chars:
            self.add(ch, loc)

    def block(self, chars: Sequence[tuple], level: int | None = None) -> None:
        """Append one block (a paragraph, a heading): whitespace collapsed, then a blank line.

        Each item is ``(char, loc)``, ``(char, loc, marked)`` or ``(char, loc, marked, hidden)``;
        marked characters (a tracked insertion or deletion) are recorded in ``marks``. ``hidden``
        is None or why the character is invisible: hidden characters are left out (recorded in
        ``hidden`` at the point they were left out), or with ``include_hidden`` kept and their
        ranges recorded. ``level``: the block is a heading of this level (SourceText.headings).
        """
        out: list[tuple[str, Loc | None, bool, str | None]] = []
        pending: tuple[str, Loc | None, bool, str | None] | None = None
        left_out: list[list] = []  # [index in out, loc, why, chars]
        for item in chars:
            ch, loc = item[0], item[1]
            marked = bool(item[2]) if len(item) > 2 else False
            why = item[3] if len(item) > 3 else None
            if why is not None and not self.include_hidden:
                if left_out and left_out[-1][0] == len(out) and left_out[-1][2] == why:
                    left_out[-1][3].append(ch)
                else:
                    left_out.append([len(out), loc, why, [ch]])
                continue
            if ch == "\n":
                if out:
                    pending = ("\n", loc, marked, why)
                continue
            # (a zero-width space is no space: "extre\u200bmist" shows "extremist", and the
            # normalised view joins it; read as a space it split the word for the rules)
            if _SPACE.match(ch) or ch == "\u00a0":
                if out and (pending is None or pending[0] != "\n"):
                    pending = (" ", loc, marked, why) if pending is None else pending
                continue
            if pending is not None:
                out.append(pending)
                pending = None
            out.append((ch, loc, marked, why))
        if out and self._length and not self.text_endswith("\n\n"):
            self.add("\n\n" if not self.text_endswith("\n") else "\n", None)
        start = self._length
        for index, loc, why, hidden_chars in left_out:
            text = "".join(hidden_chars)
            if text.strip():
                at = start + min(index, len(out))
                self.hidden.append(HiddenText(at, at, loc, why, " ".join(text.split())))
        if not out:
            return
        if level is not None:
            self.headings[start] = level
        mark_start = None
        hidden_run: list | None = None  # [start, loc, why, chars]
        for ch, loc, marked, why in out:
            if marked and mark_start is None:
                mark_start = self._length
            elif not marked and mark_start is not None:
                self.marks.append((mark_start, self._length))
                mark_start = None
            if hidden_run is not None and why != hidden_run[2]:
                self._keep_hidden(hidden_run)
                hidden_run = None
            if why is not None and hidden_run is None:
                hidden_run = [self._length, loc, why, []]
            if hidden_run is not None:
                hidden_run[3].append(ch)
            self.add(ch, loc)
        if mark_start is not None:
            self.marks.append((mark_start, self._length))
        if hidden_run is not None:
            self._keep_hidden(hidden_run)
        self.add("\n", None)

    def _keep_hidden(self, run: list) -> None:
        text = "".join(run[3])
        if text.strip():
            self.hidden.append(HiddenText(run[0], run[0] + len(text), run[1], run[2], " ".join(text.split())))

    def text_endswith(self, suffix: str) -> bool:
        tail = "".join(self._parts[-len(suffix):])
        return tail.endswith(suffix)

    def text(self) -> str:
        text = "".join(self._parts)
        return text if text.endswith("\n") else text + "\n"
