"""Word (.docx): paragraphs, automatic numbering and headings, with tracked changes.

python-docx does not expose tracked changes (``w:ins`` / ``w:del``), so the package's
``word/document.xml`` is read directly from the zip with a hardened parser (defusedxml: no
entities, no external references). By default the text reads as it would with every change
accepted (insertions kept, deletions dropped); ``SourceText.original`` holds the text with every
change rejected, and ``SourceText.changes`` the ranges of the accepted text that insertions
wrote (``original.changes``: what deletions removed). Comments are not text: they are counted
in a notice. Each character maps back to its paragraph (1-based, in document order).
"""

from __future__ import annotations

import io
import re
import zipfile

from treatylint.document.formats.base import Loc, SourceText, TextBuilder
from treatylint.errors import InputError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MAX_XML = 200 * 1024 * 1024  # uncompressed size guard against zip bombs

_SKIP = {W + "pPr", W + "rPr", W + "instrText", W + "delInstrText", W + "commentReference",
         W + "footnoteReference", W + "endnoteReference", MC + "Fallback", W + "sectPr", W + "tblPr",
         W + "trPr", W + "tcPr"}
_INSERT = {W + "ins", W + "moveTo"}
_DELETE = {W + "del", W + "moveFrom"}


def _parse(archive: zipfile.ZipFile, member: str, name: str):
    import defusedxml
    import defusedxml.ElementTree as ET

    try:
        info = archive.getinfo(member)
    except KeyError:
        return None
    if info.file_size > MAX_XML:
        raise InputError(f"{name}: {member} is too large ({info.file_size // (1024 * 1024)} MB uncompressed)")
    try:
        return ET.fromstring(archive.read(member))
    except defusedxml.DefusedXmlException:
        raise InputError(f"{name}: refused: {member} declares entities or external references") from None
    except ET.ParseError as exc:
        raise InputError(f"{name}: {member} is not well-formed XML ({exc})") from None


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
                    ilvl = int(lvl.get(W + "ilvl", "0"))
                    fmt = _val(lvl.find(W + "numFmt")) or "decimal"
                    text = _val(lvl.find(W + "lvlText")) or ""
                    start = int(_val(lvl.find(W + "start")) or "1")
                    levels[ilvl] = (fmt, text, start)
                self.abstract[absnum.get(W + "abstractNumId", "")] = levels
            for num in numbering.iter(W + "num"):
                num_id = num.get(W + "numId", "")
                self.nums[num_id] = _val(num.find(W + "abstractNumId")) or ""
                for override in num.iter(W + "lvlOverride"):
                    start = _val(override.find(W + "startOverride"))
                    if start:
                        self.overrides.setdefault(num_id, {})[int(override.get(W + "ilvl", "0"))] = int(start)
        if styles is not None:
            for style in styles.iter(W + "style"):
                sid = style.get(W + "styleId", "")
                self.style_names[sid] = (_val(style.find(W + "name")) or sid).lower()
                numpr = style.find(f"{W}pPr/{W}numPr")
                if numpr is not None:
                    self.style_num[sid] = (_val(numpr.find(W + "numId")) or "", int(_val(numpr.find(W + "ilvl")) or "0"))

    def marker(self, ppr) -> str:
        if ppr is None:
            return ""
        numpr = ppr.find(W + "numPr")
        style = _val(ppr.find(W + "pStyle"))
        if numpr is not None:
            num_id = _val(numpr.find(W + "numId")) or ""
            ilvl = int(_val(numpr.find(W + "ilvl")) or "0")
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


def _runs(element, state: str, out: list[tuple[str, str]]) -> None:
    """Text pieces of ``element`` in order, each tagged normal / ins / del."""
    for child in element:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag in _INSERT:
            _runs(child, "del" if state == "del" else "ins", out)
        elif tag in _DELETE:
            _runs(child, "del", out)
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
            _runs(child, state, out)


def read_docx(data: bytes, name: str) -> SourceText:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"{name}: not a Word document (damaged zip archive)") from None
    with archive:
        document = _parse(archive, "word/document.xml", name)
        if document is None:
            raise InputError(f"{name}: not a Word document (no word/document.xml)")
        numbering = _Numbering(_parse(archive, "word/numbering.xml", name), _parse(archive, "word/styles.xml", name))
        comments = _parse(archive, "word/comments.xml", name)
    accepted = TextBuilder()
    original = TextBuilder()
    insertions = deletions = 0
    body = document.find(W + "body")
    paragraphs = list((body if body is not None else document).iter(W + "p"))
    for number, paragraph in enumerate(paragraphs, 1):
        ppr = paragraph.find(W + "pPr")
        pieces: list[tuple[str, str]] = []
        _runs(paragraph, "normal", pieces)
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
