"""The terminal report: findings grouped by file and article, each with its sentence and the
matched words highlighted, then a summary. Colour only on a terminal (rich decides).

Draft text, file names and rule-pack text are untrusted: every such field is made one
``visible`` line (``common.one_line``: no raw escape sequences, carriage returns or bidi
controls), lines are built from ``rich.text.Text`` pieces (never parsed as rich markup), and
``_print`` defuses anything the GitHub Actions runner would execute (``common.defuse_points``).
"""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.text import Text

from treatylint.findings import Finding, Severity
from treatylint.locations import location, revision_label
from treatylint.reporters.common import defuse_points, one_line, visible
from treatylint.reporters.summary import summarise

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


class _Report:
    """The report's lines, printed in batches, and as plain strings when there is no colour to
    show: one ``console.print`` per line cost ~0.2 ms, so 20,000 findings took 17 s to print."""

    BATCH = 400

    def __init__(self, console: Console) -> None:
        self.console = console
        self.lines: list[Text] = []

    def add(self, line: Text) -> None:
        """One report line, with a backslash wherever the Actions runner would otherwise see a
        workflow command (a leading ``::``, any ``##[``); styles stay on their characters."""
        last, pieces = 0, []
        for point in defuse_points(line.plain):
            pieces += [line[last:point], Text("\\")]
            last = point
        if pieces:
            line = Text.assemble(*pieces, line[last:], style=line.style)
        self.lines.append(line)
        if len(self.lines) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.lines:
            return
        console = self.console
        if console.color_system is None and not console.is_terminal:
            # a log or a pipe: rich would only strip the styles again, at ~50 us a line
            console.file.write("".join(line.plain + "\n" for line in self.lines))
        else:
            console.print(Text("\n").join(self.lines))
        self.lines = []


def _name(path: str) -> str:
    """A file name as shown: Linux allows line breaks and escape sequences in one."""
    return visible(path, newlines=False)


def render_terminal(console: Console, findings: list[Finding], notices: list[str], files: int) -> None:
    report = _Report(console)
    for notice in notices:
        report.add(Text(f"notice: {one_line(notice)}", style="dim"))
    for path, in_file in groupby(findings, key=lambda f: f.path):
        report.add(Text(_name(path), style="bold underline"))
        for provision, group in groupby(in_file, key=lambda f: f.provision):
            group = list(group)
            header = one_line(provision or "Whole document")
            kind = f" ({one_line(group[0].provision_kind)})" if group[0].provision_kind else ""
            report.add(Text(f"  {header}{kind}", style="bold"))
            for finding in group:
                _render_finding(report, finding)
        report.add(Text(""))
    report.flush()
    _render_summary(console, findings, files)


def _render_finding(report: _Report, finding: Finding) -> None:
    line = Text("    ")
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
    report.add(line)
    report.add(Text("      " + one_line(finding.message)))
    if finding.excerpt:
        report.add(_excerpt(finding))
    if finding.mitigations:
        label = "suppressed by" if finding.suppressed else "mitigations seen"
        report.add(Text(f"      {label}: " + one_line("; ".join(finding.mitigations)), style="green"))
    if finding.references:
        report.add(Text("      standard: " + one_line("; ".join(finding.references)), style="dim"))
    if finding.waived:
        report.add(Text(f"      waived: {one_line(finding.waiver or '')}", style="green"))


def _excerpt(finding: Finding) -> Text:
    text = Text("      \u2502 ", style="dim")
    excerpt = one_line(finding.excerpt)  # sanitised whole, then the flagged words found in it
    words = one_line(finding.matched)
    index = excerpt.lower().find(words.lower()) if words else -1
    if index < 0:
        text.append(excerpt, style="italic")
    else:
        text.append(excerpt[:index], style="italic")
        text.append(excerpt[index : index + len(words)], style="bold reverse")
        text.append(excerpt[index + len(words) :], style="italic")
    return text


def _render_summary(console: Console, findings: list[Finding], files: int) -> None:
    summary = summarise(findings)
    total = summary["total"]
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if not total:
        console.print(Text(f"No findings. {checked}.", style="bold green"))
        return
    severities = ", ".join(f"{n} {s}" for s, n in summary["by_severity"].items() if n)
    console.print(Text(f"Found {total} finding{'s' if total != 1 else ''} ({severities}); {checked}.", style="bold"))
    for category, count in summary["by_category"].items():
        console.print(Text(f"  {count:>4}  {category}"))  # Text: never read as rich markup
    if summary["suppressed"]:
        console.print(Text(f"  {summary['suppressed']} candidate(s) suppressed by mitigating language", style="dim"))
    if summary.get("waived"):
        console.print(Text(f"  {summary['waived']} finding(s) waived", style="dim"))
