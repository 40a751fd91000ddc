"""Provisions headed by captions alone: a memorandum or a chair's text that numbers nothing.

The format marks the headings (Markdown ``##``, HTML ``<h3>``, a Word heading style); the deepest
level used three times or more heads the provisions. Numbers always win: in a numbered draft the
marked captions change nothing.
"""

from __future__ import annotations

from pathlib import Path

from treatylint.run.linter import Linter, read_document
from treatylint.settings import Settings

SECTIONS = [
    ("Purpose", "This Memorandum records how the Participants will cooperate against crime online."),
    ("Requests to providers", "Each Participant will ask service providers to disclose subscriber data."),
    ("Content referrals", "The competent authority may order a hosting service to remove or block access to "
                          "online material that it considers extremist."),
    ("Costs", "Each Participant will bear its own costs."),
]


def _markdown() -> str:
    body = "\n\n".join(f"## {caption}\n\n{text}" for caption, text in SECTIONS)
    return f"# Memorandum on Police Cooperation\n\nThe Participants have reached the following understanding:\n\n{body}\n"


def _html() -> str:
    body = "".join(f"<h3>{caption}</h3>\n<p>{text}</p>\n" for caption, text in SECTIONS)
    return f"<html><body><h1>Memorandum on Police Cooperation</h1>\n<h2>Part One</h2>\n{body}</body></html>\n"


def _docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Memorandum on Police Cooperation", style="Title")
    for caption, text in SECTIONS:
        document.add_heading(caption, level=2)
        document.add_paragraph(text)
    document.save(path)


def _labels(path: Path) -> list[str]:
    return [p.label for p in read_document(path, Settings()).articles]


def test_markdown_captions_head_the_provisions(tmp_path):
    path = tmp_path / "mou.md"
    path.write_text(_markdown(), encoding="utf-8")
    assert _labels(path) == [caption for caption, _ in SECTIONS]


def test_html_captions_head_the_provisions(tmp_path):
    path = tmp_path / "mou.html"
    path.write_text(_html(), encoding="utf-8")
    assert _labels(path) == [caption for caption, _ in SECTIONS]


def test_word_heading_styles_head_the_provisions(tmp_path):
    path = tmp_path / "mou.docx"
    _docx(path)
    assert _labels(path) == [caption for caption, _ in SECTIONS]


def test_a_finding_names_its_captioned_provision_and_no_structure_warning(tmp_path):
    path = tmp_path / "mou.md"
    path.write_text(_markdown(), encoding="utf-8")
    result = Linter(Settings()).check_file(path)
    rules = {f.rule_id for f in result.findings}
    assert "text-integrity/unread-structure" not in rules
    removal = [f for f in result.findings if f.category == "provider-obligations"]
    assert removal and removal[0].provision == "Content referrals"


def test_numbered_headings_win_over_marked_captions(tmp_path):
    text = "# Convention\n\n## Scope\n\nText.\n\n## Article 1\n\nOne.\n\n## Article 2\n\nTwo.\n\n## Article 3\n\nThree.\n"
    path = tmp_path / "numbered.md"
    path.write_text(text, encoding="utf-8")
    assert _labels(path) == ["Article 1", "Article 2", "Article 3"]
