"""docs/github-actions.yml works as written: it installs treatylint from the repository (never
from the package index, where the name is not ours), analyses the drafts once, uploads the SARIF
it wrote and fills the job summary from the same run. The workflow's own ``run`` lines are
executed here (``treatylint`` in-process, ``cat`` by hand) on a copy of the sample draft."""

from __future__ import annotations

import json
import re
import shlex
import sys

import pytest
import yaml

from conftest import REPO

WORKFLOW = REPO / "docs" / "github-actions.yml"


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _steps() -> list[dict]:
    return _workflow()["jobs"]["treatylint"]["steps"]


def test_installs_from_the_repository_at_a_placeholder_tag():
    install = next(s["run"] for s in _steps() if "pip install" in s.get("run", ""))
    assert re.fullmatch(r'pip install "treatylint @ git\+https://github\.com/OWNER/treatylint@TAG"', install.strip())
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "Advanced Security" in text and "private" in text
    assert not re.search(r"pip install [\"']?treatylint(==|[\"']?\s*$)", text, re.M)


def test_uploads_the_sarif_it_writes_even_when_findings_fail_the_job():
    workflow = _workflow()
    assert workflow["permissions"]["security-events"] == "write"
    upload = next(s for s in _steps() if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert upload["with"]["sarif_file"] == "treatylint.sarif"
    assert "failure()" in upload["if"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/github-actions.yml" in readme and "Advanced Security" in readme


def test_the_workflow_analyses_once_and_fills_the_summary(tmp_path, monkeypatch):
    from treatylint import cli
    from treatylint.run.linter import Linter

    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "draft.txt").write_text((REPO / "corpora" / "sample-draft.txt").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TREATYLINT_CACHE_DIR", str(tmp_path / "cache"))  # an earlier test may have cached this draft
    analysed: list[str] = []
    original = Linter.check_text

    def counting(self, text, path="<string>", *args, **kwargs):
        analysed.append(path)
        return original(self, text, path, *args, **kwargs)

    monkeypatch.setattr(Linter, "check_text", counting)
    summary = tmp_path / "summary.md"
    runs = [s["run"] for s in _steps() if s.get("run", "").startswith(("treatylint ", "cat "))]
    checks = [r for r in runs if r.startswith("treatylint ")]
    assert len(checks) == 1, "one analysis"
    monkeypatch.setattr(sys, "argv", shlex.split(checks[0]))
    with pytest.raises(SystemExit) as done:
        cli.main()
    assert done.value.code == 1  # findings fail the step; the summary and upload steps still run
    assert analysed == [str(drafts / "draft.txt")] or analysed == ["drafts/draft.txt"], analysed
    for run in runs:
        if run.startswith("cat "):  # cat FILE >> "$GITHUB_STEP_SUMMARY"
            words = shlex.split(run)
            assert words[2:] == [">>", "$GITHUB_STEP_SUMMARY"], words
            summary.write_text((tmp_path / words[1]).read_text(encoding="utf-8"), encoding="utf-8")
    sarif = json.loads((tmp_path / "treatylint.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"]
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## treatylint report") and "content-crime" in text
