"""Presence rules: the words are the risk (``match``); each sentence with them is a finding,
lowered by mitigating language around it. A vague word inside the definition of a term the
provision uses counts too (``match.through_definitions``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from treatylint.document.model import Provision
from treatylint.engine import finding, mitigation
from treatylint.engine.acts import ACT_KIND
from treatylint.engine.context import Definition
from treatylint.engine.run import squash, via
from treatylint.findings import Finding, Severity

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.engine.engine import CompiledRule
    from treatylint.engine.run import DocumentRun, Span

# One rule, one provision: past this many sentences the report would only repeat itself (a
# machine-generated or hostile draft can hold the same clause a hundred thousand times).
MAX_FINDINGS_PER_PROVISION = 50


def findings(run: "DocumentRun", compiled: "CompiledRule") -> list[Finding]:
    found: list[Finding] = []
    for provision, anchors in run.anchored(compiled):
        found.extend(_sentences(run, compiled, provision, anchors))
        if compiled.rule.match and compiled.rule.match.through_definitions:
            found.extend(_through_definitions(run, compiled, provision, anchors))
    return found


def _sentences(run: "DocumentRun", compiled: "CompiledRule", provision: Provision, anchors: list["Span"]) -> list[Finding]:
    """One finding per sentence with the words (the first hit in it)."""
    found: list[Finding] = []
    seen_sentences: set[Span] = set()
    for span in anchors:
        sentence = run.sentence_of(provision, span[0])
        if sentence in seen_sentences:
            continue
        if len(seen_sentences) == MAX_FINDINGS_PER_PROVISION:
            run.document.notices.append(
                f"{provision.label}: {compiled.rule.id} is reported for the first {MAX_FINDINGS_PER_PROVISION} "
                "sentences only; the provision repeats the same words many more times"
            )
            break
        seen_sentences.add(sentence)
        severity, mitigations, suppressed = mitigation.at(run, compiled, provision, span[0])
        found.append(finding.in_provision(run, compiled, provision, span, severity, mitigations, suppressed))
    return found


def _through_definitions(run: "DocumentRun", compiled: "CompiledRule", provision: Provision, anchors: list["Span"]) -> list[Finding]:
    """A vague word inside the definition of a term the provision uses counts against it."""
    assert compiled.trigger is not None and compiled.rule.match is not None
    kinds = compiled.rule.match.definitions_in or compiled.rule.scope.kinds
    if kinds and provision.rule_kind not in kinds and not any(ACT_KIND[a.kind] in kinds for a in provision.acts or ()):
        return []
    found: list[Finding] = []
    direct = {run.sentence_of(provision, s[0]) for s in anchors}
    for definition in run.context.definitions_used_in(provision):
        hits = run.hits(compiled.trigger, definition.provision, definition.start, definition.end)
        if not hits:
            continue
        # definitions_used_in found the term in the document text; a term written with
        # brackets ("[extremist] activity") is not in the matching text, where they are blanked
        use = definition.pattern.search(run.text, provision.body_start, provision.end) or definition.pattern.search(
            run.document.text, provision.body_start, provision.end
        )
        assert use is not None
        found.extend(_definition_itself(run, compiled, definition, hits[0], provision))
        if run.sentence_of(provision, use.start()) in direct:
            continue  # already flagged for the same words in the offence itself
        severity, mitigations, suppressed = mitigation.at(run, compiled, provision, use.start())
        word = squash(run.shown[hits[0][0] : hits[0][1]])  # like a direct match: no tab, NBSP or double space
        found.append(finding.in_provision(
            run, compiled, provision, use.span(), severity, mitigations, suppressed, match=word, via=via(definition),
        ))
    return found


def _definition_itself(
    run: "DocumentRun", compiled: "CompiledRule", definition: Definition, hit: "Span", user: Provision
) -> list[Finding]:
    """The definition that carries the vague word is flagged too, one level lower and once."""
    key = (compiled.rule.id, definition.start)
    if key in run.flagged_definitions:
        return []
    run.flagged_definitions.add(key)
    severity, mitigations, suppressed = mitigation.at(run, compiled, definition.provision, hit[0])
    # one level lower than in the operative text, but a definition that makes an operative
    # provision vague still needs redrafting: never below warning on that account
    if severity == Severity.ERROR:
        severity = Severity.WARNING
    return [finding.in_provision(
        run, compiled, definition.provision, hit, severity, mitigations, suppressed,
        via=f"the definition of \u201c{definition.term}\u201d, used in {user.label}",
    )]
