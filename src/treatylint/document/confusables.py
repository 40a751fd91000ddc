"""Characters that look like Latin letters or digits but are not: Cyrillic and Greek capitals
and small letters drawn the same, and the fullwidth forms of ASCII.

A heading typed "Article 5" with a Cyrillic "A" (U+0410) looks like any other heading, but a program
that compares letters does not see "Article". The parser reads headings through this table so
the article is still found, and the text-integrity check reports the disguise.
"""

from __future__ import annotations

_PAIRS = (
    # Cyrillic
    "\u0410A", "\u0412B", "\u0415E", "\u041aK", "\u041cM", "\u041dH", "\u041eO", "\u0420P", "\u0421C", "\u0422T", "\u0425X", "\u0405S", "\u0406I", "\u0408J", "\u04aeY", "\u050cG",
    "\u0430a", "\u0435e", "\u043eo", "\u0440p", "\u0441c", "\u0443y", "\u0445x", "\u0455s", "\u0456i", "\u0458j", "\u0501d", "\u051bq", "\u051dw", "\u04bbh", "\u04cfl",
    # Greek
    "\u0391A", "\u0392B", "\u0395E", "\u0396Z", "\u0397H", "\u0399I", "\u039aK", "\u039cM", "\u039dN", "\u039fO", "\u03a1P", "\u03a4T", "\u03a5Y", "\u03a7X",
    "\u03bfo", "\u03bdv", "\u03b9i", "\u03bak", "\u03c1p", "\u03c4t", "\u03c5u", "\u03c7x",
)
LOOK_ALIKES: dict[int, str] = {ord(pair[0]): pair[1] for pair in _PAIRS}
# fullwidth ASCII ("Article 1" typed in U+FF21...): U+FF01..U+FF5E are ASCII 0x21..0x7E shifted, U+3000 a space
LOOK_ALIKES.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})
LOOK_ALIKES[0x3000] = " "

_HEADING_WORDS = ("art", "part", "chapter", "section", "title", "annex", "appendix", "preamble", "schedule")


def fold(text: str) -> str:
    """``text`` with every look-alike replaced by the ASCII character it imitates (same length)."""
    return text.translate(LOOK_ALIKES)


def has_look_alikes(text: str) -> bool:
    return not text.isascii() and any(ord(char) in LOOK_ALIKES for char in text)


def folded_heading(line: str) -> str | None:
    """The line with its first two words folded, if they disguise a heading word (a Cyrillic
    "A" in "Article", fullwidth "ARTICLE 1"); None when the line is not such a disguised heading."""
    if line.isascii():
        return None
    words = line.split(None, 2)
    if not words or not has_look_alikes(" ".join(words[:2])):
        return None
    head_length = len(line) - len(line.lstrip())
    cut = line.find(words[1], head_length + len(words[0])) + len(words[1]) if len(words) > 1 else len(line)
    folded = fold(line[:cut]) + line[cut:]
    if not folded.lstrip().lower().startswith(_HEADING_WORDS):
        return None
    return folded
