"""Measure treatylint against human labels: precision, recall and F1 per category.

    python benchmarks/quality.py                 # labelled real articles and synthetic drafts
    python benchmarks/quality.py --corpus        # also: false-positive rate on the whole corpus
    python benchmarks/quality.py --errors        # also: list every disagreement
    python benchmarks/quality.py --labels benchmarks/validation/labels.tsv   # another label set

A finding counts when its severity is at least ``--level`` (default: warning): info findings
are notes, not flags. Scoring is per (file, article, category); document-level findings are
scored against rows whose article is ``-``.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "benchmarks" / "labels"
CORPUS = REPO.parent / "shared" / "corpora" / "treaties"
sys.path.insert(0, str(REPO / "src"))

from treatylint.findings import CATEGORIES, Severity  # noqa: E402
from treatylint.run.linter import Linter  # noqa: E402
from treatylint.settings import Settings  # noqa: E402

NON_CRIMINAL_WORDS = ("air", "maritime", "tax", "trade", "transport", "fisher", "customs", "postal", "economic")


def read_labels(path: Path, base: Path) -> tuple[dict[Path, set[str]], set[tuple[str, str, str]]]:
    """Files with their labelled articles, and the positive (file, article, category) triples."""
    articles: dict[Path, set[str]] = defaultdict(set)
    positives: set[tuple[str, str, str]] = set()
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            file = base / row["file"]
            articles[file].add(row["article"])
            for category in filter(None, (c.strip() for c in (row["categories"] or "").split(","))):
                positives.add((str(file), row["article"], category))
    return articles, positives


def predicted(linter: Linter, files: dict[Path, set[str]], level: Severity) -> set[tuple[str, str, str]]:
    found: set[tuple[str, str, str]] = set()
    for file, labelled in files.items():
        for finding in linter.check_file(file).findings:
            if finding.suppressed or finding.severity.rank < level.rank:
                continue
            article = finding.provision or "-"
            if article in labelled or article == "-":
                found.add((str(file), article, finding.category))
    return found


def score(gold: set, pred: set, title: str, show_errors: bool) -> tuple[int, int, int]:
    print(f"\n== {title}")
    print(f"{'category':<28} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
    totals = [0, 0, 0]
    for category in CATEGORIES:
        g = {x for x in gold if x[2] == category}
        p = {x for x in pred if x[2] == category}
        tp, fp, fn = len(g & p), len(p - g), len(g - p)
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
        if g or p:
            print(f"{category:<28} {_ratio(tp, tp + fp):>6} {_ratio(tp, tp + fn):>6} {_f1(tp, fp, fn):>6}  {tp:>3} {fp:>3} {fn:>3}")
    tp, fp, fn = totals
    print(f"{'overall':<28} {_ratio(tp, tp + fp):>6} {_ratio(tp, tp + fn):>6} {_f1(tp, fp, fn):>6}  {tp:>3} {fp:>3} {fn:>3}")
    if show_errors:
        for item in sorted(pred - gold):
            print(f"   FP {Path(item[0]).name} {item[1]} {item[2]}")
        for item in sorted(gold - pred):
            print(f"   FN {Path(item[0]).name} {item[1]} {item[2]}")
    return tp, fp, fn


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


def _f1(tp: int, fp: int, fn: int) -> str:
    return f"{2 * tp / (2 * tp + fp + fn):.2f}" if tp + fp + fn else "-"


def corpus_rate(linter: Linter, level: Severity, sample: int) -> None:
    files = sorted(CORPUS.glob("*.txt"))
    per_category: Counter[str] = Counter()
    articles = 0
    non_criminal: list[tuple[str, str, str]] = []
    for file in files:
        result = linter.check_file(file)
        articles += len(result.document.provisions)
        offences = any(p.kind.value in ("offence", "procedural") for p in result.document.provisions)
        for finding in result.findings:
            if finding.suppressed or finding.severity.rank < level.rank:
                continue
            per_category[finding.category] += 1
            if not offences:
                non_criminal.append((file.name, finding.provision or "-", f"{finding.rule_id}: {finding.excerpt[:160]}"))
    print(f"\n== whole corpus: {len(files)} files, {articles} articles, findings at {level.value} or above")
    print(f"{'category':<28} {'findings':>8} {'per 100 articles':>17}")
    for category in CATEGORIES:
        print(f"{category:<28} {per_category[category]:>8} {100 * per_category[category] / max(articles, 1):>17.2f}")
    print(f"findings in treaties with no offences and no powers: {len(non_criminal)}")
    for item in random.Random(0).sample(non_criminal, min(sample, len(non_criminal))):
        print("   ", " | ".join(item))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--level", default="warning", choices=[s.value for s in Severity])
    parser.add_argument("--errors", action="store_true", help="list false positives and negatives")
    parser.add_argument("--corpus", action="store_true", help="false-positive rate on the whole corpus")
    parser.add_argument("--sample", type=int, default=15, help="findings to show from non-criminal treaties")
    parser.add_argument("--labels", type=Path, action="append", default=[],
                        help="score this label file instead (paths in it relative to the repository)")
    args = parser.parse_args()
    level = Severity(args.level)
    linter = Linter(Settings())
    sums = [0, 0, 0]
    sets = [(path, REPO) for path in args.labels] or [(LABELS / "real.tsv", CORPUS), (LABELS / "synthetic.tsv", REPO)]
    for path, base in sets:
        if not path.exists() or (base == CORPUS and not CORPUS.exists()):
            continue
        files, gold = read_labels(path, base)
        pred = predicted(linter, files, level)
        for i, n in enumerate(score(gold, pred, f"{path.name} ({len(files)} files)", args.errors)):
            sums[i] += n
    tp, fp, fn = sums
    print(f"\n== all labelled: precision {_ratio(tp, tp + fp)}  recall {_ratio(tp, tp + fn)}  F1 {_f1(tp, fp, fn)}")
    if args.corpus and CORPUS.exists():
        corpus_rate(linter, level, args.sample)


if __name__ == "__main__":
    main()
