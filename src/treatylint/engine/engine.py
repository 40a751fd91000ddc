"""The rule engine: runs compiled rules over a classified document and produces findings.

For each provision the engine (1) finds trigger words with one precompiled regex per rule —
a cheap prefilter —, (2) runs the spaCy pipeline only on provisions that have a candidate or
that token-pattern rules must see, (3) checks each candidate's scope (the kind of the clause it
sits in), its mitigations and, for absence rules, the required safeguard language, resolving
chapeaux, cross-references, general safeguards articles and definitions on the way.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from treatylint.document.model import Block, Document, Provision, ProvisionKind
from treatylint.engine.acts import ACT_KIND, DESCRIPTION, Act
from treatylint.engine.checks import CHECKS
from treatylint.engine.context import Definition, DocumentContext, _extent, read_roles
from treatylint.engine.kinds.classifier import Classifier, effective_kind
from treatylint.engine.prefilter import Prefilter, required_literals
from treatylint.findings import Finding, Severity
from treatylint.nlp.pipeline import Pipeline
from treatylint.nlp.sentences import sentence_spans
from treatylint.rulepack.loader import LoadedRule
from treatylint.rulepack.patterns import RegexBudget, compile_pattern, pattern_branches
from treatylint.rulepack.schema import (
    Aggravator,
    Mitigation,
    Pattern,
    Requirement,
    Rule,
)

MAX_EXCERPT = 400
MAX_DOWNGRADE = 2

Span = tuple[int, int]


@dataclass
class _Compiled:
    """A pattern's regex and (once a pipeline is loaded) its spaCy Matcher key."""

    regex: re.Pattern[str] | None
    tokens: list[list[dict]]
    key: str

    @classmethod
    def of(cls, pattern: Pattern, key: str) -> "_Compiled":
        return cls(compile_pattern(pattern), list(pattern.tokens), key)


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


# One rule, one provision: past this many sentences the report would only repeat itself (a
# machine-generated or hostile draft can hold the same clause a hundred thousand times).
MAX_FINDINGS_PER_PROVISION = 50


@dataclass
class _Analysed:
    """A provision's sentences and token-pattern hits, from one pass of the pipeline."""

    sentences: list[Span]
    token_hits: dict[str, list[Span]] = field(default_factory=dict)
    sentence_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sentence_starts = [start for start, _ in self.sentences]


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
            context = DocumentContext.build(document)
            run = _Run(self, document, context)
            findings = run.provision_findings() + run.document_findings() + run.check_findings()
        if not verbose:
            findings = [f for f in findings if not f.suppressed]
        findings.sort(key=Finding.sort_key)
        return findings


class _Run:
    """One document checked by one engine: caches the per-provision analysis."""

    def __init__(self, engine: Engine, document: Document, context: DocumentContext) -> None:
        self.engine = engine
        self.document = document
        self.context = context
        unwrapped = _unwrapped(document)
        # negotiating texts: "[, when committed intentionally,]" is only proposed, so a
        # safeguard or an element that absence rules require does not count inside brackets;
        # triggers read through the brackets ("in accordance with [other conventions]")
        self.required_text = _without_brackets(unwrapped)
        # two str.replace calls: the same text as translate(_BRACKETS_TO_SPACES), far faster
        # (a lone "]" is blanked too, as translate would)
        brackets = "[" in unwrapped or "]" in unwrapped
        self.text = unwrapped.replace("[", " ").replace("]", " ") if brackets else unwrapped
        # what reports quote; the text rules match reads defined terms by their role (below)
        self.shown = self.text
        if context.roles:
            self.text = read_roles(self.text, context.roles)
            self.required_text = read_roles(self.required_text, context.roles)
        self._analysed: dict[int, _Analysed] = {}
        self._flagged_definitions: set[tuple[str, int]] = set()
        self._mentions: dict[tuple[str, str], bool] = {}
        self._branch_hits: dict[str, bool] = {}  # document-mention alternatives searched so far
        # a region is searched once per pattern: thousands of findings in one long paragraph
        # share the same mitigation regions, and rescanning them made the run quadratic
        self._hits: dict[tuple[int, int, int, int, int], list[Span]] = {}
        self._block_starts: dict[int, list[int]] = {}
        self._prefilter: Prefilter | None = None  # the folded text, for exact literal prefilters
        self._operative = [p for p in document.provisions if p.kind != ProvisionKind.PREAMBLE]

    # -- legal acts (engine/acts.py) ----------------------------------------------------------

    def _act_for(self, rule: Rule, provision: Provision) -> Act | None:
        """An act in ``provision`` whose rules include ``rule``, when the provision's own kind is
        one the rule would not look at ("no silent sink"): an article classified ``other`` that
        still creates an offence gets the offence rules."""
        kinds = rule.scope.kinds
        if not kinds or not provision.acts or provision.kind in rule.scope.exclude_kinds:
            return None
        for act in provision.acts:
            if ACT_KIND[act.kind] in kinds:
                return act
        return None

    def _doubt(self, rule: Rule, provision: Provision, offset: int) -> Act | None:
        """The act that brought ``rule`` to a place whose kind it does not cover, if any."""
        kinds = rule.scope.kinds
        if not kinds or self.kind_at(provision, offset) in kinds:
            return None
        return self._act_for(rule, provision)

    # -- analysis -----------------------------------------------------------------------------

    def analyse(self, provisions: list[Provision]) -> None:
        """Sentence-split (and token-match) the given provisions in one batch through spaCy."""
        todo = [p for p in provisions if id(p) not in self._analysed]
        if not todo:
            return
        pipeline = self.engine.pipeline
        if pipeline is None:
            for provision in todo:
                body = self.text[provision.body_start : provision.end]
                self._analysed[id(provision)] = _Analysed(sentence_spans(body, provision.body_start))
            return
        nlp = pipeline.nlp
        matcher = self.engine._matcher
        bodies = [self.text[p.body_start : p.end] for p in todo]
        for provision, doc in zip(todo, nlp.pipe(bodies, batch_size=64)):
            base = provision.body_start
            sentences = []
            for sent in doc.sents:
                chunk = sent.text.rstrip()
                if chunk.strip():
                    sentences.append((base + sent.start_char, base + sent.start_char + len(chunk)))
            analysed = _Analysed(sentences)
            if matcher is not None and len(matcher):
                for match_id, start, end in matcher(doc):
                    key = nlp.vocab.strings[match_id]
                    span = doc[start:end]
                    analysed.token_hits.setdefault(key, []).append(
                        (base + span.start_char, base + span.end_char)
                    )
            self._analysed[id(provision)] = analysed

    def sentences(self, provision: Provision) -> list[Span]:
        self.analyse([provision])
        return self._analysed[id(provision)].sentences

    def hits(
        self,
        compiled: _Compiled,
        provision: Provision,
        start: int | None = None,
        end: int | None = None,
        text: str | None = None,
    ) -> list[Span]:
        """Spans in ``[start, end)`` (default: the provision body) matching a compiled pattern,
        in ``text`` (default: the matching text; absence rules pass the text without brackets)."""
        start = provision.body_start if start is None else start
        end = provision.end if end is None else end
        text = self.text if text is None else text
        key = (id(compiled), id(provision), start, end, id(text))
        cached = self._hits.get(key)
        if cached is None:
            cached = self._hits[key] = self._search(compiled, provision, start, end, text)
        return list(cached)

    def _search(self, compiled: _Compiled, provision: Provision, start: int, end: int, text: str) -> list[Span]:
        spans: list[Span] = []
        if compiled.regex is not None and self._folded().may_match_in(required_literals(compiled.regex.pattern), start, end):
            spans.extend(m.span() for m in compiled.regex.finditer(text, start, end) if m.end() > m.start())
        if compiled.tokens:
            self.analyse([provision])
            spans.extend(
                s for s in self._analysed[id(provision)].token_hits.get(compiled.key, []) if start <= s[0] < end
            )
        return sorted(set(spans))

    def present(
        self, compiled: _Compiled, regions: list[tuple[Provision, Span]], text: str | None = None
    ) -> Span | None:
        for provision, (start, end) in regions:
            found = self.hits(compiled, provision, start, end, text)
            if found:
                return found[0]
        return None

    # -- structure helpers --------------------------------------------------------------------

    def block_at(self, provision: Provision, offset: int) -> tuple[int, Block] | None:
        starts = self._block_starts.get(id(provision))
        if starts is None:
            starts = self._block_starts[id(provision)] = [b.start for b in provision.blocks]
        index = bisect.bisect_right(starts, offset) - 1
        if index >= 0 and offset <= provision.blocks[index].end:
            return index, provision.blocks[index]
        return None

    def chapeaux(self, provision: Provision, index: int) -> list[Span]:
        spans = []
        block = provision.blocks[index]
        while block.chapeau is not None:
            block = provision.blocks[block.chapeau]
            spans.append((block.start, block.end))
        return spans

    def sentence_of(self, provision: Provision, offset: int) -> Span:
        self.analyse([provision])
        analysed = self._analysed[id(provision)]
        sentences = analysed.sentences
        index = bisect.bisect_right(analysed.sentence_starts, offset) - 1
        if index >= 0 and offset < sentences[index][1] + 1:
            return sentences[index]
        return (offset, min(provision.end, offset + 1))

    def region(self, provision: Provision, offset: int, within: str) -> list[tuple[Provision, Span]]:
        """The text a mitigation or requirement is looked for in, around ``offset``."""
        if within == "document":
            return [(p, (p.body_start, p.end)) for p in self._operative]
        if within == "provision":
            return [(provision, (provision.body_start, provision.end))]
        located = self.block_at(provision, offset)
        spans: list[Span] = []
        if within == "sentence":
            spans.append(self.sentence_of(provision, offset))
        elif located is not None:
            index, _ = located
            top = index
            while provision.blocks[top].depth > 1 and provision.blocks[top].chapeau is not None:
                top = provision.blocks[top].chapeau
            spans.append((provision.blocks[top].start, _extent(provision.blocks, top)))
        else:
            spans.append(self.sentence_of(provision, offset))
        if located is not None:
            spans.extend(self.chapeaux(provision, located[0]))
        return [(provision, span) for span in spans]

    def kind_at(self, provision: Provision, offset: int) -> ProvisionKind:
        located = self.block_at(provision, offset)
        return effective_kind(provision, located[1] if located else None)

    # -- provision-level rules ----------------------------------------------------------------

    def provision_findings(self) -> list[Finding]:
        findings: list[Finding] = []
        provisions = self.document.all_provisions()
        for compiled in self.engine.rules:
            rule = compiled.rule
            if rule.scope.level != "provision" or compiled.trigger is None or not self._document_in_scope(rule):
                continue
            for provision in provisions:
                if not self._may_apply(rule, provision):
                    continue
                if compiled.mentions is not None and not self.hits(compiled.mentions, provision):
                    continue
                found = self.hits(compiled.trigger, provision)
                if rule.match is not None and rule.match.acts and provision.acts:
                    # acts anchor a rule only where the classifier was unsure of the article (it
                    # read them there): well-recognised articles keep the rule's own phrases
                    wanted = set(rule.match.acts)
                    found = sorted(set(found) | {(a.start, a.end) for a in provision.acts if a.kind in wanted})
                anchors = [span for span in found if self._in_scope(rule, provision, span[0])]
                if rule.require:
                    if anchors:
                        finding = self._absence(compiled, provision, anchors[0])
                        if finding:
                            findings.append(finding)
                    continue
                findings.extend(self._presence(compiled, provision, anchors))
                if rule.match and rule.match.through_definitions:
                    findings.extend(self._through_definitions(compiled, provision, anchors))
        return findings

    def _document_in_scope(self, rule: Rule) -> bool:
        wanted = set(rule.scope.if_document_has)
        mentions = rule.scope.if_document_mentions
        title_mentions = rule.scope.if_title_mentions
        if not wanted and mentions is None and title_mentions is None:
            return True
        if wanted and any(p.kind in wanted for p in self.document.provisions):
            return True
        if title_mentions is not None and self._title_matches(title_mentions):
            return True
        if mentions is None:
            return False
        # each alternative searched once per document (rules share them), behind its own exact
        # literal prefilter: the same answer as ``compile_pattern(mentions).search(self.text)``
        return self._folded().search_any(self.text, pattern_branches(mentions), self._branch_hits)

    def _folded(self) -> Prefilter:
        if self._prefilter is None:
            self._prefilter = Prefilter(self.text)
        return self._prefilter

    def _title_matches(self, pattern: Pattern) -> bool:
        """Whether the title or the preamble says what the instrument is about."""
        regex = compile_pattern(pattern)
        if regex is None:
            return False
        key = ("title", regex.pattern)
        if key not in self._mentions:
            preamble = self.document.preamble
            head = (self.document.title or "") + "\n"
            if preamble is not None:
                head += self.text[preamble.start : preamble.end]
            elif self.document.provisions:
                head += self.text[: self.document.provisions[0].start]
            self._mentions[key] = regex.search(head) is not None
        return self._mentions[key]

    def _may_apply(self, rule: Rule, provision: Provision) -> bool:
        kinds = set(rule.scope.kinds)
        if not kinds:
            return provision.kind not in rule.scope.exclude_kinds or any(
                b.kind and b.kind not in rule.scope.exclude_kinds for b in provision.blocks
            )
        return provision.kind in kinds or any(b.kind in kinds for b in provision.blocks) or self._act_for(rule, provision) is not None

    def _in_scope(self, rule: Rule, provision: Provision, offset: int) -> bool:
        kind = self.kind_at(provision, offset)
        if kind in rule.scope.exclude_kinds:
            return False
        return not rule.scope.kinds or kind in rule.scope.kinds or self._act_for(rule, provision) is not None

    def _presence(self, compiled: CompiledRule, provision: Provision, anchors: list[Span]) -> list[Finding]:
        findings: list[Finding] = []
        seen_sentences: set[Span] = set()
        for span in anchors:
            sentence = self.sentence_of(provision, span[0])
            if sentence in seen_sentences:
                continue
            if len(seen_sentences) == MAX_FINDINGS_PER_PROVISION:
                self.document.notices.append(
                    f"{provision.label}: {compiled.rule.id} is reported for the first {MAX_FINDINGS_PER_PROVISION} "
                    "sentences only; the provision repeats the same words many more times"
                )
                break
            seen_sentences.add(sentence)
            severity, mitigations, suppressed = self._mitigate(compiled, provision, span[0])
            findings.append(
                self._finding(compiled, provision, span, severity, mitigations, suppressed)
            )
        return findings

    def _through_definitions(self, compiled: CompiledRule, provision: Provision, anchors: list[Span]) -> list[Finding]:
        """A vague word inside the definition of a term the provision uses counts against it."""
        assert compiled.trigger is not None and compiled.rule.match is not None
        kinds = compiled.rule.match.definitions_in or compiled.rule.scope.kinds
        if kinds and provision.kind not in kinds and not any(ACT_KIND[a.kind] in kinds for a in provision.acts or ()):
            return []
        findings: list[Finding] = []
        direct = {self.sentence_of(provision, s[0]) for s in anchors}
        for definition in self.context.definitions_used_in(provision):
            hits = self.hits(compiled.trigger, definition.provision, definition.start, definition.end)
            if not hits:
                continue
            # definitions_used_in found the term in the document text; a term written with
            # brackets ("[extremist] activity") is not in the matching text, where they are blanked
            use = definition.pattern.search(self.text, provision.body_start, provision.end) or definition.pattern.search(
                self.document.text, provision.body_start, provision.end
            )
            assert use is not None
            findings.extend(self._definition_itself(compiled, definition, hits[0], provision))
            if self.sentence_of(provision, use.start()) in direct:
                continue  # already flagged for the same words in the offence itself
            severity, mitigations, suppressed = self._mitigate(compiled, provision, use.start())
            word = _squash(self.shown[hits[0][0] : hits[0][1]])  # like a direct match: no tab, NBSP or double space
            findings.append(
                self._finding(
                    compiled, provision, use.span(), severity, mitigations, suppressed,
                    match=word, via=_via(definition),
                )
            )
        return findings

    def _definition_itself(
        self, compiled: CompiledRule, definition: Definition, hit: Span, user: Provision
    ) -> list[Finding]:
        """The definition that carries the vague word is flagged too, one level lower and once."""
        key = (compiled.rule.id, definition.start)
        if key in self._flagged_definitions:
            return []
        self._flagged_definitions.add(key)
        severity, mitigations, suppressed = self._mitigate(compiled, definition.provision, hit[0])
        # one level lower than in the operative text, but a definition that makes an operative
        # provision vague still needs redrafting: never below warning on that account
        if severity == Severity.ERROR:
            severity = Severity.WARNING
        return [
            self._finding(
                compiled, definition.provision, hit, severity, mitigations, suppressed,
                via=f"the definition of \u201c{definition.term}\u201d, used in {user.label}",
            )
        ]

    def _absence(self, compiled: CompiledRule, provision: Provision, anchor: Span) -> Finding | None:
        rule = compiled.rule
        missing: list[str] = []
        for index, (requirement, pattern) in enumerate(compiled.requirements):
            regions = self.region(provision, anchor[0], requirement.within)
            displacer = compiled.displacers.get(index)
            if displacer is None or not self.hits(displacer, provision):
                regions += self._resolved(provision, requirement, anchor[0])
            if self.present(pattern, regions, self.required_text) is None:
                missing.append(requirement.label)
        fires = len(missing) == len(compiled.requirements) if rule.require_mode == "any" else bool(missing)
        if not fires:
            return None
        severity, mitigations, suppressed = self._mitigate(compiled, provision, anchor[0])
        return self._finding(compiled, provision, anchor, severity, mitigations, suppressed, missing=missing)

    def _resolved(self, provision: Provision, requirement: Requirement | Mitigation | Aggravator, offset: int) -> list[tuple[Provision, Span]]:
        regions: list[tuple[Provision, Span]] = []
        if "cross-references" in requirement.resolve:
            regions += [(p, (p.body_start, p.end)) for p in self.context.references(provision)]
        if "safeguard-articles" in requirement.resolve:
            regions += [(p, (p.body_start, p.end)) for p in self.context.covering_safeguards(provision)]
        if "definitions" in requirement.resolve:
            regions += [(d.provision, (d.start, d.end)) for d in self.context.definitions_used_in(provision)]
        return regions

    def _mitigate(self, compiled: CompiledRule, provision: Provision, offset: int) -> tuple[Severity, list[str], bool]:
        severity = compiled.rule.severity
        steps = 0
        seen: list[str] = []
        suppressed = False
        for mitigation, pattern in compiled.mitigations:
            regions = self.region(provision, offset, mitigation.within)
            regions += self._resolved(provision, mitigation, offset)
            hit = self.present(pattern, regions)
            if hit is None:
                continue
            seen.append(f"{mitigation.label}: \u201c{_squash(self.shown[hit[0]:hit[1]])}\u201d")
            if mitigation.effect == "suppress":
                suppressed = True
            else:
                steps += 1
        steps = min(steps, compiled.rule.max_downgrade)
        for aggravator, pattern in compiled.aggravators:
            regions = self.region(provision, offset, aggravator.within)
            regions += self._resolved(provision, aggravator, offset)
            hit = self.present(pattern, regions)
            if hit is not None:
                steps -= 1
                seen.append(f"aggravated by {aggravator.label}: \u201c{_squash(self.shown[hit[0]:hit[1]])}\u201d")
        if provision.kind == ProvisionKind.PREAMBLE:
            steps += 1
            seen.append("preamble: creates no obligation")
        severity = severity.lowered(min(steps, MAX_DOWNGRADE))
        return severity, seen, suppressed

    # -- document-level rules -----------------------------------------------------------------

    def document_findings(self) -> list[Finding]:
        findings: list[Finding] = []
        for compiled in self.engine.rules:
            rule = compiled.rule
            if rule.scope.level != "document" or not self._document_in_scope(rule):
                continue
            targets = [
                p for p in self.document.all_provisions()
                if (not rule.scope.kinds and p.kind != ProvisionKind.PREAMBLE) or p.kind in rule.scope.kinds
            ]
            regions = [(p, (p.body_start, p.end)) for p in targets]
            missing = [r.label for r, pattern in compiled.requirements if self.present(pattern, regions) is None]
            fires = len(missing) == len(compiled.requirements) if rule.require_mode == "any" else bool(missing)
            if not fires:
                continue
            everywhere = [(p, (p.start, p.end)) for p in self.document.all_provisions()]
            severity, steps, seen, suppressed = rule.severity, 0, [], False
            for mitigation, pattern in compiled.mitigations:
                hit = self.present(pattern, everywhere)
                if hit is None:
                    continue
                where = self.document.provision_at(hit[0])
                label = where.label if where else "the text"
                seen.append(f"{mitigation.label}: \u201c{_squash(self.shown[hit[0]:hit[1]])}\u201d ({label})")
                if mitigation.effect == "suppress":
                    suppressed = True
                else:
                    steps += 1
            severity = severity.lowered(min(steps, rule.max_downgrade))
            findings.append(self._document_finding(compiled, severity, seen, suppressed, missing))
        return findings

    # -- building findings --------------------------------------------------------------------

    def _finding(
        self,
        compiled: CompiledRule,
        provision: Provision,
        span: Span,
        severity: Severity,
        mitigations: list[str],
        suppressed: bool,
        *,
        missing: list[str] | None = None,
        match: str | None = None,
        via: str = "",
    ) -> Finding:
        rule = compiled.rule
        start, end = span
        words = match if match is not None else _squash(self.shown[start:end])
        sentence = self.sentence_of(provision, start)
        doubt = self._doubt(rule, provision, start)
        if doubt is not None:
            severity = severity.lowered(1)
        line, column = self.document.line_col(start)
        end_line, end_column = self.document.line_col(max(start, end - 1))
        message = rule.render_message(
            match=words,
            term=_squash(self.shown[start:end]),
            provision=provision.label,
            caption=provision.caption or "",
            kind=self.kind_at(provision, start).value,
            missing=_join(missing or []),
            mitigations="; ".join(mitigations) or "none",
            via=f" (through {via})" if via else "",
        )
        if doubt is not None:
            message += (
                f" [Read as {ACT_KIND[doubt.kind].value}: {provision.label} was classified "
                f"{self.kind_at(provision, start).value}, but it {DESCRIPTION[doubt.kind]} "
                f"(\u201c{_squash(self.shown[doubt.start:doubt.end])}\u201d); one level lower for the doubt.]"
            )
        return Finding(
            path=self.document.path,
            rule_id=rule.id,
            category=rule.category,
            severity=severity,
            message=message,
            rationale=rule.rationale.strip(),
            references=list(rule.references),
            provision=provision.label,
            provision_kind=self.kind_at(provision, start).value,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column + 1,
            excerpt=_excerpt(self.document.text[sentence[0] : sentence[1]], (start - sentence[0], end - sentence[0])),
            matched=words,
            start=start,
            end=end,
            mitigations=mitigations,
            suppressed=suppressed,
        )

    # -- rules that name a built-in check ----------------------------------------------------

    def check_findings(self) -> list[Finding]:
        """Findings of rules with ``check: <name>`` (see ``engine/checks.py``): what the check
        reports, on the provision it falls in, at the rule's severity (no mitigation applies:
        a hidden character is not less hidden in a preamble)."""
        findings: list[Finding] = []
        for compiled in self.engine.rules:
            name = compiled.rule.check
            if name is None:
                continue
            for start, end, what in CHECKS[name](self.document):
                findings.append(self._check_finding(compiled, start, end, what))
        return findings

    def _check_finding(self, compiled: CompiledRule, start: int, end: int, what: str) -> Finding:
        rule = compiled.rule
        provision = self.document.provision_at(start)
        text = self.document.text
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line, column = self.document.line_col(start)
        end_line, end_column = self.document.line_col(max(start, end - 1))
        label = provision.label if provision is not None else None
        return Finding(
            path=self.document.path,
            rule_id=rule.id,
            category=rule.category,
            severity=rule.severity,
            message=rule.render_message(match=what, term=what, provision=label or "The document"),
            rationale=rule.rationale.strip(),
            references=list(rule.references),
            provision=label,
            provision_kind=provision.kind.value if provision is not None else None,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column + 1,
            excerpt=_excerpt(text[line_start : len(text) if line_end == -1 else line_end], (start - line_start, end - line_start)),
            matched=text[start:end],
            start=start,
            end=end,
        )

    def _document_finding(
        self, compiled: CompiledRule, severity: Severity, mitigations: list[str], suppressed: bool, missing: list[str]
    ) -> Finding:
        rule = compiled.rule
        text = self.text
        start = len(text) - len(text.lstrip())
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        line, column = self.document.line_col(start)
        end_line, end_column = self.document.line_col(max(start, end - 1))
        return Finding(
            path=self.document.path,
            rule_id=rule.id,
            category=rule.category,
            severity=severity,
            message=rule.render_message(
                missing=_join(missing), mitigations="; ".join(mitigations) or "none", provision="the document"
            ),
            rationale=rule.rationale.strip(),
            references=list(rule.references),
            provision=None,
            provision_kind=None,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column + 1,
            excerpt=_excerpt(text[start:end]),
            matched="",
            start=start,
            end=end,
            mitigations=mitigations,
            suppressed=suppressed,
        )


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


def _unwrapped(document: Document) -> str:
    """The text with line breaks inside a paragraph (hard-wrapped drafts) turned into spaces.

    Same length, so every offset still points into ``document.text``; rules can then treat a
    line break as the end of a paragraph or list item, whatever the draft's wrapping.
    """
    text = document.text
    spans = [
        (block.start, block.end)
        for provision in document.all_provisions()
        for block in provision.blocks
        if "\n" in text[block.start : block.end]
    ]
    if not spans:
        return text
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        pieces.append(text[position:start])
        pieces.append(text[start:end].replace("\n", " "))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


_BRACKETED = re.compile(r"\[[^\[\]\n]*\]")
_BRACKETS_TO_SPACES = str.maketrans("[]", "  ")


def _without_brackets(text: str) -> str:
    """``text`` with everything inside square brackets (nested too) blanked, same length."""
    if "[" not in text:
        return text
    for _ in range(3):  # "[... [a] [b] ...]": innermost first
        blanked = _BRACKETED.sub(lambda m: " " * len(m.group(0)), text)
        if blanked == text:
            break
        text = blanked
    return text


def _via(definition: Definition) -> str:
    return f"the definition of \u201c{definition.term}\u201d in {definition.provision.label}"


def _squash(text: str) -> str:
    return " ".join(text.split())


def _excerpt(text: str, focus: tuple[int, int] | None = None) -> str:
    """The sentence, or when it is long a window of it centred on the flagged words (``focus``,
    offsets into ``text``), cut at spaces and marked with ellipses: a reader must see the words
    flagged, which in a long sentence may come after the first few hundred characters."""
    squashed = _squash(text)
    if len(squashed) <= MAX_EXCERPT:
        return squashed
    lo, hi = focus if focus is not None else (0, 0)
    lo, hi = max(0, min(lo, len(text))), max(0, min(hi, len(text)))
    budget = MAX_EXCERPT - 2
    if hi - lo >= budget:
        start, end = lo, lo + budget
    else:
        start = max(0, min((lo + hi) // 2 - budget // 2, len(text) - budget))
        end = min(len(text), start + budget)
    if start > 0:
        space = text.find(" ", start, max(start + 1, min(lo, start + 30)))
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", min(end - 1, max(hi, end - 30)), end)
        end = space if space >= 0 else end
    window = _squash(text[start:end])
    return ("\u2026" if start > 0 else "") + window + ("\u2026" if end < len(text) else "")


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
