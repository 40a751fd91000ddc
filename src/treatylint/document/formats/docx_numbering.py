"""Word's automatic numbering, rendered as Word shows it: a paragraph whose numbering (``w:numPr``,
directly or through its style) renders "Article 5" must read "Article 5" in the text, or its
heading is lost.
"""

from __future__ import annotations

import re

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def int_or(text: str | None, default: int) -> int:
    """A number attribute of the package, or ``default`` when it is missing or not a sane
    number (a hostile file may put 5,000 digits or letters where Word puts a small integer)."""
    if text is None or len(text) > 9:
        return default
    try:
        return int(text)
    except ValueError:
        return default


class Numbering:
    """Automatic paragraph numbering (``w:numPr``) rendered as the marker a reader sees."""

    def __init__(self, numbering, styles) -> None:
        self.abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.nums: dict[str, str] = {}
        self.overrides: dict[str, dict[int, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        self.style_names: dict[str, str] = {}
        if numbering is not None:
            for absnum in numbering.iter(W + "abstractNum"):
                levels = {}
                for lvl in absnum.iter(W + "lvl"):
                    ilvl = int_or(lvl.get(W + "ilvl"), 0)
                    fmt = val(lvl.find(W + "numFmt")) or "decimal"
                    text = val(lvl.find(W + "lvlText")) or ""
                    start = int_or(val(lvl.find(W + "start")), 1)
                    levels[ilvl] = (fmt, text, start)
                self.abstract[absnum.get(W + "abstractNumId", "")] = levels
            for num in numbering.iter(W + "num"):
                num_id = num.get(W + "numId", "")
                self.nums[num_id] = val(num.find(W + "abstractNumId")) or ""
                for override in num.iter(W + "lvlOverride"):
                    start = val(override.find(W + "startOverride"))
                    if start:
                        self.overrides.setdefault(num_id, {})[int_or(override.get(W + "ilvl"), 0)] = int_or(start, 1)
        if styles is not None:
            for style in styles.iter(W + "style"):
                sid = style.get(W + "styleId", "")
                self.style_names[sid] = (val(style.find(W + "name")) or sid).lower()
                numpr = style.find(f"{W}pPr/{W}numPr")
                if numpr is not None:
                    self.style_num[sid] = (val(numpr.find(W + "numId")) or "", int_or(val(numpr.find(W + "ilvl")), 0))

    def marker(self, ppr) -> str:
        if ppr is None:
            return ""
        numpr = ppr.find(W + "numPr")
        style = val(ppr.find(W + "pStyle"))
        if numpr is not None:
            num_id = val(numpr.find(W + "numId")) or ""
            ilvl = int_or(val(numpr.find(W + "ilvl")), 0)
        elif style in self.style_num:
            num_id, ilvl = self.style_num[style]
        else:
            return ""
        levels = self.abstract.get(self.nums.get(num_id, ""), {})
        if num_id in ("", "0") or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = self.overrides.get(num_id, {}).get(ilvl, levels[ilvl][2])
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""

        def level_value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lf = levels.get(k, ("decimal", "", 1))[0]
            value = counters.get(k, levels.get(k, ("", "", 1))[2])
            return format_number(value, lf)

        return re.sub(r"%(\d)", level_value, text).strip()

    def is_heading(self, ppr) -> bool:
        return self.heading_level(ppr) is not None

    def heading_level(self, ppr) -> int | None:
        """1 for "Title" or "Heading 1", 2 for "Heading 2" ...; None for a paragraph of text."""
        style = val(ppr.find(W + "pStyle")) if ppr is not None else None
        name = self.style_names.get(style or "", (style or "").lower())
        for candidate in (name, (style or "").lower()):
            if candidate.startswith("title"):
                return 1
            if candidate.startswith("heading"):
                digits = "".join(c for c in candidate[7:] if c.isdigit())[:1]
                return int(digits) if digits else 1
        return None


def val(element) -> str | None:
    return None if element is None else element.get(W + "val")


def format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        n = value
        while n > 0:
            n, rem = divmod(n - 1, 26)
            letters = chr(97 + rem) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        from treatylint.document.formats.html import _roman

        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(value)
