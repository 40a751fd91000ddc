"""Word (.docx): paragraphs, automatic numbering and headings, with tracked changes.

python-docx does not expose tracked changes (``w:ins`` / ``w:del``), so the package's
``word/document.xml`` is read directly from the zip. The package is untrusted: the archive is
opened and its parts inflated under the bounds of :mod:`treatylint.document.formats.safe_zip`
(zip bombs), and each part is parsed with a hardened parser (defusedxml: no DTD, so no entities
and no external references) that also bounds element nesting. python-docx is not used: it
would load every part of the package. By default the text reads as it would with every change
accepted (insertions kept, deletions dropped); ``SourceText.original`` holds the text with every
change rejected, and ``SourceText.changes`` the ranges of the accepted text that insertions
wrote (``original.changes``: what deletions removed). Comments are not text: they are counted
in a notice. Each character maps back to its paragraph (1-based, in document order).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as StdET

from treatylint.document import limits
from treatylint.document.formats.base import Loc, SourceText, TextBuilder
from treatylint.document.formats.guard import text_too_long, time_limit
from treatylint.document.formats.safe_zip import PartReader, open_package
from treatylint.errors import InputError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

_SKIP = {W + "pPr", W + "rPr", W + "instrText", W + "delInstrText", W + "commentReference",
         W + "footnoteReference", W + "endnoteReference", MC + "Fallback", W + "sectPr", W + "tblPr",
         W + "trPr", W + "tcPr"}
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
    parser = ET.DefusedXMLParser(target=_BoundedBuilder(), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(data)
        return parser.close()
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


def _int(text: str | None, default: int) -> int:
    """A number attribute of the package, or ``default`` when it is missing or not a sane
    number (a hostile file may put 5,000 digits or letters where Word puts a small integer)."""
    if text is None or len(text) > 9:
        return default
    try:
        return int(text)
    except ValueError:
        return default


class _Numbering:
    """Automatic paragraph numbering (``w:numPr``) rendered as the marker a reader sees."""

    def __init__(self, numbering, styles) -> None:
        self.abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.nums: dict[str, str] = {}
        self.overrides: dict[str, dict[int, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        self.style_names: dict[str, str] = {}
        if numbering is not None:
            for absnum in numbering.iter(W + "abstractNum"):
                levels = {}
                for lvl in absnum.iter(W + "lvl"):
                    ilvl = _int(lvl.get(W + "ilvl"), 0)
                    fmt = _val(lvl.find(W + "numFmt")) or "decimal"
                    text = _val(lvl.find(W + "lvlText")) or ""
                    start = _int(_val(lvl.find(W + "start")), 1)
                    levels[ilvl] = (fmt, text, start)
                self.abstract[absnum.get(W + "abstractNumId", "")] = levels
            for num in numbering.iter(W + "num"):
                num_id = num.get(W + "numId", "")
                self.nums[num_id] = _val(num.find(W + "abstractNumId")) or ""
                for override in num.iter(W + "lvlOverride"):
                    start = _val(override.find(W + "startOverride"))
                    if start:
                        self.overrides.setdefault(num_id, {})[_int(override.get(W + "ilvl"), 0)] = _int(start, 1)
        if styles is not None:
            for style in styles.iter(W + "style"):
                sid = style.get(W + "styleId", "")
                self.style_names[sid] = (_val(style.find(W + "name")) or sid).lower()
                numpr = style.find(f"{W}pPr/{W}numPr")
                if numpr is not None:
                    self.style_num[sid] = (_val(numpr.find(W + "numId")) or "", _int(_val(numpr.find(W + "ilvl")), 0))

    def marker(self, ppr) -> str:
        if ppr is None:
            return ""
        numpr = ppr.find(W + "numPr")
        style = _val(ppr.find(W + "pStyle"))
        if numpr is not None:
            num_id = _val(numpr.find(W + "numId")) or ""
            ilvl = _int(_val(numpr.find(W + "ilvl")), 0)
        elif style in self.style_num:
            num_id, ilvl = self.style_num[style]
        else:
            return ""
        levels = self.abstract.get(self.nums.get(num_id, ""), {})
        if num_id in ("", "0") or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = self.overrides.get(num_id, {}).get(ilvl, levels[ilvl][2])
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""

        def level_value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lf = levels.get(k, ("decimal", "", 1))[0]
            value = counters.get(k, levels.get(k, ("", "", 1))[2])
            return _format_number(value, lf)

        return re.sub(r"%(\d)", level_value, text).strip()

    def is_heading(self, ppr) -> bool:
        style = _val(ppr.find(W + "pStyle")) if ppr is not None else None
        name = self.style_names.get(style or "", (style or "").lower())
        return name.startswith(("heading", "title")) or (style or "").lower().startswith(("heading", "title"))


def _val(element) -> str | None:
    return None if element is None else element.get(W + "val")


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        n = value
        while n > 0:
            n, rem = divmod(n - 1, 26)
            letters = chr(97 + rem) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        from treatylint.document.formats.html import _roman

        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(value)


def _runs(element, state: str, out: list[tuple[str, str]], depth: int = 0) -> None:
    """Text pieces of ``element`` in order, each tagged normal / ins / del."""
    if depth > limits.MAX_XML_DEPTH:  # parsing bounds depth already; this keeps the walk safe alone
        raise _TooDeep
    for child in element:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag in _INSERT:
            _runs(child, "del" if state == "del" else "ins", out, depth + 1)
        elif tag in _DELETE:
            _runs(child, "del", out, depth + 1)
        elif tag == W + "t" or tag == W + "delText":
            out.append((child.text or "", state))
        elif tag == W + "tab":
            out.append(("\t", state))
        elif tag in (W + "br", W + "cr"):
            out.append(("\n", state))
        elif tag in (W + "noBreakHyphen",):
            out.append(("-", state))
        elif tag == W + "p":
            continue  # nested paragraphs (text boxes) are read as paragraphs of their own
        else:
            _runs(child, state, out, depth + 1)


def read_docx(data: bytes, name: str) -> SourceText:
    """The draft's text with tracked changes accepted (``original``: rejected), within the
    bounds of :mod:`treatylint.document.limits`."""
    with time_limit(name, "this Word file"):
        document, numbering, comments = _load(data, name)
        _check_text_size(document, name)
        return _read(document, numbering, comments, name)


def _load(data: bytes, name: str):
    """The parts the reader uses: document, numbering (with styles) and comments."""
    archive = open_package(data, name)
    with archive:
        parts = PartReader(archive, name)
        document = _parse(parts, "word/document.xml", name)
        if document is None:
            raise InputError(f"{name}: {_not_word(archive)}")
        numbering = _Numbering(_parse(parts, "word/numbering.xml", name), _parse(parts, "word/styles.xml", name))
        comments = _parse(parts, "word/comments.xml", name)
    return document, numbering, comments


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


def _read(document, numbering: "_Numbering", comments, name: str) -> SourceText:
    accepted = TextBuilder()
    original = TextBuilder()
    insertions = deletions = 0
    body = document.find(W + "body")
    paragraphs = list((body if body is not None else document).iter(W + "p"))
    for number, paragraph in enumerate(paragraphs, 1):
        ppr = paragraph.find(W + "pPr")
        pieces: list[tuple[str, str]] = []
        try:
            _runs(paragraph, "normal", pieces)
        except _TooDeep:
            raise InputError(f"{name}: refused: paragraph {number} nests elements more than {limits.MAX_XML_DEPTH} deep") from None
        insertions += sum(1 for _, s in pieces if s == "ins")
        deletions += sum(1 for _, s in pieces if s == "del")
        marker = numbering.marker(ppr)
        heading = numbering.is_heading(ppr)
        for builder, dropped in ((accepted, "del"), (original, "ins")):
            chars: list[tuple[str, Loc, bool]] = []
            column = 1
            if marker:
                chars.extend((ch, Loc(column=1, paragraph=number), False) for ch in marker + " ")
            for text, state in pieces:
                if state == dropped:
                    continue
                for ch in text:
                    chars.append((ch, Loc(column=column, paragraph=number), state != "normal"))
                    column += 1
            if heading:
                # a heading is a line of its own even when Word wrapped it with soft breaks
                chars = [(" " if ch == "\n" else ch, loc, m) for ch, loc, m in chars]
            builder.block(chars)
    notices = []
    count = len(list(comments.iter(W + "comment"))) if comments is not None else len(list(document.iter(W + "commentReference")))
    if count:
        notices.append(f"{name}: {count} comment{'s' if count != 1 else ''} ignored (comments are not treaty text)")
    if insertions or deletions:
        notices.append(f"{name}: tracked changes read as accepted ({insertions} inserted and {deletions} deleted run{'s' if insertions + deletions != 1 else ''}; --revisions compares both)")
    original_text = SourceText(original.text(), "docx", original.map, changes=original.marks)
    return SourceText(accepted.text(), "docx", accepted.map, notices=notices, changes=accepted.marks, original=original_text)
