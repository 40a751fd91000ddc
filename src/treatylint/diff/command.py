"""What ``treatylint diff`` and ``treatylint history`` do once the CLI has parsed their options.

Both check every round through one verbose ``Session`` (the suppressed candidates name the
safeguards the engine saw), so configuration, rules and waivers apply exactly as in ``check``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from treatylint.diff.rounds import Round, check_round
from treatylint.errors import InputError, UsageError


def _session(overrides, config: Path | None, isolated: bool):
    from treatylint.run.session import Session

    return Session(overrides, config=config, isolated=isolated, verbose=True)


def _finder(session):
    from treatylint.diff.safeguards import SafeguardFinder

    return SafeguardFinder(session.linter_for(session.settings).engine)


def git_show(base: str, path: Path) -> bytes:
    """The draft at ``path`` as it was in revision ``base`` (``git show BASE:./name``)."""
    if base.startswith("-"):
        raise UsageError(f"--git: {base!r} is not a revision")
    directory = path.resolve().parent
    try:
        done = subprocess.run(["git", "show", f"{base}:./{path.name}"], cwd=directory, capture_output=True,
                              timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError(f"{path}: cannot run git ({exc})") from None
    if done.returncode != 0:
        reason = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["git show failed"])[-1]
        raise InputError(f"{path}: not readable at revision {base!r} ({reason.removeprefix('fatal: ')})")
    return done.stdout


def read_rounds(session, paths: list[Path]) -> list[Round]:
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path}: {'is a directory, not a draft' if path.is_dir() else 'file not found'}")
    return [check_round(session, path, str(path)) for path in paths]


def notify(rounds: list[Round]) -> None:
    """The readers' and parser's notices (a text read as one provision...), on standard error:
    a diff of a draft the parser could not structure must say so."""
    import typer

    from treatylint.reporters.common import one_line

    for notice in dict.fromkeys(n for r in rounds for n in r.notices):
        typer.echo(f"notice: {one_line(notice)}", err=True)


def guard_output(session, paths: list[Path], output: Path | None) -> None:
    """Refuse, before any work, an ``--output`` that is one of the rounds or another file the
    run reads (``treatylint diff old.txt new.txt -o new.txt`` replaced the new round)."""
    if output is None:
        return
    from treatylint.reporters.output_file import refuse_overwrites
    from treatylint.run.inputs import Input

    refuse_overwrites([("--output", output)], session.input_files([Input(p, str(p)) for p in paths]))


def write(text: str, output: Path | None) -> None:
    import typer

    from treatylint.reporters.output_file import write_atomically

    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        write_atomically(output, text)
    except OSError as exc:
        raise InputError(f"{output}: cannot write the report ({exc.strerror or exc})") from None


def run_diff(paths: list[Path], git: str | None, format: str, output: Path | None, overrides: dict,
             config: Path | None, isolated: bool, fail_on_new: bool) -> int:
    from treatylint.diff.compare import diff_rounds
    from treatylint.diff.reporters import diff_renderer

    session = _session(overrides, config, isolated)
    guard_output(session, paths, output)
    if git is not None:
        if len(paths) != 1:
            raise UsageError("diff --git BASE takes one draft: treatylint diff --git BASE -- draft.txt")
        path = paths[0]
        if not path.is_file():
            raise InputError(f"{path}: file not found")
        old = check_round(session, None, f"{git}:{path}", data=git_show(git, path))
        new = check_round(session, path, str(path))
    else:
        if len(paths) != 2:
            raise UsageError("diff takes two drafts: treatylint diff OLD NEW (or --git BASE -- DRAFT)")
        old, new = read_rounds(session, paths)
    notify([old, new])
    result = diff_rounds(old, new, _finder(session))
    write(diff_renderer(format)(result), output)
    if fail_on_new:
        level = session.settings.fail_on
        return 1 if any(m.finding.severity.rank >= level.rank for m in result.delta.introduced) else 0
    return 0


def run_history(paths: list[Path], format: str, output: Path | None, overrides: dict, config: Path | None,
                isolated: bool) -> int:
    from treatylint.diff.history import history
    from treatylint.diff.reporters import history_renderer

    if len(paths) < 2:
        raise UsageError("history takes two or more rounds, oldest first: treatylint history R1 R2 ...")
    session = _session(overrides, config, isolated)
    guard_output(session, paths, output)
    rounds = read_rounds(session, paths)
    notify(rounds)
    result = history(rounds, _finder(session))
    write(history_renderer(format)(result), output)
    return 0
