"""``treatylint check --diff-base BASE``: report (and fail on) only the findings a change introduced.

Each checked draft is compared with its version at git revision BASE by the same alignment and
matching as ``treatylint diff``; findings that persist (however the articles were renumbered or
moved) are dropped from the run, so every report format, SARIF and GitHub annotations included,
shows only what is new. A finding whose severity rose counts as new at its new severity. A draft
that did not exist at BASE is new as a whole: all its findings stay.
"""

from __future__ import annotations

from pathlib import Path

from treatylint.diff.align import align, number_map
from treatylint.diff.classify import classify
from treatylint.diff.command import git_show
from treatylint.diff.delta import compare_findings
from treatylint.diff.rounds import check_round, from_result
from treatylint.errors import InputError


def _exists_at(base: str, path: Path) -> bool:
    import subprocess

    done = subprocess.run(["git", "cat-file", "-e", f"{base}:./{path.name}"], cwd=path.resolve().parent,
                          capture_output=True, timeout=60, check=False)
    return done.returncode == 0


def _verify(base: str, directory: Path) -> None:
    import subprocess

    if base.startswith("-"):
        from treatylint.errors import UsageError

        raise UsageError(f"--diff-base: {base!r} is not a revision")
    try:
        done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], cwd=directory,
                              capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError(f"--diff-base: cannot run git ({exc})") from None
    if done.returncode != 0:
        raise InputError(f"--diff-base: {base!r} is not a commit of the git repository at {directory}")


def keep_introduced(run, base: str, session) -> list[str]:
    """Drop from ``run``'s results every finding that was already there at ``base``; the
    notices say which drafts were new at ``base``."""
    notices: list[str] = []
    verified: set[Path] = set()
    for result in run.results:
        path = Path(result.path)
        if not path.is_file():
            continue
        if path.resolve().parent not in verified:
            _verify(base, path.resolve().parent)
            verified.add(path.resolve().parent)
        if not _exists_at(base, path):
            notices.append(f"{result.path}: not in revision {base}; all its findings are new")
            continue
        try:
            old = check_round(session, None, str(path), data=git_show(base, path))
        except InputError as exc:
            raise InputError(f"--diff-base: {exc}") from None
        new = from_result(result.path, result.document, result.findings)
        links = align(old.units, new.units)
        delta = compare_findings(classify(links, number_map(links)), old, new)
        keep = {id(m.finding) for m in delta.introduced}
        keep |= {id(m.finding) for m in delta.changed
                 if m.counterpart is not None and m.finding.severity.rank > m.counterpart.severity.rank}
        result.findings = [f for f in result.findings if id(f) in keep]
    return notices
