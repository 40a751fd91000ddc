"""Sentence boundaries that suit treaty text.

A sentence ends at ``.``, ``?`` or ``!`` followed by whitespace and a capital or a list marker,
and at every line break (each paragraph and list item is its own unit). It does not end inside
"Art. 5", "para. 2", "No. 108", "e.g." or after a list marker such as "(a)" or "1.".

Pure Python on the text, so the engine can use the same boundaries with or without spaCy.
"""

from __future__ import annotations

import re

_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?:Art|Arts|art|arts|para|paras|Para|No|Nos|no|nos|p|pp|cf|Cf|Rev|Vol|vol|Doc|Res|Add|Corr|"
    r"Mr|Ms|Dr|St|Inc|Ltd|Co|Nr|seq|op|cit|ibid|Ibid)|\b[A-Za-z]|e\.g|i\.e|etc|U\.N|U\.S)\.$"
)
_END = re.compile(r"[.?!][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
_LINE = re.compile(r"\n\s*")


def sentence_starts(text: str) -> list[int]:
    """Sorted character offsets where a sentence starts (always includes 0)."""
    starts = {0}
    for match in _LINE.finditer(text):
        if match.end() < len(text):
            starts.add(match.end())
    for match in _END.finditer(text):
        head = text[max(0, match.start() - 12) : match.start() + 1]
        if _NO_BREAK_BEFORE.search(head):
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        if _is_marker(text[line_start : match.start() + 1]):
            continue
        starts.add(match.end())
    return sorted(starts)


def sentence_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, shifted by ``offset``, trailing whitespace excluded."""
    starts = sentence_starts(text)
    spans: list[tuple[int, int]] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        chunk = text[start:end]
        stripped = len(chunk.rstrip())
        if stripped:
            spans.append((offset + start, offset + start + stripped))
    return spans


_MARKER = re.compile(r"\s*(?:\(?(?:\d{1,3}|[a-z]|[ivxlc]{1,6})[.)]|\d{1,3}(?:\.\d{1,3})+\.?)$", re.IGNORECASE)


def _is_marker(prefix: str) -> bool:
    """True when the period closes a list marker at the start of a line ("1." or "a.")."""
    return bool(_MARKER.fullmatch(prefix))
