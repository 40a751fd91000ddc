"""Struck-through text in HTML and Markdown is deleted wording (issue 13: consolidated texts and
drafts with visible changes): it neither creates nor cures a finding, and a notice counts it.
Each case has its control: the same words not struck are read."""

from __future__ import annotations

import pytest

from treatylint.run.linter import Linter
from treatylint.settings import Settings

OFFENCE = ("Each Party shall adopt such legislative measures as may be necessary to establish as a criminal "
           "offence the dissemination of extremist materials")
CURE = "with intent to incite imminent violence"
RULE = "content-crime/expression-offence"


@pytest.fixture(scope="module")
def linter():
    return Linter(Settings())


def severity(result) -> str | None:
    found = [f.severity.value for f in result.findings if f.rule_id == RULE and not f.suppressed]
    return found[0] if found else None


def html(body: str) -> bytes:
    return f"<html><body><h3>Article 1</h3><p>Entry into force.</p><h3>Article 2</h3><p>{body}</p></body></html>".encode()


def markdown(body: str) -> bytes:
    return f"# Draft\n\n## Article 1\n\nEntry into force.\n\n## Article 2\n\n{body}\n".encode()


@pytest.mark.parametrize("make, name, struck", [
    (html, "draft.html", "<del>{}</del>"),
    (html, "draft.html", "<s>{}</s>"),
    (markdown, "draft.md", "~~{}~~"),
    (markdown, "draft.md", "<del>{}</del>"),
])
def test_struck_safeguard_does_not_cure(linter, make, name, struck):
    result = linter.check_bytes(make(f"{OFFENCE} {struck.format(CURE)}."), name)
    assert severity(result) == "error"
    assert CURE not in result.document.text
    assert any("struck-through passage" in n and "read as deleted text" in n for n in result.notices)
    assert severity(linter.check_bytes(make(f"{OFFENCE} {CURE}."), name)) == "info"  # control


@pytest.mark.parametrize("make, name, struck", [(html, "draft.html", "<del>{}</del>"), (markdown, "draft.md", "~~{}~~")])
def test_struck_offence_creates_nothing_and_inserted_text_is_read(linter, make, name, struck):
    result = linter.check_bytes(make(struck.format(OFFENCE + ".") + " This Article applies to serious crime only."), name)
    assert severity(result) is None
    inserted = "<ins>{}</ins>" if name.endswith(".html") else "{}"
    assert severity(linter.check_bytes(make(inserted.format(OFFENCE + ".")), name)) == "error"


def test_unclosed_tildes_are_text(linter):
    result = linter.check_bytes(markdown(f"{OFFENCE} ~~ {CURE}."), "draft.md")
    assert CURE in result.document.text
