"""Weak labels for provision kinds, from evidence that does not come from the article body's wording.

Each labelling function (LF) looks at one kind of evidence and either votes for a kind or
abstains (returns None). The model is then trained on the article BODY only, so it has to
learn the body's language from what the caption and the chapter said about it.

LF_caption   the article's caption (``Article 4 - Illegal interception``).
LF_division  the headings of the chapters/sections the article sits in (``CHAPTER II -
             CRIMINALIZATION``), only for articles whose caption said nothing.
LF_body      a handful of unambiguous formulas (``shall enter into force``, ``For the purposes
             of this Convention: ... means``), only for articles with neither.
LF_other     an article with a caption that names none of the kinds, in a treaty whose title
             is not about crime, police or judicial cooperation (a tax treaty's ``Dividends``).

The votes are combined in that order; a caption that matches two kinds, or a caption vote that
an unambiguous body formula contradicts, abstains. Offence and procedural votes also need a
penal / power word in the body (``punish``, ``offence``; ``order``, ``authorities``), so a
caption such as ``Dissemination of the Convention`` or ``Immunity from seizure`` is not taken
at its word. ``preamble`` is structural (the parser sets it) and is not learned.
"""

from __future__ import annotations

import re

KINDS = ("definition", "offence", "procedural", "cooperation", "jurisdiction", "safeguard", "general", "final", "other")

_I = re.IGNORECASE


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


CAPTION: dict[str, re.Pattern[str]] = {
    "final": _re(
        r"\b(?:signature|signing|ratification|accession|entry\s+into\s+force|coming\s+into\s+force|denunciation|"
        r"withdrawal|amendments?|revision|reservations?|depositary|notifications?|declarations?|authentic\s+texts?|"
        r"languages?|territorial\s+(?:application|extension|scope)|federal\s+clause|duration|termination|"
        r"registration|provisional\s+application|final\s+(?:provisions|clauses)|consent\s+to\s+be\s+bound|"
        r"settlement\s+of\s+disputes|dispute\s+settlement|relationship\s+(?:to|with)\s+other|relation\s+to\s+other|"
        r"conference\s+of\s+the\s+(?:states\s+)?parties)\b"
    ),
    "definition": _re(
        r"\b(?:definitions?|use\s+of\s+terms|terms\s+used|meaning\s+of\s+terms|terminology|basic\s+(?:terms|concepts)|"
        r"interpretation\s+of\s+terms)\b"
    ),
    "jurisdiction": _re(r"^(?:criminal\s+)?jurisdiction$|\bestablishment\s+of\s+jurisdiction\b|\bjurisdiction\s+over\b"),
    "offence": _re(
        r"\b(?:offen[cs]es?|criminali[sz]ation|penali[sz]ation|penal\s+provisions|laundering|illegal\s+(?:access|interception)|"
        r"(?:data|system)\s+interference|misuse\s+of\s+devices|forgery|fraud|bribery|embezzlement|trading\s+in\s+influence|"
        r"obstruction\s+of\s+justice|attempt|aiding|abetting|incitement|complicity|public\s+provocation|"
        r"recruitment\s+for|trafficking\s+in|smuggling\s+of)\b"
    ),
    "procedural": _re(
        r"\b(?:(?:expedited|expeditious)\s+preservation|production\s+order|search\s+and\s+seizure|freezing|seizure|"
        r"confiscation|real[- ]time\s+collection|interception\s+of|special\s+investigative\s+techniques|"
        r"controlled\s+deliver(?:y|ies)|covert|undercover|electronic\s+surveillance|procedural\s+(?:powers|measures|law)|"
        r"scope\s+of\s+procedural\s+provisions|data\s+retention|retention\s+of\s+data|decryption|partial\s+disclosure)\b"
    ),
    "cooperation": _re(
        r"\b(?:mutual\s+(?:legal\s+)?assistance|legal\s+assistance|judicial\s+assistance|extradition|surrender\s+of|"
        r"international\s+co-?operation|law\s+enforcement\s+co-?operation|exchange\s+of\s+information|"
        r"spontaneous\s+(?:information|exchange)|requests?\s+for\s+(?:assistance|mutual)|execution\s+of\s+requests|"
        r"letters\s+rogatory|transfer\s+of\s+(?:criminal\s+)?proceedings|transfer\s+of\s+sentenced\s+persons|"
        r"joint\s+investigations?|24/7|points?\s+of\s+contact|central\s+authorit(?:y|ies)|grounds\s+for\s+refus\w*|"
        r"limitations\s+on\s+(?:rendering\s+)?assistance|declining\s+a\s+request|refusal\s+of\s+(?:assistance|requests?))\b"
    ),
    "safeguard": _re(r"^(?:conditions\s+and\s+safeguards|safeguards)$"),
    "general": _re(
        r"\b(?:purposes?|objects?|objectives?|scope(?:\s+of\s+application)?|general\s+(?:provisions?|principles?|obligations?)|"
        r"implementation|sovereignty|non-?intervention|human\s+rights|protection\s+of\s+(?:personal\s+data|privacy)|"
        r"prevention|capacity[- ]building|awareness|statistics|basic\s+undertakings?)\b"
    ),
}

# captions that say something is being refused protection, not an act: never votes
_CAPTION_VETO = _re(r"\bimmunit(?:y|ies)\b|\bprivileges?\b")

DIVISION: dict[str, re.Pattern[str]] = {
    "final": _re(r"\bfinal\s+(?:provisions|clauses)\b"),
    "definition": _re(r"^\s*(?:definitions|use\s+of\s+terms)\s*$"),
    "offence": _re(r"\b(?:substantive\s+criminal\s+law|criminali[sz]ation|offen[cs]es)\b"),
    "procedural": _re(r"\bprocedural\s+(?:law|measures|powers)\b"),
    "cooperation": _re(r"\b(?:international\s+co-?operation|mutual\s+(?:legal\s+)?assistance|extradition)\b"),
}

BODY: dict[str, re.Pattern[str]] = {
    "final": _re(
        r"shall\s+enter\s+into\s+force|open\s+for\s+signature|instruments?\s+of\s+(?:ratification|acceptance|approval|accession)|"
        r"may\s+denounce|shall\s+be\s+deposited\s+with"
    ),
    "definition": _re(
        r"^\W{0,3}for\s+the\s+purposes?\s+of\s+this\s+(?:convention|protocol|agreement|treaty|chapter|part)\b[^.]{0,40}?"
        r"(?::|[\"\u201c][^\"\u201d\n]{1,60}[\"\u201d]\s+(?:shall\s+)?mean)"
    ),
    "offence": _re(
        r"\bestablish\w*\s+[^.;:]{0,160}?\bas\s+(?:a\s+)?criminal\s+offen[cs]es?\b|"
        r"\b(?:is|are|be)\s+criminali[sz]ed\b|\bshall\s+criminali[sz]e\b|"
        r"\bshall\s+(?:be\s+)?(?:made\s+)?punishable\b|\bmake\b[^.;]{0,80}\bpunishable\b|"
        r"\bcommits?\s+an\s+offen[cs]e\b|\bshall\s+be\s+punished\b"
    ),
    "jurisdiction": _re(r"\bestablish\s+its\s+jurisdiction\s+over\b"),
    "cooperation": _re(r"^\W{0,8}(?:\w+\W+){0,12}?the\s+request(?:ing|ed)\s+(?:state|party|contracting\s+party)\s+(?:shall|may)\b"),
}

# what an offence / power vote also needs in the body
PENAL = _re(r"\bpunish|\boffen[cs]e|\bcriminal|\bpenal|\bsanction|\bliable\b|\bprohibit|\bimprison")
POWER = _re(r"\bauthorit|\border|\bcourt|\blaw\s+enforcement|\binvestigat|\bpowers?\b|\bwarrant|\bmeasures")

# treaties about crime, police or judicial cooperation: their unlabelled articles are not "other"
CRIMINAL_TITLE = _re(
    r"crim|offen[cs]|terror|corrupt|launder|drug|narcotic|psychotropic|traffick|smuggl|cyber|hijack|unlawful|illicit|"
    r"extradit|assistance\s+in\s+criminal|judicial\s+assistance|legal\s+assistance|penal|sentenced|proceeds|torture|"
    r"genocide|hostage|bomb|police|law\s+enforcement|seizure|confiscation|counterfeit|doping|fraud|bribery|slavery|"
    r"violence|exploitation|abuse|piracy|safety\s+of\s+(?:maritime|civil\s+aviation)|nuclear\s+material"
)


def clean_caption(caption: str | None) -> str:
    """``(Article 5 - Notification on request)`` -> ``notification on request``."""
    if not caption:
        return ""
    text = re.sub(r"\s+", " ", caption).strip().strip("()[].:;\u2013\u2014- ").lower()
    return re.sub(r"^(?:ad\s+)?article\s+\S+\s*[\u2013\u2014-]?\s*", "", text)


def lf_caption(caption: str, body: str) -> str | None:
    if not caption or _CAPTION_VETO.search(caption):
        return None
    votes = {kind for kind, pattern in CAPTION.items() if pattern.search(caption)}
    if votes == {"offence", "jurisdiction"} or votes == {"offence", "cooperation"}:
        return None  # "jurisdiction over offences", "information relating to customs offences"
    votes.discard("general") if len(votes) > 1 else None  # "scope of procedural provisions"
    if len(votes) != 1:
        return None
    kind = votes.pop()
    if kind == "offence" and not PENAL.search(body):
        return None
    if kind == "procedural" and not POWER.search(body):
        return None
    return kind


def lf_division(headings: list[str], body: str) -> str | None:
    """The innermost heading that says anything decides."""
    for heading in reversed(headings):
        votes = {kind for kind, pattern in DIVISION.items() if pattern.search(heading)}
        if len(votes) > 1:
            return None
        if votes:
            kind = votes.pop()
            if kind == "offence" and not (BODY["offence"].search(body) or re.search(r"punishable|shall\s+be\s+punished", body, _I)):
                return None  # "Protection of witnesses" under "Criminalization and law enforcement"
            if kind == "procedural" and not POWER.search(body):
                return None
            return kind
    return None


_COOPERATION_WORDS = _re(r"\bextradit|\brequest(?:ing|ed)\b")


def lf_body(body: str) -> str | None:
    votes = {kind for kind, pattern in BODY.items() if pattern.search(body[:1500])}
    if "offence" in votes and _COOPERATION_WORDS.search(body[:1500]):
        votes.discard("offence")  # "offences punishable in both Parties" is about extradition
    return votes.pop() if len(votes) == 1 else None


def lf_other(caption: str, title: str) -> str | None:
    if not caption or CRIMINAL_TITLE.search(title):
        return None
    if any(pattern.search(caption) for pattern in CAPTION.values()) or PENAL.search(caption):
        return None
    return "other"


def weak_label(caption: str | None, headings: list[str], body: str, title: str) -> tuple[str | None, str]:
    """The weak label of one article and the LF that gave it (``abstain`` when none did)."""
    caption = clean_caption(caption)
    by_caption = lf_caption(caption, body)
    by_body = lf_body(body)
    if by_caption is not None:
        strong_body = by_body in ("final", "definition", "offence")
        if strong_body and by_body != by_caption:
            return None, "abstain"  # caption and an unambiguous formula disagree
        return by_caption, "caption"
    if caption and any(pattern.search(caption) for pattern in CAPTION.values()):
        return None, "abstain"  # the caption named a kind but was not trusted: do not guess
    by_division = lf_division(headings, body)
    if by_division is not None:
        return by_division, "division"
    if by_body is not None:
        return by_body, "body"
    by_other = lf_other(caption, title)
    if by_other is not None:
        return by_other, "other"
    return None, "abstain"
