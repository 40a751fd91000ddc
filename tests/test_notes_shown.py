"""Footnotes, endnotes, comments and annotations: shown, never operative (issues 13 and 15).

In every format a note's words are shown (in the text read, under ``Notes``, and by
``outline``) but never analysed: a note proposing the mitigating words does not cure the
offence above it, and a note proposing vague wording creates nothing. Each "does not cure"
case has its control: the same words in the article's own text do lower the finding, so the
test fails if notes were read as text.
"""

from __future__ import annotations

import json

import pytest

from drafts_util import word_package
from treatylint.document.confidence import structure_notes
from treatylint.run.linter import Linter
from treatylint.settings import Settings

CURE = "with intent to incite imminent violence"
OFFENCE = ("Each Party shall adopt such legislative measures as may be necessary to establish as a criminal "
           "offence the dissemination of extremist materials")
RULE = "content-crime/expression-offence"
VAGUE = "Some delegations proposed criminalising extremist materials and information undermining public order"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def linter():
    return Linter(Settings())


def severity(result, rule: str = RULE) -> str | None:
    found = [f.severity.value for f in result.findings if f.rule_id == rule and not f.suppressed]
    return found[0] if found else None


def located(data: bytes, name: str, words: str):
    """Where ``words`` in the text read from ``data`` come from in the file."""
    from treatylint.document.formats import source_from_bytes

    source = source_from_bytes(data, name)
    return source.locate(source.text.index(words))


def noted(result) -> list[str]:
    return [row["text"] for row in structure_notes(result.document)["notes"]]


# -- plain text and Markdown -----------------------------------------------------------------


def test_txt_notes_are_listed_by_outline(linter):
    text = f"Draft\n\nArticle 1\n\nEntry into force.\n\nArticle 2\n\n{OFFENCE}.[fn 1: {CURE}.]\n"
    result = linter.check_text(text, "draft.txt")
    assert severity(result) == "error"
    assert noted(result) == [f"[fn 1: {CURE}.]"]
    assert severity(linter.check_text(text.replace("[fn 1: ", " ").replace(".]", ""), "draft.txt")) == "info"  # control


def test_markdown_footnote_definitions_neither_cure_nor_create(linter):
    body = f"# Draft\n\n## Article 1\n\n{OFFENCE}.[^1]\n\n[^1]: {CURE}.\n\n## Article 2\n\nEntry into force.[^2]\n\n[^2]: {VAGUE}.\n"
    result = linter.check_bytes(body.encode(), "draft.md")
    assert severity(result) == "error"
    assert [f for f in result.findings if f.provision == "Article 2"] == []
    assert noted(result) == [f"[^1]: {CURE}.", f"[^2]: {VAGUE}."]
    control = body.replace("[^1]\n\n[^1]: ", f" {CURE}").replace(f"{CURE}.\n\n## Article 2", "\n\n## Article 2")
    assert severity(linter.check_bytes(control.encode(), "draft.md")) == "info"


# -- Word ------------------------------------------------------------------------------------


def docx(offence_runs: str = "", extra: dict[str, str] | None = None) -> bytes:
    body = ('<w:p><w:r><w:t>Article 1</w:t></w:r></w:p><w:p><w:r><w:t>This Convention enters into force on signature.'
            '</w:t></w:r></w:p><w:p><w:r><w:t>Article 2</w:t></w:r></w:p>'
            f'<w:p><w:r><w:t xml:space="preserve">{OFFENCE}</w:t></w:r>{offence_runs}<w:r><w:t>.</w:t></w:r></w:p>')
    return word_package(body, extra)


def _notes_part(kind: str, texts: list[str]) -> str:
    tag = kind[:-1]
    items = "".join(f'<w:{tag} w:id="{i}"><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:{tag}>' for i, t in enumerate(texts, 1))
    return f'<?xml version="1.0"?><w:{kind} xmlns:w="{W_NS}"><w:{tag} w:id="0"/>{items}</w:{kind}>'


@pytest.mark.parametrize("kind, reference, written", [
    ("footnotes", "footnoteReference", "fn"),
    ("endnotes", "endnoteReference", "endnote"),
])
def test_word_notes_are_shown_at_their_paragraph_and_never_cure(linter, kind, reference, written):
    data = docx(f'<w:r><w:{reference} w:id="1"/></w:r>', {f"word/{kind}.xml": _notes_part(kind, [CURE, VAGUE])})
    result = linter.check_bytes(data, "draft.docx")
    assert severity(result) == "error"
    assert noted(result) == [f"[{written} 1: {CURE}]", f"[{written} 2: {VAGUE}]"]
    assert located(data, "draft.docx", CURE).paragraph == 4  # where the reference sits
    assert any(f"2 {'footnote' if written == 'fn' else 'endnote'}s" in n and "shown under Notes" in n for n in result.notices)
    assert [f for f in result.findings if f.provision != "Article 2" and f.rule_id.startswith("vague")] == []
    control = docx(f'<w:r><w:t xml:space="preserve"> {CURE}</w:t></w:r>')
    assert severity(linter.check_bytes(control, "draft.docx")) == "info"


def test_word_comments_are_shown_with_their_author(linter):
    comments = (f'<?xml version="1.0"?><w:comments xmlns:w="{W_NS}"><w:comment w:id="0" w:author="Delegation X">'
                f"<w:p><w:r><w:t>{CURE}</w:t></w:r></w:p></w:comment></w:comments>")
    result = linter.check_bytes(docx('<w:r><w:commentReference w:id="0"/></w:r>', {"word/comments.xml": comments}), "draft.docx")
    assert severity(result) == "error"
    assert noted(result) == [f"[comment 1: Delegation X: {CURE}]"]


# -- PDF and Akoma Ntoso ---------------------------------------------------------------------


def test_pdf_annotations_are_shown_and_never_cure(linter):
    from pdf_build import make_pdf, text_lines, with_annotation

    data = with_annotation(make_pdf([text_lines(["Article 1", OFFENCE + "."], size=7, leading=9)]), CURE)
    result = linter.check_bytes(data, "draft.pdf")
    assert severity(result) == "error"
    assert noted(result) == [f"[comment 1: {CURE}]"]
    assert located(data, "draft.pdf", CURE).page == 1
    control = make_pdf([text_lines(["Article 1", f"{OFFENCE} {CURE}."], size=7, leading=9)])
    assert severity(linter.check_bytes(control, "draft.pdf")) == "info"


def _html(offence_tail: str, after: str = "") -> bytes:
    return ("<html><body><h1>Draft Convention</h1><h3>Article 1</h3><p>This Convention enters into force on signature.</p>"
            f"<h3>Article 2</h3><p>{OFFENCE}{offence_tail}.</p>{after}</body></html>").encode()


@pytest.mark.parametrize("notes, written", [
    # pandoc's footnotes: a superscript link in the text, a section of numbered notes at the end
    (f'<section class="footnotes" role="doc-endnotes"><hr/><ol><li id="fn1"><p>{CURE}<a href="#fnref1" '
     f'class="footnote-back">\u21a9\ufe0e</a></p></li><li id="fn2"><p>{VAGUE}</p></li></ol></section>', "endnote"),
    (f'<div class="footnotes"><p id="fn1">1. {CURE}</p><p id="fn2">2. {VAGUE}</p></div>', "fn"),
    (f'<aside class="note">{CURE}</aside><aside>{VAGUE}</aside>', "note"),
])
def test_html_notes_are_shown_and_never_cure(linter, notes, written):
    data = _html('<sup><a href="#fn1" id="fnref1">1</a></sup>', notes)
    result = linter.check_bytes(data, "draft.html")
    assert severity(result) == "error"  # the note's intent element does not cure the offence
    assert len(noted(result)) == 2 and CURE in noted(result)[0] and VAGUE in noted(result)[1]
    assert all(n.startswith(f"[{written} ") for n in noted(result))
    assert [f for f in result.findings if f.rule_id.startswith("vague") and f.provision != "Article 2"] == []
    assert "materials1" not in result.document.text  # the superscript mark is not glued to the word
    assert any("shown under Notes" in n for n in result.notices)
    control = _html(f" {CURE}")
    assert severity(linter.check_bytes(control, "draft.html")) == "info"


def _akn(note: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">'
            '<act name="convention"><body>'
            '<article eId="art_1"><num>Article 1</num><content><p>This Convention enters into force on signature.</p></content></article>'
            f'<article eId="art_2"><num>Article 2</num><content><p>{OFFENCE}{note}.</p></content></article>'
            "</body></act></akomaNtoso>").encode()


def test_akoma_ntoso_authorial_notes_are_shown_and_never_cure(linter):
    data = _akn(f'<authorialNote eId="art_2__note_1" marker="1"><p>{CURE}</p></authorialNote>')
    result = linter.check_bytes(data, "draft.akn")
    assert severity(result) == "error"
    assert noted(result) == [f"[note 1: {CURE}]"]
    assert located(data, "draft.akn", CURE).eid == "art_2__note_1"
    assert severity(linter.check_bytes(_akn(f" {CURE}"), "draft.akn")) == "info"


def test_outline_json_lists_the_notes(tmp_path):
    from typer.testing import CliRunner

    from treatylint.cli import app

    draft = tmp_path / "draft.txt"
    draft.write_text(f"Draft\n\nArticle 1\n\n{OFFENCE}.[fn 1: {VAGUE}.]\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["outline", "-f", "json", str(draft)])
    assert done.exit_code == 0, done.output
    assert [(n["line"], n["text"]) for n in json.loads(done.output)["notes"]] == [(5, f"[fn 1: {VAGUE}.]")]
    text = CliRunner().invoke(app, ["outline", str(draft)]).output
    assert "Notes (shown, never operative" in text and VAGUE in text
