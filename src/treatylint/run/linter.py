"""The library entry point: from file paths and options to findings.

The CLI is a thin layer over ``Linter``; tests and other tools can use it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from treatylint.document.model import Document
from treatylint.document.hidden import place as place_hidden
from treatylint.document.normalize import normalise, restore
from treatylint.document.parser import parse_document
from treatylint.document.reader import check_line_lengths, check_text_size
from treatylint.engine.engine import Engine
from treatylint.engine.kinds.classifier import Classifier
from treatylint.errors import InputError
from treatylint.findings import Finding
from treatylint.rulepack.loader import (
    KINDS_FILE,
    LoadedRule,
    builtin_rules_dir,
    load_rule_set,
)
from treatylint.triage.inline import Extracted, extract
from treatylint.triage.postprocess import finish
from treatylint.settings import Settings
from treatylint.triage.waivers import StaleWaiver


@dataclass
class FileResult:
    path: str
    document: Document
    findings: list[Finding]
    stale: list[StaleWaiver] = field(default_factory=list)  # unused inline suppressions
    notices: list[str] = field(default_factory=list)


def load_classifier(settings: Settings) -> Classifier:
    """The kind cues of the last rule directory that has its own ``provision-kinds.yml``."""
    candidates = [Path(d) / KINDS_FILE for d in settings.rules] + [builtin_rules_dir() / KINDS_FILE]
    for path in candidates:
        if path.is_file():
            return Classifier.from_file(path)
    raise InputError(f"{builtin_rules_dir() / KINDS_FILE}: provision kinds file not found")


def parse_draft(
    text: str, name: str, hidden: list | None = None, headings: dict[int, int] | None = None
) -> tuple[Document, Extracted]:
    """The one way from a draft's text to its ``Document``: inline suppressions blanked first (the
    parser never sees them; ``Extracted`` keeps them for triage), then the structure, read on the
    normalised view (disguised words undone, ``document/normalize.py``). The document stays in
    the view's offsets until ``back_to_draft`` puts it (and the findings) back in the draft's."""
    marked = extract(text)
    view = normalise(marked.text)
    marked_headings = {view.from_original(at): level for at, level in (headings or {}).items()}
    document = parse_document(view.text, name, marked_headings)
    document.view = view
    document.hidden = [replace(h, start=view.from_original(h.start), end=view.from_original(h.end)) for h in hidden or []]
    return document, marked


def back_to_draft(document: Document, findings: list[Finding], hidden: list | None = None) -> None:
    """Offsets, lines and columns of the document and its findings in the draft's own text."""
    if document.view is not None:
        restore(document, findings, document.view)  # type: ignore[arg-type]
    document.hidden = list(hidden or [])


def read_document(path: Path, settings: Settings, classifier: Classifier | None = None) -> Document:
    """A draft file read, parsed and classified as ``check`` sees it, without the rules (what
    ``outline`` shows and reports re-read: no spaCy, no rule patterns compiled)."""
    from treatylint.document.formats import read_source

    source = read_source(path, settings.max_file_size, settings.include_hidden)
    document, _ = parse_draft(source.text, str(path), source.hidden, source.headings)
    (classifier or load_classifier(settings)).classify(document)
    back_to_draft(document, [], source.hidden)
    return document


class Linter:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.rules = load_rule_set(settings)
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        """Built on first use: a run answered from the cache never compiles patterns or kind cues."""
        if self._engine is None:
            from treatylint.nlp.pipeline import load_pipeline

            options = self.settings
            # Without token patterns or --model, spaCy would only give sentences, and the blank
            # pipeline takes those from the pure-Python splitter: skip it (identical findings, tested).
            engine = Engine(self.rules, load_classifier(options))
            if options.model is not None or any(r.uses_tokens for r in engine.rules):
                engine = Engine(self.rules, engine.classifier, lambda: load_pipeline(options.model))
            self._engine = engine
        return self._engine

    @engine.setter
    def engine(self, engine: Engine) -> None:
        self._engine = engine

    @property
    def notices(self) -> list[str]:
        return self._engine.notices if self._engine is not None else []

    def check_text(
        self, text: str, path: str = "<string>", hidden: list | None = None, fmt: str = "txt",
        headings: dict[int, int] | None = None,
    ) -> FileResult:
        """Lint a draft's linear text; ``hidden``: what its reader left out as invisible
        (``formats.HiddenText``), reported by the text-integrity check, never analysed;
        ``headings``: where the format marks headings (``SourceText.headings``). Inline
        suppressions count only in the formats ``Settings.inline_suppressions`` names. Bracketed
        options are then read one by one (triage/options.py)."""
        result = self._check_once(text, path, hidden, fmt, headings)
        if "[" in text:
            from treatylint.triage.options import read_options

            def check(reading: str) -> list[Finding]:
                return self._check_once(reading, path, hidden, fmt, headings).findings

            result.findings, notices = read_options(text, result.document, result.findings, check, path)
            result.notices += notices
        return result

    def _check_once(
        self, text: str, path: str, hidden: list | None, fmt: str, headings: dict[int, int] | None
    ) -> FileResult:
        document, marked = parse_draft(text, path, hidden, headings)
        ignored: list[str] = []
        if marked.suppressions and fmt not in self.settings.inline_suppressions:
            count = len(marked.suppressions)
            ignored.append(
                f"{path}: {count} inline suppression{'s' if count != 1 else ''} ignored: a {fmt.upper()} file is "
                "usually the other side's text, so its markers do not count ('inline-suppressions' in the "
                "config names the formats whose markers do)"
            )
            marked = replace(marked, suppressions=[])
        findings = self.engine.check(document, verbose=self.settings.verbose)
        done = finish(document, findings, self.rules, self.settings.severity, marked)
        back_to_draft(document, done.findings, hidden)
        notices = [f"{path}: {notice}" for notice in document.notices] + list(done.notices) + ignored
        return FileResult(path, document, done.findings, done.stale, notices)

    def check_file(self, path: Path) -> FileResult:
        from treatylint.document.formats import read_source

        return self.check_source(read_source(path, self.settings.max_file_size, self.settings.include_hidden), str(path))

    def check_bytes(self, data: bytes, name: str) -> FileResult:
        """A draft in any supported format from bytes (standard input), named ``name``."""
        from treatylint.document.formats import source_from_bytes
        from treatylint.document.reader import text_from_bytes

        if not data.strip():
            text_from_bytes(data, name)  # the usual "file is empty" error
        return self.check_source(source_from_bytes(data, name, self.settings.include_hidden), name)

    def check_source(self, source, name: str) -> FileResult:
        """Lint a read draft (``formats.SourceText``) and point findings into the original."""
        check_line_lengths(source.text, name)
        check_text_size(source.text, name)
        result = self.check_text(source.text, name, source.hidden, source.format, source.headings)
        locate_findings(result.findings, source)
        place_hidden(result.findings, result.document, {r.rule.id for r in self.rules if r.rule.check == "hidden-text"})
        if self.settings.revisions and source.original is not None and (source.changes or source.original.changes):
            from treatylint.triage.revisions import compare_revisions

            before = self.check_text(source.original.text, name, headings=source.original.headings)
            locate_findings(before.findings, source.original)
            result.findings = compare_revisions(result.findings, before.findings, result.document)
        result.notices = list(source.notices) + _hidden_notice(source, name, self.settings.include_hidden) + list(result.notices)
        return result


def _hidden_notice(source, name: str, included: bool) -> list[str]:
    """One line saying how much of the file its reader cannot see, and what was done with it."""
    if not source.hidden:
        return []
    count = len(source.hidden)
    pieces = f"{count} piece{'s' if count != 1 else ''} of hidden text"
    if included:
        return [f"{name}: {pieces} analysed like visible text (--include-hidden)"]
    return [f"{name}: {pieces} left out of the analysis (what a reader cannot see never counts; "
            "reported as text-integrity/hidden-text; --include-hidden analyses it too)"]


def locate_findings(findings: list[Finding], source) -> None:
    """Point findings at the original file of a non-text draft (after the engine has run).

    ``line``/``column`` become the place in the source: line and column for Markdown, HTML and
    Akoma Ntoso XML, the line on the page for PDF (with ``page``), the paragraph number and the
    column in it for Word (with ``paragraph``); ``eid`` for Akoma Ntoso. Plain text is untouched.
    """
    if source.source_map is None:
        return
    for finding in findings:
        first = source.locate(finding.start)
        last = source.locate(max(finding.start, finding.end - 1))
        if first is None or last is None:
            continue
        finding.line = first.line if first.line is not None else (first.paragraph or finding.line)
        finding.column = first.column or 1
        finding.end_line = last.line if last.line is not None else (last.paragraph or finding.end_line)
        finding.end_column = (last.column or 1) + 1
        finding.page, finding.paragraph, finding.eid = first.page, first.paragraph, first.eid
