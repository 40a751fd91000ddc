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

import math
import re
import string
import warnings
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from treatylint.document.model import ProvisionKind
from treatylint.engine.acts import ActKind
from treatylint.findings import CATEGORIES, Severity
from treatylint.rulepack.regex_analysis import expanded_size, parse

MAX_REGEX_LENGTH = 600
MAX_REGEX_EXPANDED = 10_000  # items of a regex with its counted repeats written out
MAX_PHRASES = 1000  # per block, after 'use' (the built-in rules have at most 21)
MAX_REGEXES = 200  # per block (at most 27 in the built-in rules)
MAX_TOKEN_PATTERNS = 100  # spaCy Matcher patterns per block
MAX_TOKENS = 20  # token specifications per Matcher pattern
MAX_TOKEN_REPEAT = 10  # the largest count of a token operator '{n,m}'
MAX_TOKEN_LIST = 1000  # words in an IN / NOT_IN list
MESSAGE_FIELDS = frozenset({"match", "provision", "caption", "kind", "missing", "mitigations", "term", "via"})
Within = Literal["sentence", "paragraph", "provision", "document"]
RuleKind = Literal["presence", "absence", "document", "check"]
_KIND_NEEDS = {
    "presence": "a presence rule has 'match' and no 'require' (provision level)",
    "absence": "an absence rule has 'match' and 'require' (provision level)",
    "document": "a document rule has 'scope: {level: document}' and 'require'",
    "check": "a check rule names a built-in 'check' and has no 'match' or 'require'",
}
Resolve = Literal["chapeau", "safeguard-articles", "cross-references", "set-aside", "definitions"]

# An unbounded quantifier directly after a group that itself repeats ("(a+)+", "(\w*)*") can
# backtrack exponentially. Rules must use bounded repeats such as "(?:\w+\s+){0,6}" instead.
_NESTED_QUANTIFIER = re.compile(r"[*+}]\)(?:[*+]|\{\d*,\})")
_UNBOUNDED_DOT = re.compile(r"(?<!\\)\.[*+]")


_RULE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)+")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# Validation context of the built-in pack (``loader``): its regexes are compiled by the test
# suite (tests/unit/test_rule_schema.py), not again in every process (about 600 compiles,
# 0.06 s CPU a process); every other check still runs on them.
BUILTIN = {"builtin": True}


def check_regex(pattern: str, compile: bool = True) -> str:
    """Refuse patterns that could run away: too long, unbounded wildcards, nested repeats,
    counted repeats that expand to a huge pattern, and syntax that ``re`` and the ``regex``
    engine (which runs rule packs other than the built-in one) would read differently.
    ``compile=False`` (the built-in pack only) skips the syntax check by ``re.compile``."""
    if not isinstance(pattern, str):
        raise ValueError(f"regex must be a string, not {type(pattern).__name__}")
    if "{" in pattern or "(?:(?:" in pattern:
        # the act grammar's modality classes, written out: "{OBLIGED}" is "shall", "must",
        # "will", "is to", ... (engine/acts.py RULE_CLASSES), so a rule reads every register;
        # the length limit is on what the author wrote
        from treatylint.engine.acts import collapse_classes, expand_classes

        written = len(collapse_classes(pattern))
        pattern = expand_classes(pattern)
    else:
        written = len(pattern)
    if written > MAX_REGEX_LENGTH:
        raise ValueError(f"regex is {written} characters; the limit is {MAX_REGEX_LENGTH}")
    if _UNBOUNDED_DOT.search(pattern):
        raise ValueError(f"regex {pattern!r} uses an unbounded '.*' or '.+'; write a bounded '.{{0,80}}'")
    if _NESTED_QUANTIFIER.search(pattern):
        raise ValueError(f"regex {pattern!r} repeats a group that already repeats; this can hang")
    ambiguous = _ambiguous_syntax(pattern) if _MAYBE_AMBIGUOUS.search(pattern) else None
    if ambiguous:
        raise ValueError(f"regex {pattern!r} {ambiguous}")
    counts = [max(int(c), 1) for c in _COUNTS.findall(pattern)]
    # parsed again only when needed (loading the built-in rules parses 500 regexes): re.compile
    # warns about a possible nested set only the first time, and the expansion bound below is
    # len(pattern) times the product of the repeat counts
    reparse = _MAYBE_SET_WARNING.search(pattern) is not None or len(pattern) * math.prod(counts) > MAX_REGEX_EXPANDED
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", FutureWarning)
            if compile:
                re.compile(pattern)
            parsed = parse(pattern) if reparse else None
    except FutureWarning as exc:
        raise ValueError(f"regex {pattern!r}: {exc}; escape that character with a backslash") from None
    except (re.error, RecursionError, OverflowError) as exc:
        raise ValueError(f"invalid regex {pattern!r}: {exc}") from None
    size = expanded_size(list(parsed), MAX_REGEX_EXPANDED) if parsed is not None else 0
    if size > MAX_REGEX_EXPANDED:
        raise ValueError(
            f"regex {pattern!r} has counted repeats that expand to {size:,} items (the limit is "
            f"{MAX_REGEX_EXPANDED:,}); use smaller counts"
        )
    return pattern


_QUANTIFIER_BODY = re.compile(r"\d+(?:,\d*)?|,\d+")
_MAYBE_AMBIGUOUS = re.compile(r"\{|\[[:.=]")
_MAYBE_SET_WARNING = re.compile(r"\[\^?\]?(?:[^\]\\]|\\.)*?(?:\[|--|&&|~~|\|\|)")  # inside a set
_COUNTS = re.compile(r"\{(\d+)")


def _ambiguous_syntax(pattern: str) -> str | None:
    """What in ``pattern`` the ``regex`` engine reads otherwise than ``re``: a brace that is not
    a repeat count (``{e<=1}`` is fuzzy matching there, a literal here) and POSIX classes
    (``[[:alpha:]]``). Both are refused; a literal brace is written ``\\{``."""
    index, length, in_class = 0, len(pattern), False
    while index < length:
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            if char == "[" and pattern[index + 1 : index + 2] in (":", ".", "="):
                return "uses a POSIX class such as '[:alpha:]'; write the characters or '\\w', '\\d', '\\s' instead"
            if char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            if pattern[index + 1 : index + 2] == "^":
                index += 1
            if pattern[index + 1 : index + 2] == "]":
                index += 1  # a leading ']' is a literal
        elif char == "{":
            close = pattern.find("}", index)
            if close == -1 or not _QUANTIFIER_BODY.fullmatch(pattern, index + 1, close):
                return "has a '{' that is not a repeat count such as '{1,3}'; write a literal brace as '\\{'"
        index += 1
    return None


# -- spaCy Matcher token patterns -----------------------------------------------------------------
# Checked here, without importing spaCy (a cached run never loads it), against what
# ``spacy.schemas.TokenPattern`` accepts, minus what could run away on a hostile draft: the
# REGEX operator (Python ``re`` on every token, unbounded: use the rule's ``regex`` list, which
# runs under a time limit) and unbounded operators ('+', '*', '{n,}': the Matcher reports every
# span, so a long run of one word would give millions of matches).

_STRING_ATTRIBUTES = frozenset(
    {"ORTH", "TEXT", "LOWER", "NORM", "POS", "TAG", "MORPH", "DEP", "LEMMA", "SHAPE", "ENT_TYPE", "ENT_ID", "ENT_KB_ID"}
)
_FLAG_ATTRIBUTES = frozenset(
    {
        "SPACY", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE",
        "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY", "IS_STOP", "IS_SENT_START",
        "SENT_START", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL",
    }
)
_TOKEN_ATTRIBUTES = _STRING_ATTRIBUTES | _FLAG_ATTRIBUTES | {"LENGTH", "ENT_IOB", "OP"}
_SET_OPERATORS = frozenset({"IN", "NOT_IN", "IS_SUBSET", "IS_SUPERSET", "INTERSECTS"})
_FUZZY_OPERATORS = frozenset({"FUZZY", *(f"FUZZY{n}" for n in range(1, 10))})
_COMPARISONS = frozenset({"==", "!=", ">=", "<=", ">", "<"})
_TOKEN_OPERATOR = re.compile(r"[!?]|\{(\d+)\}|\{(\d*),(\d+)\}")


def _closest(name: str, choices) -> str:
    import difflib  # only for an error message

    match = difflib.get_close_matches(name, sorted(choices), n=1)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _check_token_value(attribute: str, value: object) -> str | None:
    """What is wrong with ``{attribute: value}`` in a token specification, or None."""
    if attribute in _FLAG_ATTRIBUTES:
        return None if isinstance(value, bool) else f"{attribute} takes true or false, not {value!r}"
    if attribute == "ENT_IOB":
        return None if value in ("B", "I", "O", "") else f"ENT_IOB takes 'B', 'I', 'O' or '', not {value!r}"
    number = attribute == "LENGTH"
    plain = int if number else str
    if isinstance(value, plain) and not isinstance(value, bool):
        return None
    if not isinstance(value, dict) or not value:
        kind = "a number" if number else "a string"
        return f"{attribute} takes {kind} or a mapping of operators (IN, NOT_IN, ...), not {value!r}"
    allowed = _SET_OPERATORS | (_COMPARISONS if number else _FUZZY_OPERATORS)
    for operator, operand in value.items():
        key = str(operator).upper()
        if key == "REGEX":
            return (
                f"{attribute}: the REGEX operator is not allowed in token patterns (it would run "
                "unbounded on every token); put the regex in the rule's 'regex' list"
            )
        if key not in allowed:
            return f"{attribute}: unknown operator {str(operator)!r}{_closest(key, allowed)}"
        if key in _SET_OPERATORS:
            if not isinstance(operand, list) or not all(isinstance(v, plain) and not isinstance(v, bool) for v in operand):
                return f"{attribute}: {key} takes a list of {'numbers' if number else 'strings'}"
            if len(operand) > MAX_TOKEN_LIST:
                return f"{attribute}: {key} has {len(operand):,} items; the limit is {MAX_TOKEN_LIST:,}"
        elif key in _COMPARISONS:
            if not isinstance(operand, (int, float)) or isinstance(operand, bool):
                return f"{attribute}: {key} takes a number"
        elif not isinstance(operand, str):
            return f"{attribute}: {key} takes a string"
    return None


def check_token_pattern(pattern: object) -> str | None:
    """What is wrong with one spaCy Matcher pattern (a list of token specifications), or None."""
    if not isinstance(pattern, list) or not pattern:
        return "must be a non-empty list of token specifications such as {LOWER: fake}"
    if len(pattern) > MAX_TOKENS:
        return f"has {len(pattern)} tokens; the limit is {MAX_TOKENS}"
    for number, token in enumerate(pattern, 1):
        if not isinstance(token, dict):
            return f"token {number} must be a mapping such as {{LOWER: fake}}, not {token!r}"
        for key, value in token.items():
            attribute = str(key).upper()
            if attribute == "_":
                return f"token {number}: custom attributes ('_') are not available to rules"
            if attribute not in _TOKEN_ATTRIBUTES:
                return f"token {number}: unknown attribute {str(key)!r}{_closest(attribute, _TOKEN_ATTRIBUTES)}"
            if attribute == "OP":
                operator = _TOKEN_OPERATOR.fullmatch(value) if isinstance(value, str) else None
                counts = [int(c) for c in (operator.groups() if operator else ()) if c]
                if operator is None or any(c > MAX_TOKEN_REPEAT for c in counts):
                    return (
                        f"token {number}: OP {value!r} is not allowed; use '?', '!' or a bounded count "
                        f"such as '{{1,5}}' (at most {MAX_TOKEN_REPEAT}; '+' and '*' are unbounded)"
                    )
                continue
            problem = _check_token_value(attribute, value)
            if problem:
                return f"token {number}: {problem}"
    return None


class Pattern(_Strict):
    """Words to look for. Any one of the alternatives matches."""

    phrases: list[str] = Field(default_factory=list, description="case-insensitive; '*' ends a word stem")
    regex: list[str] = Field(default_factory=list, description="bounded Python regular expressions")
    tokens: list[list[dict]] = Field(default_factory=list, description="spaCy Matcher patterns")

    @field_validator("regex")
    @classmethod
    def _bounded(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if len(value) > MAX_REGEXES:
            raise ValueError(f"{len(value):,} regexes; the limit is {MAX_REGEXES} per block")
        compile = info.context is not BUILTIN
        return [check_regex(p, compile) for p in value]

    @field_validator("tokens", mode="before")
    @classmethod
    def _token_patterns(cls, value: object) -> object:
        if not isinstance(value, list):
            return value  # pydantic says what type it wants
        if len(value) > MAX_TOKEN_PATTERNS:
            raise ValueError(f"{len(value):,} token patterns; the limit is {MAX_TOKEN_PATTERNS} per block")
        for number, pattern in enumerate(value, 1):
            problem = check_token_pattern(pattern)
            if problem:
                raise ValueError(f"token pattern {number} {problem}" if problem.startswith(("must", "has")) else f"token pattern {number}, {problem}")
        return value

    @field_validator("phrases")
    @classmethod
    def _nonempty(cls, value: list[str]) -> list[str]:
        if len(value) > MAX_PHRASES:
            raise ValueError(f"{len(value):,} phrases; the limit is {MAX_PHRASES} per block")
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
    acts: list[ActKind] = Field(
        default_factory=list,
        description="legal acts (engine/acts.py) that count as matches: 'criminalisation' anchors an "
        "offence rule on any drafting form that creates an offence, not only the phrases listed",
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
    extends: RuleKind | None = Field(
        default=None,
        description="the rule's kind, as Vale's 'extends': presence (the words are the risk), absence "
        "(the words without a safeguard), document (what the document must contain), check (a built-in "
        "check); inferred from the keys when absent (packs written before it)",
    )
    scope: Scope = Field(default_factory=Scope)
    match: Trigger | None = None
    check: str | None = Field(
        default=None,
        description="a built-in check for what words cannot express (engine/checks.py: "
        "hidden-characters, look-alike-headings) instead of 'match'",
    )
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
        if not _RULE_ID.fullmatch(value):
            raise ValueError(
                f"id {value!r} must be CATEGORY/NAME: lowercase words joined by '-', with '/' between "
                "the parts (e.g. 'vague-offence/false-information')"
            )
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

    @property
    def kind(self) -> RuleKind:
        """The rule's kind: ``extends`` when given (checked against the keys), else inferred."""
        return self.extends or self.inferred_kind

    @property
    def inferred_kind(self) -> RuleKind:
        """The kind the keys imply: ``check`` names a built-in check; a document-level rule says
        what the document must contain; a provision-level rule with ``require`` flags its words
        only without a safeguard; otherwise the words themselves are the risk."""
        if self.check is not None:
            return "check"
        if self.scope.level == "document":
            return "document"
        return "absence" if self.require else "presence"

    @model_validator(mode="after")
    def _coherent(self) -> "Rule":
        if self.extends is not None and self.extends != self.inferred_kind:
            raise ValueError(f"'extends: {self.extends}' does not fit the rule's keys: {_KIND_NEEDS[self.extends]}")
        if self.check is not None:
            from treatylint.engine.checks import CHECKS

            if self.check not in CHECKS:
                raise ValueError(f"check {self.check!r} is not one of: {', '.join(CHECKS)}")
            if self.match is not None or self.require:
                raise ValueError("a rule with 'check' has no 'match' or 'require': the check finds the passages")
            return self
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
