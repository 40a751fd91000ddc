"""Train treatylint's provision-kind classifier from the treaty corpus, reproducibly.

    nice -n 10 python training/kinds/train.py                 # corpus -> model -> report
    python training/kinds/train.py --hand-sample 100          # write articles to label by hand

1. Read every corpus treaty (index.tsv) with treatylint's own reader and parser.
2. Give each article a WEAK label from its caption, its chapter headings and a few unambiguous
   formulas (``weak_labels.py``; abstain when unsure).
3. Split BY TREATY (a hash of the file name): 75% train, 10% dev (model selection), 15% test.
4. Train a spaCy ``textcat`` (``config.cfg``, bag of words, fixed seeds) on the article BODY
   only: the caption and the headings that gave the label are hidden from it.
5. Report caption-blind accuracy and macro-F1 on the held-out treaties against the weak labels
   and on the hand-checked sample (``hand_labels.tsv``), per kind; write ``metrics.json``.
6. Export the weights into the package (``src/treatylint/engine/kinds/model``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import shutil
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(HERE))

from weak_labels import KINDS, weak_label  # noqa: E402

from treatylint.document.formats import read_source  # noqa: E402
from treatylint.document.parser import parse_document  # noqa: E402
from treatylint.engine.kinds.learned import MODEL_DIR, LearnedKinds, features, model_body, tokens  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpora" / "treaties"


@dataclass
class Article:
    file: str
    article: str
    caption: str
    headings: list[str]
    body: str
    label: str | None
    source: str  # which labelling function gave the label

    @property
    def split(self) -> str:
        return split_of(self.file)


def split_of(file: str) -> str:
    """Whole treaties go to one split, the same one on every machine."""
    bucket = int(hashlib.sha1(file.encode("utf-8")).hexdigest(), 16) % 100
    return "test" if bucket < 15 else "dev" if bucket < 25 else "train"


def read_corpus(corpus: Path) -> list[Article]:
    articles: list[Article] = []
    with (corpus / "index.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    for row in rows:
        path = corpus / row["file"]
        if not path.is_file():
            continue
        document = parse_document(read_source(path).text, str(path))
        title = row.get("english_title") or document.title or ""
        for provision in document.provisions:
            body = model_body(document, provision)  # what the linter gives the model: learned.py
            if not body.strip():
                continue
            headings = [f"{d.label} {d.heading or ''}".strip() for d in provision.divisions]
            label, source = weak_label(provision.caption, headings, body, title)
            articles.append(Article(row["file"], provision.label, provision.caption or "", headings, body, label, source))
    return articles


def subsample(articles: list[Article], cap: int, rng: random.Random, floor: int = 0) -> list[Article]:
    """At most ``cap`` articles per kind (the corpus is mostly tax, air and trade treaties); a
    kind with fewer than ``floor`` is repeated up to it (at most six copies): offences and powers
    are rare in a general treaty corpus and would otherwise be drowned."""
    by_kind: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_kind[article.label].append(article)
    kept: list[Article] = []
    for kind in sorted(by_kind):
        group = by_kind[kind]
        if len(group) > cap:
            group = rng.sample(group, cap)
        elif len(group) < floor:
            group = group * min(6, -(-floor // len(group)))
        kept.extend(group)
    rng.shuffle(kept)
    return kept


def write_docbin(articles: list[Article], path: Path) -> None:
    """spaCy documents built from the linter's own tokens (``learned.tokens``), so the features
    spaCy learns are the ones the linter computes at run time."""
    import spacy
    from spacy.tokens import Doc, DocBin

    nlp = spacy.blank("en")
    docbin = DocBin(store_user_data=False)
    for article in articles:
        doc = Doc(nlp.vocab, words=tokens(article.body) or ["."])
        doc.cats = {kind: float(kind == article.label) for kind in KINDS}
        docbin.add(doc)
    docbin.to_disk(path)


def evaluate(model: LearnedKinds, articles: list[tuple[str, str]]) -> dict:
    """Accuracy, macro-F1 and per-kind P/R/F1 of (body, gold kind) pairs, caption-blind, scored
    by the exported model exactly as the linter runs it."""
    predicted = [max(s, key=s.get).value for s in model.scores(b for b, _ in articles)]
    gold = [g for _, g in articles]
    per_kind = {}
    f1s = []
    for kind in KINDS:
        tp = sum(1 for g, p in zip(gold, predicted) if g == p == kind)
        fp = sum(1 for g, p in zip(gold, predicted) if p == kind and g != kind)
        fn = sum(1 for g, p in zip(gold, predicted) if g == kind and p != kind)
        if tp + fp + fn == 0:
            continue
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * tp / (2 * tp + fp + fn)
        per_kind[kind] = {"n": tp + fn, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}
        if tp + fn:
            f1s.append(f1)
    correct = sum(1 for g, p in zip(gold, predicted) if g == p)
    return {
        "n": len(gold),
        "accuracy": round(correct / max(len(gold), 1), 3),
        "macro_f1": round(sum(f1s) / max(len(f1s), 1), 3),
        "per_kind": per_kind,
        "predicted": predicted,
    }


def read_hand_labels(path: Path, articles: list[Article]) -> list[tuple[str, str]]:
    """(body, hand label) for each row of the hand-checked TSV found in the corpus read."""
    if not path.is_file():
        return []
    index = {(a.file, a.article, a.caption): a for a in articles}  # numbering restarts in annexes
    pairs = []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            article = index.get((row["file"], row["article"], row["caption"]))
            if article is not None and row["kind"] in KINDS:
                pairs.append((article.body, row["kind"]))
    return pairs


def write_hand_sample(articles: list[Article], n: int, path: Path, seed: int) -> None:
    """Articles from held-out treaties to label by hand: half from treaties about crime."""
    rng = random.Random(seed)
    test = [a for a in articles if a.split == "test"]
    criminal = [a for a in test if a.label in ("offence", "procedural", "cooperation", "jurisdiction", "safeguard")]
    criminal_files = {a.file for a in criminal}
    near = [a for a in test if a.file in criminal_files]
    rest = [a for a in test if a.file not in criminal_files]
    picked = rng.sample(near, min(n // 2, len(near)))
    picked += rng.sample(rest, min(n - len(picked), len(rest)))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["file", "article", "kind", "weak", "caption", "opening"])
        for a in sorted(picked, key=lambda a: (a.file, a.article)):
            writer.writerow([a.file, a.article, "", a.label or "-", a.caption, " ".join(a.body[:300].split())])


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--config", type=Path, default=HERE / "config.cfg")
    parser.add_argument("--work", type=Path, default=HERE / "runs", help="DocBins and spaCy's output (not committed)")
    parser.add_argument("--export", type=Path, default=MODEL_DIR, help="where the shipped weights go ('' to skip)")
    parser.add_argument("--metrics", type=Path, default=HERE / "metrics.json")
    parser.add_argument("--hand", type=Path, default=HERE / "hand_labels.tsv")
    parser.add_argument("--cap", type=int, default=2500, help="at most this many training articles per kind")
    parser.add_argument("--floor", type=int, default=400, help="rarer kinds are repeated up to this many")
    parser.add_argument("--epochs", type=int, default=None, help="override training.max_epochs")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--features", type=int, default=40_000,
                        help="ship this many features, those with the largest per-kind weights (0: all)")
    parser.add_argument("--hand-sample", type=int, default=0, help="only write N held-out articles to label")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    random.seed(args.seed)
    articles = read_corpus(args.corpus)
    read_seconds = time.perf_counter() - started
    if args.hand_sample:
        write_hand_sample(articles, args.hand_sample, args.hand.with_suffix(".todo.tsv"), args.seed)
        return {}
    labelled = [a for a in articles if a.label is not None]
    rng = random.Random(args.seed)
    train = subsample([a for a in labelled if a.split == "train"], args.cap, rng, args.floor)
    dev = subsample([a for a in labelled if a.split == "dev"], max(args.cap // 4, 1), rng)
    test = [a for a in labelled if a.split == "test"]
    args.work.mkdir(parents=True, exist_ok=True)
    write_docbin(train, args.work / "train.spacy")
    write_docbin(dev, args.work / "dev.spacy")

    import spacy
    from spacy.cli.train import train as spacy_train
    from spacy.util import fix_random_seed

    fix_random_seed(args.seed)
    overrides = {"paths.train": str(args.work / "train.spacy"), "paths.dev": str(args.work / "dev.spacy"),
                 "system.seed": args.seed}
    if args.epochs is not None:
        overrides["training.max_epochs"] = args.epochs
    train_started = time.perf_counter()
    spacy_train(args.config, args.work / "output", overrides=overrides, use_gpu=-1)
    train_seconds = time.perf_counter() - train_started
    # the model after all epochs, not spaCy's "model-best": on the dev split the checkpoints
    # score within about one point of each other, so "best" picks by noise, and sometimes an
    # early, barely trained one (small weights, a different model each run)
    best = args.work / "output" / "model-last"
    target = args.export if str(args.export) else args.work / "export"
    kept = export(best, target, train, args.features, {"seed": args.seed, "config": args.config.name,
                                                          "trained_on": len(train), "cap": args.cap, "floor": args.floor})
    export_bytes = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    model = LearnedKinds(target)
    held_out = evaluate(model, [(a.body, a.label) for a in test])
    hand = read_hand_labels(args.hand, articles)
    hand_scores = evaluate(model, hand) if hand else None
    agreement = spacy_agreement(best, model, [a.body for a in test])
    metrics = {
        "corpus_articles": len(articles),
        "weak_labels": dict(Counter(a.label or "abstain" for a in articles)),
        "label_sources": dict(Counter(a.source for a in articles)),
        "treaties": dict(Counter(split_of(f) for f in {a.file for a in articles})),
        "train_articles": dict(Counter(a.label for a in train)),
        "cap": args.cap, "floor": args.floor,
        "dev_articles": len(dev),
        "held_out_caption_blind": {k: v for k, v in held_out.items() if k != "predicted"},
        "hand_checked_caption_blind": {k: v for k, v in hand_scores.items() if k != "predicted"} if hand_scores else None,
        "model_bytes": export_bytes,
        "model_features": kept,
        "agreement_with_spacy_pipeline": agreement,
        "read_seconds": round(read_seconds, 1),
        "train_seconds": round(train_seconds, 1),
        "total_seconds": round(time.perf_counter() - started, 1),
        "config": args.config.name,
        "seed": args.seed,
        "spacy": spacy.__version__,
    }
    if args.metrics:
        args.metrics.write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: metrics[k] for k in ("held_out_caption_blind", "hand_checked_caption_blind", "model_bytes", "train_seconds", "total_seconds")}, indent=2))
    return metrics


def export(best: Path, target: Path, train: list[Article], features_kept: int, info: dict) -> int:
    """Write the trained bag-of-words model as the linter reads it: for every unigram and bigram
    seen in training, the score spaCy's sparse linear layer adds to each kind (asked of the
    layer itself, so hashing and collisions are spaCy's), plus the bias. Only the
    ``features_kept`` features with the largest weights ship (a size, and a scoring speed, that
    do not depend on how large this run's weights came out). Returns the number kept."""
    import numpy
    import spacy
    from spacy.attrs import ORTH
    from spacy.tokens import Doc

    nlp = spacy.load(best)
    textcat = nlp.get_pipe("textcat")
    layer = textcat.model.get_ref("output_layer")
    seen: set[str] = set()
    for article in train:
        seen.update(features(tokens(article.body)))
    unigrams = sorted(f for f in seen if " " not in f)
    bigrams = sorted(f for f in seen if " " in f)
    keys_1 = Doc(nlp.vocab, words=unigrams).to_array(ORTH).astype("uint64")
    pair_words = [w for bigram in bigrams for w in bigram.split(" ")]
    keys_2 = layer.ops.ngrams(2, Doc(nlp.vocab, words=pair_words).to_array(ORTH).astype("uint64"))[::2]
    keys = numpy.ascontiguousarray(numpy.concatenate([keys_1, keys_2]), dtype="uint64")
    ones = numpy.ones(len(keys), dtype="float32")
    bias = layer.get_param("b").copy()
    weights = layer.predict((keys, ones, numpy.ones(len(keys), dtype="int32"))) - bias
    names = unigrams + bigrams
    strength = numpy.abs(weights).max(axis=1)
    keep = strength > 0
    if features_kept and keep.sum() > features_kept:  # the strongest, ties in feature order
        keep[:] = False
        keep[numpy.argsort(-strength, kind="stable")[:features_kept]] = True
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    kept = weights[keep]
    # 16-bit integers per kind column: the rounding moves a score by at most scale/2 per feature
    scale = numpy.maximum(numpy.abs(kept).max(axis=0), 1e-6) / 32767.0
    quantised = numpy.round(kept / scale).astype("<i2")
    (target / "weights.bin").write_bytes(quantised.tobytes(order="C"))
    (target / "features.txt").write_text("\n".join(n for n, k in zip(names, keep) if k), encoding="utf-8")
    meta = {"labels": list(textcat.labels), "bias": [float(b) for b in bias], "scale": [float(s) for s in scale], "architecture": "spacy.TextCatBOW.v3",
            "spacy": spacy.__version__, "features": int(keep.sum()), **info}
    (target / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return int(keep.sum())


def spacy_agreement(best: Path, model: LearnedKinds, bodies: list[str]) -> float:
    """How often the shipped weights choose the kind the full spaCy pipeline chooses."""
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.load(best)
    textcat = nlp.get_pipe("textcat")
    docs = textcat.pipe(Doc(nlp.vocab, words=tokens(b) or ["."]) for b in bodies)
    theirs = [max(d.cats, key=d.cats.get) for d in docs]
    ours = [max(s, key=s.get).value for s in model.scores(bodies)]
    return round(sum(a == b for a, b in zip(theirs, ours)) / max(len(bodies), 1), 4)


if __name__ == "__main__":
    main()
