"""Structure parser: the title, preamble, divisions, articles and blocks of a treaty draft.

It runs in clear passes over the text's lines (every position is an offset into the text it
was given, never into a modified copy):

1. **headings** (headings.py): page furniture is set aside, every line is read with the heading
   grammar (grammar/headings.yml), and the readings are weighed against the document's own
   evidence: which provision word it numbers with, its heading style, its numbering sequence;
2. **title and preamble**: the first line before the first heading, and the recitals up to
   "have agreed as follows";
3. **divisions and articles**: each heading opens a division or a provision that runs to the
   next heading or closing formula; divisions nest by rank;
4. **blocks** (blocks.py): the paragraphs and list items of each provision.

A text with no heading at all is checked as one provision, and the run says so.
"""

from __future__ import annotations

from bisect import bisect_right

import re

from treatylint.document.blocks import MARKER_RE, build_blocks
from treatylint.document.grammar import load_grammar
from treatylint.document.headings import CLOSING_RE, PREAMBLE_RE, Heading, Scan, find_headings
from treatylint.document.line_shapes import PREAMBLE_HEADING_RE
from treatylint.document.lines import Lines, lines_containing, lines_starting
from treatylint.document.margins import split_margin
from treatylint.document.model import Division, DivisionKind, Document, Provision, ProvisionKind

__all__ = ["parse_document", "parse_structure"]

_AGREED_RE = re.compile(
    r"\bagreed?\s+(?:as\s+follows|(?:up)?on\s+the\s+following|to\s+the\s+following|the\s+following)"
    r"|\benacted\b[^\n]{0,160}?\bas\s+follows",  # a bill's enacting formula ends its recitals the same way
    re.IGNORECASE,
)
_AGREE_RE = re.compile("agree|enacted", re.IGNORECASE)  # in every line _AGREED_RE finds
_TITLE_REJECT_RE = re.compile(r"(?:Nr|No)\.?[ \t]+[IVXLC\d]+[ \t]*$")
_OPERATIVE_RE = re.compile(r"\bshall\b|\bmay\b|[.;:]$")


def parse_document(text: str, path: str = "<string>", headings: dict[int, int] | None = None) -> Document:
    """Parse a decoded treaty text into a :class:`Document`. ``headings``: offsets of lines the
    file's format marks as headings (Markdown, HTML, Word styles) -> their level."""
    return parse_structure(text, path, headings)[0]


def parse_structure(text: str, path: str = "<string>", headings: dict[int, int] | None = None) -> tuple[Document, Scan]:
    """The document and what the heading pass saw (furniture, doubtful lines), for ``outline``
    and the structure-confidence check."""
    lines = Lines(text)
    doc = Document(path=path, text=text)
    doc._line_starts = lines.starts  # the same text's lines: line_col need not split it again
    margins = split_margin(lines) if "   " in text else None  # a caption column to the left: read by column
    if margins is not None:
        lines.side, doc.margins = margins.captions, margins.spans
        doc.notices.append(f"read in two columns: {len(margins.captions)} marginal notes taken as captions")
    scan = find_headings(lines, _heading_lines(lines, headings) if headings else {})
    first_heading = scan.headings[0].start_line if scan.headings else lines.n
    title_line = _title(doc, lines, first_heading)
    _preamble(doc, lines, title_line, first_heading, scan)
    _divisions_and_articles(doc, lines, scan)
    if not doc.articles:
        _whole_text_provision(doc, lines, title_line)
    doc.furniture = [(lines.cstart[i], lines.ends[i]) for i in scan.furniture]
    doc.footnotes = _footnotes(lines)
    doc.doubtful_headings = [(lines.cstart[i], lines.ends[i]) for i in scan.doubtful]
    if scan.inferred is not None:
        doc.inferred_family, doc.inferred_confidence = scan.inferred.pattern, scan.inferred.confidence
        doc.notices.append(
            f'headings inferred from the draft\'s own numbering: "{scan.inferred.pattern}" '
            f"({len(scan.inferred.members)} provisions, confidence {scan.inferred.confidence:.2f})"
        )
    return doc, scan


def _heading_lines(lines: Lines, headings: dict[int, int]) -> dict[int, int]:
    """Offsets the format marks as headings -> the lines they are on (line -> level)."""
    return {bisect_right(lines.starts, at) - 1: level for at, level in headings.items()}


# --------------------------------------------------------------------------------------------
# Title and preamble
# --------------------------------------------------------------------------------------------


def _title(doc: Document, lines: Lines, first_heading: int) -> int:
    """The first line, when it comes before every heading and reads as a title; its index."""
    content, n = lines.content, lines.n
    first = 0
    while first < n and not content[first]:
        first += 1
    if first >= n or first >= first_heading:
        return -1
    s = content[first]
    if (
        PREAMBLE_RE.match(s)
        or _AGREED_RE.search(s)
        or CLOSING_RE.match(s)
        or MARKER_RE.match(s)
        or _TITLE_REJECT_RE.match(s)
        or len(s) > 600
        or s.endswith((";", ":", ","))
    ):
        return -1
    doc.title = s.lstrip("#").strip() if s.startswith("#") else s
    return first


def _preamble(doc: Document, lines: Lines, title_line: int, limit: int, scan: Scan) -> None:
    """The recitals between the title and the first heading (up to "have agreed as follows")."""
    content, n, starts, text = lines.content, lines.n, lines.starts, lines.text
    if not scan.headings and not _agreed_lines(lines, 0, n - 1):
        return  # the whole text is one provision, and with no "agreed" its preamble would be dropped
    first = title_line + 1 if title_line != -1 else 0
    if not scan.headings and scan.closings and scan.closings[0] >= first:
        limit = scan.closings[0]
    while first < limit and not content[first]:
        first += 1
    if first >= limit:
        return
    heading_line = first if PREAMBLE_RE.match(content[first]) else -1
    last_line = next((k for k in reversed(_agreed_lines(lines, first, limit - 1))), -1)
    if last_line != -1 and heading_line == -1:
        # a heading of its own above the recitals ("RECITALS", "Preamble") starts the preamble
        marked = next((k for k in range(max(first, last_line - 400), last_line) if PREAMBLE_RE.match(content[k])), -1)
        if marked != -1:
            first = heading_line = marked
        else:
            first = _recitals_start(lines, first, last_line)
    elif heading_line == -1:
        opening = _opening_formula(lines, first, limit)
        enacting = _enacting_line(lines, first, limit) if opening == -1 else -1
        if opening != -1:
            first = opening
        elif enacting != -1:
            # no opening formula, but the recitals end with an enacting formula ("... adopts
            # the Uniform Act whose content follows:"): they start where recitals do
            first, last_line = _recitals_start(lines, first, enacting), enacting
        else:
            # neither: a heading of its own ("BACKGROUND", "Foreword") below the cover matter
            marked = next((k for k in range(first, limit) if content[k] and PREAMBLE_HEADING_RE.match(content[k])), -1)
            if marked != -1:
                first = heading_line = marked
    if last_line == -1:
        last_line = limit - 1
        while last_line >= first and not content[last_line]:
            last_line -= 1
    p_start = lines.cstart[first]
    body_first = heading_line + 1 if heading_line != -1 else first
    p_end = lines.ends[last_line] if last_line >= first else p_start
    body_start = starts[body_first] if body_first < n else len(text)
    if heading_line == -1:
        body_start = p_start
    body_start = min(body_start, p_end)
    if not text[body_start:p_end].strip():
        return
    preamble = Provision(
        label="Preamble", number=None, caption=None, start=p_start, body_start=body_start, end=p_end,
        kind=ProvisionKind.PREAMBLE,
    )
    preamble.blocks = build_blocks(lines, body_first, last_line, body_start, p_end)
    doc.preamble = preamble


def _opening_formula(lines: Lines, first: int, limit: int) -> int:
    """Where a preamble with no "have agreed" line begins (a regulation, a resolution, a
    decree): at its opening formula, a short paragraph of one line ending with "," ("THE COUNCIL
    OF THE UNION,", "The General Assembly,") or, failing one, written in capitals as a heading
    ("THE PRESIDENT OF THE REPUBLIC"), followed by a recital that ends as recitals do; -1 for
    none. The cover matter above it (a document symbol, a session, the title's continuation)
    is not preamble."""
    found = _formula_line(lines, first, limit, lambda s: s.endswith(","))
    if found == -1:
        found = _formula_line(lines, first, limit, lambda s: s.isupper() and len(s.split()) >= 2 and s[-1].isalpha())
    return found


def _enacting_line(lines: Lines, first: int, limit: int) -> int:
    """The last paragraph before the first heading when it ends with ":" as an enacting formula
    does ("... have reached the following agreement:", "... adopts the Act whose content
    follows:"), and is a sentence of some length (not a label such as "Contents:"); or -1."""
    content = lines.content
    k = limit - 1
    while k >= first and not content[k]:
        k -= 1
    if k < first or not content[k].endswith(":"):
        return -1
    top = k
    while top - 1 >= first and content[top - 1]:
        top -= 1
    return k if sum(len(content[j].split()) for j in range(top, k + 1)) >= 12 else -1


def _formula_line(lines: Lines, first: int, limit: int, shaped) -> int:
    content, n = lines.content, lines.n
    for k in range(first, min(limit, first + 80)):
        s = content[k]
        if not s or not shaped(s) or len(s) > 120 or not s[0].isupper():
            continue
        if (k > first and content[k - 1]) or (k + 1 < n and content[k + 1]):
            continue  # a line inside a paragraph
        j = k + 1
        while j < limit and not content[j]:
            j += 1
        end = j
        while end + 1 < limit and content[end + 1]:
            end += 1
        if j < limit and content[end].endswith((",", ";", ":")):
            return k
    return -1


def _agreed_lines(lines: Lines, first: int, last: int) -> list[int]:
    """The lines ``first..last`` that say "have agreed as follows" (found by one scan for
    "agree", not a regex search per line)."""
    content = lines.content
    return [k for k in lines_containing(lines, _AGREE_RE, first, last) if content[k] and _AGREED_RE.search(content[k])]


def _recitals_start(lines: Lines, first: int, agreed: int) -> int:
    """Where the recitals begin: going back from "have agreed as follows:", paragraph by
    paragraph, while each ends as a recital does (",", ";" or ":", footnotes and brackets
    aside). Cover matter above them (a chair's note, a document symbol, a session name) ends
    otherwise and is not preamble."""
    content = lines.content
    note = load_grammar().inline_note
    start = agreed
    bottom = agreed
    while bottom >= first:
        top = bottom
        while top - 1 >= first and content[top - 1]:
            top -= 1
        start = top
        k = top - 1
        while k >= first and not content[k]:
            k -= 1
        if k < first:
            return start
        above_top = k
        while above_top - 1 >= first and content[above_top - 1]:
            above_top -= 1
        paragraph = note.sub("", " ".join(content[above_top : k + 1])).rstrip(" ]")
        if not paragraph.endswith((",", ";", ":")):
            return start
        bottom = k
    return start


# --------------------------------------------------------------------------------------------
# Divisions and articles
# --------------------------------------------------------------------------------------------


class _OpenDivisions:
    """The divisions open at a point of the text, with their ranks (0 outermost).

    A division kind takes its rank from the grammar's level the first time it is seen, pushed
    below any deeper open division of another kind (a document may put SECTION above TITLE or
    below it); annexes stand apart and close everything.
    """

    def __init__(self, levels: dict[str, int]) -> None:
        self.levels = levels
        self.open: list[tuple[int, Division]] = []
        self.ranks: dict[DivisionKind, int] = {}

    def rank(self, dkind: DivisionKind) -> int:
        rank = self.ranks.get(dkind)
        if rank is None:
            rank = self.levels.get(dkind.value, 2)
            if dkind is not DivisionKind.ANNEX:
                deeper = [r for r, d in self.open if d.kind is not DivisionKind.ANNEX]
                if deeper and max(deeper) >= rank and not any(d.kind is dkind for _, d in self.open):
                    rank = max(deeper) + 1
            self.ranks[dkind] = rank
        return rank

    def close_at_formula(self, at: int) -> None:
        """A closing formula ("IN WITNESS WHEREOF") closes everything but annexes."""
        for _, d in self.open:
            if d.kind is not DivisionKind.ANNEX:
                d.end = at
        self.open = [item for item in self.open if item[1].kind is DivisionKind.ANNEX]

    def enter(self, division: Division) -> None:
        rank = self.rank(division.kind)
        keep = (lambda item: False) if division.kind is DivisionKind.ANNEX else (
            lambda item: item[1].kind is DivisionKind.ANNEX or item[0] < rank
        )
        while self.open and not keep(self.open[-1]):
            self.open.pop()[1].end = division.start
        self.open.append((rank, division))

    def current(self) -> list[Division]:
        return [d for _, d in self.open]


def _divisions_and_articles(doc: Document, lines: Lines, scan: Scan) -> None:
    """Each heading opens a division or an article that runs to the next heading or closing."""
    starts, n, length = lines.starts, lines.n, len(lines.text)
    boundaries = sorted([h.start_line for h in scan.headings] + scan.closings)
    levels = load_grammar().levels
    divisions = _OpenDivisions(levels)
    closings = list(scan.closings)
    bpos = 0
    for h in scan.headings:
        h_start = starts[h.start_line]
        while closings and closings[0] < h.start_line:
            divisions.close_at_formula(starts[closings.pop(0)])
        while bpos < len(boundaries) and boundaries[bpos] <= h.line:
            bpos += 1
        end = starts[boundaries[bpos]] if bpos < len(boundaries) else length
        if h.kind == "division":
            assert h.dkind is not None
            division = Division(
                kind=h.dkind, label=h.label, number=h.number, heading=h.caption, start=h_start, end=length,
                level=levels.get(h.dkind.value, 2),
            )
            doc.divisions.append(division)
            divisions.enter(division)
            if h.dkind is DivisionKind.ANNEX:  # its own text (a list of offences ...) is a provision
                last_line = boundaries[bpos] - 1 if bpos < len(boundaries) else n - 1
                annex = _provision(lines, h, h_start, end, last_line, divisions.current())
                if lines.text[annex.body_start : annex.end].strip():
                    annex.annex, annex.number = True, None
                    doc.provisions.append(annex)
            continue
        last_line = boundaries[bpos] - 1 if bpos < len(boundaries) else n - 1
        provision = _provision(lines, h, h_start, end, last_line, divisions.current())
        provision.annex = h.in_annex  # an annex's own numbering ("Sec. 3" in a Schedule)
        doc.provisions.append(provision)


def _provision(lines: Lines, h: Heading, start: int, end: int, last_line: int, divisions: list[Division]) -> Provision:
    head_last = h.last_line
    length = len(lines.text)
    if h.body_at != -1:  # "Art. 5. The Parties shall ...": the body starts on the heading line
        body_start, first_body_line = h.body_at, h.line
    else:
        body_start = min(lines.starts[head_last + 1] if head_last + 1 < lines.n else length, end)
        first_body_line = head_last + 1
    provision = Provision(
        label=h.label, number=h.number, caption=h.caption, start=start, body_start=body_start, end=end,
        divisions=divisions,
    )
    provision.blocks = build_blocks(lines, first_body_line, last_line, body_start, end)
    return provision


def _footnotes(lines: Lines) -> list[tuple[int, int]]:
    """Footnotes and endnotes: inline ``[fn 3: ...]`` notes, and a notes section ("Notes",
    "Footnotes", "Endnotes" on a line of its own) to the end of the text. They are shown, but
    the engine never reads them as operative text (a note neither creates nor cures a finding)."""
    grammar = load_grammar()
    text = lines.text
    notes = [m.span() for m in grammar.inline_note.finditer(text)] if "[" in text else []
    if grammar.note_definition is not None and "[" in text:  # "[^3]: ..." on a line of its own
        for i in lines_starting(lines, r"\["):
            s = lines.content[i]
            if s.startswith("[") and grammar.note_definition.fullmatch(s) is not None:
                notes.append((lines.cstart[i], lines.cstart[i] + len(s)))
    for i in reversed(lines_starting(lines, grammar.notes_heading.pattern, grammar.notes_heading.flags)):
        s = lines.content[i]
        if s and grammar.notes_heading.fullmatch(s):
            notes.append((lines.cstart[i], len(text)))
            break
    merged: list[tuple[int, int]] = []
    for start, end in sorted(notes):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _whole_text_provision(doc: Document, lines: Lines, title_line: int) -> None:
    """A draft with no article headings (a clause proposal, a pasted paragraph) is checked as
    one provision, so its offences and powers are not skipped; the run says so in a notice.

    A short first line stays the title unless it reads like operative text; a preamble closed
    by "have agreed as follows" stays the preamble; everything else is the provision.
    """
    content, n = lines.content, lines.n
    first = title_line + 1 if title_line != -1 else 0
    if title_line != -1 and _OPERATIVE_RE.search(content[title_line]):
        doc.title, first = None, title_line
    if doc.preamble is not None:
        closing = _agreed_lines(lines, 0, n - 1)
        if closing:
            first = max(first, closing[-1] + 1)
        else:
            doc.preamble = None
    while first < n and not content[first]:
        first += 1
    if first >= n:
        return
    start = lines.cstart[first]
    end = min([p.start for p in doc.provisions if p.annex and p.start > start] or [len(doc.text)])
    last = n - 1
    while last > first and lines.starts[last] >= end:
        last -= 1
    provision = Provision(label="The text", number=None, caption=None, start=start, body_start=start, end=end)
    provision.blocks = build_blocks(lines, first, last, start, end)
    doc.provisions.insert(0, provision)
    doc.notices.append("no article headings found; the whole text was checked as one provision")
