"""Which reporter renders which ``--format``, and what every reporter is given.

Import cost matters (``treatylint --help`` must stay instant), so renderers are imported only
when asked for. The terminal report (``text``) is printed by ``cli.py`` with colour when it
goes to a terminal; here ``text`` renders the same report without colour, for ``--output``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.rulepack.schema import Rule
    from treatylint.findings import Finding


class ReportFormat(str, Enum):
    text = "text"
    concise = "concise"
    json = "json"
    sarif = "sarif"
    github = "github"
    markdown = "markdown"
    html = "html"


@dataclass
class ReportInput:
    """Everything a reporter may need: findings in report order, the files checked, the rules
    that ran (SARIF's rule table, the HTML rule docs) and each file's decoded text (HTML)."""

    findings: list["Finding"]
    files: list[str]
    notices: list[str] = field(default_factory=list)
    rules: list["Rule"] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    documents: Mapping[str, object] = field(default_factory=dict)  # path -> Document (HTML: headings)
    stale_waivers: list = field(default_factory=list)  # waivers.StaleWaiver: accepted findings no longer there
    errors: list = field(default_factory=list)  # session.FileError: drafts that could not be read
    quiet: bool = False  # findings only: no notices, no summary (text and concise)
    show_fingerprints: bool = False  # the text report shows each passage's fingerprint (for waivers)

    @classmethod
    def from_results(cls, results: Iterable, notices: list[str], rules: Iterable = ()) -> "ReportInput":
        """From ``Linter.check_file`` results (``FileResult``) and the linter's loaded rules."""
        results = list(results)
        return cls(
            findings=[f for r in results for f in r.findings],
            files=[r.path for r in results],
            notices=list(notices),
            rules=[getattr(r, "rule", r) for r in rules],
            texts=_LazyTexts(results),  # documents are re-read only for reports that show text (HTML)
            documents=_LazyDocuments(results),
        )


class _LazyTexts(Mapping):
    """``{path: decoded text}`` that asks a result for its document only when a reporter reads it."""

    def __init__(self, results: list) -> None:
        self._results = {r.path: r for r in results}
        self._texts: dict[str, str] = {}

    def __getitem__(self, path: str) -> str:
        if path not in self._texts:
            self._texts[path] = self._results[path].document.text
        return self._texts[path]

    def __iter__(self):
        return iter(self._results)

    def __len__(self) -> int:
        return len(self._results)


class _LazyDocuments(Mapping):
    """``{path: Document}``, asked of each result only when a reporter reads it."""

    def __init__(self, results: list) -> None:
        self._results = {r.path: r for r in results}

    def __getitem__(self, path: str):
        return self._results[path].document

    def __iter__(self):
        return iter(self._results)

    def __len__(self) -> int:
        return len(self._results)


def render_report(format: str | ReportFormat, report: ReportInput) -> str:
    """The report as one string in ``format``, ending with a newline."""
    name = ReportFormat(format).value
    if name == "json":
        from treatylint.reporters.json_reporter import render_json

        out = render_json(report.findings, report.files, report.notices, report.stale_waivers, report.errors)
    elif name == "sarif":
        from treatylint.reporters.sarif import render_sarif

        out = render_sarif(report)
    elif name == "github":
        from treatylint.reporters.github import render_github

        out = render_github(report)
    elif name == "markdown":
        from treatylint.reporters.markdown import render_markdown

        out = render_markdown(report)
    elif name == "concise":
        from treatylint.reporters.concise import render as render_concise

        out = render_concise(report, quiet=report.quiet)
    elif name == "html":
        from treatylint.reporters.html import render_html

        out = render_html(report)
    else:
        out = render_plain_text(report)
    return out if out.endswith("\n") or not out else out + "\n"


def render_plain_text(report: ReportInput, width: int = 100) -> str:
    """The terminal report without colour codes."""
    from io import StringIO

    from rich.console import Console

    from treatylint.reporters.terminal import render_terminal

    buffer = StringIO()
    console = Console(file=buffer, color_system=None, highlight=False, soft_wrap=True, width=width)
    render_terminal(console, report)
    return buffer.getvalue()


def parse_format(value: str, where: str = "--format") -> ReportFormat:
    """A format name in any case (``-f JSON``); an unknown one is a usage error with a suggestion."""
    from treatylint.errors import UsageError
    from treatylint.suggest import did_you_mean

    try:
        return ReportFormat(value.strip().lower())
    except ValueError:
        names = [f.value for f in ReportFormat]
        raise UsageError(f"{where}: unknown format {value!r}{did_you_mean(value, names)} "
                         f"(formats: {', '.join(names)})") from None


def parse_output(value: str, default: ReportFormat) -> tuple[ReportFormat, Path]:
    """``--output`` is ``FORMAT:PATH`` (``sarif:report.sarif``) or a plain path for the
    ``--format`` report. A prefix that is no format name is part of the path (``C:\\x``)."""
    prefix, sep, rest = value.partition(":")
    if sep and rest and prefix.strip().lower() in {f.value for f in ReportFormat}:
        return ReportFormat(prefix.strip().lower()), Path(rest)
    return default, Path(value)


def emit(format: str | ReportFormat, outputs: "list[tuple[ReportFormat, Path]] | os.PathLike | str | None",
         results: Iterable, notices: list[str], rules: Iterable = (), stale_waivers: Iterable = (),
         errors: Iterable = (), quiet: bool = False, show_fingerprints: bool = False) -> None:
    """What ``treatylint check`` prints and writes, from one run.

    Each of ``outputs`` (format, file) is written (parent directories created). Standard output
    gets the ``format`` report, except that a plain ``--output FILE`` takes the ``--format``
    report and the terminal report then goes to standard output, so a CI log stays readable
    while the SARIF or HTML file is produced in the same run (like ``semgrep --sarif-output``).
    """
    import sys

    from treatylint.errors import InputError, UsageError

    if outputs is None:
        outputs = []
    elif not isinstance(outputs, list):  # one plain path, as before
        outputs = [(ReportFormat(format), Path(outputs))]
    results = list(results)
    report = ReportInput.from_results(results, notices, rules)
    report.stale_waivers = list(stale_waivers)
    report.errors = list(errors)
    report.quiet, report.show_fingerprints = quiet, show_fingerprints
    name = ReportFormat(format).value
    inputs = {Path(p).resolve() for p in report.files}
    targets = [target.resolve() for _, target in outputs]
    for target in outputs:
        if target[1].resolve() in inputs:
            raise UsageError(f"{target[1]}: --output would overwrite a draft being checked")
        if targets.count(target[1].resolve()) > 1:
            raise UsageError(f"{target[1]}: two --output reports would go to the same file")
    for fmt, target in outputs:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render_report(fmt, report), encoding="utf-8", newline="\n")
        except OSError as exc:
            raise InputError(f"{target}: cannot write the report: {exc.strerror or exc}") from None
    if any(fmt.value == name for fmt, _ in outputs):
        name = "text"  # the --format report went to a file: the terminal shows the readable one
    if name == "text":
        from rich.console import Console

        from treatylint.reporters.terminal import render_terminal

        console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
        render_terminal(console, report)
    else:
        sys.stdout.write(render_report(name, report))
        sys.stdout.flush()
