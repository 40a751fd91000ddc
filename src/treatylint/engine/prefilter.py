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

from treatylint.errors import RuleError
from treatylint.rulepack.regex_analysis import Requirement, parse, required_literals, top_alternatives
from treatylint.rulepack.regex_analysis import _sre  # CPython's opcodes, as regex_analysis reads them

try:  # Python 3.11+
    from re import _compiler  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _compiler  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

try:  # a compiled multi-pattern matcher (Rust wheels); without it ``Literals`` looks each word up
    import ahocorasick_rs
except ImportError:  # pragma: no cover - installed with treatylint; kept working without it
    ahocorasick_rs = None

__all__ = ["EXOTIC", "PROBE_AFTER", "LazyRegex", "Literals", "Prefilter", "Requirement", "alternative_twin", "exotic_characters", "folded_twin",
           "has_literals", "met", "required_literals"]

# Non-ASCII characters that ``re.IGNORECASE`` matches against an ASCII letter or digit
# (computed by ``exotic_characters()``; a test checks the two agree on this Python).
EXOTIC = frozenset("\u0130\u0131\u017f\u212a")
_EXOTIC = tuple(sorted(EXOTIC))


def _has_exotic(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` holds an ``EXOTIC`` character: four substring searches, about
    ten times faster than a character-class regex over a long draft (which tests each position)."""
    end = len(text) if end is None else end
    return any(text.find(char, start, end) >= 0 for char in _EXOTIC)


def exotic_characters() -> frozenset[str]:
    """Every non-ASCII character that ``re.IGNORECASE`` equates with an ASCII letter or digit."""
    probe = re.compile("[a-z0-9]", re.IGNORECASE)
    return frozenset(m.group(0) for m in probe.finditer("".join(map(chr, range(128, 0x110000)))))


class Prefilter:
    """A case-folded view of one text, to ask cheaply whether a pattern may match in it."""

    __slots__ = ("folded", "exotic", "length", "_aligned", "_sliceable")

    def __init__(self, text: str) -> None:
        self.folded = text.lower()
        self.exotic = not text.isascii() and _has_exotic(text)
        self.length = len(text)
        self._aligned: bool | None = None
        self._sliceable: bool | None = None

    def part(self, text: str, start: int, end: int) -> "Prefilter":
        """The prefilter of ``text[start:end]`` (``text``: the text of this one), sliced from
        this one's folded text instead of lower-casing the part again (the same string unless
        a capital sigma lower-cases by its context: then the part is folded on its own)."""
        sliceable = self._sliceable
        if sliceable is None:
            sliceable = self._sliceable = self.aligned and "\u03a3" not in text
        if not sliceable:
            return Prefilter(text[start:end])
        part = Prefilter.__new__(Prefilter)
        part.folded = self.folded[start:end]
        part.exotic = self.exotic and _has_exotic(text, start, end)
        part.length = len(part.folded)
        part._aligned = part._sliceable = True
        return part

    def has(self, required: Requirement | None, memo: dict[str, bool]) -> bool:
        """``may_match``, with each literal looked up at most once per ``memo`` (one per text)."""
        return self.exotic or has_literals(self.folded, required, memo)

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

    def may_match_any_branch_in(self, source: str, start: int, end: int) -> bool:
        """Whether some top-level alternative of ``source`` may match inside ``text[start:end]``,
        each judged by its own required words (``branch_requirements``): a long alternation's
        words together ("information", "national", ...) are in most articles, the words of one
        of its alternatives much less often. True when the alternatives cannot be judged."""
        branches = branch_requirements(source)
        if branches is None:
            return True
        may_match_in = self.may_match_in
        return any(may_match_in(required, start, end) for required in branches)

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
    def twin_ready(self) -> bool:
        """Whether ``folded_twin`` patterns on ``folded`` find what the originals find in the text."""
        return not self.exotic and self.aligned

    @property
    def aligned(self) -> bool:
        aligned = self._aligned
        if aligned is None:
            aligned = self._aligned = len(self.folded) == self.length
        return aligned

    def search_any(self, text: str, sources: tuple[str, ...], memo: dict[str, bool],
                   present: set[str] | None = None) -> bool:
        """Whether any of the regex ``sources`` (alternatives of one pattern, case-insensitive)
        matches ``text`` (this prefilter's text); each source is searched at most once per
        ``memo``, as its case-sensitive twin on the folded text where that is exact.
        ``present``: the words of a ``Literals`` holding every source's required words that the
        folded text contains (``met`` then answers for ``may_match``, without a scan each)."""
        # case-insensitive, on ``re`` or bounded for rule packs other than the built-in one
        # (imported here: acts.py, which the rule schema imports, uses this module)
        from treatylint.rulepack.patterns import lazy_source

        twins = self.twin_ready and self.length == len(text)
        for source in sources:
            found = memo.get(source)
            if found is None:
                found = False
                required = required_literals(source)
                if self.may_match(required) if present is None else met(required, present):
                    regex = lazy_source(source)
                    twin = folded_twin(regex) if twins else None
                    found = (twin.search(self.folded) if twin is not None else regex.search(text)) is not None
                memo[source] = found
            if found:
                return True
        return False



@lru_cache(maxsize=4096)
def branch_requirements(source: str) -> tuple[Requirement, ...] | None:
    """The required words of each top-level alternative of ``source`` (``split_alternatives``:
    the pattern matches at a position iff one of them does), or None when it has one
    alternative or one without required words (nothing then rules the pattern out)."""
    from treatylint.rulepack.patterns import split_alternatives  # see search_any

    branches = split_alternatives(source)
    if len(branches) < 2:
        return None
    required = tuple(required_literals(branch) for branch in branches)
    return None if any(r is None for r in required) else required


# characters a pattern (a rule pattern, a kind cue) searches whole in a process before its ways
# are compiled and searched first (``alternative_twin``): compiling a way costs about what ten
# searches of an article save, so a pattern that only a few articles of one draft reach is
# searched whole; over a long draft or a folder of drafts the ways pay for themselves many times
PROBE_AFTER = 30_000


@lru_cache(maxsize=8192)
def alternative_twin(source: str, flags: int, index: int) -> re.Pattern[str] | None:
    """The ``folded_twin`` of the ``index``-th way through ``source``'s top-level alternation
    (``regex_analysis.top_alternatives``: the items around it and one alternative), or None.

    WHY: an alternation of many phrases, each led by a word, is tried at every position whose
    character starts one of them (most letters); one alternative alone is found by a fast scan
    for its word. A match of the pattern is a match of one of its ways, so where only a few
    alternatives have their words in a provision, searching those alone says whether the
    pattern can match there at all (most searches end so), at a fraction of the cost."""
    flags &= ~re.IGNORECASE
    try:
        ways = _ways(source, flags)
        if ways is None or not 0 <= index < len(ways):
            return None
        state, way = ways[index]
        if way is None:  # the items around the alternation are shared: this way from a fresh parse
            state, way = _fresh_way(source, flags, index)
        way = _parser.SubPattern(state, way)
        if not _fold(way):
            return None
        _boundary_after_prefix(way)
        return _compiler.compile(way, flags)
    except Exception:  # pragma: no cover - the source compiled already; search the whole pattern
        return None


# items whose arguments ``_fold`` and ``_boundary_after_prefix`` never change in place (they
# replace the item in its list): ways may share them
_FLAT = (_sre.LITERAL, _sre.NOT_LITERAL, _sre.AT, _sre.ANY, _sre.CATEGORY, _sre.IN)


@lru_cache(maxsize=1024)
def _ways(source: str, flags: int) -> list | None:
    """``source``'s ways parsed once, each as (state, items) to compile once (``alternative_twin``
    changes them in place), or (state, None) when they share an item that it would change."""
    parsed = parse(source, flags)
    ways = top_alternatives(list(parsed))
    if ways is None:
        return None
    branch = next(i for i, (op, _arg) in enumerate(parsed.data) if op is _sre.BRANCH)  # the first, as there
    shared = parsed.data[:branch] + parsed.data[branch + 1 :]
    own = all(op in _FLAT for op, _arg in shared)
    return [(parsed.state, list(way) if own else None) for way in ways]


def _fresh_way(source: str, flags: int, index: int) -> tuple:
    parsed = parse(source, flags)
    return parsed.state, top_alternatives(list(parsed))[index]


def has_literals(folded: str, required, memo: dict[str, bool]) -> bool:
    """Whether ``folded`` contains a literal of each set of ``required`` (None: nothing is
    required), each literal looked up at most once per ``memo`` (one memo per text: a literal's
    presence does not depend on the pattern asking). The kind cues (``classifier.py``) and the
    act grammar's forms (``acts.py``) ask this for dozens of patterns per article."""
    if required is None:
        return True
    for alternatives in required:
        for literal in alternatives:
            found = memo.get(literal)
            if found is None:
                found = memo[literal] = literal in folded
            if found:
                break
        else:
            return False
    return True


# a DFA: a few milliseconds more to build, up to twice as fast a pass over an article
_DFA = ({"implementation": ahocorasick_rs.Implementation.DFA}
        if ahocorasick_rs is not None and hasattr(ahocorasick_rs, "Implementation") else {})


class Literals:
    """A fixed set of literals (the required words of many patterns), all found in a text in one
    pass of an Aho-Corasick automaton (``ahocorasick_rs``) instead of one substring search each.

    WHY: the kind cues ask about 200 words of every article; each absent word cost a scan of
    the article, and most are absent. One pass over the article finds every word it holds, and
    each cue's requirement is then answered from that set (``met``): the same answers as
    ``has_literals``, since a literal is in the set exactly when the text contains it."""

    __slots__ = ("words", "_automaton", "_empty")

    def __init__(self, words) -> None:
        words = set(words)
        self._empty = "" in words  # every text contains the empty word (an automaton cannot hold it)
        self.words = sorted(words - {""})
        self._automaton = (ahocorasick_rs.AhoCorasick(self.words, store_patterns=True, **_DFA)
                           if ahocorasick_rs is not None and self.words else None)

    def any_in(self, text: str) -> bool:
        """Whether ``text`` contains one of the words (one pass, stopping at nothing)."""
        if self._empty:
            return True
        if self._automaton is None:
            return any(map(text.__contains__, self.words))
        return bool(self._automaton.find_matches_as_indexes(text))

    def found(self, folded: str, lead: int = -1) -> tuple[set[str], set[str]]:
        """The words ``folded`` contains, and those ``folded[:lead]`` contains (empty when
        ``lead`` < 0: not asked)."""
        automaton = self._automaton
        if automaton is None:
            present = {word for word in self.words if word in folded}
            head = folded[:lead]
            in_lead = {word for word in present if word in head} if lead >= 0 else set()
        else:  # the words as strings, into a set at C speed (a second pass over the lead is cheaper
            # than a Python loop over the body's matches)
            strings = automaton.find_matches_as_strings
            present = set(strings(folded, overlapping=True)) if folded else set()
            in_lead = set(strings(folded[:lead], overlapping=True)) if lead > 0 and present else set()
        if self._empty:
            present.add("")
            if lead >= 0:
                in_lead.add("")
        return present, in_lead


def met(required: Requirement | None, present: set[str]) -> bool:
    """``has_literals`` answered from the set of words a text holds (``Literals.found``)."""
    if required is None:
        return True
    for alternatives in required:
        if present.isdisjoint(alternatives):
            return False
    return True


# -- case-sensitive twins: a case-insensitive regex run on the case-folded text --------------------


class LazyRegex:
    """A built-in case-insensitive regex, compiled on first use (``search``, ``finditer``... are
    the compiled pattern's). WHY: the engine runs most patterns as their ``folded_twin``, built
    from the source alone, so the original is only needed on the few texts where the twin is not
    exact; compiling every original up front cost each process about a tenth of a second."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, source: str, flags: int = re.IGNORECASE) -> None:
        self.pattern = source
        self.flags = flags | re.UNICODE  # what re.compile reports for a str pattern
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            try:
                self._compiled = re.compile(self.pattern, self.flags)
            except re.error as exc:  # the built-in pack is not compiled at load (rulepack/schema.BUILTIN)
                shown = self.pattern if len(self.pattern) <= 120 else self.pattern[:117] + "..."
                raise RuleError(
                    f"a built-in rule or kind pattern is not a valid regex ({exc}): {shown!r}; "
                    "run tests/unit/test_rule_schema.py to find its file"
                ) from None
        return self._compiled

    def __getattr__(self, name: str):
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"LazyRegex({self.pattern!r})"


def folded_twin(pattern: re.Pattern[str] | LazyRegex) -> re.Pattern[str] | None:
    """``pattern`` (case-insensitive) compiled case-sensitively with its letters lower-cased,
    to run on the *folded* text (``Prefilter.folded``), or None when that could match
    differently.

    WHY: ``re`` cannot jump to a case-insensitive letter (it tests every position against a
    character set), but finds a case-sensitive literal with a fast substring search, so the
    twin on the folded text is several times faster and finds the same spans. It is exact when
    the folded text is aligned with the text and holds no ``EXOTIC`` character (the caller
    checks, ``Prefilter.twin_ready``) and the pattern's letters are ASCII (lower-cased here) or
    have no case at all; a backreference, an inline flag or a range of cased non-ASCII letters
    keeps the case-insensitive regex (``_fold``)."""
    if not isinstance(pattern, (re.Pattern, LazyRegex)) or not pattern.flags & re.IGNORECASE:
        return None  # a pack's BoundedRegex runs as it is, under its time budget
    return _twin(pattern.pattern, pattern.flags)


_TWINS: dict[tuple[str, int], re.Pattern[str] | None] = {}


def _twin(source: str, flags: int) -> re.Pattern[str] | None:
    key = (source, flags)
    try:
        return _TWINS[key]
    except KeyError:
        pass
    flags &= ~re.IGNORECASE
    twin = None
    try:
        parsed = parse(source, flags)
        if not parsed.state.flags & re.IGNORECASE and _fold(parsed):
            _boundary_after_prefix(parsed)
            twin = _compiler.compile(parsed, flags)
    except Exception:  # pragma: no cover - the source compiled already; keep the original
        twin = None
    _TWINS[key] = twin
    return twin


def _word_literals(items) -> int:
    """How many items from the start are LITERALs of word characters (``\\w``)."""
    count = 0
    for op, arg in items:
        if op is not _sre.LITERAL or not _IS_WORD(chr(arg)):
            break
        count += 1
    return count


def _IS_WORD(character: str) -> bool:
    return character.isalnum() or character == "_"


def _lookbehind(width: int) -> list:
    """``(?<!\\w.{width})`` parsed: not preceded by a word character, ``width`` characters back."""
    return list(parse(r"(?<!\w" + "." * width + ")").data)


def _guardable(items) -> bool:
    """Whether every way ``items`` can start is a literal word character (see ``_guard``)."""
    if _word_literals(items):
        return True
    if not items or items[0][0] is not _sre.BRANCH:
        return False
    return all(_guardable(branch.data) for branch in items[0][1][1])


def _guard(items) -> list:
    """``items`` (``_guardable``) with ``(?<!\\w.{n})`` after each leading word of n literals."""
    run = _word_literals(items)
    if run:
        return [*items[:run], *_lookbehind(run), *items[run:]]
    for branch in items[0][1][1]:
        branch.data = _guard(branch.data)
    return list(items)


def _unbounded(items) -> list | None:
    """``items`` without a leading ``\\b``, the check moved after the word it guards (None when
    they do not start so); an alternation whose alternatives each start so, likewise each (an
    alternative that is one alternation is merged into it: ``re`` then scans for the
    alternatives' first characters)."""
    if len(items) >= 2 and items[0] == (_sre.AT, _sre.AT_BOUNDARY) and _guardable(items[1:]):
        return _guard(items[1:])
    if not items or items[0][0] is not _sre.BRANCH:
        return None
    branches = []
    changed = False
    for branch in items[0][1][1]:
        inner = branch.data
        rewritten = _unbounded(inner)
        if rewritten is not None:
            inner, changed = rewritten, True
        if len(inner) == 1 and inner[0][0] is _sre.BRANCH:  # (?:(?:a|b)|c) is (?:a|b|c)
            branches.extend(inner[0][1][1])
            changed = True
        else:
            branch.data = inner
            branches.append(branch)
    if not changed:
        return None
    return [(_sre.BRANCH, (None, branches)), *items[1:]]


def _boundary_after_prefix(parsed) -> bool:
    """Move a leading ``\\b`` after the literal word it guards, in place: ``\\bshall`` becomes
    ``shall(?<!\\w.{5})``, and each alternative of ``\\b(?:transfer|share|...)`` likewise.

    WHY: ``re`` finds a pattern that starts with a literal (or an alternation of literals) by a
    fast scan for it, but tries a pattern that starts with an assertion at every position; most
    rule and cue patterns start with ``\\b``. The same matches: at a position where the word's
    first character (a word character) stands, ``\\b`` holds exactly when the character before
    is not a word character (or there is none), which is what the lookbehind asks once the
    word is read (``.`` never meets a newline there: the word's characters are word
    characters). Both look before ``pos`` at the string itself, as ``finditer(text, pos)`` does.
    Done where ``re`` gains by it: an alternation whose alternatives each start with ``\\b``
    (``re`` rejects an alternative led by a literal with one comparison), or one ``\\b`` before
    a word or an alternation of words (``re`` then scans for the word or the words' first
    letters). Not before an alternation of alternations: that one ``\\b`` was one cheap test
    a position, and trying every inner alternative there costs more. Returns whether it did."""
    data = parsed.data
    if data[:1] == [(_sre.AT, _sre.AT_BOUNDARY)]:
        rest = data[1:]
        words = _word_literals(rest) or (
            bool(rest) and rest[0][0] is _sre.BRANCH and all(_word_literals(branch.data) for branch in rest[0][1][1]))
        if not words:
            return False
    rewritten = _unbounded(data)
    if rewritten is None:
        return False
    parsed.data = rewritten
    return True


def _uncased(code: int) -> bool:
    character = chr(code)
    return character.lower() == character == character.upper()


def _folded_code(code: int) -> int | None:
    """The code a folded text holds where the text may hold ``code``: ASCII lower-cased, an
    uncased character itself, None for a cased non-ASCII character (not folded here)."""
    if code < 128:
        return code + 32 if 65 <= code <= 90 else code
    return code if _uncased(code) else None


_REPEATS = tuple(op for op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)) if op)
_ATOMIC = getattr(_sre, "ATOMIC_GROUP", None)
_MAX_RANGE = 256  # a longer non-ASCII range is not checked character by character


def _fold(sub) -> bool:
    """Lower-case the literals of a parsed pattern in place; False when case-sensitive matching
    of the result on folded text could differ from case-insensitive matching on the text."""
    data = sub.data if hasattr(sub, "data") else sub
    for index, (op, arg) in enumerate(data):
        if op is _sre.LITERAL or op is _sre.NOT_LITERAL:
            folded = _folded_code(arg)
            if folded is None:
                return False
            data[index] = (op, folded)
        elif op is _sre.IN:
            members = []
            for member_op, member in arg:
                if member_op is _sre.LITERAL:
                    folded = _folded_code(member)
                    if folded is None:
                        return False
                    members.append((member_op, folded))
                elif member_op is _sre.RANGE:
                    low, high = member
                    if high < 128:
                        if low <= 90 and high >= 65:  # upper-case letters: their lower-case forms
                            members.extend((_sre.LITERAL, code) for code in
                                           sorted({_folded_code(c) for c in range(low, high + 1)}))
                        else:
                            members.append((member_op, member))
                    elif low >= 128 and high - low <= _MAX_RANGE and all(map(_uncased, range(low, high + 1))):
                        members.append((member_op, member))
                    else:
                        return False
                elif member_op is _sre.CATEGORY or member_op is _sre.NEGATE:
                    members.append((member_op, member))
                else:
                    return False
            data[index] = (op, members)
        elif op is _sre.ANY or op is _sre.AT or op is _sre.CATEGORY:
            continue
        elif op is _sre.SUBPATTERN:
            _group, add_flags, del_flags, inner = arg
            if add_flags or del_flags or not _fold(inner):
                return False
        elif op is _sre.BRANCH:
            if not all(_fold(branch) for branch in arg[1]):
                return False
        elif op in _REPEATS:
            if not _fold(arg[2]):
                return False
        elif op is _sre.ASSERT or op is _sre.ASSERT_NOT:
            if not _fold(arg[1]):
                return False
        elif _ATOMIC is not None and op is _ATOMIC:
            if not _fold(arg):
                return False
        else:  # backreferences, conditionals, anything new: keep the case-insensitive regex
            return False
    return True
