"""Writing a report to a file without ever touching a draft or any other file the run reads.

An output (``--output``, ``--write-baseline``, ``diff -o``) may name an input under another name:
a hard link, a symbolic link, ``./x/../d.txt``; and the inputs are not only the drafts but the
config file, the waiver and baseline files and the rule packs' files (``-o .treatylint.yaml``
once replaced the config with a report, ``--write-baseline draft.txt`` the draft itself).
Resolved paths do not see a hard link, so files are compared by device and inode, the way the
operating system tells two names of one file apart. Reports are written to a temporary file in
the target's folder and renamed over it, so an interrupted run never leaves half a report, and
the rename replaces the directory entry instead of writing into whatever file it named.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except (OSError, ValueError):
        return None
    return stat.st_dev, stat.st_ino


def clashes_with(target: Path, inputs: Iterable[Path]) -> Path | None:
    """The input that ``target`` is (same device and inode, or the same resolved path), if any."""
    identity = _identity(target)
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):
        resolved = None
    for path in inputs:
        if identity is not None and _identity(path) == identity:
            return path
        try:
            if resolved is not None and path.resolve() == resolved:
                return path
        except (OSError, RuntimeError):
            continue
    return None


def refuse_overwrites(targets: list[tuple[str, Path]], inputs: list[tuple[Path, str]]) -> None:
    """A usage error when an output (``(option, path)``) is one of the run's ``inputs``
    (``(path, what it is)``, e.g. "a draft being checked") or an earlier output; checked before
    the run, so nothing is computed for a report that could not be written."""
    from treatylint.errors import UsageError
    from treatylint.reporters.common import visible

    roles: dict[Path, str] = {}
    for path, role in inputs:
        roles.setdefault(path, role)
    for index, (option, target) in enumerate(targets):
        shown = visible(str(target), newlines=False)
        clash = clashes_with(target, list(roles))
        if clash is not None:
            linked = os.path.realpath(clash) != os.path.realpath(target)
            what = f"is the same file as {visible(str(clash), newlines=False)} (a link)" if linked else "is"
            raise UsageError(f"{shown}: {option} {what}, {roles[clash]}; it would be overwritten")
        if clashes_with(target, [other for _, other in targets[:index]]) is not None:
            raise UsageError(f"{shown}: two reports ({option} and an earlier one) would go to the same file")


def write_atomically(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8; a character UTF-8 cannot hold is written as an escape) to a
    temporary file beside ``target``, then rename it over ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:40]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
