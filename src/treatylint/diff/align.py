"""Which article of the old round became which of the new: alignment by content, not number.

Evidence, strongest first: the body's words (TF-IDF cosine over words and word pairs, so the
treaty's boilerplate weighs little), the caption's words, and the position in the round. Exact
bodies are paired first; the rest by one global assignment (``assignment.assign``), so an
inserted article cannot steal the partner of the article it resembles. Then splits and merges:
a new article left over whose distinctive word triples lie mostly inside an old article was
split from it; an old article left over that lies mostly inside a new one was merged into it.
Cross-reference numbers are blanked for this step, so a renumbered reference weighs nothing.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from treatylint.diff.assignment import assign
from treatylint.diff.units import Unit, number_of
from treatylint.diff.words import agreement_key

MATCH_THRESHOLD = 0.30  # combined score under which two articles are not the same article
CONTAINMENT_THRESHOLD = 0.60  # share of a leftover's distinctive word triples found in its source
WEIGHTS = (0.80, 0.12, 0.08)  # body, caption, position


@dataclass(eq=False)
class Link:
    """One aligned edge: old -> new, either side None for a deletion or an insertion."""

    old: Unit | None
    new: Unit | None
    relation: str  # "match", "split", "merged", "deleted", "added" (the classifier refines "match")
    similarity: float
    moved: bool = False


def _keys(unit: Unit) -> list[str]:
    return ["#" if i in unit.refs else w.key for i, w in enumerate(unit.words) if not w.marker]


def _features(keys: list[str]) -> Counter:
    feats = Counter(keys)
    feats.update(f"{a} {b}" for a, b in zip(keys, keys[1:]))
    return feats


def _shingles(keys: list[str]) -> set[str]:
    if len(keys) < 3:
        return {" ".join(keys)} if keys else set()
    return {" ".join(keys[i:i + 3]) for i in range(len(keys) - 2)}


class _Space:
    """TF-IDF vectors and weighted shingles of both rounds' units (document frequency over both)."""

    def __init__(self, units: list[Unit]) -> None:
        keys = {id(u): _keys(u) for u in units}
        self.keys = keys
        feats = {id(u): _features(keys[id(u)]) for u in units}
        shingles = {id(u): _shingles(keys[id(u)]) for u in units}
        n = len(units)
        df: Counter = Counter()
        sdf: Counter = Counter()
        for u in units:
            df.update(feats[id(u)].keys())
            sdf.update(shingles[id(u)])
        self.idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
        self.sidf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in sdf.items()}
        self.vectors: dict[int, dict[str, float]] = {}
        for u in units:
            vec = {t: (1 + math.log(c)) * self.idf[t] for t, c in feats[id(u)].items()}
            norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
            self.vectors[id(u)] = {t: x / norm for t, x in vec.items()}
        self.shingles = shingles
        self.captions = {id(u): {w for w in u.caption.lower().split() if len(w) > 2} for u in units}

    def cosine(self, a: Unit, b: Unit) -> float:
        va, vb = self.vectors[id(a)], self.vectors[id(b)]
        if len(va) > len(vb):
            va, vb = vb, va
        return sum(x * vb.get(t, 0.0) for t, x in va.items())

    def cosines(self, rows: list[Unit], cols: list[Unit]) -> list[list[float]]:
        """All row x column cosines at once: one sparse-by-dense product over the terms both sides
        use (numpy, which spaCy brings; a draft of 400 articles all edited takes a second)."""
        import numpy as np

        shared = set().union(*(self.vectors[id(u)] for u in rows)) & set().union(*(self.vectors[id(u)] for u in cols))
        index = {t: k for k, t in enumerate(shared)}
        right = np.zeros((len(index), len(cols)), dtype=np.float64)
        for c, unit in enumerate(cols):
            for t, x in self.vectors[id(unit)].items():
                k = index.get(t)
                if k is not None:
                    right[k, c] = x
        out = []
        for unit in rows:
            items = [(index[t], x) for t, x in self.vectors[id(unit)].items() if t in index]
            if not items:
                out.append([0.0] * len(cols))
                continue
            keys, weights = zip(*items)
            out.append((np.asarray(weights) @ right[list(keys), :]).tolist())
        return out

    def caption(self, a: Unit, b: Unit) -> float:
        ca, cb = self.captions[id(a)], self.captions[id(b)]
        if not ca and not cb:
            return 0.5
        return len(ca & cb) / len(ca | cb) if ca | cb else 0.0

    def contained(self, part: Unit, whole: Unit) -> float:
        """Share of ``part``'s distinctive word triples (IDF-weighted) that ``whole`` holds."""
        own = self.shingles[id(part)]
        total = sum(self.sidf[s] for s in own)
        if not total:
            return 0.0
        inside = self.shingles[id(whole)]
        return sum(self.sidf[s] for s in own if s in inside) / total


def _position(a: Unit, n: int, b: Unit, m: int) -> float:
    return 1.0 - abs(a.index / max(1, n - 1) - b.index / max(1, m - 1))


def align(old: list[Unit], new: list[Unit]) -> list[Link]:
    """Every unit of both rounds in at least one link, in the new round's order (deletions
    where they stood)."""
    space = _Space(old + new)
    pairs: dict[int, tuple[int, float]] = {}  # old index -> (new index, similarity)
    # 1. bodies equal but for agreement ("Each Party"/"Parties") that occur once on each side
    def body_of(u: Unit) -> tuple:
        return tuple(k for k in map(agreement_key, space.keys[id(u)]) if k)

    by_body_old = Counter(body_of(u) for u in old)
    by_body_new: dict[tuple, list[int]] = {}
    for j, u in enumerate(new):
        by_body_new.setdefault(body_of(u), []).append(j)
    for i, u in enumerate(old):
        body = body_of(u)
        if body and by_body_old[body] == 1 and len(by_body_new.get(body, [])) == 1:
            pairs[i] = (by_body_new[body][0], 1.0)
    taken = {j for j, _ in pairs.values()}
    # 2. one global assignment over the rest
    rest_old = [i for i in range(len(old)) if i not in pairs]
    rest_new = [j for j in range(len(new)) if j not in taken]
    if rest_old and rest_new:
        cosines = space.cosines([old[i] for i in rest_old], [new[j] for j in rest_new])
        body, caption, position = WEIGHTS
        score = [[body * cosines[r][c] + caption * space.caption(old[i], new[j])
                  + position * _position(old[i], len(old), new[j], len(new))
                  for c, j in enumerate(rest_new)] for r, i in enumerate(rest_old)]
        for r, c in assign([[-s for s in row] for row in score]):
            if score[r][c] >= MATCH_THRESHOLD:
                pairs[rest_old[r]] = (rest_new[c], round(space.cosine(old[rest_old[r]], new[rest_new[c]]), 4))
    links = [Link(old[i], new[j], "match", sim) for i, (j, sim) in pairs.items()]
    matched_new = {j for j, _ in pairs.values()}
    # 3. leftovers: splits, merges, insertions, deletions
    paired_old = [o for i, o in enumerate(old) if i in pairs]
    paired_new = [n for j, n in enumerate(new) if j in matched_new]
    for j, unit in enumerate(new):
        if j not in matched_new:
            _leftover(space, unit, paired_old, links, split=True)
    for i, unit in enumerate(old):
        if i not in pairs:
            _leftover(space, unit, paired_new, links, split=False)
    _mark_moves(links)
    return _in_order(links)


def _leftover(space: _Space, unit: Unit, paired: list[Unit], links: list[Link], split: bool) -> None:
    """A unit no pair took: a part split from (``split``: ``unit`` is new) or merged into (``unit``
    is old) the paired unit of the other round it lies mostly inside, whose own pair then becomes
    part of the split or merge; else added or deleted."""
    best, where = _best(space, unit, paired)
    relation = "split" if split else "merged"
    if best >= CONTAINMENT_THRESHOLD and where is not None:
        links.append(Link(where, unit, relation, round(best, 4)) if split else Link(unit, where, relation, round(best, 4)))
        for link in links:
            if (link.old if split else link.new) is where and link.relation == "match":
                link.relation = relation
    else:
        links.append(Link(None, unit, "added", 0.0) if split else Link(unit, None, "deleted", 0.0))


def _best(space: _Space, unit: Unit, candidates: list[Unit]) -> tuple[float, Unit | None]:
    best, where = 0.0, None
    for other in candidates:
        value = space.contained(unit, other)
        if value > best:
            best, where = value, other
    return best, where


def _in_order(links: list[Link]) -> list[Link]:
    """The new round's order; a deleted article right after the new place of the old article
    that preceded it."""
    place: dict[int, float] = {}  # old index -> new index
    for link in links:
        if link.old is not None and link.new is not None:
            place.setdefault(link.old.index, link.new.index)

    def key(link: Link) -> tuple:
        if link.new is not None:
            return (float(link.new.index), 0, link.old.index if link.old else -1)
        assert link.old is not None
        before = [place[i] for i in range(link.old.index) if i in place]
        return ((before[-1] if before else -1.0) + 0.5, 1, link.old.index)

    return sorted(links, key=key)


def _mark_moves(links: list[Link]) -> None:
    """A pair out of order with the rest (not on the longest run kept in order) has moved."""
    pairs = sorted((l for l in links if l.old is not None and l.new is not None and l.relation == "match"),
                   key=lambda l: l.old.index)  # type: ignore[union-attr]
    seq = [l.new.index for l in pairs]  # type: ignore[union-attr]
    keep = _longest_increasing(seq)
    for k, link in enumerate(pairs):
        link.moved = k not in keep


def _longest_increasing(seq: list[int]) -> set[int]:
    import bisect

    tails: list[int] = []
    tail_at: list[int] = []
    parent = [-1] * len(seq)
    for k, x in enumerate(seq):
        pos = bisect.bisect_left(tails, x)
        if pos == len(tails):
            tails.append(x)
            tail_at.append(k)
        else:
            tails[pos] = x
            tail_at[pos] = k
        parent[k] = tail_at[pos - 1] if pos else -1
    out: set[int] = set()
    k = tail_at[-1] if tail_at else -1
    while k != -1:
        out.add(k)
        k = parent[k]
    return out


def number_map(links: list[Link]) -> dict[str, str]:
    """Old article number -> the number it has now (the first part of a split)."""
    mapping: dict[str, str] = {}
    for link in links:
        if link.old is None or link.new is None:
            continue
        old_number, new_number = number_of(link.old), number_of(link.new)
        if old_number and new_number and old_number not in mapping:
            mapping[old_number] = new_number
    return mapping
