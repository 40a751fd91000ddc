"""``--format markdown``: a report fit for a pull-request comment.

A title, a table of counts by category and severity, then the findings grouped by file and
article, each with its severity, rule, message, the passage quoted (flagged words in bold) and
the standard.

Draft text, file names and rule-pack text are untrusted. ``escape`` makes each piece one line,
writes control and bidi characters as visible escapes (``common.visible``), backslash-escapes
Markdown and HTML syntax (so no link, image, emphasis, table cell, code span or fence, raw HTML,
``<details>`` or ``<!--`` that would hide the rest of the comment, and no ``$`` math), escapes a
leading block marker (a quoted passage starting with ``#``, ``-`` or ``1.`` stays a quote), and
puts a zero-width joiner after ``@`` and ``#`` so ``@someone`` and ``#123`` neither ping nor
cross-reference. File names are shown in code spans, visible. The finished comment goes through
``common.defuse_commands`` too, as it is often printed to a CI log.
"""

from __future__ import annotations

import re
from itertools import groupby

from treatylint.findings import CATEGORIES, Finding, Severity
from treatylint.reporters.common import (
    defuse_commands,
    one_line,
    relative_path,
    reported,
    visible,
)
from treatylint.reporters.locations import location
from treatylint.reporters.report import Report
from treatylint.reporters.summary import summarise

# GitHub caps a comment at 65,536 characters; stay well below it.
MAX_CHARS = 60_000
ICON = {Severity.ERROR: "\U0001F534", Severity.WARNING: "\U0001F7E0", Severity.INFO: "\U0001F535"}
# Text is squashed to one line: inline syntax and raw HTML are escaped everywhere; block syntax
# can only start where a piece opens a line or a quote ("> "), so ``block_safe`` handles that.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")
_BLOCK_START = re.compile(r"([#+=-])|(\d{1,9})([.)])")
# a mention (@user, @org/team) pings; an issue reference (#12, owner/repo#12) cross-references
_PING = re.compile(r"(@)(?=[A-Za-z0-9])|(#)(?=[0-9])")
ZWJ = "\u200d"


def escape(text: str) -> str:
    """Escape one line of untrusted text for a comment: visible controls, no Markdown or HTML
    syntax, no mention or issue reference."""
    text = one_line(text).replace("&", "&amp;")
    text = _SPECIAL.sub(r"\\\1", text)
    return _PING.sub(lambda m: m.group() + ZWJ, text)


def block_safe(text: str) -> str:
    """Escaped text that opens a line or a quote, with a leading heading, list, rule or setext
    marker escaped so it stays a paragraph (``\\# not a heading``, ``1986\\. not a list``)."""
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    if match.group(1):
        return "\\" + text
    return match.group(2) + "\\" + text[match.end(2):]


def _code(text: str) -> str:
    """Inline code for identifiers (rule ids, paths): one visible line, backticks replaced."""
    return "`" + visible(text, newlines=False).replace("`", "'") + "`"


def _quote(finding: Finding) -> str:
    excerpt, words = finding.excerpt, finding.matched
    index = excerpt.lower().find(words.lower()) if words else -1
    if index < 0:
        return "> " + block_safe(escape(excerpt))
    before, hit, after = excerpt[:index], excerpt[index : index + len(words)], excerpt[index + len(words) :]
    pad_before = " " if before[-1:].isspace() else ""
    pad_after = " " if after[:1].isspace() else ""
    return "> " + block_safe(escape(before) + pad_before + "**" + escape(hit) + "**" + pad_after + escape(after))


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


def render(report: Report) -> str:
    findings = reported(report.findings)
    summary = summarise(report.findings)
    files = len(report.files)
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    head = ["## treatylint report", ""]
    errors = list(report.errors)
    if errors:  # never a clean-looking report over drafts that were not read
        head += [f"**{len(errors)} file{'s' if len(errors) != 1 else ''} could not be read:**", ""]
        head += [f"- {_code(relative_path(e.path))}: {escape(e.message)}" for e in errors] + [""]
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
            kind = f" ({escape(group[0].provision_kind)})" if group[0].provision_kind else ""
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
    return defuse_commands("\n".join(out).rstrip()) + "\n"


def _where(finding: Finding) -> str:
    """``line 12`` for text drafts; ``page 2, line 13:24`` / ``paragraph 26:60`` for PDF / Word."""
    if finding.page is None and finding.paragraph is None and not finding.eid:
        return f"line {finding.line}"
    return escape(location(finding) + (f" ({finding.revision})" if finding.revision else ""))  # an eId is draft text
