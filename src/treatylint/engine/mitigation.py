"""The ONE mitigation routine: how mitigating language lowers (or suppresses) a finding and
aggravating language raises it, for every rule kind that has them. The kinds differ only in
where the language is looked for (``regions_for``) and whether the place it was seen is named.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from treatylint.document.model import Provision, ProvisionKind
from treatylint.findings import Severity
from treatylint.rulepack.schema import Aggravator, Mitigation

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.engine.engine import CompiledRule
    from treatylint.engine.run import DocumentRun, Region

from treatylint.engine.run import squash

MAX_DOWNGRADE = 2  # levels all mitigation together may remove (a rule may allow fewer)


def mitigate(
    run: "DocumentRun",
    compiled: "CompiledRule",
    regions_for: Callable[[Mitigation | Aggravator], list["Region"]],
    *,
    preamble: bool = False,
    name_place: bool = False,
) -> tuple[Severity, list[str], bool]:
    """The finding's severity, the mitigating and aggravating language seen (for the message and
    the report) and whether a ``suppress`` mitigation was seen. Each mitigation present lowers
    one level (at most the rule's ``max_downgrade``), each aggravation raises one, a preamble
    (``preamble``) lowers one more. ``name_place``: say which provision the language is in."""
    steps = 0
    seen: list[str] = []
    suppressed = False
    for mitigation, pattern in compiled.mitigations:
        hit = run.present(pattern, regions_for(mitigation))
        if hit is None:
            continue
        seen.append(f"{mitigation.label}: \u201c{squash(run.shown[hit[0]:hit[1]])}\u201d{_place(run, hit[0], name_place)}")
        if mitigation.effect == "suppress":
            suppressed = True
        else:
            steps += 1
    steps = min(steps, compiled.rule.max_downgrade)
    for aggravator, pattern in compiled.aggravators:
        hit = run.present(pattern, regions_for(aggravator))
        if hit is not None:
            steps -= 1
            seen.append(f"aggravated by {aggravator.label}: \u201c{squash(run.shown[hit[0]:hit[1]])}\u201d{_place(run, hit[0], name_place)}")
    if preamble:
        steps += 1
        seen.append("preamble: creates no obligation")
    return compiled.rule.severity.lowered(min(steps, MAX_DOWNGRADE)), seen, suppressed


def at(run: "DocumentRun", compiled: "CompiledRule", provision: Provision, offset: int) -> tuple[Severity, list[str], bool]:
    """``mitigate`` for words at ``offset`` in ``provision``: the language counts in the region
    each mitigation names (``within``) and what it resolves to (``resolve``)."""
    return mitigate(
        run, compiled,
        lambda block: run.own_option(run.region(provision, offset, block.within), offset) + run.resolved(provision, block, offset),
        preamble=provision.kind == ProvisionKind.PREAMBLE,
    )


def _place(run: "DocumentRun", offset: int, named: bool) -> str:
    if not named:
        return ""
    where = run.document.provision_at(offset)
    return f" ({where.label if where else 'the text'})"
