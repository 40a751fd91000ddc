"""A series of rounds: each consecutive pair diffed, findings counted per category per round, and
each article followed through the series (its label in every round) so the articles that changed
can be shown round by round."""

from __future__ import annotations

from dataclasses import dataclass, field

from treatylint.diff.compare import DiffResult, diff_rounds
from treatylint.diff.rounds import Round
from treatylint.diff.safeguards import SafeguardFinder
from treatylint.findings import CATEGORIES, Severity


@dataclass
class Lineage:
    """One article through the series: its label in each round (None where it does not exist)."""

    labels: list[str | None]
    relations: list[str] = field(default_factory=list)  # relation to the previous round, from round 2

    @property
    def changed(self) -> bool:
        return any(r not in ("unchanged", "editorial") for r in self.relations)


@dataclass
class HistoryResult:
    rounds: list[Round]
    steps: list[DiffResult]
    lineages: list[Lineage]

    def counts(self, minimum: Severity = Severity.INFO) -> dict[str, list[int]]:
        """Reported findings per category per round (categories with none in any round left out)."""
        table = {c: [sum(1 for f in r.findings if f.category == c and f.severity.rank >= minimum.rank)
                     for r in self.rounds] for c in CATEGORIES}
        return {c: row for c, row in table.items() if any(row)}

    def categories_at(self, round_index: int, label: str | None) -> list[str]:
        if label is None:
            return []
        found = {f.category for f in self.rounds[round_index].findings
                 if f.provision == label and f.severity.rank >= Severity.WARNING.rank}
        return sorted(found)

    def payload(self) -> dict:
        from treatylint import __version__

        return {
            "version": __version__,
            "rounds": [r.name for r in self.rounds],
            "categories": self.counts(),
            "categories_warning": self.counts(Severity.WARNING),
            "totals": [len(r.findings) for r in self.rounds],
            "steps": [{"old": s.old.name, "new": s.new.name, "summary": s.summary()} for s in self.steps],
            "articles": [
                {"labels": l.labels, "relations": l.relations,
                 "categories": [self.categories_at(i, label) for i, label in enumerate(l.labels)]}
                for l in self.lineages if l.changed
            ],
        }


def history(rounds: list[Round], finder: SafeguardFinder | None = None) -> HistoryResult:
    steps = [diff_rounds(a, b, finder) for a, b in zip(rounds, rounds[1:])]
    n = len(rounds)
    lineages: list[Lineage] = []
    current: dict[int, Lineage] = {}  # id(unit of the latest round) -> lineage
    for unit in rounds[0].units:
        lineage = Lineage([unit.label] + [None] * (n - 1))
        lineages.append(lineage)
        current[id(unit)] = lineage
    for k, step in enumerate(steps, start=1):
        following: dict[int, Lineage] = {}
        touched: set[int] = set()
        for entry in step.entries:
            if entry.new is None:
                if entry.old is not None and id(entry.old) in current:
                    current[id(entry.old)].relations.append(entry.relation)
                continue
            source = current.get(id(entry.old)) if entry.old is not None else None
            if id(entry.new) in following:  # a merge: this lineage ends in the article the other goes on as
                if source is not None and id(source) not in touched:
                    source.labels[k] = entry.new.label
                    source.relations.append(entry.relation)
                    touched.add(id(source))
                continue
            if source is None:
                lineage = Lineage([None] * n, ["absent"] * (k - 1))
                lineages.append(lineage)
            elif id(source) in touched:  # a split: the second part starts with the first part's past
                lineage = Lineage(source.labels[:k] + [None] * (n - k), source.relations[: k - 1])
                lineages.append(lineage)
            else:
                lineage = source
            touched.add(id(lineage))
            lineage.labels[k] = entry.new.label
            lineage.relations.append(entry.relation)
            following[id(entry.new)] = lineage
        for lineage in lineages:
            while len(lineage.relations) < k:
                lineage.relations.append("absent")
        current = following
    return HistoryResult(rounds, steps, lineages)
