"""Directory walks that behave like ruff's: which files under a folder are drafts to check.

A repository holds much that is not a draft: a virtual environment (whose package data holds
``.docx`` templates), caches, build output, files git ignores, the project's own README. So a
walk skips, unless ``--no-ignore`` is given:

* folders whose name starts with ``.`` (``.git``, ``.venv``, ``.pytest_cache`` ...);
* virtual environments (any folder holding ``pyvenv.cfg``), ``node_modules``, ``__pycache__``,
  ``build``, ``dist`` and ``*.egg-info``;
* whatever a ``.gitignore`` or ``.ignore`` file says, in the walked tree and in the folders above
  it up to the repository root (git's own pattern rules, via ``pathspec``);
* project documents (README, CHANGELOG, LICENSE, CONTRIBUTING, CODE_OF_CONDUCT ...) and
  treatylint's own HTML reports (a CI run that wrote ``report.html`` must not check it next time).

A file named on the command line is always checked: these rules only decide what a walk finds.
Files in a document format treatylint cannot read (``.doc``, ``.odt`` ...) are not checked but
reported as notices, so a draft is never left out silently.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

IGNORE_FILES = (".gitignore", ".ignore")
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "build", "dist", "site-packages", "venv"})
PROJECT_DOCUMENTS = frozenset({
    "readme", "changelog", "changes", "history", "news", "license", "licence", "copying", "notice",
    "contributing", "code_of_conduct", "code-of-conduct", "security", "authors", "contributors",
    "maintainers", "support", "governance",
})
# document formats a drafter may have, that no reader handles: named in a notice, never silent
UNREAD_FORMATS = {
    ".doc": "a legacy Word file; save it as .docx or PDF",
    ".dot": "a legacy Word template; save it as .docx",
    ".rtf": "an RTF file; save it as .docx or PDF",
    ".odt": "an OpenDocument file; save it as .docx or PDF",
    ".pages": "an Apple Pages file; export it as .docx or PDF",
    ".wpd": "a WordPerfect file; save it as .docx or PDF",
    ".epub": "an e-book; save the text as .txt or PDF",
}


@dataclass
class Walk:
    """What a walk found: drafts in sorted order, and notices about files left out for their type."""

    files: list[Path] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    excluded: int = 0  # files and folders left out by the caller's exclude globs (deliberately)
    skipped: int = 0  # files and folders left out by the default skips and ignore files


def is_project_document(name: str) -> bool:
    """README.md, LICENSE, CHANGELOG.rst, CODE_OF_CONDUCT.md ...: the project's, not a draft."""
    return name.split(".", 1)[0].lower() in PROJECT_DOCUMENTS


def is_own_report(path: Path) -> bool:
    """An HTML page treatylint wrote (``--format html``): a report, not a draft to check again."""
    if path.suffix.lower() not in (".html", ".htm"):
        return False
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
    except OSError:
        return False
    return b'<meta name="generator" content="treatylint' in head


def skipped_folder(path: Path) -> bool:
    """A folder no walk enters by default: hidden, a virtual environment, a cache or build output."""
    name = path.name
    return (
        name.startswith(".") or name in SKIPPED_FOLDERS or name.endswith(".egg-info")
        or (path / "pyvenv.cfg").is_file()
    )


class _IgnoreFile:
    """One .gitignore/.ignore: git's patterns, matched relative to the folder that holds it."""

    def __init__(self, folder: Path, lines: list[str]) -> None:
        import pathspec

        self.folder = folder
        self.spec = pathspec.GitIgnoreSpec.from_lines(lines)

    def decides(self, path: Path, is_dir: bool) -> bool | None:
        """True ignored, False re-included by a ``!pattern``, None no pattern applies."""
        try:
            relative = PurePosixPath(path.relative_to(self.folder).as_posix())
        except ValueError:
            return None
        name = str(relative) + ("/" if is_dir else "")
        verdict = None
        for pattern in self.spec.patterns:  # the last pattern that matches decides (git's rule)
            if pattern.include is not None and pattern.match_file(name) is not None:
                verdict = pattern.include
        return verdict


def _ignore_files(folder: Path) -> list[_IgnoreFile]:
    found = []
    for name in IGNORE_FILES:
        path = folder / name
        if path.is_file():
            try:
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
            found.append(_IgnoreFile(folder, lines))
    return found


def _ancestors(root: Path) -> list[Path]:
    """Folders above ``root`` whose ignore files apply: up to the repository root (``.git``),
    outermost first; none when ``root`` is not inside a repository."""
    if (root / ".git").exists():
        return []
    chain = []
    for parent in root.parents:
        chain.append(parent)
        if (parent / ".git").exists():
            return list(reversed(chain))
    return []


def _ignored(stack: list[_IgnoreFile], path: Path, is_dir: bool) -> bool:
    """Git's rule: the deepest ignore file that has a say decides; later lines win within one."""
    verdict = False
    for ignore in stack:
        decided = ignore.decides(path, is_dir)
        if decided is not None:
            verdict = decided
    return verdict


def walk(root: Path, wanted: Callable[[Path], bool], respect_ignores: bool = True,
         excluded: Callable[[Path], bool] = lambda _: False) -> Walk:
    """The drafts under ``root``: files ``wanted`` (a path relative to ``root``) says are drafts,
    none ``excluded`` (folders are pruned by it too), and the default skips unless
    ``respect_ignores`` is False. Symbolic links to folders are not followed (no loops)."""
    found = Walk()
    base = root.resolve()
    stack: list[_IgnoreFile] = []
    if respect_ignores:
        for folder in _ancestors(base):
            stack += _ignore_files(folder)
        if _ignored(stack, base, True):
            stack = []  # a folder named on the command line is checked even if git ignores it

    def visit(folder: Path, stack: list[_IgnoreFile]) -> Iterator[Path]:
        if respect_ignores:
            stack = stack + _ignore_files(folder.resolve())
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            path = Path(entry.path)
            relative = path.relative_to(root)
            is_dir = entry.is_dir(follow_symlinks=False)
            if excluded(relative):
                found.excluded += 1
                continue
            if respect_ignores and (_ignored(stack, base / relative, is_dir) or (
                    skipped_folder(path) if is_dir else is_project_document(entry.name) or is_own_report(path))):
                found.skipped += 1
                continue
            if is_dir:
                yield from visit(path, stack)
            elif entry.is_file():
                if wanted(relative):
                    yield path
                elif path.suffix.lower() in UNREAD_FORMATS:
                    found.notices.append(f"{path}: skipped: {UNREAD_FORMATS[path.suffix.lower()]}")

    found.files = list(visit(root, stack))
    return found
