"""Words of a provision as the diff compares them: the raw word (for display) and its canonical key.

The key folds what an editor may change without changing the law: case, hyphens, British and
American spelling (criminalise/criminalize, labour/labor, programme/program), quotes and other
punctuation (never tokens), line breaks, and "Each State Party" / "States Parties" (one key).
Cross-references ("Article 14", "Articles 14 to 21") are found here so the classifier can map
their numbers through the alignment before comparing: a reference renumbered to follow the
renumbering is then the same key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# a hyphenated word is one word, also when a re-flow broke the line after its hyphen
_WORD = re.compile(r"\w+(?:[-\u2010\u2011](?:[ \t]*\n[ \t]*)?\w+)*")
_HYPHEN = re.compile(r"[-\u2010\u2011\s]+")
# spelling pairs no suffix rule reaches (the longer, British, form first)
_SPELLING = {
    "programme": "program", "programmes": "programs", "judgement": "judgment", "judgements": "judgments",
    "licence": "license", "licences": "licenses", "defence": "defense", "offence": "offense",
    "offences": "offenses", "pretence": "pretense", "ageing": "aging", "fulfil": "fulfill",
    "fulfils": "fulfills", "fulfilment": "fulfillment", "enrol": "enroll", "instalment": "installment",
    "catalogue": "catalog", "dialogue": "dialog", "whilst": "while", "amongst": "among",
}
_RULES = [
    (re.compile(r"^(\w{3,})is(e|es|ed|ing|ation|ations|ational|er|ers)$"), r"\1iz\2"),  # criminalise
    (re.compile(r"^(\w{2,})ys(e|es|ed|ing|er|ers)$"), r"\1yz\2"),  # analyse
    (re.compile(r"^(\w{2,})our(s|ed|ing|able|ably|ite|ites)?$"), r"\1or\2"),  # labour, favourite
    (re.compile(r"^(\w+[aeiou])ll(ed|ing|er|ers)$"), r"\1l\2"),  # labelled, travelling
    (re.compile(r"^(\w{2,})tre(s)?$"), r"\1ter\2"),  # centre, metre
]
STATE_PARTY = "\u00a7stateparty"  # one key for State Party / States Parties (never a real word)
ARTICLE_WORDS = frozenset({"article", "articles", "art", "arts"})


@lru_cache(maxsize=65536)
def canonical(word: str) -> str:
    """The spelling-neutral key of one word."""
    key = _HYPHEN.sub("", word.lower())
    if key in _SPELLING:
        return _SPELLING[key]
    for pattern, replacement in _RULES:
        if pattern.match(key):
            return pattern.sub(replacement, key)
    return key


@dataclass(frozen=True, slots=True)
class Word:
    key: str  # canonical key (what is compared)
    start: int  # offsets of the raw word(s) in the text it was read from
    end: int
    marker: bool = False  # a paragraph or item number ("1.", "(a)", "ii)"): structure, not words


_MARKER_BEFORE = re.compile(r"(?:^|[.:;]\s*\n)[ \t]*\(?$")
_MARKER_AFTER = re.compile(r"[.)]")


def _is_marker(text: str, start: int, end: int) -> bool:
    """A short number or letter closed by "." or ")" ("1.", "(a)", "ii)") that opens a line
    after a sentence or clause ended (a re-flowed "paragraph\n1." is a reference, not a marker)."""
    if end - start > 4 or not _MARKER_AFTER.match(text, end):
        return False
    return start == 0 or bool(_MARKER_BEFORE.search(text, max(0, start - 12), start))


def words(text: str) -> list[Word]:
    """The canonical words of ``text``; "Each State Party"/"States Parties" become one word."""
    raw = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    out: list[Word] = []
    i = 0
    while i < len(raw):
        word, start, end = raw[i]
        low = word.lower()
        if low in ("state", "states") and i + 1 < len(raw) and raw[i + 1][0].lower() in ("party", "parties"):
            if out and out[-1].key == "each":  # "Each State Party" is "States Parties"
                start = out.pop().start
            out.append(Word(STATE_PARTY, start, raw[i + 1][2]))
            i += 2
            continue
        out.append(Word(canonical(word), start, end, _is_marker(text, start, end)))
        i += 1
    return out


_N = r"(?:\d+|[IVXLC]+\b)(?:\s+(?:bis|ter|quater|quinquies)\b)?"
_REFERENCE = re.compile(
    rf"\b(?:[Aa]rticles?|ARTICLES?|[Aa]rts?\.)\s+{_N}(?:\s*(?:,|;|and|or|to|through|until|-|\u2013)\s*(?:and\s+|or\s+)?{_N})*"
)
_ONE = re.compile(_N)
# "articles 27 and 28 of the Convention" cite another instrument (its numbers never shift with
# this draft's); "of this Convention" and "of the present Convention" cite this one
_ELSEWHERE = re.compile(r"\s*,?\s*(?:(?:paragraph|para\.|subparagraph)\s*\S+\s*,?\s*)?of\s+the\s+(?!present\b)\w", re.I)


def reference_numbers(text: str, seq: list[Word]) -> dict[int, str]:
    """Article numbers cited in cross-references ("Article 14", "Articles 14 and 15", "Articles
    3 through 5, 7 and 8"), as word index in ``seq`` -> number ("5 bis", lower case)."""
    starts = {w.start: i for i, w in enumerate(seq)}
    found: dict[int, str] = {}
    for ref in _REFERENCE.finditer(text):
        if _ELSEWHERE.match(text, ref.end()):
            continue
        head = re.match(r"\S+\s+", ref.group())
        offset = ref.start() + (head.end() if head else 0)
        for number in _ONE.finditer(text, offset, ref.end()):
            index = starts.get(number.start())
            if index is not None:
                found[index] = " ".join(number.group().lower().split())
    return found


# Words that change with "Each State Party" -> "States Parties" (agreement), compared as one key
# when the classifier decides whether a difference is only grammatical.
_AGREEMENT = {
    "its": "its", "their": "its", "it": "it", "they": "it", "itself": "itself", "themselves": "itself",
    "is": "is", "are": "is", "has": "has", "have": "has", "was": "was", "were": "was",
    "a": "", "an": "", "the": "", "each": "", "parties": "party", "states": "state",
    STATE_PARTY: "party",
}


def agreement_key(key: str) -> str:
    """A key with number agreement folded: their/its, are/is, plural -s dropped."""
    if key in _AGREEMENT:
        return _AGREEMENT[key]
    if len(key) > 3 and key.endswith("s") and not key.endswith("ss"):
        return key[:-1]
    return key
