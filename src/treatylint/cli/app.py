"""The ``treatylint`` command line.

Exit codes follow linters' convention: 0 nothing at or above the fail level, 1 findings,
2 usage or input error (one line on stderr naming the file and the problem, never a traceback).
Heavy modules (spaCy, the engine) are imported inside commands so ``--help`` stays instant.
"""

from __future__ import annotations

import os
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from treatylint import __version__
from treatylint.errors import TreatylintError, UsageError
from treatylint.severity import Severity
from treatylint.reporters.report import ReportFormat

if TYPE_CHECKING:  # pragma: no cover
    from treatylint.settings import Overrides, Settings

app = typer.Typer(
    name="treatylint",
    help="Lint draft treaty texts for passages that put human rights at risk.",
    epilog="Add --debug to any command to see the traceback behind an error (for bug reports).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


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
SeverityOpt = Annotated[list[str], typer.Option("--severity", help="Override a rule's or category's severity: ID=error|warning|info (repeatable).")]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="Use this config file instead of discovering .treatylint.yaml / pyproject.toml.")]
IsolatedOpt = Annotated[bool, typer.Option("--isolated", help="Ignore all configuration files.")]


def _split(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _settings(rules: list[Path], no_builtin: bool = False) -> "Settings":
    """Settings for the commands that only load rules (no config file: rules, explain, docs)."""
    from treatylint.settings import Settings

    return Settings(rules=list(rules), builtin=not no_builtin)


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Draft files or directories.", show_default=False)],
    format: Annotated[Optional[str], typer.Option("--format", "-f", metavar="FORMAT", help="Report format: text, concise, json, sarif, github, markdown, html (default: text, or the config's).", show_default=False)] = None,
    output: Annotated[list[str], typer.Option("--output", "-o", metavar="[FORMAT:]FILE", help="Also write a report to FILE: FORMAT:FILE (sarif:report.sarif, html:report.html; repeatable), or a plain FILE for the --format report, the text report then printing.", show_default=False)] = [],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print the findings only: no notices, no summary.")] = False,
    show_fingerprints: Annotated[bool, typer.Option("--show-fingerprints", help="Show each passage's fingerprint in the text report, for 'treatylint waive'.")] = False,
    rules: RulesOpt = [],
    no_builtin: Annotated[bool, typer.Option("--no-builtin", help="Do not load the built-in rules.")] = False,
    select: SelectOpt = [],
    ignore: IgnoreOpt = [],
    model: Annotated[Optional[str], typer.Option("--model", help="spaCy pipeline: installed package name or path.")] = None,
    fail_on: Annotated[Optional[Severity], typer.Option("--fail-on", case_sensitive=False, help="Lowest severity that makes the exit code 1 (default: warning, or the config's).", show_default=False)] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings are reported.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also show candidates that mitigating language suppressed, and waived findings.")] = False,
    severity: SeverityOpt = [],
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    include: Annotated[list[str], typer.Option("--include", help="In directories, check only files matching this glob (repeatable).")] = [],
    exclude: Annotated[list[str], typer.Option("--exclude", help="Skip files and folders matching this glob (repeatable).")] = [],
    no_ignore: Annotated[bool, typer.Option("--no-ignore", help="In directories, also check what walks skip by default: files .gitignore/.ignore name, hidden folders, virtual environments, node_modules, caches, build folders, README-type files.")] = False,
    stdin_filename: Annotated[Optional[str], typer.Option("--stdin-filename", help="Name for the draft read from '-' (standard input).")] = None,
    waivers: Annotated[Optional[Path], typer.Option("--waivers", help="Waiver file: findings accepted with a reason.")] = None,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="Report only findings not recorded in this baseline file.")] = None,
    write_baseline: Annotated[Optional[Path], typer.Option("--write-baseline", help="Record all current findings in this file and exit 0.")] = None,
    statistics: Annotated[bool, typer.Option("--statistics", help="Print counts per rule instead of the findings.")] = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes (default: the number of cores).", show_default=False)] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the results cache.")] = False,
    cache_dir: Annotated[Optional[Path], typer.Option("--cache-dir", help="Results cache directory (default: your user cache folder, e.g. ~/.cache/treatylint; never the project).", show_default=False)] = None,
    diff_base: Annotated[Optional[str], typer.Option("--diff-base", help="Report and fail on only the findings introduced since this git revision (articles aligned by content, see 'treatylint diff').")] = None,
    fail_on_new: Annotated[bool, typer.Option("--fail-on-new", help="With --diff-base: exit 1 only for introduced findings (what --diff-base reports).")] = False,
    revisions: Annotated[bool, typer.Option("--revisions", help="Word tracked changes: lint the text with and without them and mark findings the changes introduce or remove.")] = False,
    include_hidden: Annotated[bool, typer.Option("--include-hidden", help="Also analyse text a reader of the draft cannot see (hidden Word runs, invisible PDF text, hidden HTML, comments); it is reported either way.")] = False,
    max_file_size: Annotated[Optional[str], typer.Option("--max-file-size", help="Refuse drafts larger than this: 50 (MB), 200MB, 512KB (default: 50MB, or the config's).", show_default=False)] = None,
) -> None:
    """Check drafts (files, directories, or - for standard input) and report the passages that put human rights at risk."""
    from treatylint.run.inputs import collect_inputs
    from treatylint.run.session import Session

    overrides = _overrides(rules, no_builtin, select, ignore, severity, model, fail_on, _format_option(format))
    overrides = overrides.model_copy(update=dict(
        include=_split(include), exclude=_split(exclude), waivers=waivers,
        baseline=None if write_baseline is not None else baseline,
        max_file_size=None if max_file_size is None else _size_option(max_file_size),
        verbose=verbose, revisions=revisions, include_hidden=include_hidden,
    ))
    session = Session(overrides, config=config, isolated=isolated, use_baseline=write_baseline is None)
    settings = session.settings
    from treatylint.reporters.dispatch import parse_output

    outputs = [parse_output(value, settings.format) for value in output]
    from treatylint.run.workers import default_jobs

    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs: must be at least 1, not {jobs}")
    session.jobs = jobs or default_jobs()
    if not no_cache:
        from treatylint.run.cache import ResultCache

        session.cache = ResultCache(cache_dir)
    walk_notices: list[str] = []
    drafts = collect_inputs(paths, settings.include, settings.exclude, stdin_filename,
                            respect_ignores=not no_ignore, notices=walk_notices)
    from treatylint.reporters.output_file import refuse_overwrites

    targets = [("--output", target) for _, target in outputs] + [("--write-baseline", write_baseline)] * (write_baseline is not None)
    refuse_overwrites(targets, session.input_files(drafts))  # before the run: no output replaces an input
    if fail_on_new and diff_base is None:
        raise UsageError("--fail-on-new needs --diff-base REVISION (or use 'treatylint diff --git REVISION --fail-on-new')")
    run = session.check(drafts)
    run.notices[:0] = walk_notices
    if session.cache is not None:
        run.notices += _cache_notices(session.cache)
    if diff_base is not None:
        from treatylint.diff.ci import keep_introduced

        run.notices += keep_introduced(run, diff_base, session)
    for error in run.errors:  # one line per unreadable draft; the others are reported all the same
        typer.echo(f"treatylint: error: {_shown(error.message)}", err=True)
    if write_baseline is not None:
        from treatylint.triage.waivers import write_baseline as record

        count = record(write_baseline, run.findings)
        typer.echo(f"treatylint: {count} finding{'s' if count != 1 else ''} recorded in {write_baseline}", err=True)
        raise typer.Exit(2 if run.errors else 0)  # a draft left unread is missing from the baseline
    if statistics:
        from treatylint.reporters.statistics import render_statistics

        if outputs:
            raise UsageError("--statistics prints counts instead of a report; it cannot be combined with --output")
        typer.echo(render_statistics(run.findings, json_output=settings.format == ReportFormat.json), nl=False)
    else:
        from treatylint.reporters.dispatch import emit

        emit(settings.format, outputs, run.results, run.notices, run.rules, stale_waivers=run.stale, errors=run.errors,
             quiet=quiet, show_fingerprints=show_fingerprints)
    if run.errors:
        raise typer.Exit(2)
    failing = run.failing(settings.fail_on)
    raise typer.Exit(1 if failing and not exit_zero else 0)


def _cache_notices(cache) -> list[str]:
    """What the user should know about the results cache: not used, or entries refused."""
    notices = [cache.notice] if cache.notice else []
    if cache.rejected:
        notices.append(f"{cache.rejected} results-cache entr{'ies' if cache.rejected != 1 else 'y'} in {cache.directory} "
                       "did not verify (edited, or not written by your treatylint) and were recomputed")
    return notices


def _size_option(value: str) -> int:
    from treatylint.settings import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise UsageError(f"--max-file-size: {exc}") from None


def _overrides(rules: list[Path], no_builtin: bool, select: list[str], ignore: list[str], severity: list[str],
               model: str | None, fail_on: Severity | None, format: ReportFormat | None) -> "Overrides":
    """Command-line values that override configuration files (None or empty: not given)."""
    from treatylint.settings import Overrides, parse_severity_options

    return Overrides(
        rules=list(rules), builtin=False if no_builtin else None, select=_split(select), ignore=_split(ignore),
        severity=parse_severity_options(severity), model=model, fail_on=fail_on, format=format,
    )


def _format_option(value: str | None) -> ReportFormat | None:
    from treatylint.reporters.dispatch import parse_format

    return parse_format(value) if value is not None else None


@app.command()
def waive(
    fingerprint: Annotated[str, typer.Argument(help="The finding's fingerprint (in --format concise, or the text report with --show-fingerprints).", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help="Why the finding is accepted (required).", show_default=False)],
    paths: Annotated[list[Path], typer.Argument(help="Drafts or folders to find the finding in (default: the current folder).", show_default=False)] = None,
    rule: Annotated[Optional[str], typer.Option("--rule", help="The rule id, when several findings share the passage's fingerprint.", show_default=False)] = None,
    waivers: Annotated[Optional[Path], typer.Option("--waivers", help="Waiver file to write (default: the config's, or treatylint-waivers.yaml).", show_default=False)] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="Who accepts it (recorded with the waiver).", show_default=False)] = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
) -> None:
    """Accept a finding: write a waiver with your reason into the waiver file, so 'check' stops reporting it."""
    from treatylint.triage.waivers import add_waiver

    if not reason.strip():
        raise UsageError("--reason: a waiver needs a reason")
    from treatylint.run.inputs import collect_inputs
    from treatylint.run.session import Session

    overrides = _overrides([], False, [], [], [], None, None, None)
    session = Session(overrides, config=config, isolated=isolated, verbose=True)
    target = waivers or session.settings.waivers
    configured = target is not None
    target = Path(target) if target is not None else Path(DEFAULT_WAIVERS)
    if configured and not target.exists():  # the config names it: start it, so the run can load it
        from treatylint.triage.waivers import start_waiver_file

        start_waiver_file(target)
    from treatylint.run.cache import ResultCache
    from treatylint.run.workers import default_jobs

    session.jobs, session.cache = default_jobs(), ResultCache()
    drafts = collect_inputs(paths or [Path(".")], session.settings.include, session.settings.exclude)
    run = session.check(drafts)
    findings = [f for f in run.findings if not f.suppressed and f.fingerprint.startswith(fingerprint.strip().lower())]
    if rule is not None:
        findings = [f for f in findings if f.rule_id == rule or f.category == rule]
    if not findings:
        from treatylint.suggest import did_you_mean

        known = [f.fingerprint for f in run.findings if not f.suppressed and (rule is None or f.rule_id == rule)]
        where = ", ".join(str(p) for p in paths or [Path(".")])
        raise UsageError(f"no finding with fingerprint {fingerprint!r}{' and rule ' + repr(rule) if rule else ''} "
                         f"in {where}{did_you_mean(fingerprint, known)}")
    rules = sorted({f.rule_id for f in findings})
    if len(rules) > 1:
        raise UsageError(f"fingerprint {fingerprint!r} flags {len(rules)} rules on that passage "
                         f"({', '.join(rules)}): name one with --rule")
    finding = findings[0]
    if finding.waived:
        typer.echo(f"treatylint: already waived: {_shown(finding.waiver or '')}")
        return
    add_waiver(target, finding, reason, by)
    where = f"{finding.provision} of " if finding.provision else ""
    typer.echo(f"treatylint: waived {finding.rule_id} in {_shown(where + finding.path)}, written to {_shown(str(target))}")
    if not configured and waivers is None:
        typer.echo(f"treatylint: to use it, add 'waivers: {target.as_posix()}' to .treatylint.yaml or pass --waivers {target.as_posix()}")


DEFAULT_WAIVERS = "treatylint-waivers.yaml"


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


@app.command("diff")
def diff_command(
    paths: Annotated[list[Path], typer.Argument(help="OLD NEW (or one draft with --git).", show_default=False)],
    git: Annotated[Optional[str], typer.Option("--git", help="Compare the draft with its version at this git revision.")] = None,
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="Report format.")] = DiffFormat.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    fail_on_new: Annotated[bool, typer.Option("--fail-on-new", help="Exit 1 if the new round introduces a finding at or above the fail level.")] = False,
    fail_on: Annotated[Optional[Severity], typer.Option("--fail-on", help="Lowest severity --fail-on-new counts (default: warning, or the config's).", show_default=False)] = None,
    rules: RulesOpt = [], select: SelectOpt = [], ignore: IgnoreOpt = [], severity: SeverityOpt = [],
    config: ConfigOpt = None, isolated: IsolatedOpt = False,
) -> None:
    """Compare two rounds of a draft: aligned articles, substantive changes, findings introduced and resolved."""
    from treatylint.diff.command import run_diff

    overrides = _overrides(rules, False, select, ignore, severity, None, fail_on, None)
    raise typer.Exit(run_diff(paths, git, format.value, output, overrides, config, isolated, fail_on_new))


@app.command("history")
def history_command(
    paths: Annotated[list[Path], typer.Argument(help="Rounds of a draft, oldest first.", show_default=False)],
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="Report format.")] = DiffFormat.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    rules: RulesOpt = [], select: SelectOpt = [], ignore: IgnoreOpt = [], severity: SeverityOpt = [],
    config: ConfigOpt = None, isolated: IsolatedOpt = False,
) -> None:
    """Follow a draft through its rounds: findings per category round by round, and the articles that changed."""
    from treatylint.diff.command import run_history

    overrides = _overrides(rules, False, select, ignore, severity, None, None, None)
    raise typer.Exit(run_history(paths, format.value, output, overrides, config, isolated))


@app.command("config")
def show_config(
    path: Annotated[Optional[Path], typer.Argument(help="A draft or folder (default: the current folder).", show_default=False)] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    rules: RulesOpt = [],
    no_builtin: Annotated[bool, typer.Option("--no-builtin", help="Do not load the built-in rules.")] = False,
    select: SelectOpt = [],
    ignore: IgnoreOpt = [],
    severity: SeverityOpt = [],
    model: Annotated[Optional[str], typer.Option("--model", help="spaCy pipeline: installed package name or path.")] = None,
    fail_on: Annotated[Optional[Severity], typer.Option("--fail-on", case_sensitive=False, help="Lowest severity that makes the exit code 1.")] = None,
    format: Annotated[Optional[str], typer.Option("--format", "-f", metavar="FORMAT", help="Report format.", show_default=False)] = None,
) -> None:
    """Show the configuration in effect for PATH and where each value came from."""
    from treatylint.cli.config_report import render_config
    from treatylint.settings import config_for, resolve

    target = path or Path(".")
    directory = target if target.is_dir() else target.parent
    overrides = _overrides(rules, no_builtin, select, ignore, severity, model, fail_on, _format_option(format))
    settings = resolve(config_for(directory, config, isolated), overrides)
    typer.echo(render_config(settings, json_output), nl=False)


def _debug_requested() -> bool:
    """``--debug`` anywhere on the command line (taken out before typer parses it), or
    TREATYLINT_DEBUG=1: errors then come with their traceback, for bug reports."""
    if "--debug" in sys.argv[1:]:
        sys.argv[1:] = [arg for arg in sys.argv[1:] if arg != "--debug"]
        os.environ["TREATYLINT_DEBUG"] = "1"  # for errors caught per draft, in workers too
        return True
    return bool(os.environ.get("TREATYLINT_DEBUG"))


def _shown(message: str) -> str:
    """An error message on one line, its file names' control characters made visible and no
    workflow command in it (CI logs read standard error too)."""
    from treatylint.reporters.common import defuse_commands, visible

    return defuse_commands(visible(message.strip(), newlines=False))


# what --help shows for a value, instead of internal type names (<list[Path]>, <int range>)
METAVARS = {
    "paths": "PATH", "path": "PATH", "rules": "DIR", "select": "RULES", "ignore": "RULES", "model": "NAME",
    "fail_on": "error|warning|info", "severity": "RULE=LEVEL", "config": "FILE", "include": "GLOB", "exclude": "GLOB",
    "stdin_filename": "NAME", "waivers": "FILE", "baseline": "FILE", "write_baseline": "FILE", "jobs": "N",
    "cache_dir": "DIR", "max_file_size": "SIZE", "rule_id": "RULE", "rules_dir": "DIR", "output": "DIR",
    "fingerprint": "FINGERPRINT", "reason": "TEXT", "rule": "RULE", "by": "NAME", "format": "FORMAT", "git": "REVISION",
}


def _command():
    """The click command behind ``app``, its values named for people (see ``METAVARS``)."""
    command = typer.main.get_command(app)
    for sub in getattr(command, "commands", {}).values():
        for param in sub.params:
            if param.metavar is None and not getattr(param, "is_flag", False):
                name = METAVARS.get(param.name or "", (param.name or "value").upper())
                param.metavar = name
            # typer appends its type names (<list[Path]>) to arguments' help (options show the
            # metavar), and ranges ([x>=1]) to both
            if type(param).__name__ == "TyperArgument":
                param.display_type_rich = lambda ctx=None: None
            param._get_number_range_help_str = lambda *a, **k: ""
    return command


def _usage_error(exc: Exception) -> str:
    """A click usage error as one line, with a suggestion for a misspelt option."""
    from treatylint.suggest import did_you_mean

    ctx = getattr(exc, "ctx", None)
    where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    option = getattr(exc, "option_name", None)
    if option is not None and type(exc).__name__ == "NoSuchOption" and ctx is not None:
        known = [o for p in ctx.command.params for o in getattr(p, "opts", []) + getattr(p, "secondary_opts", [])]
        return f"no such option {option}{did_you_mean(option, known)}{where}"
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    message = message.replace("Input should be greater than or equal to", "must be at least")
    message = message.replace("Value error, ", "").strip().rstrip(".")
    return f"{message[0].lower()}{message[1:]}{where}" if message else f"usage error{where}"


def main() -> None:
    debug = _debug_requested()
    try:
        code = _command().main(prog_name="treatylint", standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except TreatylintError as exc:
        if debug:
            traceback.print_exc()
        print(f"treatylint: error: {_shown(str(exc))}", file=sys.stderr)
        sys.exit(2)
    except (typer.Abort, KeyboardInterrupt):
        print("treatylint: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # click usage errors and anything unexpected
        import click

        # typer may vendor its own click: its usage errors are not click.ClickException
        vendored = tuple(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare 'treatylint': the help, like git
            print(exc.ctx.get_help() if getattr(exc, "ctx", None) else exc.format_message())
            sys.exit(0)
        if isinstance(exc, (click.ClickException, *vendored)):
            print(f"treatylint: error: {_shown(_usage_error(exc))}", file=sys.stderr)
            sys.exit(2)
        if debug:
            traceback.print_exc()
        message = _shown(str(exc))[:300]
        print(f"treatylint: internal error: {type(exc).__name__}: {message} (run again with --debug for a traceback, "
              "and please report it)", file=sys.stderr)
        sys.exit(2)
