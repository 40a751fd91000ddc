"""Bracketed options read option by option (issue 13): a finding names the option it depends on.

The readings (document/options.py) are checked on their own; the findings (triage/options.py)
in .txt, .md and .docx drafts: a finding that only one option carries starts with that option,
a bracketed safeguard that cures only when kept says so, and findings every reading has are
left as they were.
"""

from __future__ import annotations


import pytest

from drafts_util import word_document
from treatylint.document.options import option_groups
from treatylint.run.linter import Linter
from treatylint.settings import Settings
from treatylint.triage.options import MAX_READINGS

GOOD = ("Each Party shall establish as a criminal offence, when committed intentionally and without right, "
        "the production of child sexual abuse material.")
BAD = "Each Party shall establish as a criminal offence the dissemination of extremist materials."
OPTIONS = f"[Option A: {GOOD}]\n[Option B: {BAD}]"
OFFENCE = ("Each Party shall adopt such legislative measures as may be necessary to establish as a criminal offence "
           "the dissemination of extremist materials[, with intent to incite imminent violence].")
SCOPE = "Offences"


@pytest.fixture(scope="module")
def linter():
    return Linter(Settings())


def _messages(result, rule_prefix: str = "") -> list[tuple[str, str]]:
    return [(f.severity.value, f.message) for f in result.findings if f.rule_id.startswith(rule_prefix)]


# -- the readings ----------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["[shall][may]", "[shall] [may]", "[shall] / [may]", "[shall] or [may]"])
def test_adjacent_brackets_are_alternatives(written):
    text = f"Each Party {written} establish offences."
    (group,) = option_groups(text, [])
    assert group.readings == 2
    shall, may = group.text_for(text, 0), group.text_for(text, 1)
    assert len(shall) == len(may) == len(text)
    assert " ".join(shall.split()) == "Each Party shall establish offences."
    assert " ".join(may.split()) == "Each Party may establish offences."
    assert group.describe(text, [0]) == "`[shall]` is retained"


def test_a_lone_bracket_is_kept_or_deleted():
    text = "investigations of any [serious] crime"
    (group,) = option_groups(text, [])
    assert [" ".join(group.text_for(text, c).split()) for c in (0, 1)] == [
        "investigations of any serious crime", "investigations of any crime"]
    assert group.describe(text, [1]) == "`[serious]` is deleted"


def test_labelled_options_on_their_own_lines_are_one_group_and_headings_notes_are_not_options():
    text = f"[Article 3 bis]\n[{SCOPE}]\n{OPTIONS.replace(chr(10), '***' + chr(10))}\n\nText.[fn 1: a note]\n"
    notes = [(text.index("[fn"), text.index("]", text.index("[fn")) + 1)]
    (group,) = option_groups(text, notes)
    assert [s.label for s in group.segments] == ["Option A", "Option B"]
    assert group.describe(text, [1]) == "Option B is chosen"


@pytest.mark.parametrize("text", ["the compounds [4,3a] [1,4] are listed", "a limit of [1 g/GJ = 3.6 mg/kWh] applies"])
def test_figures_in_brackets_are_not_alternatives(text):
    assert all(g.single for g in option_groups(text, []))


# -- findings, per format --------------------------------------------------------------------


def _draft(first: str) -> str:
    return f"Draft protocol\n\nArticle 1\n\n{SCOPE}\n\n{first}\n\nArticle 2\n\nEntry into force\n\nThis Protocol enters into force on signature.\n"


def test_txt_a_finding_only_one_option_carries_names_it(linter):
    result = linter.check_text(_draft(OPTIONS), "draft.txt")
    article = [(s, m) for s, m in _messages(result) if "Article 1" in m]
    assert {m.split(":")[0] for _, m in article} == {"If Option B is chosen"}
    assert ("error", next(m for _, m in article if "no intent element" in m)) in article
    assert any("option by option" in n for n in result.notices)
    # read all at once (as before), Option A's offence was judged without its own intent element
    assert not any("intent element" in m and f.start < result.document.text.index("[Option B")
                   for f in result.findings for m in [f.message])


def test_txt_a_bracketed_safeguard_cures_only_if_retained(linter):
    result = linter.check_text(_draft(OFFENCE), "draft.txt")
    content = _messages(result, "content-crime/expression-offence")
    kept, dropped = "If `[, with intent to incite imminent \u2026]` is retained: ", "If `[, with intent to incite imminent \u2026]` is deleted: "
    assert sorted((s, m[: len(kept if s == "info" else dropped)]) for s, m in content) == [("error", dropped), ("info", kept)]


def test_markdown_options_are_read_one_by_one(linter):
    body = f"# Draft protocol\n\n## Article 1 \u2013 {SCOPE}\n\n{OPTIONS}\n\n## Article 2\n\nThis Protocol enters into force on signature.\n"
    result = linter.check_bytes(body.encode(), "draft.md")
    content = _messages(result, "content-crime/expression-offence")
    assert content and all(m.startswith("If Option B is chosen: ") for _, m in content)


def test_word_options_are_read_one_by_one(linter):
    paragraphs = ["Article 1", SCOPE, *OPTIONS.split("\n"), "Article 2", "This Protocol enters into force on signature."]
    result = linter.check_bytes(word_document(paragraphs), "draft.docx")
    content = [f for f in result.findings if f.rule_id == "content-crime/expression-offence"]
    assert content and all(f.message.startswith("If Option B is chosen: ") for f in content)
    assert all(f.paragraph == 4 for f in content)  # Option B's paragraph


def test_readings_are_bounded(linter):
    letters = "abcdefghijklmnopqrstuvwxyz"
    many = " ".join(f"[term{letters[i]}a][term{letters[i]}b]" for i in range(MAX_READINGS))
    result = linter.check_text(_draft(f"The Parties shall cooperate on {many}."), "draft.txt")
    assert any("read with every option at once" in n for n in result.notices), result.notices
