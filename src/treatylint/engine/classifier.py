"""Classify provisions (and clauses inside them) by kind, from the cues in ``provision-kinds.yml``.

The cues are data so that an analyst can correct a misclassification without reading Python;
``treatylint outline`` shows the result and the cues behind it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from treatylint.document.model import Block, Document, Provision, ProvisionKind
from treatylint.engine.prefilter import Prefilter, required_literals
from treatylint.engine.rule_model import check_regex
from treatylint.errors import RuleError


class KindCues(BaseModel):
    model_config = ConfigDict(extra="forbid")
    caption: list[str] = Field(default_factory=list)
    body: list[str] = Field(default_factory=list)
    division: list[str] = Field(default_factory=list, description="headings of the chapter/section the article is in")
    caption_weight: int | None = None
    lead_weight: int | None = None
    body_weight: int | None = None
    needs_text_cue: bool = Field(default=False, description="only chosen when a text cue matched")

    @field_validator("caption", "body", "division")
    @classmethod
    def _bounded(cls, value: list[str]) -> list[str]:
        return [check_regex(p) for p in value]


class KindConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    caption_weight: int = 4
    lead_weight: int = 3
    body_weight: int = 1
    division_weight: int = 3
    lead_characters: int = 400
    priority: list[ProvisionKind]
    kinds: dict[ProvisionKind, KindCues]
    clauses: dict[ProvisionKind, list[str]] = Field(default_factory=dict)

    @field_validator("clauses")
    @classmethod
    def _bounded(cls, value: dict[ProvisionKind, list[str]]) -> dict[ProvisionKind, list[str]]:
        return {kind: [check_regex(p) for p in patterns] for kind, patterns in value.items()}


class _Compiled:
    __slots__ = ("caption", "body", "body_literals", "division", "caption_weight", "lead_weight", "body_weight", "needs_text_cue")

    def __init__(self, cues: KindCues, config: "KindConfig") -> None:
        self.caption = [re.compile(p, re.IGNORECASE) for p in cues.caption]
        self.body = [re.compile(p, re.IGNORECASE) for p in cues.body]
        self.body_literals = [required_literals(p) for p in cues.body]  # exact prefilter, see prefilter.py
        self.division = [re.compile(p, re.IGNORECASE) for p in cues.division]
        self.caption_weight = cues.caption_weight if cues.caption_weight is not None else config.caption_weight
        self.lead_weight = cues.lead_weight if cues.lead_weight is not None else config.lead_weight
        self.body_weight = cues.body_weight if cues.body_weight is not None else config.body_weight
        self.needs_text_cue = cues.needs_text_cue


class Classifier:
    def __init__(self, config: KindConfig) -> None:
        self.config = config
        self._kinds = {kind: _Compiled(cues, config) for kind, cues in config.kinds.items()}
        # one regex per cue, each behind its own literal prefilter: a block is checked only
        # against the cues whose words it contains
        self._clauses = [
            (kind, re.compile(p, re.IGNORECASE)) for kind, patterns in config.clauses.items() for p in patterns
        ]
        self._clause_literals = [required_literals(pattern.pattern) for _, pattern in self._clauses]
        self._rank = {kind: i for i, kind in enumerate(config.priority)}

    @classmethod
    def from_file(cls, path: Path) -> "Classifier":
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except (OSError, yaml.YAMLError) as exc:
            raise RuleError(f"{path}: cannot read provision kinds: {_one_line(exc)}") from None
        try:
            return cls(KindConfig.model_validate(data))
        except ValueError as exc:
            raise RuleError(f"{path}: {_one_line(exc)}") from None

    def classify(self, document: Document) -> None:
        """Set ``kind``/``kind_cues`` on every article and ``kind`` on clauses that need one."""
        text = document.text
        for provision in document.provisions:
            provision.kind, provision.kind_cues = self.provision_kind(provision, text)
            self._classify_clauses(provision, text)

    def provision_kind(self, provision: Provision, text: str) -> tuple[ProvisionKind, list[str]]:
        body = text[provision.body_start : provision.end]
        if not body.strip() and not provision.caption:
            return ProvisionKind.OTHER, []
        caption = provision.caption or ""
        headings = " / ".join(f"{d.label} {d.heading or ''}" for d in provision.divisions)
        lead = body[: self.config.lead_characters]
        prefilter, lead_filter = Prefilter(body), Prefilter(lead)
        best: tuple[int, int, ProvisionKind] | None = None
        cues_for: dict[ProvisionKind, list[str]] = {}
        for kind, compiled in self._kinds.items():
            score = 0
            cues: list[str] = []
            for pattern in compiled.caption:
                if caption and (m := pattern.search(caption)):
                    score += compiled.caption_weight
                    cues.append(f"caption: {m.group(0)!r}")
            division_score = 0
            for pattern in compiled.division:
                if headings and (m := pattern.search(headings)):
                    division_score += self.config.division_weight
                    cues.append(f"division: {m.group(0)!r}")
            for pattern, literals in zip(compiled.body, compiled.body_literals):
                if not prefilter.may_match(literals):
                    continue
                if lead_filter.may_match(literals) and (m := pattern.search(lead)):
                    score += max(compiled.lead_weight, compiled.body_weight)
                    cues.append(f"text: {m.group(0)!r}")
                elif m := pattern.search(body):
                    score += compiled.body_weight
                    cues.append(f"text: {m.group(0)!r}")
            if compiled.needs_text_cue and not any(c.startswith("text:") for c in cues):
                continue
            if score:  # a chapter heading supports a kind; alone it does not decide it
                score += division_score
                cues_for[kind] = cues
                candidate = (score, -self._rank.get(kind, 99), kind)
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
        if best is None:
            return ProvisionKind.OTHER, []
        return best[2], cues_for[best[2]]

    def _classify_clauses(self, provision: Provision, text: str) -> None:
        blocks = provision.blocks
        for index, block in enumerate(blocks):
            chunk = text[block.start : block.end]
            prefilter = Prefilter(chunk)
            for (kind, pattern), literals in zip(self._clauses, self._clause_literals):
                if prefilter.may_match(literals) and pattern.search(chunk):
                    block.kind = kind
                    break
            else:
                if block.chapeau is not None and blocks[block.chapeau].kind is not None:
                    block.kind = blocks[block.chapeau].kind


def effective_kind(provision: Provision, block: Block | None) -> ProvisionKind:
    """The kind that governs words in ``block``: its clause kind if it has one."""
    if block is not None and block.kind is not None:
        return block.kind
    return provision.kind


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
