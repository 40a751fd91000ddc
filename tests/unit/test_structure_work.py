"""The structure stage does bounded work on the worst shapes, and its shortcuts change nothing.

Counted, never timed: ``build_blocks`` reads only the lines ``lines_to_visit`` names (a handful
per paragraph), so a file of a million one-character lines costs a few line visits, not a
million. Each shortcut is checked (``every_line=False``: scanning even short stretches) against
reading every line (``every_line=True``, the reference) on real treaties, the sample drafts and random texts made of the line shapes that
steer block building (markers, blanks, tables, furniture, wrapped and indented lines, folded
headings). Times of the worst shapes are measured by ``benchmarks/worst_shapes.py``.
"""

from __future__ import annotations

import functools
import random
import re
from pathlib import Path

import pytest

from treatylint.document import parser
from treatylint.document.blocks import build_blocks, lines_to_visit
from treatylint.document.lines import Lines, first_long_line, line_starts, lines_starting

REPO = Path(__file__).resolve().parents[2]
TREATIES = REPO.parent / "shared" / "corpora" / "treaties"

PIECES = [
    "", "", " ", "\t", "\r", "x", "Article 1", "Article 2\r", "ARTICLE 3 - Scope", "1.", "1. Each Party shall",
    "(1) A person", "(a) the data;", "(b) the system:", "a) first", "b. second", "(i) inner,", "(ii) next.",
    "i. one", "ii) two", "h) aitch", "v) five", "(A) upper", "B. upper", "1.1 sub", "5.2(b) item", "- dash item",
    "• bullet", "* star", "text ends here.", "wrapped text that goes on", "and continues on the next line",
    "Col one | Col two", " | ", "   indented text", "Page 3", "\f", "- 4 -", "Draft text 2026", "\u0410rticle 9",
    "\u0430) cyrillic", "Notes", "[fn 1: a note]", "have agreed as follows:", "ANNEX I", "SCHEDULE",
    "a long line of running text that a hard wrap would have ended near here and then", "12.\u2014(1) A person",
    "Section 4.", "\u00a0no-break start", "ends with colon:", "ends with semicolon;", "\u2028", "\x0b",
]


def _blocks(text: str, every_line: bool) -> list:
    original = parser.build_blocks
    parser.build_blocks = functools.partial(build_blocks, every_line=every_line)  # False: always scan
    try:
        doc = parser.parse_document(text)
    finally:
        parser.build_blocks = original
    return [
        (p.start, p.body_start, p.end, [(b.start, b.end, b.marker, b.depth, b.chapeau) for b in p.blocks])
        for p in doc.all_provisions()
    ]


def _random_text(seed: int) -> str:
    rng = random.Random(seed)
    return "\n".join(rng.choice(PIECES) for _ in range(rng.randint(1, 80)))


@pytest.mark.parametrize("seed", range(300))
def test_blocks_on_random_line_shapes_are_those_of_reading_every_line(seed: int) -> None:
    text = _random_text(seed)
    assert _blocks(text, every_line=False) == _blocks(text, every_line=True)


@pytest.mark.parametrize("seed", range(60))
def test_blocks_from_the_line_shape_bits_are_those_of_reading_every_line(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past 100,000 lines ``lines_to_visit`` and ``lines_starting`` read numpy tables of each
    line's first character and shape bits, not regex scans: the same blocks and provisions."""
    text = _random_text(seed)
    reference = _blocks(text, every_line=True)
    monkeypatch.setattr("treatylint.document.lines._ARRAYS_FROM", 0)
    monkeypatch.setattr("treatylint.document.lines._CHUNK", 29)  # several windows
    assert Lines(text).shape is not None
    assert _blocks(text, every_line=False) == reference


def _real_texts() -> list[Path]:
    drafts = sorted((REPO / "corpora").rglob("*.txt"))
    treaties = sorted(TREATIES.glob("*.txt"))[::40] if TREATIES.is_dir() else []
    return drafts + treaties


@pytest.mark.parametrize("path", _real_texts(), ids=lambda p: p.name[:40])
def test_blocks_of_real_texts_are_those_of_reading_every_line(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    assert _blocks(text, every_line=False) == _blocks(text, every_line=True)


def test_one_character_lines_are_a_few_visits_however_many() -> None:
    for count in (1_000, 100_000):
        lines = Lines("x\n" * count)
        visited = lines_to_visit(lines, 0, lines.n - 1, 0, len(lines.text))
        assert len(visited) <= 2, (count, visited[:5])


def test_visits_grow_with_paragraphs_not_with_lines() -> None:
    paragraph = "Each Party shall adopt such measures as may be\nnecessary to establish as criminal offences\nunder its domestic law the conduct\n\n"
    wrapped = paragraph.replace("\n", "\nand so on and on\n", 1)
    for text in (paragraph * 200, wrapped * 200):
        lines = Lines(text)
        visited = lines_to_visit(lines, 0, lines.n - 1, 0, len(text))
        assert len(visited) <= 2 * 200 + 2  # the blank line and the first line of each paragraph


@pytest.mark.parametrize("arrays_from", [10**9, 0])
@pytest.mark.parametrize("head", ["#", r"[^\sA-Za-z]", r"[^\sA-OQ-Za-oq-z]", r"(?:#{1,6}[ \t]+)?(?:Notes|NOTES)",
                                  r"(?i:notes?|remarks)\b", r"[\u0400-\u04ff]",
                                  "[\\#A\x80-\U0010ffff]"])
@pytest.mark.parametrize("seed", range(20))
def test_lines_starting_misses_no_line_whose_content_starts_so(head: str, seed: int, arrays_from: int,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("treatylint.document.lines._ARRAYS_FROM", arrays_from)  # regex scans, or first characters
    rng = random.Random(seed)
    pieces = [*PIECES, "# Purpose", "## Costs", "  3. A person", "\u00b2 superscript", "\u0663 arabic digit", "NOTES", "remarks"]
    text = "\n".join(rng.choice(pieces) for _ in range(1_000))  # short lines: the scanning path
    lines = Lines(text)
    found = set(lines_starting(lines, head))
    wanted = {i for i, c in enumerate(lines.content) if c and re.match(head, c)}
    assert wanted <= found
    assert len(found) < lines.n  # it did scan (a range of every line would pass trivially)


@pytest.mark.parametrize("count", [1_000, 100_000])
def test_heading_passes_read_a_few_of_a_hundred_thousand_one_character_lines(count: int) -> None:
    lines = Lines("x\n" * count)
    for head in ("#", r"[^\sA-Za-z]", r"[^\sA-OQ-Za-oq-z]", "[ADIN]"):
        assert len(lines_starting(lines, head)) <= 2, head


def _reference_lines(text: str) -> tuple[list[int], list[int], list[int], list[str]]:
    """The line table as the per-line loop built it."""
    raw = text.split("\n")
    starts = [0]
    for line in raw[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    content = [line.strip() for line in raw]
    cstart = [start + len(line) - len(line.lstrip()) if c else start for start, line, c in zip(starts, raw, content)]
    return starts, cstart, [cs + len(c) for cs, c in zip(cstart, content)], content


@pytest.mark.parametrize("arrays_from", [10**9, 0])
@pytest.mark.parametrize("seed", range(5))
def test_line_table_is_the_per_line_one(arrays_from: int, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("treatylint.document.lines._ARRAYS_FROM", arrays_from)  # lists, or numpy and arrays
    monkeypatch.setattr("treatylint.document.lines._CHUNK", 37)  # several chunks
    rng = random.Random(seed)
    pieces = ["", " ", "\t", "\r", "x", " a ", "  bb\t", "\u00a0c\u2028", "\x0bd", "\x1c", "word word", "\u3000"]
    text = "\n".join(rng.choice(pieces) for _ in range(500))
    lines = Lines(text)
    assert (list(lines.starts), list(lines.cstart), list(lines.ends), lines.content) == _reference_lines(text)


@pytest.mark.parametrize("arrays_from", [10**9, 0])
def test_document_line_starts_are_those_of_the_line_table(arrays_from: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("treatylint.document.lines._ARRAYS_FROM", arrays_from)
    monkeypatch.setattr("treatylint.document.lines._CHUNK", 37)  # several chunks
    text = "\n".join(random.Random(7).choice(PIECES) for _ in range(300))
    assert list(line_starts(text)) == _reference_lines(text)[0]


@pytest.mark.parametrize("arrays_from", [10**9, 0])
@pytest.mark.parametrize("seed", range(10))
def test_first_long_line_is_the_one_a_split_finds(arrays_from: int, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's line-length limit, by line-end positions a window at a time past 100,000
    lines: the same line number and length as splitting the text."""
    monkeypatch.setattr("treatylint.document.lines._ARRAYS_FROM", arrays_from)
    monkeypatch.setattr("treatylint.document.lines._CHUNK", 41)
    rng = random.Random(seed)
    text = "\n".join(rng.choice([*PIECES, "x" * 60, "\u00e9" * 75]) for _ in range(300))
    lengths = [len(line) for line in text.split("\n")]
    for limit in (50, 70, 80):
        wanted = next(((k, n) for k, n in enumerate(lengths, 1) if n > limit), None)
        assert first_long_line(text, limit) == wanted


def test_short_equal_lines_share_one_string(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted, not timed: 17 M lines "ab" held 17 M string objects (1.6 GB at the 50 MB size
    limit; one-character strings are shared by Python itself). Past 100,000 lines, equal short
    lines share one string, and the table is the per-line one."""
    monkeypatch.setattr("treatylint.document.lines._CHUNK", 1000)  # several windows
    text = "ab\n" * 150_000 + "  cd \n" * 1_000 + "Article 1. Each Party shall adopt measures.\n" * 10
    lines = Lines(text)
    assert lines.shape is not None  # the numpy path
    assert len({id(c) for c in lines.content[:150_000]}) == 1
    assert (list(lines.starts), list(lines.cstart), list(lines.ends), lines.content) == _reference_lines(text)
