"""Classify provisions (and clauses inside them) by kind, from the cues in ``provision-kinds.yml``.

The cues are data so that an analyst can correct a misclassification without reading Python;
``treatylint outline`` shows the result and the cues behind it.
"""

from __future__ import annotations

import re
from pathlib import Path

from treatylint.document.annexes import give_annexes_their_role
from treatylint.document.margins import without_margins
from treatylint.document.model import Block, Document, KindEvidence, Provision, ProvisionKind
from treatylint.engine.acts import classify_by_acts, tech_instrument
from treatylint.engine.prefilter import PROBE_AFTER, Literals, Prefilter, alternative_twin, folded_twin, met, required_literals
from treatylint.engine.kinds.combine import RuleVerdict, needs_model, settle
from treatylint.engine.kinds.learned import model_body
from treatylint.rulepack.kinds_schema import KindConfig, KindCues
from treatylint.rulepack.loader import load_kind_config
from treatylint.rulepack.patterns import RegexBudget, lazy_source
from treatylint.rulepack.regex_analysis import alternative_literals


ACT_WEIGHT = 3  # a legal act read in the body counts like a cue phrase in the article's opening
DECLARATORY = "declaratory safeguard"  # evidence source: a rights clause among general articles


class _Compiled:
    __slots__ = ("caption", "body", "body_twins", "body_literals", "body_cues", "division", "caption_cues", "division_cues",
                 "caption_weight", "lead_weight", "body_weight", "needs_text_cue", "opening", "opening_weight",
                 "field_opening")

    def __init__(self, cues: KindCues, config: "KindConfig") -> None:
        # case-insensitive; bounded when the kinds file comes from a pack other than the built-in one
        self.caption = [lazy_source(p) for p in cues.caption]
        self.body = [lazy_source(p) for p in cues.body]
        # case-sensitive twins for the folded body (prefilter.folded_twin): None where not exact
        self.body_twins = [folded_twin(p) for p in self.body]
        # exact prefilter, see prefilter.py: the words of the cue, and of each way through it
        analysed = [alternative_literals(p) for p in cues.body]
        self.body_literals = [required for required, _ways in analysed]
        self.body_cues = list(zip(self.body, self.body_twins, self.body_literals, [ways for _required, ways in analysed]))
        self.division = [lazy_source(p) for p in cues.division]
        # captions and headings: the same prefilter and twins as the body cues
        self.caption_cues = [(p, folded_twin(p), required_literals(source)) for p, source in zip(self.caption, cues.caption)]
        self.division_cues = [(p, folded_twin(p), required_literals(source)) for p, source in zip(self.division, cues.division)]
        self.caption_weight = cues.caption_weight if cues.caption_weight is not None else config.caption_weight
        self.lead_weight = cues.lead_weight if cues.lead_weight is not None else config.lead_weight
        self.body_weight = cues.body_weight if cues.body_weight is not None else config.body_weight
        self.needs_text_cue = cues.needs_text_cue
        # tried on the first sentence only, behind the same literal prefilter as the body cues
        self.opening = [(lazy_source(p), required_literals(p)) for p in cues.opening]
        self.opening_weight = cues.opening_weight
        # ... and those read only in an instrument in treatylint's field (acts.tech_instrument)
        self.field_opening = [(lazy_source(p), required_literals(p)) for p in cues.field_opening]


class Classifier:
    def __init__(self, config: KindConfig) -> None:
        self.config = config
        self._kinds = {kind: _Compiled(cues, config) for kind, cues in config.kinds.items()}
        # one regex per cue, each behind its own literal prefilter: a block is checked only
        # against the cues whose words it contains
        self._clauses = [(kind, lazy_source(p)) for kind, patterns in config.clauses.items() for p in patterns]
        self._clause_literals = [required_literals(pattern.pattern) for _, pattern in self._clauses]
        self._clause_twins = [folded_twin(pattern) for _, pattern in self._clauses]
        self._clause_words = Literals(word for required in self._clause_literals if required
                                      for alternatives in required for word in alternatives)
        self._rank = {kind: i for i, kind in enumerate(config.priority)}
        self._kind_items = list(self._kinds.items())
        self._caption_memo: dict[str, tuple[tuple[str, ...], ...]] = {}
        self._division_memo: dict[str, tuple[tuple[str, ...], ...]] = {}
        # a chapter heading alone decides an undecided article's kind only for a kind that
        # needs no text cue (an offence or a power needs its act in the body)
        self._division_decides = frozenset(k for k, cues in config.kinds.items() if cues.division and not cues.needs_text_cue)
        # every body cue's required words, found in an article in one pass (prefilter.Literals)
        self._body_words = Literals(
            word for _, compiled in self._kind_items
            for required in (*compiled.body_literals, *(literals for _, literals in (*compiled.opening, *compiled.field_opening)),
                             *(way for *_, ways in compiled.body_cues for way in ways or ())) if required
            for alternatives in required for word in alternatives
        )
        # the caption and heading cues' required words, found in a caption in one pass likewise
        self._heading_words = Literals(
            word for _, compiled in self._kind_items for cues in (compiled.caption_cues, compiled.division_cues)
            for *_, required in cues if required for alternatives in required for word in alternatives
        )
        # which body cues an article's words let through, found from its words: each cue is
        # listed under the words of its first requirement (``met`` asks every one of them)
        self._cue_index: dict[str, list[int]] = {}
        self._cue_always: list[int] = []  # cues with no required word
        number = 0
        for _, compiled in self._kind_items:
            for _pattern, _twin, literals, _ways in compiled.body_cues:
                if literals is None:
                    self._cue_always.append(number)
                else:
                    for word in literals[0]:
                        self._cue_index.setdefault(word, []).append(number)
                number += 1
        declaratory = config.declaratory_safeguards
        self._declaratory_among = frozenset(declaratory.among)
        self._declaratory_caption = [lazy_source(p) for p in declaratory.caption]
        self._declaratory_body = [lazy_source(p) for p in declaratory.body]

    @classmethod
    def from_file(cls, path: Path) -> "Classifier":
        """Read and validate like a rule file (``loader.load_kind_config``): a pack's kinds file
        is untrusted, its cues run under a time budget."""
        return cls(load_kind_config(path))

    def classify(self, document: Document, budget: RegexBudget | None = None) -> None:
        """Set ``kind``, ``kind_confidence`` and ``kind_evidence`` on every article and ``kind`` on
        clauses that need one. A pack's own cues run under ``budget`` (the draft's; a new one
        when not given). Evidence in order of strength: captions, headings and cue phrases;
        legal acts read by their grammar (``acts.classify_by_acts``, for articles the cues left
        open); and the model, which reads in one batch only the articles still undecided that
        its gate lets through (``combine.needs_model``)."""
        # (marginal notes are captions, never body text: blanked, same length)
        text = without_margins(document.text, document.margins) if document.margins else document.text
        budget = budget or RegexBudget(document.path, len(text))
        with budget:
            verdicts: list[RuleVerdict] = []
            document_filter = Prefilter(text)  # folded once; each article's part is a slice of it
            for provision in document.provisions:
                verdict = self.verdict(provision, text, document_filter)
                provision.kind, provision.kind_cues = verdict.kind, verdict.cues
                verdicts.append(verdict)
                self._classify_clauses(provision, text, document_filter)
            classify_by_acts(document)  # legal acts read by their grammar: one more source of evidence
            give_annexes_their_role(document, document_filter)  # "the acts listed in the Annex": the annex's items are offences
        learned = self.config.learned
        asked: list[int] = []
        for index, (provision, verdict) in enumerate(zip(document.provisions, verdicts)):
            if provision.kind != verdict.kind:  # an act (or the article giving an annex effect) decided it
                if provision.kind == ProvisionKind.PROCEDURAL and list(verdict.division_cues) == [ProvisionKind.COOPERATION]:
                    # a power or a provider's duty in the international-cooperation chapter is
                    # exercised for or towards another State (a direct order abroad, disclosure
                    # to a foreign agency): a cooperation article; the act stays on the
                    # provision, so the rules for powers still read it
                    provision.kind = ProvisionKind.COOPERATION
                    provision.kind_cues = [*provision.kind_cues, *verdict.division_cues[ProvisionKind.COOPERATION]]
                verdict.kind, verdict.cues = provision.kind, provision.kind_cues
                verdict.score, verdict.weights = verdict.score + ACT_WEIGHT, {**verdict.weights, "act": ACT_WEIGHT}
            elif learned.use and needs_model(verdict, learned):
                asked.append(index)
        scores: dict[int, dict[ProvisionKind, float]] = {}
        model = self._model() if asked else None
        if model is not None:
            bodies = [model_body(document, document.provisions[i]) for i in asked]  # layout-free, learned.py
            scores = dict(zip(asked, model.scores(bodies)))
        field = self.config.undecided_in_field if tech_instrument(text) else None
        for index, (provision, verdict) in enumerate(zip(document.provisions, verdicts)):
            settle(provision, verdict, scores.get(index), learned, field, self._division_decides)
        if self._declaratory_among:
            with budget:
                for provision in document.provisions:
                    if provision.kind in self._declaratory_among:
                        self._declaratory(provision, text)

    def _declaratory(self, provision: Provision, text: str) -> None:
        """Report a declaratory safeguard as ``safeguard``: an article of one of the kinds it is
        found among (``general``: a human-rights clause; ``cooperation``: a limit on the use of
        data received) whose caption names the protection, or, when no caption cue chose its
        kind ("Purpose", "Mutual assistance" stay what they are), whose opening binds the
        instrument to human rights, limits the use of personal data or opens a remedy. The rules
        keep reading it as the kind it had (``Provision.reads_as``): the human-rights clause rule
        finds the clause there, the data rules still read the data regime, and it covers no
        power (only a "Conditions and safeguards" article does: engine/context.py). Its cues
        stay those of the kind the rules read; the evidence names the protection."""
        caption = provision.caption or ""
        found = next((m for p in self._declaratory_caption if caption and (m := p.search(caption))), None)
        source = "caption"
        if found is None and not any(c.startswith("caption") for c in provision.kind_cues):
            lead = text[provision.body_start : min(provision.end, provision.body_start + self.config.lead_characters)]
            found = next((m for p in self._declaratory_body if (m := p.search(lead))), None)
            source = "text"
        if found is None:
            return
        cue = f"{source}: {found.group(0)[:80]!r}"
        provision.reads_as = provision.kind
        provision.kind = ProvisionKind.SAFEGUARD
        provision.kind_evidence = [KindEvidence(DECLARATORY, ProvisionKind.SAFEGUARD, cue, 0.0), *provision.kind_evidence]

    def _model(self):
        """The shipped model (``learned.py``), or None when this install has none."""
        from treatylint.engine.kinds.learned import shipped_model

        return shipped_model()

    def provision_kind(self, provision: Provision, text: str) -> tuple[ProvisionKind, list[str]]:
        """The cue rules' kind and the cues behind it (no model)."""
        verdict = self.verdict(provision, text)
        return verdict.kind, verdict.cues

    def verdict(self, provision: Provision, text: str, document_filter: Prefilter | None = None) -> RuleVerdict:
        """What the cue rules say: the winning kind, its points and cues, the runner-up, and
        the kinds the chapter headings name (even where they decided nothing). ``document_filter``:
        the document's prefilter, sliced for the article (default: its own)."""
        body = text[provision.body_start : provision.end]
        if not body.strip() and not provision.caption:
            return RuleVerdict(ProvisionKind.OTHER)
        caption = provision.caption or ""
        headings = " / ".join(f"{d.label} {d.heading or ''}" for d in provision.divisions)
        lead_characters = self.config.lead_characters
        lead = body[:lead_characters]
        # the lead is the body itself when the body is short: one prefilter answers for both
        short = len(body) <= lead_characters
        prefilter = Prefilter(body) if document_filter is None else document_filter.part(text, provision.body_start, provision.end)
        lead_filter = prefilter if short else prefilter.part(body, 0, len(lead))
        # the cues' required words in the body and in the lead, found in one pass (exact: a cue
        # whose words are absent cannot match); an EXOTIC text lets every cue through
        any_body, any_lead = prefilter.exotic, lead_filter.exotic
        folded_lead = lead_filter.folded
        if any_body and any_lead:
            present = lead_present = set()
        elif short:
            present = lead_present = self._body_words.found(prefilter.folded)[0]
        elif prefilter.folded.startswith(folded_lead):  # the lead's folded text is the body's start
            present, lead_present = self._body_words.found(prefilter.folded, len(folded_lead))
        else:  # a sigma, or a character whose lower case is longer, at the lead's end: its own pass
            present = self._body_words.found(prefilter.folded)[0]
            lead_present = self._body_words.found(folded_lead)[0]
        # where exact, the cues run case-sensitively on the folded texts (same spans, faster)
        folded = prefilter.twin_ready
        folded_body = prefilter.folded
        caption_hits = self._caption_hits(caption) if caption else None
        division_hits = self._division_hits(headings) if headings else None
        ranked: list[tuple[int, int, ProvisionKind]] = []
        cues_for: dict[ProvisionKind, list[str]] = {}
        weights_for: dict[ProvisionKind, dict[str, int]] = {}
        division_cues: dict[ProvisionKind, list[str]] = {}
        caption_cues: dict[ProvisionKind, list[str]] = {}
        first_sentence: str | None = None  # the lead up to its first full stop, when a kind asks
        # the body cues whose first requirement the article's words meet (all, for an EXOTIC text)
        if not any_body:
            let_through = set(self._cue_always)
            index_of = self._cue_index
            for word in present:
                listed = index_of.get(word)
                if listed is not None:
                    let_through.update(listed)
        number = -1
        in_field: bool | None = None  # is the instrument in treatylint's field, when a kind asks
        for index, (kind, compiled) in enumerate(self._kind_items):
            score = 0
            cues: list[str] = []
            weights: dict[str, int] = {}
            if caption_hits is not None:
                hits = caption_hits[index]
                if hits:
                    score += compiled.caption_weight * len(hits)
                    cues.extend(hits)
                    weights["caption"] = compiled.caption_weight
            division_score = 0
            if division_hits is not None:
                hits = division_hits[index]
                if hits:
                    division_score += self.config.division_weight * len(hits)
                    cues.extend(hits)
                    weights["division"] = self.config.division_weight
                    division_cues[kind] = list(hits)
            text_cue = False
            for pattern, twin, literals, ways in compiled.body_cues:
                number += 1
                if not (any_body or (number in let_through and met(literals, present))):
                    continue
                # where only a few ways through the cue have their words, each is tried alone first
                probe = ways if folded and twin is not None else None
                if folded and twin is not None:
                    searched, in_lead, in_body = twin, folded_lead, folded_body
                else:
                    searched, in_lead, in_body = pattern, lead, body
                if ((any_lead or met(literals, lead_present))
                        and (probe is None or _may_find(pattern, probe, lead_present, folded_lead))
                        and (m := searched.search(in_lead))):
                    score += max(compiled.lead_weight, compiled.body_weight)
                    cues.append(f"text: {lead[m.start():m.end()]!r}")
                    weights["text"] = max(weights.get("text", 0), compiled.lead_weight, compiled.body_weight)
                    text_cue = True
                elif (not short  # short: the lead search was this one
                      and (probe is None or _may_find(pattern, probe, present, folded_body))
                      and (m := searched.search(in_body))):
                    score += compiled.body_weight
                    cues.append(f"text: {body[m.start():m.end()]!r}")
                    weights["text"] = max(weights.get("text", 0), compiled.body_weight)
                    text_cue = True
            openings = compiled.opening
            if compiled.field_opening:
                if in_field is None:
                    in_field = tech_instrument(text)
                if in_field:
                    openings = [*openings, *compiled.field_opening]
            for pattern, literals in openings:
                if not (any_lead or met(literals, lead_present)):
                    continue
                if first_sentence is None:
                    first_sentence = _first_sentence(lead)
                if m := pattern.search(first_sentence):
                    score += compiled.opening_weight
                    cues.append(f"text: {m.group(0)!r}")
                    weights["text"] = max(weights.get("text", 0), compiled.opening_weight)
                    text_cue = True
                    break
            if compiled.needs_text_cue and not text_cue:
                if caption_hits is not None and caption_hits[index]:  # named, unconfirmed: combine.py weighs it
                    caption_cues[kind] = list(caption_hits[index])
                continue
            if score:  # a chapter heading supports a kind; alone it does not decide it
                score += division_score
                cues_for[kind] = cues
                weights_for[kind] = weights
                ranked.append((score, -self._rank.get(kind, 99), kind))
        if not ranked:
            return RuleVerdict(ProvisionKind.OTHER, division_cues=division_cues, caption_cues=caption_cues,
                               folded=prefilter.folded)
        ranked.sort(reverse=True)
        score, _, kind = ranked[0]
        verdict = RuleVerdict(kind, score, cues_for[kind], division_cues=division_cues, caption_cues=caption_cues,
                              weights=weights_for[kind], folded=prefilter.folded)
        if len(ranked) > 1:
            verdict.runner_up_score, _, verdict.runner_up = ranked[1]
            verdict.runner_up_cues = cues_for[verdict.runner_up]
        return verdict

    def _caption_hits(self, caption: str) -> tuple[tuple[str, ...], ...]:
        """Per kind, the caption cues found in ``caption``."""
        return self._cue_hits(caption, "caption", self._caption_memo)

    def _division_hits(self, headings: str) -> tuple[tuple[str, ...], ...]:
        """Per kind, the chapter-heading cues found in ``headings``."""
        return self._cue_hits(headings, "division", self._division_memo)

    def _cue_hits(self, text: str, cue: str, memo: dict) -> tuple[tuple[str, ...], ...]:
        """Per kind, the ``cue`` patterns ("caption" or "division") found in ``text``. Captions
        and headings repeat across drafts, so the searches are memoised by text (same results)."""
        hits = memo.get(text)
        if hits is None:
            prefilter = Prefilter(text)
            folded = prefilter.folded if prefilter.twin_ready else None
            everything = prefilter.exotic  # an EXOTIC text lets every cue through (prefilter.py)
            present = set() if everything else self._heading_words.found(prefilter.folded)[0]  # one pass
            found: list[tuple[str, ...]] = []
            for _, compiled in self._kind_items:
                kind_hits: list[str] = []
                for pattern, twin, literals in getattr(compiled, f"{cue}_cues"):
                    if not (everything or met(literals, present)):
                        continue
                    if folded is not None and twin is not None:  # the same span, found faster
                        if m := twin.search(folded):
                            kind_hits.append(f"{cue}: {text[m.start():m.end()]!r}")
                    elif m := pattern.search(text):
                        kind_hits.append(f"{cue}: {m.group(0)!r}")
                found.append(tuple(kind_hits))
            hits = tuple(found)
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            memo[text] = hits
        return hits

    def _classify_clauses(self, provision: Provision, text: str, document_filter: Prefilter | None = None) -> None:
        blocks = provision.blocks
        if not blocks:
            return
        # a cue whose words are absent from the span covering every block cannot match in any
        # block (each block's text is part of the span): check those once per provision
        document_filter = document_filter or Prefilter(text)
        span_filter = document_filter.part(text, min(b.start for b in blocks), max(b.end for b in blocks))
        everything = span_filter.exotic  # an EXOTIC text lets every cue through (prefilter.py)
        words = set() if everything else self._clause_words.found(span_filter.folded)[0]  # one pass
        clauses = [
            (kind, pattern, twin, literals)
            for (kind, pattern), twin, literals in zip(self._clauses, self._clause_twins, self._clause_literals)
            if everything or met(literals, words)
        ]
        for block in blocks:
            if clauses:
                chunk = text[block.start : block.end]
                prefilter = document_filter.part(text, block.start, block.end)
                folded = prefilter.folded if prefilter.twin_ready else None
                for kind, pattern, twin, literals in clauses:
                    if prefilter.may_match(literals) and (
                        twin.search(folded) if folded is not None and twin is not None else pattern.search(chunk)
                    ):
                        block.kind = kind
                        break
                else:
                    if block.chapeau is not None and blocks[block.chapeau].kind is not None:
                        block.kind = blocks[block.chapeau].kind
            elif block.chapeau is not None and blocks[block.chapeau].kind is not None:
                block.kind = blocks[block.chapeau].kind


_MAX_PROBES = 8  # ways searched one by one before the whole cue; more: the cue at once
_SCANNED: dict[str, int] = {}  # cue source -> characters searched whole in this process (_may_find)


def _may_find(pattern, ways: tuple, present: set[str], folded: str) -> bool:
    """Whether the cue ``pattern`` may match in ``folded`` (a folded text holding the words
    ``present``): False when none of the ways through it whose words are there matches alone
    (``prefilter.alternative_twin``; most cue searches end so, each way found by a fast scan
    for its word, where the whole cue is tried at every word start). Exact: a match of the cue
    is a match of one of its ways. True when it cannot tell cheaply, or while the cue has
    searched fewer than ``PROBE_AFTER`` characters whole in this process (compiling its ways
    costs a one-draft check more than they save it)."""
    done = _SCANNED.get(pattern.pattern, 0)
    if done < PROBE_AFTER:
        _SCANNED[pattern.pattern] = done + len(folded)
        return True
    viable = [index for index, way in enumerate(ways) if met(way, present)]
    if len(viable) > _MAX_PROBES:
        return True
    for index in viable:
        twin = alternative_twin(pattern.pattern, pattern.flags, index)
        if twin is None or twin.search(folded):
            return True
    return False


_MEMO_LIMIT = 20_000  # distinct captions / division headings remembered
_SENTENCE_END = re.compile(r"[.;:](?=\s|$)")


def _first_sentence(lead: str) -> str:
    """The article's opening sentence (to its first full stop, semicolon or colon), within the
    lead: what an opening cue reads ("Assistance shall not be provided in the following cases:")."""
    lead = lead.lstrip()
    end = _SENTENCE_END.search(lead, 4)  # a paragraph number ("1.", "12.") before it is no end
    return lead if end is None else lead[: end.end()]


def effective_kind(provision: Provision, block: Block | None) -> ProvisionKind:
    """The kind that governs words in ``block`` for the rules: its clause kind if it has one,
    else the kind the rules read the provision as (``Provision.rule_kind``)."""
    if block is not None and block.kind is not None:
        return block.kind
    return provision.rule_kind
