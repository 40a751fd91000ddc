"""Do provision kinds hold when the captions or the chapter headings are gone (or say nothing)?

    python benchmarks/kinds_blind.py                 # corpus cybercrime treaties + blind sets B..J
    python benchmarks/kinds_blind.py --json out.json

A metamorphic check of the kinds stage, not of the parser: each draft is read and parsed once,
then classified four times, with everything (as ``outline`` does), with every article caption
removed, with every division heading removed (the label stays: "CHAPTER II" with no
"CRIMINALISATION"), and with both. The captions and headings are evidence a new draft may not
give (a caption-less MLAT, "TERM 7 - PRESERVATION", a "Part 3" with no title); what the body says
(cue phrases, legal acts, the model) should then carry the kind. Reported per input set:

* ``agree``: the share of articles whose kind is the same as with everything (the corpus
  treaties have no labels: agreement with the full reading is what can be measured);
* ``accuracy``: for the blind sets, the share of labelled headings whose provision gets the
  labelled kind (as ``blind_score.py`` counts it, on the provisions the parser found).

Inputs: the Council of Europe Convention on Cybercrime (ETS 185) and its first Additional
Protocol, the Convention on the Prevention of Terrorism (CETS 196), UNTOC and UNCAC from the
corpus (``../shared/corpora/treaties``; the Second Additional Protocol is not in it), and the
drafts of the blind tuning sets B..J.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from treatylint.document.formats import read_source  # noqa: E402
from treatylint.document.model import ProvisionKind  # noqa: E402
from treatylint.run.linter import back_to_draft, load_classifier, parse_draft  # noqa: E402
from treatylint.settings import Settings  # noqa: E402

TREATIES = REPO.parent / "shared" / "corpora" / "treaties"
CORPUS = {
    "Budapest ETS 185": "convention-on-cybercrime-BWBV0001839.txt",
    "Budapest protocol ETS 189": "additional-protocol-to-the-convention-on-cybercrime-BWBV0004845.txt",
    "CETS 196": "council-of-europe-convention-on-the-prevention-of-terrorism-BWBV0004604.txt",
    "UNTOC": "united-nations-convention-against-transnational-organized-BWBV0001668.txt",
    "UNCAC": "united-nations-convention-against-corruption-BWBV0001830.txt",
}
VARIANTS = ("full", "no captions", "no division headings", "neither")
BLIND = "BCDEFGHIJ"


def kinds(path: Path, variant: str, classifier) -> list[tuple[int, str]]:
    """(line of the heading, kind) of every article of ``path`` read with ``variant``'s evidence."""
    source = read_source(path)
    document, _ = parse_draft(source.text, str(path), source.hidden, source.headings)
    if variant in ("no captions", "neither"):
        for provision in document.provisions:
            provision.caption = None
    if variant in ("no division headings", "neither"):
        for division in document.divisions:
            division.heading = None
        for provision in document.provisions:
            for division in provision.divisions:
                division.heading = None
    classifier.classify(document)
    back_to_draft(document, [], source.hidden)
    text = source.text
    return [(text.count("\n", 0, p.start) + 1, p.kind.value) for p in document.provisions
            if p.kind != ProvisionKind.PREAMBLE]


def agreement(full: list[tuple[int, str]], other: list[tuple[int, str]]) -> tuple[int, int]:
    same = sum(1 for (_, a), (_, b) in zip(full, other) if a == b)
    return same, len(full)


def labelled_accuracy(labels: Path, variant: str, classifier) -> tuple[int, int, int, int]:
    """(right, labelled, same as full, articles) over a blind set's drafts."""
    import blind_score

    right = total = same = articles = 0
    for entry in blind_score.read_labels(labels):
        full = kinds(entry.path, "full", classifier)
        read = full if variant == "full" else kinds(entry.path, variant, classifier)
        s, n = agreement(full, read)
        same, articles = same + s, articles + n
        found = [{"line": line, "kind": kind} for line, kind in read]
        for labelled in entry.provisions:
            if not labelled.kind or labelled.kind == "preamble":
                continue
            total += 1
            holder = blind_score._holder(found, labelled.text_line)
            if holder is not None and abs(holder["line"] - labelled.text_line) <= 2 and holder["kind"] == labelled.kind:
                right += 1
    return right, total, same, articles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--sets", default=BLIND, help="blind sets to read (letters)")
    args = parser.parse_args()
    classifier = load_classifier(Settings())
    result: dict[str, dict] = {"corpus": {}, "blind": {}}
    print(f"{'input':28} " + "  ".join(f"{v:>22}" for v in VARIANTS))
    totals = {v: [0, 0] for v in VARIANTS}
    for name, file in CORPUS.items():
        path = TREATIES / file
        if not path.exists():
            print(f"{name}: not in the corpus ({file})")
            continue
        full = kinds(path, "full", classifier)
        row = {}
        for variant in VARIANTS:
            same, n = agreement(full, full if variant == "full" else kinds(path, variant, classifier))
            row[variant] = {"agree": round(same / n, 3) if n else None, "articles": n}
            totals[variant][0] += same
            totals[variant][1] += n
        result["corpus"][name] = row
        print(f"{name:28} " + "  ".join(f"{'agree ' + str(row[v]['agree']):>22}" for v in VARIANTS))
    result["corpus"]["all five"] = {v: {"agree": round(a / n, 3) if n else None, "articles": n} for v, (a, n) in totals.items()}
    print(f"{'all five (articles)':28} " + "  ".join(f"{'agree ' + str(result['corpus']['all five'][v]['agree']):>22}" for v in VARIANTS))
    for letter in args.sets:
        labels = REPO / "benchmarks" / "blind" / f"{letter}-fresh" / "labels.tsv"
        if not labels.exists():
            continue
        row = {}
        for variant in VARIANTS:
            right, total, same, articles = labelled_accuracy(labels, variant, classifier)
            row[variant] = {"accuracy": round(right / total, 3) if total else None,
                            "agree": round(same / articles, 3) if articles else None}
        result["blind"][f"{letter}-fresh"] = row
        print(f"{letter + '-fresh (acc / agree)':28} " + "  ".join(
            f"{str(row[v]['accuracy']) + ' / ' + str(row[v]['agree']):>22}" for v in VARIANTS))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
