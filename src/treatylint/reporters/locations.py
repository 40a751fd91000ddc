"""How a finding's place in the original file is written in reports.

Plain text, Markdown and HTML: ``line:column``. PDF: ``page 2, line 13:24`` (the line on the
page). Word: ``paragraph 26:60`` (the column in the paragraph's text). Akoma Ntoso:
``line:column [art_4__para_1]`` (the place in the XML and the element's eId).
"""

from __future__ import annotations

from treatylint.findings import Finding


def location(finding: Finding) -> str:
    if finding.page is not None:
        text = f"page {finding.page}, line {finding.line}:{finding.column}"
    elif finding.paragraph is not None:
        text = f"paragraph {finding.paragraph}:{finding.column}"
    else:
        text = f"{finding.line}:{finding.column}"
    if finding.eid:
        text += f" [{finding.eid}]"
    return text


def revision_label(finding: Finding) -> str:
    """``introduced by the tracked changes`` / ``removed by the tracked changes`` / ''."""
    return f"{finding.revision} by the tracked changes" if finding.revision else ""
