"""The pre-commit hook: its manifest, and its entry run the way pre-commit runs it.

``pre-commit try-repo`` itself builds a fresh virtualenv and installs treatylint and spaCy into
it from PyPI, so it needs the network and ~20 s; it runs only when pre-commit is installed and
``TREATYLINT_TRY_REPO=1`` is set. The always-on test checks the same contract offline.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

HOOKS = REPO / ".pre-commit-hooks.yaml"
SAMPLE = REPO / "corpora" / "sample-draft.txt"
CLEAN = """Agreement on Cultural Exchange

Article 1
Purpose

The Parties shall promote exchanges between their museums and libraries.
"""


def _hook() -> dict:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    return hooks[0]


DRAFTS = ["drafts/convention.txt", "drafts/round-3/chair-text.docx", "Drafts/Proposal.PDF", "texts/a.text",
          "treaties/budapest.md", "negotiation/proposals/art-5.html", "sub/draft/b.markdown", "anywhere/ahc.akn",
          "treaty/akn/act.xml"]
NOT_DRAFTS = ["README.md", "CHANGELOG.md", "docs/guide.md", "notes/draft.md", "drafts/README.md", "drafts/LICENSE",
              "texts/CONTRIBUTING.md", "drafts/changelog.txt", "src/x.py", "drafts/a.txt.bak", "data.json",
              "requirements.txt", "pyproject.toml", "drafts/figure.png", "draft.txt"]


def _selected(hook: dict, paths: list[str]) -> list[str]:
    """The files pre-commit hands the hook: ``files`` matches (re.search) and ``exclude`` does not."""
    files, exclude = re.compile(hook["files"]), re.compile(hook.get("exclude", "^$"))
    return [p for p in paths if files.search(p) and not exclude.search(p)]


def test_hook_manifest_fields():
    hook = _hook()
    assert hook["id"] == "treatylint" and hook["name"]
    assert hook["language"] == "python"
    assert hook["entry"] == "treatylint check"
    assert hook["types"] == ["file"]  # not [text]: Word and PDF drafts are binary files


def test_hook_default_pattern_targets_drafts_not_documentation():
    hook = _hook()
    assert _selected(hook, DRAFTS) == DRAFTS
    assert _selected(hook, NOT_DRAFTS) == []


def test_hook_leaves_the_repository_documentation_alone(tmp_path):
    """A repository whose README quotes a flagged clause: with the hook's default pattern only
    the draft is checked, and the report names it alone."""
    script = Path(sys.executable).parent / "treatylint"
    executable = str(script) if script.exists() else shutil.which("treatylint")
    if executable is None:
        pytest.skip("the treatylint console script is not installed")
    (tmp_path / "drafts").mkdir()
    shutil.copy(SAMPLE, tmp_path / "drafts" / "draft.txt")
    quoted = SAMPLE.read_text(encoding="utf-8")
    for name in ("README.md", "CHANGELOG.md", "drafts/README.md"):
        (tmp_path / name).write_text(quoted, encoding="utf-8")
    staged = ["README.md", "CHANGELOG.md", "drafts/README.md", "drafts/draft.txt"]
    chosen = _selected(_hook(), staged)
    assert chosen == ["drafts/draft.txt"]
    entry = shlex.split(_hook()["entry"])
    result = subprocess.run([executable, *entry[1:], *chosen], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 1, result.stderr
    assert "drafts/draft.txt" in result.stdout and "README" not in result.stdout and "CHANGELOG" not in result.stdout


def test_hook_entry_runs_on_drafts_like_pre_commit(tmp_path):
    """pre-commit runs ``entry`` followed by the staged file names that match ``files``."""
    script = Path(sys.executable).parent / "treatylint"
    executable = str(script) if script.exists() else shutil.which("treatylint")
    if executable is None:
        pytest.skip("the treatylint console script is not installed")
    entry = shlex.split(_hook()["entry"])
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    flagged = subprocess.run([executable, *entry[1:], str(SAMPLE), str(clean)], capture_output=True, text=True,
                             cwd=tmp_path, timeout=300)
    assert flagged.returncode == 1, flagged.stderr  # findings fail the commit
    assert "content-crime" in flagged.stdout and "2 files checked" in flagged.stdout
    passing = subprocess.run([executable, *entry[1:], str(clean)], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert passing.returncode == 0, passing.stdout + passing.stderr


@pytest.mark.skipif(os.environ.get("TREATYLINT_TRY_REPO") != "1", reason="set TREATYLINT_TRY_REPO=1 (needs network)")
def test_pre_commit_try_repo(tmp_path):
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(pre_commit).exists():
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    project = tmp_path / "project"
    (project / "drafts").mkdir(parents=True)
    shutil.copy(SAMPLE, project / "drafts" / "draft.txt")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "."], cwd=project, check=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    result = subprocess.run([pre_commit, "try-repo", str(REPO), "treatylint", "--ref", head, "--all-files"],
                            cwd=project, capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    assert "treatylint" in result.stdout and "Failed" in result.stdout
    assert "drafts/draft.txt:" in result.stdout and "Found" in result.stdout
