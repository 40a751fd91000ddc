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
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from itertools import repeat
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from treatylint.document.model import Document, Provision, ProvisionKind

MODEL_DIR = Path(__file__).resolve().parent / "model"
MAX_WORDS = 200  # the opening of the body carries the legal act; training saw the same cut
WINDOW = 2500  # characters read to find them: ~2x what 200 words take, whatever the wrapping

_TOKEN = re.compile(r"\w+|[^\w\s]")
# What a layout changes and a reader skips, so the model never sees it (the same words in any
# layout must score the same): paragraph and list numbers wherever they stand ("1.", "(1)",
# "1.1", "5.2(b)", "(a)", "(iv)": a hard wrap can move a reference such as "paragraph 1." to
# the start of a line, so numbers go everywhere, not only at line starts), and at a line start
# the markers that are letters or bullets ("a)", "iv.", "-", "\u2022"). Line breaks and
# indentation are never words.
_MARKERS = re.compile(
    r"(?m:^[ \t]*(?:(?:[a-z]|[ivxlc]{1,6})[.)]|[-\u2013\u2022\u25aa*])(?=\s))"  # a) b. iv) - \u2022 at a line start
    r"|\(\w{1,4}\)"  # (1) (a) (iv) (12), anywhere
    r"|\d+(?:[.,]\d+)*[.)]?",  # 1. 1.1 5.2 1) 2001 1,000, anywhere
    re.IGNORECASE,
)


def model_body(document: Document, provision: Provision) -> str:
    """The body the model reads: the provision's text less what is not its text in any layout,
    namely page furniture (page numbers, running headers), footnotes, and any division heading
    that fell inside it. The training script reads the corpus through this same function."""
    text = document.text
    start, end = provision.body_start, provision.end
    gaps = [(s, e) for s, e in (*document.furniture, *document.footnotes) if s < end and e > start]
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


def model_text(body: str) -> str:
    """What the model reads of a body, as one string (``tokens`` joined): shown by ``outline``
    and the training report, never scored."""
    return " ".join(tokens(body))


def tokens(body: str) -> list[str]:
    """The model's words: lower case runs of word characters and single punctuation marks of the
    body's opening, with paragraph and list markers and numbers removed (``_MARKERS``), at most
    ``MAX_WORDS`` of them. Training built its spaCy documents from exactly these words, so the
    features it learned are the ones computed here; nothing in them depends on layout (markers,
    numbering style, line breaks, indentation)."""
    # twice: a line-start marker can follow a number just removed ("2. a) The act")
    return _TOKEN.findall(_MARKERS.sub(" ", _MARKERS.sub(" ", body[:WINDOW])).lower())[:MAX_WORDS]


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
            packed.append(sum(_OFFSET << (32 * k) for k in range(width)))  # a feature never seen: all zero
            unseen = len(packed) - 1
            unigrams = {name: i for i, name in enumerate(names) if " " not in name}
            bigrams = {tuple(name.split(" ")): i for i, name in enumerate(names) if " " in name}
            self._loaded = (labels, unigrams, bigrams, packed, unseen, meta["bias"], meta["scale"])
        return self._loaded

    def scores(self, bodies: Iterable[str]) -> list[dict[ProvisionKind, float]]:
        labels, unigrams, bigrams, packed, unseen, bias, scale = self._model()
        lookup = packed.__getitem__
        results = []
        for body in bodies:
            words = tokens(body)
            # C-level loops only: each word and each pair of neighbours is looked up (an unknown
            # one finds the all-zero row) and their packed rows summed; a feature that occurs
            # twice counts twice, as in spaCy's bag of words
            pairs = zip(words, words[1:])
            total = sum(map(lookup, map(unigrams.get, words, repeat(unseen)))) + sum(
                map(lookup, map(bigrams.get, pairs, repeat(unseen)))
            )
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
