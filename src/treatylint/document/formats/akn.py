"""Akoma Ntoso XML: articles, paragraphs and their ``eId``s from the markup, parsed safely.

The XML is parsed with defusedxml (expat underneath) with entity declarations and external
references forbidden, so an external entity (XXE) or an entity-expansion bomb (billion laughs)
is refused with one line, never expanded. Each character of the linear text maps back to its
line and column in the XML file and to the ``eId`` of the innermost element around it.
Authorial notes are shown after the text under ``Notes``, never analysed (formats/notes.py).
"""

from __future__ import annotations

import re
import xml.sax
import xml.sax.handler
import xml.sax.xmlreader

from treatylint.document.formats.base import Loc, SourceText, TextBuilder
from treatylint.document.formats.guard import check_markup_text_size, time_limit
from treatylint.document.formats.notes import MAX_NOTES, Note, append_notes
from treatylint.errors import InputError

_SKIP = frozenset(
    "meta authorialNote noteRef note notes proprietary presentation "
    "references analysis lifecycle workflow classification temporalData".split()
)
# Documents inside the document (annexes, protocols, schedules): read after the main body, as a
# reader of the published act reads them; counted in a notice.
_ATTACHED = frozenset("component attachment".split())
# Hierarchical containers whose <num> and <heading> are heading lines of their own.
_HEADED = {
    "article": "Article",
    "chapter": "CHAPTER",
    "part": "PART",
    "section": "Section",
    "subsection": "Section",
    "title": "TITLE",
    "book": "PART",
    "division": "Section",
    "annex": "Annex",
}
# Numbered content: the <num> is the block's marker ("1.", "(a)").
_NUMBERED = frozenset("paragraph subparagraph point item indent alinea list clause subclause rule".split())
_BLOCK_END = frozenset(
    "p heading subheading num listIntroduction listWrapUp intro wrapUp crossHeading docTitle "
    "longTitle formula tblock blockList".split()
)
_BARE_NUM = re.compile(r"^[\dIVXLCDM]+(?:[ .-]?[a-z]+)?\.?$")
_AKN_NS = ("akomantoso", "legaldocml")


def _local(qname: str) -> str:
    return qname.rsplit(":", 1)[-1]


class _Handler(xml.sax.handler.ContentHandler):
    def __init__(self, include_hidden: bool = False) -> None:
        super().__init__()
        self.out = TextBuilder(include_hidden)
        self.block: list[tuple[str, Loc]] = []
        self.stack: list[str] = []
        self.eids: list[str | None] = []
        self.skip = 0
        self.pending_marker: list[tuple[str, Loc]] = []
        self.root: str | None = None
        self.namespaced = False
        self.locator = None
        self.attached = 0
        self.notes: list[Note] = []
        self.note: list[str] | None = None  # the text of the note being read (skipped as text)
        self.note_loc: Loc | None = None

    def setDocumentLocator(self, locator) -> None:  # noqa: N802 (SAX API)
        self.locator = locator

    def _loc(self) -> Loc:
        eid = next((e for e in reversed(self.eids) if e), None)
        if self.locator is None:
            return Loc(eid=eid)
        return Loc(self.locator.getLineNumber(), self.locator.getColumnNumber() + 1, eid=eid)

    def _parent(self) -> str:
        return self.stack[-2] if len(self.stack) > 1 else ""

    def flush(self) -> None:
        if self.block:
            if self.pending_marker and any(not ch.isspace() for ch, _ in self.block):
                self.block = self.pending_marker + [(" ", self.pending_marker[-1][1])] + self.block
                self.pending_marker = []
            self.out.block(self.block)
            self.block = []

    def startElement(self, qname, attrs) -> None:  # noqa: N802
        name = _local(qname)
        if self.root is None:
            self.root = name
            self.namespaced = any(
                key.startswith("xmlns") and any(ns in attrs[key].lower() for ns in _AKN_NS) for key in attrs.keys()
            )
        self.stack.append(name)
        self.eids.append(attrs.get("eId") or attrs.get("id") or attrs.get("wId"))
        if self.skip or name in _SKIP:
            if not self.skip and name in ("authorialNote", "note"):
                self.note, self.note_loc = [], self._loc()
            self.skip += 1
            return
        if name in _ATTACHED:
            self.attached += 1
            self.flush()
        if name in _BLOCK_END or name in _HEADED or name in _NUMBERED:
            self.flush()
        if name == "eol":
            self.block.append((" ", self._loc()))

    def endElement(self, qname) -> None:  # noqa: N802
        name = _local(qname)
        parent = self._parent()
        self.stack.pop()
        eid = self.eids.pop()
        if self.skip:
            self.skip -= 1
            if not self.skip and self.note is not None:
                if len(self.notes) < MAX_NOTES and "".join(self.note).strip():
                    self.notes.append(Note("note", len(self.notes) + 1, "".join(self.note), self.note_loc))
                self.note = None
            return
        if name == "num" and parent in _NUMBERED:
            # the marker of the paragraph/point: prefixed to its first block
            self.flush_marker()
            return
        if name == "num" and parent in _HEADED:
            text = "".join(ch for ch, _ in self.block).strip()
            if _BARE_NUM.match(text) and self.block:
                word = _HEADED[parent] + " "
                first = next((loc for ch, loc in self.block if not ch.isspace()), self.block[0][1])
                self.block = [(ch, first) for ch in word] + [item for item in self.block if True]
        if name in _BLOCK_END:
            self.flush()
        del eid

    def flush_marker(self) -> None:
        """The block so far is a ``<num>``: keep it, trimmed, as the marker of the next block
        (trimmed by index, not by ``pop(0)``, which is quadratic in a long run of spaces)."""
        marker = self.block
        start, end = 0, len(marker)
        while start < end and marker[start][0].isspace():
            start += 1
        while end > start and marker[end - 1][0].isspace():
            end -= 1
        self.pending_marker = marker[start:end]
        self.block = []

    def characters(self, content: str) -> None:
        if self.skip and self.note is not None and len(self.note) < 1_000:
            self.note.append(content)
        if self.skip or not self.stack:
            return
        loc = self._loc()
        line, col = loc.line, loc.column
        for ch in content:
            self.block.append((ch, loc._replace(line=line, column=col) if line is not None else loc))
            if ch == "\n":
                line, col = (line + 1 if line is not None else None), 1
            elif col is not None:
                col += 1

    # xml.sax.handler.LexicalHandler: an XML comment is no part of the act a reader sees (an
    # editor's remark, or words placed to be matched but not read): hidden text, reported where it
    # sits, read only with --include-hidden
    def comment(self, content: str) -> None:
        if self.skip or not self.stack:
            return
        loc = self._loc()
        self.block.extend((ch, loc, False, "an XML comment") for ch in " " + content + " ")

    def startDTD(self, *args) -> None:  # noqa: N802 (LexicalHandler API)
        pass

    def endDTD(self) -> None:  # noqa: N802
        pass

    def startCDATA(self) -> None:  # noqa: N802
        pass

    def endCDATA(self) -> None:  # noqa: N802
        pass


def read_akn(data: bytes, name: str, include_hidden: bool = False) -> SourceText:
    """The Akoma Ntoso document's text, parsed without entities or external references, within
    the text-size and time bounds of :mod:`treatylint.document.limits`."""
    check_markup_text_size(data, name)
    with time_limit(name, "this XML file"):
        handler = _parse(data, name, include_hidden)
    if handler.root != "akomaNtoso" and not handler.namespaced:
        raise InputError(f"{name}: not an Akoma Ntoso document (root element <{handler.root}>)")
    handler.flush()
    notices = []
    if handler.attached:
        notices.append(f"{name}: {handler.attached} attached document{'s' if handler.attached != 1 else ''} "
                       "(components/attachments: annexes, protocols) read with the main text")
    if handler.notes:
        append_notes((handler.out,), handler.notes)
        count = len(handler.notes)
        notices.append(f"{name}: {count} note{'s' if count != 1 else ''} shown under Notes at the end, never checked "
                       "(authorial notes are not operative treaty text)")
    return SourceText(handler.out.text(), "akn", handler.out.map, notices=notices, hidden=handler.out.hidden)


def _parse(data: bytes, name: str, include_hidden: bool = False) -> _Handler:
    """Run the SAX handler over ``data``; every way the XML can be unsafe or broken is one line."""
    import io

    import defusedxml
    import defusedxml.sax

    handler = _Handler(include_hidden)
    try:
        # defusedxml.sax.parseString's own steps, with the handler also taking comments
        parser = defusedxml.sax.make_parser()
        parser.setContentHandler(handler)
        parser.setProperty(xml.sax.handler.property_lexical_handler, handler)
        parser.forbid_dtd, parser.forbid_entities, parser.forbid_external = False, True, True
        source = xml.sax.xmlreader.InputSource()
        source.setByteStream(io.BytesIO(data))
        parser.parse(source)
    except defusedxml.EntitiesForbidden:
        raise InputError(f"{name}: refused: the XML declares entities (entity expansion and external entities are not allowed)") from None
    except (defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden):
        raise InputError(f"{name}: refused: the XML refers to an external resource") from None
    except defusedxml.DefusedXmlException as exc:
        raise InputError(f"{name}: refused: unsafe XML ({type(exc).__name__})") from None
    except xml.sax.SAXParseException as exc:
        raise InputError(f"{name}: not well-formed XML (line {exc.getLineNumber()}, column {exc.getColumnNumber() + 1}: {exc.getMessage()})") from None
    except xml.sax.SAXException as exc:
        raise InputError(f"{name}: cannot parse XML ({exc.getMessage()})") from None
    return handler
