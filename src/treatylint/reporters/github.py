"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

    ::error file=drafts/x.txt,line=12,endLine=12,col=5,endColumn=30,title=...::message

Escaping follows the Actions runner (``toolkit/packages/core/src/command.ts``): in the message
``%`` CR LF become ``%25`` ``%0D`` ``%0A``; in properties ``:`` and ``,`` also become ``%3A``
``%2C``. Without it a draft passage containing ``::`` or a newline could inject a command.
Before that, control and bidi characters in the message and the file name are made visible
(``common.visible``): the log viewer would otherwise obey ANSI sequences in them. Only this
reporter writes lines that start with ``::``; a ``##[`` in the message is harmless, since the
runner reads a line as one command only.
"""

from __future__ import annotations

from treatylint.reporters.summary import WAIVED
from treatylint.findings import Finding, Severity
from treatylint.reporters.common import relative_path, reported, visible
from treatylint.reporters.report import Report

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def shown(value: str) -> str:
    """``value`` with control and bidi characters visible, except CR and LF: those the escaping
    writes as ``%0D``/``%0A`` and the runner restores, so a path or message keeps its line breaks."""
    return "\r".join(visible(part) for part in value.split("\r"))


def annotation(finding: Finding) -> str:
    properties = {
        "file": shown(relative_path(finding.path)),
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
    return f"::{COMMAND[finding.severity]} {props}::{escape_data(shown(body))}"


def failure(error) -> str:
    """A draft that could not be read, as an error annotation on the file."""
    props = f"file={escape_property(shown(relative_path(error.path)))},title={escape_property('treatylint: unreadable draft')}"
    return f"::error {props}::{escape_data(shown(error.message))}"


def render(report: Report) -> str:
    lines = [failure(e) for e in report.errors] + [annotation(f) for f in reported(report.findings)]
    # what waivers and suppressions removed is never silent, here either
    lines += [f"::notice title=treatylint::{escape_data(shown(n))}" for n in report.notices if WAIVED in n]
    return "\n".join(lines)
