"""docs/github-actions.yml works as written: it installs treatylint from the repository (never
from the package index, where the name is not ours), analyses the drafts once, uploads the SARIF
it wrote and fills the job summary without a second analysis. The workflow's own ``run`` lines
are executed here, in-process, on a copy of the sample draft."""

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


def test_the_workflow_analyses_once_and_fills_the_summary(tmp_path, monkeypatch, capsys):
    from treatylint import cli
    from treatylint.run.linter import Linter

    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "draft.txt").write_text((REPO / "corpora" / "sample-draft.txt").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    analysed: list[str] = []
    original = Linter.check_text

    def counting(self, text, path="<string>", hidden=None):
        analysed.append(path)
        return original(self, text, path, hidden)

    monkeypatch.setattr(Linter, "check_text", counting)
    summary = tmp_path / "summary.md"
    runs = [s["run"] for s in _steps() if s.get("run", "").startswith("treatylint ")]
    assert len(runs) == 2
    codes = []
    for run in runs:
        words = shlex.split(run)
        target = None
        if ">>" in words:  # the job summary: stdout appended to $GITHUB_STEP_SUMMARY
            words, target = words[: words.index(">>")], summary
        monkeypatch.setattr(sys, "argv", words)
        capsys.readouterr()
        with pytest.raises(SystemExit) as done:
            cli.main()
        codes.append(done.value.code)
        out = capsys.readouterr().out
        if target is not None:
            target.write_text(out, encoding="utf-8")
        if run is runs[0]:
            assert analysed == [str(drafts / "draft.txt")] or analysed == ["drafts/draft.txt"], analysed
    assert codes == [1, 0]  # findings fail the check step; the summary step never does
    assert len(analysed) == 1, f"analysed again: {analysed}"
    sarif = json.loads((tmp_path / "treatylint.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"]
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## treatylint report") and "content-crime" in text
