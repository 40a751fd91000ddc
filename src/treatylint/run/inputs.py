"""Which drafts a run checks: files, directories walked recursively, globs, standard input.

Directories are walked for drafts: files whose names match an ``include`` glob (default: the
draft formats treatylint reads). ``exclude`` globs apply everywhere, to files named on the
command line too, so a config's exclusions hold under pre-commit, which passes files by name.
A glob matches a file's name, or any run of folders plus the name relative to the folder
given (``archive``, ``old/*.txt``, ``**/drafts/*.md``); a trailing ``/`` is ignored.
What a walk skips by default (ignored, hidden, virtual environments, project documents) is
``walk.py``'s job.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path, PurePath

from treatylint.errors import InputError

STDIN = "-"


@dataclass(frozen=True)
class Input:
    """One draft to check: a file, or standard input under a display name."""

    path: Path | None  # None for standard input
    name: str

    @property
    def is_stdin(self) -> bool:
        return self.path is None


def _draft_suffixes() -> tuple[str, ...]:
    """The suffixes the readers handle, looked up late so new readers are picked up."""
    from treatylint.document.formats import FORMAT_SUFFIXES

    return tuple(FORMAT_SUFFIXES)


def _pattern(glob: str) -> str:
    glob = glob.strip().rstrip("/")
    while glob.startswith("**/"):
        glob = glob[3:]
    return glob.removeprefix("./")


def matches(relative: PurePath, globs: list[str], whole_path_only: bool = False) -> bool:
    """Does a glob match the name, or any folders-plus-name (or any folder run, for excludes)?"""
    parts = relative.parts
    for glob in map(_pattern, globs):
        for start in range(len(parts)):
            ends = [len(parts)] if whole_path_only else range(start + 1, len(parts) + 1)
            if any(fnmatch.fnmatchcase("/".join(parts[start:end]), glob) for end in ends):
                return True
    return False


def _included(relative: PurePath, include: list[str]) -> bool:
    if include:
        return matches(relative, include, whole_path_only=True)
    return relative.suffix.lower() in _draft_suffixes()


def collect_inputs(paths: list[str | Path], include: list[str] | None = None, exclude: list[str] | None = None,
                   stdin_filename: str | None = None, respect_ignores: bool = True,
                   notices: list[str] | None = None) -> list[Input]:
    """The drafts named by ``paths`` in order, directories expanded (sorted), no duplicates.
    Files a walk left out for their type are added to ``notices``."""
    from treatylint.run.walk import walk

    include, exclude = include or [], exclude or []
    collected: list[Input] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            collected.append(Input(path, str(path)))

    for raw in paths:
        if str(raw) == STDIN:
            collected.append(Input(None, stdin_filename or "<stdin>"))
            continue
        path = Path(raw)
        if path.is_dir():
            walked = walk(path, lambda relative: _included(relative, include), respect_ignores,
                          excluded=lambda relative: matches(relative, exclude))
            if notices is not None:
                notices += walked.notices
            if not walked.files and not walked.excluded and not walked.notices:
                hint = (f" ({walked.skipped} files or folders skipped as ignored, hidden, environments or project "
                        "documents; --no-ignore includes them)") if walked.skipped else ""
                raise InputError(f"{path}: directory contains no drafts{hint}")
            for p in walked.files:
                add(p)
        elif not exclude or not matches(PurePath(path.as_posix().lstrip("/")), exclude):
            add(path)
    return collected
