"""What a regex says about itself, read off Python's parse tree: one module for every walk.

* ``expanded_size``: how large its counted repeats make it (the rule schema refuses huge ones);
* ``required_literals``: words every match must contain (the engine's and the classifier's
  exact prefilter, ``engine/prefilter.py``);
* ``literal_units``: its literal runs and a character each class matches (the load-time probe
  builds adversarial strings from them, ``patterns.probe``).

The parser is CPython's own (``re._parser``), so the tree is exactly what ``re`` will run.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # Python 3.11+
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _parse  # type: ignore[no-redef]

_REPEATS = tuple(op for op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)) if op)

MIN_LITERAL = 3  # shorter required words filter too little to be worth a check


def parse(pattern: str, flags: int = 0):
    """The parse tree of ``pattern`` (raises ``re.error`` like ``re.compile``)."""
    return _parse.parse(pattern, flags)


# -- size once counted repeats are written out ---------------------------------------------------


def expanded_size(items: list, limit: int) -> int:
    """Items of a parsed regex with every repeat's minimum count written out (the ``regex``
    engine expands ``(?:a{1000}){1000}`` into a million-character string when it compiles); the
    count stops once past ``limit``."""
    total = 0
    for op, arg in items:
        if op in _REPEATS:
            total += max(arg[0], 1) * expanded_size(list(arg[2]), limit)
        elif op is _sre.SUBPATTERN:
            total += expanded_size(list(arg[-1]), limit)
        elif op is _sre.BRANCH:
            total += sum(expanded_size(list(branch), limit) for branch in arg[1])
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            total += expanded_size(list(arg[1]), limit)
        elif op is getattr(_sre, "ATOMIC_GROUP", None):
            total += expanded_size(list(arg), limit)
        else:
            total += 1
        if total > limit:
            break
    return total


# -- words every match contains ---------------------------------------------------------------


Requirement = tuple[frozenset[str], ...]
MAX_SETS = 3  # checks per pattern: the most selective requirements


@lru_cache(maxsize=4096)
def required_literals(pattern: str) -> Requirement | None:
    """Sets of lower-case ASCII strings such that every match of ``pattern`` (case-insensitive)
    contains a string of each set, or ``None`` when nothing useful is known."""
    try:
        parsed = parse(pattern, re.IGNORECASE)
    except Exception:  # pragma: no cover - the rule schema already validated the regex
        return None
    return _requirement(list(parsed))


def _requirement(items: list) -> Requirement | None:
    """``required_literals`` of parsed items."""
    sets = [s for s in _sequence(items) if min(map(len, s)) >= MIN_LITERAL]
    if not sets:
        return None
    sets.sort(key=lambda s: (-min(map(len, s)), len(s), sorted(s)))
    return tuple(dict.fromkeys(sets))[:MAX_SETS]


@lru_cache(maxsize=4096)
def alternative_literals(pattern: str) -> tuple[Requirement | None, tuple[Requirement, ...] | None]:
    """``required_literals(pattern)``, and those of each way a match can go through its first
    top-level alternation (``a(?:b|c)d``: ``abd`` or ``acd``; see ``top_alternatives``), or None
    for the latter when it has none or a way has no required words.
    One parse for both (the engine asks this of every rule pattern before the first draft)."""
    try:
        parsed = parse(pattern, re.IGNORECASE)
    except Exception:  # pragma: no cover - the rule schema already validated the regex
        return None, None
    items = list(parsed)
    required = _requirement(items)
    ways = top_alternatives(items)
    if ways is None:
        return required, None
    each = tuple(_requirement(way) for way in ways)
    return required, (None if any(r is None for r in each) else each)  # type: ignore[return-value]


def top_alternatives(items: list) -> list[list] | None:
    """The items of each way through the first top-level alternation of parsed ``items`` (the
    items before it, one alternative, the items after it: a match of the pattern is a match of
    one of these), or None when there is no top-level alternation, or when an atomic group or
    a possessive repeat could make a way match where the pattern does not."""
    k = next((i for i, (op, _arg) in enumerate(items) if op is _sre.BRANCH), None)
    if k is None or _commits(items):
        return None
    before, after = items[:k], items[k + 1 :]
    return [before + list(branch) + after for branch in items[k][1][1]]


_COMMITTING = tuple(op for op in (getattr(_sre, "ATOMIC_GROUP", None), getattr(_sre, "POSSESSIVE_REPEAT", None)) if op)


def _commits(items) -> bool:
    """Whether parsed ``items`` hold an atomic group or a possessive repeat anywhere."""
    for op, arg in items:
        if op in _COMMITTING:
            return True
        if op is _sre.SUBPATTERN and _commits(arg[-1]):
            return True
        if op is _sre.BRANCH and any(_commits(branch) for branch in arg[1]):
            return True
        if op in _REPEATS and _commits(arg[2]):
            return True
        if (op is _sre.ASSERT or op is _sre.ASSERT_NOT) and _commits(arg[1]):
            return True
    return False


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
    if op in _REPEATS:
        low, _high, inner = arg
        return _sequence(list(inner)) if low >= 1 else []
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _sequence(list(arg))
    return []  # classes, categories, assertions, backreferences, non-ASCII literals


# -- literal runs and class characters (probe strings) -------------------------------------------


_CATEGORY_CHARACTER = {
    "CATEGORY_DIGIT": "1", "CATEGORY_NOT_DIGIT": "a", "CATEGORY_SPACE": " ", "CATEGORY_NOT_SPACE": "a",
    "CATEGORY_WORD": "a", "CATEGORY_NOT_WORD": " ",
}


def literal_units(source: str) -> tuple[list[str], list[str]]:
    """The regex's runs of literal characters (lower-cased, longest first, at most 12) and a
    character that each of its classes matches (``[xyz]`` gives x, ``\\d`` gives 1; at most 8)."""
    try:
        parsed = parse(source, re.IGNORECASE)
    except Exception:  # pragma: no cover - validated before
        return [], []
    runs: list[str] = []
    characters: list[str] = []

    def sequence(items) -> None:
        run: list[str] = []
        for op, arg in items:
            if op is _sre.LITERAL:
                run.append(chr(arg).lower())
                continue
            if run:
                runs.append("".join(run))
                run = []
            if op is _sre.SUBPATTERN:
                sequence(arg[-1])
            elif op is _sre.BRANCH:
                for branch in arg[1]:
                    sequence(branch)
            elif op in _REPEATS:
                sequence(arg[2])
            elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
                sequence(arg[1])
            elif op is getattr(_sre, "ATOMIC_GROUP", None):
                sequence(arg)
            elif op is _sre.IN:
                for member_op, member in arg:
                    if member_op is _sre.LITERAL:
                        characters.append(chr(member))
                    elif member_op is _sre.RANGE:
                        characters.append(chr(member[0]))
                    elif member_op is _sre.CATEGORY:
                        characters.append(_CATEGORY_CHARACTER.get(str(member), "a"))
                    else:
                        continue
                    break
            elif op is _sre.NOT_LITERAL:
                characters.append("b" if chr(arg).lower() == "a" else "a")
        if run:
            runs.append("".join(run))

    sequence(list(parsed))
    literals = sorted(dict.fromkeys(runs), key=len, reverse=True)[:12]
    return literals, list(dict.fromkeys(characters))[:8]
