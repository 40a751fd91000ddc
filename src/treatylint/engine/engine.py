"""The rule engine: compiles a rule set once, then checks classified documents with it.

``Engine.check`` classifies the draft, builds its context (definitions, cross-references,
safeguards articles) and hands each rule to the module of its kind (``rule_kinds/``: presence,
absence, document, check) with a ``DocumentRun`` (``run.py``: the texts rules match, cached
sentences and pattern hits). Findings are built in ``finding.py``, mitigation is ``mitigation.py``.
spaCy runs only on provisions that have a candidate or that token-pattern rules must see.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from treatylint.document.model import Document
from treatylint.engine.context import DocumentContext
from treatylint.engine.kinds.classifier import Classifier
from treatylint.engine.prefilter import LazyRegex, Literals, required_literals
from treatylint.rulepack.regex_analysis import alternative_literals
from treatylint.engine.rule_kinds import KINDS
from treatylint.engine.run import MAX_EXCERPT, DocumentRun, Span, excerpt
from treatylint.findings import Finding
from treatylint.nlp.pipeline import Pipeline
from treatylint.rulepack.loader import LoadedRule
from treatylint.rulepack.patterns import RegexBudget, lazy_pattern, pattern_branches
from treatylint.rulepack.schema import (
    Aggravator,
    Mitigation,
    Pattern,
    Requirement,
    Rule,
)

_excerpt = excerpt  # the name tests use
__all__ = ["MAX_EXCERPT", "CompiledRule", "Engine", "Span", "_excerpt"]


@dataclass
class _Compiled:
    """A pattern's regex and (once a pipeline is loaded) its spaCy Matcher key."""

    regex: re.Pattern[str] | LazyRegex | None  # compiled on first use; mostly its folded twin runs
    tokens: list[list[dict]]
    key: str

    @classmethod
    def of(cls, pattern: Pattern, key: str) -> "_Compiled":
        return cls(lazy_pattern(pattern), list(pattern.tokens), key)


@dataclass
class CompiledRule:
    loaded: LoadedRule
    trigger: _Compiled | None
    mitigations: list[tuple[Mitigation, _Compiled]]
    requirements: list[tuple[Requirement, _Compiled]]
    mentions: _Compiled | None = None
    aggravators: list[tuple[Aggravator, _Compiled]] = field(default_factory=list)
    displacers: dict[int, _Compiled] = field(default_factory=dict)  # requirement index -> pattern

    @property
    def rule(self) -> Rule:
        return self.loaded.rule

    @property
    def kind(self) -> str:
        """presence, absence, document or check (the rule's ``extends``): which module runs it."""
        return self.loaded.rule.kind

    def patterns(self) -> list[_Compiled]:
        own = [p for p in (self.trigger, self.mentions) if p is not None]
        return (
            own
            + [c for _, c in self.mitigations]
            + [c for _, c in self.requirements]
            + [c for _, c in self.aggravators]
            + list(self.displacers.values())
        )

    @property
    def uses_tokens(self) -> bool:
        return any(p.tokens for p in self.patterns())


class Engine:
    def __init__(
        self,
        rules: list[LoadedRule],
        classifier: Classifier,
        pipeline: Callable[[], Pipeline] | None = None,
    ) -> None:
        self.classifier = classifier
        self._pipeline_factory = pipeline
        self._pipeline: Pipeline | None = None
        self._matcher = None
        self.notices: list[str] = []
        # id(pattern) -> its regex, for the rules' if_title_mentions (their patterns live as long
        # as the engine; DocumentRun._title_search)
        self.title_regexes: dict[int, object] = {}
        self._rule_words: tuple[Literals, frozenset[str]] | None = None
        self.scanned: dict[str, int] = {}  # pattern source -> characters searched whole (DocumentRun._probe)
        self.rules: list[CompiledRule] = []
        for loaded in rules:
            rule = loaded.rule
            self.rules.append(
                CompiledRule(
                    loaded,
                    _Compiled.of(rule.match, f"{rule.id}#match") if rule.match else None,
                    [(m, _Compiled.of(m, f"{rule.id}#unless{i}")) for i, m in enumerate(rule.unless)],
                    [(r, _Compiled.of(r, f"{rule.id}#require{i}")) for i, r in enumerate(rule.require)],
                    _Compiled.of(rule.scope.mentions, f"{rule.id}#mentions") if rule.scope.mentions else None,
                    [(a, _Compiled.of(a, f"{rule.id}#aggravate{i}")) for i, a in enumerate(rule.aggravate)],
                    {
                        i: _Compiled.of(r.displaced_by, f"{rule.id}#displaced{i}")
                        for i, r in enumerate(rule.require)
                        if r.displaced_by is not None
                    },
                )
            )
        self._token_rules = [r for r in self.rules if r.uses_tokens]

    @property
    def rule_words(self) -> tuple[Literals, frozenset[str]]:
        """The required words of every rule pattern and of each of its alternatives, in one
        automaton (``prefilter.Literals``), and the pattern sources they come from: a provision
        is read once for all of them (``DocumentRun._may_match``). Built on the first draft
        checked: a run answered from the cache never needs it."""
        if self._rule_words is None:
            sources = frozenset(c.regex.pattern for r in self.rules for c in r.patterns() if c.regex is not None)
            words = set()
            for source in sources:
                required, ways = alternative_literals(source)
                for each in (required, *(ways or ())):
                    for alternatives in each or ():
                        words.update(alternatives)
            # and those of each alternative of a rule's if_document_mentions (document_in_scope)
            for r in self.rules:
                mentions = r.rule.scope.if_document_mentions
                for branch in pattern_branches(mentions) if mentions is not None else ():
                    for alternatives in required_literals(branch) or ():
                        words.update(alternatives)
            self._rule_words = (Literals(words), sources)
        return self._rule_words

    # -- pipeline -----------------------------------------------------------------------------

    @property
    def pipeline(self) -> Pipeline | None:
        if self._pipeline is None and self._pipeline_factory is not None:
            self._pipeline = self._pipeline_factory()
            self._build_matcher()
        return self._pipeline

    def _build_matcher(self) -> None:
        from spacy.matcher import Matcher

        assert self._pipeline is not None
        pipeline = self._pipeline
        matcher = Matcher(pipeline.nlp.vocab)
        usable: list[CompiledRule] = []
        for compiled in self._token_rules:
            missing = pipeline.lacks(_token_needs(compiled))
            if missing:
                self.notices.append(
                    f"rule {compiled.rule.id} skipped: the pipeline {pipeline.name!r} does not provide "
                    f"{', '.join(sorted(missing))} (use --model with a trained pipeline)"
                )
                continue
            for pattern in compiled.patterns():
                if pattern.tokens:
                    matcher.add(pattern.key, pattern.tokens)
            usable.append(compiled)
        skipped = {id(c) for c in self._token_rules} - {id(c) for c in usable}
        self.rules = [r for r in self.rules if id(r) not in skipped]
        self._token_rules = usable
        self._matcher = matcher

    # -- checking -----------------------------------------------------------------------------

    def check(self, document: Document, verbose: bool = False) -> list[Finding]:
        # one time budget for a pack's patterns over this draft: its kind cues and its rules
        budget = RegexBudget(document.path, len(document.text))
        with budget:
            self.classifier.classify(document, budget)
            run = DocumentRun(self, document, DocumentContext.build(document))
            findings = [f for compiled in self.rules for f in KINDS[compiled.kind](run, compiled)]
        if not verbose:
            findings = [f for f in findings if not f.suppressed]
        findings.sort(key=Finding.sort_key)
        return findings


_TRAINED_ATTRIBUTES = frozenset({"LEMMA", "POS", "TAG", "DEP", "MORPH"})


def _token_needs(compiled: CompiledRule) -> set[str]:
    """What every token pattern the Matcher is given for a rule needs from the pipeline:
    ``Rule.pipeline_needs`` does not look at ``scope.mentions``, and spaCy raises (E155) on a
    LEMMA pattern in a pipeline without a lemmatizer instead of matching nothing."""
    needs = set(compiled.rule.pipeline_needs)
    for pattern in compiled.patterns():
        for token_pattern in pattern.tokens:
            for token in token_pattern:
                needs |= {str(key).upper() for key in token} & _TRAINED_ATTRIBUTES
    return needs
