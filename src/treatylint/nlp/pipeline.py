"""The spaCy layer: a blank English pipeline with treaty-aware tokenization and sentences.

spaCy is imported here and nowhere else, and only when a draft must actually be analysed, so
``--help``, ``rules`` and ``explain`` start instantly.

The default needs no download. A trained pipeline is optional: ``--model en_core_web_sm`` or a
path to a saved pipeline. ``Pipeline.capabilities`` says which token attributes it really
provides (probed, not assumed), so rules that need lemmas or a parser can be skipped with a notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from treatylint.errors import UsageError
from treatylint.nlp.sentences import sentence_starts

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Abbreviations that end in a period but do not end a sentence in treaty text.
ABBREVIATIONS = (
    "Art.", "Arts.", "art.", "arts.", "para.", "paras.", "Para.", "No.", "Nos.", "no.", "nos.",
    "p.", "pp.", "e.g.", "i.e.", "cf.", "Cf.", "etc.", "Rev.", "Vol.", "vol.", "Doc.", "Res.",
    "Add.", "Corr.", "Mr.", "Ms.", "Dr.", "St.", "Inc.", "Ltd.", "Co.", "Nr.", "U.N.", "U.S.",
)


@dataclass
class Pipeline:
    nlp: "Language"
    name: str
    capabilities: frozenset[str]

    def lacks(self, needs: set[str]) -> set[str]:
        return set(needs) - self.capabilities


def _treaty_sentences(doc: "Doc") -> "Doc":
    starts = set(sentence_starts(doc.text))
    for token in doc[1:]:
        token.is_sent_start = token.idx in starts
    return doc


def _register_component() -> None:
    from spacy.language import Language

    if not Language.has_factory("treaty_sentences"):
        Language.component("treaty_sentences")(_treaty_sentences)


def load_pipeline(model: str | None = None) -> Pipeline:
    """The blank English pipeline, or the installed package / saved directory ``model``."""
    import spacy

    _register_component()
    if model is None:
        nlp = spacy.blank("en")
        name = "blank:en"
    else:
        try:
            nlp = spacy.load(model)
        except (OSError, IOError, ValueError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise UsageError(f"cannot load spaCy pipeline {model!r}: {first}") from None
        name = model
    for abbreviation in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
    if "treaty_sentences" not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("treaty_sentences", before="parser")
        else:
            nlp.add_pipe("treaty_sentences", last=True)
    return Pipeline(nlp, name, _probe(nlp))


def _probe(nlp: "Language") -> frozenset[str]:
    """Run the pipeline on a probe sentence and see which attributes it actually fills."""
    doc = nlp("The offences were committed intentionally by the persons concerned.")
    capabilities = {"ORTH", "LOWER", "TEXT", "IS_SENT_START"}
    if any(t.lemma_ and t.lemma_ != t.text for t in doc):
        capabilities.add("LEMMA")
    if any(t.pos_ for t in doc):
        capabilities.add("POS")
    if any(t.tag_ for t in doc):
        capabilities.add("TAG")
    if any(t.dep_ for t in doc):
        capabilities.add("DEP")
    if any(str(t.morph) for t in doc):
        capabilities.add("MORPH")
    return frozenset(capabilities)
