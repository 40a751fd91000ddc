"""What must not change when only the drafting register does: each article's kind and the
findings as (category, article). The flagged words change with the wording, so they are not
compared; neither is the rule within a category (the same standard, reached by another rule, is
the same finding for the analyst)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from metamorphic.sample import CORPUS, WITH_FINDINGS

RULES = Path(__file__).resolve().parents[2] / "rules"
_ANNOTATION = re.compile(r"^\s*#!.*$\n?", re.M)


@dataclass
class RegisterObservation:
    articles: list[str]
    kinds: list[str]
    findings: set[tuple[str, int]]  # (category, article index)


def register_observe(result) -> RegisterObservation:
    doc = result.document
    index = {p.label: i for i, p in enumerate(doc.provisions)}
    findings = {
        (f.rule_id.split("/")[0], index.get(f.provision, -1) if f.provision else -1)
        for f in result.findings
        if f.severity.value in ("warning", "error") and not f.rule_id.startswith("text-integrity")
    }
    return RegisterObservation([p.label for p in doc.provisions], [p.kind.value for p in doc.provisions], findings)


def register_differences(original: RegisterObservation, rewrite: RegisterObservation) -> list[str]:
    problems: list[str] = []
    if len(original.articles) != len(rewrite.articles):
        return [f"articles: {len(rewrite.articles)} found, {len(original.articles)} expected"]
    for i, (a, b) in enumerate(zip(original.kinds, rewrite.kinds)):
        if a != b:
            problems.append(f"kind of {original.articles[i]!r}: {b} (was {a})")
    for category, i in sorted(original.findings - rewrite.findings):
        problems.append(f"lost {category} on {original.articles[i] if i >= 0 else 'document'!r}")
    for category, i in sorted(rewrite.findings - original.findings):
        problems.append(f"new {category} on {rewrite.articles[i] if i >= 0 else 'document'!r}")
    return problems


def documents(corpus: bool = True) -> list[tuple[str, str]]:
    """(name, text): each rule fixture document (annotation lines removed), then the corpus
    treaties with findings."""
    out: list[tuple[str, str]] = []
    for path in sorted(RULES.glob("*/*.test.txt")):
        parts = re.split(r"^\s*#!\s*---\s*$", path.read_text(encoding="utf-8"), flags=re.M)
        for n, part in enumerate(parts):
            text = _ANNOTATION.sub("", part).strip("\n") + "\n"
            if text.strip():
                out.append((f"{path.parent.name}/{path.stem}#{n}", text))
    if corpus:
        for name in WITH_FINDINGS:
            path = CORPUS / name
            if path.is_file():
                out.append((name, path.read_text(encoding="utf-8")))
    return out
