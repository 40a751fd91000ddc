"""The text the rules match on: the draft with its disguises undone, and a map back.

A word can be hidden from every phrase list while a reader still sees it: a Cyrillic "е" in
"extrеmist", a soft hyphen or a zero-width character inside "extremism", a ligature in "oﬀence"
(honest PDFs produce these too), "crimi-" at the end of one line and "nal" on the next. The
normalised view undoes each of these, so the rules read what the reader reads:

* NFKC compatibility forms, character by character (ligatures, fullwidth letters, the no-break
  space); superscript and other "number" forms are kept, so a footnote mark never joins a word;
* format and zero-width characters removed where they split a word (U+200B-U+200F,
  U+2060-U+206F, U+FEFF, U+034F, U+00AD soft hyphen, variation selectors, tag characters, bidi
  controls); between words they hide nothing and stay, so excerpts and captions show them;
* line-end hyphenation joined ("crimi-\\nnal" reads "criminal\\n"; the line break moves to the
  end of the word, so the text keeps its line count and inline suppressions their lines);
* Cyrillic and Greek letters drawn like Latin ones folded inside words that are otherwise Latin
  (a word wholly in another script is left alone).

``NormalView.text`` is what the structure parser and the rules read; ``to_original`` and
``from_original`` convert offsets, so findings are reported where they are in the draft. The
view is built in one linear pass, and a draft with nothing to undo (most) costs two C-speed
scans and no copy.
"""

from __future__ import annotations

import bisect
import io
import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from treatylint.document.confusables import LOOK_ALIKES

# removed wherever they are: they change nothing a reader sees
_REMOVE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f\U000e0100-\U000e01ef"
)
_REMOVABLE = re.compile(f"[{_REMOVE}]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
# a letter, a hyphen (or soft hyphen) at the end of a line, and a lower-case word on the next
_HYPHEN_BREAK = re.compile(r"[-\u00ad][ \t]*\n")  # no look-behind: the scan skips ahead at C speed
# (the word on the next line runs on over what no reader sees: "as-" / "sista\u200cnce" is one
# word, and the join drops the invisible character, or the line break moved into the word)
_NEXT_WORD = re.compile(f"([ \\t]*)([a-z\\u00e0-\\u00ff]+(?:[{_REMOVE}]+[a-z\\u00e0-\\u00ff]+)*)")
_CYRILLIC_GREEK = re.compile(r"[\u0370-\u03ff\u0400-\u052f]")
_LETTERS = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z]")
_ORDINAL_MARKS = "\u00aa\u00ba"
_SCRIPT_LOOK_ALIKES = {code: char for code, char in LOOK_ALIKES.items() if 0x0370 <= code <= 0x052F}


@lru_cache(maxsize=4096)
def _compatible(char: str) -> str:
    """NFKC of one character, except number forms (superscripts, fractions, circled digits) and
    the ordinal indicators of "Article 1º" / "2ª" (a reader sees them, not an "o": a label
    keeps what the draft wrote)."""
    if unicodedata.category(char) == "No" or char in _ORDINAL_MARKS:
        return char
    return unicodedata.normalize("NFKC", char)


class _Edits:
    """The edits as four columns of machine integers (normalised start and end, original start
    and end), indexed as a list of 4-tuples: a draft with a line-end hyphen on every line has
    millions of edits, and as tuples of ints they cost ~180 bytes each (1.7 GB at 50 MB)."""

    __slots__ = ("columns",)

    def __init__(self) -> None:
        self.columns = (array("q"), array("q"), array("q"), array("q"))

    def append(self, n_start: int, n_end: int, o_start: int, o_end: int) -> None:
        for column, value in zip(self.columns, (n_start, n_end, o_start, o_end)):
            column.append(value)

    def __len__(self) -> int:
        return len(self.columns[0])

    def __getitem__(self, index: int) -> tuple[int, int, int, int]:
        n_start, n_end, o_start, o_end = self.columns
        return n_start[index], n_end[index], o_start[index], o_end[index]


@dataclass
class NormalView:
    """The normalised text and the edits that made it, in order: (original start, original
    end, replacement). Offsets between edits differ by a constant."""

    original: str
    text: str
    _norm_starts: Sequence[int] = field(default_factory=list)
    _edits: Sequence[tuple[int, int, int, int]] = field(default_factory=list)  # (norm start, norm end, orig start, orig end)

    @property
    def changed(self) -> bool:
        return bool(self._edits)

    def to_original(self, offset: int, end: bool = False) -> int:
        """The original offset of a normalised one (``end``: of an exclusive end offset)."""
        if not self._edits:
            return offset
        index = bisect.bisect_right(self._norm_starts, offset - (1 if end else 0)) - 1
        if index < 0:
            return offset
        n_start, n_end, o_start, o_end = self._edits[index]
        if offset < n_end or (end and offset == n_end):
            if end:
                return o_end if offset > n_start else o_start
            return o_start
        return o_end + (offset - n_end)

    def from_original(self, offset: int) -> int:
        """The normalised offset of an original one (inside an edit: the edit's start)."""
        if not self._edits:
            return offset
        if hasattr(self, "_orig_starts"):
            starts = self._orig_starts
        elif isinstance(self._edits, _Edits):
            starts = self._edits.columns[2]
        else:
            starts = [e[2] for e in self._edits]
        self._orig_starts = starts
        index = bisect.bisect_right(starts, offset) - 1
        if index < 0:
            return offset
        n_start, n_end, o_start, o_end = self._edits[index]
        if offset < o_end:
            return n_start
        return n_end + (offset - o_end)


def normalise(text: str) -> NormalView:
    """The view of ``text`` the rules match on (see the module's docstring)."""
    edits: dict[int, tuple[int, str]] = {}  # original start -> (original end, replacement)
    if "\n" in text:
        for m in _HYPHEN_BREAK.finditer(text):
            start = m.start()
            if start == 0 or not (text[start - 1].isalpha()):
                continue
            word = _NEXT_WORD.match(text, m.end())
            if word is not None:
                edits[start] = (word.end(), _REMOVABLE.sub("", word.group(2)) + "\n" + word.group(1))
    # the distinct characters decide which passes are needed (a set is built at C speed; most
    # treaties, curly quotes and dashes aside, need none)
    odd = set() if text.isascii() else set(_ASCII_RUNS.sub("", text))  # not set(text): hashing every character, 5x slower
    needs_pass = any(_REMOVABLE.match(char) or _compatible(char) != char for char in odd)
    if needs_pass:
        covered = _Covered(edits)
        for m in _NON_ASCII.finditer(text):
            start = m.start()
            if covered.inside(start):
                continue
            char = text[start]
            if _REMOVABLE.match(char):
                if _inside_word(text, start):  # a word split by what no reader sees
                    edits[start] = (start + 1, "")
                continue
            compatible = _compatible(char)
            if compatible != char:
                edits[start] = (start + 1, compatible)
    if any("\u0370" <= char <= "\u052f" for char in odd):
        for start, end in _mixed_words(text):
            for i in range(start, end):
                folded = _SCRIPT_LOOK_ALIKES.get(ord(text[i]))
                if folded is not None and i not in edits:
                    edits[i] = (i + 1, folded)
    if not edits:
        return NormalView(text, text)
    # written piece by piece into one buffer, the edits into integer columns: no list of
    # millions of slices and tuples is ever held (see _Edits)
    out = io.StringIO(newline="")  # (no line-end translation)
    spans = _Edits()
    position = 0
    length = 0
    last_end = 0
    for start in sorted(edits):
        end, replacement = edits[start]
        if start < last_end:
            continue  # inside an earlier edit (a hyphenation join)
        out.write(text[position:start])
        length += start - position
        out.write(replacement)
        spans.append(length, length + len(replacement), start, end)
        length += len(replacement)
        position = last_end = end
    del edits
    out.write(text[position:])
    return NormalView(text, out.getvalue(), spans.columns[0], spans)


def _inside_word(text: str, offset: int) -> bool:
    """Whether the run of removable characters around ``offset`` sits between two word
    characters. Elsewhere (a bidi control before a word, a zero-width space between words) the
    character hides no word from the rules, and it stays, so excerpts and captions show it."""
    start = offset
    while start > 0 and _REMOVABLE.match(text[start - 1]):
        start -= 1
    end = offset + 1
    while end < len(text) and _REMOVABLE.match(text[end]):
        end += 1
    return start > 0 and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()


class _Covered:
    """Whether an offset falls inside one of the hyphenation joins (few: a sorted scan)."""

    def __init__(self, edits: dict[int, tuple[int, str]]) -> None:
        self.starts = sorted(edits)
        self.ends = [edits[s][0] for s in self.starts]

    def inside(self, offset: int) -> bool:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.ends[index]


def _mixed_words(text: str):
    """(start, end) of each word that mixes Latin letters with Cyrillic or Greek ones (found from
    each Cyrillic/Greek letter outwards, so the scan stays linear in the text)."""
    last_end = -1
    for m in _CYRILLIC_GREEK.finditer(text):
        if m.start() < last_end:
            continue
        word = _word_at(text, m.start())
        last_end = word[1]
        if _LATIN.search(text, word[0], word[1]):
            yield word


def _word_at(text: str, offset: int) -> tuple[int, int]:
    start = offset
    while start > 0 and (text[start - 1].isalpha() or _REMOVABLE.match(text[start - 1])):
        start -= 1
    end = offset + 1
    while end < len(text) and (text[end].isalpha() or _REMOVABLE.match(text[end])):
        end += 1
    return start, end


def mixed_script_words(text: str):
    """(start, end, word) of each word in ``text`` that mixes scripts (Latin with Cyrillic or
    Greek), for the text-integrity check."""
    if text.isascii() or not _CYRILLIC_GREEK.search(text):
        return
    for start, end in _mixed_words(text):
        yield start, end, text[start:end]


def restore(document, findings: list, view: NormalView) -> None:
    """Put the document and its findings back into the draft's own offsets, lines and columns
    once the rules (and triage, which works by line) are done with the normalised view."""
    if not view.changed:
        document.view = None
        return
    seen: set[int] = set()

    def move(item, *names: str) -> None:
        if id(item) in seen:
            return
        seen.add(id(item))
        for name in names:
            setattr(item, name, view.to_original(getattr(item, name), end=name == "end"))

    for provision in document.all_provisions():
        move(provision, "start", "body_start", "end")
        for block in provision.blocks:
            move(block, "start", "end")
        for division in provision.divisions:
            move(division, "start", "end")
    for division in document.divisions:
        move(division, "start", "end")
    for name in ("furniture", "doubtful_headings", "footnotes", "margins"):  # the structure stage's spans
        spans = getattr(document, name)
        setattr(document, name, [(view.to_original(a), view.to_original(b, end=True)) for a, b in spans])
    document.text = view.original
    document.__post_init__()  # line starts of the original text
    document.view = None
    for finding in findings:
        start = view.to_original(finding.start)
        end = max(start + 1, view.to_original(finding.end, end=True)) if finding.end > finding.start else start
        finding.start, finding.end = start, end
        finding.line, finding.column = document.line_col(start)
        end_line, end_column = document.line_col(max(start, end - 1))
        finding.end_line, finding.end_column = end_line, end_column + 1
