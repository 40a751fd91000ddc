"""The schema of ``provision-kinds.yml``: the cues that decide a provision's kind.

Part of a rule pack (read and validated by ``loader.load_kind_config``); the classifier in
``engine/kinds`` runs it.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from treatylint.document.model import ProvisionKind
from treatylint.rulepack.schema import BUILTIN, check_regex


class KindCues(BaseModel):
    model_config = ConfigDict(extra="forbid")
    caption: list[str] = Field(default_factory=list)
    body: list[str] = Field(default_factory=list)
    division: list[str] = Field(default_factory=list, description="headings of the chapter/section the article is in")
    opening: list[str] = Field(default_factory=list,
                               description="tried on the article's first sentence only: what the article opens by saying")
    opening_weight: int = Field(default=0, ge=0, description="points of an opening cue")
    field_opening: list[str] = Field(
        default_factory=list,
        description="opening cues read only in an instrument on computers, data or electronic evidence: forms "
                    "that old criminal-law treaties of other fields share, where the model (with doubt) decides")
    caption_weight: int | None = None
    lead_weight: int | None = None
    body_weight: int | None = None
    needs_text_cue: bool = Field(default=False, description="only chosen when a text cue matched")

    @field_validator("caption", "body", "division", "opening", "field_opening")
    @classmethod
    def _bounded(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return [check_regex(p, info.context is not BUILTIN) for p in value]


_SPECIFIC = [
    ProvisionKind.OFFENCE,
    ProvisionKind.PROCEDURAL,
    ProvisionKind.COOPERATION,
    ProvisionKind.JURISDICTION,
    ProvisionKind.DEFINITION,
    ProvisionKind.SAFEGUARD,
    ProvisionKind.FINAL,
]


class LearnedConfig(BaseModel):
    """The ``learned:`` section of ``provision-kinds.yml``: when the model is asked and heeded."""

    model_config = ConfigDict(extra="forbid")
    use: bool = True
    gate: list[str] = Field(
        default_factory=list,
        description="lower-case word stems; the model reads an undecided article only if its opening has one "
        "(or a chapter heading names a kind)",
    )
    gate_characters: int = Field(default=1000, ge=1, le=100_000)
    gate_divisions: list[ProvisionKind] = Field(
        default_factory=lambda: [ProvisionKind.OFFENCE, ProvisionKind.PROCEDURAL, ProvisionKind.COOPERATION],
        description="a chapter heading naming one of these kinds opens the gate by itself",
    )
    adopt: float = Field(default=0.6, ge=0, le=1, description="the model's kind replaces an undecided verdict")
    adopt_in_division: float = Field(default=0.4, ge=0, le=1, description="... when a chapter heading or the caption names that kind")
    adopt_named_twice: float = Field(default=0.15, ge=0, le=1,
                                     description="... when the caption and a chapter heading both name that kind")
    kinds: list[ProvisionKind] = Field(default_factory=lambda: list(_SPECIFIC), description="kinds the model may give")
    other_margin: float = Field(default=0.0, ge=0, le=1,
                                description="in an instrument in the field, the model's 'other' must beat its runner-up by "
                                            "more than this, or the runner-up counts as its first choice")


class DeclaratoryCues(BaseModel):
    """The ``declaratory_safeguards:`` section of ``provision-kinds.yml``: what makes an article
    of one of the ``among`` kinds a declaratory safeguard (a human-rights clause, a data-use
    limit, a remedy). It is reported as ``safeguard`` and the rules keep reading it as the kind
    it had; only a covering safeguard ("Conditions and safeguards") limits the powers it names."""

    model_config = ConfigDict(extra="forbid")
    among: list[ProvisionKind] = Field(default_factory=lambda: [ProvisionKind.GENERAL],
                                       description="the kinds a declaratory safeguard is found among")
    caption: list[str] = Field(default_factory=list, description="a caption that names the protection")
    body: list[str] = Field(default_factory=list,
                            description="in the article's opening, where no caption cue chose its kind")

    @field_validator("caption", "body")
    @classmethod
    def _bounded(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return [check_regex(p, info.context is not BUILTIN) for p in value]


_CLASS_NAME = re.compile(r"@([A-Z][A-Z_]*)\b")


def expand_classes(pattern: str, classes: dict[str, list[str]]) -> str:
    """``pattern`` with each ``@NAME`` replaced by its word class: an alternation of the class's
    phrases (spaces match any whitespace). WHY: one modality class ("shall", "must", "will", "is
    to", "undertakes to" ...) read by every cue that needs it, so a cue written once reads the
    drafting registers a draft may use, as the grammar of legal acts does (``legal-acts.yml``)."""
    def phrase(words: str) -> str:
        return r"\s+".join(re.escape(w) for w in words.split())

    def class_of(m: re.Match) -> str:
        name = m.group(1).lower()
        if name not in classes:
            raise ValueError(f"unknown word class @{m.group(1)} (classes: {', '.join(sorted(classes)) or 'none'})")
        # longest first: "is bound to" before "is to"
        return "(?:" + "|".join(phrase(p) for p in sorted(classes[name], key=len, reverse=True)) + ")"

    return _CLASS_NAME.sub(class_of, pattern) if "@" in pattern else pattern


def _grammar_classes() -> dict[str, list[str]]:
    from treatylint.engine.acts import word_classes  # the built-in grammar's, read once

    return word_classes()


def _expand_all(data: Any) -> Any:
    """Every cue pattern of a kinds file with its ``@CLASS`` names expanded (see ``classes``)."""
    if not isinstance(data, dict):
        return data
    own = data.get("classes") if isinstance(data.get("classes"), dict) else {}
    # the grammar of legal acts' word classes (legal-acts.yml: one list of the modalities for
    # acts and kinds alike), and the file's own, which may add or redefine one
    classes = {**_grammar_classes(), **{str(k).lower(): [str(w) for w in (v or [])] for k, v in own.items()}}
    data = dict(data)

    def patterns(value: Any) -> Any:
        return [expand_classes(p, classes) if isinstance(p, str) else p for p in value] if isinstance(value, list) else value

    if isinstance(data.get("kinds"), dict):
        data["kinds"] = {
            kind: {k: patterns(v) if k in ("caption", "body", "division", "opening", "field_opening") else v for k, v in cues.items()}
            if isinstance(cues, dict) else cues
            for kind, cues in data["kinds"].items()
        }
    if isinstance(data.get("clauses"), dict):
        data["clauses"] = {kind: patterns(v) for kind, v in data["clauses"].items()}
    if isinstance(data.get("declaratory_safeguards"), dict):
        data["declaratory_safeguards"] = {k: patterns(v) if k in ("caption", "body") else v
                                          for k, v in data["declaratory_safeguards"].items()}
    return data


class KindConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # word classes a cue names as @NAME (upper case), beside those of the grammar of legal acts
    # (@OBLIGED, the modality of obligation, comes from legal-acts.yml)
    classes: dict[str, list[str]] = Field(default_factory=dict)
    caption_weight: int = 4
    lead_weight: int = 3
    body_weight: int = 1
    division_weight: int = 3
    lead_characters: int = 400
    priority: list[ProvisionKind]
    kinds: dict[ProvisionKind, KindCues]
    clauses: dict[ProvisionKind, list[str]] = Field(default_factory=dict)
    learned: LearnedConfig = Field(default_factory=LearnedConfig)  # when the kind model is asked and heeded
    declaratory_safeguards: DeclaratoryCues = Field(default_factory=DeclaratoryCues)
    undecided_in_field: ProvisionKind = Field(
        default=ProvisionKind.OTHER,
        description="the kind of an article nothing decided, in an instrument on computers, data or electronic "
                    "evidence (outside that field it stays 'other')")

    @model_validator(mode="before")
    @classmethod
    def _classes(cls, data: Any) -> Any:
        return _expand_all(data)

    @field_validator("clauses")
    @classmethod
    def _bounded(cls, value: dict[ProvisionKind, list[str]], info: ValidationInfo) -> dict[ProvisionKind, list[str]]:
        compile = info.context is not BUILTIN
        return {kind: [check_regex(p, compile) for p in patterns] for kind, patterns in value.items()}
