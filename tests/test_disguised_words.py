"""Disguised words are still read (issue 15): the rules match on a normalised view of the text
and report positions in the original."""

from __future__ import annotations

import pytest

from treatylint.document.normalize import mixed_script_words, normalise

TITLE = "Draft Convention on Information Crimes\n\n"
VAGUE = "vague-offence/undefined-political-term"


def article(body: str) -> str:
    return f"{TITLE}Article 1\nOffences\n\n{body}\n\nArticle 2\nEntry into force\n\nThis Convention enters into force on signature.\n"


@pytest.mark.parametrize("word", [
    "extr\u0435mist",  # Cyrillic small ie
    "\u0435xtremist",
    "extremi\u03c2t".replace("\u03c2", "s"),  # control: plain
    "extr\u00ademist",  # soft hyphen
    "extr\u2062emist",  # invisible times
    "extr\u034femist",  # combining grapheme joiner
    "extr\ufe0femist",  # variation selector
    "extr\U000e0041emist",  # tag character
    "extr\u200bemist",
    "extr\u2060emist",
    "\uff45xtremist",  # fullwidth e
])
def test_disguised_word_is_read(linter, word):
    text = article(f"Each Party shall criminalise the dissemination of {word} materials.")
    result = linter.check_text(text, "draft.txt")
    flagged = [f for f in result.findings if f.rule_id == VAGUE]
    assert flagged, [f.rule_id for f in result.findings]
    start = text.index(word)
    assert flagged[0].start == start and text[flagged[0].start : flagged[0].end].startswith(word[:2])
    line = text.count("\n", 0, start) + 1
    assert (flagged[0].line, flagged[0].column) == (line, start - text.rfind("\n", 0, start))


def test_ligature_does_not_lose_the_article(linter):
    """"oﬀence" (U+FB00): the article is still an offence, and every finding comes back."""
    plain = article("Each Party shall establish as a criminal offence the dissemination of extremist materials.")
    ligature = plain.replace("offence", "o\ufb00ence")
    ids = lambda text: sorted(f.rule_id for f in linter.check_text(text, "d.txt").findings)  # noqa: E731
    assert ids(ligature) == ids(plain) and "content-crime/expression-offence" in ids(plain)


def test_line_end_hyphenation_is_joined_and_lines_kept(linter):
    text = article("Each Party shall criminalise the\ndissemination of ex-\ntremist materials.")
    result = linter.check_text(text, "draft.txt")
    flagged = [f for f in result.findings if f.rule_id == VAGUE]
    assert [(f.line, f.column) for f in flagged] == [(7, 18)]  # where "ex-" is, on the draft's own line
    assert result.document.provisions[0].end <= text.index("Article 2")
    assert result.document.text == text  # the document handed to reporters is the draft's own text


def test_inline_suppression_lines_survive_normalisation(linter):
    text = article("#! treatylint: ignore[vague-offence] agreed\nEach Party shall criminalise crimi-\nnal ex\u00adtremist speech.")
    result = linter.check_text(text, "draft.txt")
    assert all(f.waived for f in result.findings if f.rule_id == VAGUE)


def test_mixed_script_word_is_reported(linter):
    text = article("Each Party shall criminalise the dissemination of extr\u0435mist materials.")
    result = linter.check_text(text, "draft.txt")
    mixed = [f for f in result.findings if f.rule_id == "text-integrity/mixed-script-word"]
    assert len(mixed) == 1 and "U+0435" in mixed[0].message and text[mixed[0].start : mixed[0].end] == "extr\u0435mist"


def test_other_scripts_are_left_alone():
    text = "The Russian \u00ab\u043f\u0440\u0435\u0441\u0442\u0443\u043f\u043b\u0435\u043d\u0438\u0435\u00bb and Greek \u03ad\u03b3\u03ba\u03bb\u03b7\u03bc\u03b1 stay."
    assert normalise(text).text == text.replace("\u00ab", "\u00ab")
    assert not list(mixed_script_words(text))


def test_footnote_marks_never_join_a_word():
    assert normalise("materials\u00b2 and \u00bd").text == "materials\u00b2 and \u00bd"


@pytest.mark.parametrize("fmt, data", [
    ("md", "# Article 1\n\nEach Party shall criminalise extr&shy;emist and extre**mi**st materials.\n"),
    ("html", "<h2>Article 1</h2><p>Each Party shall criminalise extr&shy;emist materials.</p>"),
])
def test_markup_disguises_are_read(linter, fmt, data):
    result = linter.check_bytes(data.encode(), f"draft.{fmt}")
    assert [f for f in result.findings if f.rule_id == VAGUE]


def test_offsets_map_both_ways():
    text = "a\u200bb o\ufb00ence crimi-\nnal \u0435xtra"
    view = normalise(text)
    assert view.text == "ab offence criminal\n extra"
    for offset in range(len(text) + 1):
        assert 0 <= view.from_original(offset) <= len(view.text)
    last = -1
    for offset in range(len(view.text) + 1):
        mapped = view.to_original(offset)
        assert mapped >= last and 0 <= mapped <= len(text)
        last = mapped
    assert view.to_original(view.text.index("offence")) == text.index("o\ufb00ence")
    assert view.to_original(view.text.index("offence") + 7, end=True) == text.index("o\ufb00ence") + 6


def test_nothing_to_undo_costs_no_copy():
    text = article("Each Party shall cooperate.")
    view = normalise(text)
    assert view.text is text and not view.changed


def _docx(paragraphs: list[str]) -> bytes:
    from drafts_util import word_document

    return word_document(paragraphs)


@pytest.mark.parametrize("fmt", ["docx", "html", "md"])
def test_zero_width_space_inside_a_word_of_a_marked_up_draft(linter, fmt):
    """Found by the disguise fuzzing: the Word, HTML and Markdown readers turned U+200B into a
    space, so "A\u200brticle 2" was no heading (its offence joined Article 1) and
    "extre\u200bmist" two words no rule knows. A reader sees neither space."""
    paragraphs = ["Article 1", "Each Party shall cooperate.", "A\u200brticle 2",
                  "Each Party shall criminalise the dissemination of extre\u200bmist materials."]
    data = {"docx": lambda: _docx(paragraphs),
            "html": lambda: ("<html><body>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>").encode(),
            "md": lambda: "\n\n".join(paragraphs).encode()}[fmt]()
    result = linter.check_bytes(data, f"draft.{fmt}")
    assert [p.label for p in result.document.provisions] == ["Article 1", "Article 2"]
    assert any(f.rule_id == VAGUE and f.provision == "Article 2" for f in result.findings), [f.rule_id for f in result.findings]


def test_a_thousand_disguised_words_are_reported_fifty_times_and_counted(linter):
    """Check rules are capped per provision as phrase rules are (found by the disguised-words
    worst shape: 25,000 mixed-script findings made a 55 MB JSON report of a 2 MB draft); the
    disguise is still reported, and a notice counts the places not listed."""
    text = article(" ".join(f"Clause {n} concerns the extr\u0435mist file." for n in range(1_000)))
    result = linter.check_text(text, "draft.txt")
    mixed = [f for f in result.findings if f.rule_id == "text-integrity/mixed-script-word"]
    assert len(mixed) == 50 and mixed[0].provision == "Article 1"
    assert any("mixed-script-word is reported for the first 50 places only; 950 more" in n for n in result.notices)


def test_the_view_of_a_draft_with_an_edit_on_every_line_stays_compact():
    """Counted, not timed: a line-end hyphen on every line makes an edit per line, and the view
    kept each as a tuple of ints plus a slice of the text (~340 bytes an edit: 1.7 GB for the
    50 MB worst shape); it now keeps the normalised text and four integer columns."""
    import tracemalloc

    text = "Each Party shall crimi-\nnalise the dissemi-\nnation of data.\n" * 20_000
    tracemalloc.start()
    view = normalise(text)
    retained = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert len(view._edits) == 40_000 and "criminalise" in view.text
    assert retained - len(view.text) < 40 * 40_000
    offset = text.index("dissemi", 10_000)
    assert view.to_original(view.from_original(offset)) == offset


def test_disguised_word_spends_no_option_readings(linter):
    """A mixed-script word is reported as a warning in its article; that warning must not make the
    article's lone brackets worth reading option by option, or the next article's bracket is
    left unread and its finding loses its condition (triage/options.py; the same class the
    hidden-text property found with a white PDF line)."""
    from drafts_util import BRACKETED_ITEMS, BRACKETED_OFFENCE, draft

    plain = draft(BRACKETED_ITEMS, BRACKETED_OFFENCE)
    disguised = plain.replace("matters of item 1.", "matters of it\u0435m 1.")
    before, after = linter.check_text(plain, "draft.txt"), linter.check_text(disguised, "draft.txt")
    assert [f.provision for f in after.findings if f.rule_id == "text-integrity/mixed-script-word"] == ["Article 1"]
    drafting = lambda result: [(f.rule_id, f.provision, f.severity.value, f.message)  # noqa: E731
                               for f in result.findings if f.category != "text-integrity"]
    assert any(message.startswith("If `[extremist]` is retained") for *_, message in drafting(before))
    assert drafting(after) == drafting(before)


def test_a_word_broken_at_a_line_end_with_an_invisible_character_in_its_second_half(linter):
    """Found by the long run of the disguised-words property (2026-12-08): "as-" / "sista\u200cnce"
    was joined only up to the invisible character, so the line break moved into the word
    ("assista" / "nce") and the rules read neither half; the article lost a refusal-grounds error."""
    assert normalise("May deny as-\nsista\u200cnce to it.").text == "May deny assistance\n to it."
    text = article("Each Party shall criminalise the dissemination of extre-\nmi\u200bst materials.")
    assert any(f.rule_id == VAGUE for f in linter.check_text(text, "draft.txt").findings)
