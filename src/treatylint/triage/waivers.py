"""Waiver files and baselines: accepting findings without editing the draft.

A delegation that has considered a finding records it in a waiver file with a reason::

    waivers:
      - rule: content-crime/expression-offence     # or category: content-crime
        article: Article 7                          # a hint for people; not used to match
        fingerprint: 3f9c0a6b1d2e4f58               # the finding's "fingerprint" (JSON output)
        reason: Narrowed by the incitement threshold agreed in the working group.
        by: J. Doe
        date: 2024-05-01

Entries match on rule (or category) and the passage fingerprint, which hashes the article's
caption and the flagged sentence (see ``fingerprint.py``), so a waiver survives renumbering
and edits to other articles. A baseline (``--write-baseline``) records every current finding
the same way and hides exactly those findings later. Entries that match nothing are stale.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
from collections import Counter
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from treatylint.errors import InputError
from treatylint.findings import Finding
from treatylint.rulepack.selectors import names
from treatylint.triage.fingerprint import normalise


class WaiverEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: str | None = None
    category: str | None = None
    article: str | None = None
    fingerprint: str = Field(min_length=1)
    matched: str | None = None  # optional: only the finding with these flagged words
    path: str | None = None  # optional: only drafts matching this glob (relative to the waiver file)
    reason: str = Field(min_length=1)
    by: str | None = None
    date: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a waiver needs a reason")
        return value.strip()

    @model_validator(mode="after")
    def _rule_or_category(self) -> "WaiverEntry":
        if not self.rule and not self.category:
            raise ValueError("give 'rule' (a rule id) or 'category'")
        return self

    def matches(self, finding: Finding) -> bool:
        if finding.fingerprint != self.fingerprint:
            return False
        if self.rule and not names(self.rule, finding.rule_id):  # a rule id or prefix, not a category
            return False
        if self.category and finding.category != self.category:
            return False
        return self.matched is None or normalise(self.matched) == normalise(finding.matched)


class BaselineEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: str
    category: str | None = None
    article: str | None = None
    fingerprint: str
    matched: str = ""
    path: str | None = None  # where it was seen; informational
    line: int | None = None

    def key(self) -> tuple[str, str, str]:
        return (self.rule, self.fingerprint, normalise(self.matched))


class WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    waivers: list[WaiverEntry] = Field(default_factory=list)


class BaselineFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int = 1
    findings: list[BaselineEntry] = Field(default_factory=list)


class StaleWaiver(BaseModel):
    """A waiver, baseline entry or inline suppression that matched no finding."""

    kind: Literal["waiver", "baseline", "inline"]
    source: str  # the waiver file, or path:line for an inline suppression
    rule: str | None = None
    category: str | None = None
    article: str | None = None
    fingerprint: str | None = None
    reason: str | None = None

    def describe(self) -> str:
        what = self.rule or self.category or "?"
        where = f" ({self.article})" if self.article else ""
        return f"{self.source}: stale {self.kind} for {what}{where}: it matches no finding"


def _load_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise InputError(f"{path}: malformed YAML{where}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None


def _validate(model: type[BaseModel], data: object, path: Path) -> BaseModel:
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or "file"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown key"
        raise InputError(f"{path}: {where}: {message}") from None


class Waivers:
    """A loaded waiver file: marks the findings it accepts and remembers which entries were used."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: list[WaiverEntry] = _validate(WaiverFile, _load_yaml(path), path).waivers  # type: ignore[attr-defined]
        self.used: set[int] = set()
        self.notices: list[str] = []

    def _covers(self, entry: WaiverEntry, draft: str) -> bool:
        if entry.path is None:
            return True
        pattern = (self.path.parent / entry.path).resolve().as_posix()
        return fnmatch.fnmatchcase(_resolved(draft), pattern)

    def apply(self, findings: list[Finding]) -> list[Finding]:
        result = []
        for finding in findings:
            for index, entry in enumerate(self.entries):
                if finding.suppressed or not entry.matches(finding) or not self._covers(entry, finding.path):
                    continue
                self.used.add(index)
                if entry.article and finding.provision and entry.article != finding.provision:
                    self.notices.append(
                        f"{self.path}: waiver for {entry.rule or entry.category} in {entry.article} now applies to "
                        f"{finding.provision} of {finding.path} (the article was renumbered?)"
                    )
                if not finding.waived:
                    by = f" ({entry.by})" if entry.by else ""
                    finding = finding.model_copy(update={"waived": True, "waiver": f"{self.path}: {entry.reason}{by}"})
            result.append(finding)
        return result

    def stale(self, checked: list[str]) -> list[StaleWaiver]:
        """Unused entries; one limited by ``path`` counts only if a matching draft was checked."""
        return [
            StaleWaiver(kind="waiver", source=str(self.path), rule=e.rule, category=e.category, article=e.article,
                        fingerprint=e.fingerprint, reason=e.reason)
            for i, e in enumerate(self.entries)
            if i not in self.used and any(self._covers(e, draft) for draft in checked)
        ]


class Baseline:
    """A recorded set of findings: those still present are hidden, the rest are new."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: list[BaselineEntry] = _validate(BaselineFile, _load_yaml(path), path).findings  # type: ignore[attr-defined]
        self.remaining = Counter(e.key() for e in self.entries)

    def apply(self, findings: list[Finding]) -> list[Finding]:
        result = []
        for finding in findings:
            key = (finding.rule_id, finding.fingerprint, normalise(finding.matched))
            if not finding.suppressed and self.remaining[key] > 0:
                self.remaining[key] -= 1
                if not finding.waived:
                    finding = finding.model_copy(update={"waived": True, "waiver": f"in baseline {self.path}"})
            result.append(finding)
        return result

    def stale(self, checked: list[str]) -> list[StaleWaiver]:
        """Entries no finding consumed, among those recorded for a draft checked in this run."""
        drafts = {_resolved(d) for d in checked}
        left = Counter(self.remaining)
        stale = []
        for entry in self.entries:
            recorded = (self.path.parent / entry.path).resolve().as_posix() if entry.path else None
            if recorded is not None and recorded not in drafts:
                continue
            if left[entry.key()] > 0:
                left[entry.key()] -= 1
                stale.append(StaleWaiver(kind="baseline", source=str(self.path), rule=entry.rule, category=entry.category,
                                         article=entry.article, fingerprint=entry.fingerprint))
        return stale


def _resolved(draft: str) -> str:
    return Path(draft).resolve().as_posix()


def _relative(draft: str, base: Path) -> str:
    """A draft's path relative to the baseline's folder, so the baseline works from any cwd."""
    try:
        return Path(os.path.relpath(Path(draft).resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(draft).resolve().as_posix()


def write_baseline(path: Path, findings: list[Finding]) -> int:
    """Record every reported finding (not mitigation-suppressed ones); returns how many."""
    entries = [
        BaselineEntry(rule=f.rule_id, category=f.category, article=f.provision, fingerprint=f.fingerprint,
                      matched=f.matched, path=_relative(f.path, path.parent), line=f.line).model_dump(exclude_none=True)
        for f in sorted(findings, key=lambda f: (f.path, f.start, f.rule_id)) if not f.suppressed
    ]
    header = "# treatylint baseline: findings recorded here are not reported by 'check --baseline'.\n"
    body = yaml.safe_dump({"version": 1, "findings": entries}, sort_keys=False, allow_unicode=True, width=100)
    from treatylint.reporters.output_file import write_atomically  # never into the file a link names

    try:
        write_atomically(path, header + body)
    except OSError as exc:
        raise InputError(f"{path}: cannot write baseline ({exc.strerror})") from None
    return len(entries)


WAIVER_FILE_HEADER = "# treatylint waivers: findings accepted with a reason ('treatylint waive' writes them).\n"


def start_waiver_file(path: Path) -> None:
    """An empty waiver file, valid as it stands."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(WAIVER_FILE_HEADER + "waivers: []\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write the waiver file ({exc.strerror or exc})") from None


def add_waiver(path: Path, finding: Finding, reason: str, by: str | None = None) -> WaiverEntry:
    """Append a waiver for ``finding`` to the waiver file (created if missing). The entry is
    appended as text so the file's comments stay; if the file's layout does not allow that
    (a flow-style list, say), the file is rewritten from its data instead."""
    entry = WaiverEntry(rule=finding.rule_id, article=finding.provision, fingerprint=finding.fingerprint,
                        reason=reason, by=by, date=dt.date.today().isoformat())
    data = entry.model_dump(exclude_none=True)
    existing = Waivers(path).entries if path.exists() else []
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = yaml.safe_dump([data], sort_keys=False, allow_unicode=True, width=100)
    if not existing and not text.strip() or text == WAIVER_FILE_HEADER + "waivers: []\n":
        text = WAIVER_FILE_HEADER + "waivers:\n"
    appended = text + ("" if text.endswith("\n") or not text else "\n") + "".join("  " + line + "\n" for line in block.splitlines())
    try:
        parsed = _validate(WaiverFile, yaml.safe_load(appended), path).waivers  # type: ignore[attr-defined]
    except (InputError, yaml.YAMLError):
        parsed = []
    if [e.model_dump() for e in parsed] != [e.model_dump() for e in existing] + [entry.model_dump()]:
        whole = {"waivers": [e.model_dump(exclude_none=True) for e in existing] + [data]}
        appended = yaml.safe_dump(whole, sort_keys=False, allow_unicode=True, width=100)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(appended, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write the waiver ({exc.strerror or exc})") from None
    return entry
