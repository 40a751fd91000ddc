"""Hostile drafts: Word, PDF, XML, HTML and Markdown files built to hang, exhaust memory, leak
local files or crash the readers.

Every hostile file is built here, in ``tmp_path``, and checked through the real command line
(``treatylint check FILE``: ``treatylint.cli.main`` in this process, or a subprocess where the
real stderr matters): exit code 2, one line on stderr naming the file and what was wrong, no
traceback, well under 5 seconds, and the file's bytes and mtime unchanged. A few files that are
malformed but readable (a PDF whose xref chain loops, a Word list numbered from 10**12) must be
read, quickly and quietly. The limits are in ``treatylint.document.limits``.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import time
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from cpu_clock import WALL_LIMIT, CpuClock, run_measured

from treatylint import cli
from treatylint.document import limits

MB = 1024 * 1024
BOUND = 5.0  # CPU seconds (cpu_clock.py): every hostile case must end well before this


# -- running the command line -----------------------------------------------------------------


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    pypdf_logged: list[str]


@pytest.fixture
def check(monkeypatch, capsys, caplog, tmp_path):
    """``check(path)``: run ``treatylint check path`` through ``cli.main`` in this process, and
    assert the file is unchanged afterwards."""
    monkeypatch.chdir(tmp_path)  # the results cache, if any, stays in tmp_path

    def run(path: Path) -> Run:
        before = (path.read_bytes(), path.stat().st_mtime_ns)
        monkeypatch.setattr(sys, "argv", ["treatylint", "check", str(path)])
        capsys.readouterr()
        caplog.clear()
        clock = CpuClock()
        try:
            cli.main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        seconds = clock.seconds
        assert clock.wall < WALL_LIMIT, f"hung for {clock.wall:.0f} s"
        captured = capsys.readouterr()
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before, "the input file was changed"
        logged = [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")]
        return Run(code, captured.out, captured.err, seconds, logged)

    return run


def assert_refused(run: Run, path: Path, *fragments: str) -> str:
    """Exit 2 with one clear line naming the file, fast; the report (the run carries on past an
    unreadable draft) shows no finding and says the file could not be read."""
    lines = run.err.splitlines()
    assert run.code == 2, run.err
    assert len(lines) == 1, run.err
    line = lines[0]
    assert f"{path}: " in line, line
    assert "Traceback" not in run.err and "internal error" not in line, line
    for fragment in fragments:
        assert fragment in line, line
    assert run.out == "" or run.out.strip().endswith("0 files checked; 1 file could not be read."), run.out
    assert run.seconds < BOUND, f"took {run.seconds:.1f} s"
    assert not run.pypdf_logged, run.pypdf_logged
    return line


def assert_read_quietly(run: Run) -> None:
    """A malformed but readable file: checked like any draft, fast, no noise, no traceback."""
    assert run.code in (0, 1), run.err
    assert "Traceback" not in run.err and "error" not in run.err, run.err
    assert run.seconds < BOUND, f"took {run.seconds:.1f} s"
    assert not run.pypdf_logged, run.pypdf_logged


def run_subprocess(path: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    """The real executable, for what only a fresh process shows (stderr as the user sees it),
    and the CPU seconds it used."""
    return run_measured([sys.executable, "-m", "treatylint", "check", str(path)], text=True, cwd=path.parent)


@pytest.fixture
def secret(tmp_path) -> tuple[str, str]:
    """A local file an external entity would leak: its unique content and its file:// URL."""
    content = f"TOP-SECRET-{uuid.uuid4().hex}"
    path = tmp_path / "secret.txt"
    path.write_text(content, encoding="utf-8")
    return content, path.as_uri()


# -- building zip archives (Word files) by hand, headers that lie included ---------------------


@dataclass
class Member:
    name: str
    data: bytes = b""  # what the entry really holds (unless ``raw`` is given)
    raw: bytes | None = None  # its deflate stream, prepared in advance (bombs)
    size: int | None = None  # the uncompressed size the headers declare (a lie if it differs)
    flags: int = 0


def deflate(data: bytes, final: bool = True) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def bomb_stream(prefix: bytes, megabytes: int, suffix: bytes = b"") -> bytes:
    """A raw deflate stream inflating to ``prefix``, ``megabytes`` MB of spaces and ``suffix``.
    Built from one compressed megabyte repeated (blocks ending in a full flush can be
    concatenated), so a gigabyte costs milliseconds to make."""
    return deflate(prefix, final=False) + deflate(b" " * MB, final=False) * megabytes + deflate(suffix)


def build_zip(members: list[Member]) -> bytes:
    out = bytearray()
    directory = bytearray()
    for m in members:
        raw = m.raw if m.raw is not None else deflate(m.data)
        size = m.size if m.size is not None else len(m.data)
        crc = zlib.crc32(m.data) if m.raw is None else 0  # a bomb is refused before its CRC is checked
        name = m.name.encode()
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, m.flags, 8, 0, 0x21, crc, len(raw), size, len(name), 0)
        out += name + raw
        directory += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, m.flags, 8, 0, 0x21, crc, len(raw), size, len(name), 0, 0, 0, 0, 0, offset
        )
        directory += name
    start = len(out)
    out += directory
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), start, 0)
    return bytes(out)


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)
BODY = (
    "<w:p><w:r><w:t>Article 1</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>Each Party shall adopt such measures as may be necessary.</w:t></w:r></w:p>"
)


def document_xml(body: str = BODY, doctype: str = "") -> bytes:
    return f'<?xml version="1.0"?>{doctype}<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'.encode()


def word_members(document: bytes | None = None, **parts: bytes) -> list[Member]:
    members = [Member("[Content_Types].xml", CONTENT_TYPES), Member("word/document.xml", document_xml() if document is None else document)]
    members += [Member(f"word/{name}.xml", data) for name, data in parts.items()]
    return members


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_the_hand_built_word_file_is_read(tmp_path):
    """The builder makes real Word files: the refusals below are for what each case adds."""
    from treatylint.document.formats import source_from_bytes

    source = source_from_bytes(build_zip(word_members()), "ok.docx")
    assert "Article 1" in source.text and "Each Party shall" in source.text


# -- Word: zip bombs ------------------------------------------------------------------------


def test_docx_document_inflating_to_hundreds_of_mb(tmp_path, check):
    """200 MB of XML in 200 KB: refused on its declared size, before inflating a byte."""
    raw = bomb_stream(f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode(), 200, b"</w:t></w:r></w:p></w:body></w:document>")
    path = write(tmp_path, "draft.docx", build_zip([Member("[Content_Types].xml", CONTENT_TYPES), Member("word/document.xml", raw=raw, size=200 * MB + 100)]))
    assert path.stat().st_size < MB
    assert_refused(check(path), path, "word/document.xml declares 200 MB")


def test_docx_header_lying_about_the_size(tmp_path, check):
    """The directory says 2 KB; the data inflates to 300 MB. Reading stops at what was declared
    and the damage is reported, instead of trusting either number."""
    raw = bomb_stream(f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode(), 300)
    path = write(tmp_path, "draft.docx", build_zip([Member("[Content_Types].xml", CONTENT_TYPES), Member("word/document.xml", raw=raw, size=2048)]))
    assert_refused(check(path), path, "damaged Word file", "word/document.xml")


def test_docx_compression_ratio(tmp_path, check):
    """20 MB of XML in 20 KB: under the size limits, but no real part compresses 1000 times."""
    data = document_xml(BODY + "<w:p><w:r><w:t>" + " " * (20 * MB) + "</w:t></w:r></w:p>")
    path = write(tmp_path, "draft.docx", build_zip(word_members(data)))
    assert_refused(check(path), path, "word/document.xml inflates", "times", "zip bomb")


def test_docx_too_many_entries(tmp_path, check):
    members = word_members() + [Member(f"word/media/p{i}.bin", b"") for i in range(limits.MAX_ZIP_ENTRIES)]
    path = write(tmp_path, "draft.docx", build_zip(members))
    assert_refused(check(path), path, f"declares {len(members):,} entries")


def test_docx_total_uncompressed_size(tmp_path, check):
    """Thirty entries of 10 MB each: none is read, but a package claiming 300 MB is a bomb."""
    raw = bomb_stream(b"", 10)
    members = word_members() + [Member(f"word/media/image{i}.png", raw=raw, size=10 * MB) for i in range(30)]
    path = write(tmp_path, "draft.docx", build_zip(members))
    assert_refused(check(path), path, "declares 300 MB uncompressed")


@pytest.mark.parametrize("part", ["comments", "numbering", "styles"])
def test_docx_oversized_part_that_is_read(tmp_path, check, part):
    raw = bomb_stream(f'<w:{part} xmlns:w="{W_NS}">'.encode(), 100, f"</w:{part}>".encode())
    members = word_members() + [Member(f"word/{part}.xml", raw=raw, size=100 * MB + 100)]
    path = write(tmp_path, "draft.docx", build_zip(members))
    assert_refused(check(path), path, f"word/{part}.xml declares 100 MB")


@pytest.mark.parametrize("part", ["header1", "footer1"])
def test_docx_large_parts_that_are_not_read_are_never_inflated(tmp_path, check, part):
    raw = bomb_stream(f'<w:{part} xmlns:w="{W_NS}">'.encode(), 60, f"</w:{part}>".encode())
    members = word_members() + [Member(f"word/{part}.xml", raw=raw, size=60 * MB + 100)]
    path = write(tmp_path, "draft.docx", build_zip(members))
    assert_read_quietly(check(path))


@pytest.mark.parametrize("part", ["footnotes", "endnotes"])
def test_docx_notes_are_read_so_a_bomb_in_them_is_refused(tmp_path, check, part):
    """Footnotes and endnotes are read (to say how many were not checked), under the same bounds."""
    raw = bomb_stream(f'<w:{part} xmlns:w="{W_NS}">'.encode(), 60, f"</w:{part}>".encode())
    members = word_members() + [Member(f"word/{part}.xml", raw=raw, size=60 * MB + 100)]
    path = write(tmp_path, "draft.docx", build_zip(members))
    assert_refused(check(path), path, f"word/{part}.xml inflates", "zip bomb")


def test_docx_nested_zip_in_place_of_the_document(tmp_path, check):
    inner = build_zip(word_members())
    path = write(tmp_path, "draft.docx", build_zip([Member("[Content_Types].xml", CONTENT_TYPES), Member("word/document.xml", inner)]))
    assert_refused(check(path), path, "word/document.xml is itself a zip archive")


def test_docx_embedded_zip_bomb_is_never_opened(tmp_path, check):
    bomb = build_zip([Member(f"layer{i}.bin", raw=bomb_stream(b"", 50), size=50 * MB) for i in range(4)])
    members = word_members() + [Member("word/embeddings/oleObject1.docx", bomb)]
    path = write(tmp_path, "draft.docx", build_zip(members))
    assert_read_quietly(check(path))


def test_docx_encrypted_entry(tmp_path, check):
    members = [Member("[Content_Types].xml", CONTENT_TYPES), Member("word/document.xml", document_xml(), flags=0x1)]
    path = write(tmp_path, "draft.docx", build_zip(members))
    assert_refused(check(path), path, "encrypted")


def test_docx_truncated(tmp_path, check):
    data = build_zip(word_members())
    path = write(tmp_path, "draft.docx", data[: len(data) // 2])
    assert_refused(check(path), path, "damaged Word file")


def test_docx_password_protected_office_file(tmp_path, check):
    """Word saves a password-protected .docx as an OLE compound file, not a zip."""
    path = write(tmp_path, "draft.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    assert_refused(check(path), path, "password-protected", ".docx")


def test_docx_reader_never_loads_python_docx(tmp_path):
    """python-docx would read every part of the package into memory before any bound."""
    path = write(tmp_path, "draft.docx", build_zip(word_members()))
    code = (
        "import sys; from pathlib import Path; from treatylint.document.formats import read_source; "
        f"read_source(Path({str(path)!r})); print('docx' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


# -- Word: XML inside the package --------------------------------------------------------------

LAUGHS = (
    '<!DOCTYPE {root} [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
)
QUADRATIC = '<!DOCTYPE {root} [<!ENTITY big "' + "x" * 50_000 + '">]>'


def test_docx_external_entity(tmp_path, check, secret):
    content, url = secret
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{url}">]>'
    data = document_xml(BODY + "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", doctype)
    path = write(tmp_path, "draft.docx", build_zip(word_members(data)))
    run = check(path)
    assert_refused(run, path, "refused", "word/document.xml")
    assert content not in run.err + run.out


def test_docx_external_dtd(tmp_path, check, secret):
    content, url = secret
    data = document_xml(doctype=f'<!DOCTYPE w:document SYSTEM "{url}">')
    path = write(tmp_path, "draft.docx", build_zip(word_members(data)))
    run = check(path)
    assert_refused(run, path, "DOCTYPE")
    assert content not in run.err + run.out


@pytest.mark.parametrize("doctype,use", [(LAUGHS, "&lol4;"), (QUADRATIC, "&big;" * 1000)], ids=["billion-laughs", "quadratic"])
def test_docx_entity_expansion(tmp_path, check, doctype, use):
    data = document_xml(BODY + f"<w:p><w:r><w:t>{use}</w:t></w:r></w:p>", doctype.format(root="w:document"))
    path = write(tmp_path, "draft.docx", build_zip(word_members(data)))
    assert_refused(check(path), path, "refused", "word/document.xml")


def test_docx_entity_expansion_in_styles(tmp_path, check):
    styles = (LAUGHS.format(root="w:styles") + f'<w:styles xmlns:w="{W_NS}"><w:style w:styleId="&lol4;"/></w:styles>').encode()
    path = write(tmp_path, "draft.docx", build_zip(word_members(styles=styles)))
    assert_refused(check(path), path, "refused", "word/styles.xml")


def test_docx_deep_nesting(tmp_path, check):
    depth = 30_000  # 750 KB inflated: under the compression-ratio check, which would refuse it first
    body = "<w:p>" + "<w:smartTag>" * depth + "<w:r><w:t>x</w:t></w:r>" + "</w:smartTag>" * depth + "</w:p>"
    path = write(tmp_path, "draft.docx", build_zip(word_members(document_xml(BODY + body))))
    assert_refused(check(path), path, f"more than {limits.MAX_XML_DEPTH} deep")


def test_docx_element_limit(tmp_path, check, monkeypatch):
    monkeypatch.setattr(limits, "MAX_XML_ELEMENTS", 500)
    path = write(tmp_path, "draft.docx", build_zip(word_members(document_xml(BODY + "<w:p><w:r><w:b/></w:r></w:p>" * 200))))
    assert_refused(check(path), path, "more than 500 XML elements")


def test_docx_absurd_list_numbering_is_read(tmp_path, check):
    """Roman numerals from 10**12 (a billion loop turns), 5,000-digit and non-numeric levels."""
    numbering = (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="1">'
        f'<w:lvl w:ilvl="{"9" * 5000}"><w:start w:val="x"/></w:lvl><w:lvl w:ilvl="²"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="999999999"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="zero">'
        f'<w:startOverride w:val="{"1" * 5000}"/></w:lvlOverride></w:num></w:numbering>'
    ).encode()
    item = '<w:p><w:pPr><w:numPr><w:ilvl w:val="{}"/><w:numId w:val="{}"/></w:numPr></w:pPr><w:r><w:t>Each Party.</w:t></w:r></w:p>'
    items = (item.format("0", "1") + item.format("x", "2") + item.format("9" * 5000, "1")) * 20
    path = write(tmp_path, "draft.docx", build_zip(word_members(document_xml(BODY + items), numbering=numbering)))
    assert_read_quietly(check(path))


def test_docx_text_limit(tmp_path, check, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 1000)
    path = write(tmp_path, "draft.docx", build_zip(word_members(document_xml(BODY * 30))))
    assert_refused(check(path), path, "characters of text", "limit is 1,000")


# -- Akoma Ntoso XML ---------------------------------------------------------------------------

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def akn(doctype: str = "", body: str = "<p>Each Party shall adopt measures.</p>") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<akomaNtoso xmlns="{AKN_NS}"><act><body>'
        f'<article eId="art_1"><num>Article 1</num><content>{body}</content></article>'
        "</body></act></akomaNtoso>"
    ).encode()


def test_akn_external_entity(tmp_path, check, secret):
    content, url = secret
    path = write(tmp_path, "draft.akn", akn(f'<!DOCTYPE akomaNtoso [<!ENTITY xxe SYSTEM "{url}">]>', "<p>&xxe;</p>"))
    run = check(path)
    assert_refused(run, path, "refused", "entities")
    assert content not in run.err + run.out


def test_akn_parameter_entity(tmp_path, check, secret):
    content, url = secret
    path = write(tmp_path, "draft.akn", akn(f'<!DOCTYPE akomaNtoso [<!ENTITY % pe SYSTEM "{url}"> %pe;]>'))
    run = check(path)
    assert_refused(run, path, "refused")
    assert content not in run.err + run.out


def test_akn_external_dtd(tmp_path, check, secret):
    content, url = secret
    path = write(tmp_path, "draft.akn", akn(f'<!DOCTYPE akomaNtoso SYSTEM "{url}">'))
    run = check(path)
    assert_refused(run, path, "refused", "external resource")
    assert content not in run.err + run.out


@pytest.mark.parametrize("doctype,use", [(LAUGHS, "&lol4;"), (QUADRATIC, "&big;" * 1000)], ids=["billion-laughs", "quadratic"])
def test_akn_entity_expansion(tmp_path, check, doctype, use):
    path = write(tmp_path, "draft.xml", akn(doctype.format(root="akomaNtoso"), f"<p>{use}</p>"))
    assert_refused(check(path), path, "refused", "entities")


def test_akn_deep_nesting_and_long_markers(tmp_path, check):
    """100,000 nested elements and a <num> of 100,000 spaces: linear work, no recursion."""
    nested = "<span>" * 100_000 + "deep" + "</span>" * 100_000
    body = f'<paragraph eId="p1"><num>{" " * 100_000}1.</num><content><p>{nested}</p></content></paragraph>'
    path = write(tmp_path, "draft.akn", akn(body=body))
    assert_read_quietly(check(path))


def test_akn_text_limit(tmp_path, check):
    path = write(tmp_path, "draft.akn", akn(body="<p>" + "word " * (limits.MAX_TEXT_CHARS // 5 + 10) + "</p>"))
    assert_refused(check(path), path, "characters of text")


# -- HTML and Markdown -----------------------------------------------------------------------------


def html(doctype: str = "<!DOCTYPE html>", body: str = "<p>Each Party shall adopt measures.</p>") -> bytes:
    return f"{doctype}<html><body><h2>Article 1</h2>{body}</body></html>".encode()


def test_html_external_entity(tmp_path, check, secret):
    content, url = secret
    path = write(tmp_path, "draft.html", html(f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{url}">]>', "<p>&xxe;</p>"))
    run = check(path)
    assert_refused(run, path, "declares XML entities")
    assert content not in run.err + run.out


def test_html_entity_expansion(tmp_path, check):
    path = write(tmp_path, "draft.xhtml", html(LAUGHS.format(root="html"), "<p>&lol4;</p>"))
    assert_refused(check(path), path, "declares XML entities")


def test_html_text_limit(tmp_path, check):
    path = write(tmp_path, "draft.html", html(body="<p>" + "word " * (limits.MAX_TEXT_CHARS // 5 + 10) + "</p>"))
    assert_refused(check(path), path, "characters of text")


def test_html_absurd_list_starts_are_read(tmp_path, check):
    lists = '<ol start="99999999999" type="I"><li>x</li></ol><ol start="999999999" type="i"><li>y</li></ol>'
    lists += f'<ol start="{"9" * 5000}"><li>z</li></ol><ol start="²"><li>w</li></ol>'
    path = write(tmp_path, "draft.html", html(body=lists))
    assert_read_quietly(check(path))


def test_html_parser_rescans_are_bounded_in_time(tmp_path, check, monkeypatch):
    """``html.parser`` (before CPython's fix for CVE-2025-6069) rescans the rest of the file at
    every unterminated ``</``: quadratic, minutes for a few MB. The reading time limit stops it
    (lowered here to keep the test short)."""
    monkeypatch.setattr(limits, "MAX_READ_SECONDS", 1.0)
    path = write(tmp_path, "draft.html", b"<html><body><p>Article 1</p>" + b"</" * 300_000)
    run = check(path)
    assert run.seconds < BOUND and "Traceback" not in run.err
    if run.code == 2:
        assert_refused(run, path)


def test_time_limit_survives_an_alarm_swallowed_by_a_finalizer(capsys):
    """An alarm that lands in a finalizer or a gc callback is dropped there ("Exception
    ignored"): the limit must fire again until it stops the reader, and print nothing."""
    from treatylint.document.formats.guard import time_limit
    from treatylint.errors import InputError

    class Finalizer:
        def __del__(self) -> None:
            time.sleep(0.3)  # the alarm arrives here and its exception is dropped

    # wall time on purpose (the alarm is), with room for a loaded machine: without the re-fire
    # the loop runs its full 20 s and nothing is raised
    start = time.monotonic()
    with pytest.raises(InputError, match="took longer than 0.1 seconds"):
        with time_limit("draft.html", "this HTML file", 0.1):
            Finalizer()
            while time.monotonic() - start < 20:
                sum(range(1000))
    assert time.monotonic() - start < 10
    assert "Exception ignored" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "line",
    ["[" * 50_000, "](" * 25_000, "# a" + " " * 50_000 + "b", "[a](" * 12_500 + "x", "<a" * 25_000],
    ids=["brackets", "link-targets", "heading-spaces", "open-links", "open-tags"],
)
def test_markdown_lines_that_made_regexes_backtrack(tmp_path, check, line):
    """Each line took the old regexes quadratic time: 50,000 characters, about a billion steps."""
    path = write(tmp_path, "draft.md", f"# Draft\n\n## Article 1\n\n{line}\n".encode())
    run = check(path)
    assert run.seconds < BOUND and "Traceback" not in run.err and "internal error" not in run.err
    assert run.code in (0, 1), run.err


# -- PDF -----------------------------------------------------------------------------------------


def pdf(objects: dict[int, bytes], trailer: bytes = b"", version: bytes = b"1.4") -> bytes:
    out = bytearray(b"%PDF-" + version + b"\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    start = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets.get(n, 0) for n in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer, start)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
TEXT = b"BT /F1 12 Tf 72 720 Td (Article 1) Tj 0 -14 Td (Each Party shall adopt measures.) Tj ET"


def pdf_objects(content: bytes = TEXT) -> dict[int, bytes]:
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: PAGE,
        4: stream(content),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }


def test_the_hand_built_pdf_is_read():
    from treatylint.document.formats import source_from_bytes

    assert "Each Party shall" in source_from_bytes(pdf(pdf_objects()), "ok.pdf").text


@pytest.mark.parametrize(
    "kids,node3",
    [(b"[3 0 R 2 0 R]", PAGE), (b"[3 0 R]", b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>")],
    ids=["kids-include-the-parent", "child-points-back"],
)
def test_pdf_page_tree_cycle(tmp_path, check, kids, node3):
    objects = pdf_objects()
    objects[2] = b"<< /Type /Pages /Kids " + kids + b" /Count 2 >>"
    objects[3] = node3
    path = write(tmp_path, "draft.pdf", pdf(objects))
    assert_refused(check(path), path, "cyclic page references")


def test_pdf_reference_loop(tmp_path, check):
    """A stream /Length that refers to an object that refers back to the first."""
    objects = pdf_objects()
    objects[4] = b"<< /Length 6 0 R >>\nstream\n" + TEXT + b"\nendstream"
    objects[6], objects[7] = b"7 0 R", b"6 0 R"
    path = write(tmp_path, "draft.pdf", pdf(objects))
    assert_refused(check(path), path, "loop")


def _prev_loop(self_loop: bool) -> bytes:
    """A trailer whose /Prev points at its own xref section, or two sections pointing at each
    other (an incremental update whose /Prev is the original, whose /Prev is the update)."""
    placeholder = b"/Prev 0000000000 "
    base = pdf(pdf_objects(), trailer=placeholder)
    first = int(base.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    if self_loop:
        return base.replace(placeholder, b"/Prev %010d " % first)
    second = len(base)
    update = b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 6 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (first, second)
    return base.replace(placeholder, b"/Prev %010d " % second) + update


@pytest.mark.parametrize("self_loop", [True, False], ids=["prev-to-itself", "two-sections-in-a-loop"])
def test_pdf_xref_prev_loop_is_read_quietly(tmp_path, check, self_loop):
    """pypdf notices the loop and reads the file; its log messages are not shown."""
    path = write(tmp_path, "draft.pdf", _prev_loop(self_loop))
    assert_read_quietly(check(path))


def test_pdf_xref_loop_stderr_in_a_real_process(tmp_path):
    path = write(tmp_path, "draft.pdf", _prev_loop(True))
    result, _ = run_subprocess(path)
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr == "", result.stderr


def test_pdf_xref_table_declaring_100_million_objects(tmp_path, check):
    path = write(tmp_path, "draft.pdf", pdf(pdf_objects()).replace(b"xref\n0 6\n", b"xref\n0 100000000\n", 1))
    assert_refused(check(path), path)


def test_pdf_flate_bomb(tmp_path, check):
    """A content stream of 1 MB that inflates to 1 GB."""
    flate = b"\x78\xda" + bomb_stream(TEXT + b"\n", 1024) + b"\x00\x00\x00\x00"  # never inflated to the end
    objects = pdf_objects()
    objects[4] = stream(flate, b"/Filter /FlateDecode ")
    path = write(tmp_path, "draft.pdf", pdf(objects))
    assert path.stat().st_size < 2 * MB
    assert_refused(check(path), path, "decompression bomb")


def _many_pages(count: int, declared: int) -> bytes:
    objects = pdf_objects()
    kids = b" ".join(b"%d 0 R" % (10 + i) for i in range(count))
    objects[2] = b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % declared
    objects.update({10 + i: PAGE for i in range(count)})
    del objects[3]
    return pdf(objects)


def test_pdf_too_many_pages(tmp_path, check):
    path = write(tmp_path, "draft.pdf", _many_pages(20_000, 20_000))
    assert_refused(check(path), path, "20,000 pages", f"limit is {limits.MAX_PDF_PAGES:,} pages")


def test_pdf_page_count_that_lies(tmp_path, check):
    path = write(tmp_path, "draft.pdf", _many_pages(20_000, 1))
    assert_refused(check(path), path, "page tree", f"limit is {limits.MAX_PDF_PAGES:,} pages")


def test_pdf_one_page_listed_twenty_thousand_times(tmp_path, check):
    objects = pdf_objects()
    objects[2] = b"<< /Type /Pages /Kids [" + b"3 0 R " * 20_000 + b"] /Count 20000 >>"
    path = write(tmp_path, "draft.pdf", pdf(objects))
    assert_refused(check(path), path, "20,000 pages")


def test_pdf_page_with_ten_million_characters(tmp_path, check):
    """Under every size limit, but pypdf takes tens of seconds on it: the page time limit."""
    content = b"BT /F1 12 Tf 72 720 Td " + b"(Article one two three four five six seven) Tj T* " * 200_000 + b"ET"
    objects = pdf_objects()
    objects[4] = stream(zlib.compress(content), b"/Filter /FlateDecode ")
    path = write(tmp_path, "draft.pdf", pdf(objects))
    assert_refused(check(path), path, "page 1", f"{limits.MAX_PDF_PAGE_SECONDS:g} seconds")


def test_pdf_text_limit(tmp_path, check, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 20)
    path = write(tmp_path, "draft.pdf", pdf(pdf_objects()))
    assert_refused(check(path), path, "characters of text")


def test_pdf_truncated(tmp_path, check):
    data = pdf(pdf_objects())
    path = write(tmp_path, "draft.pdf", data[: len(data) // 2])
    assert_refused(check(path), path, "damaged or truncated")


def _encrypted(user_password: str) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(io.BytesIO(pdf(pdf_objects()))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_encrypted(tmp_path, check):
    path = write(tmp_path, "draft.pdf", _encrypted("secret"))
    assert_refused(check(path), path, "encrypted", "export an unencrypted copy")


def test_pdf_with_only_an_owner_password_is_read(tmp_path, check):
    """The usual "no copying" restriction: an empty user password, which opens the file."""
    path = write(tmp_path, "draft.pdf", _encrypted(""))
    assert_read_quietly(check(path))


# -- a file whose name hides what it is ----------------------------------------------------------


def test_txt_that_is_a_broken_pdf_in_a_real_process(tmp_path):
    """pypdf used to print "EOF marker not found" before our error: stderr is one line."""
    path = write(tmp_path, "draft.txt", b"%PDF-1.4 junk")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    result, seconds = run_subprocess(path)
    assert seconds < BOUND
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and f"{path}: " in lines[0] and "a PDF, whatever its name" in lines[0], result.stderr
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


@pytest.mark.parametrize(
    "data,what",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(64), "a JPEG image"),
        (b"\x1f\x8b\x08\x00" + bytes(64), "a gzip archive"),
        (b"{\\rtf1\\ansi Article 1}", "an RTF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "a legacy Word .doc"),
    ],
    ids=["png", "jpeg", "gzip", "rtf", "ole"],
)
def test_txt_that_is_not_text(tmp_path, check, data, what):
    path = write(tmp_path, "draft.txt", data)
    assert_refused(check(path), path, f"it is {what}")


def test_txt_that_is_a_zip(tmp_path, check):
    path = write(tmp_path, "draft.txt", build_zip([Member("notes.txt", b"Article 1")]))
    assert_refused(check(path), path, "a zip archive, not a Word document")


# -- memory, in a process of its own ---------------------------------------------------------------

# The peak resident memory of this process's image (VmHWM; ru_maxrss would report the parent's
# peak: Linux carries it over the fork and exec that started us).
_PEAK = (
    "import sys\n"
    "from treatylint.cli import main\n"
    "out = sys.argv.pop(1)\n"
    "try:\n    main()\n"
    "finally:\n"
    "    status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
    "    open(out, 'w').write(status)\n"
)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM is Linux's")
@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_bombs_stay_within_bounded_memory(tmp_path, kind):
    """A 300 MB Word part and a 1 GB PDF stream: refused with memory to spare."""
    if kind == "docx":
        raw = bomb_stream(f'<w:document xmlns:w="{W_NS}">'.encode(), 300)
        data = build_zip([Member("[Content_Types].xml", CONTENT_TYPES), Member("word/document.xml", raw=raw, size=60 * MB)])
    else:
        objects = pdf_objects()
        objects[4] = stream(b"\x78\xda" + bomb_stream(TEXT, 1024), b"/Filter /FlateDecode ")
        data = pdf(objects)
    path = write(tmp_path, f"draft.{kind}", data)
    peak = tmp_path / "peak"
    result = subprocess.run(
        [sys.executable, "-c", _PEAK, str(peak), "check", str(path)], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert int(peak.read_text()) < 400 * 1024, f"peak memory {int(peak.read_text()) // 1024} MB"


def test_pdf_many_slow_pages_are_stopped_by_the_file_budget(tmp_path, check, monkeypatch):
    """Issue 15: a 33 KB PDF of pages each just under the per-page limit took 98 s. The whole
    file has a budget (8 s + 10 s per MB by default, so a small crafted file stops within 10 s);
    lowered here so the test stays short, with the per-page limit out of the way."""
    assert limits.MAX_PDF_SECONDS + limits.MAX_PDF_SECONDS_PER_MB * 33 * 1024 / MB <= 10
    monkeypatch.setattr(limits, "MAX_PDF_SECONDS", 1.0)
    monkeypatch.setattr(limits, "MAX_PDF_SECONDS_PER_MB", 0.0)
    monkeypatch.setattr(limits, "MAX_PDF_PAGE_SECONDS", 60.0)
    content = b"BT /F1 12 Tf 72 720 Td " + b"(Article one two three four five six seven) Tj T* " * 20_000 + b"ET"
    objects = pdf_objects()
    objects[4] = stream(zlib.compress(content), b"/Filter /FlateDecode ")
    kids = b" ".join(b"%d 0 R" % (10 + i) for i in range(40))
    objects[2] = b"<< /Type /Pages /Kids [" + kids + b"] /Count 40 >>"
    objects.update({10 + i: PAGE for i in range(40)})
    del objects[3]
    path = write(tmp_path, "draft.pdf", pdf(objects))
    assert len(path.read_bytes()) < 40_000
    assert_refused(check(path), path, "this PDF", "1 seconds")
