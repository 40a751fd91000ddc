"""Legal acts read by their grammar: criminalisation, powers, duties and data exchange.

A provision is what it *does*, whatever its caption or wording: "States Parties shall penalise
...", "Any person who ... commits an offence and is liable on conviction ..." and "The conduct
... shall be punishable under the domestic law of each Party" all create an offence. Phrase lists
miss the next drafting style; a small grammar of word classes and inflections does not.

How it works (cheap enough to run on every article the classifier left in doubt):

* each word of a pattern stands for all its inflections: a crude stemmer reduces it
  (``penalised`` -> ``penalis``) and the compiler writes the stem back as a regex with every
  ending and spelling the stemmer folds (``penali[sz](?:ation|ed|es|e|...)?``);
* a gap ``...N`` skips up to N words but never a clause boundary (``.``, ``;``, ``:``);
* ``@CLASS`` is a word class (providers, authorities, persons, States, data); defined terms that
  carry a role (``engine/context.py``) join their class in that document, so a "Covered Entity"
  defined as a provider is a provider to every form;
* each form is compiled once to one regular expression, behind an exact literal prefilter
  (``prefilter.required_literals``): most articles cost a few substring checks.

The grammar is data: an analyst adds a drafting form to the YAML file, with a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from treatylint.document.model import ProvisionKind


class ActKind(str, Enum):
    CRIMINALISATION = "criminalisation"
    POWER = "power"
    PROVIDER_DUTY = "provider-duty"
    PERSON_DUTY = "person-duty"
    DATA_EXCHANGE = "data-exchange"


# The provision kind whose rules look at each act.
ACT_KIND: dict[ActKind, ProvisionKind] = {
    ActKind.CRIMINALISATION: ProvisionKind.OFFENCE,
    ActKind.POWER: ProvisionKind.PROCEDURAL,
    ActKind.PROVIDER_DUTY: ProvisionKind.PROCEDURAL,
    ActKind.PERSON_DUTY: ProvisionKind.PROCEDURAL,
    ActKind.DATA_EXCHANGE: ProvisionKind.COOPERATION,
}

DESCRIPTION: dict[ActKind, str] = {
    ActKind.CRIMINALISATION: "creates an offence",
    ActKind.POWER: "grants a power",
    ActKind.PROVIDER_DUTY: "imposes a duty on providers",
    ActKind.PERSON_DUTY: "imposes a duty on persons",
    ActKind.DATA_EXCHANGE: "exchanges or transfers data",
}


@dataclass(frozen=True, slots=True)
class Act:
    """One legal act found in a text: what it is, where, and which form of the grammar."""

    kind: ActKind
    start: int
    end: int
    form: str


# -- words ----------------------------------------------------------------------------------

_SUFFIXES = ("ations", "ation", "ments", "ment", "ables", "able", "ibly", "ings", "ing", "ly", "ies", "ied", "es", "ed", "e", "s")
# every ending ``stem`` removes, as a regex: a pattern word matches its stem plus any of them
_ENDINGS = "(?:" + "|".join(_SUFFIXES) + ")?"
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A crude, consistent stem: one for ``penalise``, ``penalized``, ``penalisation``.

    Not linguistics: a pattern word matches any word with the same stem and an ending the
    stemmer knows, so only consistency matters.
    """
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3:
        return w
    w = re.sub(r"iz(?=e|a|i)", "is", w)
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if suffix in ("ies", "ied"):
                w += "y"
            break
    return w


def word_regex(word: str) -> str:
    """A regex for every inflection of ``word``: its stem, spelling variants, an ending."""
    s = stem(word)
    if len(s) <= 2:
        return re.escape(s)
    if len(s) == 3 and s == word.lower():
        return re.escape(s) + "s?"
    body = re.escape(s)
    if s.endswith("is"):
        body = body[:-2] + "i[sz]"  # criminalise / criminalize
    elif s.endswith("y"):
        body = body[:-1] + "(?:y|i)"  # authority / authorities
    endings = _ENDINGS
    if s[-1] in "bdgmnprt":  # commit -> committed, committing
        endings = f"(?:{s[-1]}(?:ed|ing)|{_ENDINGS[3:-2]})?"
    return body + endings


def _literal(word: str) -> str:
    """A lowercase literal every inflection of ``word`` contains: its stem, without the
    letters the compiled regex lets vary ("criminalise" -> "criminali", "authority" -> "authorit")."""
    s = stem(word)
    if len(s) > 3 and (s.endswith("is") or s.endswith("y")):
        return s[:-1]
    return s


# Within a clause: words joined by spaces, commas, brackets, quotes, dashes, "/"; never ".;:".
_SEP = r"[^\w.;:!?]+"


class RoleIndex:
    """Defined terms that carry a role ("Covered Entity" -> provider), as regex alternatives."""

    def __init__(self, terms: dict[str, str]) -> None:
        """``terms``: defined term -> role (``provider``, ``authority``, ``data``, ``content``)."""
        self.by_role: dict[str, list[str]] = {}
        self.terms: dict[str, list[str]] = {}
        for term, role in terms.items():
            words = _WORD.findall(term)
            if words:
                self.terms.setdefault(role, []).append(" ".join(words).lower())
                self.by_role.setdefault(role, []).append(
                    _SEP.join(re.escape(w) for w in words[:-1]) + (_SEP if len(words) > 1 else "") + word_regex(words[-1])
                )

    def __bool__(self) -> bool:
        return bool(self.by_role)


# -- the grammar -----------------------------------------------------------------------------


class ActForms(BaseModel):
    model_config = ConfigDict(extra="forbid")
    forms: dict[str, str] = Field(description="name -> pattern")
    unless: list[str] = Field(default_factory=list, description="patterns that cancel an act in the same clause")


class GrammarFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    classes: dict[str, list[str]] = Field(default_factory=dict)
    acts: dict[ActKind, ActForms]


class GrammarError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class _Form:
    kind: ActKind
    name: str
    pattern: str  # the grammar's own notation, recompiled when a document defines role terms
    regex: re.Pattern[str]
    required: tuple[tuple[str, ...], ...] | None  # per required word, literals one of which a match contains
    classes: frozenset[str]  # word classes the pattern names

    def possible(self, folded: str) -> bool:
        """Could the form match a text whose lowercase is ``folded``? (never "no" for a text it matches)"""
        if self.required is None:
            return True
        for alternatives in self.required:
            for literal in alternatives:
                if literal in folded:
                    break
            else:
                return False
        return True


_GAP = re.compile(r"^\.\.\.(\d+)$")


class Grammar:
    """The compiled act grammar (``engine/grammar/legal-acts.yml``)."""

    def __init__(self, spec: GrammarFile) -> None:
        self.classes = {name.lower(): list(words) for name, words in spec.classes.items()}
        self.spec = spec
        self.forms, self.unless = self._build({})
        self._with_roles: dict[tuple[tuple[str, str], ...], tuple[list[_Form], dict[ActKind, list[re.Pattern[str]]]]] = {}

    @classmethod
    def from_file(cls, path: Path) -> "Grammar":
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            return cls(GrammarFile.model_validate(data))
        except (OSError, yaml.YAMLError, ValueError) as error:
            raise GrammarError(f"{path}: {error}") from None

    def _build(self, roles: dict[str, list[str]], terms: dict[str, list[str]] | None = None) -> tuple[list[_Form], dict[ActKind, list[re.Pattern[str]]]]:
        self._role_terms = terms or {}
        forms: list[_Form] = []
        unless: dict[ActKind, list[re.Pattern[str]]] = {}
        for kind, acts in self.spec.acts.items():
            for name, pattern in acts.forms.items():
                regex, classes = self._compile(pattern, roles)
                forms.append(_Form(kind, name, pattern, regex, self._required(pattern, roles), classes))
            unless[kind] = [self._compile(p, roles)[0] for p in acts.unless]
        return forms, unless

    def for_roles(self, roles: RoleIndex | None) -> tuple[list[_Form], dict[ActKind, list[re.Pattern[str]]]]:
        """The forms with a document's role terms added to its word classes (compiled once per
        distinct set of terms; most documents have none and share the plain forms)."""
        if not roles:
            return self.forms, self.unless
        key = tuple(sorted((role, alt) for role, alts in roles.by_role.items() for alt in alts))
        built = self._with_roles.get(key)
        if built is None:
            if len(self._with_roles) > 256:
                self._with_roles.clear()
            built = self._with_roles[key] = self._build(roles.by_role, roles.terms)
        return built

    # pattern language: words (any inflection), a|b alternatives, multi_word phrases joined by
    # "_", a trailing "?" for an optional element, "...N" for a gap of up to N words within a
    # clause, "@CLASS" for a word class (its phrases, plus the document's role terms)
    def _alternatives(self, element: str, roles: dict[str, list[str]]) -> tuple[list[str], set[str]]:
        out: list[str] = []
        classes: set[str] = set()
        for alt in element.split("|"):
            if alt.startswith("@"):
                name = alt[1:].lower()
                if name not in self.classes:
                    raise GrammarError(f"unknown word class {alt!r}")
                classes.add(name)
                out.extend(self._phrase(p) for p in self.classes[name])
                out.extend(roles.get(name, ()))
            else:
                out.append(self._phrase(alt.replace("_", " ")))
        return out, classes

    def _required(self, pattern: str, roles: dict[str, list[str]]) -> tuple[tuple[str, ...], ...] | None:
        """Per required element, a literal of each alternative (its longest word's stem): a text
        without one of them cannot match. Fewest alternatives first (they fail soonest)."""
        sets: list[tuple[str, ...]] = []
        for element in pattern.split():
            if _GAP.match(element) or (element.endswith("?") and len(element) > 1):
                continue
            firsts: set[str] = set()
            for alt in element.split("|"):
                if alt.startswith("@"):
                    name = alt[1:].lower()
                    phrases = self.classes[name] + [t for t in self._role_terms.get(name, ())]
                else:
                    phrases = [alt.replace("_", " ")]
                # any word of a phrase must be present: the longest filters best
                firsts |= {_literal(max(p.split(), key=len)) for p in phrases if p.split()}
            if min(map(len, firsts)) < 3:
                continue
            # "order" covers "orders": keep only literals no shorter literal is inside
            kept = sorted(w for w in firsts if not any(o != w and o in w for o in firsts))
            sets.append(tuple(kept))
        sets.sort(key=len)
        return tuple(sets) or None

    @staticmethod
    def _phrase(phrase: str) -> str:
        return _SEP.join(word_regex(w) for w in phrase.split())

    def _compile(self, pattern: str, roles: dict[str, list[str]]) -> tuple[re.Pattern[str], frozenset[str]]:
        pieces: list[str] = []
        classes: set[str] = set()
        for element in pattern.split():
            gap = _GAP.match(element)
            if gap:
                if not pieces:
                    raise GrammarError(f"{pattern!r}: a pattern starts with a word, not a gap")
                pieces.append(r"(?:%s\w+){0,%d}?" % (_SEP, int(gap.group(1))))
                continue
            optional = element.endswith("?") and len(element) > 1
            alternatives, named = self._alternatives(element[:-1] if optional else element, roles)
            classes |= named
            alternatives.sort(key=len, reverse=True)
            body = "(?:" + "|".join(alternatives) + ")"
            if not pieces:
                if optional:
                    raise GrammarError(f"{pattern!r}: a pattern starts with a required word")
                pieces.append(body)
            else:
                pieces.append(f"(?:{_SEP}{body})?" if optional else f"{_SEP}{body}")
        if not pieces:
            raise GrammarError(f"empty pattern {pattern!r}")
        return re.compile(r"\b" + "".join(pieces) + r"\b", re.IGNORECASE), frozenset(classes)

    def scanner(self, roles: dict[str, str] | None = None, document: str | None = None) -> "Scanner":
        """A scanner for one document: its defined roles, and only the forms its text allows."""
        return Scanner(self, RoleIndex(roles or {}), document)

    def find_in(self, text: str, start: int = 0, end: int | None = None, roles: dict[str, str] | None = None) -> list[Act]:
        return self.scanner(roles).find(text, start, end)


class Scanner:
    """The grammar applied to one document. A literal prefilter skips every form (and so, most
    provisions) whose words are absent: most articles cost a few substring checks."""

    def __init__(self, grammar: Grammar, roles: RoleIndex, document: str | None) -> None:
        self.forms, self.unless = grammar.for_roles(roles)
        if document is not None:
            folded = document.lower()
            if len(folded) == len(document):
                self.forms = [f for f in self.forms if f.possible(folded)]

    def find(self, text: str, start: int = 0, end: int | None = None, folded: str | None = None) -> list[Act]:
        """The acts in ``text[start:end]``; ``folded`` is that slice in lowercase, if known."""
        end = len(text) if end is None else end
        if not self.forms:
            return []
        if folded is None:
            folded = text[start:end].lower()
        acts: list[Act] = []
        for form in self.forms:
            if not form.possible(folded):
                continue
            for m in form.regex.finditer(text, start, end):
                if self._cancelled(form.kind, text, m.start(), start, end):
                    continue
                acts.append(Act(form.kind, m.start(), m.end(), form.name))
        acts.sort(key=lambda a: (a.start, a.end))
        return acts

    def _cancelled(self, kind: ActKind, text: str, offset: int, start: int, end: int) -> bool:
        patterns = self.unless.get(kind)
        if not patterns:
            return False
        left, right = _clause(text, offset, start, end)
        return any(p.search(text, left, right) for p in patterns)


_BOUNDARY = re.compile(r"[.;:!?](?=\s|$)")


def _clause(text: str, offset: int, start: int, end: int) -> tuple[int, int]:
    """The clause around ``offset``: from the last ``.;:`` before it to the next one."""
    left = start
    for m in _BOUNDARY.finditer(text, max(start, offset - 600), offset):
        left = m.end()
    m = _BOUNDARY.search(text, offset, min(end, offset + 1200))
    return left, m.start() if m else min(end, offset + 1200)


GRAMMAR_FILE = "legal-acts.yml"


@lru_cache(maxsize=4)
def load_grammar(path: Path | None = None) -> Grammar:
    """The built-in grammar (``engine/grammar/legal-acts.yml``) or the one at ``path``."""
    if path is None:
        path = Path(__file__).with_name("grammar") / GRAMMAR_FILE
    return Grammar.from_file(path)


def provision_kinds(acts: list[Act]) -> list[ProvisionKind]:
    """The provision kinds whose rules the acts call for, in order of first appearance."""
    return list(dict.fromkeys(ACT_KIND[a.kind] for a in acts))
