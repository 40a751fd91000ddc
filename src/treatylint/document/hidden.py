"""The text-integrity check for text a reader of the rendered draft cannot see.

The format readers leave invisible text out of the text the rules read (a hidden Word run, PDF
text in render mode 3 or white on white, an HTML element with ``display:none``, a comment) and
list it in ``Document.hidden``. Left out, it can neither mitigate, cure nor suppress a finding;
this check makes sure it is not silently lost either: each piece is reported where it sits, with
what hid it and what it says, so a delegate can compare the file with what they were shown.
"""

from __future__ import annotations

from collections.abc import Iterator

from treatylint.document.model import Document

Span = tuple[int, int, str]
_EXCERPT = 80


def _where(loc) -> str:
    if loc is None:
        return ""
    if loc.page is not None:
        return f" on page {loc.page}" + (f", line {loc.line}" if loc.line else "")
    if loc.paragraph is not None:
        return f" in paragraph {loc.paragraph}"
    if loc.eid:
        return f" in {loc.eid}"
    return f" at line {loc.line}, column {loc.column}" if loc.line is not None else ""


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    return "\u201c" + (text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "\u2026") + "\u201d"


def _groups(document: Document) -> list[tuple[int, int, list]]:
    """The hidden pieces as reported: (start, end, pieces). Pieces the reader split at the same
    place (the lines of one comment) are one group. A piece that was left out is anchored on the
    visible character where it would have been; one read with ``--include-hidden`` on itself."""
    text = document.text
    if not document.hidden or not text:
        return []
    groups: list[list] = []
    for item in document.hidden:
        last = groups[-1] if groups else None
        if (last is not None and last[0].why == item.why and item.start <= last[-1].end + 2
                and (item.start == item.end) == (last[0].start == last[0].end)):
            last.append(item)
        else:
            groups.append([item])
    spans = []
    for group in groups:
        first = group[0]
        if first.start == first.end:
            start = min(first.start, len(text) - 1)
            while start > 0 and text[start] == "\n":
                start -= 1  # the end of the paragraph before, not the blank line between
            spans.append((start, start + 1, group))
        else:
            spans.append((first.start, max(item.end for item in group), group))
    return spans


def hidden_text(document: Document) -> Iterator[Span]:
    """One span per piece of hidden text, saying what hid it, where it is and what it says."""
    for start, end, group in _groups(document):
        first = group[0]
        how = "left out" if first.start == first.end else "read because of --include-hidden"
        words = " ".join(item.text for item in group)
        yield start, end, f"hidden text{_where(first.loc)} ({first.why}; {how}): {_quoted(words)}"


def place(findings: list, document: Document, rule_ids: set[str]) -> None:
    """Point hidden-text findings at the hidden text itself in the original file (the span in
    the linear text is only the place it was left out)."""
    if not rule_ids or not document.hidden:
        return
    where = {(start, end): (group[0].loc, group[-1].loc) for start, end, group in _groups(document)}
    for finding in findings:
        loc, last = where.get((finding.start, finding.end), (None, None)) if finding.rule_id in rule_ids else (None, None)
        if loc is None:
            continue
        if loc.line is not None or loc.paragraph is not None:
            finding.line = loc.line if loc.line is not None else loc.paragraph
            finding.column = loc.column or 1
            finding.end_line = max(finding.line, (last.line if last.line is not None else last.paragraph) or finding.line)
            finding.end_column = (last.column or 1) + 1
        finding.page, finding.paragraph, finding.eid = loc.page, loc.paragraph, loc.eid
