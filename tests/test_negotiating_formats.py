"""Annexes given effect, bracketed options and footnotes in every input format (issue 13).

The .txt behaviour is tested in test_negotiating_texts.py and test_options.py; here the same draft
is written as Markdown, Word, PDF, HTML and Akoma Ntoso, and each reader must hand the engine the
same reading: the annex's items are checked as the offences its article makes them, a finding that
only one bracketed option carries names that option, and a footnote neither creates nor cures.

Issue 13's cells (annex items, bracketed options, footnotes x .txt, .md, .docx, .pdf, Akoma
Ntoso, and HTML), each held by a test:

| | .txt | .md, .html | .docx | .pdf | Akoma Ntoso |
| annex items | test_negotiating_texts | here | here | here | here (attachments) |
| options | test_options, test_negotiating_texts | here | here | here | here |
| a note cures nothing | test_negotiating_texts | here ([fn]); test_notes_shown ([^N], HTML notes) | here; test_notes_shown | here (a note at the foot of the page, [fn]); test_notes_shown (annotations) | here ([fn]); test_notes_shown (authorialNote) |
| a note creates nothing | test_negotiating_texts | here ([fn]); test_notes_shown ([^N]) | here; test_notes_shown | here (a note at the foot of the page, [fn]) | here ([fn], authorialNote) |
"""

from __future__ import annotations

import html

import pytest

from drafts_util import W_NS, word_package
from pdf_build import make_pdf, text_lines
from treatylint.run.linter import Linter
from treatylint.settings import Settings

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

# One draft as (heading, paragraphs) blocks, written below in each format.
ANNEX_DRAFT = [
    ("Article 1", ["Scope", "This Convention applies to the offences it establishes."]),
    ("Article 2", ["Criminalization", "Each Party shall establish as criminal offences under its domestic law, "
                   "when committed intentionally, the acts listed in the Annex to this Convention."]),
    ("Article 3", ["Entry into force", "This Convention shall enter into force on the thirtieth day after ratification."]),
    ("ANNEX", ["List of offences", "(a) the dissemination of extremist materials;",
               "(b) the creation of information undermining public order."]),
]
GOOD = ("Each Party shall establish as a criminal offence, when committed intentionally and without right, "
        "the production of child sexual abuse material.")
BAD = "Each Party shall establish as a criminal offence the dissemination of extremist materials."
OPTIONS_DRAFT = [
    ("Article 1", ["Offences", f"[Option A: {GOOD}]", f"[Option B: {BAD}]"]),
    ("Article 2", ["Entry into force", "This Protocol enters into force on signature."]),
]
VAGUE = "Each Party shall establish as criminal offences the dissemination of extremist materials through information networks."
CURE = ("\u201cextremist materials\u201d means material that incites imminent violence, as defined in the "
        "International Covenant on Civil and Political Rights.")


@pytest.fixture(scope="module")
def linter():
    return Linter(Settings())


def as_markdown(blocks) -> bytes:
    out = ["# Draft instrument", ""]
    for heading, paragraphs in blocks:
        out += [f"## {heading}", "", *(p for para in paragraphs for p in (para, ""))]
    return "\n".join(out).encode()


def as_docx(blocks, footnote: str = "") -> bytes:
    def para(text: str, note: bool = False) -> str:
        ref = '<w:r><w:footnoteReference w:id="1"/></w:r>' if note else ""
        return f'<w:p><w:r><w:t xml:space="preserve">{html.escape(text)}</w:t></w:r>{ref}</w:p>'

    body = []
    for heading, paragraphs in blocks:
        body.append(para(heading))
        body += [para(p, footnote and i == len(paragraphs) - 1) for i, p in enumerate(paragraphs)]
    notes = {"word/footnotes.xml": f'<?xml version="1.0"?><w:footnotes xmlns:w="{W_NS}"><w:footnote w:id="1"><w:p><w:r><w:t>{html.escape(footnote)}</w:t></w:r></w:p></w:footnote></w:footnotes>'}
    return word_package("".join(body), notes if footnote else None)


def as_pdf(blocks) -> bytes:
    lines = _pdf_lines(blocks)
    pages = [text_lines(lines[i:i + 40]) for i in range(0, len(lines), 40)]
    return make_pdf(pages)


def _pdf_lines(blocks) -> list[str]:
    lines = ["Draft instrument", ""]
    for heading, paragraphs in blocks:
        lines += [heading, ""]
        for p in paragraphs:
            words, line = p.split(), ""
            for w in words:  # wrap at 80 columns, as a word processor would
                if len(line) + len(w) + 1 > 80:
                    lines.append(line)
                    line = w
                else:
                    line = f"{line} {w}".strip()
            lines += [line, ""]
    return [l.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("\u201c", '"').replace("\u201d", '"') for l in lines]


def as_pdf_with_footnote(blocks, note: str, marked: str) -> bytes:
    """One page: the draft, a footnote marker glued to the end of the paragraph that starts
    with ``marked`` ("materials.1"), and the note in smaller type at the foot of the page."""
    lines = _pdf_lines(blocks)
    at = next(i for i, line in enumerate(lines) if line.startswith(marked[:30]))
    while lines[at + 1]:
        at += 1
    lines[at] += "1"
    safe = note.replace("(", "\\(").replace(")", "\\)").replace("\u201c", '"').replace("\u201d", '"')
    return make_pdf([text_lines(lines) + f"\n0.5 w 72 75 m 200 75 l S\nBT /F1 8 Tf 72 60 Td (1 {safe}) Tj ET"])


def as_html(blocks) -> bytes:
    out = ["<html><body><h1>Draft instrument</h1>"]
    for heading, paragraphs in blocks:
        out.append(f"<h2>{html.escape(heading)}</h2>")
        out += [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    return ("".join(out) + "</body></html>").encode()


def as_akn(blocks) -> bytes:
    x = html.escape
    body, annexes = [], []
    for n, (heading, paragraphs) in enumerate(blocks, 1):
        caption, rest = paragraphs[0], paragraphs[1:]
        paras = "".join(f'<paragraph eId="art_{n}__para_{i}"><content><p>{x(p)}</p></content></paragraph>' for i, p in enumerate(rest, 1))
        if heading.startswith("Article"):
            body.append(f'<article eId="art_{n}"><num>{x(heading)}</num><heading>{x(caption)}</heading>{paras}</article>')
        else:
            annexes.append(f'<attachment><doc name="annex"><mainBody><p>{x(heading)}</p><p>{x(caption)}</p>'
                           + "".join(f"<p>{x(p)}</p>" for p in rest) + "</mainBody></doc></attachment>")
    attachments = f"<attachments>{''.join(annexes)}</attachments>" if annexes else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><akomaNtoso xmlns="{AKN_NS}"><act name="convention">'
            f'<body>{"".join(body)}</body>{attachments}</act></akomaNtoso>').encode()


WRITERS = {"draft.md": as_markdown, "draft.docx": as_docx, "draft.pdf": as_pdf, "draft.html": as_html, "draft.akn.xml": as_akn}


@pytest.mark.parametrize("name", WRITERS)
def test_annex_items_are_checked_as_the_offences_their_article_makes_them(linter, name):
    result = linter.check_bytes(WRITERS[name](ANNEX_DRAFT), name)
    annex = [p for p in result.document.provisions if p.annex]
    assert annex, [p.label for p in result.document.provisions]
    assert annex[-1].kind.value == "offence", (annex[-1].label, annex[-1].kind, annex[-1].kind_cues)
    assert "given effect by Article 2" in annex[-1].kind_cues
    flagged = {f.category for f in result.findings if f.provision == annex[-1].label and f.severity.value in ("warning", "error")}
    assert "vague-offence" in flagged, flagged


@pytest.mark.parametrize("name", WRITERS)
def test_a_finding_only_one_option_carries_names_it(linter, name):
    result = linter.check_bytes(WRITERS[name](OPTIONS_DRAFT), name)
    content = [f for f in result.findings if f.rule_id == "content-crime/expression-offence"]
    assert content, [(f.rule_id, f.message) for f in result.findings]
    assert all(f.message.startswith("If Option B is chosen: ") for f in content), [f.message for f in content]


def _warnings(result) -> set[tuple[str, str]]:
    return {(f.provision, f.category) for f in result.findings if f.severity.value in ("warning", "error")}


def test_a_word_footnote_neither_cures_nor_creates(linter):
    plain = [("Article 1", ["Offences", VAGUE]), ("Article 2", ["Entry into force", "This Protocol enters into force on signature."])]
    base = _warnings(linter.check_bytes(as_docx(plain), "draft.docx"))
    assert ("Article 1", "vague-offence") in base
    assert _warnings(linter.check_bytes(as_docx(plain, footnote=CURE), "draft.docx")) == base
    clean = [("Article 1", ["Offences", GOOD]), plain[1]]
    assert _warnings(linter.check_bytes(as_docx(clean, footnote=VAGUE), "draft.docx")) == _warnings(linter.check_bytes(as_docx(clean), "draft.docx"))


@pytest.mark.parametrize("name", ["draft.md", "draft.pdf", "draft.html", "draft.akn.xml"])
def test_a_bracketed_fn_note_cures_nothing_in_any_format(linter, name):
    plain = [("Article 1", ["Offences", VAGUE]), ("Article 2", ["Entry into force", "This Protocol enters into force on signature."])]
    noted = [("Article 1", ["Offences", VAGUE + f"[fn 1: {CURE}]"]), plain[1]]
    base = _warnings(linter.check_bytes(WRITERS[name](plain), name))
    assert ("Article 1", "vague-offence") in base, base
    assert _warnings(linter.check_bytes(WRITERS[name](noted), name)) == base


def test_a_pdf_footnote_at_the_foot_of_the_page_neither_cures_nor_creates(linter):
    """A real PDF footnote: a marker glued to the last word ("materials.1") and the note in
    small type at the foot of the page. It is shown under Notes and never read as the article's
    text: the definition it proposes cures nothing, the offence it proposes creates nothing."""
    plain = [("Article 1", ["Offences", VAGUE]), ("Article 2", ["Entry into force", "This Protocol enters into force on signature."])]
    base = _warnings(linter.check_bytes(as_pdf(plain), "draft.pdf"))
    assert ("Article 1", "vague-offence") in base
    noted = linter.check_bytes(as_pdf_with_footnote(plain, CURE, VAGUE), "draft.pdf")
    assert _warnings(noted) == base
    assert "[fn 1: " in noted.document.text and any("1 footnote" in n and "never checked" in n for n in noted.notices)
    clean = [("Article 1", ["Offences", GOOD]), plain[1]]
    created = linter.check_bytes(as_pdf_with_footnote(clean, VAGUE, GOOD), "draft.pdf")
    assert _warnings(created) == _warnings(linter.check_bytes(as_pdf(clean), "draft.pdf"))
    assert ("Article 1", "vague-offence") not in _warnings(created)


@pytest.mark.parametrize("size, marker", [(8, "2"), (11, "1")])
def test_a_numbered_paragraph_at_the_foot_of_a_pdf_page_stays_text(linter, size, marker):
    """Controls: a paragraph at the foot of the page that opens with a number no marker points
    to, or one a marker points to but set in the text's own type (a counterpart's operative
    paragraph dressed as a note), is the article's own text, and is checked."""
    lines = _pdf_lines([("Article 1", ["Offences", GOOD])])
    lines[-2] += marker
    data = make_pdf([text_lines(lines) + f"\nBT /F1 {size} Tf 72 60 Td (1 {BAD}) Tj ET"])
    result = linter.check_bytes(data, "draft.pdf")
    assert "[fn " not in result.document.text and ("Article 1", "vague-offence") in _warnings(result)


@pytest.mark.parametrize("name", ["draft.md", "draft.pdf", "draft.html", "draft.akn.xml"])
def test_a_bracketed_fn_note_creates_nothing_in_any_format(linter, name):
    clean = [("Article 1", ["Offences", GOOD]), ("Article 2", ["Entry into force", "This Protocol enters into force on signature."])]
    noted = [("Article 1", ["Offences", GOOD + f"[fn 1: {VAGUE}]"]), clean[1]]
    assert _warnings(linter.check_bytes(WRITERS[name](noted), name)) == _warnings(linter.check_bytes(WRITERS[name](clean), name))


def test_an_akoma_ntoso_authorial_note_creates_nothing(linter):
    clean = as_akn([("Article 1", ["Offences", GOOD]), ("Article 2", ["Entry into force", "This Protocol enters into force on signature."])])
    noted = clean.replace(b"abuse material.</p>", f'abuse material.<authorialNote marker="1"><p>{html.escape(VAGUE)}</p></authorialNote></p>'.encode())
    assert noted != clean
    result = linter.check_bytes(noted, "draft.akn.xml")
    assert VAGUE in result.document.text  # shown ...
    assert _warnings(result) == _warnings(linter.check_bytes(clean, "draft.akn.xml"))  # ... never operative
