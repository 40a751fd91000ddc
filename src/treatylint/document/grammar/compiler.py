"""Compile the heading grammar (headings.yml) into anchored regexes, and read a line with them.

The grammar is data (words, number forms, separators, wrappers); this module is the only code
that knows its shape. Every regex is anchored at the start of a line and built from bounded
pieces, so matching a line costs time linear in its length and the whole scan is linear in the
text. ``CompiledGrammar.read`` answers "how would this line read as a heading?" and nothing
more: whether it *is* one is decided by the parser from the document (structure.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from treatylint.document.model import roman_value

GRAMMAR_FILE = Path(__file__).with_name("headings.yml")
_MARKDOWN = re.compile(r"#{1,6}[ \t]+")
_DIGITS = re.compile(r"\d+")
_ROMAN = re.compile(r"[IVXLCDM]+")
_WORD_SPLIT = re.compile(r"[ \t-]+")


# --------------------------------------------------------------------------------------------
# The YAML's schema (a boundary: a broken grammar fails loudly at load, not mid-parse)
# --------------------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProvisionFamily(_Strict):
    label: str
    words: list[str] = Field(min_length=1)


class DivisionWords(_Strict):
    kind: str
    level: int = Field(ge=0, le=5)
    numberless: bool = False
    words: list[str] = Field(min_length=1)


class Templates(_Strict):
    provision: list[str]
    division: list[str]


class NumberForms(_Strict):
    digits: str
    roman: str
    letter: str
    bare_letter: str
    parenthesised: str
    suffixes: list[str]
    ordinal_marks: list[str] = []


class NumberWords(_Strict):
    units: dict[str, int]
    tens: dict[str, int]
    hundred: str
    joiner: str
    ordinal_units: dict[str, int]
    ordinal_tens: dict[str, int]


class Wrappers(_Strict):
    markdown: bool = True
    emphasis: list[str] = []
    brackets: list[str] = []


class Unworded(_Strict):
    label: str
    number: str
    after: list[str] = Field(min_length=1)
    first_subsection: str
    # "12  Caption" (the number, a wide gap, the caption; the body on the lines below), as
    # Australian-style acts write sections; None: not read
    caption_gap: str | None = None
    # provisions numbered with no word and no caption at all ("(1) The two Governments will
    # ...", "3. Each Party ..."): the label and the markers (each with a group ``n``), read
    # only when nothing else heads the text (document/induction.py, induce_paragraphs)
    paragraph_label: str = "Paragraph"
    paragraph_markers: list[str] = []


class Footnotes(_Strict):
    inline: str
    section_headings: list[str]
    definitions: list[str] = []


class Options(_Strict):
    labels: list[str] = []


class GrammarFile(_Strict):
    provisions: list[ProvisionFamily]
    unworded: Unworded
    divisions: list[DivisionWords]
    templates: Templates
    numbers: NumberForms
    number_words: NumberWords
    separators: list[str]
    caption_brackets: list[str]
    wrappers: Wrappers
    page_numbers: list[str]
    footnotes: Footnotes
    options: Options = Options()


# --------------------------------------------------------------------------------------------
# What reading a line gives
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class HeadingMatch:
    """A line read as a heading. ``rest`` is what follows the number (a caption, a sentence, or
    nothing); ``rest_start`` its offset in the line. ``style`` is how the heading is written
    (word as spelt, number form, wrapper), which the parser compares across the document."""

    family: str  # provision label ("Article") or division kind ("chapter")
    division: bool
    word: str
    number: str | None  # normalised: words and ordinals as digits, "(5)" as "5"
    value: int | None  # for the sequence check
    number_form: str  # digits | roman | letter | words | ordinal | paren | none
    rest: str
    rest_start: int
    wrapper: str  # "" | "#" | "**" | "[]"
    caption: str | None = None  # a bracketed caption: "Article 5 (Scope)"
    written: str | None = None  # the number as written ("FIVE", "(5)")
    mark: str = ""  # an ordinal mark after the number ("º" of "Article 1º"), kept in the label

    @property
    def style(self) -> tuple[str, str, str]:
        return (self.word, self.number_form, self.wrapper)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _after_word(words: list[str]) -> str:
    """Space between a word and its number: required after a letter, optional after "." or "§"."""
    return r"(?:(?<=[^A-Za-z])[ \t]*|[ \t]+)"


class CompiledGrammar:
    """The grammar as regexes plus the tables that turn a match into a :class:`HeadingMatch`."""

    def __init__(self, grammar: GrammarFile) -> None:
        self.grammar = grammar
        self.family_of: dict[str, str] = {}
        for family in grammar.provisions:
            for word in family.words:
                self.family_of[word] = family.label
        self.division_of: dict[str, DivisionWords] = {}
        for division in grammar.divisions:
            for word in division.words:
                self.division_of[word] = division
        self.levels = {d.kind: d.level for d in grammar.divisions}
        self.families = [f.label for f in grammar.provisions]
        words = grammar.number_words
        self._cardinal = {**words.units, **words.tens}
        self._ordinal = {**words.ordinal_units, **words.ordinal_tens}
        numbers = grammar.numbers
        suffix = _alternation(numbers.suffixes)
        self._suffix_re = re.compile(rf"[ \t]?(?:[\u2013\u2014-][ \t]?)?\(?(?:{suffix})\)?(?![A-Za-z])")
        self._suffix_word = re.compile(suffix, re.IGNORECASE)
        marks = rf"(?P<mark>(?:{_alternation(numbers.ordinal_marks)})(?![A-Za-z]))?" if numbers.ordinal_marks else ""
        cardinal = self._number_words_re()
        ordinal = self._ordinal_re()
        number = (
            rf"(?P<paren>{numbers.parenthesised})"
            rf"|(?P<words>(?i:{cardinal}))(?![A-Za-z])"
            rf"|(?P<ord>(?i:{ordinal}))(?![A-Za-z])"
            rf"|(?P<digits>{numbers.digits}){marks}"
            rf"|(?P<roman>{numbers.roman})"
            rf"|(?P<letter>{numbers.letter})"
            rf"|(?P<bare>{numbers.bare_letter})"
        )
        provision_words = list(self.family_of)
        division_words = list(self.division_of)
        self._provision = self._templates(grammar.templates.provision, provision_words, number, ordinal)
        self._division = self._templates(grammar.templates.division, division_words, number, ordinal)
        self._numberless = re.compile(
            rf"(?P<word>{_alternation([w for d in grammar.divisions if d.numberless for w in d.words])})(?![A-Za-z])"
        )
        self._paren_tail = re.compile(r"(?:[ \t]?\((?:\d{1,3}|[a-z]{1,4}|\d{1,3}[ \t])\)|(?<=\))[a-z]\))*\*?")
        unworded = grammar.unworded
        self._unworded = re.compile(
            rf"(?P<number>{unworded.number})(?:[ \t]?\(?(?P<suffix>{suffix})\)?)?"
            rf"(?P<after>{_alternation(unworded.after)})[ \t]*"
            rf"(?P<first>{re.escape(unworded.first_subsection)}(?:[ \t]|$)|(?=[^\sa-z]))"
        )
        self._unworded_caption = re.compile(
            rf"(?P<number>{unworded.number}){unworded.caption_gap}(?P<caption>[A-Z][^\n]{{0,150}})"
        ) if unworded.caption_gap else None
        self.option_label = re.compile(
            rf"[ \t]*(?P<label>(?:{_alternation(grammar.options.labels)})[ \t]{{1,3}}[A-Z0-9]{{1,3}})[ \t]*[:.\u2013\u2014-]"
        ) if grammar.options.labels else None
        self.inline_note = re.compile(grammar.footnotes.inline)
        self.note_definition = re.compile("|".join(grammar.footnotes.definitions)) if grammar.footnotes.definitions else None
        self.notes_heading = re.compile(
            rf"(?:#{{1,6}}[ \t]+)?(?:{_alternation(grammar.footnotes.section_headings)})[ \t]*:?"
        )
        self._page = re.compile(rf"(?:{'|'.join(grammar.page_numbers)})[ \t]*")
        brackets = "".join(grammar.caption_brackets)
        self._bracket_caption = re.compile(
            r"[ \t]*(?:[\u2013\u2014:-][ \t]*)?(?P<open>[" + re.escape(brackets[0::2]) + r"])(?P<cap>[^()\[\]]{1,150})(?P<close>[" + re.escape(brackets[1::2]) + r"])[ \t.:]*$"
        )
        starters = _alternation(provision_words + division_words)
        ordinal_starts = _alternation(list(self._ordinal) + list(self._cardinal))
        # one cheap match that every heading passes: a wrapper, then a heading word or a number word
        numbers_first = rf"(?i:{ordinal_starts})(?![a-z])"
        self._provision_first = re.compile(rf"(?:{_alternation(provision_words)}|{numbers_first})").match
        self._division_first = re.compile(rf"(?:{_alternation(division_words)}|{numbers_first})").match
        self.quick = re.compile(rf"(?:#{{1,6}}[ \t]+|\*\*|__|\[)?[ \t]*(?:{starters}|(?i:{ordinal_starts}))(?![a-z])").match
        firsts = {w[0] for w in provision_words + division_words}
        firsts |= {w[0].upper() for w in self._ordinal} | {w[0] for w in self._ordinal}
        self.first_chars = frozenset(firsts | {"#", "*", "_", "["})

    # -- building -------------------------------------------------------------------------------

    def _number_words_re(self) -> str:
        w = self.grammar.number_words
        units = _alternation(list(w.units))
        small = [u for u, v in w.units.items() if v < 10]
        tens = _alternation(list(w.tens))
        below_hundred = rf"(?:(?:{tens})(?:[ \t-](?:{_alternation(small)}))?|{units})"
        hundred = re.escape(w.hundred)
        return (
            rf"(?:(?:{_alternation(small)})[ \t-]{hundred}(?:[ \t-](?:{re.escape(w.joiner)}[ \t-])?{below_hundred})?"
            rf"|{below_hundred})"
        )

    def _ordinal_re(self) -> str:
        w = self.grammar.number_words
        small = [u for u, v in w.units.items() if v < 10]
        small_ord = [o for o, v in w.ordinal_units.items() if v < 10]
        tens = _alternation(list(w.tens))
        return (
            rf"(?:(?:{tens})[ \t-](?:{_alternation(small_ord)})"
            rf"|{_alternation(list(w.ordinal_tens))}|{_alternation(list(w.ordinal_units))})"
        ) if small else _alternation(list(self._ordinal))

    def _templates(self, templates: list[str], words: list[str], number: str, ordinal: str) -> list[re.Pattern[str]]:
        compiled = []
        word = rf"(?P<word>{_alternation(words)})"
        for template in templates:
            body = re.escape(template).replace(r"\{word\}\ \{number\}", word + _after_word(words) + rf"(?:{number})")
            body = body.replace(r"\{ordinal\}\ \{word\}", rf"(?P<ordfirst>(?i:{ordinal}))[ \t]+{word}(?![A-Za-z])")
            compiled.append(re.compile(body))
        return compiled

    # -- reading -------------------------------------------------------------------------------

    def unwrap(self, line: str) -> tuple[str, int, str]:
        """The heading inside a Markdown/emphasis/bracket wrapper: (view, offset in line, wrapper)."""
        view, offset, wrapper = line, 0, ""
        w = self.grammar.wrappers
        if w.markdown and view.startswith("#"):
            m = _MARKDOWN.match(view)
            if m:
                view, offset, wrapper = view[m.end():], m.end(), "#"
        for mark in w.emphasis:
            if view.startswith(mark):
                close = view.find(mark, len(mark))
                if close > 0:
                    inner = view[len(mark):close] + " " * len(mark) + view[close + len(mark):]
                    view, offset, wrapper = inner.rstrip() if close + len(mark) >= len(view) else inner, offset + len(mark), wrapper or mark
                break
        for pair in w.brackets:
            if view.startswith(pair[0]) and view.rstrip().endswith(pair[1]) and len(view) > 2:
                view, offset, wrapper = view[1:].rstrip()[:-1], offset + 1, wrapper or "[]"
                break
        return view, offset, wrapper

    def read(self, line: str) -> list[HeadingMatch]:
        """Every way ``line`` (stripped) reads as a heading: as a provision and/or a division."""
        if not line or line[0] not in self.first_chars or self.quick(line) is None:
            return []
        view, offset, wrapper = self.unwrap(line) if line[0] in "#*_[" else (line, 0, "")
        if not view or view[0] not in self.first_chars:
            return []
        found: list[HeadingMatch] = []
        for pattern in self._provision if self._provision_first(view) else ():
            m = pattern.match(view)
            if m is not None:
                found.append(self._make(m, view, offset, wrapper, division=False))
                break
        if not self._division_first(view):
            return found
        for pattern in self._division:
            m = pattern.match(view)
            if m is not None:
                found.append(self._make(m, view, offset, wrapper, division=True))
                break
        else:
            m = self._numberless.match(view)
            if m is not None:
                word = m.group("word")
                found.append(HeadingMatch(self.division_of[word].kind, True, word, None, None, "none",
                                          view[m.end():], offset + m.end(), wrapper))
        return found

    def read_unworded_caption(self, line: str) -> HeadingMatch | None:
        """``line`` read as "12  Caption": a word-less section whose caption follows the number
        after a wide gap (the body starts on a later line). The caption is not judged here."""
        if self._unworded_caption is None:
            return None
        m = self._unworded_caption.fullmatch(line)
        if m is None:
            return None
        number, caption = m.group("number"), m.group("caption").strip()
        value = int(_DIGITS.match(number).group())
        return HeadingMatch(self.grammar.unworded.label, False, "", number, value, "unworded",
                            line[m.start("caption"):], m.start("caption"), "", caption, number)

    def read_unworded(self, line: str) -> tuple[HeadingMatch, bool] | None:
        """``line`` read as a provision numbered with no word ("12.—(1) A person ..."), and
        whether it is unmistakable on its own (a dash or "(1)" after the number, where a
        numbered paragraph has a plain full stop). The body starts at ``rest_start``."""
        m = self._unworded.match(line)
        if m is None:
            return None
        number = m.group("number")
        if m.group("suffix"):
            number = f"{number} {m.group('suffix').lower()}"
        rest_start = m.start("first")
        distinct = m.group("after").strip() != "." or bool(m.group("first"))
        value = int(_DIGITS.match(number).group())
        read = HeadingMatch(self.grammar.unworded.label, False, "", number, value, "unworded",
                            line[rest_start:], rest_start, "", None, number)
        return read, distinct

    def _make(self, m: re.Match[str], view: str, offset: int, wrapper: str, division: bool) -> HeadingMatch:
        word = m.group("word")
        family = self.division_of[word].kind if division else self.family_of[word]
        end = m.end()
        groups = m.groupdict()
        number: str | None
        if groups.get("ordfirst"):
            number, form = None, "ordinal"
            value = self.ordinal_value(groups["ordfirst"])
            number = str(value) if value is not None else groups["ordfirst"]
        elif groups.get("paren"):
            inner = groups["paren"].strip("() \t")
            head = _DIGITS.match(inner) or _ROMAN.match(inner)
            value = (int(head.group()) if head.group().isdigit() else roman_value(head.group())) if head else None
            suffix = self._suffix_word.search(inner)
            number = f"{inner[: suffix.start()].strip()} {suffix.group().lower()}" if suffix else inner
            form = "paren"
        elif groups.get("words"):
            value = self.words_value(groups["words"])
            number, form = str(value), "words"
            if not groups["words"][0].isupper():
                value, form = None, "lower-words"
        elif groups.get("ord"):
            value = self.ordinal_value(groups["ord"])
            number, form = str(value), "ordinal"
            if not groups["ord"][0].isupper():
                value, form = None, "lower-words"
        elif groups.get("digits"):
            number, form = groups["digits"], "digits"
            head = _DIGITS.match(number)
            value = int(head.group()) if head else None
        elif groups.get("roman"):
            number, form = groups["roman"], "roman"
            value = roman_value(_ROMAN.match(number).group())
        else:
            number = groups.get("letter") or groups.get("bare")
            form, value = "letter", (ord(number[0].upper()) - 64 if number else None)
        # a suffix ("5 bis") and glued parentheticals ("4(1)") belong to the number
        if end < len(view):
            sm = self._suffix_re.match(view, end)
            if sm is not None and number is not None and form not in ("words", "ordinal"):
                number = f"{number} {self._suffix_word.search(sm.group()).group().lower()}"
                end = sm.end()
        if "(" in view[end : end + 2] or view[end : end + 1] == "*":
            tail = self._paren_tail.match(view, end)
            if tail is not None and tail.end() > end and number is not None and form in ("digits", "roman", "letter"):
                glued = tail.group().rstrip("*")
                number += glued.replace(" ", "") if not glued.startswith(" ") else glued
                end = tail.end()
            elif tail is not None and view[end:tail.end()] == "*":
                end = tail.end()
        if end < len(view) and (view[end].isalnum()):
            form = "glued"  # "Article 5A1", "Articles": not a heading
        rest = view[end:]
        caption = None
        if form != "paren" and ("(" in rest or "[" in rest):
            bm = self._bracket_caption.match(rest)
            if bm is not None:
                caption = bm.group("cap").strip()
        written = view[m.end("word"):m.end()].strip() if not groups.get("ordfirst") else groups["ordfirst"]
        if number is not None and form in ("digits", "roman", "letter"):
            written = number
        mark = groups.get("mark") or ""
        return HeadingMatch(family, division, word, number, value, form, rest, offset + end, wrapper, caption,
                            written + mark if written and mark else written, mark)

    def words_value(self, text: str) -> int | None:
        total, current = 0, 0
        for part in _WORD_SPLIT.split(text.lower()):
            if part == self.grammar.number_words.hundred:
                current = max(current, 1) * 100
            elif part == self.grammar.number_words.joiner:
                continue
            elif part in self._cardinal:
                current += self._cardinal[part]
            else:
                return None
        return total + current

    def ordinal_value(self, text: str) -> int | None:
        parts = _WORD_SPLIT.split(text.lower())
        value = 0
        for part in parts:
            if part in self._ordinal:
                value += self._ordinal[part]
            elif part in self._cardinal:
                value += self._cardinal[part]
            else:
                return None
        return value

    def is_page_number(self, line: str) -> bool:
        return self._page.fullmatch(line) is not None


@lru_cache(maxsize=4)
def load_grammar(path: Path = GRAMMAR_FILE) -> CompiledGrammar:
    """The compiled grammar (built once per process)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: start-up counts
    with path.open(encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=loader)  # noqa: S506 (a safe loader)
    return CompiledGrammar(GrammarFile.model_validate(data))
