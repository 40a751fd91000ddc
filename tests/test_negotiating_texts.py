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


ANNEXED = (
    "Draft Convention\n\nArticle 1\n\nScope\n\nThis Convention applies to the offences it establishes.\n\n"
    "Article 2\n\nCriminalization\n\nEach Party shall establish as criminal offences under its domestic law, "
    "when committed intentionally, the acts listed in {where}.\n\n"
    "Article 3\n\nEntry into force\n\nThis Convention shall enter into force on the thirtieth day after ratification.\n\n"
    "{heading}\n\nList of offences\n\n(a) the dissemination of extremist materials;\n\n"
    "(b) the creation of information undermining public order.\n"
)


def test_an_annex_is_a_provision_of_its_own_and_takes_the_role_its_article_gives_it(linter):
    text = ANNEXED.format(where="the Annex to this Convention", heading="ANNEX")
    result = linter.check_text(text, "draft.txt")
    doc = result.document
    assert [p.label for p in doc.articles] == ["Article 1", "Article 2", "Article 3"]
    annex = doc.provisions[-1]
    assert (annex.label, annex.annex, annex.caption) == ("ANNEX", True, "List of offences")
    assert annex.kind.value == "offence" and "given effect by Article 2" in annex.kind_cues
    assert ("ANNEX", "vague-offence") in {(f.provision, f.category) for f in result.findings}


def test_a_numbered_schedule_is_found_by_its_number(linter):
    text = ANNEXED.format(where="Schedule 2", heading="SCHEDULE 2")
    doc = linter.check_text(text, "draft.txt").document
    assert doc.provisions[-1].label == "SCHEDULE 2" and doc.provisions[-1].kind.value == "offence"


def test_an_annex_nobody_gives_effect_keeps_its_own_kind(linter):
    text = ANNEXED.format(where="Article 9", heading="ANNEX")
    doc = linter.check_text(text, "draft.txt").document
    assert doc.provisions[-1].annex and "given effect by Article 2" not in doc.provisions[-1].kind_cues


def test_one_bracketed_option_does_not_mitigate_another(linter):
    """Options are read option by option: Option 1's court order does not lower Option 2's
    removal on a mere notice, while within Option 1 it does."""
    draft = (
        "Draft Protocol on Cybercrime\n\nArticle 1\n\nOffences\n\nEach Party shall establish as criminal "
        "offences the intentional access to a computer system without right.\n\nArticle 12\n\n"
        "Removal\n\n[Option 1: Upon a court order, service providers shall remove the information concerned.]\n\n"
        "[Option 2: Service providers shall remove information within six hours of a notice of the police.]\n"
    )
    result = linter.check_text(draft, "draft.txt")
    removal = {
        f.excerpt.split(":")[0].lstrip("[").strip(): f.severity.value
        for f in result.findings
        if f.rule_id == "provider-obligations/content-removal"
    }
    assert removal == {"Option 1": "warning", "Option 2": "error"}
