"""Tests for the structure parser: small drafts for every layout, then the real corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from treatylint.document.model import DivisionKind, ProvisionKind
from treatylint.document.parser import parse_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "treaties"


def _texts(doc, provision):
    return [doc.text[b.start : b.end] for b in provision.blocks]


def _check_offsets(doc):
    text = doc.text
    for p in doc.all_provisions():
        assert 0 <= p.start <= p.body_start <= p.end <= len(text)
        for b in p.blocks:
            assert p.body_start <= b.start < b.end <= p.end
            assert text[b.start] not in " \n" and text[b.end - 1] not in " \n"
    for p in doc.provisions:
        assert p.label.split()[0] in text[p.start : p.end].split("\n", 1)[0] or text[
            p.start : p.end
        ].upper().startswith(("ART", "ART."))
    for d in doc.divisions:
        assert 0 <= d.start <= d.end <= len(text)


# ---------------------------------------------------------------------------------------------
# Article heading layouts
# ---------------------------------------------------------------------------------------------

DRAFT = """\
Convention on Testing Drafts

Preamble

The States Parties to this Convention,

Considering that tests are useful;

Have agreed as follows:

CHAPTER I

USE OF TERMS

Article 1

Definitions

For the purposes of this Convention:

a) "draft" means a text;

b) "party" means a State.

CHAPTER II

MEASURES

Section 1

Substantive law

Title 1

Offences

Article 2 – Illegal access

Each Party shall adopt such measures.

Article 3. Illegal interception

Each Party shall adopt such measures.

Title 2

Other offences

Article 4: Data interference

Article 2 of this Convention shall apply mutatis mutandis.

Article 12, paragraph 2, shall not apply.

Section 2

Procedure

ARTICLE 5

Scope

1. Each Party shall establish the powers:

a) for the purpose of investigations;

b) for the collection of evidence:

(i) in real time; and

(ii) stored data.

2. Each Party may reserve the right.

IN WITNESS WHEREOF the undersigned have signed this Convention.

DONE at Budapest, this 23rd day of November 2001.

Annex

Article 1

Scope of the annex

The annex applies.
"""


def test_title_preamble_and_articles():
    doc = parse_document(DRAFT, "draft.txt")
    _check_offsets(doc)
    assert doc.path == "draft.txt"
    assert doc.title == "Convention on Testing Drafts"
    pre = doc.preamble
    assert pre is not None and pre.kind is ProvisionKind.PREAMBLE and pre.label == "Preamble"
    assert pre.number is None
    assert DRAFT[pre.start : pre.end].startswith("Preamble")
    assert DRAFT[pre.start : pre.end].endswith("Have agreed as follows:")
    assert _texts(doc, pre)[0] == "The States Parties to this Convention,"
    labels = [p.label for p in doc.provisions]
    assert labels == ["Article 1", "Article 2", "Article 3", "Article 4", "Article 5", "Article 1"]
    captions = [p.caption for p in doc.provisions]
    assert captions == [
        "Definitions",
        "Illegal access",
        "Illegal interception",
        "Data interference",
        "Scope",
        "Scope of the annex",
    ]
    for p in doc.provisions:
        assert DRAFT[p.start : p.end].startswith(("Article", "ARTICLE"))


def test_prose_references_are_not_headings():
    doc = parse_document(DRAFT)
    art4 = doc.find_article("4")
    assert _texts(doc, art4) == [
        "Article 2 of this Convention shall apply mutatis mutandis.",
        "Article 12, paragraph 2, shall not apply.",
    ]


def test_article_ends_at_next_heading_and_closing_formula():
    doc = parse_document(DRAFT)
    art1 = doc.provisions[0]
    assert DRAFT[art1.end :].startswith("CHAPTER II")
    art5 = doc.find_article("5")
    assert DRAFT[art5.end :].startswith("IN WITNESS WHEREOF")
    assert DRAFT[art5.body_start :].lstrip().startswith("1. Each Party")
    # the last article runs to the end of the text
    assert doc.provisions[-1].end == len(DRAFT)


def test_division_nesting():
    doc = parse_document(DRAFT)
    kinds = [(d.kind, d.label, d.heading, d.level) for d in doc.divisions]
    assert kinds == [
        (DivisionKind.CHAPTER, "CHAPTER I", "USE OF TERMS", 1),
        (DivisionKind.CHAPTER, "CHAPTER II", "MEASURES", 1),
        (DivisionKind.SECTION, "Section 1", "Substantive law", 2),
        (DivisionKind.TITLE, "Title 1", "Offences", 3),
        (DivisionKind.TITLE, "Title 2", "Other offences", 3),
        (DivisionKind.SECTION, "Section 2", "Procedure", 2),
        (DivisionKind.ANNEX, "Annex", None, 0),
    ]
    a = {p.label + (p.caption or ""): [d.label for d in p.divisions] for p in doc.provisions}
    assert a["Article 1Definitions"] == ["CHAPTER I"]
    assert a["Article 2Illegal access"] == ["CHAPTER II", "Section 1", "Title 1"]
    assert a["Article 4Data interference"] == ["CHAPTER II", "Section 1", "Title 2"]
    assert a["Article 5Scope"] == ["CHAPTER II", "Section 2"]
    assert a["Article 1Scope of the annex"] == ["Annex"]
    annex_article = doc.provisions[-1]
    assert annex_article.division(DivisionKind.ANNEX).label == "Annex"
    ch1, ch2 = doc.divisions[0], doc.divisions[1]
    assert ch1.end == ch2.start
    assert DRAFT[doc.divisions[2].end :].startswith("Section 2")
    assert DRAFT[doc.divisions[3].end :].startswith("Title 2")


def test_blocks_depth_and_chapeau():
    doc = parse_document(DRAFT)
    art5 = doc.find_article("5")
    got = [(b.marker, b.depth, b.chapeau) for b in art5.blocks]
    assert got == [
        ("1.", 1, None),
        ("a)", 2, 0),
        ("b)", 2, 0),
        ("(i)", 3, 2),
        ("(ii)", 3, 2),
        ("2.", 1, None),
    ]
    art1 = doc.provisions[0]
    assert [(b.marker, b.depth, b.chapeau) for b in art1.blocks] == [
        (None, 0, None),
        ("a)", 2, 0),
        ("b)", 2, 0),
    ]


def test_line_col():
    doc = parse_document(DRAFT)
    art2 = doc.find_article("2")
    line, col = doc.line_col(art2.start)
    assert DRAFT.split("\n")[line - 1] == "Article 2 – Illegal access"
    assert col == 1
    block = art2.blocks[0]
    line, col = doc.line_col(block.start + 5)
    assert (line, col) == (doc.line_col(block.start)[0], 6)


@pytest.mark.parametrize(
    "heading, label, number, caption",
    [
        ("Article 5", "Article 5", "5", None),
        ("Article 5 – Illegal access", "Article 5", "5", "Illegal access"),
        ("Article 5 - Illegal access", "Article 5", "5", "Illegal access"),
        ("Article 5. Illegal access", "Article 5", "5", "Illegal access"),
        ("Article 5: Illegal access", "Article 5", "5", "Illegal access"),
        ("ARTICLE 5", "Article 5", "5", None),
        ("Art. 5", "Article 5", "5", None),
        ("Art. 5.", "Article 5", "5", None),
        ("Article 5 bis", "Article 5 bis", "5 bis", None),
        ("Article 5bis", "Article 5 bis", "5 bis", None),
        ("Article 5 ter", "Article 5 ter", "5 ter", None),
        ("Article V", "Article V", "V", None),
        ("Article XIV bis", "Article XIV bis", "XIV bis", None),
        ("Article 1A", "Article 1A", "1A", None),
        ("Article 12.", "Article 12", "12", None),
        ("Article 8 Shipping and Air Transport", "Article 8", "8", "Shipping and Air Transport"),
    ],
)
def test_heading_layouts(heading, label, number, caption):
    text = f"Title of draft\n\n{heading}\n\nThe Parties shall co-operate.\n"
    doc = parse_document(text)
    assert len(doc.provisions) == 1
    p = doc.provisions[0]
    assert (p.label, p.number, p.caption) == (label, number, caption)
    assert text[p.start :].startswith(heading)
    assert _texts(doc, p) == ["The Parties shall co-operate."]


def test_caption_on_next_line_without_blank_lines():
    text = "Article 1\nDefinitions\nFor the purposes of this draft:\na) term;\nb) other term.\nArticle 2\nScope\n1. This applies.\n"
    doc = parse_document(text)
    assert [(p.label, p.caption) for p in doc.provisions] == [
        ("Article 1", "Definitions"),
        ("Article 2", "Scope"),
    ]
    assert [(b.marker, b.depth, b.chapeau) for b in doc.provisions[0].blocks] == [
        (None, 0, None),
        ("a)", 2, 0),
        ("b)", 2, 0),
    ]


def test_article_premier_is_not_an_article():
    doc = parse_document("Titre\n\nArticle premier\n\nLa présente convention.\n")
    assert [p.label for p in doc.provisions] == ["The text"]  # no article: the text is one provision
    assert doc.text[doc.provisions[0].start:].startswith("Article premier")


def test_text_without_articles_is_one_provision_with_a_notice():
    doc = parse_document("Each Party shall establish as criminal offences any other acts.\n")
    assert doc.title is None  # operative text, not a title
    (provision,) = doc.provisions
    assert (provision.label, provision.start, provision.end) == ("The text", 0, len(doc.text))
    assert doc.notices == ["no article headings found; the whole text was checked as one provision"]


def test_preamble_closed_by_agreed_formula_stays_preamble_without_articles():
    text = "Title of the agreement\n\nThe Parties,\nRecognising sovereignty,\nHave agreed as follows:\n\nEach Party shall cooperate.\n"
    doc = parse_document(text)
    assert doc.title == "Title of the agreement"
    assert doc.preamble is not None and "Recognising" in doc.text[doc.preamble.start:doc.preamble.end]
    (provision,) = doc.provisions
    assert doc.text[provision.start:].startswith("Each Party shall cooperate.")


def test_hard_wrapped_lines_join_and_wrapped_reference_is_not_heading():
    text = (
        "Article 3\n\n"
        "1. Each Party shall adopt such legislative and other measures as may be\n"
        "necessary to establish the offences referred to in paragraph 2 of\n"
        "Article 5 of this Convention.\n"
        "2. The Parties shall co-operate.\n"
        "Name | Value\n"
        "a | b\n"
    )
    doc = parse_document(text)
    assert [p.label for p in doc.provisions] == ["Article 3"]
    blocks = _texts(doc, doc.provisions[0])
    assert blocks[0].startswith("1. Each Party") and blocks[0].endswith("of this Convention.")
    assert blocks[1:] == ["2. The Parties shall co-operate.", "Name | Value", "a | b"]


def test_marker_kinds_and_roman_disambiguation():
    text = (
        "Article 1\n\n"
        "The Parties shall:\n\n"
        "(a) one;\n(b) two;\n(c) three;\n(d) four;\n(e) five;\n(f) six;\n(g) seven;\n"
        "(h) eight;\n(i) nine;\n(j) ten:\n\n"
        "(i) first sub-item;\n(ii) second sub-item;\n(v) fifth;\n\n"
        "- a bullet\n\n"
        "• another bullet\n\n"
        "a. letter with period\n\n"
        "1) numbered paren\n\n"
        "(1) numbered in brackets\n"
    )
    doc = parse_document(text)
    blocks = doc.provisions[0].blocks
    got = [(b.marker, b.depth) for b in blocks]
    assert got[0] == (None, 0)
    assert got[9] == ("(i)", 2)  # after (h): the letter i
    assert got[10] == ("(j)", 2)
    assert got[11:14] == [("(i)", 3), ("(ii)", 3), ("(v)", 3)]
    assert blocks[11].chapeau == 10  # "(j) ten:" introduces the roman items
    assert blocks[1].chapeau == 0
    assert got[14][0] == "-" and got[15][0] == "•"
    assert got[16] == ("a.", 2)
    assert got[17] == ("1)", 1)
    assert got[18] == ("(1)", 1)


def test_chapeau_stops_after_shallower_block():
    text = (
        "Article 1\n\n"
        "1. The following apply:\n\n"
        "a) first;\n\n"
        "2. Another paragraph.\n\n"
        "b) orphan item\n"
    )
    doc = parse_document(text)
    assert [b.chapeau for b in doc.provisions[0].blocks] == [None, 0, None, None]


def test_preamble_variants():
    for formula in (
        "HAVE AGREED AS FOLLOWS:",
        "Have agreed upon the following:",
        "Agree as follows:",
    ):
        text = f"Protocol X\n\nThe Parties,\n\nRecalling things;\n\n{formula}\n\nSome note.\n\nArticle 1\n\nText.\n"
        doc = parse_document(text)
        assert doc.title == "Protocol X"
        assert text[doc.preamble.start : doc.preamble.end].endswith(formula)
        assert text[doc.preamble.start : doc.preamble.end].startswith("The Parties,")
    # no formula: the preamble runs up to the first heading
    text = "Protocol Y\n\nThe Parties,\n\nRecalling things,\n\nPART I\n\nArticle 1\n\nText.\n"
    doc = parse_document(text)
    assert text[doc.preamble.start : doc.preamble.end].rstrip().endswith("Recalling things,")
    assert doc.provisions[0].divisions[0].label == "PART I"
    # nothing between title and first article: no preamble
    doc = parse_document("Protocol Z\n\nArticle 1\n\nText.\n")
    assert doc.preamble is None and doc.title == "Protocol Z"


def test_part_chapter_nesting_and_annex_variants():
    text = (
        "Treaty\n\n"
        "PART I\n\nGENERAL\n\n"
        "Chapter 1\n\nScope\n\nArticle 1\n\nText.\n\n"
        "Chapter 2\n\nArticle 2\n\nText.\n\n"
        "PART II\n\nFINAL\n\nArticle 3\n\nText.\n\n"
        "ANNEX A\n\nList of things\n\nArticle 1\n\nText.\n\n"
        "Annex II\n\nArticle 2\n\nText.\n"
    )
    doc = parse_document(text)
    anc = [[d.label for d in p.divisions] for p in doc.provisions]
    assert anc == [
        ["PART I", "Chapter 1"],
        ["PART I", "Chapter 2"],
        ["PART II"],
        ["ANNEX A"],
        ["Annex II"],
    ]
    ann = [d for d in doc.divisions if d.kind is DivisionKind.ANNEX]
    assert [(d.number, d.heading, d.level) for d in ann] == [("A", "List of things", 0), ("II", None, 0)]
    assert doc.divisions[0].heading == "GENERAL"


def test_offsets_are_into_original_text_with_indentation_and_crlf_free():
    text = "  Article 1  \n\n   1. Indented paragraph.   \n"
    doc = parse_document(text)
    p = doc.provisions[0]
    assert p.start == 0
    b = p.blocks[0]
    assert text[b.start : b.end] == "1. Indented paragraph."


def test_empty_text():
    doc = parse_document("")
    assert doc.title is None and doc.preamble is None and doc.provisions == []


# ---------------------------------------------------------------------------------------------
# Real texts
# ---------------------------------------------------------------------------------------------


def _corpus_or_skip() -> Path:
    if not (CORPUS / "index.tsv").is_file():
        pytest.skip(f"treaty corpus not found at {CORPUS}")
    return CORPUS


def test_budapest_convention():
    corpus = _corpus_or_skip()
    path = corpus / "convention-on-cybercrime-BWBV0001839.txt"
    text = path.read_text(encoding="utf-8")
    doc = parse_document(text, str(path))
    _check_offsets(doc)
    assert doc.title == "Convention on Cybercrime"
    assert len(doc.provisions) == 48
    assert text[doc.preamble.start : doc.preamble.end].endswith("Have agreed as follows:")
    art1 = doc.find_article("1")
    assert art1.caption == "Definitions"
    assert [d.label for d in art1.divisions] == ["CHAPTER I"]
    assert art1.divisions[0].heading == "USE OF TERMS"
    art2 = doc.find_article("2")
    assert art2.caption == "Illegal access"
    assert [d.label for d in art2.divisions] == ["CHAPTER II", "SECTION 1", "TITLE 1"]
    assert art2.division(DivisionKind.SECTION).heading == "SUBSTANTIVE CRIMINAL LAW"
    art6 = doc.find_article("6")
    assert art6.caption == "Misuse of devices"
    items = [(b.marker, b.depth, b.chapeau) for b in art6.blocks]
    assert items[:5] == [("1.", 1, None), ("a)", 2, 0), ("(i)", 3, 1), ("(ii)", 3, 1), ("b)", 2, 0)]
    assert text[art6.blocks[0].start : art6.blocks[0].end].endswith("without right:")
    assert doc.find_article("48").caption == "Notification"


def test_corpus_article_counts():
    corpus = _corpus_or_skip()
    rows = (corpus / "index.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) > 1000
    matched = 0
    mismatched = []
    for row in rows:
        fields = row.split("\t")
        name, expected = fields[0], int(fields[4])
        text = (corpus / name).read_text(encoding="utf-8")
        doc = parse_document(text, name)
        for p in doc.provisions:
            assert p.start <= p.body_start <= p.end
        for p in doc.articles:  # the index counts articles, not the texts of annexes
            assert text[p.start : p.end].startswith(("Article", "ARTICLE", "Art")), (name, p.label)
        if len(doc.articles) == expected:
            matched += 1
        else:
            mismatched.append((name, len(doc.articles), expected))
    ratio = matched / len(rows)
    assert ratio >= 0.99, f"{ratio:.4f}: {mismatched[:20]}"


def test_heading_spelt_with_look_alike_letters_is_still_a_heading():
    cyrillic_a, fullwidth = "\u0410", "\uff21\uff32\uff34\uff29\uff23\uff2c\uff25\u3000\uff12"
    doc = parse_document(f"{cyrillic_a}rticle 1\nText one.\n{fullwidth}\nText two.\n\u0421\u0442\u0430\u0442\u044c\u044f 3\nRussian.\n")
    assert [p.label for p in doc.provisions] == ["Article 1", "Article 2"]
    assert doc.text.startswith(cyrillic_a)  # the document text itself is never rewritten


def test_caption_on_the_heading_line_without_a_separator_opens_a_block():
    """"§ 4 Caption" with the body on the next line, grouped under "Section I" divisions."""
    text = (
        "Section I\nGeneral Provisions\n\n"
        "§ 1 Purpose and scope\n(1) This Treaty governs online safety.\n(2) It applies to providers.\n\n"
        "§ 2 Definitions\nFor the purposes of this Treaty, \"provider\" means any person.\n\n"
        "Section II\nContent\n\n"
        "§ 3 Offences committed by means of telemedia\n(1) Whoever intentionally does harm commits an offence.\n"
    )
    doc = parse_document(text)
    assert [p.label for p in doc.provisions] == ["Section 1", "Section 2", "Section 3"]
    assert [p.caption for p in doc.provisions] == ["Purpose and scope", "Definitions", "Offences committed by means of telemedia"]


def test_a_sentence_after_the_number_is_not_a_caption():
    text = "Article 1\nScope\n\nThe Parties agree.\n\nArticle 2 The Parties shall cooperate closely\nto the widest extent.\n"
    doc = parse_document(text)
    assert all(p.caption != "The Parties shall cooperate closely" for p in doc.provisions)


def test_a_bills_first_section_spelt_out_is_a_section_not_a_division():
    """US-style bills write "SECTION 1." and then "SEC. 2.", "SEC. 3."."""
    text = (
        "A BILL\n\nSECTION 1. SHORT TITLE.\nThis Act may be cited as the Example Act.\n\n"
        "SEC. 2. DEFINITIONS.\nIn this Act, the term \"computer\" means a device.\n\n"
        "SEC. 3. UNAUTHORIZED ACCESS.\nWhoever intentionally accesses a computer without authorization shall be fined.\n"
    )
    doc = parse_document(text)
    assert [p.label for p in doc.provisions] == ["Section 1", "Section 2", "Section 3"]
    assert not doc.divisions


def test_section_divisions_above_abbreviated_sections_stay_divisions():
    text = (
        "SECTION 1\nGENERAL\n\nSec. 1. Scope\nThis Code applies to providers.\n\n"
        "Sec. 2. Definitions\nIn this Code, \"provider\" means a person.\n\n"
        "SECTION 2\nOFFENCES\n\nSec. 3. Access\nA person who accesses a system without right commits an offence.\n\n"
        "Sec. 4. Interference\nA person who damages data without right commits an offence.\n"
    )
    doc = parse_document(text)
    assert [p.label for p in doc.provisions] == ["Section 1", "Section 2", "Section 3", "Section 4"]
    assert [d.label for d in doc.divisions] == ["SECTION 1", "SECTION 2"]


def test_a_regulations_preamble_starts_at_its_opening_formula():
    """No "have agreed" line: the preamble starts at "THE COUNCIL ...,", not at the cover matter."""
    text = (
        "Proposal for a\nREGULATION OF THE COUNCIL\non information orders\n\n"
        "Council document 1187/26, working draft\n\n"
        "THE COUNCIL OF THE UNION,\n\n"
        "Having regard to the Founding Treaty,\n\n"
        "Whereas information systems are essential;\n\n"
        "HAS ADOPTED THIS REGULATION:\n\n"
        "Article 1\nScope\n\nThis Regulation lays down rules on orders.\n"
    )
    doc = parse_document(text)
    assert doc.preamble is not None
    assert text[doc.preamble.start :].startswith("THE COUNCIL OF THE UNION,")


def test_a_decrees_preamble_starts_at_its_enacting_authority_in_capitals():
    """A decree names its author as a heading in capitals, no comma ("THE HEAD OF STATE"),
    then recitals ending as recitals do: the preamble starts there, not at the cover note."""
    text = (
        "DECREE No. 12 of 3 March 2031\nMeasures on network security.\n"
        "(Unofficial translation prepared for consultation.)\n\n"
        "THE HEAD OF STATE\n\n"
        "Having regard to the Constitution;\nHaving regard to the Penal Code;\n\n"
        "DECREES:\n\n"
        "Art. 1\n(Purpose)\nThis decree sets rules on network security.\n\n"
        "Art. 2\n(Orders)\nA court may order a provider to keep traffic data.\n"
    )
    doc = parse_document(text)
    assert doc.preamble is not None and text[doc.preamble.start :].startswith("THE HEAD OF STATE")
    assert [p.label for p in doc.articles] == ["Article 1", "Article 2"]


def test_a_contents_list_of_chapters_is_no_heading_and_recitals_end_with_a_colon():
    """A PDF draft lists its chapters as contents, then one paragraph of recitals that ends with
    an enacting formula and a colon ("... have settled the following text:"), then the chapters
    again over their articles: the contents are no divisions, and the preamble is that
    paragraph (the contents list above it is cover matter)."""
    chapters = ["Chapter I General Provisions", "Chapter II Offences", "Chapter III Cooperation"]
    recital = (
        "The States of the Northern Network Union, mindful that attacks on computer systems cross "
        "borders and that the rights of users must be respected, have settled the following text:"
    )
    body = "".join(
        f"{chapter}\n\nArticle {n} Each State shall apply rule number {n} of this text.\n\n"
        f"Article {n + 1} Each State shall report on rule number {n} every year.\n\n"
        for n, chapter in zip((1, 3, 5), chapters)
    )
    text = "DRAFT TEXT ON NETWORK CRIME\n\nContents\n\n" + "\n\n".join(chapters) + f"\n\n{recital}\n\n" + body
    doc = parse_document(text)
    assert doc.preamble is not None and text[doc.preamble.start :].startswith("The States of the Northern")
    assert [d.label for d in doc.divisions] == ["Chapter I", "Chapter II", "Chapter III"]
    assert min(d.start for d in doc.divisions) > text.index(recital)
    assert [p.number for p in doc.articles] == ["1", "2", "3", "4", "5", "6"]
    # the same chapter headings NOT repeated below are the document's divisions (no contents list)
    once = "DRAFT TEXT\n\n" + "\n\n".join(chapters) + "\n\nArticle 1 Each State shall apply this text.\n"
    assert len(parse_document(once).divisions) == 3


def test_captions_above_when_only_some_articles_have_one():
    """Captions written above `Art. N.` lines with the body beside them, where the final
    articles (as many treaties write them) carry no caption: the captions above are read, and
    the text beside each number is body, never its caption."""
    captioned = [("Definitions", "For the purposes of this Agreement, a record is any stored data."),
                 ("Scope", "This Agreement applies to records held by carriers."),
                 ("Orders", "A court may order a carrier to keep a record."),
                 ("Costs", "Each Party bears its own costs.")]
    plain = ["This Agreement is open for signature.", "It is subject to ratification.", "It enters into force on signature.",
             "Any Party may denounce it.", "The depositary notifies the Parties.", "The texts are equally authentic."]
    parts = [f"{c}\nArt. {n}. {b}" for n, (c, b) in enumerate(captioned, 1)]
    parts += [f"Art. {n}. {b}" for n, b in enumerate(plain, len(captioned) + 1)]
    doc = parse_document("AGREEMENT ON RECORDS\n\n" + "\n\n".join(parts) + "\n")
    assert [p.caption for p in doc.articles] == [c for c, _ in captioned] + [None] * len(plain)


def test_an_article_captioned_annex_is_no_annex_heading():
    """``Article 6`` / ``Annex`` / a sentence on the annexes: the bare word captions the
    article (an article on the annex), it does not open the annex; the annex's own heading,
    after the last article, does."""
    text = (
        "AGREEMENT\n\nArticle 1\n\nScope\n\nThis Agreement applies to data held by banks.\n\n"
        "Article 2\n\nAnnex\n\nThe rules listed in the Annex form an integral part of this Agreement.\n\n"
        "Article 3\n\nEntry into force\n\nThis Agreement enters into force on signature.\n\n"
        "Annex\n\nRule 1. Banks shall keep records for five years.\n"
    )
    doc = parse_document(text)
    assert [(p.label, p.caption) for p in doc.articles] == [
        ("Article 1", "Scope"), ("Article 2", "Annex"), ("Article 3", "Entry into force"),
    ]
    assert [d.start for d in doc.divisions] == [text.rindex("Annex\n\nRule 1")]


def test_australian_sections_number_gap_caption():
    """"12  Caption" (number, a wide gap, the caption), the body below, under "Part 1—..."."""
    text = (
        "Online Code 2027\n\nThe Parliament enacts:\n\nPart 1\u2014Preliminary\n\n"
        "1  Short title\n\nThis Code may be cited as the Online Code.\n\n"
        "2  Definitions\n\nIn this Code:\n\nprovider means a person who supplies a service.\n\n"
        "Part 2\u2014Offences\n\n"
        "3  Unauthorised access\n\n(1) A person commits an offence if the person accesses data without authority.\n\n"
        "4  Impairment of data\n\n(1) A person commits an offence if the person impairs data without authority.\n"
    )
    doc = parse_document(text)
    assert [(p.label, p.caption) for p in doc.provisions] == [
        ("Section 1", "Short title"), ("Section 2", "Definitions"),
        ("Section 3", "Unauthorised access"), ("Section 4", "Impairment of data"),
    ]


def test_numbered_paragraphs_with_two_spaces_are_not_sections():
    text = "Article 1\nScope\n\n1  The Parties shall cooperate.\n\n2  Each Party shall designate a contact point.\n\n3  This Article applies.\n"
    doc = parse_document(text)
    assert [p.label for p in doc.provisions] == ["Article 1"]


def test_caption_after_a_full_stop_and_a_dash():
    """Latin-American treaties write "Article 10.- Caption."."""
    text = "Article 1.- Object.\nThis Treaty applies to crimes.\n\nArticle 2.- Definitions.\nFor this Treaty, data means information.\n"
    doc = parse_document(text)
    assert [(p.label, p.caption) for p in doc.provisions] == [("Article 1", "Object."), ("Article 2", "Definitions.")]
