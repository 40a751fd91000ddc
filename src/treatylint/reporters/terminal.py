"""The terminal report: findings grouped by file and article, each with its sentence and the
matched words highlighted, then a summary. Colour only on a terminal (rich decides)."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.text import Text

from treatylint.findings import Finding, Severity
from treatylint.locations import location, revision_label
from treatylint.reporters.summary import summarise

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render_terminal(console: Console, findings: list[Finding], notices: list[str], files: int) -> None:
    for notice in notices:
        console.print(Text(f"notice: {notice}", style="dim"))
    for path, in_file in groupby(findings, key=lambda f: f.path):
        console.print(Text(path, style="bold underline"))
        for provision, group in groupby(in_file, key=lambda f: f.provision):
            group = list(group)
            header = provision or "Whole document"
            kind = f" ({group[0].provision_kind})" if group[0].provision_kind else ""
            console.print(Text(f"  {header}{kind}", style="bold"))
            for finding in group:
                _render_finding(console, finding)
        console.print()
    _render_summary(console, findings, files)


def _render_finding(console: Console, finding: Finding) -> None:
    line = Text("    ")
    line.append(f"{finding.path}:{location(finding)}", style="dim")
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
        line.append(f"  ({revision_label(finding)})", style="bold blue")
    console.print(line)
    console.print(Text("      " + finding.message))
    if finding.excerpt:
        console.print(_excerpt(finding))
    if finding.mitigations:
        label = "suppressed by" if finding.suppressed else "mitigations seen"
        console.print(Text(f"      {label}: " + "; ".join(finding.mitigations), style="green"))
    if finding.references:
        console.print(Text("      standard: " + "; ".join(finding.references), style="dim"))
    if finding.waived:
        console.print(Text(f"      waived: {finding.waiver}", style="green"))


def _excerpt(finding: Finding) -> Text:
    text = Text("      \u2502 ", style="dim")
    excerpt = finding.excerpt
    words = finding.matched
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
        console.print(f"  {count:>4}  {category}")
    if summary["suppressed"]:
        console.print(Text(f"  {summary['suppressed']} candidate(s) suppressed by mitigating language", style="dim"))
    if summary.get("waived"):
        console.print(Text(f"  {summary['waived']} finding(s) waived", style="dim"))
