"""Provisions numbered with no heading word: a Commonwealth bill's caption, then ``12.\u2014(1) ...``.

Positive cases are the forms model bills use; negative cases are texts whose numbered
paragraphs look the same line by line and are told apart by the document's evidence
(captions above, a running sequence), never by phrases.
"""

from __future__ import annotations

import pytest
import yaml

from treatylint.document.grammar.compiler import GRAMMAR_FILE, CompiledGrammar, GrammarFile
from treatylint.document.parser import parse_document

BILL = (
    "MODEL BILL\n\nENACTED by the Parliament as follows:\n\n"
    "PART 1 \u2014 PRELIMINARY\n\n"
    "Short title\n1{sep}(1) This Act may be cited as the Model Act.\n(2) It comes into force on signature.\n\n"
    "PART 2 \u2014 OFFENCES\n\n"
    "Unauthorised access\n2{sep}(1) A person who intentionally accesses a computer commits an offence.\n"
    "(2) It is immaterial whether security measures were overcome.\n\n"
    "Computer fraud\n3. A person who dishonestly causes loss of property by altering data commits an offence.\n\n"
    "Production orders\n4{sep}(1) A magistrate may order a person to produce specified data.\n"
    "(2) This section is subject to section 5.\n"
)


@pytest.mark.parametrize("sep", [".\u2014", ". \u2014", ".\u2013", ".-", ". "])
def test_caption_then_number_and_subsection_on_one_line(sep):
    text = BILL.format(sep=sep)
    doc = parse_document(text)
    assert [(p.label, p.caption) for p in doc.articles] == [
        ("Section 1", "Short title"), ("Section 2", "Unauthorised access"),
        ("Section 3", "Computer fraud"), ("Section 4", "Production orders"),
    ]
    access = doc.articles[1]
    assert text[access.body_start:].startswith("(1) A person who intentionally")
    assert [b.marker for b in access.blocks] == ["(1)", "(2)"]  # the first subsection on the heading line
    assert [d.label for d in access.divisions] == ["PART 2"]
    assert text[doc.articles[2].body_start:].startswith("A person who dishonestly")  # "3. A person ..."


def test_sections_without_captions_are_read_when_the_bill_captions_most():
    text = BILL.format(sep=".\u2014").replace("Production orders\n", "")
    assert [p.label for p in parse_document(text).articles][-1] == "Section 4"


def test_a_bill_without_marginal_notes_reads_its_plain_sections_too():
    """No captions at all: the sections with subsections are unmistakable ("4.\u2014(1) ..."),
    and those without read "5. The Minister may ...", as numbered paragraphs would. Three or
    more unmistakable sections in one sequence with the plain ones make them all sections;
    a list of numbered paragraphs inside a section (restarting at 1) stays its text."""
    sections = [
        "1. This Act may be cited as the Network Order Act.",
        "2.\u2014(1) A person who enters a computer without authority commits an offence.\n(2) The offence is punishable by a fine.",
        "3. A person who damages data without authority commits an offence.",
        "4.\u2014(1) A judge may order a provider to keep traffic data.\n(2) The order lapses after ninety days.",
        "5. The Minister may make rules under this Act:\n1. on the form of orders;\n2. on the costs of providers.",
        "6.\u2014(1) A provider shall keep an order secret.\n(2) A provider who discloses an order commits an offence.",
        "7. This Act comes into force on a day the Minister appoints.",
    ]
    text = "NETWORK ORDER BILL\n\nBE it enacted as follows:\n\n" + "\n\n".join(sections) + "\n"
    doc = parse_document(text)
    assert [p.label for p in doc.articles] == [f"Section {n}" for n in range(1, 8)]
    assert text[doc.find_article("4").body_start:].startswith("(1) A judge may order")
    # with only two unmistakable sections, numbered lines stay paragraphs
    two = text.replace("6.\u2014(1) A provider", "6. (a) A provider")
    assert [p.label for p in parse_document(two).provisions] == ["The text"]


def test_numbered_paragraphs_are_no_sections_but_provisions_of_their_own():
    """A declaration that numbers its paragraphs and nothing else: no bill's sections (no
    caption, no subsection), but each numbered paragraph is one of its provisions
    (induction.induce_paragraphs), never the whole text read as one."""
    paragraphs = "\n\n".join(f"{n}. The Parties shall cooperate in matter number {n}." for n in range(1, 8))
    doc = parse_document(f"JOINT DECLARATION\n\n{paragraphs}\n")
    assert [p.label for p in doc.provisions] == [f"Paragraph {n}" for n in range(1, 8)]


def test_captioned_groups_of_paragraphs_numbered_afresh_are_not_sections():
    group = "{cap}\n1. The Parties shall cooperate.\n2. They shall meet every year.\n\n"
    text = "MEMORANDUM\n\n" + "".join(group.format(cap=c) for c in ("Purpose", "Scope", "Meetings", "Costs"))
    assert [p.label for p in parse_document(text).provisions] == ["The text"]


def test_an_article_text_keeps_its_articles():
    text = "".join(
        f"Article {n}\n\nCaption {n}\n\nPurpose\n1. The Parties shall cooperate.\n\n" for n in range(1, 5)
    )
    assert [p.label for p in parse_document("Draft\n\n" + text).provisions] == [f"Article {n}" for n in range(1, 5)]


def test_the_label_and_forms_are_grammar_data():
    data = yaml.safe_load(GRAMMAR_FILE.read_text(encoding="utf-8"))
    data["unworded"]["label"] = "Clause"
    data["unworded"]["after"] = [")"]
    grammar = CompiledGrammar(GrammarFile.model_validate(data))
    read, distinct = grammar.read_unworded("12)(1) A person who")
    assert (read.family, read.number, read.rest, distinct) == ("Clause", "12", "(1) A person who", True)
    assert grammar.read_unworded("12.\u2014(1) A person who") is None
