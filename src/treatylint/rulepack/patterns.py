"""Turn a rule's phrase lists and regexes into one compiled, case-insensitive regex.

Phrases are written the way an analyst reads them; the compiler adds the spelling variants that
treaty texts mix (criminalise/criminalize, offence/offense, co-operation/cooperation,
honour/honor, straight and curly quotes, any run of whitespace or a line break between words).

Rule packs other than the built-in one are untrusted: a regex in a pack downloaded from someone
else's repository may backtrack catastrophically (``(a|aa)+b``, ``\\w+\\w+\\w+x``). Their
patterns (``mark_untrusted``) run on the ``regex`` engine (the same syntax as ``re``, VERSION0)
under a time budget per draft (``BoundedRegex``): a pattern that exhausts it ends the run with
a one-line ``RuleError`` naming the rule, instead of a hang. ``probe`` runs each such regex
against a few adversarial strings built from its own words when the pack is loaded, so most
runaway patterns are refused before any draft is read. The built-in patterns are reviewed,
tested against adversarial text (``tests/test_hostile_rules.py``) and run on ``re``, unchanged.
"""

from __future__ import annotations

import re
import time
from functools import lru_cache

from treatylint.errors import RuleError
from treatylint.rulepack.regex_analysis import literal_units
from treatylint.rulepack.schema import Pattern

# Applied to an already re.escape()d, lower-cased phrase.
_VARIANTS: tuple[tuple[str, str], ...] = (
    (r"(?<=[a-z])i[sz](?=e|ed|es|ing|ation|ations)", "i[sz]"),
    (r"offen[cs]e", "offen[cs]e"),
    (r"defen[cs]e", "defen[cs]e"),
    (r"licen[cs]e", "licen[cs]e"),
    (r"(?<=[a-z])our(?=\b|s\b|ed\b|ing\b|able\b)", "ou?r"),
    (r"programme", "program(?:me)?"),
    (r"judge?ment", "judge?ment"),
    (r"anaemi", r"ana?emi"),
)
_QUOTE_CLASS = "[\"'\u2018\u2019\u201c\u201d]"


def phrase_to_regex(phrase: str) -> str:
    """One phrase as a regex source. ``*`` at the end of a word matches any word ending."""
    words = phrase.strip().lower().split()
    parts: list[str] = []
    for word in words:
        stem = word.endswith("*")
        word = re.sub(r"^(\W*)co-?op", r"\1coop", word)
        core = re.escape(word.rstrip("*"))
        core = core.replace("\\-", "[-\u2010\u2011]?\\s?")
        core = re.sub(r"\\?[\"'\u2018\u2019\u201c\u201d]", _QUOTE_CLASS.replace("\\", "\\\\"), core)
        for pattern, replacement in _VARIANTS:
            core = re.sub(pattern, replacement.replace("\\", "\\\\"), core)
        core = core.replace("coop", "co[-\u2010\u2011]?op")
        parts.append(core + (r"\w*" if stem else ""))
    body = r"\s+".join(parts)
    end = "" if words[-1].endswith("*") or not re.search(r"\w$", words[-1]) else r"(?!\w)"
    if not re.match(r"\w", words[0]):
        return body + end
    if body[0].isascii() and body[0].isalnum():
        # "e(?<!\w.)xtremis": the same match as "(?<!\w)extremis", but starting with a literal
        # lets re skip to the positions where that letter occurs (its first-character set);
        # a leading assertion makes it try every alternative at every position, ~4x slower
        return body[0] + r"(?<!\w.)" + body[1:] + end
    return r"(?<!\w)" + body + end


@lru_cache(maxsize=4096)
def _compile(source: str) -> re.Pattern[str] | BoundedRegex:
    return compile_source(source)


def compile_source(source: str) -> re.Pattern[str] | BoundedRegex:
    """``source`` compiled case-insensitively: with ``re`` (word runs bounded), or bounded in
    time when a rule pack other than the built-in one contributed it (``mark_untrusted``)."""
    origin = _UNTRUSTED.get(source)
    if origin is None:
        return re.compile(bound_word_runs(source), re.IGNORECASE)
    return BoundedRegex(source, *origin)


MAX_WORD_RUN = 40  # longer than any word ending a stem can need ("-isationally" is 12)
# in a regex source: an escaped backslash, a character class, an unbounded run of word
# characters (not already possessive), any other escape; only the third is rewritten
_SOURCE_TOKEN = re.compile(r"\\\\|\[\^?\]?(?:\\.|[^\]\\])*\]|\\w([*+])(?!\+)|\\.")


def bound_word_runs(source: str) -> str:
    """``\\w*`` and ``\\w+`` as ``\\w{0,40}`` and ``\\w{1,40}``: the same matches on any real
    word, but a stem such as ``harm\\w*`` inside a 100,000-letter "word" (a hostile draft:
    "harmharmharm...") no longer rescans the rest of it from every occurrence, which made
    the search quadratic (tens of seconds on 100 KB)."""
    if "\\w" not in source:
        return source

    def bounded(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group(0)
        low = 0 if match.group(1) == "*" else 1
        return f"\\w{{{low},{MAX_WORD_RUN}}}"

    return _SOURCE_TOKEN.sub(bounded, source)


def pattern_source(pattern: Pattern) -> str | None:
    """The source of ``compile_pattern(pattern)``: every phrase and regex as one alternation."""
    sources = [phrase_to_regex(p) for p in pattern.phrases] + [f"(?:{r})" for r in pattern.regex]
    return "|".join(sources) if sources else None


@lru_cache(maxsize=4096)
def lazy_source(source: str) -> "re.Pattern[str] | BoundedRegex | LazyRegex":
    """``compile_source(source)``, but a built-in pattern is compiled on first use
    (``prefilter.LazyRegex``: the engine mostly runs its case-sensitive twin instead)."""
    from treatylint.engine.prefilter import LazyRegex

    if source in _UNTRUSTED:
        return compile_source(source)
    return LazyRegex(bound_word_runs(source))


def lazy_pattern(pattern: Pattern) -> "re.Pattern[str] | BoundedRegex | LazyRegex | None":
    """``compile_pattern(pattern)``, compiled on first use (``lazy_source``)."""
    source = pattern_source(pattern)
    return None if source is None else lazy_source(source)


def compile_pattern(pattern: Pattern) -> re.Pattern[str] | BoundedRegex | None:
    """All phrases and regexes of a pattern as one alternation, or None if it has neither."""
    source = pattern_source(pattern)
    return None if source is None else _compile(source)


def pattern_branches(pattern: Pattern) -> tuple[str, ...]:
    """The top-level alternatives of ``compile_pattern(pattern)``, each a regex source of its
    own: the pattern matches somewhere iff one of them does, and each alternative has its own,
    more selective, literal prefilter (and rules sharing an alternative search it once)."""
    return _branches(tuple(pattern.phrases), tuple(pattern.regex))


@lru_cache(maxsize=1024)
def _branches(phrases: tuple[str, ...], regexes: tuple[str, ...]) -> tuple[str, ...]:
    sources = [phrase_to_regex(p) for p in phrases]
    for regex in regexes:
        sources.extend(f"(?:{part})" for part in split_alternatives(regex))
    return tuple(dict.fromkeys(sources))


_UNSPLITTABLE = re.compile(r"\(\?[aiLmsux-]+[:)]|\(\?P=|\(\?\(|\\[1-9]|\\g")


def split_alternatives(regex: str) -> list[str]:
    """``regex`` cut at its top-level ``|`` (outside groups and classes); ``[regex]`` whenever
    the cut could change what matches (inline flags, backreferences, conditionals)."""
    if "|" not in regex or _UNSPLITTABLE.search(regex):
        return [regex]
    parts: list[str] = []
    depth, start, index, in_class = 0, 0, 0, False
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            if regex[index + 1 : index + 2] == "^":
                index += 1
            if regex[index + 1 : index + 2] == "]":
                index += 1  # a leading ']' is a literal
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(regex[start:index])
            start = index + 1
        index += 1
    parts.append(regex[start:])
    try:
        for part in parts:
            re.compile(part)
    except re.error:
        return [regex]
    return parts


# -- rule packs from elsewhere: regexes under a time budget --------------------------------------

PATTERN_SECONDS = 0.1  # what one pack pattern may spend on one draft,
PATTERN_SECONDS_PER_MB = 1.0  # plus this per million characters of the draft
TOTAL_SECONDS = 2.0  # what all pack patterns together may spend on one draft,
TOTAL_SECONDS_PER_MB = 10.0  # plus this per million characters
PROBE_SECONDS = 0.1  # load-time probe: what one regex may spend on its adversarial strings
PROBE_CHARACTERS = 1000  # length of each adversarial string (a long paragraph)
CULPRIT_SECONDS = 0.2  # after a timeout: time to find which regex of the pattern it was
# Budgets count CPU time, as the ``regex`` engine's own timeout does: a legitimate pattern is
# not refused because the machine is busy (wall time is the same on an idle machine).
_clock = time.process_time

# compiled source -> (where it comes from, the pack's own regexes in it)
_UNTRUSTED: dict[str, tuple[str, tuple[str, ...]]] = {}


class RegexBudget:
    """What rule packs' patterns may spend on one draft, scaled by its length, and what they
    have spent. Made where a draft's check begins and handed to the classifier and the engine;
    their searches run inside ``with budget:`` (a ``BoundedRegex`` charges the budget in force).
    Built-in patterns run on ``re`` and are never charged."""

    __slots__ = ("name", "pattern", "total", "spent")

    def __init__(self, name: str = "a draft", length: int = 0) -> None:
        self.name = name if name.isprintable() else repr(name)[1:-1]  # one line in a message
        self.spent = 0.0
        self.pattern = PATTERN_SECONDS + PATTERN_SECONDS_PER_MB * length / 1e6
        self.total = TOTAL_SECONDS + TOTAL_SECONDS_PER_MB * length / 1e6

    def __enter__(self) -> "RegexBudget":
        _IN_FORCE.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        _IN_FORCE.pop()


_IN_FORCE: list[RegexBudget] = [RegexBudget()]  # the bottom one: searches outside any draft


def mark_untrusted(source: str, origin: str, regexes: tuple[str, ...] = ()) -> None:
    """Compile ``source`` (case-insensitive) as a ``BoundedRegex`` from now on. ``origin`` says
    where it comes from ("FILE: rule 'ID', field 'match'"), ``regexes`` the pack's own regexes
    in it (to name the one that ran away)."""
    if source not in _UNTRUSTED:
        _UNTRUSTED[source] = (origin, regexes)
        _compile.cache_clear()
        lazy_source.cache_clear()


def mark_pattern_untrusted(pattern: Pattern, origin: str, trusted: frozenset[str] = frozenset()) -> None:
    """Every source the engine compiles for ``pattern`` (the alternation and its branches),
    except those the built-in rules compile too (``trusted``)."""
    source = pattern_source(pattern)
    if source is None:
        return
    regexes = tuple(r for r in pattern.regex if f"(?:{r})" not in trusted)
    for each in (source, *pattern_branches(pattern)):
        if each not in trusted:
            mark_untrusted(each, origin, regexes)


def pattern_sources(pattern: Pattern) -> set[str]:
    """The sources the engine compiles for ``pattern``: the alternation and its branches."""
    source = pattern_source(pattern)
    return set() if source is None else {source, *pattern_branches(pattern)}


def _regex_module():
    import regex  # only rule packs other than the built-in one need it (import ~15 ms)

    return regex


class BoundedRegex:
    """A pack's pattern on the ``regex`` engine, with what the engine calls on a compiled
    pattern (``pattern``, ``search``, ``match``, ``finditer``). Each call gets what is left of
    the pattern's budget for the current draft and of all pack patterns' budget; running out
    raises a one-line ``RuleError`` naming the rule and the regex."""

    __slots__ = ("pattern", "flags", "_regex", "_origin", "_regexes", "_budget", "_spent")

    def __init__(self, source: str, origin: str, regexes: tuple[str, ...] = ()) -> None:
        regex = _regex_module()
        self.pattern = source
        self.flags = re.IGNORECASE
        self._regex = regex.compile(source, regex.IGNORECASE | regex.VERSION0)
        self._origin = origin
        self._regexes = regexes
        self._budget: RegexBudget | None = None  # the draft ``_spent`` counts for
        self._spent = 0.0

    def search(self, string: str, pos: int = 0, endpos: int | None = None):
        return self._run(self._regex.search, string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int | None = None):
        return self._run(self._regex.match, string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None) -> list:
        """Every match, as a list: the whole scan runs under the budget."""
        return self._run(self._all, string, pos, endpos)

    def _all(self, string: str, pos: int, endpos: int, timeout: float) -> list:
        return list(self._regex.finditer(string, pos, endpos, timeout=timeout))

    def _run(self, method, string: str, pos: int, endpos: int | None):
        draft = _IN_FORCE[-1]
        if self._budget is not draft:
            self._budget, self._spent = draft, 0.0
        endpos = len(string) if endpos is None else endpos
        left = min(draft.pattern - self._spent, draft.total - draft.spent)
        if left <= 0:
            raise self._too_slow(string, pos, endpos)
        started = _clock()
        timed_out = False
        try:
            return method(string, pos, endpos, timeout=left)
        except TimeoutError:
            timed_out = True
        finally:
            elapsed = _clock() - started
            self._spent += elapsed
            draft.spent += elapsed
        if timed_out:
            raise self._too_slow(string, pos, endpos)

    def _too_slow(self, string: str, pos: int, endpos: int) -> RuleError:
        draft = _IN_FORCE[-1]
        culprit = _culprit(self._regexes, string, pos, endpos)
        what = f"regex {culprit!r}" if culprit else f"pattern {_shorten(self.pattern)!r}"
        if self._spent >= draft.pattern or draft.spent < draft.total:
            limit = f"took longer than {draft.pattern * 1000:.0f} ms on {draft.name}"
        else:
            limit = f"ran out of the {draft.total:.1f} s all rule-pack patterns may take on {draft.name}"
        return RuleError(
            f"{self._origin}: {what} {limit}; it may backtrack catastrophically (a repeat inside a "
            "repeat, or repeats next to each other that can match the same characters, as in "
            "'(a|aa)+' or '\\w+\\w+'): bound the repeats, e.g. '\\w{1,30}' instead of '\\w+' (or, "
            "for a list of hundreds of words, shorten it)"
        )


def _culprit(regexes: tuple[str, ...], string: str, pos: int, endpos: int) -> str | None:
    """The regex among ``regexes`` that runs away on ``string[pos:endpos]`` (the first that
    times out), or the only one; None when it cannot be told (then the phrases are to blame)."""
    if len(regexes) == 1:
        return regexes[0]
    regex = _regex_module()
    each = CULPRIT_SECONDS / max(1, len(regexes))
    for candidate in regexes:
        try:
            regex.compile(f"(?:{candidate})", regex.IGNORECASE | regex.VERSION0).search(
                string, pos, endpos, timeout=each
            )
        except TimeoutError:
            return candidate
    return None


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


@lru_cache(maxsize=4096)
def probe(source: str) -> str | None:
    """Run a pack's regex against adversarial strings built from its own words; None if it
    finishes all of them within ``PROBE_SECONDS``, else a description of the string it ran
    away on. Catches exponential and high-polynomial backtracking before any draft is read;
    what only shows on longer text is left to the budget of ``BoundedRegex``."""
    regex = _regex_module()
    compiled = regex.compile(f"(?:{source})", regex.IGNORECASE | regex.VERSION0)
    spent = 0.0
    for label, text in _probe_strings(source):
        started = _clock()
        try:
            compiled.search(text, timeout=max(PROBE_SECONDS - spent, 0.001))
        except TimeoutError:
            return label
        spent += _clock() - started
        if spent > PROBE_SECONDS:
            return label
    return None


_REPRESENTATIVES = ("a", "1", " ", "a ", "-", ".", "\n")


def _probe_strings(source: str) -> list[tuple[str, str]]:
    """(label, text) pairs: each unit (a literal of the regex, one of its words followed by a
    space, a character one of its classes matches, or a common character) repeated to
    ``PROBE_CHARACTERS``, then a character that ends most matches, then every literal of the
    regex (so that a required-word shortcut of the engine cannot answer without trying)."""
    literals, characters = literal_units(source)
    tail = "!\n" + " ".join(literals)[:400]
    words = [w + " " for w in literals[:3] if w.strip()]
    units = dict.fromkeys([*literals[:6], *words, *characters[:4], *_REPRESENTATIVES])
    strings = []
    for unit in units:
        if not unit:
            continue
        body = (unit * (PROBE_CHARACTERS // len(unit) + 1))[:PROBE_CHARACTERS]
        strings.append((f"{unit!r} repeated {PROBE_CHARACTERS:,} characters", body + tail))
    return strings


def _literals(source: str) -> list[str]:
    """Runs of literal characters in the regex, lower-cased, longest first (at most 12)."""
    return literal_units(source)[0]
