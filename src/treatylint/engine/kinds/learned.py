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
import sys
from array import array
from collections import Counter
from operator import itemgetter
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from treatylint.document.model import ProvisionKind

MODEL_DIR = Path(__file__).resolve().parent / "model"
MAX_CHARS = 1000  # the opening of the body carries the legal act; training saw the same cut
_TOKEN = re.compile(r"\w+|[^\w\s]")


def model_text(body: str) -> str:
    """What the model reads of an article: the body's opening, whitespace squashed, lower case.
    The training script uses this same function, so training and use cannot drift apart."""
    return " ".join(body[:MAX_CHARS].split()).lower()


def tokens(body: str) -> list[str]:
    """The model's words: runs of word characters and single punctuation marks (training built
    its spaCy documents from exactly these words)."""
    return _TOKEN.findall(model_text(body))


def features(words: list[str]) -> Counter[str]:
    """Unigrams and bigrams (``"shall be"``) with their counts, as spaCy's bag of words sees them."""
    counts = Counter(words)
    counts.update(map(" ".join, zip(words, words[1:])))
    return counts


class LearnedKinds:
    """Scores article bodies: per kind, a probability (the kinds sum to one).

    ``weights.bin`` holds one row of small integers per feature (``features.txt``, same order),
    one column per kind; ``meta.json`` the kinds, the bias and each column's scale. Pure Python:
    importing NumPy alone would cost a tenth of a second per run."""

    def __init__(self, path: Path = MODEL_DIR) -> None:
        self.path = path
        self._loaded: tuple[list[ProvisionKind], dict[str, int], list[array], list[float], list[float]] | None = None

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
            flat = array("h")
            flat.frombytes((self.path / "weights.bin").read_bytes())
            if sys.byteorder != "little":
                flat.byteswap()
            if len(flat) != len(names) * len(labels):
                raise ValueError(f"{self.path}: weights do not match the feature list")
            columns = [flat[k :: len(labels)] for k in range(len(labels))]
            self._loaded = (labels, {name: i for i, name in enumerate(names)}, columns, meta["bias"], meta["scale"])
        return self._loaded

    def scores(self, bodies: Iterable[str]) -> list[dict[ProvisionKind, float]]:
        labels, index, columns, bias, scale = self._model()
        get = index.get
        results = []
        for body in bodies:
            words = tokens(body)
            # a feature that occurs twice counts twice, as in spaCy's bag of words
            rows = [r for r in map(get, words) if r is not None]
            rows += [r for r in map(get, map(" ".join, zip(words, words[1:]))) if r is not None]
            if len(rows) > 1:
                pick = itemgetter(*rows)
                logits = [b + s * sum(pick(column)) for b, s, column in zip(bias, scale, columns)]
            elif rows:
                logits = [b + s * column[rows[0]] for b, s, column in zip(bias, scale, columns)]
            else:
                logits = list(bias)
            top = max(logits)
            exp = [math.exp(x - top) for x in logits]
            total = sum(exp)
            results.append({label: e / total for label, e in zip(labels, exp)})
        return results


@lru_cache(maxsize=1)
def shipped_model() -> LearnedKinds | None:
    """The model inside the package, or None if this install has none (then rules alone decide)."""
    model = LearnedKinds()
    return model if model.available else None
