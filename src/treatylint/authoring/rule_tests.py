"""Rule tests for rule authors: annotated fixture files beside each rule.

A fixture is plain treaty text with annotation lines that start with ``#!`` (or Markdown or
HTML, ``.test.md``/``.test.html``, read by that format's reader, for rules about what only a
format can carry, such as hidden text; lines are then the lines of the file). An annotation
applies to the next line that is neither blank nor an annotation::

    #! ruleid: vague-offence/undefined-political-term     this line must be flagged by the rule
    #! ok: vague-offence/undefined-political-term         this line must not be flagged at all
    #! info: territorial-sovereignty/sovereignty-clause    flagged, but only at severity info
    #! ---                                                  a new, separate document starts here

Annotation lines are blanked before linting, so line numbers stay those of the file. A
document-level finding points at the document's first line (its title).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

from treatylint.document.parser import parse_document
from treatylint.engine.engine import Engine
from treatylint.errors import RuleError
from treatylint.findings import Finding, Severity
from treatylint.rulepack.loader import LoadedRule

_ANNOTATION = re.compile(r"^\s*#!\s*(?:(ruleid|ok|info)\s*:\s*([\w/,\s-]+?)|(---))\s*$")
_ANY_ANNOTATION = re.compile(r"^\s*#!")


@dataclass
class Expectation:
    kind: str  # ruleid | ok | info
    rule_id: str
    line: int  # 1-based line the annotation applies to
    annotation_line: int


@dataclass
class Failure:
    rule_id: str
    fixture: Path
    line: int
    expected: str
    got: str

    def describe(self) -> str:
        return f"{self.fixture}:{self.line}: expected {self.expected}; got {self.got}"


@dataclass
class RuleTestResult:
    rule_id: str
    fixture: Path | None
    checked: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.fixture is not None and self.checked > 0 and not self.failures


def parse_fixture(path: Path) -> list[tuple[str, list[Expectation]]]:
    """Split a fixture file into documents (text with annotations blanked) and expectations."""
    lines = path.read_text(encoding="utf-8").split("\n")
    segments: list[tuple[int, int]] = []
    start = 0
    pending: list[tuple[str, str, int]] = []
    expectations: list[list[Expectation]] = [[]]
    for number, line in enumerate(lines, start=1):
        if not _ANY_ANNOTATION.match(line):
            if line.strip() and pending:
                for kind, ids, at in pending:
                    for rule_id in filter(None, (i.strip() for i in ids.split(","))):
                        expectations[-1].append(Expectation(kind, rule_id, number, at))
                pending = []
            continue
        match = _ANNOTATION.match(line)
        if not match:
            raise RuleError(f"{path}:{number}: unreadable annotation {line.strip()!r} (use '#! ruleid: ID', '#! ok: ID', '#! info: ID' or '#! ---')")
        if match.group(3):
            segments.append((start, number - 1))
            start = number
            expectations.append([])
        else:
            pending.append((match.group(1), match.group(2), number))
    if pending:
        raise RuleError(f"{path}:{pending[0][2]}: annotation is not followed by any text")
    segments.append((start, len(lines)))
    documents = []
    for (first, last), expected in zip(segments, expectations):
        text_lines = [
            "" if (i < first or i >= last or _ANY_ANNOTATION.match(line)) else line
            for i, line in enumerate(lines)
        ]
        documents.append(("\n".join(text_lines), expected))
    return documents


def run_rule_tests(engine: Engine, rules: list[LoadedRule]) -> list[RuleTestResult]:
    results: list[RuleTestResult] = []
    known = {r.rule.id for r in rules}
    by_fixture: dict[Path, list[LoadedRule]] = {}
    for loaded in rules:
        fixture = loaded.fixture
        if fixture is None:
            results.append(RuleTestResult(loaded.rule.id, None))
        else:
            by_fixture.setdefault(fixture, []).append(loaded)
    for fixture, owners in by_fixture.items():
        owner_results = {r.rule.id: RuleTestResult(r.rule.id, fixture) for r in owners}
        for text, expectations in parse_fixture(fixture):
            findings = _lint_fixture(engine, text, fixture)
            for expectation in expectations:
                if expectation.rule_id not in known:
                    raise RuleError(f"{fixture}:{expectation.annotation_line}: unknown rule {expectation.rule_id!r}")
                result = owner_results.get(expectation.rule_id)
                if result is None:  # an annotation about another rule: check it under that rule's name
                    result = owner_results.setdefault(expectation.rule_id, RuleTestResult(expectation.rule_id, fixture))
                result.checked += 1
                failure = _check(expectation, findings, fixture)
                if failure:
                    result.failures.append(failure)
        results.extend(owner_results.values())
    return results


def _lint_fixture(engine: Engine, text: str, fixture: Path) -> list[Finding]:
    """A fixture document read as ``treatylint check`` reads a draft: through its format's reader
    (Markdown, HTML) and the normalised view, findings located in the fixture file."""
    from treatylint.document.normalize import normalise, restore

    if fixture.suffix == ".txt":
        view = normalise(text)
        document = parse_document(view.text, str(fixture))
        document.view = view
        findings = engine.check(document)
        restore(document, findings, view)
        return findings
    from treatylint.document.formats import source_from_bytes
    from treatylint.document.hidden import place
    from treatylint.run.linter import locate_findings

    source = source_from_bytes(text.encode("utf-8"), str(fixture))
    view = normalise(source.text)
    document = parse_document(view.text, str(fixture))
    document.view = view
    document.hidden = [dataclasses.replace(h, start=view.from_original(h.start), end=view.from_original(h.end)) for h in source.hidden]
    findings = engine.check(document)
    restore(document, findings, view)
    document.hidden = source.hidden
    locate_findings(findings, source)
    place(findings, document, {r.rule.id for r in engine.rules if r.rule.check == "hidden-text"})
    return findings


def _check(expectation: Expectation, findings: list[Finding], fixture: Path) -> Failure | None:
    on_line = [
        f for f in findings
        if f.rule_id == expectation.rule_id and not f.suppressed and f.line <= expectation.line <= f.end_line
    ]
    severities = sorted({f.severity.value for f in on_line})
    got = f"{expectation.rule_id} at {', '.join(severities)}" if on_line else "no finding"
    if expectation.kind == "ruleid" and not on_line:
        return Failure(expectation.rule_id, fixture, expectation.line, "a finding", got)
    if expectation.kind == "ok" and on_line:
        return Failure(expectation.rule_id, fixture, expectation.line, "no finding", got + f" ({on_line[0].message})")
    if expectation.kind == "info" and (not on_line or any(f.severity != Severity.INFO for f in on_line)):
        return Failure(expectation.rule_id, fixture, expectation.line, "a finding at info", got)
    return None
