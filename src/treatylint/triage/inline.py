"""Inline suppressions, in the style of ``noqa``, written in the draft itself.

Two spellings, both on one line:

* ``<!-- treatylint: ignore[content-crime] reason -->`` for formats with comments (Markdown,
  HTML, Akoma Ntoso text), on its own line or at the end of a line of text;
* ``#! treatylint: ignore[vague-offence/catch-all] reason`` as a line of its own in plain text,
  which has no comment syntax (``#!`` already marks treatylint's lines in rule fixtures).

A marker on its own line covers the next paragraph (the next run of non-blank lines); placed
before an article heading it covers the whole article. A marker at the end of a line covers the
paragraph that line belongs to. Markers are blanked to spaces before parsing, so offsets, line
numbers and the structure the parser sees are exactly those of the draft without them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from treatylint.document.model import Document
from treatylint.findings import Finding
from treatylint.rulepack.selectors import names

_HTML = re.compile(r"<!--[ \t]*treatylint[ \t]*:(?P<body>[^\n]*?)-->")
_LINE = re.compile(r"^[ \t]*#![ \t]*treatylint[ \t]*:(?P<body>[^\n]*)$", re.MULTILINE)
_BODY = re.compile(r"^\s*ignore\s*\[(?P<selectors>[^\]]*)\]\s*(?P<reason>.*?)\s*$", re.DOTALL)


@dataclass
class Suppression:
    line: int  # 1-based line of the marker
    selectors: list[str]
    reason: str
    same_line: bool
    start: int = 0  # the covered span, set by ``bind``
    end: int = 0
    used: set[str] = field(default_factory=set)


@dataclass
class Extracted:
    text: str  # the draft with markers blanked to spaces
    suppressions: list[Suppression]
    problems: list[str]  # unreadable markers, as "line N: ..." notices


def extract(text: str) -> Extracted:
    """Find the markers and blank them, keeping every offset and line break in place."""
    if "treatylint" not in text:  # both spellings contain the word: most drafts have no marker
        return Extracted(text, [], [])
    found: list[tuple[int, int, str]] = [(m.start(), m.end(), m.group("body")) for m in _HTML.finditer(text)]
    found += [(m.start(), m.end(), m.group("body")) for m in _LINE.finditer(text)]
    if not found:
        return Extracted(text, [], [])
    chars = list(text)
    suppressions: list[Suppression] = []
    problems: list[str] = []
    for start, end, body in sorted(found):
        chars[start:end] = " " * (end - start)
        line = text.count("\n", 0, start) + 1
        parsed = _BODY.match(body)
        selectors = [s.strip() for s in parsed.group("selectors").split(",") if s.strip()] if parsed else []
        if not selectors:
            problems.append(f"line {line}: unreadable suppression (write 'treatylint: ignore[RULE-OR-CATEGORY] reason')")
            continue
        suppressions.append(Suppression(line, selectors, parsed.group("reason").rstrip("-").strip(), False))
    masked = "".join(chars)
    lines = masked.split("\n")
    for suppression in suppressions:
        suppression.same_line = bool(lines[suppression.line - 1].strip())
    return Extracted(masked, suppressions, problems)


def bind(suppressions: list[Suppression], document: Document) -> None:
    """Set each suppression's span: its paragraph, the next one, or the article it heads."""
    if not suppressions:  # the usual case: no line table to build
        return
    lines = document.text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    headings = {document.line_col(p.start)[0]: p for p in document.all_provisions()}
    for suppression in suppressions:
        index = suppression.line - 1
        if not suppression.same_line:
            index += 1
            while index < len(lines) and not lines[index].strip():
                index += 1
            if index >= len(lines):
                continue
            if index + 1 in headings:
                provision = headings[index + 1]
                suppression.start, suppression.end = provision.start, provision.end
                continue
        first = index
        while first > 0 and lines[first - 1].strip():
            first -= 1
        last = index
        while last + 1 < len(lines) and lines[last + 1].strip():
            last += 1
        suppression.start, suppression.end = offsets[first], offsets[last + 1]


def _names(selector: str, finding: Finding) -> bool:
    return names(selector, finding.rule_id, finding.category)


def apply(findings: list[Finding], suppressions: list[Suppression]) -> list[Finding]:
    """Mark the findings a suppression covers as waived, and record which selectors were used."""
    result = []
    for finding in findings:
        for suppression in suppressions:
            if finding.suppressed or not suppression.start <= finding.start < suppression.end:
                continue
            hits = [s for s in suppression.selectors if _names(s, finding)]
            if hits:
                suppression.used.update(hits)
                reason = suppression.reason or "no reason given"
                finding = finding.model_copy(update={"waived": True, "waiver": f"inline at line {suppression.line}: {reason}"})
                break
        result.append(finding)
    return result


def unused(suppressions: list[Suppression]) -> list[tuple[Suppression, str]]:
    """Each (suppression, selector) that suppressed nothing."""
    return [(s, selector) for s in suppressions for selector in s.selectors if selector not in s.used]
