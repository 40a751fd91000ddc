"""The schema of a rule file, validated with pydantic.

A rule is plain YAML an analyst can write. Its parts, in the order the engine uses them:

``scope``    which provisions the rule looks at (by kind, or the whole document);
``match``    the words that trigger it (phrases, bounded regexes, spaCy token patterns);
``require``  for absence rules: safeguard language that must be present, or the rule fires;
``unless``   mitigating language that suppresses or downgrades a finding;
``aggravate`` language that makes it more serious (raises severity);
``message``  a template that may quote ``{match}``, ``{provision}``, ``{missing}``, ``{mitigations}``.
"""

from __future__ import annotations

import re
import string
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from treatylint.document.model import ProvisionKind
from treatylint.findings import CATEGORIES, Severity

MAX_REGEX_LENGTH = 600
MESSAGE_FIELDS = frozenset({"match", "provision", "caption", "kind", "missing", "mitigations", "term", "via"})
Within = Literal["sentence", "paragraph", "provision", "document"]
Resolve = Literal["chapeau", "safeguard-articles", "cross-references", "definitions"]

# An unbounded quantifier directly after a group that itself repeats ("(a+)+", "(\w*)*") can
# backtrack exponentially. Rules must use bounded repeats such as "(?:\w+\s+){0,6}" instead.
_NESTED_QUANTIFIER = re.compile(r"[*+}]\)(?:[*+]|\{\d*,\})")
_UNBOUNDED_DOT = re.compile(r"(?<!\\)\.[*+]")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def check_regex(pattern: str) -> str:
    """Refuse patterns that could run away: too long, unbounded wildcards, nested repeats."""
    if len(pattern) > MAX_REGEX_LENGTH:
        raise ValueError(f"regex is {len(pattern)} characters; the limit is {MAX_REGEX_LENGTH}")
    if _UNBOUNDED_DOT.search(pattern):
        raise ValueError(f"regex {pattern!r} uses an unbounded '.*' or '.+'; write a bounded '.{{0,80}}'")
    if _NESTED_QUANTIFIER.search(pattern):
        raise ValueError(f"regex {pattern!r} repeats a group that already repeats; this can hang")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regex {pattern!r}: {exc}") from None
    return pattern


class Pattern(_Strict):
    """Words to look for. Any one of the alternatives matches."""

    phrases: list[str] = Field(default_factory=list, description="case-insensitive; '*' ends a word stem")
    regex: list[str] = Field(default_factory=list, description="bounded Python regular expressions")
    tokens: list[list[dict]] = Field(default_factory=list, description="spaCy Matcher patterns")

    @field_validator("regex")
    @classmethod
    def _bounded(cls, value: list[str]) -> list[str]:
        return [check_regex(p) for p in value]

    @field_validator("phrases")
    @classmethod
    def _nonempty(cls, value: list[str]) -> list[str]:
        for phrase in value:
            if not phrase.strip():
                raise ValueError("empty phrase")
            if len(phrase) > 200:
                raise ValueError(f"phrase {phrase[:40]!r}... is longer than 200 characters")
        return value

    def is_empty(self) -> bool:
        return not (self.phrases or self.regex or self.tokens)


class Trigger(Pattern):
    """The ``match`` block: a pattern plus how far the engine follows defined terms."""

    through_definitions: bool = Field(
        default=False, description="also look inside the definitions of terms the provision uses"
    )
    definitions_in: list[ProvisionKind] = Field(
        default_factory=list,
        description="kinds of provision whose use of a defined term counts (default: the rule's scope)",
    )


class _Context(Pattern):
    """Words looked for around a match, with a label that reports say when they are found."""

    label: str
    within: Within = "provision"
    resolve: list[Resolve] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_words(self) -> "_Context":
        if self.is_empty():
            raise ValueError(f"{type(self).__name__.lower()} {self.label!r} has no phrases, regex or tokens")
        return self


class Mitigation(_Context):
    """Language that, when present near a match, suppresses or downgrades the finding."""

    within: Within = "sentence"
    effect: Literal["suppress", "downgrade"] = "suppress"


class Aggravator(_Context):
    """Language that makes a finding more serious: each one present raises severity one level."""


class Requirement(_Context):
    """Language that must be present (in ``within``), or the rule fires. Used by absence rules."""

    displaced_by: Pattern | None = Field(
        default=None,
        description="words in the provision that set aside safeguards found elsewhere "
        "('notwithstanding Article 13', 'without prior authorisation'): then only the provision counts",
    )


class Scope(_Strict):
    level: Literal["provision", "document"] = "provision"
    kinds: list[ProvisionKind] = Field(default_factory=list, description="empty means every kind")
    exclude_kinds: list[ProvisionKind] = Field(default_factory=list)
    # only run on documents that have a provision of one of these kinds (e.g. offences): a
    # trade agreement that creates no offences and no powers is out of scope for most rules
    if_document_has: list[ProvisionKind] = Field(default_factory=list)
    # ... or that mentions one of these (a pure cooperation agreement on "information crimes")
    if_document_mentions: Pattern | None = None
    # ... or whose title or preamble mentions one of these (an agreement "on cooperation in
    # combating offences in the sphere of information technologies")
    if_title_mentions: Pattern | None = None
    # provision-level rules: only provisions that mention one of these words
    mentions: Pattern | None = None


class Docs(_Strict):
    flags: str = Field(description="What the rule flags")
    why: str = Field(description="Why it matters, with the standard")
    example: str = Field(description="A passage the rule flags")
    fix: str = Field(description="How to redraft")
    compliant: str | None = Field(default=None, description="A passage that does not trigger it")


class Rule(_Strict):
    id: str
    category: str
    severity: Severity
    message: str
    rationale: str
    references: list[str] = Field(min_length=1)
    docs: Docs
    scope: Scope = Field(default_factory=Scope)
    match: Trigger | None = None
    require: list[Requirement] = Field(default_factory=list)
    require_mode: Literal["any", "all"] = Field(
        default="any", description="'any': fire when no requirement is met; 'all': fire when one is missing"
    )
    unless: list[Mitigation] = Field(default_factory=list)
    aggravate: list[Aggravator] = Field(default_factory=list)
    max_downgrade: int = Field(
        default=2, ge=0, le=2, description="how many severity levels mitigating language may remove"
    )
    tags: list[str] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _id_format(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9]+(?:[-/][a-z0-9]+)*", value):
            raise ValueError(f"id {value!r} must be lowercase words joined by '-' or '/'")
        return value

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if value not in CATEGORIES:
            raise ValueError(f"category {value!r} is not one of: {', '.join(CATEGORIES)}")
        return value

    @field_validator("message")
    @classmethod
    def _safe_template(cls, value: str) -> str:
        for _, name, spec, conversion in string.Formatter().parse(value):
            if name is None:
                continue
            if name not in MESSAGE_FIELDS or spec or conversion:
                raise ValueError(
                    f"message placeholder {{{name}}} is not allowed; use one of "
                    + ", ".join(sorted("{" + f + "}" for f in MESSAGE_FIELDS))
                )
        return value

    @model_validator(mode="after")
    def _coherent(self) -> "Rule":
        if self.scope.level == "provision" and self.match is None:
            raise ValueError("a provision-level rule needs a 'match' block (the words it is about)")
        if self.match is not None and self.match.is_empty():
            raise ValueError("'match' has no phrases, regex or tokens")
        if self.scope.level == "document" and not self.require:
            raise ValueError("a document-level rule needs 'require' (what the document must contain)")
        return self

    @property
    def pipeline_needs(self) -> set[str]:
        """Token attributes that only a trained pipeline provides (LEMMA, POS, TAG, DEP, MORPH)."""
        needs: set[str] = set()
        patterns = [p for p in [self.match, *self.require, *self.unless, *self.aggravate] if p is not None]
        patterns += [r.displaced_by for r in self.require if r.displaced_by is not None]
        for pattern in patterns:
            for token_pattern in pattern.tokens:
                for token in token_pattern:
                    needs |= {key.upper() for key in token} & {"LEMMA", "POS", "TAG", "DEP", "MORPH"}
        return needs

    def render_message(self, **values: str) -> str:
        fields = {name: values.get(name, "") for name in MESSAGE_FIELDS}
        return self.message.format(**fields).strip()
