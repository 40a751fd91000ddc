"""Turn a rule's phrase lists and regexes into one compiled, case-insensitive regex.

Phrases are written the way an analyst reads them; the compiler adds the spelling variants that
treaty texts mix (criminalise/criminalize, offence/offense, co-operation/cooperation,
honour/honor, straight and curly quotes, any run of whitespace or a line break between words).
"""

from __future__ import annotations

import re
from functools import lru_cache

from treatylint.engine.rule_model import Pattern

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
    start = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    end = "" if words[-1].endswith("*") or not re.search(r"\w$", words[-1]) else r"(?!\w)"
    return start + body + end


@lru_cache(maxsize=4096)
def _compile(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


def compile_pattern(pattern: Pattern) -> re.Pattern[str] | None:
    """All phrases and regexes of a pattern as one alternation, or None if it has neither."""
    sources = [phrase_to_regex(p) for p in pattern.phrases] + [f"(?:{r})" for r in pattern.regex]
    if not sources:
        return None
    return _compile("|".join(sources))


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
