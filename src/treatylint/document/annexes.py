"""Annexes given legal effect by an article take the article's role.

"Each Party shall establish as criminal offences the acts listed in the Annex": the Annex is
where the offences are, so its items must be checked as offences, not as an inert list. The
parser makes each annex's own text a provision (``Provision.annex``); this module finds the
articles that give an annex its effect (the annex words come from the heading grammar) and,
after the kinds are known, gives an annex that has no clear kind of its own the kind of the
article that incorporates it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from treatylint.document.grammar import load_grammar
from treatylint.document.model import Document, Provision, ProvisionKind

# kinds an annex's own words rarely show (a bare list of acts reads as "other")
_WEAK_KINDS = (ProvisionKind.OTHER, ProvisionKind.GENERAL)
# kinds an annex does not take from the article naming it: a safeguard that limits orders to
# "the offences listed in the Annex" makes the list a list of offences, not of safeguards
_NOT_PASSED_ON = (ProvisionKind.PREAMBLE, ProvisionKind.SAFEGUARD)


@lru_cache(maxsize=1)
def _effect_re() -> re.Pattern[str]:
    words = sorted({w.lower() for d in load_grammar().grammar.divisions if d.kind == "annex" for w in d.words})
    return re.compile(  # the first letters up front: ``re`` skips to them (0.12 -> 0.07 s on a fifth of the corpus)
        r"(?=[lsdecrmi])\b(?:listed|set\s+out|set\s+forth|specified|defined|enumerated|contained|described|referred\s+to|"
        r"mentioned|included)\s+in\s+(?:the\s+)?(?:" + "|".join(map(re.escape, words)) + r")"
        r"(?:[ \t]+(?P<num>\(?[0-9]{1,3}\)?|\(?[IVXLC]{1,6}\)?|[A-Z])(?![\w]))?",
        re.IGNORECASE,
    )


def _key(number: str | None) -> str:
    return (number or "").strip("() \t").upper()


def annex_links(document: Document, folded=None) -> dict[int, list[Provision]]:
    """id(annex provision) -> the articles that give it effect, in document order. ``folded``:
    the document text's ``engine.prefilter.Prefilter`` when the caller has one already."""
    annexes = [p for p in document.provisions if p.annex]
    if not annexes:
        return {}
    by_number = {}
    for annex in annexes:
        number = annex.label.split(None, 1)[1] if " " in annex.label else ""
        by_number.setdefault(_key(number), annex)
    links: dict[int, list[Provision]] = {}
    text = document.text
    pattern = _effect_re()
    # its case-sensitive twin on the lower-cased text where that is exact: the same spans,
    # found without folding each character (a regex utility of the engine's, imported here)
    from treatylint.engine.prefilter import Prefilter, folded_twin, required_literals

    folded = folded if folded is not None else Prefilter(text)
    twin = folded_twin(pattern) if folded.twin_ready else None
    searched, scanned = (twin, folded.folded) if twin is not None else (pattern, text)
    # an article without an annex word (and a verb such as "listed") holds no match: skipped
    # after a substring search for each word (the regex stops at most letters of a text)
    required = required_literals(pattern.pattern)
    for article in document.articles:
        if not folded.may_match_in(required, article.body_start, article.end):
            continue
        for match in searched.finditer(scanned, article.body_start, article.end):
            start, end = match.span("num")
            number = text[start:end] if start >= 0 else None
            annex = by_number.get(_key(number)) if number else annexes[0]
            if annex is not None and article not in links.setdefault(id(annex), []):
                links[id(annex)].append(article)
    return links


def give_annexes_their_role(document: Document, folded=None) -> None:
    """After classification: an annex without a clear kind of its own takes the kind of the
    article that gives it effect (its offences are checked as offences). ``folded``: see
    ``annex_links``."""
    links = annex_links(document, folded)
    for annex in document.provisions:
        if not annex.annex or annex.kind not in _WEAK_KINDS:
            continue
        for article in links.get(id(annex), []):
            if article.kind not in _WEAK_KINDS and article.kind not in _NOT_PASSED_ON:
                annex.kind = article.kind
                annex.kind_cues = [*annex.kind_cues, f"given effect by {article.label}"]
                break
