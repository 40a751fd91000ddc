"""Bounds on the work a draft may cause when it is read: one place, each with the reason for it.

Drafts come from other people and are untrusted. A Word file is a zip archive of XML parts, a
PDF a graph of compressed streams, an HTML or XML file markup a parser walks: each of them can
be built so that a small file asks for gigabytes of memory or hours of work (zip and
decompression bombs, entity expansion, reference loops). The readers in
``treatylint.document.formats`` check these bounds *before* doing the work where they can, and
while doing it where they cannot, and refuse a file that passes one with a single-line
:class:`~treatylint.errors.InputError` naming the file and the limit.

The values are far above what any real draft needs: the largest of the 1,277 treaties in the
reference corpus (the WTO Agreement) is about 1 million characters, and a Word draft's
``document.xml`` is a few megabytes. Tests lower them with ``monkeypatch`` (they are read at
call time, as ``limits.NAME``).
"""

from __future__ import annotations

MB = 1024 * 1024

# -- every format ----------------------------------------------------------------------------

MAX_TEXT_CHARS = 4_000_000
"""Characters of text a draft may have, in any format (4x the longest treaty in the corpus).
The readers keep a source location for every character, so memory grows with the text, not
with the file: a small compressed file could otherwise expand into gigabytes. It is also the
bound that keeps a check within 10 s and 1 GB whatever the text's shape (issue 15; measured by
``benchmarks/worst_shapes.py``): the engine reads about 1 MB of treaty text per 1-2 s of CPU, so
a plain text file of 50 MB (``--max-file-size`` bounds bytes) would take a minute."""

MAX_READ_SECONDS = 120.0
"""Wall-clock bound on reading one Word, PDF, HTML, Markdown or Akoma Ntoso file. A safety net
for parser work that is not linear in the input (a hostile PDF, malformed HTML that makes the
standard library's parser rescan the rest of the file at every ``<``); a real 500-page draft
reads in seconds. Enforced with ``SIGALRM`` in the main thread of a POSIX process (the command
line and its worker processes); elsewhere the PDF reader checks it between pages."""

MAX_XML_DEPTH = 256
"""Element nesting a Word part may have (Word's own nesting, tables in tables included, stays
under 40). The paragraph walk recurses into runs, so a deeper file would exhaust the stack."""

MAX_XML_ELEMENTS = 1_000_000
"""Elements in one Word part. Parse time and memory grow with elements (a few microseconds and
about 200 bytes each), not bytes: 64 MB of ``<w:b/>`` is ten million of them. A Word draft has
roughly one element per 5-20 characters of text, so a 1,000-page draft has about 300,000."""

# -- Word (.docx): a zip archive of XML parts ------------------------------------------------

MAX_ZIP_ENTRIES = 2_000
"""Entries in a Word package (a draft has 15-30; a thousand embedded images would still pass).
Checked in the zip's end record before the directory is parsed: a 50 MB archive of empty
entries would otherwise make a million directory records in memory."""

MAX_ZIP_DIRECTORY_BYTES = 4 * MB
"""Size of the zip's central directory, checked before it is parsed (the end record's entry
count can lie; the directory's size bounds the records that are really parsed)."""

MAX_ZIP_PART_BYTES = 64 * MB
"""Uncompressed size of one XML part the reader parses (``word/document.xml``, styles,
numbering, comments). Checked against the declared size before reading, and again while
reading in chunks, since a zip header's declared size can lie."""

MAX_ZIP_TOTAL_BYTES = 256 * MB
"""Sum of the declared uncompressed sizes of every entry in the package, and of the bytes the
reader actually inflates. A package claiming more is a zip bomb, whatever it contains."""

MAX_COMPRESSION_RATIO = 200
"""Uncompressed/compressed size of a part the reader inflates. Real XML compresses 3-30 times
(Word's styles.xml about 30); deflate bombs reach 1,000. Only parts larger than
``RATIO_CHECK_FROM_BYTES`` are checked: a tiny part may compress well and harms nothing."""

RATIO_CHECK_FROM_BYTES = 1 * MB
"""Parts smaller than this once inflated are not ratio-checked."""

# -- PDF ---------------------------------------------------------------------------------------

MAX_PDF_PAGES = 2_000
"""Pages of one PDF. A long treaty with annexes is a few hundred; text extraction costs time
per page, so a file of 100,000 empty pages is refused before any is read."""

MAX_PDF_PAGE_SECONDS = 2.0
"""Wall-clock bound on extracting the text of one PDF page. A real page takes milliseconds
(a dense one a tenth of a second); a single page of ten million characters takes pypdf tens
of seconds, yet stays under every size limit."""

MAX_PDF_SECONDS = 8.0
MAX_PDF_SECONDS_PER_MB = 10.0
"""Wall-clock bound on reading one PDF: 8 s plus 10 s per megabyte of file. pypdf's cost follows
what the file's bytes ask for, so a small crafted file (33 KB of pages each built to take pypdf
its full per-page time) is stopped within 10 s, while an honest 500-page, 4 MB treaty (about
0.1 s a page) has 48 s. Never more than ``MAX_READ_SECONDS``."""

MAX_PDF_STREAM_BYTES = 32 * MB
"""Decompressed size of one PDF stream (pypdf's own default is 75 MB). A page's content
stream is kilobytes; a FlateDecode bomb stops here instead of inflating to gigabytes."""
