"""Heading induction: a draft's own heading family, found by shape and sequence, not by its word.

Positive cases use words the grammar has never listed (and one it lists, written in a way it
does not read); negative cases are texts whose numbered lines are paragraphs or list items,
which must stay paragraphs. The drafts are our own.
"""

from __future__ import annotations

import pytest

from treatylint.document.confidence import doubtful_structure
from treatylint.document.grammar import load_grammar
from treatylint.document.parser import parse_document

CLAUSES = (
    "Arrangement on Incident Data\n\nThe Participants have agreed as follows:\n\n"
    "{w} 1{sep}Purpose\nThis arrangement sets out how the Participants share incident data.\n\n"
    "{w} 2{sep}Offences\n1. Each Participant shall make it an offence to enter a computer system without right.\n"
    "2. The offence may require dishonest intent.\n\n"
    "{w} 3{sep}Orders\nA judge may order a provider to preserve stored traffic data for ninety days.\n\n"
    "{w} 4{sep}Final provisions\nThis arrangement takes effect when both Participants have signed it.\n"
)


@pytest.mark.parametrize("word", ["Clause", "Point", "Kifungu", "Zervotan", "CLAUSE", "punto", "Art\u00edculo"])
@pytest.mark.parametrize("sep", [" \u2013 ", ". ", ": ", ".- "])
def test_an_unknown_heading_word_heads_the_provisions(word, sep):
    assert word.lower() not in {w.lower() for w in load_grammar().family_of}
    doc = parse_document(CLAUSES.format(w=word, sep=sep))
    assert [(p.number, p.caption) for p in doc.articles] == [
        ("1", "Purpose"), ("2", "Offences"), ("3", "Orders"), ("4", "Final provisions"),
    ]
    assert doc.articles[1].label == f"{word.capitalize() if word.isupper() else word} 2"
    assert [b.marker for b in doc.articles[1].blocks] == ["1.", "2."]  # its paragraphs stay paragraphs
    assert doc.inferred_family == f"{word} N"
    assert doc.inferred_confidence == 1.0
    assert not list(doubtful_structure(doc))


def test_the_number_keeps_its_ordinal_mark_and_the_caption_can_stand_below():
    text = (
        "POINT 1\u00ba\n\nScope\n\nThese rules apply to stored data.\n\n"
        "POINT 2\u00ba\n\nAccess\n\nA person who enters a system without right commits an offence.\n\n"
        "POINT 3\u00ba\n\nOrders\n\nA court may order disclosure of subscriber data.\n"
    )
    doc = parse_document(text)
    assert [(p.label, p.number, p.caption) for p in doc.articles] == [
        ("Point 1\u00ba", "1", "Scope"), ("Point 2\u00ba", "2", "Access"), ("Point 3\u00ba", "3", "Orders"),
    ]
    assert doc.find_article("2") is doc.articles[1]


def test_body_on_the_heading_line_and_roman_numbers():
    text = (
        "Pasal I. The Parties shall cooperate against computer crime.\n\n"
        "Pasal II. Each Party shall make illegal access a criminal offence.\n\n"
        "Pasal III. The Parties shall exchange information promptly.\n"
    )
    doc = parse_document(text)
    assert [p.number for p in doc.articles] == ["I", "II", "III"]
    assert text[doc.articles[1].body_start:].startswith("Each Party shall make")


def test_the_grammar_wins_when_it_reads_the_draft():
    text = CLAUSES.format(w="Article", sep=" \u2013 ")
    doc = parse_document(text)
    assert [p.label for p in doc.articles] == ["Article 1", "Article 2", "Article 3", "Article 4"]
    assert doc.inferred_family is None


NOT_HEADINGS = {
    # numbered paragraphs of one provision, each a sentence
    "paragraphs": (
        "1. Each Party shall make it an offence to enter a computer system without right.\n\n"
        "2. Each Party shall make it an offence to intercept data without right.\n\n"
        "3. A Party may require that the offence be committed with dishonest intent.\n\n"
        "4. A Party may reserve the right not to apply paragraph 1.\n"
    ),
    # a list of one-line items holds no text of its own
    "list": (
        "The following States signed:\n\nItem 1 Belgium\nItem 2 France\nItem 3 Spain\nItem 4 Italy\n\n"
        "Each of them shall ratify the agreement.\n"
    ),
    # captioned paragraphs whose numbers restart are groups of paragraphs, not provisions
    "restarting": (
        "1. Scope\nThese rules apply to stored data held by any provider.\n\n"
        "2. Access\nA person who enters a system without right commits an offence.\n\n"
        "1. Orders\nA court may order disclosure of subscriber data held by a provider.\n\n"
        "2. Fees\nNo fee shall be charged for a request under these rules.\n"
    ),
    # numbers out of sequence
    "no sequence": (
        "Unit 4 - Scope\nThese rules apply to stored data held by any provider.\n\n"
        "Unit 9 - Access\nA person who enters a system without right commits an offence.\n\n"
        "Unit 2 - Orders\nA court may order disclosure of subscriber data held by a provider.\n"
    ),
    # a wrapped sentence that happens to break before "Point 2", "Point 3" ...
    "wrapped references": (
        "The Parties recall that the measures described in the guidelines, and in particular in\n"
        "Point 1 of the guidelines, shall be applied in good faith by all the authorities and in\n"
        "Point 2 of the same text, which sets out the procedure for requests from the other and\n"
        "Point 3 thereof, on which no reservation may be made.\n"
    ),
}


@pytest.mark.parametrize("name", sorted(NOT_HEADINGS))
def test_paragraphs_and_lists_are_not_heading_families(name):
    doc = parse_document(NOT_HEADINGS[name])
    assert doc.inferred_family is None
    assert len(doc.articles) == 1 and doc.articles[0].number is None


def test_two_heading_like_lines_in_a_short_text_warn():
    text = (
        "Clause 1 \u2013 Purpose\nThis text sets out how data is shared.\n\n"
        "Clause 2 \u2013 Offences\nEach Party shall make it an offence to access a system without right.\n"
    )
    doc = parse_document(text)
    assert len(doc.articles) == 1  # two are no family: the text is read as one provision ...
    spans = list(doubtful_structure(doc))
    assert spans and "no provision heading" in spans[0][2]  # ... and the run says so, short as it is


def test_a_short_text_without_heading_like_lines_does_not_warn():
    doc = parse_document("Each Party shall make it an offence to access a computer system without right.\n")
    assert not list(doubtful_structure(doc))


def test_an_ordinal_mark_stays_in_the_label_of_a_grammar_heading():
    text = (
        "Article 1\u00ba.- Object.\nThis treaty sets out common rules on computer crime.\n\n"
        "Article 2\u00ba.- Access.\nWhoever enters a computer system without right shall be punished.\n\n"
        "Article 10.- Orders.\nThe judge may order the preservation of data.\n"
    )
    doc = parse_document(text)
    assert [(p.label, p.number) for p in doc.articles] == [("Article 1\u00ba", "1"), ("Article 2\u00ba", "2"), ("Article 10", "10")]
    assert doc.inferred_family is None  # the grammar reads it


def test_the_ordinal_indicator_is_not_folded_to_a_letter():
    from treatylint.document.normalize import normalise

    assert normalise("Article 1\u00ba and 2\u00aa").text == "Article 1\u00ba and 2\u00aa"


def test_the_body_after_a_wide_gap_on_the_heading_line():
    """A statute style with no caption: the number, two spaces, the article's text."""
    text = "Draft Law on Networks\n\nChapter I General Provisions\n\n" + "".join(
        f"Article {n}  The operators of networks shall keep rule number {n} of this law in force.\n\n" for n in range(1, 6)
    )
    doc = parse_document(text)
    assert [p.number for p in doc.articles] == ["1", "2", "3", "4", "5"]
    assert text[doc.articles[0].body_start:].startswith("The operators of networks shall keep rule number 1")


def test_number_caption_full_stop_and_dash_then_the_body():
    """A bill's sections: "4. Caption.—(1) text" with no heading word and no line of their own."""
    text = (
        "THE DATA BILL\n\nBE it enacted as follows:\u2014\n\n"
        "1. Short title.\u2014(1) This Act may be called the Data Act. (2) It extends to the whole country.\n\n"
        "2. Definitions.\u2014In this Act, \"data\" means any representation of information.\n\n"
        "3. Unlawful access.\u2014Whoever, without authority, enters a computer shall be punished with a fine.\n\n"
        "4. Power to search.\u2014An officer may enter and search any place without a warrant.\n"
    )
    doc = parse_document(text)
    assert [(p.number, p.caption) for p in doc.articles] == [
        ("1", "Short title"), ("2", "Definitions"), ("3", "Unlawful access"), ("4", "Power to search"),
    ]
    assert text[doc.articles[2].body_start:].startswith("Whoever, without authority")


def test_a_caption_with_a_verb_and_a_caption_wrapped_before_its_dash():
    """`N. Caption.—` where the caption holds a verb but no modal ("Rules to apply in place of
    by-laws"), and a caption too long for its line that ends on the next, before the dash: both
    are sections. A numbered sentence closed ":—" ("... apply as follows:—") is no caption."""
    text = (
        "THE NETWORK SAFETY BILL\n\nBE it enacted as follows:\u2014\n\n"
        "1. Short title.\u2014This Act may be called the Network Safety Act.\n\n"
        "2. Rules to apply in place of local by-laws.\u2014The rules made under this Act have effect\n"
        "notwithstanding any by-law of a local authority.\n\n"
        "3. Unlawful access.\u2014Whoever enters a computer without authority shall be punished.\n\n"
        "4. Power of the Controller to require the disclosure of keys held by providers of\n"
        "messaging services.\u2014(1) The Controller may direct a provider to hand over any key.\n"
        "     (2) A provider who fails to comply shall be punished with a fine.\n\n"
        "5. Offences by companies.\u2014Where a company commits an offence, every officer is liable.\n"
    )
    doc = parse_document(text)
    assert [(p.number, p.caption) for p in doc.articles] == [
        ("1", "Short title"), ("2", "Rules to apply in place of local by-laws"), ("3", "Unlawful access"),
        ("4", "Power of the Controller to require the disclosure of keys held by providers of messaging services"),
        ("5", "Offences by companies"),
    ]
    assert text[doc.articles[3].body_start:].startswith("(1) The Controller may direct")
    assert [b.marker for b in doc.articles[3].blocks] == ["(1)", "(2)"]
    stated = text.replace("2. Rules to apply in place of local by-laws.\u2014", "2. The rules shall apply as follows:\u2014")
    assert [p.number for p in parse_document(stated).articles] == ["1", "3", "4", "5"]


def test_book_article_numbers_and_a_first_sentence_broken_by_a_blank_line():
    """A code numbers articles by book ("Art. 2-1.-"); a PDF reader may break the heading
    line's sentence with a blank line: the text after the number is the body, not a caption."""
    text = (
        "BOOK ONE - GENERAL PROVISIONS\n\n"
        "Art. 1-1.- This code sets out offences against computer systems and their\n\n"
        "users, and the means of investigating them.\n\n"
        "Art. 1-2.- Each State applies this code with respect for human rights.\n\n"
        "BOOK TWO - OFFENCES\n\n"
        "Art. 2-1.- Is punished by imprisonment of one year the fact of entering a system or\n\n"
        "remaining in it without right.\n"
    )
    doc = parse_document(text)
    assert [(p.label, p.caption) for p in doc.articles] == [
        ("Article 1-1", None), ("Article 1-2", None), ("Article 2-1", None),
    ]
    assert text[doc.articles[2].body_start:].startswith("Is punished by imprisonment")


def test_a_bills_recitals_end_at_its_enacting_formula():
    text = (
        "THE DATA BILL, 2030\n\nA BILL to provide for the security of data and for matters connected with it.\n\n"
        "WHEREAS data held by public bodies must be kept secure;\n\n"
        "AND WHEREAS it is expedient to provide for offences;\n\n"
        "BE it enacted by the Legislature in the Tenth Year of the Republic as follows:\u2014\n\n"
        "1. Short title.\u2014This Act may be called the Data Act.\n\n"
        "2. Unlawful access.\u2014Whoever enters a computer without authority shall be punished with a fine.\n\n"
        "3. Search.\u2014An officer may search any place on a warrant.\n"
    )
    doc = parse_document(text)
    assert doc.preamble is not None
    assert text[doc.preamble.start:].startswith("WHEREAS data held")  # not the long title above
    assert [p.number for p in doc.articles] == ["1", "2", "3"]


def test_a_recitals_heading_starts_the_preamble():
    text = (
        "SERVICE ARRANGEMENT\n\nbetween two police services\n\nRECITALS\n\n"
        "(A) The services cooperate against organised crime.\n\n"
        "(B) Evidence is often held abroad.\n\n"
        "NOW THEREFORE the services agree as follows:\n\n"
        "1. PURPOSE\n\nThis arrangement sets out how requests are made and answered.\n\n"
        "2. REQUESTS\n\nA request is made in writing to the contact point of the other service.\n\n"
        "3. COSTS\n\nEach service bears its own costs unless the services decide otherwise.\n"
    )
    doc = parse_document(text)
    assert doc.preamble is not None and text[doc.preamble.start:].startswith("RECITALS")
    assert text[doc.preamble.body_start:].lstrip().startswith("(A) The services")
    assert [(p.number, p.caption) for p in doc.articles] == [("1", "PURPOSE"), ("2", "REQUESTS"), ("3", "COSTS")]


def test_one_space_before_the_body_and_a_few_dashed_headings_out_of_sequence():
    """`Article N Body` with one space (a PDF export closes the wide gap), where a few articles
    happen to read `Article N – Whoever ...` and the grammar takes those alone, out of sequence:
    the draft's own family reads clearly more of it, so the family wins."""
    bodies = [
        "The purpose of this Agreement is to secure the networks of the Parties.",
        "Each Party exercises jurisdiction over networks within its territory.",
        "For the purposes of this Agreement, network means a system of computers.",
        "– Whoever accesses a computer system without right shall be punished.",
        "Each Party shall designate a competent authority for requests.",
        "– Whoever invents false reports of emergencies shall be punished.",
        "Each Party shall ensure that orders are reviewed by a court.",
        "This Agreement shall enter into force on the thirtieth day after ratification.",
    ]
    text = "Draft Agreement\n\n" + "\n\n".join(f"Article {n} {body}" for n, body in enumerate(bodies, 1)) + "\n"
    doc = parse_document(text)
    assert [p.number for p in doc.articles] == [str(n) for n in range(1, 9)]
    assert doc.inferred_family == "Article N"
    # wrapped prose that merely opens a line with "Article 5 The ..." after an unfinished sentence is no heading
    prose = text.replace("Article 5 Each Party", "Each Party shall apply the measures referred to in this Agreement as set out in\nArticle 5 Each Party")
    assert [p.number for p in parse_document(prose).articles] != [str(n) for n in range(1, 9)]


def test_a_branch_number_inserted_after_its_article_is_a_provision_of_its_own():
    """`Article 6-2` (a provision inserted after 6 by an amending act, as East Asian statutes
    number them), its caption in brackets on the line above: a provision of its own, labelled
    by its branch number, not the tail of Article 6."""
    heads = [("1", "Purpose", "This Act aims to keep computer networks safe."),
             ("2", "Use without right", "A person who uses a computer without right shall be fined."),
             ("2-2", "Keeping tools", "A person who keeps a tool made to break access controls shall be fined."),
             ("3", "Seizure", "A judge may order a provider to hand over stored records."),
             ("3-2", "Urgent seizure", "An officer may seize records without an order where delay would lose them."),
             ("4", "Entry into force", "This Act takes effect on the day set by Cabinet Order.")]
    text = "Bill on Computer Networks\n\n" + "\n\n".join(f"({c})\nArticle {n}  {b}" for n, c, b in heads) + "\n"
    doc = parse_document(text)
    assert [(p.number, p.caption) for p in doc.articles] == [(n, f"({c})") for n, c, _ in heads]
    branch, trunk = doc.find_article("3-2"), doc.find_article("3")
    assert text[branch.body_start:branch.end].strip().endswith("delay would lose them.")
    assert "delay" not in text[trunk.start:trunk.end]
    # a range of articles named in running text is no heading
    ranged = text.replace("This Act aims to keep computer networks safe.", "This Act aims to keep networks safe as set out in\nArticle 2-3  The Minister may add rules.")
    assert [p.number for p in parse_document(ranged).articles] == [n for n, _, _ in heads]
