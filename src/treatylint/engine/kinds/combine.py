"""Weigh the evidence for a provision's kind: caption, chapter headings, cue phrases, the model.

The cue rules (``classifier.py``) decide most articles, and decide them well when a caption or a
known formula speaks. Where they say nothing (``other``) or only something general, the learned
model (``learned.py``) reads the body. (Where two kinds nearly tie the model is not asked: on a
draft read as one block it broke an offence/definition tie the wrong way and hid offences.) It is asked only when cheap
evidence suggests the article may matter (a legal-act word in its opening, or a chapter heading
that names a kind), so a tax treaty's ``Dividends`` never costs a model call.

What each provision ends up with: ``kind``, ``kind_confidence`` (0-1) and ``kind_evidence`` (every
caption, division, cue and model score that was weighed), which ``treatylint outline`` shows and
later stages can use to treat a doubtful kind with doubt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from treatylint.document.model import KindEvidence, Provision, ProvisionKind
from treatylint.engine.prefilter import Literals
from treatylint.rulepack.kinds_schema import LearnedConfig



@dataclass(slots=True)
class RuleVerdict:
    """What the cue rules found for one provision."""

    kind: ProvisionKind
    score: int = 0  # points of the winning kind (0: nothing matched)
    cues: list[str] = field(default_factory=list)  # "caption: '...'", "division: '...'", "text: '...'"
    runner_up: ProvisionKind | None = None
    runner_up_score: int = 0
    runner_up_cues: list[str] = field(default_factory=list)
    division_cues: dict[ProvisionKind, list[str]] = field(default_factory=dict)  # kinds the chapter headings name
    # kinds the caption names that the cue rules would not take without a cue in the body
    # ("Criminal offences relating to ..." over a body in words no cue list has)
    caption_cues: dict[ProvisionKind, list[str]] = field(default_factory=dict)
    weights: dict[str, int] = field(default_factory=dict)  # points per cue source ("caption", ...)
    folded: str = ""  # the body in lower case (the cue prefilter's), for the model's gate

    @property
    def division_kinds(self) -> list[ProvisionKind]:
        return list(self.division_cues)

    @property
    def confidence(self) -> float:
        """The winner's share of the points, damped so one weak cue is not certainty."""
        if self.score <= 0:
            return 0.5
        return round(self.score / (self.score + self.runner_up_score + 2), 2)

    def undecided(self, config: LearnedConfig) -> bool:
        """Nothing specific said: ``other``, or ``general`` without a caption saying so."""
        if self.kind == ProvisionKind.OTHER:
            return True
        return self.kind == ProvisionKind.GENERAL and not any(c.startswith("caption:") for c in self.cues)

    def evidence(self) -> list[KindEvidence]:
        found = []
        for cue in self.cues:
            source, _, detail = cue.partition(": ")
            found.append(KindEvidence(source, self.kind, detail, float(self.weights.get(source, 0))))
        for cue in self.runner_up_cues:
            source, _, detail = cue.partition(": ")
            if source != "division":  # headings are listed below
                found.append(KindEvidence(source, self.runner_up, detail, 0.0))
        for kind, cues in self.caption_cues.items():  # no body cue confirmed them: see cue_backed
            for cue in cues:
                found.append(KindEvidence(UNCONFIRMED_CAPTION, kind, cue.partition(": ")[2], 0.0))
        for kind, cues in self.division_cues.items():
            if kind != self.kind:  # a heading that named another kind, or that alone decided nothing
                for cue in cues:
                    found.append(KindEvidence("division", kind, cue.partition(": ")[2], 0.0))
        return found


def needs_model(verdict: RuleVerdict, config: LearnedConfig) -> bool:
    """The gate: undecided, and cheap evidence that the article may matter."""
    if not config.use or not verdict.undecided(config):
        return False
    if any(kind in config.gate_divisions for kind in verdict.division_kinds):
        return True
    # whitespace squashed: "law enforcement" hard-wrapped over two lines opens the gate too
    opening = " ".join(verdict.folded[: config.gate_characters].split())
    return _gate(tuple(config.gate)).any_in(opening)  # the stems in one pass: ~20,000 calls a corpus


@lru_cache(maxsize=16)
def _gate(stems: tuple[str, ...]) -> Literals:
    return Literals(stems)


def settle(provision: Provision, verdict: RuleVerdict, scores: dict[ProvisionKind, float] | None, config: LearnedConfig,
           in_field: ProvisionKind | None = None, division_decides: frozenset[ProvisionKind] = frozenset()) -> None:
    """Set the provision's kind, confidence and evidence from the rules' verdict and, when the
    model was asked, its probabilities.

    In an instrument in treatylint's field (computers, data, electronic evidence: ``in_field``
    is then the kind given by ``undecided_in_field``), ``other`` is no answer: there every
    article is part of the regime the rules read. An article nothing else decided takes its
    chapter heading's kind when the heading names one kind of ``division_decides`` (kinds that
    need no legal act in the body: an undecided article in "Chapter III - International
    cooperation" is a cooperation article, one in "Final clauses" a final clause; offences and
    powers need their act), else ``in_field``; and the model's ``other`` must beat its
    runner-up by a margin (``_field_top``). Outside the field an undecided article stays
    ``other``: a fisheries or tax treaty's articles are not promoted into the rules' reach."""
    provision.kind = verdict.kind
    provision.kind_cues = verdict.cues
    evidence = verdict.evidence()
    confidence = verdict.confidence
    if scores is not None:
        scores = {kind: round(p, 2) for kind, p in scores.items()}  # as shown, so as weighed
        top = max(scores, key=scores.__getitem__)
        p_top = scores[top]
        evidence.append(KindEvidence("model", top, f"{p_top:.2f}", round(p_top, 3)))
        if in_field is not None:
            top = _field_top(scores, top, config)
            p_top = scores[top]
        if top == verdict.kind:
            confidence = max(confidence, p_top)
        elif verdict.undecided(config) and (adopted := _adopt(verdict, scores, top, config)) is not None:
            provision.kind = adopted
            provision.kind_cues = []  # the cues (if any) pointed elsewhere
            confidence = scores[adopted]
            if adopted != top:
                evidence.append(KindEvidence("model", adopted, f"{confidence:.2f}", round(confidence, 3)))
        else:
            confidence = min(confidence, scores.get(verdict.kind, 0.0))
    if provision.kind == ProvisionKind.OTHER and in_field is not None and len(verdict.caption_cues) == 1:
        # a caption that names an offence or a power in words the cue lists do not confirm in
        # the body ("Covert access to computer systems" over "The police may, by technical
        # means, access ..."): in the field the caption is heeded, unless the model is sure of
        # another specific kind
        named_kind = next(iter(verdict.caption_cues))
        if scores is None or not any(k not in (ProvisionKind.OTHER, named_kind) and p >= config.adopt for k, p in scores.items()):
            provision.kind = named_kind
            confidence = min(confidence, 0.5)
    if provision.kind == ProvisionKind.OTHER and in_field is not None and verdict.division_cues:
        named = [k for k in verdict.division_cues if k in division_decides]
        if len(named) == 1 and len(verdict.division_cues) == 1:  # "Offences and cooperation" decides nothing
            provision.kind = named[0]
            confidence = min(confidence, 0.5)
    if provision.kind == ProvisionKind.OTHER and in_field is not None and in_field != ProvisionKind.OTHER:
        # nothing decided it, but the instrument is one treatylint's rules are written for: an
        # article there is part of its regime (costs, competent bodies, liability of legal
        # persons, review), not a stray provision of a tax or air treaty
        provision.kind = in_field
        evidence.append(KindEvidence(FIELD, in_field, "undecided, in an instrument on computers, data or electronic evidence", 0.0))
        confidence = min(confidence, 0.5)
    provision.kind_confidence = round(confidence, 2)
    provision.kind_evidence = evidence


def _field_top(scores: dict[ProvisionKind, float], top: ProvisionKind, config: LearnedConfig) -> ProvisionKind:
    """The model's first choice, read for an instrument in the field. It learned ``other``
    from tax, air and trade treaties, where most articles are nothing treatylint knows; in a
    cybercrime draft that prior is wrong, and its ``other`` mostly means "not worded as the
    corpus words it" (a penal-code section, a police arrangement). There ``other`` is its
    first choice only when it beats the runner-up by more than ``other_margin``; otherwise the
    runner-up is, and a caption or chapter heading naming that kind can then decide
    (``_adopt``)."""
    if top != ProvisionKind.OTHER:
        return top
    runner = max((k for k in scores if k != ProvisionKind.OTHER), key=scores.__getitem__, default=top)
    return runner if scores[top] - scores.get(runner, 0.0) <= config.other_margin else top


def _adopt(verdict: RuleVerdict, scores: dict[ProvisionKind, float], top: ProvisionKind, config: LearnedConfig) -> ProvisionKind | None:
    """The kind an undecided article takes from the model, if any: the model's first choice
    when it is sure enough (``adopt``); else a kind its chapter heading or its caption names,
    when the model ranks that kind first or gives it ``adopt_in_division`` ("CHAPTER II -
    CRIMINALIZATION": an article there that reads like an offence is one); else a kind that
    caption and chapter heading BOTH name, two pieces of evidence the model cannot see, when the
    model gives it at least ``adopt_named_twice`` (it does not rule it out)."""
    if top in config.kinds and scores[top] >= config.adopt:
        return top
    named = verdict.division_kinds + [k for k in verdict.caption_cues if k not in verdict.division_cues]
    for kind in named:
        if kind in config.kinds and (kind == top or scores.get(kind, 0.0) >= config.adopt_in_division):
            return kind
    for kind in verdict.division_kinds:
        if kind in verdict.caption_cues and kind in config.kinds and scores.get(kind, 0.0) >= config.adopt_named_twice:
            return kind
    return None


def cue_backed(provision: Provision) -> bool:
    """Whether something besides the model (a caption, a cue phrase, a chapter heading) points to
    the provision's kind. Document-level scopes ask this: one article that only reads like an
    offence should not make a whole treaty an instrument that creates offences."""
    if provision.kind_cues or not provision.kind_evidence:
        return True  # decided by the cue rules, or set by the parser (the preamble)
    # a caption the cue rules would not take alone ("Offences against the administration of
    # justice" over a body with no criminalisation cue) helps decide the article, not the treaty
    return any(e.source not in _SOFT and e.kind == provision.rule_kind for e in provision.kind_evidence)


UNCONFIRMED_CAPTION = "caption (no body cue)"
FIELD = "field"  # the instrument's field, for an article nothing else decided
_SOFT = ("model", UNCONFIRMED_CAPTION, FIELD)
