"""Open a Word package (a zip archive) and read its XML parts without trusting the archive.

A zip states how many entries it has, how large its directory is and how large each entry
inflates to; a zip bomb lies about or abuses all three. So, in this order:

1. the end record's entry count and directory size are checked *before* ``zipfile`` parses
   the directory (``limits.MAX_ZIP_ENTRIES``, ``limits.MAX_ZIP_DIRECTORY_BYTES``);
2. the parsed directory's entry count and the sum of declared sizes are checked
   (``limits.MAX_ZIP_TOTAL_BYTES``);
3. a part is refused on its declared size and compression ratio before it is inflated, and
   inflated in chunks with the same checks on the bytes actually produced, since the declared
   size can lie (``limits.MAX_ZIP_PART_BYTES``, ``limits.MAX_COMPRESSION_RATIO``), and the
   bytes inflated over all parts are counted against ``limits.MAX_ZIP_TOTAL_BYTES``.

Nested archives are never opened: a part that is itself a zip is refused as not XML.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from treatylint.document import limits
from treatylint.errors import InputError

_END = struct.Struct("<4s4H2LH")  # signature, disks, entries here, entries, directory size, offset, comment
_END64_LOCATOR = struct.Struct("<4sLQL")
_END64 = struct.Struct("<4sQ2H2L4Q")
_CHUNK = 1024 * 1024


def _mb(size: int) -> str:
    return f"{size / limits.MB:,.0f} MB" if size >= limits.MB else f"{size:,} bytes"


def _damaged(name: str, detail: object) -> InputError:
    return InputError(f"{name}: damaged Word file ({detail}); open and re-save it in Word, or export a PDF")


def _end_record(data: bytes, name: str) -> tuple[int, int]:
    """The entry count and directory size the archive's end record declares (zip64 included)."""
    start = data.rfind(b"PK\x05\x06", max(0, len(data) - 0xFFFF - _END.size))
    if start < 0 or len(data) - start < _END.size:
        raise _damaged(name, "no zip end record: truncated?")
    entries, size = _END.unpack_from(data, start)[4:6]
    if (entries == 0xFFFF or size == 0xFFFFFFFF) and start >= _END64_LOCATOR.size:
        signature, _, offset, _ = _END64_LOCATOR.unpack_from(data, start - _END64_LOCATOR.size)
        if signature == b"PK\x06\x07" and offset + _END64.size <= len(data):
            record = _END64.unpack_from(data, offset)
            if record[0] == b"PK\x06\x06":
                entries, size = record[7], record[8]
    return entries, size


def _check_end_record(data: bytes, name: str) -> None:
    entries, size = _end_record(data, name)
    if entries > limits.MAX_ZIP_ENTRIES:
        raise InputError(
            f"{name}: refused: the archive declares {entries:,} entries; a Word file has a few dozen "
            f"(limit {limits.MAX_ZIP_ENTRIES:,})"
        )
    if size > limits.MAX_ZIP_DIRECTORY_BYTES:
        raise InputError(
            f"{name}: refused: the archive's directory is {_mb(size)}; the limit is "
            f"{_mb(limits.MAX_ZIP_DIRECTORY_BYTES)} (not a real Word file)"
        )


def open_package(data: bytes, name: str) -> zipfile.ZipFile:
    """The archive, once its directory is known to be of sane size and its entries to declare
    no more than ``limits.MAX_ZIP_TOTAL_BYTES`` in all."""
    _check_end_record(data, name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error) as exc:
        raise _damaged(name, exc) from None
    infos = archive.infolist()
    if len(infos) > limits.MAX_ZIP_ENTRIES:
        archive.close()
        raise InputError(f"{name}: refused: the archive has {len(infos):,} entries (limit {limits.MAX_ZIP_ENTRIES:,})")
    declared = sum(info.file_size for info in infos)
    if declared > limits.MAX_ZIP_TOTAL_BYTES:
        archive.close()
        raise InputError(
            f"{name}: refused: the archive declares {_mb(declared)} uncompressed; the limit is "
            f"{_mb(limits.MAX_ZIP_TOTAL_BYTES)} (a zip bomb?)"
        )
    return archive


class PartReader:
    """Reads parts of one archive, counting the bytes inflated over all of them."""

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.archive = archive
        self.name = name
        self.inflated = 0

    def read(self, member: str) -> bytes | None:
        """The part's bytes, or None if the package has no such part."""
        try:
            info = self.archive.getinfo(member)
        except KeyError:
            return None
        self._check_declared(info)
        try:
            data = self._inflate(info)
        except InputError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError, NotImplementedError) as exc:
            raise _damaged(self.name, f"{member}: {exc}") from None
        except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
            raise InputError(f"{self.name}: {member} is encrypted; save an unprotected copy of the draft ({exc})") from None
        if data.startswith(b"PK\x03\x04"):
            raise InputError(f"{self.name}: refused: {member} is itself a zip archive, not XML (nested archives are not opened)")
        return data

    def _check_declared(self, info: zipfile.ZipInfo) -> None:
        if info.file_size > limits.MAX_ZIP_PART_BYTES:
            raise self._too_large(info.filename, f"declares {_mb(info.file_size)} uncompressed")
        self._check_ratio(info, info.file_size)

    def _check_ratio(self, info: zipfile.ZipInfo, size: int) -> None:
        if size >= limits.RATIO_CHECK_FROM_BYTES and size > limits.MAX_COMPRESSION_RATIO * max(1, info.compress_size):
            ratio = size / max(1, info.compress_size)
            raise InputError(
                f"{self.name}: refused: {info.filename} inflates {ratio:,.0f} times "
                f"({_mb(info.compress_size)} to {_mb(size)}; limit {limits.MAX_COMPRESSION_RATIO}x): a zip bomb?"
            )

    def _too_large(self, member: str, what: str) -> InputError:
        return InputError(
            f"{self.name}: refused: {member} {what}; the limit is {_mb(limits.MAX_ZIP_PART_BYTES)} "
            "(a zip bomb, or a part far larger than any draft)"
        )

    def _inflate(self, info: zipfile.ZipInfo) -> bytes:
        """Inflate in chunks, checking the bytes really produced (the declared size may lie)."""
        chunks: list[bytes] = []
        size = 0
        with self.archive.open(info) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                self.inflated += len(chunk)
                if size > limits.MAX_ZIP_PART_BYTES:
                    raise self._too_large(info.filename, f"inflates to more than {_mb(limits.MAX_ZIP_PART_BYTES)}")
                if self.inflated > limits.MAX_ZIP_TOTAL_BYTES:
                    raise InputError(
                        f"{self.name}: refused: its parts inflate to more than {_mb(limits.MAX_ZIP_TOTAL_BYTES)} (a zip bomb?)"
                    )
                self._check_ratio(info, size)
                chunks.append(chunk)
        return b"".join(chunks)
