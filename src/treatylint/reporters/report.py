"""What every reporter is given: the ``Report`` (findings in report order, files, rules, texts).

It lives apart from the registry (``dispatch``) so that a reporter module imports only this,
never the module that imports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.findings import Finding
    from treatylint.rulepack.schema import Rule


class ReportFormat(str, Enum):
    """The --format values; each has a reporter module in ``dispatch.REPORTERS``."""

    text = "text"
    concise = "concise"
    json = "json"
    sarif = "sarif"
    github = "github"
    markdown = "markdown"
    html = "html"


@dataclass
class Report:
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
    def from_results(cls, results: Iterable, notices: list[str], rules: Iterable = ()) -> "Report":
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


ReportInput = Report  # the name before the reporters shared one signature
