"""What the reader cannot see never counts (issue 15).

A hidden mitigation ("with intent to incite imminent violence" in a hidden Word run, an HTML
element with display:none, a comment) must not lower a finding, and the hidden text must be
reported as text-integrity/hidden-text where it sits. With include_hidden the same text IS read:
that the severity then drops proves each file really carried the words the reader skipped.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from treatylint.run.linter import Linter

from treatylint.settings import Settings

HIDE = "with intent to incite imminent violence"
OFFENCE = "Each Party shall adopt such legislative measures as may be necessary to establish as a criminal offence the dissemination of extremist materials"
RULE = "content-crime/expression-offence"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def linters():
    return {False: Linter(Settings()), True: Linter(Settings(include_hidden=True))}


def lint(linters, data: bytes, name: str, include_hidden: bool = False):
    return linters[include_hidden].check_bytes(data, name)


def severity(result, rule: str = RULE) -> str | None:
    found = [f.severity.value for f in result.findings if f.rule_id == rule and not f.suppressed]
    return found[0] if found else None


def hidden_findings(result):
    return [f for f in result.findings if f.rule_id == "text-integrity/hidden-text"]


def assert_hidden_never_counts(linters, data: bytes, name: str, where: str | None = None, own_block: bool = False) -> None:
    visible = lint(linters, data, name)
    assert severity(visible) == "error", [f.rule_id for f in visible.findings]
    reported = hidden_findings(visible)
    assert reported and HIDE in reported[0].message, [f.message for f in visible.findings]
    if where:
        assert where in reported[0].message
    assert reported[0].provision == "Article 1"
    assert any("hidden text left out" in n for n in visible.notices)
    included = lint(linters, data, name, include_hidden=True)
    assert HIDE in included.document.text
    if not own_block:  # (a comment on lines of its own is read as a paragraph of its own)
        assert severity(included) == "info"  # the hidden words were there, and would have mitigated
    assert hidden_findings(included)


# -- HTML -----------------------------------------------------------------------------------


def html(hidden: str, head: str = "") -> bytes:
    return (f"<html><head>{head}</head><body><h2>Article 1</h2><p>{OFFENCE}{hidden}.</p>"
            "<h2>Article 2</h2><p>This Convention enters into force on signature.</p></body></html>").encode()


@pytest.mark.parametrize("hidden, head", [
    (f'<span style="display: none"> {HIDE}</span>', ""),
    (f'<span style="visibility:hidden"> {HIDE}</span>', ""),
    (f'<span style="font-size:0"> {HIDE}</span>', ""),
    (f"<span hidden> {HIDE}</span>", ""),
    (f'<span class="fine-print"> {HIDE}</span>', "<style>.fine-print { display: none }</style>"),
    (f"<template> {HIDE}</template>", ""),
    (f"<!-- {HIDE} -->", ""),
])
def test_html_hidden_text_never_mitigates(linters, hidden, head):
    assert_hidden_never_counts(linters, html(hidden, head), "draft.html", "line 1")


def test_html_hidden_paragraph_ends_at_the_next_one(linters):
    data = b"<html><body><h2>Article 1</h2><p hidden>secret<p>Each Party shall cooperate.</body></html>"
    result = lint(linters, data, "draft.html")
    assert "Each Party shall cooperate." in result.document.text and "secret" not in result.document.text


# -- Markdown -------------------------------------------------------------------------------


@pytest.mark.parametrize("hidden", [f"<!-- {HIDE} -->", f'<span style="display:none"> {HIDE}</span>', f"<!--\n{HIDE}\n-->"])
def test_markdown_hidden_text_never_mitigates(linters, hidden):
    data = f"# Article 1\n\n{OFFENCE}{hidden}.\n\n# Article 2\n\nThis Convention enters into force on signature.\n".encode()
    assert_hidden_never_counts(linters, data, "draft.md", "at line ", own_block="\n" in hidden)


def test_markdown_suppression_markers_are_not_hidden_text(linters):
    data = f"# Article 1\n\n<!-- treatylint: ignore[content-crime] agreed -->\n{OFFENCE}.\n".encode()
    result = lint(linters, data, "draft.md")
    assert not hidden_findings(result)


# -- Word -----------------------------------------------------------------------------------


def docx(runs: str, styles: str = "", extra: dict[str, bytes] | None = None, body_after: str = "",
         namespaces: str = "") -> bytes:
    body = (f'<w:p><w:r><w:t>Article 1</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">{OFFENCE}</w:t></w:r>{runs}'
            f'<w:r><w:t>.</w:t></w:r></w:p>{body_after}'
            '<w:p><w:r><w:t>Article 2</w:t></w:r></w:p><w:p><w:r><w:t>This Convention enters into force on signature.</w:t></w:r></w:p>')
    document = f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}" {namespaces}><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", document)
        if styles:
            archive.writestr("word/styles.xml", f'<?xml version="1.0"?><w:styles xmlns:w="{W_NS}">{styles}</w:styles>')
        for member, data in (extra or {}).items():
            archive.writestr(member, data)
    return buffer.getvalue()


def run(props: str, text: str = " " + HIDE) -> str:
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


@pytest.mark.parametrize("runs, styles", [
    (run("<w:vanish/>"), ""),
    (run("<w:specVanish/>"), ""),
    (run('<w:rStyle w:val="Secret"/>'), '<w:style w:type="character" w:styleId="Secret"><w:basedOn w:val="Base"/></w:style>'
                                         '<w:style w:type="character" w:styleId="Base"><w:rPr><w:vanish/></w:rPr></w:style>'),
    (run('<w:sz w:val="2"/>'), ""),
    (run('<w:color w:val="FFFFFF"/>'), ""),
    (run('<w:color w:val="FAFAFA"/><w:shd w:val="clear" w:fill="FFFFFF"/>'), ""),
])
def test_word_hidden_runs_never_mitigate(linters, runs, styles):
    assert_hidden_never_counts(linters, docx(runs, styles), "draft.docx", "paragraph 2")


def test_word_visible_formatting_is_read(linters):
    """Turned off, coloured on a dark background, or ordinary small type: visible, so read."""
    for props in ('<w:vanish w:val="false"/>', '<w:color w:val="FFFFFF"/><w:shd w:val="clear" w:fill="000000"/>',
                  '<w:sz w:val="12"/>', '<w:color w:val="auto"/>'):
        result = lint(linters, docx(run(props)), "draft.docx")
        assert severity(result) == "info", props
        assert not hidden_findings(result), props


MC_NS = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def test_word_alternate_content_is_read_as_word_renders_it(linters):
    """A Choice requiring a namespace Word does not know is skipped by Word: the Fallback shows."""
    alternate = (f'<mc:AlternateContent><mc:Choice Requires="x9">{run("", " " + HIDE)}</mc:Choice>'
                 f'<mc:Fallback><w:r><w:t xml:space="preserve"> and other materials</w:t></w:r></mc:Fallback></mc:AlternateContent>')
    result = lint(linters, docx(alternate, namespaces=MC_NS + ' xmlns:x9="urn:example:unknown"'), "draft.docx")
    assert "and other materials" in result.document.text and HIDE not in result.document.text
    assert severity(result) == "error"


def test_word_alternate_content_known_choice(linters):
    alternate = (f'<mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:t xml:space="preserve"> {HIDE}</w:t></w:r></mc:Choice>'
                 f'<mc:Fallback><w:r><w:t xml:space="preserve"> old</w:t></w:r></mc:Fallback></mc:AlternateContent>')
    result = lint(linters, docx(alternate, namespaces=MC_NS + ' xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'), "draft.docx")
    assert HIDE in result.document.text and " old" not in result.document.text


def test_word_text_box_is_read_once(linters):
    box = "<w:txbxContent><w:p><w:r><w:t>Text in a box.</w:t></w:r></w:p></w:txbxContent>"
    alternate = (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>'
                 f'<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    namespaces = (MC_NS + ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
                  ' xmlns:v="urn:schemas-microsoft-com:vml"')
    result = lint(linters, docx(alternate, namespaces=namespaces), "draft.docx")
    assert result.document.text.count("Text in a box.") == 1


def test_word_alt_chunk_is_read_in_place(linters):
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rIdChunk" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="chunk.htm"/>'
            '</Relationships>')
    chunk = b"<html><body><p>Each Party shall establish as criminal offences acts of extremism.</p></body></html>"
    after = '<w:altChunk xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rIdChunk"/>'
    result = lint(linters, docx("", body_after=after, extra={"word/_rels/document.xml.rels": rels, "word/chunk.htm": chunk}), "draft.docx")
    assert "acts of extremism" in result.document.text
    assert any("vague-offence" in f.rule_id for f in result.findings)
    assert any("imported part" in n for n in result.notices)


def test_word_unreadable_alt_chunk_is_named(linters):
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="chunk.rtf"/>'
            '</Relationships>')
    after = '<w:altChunk xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId9"/>'
    result = lint(linters, docx("", body_after=after, extra={"word/_rels/document.xml.rels": rels, "word/chunk.rtf": b"{\\rtf1 x}"}), "draft.docx")
    assert any("NOT checked" in n and "chunk.rtf" in n for n in result.notices)


def test_word_footnotes_are_shown_not_silently_skipped(linters):
    notes = (f'<?xml version="1.0"?><w:footnotes xmlns:w="{W_NS}"><w:footnote w:id="0"/><w:footnote w:id="1"><w:p><w:r>'
             "<w:t>Parties may treat this offence as political.</w:t></w:r></w:p></w:footnote></w:footnotes>")
    result = lint(linters, docx("", extra={"word/footnotes.xml": notes}), "draft.docx")
    assert any("1 footnote (7 words) shown under Notes" in n for n in result.notices), result.notices
    assert "[fn 1: Parties may treat this offence as political.]" in result.document.text


# -- PDF ------------------------------------------------------------------------------------

from pdf_build import make_pdf, text_lines  # noqa: E402  (tests/ is on the path, as for drafts_util)


def pdf_draft(hidden_line, ocg_off: bool = False, before: str = "") -> bytes:
    lines = ["Article 1", OFFENCE, hidden_line, "done.", "Article 2", "This Convention enters into force on signature."]
    return make_pdf([before + text_lines(lines, size=7, leading=9)], ocg_off=ocg_off)


@pytest.mark.parametrize("hidden_line, ocg_off", [
    (("3 Tr", HIDE, "0 Tr"), False),
    (("7 Tr", HIDE, "0 Tr"), False),
    (("1 g", HIDE, "0 g"), False),
    (("1 1 1 rg", HIDE, "0 0 0 rg"), False),
    (("0 0 0 0 k", HIDE, "0 0 0 1 k"), False),
    (("/F1 0.4 Tf", HIDE, "/F1 7 Tf"), False),
    (("/OC /OC1 BDC", HIDE, "EMC"), True),
])
def test_pdf_hidden_text_never_mitigates(linters, hidden_line, ocg_off):
    # (tiny type is a paragraph of its own to the layout reader when it is included)
    assert_hidden_never_counts(linters, pdf_draft(hidden_line, ocg_off), "draft.pdf", "on page 1", own_block="Tf" in hidden_line[0])


def test_pdf_text_off_the_page_never_mitigates(linters):
    data = make_pdf([text_lines(["Article 1", OFFENCE + "."], size=7) + f"\nBT /F1 7 Tf 2000 -500 Td ({HIDE}) Tj ET\n"
                     + text_lines(["Article 2", "This Convention enters into force on signature."], y=600, size=7)])
    result = lint(linters, data, "draft.pdf")
    assert severity(result) == "error" and hidden_findings(result)
    assert HIDE not in result.document.text


def test_pdf_layer_that_is_on_is_read(linters):
    result = lint(linters, pdf_draft(("/OC /OC1 BDC", HIDE, "EMC"), ocg_off=False), "draft.pdf")
    assert HIDE in result.document.text and not hidden_findings(result)


def test_pdf_white_text_on_a_dark_box_is_read(linters):
    result = lint(linters, pdf_draft(("1 g", HIDE, "0 g"), before="0 g 0 0 612 792 re f\n"), "draft.pdf")
    assert HIDE in result.document.text and not hidden_findings(result)


def test_pdf_rotated_text_and_form_xobjects_are_read(linters):
    """Layout extraction drops both; the plain extraction keeps them, and the page says so."""
    rotated = "q 0 1 -1 0 500 100 cm " + text_lines(["Each Party shall establish as criminal offences acts of extremism."], y=100, size=7) + " Q"
    data = make_pdf([text_lines(["Article 1", "Each Party shall cooperate."], size=7), rotated + "\n/Fm1 Do"],
                    form=text_lines(["Article 2", "Each Party shall criminalise separatism."], y=300, size=7))
    result = lint(linters, data, "draft.pdf")
    assert "acts of extremism" in result.document.text and "criminalise separatism" in result.document.text
    assert any("read in plain text order" in n for n in result.notices)
    assert any(f.rule_id.startswith("vague-offence") for f in result.findings)


def test_pdf_form_xobject_on_a_dense_page_is_read(linters):
    """Found by the container fuzzing: layout extraction dropped a sentence drawn from a Form
    XObject on a full page, and eight lost words stayed under the 2%-of-the-page threshold, so the
    offence was never read. A run of three or more lost words now sends the page to plain order."""
    filler = [f"Article {n}" if n % 3 == 0 else f"Each Party shall cooperate with the other Parties in matter {n} under this Convention."
              for n in range(1, 75)]
    data = make_pdf([text_lines(filler, x=60, y=750, leading=9, size=7) + "\n/Fm1 Do"],
                    form=text_lines(["Each Party shall establish as criminal offences acts of extremism."], x=60, y=40, size=7))
    result = lint(linters, data, "draft.pdf")
    assert "acts of extremism" in result.document.text
    assert any("read in plain text order" in n for n in result.notices)
    assert any(f.rule_id.startswith("vague-offence") for f in result.findings)


def test_pdf_landscape_page_is_read(linters):
    data = make_pdf([text_lines(["Article 1", "Each Party shall establish as criminal offences acts of extremism."], size=7)], rotate=90)
    result = lint(linters, data, "draft.pdf")
    assert "acts of extremism" in result.document.text


# -- Akoma Ntoso ----------------------------------------------------------------------------


def test_akoma_ntoso_attachments_and_components_are_read(linters):
    ns = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
    article = '<article eId="{e}"><num>{n}</num><paragraph eId="{e}__p"><content><p>{t}</p></content></paragraph></article>'
    doc = (f'<akomaNtoso xmlns="{ns}"><act name="x"><meta/><body>'
           + article.format(e="art_1", n="Article 1", t="Each Party shall cooperate.")
           + '<authorialNote eId="n1"><p>A note.</p></authorialNote></body>'
           + '<attachments><attachment><doc name="annex"><mainBody>'
           + article.format(e="annex_art_1", n="Article 2", t="Each Party shall establish as criminal offences acts of extremism.")
           + '</mainBody></doc></attachment></attachments>'
           + '<components><component><doc name="protocol"><mainBody>'
           + article.format(e="prot_art_1", n="Article 3", t="Each Party shall criminalise separatism.")
           + '</mainBody></doc></component></components></act></akomaNtoso>')
    result = lint(linters, doc.encode(), "draft.akn")
    assert "acts of extremism" in result.document.text and "criminalise separatism" in result.document.text
    assert any("2 attached documents" in n for n in result.notices) and any("1 note shown under Notes" in n for n in result.notices)
    assert {f.eid for f in result.findings if f.rule_id.startswith("vague-offence")} >= {"annex_art_1__p"}


def test_pdf_absurd_operands_are_read_quietly(linters):
    huge = "9" * 30  # (pypdf refuses longer numbers itself, with one clear line)
    content = f"{huge} Tr 1e400 g {huge} 0 0 {huge} 0 0 cm /X {huge} Td " + text_lines(["Article 1", "Each Party shall cooperate."], size=7)
    from treatylint.errors import InputError

    try:
        lint(linters, make_pdf([content]), "draft.pdf")
    except InputError as exc:  # (here: the giant matrix puts every word off the page)
        assert str(exc).startswith("draft.pdf: ") and "\n" not in str(exc)


def test_pdf_annotations_are_shown_never_read(linters):
    from pdf_build import with_annotation

    data = with_annotation(make_pdf([text_lines(["Article 1", OFFENCE + "."], size=7, leading=9)]), HIDE)
    result = lint(linters, data, "draft.pdf")
    assert f"[comment 1: {HIDE}]" in result.document.text and severity(result) == "error"  # shown, never read
    assert any("1 annotation (6 words" in n and "shown under Notes" in n for n in result.notices), result.notices


def test_markdown_comment_beside_a_suppression_marker_stays_hidden(linters):
    """Found by the hidden-text fuzzing: a comment line that starts with treatylint's marker was
    kept whole as the marker's line, so a second comment on it ("<!-- ... --><!-- with intent to
    incite imminent violence -->") was read as draft text and mitigated the finding below."""
    data = (f"<!-- treatylint: ignore[vague-offence] agreed --><!-- {HIDE} -->\n# Article 1\n\n{OFFENCE}.\n\n"
            "# Article 2\n\nThis Convention enters into force on signature.\n").encode()
    result = lint(linters, data, "draft.md")
    assert HIDE not in result.document.text
    assert severity(result) == "error" and hidden_findings(result)


def test_pdf_one_word_drawn_from_a_form_over_other_text_is_read(linters):
    """Layout extraction drops text drawn from a Form XObject; one word of it (here drawn at the
    very spot of another word, so the page shows the two overprinted) was below the three-word
    run that sent a page to plain order, and was lost without a notice. Any letter layout mode
    loses now sends the page to plain order."""
    page = text_lines(["Article 1", "Each Party shall establish as criminal offences acts of terrorism."], size=7)
    word = "BT /F1 7 Tf 72 704 Td (                                                extremism) Tj ET"
    result = lint(linters, make_pdf([page + "\n/Fm1 Do"], form=word), "draft.pdf")
    assert "extremism" in result.document.text
    assert any("read in plain text order" in n for n in result.notices)


def test_pdf_page_whose_modes_differ_only_in_spaces_stays_in_layout_order(linters):
    """The two extraction modes place spaces differently on honest pages (here a word drawn in
    two pieces with a kerning gap): no letter is lost, so the page keeps layout order, quietly."""
    page = text_lines(["Article 1", ("", "Each Party shall crimi", "5 0 Td (nalise separatism.) Tj -5 0 Td")], size=7)
    result = lint(linters, make_pdf([page]), "draft.pdf")
    assert not any("read in plain text order" in n for n in result.notices)
    assert "Article 1" in result.document.text


def test_pdf_two_strings_drawn_at_the_same_spot_are_both_read(linters):
    """Overprinting in the page's own content: a second string drawn where the first one is.
    A reader sees the two on top of each other; both are read (pypdf's layout mode puts the
    second after the first on the line), so neither can hide the other."""
    page = text_lines(["Article 1", "Each Party shall take measures against terrorism."], size=7)
    over = "BT /F1 7 Tf 72 704 Td (Each Party shall criminalise extremist separatism.) Tj ET"
    result = lint(linters, make_pdf([page + "\n" + over]), "draft.pdf")
    text = " ".join(result.document.text.split())
    assert "against terrorism" in text and "criminalise extremist separatism" in text
    assert any(f.rule_id.startswith("vague-offence") for f in result.findings)


def test_hidden_text_spends_no_option_readings(linters):
    """A piece of hidden text is reported as a warning in its article; that warning must not make
    the article's lone brackets worth reading option by option (a text-integrity finding is about
    the file, not the wording): it spent the extra readings there and left the next article's
    bracket unread, so a finding lost its "If `[extremist]` is retained" (the hidden-text
    property found a white PDF line that cost another article a finding the same way)."""
    from drafts_util import BRACKETED_ITEMS, BRACKETED_OFFENCE, draft

    lines = draft(BRACKETED_ITEMS, BRACKETED_OFFENCE).split("\n")
    page = lambda tail: ("<!DOCTYPE html><html><body>" + "".join(  # noqa: E731
        f"<p>{line}{tail if line.startswith('1. ') else ''}</p>" for line in lines if line) + "</body></html>").encode()
    plain = lint(linters, page(""), "draft.html")
    hidden = lint(linters, page(f'<span style="display:none"> {HIDE}</span>'), "draft.html")
    assert [f.provision for f in hidden_findings(hidden)] == ["Article 1"]
    drafting = lambda result: [(f.rule_id, f.provision, f.severity.value, f.message)  # noqa: E731
                               for f in result.findings if f.category != "text-integrity"]
    assert any(message.startswith("If `[extremist]` is retained") for *_, message in drafting(plain))
    assert drafting(hidden) == drafting(plain)
