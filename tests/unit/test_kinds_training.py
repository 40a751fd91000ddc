"""The training script, end to end on a tiny synthetic corpus: weak labels, split by treaty,
spaCy training, export into the linter's format, evaluation. Small enough to run in CI."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TRAINING = REPO / "training" / "kinds"


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"kinds_training_{name}", TRAINING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    sys.path.insert(0, str(TRAINING))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(TRAINING))
    return module


ARTICLES = [
    ("Definitions", "For the purposes of this Convention: \u201cdevice\u201d means any {w} apparatus."),
    ("Illegal {w}", "Each Party shall establish as criminal offences under its domestic law the {w} of a system; such conduct shall be punishable."),
    ("Extradition", "The requested Party shall surrender the person sought for the {w} offence upon request of the requesting Party."),
    ("Entry into force", "This Convention shall enter into force on the first day of the {w} month after ratification."),
    ("Dividends", "Dividends paid by a {w} company to a resident of the other State may be taxed in that State."),
    ("Royalties", "Royalties arising in one State for the {w} of a patent may be taxed in the other State."),
]
WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]


def write_corpus(root: Path, split_of) -> None:
    """Treaties whose names put at least two in each split (the split is a hash of the name)."""
    wanted = {"train": 6, "dev": 2, "test": 2}
    rows = ["file\tenglish_title\tsource_path\twords\tarticles"]
    n = 0
    while any(wanted.values()):
        name = f"treaty-{n}.txt"
        n += 1
        split = split_of(name)
        if not wanted[split]:
            continue
        wanted[split] -= 1
        word = WORDS[n % len(WORDS)]
        parts = [f"Agreement number {n} on taxation\n"]
        for i, (caption, body) in enumerate(ARTICLES, 1):
            parts.append(f"Article {i}\n{caption.format(w=word)}\n\n{body.format(w=word)}\n")
        (root / name).write_text("\n".join(parts), encoding="utf-8")
        rows.append(f"{name}\tAgreement number {n} on taxation\t-\t100\t{len(ARTICLES)}")
    (root / "index.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_weak_labels_abstain_when_unsure():
    labels = load("weak_labels")
    assert labels.weak_label("Illegal access", [], "Each Party shall establish as criminal offences ...", "") == ("offence", "caption")
    # a caption that sounds like an offence but a body with no penal word: no label
    assert labels.weak_label("Illegal access", [], "The Parties shall publish statistics on it.", "")[0] is None
    assert labels.weak_label("Immunity from seizure", [], "Property of the Organisation is immune.", "")[0] is None
    # the chapter decides only with penal language in the body
    chapter = ["CHAPTER II CRIMINALIZATION"]
    assert labels.weak_label(None, chapter, "Such acts shall be punishable by imprisonment.", "")[0] == "offence"
    corruption = "Convention against corruption"
    assert labels.weak_label("Protection of witnesses", chapter, "Each State Party shall protect witnesses.", corruption)[0] is None
    # an unknown caption is "other" in a tax treaty, but not in a treaty about crime
    assert labels.weak_label("Dividends", [], "Dividends may be taxed.", "Convention on double taxation") == ("other", "other")
    assert labels.weak_label("Stalking", [], "Stalking is bad.", "Convention on violence against women")[0] is None
    # caption and an unambiguous formula disagreeing: no label
    assert labels.weak_label("Definitions", [], "This Convention shall enter into force on signature.", "")[0] is None


def test_training_smoke_on_a_tiny_corpus(tmp_path):
    train = load("train")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus, train.split_of)
    export = tmp_path / "model"
    metrics = train.main([
        "--corpus", str(corpus), "--work", str(tmp_path / "runs"), "--export", str(export),
        "--metrics", str(tmp_path / "metrics.json"), "--hand", str(tmp_path / "none.tsv"),
        "--epochs", "3", "--features", "0", "--cap", "100", "--floor", "0",
    ])
    assert json.loads((tmp_path / "metrics.json").read_text()) == metrics
    assert metrics["treaties"] == {"train": 6, "dev": 2, "test": 2}
    assert metrics["weak_labels"] == {"definition": 10, "offence": 10, "cooperation": 10, "final": 10, "other": 20}
    assert {p.name for p in export.iterdir()} == {"meta.json", "features.txt", "weights.bin"}
    # the exported weights are spaCy's: the same choices as the trained pipeline
    assert metrics["agreement_with_spacy_pipeline"] == 1.0
    held_out = metrics["held_out_caption_blind"]
    assert held_out["n"] == 12
    assert held_out["accuracy"] >= 0.8  # held-out treaties, captions hidden; the kinds are easy here
    from treatylint.engine.kinds.learned import LearnedKinds

    [scores] = LearnedKinds(export).scores(["This Convention shall enter into force on the first day of the month."])
    assert max(scores, key=scores.get).value == "final"


@pytest.mark.parametrize("file", ["weak_labels.py", "train.py", "config.cfg", "hand_labels.tsv", "metrics.json"])
def test_training_files_are_in_the_repository(file):
    assert (TRAINING / file).is_file()
