"""Hypothesis strategies and builders for issue 15's hostile classes (tests/fuzz/test_fuzz_hostile.py):
one realistic draft (``fuzz_strategies.drafts``) written in each format twice, with and without
what a reader cannot see (hidden runs, display:none, comments, invisible PDF text), or with and
without disguises (soft hyphens, entities, intra-word emphasis, line-end hyphenation), or with
some of its paragraphs moved into containers (text boxes, alternate content, altChunk parts,
footnotes, Form XObjects); damaged cache entries; file names in any bytes.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

from hypothesis import strategies as st

import fuzz_strategies as fs
from pdf_build import make_pdf

# -- the draft, as lines every format can carry --------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_MARKER = "qqhid"  # in every hidden insert: never a word of a draft, so its absence is checkable


@st.composite
def draft_lines(draw, latin1: bool = False) -> list[str]:
    """A realistic draft's lines (LF, no control characters; Latin-1 only for hand-built PDFs)."""
    text = draw(fs.drafts()).replace("\r\n", "\n").replace("\r", "\n")
    text = _NOT_XML.sub(" ", text)
    if latin1:
        text = text.encode("latin-1", "replace").decode("latin-1")
    lines = [line.rstrip() for line in text.split("\n")]
    return lines if any(line.strip() for line in lines) else ["Article 1", "Each Party shall cooperate."]


# what a counterpart would hide: mitigating and safeguard language, suppressions, any sentence
HIDDEN_PHRASES = (
    "with intent to incite imminent violence", "when committed intentionally and without right",
    "necessary and proportionate and subject to prior judicial authorization", "in accordance with international human rights law",
    "treatylint: ignore[vague-offence] agreed", "treatylint: disable-file", "treatylint: ignore[] ok",
    "except for journalism, research or art", "a political offence shall be a ground for refusal",
)


@st.composite
def hidden_inserts(draw, lines: list[str], markers: bool = True, latin1: bool = False) -> dict[int, str]:
    """Line index -> the hidden words put at the end of that line (each carries ``_MARKER``)."""
    candidates = [i for i, line in enumerate(lines) if line.strip()]
    chosen = draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=6, unique=True))
    phrases = HIDDEN_PHRASES if markers else tuple(p for p in HIDDEN_PHRASES if "treatylint" not in p)
    out = {}
    for n, index in enumerate(sorted(chosen)):
        words = draw(st.one_of(st.sampled_from(phrases), fs.sentences()))
        words = _NOT_XML.sub(" ", words)
        out[index] = f" {words.encode('latin-1', 'replace').decode('latin-1') if latin1 else words} {_MARKER}{n}"
    return out


# -- formats ----------------------------------------------------------------------------------------

HTML_HIDING = ('<span style="display:none">{}</span>', "<span hidden>{}</span>", "<template>{}</template>",
               "<!--{}-->", '<span style="visibility: hidden">{}</span>', '<span style="font-size:0">{}</span>',
               '<span class="x">{}</span>')
MD_HIDING = ("<!--{}-->", '<span style="display:none">{}</span>')
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WORD_HIDING = ("<w:vanish/>", "<w:specVanish/>", '<w:sz w:val="2"/>', '<w:color w:val="FFFFFF"/>', '<w:rStyle w:val="Secret"/>')
PDF_HIDING = (("3 Tr", "0 Tr"), ("7 Tr", "0 Tr"), ("1 g", "0 g"), ("1 1 1 rg", "0 0 0 rg"))


def _comment_safe(text: str) -> str:
    return text.replace("--", "- -").replace(">", " ")


def html_page(lines: list[str], extra: dict[int, str] | None = None, hiding: str = "", escaped: bool = False) -> bytes:
    """Each non-blank line a paragraph; ``extra`` words after a line, wrapped in ``hiding``;
    ``escaped``: the lines are markup already (entities kept)."""
    body = []
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        tail = ""
        if extra and i in extra:
            words = _comment_safe(extra[i]) if hiding.startswith("<!--") else html.escape(extra[i])
            tail = hiding.format(words) if hiding else words
        body.append(f"<p>{line if escaped else html.escape(line)}{tail}</p>")
    head = "<style>.x { display: none }</style>" if "class=" in hiding else ""
    return f"<!DOCTYPE html><html><head><meta charset=\"utf-8\">{head}</head><body>{''.join(body)}</body></html>".encode()


def markdown(lines: list[str], extra: dict[int, str] | None = None, hiding: str = "") -> bytes:
    out = []
    for i, line in enumerate(lines):
        tail = ""
        if extra and i in extra:
            tail = hiding.format(_comment_safe(extra[i]) if hiding.startswith("<!--") else html.escape(extra[i])) if hiding else extra[i]
        out.append(line + tail)
    return ("\n".join(out) + "\n").encode()


def _wt(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{html.escape(text, quote=False)}</w:t></w:r>'


def docx(paragraphs: list[str], extra: dict[int, str] | None = None, hiding: str = "", parts: dict[str, bytes] | None = None,
         namespaces: str = "", raw: dict[int, str] | None = None) -> bytes:
    """Each line a Word paragraph; ``extra`` words in a run formatted ``hiding`` at its end;
    ``raw``: a paragraph's XML given as is (containers)."""
    body = []
    for i, line in enumerate(paragraphs):
        if raw and i in raw:
            body.append(raw[i])
            continue
        runs = _wt(line)
        if extra and i in extra:
            text = html.escape(extra[i], quote=False)
            runs += f'<w:r><w:rPr>{hiding}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>' if hiding else _wt(extra[i])
        body.append(f"<w:p>{runs}</w:p>")
    document = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}" {namespaces}><w:body>'
                f"{''.join(body)}</w:body></w:document>")
    styles = (f'<?xml version="1.0"?><w:styles xmlns:w="{W_NS}"><w:style w:type="character" w:styleId="Secret">'
              "<w:rPr><w:vanish/></w:rPr></w:style></w:styles>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", document)
        archive.writestr("word/styles.xml", styles)
        for member, data in (parts or {}).items():
            archive.writestr(member, data)
    return buffer.getvalue()


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(lines: list[str], extra: dict[int, str] | None = None, hiding: tuple[str, str] = ("", ""), rotate: int = 0,
        form_lines: list[str] | None = None, form_y: int = 40) -> bytes:
    """Lines wrapped at 90 characters, 7-point type, 75 lines a page; ``extra`` words at a line's
    end drawn between ``hiding``'s operators; ``form_lines`` drawn from a Form XObject on page 1,
    at height ``form_y`` (40: below the last line; 750: over the first line, overprinted)."""
    rows: list[tuple[str, str | None]] = []
    for i, line in enumerate(lines):
        pieces = _wrap(line, 90) or [""]
        for k, piece in enumerate(pieces):
            rows.append((piece, extra.get(i) if extra and k == len(pieces) - 1 else None))
    pages = []
    for start in range(0, max(len(rows), 1), 75):
        ops = ["BT /F1 7 Tf 9 TL 60 750 Td"]
        for text, hidden in rows[start:start + 75]:
            op = f"({_pdf_escape(text)}) Tj"
            if hidden is not None:
                op += f" {hiding[0]} ({_pdf_escape(hidden)}) Tj {hiding[1]}" if hiding[0] else f" ({_pdf_escape(hidden)}) Tj"
            ops.append(op + " T*")
        ops.append("ET")
        pages.append("\n".join(ops))
    form = None
    if form_lines:
        pages[0] += "\n/Fm1 Do"
        form = "\n".join([f"BT /F1 7 Tf 9 TL 60 {form_y} Td"] + [f"({_pdf_escape(t)}) Tj T*" for t in form_lines[:3]] + ["ET"])
    return make_pdf(pages, rotate=rotate, form=form)


def _wrap(line: str, width: int) -> list[str]:
    out, current = [], ""
    for word in line.split(" "):
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        out.append(current)
    return [piece[i:i + width] for piece in out for i in range(0, max(len(piece), 1), width)]


# -- disguises a reader does not see (beyond fuzz_strategies.disguised) --------------------------------

_WORD = re.compile(r"(?<![&#\w])[A-Za-z]{5,}(?![\w;])")


@st.composite
def disguised_line(draw, line: str, fmt: str) -> str:
    """``line`` with some words disguised the way the format allows: soft hyphens (also ``&shy;``),
    numeric entities, intra-word emphasis (Markdown), or ``fuzz_strategies.disguised``'s
    invisible characters, look-alike letters and ligatures."""
    words = list(_WORD.finditer(line))
    if not words:
        return line
    chosen = sorted(set(draw(st.lists(st.integers(0, len(words) - 1), min_size=1, max_size=4))))
    ways = ["plain-disguise", "soft-hyphen"]
    if fmt in ("md", "html"):
        ways += ["shy-entity", "entity"]
    if fmt == "md":
        ways += ["emphasis"]
    out, last = [], 0
    for index in chosen:
        match = words[index]
        word, how = match.group(), draw(st.sampled_from(ways))
        at = draw(st.integers(1, len(word) - 2))
        if how == "soft-hyphen":
            word = word[:at] + "\u00ad" + word[at:]
        elif how == "shy-entity":
            word = word[:at] + "&shy;" + word[at:]
        elif how == "entity":
            word = word[:at] + f"&#{ord(word[at])};" + word[at + 1:]
        elif how == "emphasis":
            end = draw(st.integers(at + 1, len(word) - 1))
            mark = draw(st.sampled_from(("*", "**")))
            word = word[:at] + mark + word[at:end] + mark + word[end:]
        else:
            word = draw(fs.disguised(word))
        out += [line[last:match.start()], word]
        last = match.end()
    return "".join(out) + line[last:]


@st.composite
def hyphenated_lines(draw, lines: list[str]) -> tuple[list[str], list[str]]:
    """A plain-text draft with some long lines broken inside a word, hyphen at the line end, as a
    re-flowed text would be ("crimi-" / "nal offence"), and the same draft broken after that
    word instead (what the reader reads: "criminal" / " offence")."""
    plain, broken = [], []
    for line in lines:
        words = list(_WORD.finditer(line))
        if len(line) > 40 and words and draw(st.integers(0, 2)) == 0:
            match = draw(st.sampled_from(words))
            at = match.start() + draw(st.integers(2, len(match.group()) - 2))
            plain += [line[:match.end()], line[match.end():]]
            broken += [line[:at] + "-", line[at:]]
        else:
            plain.append(line)
            broken.append(line)
    return plain, broken


# -- Word containers -------------------------------------------------------------------------------

MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
CONTAINER_NS = (MC + ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
                ' xmlns:v="urn:schemas-microsoft-com:vml" xmlns:x9="urn:example:unknown"'
                ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>')
_CHUNK = ('<Relationship Id="rIdC{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" '
          'Target="chunk{n}.htm"/>')


def word_container(kind: str, n: int, text: str, secret: str) -> tuple[str, dict[str, bytes], str]:
    """A paragraph ``text`` carried by a container: (body XML, package parts, relationship XML).
    ``secret``: words Word does not show there (an unknown Choice), or a footnote's text."""
    if kind == "text box":
        box = f"<w:txbxContent><w:p>{_wt(text)}</w:p></w:txbxContent>"
        xml = (f'<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing>'
               f"</mc:Choice><mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>")
        return xml, {}, ""
    if kind == "unknown choice":
        xml = (f'<w:p><mc:AlternateContent><mc:Choice Requires="x9">{_wt(secret)}</mc:Choice>'
               f"<mc:Fallback>{_wt(text)}</mc:Fallback></mc:AlternateContent></w:p>")
        return xml, {}, ""
    if kind == "altChunk":
        page = f"<html><body><p>{html.escape(text)}</p></body></html>".encode()
        return f'<w:altChunk r:id="rIdC{n}"/>', {f"word/chunk{n}.htm": page}, _CHUNK.format(n=n)
    # a footnote: the paragraph stays, the note's text is never operative
    xml = f'<w:p>{_wt(text)}<w:r><w:footnoteReference w:id="{n + 1}"/></w:r></w:p>'
    return xml, {f"footnote:{n + 1}": secret.encode()}, ""


def footnotes_part(notes: dict[int, str]) -> bytes:
    body = "".join(f'<w:footnote w:id="{k}"><w:p>{_wt(v)}</w:p></w:footnote>' for k, v in notes.items())
    return f'<?xml version="1.0"?><w:footnotes xmlns:w="{W_NS}"><w:footnote w:id="0"/>{body}</w:footnotes>'.encode()


def relationships(rels: list[str]) -> bytes:
    return _RELS.format("".join(rels)).encode()


# -- cache entries and file names ------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
CACHE_DAMAGE = ("random bytes", "truncated", "byte flipped", "empty", "findings emptied", "another entry",
                "signed wrong shape", "signed bad finding", "link to the draft", "fifo", "folder", "open to others")

# bytes a POSIX file name may hold, weighted to the awkward ones
_NAME_BYTES = st.one_of(
    st.sampled_from([b"\xff", b"\xc3", b"\xe2\x80\xae", b"\xed\xa0\x80", b"\n", b"\r", b"\t", b"\x1b[31m", b"\x7f",
                     b" ", b"'", b'"', b"\\", b"%", b"::", b",", b";", b"#", b"?", b"*", b"[", b"]", b"..", b"-",
                     "\u00e9\u4e2d\u0416".encode(), b"\xf0\x9f\x98\x80"]),
    st.binary(min_size=1, max_size=6).map(lambda b: b.replace(b"/", b"_").replace(b"\0", b"_")),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12).map(str.encode),
)


@st.composite
def file_names(draw) -> bytes:
    """A draft's file name in bytes (no '/' or NUL), at most 255 bytes, ending in a draft suffix."""
    suffix = draw(st.sampled_from((b".txt", b".md", b".txt", b".TXT")))
    if draw(st.integers(0, 5)) == 0:
        stem = b"a" * (255 - len(suffix))  # as long as a name may be
    else:
        stem = b"".join(draw(st.lists(_NAME_BYTES, min_size=1, max_size=12)))[: 255 - len(suffix)]
    if stem in (b".", b"..") or not stem:
        stem = b"x" + stem
    return stem + suffix
