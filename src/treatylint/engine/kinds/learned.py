"""The learned half of provision kinds: a bag-of-words text classifier over the article body.

Captions and chapter headings name most articles' kinds, and the cue lists catch the formulas we
know. A draft in an unfamiliar style has neither ("Section 7.", "... shall be punishable under the
domestic law of each State Party"), so the classifier also asks a model trained on the bodies of
the corpus's articles with their captions and chapters hidden (``training/kinds/``).

spaCy trains it (a ``textcat`` with the bag-of-words architecture, ``training/kinds/config.cfg``).
What ships in ``model/`` is that model's own arithmetic written out: for every unigram and bigram
it learned, the score it adds to each kind (as 16-bit integers and a scale), plus the bias;
scoring an article is a sum and a softmax. Importing spaCy and loading a pipeline costs more than a whole corpus run of the rules
(benchmarks/bench.py), so the linter never does it; a unit test checks that these scores are
spaCy's. Loaded on first use, from the package, never downloaded.

It reads a body as a reader does, without its layout: ``model_body`` leaves out page furniture,
footnotes and stray headings, ``tokens`` paragraph and list markers, numbers and line breaks, so
``(1)`` for ``1.``, a hard wrap or a page number changes nothing (tests/metamorphic). Training
reads the corpus through the same two functions.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from itertools import repeat
from operator import add, mul
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from treatylint.document.model import Document, Provision, ProvisionKind

MODEL_DIR = Path(__file__).resolve().parent / "model"
MAX_WORDS = 150  # the opening of the body carries the legal act; training saw the same cut
WINDOW = 2500  # characters read to find them when the short window has too few (~3x what they take)

# What a layout changes and a reader skips, so the model never sees it (the same words in any
# layout must score the same): paragraph and list numbers wherever they stand ("1.", "(1)",
# "1.1", "5.2(b)", "(a)", "(iv)": a hard wrap can move a reference such as "paragraph 1." to
# the start of a line, so numbers go everywhere, not only at line starts), and at a line start
# the markers that are letters or bullets ("a)", "iv.", "-", "\u2022"), also after a number
# ("2. a) The act"). Line breaks and indentation are never words. Both patterns run on the
# lower-cased text; in ``_TOKEN`` a marker matches outside the group (findall gives ""), a word
# or punctuation mark inside it (ASCII words first: the common case, tried first, is fastest).
_NUM = r"\d+(?:[.,]\d+)*[.)]?"  # 1. 1.1 5.2 1) 2001 1,000
_PAREN = r"\(\w{1,4}\)"  # (1) (a) (iv) (12)
_LINE_MARK = re.compile(
    r"\n[ \t]*(?:(?:%s|%s)[ \t]*)*(?:(?:[a-z]|[ivxlc]{1,6})[.)]|[-\u2013\u2022\u25aa*])(?=\s)" % (_NUM, _PAREN)
)
_TOKEN = re.compile(r"([a-z]+(?![^\W\d])|[^\W\d]+|(?!%s)[^\w\s])|%s|%s" % (_PAREN, _PAREN, _NUM))
_SHORT_WINDOW = 1000  # 150 words fit in it almost always: read more only when they do not


def model_body(document: Document, provision: Provision) -> str:
    """The body the model reads: the provision's text less what is not its text in any layout,
    namely page furniture (page numbers, running headers), footnotes, and any division heading
    that fell inside it. The training script reads the corpus through this same function."""
    text = document.text
    start, end = provision.body_start, provision.end
    gaps = [(s, e) for s, e in (*document.furniture, *document.footnotes, *document.margins) if s < end and e > start]
    gaps += [(d.start, _line_end(text, d.start, end)) for d in document.divisions if start < d.start < end]
    if not gaps:
        return text[start:end]
    parts, at = [], start
    for s, e in sorted(gaps):
        if s > at:
            parts.append(text[at:s])
        at = max(at, e)
    parts.append(text[at:end])
    return "\n".join(parts)


def _line_end(text: str, start: int, end: int) -> int:
    stop = text.find("\n", start, end)
    return end if stop == -1 else stop


def tokens(body: str) -> list[str]:
    """The model's words: lower case runs of word characters and single punctuation marks of the
    body's opening, with paragraph and list markers and numbers removed (``_TOKEN``), at most
    ``MAX_WORDS`` of them. Training built its spaCy documents from exactly these words, so the
    features it learned are the ones computed here; nothing in them depends on layout (markers,
    numbering style, line breaks, indentation)."""
    words = _words(body[:_SHORT_WINDOW])
    if len(words) < MAX_WORDS + 3 and len(body) > _SHORT_WINDOW:
        # the short window's last words may be cut in two (any of the last three): read it all
        words = _words(body[:WINDOW])
    return words[:MAX_WORDS]


def _words(text: str) -> list[str]:
    return list(filter(None, _TOKEN.findall(_LINE_MARK.sub("\n", "\n" + text.lower()))))


def features(words: list[str]) -> Counter[str]:
    """Unigrams and bigrams (``"shall be"``) with their counts, as spaCy's bag of words sees them."""
    counts = Counter(words)
    counts.update(map(" ".join, zip(words, words[1:])))
    return counts


class LearnedKinds:
    """Scores article bodies: per kind, a probability (the kinds sum to one).

    ``weights.bin`` holds one row of 16-bit integers per feature (``features.txt``, same order),
    one column per kind; ``meta.json`` the kinds, the bias and each column's scale. Pure Python,
    and fast: each feature's row is packed into one integer (32 bits per kind, offset so that
    every lane stays positive), so an article's scores are a single ``sum`` of its features'
    integers, unpacked once, and every loop over an article's words runs in C. Importing NumPy
    alone would cost a tenth of a second per run."""

    def __init__(self, path: Path = MODEL_DIR) -> None:
        self.path = path
        self._loaded: tuple | None = None  # labels, unigram and bigram rows, packed rows, ...

    @property
    def available(self) -> bool:
        return (self.path / "meta.json").is_file()

    @property
    def meta(self) -> dict:
        return json.loads((self.path / "meta.json").read_text(encoding="utf-8"))

    def _model(self):
        if self._loaded is None:
            meta = self.meta
            labels = [ProvisionKind(label) for label in meta["labels"]]
            names = (self.path / "features.txt").read_text(encoding="utf-8").split("\n")
            data = (self.path / "weights.bin").read_bytes()  # little-endian int16, row-major
            width = len(labels)
            if len(data) != 2 * len(names) * width:
                raise ValueError(f"{self.path}: weights do not match the feature list")
            # int16 -> offset uint16 (flip the sign bit) -> uint32 lanes (a zero high half)
            lanes = bytearray(2 * len(data))
            lanes[0::4] = data[0::2]
            lanes[1::4] = bytes(b ^ 0x80 for b in data[1::2])
            row = 4 * width
            packed = [int.from_bytes(lanes[i : i + row], "little") for i in range(0, len(lanes), row)]
            zero = sum(_OFFSET << (32 * k) for k in range(width))  # a feature never seen
            # every word of any feature gets an integer id (0: a word no feature has); a word's
            # unigram row is ``rows[id]`` and a bigram's key is ``id1 * ids + id2``, computed and
            # looked up with C-level maps (no tuple per pair, no string hashed twice)
            vocabulary: dict[str, int] = {}
            for name in names:
                for word in name.split(" "):
                    vocabulary.setdefault(word, len(vocabulary) + 1)
            ids = len(vocabulary) + 1
            rows = [zero] * ids
            bigrams: dict[int, int] = {}
            for name, row_value in zip(names, packed):
                first, _, second = name.partition(" ")
                if second:
                    bigrams[vocabulary[first] * ids + vocabulary[second]] = row_value
                else:
                    rows[vocabulary[first]] = row_value
            self._loaded = (labels, vocabulary, rows, ids, bigrams, zero, meta["bias"], meta["scale"])
        return self._loaded

    def scores(self, bodies: Iterable[str]) -> list[dict[ProvisionKind, float]]:
        labels, vocabulary, rows, ids, bigrams, zero, bias, scale = self._model()
        results = []
        for body in bodies:
            words = tokens(body)
            # C-level loops only: each word's id, its unigram row, each pair of neighbours' key
            # and its bigram row (an unknown one finds the all-zero row), and their packed rows
            # summed; a feature that occurs twice counts twice, as in spaCy's bag of words
            word_ids = list(map(vocabulary.get, words, repeat(0)))
            keys = map(add, map(mul, word_ids, repeat(ids)), word_ids[1:])
            total = sum(map(rows.__getitem__, word_ids)) + sum(map(bigrams.get, keys, repeat(zero)))
            offset = _OFFSET * (2 * len(words) - 1 if words else 0)
            logits = [b + s * (((total >> (32 * k)) & _LANE) - offset) for k, (b, s) in enumerate(zip(bias, scale))]
            top = max(logits)
            exp = [math.exp(x - top) for x in logits]
            norm = sum(exp)
            results.append({label: e / norm for label, e in zip(labels, exp)})
        return results


_OFFSET = 32768  # an int16 weight w is stored in its lane as w + 32768
_LANE = 0xFFFFFFFF  # 32-bit lanes: no carry into the next kind below 65,536 features per article


@lru_cache(maxsize=1)
def shipped_model() -> LearnedKinds | None:
    """The model inside the package, or None if this install has none (then rules alone decide)."""
    model = LearnedKinds()
    return model if model.available else None
