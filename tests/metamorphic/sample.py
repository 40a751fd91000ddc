"""The corpus treaties the metamorphic tests rewrite: the ones with findings, then a spread."""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "treaties"

# The treaties with findings: Budapest (ETS 185), its first protocol (ETS 189), CETS 196, UNTOC, UNCAC.
WITH_FINDINGS = (
    "convention-on-cybercrime-BWBV0001839.txt",
    "additional-protocol-to-the-convention-on-cybercrime-BWBV0004845.txt",
    "council-of-europe-convention-on-the-prevention-of-terrorism-BWBV0004604.txt",
    "united-nations-convention-against-transnational-organized-BWBV0001668.txt",
    "united-nations-convention-against-corruption-BWBV0001830.txt",
)


def sample(count: int) -> list[tuple[Path, str]]:
    """``count`` treaties (path, title): those with findings first, then every n-th of the index
    (treaties whose parse does not match the index's article count are left out: the oracle
    needs an original the parser reads right)."""
    rows = [row.split("\t") for row in (CORPUS / "index.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    titles = {row[0]: row[1] for row in rows}
    chosen = [name for name in WITH_FINDINGS if name in titles]
    rest = [row[0] for row in rows if row[0] not in chosen and int(row[4]) > 0]
    step = max(1, len(rest) // max(1, count - len(chosen)))
    chosen += rest[::step][: max(0, count - len(chosen))]
    return [(CORPUS / name, titles[name]) for name in chosen]
