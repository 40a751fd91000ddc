"""The treaty document model: what the parser produces and every later stage reads.

All positions are character offsets into ``Document.text`` (half-open ``[start, end)``).
``Document.line_col`` turns an offset into a 1-based (line, column) pair, so reporters never
need to re-scan the text.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from treatylint.document.lines import line_starts


class ProvisionKind(str, Enum):
    """What a provision (or a clause inside one) does. The rules scope themselves by kind."""

    OFFENCE = "offence"
    PROCEDURAL = "procedural"
    COOPERATION = "cooperation"
    REFUSAL = "refusal"
    RESERVATION = "reservation"
    JURISDICTION = "jurisdiction"
    DEFINITION = "definition"
    GENERAL = "general"
    SAFEGUARD = "safeguard"
    PREAMBLE = "preamble"
    FINAL = "final"
    OTHER = "other"


class DivisionKind(str, Enum):
    PART = "part"
    CHAPTER = "chapter"
    SECTION = "section"
    TITLE = "title"
    SUBSECTION = "subsection"
    ANNEX = "annex"


@dataclass(slots=True)
class Division:
    """A structural heading above articles: ``CHAPTER II``, ``Section 1``, ``TITLE 3``, ``Annex``."""

    kind: DivisionKind
    label: str  # as written, e.g. "CHAPTER II"
    number: str | None  # "II", "1", None for a bare "Annex"
    heading: str | None  # the caption line after the label, e.g. "USE OF TERMS"
    start: int
    end: int  # end of this division's extent (up to the next division of the same or higher rank)
    level: int  # 0 part/annex, 1 chapter, 2 section, 3 title/sub-section (grammar/headings.yml)


@dataclass(slots=True)
class Block:
    """A paragraph or list item inside a provision, one line (or hard-wrapped lines) of text.

    ``marker`` is the numbering as written (``1.``, ``a)``, ``(i)``) or None for plain text.
    ``depth`` is 0 for unnumbered text, 1 for numbered paragraphs, 2 for lettered items, 3 for
    roman items. ``chapeau`` is the index (in ``Provision.blocks``) of the block that introduces
    this one — the nearest earlier, shallower block ending with ``:`` — so a rule can read an
    item together with the words that govern it.
    """

    start: int
    end: int
    marker: str | None = None
    depth: int = 0
    chapeau: int | None = None
    kind: ProvisionKind | None = None  # clause-level kind, when it differs from the provision's


@dataclass(frozen=True, slots=True)
class KindEvidence:
    """One reason weighed for a provision's kind (``treatylint outline`` lists them), so a reader
    or a later stage can see how sure the kind is and why."""

    source: str  # "caption", "division", "text" (a cue phrase), "model" or "caption (no body cue)"
    kind: ProvisionKind  # the kind this evidence points to
    detail: str  # the words matched, or the model's probability
    weight: float  # points the cue added to the rule score, or the model's probability


@dataclass(slots=True)
class Provision:
    """An article (or the preamble, or an annex body): the unit findings are reported on."""

    label: str  # "Article 5", "Article 5 bis", "Preamble"
    number: str | None  # "5", "5 bis", "V", None for the preamble
    caption: str | None
    start: int  # start of the heading line
    body_start: int  # first character after the heading and caption
    end: int
    blocks: list[Block] = field(default_factory=list)
    divisions: list[Division] = field(default_factory=list)  # ancestors, outermost first
    kind: ProvisionKind = ProvisionKind.OTHER
    kind_cues: list[str] = field(default_factory=list)  # why the classifier chose ``kind``
    annex: bool = False  # the text of an annex, appendix or schedule (not an article)
    acts: list | None = None  # legal acts read in it (engine/acts.py); None: not read
    kind_confidence: float = 1.0  # 0-1: how sure the classifier is of ``kind`` (1.0: set by structure)
    kind_evidence: list[KindEvidence] = field(default_factory=list)  # every reason weighed, for and against
    # the kind the rules read it as, when that is not ``kind``: a declaratory safeguard (a
    # human-rights clause, a data-use limit, a remedy) is reported as ``safeguard`` and read by
    # the rules of the kind it stands among (engine/kinds/classifier.py, ``declaratory``)
    reads_as: ProvisionKind | None = None

    @property
    def rule_kind(self) -> ProvisionKind:
        """The kind rule scopes are matched against (``reads_as``, else ``kind``)."""
        return self.reads_as or self.kind

    def division(self, kind: DivisionKind) -> Division | None:
        for division in reversed(self.divisions):
            if division.kind == kind:
                return division
        return None


@dataclass(slots=True)
class Document:
    path: str
    text: str
    title: str | None = None
    preamble: Provision | None = None
    provisions: list[Provision] = field(default_factory=list)  # articles, in document order
    divisions: list[Division] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what the parser had to guess, for the user
    hidden: list = field(default_factory=list)  # formats.HiddenText: what the reader left out as invisible
    view: object | None = None  # normalize.NormalView while the rules read the normalised text
    # page numbers and running headers set aside, and lines that read like headings but were
    # not taken as ones: (start, end) offsets, for ``outline`` and the structure check
    furniture: list[tuple[int, int]] = field(default_factory=list)
    doubtful_headings: list[tuple[int, int]] = field(default_factory=list)
    footnotes: list[tuple[int, int]] = field(default_factory=list)  # never operative text (engine blanks them)
    margins: list[tuple[int, int]] = field(default_factory=list)  # marginal notes: captions, never operative text
    # the heading family read from the draft itself when the grammar's words found too few
    # provisions ("Clause N"), and how sure that reading is (document/induction.py)
    inferred_family: str | None = None
    inferred_confidence: float | None = None
    _line_starts: Sequence[int] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        """(Called again when ``text`` is replaced.) Line starts are found on first use."""
        self._line_starts = []

    @property
    def articles(self) -> list[Provision]:
        """The articles (or sections, rules ...): the provisions less the annexes' texts."""
        return [p for p in self.provisions if not p.annex]

    def all_provisions(self) -> list[Provision]:
        """The preamble (if any) followed by the articles."""
        return ([self.preamble] if self.preamble else []) + self.provisions

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        starts = self._line_starts
        if not starts:
            starts = self._line_starts = line_starts(self.text)
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def provision_at(self, offset: int) -> Provision | None:
        for provision in self.all_provisions():
            if provision.start <= offset < provision.end:
                return provision
        return None

    def find_article(self, number: str) -> Provision | None:
        """The provision numbered ``number``; "5" also finds "Article V" (a cross-reference in
        figures to a heading in roman numerals, or the other way round)."""
        wanted = number.strip().lower()
        for provision in self.provisions:
            if provision.number and provision.number.lower() == wanted:
                return provision
        value = _value(wanted)
        if value is None:
            return None
        for provision in self.provisions:
            if provision.number and _value(provision.number.lower()) == value:
                return provision
        return None


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(s: str) -> int | None:
    """``"XII"`` -> 12 (upper case); None for anything that is not a roman numeral."""
    if not s or any(c not in _ROMAN for c in s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = _ROMAN[a]
        total += -v if b != " " and _ROMAN.get(b, 0) > v else v
    return total


def _value(number: str) -> int | None:
    """``"12"`` -> 12, ``"xii"`` -> 12; anything else (``"5 bis"``, ``"a"``) -> None."""
    if number.isdigit():
        return int(number)
    if number in ("d", "l", "c", "m"):
        return None
    return roman_value(number.upper())
