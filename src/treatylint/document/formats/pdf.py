"""PDF: text via pypdf, then undo what typesetting did to the treaty text.

* running headers and footers (lines repeated at the top or bottom of most pages, digits
  ignored), page numbers and document symbols such as ``A/AC.291/22/Rev.3`` are dropped;
* two-column pages (a gutter of spaces down the middle of most lines) are read column by column;
* hard-wrapped lines are re-joined into paragraphs (headings, captions and list items stay on
  lines of their own; a paragraph may run on across a page break);
* line-end hyphenation is undone: ``informa-`` + ``tion`` becomes ``information``, while a real
  hyphen is kept (``co-``/``non-``/``self-`` prefixes, or a hyphenated form used elsewhere in the
  document, e.g. ``computer-`` + ``related``);
* footnote markers glued to words (``materials3``) are dropped.

Every character keeps its page and its line on that page (counting the page's non-blank text
lines, headers included, from 1) and its column in that line.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter

from treatylint.document.formats.base import Loc, SourceText, TextBuilder
from treatylint.errors import InputError

_PAGE_NUMBER = re.compile(r"^(?:page|p\.)?\s*[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
_SYMBOL = re.compile(r"^[A-Z][A-Z0-9]{0,9}(?:/[A-Za-z0-9.()\-]+){1,8}$")
_HEADING = re.compile(
    r"^(?:Article|ARTICLE|Art\.|CHAPTER|Chapter|PART|Part|SECTION|Section|TITLE|ANNEX|Annex|APPENDIX|Appendix|PREAMBLE|Preamble)\b"
)
_MARKER = re.compile(r"^(?:\(?(?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6}|[A-Z])[.)]|\((?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6}|[A-Z])\)|[-–—•·▪◦])(?=\s)")
_FOOTNOTE = re.compile(r"(?<=[a-z]{3})\d{1,2}(?=[\s,.;:)]|$)|(?<=[a-z][.,;:])\d{1,2}(?=\s|$)")
_KEEP_HYPHEN = ("co", "non", "self", "ex", "cross", "quasi", "anti", "pre", "post", "multi", "inter")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*[A-Za-z]")
_ZONE = 2  # lines at the top and at the bottom of a page where running heads may sit

Chars = list[tuple[str, Loc]]


def _page_lines(page, number: int) -> list[tuple[str, int, int]]:
    """The page's lines as ``(text, line number, column of the text)``; blank lines get number 0."""
    try:
        raw = page.extract_text(extraction_mode="layout")
    except Exception:  # pypdf's layout mode fails on some fonts: fall back to plain extraction
        raw = page.extract_text() or ""
    lines = raw.split("\n")
    columns = _two_columns(lines)
    physical: list[tuple[str, int, int]] = []
    if columns:
        # number each (left, right) piece in reading order: left column first, then right
        seq = [line[:columns] for line in lines] + [""] + [line[columns:] for line in lines]
    else:
        seq = lines
    count = 0
    for text in seq:
        stripped = text.strip()
        if not stripped:
            physical.append(("", 0, 0))
            continue
        count += 1
        physical.append((stripped, count, 1))
    return physical


def _two_columns(lines: list[str]) -> int | None:
    """The gutter column of a two-column page, or None."""
    texts = [line.rstrip() for line in lines if line.strip()]
    if len(texts) < 8:
        return None
    width = max(len(t) for t in texts)
    best, best_count = None, 0
    for c in range(int(width * 0.3), int(width * 0.7)):
        both = crossing = 0
        for t in texts:
            if len(t) <= c + 1:
                continue
            window = t[c - 1 : c + 2]
            if window.strip():
                crossing += 1
            elif t[:c].strip() and t[c:].strip():
                both += 1
        if crossing <= len(texts) * 0.05 and both > best_count:
            best, best_count = c, both
    if best is not None and best_count >= max(5, len(texts) * 0.4):
        return best
    return None


def _heading_like(text: str) -> bool:
    if _HEADING.match(text) and len(text) < 120:
        return True
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and len(text) < 80 and all(ch.isupper() for ch in letters) and len(letters) > 3


def read_pdf(data: bytes, name: str) -> SourceText:
    try:
        import pypdf
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError(f"{name}: reading PDF needs the pypdf package") from None
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise InputError(f"{name}: the PDF is encrypted") from None
        pages = [_page_lines(page, n) for n, page in enumerate(reader.pages, 1)]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{name}: cannot read PDF ({exc})") from None
    if not any(text for page in pages for text, _, _ in page):
        raise InputError(f"{name}: the PDF has no text layer (a scanned image? run OCR first)")
    removed = _running_heads(pages)
    # ---- the line stream: (chars, page, blank-before) -------------------------------------
    stream: list[tuple[str, Chars, bool | None]] = []  # (text, chars, break before; None: new page)
    blank: bool | None = True
    for page_no, page in enumerate(pages, 1):
        blank = None if stream else True  # blank space around running heads says nothing
        for index, (text, line_no, _col) in enumerate(page):
            if not text or (page_no, index) in removed:
                if not text and blank is not None:
                    blank = True
                continue
            chars = [(ch, Loc(line_no, i + 1, page=page_no)) for i, ch in enumerate(text)]
            chars = _drop_footnote_markers(chars)
            stream.append(("".join(ch for ch, _ in chars), chars, blank))
            blank = False
    vocabulary = Counter(w.lower() for text, _, _ in stream for w in _WORD.findall(text))
    # ---- paragraphs -----------------------------------------------------------------------
    out = TextBuilder()
    paragraph: Chars = []
    previous = ""
    for position, (text, chars, brk) in enumerate(stream):
        page = chars[0][1].page
        new_block = bool(brk) or not paragraph
        if not new_block:
            if _heading_like(previous) or _heading_like(text) or _MARKER.match(text):
                new_block = True
            elif brk is None and previous.endswith((".", ";", ":")) and text[:1].isupper():
                new_block = True  # a paragraph that ended at the foot of the previous page
            elif _is_caption(previous, stream, position):
                new_block = True
        if new_block:
            if paragraph:
                out.block(paragraph)
            paragraph = list(chars)
        else:
            _join(paragraph, chars, vocabulary)
        previous = text
    if paragraph:
        out.block(paragraph)
    notices = []
    if removed:
        notices.append(f"{name}: {len(removed)} running header, footer and page-number line(s) left out")
    return SourceText(out.text(), "pdf", out.map, notices=notices)


def _is_caption(previous: str, stream, position: int) -> bool:
    """Is ``previous`` the caption line under an article heading (a short line of its own)?"""
    if position < 2:
        return False
    before = stream[position - 2][0]
    return _HEADING.match(before) is not None and len(previous) < 80 and not previous.endswith((".", ";", ","))


def _join(paragraph: Chars, chars: Chars, vocabulary: Counter) -> None:
    """Append a wrapped line to its paragraph, undoing line-end hyphenation."""
    if len(paragraph) >= 2 and paragraph[-1][0] in "-\u00ad" and paragraph[-2][0].isalpha() and chars[0][0].isalpha():
        head = "".join(ch for ch, _ in paragraph)
        left = re.search(r"([A-Za-z]+)[-\u00ad]$", head)
        right = re.match(r"[A-Za-z]+", "".join(ch for ch, _ in chars[:40]))
        lw, rw = (left.group(1) if left else ""), (right.group(0) if right else "")
        hyphenated = f"{lw}-{rw}".lower()
        joined = f"{lw}{rw}".lower()
        keep = paragraph[-1][0] == "-" and (
            lw.lower() in _KEEP_HYPHEN
            or (vocabulary[hyphenated] > 0 and vocabulary[joined] == 0)
            or not (lw[-1:].islower() and rw[:1].islower())
        )
        if not keep:
            paragraph.pop()  # the typesetter's hyphen
        paragraph.extend(chars)
        return
    paragraph.append((" ", paragraph[-1][1]))
    paragraph.extend(chars)


def _drop_footnote_markers(chars: Chars) -> Chars:
    text = "".join(ch for ch, _ in chars)
    spans = [(m.start(), m.end()) for m in _FOOTNOTE.finditer(text)]
    if not spans:
        return chars
    drop = {i for start, end in spans for i in range(start, end)}
    return [item for i, item in enumerate(chars) if i not in drop]


def _running_heads(pages: list[list[tuple[str, int, int]]]) -> set[tuple[int, int]]:
    """(page, index) of header/footer lines: repeated in the page zones, page numbers, symbols."""
    zones: list[list[int]] = []
    for page in pages:
        text_indexes = [i for i, (text, _, _) in enumerate(page) if text]
        zone = text_indexes[:_ZONE] + [i for i in text_indexes[-_ZONE:] if i not in text_indexes[:_ZONE]]
        zones.append(zone)
    counts: Counter[str] = Counter()
    for page, zone in zip(pages, zones):
        counts.update({_key(page[i][0]) for i in zone})
    needed = max(2, math.ceil(len(pages) * 0.5))
    removed: set[tuple[int, int]] = set()
    for page_no, (page, zone) in enumerate(zip(pages, zones), 1):
        for i in zone:
            text = page[i][0]
            repeated = len(pages) >= 2 and counts[_key(text)] >= needed and not _HEADING.match(text)
            if repeated or _PAGE_NUMBER.match(text) or _SYMBOL.match(text):
                removed.add((page_no, i))
    return removed


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).lower()
