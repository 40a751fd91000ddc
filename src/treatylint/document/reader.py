"""Read a draft from disk into text: bounded reads, encoding detection, refusal of non-drafts.

Drafts come from other people, so nothing about a file is trusted: its size is checked before
and while it is read (a FIFO or ``/proc`` file has no honest size), its bytes are sniffed for
binary content before decoding, and a file that mixes encodings is decoded line by line with a
notice instead of being refused or silently garbled. The input file is only ever opened for
reading.
"""

from __future__ import annotations

import codecs
import errno
import re
import stat
from pathlib import Path
from typing import BinaryIO

from treatylint.document.lines import first_long_line
from treatylint.errors import InputError

MB = 1024 * 1024
# A long draft is ~1 MB and the whole 6.8-million-word corpus is 40 MB; a bigger "draft" is
# almost certainly something else, and refusing it is better than minutes of work and memory.
DEFAULT_MAX_BYTES = 50 * MB
MAX_BYTES = DEFAULT_MAX_BYTES  # the limit when the caller names none (tests lower it)
_CHUNK = MB
MAX_LINE_CHARS = 1_000_000

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF = 65536  # bytes looked at to tell text from binary
# C0 controls other than tab, line feed, vertical tab, form feed and carriage return; ESC counts
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f]")


def size_limit_text(limit: int) -> str:
    if limit >= MB:
        return f"{limit / MB:.3g} MB"
    return f"{limit / 1024:.3g} KB" if limit >= 1024 else f"{limit} bytes"


def _too_large(name: str, size: int | None, limit: int) -> InputError:
    what = f"file is {size_limit_text(size)}" if size is not None else "file is larger than the limit"
    return InputError(
        f"{name}: {what}; the limit is {size_limit_text(limit)} "
        "(raise it with --max-file-size or 'max-file-size' in the config)"
    )


# the errors Path.exists() takes for "no such file" (pathlib._ignore_error)
_MISSING = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)
_MISSING_WINDOWS = (21, 123, 1921)  # not ready, invalid name, cannot access the link


def read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """A draft file's bytes, refusing what is missing, a directory, unreadable or too large."""
    limit = MAX_BYTES if max_bytes is None else max_bytes
    name = str(path)
    try:  # one stat for all three questions (missing, a folder, too large): a system call each
        status = path.stat()
    except ValueError:  # an embedded NUL, as Path.exists() answers it
        raise InputError(f"{name}: no such file") from None
    except OSError as exc:
        if exc.errno in _MISSING or getattr(exc, "winerror", None) in _MISSING_WINDOWS:  # Path.exists()'s
            raise InputError(f"{name}: no such file") from None
        raise
    if stat.S_ISDIR(status.st_mode):
        raise InputError(f"{name}: is a directory; name a draft file, or a folder to check every draft in it")
    try:
        size = status.st_size
        if size > limit:
            raise _too_large(name, size, limit)
        with path.open("rb") as stream:
            return read_stream(stream, name, limit)
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None


def read_stream(stream: BinaryIO, name: str, max_bytes: int | None = None) -> bytes:
    """Read ``stream`` in chunks, stopping as soon as it passes the limit (standard input, FIFOs
    and device files have no size to check in advance, and a file may grow while read)."""
    limit = MAX_BYTES if max_bytes is None else max_bytes
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _too_large(name, None, limit)


def decode(data: bytes, name: str, notices: list[str] | None = None) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16/32 (BOM or sniffed), or Windows-1252;
    a file mixing UTF-8 and Windows-1252 lines is decoded line by line, with a notice."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _normalise(_strict(data, encoding, name))
    wide = _sniff_utf16(data)
    if wide is not None:
        return _normalise(_strict(data, wide, name))
    if _looks_binary_bytes(data):
        raise InputError(f"{name}: looks like a binary file, not a text draft")
    try:
        return _normalise(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    return _normalise(_decode_lines(data, name, notices))


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: cannot decode as {encoding} (byte offset {exc.start}: {exc.reason})") from None


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: mostly-ASCII text leaves every other byte zero."""
    sample = data[:_SNIFF]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.9 * half and even.count(0) < 0.05 * half:
        return "utf-16-le"
    if even.count(0) > 0.9 * half and odd.count(0) < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_binary_bytes(data: bytes) -> bool:
    sample = data[:_SNIFF]
    return len(_BINARY_BYTES.findall(sample)) > max(8, len(sample) // 100)


def _decode_lines(data: bytes, name: str, notices: list[str] | None) -> str:
    """Each line as UTF-8, else Windows-1252: what an editor does with a file pasted together
    from two sources. Only a byte valid in neither stops the run, naming its line."""
    parts: list[str] = []
    legacy: list[int] = []
    utf8_non_ascii = False
    for number, line in enumerate(data.split(b"\n"), 1):
        try:
            parts.append(line.decode("utf-8"))
            utf8_non_ascii = utf8_non_ascii or not line.isascii()
            continue
        except UnicodeDecodeError:
            pass
        try:
            parts.append(line.decode("cp1252"))
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: line {number}: byte 0x{line[exc.start]:02x} is neither UTF-8 nor Windows-1252; "
                "re-save the draft as UTF-8"
            ) from None
        legacy.append(number)
    if utf8_non_ascii and notices is not None:
        shown = ", ".join(map(str, legacy[:5])) + (f" and {len(legacy) - 5} more" if len(legacy) > 5 else "")
        notices.append(f"{name}: mixed encodings: line{'s' if len(legacy) > 1 else ''} {shown} read as Windows-1252, the rest as UTF-8")
    return "\n".join(parts)


def check_text_size(text: str, name: str) -> None:
    """Refuse a text longer than ``limits.MAX_TEXT_CHARS`` characters, whatever its format: the
    readers of Word, PDF, HTML, Markdown and XML stop at that bound while they read; a plain text
    file is only bounded here (its bytes by ``--max-file-size``). Past it, even text of an
    ordinary shape takes the engine more than 10 seconds (about 1-2 s of CPU per MB)."""
    from treatylint.document import limits
    from treatylint.document.formats.guard import text_too_long

    if len(text) > limits.MAX_TEXT_CHARS:
        raise text_too_long(name, len(text))


def check_line_lengths(text: str, name: str, limit: int = MAX_LINE_CHARS) -> None:
    """Refuse a text with a line longer than ``limit`` characters. The longest line in 1,300
    real treaties is 23,540 characters; a megabyte with no line break is not a draft's
    paragraph, and linting it would take minutes rather than seconds."""
    if len(text) <= limit:
        return
    long_line = first_long_line(text, limit)  # C-level passes, not a Python step per line
    if long_line is None:
        return
    number, length = long_line
    raise InputError(
        f"{name}: line {number} is {length:,} characters long with no line break; "
        f"the limit is {limit:,} (is this a text draft?)"
    )


def _normalise(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = len(_CONTROLS.findall(sample))  # one C scan, not a Python loop per character
    return controls > max(8, len(sample) // 100)


def read_text(path: Path, max_bytes: int | None = None) -> str:
    """Read a draft file, with one clear error for anything that is not a usable text draft."""
    return text_from_bytes(read_bytes(path, max_bytes), str(path))


def text_from_bytes(data: bytes, name: str, notices: list[str] | None = None) -> str:
    """Decoded text of a draft's bytes; decoding notices (mixed encodings) go to ``notices``."""
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    text = decode(data, name, notices)
    if _looks_binary(text):
        raise InputError(f"{name}: looks like a binary file, not a text draft")
    if not text.strip():
        raise InputError(f"{name}: file is empty")
    return text
