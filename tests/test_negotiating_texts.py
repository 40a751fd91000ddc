"""Negotiating texts: footnotes and endnotes are shown but never operative."""

from __future__ import annotations

from treatylint.document.parser import parse_document

OFFENCE = "Each Party shall establish as criminal offences the dissemination of {what} through information networks."


def categories(linter, text: str) -> set[tuple[str, str]]:
    result = linter.check_text(text, "draft.txt")
    return {(f.provision, f.category) for f in result.findings if f.severity.value in ("warning", "error")}


def test_inline_footnotes_are_found_and_a_notes_section_runs_to_the_end():
    text = (
        "Draft\n\nArticle 1\n\nEach Party shall cooperate.[fn 1: One delegation proposed\n"
        "deleting this article.]\n\nArticle 2\n\nText.\n\nNotes\n\n[1] A note.\n"
    )
    doc = parse_document(text)
    assert [text[a:b] for a, b in doc.footnotes] == [
        "[fn 1: One delegation proposed\ndeleting this article.]",
        "Notes\n\n[1] A note.\n",
    ]


def test_a_footnote_creates_no_finding(linter):
    clean = OFFENCE.format(what="child sexual abuse material produced without consent")
    base = f"Draft\n\nArticle 1\n\nOffences\n\n{clean}\n"
    noted = f"Draft\n\nArticle 1\n\nOffences\n\n{clean}[fn 2: Some delegations proposed adding extremist materials and information undermining public order.]\n"
    assert categories(linter, noted) == categories(linter, base)


def test_a_footnote_cures_nothing(linter):
    vague = OFFENCE.format(what="extremist materials")
    flagged = categories(linter, f"Draft\n\nArticle 1\n\nOffences\n\n{vague}\n")
    assert ("Article 1", "vague-offence") in flagged
    cured_in_note = (
        f"Draft\n\nArticle 1\n\nOffences\n\n{vague}[fn 3: \u201cextremist materials\u201d means material that "
        "incites imminent violence, as defined in the International Covenant on Civil and Political Rights.]\n"
    )
    assert categories(linter, cured_in_note) == flagged
