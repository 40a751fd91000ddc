"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

    ::error file=drafts/x.txt,line=12,endLine=12,col=5,endColumn=30,title=...::message

Escaping follows the Actions runner (``toolkit/packages/core/src/command.ts``): in the message
``%`` CR LF become ``%25`` ``%0D`` ``%0A``; in properties ``:`` and ``,`` also become ``%3A``
``%2C``. Without it a draft passage containing ``::`` or a newline could inject a command.
"""

from __future__ import annotations

from treatylint.findings import Finding, Severity
from treatylint.reporters.common import relative_path, reported
from treatylint.reporters.dispatch import ReportInput

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    properties = {
        "file": relative_path(finding.path),
        "line": finding.line,
        "endLine": finding.end_line,
        "col": finding.column,
        "endColumn": finding.end_column,
        "title": f"treatylint {finding.rule_id} ({finding.category})",
    }
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    body = finding.message
    if finding.references:
        body += "\nStandard: " + "; ".join(finding.references)
    return f"::{COMMAND[finding.severity]} {props}::{escape_data(body)}"


def render_github(report: ReportInput) -> str:
    lines = [annotation(f) for f in reported(report.findings)]
    return "\n".join(lines)
