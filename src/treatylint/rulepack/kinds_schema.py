"""The schema of ``provision-kinds.yml``: the cues that decide a provision's kind.

Part of a rule pack (read and validated by ``loader.load_kind_config``); the classifier in
``engine/kinds`` runs it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from treatylint.document.model import ProvisionKind
from treatylint.rulepack.schema import check_regex


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
