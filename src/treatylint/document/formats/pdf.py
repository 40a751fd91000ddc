"""PDF: text via pypdf, then undo what typesetting did to the treaty text.

* running headers and footers (lines repeated at the top or bottom of most pages, digits
  ignored), page numbers and document symbols such as ``A/AC.291/22/Rev.3`` are dropped;
* two-column pages (a gutter of spaces down the middle of most lines) are read column by column;
* hard-wrapped lines are re-joined into paragraphs (headings, captions and list items stay on
  lines of their own, and so do lines that open with the document's own numbered word, such as
  three or more "Clause N" lines with rising numbers; a paragraph may run on across a page break);
* line-end hyphenation is undone: ``informa-`` + ``tion`` becomes ``information``, while a real
  hyphen is kept (``co-``/``non-``/``self-`` prefixes, or a hyphenated form used elsewhere in the
  document, e.g. ``computer-`` + ``related``);
* footnote markers glued to words (``materials3``) are dropped, and the notes they point to at
  the foot of the page (``3 The Parties may ...``, after a gap) are shown under ``Notes``, never
  operative (formats/notes.py), as Word footnotes are;
* annotations with text (comments, sticky notes) are shown after the text under ``Notes`` and
  never analysed (formats/notes.py).

Every character keeps its page and its line on that page (counting the page's non-blank text
lines, headers included, from 1) and its column in that line.

A PDF is untrusted input for pypdf: it is read under pypdf's own resource limits, lowered where
a draft needs less (decompressed stream size, page-tree size), with a page cap, a cap on the
characters extracted and a wall-clock bound (:mod:`treatylint.document.limits`). Whatever
pypdf raises on a damaged file becomes one line naming the file, and pypdf's log messages
("EOF marker not found") are silenced while it reads, so that line is all the user sees.
"""

from __future__ import annotations

import dataclasses
import io
import math
import re
from collections import Counter
from pathlib import Path

from treatylint.document import limits
from treatylint.document.formats.base import Loc, SourceText, TextBuilder
from treatylint.document.formats.guard import Deadline, text_too_long, time_limit
from treatylint.document.formats.notes import Note, show_notes
from treatylint.document.formats.pdf_limits import limit_reached as _limit_reached
from treatylint.document.formats.pdf_limits import pypdf_limits as _pypdf_limits
from treatylint.document.formats.pdf_limits import quiet_pypdf as _quiet_pypdf
from treatylint.errors import InputError

_PAGE_NUMBER = re.compile(r"^(?:page|p\.)?\s*[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
_SYMBOL = re.compile(r"^[A-Z][A-Z0-9]{0,9}(?:/[A-Za-z0-9.()\-]+){1,8}$")
_HEADING = re.compile(
    r"^(?:(?:Article|ARTICLE|CHAPTER|Chapter|PART|Part|SECTION|Section|TITLE|ANNEX|Annex|APPENDIX|Appendix|PREAMBLE|Preamble)\b"
    r"|(?:Art|ART|Sec|SEC)\.\s*\d|§)"  # "Art. 5": a word boundary after the full stop never matches
)
_MARKER = re.compile(r"^(?:\(?(?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6}|[A-Z])[.)]|\((?:\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6}|[A-Z])\)|[-–—•·▪◦])(?=\s)")
_FOOTNOTE = re.compile(r"(?<=[a-z]{3})\d{1,2}(?=[\s,.;:)]|$)|(?<=[a-z][.,;:])\d{1,2}(?=\s|$)")
_NOTE_START = re.compile(r"^(\d{1,2})(?:\s+(?=\S)|(?=[A-Z\u201c\"(]))")  # "3 The Parties ...", "3The Parties ..."
_NOTE_LINES = 6  # lines one footnote may run to at a page's foot
_KEEP_HYPHEN = ("co", "non", "self", "ex", "cross", "quasi", "anti", "pre", "post", "multi", "inter")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*[A-Za-z]")
_ZONE = 2  # lines at the top and at the bottom of a page where running heads may sit
_WORD_TAIL = 80  # characters at a paragraph's end searched for the hyphenated word

Chars = list[tuple[str, Loc]]


_ALNUM = re.compile(r"[^\W_]")  # a letter or digit


@dataclasses.dataclass
class _Extras:
    """What reading the pages found besides their lines."""

    include_hidden: bool = False
    off_layers: set[int] = dataclasses.field(default_factory=set)
    hidden: dict[int, list[tuple[str, str, str]]] = dataclasses.field(default_factory=dict)  # page -> (why, text, words before it)
    plain_pages: list[int] = dataclasses.field(default_factory=list)  # layout mode dropped text there
    annotations: list[Note] = dataclasses.field(default_factory=list)  # comments and notes on the pages
    # page -> (text, type size) of its strings, on pages that may have footnotes (a marker glued
    # to a word and a line opening with a number): a footnote is set in smaller type
    sizes: dict[int, list[tuple[str, float]]] = dataclasses.field(default_factory=dict)


def _separate_hidden(page, number: int, extras: _Extras) -> None:
    """Find the page's hidden text; unless it is to be included, leave the page showing only
    what a reader sees (the hidden text operators emptied, hidden layers' forms not drawn)."""
    from pypdf.generic import ContentStream, NameObject

    from treatylint.document.formats.pdf_visibility import classify, emptied

    contents = page.get_contents()
    if contents is None:
        return
    stream = ContentStream(contents, page.pdf)
    operations = stream.operations
    original = page.get("/Contents")
    seen = classify(operations, page, extras.off_layers)
    if not seen.hidden and not seen.hidden_forms:
        return
    only_hidden = []
    visible = []
    for index, (operands, operator) in enumerate(operations):
        if index in seen.hidden or index in seen.hidden_forms:
            only_hidden.append((operands, operator))
            visible.append((emptied(operands, operator), operator) if index in seen.hidden else ([], b"n"))
        else:
            visible.append((operands, operator))
            if operator in (b"Tj", b"TJ", b"'", b'"'):
                only_hidden.append((emptied(operands, operator), operator))
            else:
                only_hidden.append(([], b"n") if operator == b"Do" else (operands, operator))
    stream.operations = only_hidden
    page[NameObject("/Contents")] = stream
    text = " ".join((page.extract_text() or "").split())
    if text:
        whys = list(dict.fromkeys(list(seen.hidden.values()) + list(seen.hidden_forms.values())))
        page[NameObject("/Contents")] = original
        full = " ".join((page.extract_text() or "").split())  # stream order: what comes before it
        at = full.find(text[:20])
        context = " ".join(full[:at].split()[-4:]) if at > 0 else ""
        extras.hidden.setdefault(number, []).append(("; ".join(whys[:3]), text, context))
    replacement = ContentStream(contents, page.pdf)
    if not extras.include_hidden:
        replacement.operations = visible
    page[NameObject("/Contents")] = replacement


def _count_annotations(page, number: int, extras: _Extras) -> None:
    """Comments and notes on the page (text, free-text and other annotations with contents):
    not treaty text, so never analysed, but shown under Notes (formats/notes.py)."""
    try:
        annotations = page.get("/Annots")
        annotations = annotations.get_object() if annotations is not None else []
        for annotation in list(annotations)[:10_000]:
            contents = annotation.get_object().get("/Contents")
            if contents and str(contents).strip():
                extras.annotations.append(Note("comment", len(extras.annotations) + 1, str(contents), Loc(page=number, line=1, column=1)))
    except Exception:  # noqa: BLE001 - a malformed annotation is not worth refusing the draft
        return


def _page_lines(page, number: int, extras: _Extras | None = None) -> list[tuple[str, int, int]]:
    """The page's lines as ``(text, line number, column of the text)``; blank lines get number 0.

    Layout mode keeps columns and indentation but drops text on rotated pages and in some Form
    XObjects; plain mode keeps every string. Both are read, and a page where layout mode lost
    words that plain mode has is read in plain mode (and named in a notice)."""
    extras = extras if extras is not None else _Extras()
    _count_annotations(page, number, extras)
    _separate_hidden(page, number, extras)
    plain = page.extract_text() or ""
    try:
        raw = page.extract_text(extraction_mode="layout")
    except Exception:  # pypdf's layout mode fails on some fonts: fall back to plain extraction
        raw = plain
    if raw is not plain and _layout_lost_text(plain, raw):
        extras.plain_pages.append(number)
        raw = plain
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
    if _FOOTNOTE.search(raw) and any(_NOTE_START.match(text) for text, _, _ in physical):
        extras.sizes[number] = _type_sizes(page)
    return physical


def _type_sizes(page) -> list[tuple[str, float]]:
    """Each string drawn on the page with its type size (the font size scaled by the text and
    graphics matrices); one more pass over the page, made only where a footnote may be."""
    found: list[tuple[str, float]] = []

    def visit(text, cm, tm, _font, size) -> None:
        words = " ".join(text.split())
        if words and size:
            found.append((words, abs(size) * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])))

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # noqa: BLE001 - no sizes: no footnotes told apart on this page
        return []
    return found


def _smaller_type(text: str, sizes: list[tuple[str, float]]) -> bool:
    """Whether the line ``text`` is set in type smaller than most of the page's text."""
    weights: Counter[float] = Counter()
    for words, size in sizes:
        weights[round(size, 1)] += len(words)
    if not weights:
        return False
    body = weights.most_common(1)[0][0]
    probe = " ".join(text.split()[1:4]) or text
    return any(probe in words and size < body * 0.95 for words, size in sizes)


def _layout_lost_text(plain: str, layout: str) -> bool:
    """Whether layout mode dropped any letter or digit plain mode has. Both modes draw the same
    strings and differ on honest pages only in where they put spaces (kerning, justification,
    columns), so the letters and digits of a page are counted, not its words: one word drawn from
    a Form XObject, or over other text at the same spot of the page, is as lost as a sentence.
    (Counting lost words missed such a word: a run of three was the threshold.)"""
    shown = Counter(_ALNUM.findall(layout))
    return any(count > shown[char] for char, count in Counter(_ALNUM.findall(plain)).items())


_MAX_LAYOUT_WIDTH = 1000  # a layout-mode line of a real page is 80-250 characters wide


def _two_columns(lines: list[str]) -> int | None:
    """The gutter column of a two-column page, or None. A page wider than any real page is
    not searched: the search costs width x lines, and a hostile page can be 10,000 wide."""
    texts = [line.rstrip() for line in lines if line.strip()]
    if len(texts) < 8:
        return None
    width = max(len(t) for t in texts)
    if width > _MAX_LAYOUT_WIDTH:
        return None
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


_OPENER = re.compile(r"^([^\W\d_]{1,12}\.?|§)\s?(\d{1,4})(?:[-–.]\d{1,4})*(?=[\s.:)\-–—º°])")


def _numbered_openers(texts: list[str]) -> set[int]:
    """Lines that open with the document's own numbered heading word, whatever that word is
    ("Clause 3 ...", "Art. 2-4.- ...", "Artículo 7 ..."): a word (or §) and a number that open
    at least three lines, their numbers rising. Such a line starts a paragraph even with no
    blank line above it, so the structure stage can still see it as a heading; wrapped text
    rarely opens three lines with the same word and a rising number."""
    seen: dict[str, list[tuple[int, int]]] = {}
    for position, text in enumerate(texts):
        match = _OPENER.match(text)
        if match:
            seen.setdefault(match.group(1).lower(), []).append((position, int(match.group(2))))
    keep: set[int] = set()
    for found in seen.values():
        numbers = [n for _, n in found]
        rising = sum(1 for a, b in zip(numbers, numbers[1:]) if b >= a)
        if len(set(numbers)) >= 3 and rising >= 0.8 * (len(numbers) - 1):
            keep.update(position for position, _ in found)
    return keep


def read_pdf(data: bytes, name: str, include_hidden: bool = False) -> SourceText:
    """The PDF's text, typesetting undone, within the bounds of :mod:`treatylint.document.limits`;
    text a reader does not see goes to ``SourceText.hidden`` (see ``pdf_visibility``)."""
    extras = _Extras(include_hidden)
    seconds = min(limits.MAX_READ_SECONDS, limits.MAX_PDF_SECONDS + limits.MAX_PDF_SECONDS_PER_MB * len(data) / limits.MB)
    with time_limit(name, "this PDF", seconds) as deadline, _quiet_pypdf():
        pages = _extract_pages(data, name, deadline, extras)
    if not any(text for page in pages for text, _, _ in page):
        if extras.hidden:
            raise InputError(f"{name}: every piece of text in the PDF is hidden (invisible, white, off the page or in a switched-off layer)")
        raise InputError(f"{name}: the PDF has no text layer (a scanned image? run OCR first)")
    return _assemble(pages, name, extras)


def _extract_pages(data: bytes, name: str, deadline: Deadline, extras: _Extras | None = None) -> list[list[tuple[str, int, int]]]:
    """Each page's lines; pypdf's errors, whatever their type, become one InputError."""
    try:
        with _pypdf_limits():
            return _read_pages(data, name, deadline, extras if extras is not None else _Extras())
    except InputError:
        raise
    except _limit_reached() as exc:
        if "decompress" in str(exc).lower():
            raise InputError(
                f"{name}: refused: a stream in the PDF inflates to more than "
                f"{limits.MAX_PDF_STREAM_BYTES // limits.MB} MB (a decompression bomb?)"
            ) from None
        raise InputError(f"{name}: refused: the PDF passes a safety limit of the PDF reader ({_one_line(exc)})") from None
    except RecursionError:
        raise InputError(f"{name}: refused: the PDF's objects nest or refer to each other too deeply") from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on damaged files
        raise InputError(f"{name}: cannot read PDF: damaged or truncated ({_one_line(exc)}){_disguised(name)}") from None


def _read_pages(data: bytes, name: str, deadline: Deadline, extras: _Extras) -> list[list[tuple[str, int, int]]]:
    import pypdf

    from treatylint.document.formats.pdf_visibility import off_layers

    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        _decrypt(reader, name)
    _check_page_count(reader, name)
    extras.off_layers = off_layers(reader)
    pages = []
    extracted = 0
    for number, page in enumerate(reader.pages, 1):
        deadline.check()
        with time_limit(name, f"page {number} of this PDF", limits.MAX_PDF_PAGE_SECONDS) as page_deadline:
            lines = _page_lines(page, number, extras)
        page_deadline.check()  # where no alarm could interrupt the page, at least stop after it
        extracted += sum(len(text) for text, _, _ in lines)
        if extracted > limits.MAX_TEXT_CHARS:
            raise text_too_long(name)
        pages.append(lines)
    return pages


def _decrypt(reader, name: str) -> None:
    """Open a PDF encrypted with an empty user password (the usual "no copying" restriction);
    refuse one that needs a password, or an encryption pypdf cannot undo here."""
    refusal = f"{name}: the PDF is encrypted (password-protected); export an unencrypted copy"
    try:
        opened = reader.decrypt("")
    except Exception as exc:  # noqa: BLE001 - DependencyError (AES without cryptography), bad /Encrypt
        raise InputError(f"{refusal} ({_one_line(exc)})") from None
    if not opened:
        raise InputError(refusal)


def _check_page_count(reader, name: str) -> None:
    """Refuse more than ``limits.MAX_PDF_PAGES`` pages: the declared count first (no page read),
    then the real one (pypdf's page-tree limit stops a tree that lies about its count)."""
    try:
        declared = int(reader.trailer["/Root"]["/Pages"]["/Count"])
    except Exception:  # noqa: BLE001 - a missing or odd /Count: the real count decides
        declared = 0
    try:
        count = max(declared, len(reader.pages)) if declared <= limits.MAX_PDF_PAGES else declared
    except _limit_reached():
        count = None
    if count is None or count > limits.MAX_PDF_PAGES:
        size = f"{count:,} pages" if count is not None else "a page tree larger than any draft's"
        raise InputError(f"{name}: refused: the PDF has {size}; the limit is {limits.MAX_PDF_PAGES:,} pages: split the file")


def _one_line(exc: BaseException) -> str:
    """pypdf's message on one line, without the memory addresses it puts in object references."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = re.sub(r"IndirectObject\((\d+), (\d+), \d+\)", r"object \1 \2 R", text)
    return text if len(text) <= 160 else text[:157] + "..."


def _disguised(name: str) -> str:
    """A hint when the file's name hides that it is a PDF (``draft.txt`` holding ``%PDF-``)."""
    return "" if Path(name).suffix.lower() == ".pdf" else "; the file is a PDF, whatever its name says"


def _assemble(pages: list[list[tuple[str, int, int]]], name: str, extras: _Extras | None = None) -> SourceText:
    """The linear text of the pages: running heads dropped, paragraphs re-joined."""
    extras = extras if extras is not None else _Extras()
    removed = _running_heads(pages)
    footnotes: list[Note] = []
    noted: set[tuple[int, int]] = set()  # (page, index) of footnote lines
    for page_no, page in enumerate(pages, 1):
        if page_no not in extras.plain_pages:  # plain order has no gaps to see the foot by
            lines, notes = _page_footnotes(page, page_no, removed, extras.sizes.get(page_no, []))
            noted |= {(page_no, index) for index in lines}
            footnotes += notes
    # ---- the line stream: (chars, page, blank-before) -------------------------------------
    stream: list[tuple[str, Chars, bool | None]] = []  # (text, chars, break before; None: new page)
    blank: bool | None = True
    for page_no, page in enumerate(pages, 1):
        blank = None if stream else True  # blank space around running heads says nothing
        for index, (text, line_no, _col) in enumerate(page):
            if not text or (page_no, index) in removed or (page_no, index) in noted:
                if not text and blank is not None:
                    blank = True
                continue
            chars = [(ch, Loc(line_no, i + 1, page=page_no)) for i, ch in enumerate(text)]
            chars = _drop_footnote_markers(chars)
            stream.append(("".join(ch for ch, _ in chars), chars, blank))
            blank = False
    vocabulary = Counter(w.lower() for text, _, _ in stream for w in _WORD.findall(text))
    openers = _numbered_openers([text for text, _, _ in stream])
    # ---- paragraphs -----------------------------------------------------------------------
    out = TextBuilder(extras.include_hidden)
    paragraph: Chars = []
    previous = ""
    for position, (text, chars, brk) in enumerate(stream):
        page = chars[0][1].page
    
        new_block = bool(brk) or not paragraph
        if not new_block:
            if _heading_like(previous) or _heading_like(text) or _MARKER.match(text) or position in openers:
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
    _note_hidden(out, extras)
    notices = []
    if footnotes:
        words, more = show_notes((out,), footnotes)
        notices.append(f"{name}: {len(footnotes)} footnote{'s' if len(footnotes) != 1 else ''} ({words} words) at the foot of "
                       f"the pages shown under Notes at the end, never checked: they are not operative treaty text{more}")
    if extras.annotations:
        notes = extras.annotations
        words, more = show_notes((out,), notes)
        notices.append(f"{name}: {len(notes)} annotation{'s' if len(notes) != 1 else ''} ({words} words: comments "
                       f"and notes on the pages) shown under Notes at the end, never checked: they are not operative treaty text{more}")
    if extras.plain_pages:
        shown = ", ".join(map(str, extras.plain_pages[:10])) + (" ..." if len(extras.plain_pages) > 10 else "")
        notices.append(f"{name}: page{'s' if len(extras.plain_pages) > 1 else ''} {shown} read in plain text order: "
                       "layout extraction lost text there (rotated text, or text drawn from a form, maybe over other text), so columns may be interleaved")
    if removed:
        notices.append(f"{name}: {len(removed)} running header, footer and page-number line(s) left out")
    return SourceText(out.text(), "pdf", out.map, notices=notices, hidden=out.hidden)


def _note_hidden(out: TextBuilder, extras: _Extras) -> None:
    """Record each page's hidden text at the place it sits among the visible words (found by the
    words that come before it in the page's content stream), or at the end of the page's text."""
    from treatylint.document.formats.base import HiddenText

    built = "".join(out._parts)
    for page in sorted(extras.hidden):
        for why, text, context in extras.hidden[page]:
            anchor = _find_words(built, context) if context else None
            if extras.include_hidden:
                start = _find_words(built, text[:60].rsplit(" ", 1)[0] if len(text) > 60 else text, start_of=True)
                if start is not None:
                    out.hidden.append(HiddenText(start, start + len(text), Loc(page=page), why, text))
                    continue
            if anchor is None:
                anchor = _page_end(out, page, len(built))
            # read with --include-hidden but not found in one piece: one character marks the place
            end = anchor + 1 if extras.include_hidden else anchor
            out.hidden.append(HiddenText(anchor, end, Loc(page=page), why, text))
    out.hidden.sort(key=lambda item: item.start)


def _find_words(text: str, words: str, start_of: bool = False) -> int | None:
    """Where ``words`` (whitespace-insensitive, hyphenation at line ends undone) are in
    ``text``: their end, or with ``start_of`` their start; None if absent."""
    parts = words.split()
    if not parts:
        return None
    pattern = r"[\s\-\u00ad]*".join(re.escape(part) for part in parts)
    found = None
    for found in re.finditer(pattern, text):
        pass  # the last occurrence: the page's own, not an earlier running phrase
    if found is None:
        return None
    return found.start() if start_of else found.end()


def _page_end(out: TextBuilder, page: int, length: int) -> int:
    """The offset just after the last character of ``page`` in the built text."""
    last = None
    for offset in range(length - 1, -1, -1):
        loc = out.map.locate(offset)
        if loc is not None and loc.page is not None and loc.page <= page:
            last = offset + 1
            break
    return last if last is not None else 0


def _is_caption(previous: str, stream, position: int) -> bool:
    """Is ``previous`` the caption line under an article heading (a short line of its own)?
    Not when the next line goes on in lower case: that is the first line of the body, wrapped
    (also in the middle of a word: "... of extre-" / "mist materials" were two paragraphs, so
    neither the sentence nor the word was read whole)."""
    if position < 2 or stream[position][0][:1].islower():
        return False
    before = stream[position - 2][0]
    return _HEADING.match(before) is not None and len(previous) < 80 and not previous.endswith((".", ";", ","))


def _join(paragraph: Chars, chars: Chars, vocabulary: Counter) -> None:
    """Append a wrapped line to its paragraph, undoing line-end hyphenation."""
    if len(paragraph) >= 2 and paragraph[-1][0] in "-\u00ad" and paragraph[-2][0].isalpha() and chars[0][0].isalpha():
        head = "".join(ch for ch, _ in paragraph[-_WORD_TAIL:])  # the tail only: joins stay linear
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


def _page_footnotes(page: list[tuple[str, int, int]], page_no: int, removed: set[tuple[int, int]],
                    sizes: list[tuple[str, float]]) -> tuple[set[int], list[Note]]:
    """The footnotes at the foot of a page: (their line indexes, the notes). A footnote is a
    block of lines at the bottom of the page, after a gap (blank lines in layout order), each
    note opening with a number that a marker glued to a word higher up the page carries
    ("materials3" ... "3 The Parties may ..."), in smaller type than the page's text (``sizes``),
    the numbers rising down the block; a note may run on for a few lines. Numbered paragraphs
    of the text itself ("3. Each Party") carry a full stop or a bracket, are set like the text
    and no marker points to them, so they stay text (and so does a paragraph a counterpart
    numbers like a note but sets in the text's type)."""
    lines = [(index, text, number) for index, (text, number, _) in enumerate(page) if text and (page_no, index) not in removed]
    if len(lines) < 2 or not sizes:
        return set(), []
    marks: list[set[int]] = []  # the markers glued to words on the lines above each line
    seen: set[int] = set()
    for _, text, _ in lines:
        marks.append(set(seen))
        seen |= {int(m.group()) for m in _FOOTNOTE.finditer(text)}
    if not seen:
        return set(), []
    start, last, run = None, 100, 0
    for k in range(len(lines) - 1, 0, -1):  # upwards from the foot of the page
        found = _NOTE_START.match(lines[k][1])
        number = int(found.group(1)) if found else None
        if number is not None and number < last and number in marks[k] and _smaller_type(lines[k][1], sizes):
            start, last, run = k, number, 0
        else:
            run += 1
            if run >= _NOTE_LINES:
                break
    if start is None or page[lines[start][0] - 1][0]:  # no note, or no gap above the first
        return set(), []
    notes: list[Note] = []
    for index, text, number in lines[start:]:
        found = _NOTE_START.match(text)
        if found and (not notes or int(found.group(1)) > notes[-1].number):
            notes.append(Note("fn", int(found.group(1)), text[found.end():], Loc(number, 1, page=page_no)))
        else:
            notes[-1] = dataclasses.replace(notes[-1], text=f"{notes[-1].text} {text}")
    return {index for index, _, _ in lines[start:]}, notes


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
