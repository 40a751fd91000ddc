"""Rewrite a real treaty into another layout, keeping its words: the metamorphic oracle.

The corpus writes nearly every treaty the same way ("Article 5" alone on a line, the caption on
the next), so a parser can score well there and still find nothing in a draft headed
``Article (5)``, ``Section 5. Caption`` or ``Art. 5. The Parties shall...``. This module moves
a corpus treaty's headings into other layouts drafters really use (and hard-wraps the body,
moves captions, changes case, adds running headers and page numbers) without touching a word
of its operative text, so whatever the linter finds in the original it must find in every
rewrite: the same articles, the same kinds, the same findings.

It finds the headings to rewrite with the parser itself (on the original layout, where the
article counts are checked against the corpus index), and writes the new layouts with its own
code: nothing here imports the heading grammar, so a gap in the grammar is a failing test.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from treatylint.document.model import Document, DivisionKind
from treatylint.document.parser import parse_document

EN, EM = " \u2013 ", " \u2014 "  # an en dash and an em dash between spaces

# --------------------------------------------------------------------------------------------
# Numbers written other ways (our own tables, independent of the grammar's)
# --------------------------------------------------------------------------------------------

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORD_UNITS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}


def in_words(n: int) -> str:
    """``21`` -> ``twenty-one``; ``105`` -> ``one hundred and five`` (up to 999)."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _TENS[tens] + (f"-{_UNITS[unit]}" if unit else "")
    hundreds, rest = divmod(n, 100)
    return f"{_UNITS[hundreds]} hundred" + (f" and {in_words(rest)}" if rest else "")


def ordinal_words(n: int) -> str:
    """``1`` -> ``first``; ``23`` -> ``twenty-third``; ``40`` -> ``fortieth``."""
    words = in_words(n)
    head, sep, last = words.rpartition("-") if "-" in words else words.rpartition(" ")
    if last in _ORD_UNITS:
        last = _ORD_UNITS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head}{sep}{last}"


def roman(n: int) -> str:
    out = []
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Layouts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A heading to write: an article or a division, its number as written and its caption."""

    number: str
    caption: str | None
    kind: str = "article"  # or a DivisionKind value


def _num(number: str, form: str, title: bool = False) -> str:
    """The article number in ``form`` (only plain arabic numbers are rewritten)."""
    if not number.isdigit() or form == "digits":
        return number
    n = int(number)
    if form == "roman":
        return roman(n)
    if form == "words":
        return in_words(n).title() if title else in_words(n).upper()
    return number


def _cap(caption: str | None, sep: str, upper: bool = False) -> str:
    if not caption:
        return ""
    return sep + (caption.upper() if upper else caption)


_DIVISION_WORDS = {
    DivisionKind.PART.value: "PART",
    DivisionKind.CHAPTER.value: "CHAPTER",
    DivisionKind.SECTION.value: "SECTION",
    DivisionKind.TITLE.value: "TITLE",
}


def _division_word(kind: str, model_law: bool = False) -> str:
    if model_law:
        return {"part": "PART", "chapter": "PART", "section": "Division", "title": "Subdivision"}.get(kind, "PART")
    return _DIVISION_WORDS.get(kind, "PART")


@dataclass(frozen=True)
class Layout:
    """How one layout writes headings and bodies. ``article``/``division`` return the lines of
    a heading (blank strings are blank lines); ``inline`` puts the first paragraph's text on
    the heading line; ``paragraphs`` renumbers ``1.`` paragraphs (``"paren"``: ``(1)``,
    ``"decimal"``: ``5.1``); ``wrap`` hard-wraps body lines at that width; ``furniture`` adds
    a running header and a page number every that many lines; ``compact`` drops blank lines;
    ``marker_join`` puts a first paragraph that opens with a marker on the heading line too."""

    name: str
    article: Callable[[Heading], list[str]]
    division: Callable[[Heading], list[str]] | None = None
    inline: bool = False
    paragraphs: str | None = None
    wrap: int = 0
    furniture: int = 0
    compact: bool = False
    marker_join: str = ""  # between an inline heading and a first paragraph marker ("5.\u2014(1)")
    tags: tuple[str, ...] = field(default=())
    join_markers: bool = False  # an inline heading takes any first paragraph on its line, "(a)" too
    # what the oracle compares: a layout that renumbers (an outline's "2.3", "B-4") keeps the
    # articles' order, not their numbers; one that drops captions keeps neither captions nor
    # the kinds a caption decides (only the uncaptioned articles' kinds are compared)
    numbers: bool = True
    captions: bool = True
    render: Callable[[str, str], str] | None = None  # a layout written whole, not heading by heading
    applies: Callable[[Document], bool] | None = None  # the treaties it can be written for (None: all)


def _div_default(sep: str = "\n", upper: bool = False) -> Callable[[Heading], list[str]]:
    def render(h: Heading) -> list[str]:
        word = _division_word(h.kind)
        head = f"{word} {h.number}" if h.number else word
        if not h.caption:
            return [head]
        if sep == "\n":
            return [head, "", h.caption.upper() if upper else h.caption]
        return [head + sep + (h.caption.upper() if upper else h.caption)]
    return render


def _div_words(h: Heading) -> list[str]:
    number = h.number or ""
    if number.isdigit():
        number = in_words(int(number)).upper()
    elif re.fullmatch(r"[IVXLC]+", number):
        number = in_words(_roman_value(number)).upper()
    head = f"{_division_word(h.kind)} {number}".strip()
    return [head, "", h.caption] if h.caption else [head]


def _div_model_law(h: Heading) -> list[str]:
    word = _division_word(h.kind, model_law=True)
    head = f"{word} {h.number}" if h.number else word
    return [head + _cap(h.caption, EN)]


def _div_markdown(h: Heading) -> list[str]:
    level = {"part": 1, "chapter": 1, "section": 2, "title": 3}.get(h.kind, 1)
    word = _division_word(h.kind)
    return ["#" * level + f" {word} {h.number or ''}".rstrip() + _cap(h.caption, EM)]


def _div_commonwealth(h: Heading) -> list[str]:
    head = f"{_division_word(h.kind, model_law=True)} {_plain_number(h.number or '')}".rstrip()
    return [head + _cap(h.caption.upper() if h.caption else None, EM)]


def _plain_number(number: str) -> str:
    """A bill numbers its sections in arabic figures: ``IV`` is written ``4``."""
    m = re.fullmatch(r"([IVXLC]+)((?: \w+)?)", number)  # "I bis" is "1 bis"
    return f"{_roman_value(m.group(1))}{m.group(2)}" if m else number


def _roman_value(s: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = values[a]
        total += -v if b != " " and values.get(b, 0) > v else v
    return total


LAYOUTS: list[Layout] = [
    Layout("caps-dash", lambda h: [f"ARTICLE {h.number}{_cap(h.caption, EN, upper=True)}"],
           _div_default(EN, upper=True)),
    Layout("colon", lambda h: [f"Article {h.number}{_cap(h.caption, ': ')}"], _div_default(": ")),
    Layout("paren-number", lambda h: [f"Article ({h.number})", *([h.caption] if h.caption else [])],
           paragraphs="paren"),
    Layout("paren-caption-decimal", lambda h: [f"Article {h.number}{_cap(h.caption, ' (')}{')' if h.caption else ''}"],
           paragraphs="decimal"),
    Layout("art-inline", lambda h: [*([h.caption] if h.caption else []), f"Art. {h.number}."],
           inline=True, wrap=78),
    Layout("model-law", lambda h: [f"Section {h.number}.{_cap(h.caption, ' ')}"], _div_model_law,
           paragraphs="paren"),
    Layout("paragraph-sign", lambda h: ["\u00a7 " + f"{h.number}{_cap(h.caption, ' ')}"]),
    Layout("words-caps", lambda h: [f"ARTICLE {_num(h.number, 'words')}", "", *([h.caption.upper()] if h.caption else [])],
           _div_words),
    Layout("words-title", lambda h: [f"Article {_num(h.number, 'words', title=True)}{_cap(h.caption, EN)}"]),
    Layout("ordinal", lambda h: [
        (f"{ordinal_words(int(h.number)).capitalize()} Article" if h.number.isdigit() else f"Article {h.number}"),
        *([h.caption] if h.caption else [])]),
    Layout("roman", lambda h: [f"Article {_num(h.number, 'roman')}", "", *([h.caption] if h.caption else [])]),
    Layout("markdown", lambda h: [f"## Article {h.number}{_cap(h.caption, EM)}"], _div_markdown),
    Layout("bracketed", lambda h: [f"[Article {h.number}{_cap(h.caption, EN)}]"]),
    Layout("rule", lambda h: [f"Rule {h.number}", "", *([h.caption] if h.caption else [])]),
    Layout("regulation", lambda h: [f"Regulation {h.number}{_cap(h.caption, EN)}"]),
    Layout("compact-wrapped", lambda h: [f"Article {h.number}{_cap(h.caption, ' - ')}"],
           _div_default(" - "), wrap=70, furniture=60, compact=True),
    Layout("page-furniture", lambda h: [f"Article {h.number}", "", *([h.caption] if h.caption else [])],
           wrap=66, furniture=45),
    Layout("centred", lambda h: [f"{'Article ' + h.number:^70}".rstrip(), *([f"{h.caption:^70}".rstrip()] if h.caption else [])],
           wrap=72),
    # a Commonwealth bill: caption above, "5.—(1) The Parties ..." (no heading word at all)
    Layout("commonwealth", lambda h: [*([h.caption] if h.caption else []), f"{_plain_number(h.number)}."],
           _div_commonwealth, inline=True, paragraphs="paren", marker_join="\u2014"),
    Layout("bold-markdown", lambda h: [f"**Article {h.number}.**{_cap(h.caption, ' ')}"]),
]
BY_NAME = {layout.name: layout for layout in LAYOUTS}


def renamed_layouts(word: str) -> list[Layout]:
    """Layouts whose provision word is ``word`` (one drawn at test time, that the grammar has
    never heard of: an invented word, or "Kifungu", "Pasal", "Clause"): the parser must find
    the draft's own heading family by shape and sequence, not by its word. Divisions keep
    their usual words. Three shapes: the caption after a dash, the number alone with the
    caption below (in capitals), and an ordinal mark with ``.-`` (``Word 1º.- Caption.``)."""
    upper = word.upper()

    def marked(h: Heading) -> list[str]:
        number = f"{h.number}\u00ba" if h.number.isdigit() and int(h.number) < 10 else h.number
        return [f"{word} {number}.-{_cap(h.caption, ' ')}{'.' if h.caption else ''}"]

    return [
        Layout(f"renamed-dash:{word}", lambda h: [f"{word} {h.number}{_cap(h.caption, EN)}"]),
        Layout(f"renamed-alone:{upper}", lambda h: [f"{upper} {h.number}", "", *([h.caption] if h.caption else [])],
               _div_default(upper=True)),
        Layout(f"renamed-marked:{word}", marked, wrap=88),
    ]


def invented_word(rng) -> str:
    """A word no grammar lists: two or three syllables of a consonant and a vowel (or two)."""
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    syllables = [rng.choice(consonants) + rng.choice(vowels) * rng.choice((1, 1, 2)) for _ in range(rng.choice((2, 3)))]
    return "".join(syllables).capitalize()

# --------------------------------------------------------------------------------------------
# The rewrite
# --------------------------------------------------------------------------------------------

_PARA = re.compile(r"(\d{1,3})\.(?=[ \t])")


def _line_index(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _headings(doc: Document, lines: list[str], starts: list[int]) -> dict[int, tuple[Heading, list[int]]]:
    """Heading line -> (heading, the lines it occupies: heading and separate caption line)."""
    found: dict[int, tuple[Heading, list[int]]] = {}
    for p in doc.provisions:
        if p.number is None or p.annex:  # an annex's own numbering ("Section 3" in a Schedule) stays
            continue
        first = _line_index(starts, p.start)
        last = _line_index(starts, max(p.start, p.body_start - 1))
        used = [first]
        if p.caption:
            used += [k for k in range(first + 1, last + 1) if lines[k].strip() == p.caption.strip()][:1]
            if len(used) == 1 and p.caption.strip() not in lines[first]:
                continue  # caption found nowhere we can rewrite: leave the heading alone
        found[first] = (Heading(p.number, p.caption), used)
    for d in doc.divisions:
        if d.kind is DivisionKind.ANNEX or d.number is None:
            continue
        first = _line_index(starts, d.start)
        used = [first]
        if d.heading:
            k = first + 1
            while k < len(lines) and not lines[k].strip():
                k += 1
            if k < len(lines) and lines[k].strip() == d.heading.strip():
                used.append(k)
            elif d.heading.strip() not in lines[first]:
                continue
        found[first] = (Heading(d.number, d.heading, d.kind.value), used)
    return found


def relayout(text: str, layout: Layout, title: str = "DRAFT") -> str:
    """``text`` (a treaty in the corpus layout) rewritten in ``layout``."""
    if layout.render is not None:
        return layout.render(text, title)
    doc, lines, starts, headings = _read(text)
    skip = {k for _, used in headings.values() for k in used[1:]}
    out: list[str] = []
    article: str | None = None
    pending_inline: str | None = None
    for i, line in enumerate(lines):
        if i in skip:
            continue
        if i in headings:
            heading, _ = headings[i]
            if heading.kind == "article":
                article = heading.number
                rendered = layout.article(heading)
                if layout.inline:
                    pending_inline = rendered[-1]
                    rendered = rendered[:-1]
            else:
                rendered = (layout.division or _div_default())(heading)
                article = None
            if pending_inline is not None and heading.kind != "article":
                out.append(pending_inline)
                pending_inline = None
            out.extend(rendered)
            continue
        stripped = line.strip()
        if pending_inline is not None and not stripped:
            continue  # the heading's text follows it on the same line
        joined = False
        if pending_inline is not None:
            first = _renumber(stripped, layout.paragraphs, article)
            if layout.marker_join and re.fullmatch(r"1\.", stripped):
                first = "(1)"  # a paragraph number alone on its line (Budapest art. 24)
            if layout.marker_join and first.startswith("(1)"):
                line, joined = f"{pending_inline}{layout.marker_join}{first}", True
            elif _starts_with_marker(stripped) and not layout.join_markers:
                out.append(pending_inline)
                out.append("")
            else:
                line, joined = f"{pending_inline} {stripped}", True
                stripped = line
            pending_inline = None
        if not joined:
            line = _renumber(line, layout.paragraphs, article)
        out.append(line)
    if pending_inline is not None:
        out.append(pending_inline)
    out = _body_wrap(out, layout.wrap, set()) if layout.wrap else out
    if layout.compact:
        out = [line for line in out if line.strip()]
    if layout.furniture:
        out = _furniture(out, layout.furniture, title)
    return "\n".join(out)


_MARKER = re.compile(r"(?:\(?[0-9]{1,3}[.)]|\(?[a-z]{1,4}\)|\([0-9]{1,3}\)|[-\u2022])(?:[ \t]|$)")


def _starts_with_marker(s: str) -> bool:
    return bool(_MARKER.match(s))


def _renumber(line: str, style: str | None, article: str | None) -> str:
    if style is None or article is None:
        return line
    m = _PARA.match(line)
    if m is None:
        return line
    if style == "paren":
        return f"({m.group(1)})" + line[m.end():]
    if style == "decimal" and article.isdigit():
        return f"{article}.{m.group(1)}" + line[m.end():]
    return line


def _body_wrap(lines: list[str], width: int, keep: set[int]) -> list[str]:
    """Hard-wrap long lines as a fixed-width export would (headings are short and stay)."""
    out: list[str] = []
    for line in lines:
        if len(line) <= width or line.startswith("#"):
            out.append(line)
            continue
        out.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [line])
    return out


def _furniture(lines: list[str], every: int, title: str) -> list[str]:
    """A page break every ``every`` lines, at a blank line: page number, form feed, running header."""
    out: list[str] = []
    page, since = 1, 0
    header = title.upper()[:60]
    for line in lines:
        if since >= every and not line.strip() and out and out[-1].strip():
            out.extend(["", f"- {page} -", f"\f{header}", ""])
            page += 1
            since = 0
        out.append(line)
        since += 1
    return out


# --------------------------------------------------------------------------------------------
# Layouts written whole (session five): no heading word, margin captions, outlines, lettered parts
# --------------------------------------------------------------------------------------------


def _all_captioned(doc: Document) -> bool:
    """Every numbered article has a caption (a layout that writes only captions as headings, or
    puts them in a margin, can be written for such a treaty alone)."""
    articles = [p for p in doc.provisions if p.number is not None and not p.annex]
    return len(articles) >= 3 and all(p.caption for p in articles)


def _read(text: str):
    """The treaty parsed, its lines, each line's offset, and its article and division headings."""
    doc = parse_document(text)
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return doc, lines, starts, _headings(doc, lines, starts)


def _parsed(text: str):
    doc, lines, starts, headings = _read(text)
    ends: dict[int, int] = {}  # article heading line -> its last line
    for p in doc.provisions:
        if p.number is None or p.annex:
            continue
        first = _line_index(starts, p.start)
        if first in headings:
            ends[first] = _line_index(starts, max(p.start, p.end - 1))
    return doc, lines, headings, ends


def _margin_render(text: str, title: str, margin: int = 24, body: int = 46) -> str:
    """An ordinance printed with marginal notes: each caption wrapped in a left column of
    ``margin`` characters, the section number and its text in the body column on the same
    lines (``Unauthorised access     4.  (1) A person ...``), subsections on lines of their own
    in the body column, divisions centred over it."""
    doc, lines, headings, ends = _parsed(text)
    out: list[str] = []
    i = 0
    while i < len(lines):
        if i not in headings:
            out.append(lines[i])
            i += 1
            continue
        heading, used = headings[i]
        if heading.kind != "article":
            for line in _div_default("\n", upper=True)(heading):
                out.append((" " * margin + f"{line:^{body}}").rstrip() if line else "")
            i = max(used) + 1
            continue
        last = ends.get(i, max(used))
        paragraphs = [_renumber(line.strip(), "paren", heading.number) for line in lines[max(used) + 1 : last + 1] if line.strip()]
        number = f"{_plain_number(heading.number)}."
        right: list[str] = []
        for k, paragraph in enumerate(paragraphs or [""]):
            if k == 0:
                right += textwrap.wrap(f"{number:<4}{paragraph}", body, subsequent_indent="    ",
                                       break_long_words=False, break_on_hyphens=False) or [number]
            else:
                right += ["    " + w for w in textwrap.wrap(paragraph, body - 4, break_long_words=False, break_on_hyphens=False)]
        notes = textwrap.wrap(f"{heading.caption}.", margin - 3, break_long_words=False) if heading.caption else []
        out.append("")
        for k in range(max(len(notes), len(right))):
            left = notes[k] if k < len(notes) else ""
            text_k = right[k] if k < len(right) else ""
            out.append((left.ljust(margin) + text_k).rstrip() if text_k else left)
        out.append("")
        i = last + 1
    return "\n".join(out)


def _division_levels(doc: Document, starts: list[int]) -> dict[int, int]:
    """Division heading line -> its depth in the treaty's own nesting (1 outermost), from the
    parser's ranks: CHAPTER > SECTION > TITLE in the Budapest Convention."""
    ranks = sorted({d.level for d in doc.divisions if d.kind is not DivisionKind.ANNEX})
    return {_line_index(starts, d.start): ranks.index(d.level) + 1 for d in doc.divisions if d.kind is not DivisionKind.ANNEX}


def _outline_render(text: str, title: str) -> str:
    """A decimal outline: each division numbered by its place in the nesting (``2``, ``2.1``,
    ``2.1.3``), each article numbered afresh under the division it is in (``2.1.3.4``, or
    ``1.4`` in a treaty with no divisions), caption beside the number, the text right below."""
    doc, lines, headings, ends = _parsed(text)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    levels = _division_levels(doc, starts)
    out: list[str] = []
    path: list[int] = []  # the open divisions' numbers, outermost first
    siblings: dict[tuple[int, ...], int] = {}  # how many divisions each parent has had
    count = 0
    i = 0
    while i < len(lines):
        if i not in headings:
            out.append(_renumber(lines[i], "paren", "0") if path or count else lines[i])
            i += 1
            continue
        heading, used = headings[i]
        if heading.kind != "article":
            depth = levels.get(i, 1)
            path = path[: depth - 1] + [0] * max(0, depth - 1 - len(path))
            siblings[tuple(path)] = siblings.get(tuple(path), 0) + 1
            path = path + [siblings[tuple(path)]]
            count = 0
            out += ["", f"{'.'.join(map(str, path))}  {_division_caption(heading)}", ""]
        else:
            count += 1
            out += ["", f"{'.'.join(map(str, path or [1]))}.{count}  {heading.caption or ''}"]
        i = max(used) + 1
        while i < len(lines) and not lines[i].strip() and i not in headings:
            i += 1  # the text right below its heading, as an outline writes it
    return "\n".join(out)


def _lettered_render(text: str, title: str) -> str:
    """Lettered parts: the treaty's outermost divisions become ``PART A``, ``PART B`` ...
    (its other divisions keep their headings), and its articles are numbered afresh in each
    part: ``B-3. Caption.`` with the text below."""
    doc, lines, headings, ends = _parsed(text)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    levels = _division_levels(doc, starts)
    out: list[str] = []
    part, count = 0, 0
    i = 0
    while i < len(lines):
        if i not in headings:
            out.append(_renumber(lines[i], "paren", "0") if part else lines[i])
            i += 1
            continue
        heading, used = headings[i]
        if heading.kind != "article":
            if levels.get(i, 1) == 1:
                part, count = part + 1, 0
                out += ["", f"PART {chr(ord('A') + part - 1)}", _division_caption(heading), ""]
            else:
                out += ["", *_div_default()(heading), ""]
        else:
            part = part or 1
            count += 1
            out += ["", f"{chr(ord('A') + part - 1)}-{count}. {(heading.caption or '').rstrip('.')}."]
        i = max(used) + 1
        while i < len(lines) and not lines[i].strip() and i not in headings:
            i += 1
    return "\n".join(out)


def _division_caption(heading: Heading) -> str:
    return heading.caption or f"{_division_word(heading.kind)} {heading.number}"


_decimal_outline = _outline_render
_lettered_parts = _lettered_render

LAYOUTS += [
    # no heading word and no caption: "5. (1) The Parties ..." (an unheaded agreement, a
    # declaration's numbered paragraphs); paragraphs inside articles become "(1)"
    Layout("unheaded", lambda h: [f"{_plain_number(h.number)}."], inline=True, paragraphs="paren",
           marker_join=" ", join_markers=True, captions=False),
    # a statute translated from Korean, Japanese or Chinese: "Article 4 (Caption) (1) The text",
    # the caption in brackets and the first paragraph on the heading line
    Layout("paren-caption-inline", lambda h: [f"Article {h.number}{_cap(h.caption, ' (')}{')' if h.caption else ''}"],
           inline=True, paragraphs="paren"),
    Layout("margin-notes", lambda h: [], render=_margin_render, applies=_all_captioned),
    # (a narrower margin still holds the longest word of a caption: a printer hyphenates, and a
    # hyphen a line break added cannot be told from one the caption has)
    Layout("margin-notes-narrow", lambda h: [], render=lambda t, title: _margin_render(t, title, 20, 50),
           applies=_all_captioned),
    Layout("decimal-outline", lambda h: [], render=_decimal_outline, numbers=False, applies=_all_captioned),
    Layout("lettered-parts", lambda h: [], render=_lettered_parts, numbers=False, applies=_all_captioned),
]
BY_NAME = {layout.name: layout for layout in LAYOUTS}
