"""Literal prefilters for case-insensitive regexes: skip a search that cannot match.

``re`` scans a case-insensitive pattern character by character, which is what dominates a run
(the classifier tries dozens of cue patterns on every article). Most cue patterns contain a
word every match must contain ("establish", "offen", "criminal"). ``required_literals`` reads
that off the parsed pattern, and ``Prefilter.may_match`` answers "is one of those words in the
case-folded text?" with ``str.__contains__``, which is orders of magnitude faster than the regex.

The prefilter is exact: it only ever says "cannot match" when the regex cannot match, so
findings are identical with and without it (``tests/test_performance_features.py``). Two rules
keep it exact: only ASCII literal characters are used, and text containing one of the few
non-ASCII characters that ``re.IGNORECASE`` treats as equal to an ASCII letter (``ſ``, the
Kelvin sign, dotted/dotless i, ...) always goes to the regex.
"""

from __future__ import annotations

import re

# compiled case-insensitively, on ``re`` or bounded for rule packs other than the built-in one
from treatylint.rulepack.patterns import _compile
from treatylint.rulepack.regex_analysis import Requirement, required_literals

__all__ = ["EXOTIC", "Prefilter", "Requirement", "exotic_characters", "required_literals"]

# Non-ASCII characters that ``re.IGNORECASE`` matches against an ASCII letter or digit
# (computed by ``exotic_characters()``; a test checks the two agree on this Python).
EXOTIC = frozenset("\u0130\u0131\u017f\u212a")
_EXOTIC_RE = re.compile("[" + "".join(sorted(EXOTIC)) + "]")

def exotic_characters() -> frozenset[str]:
    """Every non-ASCII character that ``re.IGNORECASE`` equates with an ASCII letter or digit."""
    probe = re.compile("[a-z0-9]", re.IGNORECASE)
    return frozenset(m.group(0) for m in probe.finditer("".join(map(chr, range(128, 0x110000)))))


class Prefilter:
    """A case-folded view of one text, to ask cheaply whether a pattern may match in it."""

    __slots__ = ("folded", "exotic", "length", "_aligned")

    def __init__(self, text: str) -> None:
        self.folded = text.lower()
        self.exotic = not text.isascii() and _EXOTIC_RE.search(text) is not None
        self.length = len(text)
        self._aligned: bool | None = None

    def may_match(self, required: Requirement | None) -> bool:
        if required is None or self.exotic:
            return True
        folded = self.folded
        for alternatives in required:  # plain loops: this runs ~10^6 times over a corpus
            for literal in alternatives:
                if literal in folded:
                    break
            else:
                return False
        return True

    def may_match_in(self, required: Requirement | None, start: int, end: int) -> bool:
        """``may_match`` for a match lying inside ``text[start:end]`` (the folded text must have
        the text's length, so that offsets agree; otherwise this answers True)."""
        if required is None or self.exotic or not self.aligned:
            return True
        find = self.folded.find
        for alternatives in required:
            for literal in alternatives:
                if find(literal, start, end) >= 0:
                    break
            else:
                return False
        return True

    @property
    def aligned(self) -> bool:
        aligned = self._aligned
        if aligned is None:
            aligned = self._aligned = len(self.folded) == self.length
        return aligned

    def search_any(self, text: str, sources: tuple[str, ...], memo: dict[str, bool]) -> bool:
        """Whether any of the regex ``sources`` (alternatives of one pattern, case-insensitive)
        matches ``text``; each source is searched at most once per ``memo``."""
        for source in sources:
            found = memo.get(source)
            if found is None:
                found = memo[source] = (
                    self.may_match(required_literals(source)) and _compile(source).search(text) is not None
                )
            if found:
                return True
        return False

