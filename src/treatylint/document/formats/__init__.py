"""Readers for the formats drafts circulate in: plain text, Markdown, HTML, Word, PDF, Akoma Ntoso.

``read_source(path)`` picks the reader by content (magic bytes, the Akoma Ntoso namespace, an
HTML root) and then by extension, and returns a :class:`SourceText`: the linear text the
structure parser reads and a map from each of its characters back to the original file.
"""

from __future__ import annotations

from pathlib import Path

from treatylint.document.formats.base import Loc, SourceMap, SourceText, TextBuilder
from treatylint.document.reader import read_bytes, text_from_bytes
from treatylint.errors import InputError

__all__ = ["Loc", "SourceMap", "SourceText", "TextBuilder", "FORMAT_SUFFIXES", "detect_format", "read_source", "source_from_bytes"]

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


def detect_format(data: bytes, name: str) -> str:
    """The reader for ``data``: magic bytes and markup first, then the file's extension."""
    head = data[:4096]
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


def source_from_bytes(data: bytes, name: str) -> SourceText:
    fmt = detect_format(data, name)
    if fmt == "txt":
        notices: list[str] = []
        return SourceText(text_from_bytes(data, name, notices), "txt", notices=notices)
    if fmt == "md":
        from treatylint.document.formats.markdown import read_markdown

        return read_markdown(text_from_bytes(data, name), name)
    if fmt == "html":
        from treatylint.document.formats.html import read_html

        return read_html(data, name)
    if fmt == "akn":
        from treatylint.document.formats.akn import read_akn

        return read_akn(data, name)
    if fmt == "docx":
        from treatylint.document.formats.docx import read_docx

        return read_docx(data, name)
    from treatylint.document.formats.pdf import read_pdf

    return read_pdf(data, name)


def read_source(path: Path, max_bytes: int | None = None) -> SourceText:
    """Read a draft in any supported format; one clear :class:`InputError` for anything else."""
    name = str(path)
    data = read_bytes(path, max_bytes)
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    source = source_from_bytes(data, name)
    if not source.text.strip():
        raise InputError(f"{name}: no text found in this {source.format.upper()} file")
    return source
