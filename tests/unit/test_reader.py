"""Reading drafts: encodings, line ends, and refusal of what is not a text draft."""

from __future__ import annotations

import pytest

from treatylint.document.reader import read_text
from treatylint.errors import InputError

TEXT = "Article 1\nRésumé – “quoted” text, 5 €.\n"


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-32"),
        TEXT.encode("cp1252"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf32-bom", "cp1252", "crlf"],
)
def test_decodes_common_encodings(tmp_path, encoded):
    path = tmp_path / "draft.txt"
    path.write_bytes(encoded)
    assert read_text(path) == TEXT


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="binary"):
        read_text(path)


@pytest.mark.parametrize("content", [b"", b"   \n\n  "])
def test_empty_file_is_refused(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty"):
        read_text(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


def test_undecodable_bytes_are_refused(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Article 1\n\x81\x8d\x8f\x90\x9d text")  # undefined in cp1252, invalid utf-8
    with pytest.raises(InputError, match="bad.txt"):
        read_text(path)


def test_huge_file_is_refused(tmp_path, monkeypatch):
    from treatylint.document import reader

    monkeypatch.setattr(reader, "MAX_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_text("Article 1\n" + "word " * 1000)
    with pytest.raises(InputError, match="limit"):
        read_text(path)


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_past_the_character_bound_is_refused_in_every_format(tmp_path, monkeypatch, suffix):
    """Plain text is bounded like the other formats' text (limits.MAX_TEXT_CHARS), below the
    file-size limit: one line naming the file and the bound, before any analysis."""
    from treatylint.document import limits
    from treatylint.run.linter import Linter
    from treatylint.settings import Settings

    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 2000)
    path = tmp_path / f"draft{suffix}"
    path.write_text("Article 1\n\n" + "x\n" * 1500)  # 3,011 characters in short lines
    with pytest.raises(InputError, match=rf"draft\{suffix}: refused: the file holds (3,011|more than 2,000) characters of text; the limit is 2,000"):
        Linter(Settings()).check_file(path)
    path.write_text("Article 1\n\n" + "x\n" * 900)
    assert Linter(Settings()).check_file(path).document is not None  # under the bound: read
