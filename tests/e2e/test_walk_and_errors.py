"""``treatylint check .`` in a repository with its virtual environment inside: the venv, hidden
folders and ignored files are skipped, every readable draft is reported, the unreadable one is
named in one line and listed in JSON and SARIF, and the exit code is 2 only because of it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from drafts_util import ENTRY, EXTREMISM, FALSE_INFO, PURPOSE, RIGHTS, draft

SRC = Path(__file__).resolve().parents[2] / "src"


def treatylint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "treatylint", *args, "--no-cache"], capture_output=True, text=True,
                          cwd=cwd, timeout=300, env=env)


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("clone")
    (root / ".git").mkdir()
    (root / "drafts").mkdir()
    (root / "drafts" / "a.txt").write_text(draft(PURPOSE, RIGHTS, EXTREMISM, ENTRY), encoding="utf-8")
    (root / "drafts" / "b.md").write_text(draft(PURPOSE, RIGHTS, FALSE_INFO, ENTRY), encoding="utf-8")
    (root / "drafts" / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (root / "drafts" / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    venv = root / ".venv"
    (venv / "lib" / "python3.12" / "site-packages" / "docx" / "templates").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (venv / "lib" / "python3.12" / "site-packages" / "docx" / "templates" / "default.docx").write_bytes(b"PK\x03\x04")
    (root / "env2").mkdir()  # a venv by another name
    (root / "env2" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (root / "env2" / "x.txt").write_text(draft(PURPOSE, EXTREMISM), encoding="utf-8")
    (root / ".pytest_cache").mkdir()
    (root / ".pytest_cache" / "README.md").write_text("# pytest cache\n", encoding="utf-8")
    (root / "README.md").write_text("# Our drafts\n\nSee drafts/.\n", encoding="utf-8")
    (root / "scratch").mkdir()
    (root / "scratch" / "c.txt").write_text(draft(PURPOSE, EXTREMISM), encoding="utf-8")
    (root / ".gitignore").write_text("scratch/\n", encoding="utf-8")
    return root


def test_walk_skips_and_carries_on_after_an_unreadable_draft(clone):
    result = treatylint("check", ".", cwd=clone)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and "broken.docx" in errors[0] and "Traceback" not in result.stderr
    assert "drafts/a.txt" in result.stdout and "drafts/b.md" in result.stdout
    assert "old.doc: skipped" in result.stdout
    for skipped in (".venv", "env2", "scratch", ".pytest_cache", "README.md"):
        assert skipped not in result.stdout


def test_json_and_sarif_list_the_failed_file(clone):
    result = treatylint("check", ".", "-f", "json", cwd=clone)
    assert result.returncode == 2
    payload = json.loads(result.stdout)
    assert payload["files"] == ["drafts/a.txt", "drafts/b.md"]
    assert [e["path"] for e in payload["errors"]] == ["drafts/broken.docx"]
    assert {f["path"] for f in payload["findings"]} == {"drafts/a.txt", "drafts/b.md"}
    sarif = json.loads(treatylint("check", ".", "-f", "sarif", cwd=clone).stdout)
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    failed = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert failed[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "drafts/broken.docx"


def test_no_ignore_walks_everything(clone):
    payload = json.loads(treatylint("check", ".", "-f", "json", "--no-ignore", cwd=clone).stdout)
    assert {"env2/x.txt", "scratch/c.txt", "README.md"} <= set(payload["files"])
    assert ".venv/lib/python3.12/site-packages/docx/templates/default.docx" in [e["path"] for e in payload["errors"]]


def test_only_errors_give_exit_2(clone):
    assert treatylint("check", "drafts/a.txt", cwd=clone).returncode == 1
    assert treatylint("check", "drafts/a.txt", "drafts/broken.docx", "--exit-zero", cwd=clone).returncode == 2


def test_github_and_markdown_name_the_failed_file(clone):
    github = treatylint("check", ".", "-f", "github", cwd=clone)
    assert github.returncode == 2
    assert github.stdout.splitlines()[0].startswith("::error file=drafts/broken.docx,title=treatylint%3A unreadable draft::")
    markdown = treatylint("check", ".", "-f", "markdown", cwd=clone).stdout
    assert "**1 file could not be read:**" in markdown and "`drafts/broken.docx`" in markdown


def test_failures_are_never_cached_and_standard_input_carries_on_too(clone, tmp_path):
    cache = str(tmp_path / "cache")
    for _ in range(2):  # the second run answers the readable drafts from the cache
        result = subprocess.run([sys.executable, "-m", "treatylint", "check", ".", "-f", "json", "--cache-dir", cache],
                                capture_output=True, text=True, cwd=clone, timeout=300,
                                env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"})
        assert result.returncode == 2 and json.loads(result.stdout)["errors"][0]["path"] == "drafts/broken.docx"
    piped = subprocess.run([sys.executable, "-m", "treatylint", "check", "drafts/a.txt", "-", "-f", "json", "--no-cache"],
                           input=b"\x00\x01\x02\xff" * 100, capture_output=True, cwd=clone, timeout=300,
                           env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"})
    payload = json.loads(piped.stdout)
    assert piped.returncode == 2 and payload["files"] == ["drafts/a.txt"] and payload["errors"][0]["path"] == "<stdin>"


def test_a_baseline_written_past_an_unreadable_draft_exits_2(clone, tmp_path):
    result = treatylint("check", ".", "--write-baseline", str(tmp_path / "baseline.yaml"), cwd=clone)
    assert result.returncode == 2 and "broken.docx" in result.stderr and "recorded in" in result.stderr
