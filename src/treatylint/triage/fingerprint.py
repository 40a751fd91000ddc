"""Content fingerprints of flagged passages, stable across renumbering and edits elsewhere.

Waivers, baselines and code-scanning tools must recognise "the same finding" in the next
revision of a draft, where line numbers shift and articles are renumbered. So a fingerprint
hashes what the passage *says* — the article's caption and the flagged sentence — never where
it is. Numbers inside references ("Article 3", "paragraphs 1 and 2") and leading paragraph
markers are blanked, because renumbering rewrites them without changing the passage.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from treatylint.findings import Finding

DOCUMENT = "<document>"  # document-level findings have no passage: they are the document's

_NUMBER = r"(?:\d+|[ivxlc]+)(?:\s*(?:bis|ter|quater))?(?:\s*\([a-z0-9]+\))*"
_REFERENCE = re.compile(
    rf"\b(articles?|paragraphs?|subparagraphs?|sub-paragraphs?|chapters?|sections?|parts?|annex(?:es)?)"
    rf"\s+{_NUMBER}(?:\s*(?:,|and|or|to|-|\u2013)\s*{_NUMBER})*",
    re.IGNORECASE,
)
_MARKER = re.compile(r"^\s*(?:\(?[0-9]+[.)]|\(?[a-z][.)]|\([ivxlc]+\))\s+", re.IGNORECASE)
_TRANSLATE = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u2026": ""})


def normalise(text: str | None) -> str:
    """Lower-case, straight quotes, single spaces; reference numbers and markers blanked."""
    if not text:
        return ""
    text = " ".join(text.translate(_TRANSLATE).split()).lower()
    text = _MARKER.sub("", text)
    return _REFERENCE.sub(lambda m: m.group(1) + " #", text)


@lru_cache(maxsize=8192)
def passage_fingerprint(caption: str | None, excerpt: str) -> str:
    """16 hex digits identifying a passage by its article caption and sentence (memoised: the
    rules flagging one sentence share it, and a draft of 10,000 articles has 30,000 findings)."""
    digest = hashlib.sha256(f"{normalise(caption)}\n{normalise(excerpt)}".encode("utf-8"))
    return digest.hexdigest()[:16]


def fingerprint(finding: Finding, caption: str | None) -> str:
    """The finding's passage fingerprint; one constant value for document-level findings."""
    if finding.provision is None:
        return passage_fingerprint(None, DOCUMENT)
    return passage_fingerprint(caption, finding.excerpt)
