"""The terminal report: findings grouped by file and article; each flagged sentence quoted once
(a window centred on the flagged words when it is long, every flagged word highlighted) with
its findings under it; then a summary by category and severity. Colour only on a terminal (rich
decides); on a terminal long lines wrap with their indentation kept.

Draft text, file names and rule-pack text are untrusted: every such field is made one
``visible`` line (``common.one_line``: no raw escape sequences, carriage returns or bidi
controls), lines are built from ``rich.text.Text`` pieces (never parsed as rich markup), and
``_print`` defuses anything the GitHub Actions runner would execute (``common.defuse_points``).
"""

from __future__ import annotations

import re
from itertools import groupby

from rich.console import Console
from rich.text import Text

from treatylint.findings import Finding, Severity
from treatylint.reporters.common import defuse_points, one_line, visible
from treatylint.reporters.locations import location, revision_label
from treatylint.reporters.report import Report
from treatylint.reporters.summary import summarise

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


_MITIGATIONS_TAIL = re.compile(r"\s*Mitigations seen: .*$", re.DOTALL)


class _Report:
    """The report's lines, printed in batches, and as plain strings when there is no colour to
    show: one ``console.print`` per line cost ~0.2 ms, so 20,000 findings took 17 s to print."""

    BATCH = 400

    def __init__(self, console: Console) -> None:
        self.console = console
        self.lines: list[Text] = []
        self.indents: list[int] = []

    def add(self, line: Text, indent: int = 0, hang: int = 0) -> None:
        """One report line, with a backslash wherever the Actions runner would otherwise see a
        workflow command (a leading ``::``, any ``##[``); styles stay on their characters."""
        last, pieces = 0, []
        for point in defuse_points(line.plain):
            pieces += [line[last:point], Text("\\")]
            last = point
        if pieces:
            line = Text.assemble(*pieces, line[last:], style=line.style)
        if indent:
            line = Text.assemble(Text(" " * indent), line)
        self.lines.append(line)
        self.indents.append((indent, hang))
        if len(self.lines) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.lines:
            return
        console = self.console
        if console.color_system is None and not console.is_terminal:
            # a log or a pipe: rich would only strip the styles again, at ~50 us a line
            console.file.write("".join(line.plain + "\n" for line in self.lines))
        elif console.is_terminal and not console.soft_wrap:
            console.print(Text("\n").join(self._wrapped()), soft_wrap=True)
        else:
            console.print(Text("\n").join(self.lines))
        self.lines, self.indents = [], []

    def _wrapped(self) -> list[Text]:
        """Lines wrapped to the terminal, each continuation indented like its first line."""
        width = self.console.width
        out: list[Text] = []
        for line, (indent, hang) in zip(self.lines, self.indents):
            if line.cell_len <= width:
                out.append(line)
                continue
            head, body = line[indent : indent + hang], line[indent + hang :]
            for number, piece in enumerate(body.wrap(self.console, max(20, width - indent - hang))):
                out.append(Text.assemble(Text(" " * indent), head if number == 0 else Text(" " * hang), piece))
        return out


def _name(path: str) -> str:
    """A file name as shown: Linux allows line breaks and escape sequences in one."""
    return visible(path, newlines=False)


def render_terminal(console: Console, report) -> None:
    """The report for people: ``report`` is a ``dispatch.ReportInput``."""
    out = _Report(console)
    if not report.quiet:
        for notice in report.notices:
            out.add(Text(f"notice: {one_line(notice)}", style="dim"))
    for path, in_file in groupby(report.findings, key=lambda f: f.path):
        out.add(Text(_name(path), style="bold underline"))
        for provision, group in groupby(in_file, key=lambda f: f.provision):
            group = list(group)
            header = one_line(provision or "Whole document")
            kind = f" ({one_line(group[0].provision_kind)})" if group[0].provision_kind else ""
            out.add(Text(f"{header}{kind}", style="bold"), 2)
            for _, passage in groupby(group, key=lambda f: f.excerpt):
                _render_passage(out, list(passage), report.show_fingerprints)
        out.add(Text(""))
    out.flush()
    if not report.quiet:
        _render_summary(console, report)


def _render_passage(out: _Report, findings: list[Finding], show_fingerprints: bool) -> None:
    """The sentence once, then each finding on it."""
    if findings[0].excerpt:
        out.add(_excerpt(findings), 4, hang=2)  # wrapped lines continue under the quote, not the bar
    if show_fingerprints and findings[0].fingerprint:
        out.add(Text(f"fingerprint {findings[0].fingerprint}  (treatylint waive {findings[0].fingerprint} "
                     f"--reason ...)", style="dim"), 6)
    for finding in findings:
        _render_finding(out, finding)


def _render_finding(out: _Report, finding: Finding) -> None:
    line = Text()
    line.append(f"{_name(finding.path)}:{one_line(location(finding))}", style="dim")
    line.append("  ")
    if finding.suppressed:
        line.append("suppressed", style="dim strike")
    elif finding.waived:
        line.append(f"waived ({finding.severity.value})", style="dim")
    else:
        line.append(finding.severity.value, style=STYLE[finding.severity])
    line.append(f"  {finding.rule_id}", style="magenta")
    line.append(f"  [{finding.category}]", style="dim")
    if finding.revision:
        line.append(f"  ({one_line(revision_label(finding))})", style="bold blue")
    out.add(line, 6)
    out.add(Text(one_line(_MITIGATIONS_TAIL.sub("", finding.message))), 8)
    message = _MITIGATIONS_TAIL.sub("", finding.message)
    if finding.mitigations and finding.mitigations[0] not in message:  # once, never repeated
        label = "suppressed by" if finding.suppressed else "mitigations seen"
        out.add(Text(f"{label}: " + one_line("; ".join(finding.mitigations)), style="green"), 8)
    if finding.references:
        out.add(Text("standard: " + one_line("; ".join(finding.references)), style="dim"), 8)
    if finding.waived:
        out.add(Text(f"waived: {one_line(finding.waiver or '')}", style="green"), 8)


def _excerpt(findings: list[Finding]) -> Text:
    excerpt = one_line(findings[0].excerpt)  # sanitised whole, then the flagged words found in it
    lowered = excerpt.lower()
    spans = []
    for finding in findings:
        words = one_line(finding.matched)
        index = lowered.find(words.lower()) if words else -1
        if index >= 0:
            spans.append((index, index + len(words)))
    text = Text("\u2502 ", style="dim")
    position = 0
    for s, e in sorted(spans):
        s = max(s, position)
        if s >= e:
            continue
        text.append(excerpt[position:s], style="italic")
        text.append(excerpt[s:e], style="bold reverse")
        position = e
    text.append(excerpt[position:], style="italic")
    return text


def _render_summary(console: Console, report) -> None:
    """The total, then a table of findings by category (rows) and severity (columns)."""
    from treatylint.reporters.concise import total_line

    findings = report.findings
    summary = summarise(findings)
    total_text = total_line(report)
    console.print(Text(total_text, style="bold" if summary["total"] else "bold green"))
    if summary["total"]:
        levels = [s for s, n in summary["by_severity"].items() if n]
        width = max(len(c) for c in summary["by_category"])
        cells = {(f.category, f.severity.value) for f in findings}
        counts = {key: 0 for key in cells}
        for f in findings:
            if not f.suppressed and not f.waived:
                counts[(f.category, f.severity.value)] += 1
        console.print(Text("  " + "category".ljust(width) + "".join(f"{level:>9}" for level in levels), style="dim"))
        for category in summary["by_category"]:  # Text: never read as rich markup
            row = "".join(f"{counts.get((category, level), 0) or '-':>9}" for level in levels)
            console.print(Text(f"  {category.ljust(width)}{row}"))
    if summary["suppressed"]:
        console.print(Text(f"  {summary['suppressed']} candidate(s) suppressed by mitigating language", style="dim"))
    if summary.get("waived"):
        console.print(Text(f"  {summary['waived']} finding(s) waived", style="dim"))


def render(report: Report, width: int = 100) -> str:
    """The terminal report without colour codes (``--format text --output FILE``)."""
    from io import StringIO

    buffer = StringIO()
    console = Console(file=buffer, color_system=None, highlight=False, soft_wrap=True, width=width)
    render_terminal(console, report)
    return buffer.getvalue()
