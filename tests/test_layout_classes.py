"""Layout classes an unseen draft lost whole (session five): provisions numbered and nothing
else, captions in a margin column, Markdown headings of any wording. Our own drafts, each in
a variant no blind draft used (other widths, markers, wordings), and the negatives."""

from __future__ import annotations

import textwrap

from treatylint.document.parser import parse_document
from treatylint.engine.run import _unwrapped

SENTENCE = (
    "The competent authorities of each side will exchange information on request and will "
    "keep a record of every request received, the reply given and the date of the reply, "
    "and will tell the other side without delay of any change in the authority designated."
)


def _numbered(marker: str, count: int, indent: int = 4, inner: str = "") -> str:
    paragraphs = []
    for n in range(1, count + 1):
        body = textwrap.fill(f"{marker.format(n=n)} {SENTENCE}" + (inner if n == 2 else ""), 70,
                             subsequent_indent=" " * indent)
        paragraphs.append(body)
    return (
        "EMBASSY OF THE REPUBLIC\n\nNote No. 44/2027\n\nExcellency,\n\nI have the honour to propose the following:\n\n"
        + "\n\n".join(paragraphs)
        + "\n\nAccept, Excellency, the assurance of my highest consideration.\n"
    )


def test_provisions_numbered_and_nothing_else_are_each_found():
    for marker in ("({n})", "{n}.", "{n})"):
        doc = parse_document(_numbered(marker, 9))
        assert [p.label for p in doc.articles] == [f"Paragraph {n}" for n in range(1, 10)], marker
        assert doc.inferred_family is not None


def test_paragraph_numbering_inside_a_provision_is_not_the_top_level():
    inner = "\n\n    (1) The request names the authority.\n\n    (2) The request states the facts.\n\n    (3) The request is signed."
    doc = parse_document(_numbered("{n}.", 6, inner=inner))
    assert [p.number for p in doc.articles] == [str(n) for n in range(1, 7)]


def test_numbering_that_starts_again_is_no_provision_numbering():
    group = "{cap}\n\n1. " + SENTENCE + "\n\n2. " + SENTENCE + "\n\n"
    text = "MEMORANDUM\n\n" + "".join(group.format(cap=c) for c in ("Purpose", "Scope", "Meetings", "Costs"))
    assert [p.label for p in parse_document(text).provisions] == ["The text"]


def test_a_short_clause_of_numbered_paragraphs_stays_one_provision():
    text = "1. Each Party shall act.\n\n2. Each Party may reserve.\n\n3. A Party may withdraw.\n"
    assert [p.label for p in parse_document(text).provisions] == ["The text"]


def _margin_ordinance(width: int) -> str:
    sections = [
        ("Citation", "1.", "This Order may be cited as the Network Order, 2027."),
        ("Unlawful entry into a computer system", "2.", "(1) A person who knowingly enters a computer "
         "system without authority commits an offence. (2) A person guilty of an offence under this "
         "section is liable to a fine."),
        ("Orders to keep data", "3.", "A magistrate may order a provider to keep specified traffic data "
         "for no more than ninety days."),
        ("Disclosure", "4.", "A provider who is served with an order is to keep the order secret for as long "
         "as the magistrate directs."),
    ]
    out = ["THE NETWORK ORDER, 2027", "", "ARRANGEMENT OF SECTIONS", ""]
    body = 70 - width
    for caption, number, text in sections:
        notes = textwrap.wrap(caption + ".", width - 3)
        lines = textwrap.wrap(f"{number}  {text}", body)
        for k in range(max(len(notes), len(lines))):
            note = notes[k] if k < len(notes) else ""
            line = lines[k] if k < len(lines) else ""
            indent = " " * (width if k == 0 else width + 4)
            out.append((note.ljust(width) if note else " " * width) + ("" if k == 0 else "    ") + line if line else note)
            del indent
        out.append("")
    return "\n".join(out) + "\n"


def test_captions_in_a_margin_column_head_their_sections():
    for width in (18, 30):
        text = _margin_ordinance(width)
        doc = parse_document(text)
        assert [p.label for p in doc.articles] == ["Section 1", "Section 2", "Section 3", "Section 4"], width
        assert [p.caption for p in doc.articles] == [
            "Citation", "Unlawful entry into a computer system", "Orders to keep data", "Disclosure",
        ]
        assert doc.margins  # the margin's words are never operative text ...
        engine_text = _unwrapped(doc)
        second = doc.find_article("2")
        assert "system without authority" in " ".join(engine_text[second.body_start : second.end].split())
        assert "Unlawful entry" not in engine_text  # ... and never land inside a sentence of the body


def test_two_columns_in_a_few_lines_are_no_margin_layout():
    signatures = "\n".join(
        f"{left:<34}{right}" for left, right in [
            ("For the Government of Arland:", "For the Government of Belmont:"),
            ("Minister of Justice", "Minister of the Interior"),
            ("Signed at Arlo", "Signed at Belo"),
            ("on 3 May 2027", "on 3 May 2027"),
            ("Witness A", "Witness B"),
            ("Seal", "Seal"),
        ]
    )
    text = "\n\n".join(f"Article {n}\n\n{SENTENCE}" for n in range(1, 6)) + "\n\n" + signatures + "\n"
    doc = parse_document(text)
    assert not doc.margins and len(doc.articles) == 5


def test_markdown_headings_of_any_wording_head_provisions():
    questions = ["What must providers do?", "When may we ask for data?", "Who checks what we do?",
                 "Can you object to an order?"]
    numbered = "\n\n".join(f"### {n}. {q}\n\n{SENTENCE}" for n, q in enumerate(questions, 1))
    unnumbered = "\n\n".join(f"## {q}\n\n{SENTENCE}" for q in questions)
    for source in (numbered, unnumbered):
        doc = _parse_markdown("# Online safety guide\n\n" + source + "\n")
        assert [p.caption for p in doc.articles] == questions


def test_numbered_markdown_headings_over_deeper_headings_group_them():
    # "## 1 Scope" heads nothing but "#### [C01] ..." headings, each over its own text: the
    # numbered level groups the coded requirements, it does not head them
    groups = {"1 Scope": ["Who is bound", "Meaning of words"], "2 Requests": ["One contact point", "Checking a request"],
              "3 Notices": ["Acting on a notice", "Telling the user"], "4 Records": ["Keeping records", "Yearly report"]}
    parts, code = [], 0
    for group, captions in groups.items():
        parts.append(f"## {group}")
        for caption in captions:
            code += 1
            parts.append(f"#### [C{code:02d}] {caption}\n\n{SENTENCE}")
    doc = _parse_markdown("# Members' code\n\n" + "\n\n".join(parts) + "\n")
    written = [f"[C{n:02d}] {c}" for n, c in enumerate((c for captions in groups.values() for c in captions), 1)]
    assert [p.caption for p in doc.articles] == written


def _parse_markdown(text: str):
    from treatylint.document.formats.markdown import read_markdown

    source = read_markdown(text, "guide.md")  # the reader marks the headings (SourceText.headings)
    return parse_document(source.text, "guide.md", source.headings)


def _outline(levels: bool) -> str:
    parts = []
    for top, caption in ((1, "GENERAL"), (2, "POWERS")):
        if levels:
            parts.append(f"{top}  {caption}\n")
        for n, sub in enumerate(("Scope of this part", "Orders to keep data", "Review by a court"), 1):
            parts.append(f"{top}.{n}  {sub}\n{SENTENCE}\n")
    return "REFERENCE FRAMEWORK\n\n" + "\n".join(parts)


def test_a_decimal_outline_reads_its_headings_over_text_as_provisions():
    doc = parse_document(_outline(levels=True))
    assert [p.number for p in doc.articles] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]
    assert [d.heading for d in doc.divisions] == ["GENERAL", "POWERS"]
    assert [p.caption for p in doc.articles][:2] == ["Scope of this part", "Orders to keep data"]
    # an outline that leaves out its top level is one too
    assert [p.number for p in parse_document(_outline(levels=False)).articles] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]


def test_decimal_paragraph_numbers_of_sentences_are_no_outline():
    text = "AGREEMENT\n\n" + "\n\n".join(f"1.{n} {SENTENCE}" for n in range(1, 6)) + "\n"
    assert parse_document(text).inferred_family is None


def test_lettered_parts_number_afresh_in_each_part():
    parts = []
    for letter, caption in (("A", "GENERAL"), ("B", "OFFENCES"), ("C", "FINAL")):
        parts.append(f"PART {letter}\n{caption}\n")
        for n in (1, 2):
            parts.append(f"{letter}-{n}. A caption of part {letter} closed by a stop.\n{SENTENCE}\n")
    doc = parse_document("DRAFT AGREEMENT\n\n" + "\n".join(parts))
    assert [p.number for p in doc.articles] == ["A-1", "A-2", "B-1", "B-2", "C-1", "C-2"]


def test_a_middle_dot_separates_a_caption():
    text = "CODE\n\n" + "\n\n".join(
        f"Guideline {n} \u00b7 Measures Members are to take {n}\n\n{SENTENCE}" for n in range(1, 5)) + "\n"
    doc = parse_document(text)
    assert [p.caption for p in doc.articles][0] == "Measures Members are to take 1"
    assert len(doc.articles) == 4


def test_a_preamble_heading_of_its_own_starts_the_preamble():
    text = ("HEADS OF TERMS\n\nRestricted\n\nBACKGROUND\n\nThe delegations met three times and asked the Chair "
            "for a summary of the terms they could accept.\n\n" + "\n\n".join(
                f"TERM {n} - SCOPE {n}\n\n{SENTENCE}" for n in range(1, 5)) + "\n")
    doc = parse_document(text)
    assert doc.preamble is not None and text[doc.preamble.start:].startswith("BACKGROUND")


def test_a_bracketed_caption_with_the_body_on_the_same_line():
    # statutes translated from Korean, Japanese or Chinese: "Article 4 (Caption) No person shall ..."
    captions = ["Purpose", "Meaning of words", "Entry without right", "Keeping of records"]
    text = "NETWORK ACT\n\nCHAPTER I GENERAL PROVISIONS\n\n" + "\n\n".join(
        f"Article {n} ({c}) {'(1) ' if n == 2 else ''}{SENTENCE}" for n, c in enumerate(captions, 1)
    )
    doc = parse_document(text + "\n", "act.txt")
    assert [p.caption for p in doc.articles] == captions
    bodies = [text[p.body_start : p.end].strip() for p in doc.articles]
    assert all(b.removeprefix("(1) ").startswith("The competent authorities") for b in bodies), bodies


def test_a_bracketed_reference_in_prose_is_no_heading():
    text = (
        "Article 1\nScope\n\n" + SENTENCE + "\n\nArticle 2\nReview\n\n"
        + "Article 1 (Scope) of this Agreement applies also to requests made before its entry into force.\n\n"
        + "Article 3\nEntry into force\n\n" + SENTENCE + "\n"
    )
    doc = parse_document(text, "agreement.txt")
    assert [p.caption for p in doc.articles] == ["Scope", "Review", "Entry into force"]
