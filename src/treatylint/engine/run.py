"""One document checked by one engine: the texts rules match, and what every rule kind asks of
it (sentences, pattern hits in a region, the region a mitigation or requirement is looked for
in, the kind of a clause, which provisions a rule may apply to). Caches per document, so that
rules sharing a provision or a region search it once.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from treatylint.document.model import Block, Document, Provision, ProvisionKind
from treatylint.engine.kinds.combine import cue_backed
from treatylint.engine.acts import ACT_KIND, OPEN_KINDS, Act, ActKind
from treatylint.engine.context import Definition, DocumentContext, _extent, read_roles
from treatylint.engine.kinds.classifier import effective_kind
from treatylint.engine.prefilter import (
    PROBE_AFTER,
    Prefilter,
    branch_requirements,
    alternative_twin,
    folded_twin,
    has_literals,
    met,
    required_literals,
)
from treatylint.nlp.sentences import sentence_spans
from treatylint.rulepack.patterns import compile_pattern, pattern_branches
from treatylint.rulepack.regex_analysis import alternative_literals
from treatylint.rulepack.schema import (
    Aggravator,
    Mitigation,
    Pattern,
    Requirement,
    Rule,
)

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.engine.engine import CompiledRule, Engine, _Compiled

MAX_EXCERPT = 400
_MAX_PROBES = 8  # alternatives searched one by one before the whole pattern; more: the pattern at once

Span = tuple[int, int]
Region = tuple[Provision, Span]


@dataclass
class _Analysed:
    """A provision's sentences and token-pattern hits, from one pass of the pipeline."""

    sentences: list[Span]
    token_hits: dict[str, list[Span]] = field(default_factory=dict)
    sentence_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sentence_starts = [start for start, _ in self.sentences]


class DocumentRun:
    """One document checked by one engine: caches the per-provision analysis."""

    def __init__(self, engine: "Engine", document: Document, context: DocumentContext) -> None:
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
        self.flagged_definitions: set[tuple[str, int]] = set()
        self._mentions: dict[tuple[str, str], bool] = {}
        self._title_hits: dict[int, bool] = {}  # id(pattern) -> _title_search (the rules' patterns live as long as the run)
        self._branch_hits: dict[str, bool] = {}  # document-mention alternatives searched so far
        # a region is searched once per pattern: thousands of findings in one long paragraph
        # share the same mitigation regions, and rescanning them made the run quadratic
        self._hits: dict[tuple[int, int, int, int, int], list[Span]] = {}
        self._block_starts: dict[int, list[int]] = {}
        self._block_kinds: dict[int, set] = {}  # id(provision) -> its clauses' kinds (see _may_apply)
        self._prefilter: Prefilter | None = None  # the folded text, for exact literal prefilters
        self._possible: dict[str, bool] = {}  # pattern source -> its words are in the draft (_may_match)
        self._draft_words: dict[str, bool] = {}  # word -> in the folded draft
        self._body_words: dict[int, tuple[str, dict[str, bool]]] = {}  # id(provision) -> folded body, words seen (_may_match)
        self._body_present: dict[int, set[str]] = {}  # id(provision) -> the rule words its folded body holds
        self._draft_present: set[str] | None = None  # the rule words the folded draft holds
        self._head: tuple[str, Prefilter] | None = None  # title and preamble, folded (_title_search)
        self._scopes: dict[tuple, list[Provision]] = {}  # (kinds, excluded kinds) -> _applicable
        self._backed: set[ProvisionKind] | None = None  # see _backed_kinds
        self._folded_texts: dict[int, str | None] = {}  # id(text) -> its folded twin text, or None
        self._operative = [p for p in document.provisions if p.kind != ProvisionKind.PREAMBLE]
        self._options: list[Span] | None = None  # top-level [bracketed] spans, on first need

    # -- legal acts (engine/acts.py) ----------------------------------------------------------

    def _act_for(self, rule: Rule, provision: Provision) -> Act | None:
        """An act in ``provision`` whose rules include ``rule``, when the provision's own kind is
        one the rule would not look at ("no silent sink"): an article classified ``other`` that
        still creates an offence gets the offence rules. Only where the kind is in doubt: left
        open (``other``, ``general``) or guessed by the model alone; a cooperation article its
        caption or cues decided keeps the cooperation rules when it "shall require the service
        provider to keep the request confidential"."""
        kinds = rule.scope.kinds
        if not kinds or not provision.acts or provision.rule_kind in rule.scope.exclude_kinds:
            return None
        if provision.rule_kind not in OPEN_KINDS and cue_backed(provision):
            return None
        for act in provision.acts:
            if ACT_KIND[act.kind] in kinds:
                return act
        return None

    def doubt(self, rule: Rule, provision: Provision, offset: int) -> Act | None:
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

    def _search(self, compiled: "_Compiled", provision: Provision, start: int, end: int, text: str) -> list[Span]:
        spans: list[Span] = []
        regex = compiled.regex
        viable = self._may_match(regex.pattern, provision, start, end) if regex is not None else False
        if viable:
            # the case-sensitive twin on the folded text: the same spans, found faster (prefilter.py)
            folded = self._folded_text(text)
            twin = folded_twin(regex) if folded is not None else None
            if twin is not None:
                # only some alternatives have their words here: no match of one of them, no match
                # of the pattern (most searches end so); else the whole pattern, for its spans
                if viable is True or self._probe(regex, viable, folded, start, end, self.engine.scanned):
                    spans.extend(m.span() for m in twin.finditer(folded, start, end) if m.end() > m.start())
            else:
                spans.extend(m.span() for m in regex.finditer(text, start, end) if m.end() > m.start())
        if compiled.tokens:
            self.analyse([provision])
            spans.extend(
                s for s in self._analysed[id(provision)].token_hits.get(compiled.key, []) if start <= s[0] < end
            )
        return sorted(set(spans))

    def _draft_words_present(self) -> set[str]:
        """The words of ``Engine.rule_words`` the folded draft holds (one pass, on first need)."""
        if self._draft_present is None:
            self._draft_present = self.engine.rule_words[0].found(self._folded().folded)[0]
        return self._draft_present

    @staticmethod
    def _probe(regex, ways: list[int], folded: str, start: int, end: int, scanned: dict[str, int]) -> bool:
        """Whether one of the ``ways`` through ``regex`` (``prefilter.alternative_twin``) matches
        in the folded text between the offsets; True when one has no twin, or while the whole
        pattern has searched fewer than ``PROBE_AFTER`` characters in this process (``scanned``):
        compiling the ways costs more than one draft's searches save (a one-draft check)."""
        source = regex.pattern
        done = scanned.get(source, 0)
        if done < PROBE_AFTER:
            scanned[source] = done + end - start
            return True
        for index in ways:
            twin = alternative_twin(regex.pattern, regex.flags, index)
            if twin is None or twin.search(folded, start, end):
                return True
        return False

    def _may_match(self, source: str, provision: Provision, start: int, end: int) -> bool | list[int]:
        """Whether a match of ``source`` may lie in ``[start, end)``: its required words, and those
        of one of its alternatives (``Prefilter.may_match_in``, ``may_match_any_branch_in``).
        For a whole provision body, the answer may be the indexes of the only alternatives whose
        words are there (``alternative_literals``): a match there is a match of one of them.
        WHY the word sets: most searches are of a whole provision body, by ~150 rule patterns
        that share their words ("information", "data", "shall"); the words of every rule
        pattern are found in a body in one pass (``Engine.rule_words``, Aho-Corasick), and each
        pattern is then asked of that set: the same answers as looking each word up in the
        body's folded slice, without a scan of the body for each absent word."""
        prefilter = self._folded()
        words, known = self.engine.rule_words
        possible = self._possible.get(source)
        if possible is None:  # once per draft: a pattern whose words the whole draft lacks (most, in
            # a treaty on fisheries or air routes) is ruled out everywhere by one dict look-up
            if prefilter.exotic:
                possible = True
            elif source in known:
                present = self._draft_words_present()
                required, ways = alternative_literals(source)
                possible = met(required, present) and (ways is None or any(met(way, present) for way in ways))
            else:
                branches = branch_requirements(source)
                seen = self._draft_words
                possible = (has_literals(prefilter.folded, required_literals(source), seen)
                            and (branches is None or any(has_literals(prefilter.folded, required, seen) for required in branches)))
            self._possible[source] = possible
        if not possible:
            return False
        if start != provision.body_start or end != provision.end or prefilter.exotic or not prefilter.aligned:
            return (prefilter.may_match_in(required_literals(source), start, end)
                    and prefilter.may_match_any_branch_in(source, start, end))
        if source not in known:  # a pattern the engine was not built with: each word looked up
            entry = self._body_words.get(id(provision))
            if entry is None:
                entry = self._body_words[id(provision)] = (prefilter.folded[start:end], {})
            folded, seen = entry
            branches = branch_requirements(source)
            return has_literals(folded, required_literals(source), seen) and (
                branches is None or any(has_literals(folded, required, seen) for required in branches))
        present = self._body_present.get(id(provision))
        if present is None:
            present = self._body_present[id(provision)] = words.found(prefilter.folded[start:end])[0]
        required, ways = alternative_literals(source)
        if not met(required, present):
            return False
        if ways is None:
            return True
        viable = [i for i, way in enumerate(ways) if met(way, present)]
        if not viable:
            return False
        return viable if len(viable) <= _MAX_PROBES else True

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

    def own_option(self, regions: list[tuple[Provision, Span]], offset: int) -> list[tuple[Provision, Span]]:
        """``regions`` without the other bracketed options of a negotiating text when ``offset``
        lies inside one: "[Option 1: ... with judicial authorisation] [Option 2: ... for as long
        as the authorities deem necessary]" - Option 1's safeguard does not mitigate Option 2."""
        if self._options is None:
            self._options = _bracketed_spans(self.document.text) if "[" in self.document.text else []
        if not self._options:
            return regions
        own = next(((s, e) for s, e in self._options if s <= offset < e), None)
        if own is None:
            return regions
        others = [span for span in self._options if span != own]
        kept: list[tuple[Provision, Span]] = []
        for provision, (start, end) in regions:
            position = start
            for s, e in others:
                if e <= position or s >= end:
                    continue
                if s > position:
                    kept.append((provision, (position, s)))
                position = max(position, e)
            if position < end:
                kept.append((provision, (position, end)))
        return kept

    def kind_at(self, provision: Provision, offset: int) -> ProvisionKind:
        located = self.block_at(provision, offset)
        return effective_kind(provision, located[1] if located else None)

    # -- which provisions a provision-level rule applies to ----------------------------------------

    def anchored(self, compiled: "CompiledRule") -> Iterator[tuple[Provision, list[Span]]]:
        """Each provision a provision-level rule may apply to, with its trigger's hits there that
        are in the rule's scope (presence and absence rules start from these)."""
        rule = compiled.rule
        if compiled.trigger is None or not self.document_in_scope(rule):
            return
        for provision in self._applicable(rule):
            if compiled.mentions is not None and not self.hits(compiled.mentions, provision):
                continue
            found = self.hits(compiled.trigger, provision)
            if rule.match is not None and rule.match.acts and provision.acts:
                # a rule that names an act anchors on it wherever the grammar read it: the rule's
                # phrases know the drafting styles seen so far, the act any other way of saying it
                wanted = set(rule.match.acts)
                found = sorted(set(found) | {(a.start, a.end) for a in provision.acts if a.kind in wanted})
            yield provision, [span for span in found if self._in_scope(rule, provision, span[0])]

    def document_in_scope(self, rule: Rule) -> bool:
        wanted = set(rule.scope.if_document_has)
        mentions = rule.scope.if_document_mentions
        title_mentions = rule.scope.if_title_mentions
        if not wanted and mentions is None and title_mentions is None:
            return True
        # a kind the model alone gave (no caption, cue, heading or act behind it) does not bring
        # the whole document into scope: it would put every old criminal-law treaty there
        if wanted and not wanted.isdisjoint(self._backed_kinds()):
            return True
        if title_mentions is not None and self._title_matches(title_mentions):
            return True
        if mentions is None:
            return False
        # each alternative searched once per document (rules share them), behind its own exact
        # literal prefilter: the same answer as ``compile_pattern(mentions).search(self.text)``
        prefilter = self._folded()
        return prefilter.search_any(self.text, pattern_branches(mentions), self._branch_hits,
                                    None if prefilter.exotic else self._draft_words_present())

    def _backed_kinds(self) -> set[ProvisionKind]:
        """The kinds of the provisions that something besides the model says they have
        (``cue_backed``): computed once per document, asked by every document-scoped rule."""
        if self._backed is None:
            backed = {p.rule_kind for p in self.document.provisions if cue_backed(p)}
            # no silent sink: an article left general (or other) that creates an offence or
            # grants a power by the grammar of legal acts gets those rules (``_act_for``), and
            # its act counts for the document too; else a draft whose powers all stand under
            # "General provisions" would keep every rule that asks for a power out of scope
            # (a general duty on "persons" is no power: a procurement treaty's "requires persons
            # ... to" made it one that grants powers, and its tech-specific notes warnings)
            for provision in self.document.provisions:
                if provision.acts and provision.rule_kind in OPEN_KINDS:
                    backed.update(ACT_KIND[act.kind] for act in provision.acts if act.kind in _DOCUMENT_ACTS)
            self._backed = backed
        return self._backed

    def _folded_text(self, text: str) -> str | None:
        """``text`` case-folded, when ``folded_twin`` patterns are exact on it (one of the run's
        two texts: ``text`` or ``required_text``), else None."""
        key = id(text)
        try:
            return self._folded_texts[key]
        except KeyError:
            pass
        prefilter = self._folded() if text is self.text else Prefilter(text)
        folded = self._folded_texts[key] = prefilter.folded if prefilter.twin_ready else None
        return folded

    def _folded(self) -> Prefilter:
        if self._prefilter is None:
            self._prefilter = Prefilter(self.text)
        return self._prefilter

    def _title_matches(self, pattern: Pattern) -> bool:
        """Whether the title or the preamble says what the instrument is about."""
        found = self._title_hits.get(id(pattern))  # asked once per rule: rules share patterns
        if found is None:
            found = self._title_hits[id(pattern)] = self._title_search(pattern)
        return found

    def _title_search(self, pattern: Pattern) -> bool:
        # compiled once per engine (building the source from the phrases costs more than the search)
        regexes = self.engine.title_regexes
        if id(pattern) not in regexes:
            regexes[id(pattern)] = compile_pattern(pattern)
        regex = regexes[id(pattern)]
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
            # the case-sensitive twin on the folded head where exact, behind its literal
            # prefilter (a preamble can run to pages): the same answer; folded once per draft
            if self._head is None or self._head[0] != head:
                self._head = (head, Prefilter(head))
            prefilter = self._head[1]
            twin = folded_twin(regex) if prefilter.twin_ready else None
            if not prefilter.may_match(required_literals(regex.pattern)):
                self._mentions[key] = False
            elif twin is not None:
                self._mentions[key] = twin.search(prefilter.folded) is not None
            else:
                self._mentions[key] = regex.search(head) is not None
        return self._mentions[key]

    def _applicable(self, rule: Rule) -> list[Provision]:
        """The provisions (preamble first) ``_may_apply`` lets ``rule`` look at: it depends on
        the rule's kinds and excluded kinds alone, which most rules share, so each such scope
        is worked out once per draft instead of once per rule and provision."""
        scope = rule.scope
        key = (tuple(scope.kinds), tuple(scope.exclude_kinds))
        found = self._scopes.get(key)
        if found is None:
            found = self._scopes[key] = [p for p in self.document.all_provisions() if self._may_apply(rule, p)]
        return found

    def _may_apply(self, rule: Rule, provision: Provision) -> bool:
        kinds = rule.scope.kinds
        # the kinds of the provision's clauses, once per provision (every rule asks)
        block_kinds = self._block_kinds.get(id(provision))
        if block_kinds is None:
            block_kinds = self._block_kinds[id(provision)] = {b.kind for b in provision.blocks}
        if not kinds:
            excluded = rule.scope.exclude_kinds
            return provision.rule_kind not in excluded or any(k and k not in excluded for k in block_kinds)
        return (provision.rule_kind in kinds or not block_kinds.isdisjoint(kinds)
                or self._act_for(rule, provision) is not None)

    def _in_scope(self, rule: Rule, provision: Provision, offset: int) -> bool:
        kind = self.kind_at(provision, offset)
        if kind in rule.scope.exclude_kinds:
            return False
        return not rule.scope.kinds or kind in rule.scope.kinds or self._act_for(rule, provision) is not None

    def resolved(self, provision: Provision, requirement: Requirement | Mitigation | Aggravator, offset: int) -> list[tuple[Provision, Span]]:
        regions: list[tuple[Provision, Span]] = []
        if "cross-references" in requirement.resolve:
            regions += [(p, (p.body_start, p.end)) for p in self.context.references(provision)]
        if "set-aside" in requirement.resolve:
            regions += [(p, (p.body_start, p.end)) for p in self.context.set_aside(provision)]
        if "safeguard-articles" in requirement.resolve:
            regions += [(p, (p.body_start, p.end)) for p in self.context.covering_safeguards(provision)]
        if "definitions" in requirement.resolve:
            regions += [(d.provision, (d.start, d.end)) for d in self.context.definitions_used_in(provision)]
        return regions



def _unwrapped(document: Document) -> str:
    """The text with line breaks inside a paragraph (hard-wrapped drafts) turned into spaces.

    Same length, so every offset still points into ``document.text``; rules can then treat a
    line break as the end of a paragraph or list item, whatever the draft's wrapping. Footnotes
    and endnotes (``document.footnotes``) and marginal notes (``document.margins``) are blanked:
    a note neither creates nor cures a finding.
    """
    text = document.text
    notes = document.footnotes
    if document.margins:  # (merged where a note and a marginal note overlap: the text keeps its length)
        notes = []
        for start, end in sorted(document.footnotes + document.margins):
            if notes and start <= notes[-1][1]:
                notes[-1] = (notes[-1][0], max(end, notes[-1][1]))
            else:
                notes.append((start, end))
    if notes:  # notes (and marginal notes) are shown but never operative: blanked, same length
        text = "".join(
            text[prev:start] + " " * (end - start)
            for prev, (start, end) in zip([0] + [e for _, e in notes], notes)
        ) + text[notes[-1][1]:]
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
_BRACKET = re.compile(r"[\[\]]")
_BRACKETS_TO_SPACES = str.maketrans("[]", "  ")


def _bracketed_spans(text: str) -> list[tuple[int, int]]:
    """The outermost ``[...]`` spans of a negotiating text (an unclosed "[" ends at its line)."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for match in _BRACKET.finditer(text):  # only the brackets, not every character (a 1 MB draft)
        index, char = match.start(), match.group()
        if char == "[":
            if depth == 0:
                start = index
            depth += 1
        elif char == "]" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, index + 1))
    return spans


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


def via(definition: Definition) -> str:
    return f"the definition of \u201c{definition.term}\u201d in {definition.provision.label}"


def squash(text: str) -> str:
    return " ".join(text.split())


def excerpt(text: str, focus: tuple[int, int] | None = None) -> str:
    """The sentence, or when it is long a window of it centred on the flagged words (``focus``,
    offsets into ``text``), cut at spaces and marked with ellipses: a reader must see the words
    flagged, which in a long sentence may come after the first few hundred characters."""
    squashed = squash(text)
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
    window = squash(text[start:end])
    return ("\u2026" if start > 0 else "") + window + ("\u2026" if end < len(text) else "")


def join_or(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


# Acts in an article left general/other that count for document-scoped rules (``_backed_kinds``).
_DOCUMENT_ACTS = frozenset({ActKind.CRIMINALISATION, ActKind.POWER, ActKind.PROVIDER_DUTY, ActKind.DATA_FOR_AUTHORITIES})
