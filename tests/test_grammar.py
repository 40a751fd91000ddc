"""The heading grammar as data (document/grammar/headings.yml) and the evidence the parser weighs.

Each layout here is one drafts really use; each negative case is a line that reads like a
heading but is prose, told apart by evidence (shape, sequence, style), not by a phrase list.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from treatylint.document.grammar import load_grammar
from treatylint.document.grammar.compiler import GRAMMAR_FILE, CompiledGrammar, GrammarFile
from treatylint.document.parser import parse_document, parse_structure

BODY = "Each Party shall adopt such measures as may be necessary."


def labels(text: str) -> list[tuple[str, str | None]]:
    return [(p.label, p.caption) for p in parse_document(text).provisions]


@pytest.mark.parametrize(
    "heading, label, caption, following",
    [
        ("Article 5", "Article 5", None, "Article 6"),
        ("ARTICLE 5", "Article 5", None, "ARTICLE 6"),
        ("Article (5)", "Article 5", None, "Article (6)"),
        ("Article 5 bis", "Article 5 bis", None, "Article 6 bis"),
        ("Article V", "Article V", None, "Article VI"),
        ("Article Five", "Article 5", None, "Article Six"),
        ("ARTICLE FIVE", "Article 5", None, "ARTICLE SIX"),
        ("Article Twenty-One", "Article 21", None, "Article Twenty-Two"),
        ("Fifth Article", "Article 5", None, "Sixth Article"),
        ("Twenty-First Article", "Article 21", None, "Twenty-Second Article"),
        ("Article 5 \u2013 Illegal access", "Article 5", "Illegal access", "Article 6 \u2013 Illegal access"),
        ("Article 5: Illegal access", "Article 5", "Illegal access", "Article 6: Illegal access"),
        ("Article 5 (Illegal access)", "Article 5", "Illegal access", "Article 6 (Illegal access)"),
        ("Art. 5. Illegal access", "Article 5", "Illegal access", "Art. 6. Illegal access"),
        ("Section 5. Illegal access", "Section 5", "Illegal access", "Section 6. Illegal access"),
        ("Sec. 5 \u2013 Illegal access", "Section 5", "Illegal access", "Sec. 6 \u2013 Illegal access"),
        ("\u00a7 5 Illegal access", "Section 5", "Illegal access", "\u00a7 6 Illegal access"),
        ("Rule 5", "Rule 5", None, "Rule 6"),
        ("Regulation 5 \u2013 Illegal access", "Regulation 5", "Illegal access", "Regulation 6 \u2013 Illegal access"),
        ("## Article 5 \u2014 Illegal access", "Article 5", "Illegal access", "## Article 6 \u2014 Illegal access"),
        ("**Article 5.** Illegal access", "Article 5", "Illegal access", "**Article 6.** Illegal access"),
        ("[Article 5 \u2013 Illegal access]", "Article 5", "Illegal access", "[Article 6 \u2013 Illegal access]"),
        ("[Article 5]", "Article 5", None, "[Article 6]"),
    ],
)
def test_heading_forms(heading, label, caption, following):
    found = labels(f"Draft\n\n{heading}\n\n{BODY}\n\n{following}\n\n{BODY}\n")
    assert len(found) == 2, found
    assert found[0] == (label, caption)


def test_text_on_the_heading_line_starts_the_body():
    text = "Draft\n\nArt. 1. The Parties shall cooperate.\n\nArt. 2. Each Party shall adopt measures.\n"
    doc = parse_document(text)
    assert [p.label for p in doc.provisions] == ["Article 1", "Article 2"]
    assert text[doc.provisions[1].body_start : doc.provisions[1].end].startswith("Each Party shall")


def test_caption_above_the_heading_when_the_document_does_so_throughout():
    text = (
        "Draft\n\nPurpose\nArticle (1)\nThe Parties shall cooperate.\n\n"
        "Offences\nArticle (2)\nEach Party shall adopt measures.\n\n"
        "Final clauses\nArticle (3)\nThis Agreement enters into force on signature.\n"
    )
    assert labels(text) == [("Article 1", "Purpose"), ("Article 2", "Offences"), ("Article 3", "Final clauses")]


def test_model_law_sections_under_parts():
    text = (
        "Model law\n\nPART I \u2013 PRELIMINARY\n\nSection 1. Short title\n\nThis Act may be cited as the Act.\n\n"
        "Section 2. Interpretation\n\n(1) In this Act, \u201cdata\u201d means any data.\n\n"
        "PART II \u2013 OFFENCES\n\nSection 3. Illegal access\n\n(1) A person who accesses a computer commits an offence.\n"
    )
    doc = parse_document(text)
    assert [p.label for p in doc.provisions] == ["Section 1", "Section 2", "Section 3"]
    assert [d.label for d in doc.provisions[2].divisions] == ["PART II"]


def test_sections_inside_articles_stay_divisions():
    text = "Agreement\n\n" + "".join(
        f"Article {a}\n\nCAPTION {a}\n\n" + "".join(f"Section {s}. Part {s}\n\n{BODY}\n\n" for s in (1, 2, 3))
        for a in ("I", "II", "III")
    )
    assert [p.label for p in parse_document(text).provisions] == ["Article I", "Article II", "Article III"]


def test_division_words_in_every_number_form():
    text = (
        "Draft\n\nCHAPTER ONE\n\nGENERAL PROVISIONS\n\nArticle 1\n\n" + BODY + "\n\n"
        "PART II \u2013 OFFENCES\n\nSub-section 2\n\nArticle 2\n\n" + BODY + "\n"
    )
    doc = parse_document(text)
    assert [(d.label, d.number, d.heading) for d in doc.divisions] == [
        ("CHAPTER ONE", "1", "GENERAL PROVISIONS"), ("PART II", "II", "OFFENCES"), ("Sub-section 2", "2", None),
    ]


def test_paragraph_numbering_forms():
    text = "Draft\n\nArticle 5\n\n5.1 Each Party shall:\n\n5.2(b) adopt measures;\n\n(1) First.\n\n(i) one;\n"
    blocks = parse_document(text).provisions[0].blocks
    assert [(b.marker, b.depth) for b in blocks] == [("5.1", 1), ("5.2(b)", 2), ("(1)", 1), ("(i)", 3)]


@pytest.mark.parametrize(
    "line",
    [
        "Article 5 of the Convention shall apply mutatis mutandis.",  # a number followed by running words
        "Article 5, paragraph 2, applies to this Protocol as well; each Party shall notify it.",
    ],
)
def test_cross_references_at_the_start_of_a_line_are_prose(line):
    text = f"Draft\n\nArticle 1\n\n{BODY}\n{line}\n\nArticle 2\n\n{BODY}\n"
    assert [p.label for p in parse_document(text).provisions] == ["Article 1", "Article 2"]


def test_a_wrapped_reference_alone_on_a_line_is_judged_by_the_sequence():
    wrapped = (
        "Each Party shall apply the measures to the offences established in accordance with\n"
        "Article 9.\n"
    )
    text = f"Draft\n\nArticle 1\n\n{BODY}\n\nArticle 2\n\n{wrapped}\nArticle 3\n\n{BODY}\n"
    assert [p.label for p in parse_document(text).provisions] == ["Article 1", "Article 2", "Article 3"]


def test_page_furniture_is_set_aside():
    text = (
        "Draft convention\n\nArticle 1\n\nScope\n\n" + BODY + "\n\n- 1 -\n\fDRAFT CONVENTION\n\n"
        "Article 2\n\n- 2 -\n\fDRAFT CONVENTION\n\nDefinitions\n\n" + BODY + "\n"
    )
    doc, scan = parse_structure(text)
    assert [(p.label, p.caption) for p in doc.provisions] == [("Article 1", "Scope"), ("Article 2", "Definitions")]
    assert len(doc.furniture) == 4


def test_grammar_extends_without_code(tmp_path: Path):
    """A language is words in the YAML: Spanish headings read once their words are added."""
    data = yaml.safe_load(GRAMMAR_FILE.read_text(encoding="utf-8"))
    data["provisions"][0]["words"] += ["Art\u00edculo", "ART\u00cdCULO"]
    data["divisions"][1]["words"] += ["Cap\u00edtulo", "CAP\u00cdTULO"]
    data["number_words"]["ordinal_units"]["primero"] = 1
    grammar = CompiledGrammar(GrammarFile.model_validate(data))
    read = grammar.read("Art\u00edculo 5 \u2013 Acceso ilícito")[0]
    assert (read.family, read.number, read.rest.strip()) == ("Article", "5", "\u2013 Acceso ilícito")
    assert grammar.read("Art\u00edculo primero")[0].number == "1"
    assert grammar.read("CAP\u00cdTULO II")[0].family == "chapter"
    assert load_grammar().read("Art\u00edculo 5") == []  # the shipped grammar is English only


def test_a_broken_grammar_fails_at_load():
    data = yaml.safe_load(GRAMMAR_FILE.read_text(encoding="utf-8"))
    data["provisions"][0]["wordz"] = data["provisions"][0].pop("words")
    with pytest.raises(Exception):
        GrammarFile.model_validate(data)


def test_an_annex_numbering_its_own_provisions_has_them_as_annex_provisions():
    text = (
        "Convention\n\nArticle 1\n\nEach Party shall enact the model law in the Schedule.\n\n"
        "Article 2\n\nThis Convention enters into force on signature.\n\n"
        "SCHEDULE\n\nMODEL LAW\n\nSection 1. Short title\n\nThis Act may be cited as the Computer Act.\n\n"
        "Section 2. Unauthorised access\n\n(1) A person who accesses a computer without right commits an offence.\n\n"
        "Section 3. Penalties\n\nA person who commits an offence is liable to a fine.\n"
    )
    doc = parse_document(text)
    assert [p.label for p in doc.articles] == ["Article 1", "Article 2"]
    annexed = [(p.label, p.caption) for p in doc.provisions if p.annex]
    assert annexed[-3:] == [("Section 1", "Short title"), ("Section 2", "Unauthorised access"), ("Section 3", "Penalties")]
