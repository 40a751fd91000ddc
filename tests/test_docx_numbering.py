"""Word's automatic numbering (issue 13): a heading whose "Article 5" comes from ``w:numPr`` (directly
or through its style) and whose paragraphs number themselves "1.", "2." must be read as the
reader of the document sees it, or every heading of a Word draft written this way is lost."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/numbering.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
    "</Relationships>"
)
# Numbering 1: "Article %1" headings, reached through the "ArticleHeading" style;
# numbering 2: the paragraphs "1.", "2." of each article, restarted per article by a new w:num.
_NUMBERING = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {_NS}>'
    '<w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="Article %1"/></w:lvl></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="20"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="20"/></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="20"/></w:num>'
    "</w:numbering>"
)
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {_NS}>'
    '<w:style w:type="paragraph" w:styleId="ArticleHeading"><w:name w:val="Article Heading"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    "</w:styles>"
)


def _paragraph(text: str, style: str | None = None, num: tuple[int, int] | None = None) -> str:
    ppr = ""
    if style or num:
        inner = f'<w:pStyle w:val="{style}"/>' if style else ""
        if num:
            inner += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        ppr = f"<w:pPr>{inner}</w:pPr>"
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _write(path: Path, paragraphs: list[str]) -> Path:
    body = "".join(paragraphs)
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_NS}><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/styles.xml", _STYLES)
        archive.writestr("word/numbering.xml", _NUMBERING)
    return path


def _draft(tmp_path: Path) -> Path:
    """Three articles whose headings and paragraph numbers exist only as Word numbering: the
    paragraphs' own text holds captions and sentences, never "Article 2" or "1."."""
    return _write(tmp_path / "numbered.docx", [
        _paragraph("Draft Agreement on Electronic Evidence"),
        _paragraph("Purpose", style="ArticleHeading"),
        _paragraph("This Agreement governs the exchange of electronic evidence between the Parties.", num=(2, 0)),
        _paragraph("It applies to criminal proceedings only.", num=(2, 0)),
        _paragraph("Prohibited communications", style="ArticleHeading"),
        _paragraph("Each Party shall establish as a criminal offence the dissemination of extremist material "
                   "and of information that undermines public order.", num=(3, 0)),
        _paragraph("Entry into force", style="ArticleHeading"),
        _paragraph("This Agreement shall enter into force on the thirtieth day after the second notification.", num=(4, 0)),
    ])


def test_numbered_headings_read_as_word_renders_them(tmp_path):
    from treatylint.document.formats import read_source

    text = read_source(_draft(tmp_path)).text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert "Article 1 Purpose" in lines
    assert "Article 3 Entry into force" in lines
    # a new w:num of the same list restarts its count: each article's paragraphs start at "1."
    assert lines[lines.index("Article 3 Entry into force") + 1].startswith("1. This Agreement shall enter")
    assert lines[lines.index("Article 1 Purpose") + 2].startswith("2. It applies")


def test_numbered_headings_become_provisions_and_carry_findings(tmp_path, linter):
    result = linter.check_file(_draft(tmp_path))
    document = result.document
    assert [p.label for p in document.articles] == ["Article 1", "Article 2", "Article 3"]
    flagged = {(f.category, f.provision) for f in result.findings if f.severity.value in ("warning", "error")}
    assert ("content-crime", "Article 2") in flagged or ("vague-offence", "Article 2") in flagged
    assert not any(provision == "Article 1" for _, provision in flagged)
