"""Word (.docx): paragraphs, automatic numbering and headings, with tracked changes.

python-docx does not expose tracked changes (``w:ins`` / ``w:del``), so the package's
``word/document.xml`` is read directly from the zip. The package is untrusted: the archive is
opened and its parts inflated under the bounds of :mod:`treatylint.document.formats.safe_zip`
(zip bombs), and each part is parsed with a hardened parser (defusedxml: no DTD, so no entities
and no external references) that also bounds element nesting. python-docx is not used: it
would load every part of the package. By default the text reads as it would with every change
accepted (insertions kept, deletions dropped); ``SourceText.original`` holds the text with every
change rejected, and ``SourceText.changes`` the ranges of the accepted text that insertions
wrote (``original.changes``: what deletions removed). Comments are not treaty text: like
footnotes and endnotes they are shown after the text under ``Notes`` (formats/notes.py) and
never analysed. Each character maps back to its paragraph (1-based, in document order).

The text is the text Word shows. Runs Word does not display (``w:vanish``, directly or through
their style), runs under 2 points and runs coloured like their background go to
``SourceText.hidden``. ``mc:AlternateContent`` is read as Word renders it: the first
``mc:Choice`` whose required namespaces Word knows, else the ``mc:Fallback`` (so a text box,
written once in each, is read once). Paragraphs of an ``altChunk`` (an HTML or text part Word
imports when it opens the file) are read in place; a chunk in a format treatylint cannot read
is named in a notice. Footnotes and endnotes are shown, never analysed
(formats/notes.py).
"""

from __future__ import annotations

import xml.etree.ElementTree as StdET

from treatylint.document import limits
from treatylint.document.formats.base import Loc, SourceText, TextBuilder
from treatylint.document.formats.docx_numbering import W
from treatylint.document.formats.docx_numbering import Numbering as _Numbering
from treatylint.document.formats.docx_numbering import int_or as _int
from treatylint.document.formats.docx_numbering import val as _val
from treatylint.document.formats.guard import text_too_long, time_limit
from treatylint.document.formats.notes import Note, show_notes, summary
from treatylint.document.formats.safe_zip import PartReader, open_package
from treatylint.errors import InputError

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_SKIP = {W + "pPr", W + "rPr", W + "instrText", W + "delInstrText", W + "commentReference",
         W + "footnoteReference", W + "endnoteReference", W + "sectPr", W + "tblPr",
         W + "trPr", W + "tcPr"}
# Namespaces Word 2010-2021 understands in an mc:Choice's Requires (a Choice requiring anything
# else is skipped by Word, which shows the Fallback)
_KNOWN_NS = frozenset(
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape "
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup "
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas "
    "http://schemas.microsoft.com/office/word/2010/wordprocessingInk "
    "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing "
    "http://schemas.microsoft.com/office/word/2010/wordml "
    "http://schemas.microsoft.com/office/word/2012/wordml "
    "http://schemas.microsoft.com/office/word/2015/wordml/symex "
    "http://schemas.microsoft.com/office/word/2016/wordml/cid "
    "http://schemas.microsoft.com/office/word/2018/wordml "
    "http://schemas.microsoft.com/office/word/2018/wordml/cex "
    "http://schemas.microsoft.com/office/drawing/2010/main "
    "http://schemas.microsoft.com/office/drawing/2014/chartex "
    "http://schemas.microsoft.com/office/drawing/2010/slicer "
    "http://schemas.openxmlformats.org/drawingml/2006/main "
    "http://schemas.openxmlformats.org/officeDocument/2006/math".split()
)
_OFF = ("0", "false", "off")
_TINY_HALF_POINTS = 3  # w:sz is in half-points: under 2 points nobody reads it
_INSERT = {W + "ins", W + "moveTo"}
_DELETE = {W + "del", W + "moveFrom"}


class _TooDeep(Exception):
    """Element nesting passed ``limits.MAX_XML_DEPTH`` (raised while parsing or walking runs)."""


class _TooMany(Exception):
    """A part has more than ``limits.MAX_XML_ELEMENTS`` elements."""


class _BoundedBuilder(StdET.TreeBuilder):
    """A tree builder that stops at ``limits.MAX_XML_DEPTH`` levels and ``limits.MAX_XML_ELEMENTS``
    elements: a million nested elements would overflow the stack of any recursive walk, and
    every element costs parse time and memory whatever the part's size in bytes."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.count = 0
        self.namespaces: dict[str, str] = {}  # prefix -> URI (the last declaration wins)

    def start_ns(self, prefix, uri):  # noqa: ANN001, ANN201 (XMLParser calls it when defined)
        if len(self.namespaces) < 1000:
            self.namespaces[prefix] = uri

    def start(self, tag, attrs):  # noqa: ANN001, ANN201 (TreeBuilder API)
        self.depth += 1
        self.count += 1
        if self.depth > limits.MAX_XML_DEPTH:
            raise _TooDeep
        if self.count > limits.MAX_XML_ELEMENTS:
            raise _TooMany
        return super().start(tag, attrs)

    def end(self, tag):  # noqa: ANN001, ANN201
        self.depth -= 1
        return super().end(tag)


def _parse(parts: PartReader, member: str, name: str):
    """The part's XML tree, or None if the package has no such part."""
    import defusedxml
    import defusedxml.ElementTree as ET

    data = parts.read(member)
    if data is None:
        return None
    builder = _BoundedBuilder()
    parser = ET.DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(data)
        root = parser.close()
        _NAMESPACES[id(root)] = builder.namespaces
        return root
    except _TooDeep:
        raise InputError(f"{name}: refused: {member} nests elements more than {limits.MAX_XML_DEPTH} deep (not a real Word file)") from None
    except _TooMany:
        raise InputError(
            f"{name}: refused: {member} has more than {limits.MAX_XML_ELEMENTS:,} XML elements "
            "(a 1,000-page draft has about 300,000)"
        ) from None
    except defusedxml.DTDForbidden:
        raise InputError(
            f"{name}: refused: {member} has a DOCTYPE (Word never writes one; its entities or external references are not read)"
        ) from None
    except defusedxml.DefusedXmlException:
        raise InputError(f"{name}: refused: {member} declares entities or external references") from None
    except ET.ParseError as exc:
        raise InputError(f"{name}: {member} is not well-formed XML ({exc})") from None


_NAMESPACES: dict[int, dict[str, str]] = {}  # id(root) -> the part's prefixes (ElementTree drops them)


def _choose(alternate, namespaces: dict[str, str]):
    """The branch of an ``mc:AlternateContent`` that Word renders: the first Choice whose
    Requires names only namespaces Word knows, else the Fallback (None: neither)."""
    for choice in alternate.findall(MC + "Choice"):
        required = (choice.get("Requires") or "").split()
        if required and all(namespaces.get(prefix) in _KNOWN_NS for prefix in required):
            return choice
    return alternate.find(MC + "Fallback")


def _on(element) -> bool:
    """A toggle property (``<w:vanish/>``, ``<w:vanish w:val="false"/>``) is on."""
    return element is not None and (element.get(W + "val") or "true").lower() not in _OFF


class _Look:
    """How runs look, as far as visibility goes: direct formatting over character style over
    paragraph style over the document defaults (styles follow ``w:basedOn``)."""

    def __init__(self, styles, document) -> None:
        self.styles: dict[str, tuple[str | None, object]] = {}
        self.defaults = None
        if styles is not None:
            for style in styles.iter(W + "style"):
                self.styles[style.get(W + "styleId", "")] = (_val(style.find(W + "basedOn")), style.find(W + "rPr"))
            self.defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        background = document.find(W + "background")
        self.page = _colour(background.get(W + "color") if background is not None else None) or "FFFFFF"

    def _chain(self, style: str | None) -> list:
        found = []
        seen: set[str] = set()
        while style and style not in seen and len(seen) < 32:
            seen.add(style)
            based, rpr = self.styles.get(style, (None, None))
            if rpr is not None:
                found.append(rpr)
            style = based
        return found

    def why_hidden(self, rpr, ppr) -> str | None:
        """Why a run with these properties is not seen, or None."""
        layers = [rpr] if rpr is not None else []
        layers += self._chain(_val(rpr.find(W + "rStyle")) if rpr is not None else None)
        layers += self._chain(_val(ppr.find(W + "pStyle")) if ppr is not None else None)
        if self.defaults is not None:
            layers.append(self.defaults)

        def first(tag: str):
            return next((found for layer in layers if (found := layer.find(W + tag)) is not None), None)

        for tag in ("vanish", "specVanish"):
            if _on(first(tag)):
                return f"a Word run marked hidden (w:{tag})"
        size = first("sz")
        if size is not None and _int(size.get(W + "val"), 24) <= _TINY_HALF_POINTS:
            return f"a Word run in {_int(size.get(W + 'val'), 24) / 2:g}-point type"
        colour = first("color")
        text = _colour(colour.get(W + "val") if colour is not None else None)
        if text is not None:
            shade = first("shd")
            highlight = first("highlight")
            paragraph_shade = ppr.find(W + "shd") if ppr is not None else None
            background = (
                _colour(shade.get(W + "fill") if shade is not None else None)
                or _HIGHLIGHTS.get((_val(highlight) or "").lower())
                or _colour(paragraph_shade.get(W + "fill") if paragraph_shade is not None else None)
                or self.page
            )
            if _close(text, background):
                return f"a Word run coloured like its background (#{text} on #{background})"
        return None


_HIGHLIGHTS = {"white": "FFFFFF", "black": "000000", "yellow": "FFFF00", "green": "00FF00", "cyan": "00FFFF",
               "magenta": "FF00FF", "blue": "0000FF", "red": "FF0000", "darkblue": "000080", "darkcyan": "008080",
               "darkgreen": "008000", "darkmagenta": "800080", "darkred": "800000", "darkyellow": "808000",
               "darkgray": "808080", "lightgray": "C0C0C0"}


def _colour(value: str | None) -> str | None:
    if value and len(value) == 6 and all(ch in "0123456789abcdefABCDEF" for ch in value):
        return value.upper()
    return None  # "auto", missing or malformed: Word picks a readable colour


def _close(a: str, b: str) -> bool:
    """Two colours a reader cannot tell apart (each channel within 24 of 255)."""
    return all(abs(int(a[i : i + 2], 16) - int(b[i : i + 2], 16)) <= 24 for i in (0, 2, 4))


class _Walk:
    """The context of one paragraph's walk: how runs look, the part's namespaces."""

    def __init__(self, look: "_Look", namespaces: dict[str, str], ppr) -> None:
        self.look = look
        self.namespaces = namespaces
        self.ppr = ppr


def _runs(element, state: str, out: list[tuple[str, str, str | None]], depth: int = 0,
          walk: _Walk | None = None, why: str | None = None) -> None:
    """Text pieces of ``element`` in order, each tagged normal / ins / del and with why it is
    hidden (None: shown)."""
    if depth > limits.MAX_XML_DEPTH:  # parsing bounds depth already; this keeps the walk safe alone
        raise _TooDeep
    for child in element:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag in _INSERT:
            _runs(child, "del" if state == "del" else "ins", out, depth + 1, walk, why)
        elif tag in _DELETE:
            _runs(child, "del", out, depth + 1, walk, why)
        elif tag == W + "t" or tag == W + "delText":
            out.append((child.text or "", state, why))
        elif tag == W + "tab":
            out.append(("\t", state, why))
        elif tag in (W + "br", W + "cr"):
            out.append(("\n", state, why))
        elif tag in (W + "noBreakHyphen",):
            out.append(("-", state, why))
        elif tag == W + "p":
            continue  # nested paragraphs (text boxes) are read as paragraphs of their own
        elif tag == MC + "AlternateContent":
            branch = _choose(child, walk.namespaces if walk else {})
            if branch is not None:
                _runs(branch, state, out, depth + 1, walk, why)
        elif tag == W + "r" and walk is not None and why is None:
            _runs(child, state, out, depth + 1, walk, walk.look.why_hidden(child.find(W + "rPr"), walk.ppr))
        else:
            _runs(child, state, out, depth + 1, walk, why)


def _blocks(element, namespaces: dict[str, str], depth: int = 0):
    """The paragraphs and ``altChunk``s under ``element`` in document order, as Word renders
    them: one branch of each ``mc:AlternateContent``, so a text box is read once."""
    if depth > limits.MAX_XML_DEPTH:
        raise _TooDeep
    for child in element:
        tag = child.tag
        if tag == W + "p" or tag == W + "altChunk":
            yield child
            if tag == W + "p":
                yield from _blocks(child, namespaces, depth + 1)  # text boxes inside its runs
        elif tag == MC + "AlternateContent":
            branch = _choose(child, namespaces)
            if branch is not None:
                yield from _blocks(branch, namespaces, depth + 1)
        elif tag not in (W + "pPr", W + "rPr", W + "sectPr"):
            yield from _blocks(child, namespaces, depth + 1)


def read_docx(data: bytes, name: str, include_hidden: bool = False) -> SourceText:
    """The draft's text with tracked changes accepted (``original``: rejected), within the
    bounds of :mod:`treatylint.document.limits`."""
    with time_limit(name, "this Word file"):
        package = _load(data, name)
        _check_text_size(package.document, name)
        return _read(package, name, include_hidden)


class _Package:
    """The parts the reader uses."""

    def __init__(self, parts: PartReader, name: str, archive) -> None:
        document = _parse(parts, "word/document.xml", name)
        if document is None:
            raise InputError(f"{name}: {_not_word(archive)}")
        self.document = document
        self.namespaces = _NAMESPACES.pop(id(document), {})
        styles = _parse(parts, "word/styles.xml", name)
        self.numbering = _Numbering(_parse(parts, "word/numbering.xml", name), styles)
        self.look = _Look(styles, document)
        self.comments = _parse(parts, "word/comments.xml", name)
        self.notes = {kind: _parse(parts, f"word/{kind}.xml", name) for kind in ("footnotes", "endnotes")}
        self.chunks = _alt_chunks(parts, document, name)
        for tree in (styles, self.comments, *self.notes.values()):
            if tree is not None:
                _NAMESPACES.pop(id(tree), None)


_REFERENCES = ((W + "footnoteReference", "footnotes"), (W + "endnoteReference", "endnotes"),
               (W + "commentReference", "comments"))
_NOTE_KIND = {"footnotes": "fn", "endnotes": "endnote", "comments": "comment"}


def _notes(package: _Package, referenced: dict[tuple[str, str], int], last: int) -> list[Note]:
    """The footnotes, endnotes and comments, each located at the paragraph of its reference
    (Word's separator notes, ids 0 and -1, hold no text)."""
    notes: list[Note] = []
    counts: dict[str, int] = {}
    parts = [(kind, package.notes.get(kind)) for kind in ("footnotes", "endnotes")]
    for kind, tree in [*parts, ("comments", package.comments)]:
        if tree is None:
            continue
        for element in tree.iter(W + kind[:-1]):
            wid = element.get(W + "id") or ""
            if kind != "comments" and _int(wid, 0) <= 0:
                continue
            text = " ".join("".join(t.text or "" for t in p.iter(W + "t")) for p in element.iter(W + "p"))
            if not text.strip():
                continue
            author = element.get(W + "author") if kind == "comments" else None
            where = Loc(column=1, paragraph=referenced.get((kind, wid), max(last, 1)))
            counts[kind] = counts.get(kind, 0) + 1
            notes.append(Note(_NOTE_KIND[kind], counts[kind], f"{author}: {text}" if author else text, where))
    return notes


def _load(data: bytes, name: str) -> _Package:
    archive = open_package(data, name)
    with archive:
        return _Package(PartReader(archive, name), name, archive)


_CHUNK_TEXT = (".htm", ".html", ".xhtml", ".xht", ".txt")


def _alt_chunks(parts: PartReader, document, name: str) -> dict[str, tuple[str, str | None]]:
    """Each altChunk's relationship id -> (part name, its text as linear text, or None when it
    is in a format this reader does not read: RTF, MHT, a nested Word file)."""
    ids = [chunk.get(R + "id") for chunk in document.iter(W + "altChunk")]
    if not ids:
        return {}
    rels = _parse(parts, "word/_rels/document.xml.rels", name)
    targets: dict[str, str] = {}
    if rels is not None:
        _NAMESPACES.pop(id(rels), None)
        for rel in rels:
            target = rel.get("Target") or ""
            if rel.get("TargetMode") != "External" and target:
                targets[rel.get("Id", "")] = target.lstrip("/") if target.startswith("/") else "word/" + target
    chunks: dict[str, tuple[str, str | None]] = {}
    for rid in ids:
        member = targets.get(rid or "")
        if member is None or rid in chunks:
            continue
        text = None
        if member.lower().endswith(_CHUNK_TEXT):
            data = parts.read(member)
            if data is not None and member.lower().endswith(".txt"):
                from treatylint.document.reader import decode

                text = decode(data, f"{name}: {member}")
            elif data is not None:
                from treatylint.document.formats.html import read_html

                text = read_html(data, f"{name}: {member}").text
        chunks[rid] = (member, text)
    return chunks


def _not_word(archive) -> str:
    """Why a zip without ``word/document.xml`` is not read, naming what it seems to be."""
    names = set(archive.namelist())
    if "mimetype" in names and "content.xml" in names:
        return "an OpenDocument file (.odt), not a Word document; save it as .docx or PDF"
    if "[Content_Types].xml" in names:
        return "an Office file without word/document.xml (a spreadsheet or presentation?), not a Word document"
    return "a zip archive, not a Word document (no word/document.xml)"


def _check_text_size(document, name: str) -> None:
    """Refuse before building the text: every character gets a location, so the text decides
    memory. Counted over the text nodes, insertions and deletions alike (an upper bound)."""
    count = 0
    for tag in (W + "t", W + "delText"):
        for node in document.iter(tag):
            count += len(node.text or "")
    if count > limits.MAX_TEXT_CHARS:
        raise text_too_long(name, count)


def _read(package: _Package, name: str, include_hidden: bool) -> SourceText:
    document, numbering = package.document, package.numbering
    accepted = TextBuilder(include_hidden)
    original = TextBuilder(include_hidden)
    insertions = deletions = 0
    notices = []
    body = document.find(W + "body")
    try:
        blocks = list(_blocks(body if body is not None else document, package.namespaces))
    except _TooDeep:
        raise InputError(f"{name}: refused: the document nests elements more than {limits.MAX_XML_DEPTH} deep") from None
    number = 0
    has_notes = package.comments is not None or any(t is not None for t in package.notes.values())
    referenced: dict[tuple[str, str], int] = {}  # (kind, w:id) -> the paragraph holding its reference
    for paragraph in blocks:
        if paragraph.tag == W + "altChunk":
            member, text = package.chunks.get(paragraph.get(R + "id") or "", (None, None))
            where = Loc(column=1, paragraph=max(number, 1))
            if text is None:
                notices.append(f"{name}: an imported part (altChunk{', ' + member if member else ''}) after paragraph {number} "
                               "is shown by Word but is not in a format treatylint reads (RTF, MHT or Word); its text is NOT checked")
                continue
            for chunk in text.split("\n\n"):
                for builder in (accepted, original):
                    builder.block([(ch, where) for ch in chunk])
            notices.append(f"{name}: an imported part ({member}) after paragraph {number} read in place (Word shows it there)")
            continue
        number += 1
        if has_notes:
            for tag, kind in _REFERENCES:
                for ref in paragraph.iter(tag):
                    referenced.setdefault((kind, ref.get(W + "id") or ""), number)
        ppr = paragraph.find(W + "pPr")
        pieces: list[tuple[str, str, str | None]] = []
        try:
            _runs(paragraph, "normal", pieces, walk=_Walk(package.look, package.namespaces, ppr))
        except _TooDeep:
            raise InputError(f"{name}: refused: paragraph {number} nests elements more than {limits.MAX_XML_DEPTH} deep") from None
        insertions += sum(1 for _, s, _ in pieces if s == "ins")
        deletions += sum(1 for _, s, _ in pieces if s == "del")
        marker = numbering.marker(ppr)
        level = numbering.heading_level(ppr)
        heading = level is not None
        for builder, dropped in ((accepted, "del"), (original, "ins")):
            chars: list[tuple[str, Loc, bool, str | None]] = []
            column = 1
            if marker:
                chars.extend((ch, Loc(column=1, paragraph=number), False, None) for ch in marker + " ")
            for text, state, why in pieces:
                if state == dropped:
                    continue
                for ch in text:
                    chars.append((ch, Loc(column=column, paragraph=number), state != "normal", why))
                    column += 1
            if heading:
                # a heading is a line of its own even when Word wrapped it with soft breaks
                chars = [(" " if ch == "\n" else ch, loc, m, w) for ch, loc, m, w in chars]
            builder.block(chars, level)
    notes = _notes(package, referenced, number)
    if notes:
        words, more = show_notes((accepted, original), notes)
        notices.append(f"{name}: {summary(notes)} ({words} words) shown under Notes at the end, never checked: "
                       f"notes and comments are not operative treaty text{more}")
    elif (count := len(list(document.iter(W + "commentReference")))):
        notices.append(f"{name}: {count} comment{'s' if count != 1 else ''} ignored (their text is missing from the file)")
    if insertions or deletions:
        notices.append(f"{name}: tracked changes read as accepted ({insertions} inserted and {deletions} deleted run{'s' if insertions + deletions != 1 else ''}; --revisions compares both)")
    original_text = SourceText(original.text(), "docx", original.map, changes=original.marks, hidden=original.hidden,
                               headings=original.headings)
    return SourceText(accepted.text(), "docx", accepted.map, notices=notices, changes=accepted.marks, original=original_text,
                      hidden=accepted.hidden, headings=accepted.headings)
