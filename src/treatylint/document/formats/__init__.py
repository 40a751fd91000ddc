"""Readers for the formats drafts circulate in: plain text, Markdown, HTML, Word, PDF, Akoma Ntoso.

``read_source(path)`` picks the reader by content (magic bytes, the Akoma Ntoso namespace, an
HTML root) and then by extension, and returns a :class:`SourceText`: the linear text the
structure parser reads and a map from each of its characters back to the original file.
"""

from __future__ import annotations

from pathlib import Path

from treatylint.document.formats.base import HiddenText, Loc, SourceMap, SourceText, TextBuilder
from treatylint.document.reader import read_bytes, text_from_bytes
from treatylint.errors import InputError

__all__ = ["HiddenText", "Loc", "SourceMap", "SourceText", "TextBuilder", "FORMAT_SUFFIXES", "detect_format", "read_source", "source_from_bytes"]

FORMAT_SUFFIXES: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
    ".akn": "akn",
}
# Named on the command line, an .xml file is read as Akoma Ntoso (and refused if it is not);
# directory walks leave .xml files alone, since most XML beside a draft is not a draft.


# Files that are not drafts, known by their first bytes whatever their name (a scan saved as
# draft.txt, an old .doc renamed .docx): refused naming what they are and what to do, instead of
# a bare "binary file" or a text decoder's complaint about byte 0x89. (magic, what, binary)
_NOT_DRAFTS: tuple[tuple[bytes, str, bool], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image; a scan needs OCR first", True),
    (b"\xff\xd8\xff", "a JPEG image; a scan needs OCR first", True),
    (b"GIF8", "a GIF image", True),
    (b"II*\x00", "a TIFF image; a scan needs OCR first", True),
    (b"MM\x00*", "a TIFF image; a scan needs OCR first", True),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
     "a legacy Word .doc or a password-protected Office file; save an unprotected .docx copy", True),
    (b"\x1f\x8b", "a gzip archive; extract the draft first", True),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; extract the draft first", True),
    (b"Rar!\x1a\x07", "a RAR archive; extract the draft first", True),
    (b"\xfd7zXZ\x00", "an xz archive; extract the draft first", True),
    (b"PK\x05\x06", "an empty zip archive", True),
    (b"\x7fELF", "a program", True),
    (b"{\\rtf", "an RTF document; save it as .docx or PDF", False),
    (b"%!PS", "a PostScript file; convert it to PDF", False),
)


def _refuse_non_draft(head: bytes, name: str) -> None:
    for magic, what, binary in _NOT_DRAFTS:
        if head.startswith(magic):
            kind = "looks like a binary file, not a text draft" if binary else "not a format drafts are read in"
            raise InputError(f"{name}: {kind}: it is {what}")


def detect_format(data: bytes, name: str) -> str:
    """The reader for ``data``: magic bytes and markup first, then the file's extension."""
    head = data[:4096]
    _refuse_non_draft(head, name)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    sniff = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"akomantoso" in sniff or b"legaldocml" in sniff:
        return "akn"
    if sniff.startswith((b"<!doctype html", b"<html")) or (sniff.startswith(b"<") and b"<body" in sniff):
        return "html"
    suffix = Path(name).suffix.lower()
    fmt = "akn" if suffix == ".xml" else FORMAT_SUFFIXES.get(suffix, "txt")
    if fmt == "akn" and sniff.startswith(b"<"):
        return "akn"  # other XML is refused by the Akoma Ntoso reader with a clear message
    if fmt in ("pdf", "docx"):
        raise InputError(f"{name}: not a {fmt.upper()} file (its content does not start like one)")
    return fmt


def source_from_bytes(data: bytes, name: str, include_hidden: bool = False) -> SourceText:
    """The draft in ``data`` as read by its format's reader. Text the reader of the rendered
    draft cannot see is left out and listed in ``SourceText.hidden`` (``include_hidden``: read
    like the rest, and still listed)."""
    fmt = detect_format(data, name)
    if fmt == "txt":
        notices: list[str] = []
        return SourceText(text_from_bytes(data, name, notices), "txt", notices=notices)
    if fmt == "md":
        from treatylint.document.formats.markdown import read_markdown

        return read_markdown(text_from_bytes(data, name), name, include_hidden)
    if fmt == "html":
        from treatylint.document.formats.html import read_html

        return read_html(data, name, include_hidden)
    if fmt == "akn":
        from treatylint.document.formats.akn import read_akn

        return read_akn(data, name, include_hidden)
    if fmt == "docx":
        from treatylint.document.formats.docx import read_docx

        return read_docx(data, name, include_hidden)
    from treatylint.document.formats.pdf import read_pdf

    return read_pdf(data, name, include_hidden)


def read_source(path: Path, max_bytes: int | None = None, include_hidden: bool = False) -> SourceText:
    """Read a draft in any supported format; one clear :class:`InputError` for anything else."""
    name = str(path)
    data = read_bytes(path, max_bytes)
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    source = source_from_bytes(data, name, include_hidden)
    if not source.text.strip():
        raise InputError(f"{name}: no text found in this {source.format.upper()} file")
    return source
