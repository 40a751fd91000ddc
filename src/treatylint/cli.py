"""The ``treatylint`` command line.

Exit codes follow linters' convention: 0 nothing at or above the fail level, 1 findings,
2 usage or input error (one line on stderr naming the file and the problem, never a traceback).
Heavy modules (spaCy, the engine) are imported inside commands so ``--help`` stays instant.
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from treatylint import __version__
from treatylint.errors import TreatylintError, UsageError
from treatylint.reporters.dispatch import ReportFormat

app = typer.Typer(
    name="treatylint",
    help="Lint draft treaty texts for passages that put human rights at risk.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class FailLevel(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"treatylint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
) -> None:
    """Lint draft treaty texts for passages that put human rights at risk."""


RulesOpt = Annotated[list[Path], typer.Option("--rules", help="Extra rule directory (repeatable).")]
SelectOpt = Annotated[list[str], typer.Option("--select", help="Only these rule ids or categories (repeatable, or comma-separated).")]
IgnoreOpt = Annotated[list[str], typer.Option("--ignore", help="Skip these rule ids or categories (repeatable, or comma-separated).")]


def _split(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _options(rules: list[Path], select: list[str], ignore: list[str], model: str | None, verbose: bool, no_builtin: bool = False):
    from treatylint.linter import LintOptions

    return LintOptions(
        rule_dirs=list(rules), builtin=not no_builtin, select=_split(select), ignore=_split(ignore),
        model=model, verbose=verbose,
    )


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Draft files or directories.", show_default=False)],
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Report format.")] = ReportFormat.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the --format report to this file; the text report still prints.")] = None,
    rules: RulesOpt = [],
    no_builtin: Annotated[bool, typer.Option("--no-builtin", help="Do not load the built-in rules.")] = False,
    select: SelectOpt = [],
    ignore: IgnoreOpt = [],
    model: Annotated[Optional[str], typer.Option("--model", help="spaCy pipeline: installed package name or path.")] = None,
    fail_on: Annotated[FailLevel, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")] = FailLevel.warning,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings are reported.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also show candidates that mitigating language suppressed.")] = False,
) -> None:
    """Check drafts and report the passages that put human rights at risk."""
    from treatylint.findings import Severity
    from treatylint.linter import Linter, collect_paths

    linter = Linter(_options(rules, select, ignore, model, verbose, no_builtin))
    files = collect_paths(paths)
    results = [linter.check_file(path) for path in files]
    findings = [f for result in results for f in result.findings]
    from treatylint.reporters.dispatch import emit

    emit(format, output, results, linter.notices, linter.rules)
    threshold = Severity(fail_on.value).rank
    failing = any(f.severity.rank >= threshold for f in findings if not f.suppressed)
    raise typer.Exit(1 if failing and not exit_zero else 0)


@app.command()
def outline(
    path: Annotated[Path, typer.Argument(help="A draft file.", show_default=False)],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.text,
    rules: RulesOpt = [],
) -> None:
    """Print the draft's structure with each provision's kind: what the linter sees."""
    from treatylint.engine.classifier import Classifier  # noqa: F401  (import cost is the point)
    from treatylint.linter import LintOptions, load_classifier
    from treatylint.document.parser import parse_document
    from treatylint.document.reader import read_text

    document = parse_document(read_text(path), str(path))
    load_classifier(LintOptions(rule_dirs=list(rules))).classify(document)
    rows = []
    for provision in document.all_provisions():
        line, _ = document.line_col(provision.start)
        end_line, _ = document.line_col(max(provision.start, provision.end - 1))
        rows.append(
            {
                "label": provision.label,
                "number": provision.number,
                "kind": provision.kind.value,
                "caption": provision.caption,
                "divisions": [d.label for d in provision.divisions],
                "line": line,
                "end_line": end_line,
                "clauses": [
                    {"marker": b.marker, "kind": b.kind.value, "line": document.line_col(b.start)[0]}
                    for b in provision.blocks if b.kind is not None
                ],
                "cues": provision.kind_cues,
            }
        )
    if format == OutputFormat.json:
        typer.echo(json.dumps({"path": str(path), "title": document.title, "provisions": rows}, indent=2, ensure_ascii=False))
        return
    if document.title:
        typer.echo(document.title)
    current: list[str] = []
    for row in rows:
        if row["divisions"] != current:
            for depth, label in enumerate(row["divisions"]):
                if depth >= len(current) or current[depth] != label:
                    typer.echo("  " * depth + label)
            current = row["divisions"]
        indent = "  " * len(row["divisions"])
        caption = f" \u2013 {row['caption']}" if row["caption"] else ""
        typer.echo(f"{indent}{row['label']}{caption}  [{row['kind']}]  lines {row['line']}-{row['end_line']}")
        for clause in row["clauses"]:
            marker = clause["marker"] or "\u00b6"
            typer.echo(f"{indent}    {marker} line {clause['line']}: {clause['kind']}")


@app.command("rules")
def list_rules(
    rules: RulesOpt = [],
    no_builtin: Annotated[bool, typer.Option("--no-builtin", help="Do not load the built-in rules.")] = False,
    format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.text,
) -> None:
    """List the rules: id, category, severity and what each flags."""
    from treatylint.linter import load_rule_set

    loaded = load_rule_set(_options(rules, [], [], None, False, no_builtin))
    if format == OutputFormat.json:
        typer.echo(json.dumps([
            {"id": r.rule.id, "category": r.rule.category, "severity": r.rule.severity.value,
             "summary": r.rule.docs.flags.strip(), "source": str(r.source)} for r in loaded
        ], indent=2, ensure_ascii=False))
        return
    width = max((len(r.rule.id) for r in loaded), default=10)
    for r in sorted(loaded, key=lambda r: (r.rule.category, r.rule.id)):
        summary = " ".join(r.rule.docs.flags.split())
        typer.echo(f"{r.rule.id:<{width}}  {r.rule.severity.value:<7}  {r.rule.category:<27}  {summary[:90]}")


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="A rule id, as listed by 'treatylint rules'.", show_default=False)],
    rules: RulesOpt = [],
) -> None:
    """Print a rule's documentation: what it flags, why, an example and how to fix it."""
    from treatylint.docs import rule_markdown
    from treatylint.linter import load_rule_set

    loaded = {r.rule.id: r for r in load_rule_set(_options(rules, [], [], None, False))}
    if rule_id not in loaded:
        raise UsageError(f"unknown rule {rule_id!r} (see 'treatylint rules')")
    typer.echo(rule_markdown(loaded[rule_id].rule))


@app.command("docs")
def rule_docs(
    output: Annotated[Path, typer.Option("--output", "-o", help="Directory to write the pages to.")] = Path("docs/rules"),
    rules: RulesOpt = [],
    no_builtin: Annotated[bool, typer.Option("--no-builtin", help="Do not load the built-in rules.")] = False,
) -> None:
    """Write one Markdown page per rule (what 'treatylint explain' prints) and an index."""
    from treatylint.docs_site import write_rule_docs
    from treatylint.linter import load_rule_set

    loaded = load_rule_set(_options(rules, [], [], None, False, no_builtin))
    written = write_rule_docs([r.rule for r in loaded], output)
    typer.echo(f"treatylint: wrote {len(written) - 1} rule pages and {written[-1]}")


def main() -> None:
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except TreatylintError as exc:
        print(f"treatylint: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except (typer.Abort, KeyboardInterrupt):
        print("treatylint: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # click usage errors and anything unexpected
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(2)
        if os.environ.get("TREATYLINT_DEBUG"):
            raise
        print(f"treatylint: internal error: {type(exc).__name__}: {exc} (set TREATYLINT_DEBUG=1 for a traceback)", file=sys.stderr)
        sys.exit(2)
