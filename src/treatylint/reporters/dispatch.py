"""Which reporter renders which ``--format``: a registry of modules, each with one function
``render(report: Report) -> str`` (``reporters/report.py``). To add a format, add a member to
``ReportFormat`` and a module with ``render`` to ``REPORTERS``.

Import cost matters (``treatylint --help`` must stay instant), so a reporter module is imported
only when its format is asked for. The terminal report (``text``) is printed with colour when it
goes to a terminal (``emit``); ``render`` for ``text`` gives the same report without colour.
"""

from __future__ import annotations

import os
from importlib import import_module
from pathlib import Path
from typing import Iterable

from treatylint.reporters.report import Report, ReportFormat, ReportInput

__all__ = ["REPORTERS", "Report", "ReportFormat", "ReportInput", "emit", "parse_format", "parse_output", "render_report"]


REPORTERS: dict[ReportFormat, str] = {
    ReportFormat.text: "treatylint.reporters.terminal",
    ReportFormat.concise: "treatylint.reporters.concise",
    ReportFormat.json: "treatylint.reporters.json_reporter",
    ReportFormat.sarif: "treatylint.reporters.sarif",
    ReportFormat.github: "treatylint.reporters.github",
    ReportFormat.markdown: "treatylint.reporters.markdown",
    ReportFormat.html: "treatylint.reporters.html",
}


def render_report(format: str | ReportFormat, report: Report) -> str:
    """The report as one string in ``format``, ending with a newline."""
    out = import_module(REPORTERS[ReportFormat(format)]).render(report)
    return out if out.endswith("\n") or not out else out + "\n"


def parse_format(value: str, where: str = "--format") -> ReportFormat:
    """A format name in any case (``-f JSON``); an unknown one is a usage error with a suggestion."""
    from treatylint.errors import UsageError
    from treatylint.suggest import did_you_mean

    try:
        return ReportFormat(value.strip().lower())
    except ValueError:
        names = [f.value for f in ReportFormat]
        raise UsageError(f"{where}: unknown format {value!r}{did_you_mean(value, names)} "
                         f"(formats: {', '.join(names)})") from None


def parse_output(value: str, default: ReportFormat) -> tuple[ReportFormat, Path]:
    """``--output`` is ``FORMAT:PATH`` (``sarif:report.sarif``) or a plain path for the
    ``--format`` report. A prefix that is no format name is part of the path (``C:\\x``)."""
    prefix, sep, rest = value.partition(":")
    if sep and rest and prefix.strip().lower() in {f.value for f in ReportFormat}:
        return ReportFormat(prefix.strip().lower()), Path(rest)
    return default, Path(value)


def emit(format: str | ReportFormat, outputs: "list[tuple[ReportFormat, Path]] | os.PathLike | str | None",
         results: Iterable, notices: list[str], rules: Iterable = (), stale_waivers: Iterable = (),
         errors: Iterable = (), quiet: bool = False, show_fingerprints: bool = False) -> None:
    """What ``treatylint check`` prints and writes, from one run.

    Each of ``outputs`` (format, file) is written (parent directories created). Standard output
    gets the ``format`` report, except that a plain ``--output FILE`` takes the ``--format``
    report and the terminal report then goes to standard output, so a CI log stays readable
    while the SARIF or HTML file is produced in the same run (like ``semgrep --sarif-output``).
    """
    import sys

    from treatylint.errors import InputError

    if outputs is None:
        outputs = []
    elif not isinstance(outputs, list):  # one plain path, as before
        outputs = [(ReportFormat(format), Path(outputs))]
    results = list(results)
    report = Report.from_results(results, notices, rules)
    report.stale_waivers = list(stale_waivers)
    report.errors = list(errors)
    report.quiet, report.show_fingerprints = quiet, show_fingerprints
    name = ReportFormat(format).value
    from treatylint.reporters.common import visible
    from treatylint.reporters.output_file import refuse_overwrites, write_atomically

    # (``check`` refuses these before the run, with the config, waiver, baseline and rule files
    # among the inputs; this keeps library callers of ``emit`` from writing over a draft)
    refuse_overwrites([("--output", target) for _, target in outputs], [(Path(p), "a draft being checked") for p in report.files])
    for fmt, target in outputs:
        try:
            write_atomically(target, render_report(fmt, report))
        except OSError as exc:
            raise InputError(f"{visible(str(target), newlines=False)}: cannot write the report: {exc.strerror or exc}") from None
    if any(fmt.value == name for fmt, _ in outputs):
        name = "text"  # the --format report went to a file: the terminal shows the readable one
    if name == "text":
        from rich.console import Console

        from treatylint.reporters.terminal import render_terminal

        console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
        render_terminal(console, report)
    else:
        sys.stdout.write(render_report(name, report))
        sys.stdout.flush()
