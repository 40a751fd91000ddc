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
from functools import lru_cache

# compiled case-insensitively, on ``re`` or bounded for rule packs other than the built-in one
from treatylint.rulepack.patterns import _compile

try:  # Python 3.11+
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _parse  # type: ignore[no-redef]

# Non-ASCII characters that ``re.IGNORECASE`` matches against an ASCII letter or digit
# (computed by ``exotic_characters()``; a test checks the two agree on this Python).
EXOTIC = frozenset("\u0130\u0131\u017f\u212a")
_EXOTIC_RE = re.compile("[" + "".join(sorted(EXOTIC)) + "]")

MIN_LITERAL = 3  # shorter required words filter too little to be worth a check


def exotic_characters() -> frozenset[str]:
    """Every non-ASCII character that ``re.IGNORECASE`` equates with an ASCII letter or digit."""
    probe = re.compile("[a-z0-9]", re.IGNORECASE)
    return frozenset(m.group(0) for m in probe.finditer("".join(map(chr, range(128, 0x110000)))))


Requirement = tuple[frozenset[str], ...]
MAX_SETS = 3  # checks per pattern: the most selective requirements


@lru_cache(maxsize=4096)
def required_literals(pattern: str) -> Requirement | None:
    """Sets of lower-case ASCII strings such that every match of ``pattern`` (case-insensitive)
    contains a string of each set, or ``None`` when nothing useful is known."""
    try:
        parsed = _parse.parse(pattern, re.IGNORECASE)
    except Exception:  # pragma: no cover - the rule schema already validated the regex
        return None
    sets = [s for s in _sequence(list(parsed)) if min(map(len, s)) >= MIN_LITERAL]
    if not sets:
        return None
    sets.sort(key=lambda s: (-min(map(len, s)), len(s), sorted(s)))
    return tuple(dict.fromkeys(sets))[:MAX_SETS]


def _best(sets: list[frozenset[str]]) -> frozenset[str] | None:
    return max(sets, key=lambda s: (min(map(len, s)), -len(s)), default=None)


def _sequence(items: list) -> list[frozenset[str]]:
    """Items that must all match in order: every requirement any one of them (or a run of
    adjacent literal characters) imposes."""
    found: list[frozenset[str]] = []
    run: list[str] = []
    for op, arg in items:
        if op is _sre.LITERAL and arg < 128:
            run.append(chr(arg).lower())
            continue
        if op in _ZERO_WIDTH:
            continue  # a lookaround or anchor consumes nothing: the literals around it are adjacent
        if run:
            found.append(frozenset(["".join(run)]))
            run = []
        found.extend(_item(op, arg))
    if run:
        found.append(frozenset(["".join(run)]))
    return found


_ZERO_WIDTH = (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT)


def _item(op, arg) -> list[frozenset[str]]:
    if op is _sre.SUBPATTERN:
        return _sequence(list(arg[-1]))
    if op is _sre.BRANCH:
        alternatives = [_best(_sequence(list(branch))) for branch in arg[1]]
        if any(a is None for a in alternatives):
            return []
        return [frozenset().union(*alternatives)]  # type: ignore[arg-type]
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
        low, _high, inner = arg
        return _sequence(list(inner)) if low >= 1 else []
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _sequence(list(arg))
    return []  # classes, categories, assertions, backreferences, non-ASCII literals


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

