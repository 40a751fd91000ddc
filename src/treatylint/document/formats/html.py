"""HTML: headings, paragraphs and list items become blocks; scripts, styles and the ``<head>`` are
dropped; every character maps back to its line and column in the HTML file (standard library
``html.parser``, character references resolved one by one so the map stays exact).

What a browser does not show is not read as the draft: elements with the ``hidden`` attribute,
an inline style or a ``<style>`` class/id rule that hides them (``display:none``,
``visibility:hidden``, zero font size or opacity), ``<template>`` contents and comments. Their
text goes to ``SourceText.hidden`` (reported by the text-integrity check), except comments that
are treatylint's own inline-suppression markers, which stay in the text for ``inline.py``.

Notes are shown, never operative (formats/notes.py): footnotes and endnotes as HTML writes them
(an ``<aside>``, ``role="doc-footnote"``/``doc-endnotes``, a ``footnotes``/``endnotes``/``note``
class, one note per item of a list of notes) leave the treaty text and are appended under
``Notes``; a superscript link to a note (``<sup><a href="#fn1">1</a></sup>``) is a mark, not a
word, and is dropped, so "offence<sup>1</sup>" still reads "offence". Struck-through text
(``<del>``, ``<s>``, ``<strike>``) is deleted wording, as a tracked change shows it: it is not read
(a notice counts it), and ``<ins>`` is read like the rest.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from treatylint.document.formats.base import Loc, SourceText, TextBuilder
from treatylint.document.formats.guard import check_markup_text_size, time_limit
from treatylint.document.formats.notes import Note, show_notes, summary
from treatylint.document.reader import text_from_bytes
from treatylint.errors import InputError

_BLOCKS = frozenset(
    "p div li h1 h2 h3 h4 h5 h6 title tr td th dt dd blockquote section article header footer "
    "table ul ol pre caption figcaption hr main nav aside address body form fieldset legend "
    "details summary dl figure".split()
)
_SKIP = frozenset("script style head noscript svg math iframe object".split())
_HIDING = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|font-size\s*:\s*0(?:\.0*)?(?:px|pt|em|rem|%)?\s*(?:;|$|!)"
    r"|opacity\s*:\s*0(?:\.0*)?\s*(?:;|$|!)",
    re.IGNORECASE,
)
# ".a, #b { display: none }" in a <style>: the simple selectors it hides (the rest of CSS is
# not interpreted; a hidden element styled some other way is a known gap)
_SIMPLE_SELECTOR = re.compile(r"^\s*(?:[a-z0-9]*)([.#])([\w-]+)\s*$", re.IGNORECASE)
_SELF_CLOSING = frozenset("p li dt dd option tr td th".split())  # a new one ends the open one
_VOID = frozenset("br hr img input meta link area base col embed param source track wbr".split())
_STRUCK = frozenset("del s strike".split())
_NOTE_ROLES = frozenset("doc-footnote doc-endnote doc-endnotes doc-footnotes note footnote endnote rearnote".split())
_NOTE_CLASS = re.compile(r"^(?:foot|end|side|editor'?s?|explanatory|drafting)?[-_]?notes?$|footnote|endnote|^fns?$", re.IGNORECASE)
_NOTE_REF_CLASS = re.compile(r"noteref|fnref|footnote-?ref|^fn-?ref", re.IGNORECASE)


class _Reader(HTMLParser):
    def __init__(self, include_hidden: bool = False, hiding: tuple[set[str], set[str]] = (set(), set())) -> None:
        super().__init__(convert_charrefs=False)
        self.out = TextBuilder(include_hidden)
        self.block: list[tuple] = []
        self.level: int | None = None  # inside <h1>..<h6>: the block is a heading of this level
        self.skip = 0
        self.lists: list[list] = []  # [tag, counter, type]
        self.hidden: list[list] = []  # open hidden elements: [tag, open count, why]
        self.hiding_classes, self.hiding_ids = hiding
        self.note: list | None = None  # inside a note: [tag, open count, kind]
        self.notes: list[Note] = []
        self.note_chars: list[tuple[str, Loc]] = []
        self.superscript = 0
        self.dropping = 0  # inside a link to a note: its "1" or "*" is a mark, not text
        self.struck = 0  # inside <del>, <s> or <strike>: deleted wording, as a tracked change shows it
        self.struck_passages = 0

    def _why(self) -> str | None:
        return self.hidden[-1][2] if self.hidden else None

    def _hides(self, tag: str, attrs) -> str | None:
        """Why the element is not shown, or None."""
        if tag == "template":
            return "the contents of a <template> element"
        values = dict(attrs)
        if "hidden" in values:
            return f"a <{tag}> element with the hidden attribute"
        style = values.get("style") or ""
        if _HIDING.search(style):
            return f"a <{tag}> element styled {' '.join(_HIDING.search(style).group().split())!r}"
        classes = set((values.get("class") or "").split())
        if classes & self.hiding_classes or (values.get("id") or "") in self.hiding_ids:
            return f"a <{tag}> element hidden by a <style> rule"
        return None

    # -- notes -------------------------------------------------------------------------------
    @staticmethod
    def _note_kind(tag: str, attrs) -> str | None:
        """``fn``, ``endnote`` or ``note`` when the element holds notes, else None."""
        values = dict(attrs)
        words = {(values.get("role") or "").lower(), *(values.get("epub:type") or "").lower().split()}
        words |= {c for c in (values.get("class") or "").split() if _NOTE_CLASS.search(c)}
        if tag != "aside" and not (words & _NOTE_ROLES or any(_NOTE_CLASS.search(w) for w in words if w)):
            return None
        joined = " ".join(words).lower()
        return "endnote" if "end" in joined else "fn" if "foot" in joined or "fn" in joined else "note"

    def _is_note_reference(self, tag: str, attrs) -> bool:
        if tag != "a":
            return False
        values = dict(attrs)
        role, classes = (values.get("role") or "").lower(), values.get("class") or ""
        if role == "doc-noteref" or "noteref" in (values.get("epub:type") or "") or _NOTE_REF_CLASS.search(classes):
            return True
        return self.superscript > 0 and (values.get("href") or "").startswith("#")

    def _end_note(self) -> None:
        text = "".join(ch for ch, _ in self.note_chars)
        text = " ".join(text.replace("\u21a9", " ").replace("\ufe0e", "").split())  # drop back-links
        if text and self.note is not None:
            self.notes.append(Note(self.note[2], len(self.notes) + 1, text, self.note_chars[0][1]))
        self.note_chars = []

    def _note_start(self, tag: str, attrs) -> bool:
        """Track a note's elements; True when the tag belongs to a note (handled here)."""
        if self.note is None:
            kind = self._note_kind(tag, attrs)
            if kind is None:
                return False
            self.flush()
            self.note = [tag, 1, kind]
            return True
        if tag == self.note[0]:
            self.note[1] += 1
        if tag == "li" or (tag in _BLOCKS and dict(attrs).get("id")):  # a list of notes: one per item
            self._end_note()
        elif tag == "br" or tag in _BLOCKS:
            self.note_chars.append((" ", self._loc()))
        return True

    def _note_end(self, tag: str) -> bool:
        if self.note is None:
            return False
        if tag == self.note[0]:
            self.note[1] -= 1
            if not self.note[1]:
                self._end_note()
                self.note = None
        return True

    # -- helpers -----------------------------------------------------------------------------
    def _loc(self) -> Loc:
        line, offset = self.getpos()
        return Loc(line, offset + 1)

    def flush(self) -> None:
        if any(not item[0].isspace() for item in self.block):
            self.out.block(self.block, self.level)
        self.block = []
        self.level = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            if tag not in _VOID:
                self.skip += 1
            return
        if self.skip:
            return
        if tag == "sup":
            self.superscript += 1
        if tag in _STRUCK:
            self.struck_passages += not self.struck
            self.struck += 1
            return
        if self.dropping or self._is_note_reference(tag, attrs):
            self.dropping += tag == "a"
            return
        if self._note_start(tag, attrs):
            return
        if tag not in _VOID:
            if self.hidden and self.hidden[-1][0] == tag and tag in _SELF_CLOSING:
                self.hidden.pop()  # "<p hidden>a<p>b": the second <p> ends the first
            if self.hidden and self.hidden[-1][0] == tag:
                self.hidden[-1][1] += 1
            else:
                why = self._hides(tag, attrs)
                if why is not None and self._why() is None:
                    self.hidden.append([tag, 1, why])
        if tag == "br":
            self.block.append(("\n", self._loc()))
            return
        if tag in _BLOCKS:
            self.flush()
            if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
                self.level = int(tag[1])
        if tag in ("ol", "ul"):
            values = dict(attrs)
            start = values.get("start") or "1"
            self.lists.append([tag, _list_start(start), values.get("type") or "1"])
        elif tag == "li" and self.lists and self.lists[-1][0] == "ol":
            entry = self.lists[-1]
            entry[1] += 1
            kind = entry[2]
            if kind in "aA":
                marker = f"({chr(ord(kind) + entry[1] - 1)})"
            elif kind in "iI":
                marker = f"({_roman(entry[1]).lower() if kind == 'i' else _roman(entry[1])})"
            else:
                marker = f"{entry[1]}."
            loc = self._loc()
            self.block.extend((ch, loc, False, self._why()) for ch in marker + " ")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if self.note is not None and not self.skip:
            self.note_chars.append((" ", self._loc()))
        elif tag == "br" and not self.skip:
            self.block.append(("\n", self._loc()))
        elif tag in _BLOCKS and not self.skip:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "sup":
            self.superscript = max(0, self.superscript - 1)
        if tag in _STRUCK:
            self.struck = max(0, self.struck - 1)
            return
        if self.dropping:
            self.dropping -= tag == "a"
            return
        if self._note_end(tag):
            return
        if tag in _BLOCKS:
            self.flush()
        if self.hidden and self.hidden[-1][0] == tag:
            self.hidden[-1][1] -= 1
            if not self.hidden[-1][1]:
                self.hidden.pop()
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()

    def handle_data(self, data: str) -> None:
        if self.skip or self.dropping or self.struck:
            return
        if self.note is not None:
            loc = self._loc()
            self.note_chars.extend((ch, loc) for ch in data)
            return
        line, col = self.getpos()
        col += 1
        why = self._why()
        for ch in data:
            # a line break in the HTML source is a space in the text; only <br> breaks a line
            self.block.append((" " if ch in "\r\n" else ch, Loc(line, col), False, why))
            if ch == "\n":
                line, col = line + 1, 1
            else:
                col += 1

    def _reference(self, raw: str) -> None:
        if self.skip or self.dropping or self.struck:
            return
        loc = self._loc()
        if self.note is not None:
            self.note_chars.extend((ch, loc) for ch in html.unescape(raw))
            return
        why = self._why()
        for ch in html.unescape(raw):
            self.block.append((ch, loc, False, why))

    def handle_comment(self, data: str) -> None:
        """Keep ``<!-- treatylint: ignore[...] -->`` comments in the text for inline suppressions
        (``inline.py``): in the paragraph they end, or as a block of their own before the next.
        Any other comment is hidden text (a browser does not show it)."""
        if self.skip or self.note is not None or self.dropping:
            return
        if not data.strip().startswith("treatylint") or self._why() is not None:
            line, col = self.getpos()
            loc = Loc(line, col + 5)
            self.block.extend((ch, loc, False, self._why() or "an HTML comment") for ch in " " + data + " ")
            return
        standalone = all(ch.isspace() for ch, *_ in self.block)
        loc = self._loc()
        self.block.extend((ch, loc) for ch in f" <!-- {' '.join(data.split())} -->")
        if standalone:
            self.flush()

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")


def _list_start(start: str) -> int:
    """The counter before an ``<ol start=...>``'s first item; 0 for what is not a sane number
    (non-ASCII digits, or thousands of digits that ``int()`` refuses)."""
    if start.isascii() and start.isdigit() and len(start) <= 9:
        return int(start) - 1
    return 0


def _roman(n: int) -> str:
    """``n`` in Roman numerals; as digits outside 1-3999, where Roman numerals have no standard
    form (and a hostile list start of 10**12 would otherwise mean 10**9 loop turns)."""
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += digits
            n -= value
    return out


_ENTITY_DECLARATION = re.compile(r"<!ENTITY\b", re.IGNORECASE)


def _hiding_selectors(text: str) -> tuple[set[str], set[str]]:
    """Classes and ids that the document's ``<style>`` elements hide (simple selectors only)."""
    classes: set[str] = set()
    ids: set[str] = set()
    lowered = text.lower()
    start = lowered.find("<style")
    while start != -1:
        end = lowered.find("</style", start)
        end = len(text) if end == -1 else end
        for chunk in text[text.find(">", start) + 1 : end].split("}"):  # linear, unlike a regex
            selectors, brace, declarations = chunk.rpartition("{")
            if not brace or not _HIDING.search(declarations):
                continue
            for selector in selectors.split(","):
                simple = _SIMPLE_SELECTOR.match(selector)
                if simple:
                    (classes if simple.group(1) == "." else ids).add(simple.group(2))
        start = lowered.find("<style", end)
    return classes, ids


def read_html(data: bytes, name: str, include_hidden: bool = False) -> SourceText:
    """The HTML's blocks as linear text, within the bounds of :mod:`treatylint.document.limits`.

    ``html.parser`` never expands entity declarations or fetches anything, but a draft that
    declares XML entities (``<!ENTITY xxe SYSTEM "file:///etc/passwd">``) is an XXE or
    entity-expansion attempt, or XML that is not HTML: it is refused rather than read with
    ``&xxe;`` left in its text."""
    text = text_from_bytes(data, name)
    if _ENTITY_DECLARATION.search(text):
        raise InputError(
            f"{name}: refused: the file declares XML entities (<!ENTITY ...>), which HTML never uses "
            "(external entities and entity expansion are not read); save the draft as plain HTML"
        )
    check_markup_text_size(text, name)
    with time_limit(name, "this HTML file"):
        reader = _Reader(include_hidden, _hiding_selectors(text))
        reader.feed(text)
        reader.close()
        reader.flush()
    notices = []
    if reader.struck_passages:
        n = reader.struck_passages
        notices.append(f"{name}: {n} struck-through passage{'s' if n != 1 else ''} (<del>, <s>) read as deleted text")
    if reader.notes:
        words, more = show_notes((reader.out,), reader.notes)
        notices.append(f"{name}: {summary(reader.notes)} ({words} words) shown under Notes at the end, never checked: "
                       f"notes are not operative treaty text{more}")
    return SourceText(reader.out.text(), "html", reader.out.map, hidden=reader.out.hidden, headings=reader.out.headings,
                      notices=notices)
