"""``treatylint docs``: one page per rule, the same text as ``treatylint explain``, and an index."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "treatylint", *args], capture_output=True, text=True, cwd=REPO,
                          timeout=300)


def test_docs_writes_a_page_per_rule_and_an_index(tmp_path, linter):
    from treatylint.authoring.rule_docs import rule_markdown

    out = tmp_path / "site"
    result = run("docs", "--output", str(out))
    assert result.returncode == 0, result.stderr
    rules = [r.rule for r in linter.rules]
    for rule in rules:
        page = out / f"{rule.id}.md"
        assert page.read_text(encoding="utf-8") == rule_markdown(rule)
    index = (out / "index.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]+\.md)\)", index)
    assert sorted(links) == sorted(f"{r.id}.md" for r in rules)
    assert all((out / link).is_file() for link in links)
    for category in {r.category for r in rules}:
        assert f"## {category}" in index

    explained = run("explain", "content-crime/expression-offence")
    assert explained.returncode == 0
    page = (out / "content-crime" / "expression-offence.md").read_text(encoding="utf-8")
    assert explained.stdout.rstrip("\n") == page.rstrip("\n")
