"""Provisions numbered with no heading word: Commonwealth bills and model laws.

A model bill writes each section as a caption on a line of its own, then the number and the
text on one line: ``Unauthorised access`` / ``3.\u2014(1) A person who ...`` (also ``3. (1)``,
``3.-(1)``, and ``3. A person ...`` for a section without subsections). Read line by line, such
a line is a numbered paragraph, so the grammar's ``unworded`` reading is taken only from the
document's own evidence, and only in a document whose provisions carry no heading word at all:

* a line that is unmistakable by its form (a dash or ``(1)`` after the number) or has a
  caption above it, and does not carry on the sentence above;
* numbers that run in sequence (the next number, or a small gap where a section was deleted),
  starting again at 1 only after an annex heading (an annexed protocol or schedule);
* at least three such sections, at least three of them (and half) under a caption: a treaty
  whose paragraphs are numbered ``1.``, ``2.`` without captions never qualifies.
"""

from __future__ import annotations

from treatylint.document.grammar import HeadingMatch, load_grammar
from treatylint.document.line_shapes import caption_above, caption_ok, loose_ok
from treatylint.document.lines import Lines, continues_sentence, lines_starting

MIN_SECTIONS = 3


def unworded_sections(lines: Lines, heading_like: set[int], annexes: list[int]) -> list[tuple[int, HeadingMatch]]:
    """The document's word-less section headings (line, reading), or [] when it has none.
    ``annexes`` are the lines of annex headings, after which the numbering may start again."""
    grammar = load_grammar()
    content = lines.content
    readable: list[tuple[int, HeadingMatch, bool]] = []
    plain: list[tuple[int, HeadingMatch, bool]] = []  # "3. A person ...": a paragraph by its shape
    unmistakable: set[int] = set()
    for i in lines_starting(lines, r"[^\sA-Za-z]"):  # (a scan where lines are short)
        s = content[i]
        if not s or not s[0].isdigit():
            continue
        reading = grammar.read_unworded(s)
        if reading is None:
            captioned_here = grammar.read_unworded_caption(s)
            if captioned_here is not None and _caption_line_of_its_own(lines, i, captioned_here.caption or ""):
                readable.append((i, captioned_here, True))  # "12  Caption", the body below
            continue
        read, distinct = reading
        # a marginal note beside the line (margins.py), or a caption on a line of its own above
        above = caption_above(lines, i, heading_like) if i not in lines.side else None
        captioned = i in lines.side or above is not None and not grammar.read(content[above[0]])
        if (captioned or distinct) and (captioned or not continues_sentence(lines, i)):
            readable.append((i, read, captioned))
            if distinct:
                unmistakable.add(i)
        elif not continues_sentence(lines, i):
            plain.append((i, read, False))
    found = [readable[k] for k in _longest_run(readable, annexes)]
    captions = sum(c for _, _, c in found)
    if len(found) >= MIN_SECTIONS and captions >= MIN_SECTIONS and captions >= 0.5 * len(found):
        return [(i, read) for i, read, _ in found]
    return _unnoted_bill(readable, plain, unmistakable, annexes)


def _unnoted_bill(
    readable: list[tuple[int, HeadingMatch, bool]], plain: list[tuple[int, HeadingMatch, bool]], unmistakable: set[int],
    annexes: list[int],
) -> list[tuple[int, HeadingMatch]]:
    """A bill without captions (no marginal notes): its sections with subsections are
    unmistakable ("12.—(1) ..."), and those without read "13. The Minister may ...", as a
    numbered paragraph would. When at least three unmistakable sections stand in one sequence
    with the plain lines between them, and that sequence holds most of the text's numbered
    lines (numbered paragraphs restart, in each article or annex), the plain ones are sections too."""
    if len(unmistakable) < MIN_SECTIONS:
        return []
    every = sorted(readable + plain, key=lambda r: r[0])
    chain = [every[k] for k in _longest_run(every, annexes)]
    if sum(i in unmistakable for i, _, _ in chain) < MIN_SECTIONS or len(chain) < 0.6 * len(every):
        return []
    return [(i, read) for i, read, _ in chain]


def _caption_line_of_its_own(lines: Lines, i: int, caption: str) -> bool:
    """"12  Short title" as a heading: a caption (short, no sentence, no closing full stop) on a
    line with a blank line or the start of the text above it, and the body below."""
    content = lines.content
    if (i > 0 and content[i - 1]) or i + 1 >= lines.n:
        return False
    return caption_ok(caption) and loose_ok(caption, 120) and not caption.endswith((".", ":", ";", ","))


def _follows(prev: tuple[int, HeadingMatch, bool], cand: tuple[int, HeadingMatch, bool], annexes: list[int]) -> bool:
    """Does ``cand`` continue the numbering after ``prev``: the next number or a small gap (a
    deleted section), the same number with a suffix ("5 bis"), or 1 after an annex heading?"""
    last, value = prev[1].value or 0, cand[1].value or 0
    if last < value <= last + 3:
        return True
    if value == last and " " in (cand[1].number or ""):
        return True
    return value == 1 and any(prev[0] < a < cand[0] for a in annexes)


def _longest_run(readable: list[tuple[int, HeadingMatch, bool]], annexes: list[int], window: int = 40) -> list[int]:
    """Indexes of the longest chain of readings in sequence (a stray "31. ..." above the bill
    does not hide the sections after it). Each reading looks back ``window`` readings at most,
    so the cost stays linear in the number of lines read."""
    best: list[tuple[int, int]] = []  # (chain length, previous index) per reading
    for k, cand in enumerate(readable):
        length, prev = 1, -1
        for j in range(max(0, k - window), k):
            if best[j][0] + 1 > length and _follows(readable[j], cand, annexes):
                length, prev = best[j][0] + 1, j
        best.append((length, prev))
    if not best:
        return []
    k = max(range(len(best)), key=lambda x: best[x][0])
    chain = []
    while k != -1:
        chain.append(k)
        k = best[k][1]
    return chain[::-1]
