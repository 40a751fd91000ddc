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
from treatylint.engine.prefilter import has_literals


class ActKind(str, Enum):
    CRIMINALISATION = "criminalisation"
    POWER = "power"
    PROVIDER_DUTY = "provider-duty"
    PERSON_DUTY = "person-duty"
    DATA_FOR_AUTHORITIES = "data-for-authorities"
    DATA_EXCHANGE = "data-exchange"


# The provision kind whose rules look at each act.
ACT_KIND: dict[ActKind, ProvisionKind] = {
    ActKind.CRIMINALISATION: ProvisionKind.OFFENCE,
    ActKind.POWER: ProvisionKind.PROCEDURAL,
    ActKind.PROVIDER_DUTY: ProvisionKind.PROCEDURAL,
    ActKind.PERSON_DUTY: ProvisionKind.PROCEDURAL,
    ActKind.DATA_FOR_AUTHORITIES: ProvisionKind.PROCEDURAL,
    ActKind.DATA_EXCHANGE: ProvisionKind.COOPERATION,
}

DESCRIPTION: dict[ActKind, str] = {
    ActKind.CRIMINALISATION: "creates an offence",
    ActKind.POWER: "grants a power",
    ActKind.PROVIDER_DUTY: "imposes a duty on providers",
    ActKind.PERSON_DUTY: "imposes a duty on persons",
    ActKind.DATA_FOR_AUTHORITIES: "obliges providers or persons to hand data or keys to the authorities",
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
_ENDING_ALTERNATIVES = "ations?|ments?|ables?|ibly|ings?|ly|ie[sd]|e[sd]?|s"  # what ``stem`` strips
_ENDINGS = f"(?:{_ENDING_ALTERNATIVES})?"
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
    if len(s) >= 5:
        # a long stem is specific enough: any short ending (far smaller regexes, compiled faster)
        return body + "[a-z]{0,6}"
    endings = _ENDINGS
    if s[-1] in "bdgmnprt":  # commit -> committed, committing
        endings = f"(?:{s[-1]}(?:ed|ing)|{_ENDING_ALTERNATIVES})?"
    return body + endings


@lru_cache(maxsize=None)
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


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
    """Defined terms that carry a role ("Covered Entity" -> provider).

    In the scanner's own lowercase copy of the text every use of such a term is overwritten by
    its class's marker word, padded to the same length ("covered entity" -> "qqp" and spaces),
    so the compiled forms need no change: every class lists its marker.
    """

    def __init__(self, terms: dict[str, str]) -> None:
        """``terms``: defined term -> role (``provider``, ``authority``, ``data``, ``content``)."""
        self.markers: dict[str, str] = {}
        for term, role in terms.items():
            words = _WORD.findall(term.lower())
            if role in MARKERS and words and len(" ".join(words)) >= len(MARKERS[role]):
                self.markers[" ".join(words)] = MARKERS[role]
        self._regex = (
            re.compile(
                r"\b(?:" + "|".join(r"[^\w.;:!?]+".join(map(re.escape, t.split())) for t in sorted(self.markers, key=len, reverse=True)) + r")(?:e?s)?\b"
            )
            if self.markers
            else None
        )

    def __bool__(self) -> bool:
        return bool(self.markers)

    def apply(self, folded: str) -> str:
        """``folded`` with each use of a role term replaced by its marker, same length."""
        if self._regex is None:
            return folded

        def marker(m: re.Match[str]) -> str:
            key = " ".join(_WORD.findall(m.group(0)))
            word = self.markers.get(key) or self.markers.get(key.rstrip("s")) or self.markers.get(key[:-2], "qqx")
            return word.ljust(len(m.group(0)))

        return self._regex.sub(marker, folded)


# The marker word of each class (three letters: a defined term is rarely shorter).
MARKERS = {"provider": "qqp", "authority": "qqa", "person": "qqe", "state": "qqs", "data": "qqd"}


# -- the grammar -----------------------------------------------------------------------------


class ActForms(BaseModel):
    model_config = ConfigDict(extra="forbid")
    forms: dict[str, str] = Field(description="name -> pattern")
    unless: list[str] = Field(default_factory=list, description="patterns that cancel an act in the same clause")
    unless_overlapping: list[str] = Field(
        default_factory=list, description="patterns that cancel only an act whose words they share"
    )


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
    pattern: str  # the grammar's own notation
    source: str  # the regex it compiles to, compiled on first use (most documents need few forms)
    required: tuple[tuple[str, ...], ...] | None  # per required word, literals one of which a match contains
    classes: frozenset[str]  # word classes the pattern names

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.source)

    def possible(self, folded: str, seen: dict[str, bool] | None = None) -> bool:
        """Could the form match a text whose lowercase is ``folded``? (never "no" for a text it
        matches). ``seen`` remembers each literal's answer for this text across forms."""
        return has_literals(folded, self.required, {} if seen is None else seen)


_GAP = re.compile(r"^\.\.\.(\d+)$")
# "~N": up to N words across sentences of the same provision (a prohibition and its sanction
# stated apart: "You must not ... . If you do, you commit a crime.")
_FAR = re.compile(r"^~(\d+)$")
_INSERT = re.compile(r"^,\.\.\.(\d+)$")
# what ``,...N`` stands for: one adverb ("may directly order", "may also require") or an aside
# of up to N words between commas ("may, by written notice, require"), never just any N words ("may refuse a request")
_INSERTION = r"(?:%s(?:\w+ly|also|further|then|only|still|thereupon|likewise)|\s*,(?:[^\w.;:!?,]+\w+){1,%d}\s*,)?"


class Grammar:
    """The compiled act grammar (``engine/grammar/legal-acts.yml``)."""

    def __init__(self, spec: GrammarFile) -> None:
        self.classes = _word_classes_of(spec)
        self.spec = spec
        self.forms, self.unless, self.overlapping = self._build()

    @classmethod
    def from_file(cls, path: Path) -> "Grammar":
        return cls(_grammar_file(path))

    def _build(self) -> tuple[list[_Form], dict[ActKind, list[re.Pattern[str]]], dict[ActKind, list[re.Pattern[str]]]]:
        forms: list[_Form] = []
        unless: dict[ActKind, list[re.Pattern[str]]] = {}
        overlapping: dict[ActKind, list[re.Pattern[str]]] = {}
        for kind, acts in self.spec.acts.items():
            for name, pattern in acts.forms.items():
                source, classes = self._compile(pattern)
                forms.append(_Form(kind, name, pattern, source, self._required(pattern), classes))
            unless[kind] = [_compiled(self._compile(p)[0]) for p in acts.unless]
            overlapping[kind] = [_compiled(self._compile(p)[0]) for p in acts.unless_overlapping]
        return forms, unless, overlapping

    # pattern language: words (any inflection), a|b alternatives, multi_word phrases joined by
    # "_", a trailing "?" for an optional element, "...N" for a gap of up to N words within a
    # clause, "~N" for up to N words across sentences (within the provision read), ":" for a
    # label's colon (note form: "Providers: keep ..."), ",...N" for
    # one word or an aside of up to N words between commas, "@CLASS" for a word class (its
    # phrases, and its marker: see RoleIndex)
    def _alternatives(self, element: str) -> tuple[list[str], set[str]]:
        out: list[str] = []
        classes: set[str] = set()
        for alt in element.split("|"):
            if alt.startswith("@"):
                name = alt[1:].lower()
                if name not in self.classes:
                    raise GrammarError(f"unknown word class {alt!r}")
                classes.add(name)
                out.extend(self._phrase(p) for p in self.classes[name])
                if name in MARKERS:
                    out.append(MARKERS[name])
            else:
                out.append(self._phrase(alt.replace("_", " ")))
        return out, classes

    def _required(self, pattern: str) -> tuple[tuple[str, ...], ...] | None:
        """Per required element, a literal of each alternative (its longest word's stem): a text
        without one of them cannot match. Fewest alternatives first (they fail soonest)."""
        sets: list[tuple[str, ...]] = []
        for element in pattern.split():
            if element == ":" or _GAP.match(element) or _FAR.match(element) or _INSERT.match(element) or (element.endswith("?") and len(element) > 1):
                continue
            firsts: set[str] = set()
            for alt in element.split("|"):
                if alt.startswith("@"):
                    name = alt[1:].lower()
                    phrases = self.classes[name] + ([MARKERS[name]] if name in MARKERS else [])
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

    def _compile(self, pattern: str) -> tuple[str, frozenset[str]]:
        pieces: list[str] = []
        classes: set[str] = set()
        for element in pattern.split():
            gap = _GAP.match(element)
            if gap:
                if not pieces:
                    raise GrammarError(f"{pattern!r}: a pattern starts with a word, not a gap")
                pieces.append(r"(?:%s\w+){0,%d}?" % (_SEP, int(gap.group(1))))
                continue
            if element == ":":
                # a label and its content, as notes and heads of terms write them ("Criminalise:
                # use of ...", "Providers: keep ..."): the colon joins them
                if not pieces:
                    raise GrammarError(f"{pattern!r}: a pattern starts with a word, not ':'")
                pieces.append(r"[^\S\n]*:")
                continue
            far = _FAR.match(element)
            if far:
                if not pieces:
                    raise GrammarError(f"{pattern!r}: a pattern starts with a word, not a gap")
                if any("(?P<far>" in piece for piece in pieces):
                    raise GrammarError(f"{pattern!r}: one '~N' gap per pattern")
                pieces.append(r"(?P<far>(?:\W+\w+){0,%d}?)" % int(far.group(1)))
                continue
            insert = _INSERT.match(element)
            if insert:
                if not pieces:
                    raise GrammarError(f"{pattern!r}: a pattern starts with a word, not an aside")
                pieces.append(_INSERTION % (_SEP, int(insert.group(1))))
                continue
            optional = element.endswith("?") and len(element) > 1
            alternatives, named = self._alternatives(element[:-1] if optional else element)
            classes |= named
            alternatives.sort(key=len, reverse=True)
            body = "(?:" + "|".join(alternatives) + ")"
            # after a "~N" gap any punctuation may come before the word (". If you do, you commit")
            sep = r"\W+" if pieces and pieces[-1].startswith("(?P<far>") else _SEP
            if not pieces:
                if optional:
                    raise GrammarError(f"{pattern!r}: a pattern starts with a required word")
                pieces.append(body)
            else:
                pieces.append(f"(?:{sep}{body})?" if optional else f"{sep}{body}")
        if not pieces:
            raise GrammarError(f"empty pattern {pattern!r}")
        # matched against lowercased text: IGNORECASE makes these alternations ten times slower to compile
        end = r"(?=[^\S\n]*\w)" if pattern.split()[-1] == ":" else r"\b"  # a label: its content follows
        return r"\b" + "".join(pieces) + end, frozenset(classes)

    def scanner(self, roles: dict[str, str] | None = None, document: str = "") -> "Scanner":
        """A scanner for one document: its defined roles, and only the forms its text allows."""
        return Scanner(self, RoleIndex(roles or {}), document)

    def find_in(self, text: str, start: int = 0, end: int | None = None, roles: dict[str, str] | None = None) -> list[Act]:
        return self.scanner(roles, text).find(start, end)


class Scanner:
    """The grammar applied to one document. A literal prefilter skips every form (and so, most
    provisions) whose words are absent: most articles cost a few substring checks."""

    def __init__(self, grammar: Grammar, roles: RoleIndex, document: str) -> None:
        self.forms, self.unless, self.overlapping = grammar.forms, grammar.unless, grammar.overlapping
        self.folded = roles.apply(fold(document))
        seen: dict[str, bool] = {}
        self.forms = [f for f in self.forms if f.possible(self.folded, seen)]

    def find(self, start: int = 0, end: int | None = None) -> list[Act]:
        """The acts in ``document[start:end]``."""
        folded = self.folded
        end = len(folded) if end is None else end
        if not self.forms:
            return []
        part = folded[start:end]
        acts: list[Act] = []
        seen: dict[str, bool] = {}
        for form in self.forms:
            if not form.possible(part, seen):
                continue
            for m in form.regex.finditer(folded, start, end):
                # an act across sentences ("~N": a prohibition, then its sanction) is worded at
                # its two ends; the conduct in between ("making available") is not its wording
                far = m.span("far") if "far" in m.re.groupindex else None
                parts = ((m.start(), far[0]), (far[1], m.end())) if far else ((m.start(), m.end()),)
                if self._cancelled(form.kind, folded, parts, start, end):
                    continue
                acts.append(Act(form.kind, m.start(), m.end(), form.name))
        acts.sort(key=lambda a: (a.start, a.end))
        return acts

    def _cancelled(self, kind: ActKind, text: str, parts: tuple[tuple[int, int], ...], start: int, end: int) -> bool:
        """Is the act worded at ``parts`` cancelled: an ``unless`` pattern anywhere in the clause
        of one of its parts, or an ``unless_overlapping`` one that shares its words?"""
        patterns, overlapping = self.unless.get(kind), self.overlapping.get(kind)
        if not patterns and not overlapping:
            return False
        for offset, stop in parts:
            left, right = _clause(text, offset, start, end)
            if patterns and any(p.search(text, left, right) for p in patterns):
                return True
            if any(m.start() < stop and m.end() > offset for p in overlapping or () for m in p.finditer(text, left, right)):
                return True
        return False


def fold(text: str) -> str:
    """``text`` in lowercase, character for character (offsets stay valid)."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_BOUNDARY = re.compile(r"[.;:!?](?=\s|$)")


def _clause(text: str, offset: int, start: int, end: int) -> tuple[int, int]:
    """The clause around ``offset``: from the last ``.;:`` before it to the next one."""
    left = start
    for m in _BOUNDARY.finditer(text, max(start, offset - 600), offset):
        left = m.end()
    m = _BOUNDARY.search(text, offset, min(end, offset + 1200))
    return left, m.start() if m else min(end, offset + 1200)


GRAMMAR_FILE = "legal-acts.yml"
BUILTIN_GRAMMAR = Path(__file__).with_name("grammar") / GRAMMAR_FILE
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: start-up counts


@lru_cache(maxsize=4)
def _grammar_file(path: Path) -> GrammarFile:
    try:
        return GrammarFile.model_validate(yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER))
    except (OSError, yaml.YAMLError, ValueError) as error:
        raise GrammarError(f"{path}: {error}") from None


@lru_cache(maxsize=4)
def load_grammar(path: Path | None = None) -> Grammar:
    """The built-in grammar (``engine/grammar/legal-acts.yml``) or the one at ``path``."""
    return Grammar.from_file(BUILTIN_GRAMMAR if path is None else path)


def word_classes() -> dict[str, list[str]]:
    """The built-in grammar's word classes (``classes:``), read without compiling its forms:
    loading rules or kind cues needs only these, and ``rules``/``explain`` must start fast."""
    return _word_classes_of(_grammar_file(BUILTIN_GRAMMAR))


def _word_classes_of(spec: GrammarFile) -> dict[str, list[str]]:
    return {name.lower(): list(words) for name, words in spec.classes.items()}


# -- the grammar's modality classes in rule regexes ---------------------------------------------

# ``{OBLIGED}`` in a rule's regex is the grammar's @OBLIGED and @UNDERTAKES classes ("shall",
# "must", "will", "is to", "undertakes to", ...), ``{OBLIGED_NOT}`` their negation ("shall not",
# "is not to", "undertakes not to"), ``{EMPOWERED}`` the @EMPOWERED class ("may", "can", "is
# empowered to"): one list of registers for the grammar and the rules, so no rule reads only "shall".
RULE_CLASSES = {
    "OBLIGED": ("obliged", "undertakes"),
    "OBLIGED_NOT": ("obliged", "undertakes"),
    "EMPOWERED": ("empowered",),
}
_RULE_CLASS = re.compile(r"\{(" + "|".join(RULE_CLASSES) + r")\}")


@lru_cache(maxsize=None)
def class_regex(name: str) -> str:
    """The regex a ``{NAME}`` placeholder of a rule stands for (see RULE_CLASSES)."""
    classes = word_classes()
    phrases = [p for c in RULE_CLASSES[name] for p in classes[c]]
    if name.endswith("_NOT"):
        # "shall" -> "shall not"; "is to" -> "is not to"; "undertakes to" -> "undertakes not to"
        phrases = [p[: -len(" to")] + " not to" if p.endswith(" to") else p + " not" for p in phrases]
    def written(phrase: str) -> str:  # authorised / authorized
        return r"\s+".join(re.sub(r"(?<=[a-z])is(?=ed$)", "i[sz]", re.escape(w)) for w in phrase.split())

    # "is to", "undertakes to", "is bound not to" share their last word: one group, short enough
    # for the rule schema's regex length limit
    phrases = list(dict.fromkeys(p.lower() for p in phrases))
    tails: dict[str, list[str]] = {}
    alone: list[str] = []
    for p in phrases:
        head, _, tail = p.rpartition(" ")
        (tails.setdefault(tail, []).append(head) if head else alone.append(p))
    parts = [
        "(?:" + "|".join(written(h) for h in sorted(heads, key=len, reverse=True)) + r")\s+" + re.escape(tail)
        for tail, heads in tails.items()
    ]
    parts += [written(p) for p in alone]
    return "(?:" + "|".join(sorted(parts, key=len, reverse=True)) + ")"


def expand_classes(regex: str) -> str:
    """``regex`` with each ``{OBLIGED}``, ``{OBLIGED_NOT}``, ``{EMPOWERED}`` written out."""
    if "{" not in regex:
        return regex
    return _RULE_CLASS.sub(lambda m: class_regex(m.group(1)), regex)


def collapse_classes(regex: str) -> str:
    """``regex`` with each written-out class back to its placeholder (its length as written)."""
    for name in RULE_CLASSES:
        regex = regex.replace(class_regex(name), "{%s}" % name)
    return regex


def provision_kinds(acts: list[Act]) -> list[ProvisionKind]:
    """The provision kinds whose rules the acts call for, in order of first appearance."""
    return list(dict.fromkeys(ACT_KIND[a.kind] for a in acts))


# Kinds an act may overrule when it is the only evidence: the classifier's "no idea" and its
# weakest guess. An act outranks the others in this order when an article holds several.
OPEN_KINDS = (ProvisionKind.OTHER, ProvisionKind.GENERAL)
_RANK = {ProvisionKind.OFFENCE: 0, ProvisionKind.PROCEDURAL: 1, ProvisionKind.COOPERATION: 2}


def classify_by_acts(document, roles: dict[str, str] | None = None) -> None:
    """Acts as one more source of evidence for provision kinds, and as what rules anchor on.

    Every operative article (not the preamble, not a definitions article: "'provider' means
    any entity that shall ..." defines, it does not oblige) is read by the grammar and keeps its
    acts (``Provision.acts``): the engine applies the rules for them whatever the kind, and rules
    that name an act (``match.acts``) anchor on it wherever it is. An ``other`` article, or a
    ``general`` one the caption did not decide, that creates an offence, grants a power, imposes
    a duty or exchanges data takes that act's kind, with the act as its cue.
    """
    from treatylint.engine.context import defined_roles

    text = document.text
    provisions = [p for p in document.provisions if p.kind not in _UNREAD_KINDS or _weak_definition(p)]
    if not provisions:
        return
    if not reads_acts(text):
        return  # a fisheries, tax or status-of-forces treaty: its acts are not treatylint's field
    scanner = load_grammar().scanner(defined_roles(document) if roles is None else roles, text)
    found = {id(p): scanner.find(p.body_start, p.end) for p in provisions}
    _penalties_by_reference(document, provisions, found, scanner.folded)
    for provision in provisions:
        acts = found[id(provision)]
        if provision.kind == ProvisionKind.DEFINITION:
            # a weak definition (one "X includes" line inside a section that grants a power) is
            # what its power or offence makes it; otherwise it stays unread
            acts = [a for a in acts if a.kind in _OVERRULE_DEFINITION]
            if not acts:
                continue
        provision.acts = acts
        if not acts or (provision.kind not in OPEN_KINDS and provision.kind != ProvisionKind.DEFINITION):
            continue
        if provision.kind == ProvisionKind.GENERAL and any(c.startswith("caption") for c in provision.kind_cues):
            continue
        kinds = sorted(provision_kinds(acts), key=lambda k: _RANK.get(k, 9))
        first = next(a for a in acts if ACT_KIND[a.kind] == kinds[0])
        provision.kind = kinds[0]
        provision.kind_cues = [f"act: {first.kind.value} {text[first.start:first.end][:80]!r}"] + list(provision.kind_cues)


# -- conduct in one provision, its penalty in another ---------------------------------------------

# "A person who contravenes section 4, 5 or 6 commits an offence and is liable on conviction ...":
# the sanction names the provisions whose prohibitions it makes offences.
_CONTRAVENES = None  # compiled on first use (context's reference grammar)
# a prohibition in the provision a sanction names: "No person shall ...", "... must not ...",
# "... is prohibited"
_PROHIBITION = None


def _penalty_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    global _CONTRAVENES, _PROHIBITION
    if _CONTRAVENES is None:
        from treatylint.engine.context import _NUMBERS, _UNIT

        _CONTRAVENES = re.compile(
            r"\b(?:contraven(?:es?|ing|tion\s+of)|breach(?:es|ing)?(?:\s+of)?|violat(?:es?|ing|ions?\s+of)|"
            r"infring(?:es?|ing|ement\s+of))\s+(?:any\s+of\s+)?(?:the\s+)?(?:provisions?\s+of\s+)?(?:the\s+)?"
            + _UNIT + _NUMBERS
        )
        _PROHIBITION = re.compile(
            r"\bno\s+(?:person|one|individual)\s+(?:%s|%s)\b|\b(?:%s|may\s+not|cannot)\b|\b(?:is|are)\s+(?:hereby\s+)?(?:prohibited|forbidden)\b"
            % (class_regex("OBLIGED"), class_regex("EMPOWERED"), class_regex("OBLIGED_NOT"))
        )
    return _CONTRAVENES, _PROHIBITION


def _penalties_by_reference(document, provisions, found: dict[int, list[Act]], folded: str) -> None:
    """A sanction that names other provisions ("whoever contravenes section 4 or 5 is liable on
    conviction to ...") makes the prohibitions there offences, and is itself no new offence: the
    offence rules read the conduct where it is written, not the penalty section."""
    from treatylint.engine.context import _expand_numbers

    readable = {id(p) for p in provisions}
    for provision in provisions:
        acts = found[id(provision)]
        if not any(a.kind == ActKind.CRIMINALISATION for a in acts):
            continue
        body = folded[provision.body_start : provision.end]
        if not any(w in body for w in ("contraven", "breach", "violat", "infring")):
            continue
        contravenes, prohibition = _penalty_patterns()
        for match in contravenes.finditer(folded, provision.body_start, provision.end):
            targets = []
            for number in _expand_numbers(match.group(1)):
                target = document.find_article(number)
                if target is None or target is provision or id(target) not in readable or target in targets:
                    continue
                rule = prohibition.search(folded, target.body_start, target.end)
                if rule is None:
                    continue
                targets.append(target)
                if not any(a.kind == ActKind.CRIMINALISATION for a in found[id(target)]):
                    found[id(target)] = sorted(
                        found[id(target)] + [Act(ActKind.CRIMINALISATION, rule.start(), rule.end(), "penalty-in-another-provision")],
                        key=lambda a: (a.start, a.end),
                    )
            if targets:
                # the sanction's own clause creates nothing the targets do not
                left, right = _clause(folded, match.start(), provision.body_start, provision.end)
                found[id(provision)] = [
                    a for a in found[id(provision)] if not (a.kind == ActKind.CRIMINALISATION and left <= a.start < right)
                ]


# Provisions the grammar does not read: what they say is not what they do.
_UNREAD_KINDS = (ProvisionKind.PREAMBLE, ProvisionKind.DEFINITION)
# ... except a definition the classifier barely chose, with no caption behind it (a section
# "Power of police officer to enter and search" that ends on an explanation "'public place'
# includes ..."): a power or an offence in it decides.
# (Read before the confidence is settled, by its cues: one only, not a caption, not "'X' means".)
_OVERRULE_DEFINITION = (ActKind.POWER, ActKind.CRIMINALISATION)


def _weak_definition(provision) -> bool:
    cues = provision.kind_cues
    return (
        provision.kind == ProvisionKind.DEFINITION
        and len(cues) == 1
        and not cues[0].startswith("caption")
        and "means" not in cues[0]
    )


# The field treatylint's rules are written for: an instrument on computers, data networks or
# electronic evidence. Acts are read only there. Literals, counted in C: this runs on every text.
_TECH = (
    "cyber", "comput", "internet", "electronic", "digital", "encrypt", "online", "information technolog",
    "information and communication", "information security", "information space", "information resources",
)
_TECH_HEAD = 15_000  # characters read: an instrument names its field in its title, preamble and definitions
TECH_MENTIONS = 3  # a web address in a footer or one "computer" in a smuggling protocol is not enough
_TECH_MEMO: list = [None, 0]


def _tech_mentions(text: str) -> int:
    """Mentions of the field in the text's opening (counted up to TECH_MENTIONS); remembered for
    the last text asked about."""
    if _TECH_MEMO[0] is not text:
        folded = text[:_TECH_HEAD].lower()
        hits = 0
        for literal in _TECH:
            hits += folded.count(literal)
            if hits >= TECH_MENTIONS:
                break
        _TECH_MEMO[0], _TECH_MEMO[1] = text, hits
    return _TECH_MEMO[1]


def tech_instrument(text: str) -> bool:
    """Is this an instrument about computers, data or electronic communications (the field
    treatylint's rules are written for)? The kinds and the doubt of a finding ask this."""
    return _tech_mentions(text) >= TECH_MENTIONS


def reads_acts(text: str) -> bool:
    """Are the acts of this text read? In the field, and in a short draft or excerpt that names
    it in proportion: one mention per 5,000 characters read, up to TECH_MENTIONS (no corpus
    treaty changes side: the short ones name none). A rule fixture or a two-article excerpt of a
    cybercrime draft says "computer system" once."""
    return _tech_mentions(text) >= min(TECH_MENTIONS, 1 + min(len(text), _TECH_HEAD) // 5_000)
