"""``--format concise``: one line per finding, like ruff's default output.

``path:line:col: severity rule-id message [fingerprint]``: easy to grep, to jump to from an
editor's quickfix list, and to waive (``treatylint waive FINGERPRINT --reason ...``). Notices
and a one-line total follow unless ``--quiet``. Every field is made one visible line.
"""

from __future__ import annotations

from treatylint.reporters.common import defuse_commands, one_line, reported, visible
from treatylint.reporters.summary import summarise


def finding_line(finding) -> str:
    """One finding on one line (the message's "Mitigations seen" tail left to the full report)."""
    path = visible(finding.path, newlines=False)
    fingerprint = f" [{finding.fingerprint}]" if finding.fingerprint else ""
    return f"{path}:{finding.line}:{finding.column}: {finding.severity.value} {finding.rule_id} {one_line(finding.message)}{fingerprint}"


def render(report) -> str:
    lines = [finding_line(f) for f in reported(report.findings)]
    if not report.quiet:
        lines += [f"notice: {one_line(n)}" for n in report.notices]
        lines.append(total_line(report))
    return defuse_commands("\n".join(lines)) + "\n" if lines else ""


def total_line(report) -> str:
    """``Found 10 findings (6 error, 4 warning); 1 file checked; 1 file could not be read.``"""
    summary = summarise(report.findings)
    files = len(report.files)
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    total = summary["total"]
    if total:
        severities = ", ".join(f"{n} {s}" for s, n in summary["by_severity"].items() if n)
        line = f"Found {total} finding{'s' if total != 1 else ''} ({severities}); {checked}."
    else:
        line = f"No findings. {checked[0].upper()}{checked[1:]}."
    errors = len(getattr(report, "errors", []) or [])
    if errors:
        line = line[:-1] + f"; {errors} file{'s' if errors != 1 else ''} could not be read."
    return line
