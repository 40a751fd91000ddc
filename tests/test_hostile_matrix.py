"""Issue 15's classes in the formats the earlier tests left out (the class x format matrix in
docs/security.md names, for each cell, the test that holds it): disguised words in PDF and
Akoma Ntoso, a word or sentence wrapped under a PDF heading, hidden text in an Akoma Ntoso
comment, inline suppressions in Word and PDF files, the results cache and ``--include-hidden``
in every format with hidden text, and a planted config beside a non-text draft."""

from __future__ import annotations

import json

import pytest

from drafts_util import cli
from drafts_util import word_document as word
from pdf_build import make_pdf, text_lines
from test_hidden_text import HIDE, OFFENCE, RULE, docx, html, pdf_draft, run

from treatylint.document.normalize import normalise
from treatylint.run.linter import Linter
from treatylint.settings import Settings

VAGUE = "vague-offence/undefined-political-term"
AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
OFFENCE_2 = "Each Party shall criminalise the dissemination of extremist materials."


@pytest.fixture(scope="module")
def linter():
    return Linter(Settings())


def verdicts(result) -> list[tuple[str, str | None, str]]:
    """What the findings conclude (text-integrity findings report the disguise itself)."""
    return sorted((f.rule_id, f.provision, f.severity.value) for f in result.findings
                  if not f.suppressed and f.category != "text-integrity")


def akn(first: str, second: str = "This Convention enters into force on signature.") -> bytes:
    article = '<article eId="{e}"><num>{n}</num><paragraph eId="{e}__p"><content><p>{t}</p></content></paragraph></article>'
    return (f'<akomaNtoso xmlns="{AKN_NS}"><act name="x"><meta/><body>'
            + article.format(e="art_1", n="Article 1", t=first) + article.format(e="art_2", n="Article 2", t=second)
            + "</body></act></akomaNtoso>").encode()


# -- disguised words ------------------------------------------------------------------------


@pytest.mark.parametrize("disguised", [
    "extr\u0435mist",  # a Cyrillic small ie
    "extr\u200bemist",  # a zero-width space
    "extr&#173;emist",  # a soft hyphen, as a character reference
    "extr&#x2062;emist",  # INVISIBLE TIMES
])
def test_disguised_words_in_akoma_ntoso_are_read(linter, disguised):
    plain = linter.check_bytes(akn(OFFENCE_2), "draft.akn")
    result = linter.check_bytes(akn(OFFENCE_2.replace("extremist", disguised)), "draft.akn")
    assert any(f.rule_id == VAGUE for f in plain.findings)
    assert verdicts(result) == verdicts(plain)


@pytest.mark.parametrize("lines", [
    ["Each Party shall criminalise the dissemination of extre\xadmist materials."],  # a soft hyphen in the word
    ["Each Party shall criminalise the dissemination of extre-", "mist materials and of other things alike."],
    ["Each Party shall criminalise the dissemination of", "extremist materials and of other things alike."],
])
def test_disguised_and_wrapped_words_in_pdf_are_read(linter, lines):
    """The first line under a PDF article heading was taken for the article's caption when it
    was short, so "... of extre-" / "mist materials" (and a sentence wrapped between two whole
    words) became two paragraphs: neither the word nor the sentence was read whole."""
    data = make_pdf([text_lines(["Article 1", "Each Party shall cooperate.", "Article 2", *lines], size=10, leading=12)])
    result = linter.check_bytes(data, "draft.pdf")
    assert "dissemination of extremist materials" in " ".join(normalise(result.document.text).text.split())
    assert any(f.rule_id == VAGUE and f.provision == "Article 2" for f in result.findings), verdicts(result)


@pytest.mark.parametrize("word, code, char", [
    ("o\x8fence", 0x8F, "\ufb00"),  # a ligature, as honest typesetting draws "ff"
    ("extr\x90mist", 0x90, "\u0435"),  # a Cyrillic letter that looks Latin
])
def test_ligatures_and_look_alike_letters_in_pdf_are_read(linter, word, code, char):
    """The font's ToUnicode map says what a PDF's codes are: a ligature "ﬀ" in "offence" (the
    issue's example: the whole article lost every finding) or a Cyrillic "е" in "extremist"
    reaches the reader as that character, and the normalised view reads the word."""
    def pdf(text: str) -> bytes:
        lines = ["Article 1", text, "Article 2", "This Convention enters into force on signature."]
        return make_pdf([text_lines(lines, size=10, leading=12)], to_unicode={code: char})

    plain = linter.check_bytes(pdf(OFFENCE + "."), "draft.pdf")
    result = linter.check_bytes(pdf(OFFENCE.replace(normalise(word.replace(chr(code), char)).text, word) + "."), "draft.pdf")
    assert char in result.document.text  # the disguise is there, as drawn
    assert verdicts(result) == verdicts(plain) and any(f.provision == "Article 1" for f in result.findings)


def test_a_real_caption_under_a_pdf_heading_stays_a_caption(linter):
    data = make_pdf([text_lines(["Article 1", "Offences", "Each Party shall criminalise the dissemination of extremist materials."],
                                size=10, leading=12)])
    result = linter.check_bytes(data, "draft.pdf")
    assert result.document.provisions[0].caption == "Offences"


# -- hidden text ----------------------------------------------------------------------------


def test_akoma_ntoso_comment_never_mitigates_and_is_reported(linter):
    """An XML comment is no part of the act a reader sees: it neither mitigates nor suppresses,
    and it is reported as hidden text where it sits, as Markdown and HTML comments are
    (test_hidden_text.py); --include-hidden reads it."""
    plain = linter.check_bytes(akn(OFFENCE + "."), "draft.akn")
    commented_akn = akn(f"{OFFENCE}<!-- {HIDE} --><!-- treatylint: ignore[{RULE}] theirs -->.")
    commented = linter.check_bytes(commented_akn, "draft.akn")
    assert HIDE not in commented.document.text
    assert verdicts(commented) == verdicts(plain) and any(f.rule_id == RULE and f.severity.value == "error" for f in commented.findings)
    hidden = [f for f in commented.findings if f.rule_id == "text-integrity/hidden-text"]
    assert hidden and "an XML comment" in hidden[0].message and hidden[0].line is not None
    assert not [f for f in plain.findings if f.rule_id == "text-integrity/hidden-text"]
    read = Linter(Settings(include_hidden=True)).check_bytes(commented_akn, "draft.akn")
    assert HIDE in read.document.text


# -- inline suppressions in formats the user does not write -----------------------------------


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_inline_suppressions_in_word_and_pdf_count_only_when_configured(fmt):
    lines = ["Article 1", "Each Party shall cooperate.", "Article 2", f"#! treatylint: ignore[{VAGUE}] theirs", OFFENCE_2]
    data = word(lines) if fmt == "docx" else make_pdf([text_lines(lines, size=10, leading=12)])
    default = Linter(Settings()).check_bytes(data, f"draft.{fmt}")
    assert any(f.rule_id == VAGUE for f in default.findings)
    assert any("1 inline suppression ignored" in n for n in default.notices), default.notices
    chosen = Linter(Settings(inline_suppressions=["txt", "md", fmt])).check_bytes(data, f"draft.{fmt}")
    assert not [f for f in chosen.findings if f.rule_id == VAGUE and not f.waived]


def test_inline_suppression_in_akoma_ntoso_text_counts_by_default(linter):
    """Akoma Ntoso is written by hand like Markdown: a marker in its text counts (one in an XML
    comment is hidden text, test_akoma_ntoso_comment_never_mitigates_and_is_reported)."""
    marked = linter.check_bytes(akn(f"{OFFENCE_2} &lt;!-- treatylint: ignore[{VAGUE}] agreed --&gt;"), "draft.akn")
    assert [f.waived for f in marked.findings if f.rule_id == VAGUE] == [True]


# -- the results cache keeps what changes findings apart, in every format with hidden text ----


@pytest.mark.parametrize("name, data", [
    ("draft.html", html(f'<span style="display:none"> {HIDE}</span>')),
    ("draft.md", f"# Article 1\n\n{OFFENCE}<!-- {HIDE} -->.\n\n# Article 2\n\nThis Convention enters into force on signature.\n".encode()),
    ("draft.docx", docx(run("<w:vanish/>"))),
    ("draft.pdf", pdf_draft(("3 Tr", HIDE, "0 Tr"))),
    ("draft.akn", akn(f"{OFFENCE}<!-- {HIDE} -->.")),  # an XML comment is hidden text too
])
def test_cache_never_answers_include_hidden_with_a_run_without_it(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    base = ["check", "--isolated", "-f", "json", "--cache-dir", str(tmp_path / "cache"), name]

    def severities(result) -> list[str]:
        return sorted(f["severity"] for f in json.loads(result.stdout)["findings"] if f["rule_id"] == RULE)

    first = cli(*base, cwd=tmp_path)  # computed and kept
    hidden = cli(*base, "--include-hidden", cwd=tmp_path)
    fresh = cli(*base[:4], "--no-cache", name, "--include-hidden", cwd=tmp_path)
    assert severities(first) == ["error"]  # the hidden words do not count
    assert severities(hidden) == severities(fresh) == ["info"]  # analysed: they mitigate
    assert severities(cli(*base, cwd=tmp_path)) == ["error"]  # and the first run's entry still answers


# -- configuration the user can see -----------------------------------------------------------


def test_planted_config_beside_a_word_draft_is_named(tmp_path):
    drafts = tmp_path / "incoming"
    drafts.mkdir()
    (drafts / ".treatylint.yaml").write_text("ignore: [vague-offence]\n", encoding="utf-8")
    (drafts / "draft.docx").write_bytes(word(["Article 1", OFFENCE_2]))
    result = cli("check", "--no-cache", "incoming/draft.docx", cwd=tmp_path)
    assert "incoming/.treatylint.yaml applies to drafts checked here and ignores vague-offence" in result.stdout + result.stderr
