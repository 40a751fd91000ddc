"""The command line end to end: output, JSON contract, exit codes, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BUDAPEST, REPO, corpus_file

SAMPLE = REPO / "corpora" / "sample-draft.txt"
FINDING_FIELDS = {
    "path", "rule_id", "category", "severity", "message", "rationale", "references", "provision",
    "provision_kind", "line", "column", "end_line", "end_column", "excerpt",
}


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "treatylint", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_check_sample_draft_text_report():
    result = run("check", str(SAMPLE))
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert f"{SAMPLE}:" in out and "Article 4" in out
    assert "content-crime" in out and "Found" in out
    assert "\x1b[" not in out  # not a terminal: no colour codes


def test_check_json_contract():
    result = run("check", str(SAMPLE), "--format", "json")
    assert result.returncode == 1, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) >= {"version", "findings", "summary"}
    assert payload["findings"], "the sample draft has known problems"
    text = SAMPLE.read_text(encoding="utf-8").split("\n")
    for finding in payload["findings"]:
        assert FINDING_FIELDS <= set(finding)
        assert finding["severity"] in ("error", "warning", "info")
        if finding["provision"] is not None:
            assert finding["provision"].startswith("Article ")
            # the reported location really holds the matched words
            line = text[finding["line"] - 1]
            assert finding["matched"].split()[0] in line[finding["column"] - 1 :]
    summary = payload["summary"]
    assert summary["total"] == len(payload["findings"])
    assert sum(summary["by_category"].values()) == summary["total"]


def test_select_ignore_and_fail_level():
    only = json.loads(run("check", str(SAMPLE), "-f", "json", "--select", "content-crime").stdout)
    assert {f["category"] for f in only["findings"]} == {"content-crime"}
    result = run("check", str(SAMPLE), "--select", "content-crime", "--ignore", "content-crime/expression-offence")
    assert result.returncode == 0
    assert run("check", str(SAMPLE), "--exit-zero").returncode == 0


def test_outline_json():
    result = run("outline", str(corpus_file(BUDAPEST)), "--format", "json")
    assert result.returncode == 0, result.stderr
    provisions = json.loads(result.stdout)["provisions"]
    by_label = {p["label"]: p for p in provisions}
    assert by_label["Article 2"]["kind"] == "offence"
    assert by_label["Article 2"]["caption"] == "Illegal access"
    assert by_label["Article 1"]["kind"] == "definition"
    assert by_label["Article 15"]["kind"] == "safeguard"
    assert by_label["Article 21"]["kind"] == "procedural"
    assert by_label["Article 27"]["kind"] == "cooperation"
    assert by_label["Article 36"]["kind"] == "final"
    for p in provisions:
        assert {"label", "kind", "caption", "line", "end_line"} <= set(p)
        assert p["line"] <= p["end_line"]


def test_rules_and_explain():
    listing = run("rules")
    assert listing.returncode == 0 and "vague-offence/false-information" in listing.stdout
    page = run("explain", "vague-offence/false-information")
    assert page.returncode == 0
    for heading in ("## What it flags", "## Why it matters", "## Example", "## How to fix it", "ICCPR art. 15"):
        assert heading in page.stdout
    unknown = run("explain", "no/such-rule")
    assert unknown.returncode == 2 and "unknown rule" in unknown.stderr


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("treatylint ")


def written(name: str, data: bytes):
    def make(directory: Path) -> Path:
        (directory / name).write_bytes(data)
        return directory / name

    return make


def empty_directory(directory: Path) -> Path:
    (directory / "nodrafts").mkdir()
    return directory / "nodrafts"


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (written("empty.txt", b""), "empty"),
        (written("bin.txt", b"\x00\x01\x02\xff" * 50), "binary"),
        (empty_directory, "no drafts"),
    ],
    ids=["missing", "empty", "binary", "empty-directory"],
)
def test_bad_input_exits_2_with_one_line(tmp_path, make, expected):
    path = make(tmp_path)
    result = run("check", str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and str(path.name) in lines[0]
    assert "Traceback" not in result.stderr


def test_malformed_rule_pack_exits_2(tmp_path):
    (tmp_path / "bad.yml").write_text("id: broken\ncategory: [\n", encoding="utf-8")
    result = run("check", str(SAMPLE), "--rules", str(tmp_path))
    assert result.returncode == 2
    assert "bad.yml" in result.stderr and "Traceback" not in result.stderr


def test_unknown_option_is_usage_error():
    assert run("check", str(SAMPLE), "--format", "xml").returncode == 2


def test_input_file_is_never_changed(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_bytes(SAMPLE.read_bytes().replace(b"\n", b"\r\n"))
    before = draft.read_bytes(), draft.stat().st_mtime_ns
    run("check", str(draft), "-f", "json")
    assert (draft.read_bytes(), draft.stat().st_mtime_ns) == before


def test_outline_shows_what_was_not_recognised(tmp_path):
    draft = tmp_path / "draft.txt"
    body = "Each Party shall adopt such measures as may be necessary."
    draft.write_text(
        f"Draft\n\nArticle 1\n\nScope\n\n{body}\n\n- 1 -\n\fDRAFT\n\nArticle 2\n\n{body}\n"
        f"Art. 7. The Parties shall cooperate.\n\n- 2 -\n\fDRAFT\n\nArticle 3\n\n{body}\n",
        encoding="utf-8",
    )
    data = json.loads(run("outline", str(draft), "--format", "json").stdout)
    assert [p["label"] for p in data["provisions"]] == ["Article 1", "Article 2", "Article 3"]
    assert [(n["line"], n["text"]) for n in data["not_recognised"]] == [(15, "Art. 7. The Parties shall cooperate.")]
    assert [n["text"] for n in data["furniture"]] == ["- 1 -", "DRAFT", "- 2 -", "DRAFT"]
    text = run("outline", str(draft)).stdout
    assert "Not recognised as headings (read as text):\n  line 15: Art. 7. The Parties shall cooperate." in text
    assert "Page furniture set aside (page numbers, running headers): lines 9, 10, 17, 18" in text
