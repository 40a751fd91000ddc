"""``--format markdown``: a report fit for a pull-request comment.

A title, a table of counts by category and severity, then the findings grouped by file and
article, each with its severity, rule, message, the passage quoted (flagged words in bold) and
the standard. Draft text is untrusted: Markdown and HTML syntax in it is escaped so a passage
cannot turn into links, images, headings or raw HTML in the comment.
"""

from __future__ import annotations

import re
from itertools import groupby

from treatylint.findings import CATEGORIES, Finding, Severity
from treatylint.locations import location
from treatylint.reporters.common import relative_path, reported
from treatylint.reporters.dispatch import ReportInput
from treatylint.reporters.summary import summarise

# GitHub caps a comment at 65,536 characters; stay well below it.
MAX_CHARS = 60_000
ICON = {Severity.ERROR: "\U0001F534", Severity.WARNING: "\U0001F7E0", Severity.INFO: "\U0001F535"}
# Text is squashed to one line and always follows our own prefix ("> ", "- "), so block syntax
# (headings, lists, fences) cannot start; what is left is inline syntax and raw HTML.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def escape(text: str) -> str:
    """Escape Markdown/HTML-significant characters in one line of untrusted text."""
    text = " ".join(text.split())  # one line: no headings, lists or fences from line starts
    text = text.replace("&", "&amp;")
    return _SPECIAL.sub(r"\\\1", text)


def _code(text: str) -> str:
    """Inline code for identifiers we generate (rule ids, paths) — backticks stripped."""
    return "`" + text.replace("`", "'") + "`"


def _quote(finding: Finding) -> str:
    excerpt, words = finding.excerpt, finding.matched
    index = excerpt.lower().find(words.lower()) if words else -1
    if index < 0:
        return "> " + escape(excerpt)
    before, hit, after = excerpt[:index], excerpt[index : index + len(words)], excerpt[index + len(words) :]
    pad_before = " " if before[-1:].isspace() else ""
    pad_after = " " if after[:1].isspace() else ""
    return "> " + escape(before) + pad_before + "**" + escape(hit) + "**" + pad_after + escape(after)


def _finding(finding: Finding) -> list[str]:
    lines = [
        f"- {ICON[finding.severity]} **{finding.severity.value}** {_code(finding.rule_id)} "
        f"· {_where(finding)} — {escape(finding.message)}",
        "",
    ]
    if finding.excerpt:
        lines += ["  " + _quote(finding), ""]
    if finding.mitigations:
        lines += ["  *Mitigating language seen:* " + escape("; ".join(finding.mitigations)), ""]
    if finding.references:
        lines += ["  *Standard:* " + escape("; ".join(finding.references)), ""]
    return lines


def _table(findings: list[Finding]) -> list[str]:
    severities = [Severity.ERROR, Severity.WARNING, Severity.INFO]
    rows = ["| category | " + " | ".join(s.value for s in severities) + " | total |",
            "| --- | " + " | ".join("---:" for _ in severities) + " | ---: |"]
    for category in CATEGORIES:
        in_cat = [f for f in findings if f.category == category]
        if not in_cat:
            continue
        counts = [sum(1 for f in in_cat if f.severity == s) for s in severities]
        rows.append(f"| {_code(category)} | " + " | ".join(str(n) for n in counts) + f" | {len(in_cat)} |")
    totals = [sum(1 for f in findings if f.severity == s) for s in severities]
    rows.append("| **total** | " + " | ".join(f"**{n}**" for n in totals) + f" | **{len(findings)}** |")
    return rows


def render_markdown(report: ReportInput) -> str:
    findings = reported(report.findings)
    summary = summarise(report.findings)
    files = len(report.files)
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    head = ["## treatylint report", ""]
    if not findings:
        return "\n".join(head + [f"No findings. {checked}."])
    severities = ", ".join(f"{n} {s}" for s, n in summary["by_severity"].items() if n)
    head += [f"**{len(findings)} finding{'s' if len(findings) != 1 else ''}** ({severities}); {checked}.", ""]
    head += _table(findings) + [""]
    for notice in report.notices:
        head += [f"> *notice:* {escape(notice)}", ""]
    body: list[str] = []
    for path, in_file in groupby(findings, key=lambda f: f.path):
        body += [f"### {_code(relative_path(path))}", ""]
        for provision, group in groupby(in_file, key=lambda f: f.provision):
            group = list(group)
            kind = f" ({group[0].provision_kind})" if group[0].provision_kind else ""
            body += [f"#### {escape(provision or 'Whole document')}{kind}", ""]
            for finding in group:
                body += _finding(finding)
    out = head
    size = sum(len(line) + 1 for line in out)
    for index, line in enumerate(body):
        size += len(line) + 1
        if size > MAX_CHARS:
            remaining = sum(1 for l in body[index:] if l.startswith("- "))
            out += ["", f"*… output truncated: {remaining} more finding(s); see the full report (`--format html` or `sarif`).*"]
            break
        out.append(line)
    return "\n".join(out).rstrip() + "\n"


def _where(finding: Finding) -> str:
    """``line 12`` for text drafts; ``page 2, line 13:24`` / ``paragraph 26:60`` for PDF / Word."""
    if finding.page is None and finding.paragraph is None and not finding.eid:
        return f"line {finding.line}"
    return location(finding) + (f" ({finding.revision})" if finding.revision else "")
