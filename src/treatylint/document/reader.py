"""Read a draft from disk into text: encoding detection and refusal of what is not a draft.

The input file is only ever opened for reading.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from treatylint.errors import InputError

MAX_BYTES = 50 * 1024 * 1024  # a long draft is ~1 MB; beyond this we refuse rather than hang

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16/32 with BOM, or Windows-1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _normalise(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: cannot decode as {encoding} ({exc.reason})") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not a text draft")
    try:
        return _normalise(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 and not Windows-1252 text (undecodable byte at offset {exc.start})"
        ) from None
    return _normalise(text)


def _normalise(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# control characters other than line breaks and tabs (\t \n \v \f): a text draft has (almost) none
_CONTROLS = re.compile("[\x00-\x08\x0d-\x1f]")


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = len(_CONTROLS.findall(sample))  # one C scan, not a Python loop per character
    return controls > max(8, len(sample) // 100)


def read_bytes(path: Path) -> bytes:
    """A draft file's bytes, refusing what is missing, a directory, unreadable or too large."""
    name = str(path)
    if not path.exists():
        raise InputError(f"{name}: no such file")
    if path.is_dir():
        raise InputError(f"{name}: is a directory")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{name}: file is {size // (1024 * 1024)} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from None


def read_text(path: Path) -> str:
    """Read a draft file, with one clear error for anything that is not a usable text draft."""
    return text_from_bytes(read_bytes(path), str(path))


def text_from_bytes(data: bytes, name: str) -> str:
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    text = decode(data, name)
    if _looks_binary(text):
        raise InputError(f"{name}: looks like a binary file, not a text draft")
    if not text.strip():
        raise InputError(f"{name}: file is empty")
    return text
