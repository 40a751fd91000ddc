"""Writing a report to a file without ever touching a draft.

A report path may name a draft under another name: a hard link, a symbolic link, ``./x/../d.txt``.
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
