"""Small helpers shared by the CI-facing reporters (SARIF, GitHub, Markdown, HTML)."""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from pathlib import Path, PurePath

from treatylint.findings import Finding

_SPACE = re.compile(r"\s+")


def relative_path(path: str, base: str | os.PathLike | None = None) -> str:
    """``path`` relative to ``base`` (default: the current directory) with forward slashes, when
    it lies below it; otherwise the absolute path with forward slashes."""
    base_path = Path(base) if base is not None else Path.cwd()
    p = Path(path)
    try:
        resolved = p.resolve()
        return resolved.relative_to(base_path.resolve()).as_posix()
    except (ValueError, OSError):
        return PurePath(os.path.abspath(p)).as_posix() if p.is_absolute() else p.as_posix()


def normalise(text: str) -> str:
    """Case- and whitespace-insensitive form of a passage (line re-wrapping does not matter)."""
    return _SPACE.sub(" ", text).strip().casefold()


def fingerprints(findings: list[Finding]) -> list[str]:
    """A content fingerprint per finding: ``<hash>:<n>``.

    The hash covers the rule id, the sentence and the flagged words, normalised (never the line,
    the offset or the article number), so it survives lines inserted above the passage, re-wrapping
    and article renumbering. ``n`` counts earlier findings in the same file with the same hash, so
    a sentence repeated verbatim in two articles still gets two distinct fingerprints. A
    document-level finding (no provision) hashes the rule id alone: there is one per file.
    """
    seen: Counter[tuple[str, str]] = Counter()
    out: list[str] = []
    for f in findings:
        if f.provision is None:
            material = f"{f.rule_id}\0<document>"
        else:
            # the linter's own passage fingerprint when it has set one (it also ignores article
            # renumbering); otherwise the normalised sentence
            passage = getattr(f, "fingerprint", "") or normalise(f.excerpt)
            material = f"{f.rule_id}\0{passage}\0{normalise(f.matched)}"
        digest = hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]
        seen[(f.path, digest)] += 1
        out.append(f"{digest}:{seen[(f.path, digest)]}")
    return out


def reported(findings: list[Finding]) -> list[Finding]:
    """The findings a report shows: suppressed candidates and waived findings (both only
    passed in with ``--verbose``) left out."""
    return [f for f in findings if not f.suppressed and not f.waived]
