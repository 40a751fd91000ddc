"""Findings: what the rule engine reports and every reporter renders.

``Finding`` is a pydantic model because it is a public boundary: its JSON form is the
``findings`` array of ``treatylint check --format json`` and its field names are a contract.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from treatylint.severity import Severity

__all__ = ["CATEGORIES", "Finding", "Severity"]

CATEGORIES: tuple[str, ...] = (
    "vague-offence",
    "missing-mens-rea",
    "missing-safeguards",
    "content-crime",
    "territorial-sovereignty",
    "missing-human-rights-clause",
    "unprotected-actors",
    "missing-refusal-grounds",
    "data-protection",
    "provider-obligations",
    "tech-specific",
    "text-integrity",  # treatylint's own: the file hides or disguises text (not an analysts' category)
)


class Finding(BaseModel):
    """One flagged passage. Offsets are into the decoded text; lines and columns are 1-based."""

    path: str
    rule_id: str
    category: str
    severity: Severity
    message: str
    rationale: str
    references: list[str]
    provision: str | None = Field(description='Article label, e.g. "Article 7"; null for the document')
    provision_kind: str | None
    line: int
    column: int
    end_line: int
    end_column: int
    excerpt: str = Field(description="The sentence that contains the flagged words")
    matched: str = Field(default="", description="The flagged words themselves")
    start: int = Field(default=0, description="Character offset of the flagged words")
    end: int = Field(default=0)
    mitigations: list[str] = Field(default_factory=list, description="Mitigating language seen")
    suppressed: bool = Field(default=False, description="True for a candidate a mitigation suppressed")
    fingerprint: str = Field(default="", description="Content hash of the passage (article caption and sentence)")
    waived: bool = Field(default=False, description="True when a waiver, baseline or inline comment accepts it")
    waiver: str | None = Field(default=None, description="Where the waiver is and its reason")
    # Where the passage is in the original file when it is not plain text (issue 5): PDF page
    # (``line``/``column`` are then on that page), Word paragraph (``line`` is the paragraph
    # number), Akoma Ntoso eId; ``revision`` with --revisions on a Word file with tracked
    # changes: "introduced" (only with the changes accepted) or "removed" (only in the original).
    page: int | None = Field(default=None, description="PDF page of the passage")
    paragraph: int | None = Field(default=None, description="Word paragraph number (1-based) of the passage")
    eid: str | None = Field(default=None, description="Akoma Ntoso eId of the element holding the passage")
    revision: str | None = Field(default=None, description='"introduced" or "removed" by tracked changes (--revisions)')

    def sort_key(self) -> tuple:
        return (self.path, self.start, self.rule_id)
