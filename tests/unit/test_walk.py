"""Directory walks skip what is not a draft, like ruff's: ignore files, hidden folders, virtual
environments, caches, build output and project documents; ``--no-ignore`` turns that off."""

from __future__ import annotations

from pathlib import Path, PurePath

from treatylint.run.inputs import collect_inputs


def make(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Article 1\n\nText.\n", encoding="utf-8")


def found(root: Path, **kwargs) -> list[str]:
    return [PurePath(i.path).relative_to(root).as_posix() for i in collect_inputs([root], **kwargs)]


def test_default_skips(tmp_path):
    make(tmp_path, "draft.txt", "drafts/b.md", ".hidden/c.txt", "env/lib/site/x.txt", "node_modules/p/readme.txt",
         "__pycache__/x.txt", "build/out.txt", "dist/out.txt", "pkg.egg-info/PKG-INFO.txt", ".pytest_cache/v.txt",
         "README.md", "CHANGELOG.md", "LICENSE.txt", "docs/CONTRIBUTING.md", "CODE_OF_CONDUCT.md")
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    assert found(tmp_path) == ["draft.txt", "drafts/b.md"]
    everything = found(tmp_path, respect_ignores=False)
    assert {"env/lib/site/x.txt", ".hidden/c.txt", "build/out.txt", "README.md", "node_modules/p/readme.txt"} <= set(everything)


def test_gitignore_and_ignore_files_with_git_semantics(tmp_path):
    make(tmp_path, "a.txt", "old/b.txt", "keep/c.txt", "keep/notes.txt", "sub/tmp.txt", "sub/deep/d.txt", "sub/e.log.txt")
    (tmp_path / ".gitignore").write_text("old/\n*.log.txt\n# comment\n/sub/deep\n", encoding="utf-8")
    (tmp_path / "keep" / ".ignore").write_text("*.txt\n!c.txt\n", encoding="utf-8")
    (tmp_path / "sub" / ".gitignore").write_text("tmp.txt\n", encoding="utf-8")
    assert found(tmp_path) == ["a.txt", "keep/c.txt"]
    assert len(found(tmp_path, respect_ignores=False)) == 7


def test_ignore_files_above_the_walked_folder_up_to_the_repository(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("drafts/scratch/\n", encoding="utf-8")
    make(tmp_path, "drafts/a.txt", "drafts/scratch/b.txt")
    assert found(tmp_path / "drafts") == ["a.txt"]


def test_named_files_are_always_checked_and_unread_formats_are_notices(tmp_path):
    make(tmp_path, "README.md", "build/x.txt", "a.txt")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "code.py").write_text("print(1)\n", encoding="utf-8")
    named = collect_inputs([tmp_path / "README.md", tmp_path / "build" / "x.txt"])
    assert [i.path.name for i in named] == ["README.md", "x.txt"]
    notices: list[str] = []
    assert found(tmp_path, notices=notices) == ["a.txt"]
    assert len(notices) == 1 and "old.doc: skipped" in notices[0] and ".docx" in notices[0]  # not code.py


def test_a_folder_with_nothing_but_skipped_files_says_so(tmp_path):
    import pytest

    from treatylint.errors import InputError

    make(tmp_path, "README.md", ".venv/x.txt")
    with pytest.raises(InputError, match="no drafts .*2 files or folders skipped.*--no-ignore"):
        collect_inputs([tmp_path])
    assert found(tmp_path, exclude=["README.md"]) == []  # left out on purpose: no error


def test_treatylint_html_reports_are_not_drafts(tmp_path):
    make(tmp_path, "a.txt")
    (tmp_path / "report.html").write_text('<!doctype html><html><head><meta charset="utf-8">\n'
                                          '<meta name="generator" content="treatylint 0.1.0"></head></html>', encoding="utf-8")
    (tmp_path / "draft.html").write_text("<html><body><h2>Article 1</h2><p>Text.</p></body></html>", encoding="utf-8")
    assert found(tmp_path) == ["a.txt", "draft.html"]
    assert "report.html" in found(tmp_path, respect_ignores=False)


def test_a_named_folder_that_git_ignores_is_still_walked(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("build/\n", encoding="utf-8")
    make(tmp_path, "build/drafts/a.txt", "b.txt")
    assert found(tmp_path) == ["b.txt"]
    assert found(tmp_path / "build" / "drafts") == ["a.txt"]
