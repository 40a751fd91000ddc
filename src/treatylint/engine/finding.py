"""The ONE place a ``Finding`` is built: every rule kind says where the finding is, what it
says and quotes; the fields every finding carries (rule, location, rationale, references) are
filled here the same way for all of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from treatylint.document.model import Provision
from treatylint.engine.acts import ACT_KIND, DESCRIPTION, tech_instrument
from treatylint.findings import Finding, Severity
from treatylint.rulepack.schema import Rule

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.engine.engine import CompiledRule
    from treatylint.engine.run import DocumentRun, Span

from treatylint.engine.run import excerpt, join_or, squash


def build(
    run: "DocumentRun",
    rule: Rule,
    start: int,
    end: int,
    *,
    severity: Severity,
    message: str,
    quote: str,
    matched: str,
    provision: Provision | None = None,
    kind: str | None = None,
    mitigations: list[str] | None = None,
    suppressed: bool = False,
) -> Finding:
    """A finding of ``rule`` on ``[start, end)``: ``quote`` is the excerpt shown, ``matched`` the
    flagged words, ``kind`` the provision kind that governs the place."""
    line, column = run.document.line_col(start)
    end_line, end_column = run.document.line_col(max(start, end - 1))
    return Finding(
        path=run.document.path,
        rule_id=rule.id,
        category=rule.category,
        severity=severity,
        message=message,
        rationale=rule.rationale.strip(),
        references=list(rule.references),
        provision=provision.label if provision is not None else None,
        provision_kind=kind,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column + 1,
        excerpt=quote,
        matched=matched,
        start=start,
        end=end,
        mitigations=list(mitigations or []),
        suppressed=suppressed,
    )


def in_provision(
    run: "DocumentRun",
    compiled: "CompiledRule",
    provision: Provision,
    span: "Span",
    severity: Severity,
    mitigations: list[str],
    suppressed: bool,
    *,
    missing: list[str] | None = None,
    match: str | None = None,
    via: str = "",
) -> Finding:
    """A presence or absence finding: on words of a provision, quoting their sentence. A rule
    brought here by a legal act the classifier did not see in the article is one level lower."""
    rule = compiled.rule
    start, end = span
    words = match if match is not None else squash(run.shown[start:end])
    sentence = run.sentence_of(provision, start)
    doubt = run.doubt(rule, provision, start)
    if doubt is not None:
        severity = severity.lowered(1)
    kind = run.kind_at(provision, start)
    # as reported: a declaratory safeguard is read as the kind it stands among but shown as what it is
    kind = (provision.kind if kind == provision.rule_kind else kind).value
    guessed = doubt is None and kind == provision.kind.value and _outside_field_guess(run, provision)
    if guessed:
        severity = Severity.INFO
    message = rule.render_message(
        match=words,
        term=squash(run.shown[start:end]),
        provision=provision.label,
        caption=provision.caption or "",
        kind=kind,
        missing=join_or(missing or []),
        mitigations="; ".join(mitigations) or "none",
        via=f" (through {via})" if via else "",
    )
    if doubt is not None:
        message += (
            f" [Read as {ACT_KIND[doubt.kind].value}: {provision.label} was classified "
            f"{kind}, but it {DESCRIPTION[doubt.kind]} "
            f"(\u201c{squash(run.shown[doubt.start:doubt.end])}\u201d); one level lower for the doubt.]"
        )
    if guessed:
        message += (
            f" [{provision.label} is read as {kind} only by the learned model, in an instrument that is "
            "not about computers, data or electronic communications: a note, not a warning.]"
        )
    quote = excerpt(run.document.text[sentence[0] : sentence[1]], (start - sentence[0], end - sentence[0]))
    return build(run, rule, start, end, severity=severity, message=message, quote=quote, matched=words,
                 provision=provision, kind=kind, mitigations=mitigations, suppressed=suppressed)


def _outside_field_guess(run: "DocumentRun", provision: Provision) -> bool:
    """The provision's kind came from the learned model alone (no caption or cue phrase chose
    it) and the instrument is outside treatylint's field (the same test that keeps the grammar of
    legal acts out of tax, labour or fisheries treaties). Such a guess is worth a note, not a
    warning: on the corpus it turned the ILO's and the Council of Europe's offence and
    cooperation articles into missing-intent and catch-all warnings."""
    if provision.kind_cues or not any(e.source == "model" and e.kind == provision.rule_kind for e in provision.kind_evidence):
        return False
    return not tech_instrument(run.document.text)
