"""What must not change when only the layout does: articles, kinds and findings.

``observe`` reduces a lint result to what the layout must not move: the articles in order
(number as a value, caption ignoring case), each article's kind, and the findings as
(rule, article position, flagged words, severity). ``differences`` lists, in words, how a
rewrite's observation departs from the original's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_ROMAN = re.compile(r"[IVXLCDM]+")
_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}


def number_value(number: str | None) -> str:
    """An article number as a comparable value: ``V`` and ``5`` and ``Five`` are all ``5``."""
    if number is None:
        return "-"
    s = number.strip()
    head, _, suffix = s.partition(" ")
    if suffix and _ROMAN.fullmatch(head):  # "I bis" is "1 bis"
        return f"{number_value(head)} {suffix.lower()}"
    if _ROMAN.fullmatch(s):
        values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
        total = 0
        for a, b in zip(s, s[1:] + " "):
            v = values[a]
            total += -v if b != " " and values.get(b, 0) > v else v
        return str(total)
    return s.lower()


def _squash(s: str) -> str:
    return " ".join(s.split()).lower()


def _caption(s: str | None) -> str:
    """A caption as a reader compares it: case, spacing and enclosing brackets aside."""
    s = _squash(s or "").rstrip(".:").strip()
    while len(s) > 1 and s[0] in "([" and s[-1] in ")]":
        s = s[1:-1].strip()
    return s


@dataclass
class Observation:
    articles: list[tuple[str, str]]  # (number value, caption)
    kinds: list[str]
    findings: Counter  # (rule, article index, matched, severity) -> count


def observe(result) -> Observation:
    doc = result.document
    index = {p.label: i for i, p in enumerate(doc.provisions)}
    articles = [(number_value(p.number), _caption(p.caption)) for p in doc.provisions]
    kinds = [p.kind.value for p in doc.provisions]
    findings = Counter(
        (f.rule_id, index.get(f.provision, -1) if f.provision else -1, _squash(f.matched), f.severity.value)
        for f in result.findings
    )
    return Observation(articles, kinds, findings)


def differences(original: Observation, rewrite: Observation, numbers: bool = True, captions: bool = True) -> list[str]:
    """How ``rewrite`` departs from ``original``. ``numbers=False``: a layout that renumbers
    (an outline's ``2.3``) keeps the articles' order, not their numbers; ``captions=False``: a
    layout that drops captions keeps neither them nor the kinds of captioned articles."""
    problems: list[str] = []
    if not numbers or not captions:
        keep = [not captions and bool(c) for _, c in original.articles]
        original = Observation(
            [(a if numbers else "-", c if captions else "") for a, c in original.articles],
            [k if not dropped else "-" for k, dropped in zip(original.kinds, keep)], original.findings)
        rewrite = Observation(
            [(a if numbers else "-", c if captions else "") for a, c in rewrite.articles],
            [k if not dropped else "-" for k, dropped in zip(rewrite.kinds, keep + [False] * len(rewrite.kinds))],
            rewrite.findings)
    if len(original.articles) != len(rewrite.articles):
        problems.append(f"articles: {len(rewrite.articles)} found, {len(original.articles)} expected")
    elif [a for a, _ in original.articles] != [a for a, _ in rewrite.articles]:
        problems.append("article numbers differ")
    elif original.articles != rewrite.articles:
        first = next(i for i, (a, b) in enumerate(zip(original.articles, rewrite.articles)) if a != b)
        problems.append(f"captions differ (first: {original.articles[first][1]!r} read as {rewrite.articles[first][1]!r})")
    if len(original.articles) == len(rewrite.articles) and original.kinds != rewrite.kinds:
        changed = sum(a != b for a, b in zip(original.kinds, rewrite.kinds))
        problems.append(f"kinds: {changed} article(s) changed kind")
    if original.findings != rewrite.findings:
        lost = sum((original.findings - rewrite.findings).values())
        extra = sum((rewrite.findings - original.findings).values())
        problems.append(f"findings: {lost} lost, {extra} new")
    return problems
