"""What an analyst resolves before judging a provision: definitions, cross-references and the
general safeguards articles that cover a chapter or section.

Built once per document by ``DocumentContext.build`` and read by the engine.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from treatylint.document.model import Block, Document, DivisionKind, Provision, ProvisionKind
from treatylint.engine.prefilter import LazyRegex, Prefilter, required_literals

_QUOTED_TERM = re.compile(
    r"[\"\u201c\u2018']([^\"\u201d\u2019'\n]{2,80})[\"\u201d\u2019']\s*(?:,\s*)?"
    r"(?:shall\s+)?(?:means?|includes?|refers?\s+to|denotes|shall\s+have\s+the\s+meaning)\b",
    re.IGNORECASE,
)

# What a draft calls its provisions when it refers to one: "Article 15", "Section 13", "Sec. 10",
# "§ 9", "Rule 4", "Regulation 7", "Clause 3" (not "paragraph 2": a paragraph of the same article)
_UNIT = r"(?:\b(?:articles?|sections?|secs?\.|rules?|regulations?|clauses?)|§§?)\s*"
_NUMBERS = r"((?:\d+(?:\s*(?:bis|ter))?|[IVXLC]+)(?:\s*(?:,|and|to|through|-|\u2013|or)\s*(?:%s)?(?:\d+(?:\s*(?:bis|ter))?|[IVXLC]+))*)" % _UNIT
# "subject to Articles 14 and 15", "in accordance with article 24", "pursuant to Articles 2 to 5",
# "subject to section 13", "consistent with § 9", "under the conditions of § 9"
_REFERENCE = re.compile(
    r"\b(?:subject\s+to|in\s+accordance\s+with|pursuant\s+to|consistent\s+with|as\s+provided\s+(?:for\s+)?in|"
    r"governed\s+by|in\s+conformity\s+with|under\s+the\s+(?:conditions|safeguards)\s+(?:of|in|laid\s+down\s+in|set\s+out\s+in)|(?:as\s+)?set\s+(?:out|forth)\s+in|referred\s+to\s+in|established\s+(?:in\s+accordance\s+with|under|in))\s+(?:the\s+(?:provisions|conditions|safeguards)\s+(?:of|in)\s+)?"
    r"(?:the\s+)?" + _UNIT + _NUMBERS,
    re.IGNORECASE,
)
# "Paragraph 2 of Article 5 applies", "article 18 shall apply mutatis mutandis",
# "the provisions of article 18 ... are applicable", "§ 9 applies" (not "Article 15 shall not
# apply": that sets the safeguards aside)
_APPLIES = re.compile(
    r"(?:\bparagraphs?\s+\d+\s+of\s+|\bthe\s+provisions\s+of\s+)?" + _UNIT
    + r"((?:\d+(?:\s*(?:bis|ter))?|[IVXLC]+)(?:\s*(?:,|and|to|-|\u2013)\s*(?:\d+|[IVXLC]+))*)"
    r"(?:(?!\bnot\b|\bno\s+longer\b)[^.;]){0,80}?\b(?:shall\s+)?(?:apply|applies|be\s+applicable|are\s+applicable|is\s+applicable)\b",
    re.IGNORECASE,
)
# "Article 16 does not apply to such a demand", "Notwithstanding Article 10, ...": the article
# named is set aside, so it neither covers nor cures the provision (it is not a reference), but
# what it is matters: a refusal regime switched off is not a safeguards article switched off
_SET_ASIDE = re.compile(
    r"(?:\bnotwithstanding\s+(?:the\s+provisions\s+of\s+)?(?:the\s+)?" + _UNIT + _NUMBERS + r"|"
    + _UNIT + _NUMBERS + r"(?:\s*\(\d+\))?,?\s+(?:(?:paragraph|subsection)\s+\(?\d+\)?,?\s+)?(?:does|do|shall)\s+not\s+apply\b)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\b(?:\d+(?:\s*(?:bis|ter))?|[IVXLC]+)\b")
_RANGE = re.compile(r"(\d+)\s*(?:to|through|-|\u2013)\s*(?:articles?\s+)?(\d+)", re.IGNORECASE)

# Which part of the document a general safeguards article says it covers.
_COVERAGE = re.compile(r"\bthis\s+(section|chapter|part|title|convention|protocol|agreement|treaty)\b", re.IGNORECASE)
_DIVISION_OF = {
    "section": DivisionKind.SECTION,
    "chapter": DivisionKind.CHAPTER,
    "part": DivisionKind.PART,
    "title": DivisionKind.TITLE,
}


@dataclass(slots=True)
class Definition:
    term: str
    provision: Provision
    start: int
    end: int  # the definition's whole text, including its sub-items
    pattern: "re.Pattern[str] | LazyRegex" = field(repr=False, default=None)  # type: ignore[assignment]
    marked: bool = True  # quoted or dashed: the draft set the term apart (see defined_roles)


@dataclass(frozen=True)
class Coverage:
    """What a safeguards article applies to: a stretch of the text, or the articles it names."""

    start: int
    end: int
    articles: tuple[str, ...] = ()  # the numbers of the provisions it names ("6", "14 bis")

    def covers(self, provision: Provision) -> bool:
        if self.articles:
            return provision.number is not None and " ".join(provision.number.split()) in self.articles
        return self.start <= provision.start < self.end


@dataclass
class DocumentContext:
    document: Document
    definitions: list[Definition] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # defined term -> role (see defined_roles)
    safeguard_articles: list[tuple[Provision, Coverage]] = field(default_factory=list)
    # per-document memos: rules ask the same provision's references and definitions again and
    # again, and asking every definition of every provision made long drafts quadratic
    _references: dict[tuple[int, int], list[Provision]] = field(default_factory=dict, repr=False, compare=False)
    _used: dict[int, list[Definition]] = field(default_factory=dict, repr=False, compare=False)
    _term_starts: list[tuple[str, list[int]] | None] | None = field(default=None, repr=False, compare=False)
    _prefilter: Prefilter | None = field(default=None, repr=False, compare=False)  # the folded text (_may_match)

    @classmethod
    def build(cls, document: Document) -> "DocumentContext":
        context = cls(document)
        context.definitions = definitions_of(document)
        context.roles = defined_roles(document, context.definitions)
        context.safeguard_articles = list(_safeguard_articles(document))
        return context

    def references(self, provision: Provision, depth: int = 2) -> list[Provision]:
        """Articles an explicit cross-reference in ``provision`` points to, followed ``depth`` deep
        ("the conduct referred to in Article 4", where Article 4 refers to Articles 2 and 3)."""
        key = (id(provision), depth)
        found = self._references.get(key)
        if found is None:
            found = self._references[key] = self._follow_references(provision, depth)
        return list(found)

    def _follow_references(self, provision: Provision, depth: int) -> list[Provision]:
        found: list[Provision] = []
        frontier = [provision]
        for _ in range(depth):
            next_frontier: list[Provision] = []
            for source in frontier:
                text = self.document.text
                matches = [
                    match
                    for regex in (_REFERENCE, _APPLIES)
                    if self._may_match(regex, source.body_start, source.end)
                    for match in regex.finditer(text, source.body_start, source.end)
                ]
                for match in matches:
                    for number in _expand_numbers(match.group(1)):
                        target = self.document.find_article(number)
                        if target is not None and target is not provision and target not in found:
                            found.append(target)
                            next_frontier.append(target)
            frontier = next_frontier
        return found

    def _may_match(self, regex: re.Pattern[str], start: int, end: int) -> bool:
        """Whether ``regex`` may match in ``document.text[start:end]``: the exact literal
        prefilter (engine/prefilter.py). WHY: both reference patterns were run over every
        provision, a tenth of the time of a draft of ten thousand one-sentence articles."""
        if self._prefilter is None:
            self._prefilter = Prefilter(self.document.text)
        return self._prefilter.may_match_in(required_literals(regex.pattern), start, end)

    def set_aside(self, provision: Provision) -> list[Provision]:
        """Articles ``provision`` switches off ("Article 16 does not apply to such a demand",
        "notwithstanding Article 10"): rules ask what they were (refusal grounds, safeguards)."""
        found: list[Provision] = []
        body = self.document.text[provision.body_start:provision.end].lower()
        if "apply" not in body and "notwithstanding" not in body:
            return found
        for match in _SET_ASIDE.finditer(self.document.text, provision.body_start, provision.end):
            for number in _expand_numbers(match.group(1) or match.group(2)):
                target = self.document.find_article(number)
                if target is not None and target is not provision and target not in found:
                    found.append(target)
        return found

    def covering_safeguards(self, provision: Provision) -> list[Provision]:
        """General conditions-and-safeguards articles whose coverage includes ``provision``."""
        return [
            article
            for article, coverage in self.safeguard_articles
            if article is not provision and coverage.covers(provision)
        ]

    def definitions_used_in(self, provision: Provision) -> list[Definition]:
        """The definitions whose term ``provision`` uses (not its own). Each term's first word is
        looked up once per document (``_term_index``): a provision where it does not occur is
        not searched, so the work grows with the text, not with provisions times definitions."""
        used = self._used.get(id(provision))
        if used is None:
            used = self._used[id(provision)] = self._search_definitions(provision)
        return list(used)

    def _search_definitions(self, provision: Provision) -> list[Definition]:
        text = self.document.text
        start, end = provision.body_start, provision.end
        index = self._term_index()
        used: list[Definition] = []
        for definition, starts in zip(self.definitions, index):
            if definition.provision is provision:
                continue
            at = start
            if starts is not None:  # the term's first word, lower-cased, must lie in [start, end)
                word, offsets = starts
                first = bisect.bisect_left(offsets, start)
                if first == len(offsets) or offsets[first] + len(word) > end:
                    continue
                at = offsets[first]  # a match starts with that word: no need to try before it
            if definition.pattern.search(text, at, end):
                used.append(definition)
        return used

    def _term_index(self) -> list[tuple[str, list[int]] | None]:
        """Per definition, its term's first word (lower-case ASCII) and every offset where the
        folded text has it, or None (no exact shortcut: the term is searched everywhere). Exact:
        a match of the term pattern starts with that word, case-insensitively, and ``lower()``
        of a text without the few characters ``re`` folds onto ASCII letters keeps offsets."""
        if self._term_starts is not None and len(self._term_starts) == len(self.definitions):
            return self._term_starts
        from treatylint.engine.prefilter import Prefilter  # prefilter imports nothing of ours

        prefilter = Prefilter(self.document.text)
        words: dict[str, list[int]] = {}
        index: list[tuple[str, list[int]] | None] = []
        for definition in self.definitions:
            word = definition.term.split()[0].lower() if definition.term.split() else ""
            if not prefilter.twin_ready or not word.isascii() or not word:
                index.append(None)
                continue
            if word not in words:
                words[word] = _occurrences(prefilter.folded, word)
            index.append((word, words[word]))
        self._term_starts = index
        return index


def _occurrences(text: str, word: str) -> list[int]:
    """Every offset where ``word`` starts in ``text``, overlapping ones too (what
    ``re.finditer("(?=word)")`` gives, by ``str.find``'s fast search instead of a regex tried at
    every position: 1.4 s of a 1 MB treaty's profile)."""
    found: list[int] = []
    find = text.find
    at = find(word)
    while at >= 0:
        found.append(at)
        at = find(word, at + 1)
    return found


# "destructive information - information harmful to ..." (a definition list without quotes)
# "(a) computer system - any device", and Gulf-style lists "Fourth: Immoral content: any writing"
# (an ordinal word before the term, the colon right after it); never a lead-in clause such as
# "For the purposes of this Convention:"
_DASHED_TERM = re.compile(
    r"(?:\(?[a-z0-9]{1,3}[.)]\s+|(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s*[:.)]\s+)?"
    r"(?!(?i:for|in|as|where|when|unless|subject|this|these|the\s+following)\b)"
    r"([A-Za-z][\w'-]*(?:\s+[\w'-]+){0,5}?)(?:\s+(?:-|\u2013|\u2014|:)|:)\s+(?=\w)"
)


_LAST: list = [None, None]  # the last document's definitions: the classifier and the context both ask


def definitions_of(document: Document) -> list[Definition]:
    """The document's definitions (read once: classifying by acts and building the context
    both need them, and kinds of definition articles do not change in between)."""
    if _LAST[0] is not document:
        _LAST[0], _LAST[1] = document, list(_definitions(document))
    return list(_LAST[1])

# Statute style, the term neither quoted nor dashed (printed in bold, which plain text loses):
# "harmful material means material that ...", a paragraph of a definitions article that opens
# with a short term and "means" or "includes"
_BARE_TERM = re.compile(
    r"(?:\(?[a-z0-9]{1,3}[.)]\s+)?"
    r"(?!(?i:for|in|as|where|when|unless|subject|this|these|that|the|a|an|each|every|any|it|such|nothing|no)\b)"
    r"([A-Za-z][\w'-]*(?:[ \t]+[\w'-]+){0,4}?)[ \t]+(?:means|includes)\b"
)


def _definitions(document: Document):
    text = document.text
    for provision in document.provisions:
        if provision.kind != ProvisionKind.DEFINITION:
            continue
        blocks = provision.blocks
        for index, block in enumerate(blocks):
            match = _QUOTED_TERM.search(text, block.start, block.end) or _DASHED_TERM.match(text, block.start, block.end)
            bare = match is None and (match := _BARE_TERM.match(text, block.start, block.end)) is not None
            if not match:
                continue
            end = _extent(blocks, index)
            term = " ".join(match.group(1).split())
            pattern = _term_pattern(term)
            yield Definition(term, provision, block.start, end, pattern, marked=not bare)


# What a defined term is, read from the head of its definition ("'Covered Entity' means any
# provider of ..."): the first of these words after "means" names its genus.
_ROLE_CUES = {
    "provider": r"\bprovid(?:er|ers)\b|\boperators?\b|\bintermediar(?:y|ies)\b|\bplatforms?\b|\bhosting\b|\bcustodians?\b"
    r"|\b(?:entity|entities|person|company|companies|undertaking|organi[sz]ation)\b[^.;]{0,40}?\b(?:that|which|who)\s+(?:provides?|offers?|operates?|stores?|hosts?|transmits?|processes?)\b"
    r"|\b(?:electronic\s+)?communications?\s+services?\b|\binformation\s+society\s+services?\b",
    "authority": r"\bauthorit(?:y|ies)\b|\bagenc(?:y|ies)\b|\bministry\b|\bminister\b|\bpolice\b|\bprosecutors?\b|\bcourts?\b"
    r"|\bofficers?\b|\bofficials?\b|\bbody\s+designated\b",
    "data": r"\bdata\b|\binformation\b|\brecords?\b|\bevidence\b",
    "content": r"\bcontent\b|\bmaterials?\b|\bpublications?\b|\bmessages?\b|\bstatements?\b|\bspeech\b",
}
_ROLE = re.compile("|".join(f"(?P<{role}>{cue})" for role, cue in _ROLE_CUES.items()), re.IGNORECASE)
_MEANS = re.compile(r"\b(?:means?|includes?|refers?\s+to|denotes|shall\s+have\s+the\s+meaning)\b|\s(?:-|\u2013|\u2014|:)\s", re.IGNORECASE)
_AGENT = re.compile(r"\b(?:by|of|to|from|with|for|whose|on\s+behalf\s+of)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
ROLE_HEAD = 160  # characters of a definition that name its genus


def definition_role(text: str, start: int, end: int) -> str | None:
    """The role a definition gives its term: ``provider``, ``authority``, ``data`` or
    ``content`` (whichever word comes first after "means"), or None."""
    means = _MEANS.search(text, start, min(end, start + 200))
    head = means.end() if means else start
    found = _ROLE.search(text, head, min(end, head + ROLE_HEAD))
    # "an instrument issued by an Originating Authority": the first role word names who issues
    # it, not what it is
    if found is None or _AGENT.search(text, max(head, found.start() - 30), found.start()):
        return None
    return found.lastgroup


def defined_roles(document: Document, definitions: list[Definition] | None = None) -> dict[str, str]:
    """Defined term -> role, for terms whose own words do not already say it: a "Covered
    Entity" defined as a provider is a provider wherever it is used; a "service provider" is
    one already."""
    roles: dict[str, str] = {}
    for definition in definitions_of(document) if definitions is None else definitions:
        # an unquoted lower-case term ("supplier means any person that provides goods") explains
        # an ordinary word; only a name the draft chose ("Responsible Body means ...") takes a role
        if not definition.marked and not definition.term[:1].isupper():
            continue
        role = definition_role(document.text, definition.start, definition.end)
        if role is None or _names_its_role(definition.term, role):
            continue
        roles.setdefault(definition.term, role)
    return roles


# Words that only say which kind of provider or authority is meant: "service provider" and
# "competent authority" are read as written. "Covered Provider" or "Designated Authority" are
# names the draft chose, and rules written for "a provider" must see through them.
_ORDINARY_MODIFIERS = frozenset(
    "service services hosting internet network communications telecommunications electronic "
    "online access competent central judicial public law enforcement".split()
)


def _names_its_role(term: str, role: str) -> bool:
    """Does the term already say its role in ordinary words (no reading needed)?"""
    word = ROLE_WORDS[role]
    lowered = term.lower()
    if word not in lowered:
        return False
    if role not in REWRITTEN:
        return True
    return all(w in _ORDINARY_MODIFIERS or w.startswith(word[:-1]) for w in lowered.replace("-", " ").split())


# The word each role is read as in the text the rules match. Only who a provision binds or
# empowers is rewritten: a term for data or content ("false information", "extremist
# materials") is itself what the rules read.
ROLE_WORDS = {"provider": "provider", "authority": "authority", "data": "data", "content": "content"}
REWRITTEN = ("provider", "authority")


def read_roles(text: str, roles: dict[str, str]) -> str:
    """``text`` with every use of a role-bearing defined term overwritten by its role's word,
    padded to the same length ("Covered Entities" -> "providers       "): a rule that looks for
    providers sees a "Covered Entity" wherever it is used, and every offset stays valid.
    A term shorter than its role's word is left as it is. Found with ``str.find`` on the
    lowercased text: a regex alternation over whole documents cost more than the rules."""
    terms = {
        " ".join(t.lower().split()): ROLE_WORDS[role]
        for t, role in roles.items()
        if role in REWRITTEN and len(t) >= len(ROLE_WORDS[role])
    }
    if not terms:
        return text
    lowered = text.lower()
    if len(lowered) != len(text):
        return text
    spans: list[tuple[int, int, str]] = []
    for term, word in terms.items():
        position = lowered.find(term)
        while position >= 0:
            end = position + len(term)
            plural = lowered.startswith("es", end) and 2 or lowered.startswith("s", end) and 1 or 0
            stop = end + plural
            before = lowered[position - 1] if position else " "
            after = lowered[stop] if stop < len(lowered) else " "
            if not (before.isalnum() or before in "\"\u201c\u2018'") and not (after.isalnum() or after in "\"\u201d\u2019'"):
                spans.append((position, stop, (word + ("s" if plural else "")).ljust(stop - position)))
            position = lowered.find(term, end)
    if not spans:
        return text
    spans.sort()
    pieces: list[str] = []
    cursor = 0
    for start, stop, replacement in spans:
        if start < cursor:
            continue  # overlapping terms: the first wins
        pieces.append(text[cursor:start])
        pieces.append(replacement)
        cursor = stop
    pieces.append(text[cursor:])
    return "".join(pieces)


@lru_cache(maxsize=4096)
def _term_pattern(term: str) -> LazyRegex:
    """A defined term and its plural, as whole words ("information crime", "information crimes").
    Compiled on first use (``LazyRegex``): most terms are never searched for (a provision is
    searched only where the term's first word is, ``_term_index``), and compiling every term of
    every draft cost 2% of a corpus run."""
    words = r"\s+".join(map(re.escape, term.split()))
    return LazyRegex(r"(?<!\w)" + words + r"(?:s|es)?(?!\w)", re.IGNORECASE)


def _extent(blocks: list[Block], index: int) -> int:
    """End of a block together with the deeper list items that follow it."""
    depth = blocks[index].depth
    end = blocks[index].end
    for block in blocks[index + 1 :]:
        if block.depth <= depth:
            break
        end = block.end
    return end


# the provisions a safeguards article names, in the draft's own words: "articles 6 to 8",
# "sections 10 and 11", "§§ 10 to 12"
_NAMED_ARTICLES = re.compile(_UNIT + _NUMBERS, re.IGNORECASE)


def _safeguard_articles(document: Document):
    """Each safeguards article with its coverage: the part of the treaty it names ("this
    Section", "this Convention"), or else the articles it names, or else its chapter."""
    text = document.text
    for provision in document.provisions:
        if provision.kind != ProvisionKind.SAFEGUARD or provision.reads_as is not None:
            continue  # a declaratory safeguard (a rights clause) limits no power by itself
        body = text[provision.body_start : provision.end]
        # "the powers provided for in articles 6 to 8 of this Protocol": the articles it names
        # decide; "Article 17 of the Covenant" names another instrument's article and does not
        named = [
            n
            for m in _NAMED_ARTICLES.finditer(body)
            if not re.match(r"\s+of\s+the\s+(?!present\b)", body[m.end() : m.end() + 20], re.IGNORECASE)
            for n in _expand_numbers(m.group(1))
        ]
        if named:
            yield provision, Coverage(0, 0, tuple(named))
            continue
        coverage = _COVERAGE.search(body)
        word = coverage.group(1).lower() if coverage else "chapter"
        division_kind = _DIVISION_OF.get(word)
        division = provision.division(division_kind) if division_kind else None
        if division_kind is not None and division is None and word != "chapter":
            division = provision.division(DivisionKind.CHAPTER)
        if division is not None:
            yield provision, Coverage(division.start, division.end)
        else:
            yield provision, Coverage(0, len(text))


_BOOK_NUMBER = re.compile(r"\b\d+-\d+\b")


def _expand_numbers(group: str) -> list[str]:
    # "Article 3-1" in a code numbered by book and article is one number, not a range
    numbers: list[str] = _BOOK_NUMBER.findall(group)
    for low, high in _RANGE.findall(group):
        # a number longer than any article number is not expanded (int() refuses 4,300 digits)
        if len(low) <= 9 and len(high) <= 9 and int(high) - int(low) <= 60:
            numbers.extend(str(n) for n in range(int(low), int(high) + 1))
    numbers.extend(" ".join(n.split()) for n in _NUMBER.findall(group))
    return list(dict.fromkeys(numbers))
