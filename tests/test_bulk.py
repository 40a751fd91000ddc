"""Inputs in bulk: several files and folders, include/exclude globs, standard input, statistics."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path, PurePath

from drafts_util import cli as run, EXTREMISM, ENTRY, FALSE_INFO, PURPOSE, RIGHTS, draft
from treatylint.run.inputs import collect_inputs, matches

DRAFT = draft(PURPOSE, RIGHTS, EXTREMISM, ENTRY)
CLEAN = draft(PURPOSE, RIGHTS, ENTRY)


def run_subprocess(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "treatylint", *args], capture_output=True, cwd=cwd, timeout=300, input=stdin)


def tree(root: Path) -> None:
    for name, text in {
        "a.txt": DRAFT, "notes.rst": DRAFT, "sub/b.md": DRAFT, "sub/archive/old.txt": DRAFT,
        "other/c.txt": draft(PURPOSE, RIGHTS, FALSE_INFO, ENTRY), "other/d.txt": CLEAN,
    }.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def names(inputs) -> list[str]:
    return [PurePath(i.name).as_posix() for i in inputs]


def test_globs_match_names_and_folder_runs():
    assert matches(PurePath("sub/archive/old.txt"), ["archive"])
    assert matches(PurePath("sub/archive/old.txt"), ["**/archive/"])
    assert matches(PurePath("sub/archive/old.txt"), ["archive/*.txt"])
    assert not matches(PurePath("sub/archived.txt"), ["archive"])
    assert matches(PurePath("sub/b.md"), ["*.md"], whole_path_only=True)


def test_collect_files_folders_globs_and_stdin(tmp_path, monkeypatch):
    tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert names(collect_inputs(["."])) == ["a.txt", "other/c.txt", "other/d.txt", "sub/archive/old.txt", "sub/b.md"]
    assert names(collect_inputs(["sub", "a.txt", "sub/b.md"], exclude=["archive"])) == ["sub/b.md", "a.txt"]
    assert names(collect_inputs(["."], include=["*.rst", "other/*"])) == ["notes.rst", "other/c.txt", "other/d.txt"]
    assert names(collect_inputs(["a.txt", "other/c.txt"], exclude=["c.txt"])) == ["a.txt"]
    stdin = collect_inputs(["-", "a.txt"], stdin_filename="drafts/x.txt")
    assert stdin[0].is_stdin and stdin[0].name == "drafts/x.txt" and names(stdin)[1] == "a.txt"


def test_check_many_inputs_with_config_globs_and_statistics(tmp_path):
    tree(tmp_path)
    (tmp_path / ".treatylint.yaml").write_text("exclude: [archive, notes.rst]\nfail-on: error\n", encoding="utf-8")
    result = run("check", ".", "-f", "json", cwd=tmp_path)
    payload = json.loads(result.stdout)
    assert payload["files"] == ["a.txt", "other/c.txt", "other/d.txt", "sub/b.md"]
    assert result.returncode == 1
    stats = run("check", ".", "--statistics", cwd=tmp_path)
    rows = [line.split() for line in stats.stdout.splitlines()]
    counts = {rule: int(n) for n, rule, _ in rows}
    assert counts["content-crime/expression-offence"] == 3  # a.txt, sub/b.md, other/c.txt
    assert all(len(row) == 3 and row[2] == row[1].split("/")[0] for row in rows)
    assert [int(r[0]) for r in rows] == sorted((int(r[0]) for r in rows), reverse=True)
    stats_json = json.loads(run("check", ".", "--statistics", "-f", "json", cwd=tmp_path).stdout)
    assert {"count": 3, "rule_id": "content-crime/expression-offence", "category": "content-crime"} in stats_json
    assert run("check", "other/d.txt", cwd=tmp_path).returncode == 0
    assert run("check", ".", "--exit-zero", cwd=tmp_path).returncode == 0


def test_standard_input(tmp_path):
    result = run_subprocess("check", "-", "-f", "json", cwd=tmp_path, stdin=DRAFT.encode("utf-16"))  # the real stdin
    payload = json.loads(result.stdout)
    assert result.returncode == 1 and payload["files"] == ["<stdin>"]
    assert {f["path"] for f in payload["findings"]} == {"<stdin>"}
    named = run("check", "-", "--stdin-filename", "drafts/new.txt", cwd=tmp_path, stdin=CLEAN.encode())
    assert named.returncode == 0 and "1 file checked" in named.stdout
    empty = run("check", "-", cwd=tmp_path, stdin=b"")
    assert empty.returncode == 2 and empty.stderr.strip() == "treatylint: error: <stdin>: file is empty"
