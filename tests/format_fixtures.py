"""Build the sample draft in every input format the readers handle (no binary fixtures in git).

Each builder writes one file from ``corpora/sample-draft.txt`` and returns its path. The Word
file carries a tracked insertion ("extremist materials" in Article 4, replacing the deleted
"unlawful content") and a comment; the PDF carries a running header with a document symbol,
page-number footers and words hyphenated at line ends.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora" / "sample-draft.txt"
SYMBOL = "A/AC.291/22/Rev.3"
RUNNING_HEAD = "Draft convention on computer-related crime"
INSERTED = "extremist materials"
DELETED = "unlawful content"


@dataclass
class Block:
    kind: str  # title | preamble | division | division-caption | article | caption | text
    text: str


def sample_blocks(text: str | None = None) -> list[Block]:
    text = SAMPLE.read_text(encoding="utf-8") if text is None else text
    raw = [b.strip() for b in text.split("\n\n") if b.strip()]
    blocks: list[Block] = []
    for i, b in enumerate(raw):
        prev = blocks[-1].kind if blocks else ""
        if i == 0:
            kind = "title"
        elif b == "Preamble":
            kind = "preamble"
        elif re.match(r"CHAPTER [IVX]+$", b):
            kind = "division"
        elif prev == "division":
            kind = "division-caption"
        elif re.match(r"Article \d+$", b):
            kind = "article"
        elif prev == "article":
            kind = "caption"
        else:
            kind = "text"
        blocks.append(Block(kind, b))
    return blocks


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


# --------------------------------------------------------------------------------------------


def write_markdown(directory: Path) -> Path:
    out: list[str] = []
    for b in sample_blocks():
        if b.kind == "title":
            out.append(f"# {b.text}")
        elif b.kind in ("division", "preamble"):
            out.append(f"## {b.text}")
        elif b.kind == "division-caption":
            out.append(f"**{b.text}**")
        elif b.kind == "article":
            out.append(f"### {b.text}")
        elif b.kind == "caption":
            out.append(f"_{b.text}_")
        else:
            text = b.text.replace("extremist materials", "**extremist materials**", 1)
            text = text.replace("when committed intentionally", "when committed *intentionally*")
            text = text.replace('"computer system"', '`"computer system"`')
            out.append("\n".join(_wrap(text, 72)))
        out.append("")
    path = directory / "sample-draft.md"
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def write_html(directory: Path) -> Path:
    body: list[str] = []
    for b in sample_blocks():
        text = html.escape(b.text, quote=True)
        tag = {"title": "h1", "preamble": "h2", "division": "h2", "division-caption": "h2", "article": "h3",
               "caption": "h4"}.get(b.kind, "p")
        if tag == "p":
            text = "\n   ".join(_wrap(text, 70))
        body.append(f"<{tag}>{text}</{tag}>")
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>Sample draft: extremist materials</title>\n"
        "<style>p { margin: 0 } /* extremist materials */</style>\n</head>\n<body>\n"
        "<script>var note = 'shall establish as a criminal offence the distribution of extremist materials';</script>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
    path = directory / "sample-draft.html"
    path.write_text(page, encoding="utf-8")
    return path


def write_akn(directory: Path, doctype: str = "") -> Path:
    blocks = sample_blocks()
    x = html.escape
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        *([doctype] if doctype else []),
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">',
        '  <act name="convention">',
        '    <meta><identification source="#treatylint"/></meta>',
        f'    <preface><p class="title"><docTitle>{x(blocks[0].text)}</docTitle></p></preface>',
    ]
    i = 1
    if blocks[i].kind == "preamble":
        out.append('    <preamble eId="preamble">')
        out.append("      <p>Preamble</p>")
        i += 1
        n = 0
        while i < len(blocks) and blocks[i].kind == "text":
            n += 1
            out.append(f'      <recital eId="preamble__recital_{n}"><p>{x(blocks[i].text)}</p></recital>')
            i += 1
        out.append("    </preamble>")
    out.append("    <body>")
    chapter = article = para = 0
    open_chapter = open_article = False
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "division":
            if open_article:
                out.append("        </article>")
                open_article = False
            if open_chapter:
                out.append("      </chapter>")
            chapter += 1
            caption = blocks[i + 1].text if i + 1 < len(blocks) and blocks[i + 1].kind == "division-caption" else ""
            out.append(f'      <chapter eId="chp_{chapter}"><num>{x(b.text)}</num><heading>{x(caption)}</heading>')
            open_chapter = True
            i += 2 if caption else 1
            continue
        if b.kind == "article":
            if open_article:
                out.append("        </article>")
            article += 1
            para = 0
            number = b.text.split()[-1]
            out.append(f'        <article eId="art_{number}"><num>{number}</num>')
            open_article = True
        elif b.kind == "caption":
            out.append(f"          <heading>{x(b.text)}</heading>")
        else:
            para += 1
            m = re.match(r"(\d+\.|\([a-z]\))\s+(.*)$", b.text, re.S)
            eid = f"art_{article}__para_{para}"
            if m:
                out.append(f'          <paragraph eId="{eid}"><num>{x(m.group(1))}</num><content><p>{x(m.group(2))}</p></content></paragraph>')
            else:
                out.append(f'          <paragraph eId="{eid}"><content><p>{x(b.text)}</p></content></paragraph>')
        i += 1
    if open_article:
        out.append("        </article>")
    if open_chapter:
        out.append("      </chapter>")
    out += ["    </body>", "  </act>", "</akomaNtoso>", ""]
    path = directory / "sample-draft.akn.xml"
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def write_docx(directory: Path, tracked: bool = True) -> Path:
    """A Word file; ``tracked``: Article 4's "extremist materials" is a tracked insertion that
    replaces a tracked deletion of "unlawful content", and a comment sits on Article 4."""
    import zipfile

    import docx

    document = docx.Document()
    marker = None
    for b in sample_blocks():
        if b.kind == "title":
            document.add_paragraph(b.text, style="Title")
        elif b.kind in ("division", "preamble"):
            document.add_heading(b.text, level=1)
        elif b.kind == "division-caption":
            document.add_heading(b.text, level=2)
        elif b.kind == "article":
            document.add_heading(b.text, level=3)
        elif b.kind == "caption":
            document.add_heading(b.text, level=4)
        else:
            paragraph = document.add_paragraph(b.text)
            if INSERTED in b.text and marker is None:
                marker = b.text
                if hasattr(document, "add_comment"):
                    document.add_comment(paragraph.runs, text="Delegation X: too broad?", author="X")
    path = directory / "sample-draft.docx"
    document.save(path)
    if not tracked:
        return path
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    xml = members["word/document.xml"].decode("utf-8")
    before, after = marker.split(INSERTED, 1)
    w = 'w:author="Delegation X" w:date="2024-01-01T00:00:00Z"'
    change = (
        f'{_esc(before)}</w:t></w:r>'
        f'<w:del w:id="901" {w}><w:r><w:delText xml:space="preserve">{DELETED}</w:delText></w:r></w:del>'
        f'<w:ins w:id="902" {w}><w:r><w:t xml:space="preserve">{INSERTED}</w:t></w:r></w:ins>'
        f'<w:r><w:t xml:space="preserve">{_esc(after)}'
    )
    old = _esc(marker)
    assert old in xml, "Article 4's paragraph not found in document.xml"
    xml = xml.replace(old, change, 1)
    members["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


def _esc(text: str) -> str:
    return html.escape(text, quote=False).replace('"', "&quot;")


def write_pdf(directory: Path, width: int = 78, name: str = "sample-draft.pdf") -> Path:
    """Two lines of running head (document symbol and title), a "- N -" footer, lines wrapped at
    ``width`` characters with long words hyphenated at the line end."""
    from fpdf import FPDF

    lines: list[str] = []  # "" = paragraph gap
    for b in sample_blocks():
        lines.extend(_hyphenate(b.text, width))
        lines.append("")
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    per_page = 46
    pages = [lines[k : k + per_page] for k in range(0, len(lines), per_page)]
    for number, chunk in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_xy(20, 10)
        pdf.cell(0, 5, SYMBOL)
        pdf.set_xy(20, 15)
        pdf.cell(0, 5, RUNNING_HEAD)
        y = 30.0
        for line in chunk:
            if line:
                pdf.set_xy(20, y)
                pdf.cell(0, 5, line)
            y += 5
        pdf.set_xy(100, 285)
        pdf.cell(0, 5, f"- {number} -")
    path = directory / name
    pdf.output(str(path))
    return path


def _hyphenate(text: str, width: int) -> list[str]:
    """Wrap like a typesetter: a word that does not fit is split with a hyphen when both parts
    have at least 3 letters; a hyphenated compound may break after its own hyphen."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= width:
            line = candidate
            continue
        room = width - len(line) - (1 if line else 0) - 1
        if "-" in word and 0 < word.index("-") + 1 <= room + 1:
            cut = word.index("-") + 1
            lines.append(f"{line} {word[:cut]}".strip())
            line = word[cut:]
        elif word.isalpha() and room >= 3 and len(word) - room >= 3:
            lines.append(f"{line} {word[:room]}-".strip())
            line = word[room:]
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines
