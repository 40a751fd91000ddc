"""The NLP layer: treaty sentence boundaries, the blank default, and loading a saved pipeline."""

from __future__ import annotations

import textwrap

import pytest

from treatylint.errors import UsageError
from treatylint.nlp.pipeline import load_pipeline
from treatylint.nlp.sentences import sentence_spans


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_no_split_inside_abbreviations_and_markers():
    text = "1. Each Party shall apply Art. 5 and para. 2 of Convention No. 108, e.g. to data. The next one starts here."
    assert sentences(text) == [
        "1. Each Party shall apply Art. 5 and para. 2 of Convention No. 108, e.g. to data.",
        "The next one starts here.",
    ]


def test_list_items_are_their_own_units():
    text = "the following conduct:\n(a) the access; and\nb) the interception."
    assert sentences(text) == ["the following conduct:", "(a) the access; and", "b) the interception."]


def test_blank_pipeline_uses_treaty_sentences():
    pipeline = load_pipeline()
    assert pipeline.name == "blank:en"
    doc = pipeline.nlp("Under Art. 5 the Party acts. It also applies No. 108.")
    assert [s.text for s in doc.sents] == ["Under Art. 5 the Party acts.", "It also applies No. 108."]
    assert "LEMMA" not in pipeline.capabilities and "DEP" not in pipeline.capabilities


def build_lemma_pipeline(path):
    """A small pipeline that assigns lemmas through an attribute ruler, saved to disk."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    for word, lemma in [("offences", "offence"), ("criminalised", "criminalise"), ("were", "be")]:
        ruler.add([[{"LOWER": word}]], {"LEMMA": lemma})
    nlp.to_disk(path)
    return path


def test_saved_pipeline_loads_by_path_and_reports_lemmas(tmp_path):
    pipeline = load_pipeline(str(build_lemma_pipeline(tmp_path / "pipe")))
    assert "LEMMA" in pipeline.capabilities
    assert "treaty_sentences" in pipeline.nlp.pipe_names


def test_missing_pipeline_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="cannot load spaCy pipeline"):
        load_pipeline(str(tmp_path / "does-not-exist"))


LEMMA_RULE = """
id: custom/lemma-offence
category: vague-offence
severity: warning
message: 'Lemma rule matched "{match}".'
rationale: test
references: [ICCPR art. 15]
scope: {kinds: [offence]}
match:
  tokens: [[{LEMMA: criminalise}]]
docs: {flags: a, why: b, example: c, fix: d}
"""

DRAFT = "Have agreed as follows:\n\nArticle 1\nOffences\n\nActs shall be criminalised as criminal offences when committed intentionally and without right.\n"


def lint_with(tmp_path, model):
    from treatylint.run.linter import Linter
    from treatylint.settings import Settings

    rules = tmp_path / "rules"
    rules.mkdir(exist_ok=True)
    (rules / "lemma.yml").write_text(textwrap.dedent(LEMMA_RULE), encoding="utf-8")
    linter = Linter(Settings(rules=[rules], builtin=False, model=model))
    return linter, linter.check_text(DRAFT, "draft.txt")


def test_lemma_rule_is_skipped_with_notice_on_blank_pipeline(tmp_path):
    linter, result = lint_with(tmp_path, None)
    assert result.findings == []
    assert any("custom/lemma-offence skipped" in n and "LEMMA" in n for n in linter.notices)


def test_lemma_rule_runs_with_a_pipeline_that_has_lemmas(tmp_path):
    model = str(build_lemma_pipeline(tmp_path / "pipe"))
    linter, result = lint_with(tmp_path, model)
    assert [f.matched for f in result.findings] == ["criminalised"]
    assert not linter.notices
