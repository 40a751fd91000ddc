"""The README is a user guide: its install and test commands are the ones CI runs, its first
screen shows them and a sample of real output, it stays short, and every relative link in it and
in docs/ leads to a file that exists."""

from __future__ import annotations

import re

from conftest import REPO

README = REPO / "README.md"
INSTALL = 'python3 -m venv .venv && . .venv/bin/activate && pip install ".[test]"'


def test_the_two_commands_and_a_sample_on_the_first_screen():
    lines = README.read_text(encoding="utf-8").splitlines()
    first_screen = "\n".join(lines[:70])
    assert INSTALL in first_screen and "\npython -m pytest\n" in first_screen
    assert "treatylint check corpora/sample-draft.txt" in first_screen
    assert re.search(r"corpora/sample-draft\.txt:\d+:\d+  (error|warning)", first_screen), "a real sample of the output"
    assert len(lines) <= 260, f"{len(lines)} lines: move detail to docs/"


def test_ci_runs_the_readme_commands():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m venv .venv" in script and '. .venv/bin/activate' in script
    assert 'pip install --quiet "$@" ".[test]"' in script and "python -m pytest" in script


def test_relative_links_resolve():
    for page in [README, *sorted((REPO / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            assert (page.parent / target).exists(), f"{page.name}: {target}"


def test_the_sample_output_is_what_the_command_prints():
    """Lines of the README's sample (between its '...' marks) appear in the real output, in order:
    when the report changes, the README's sample must be pasted again."""
    import subprocess
    import sys

    text = README.read_text(encoding="utf-8")
    block = re.search(r"An excerpt of the real output.*?\n```\n(.*?)\n```", text, re.S).group(1)
    sample = [line for line in block.splitlines() if line.strip() != "..."]
    done = subprocess.run([sys.executable, "-m", "treatylint", "check", "--no-cache", "corpora/sample-draft.txt"],
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    assert done.returncode == 1, done.stderr
    output = done.stdout.splitlines()
    position = 0
    for line in sample:
        assert line in output[position:], f"not in the output (paste it again): {line!r}"
        position = output.index(line, position) + 1
