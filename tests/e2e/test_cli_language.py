"""The command line speaks the user's language: concise output, several reports from one run,
case-insensitive format names, did-you-mean, one-line usage errors (exit 2), help without
internal type names, --quiet."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from drafts_util import ENTRY, EXTREMISM, PURPOSE, RIGHTS, draft

SRC = Path(__file__).resolve().parents[2] / "src"
CONCISE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info) (?P<rule>[a-z-]+/[a-z-]+) .+ \[(?P<fp>[0-9a-f]{16})\]$")


def treatylint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "treatylint", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300, env={"PYTHONPATH": os.pathsep.join([str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])]), "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("language")
    (root / "draft.txt").write_text(draft(PURPOSE, RIGHTS, EXTREMISM, ENTRY), encoding="utf-8")
    return root


def test_concise_is_one_line_per_finding_then_the_total(folder):
    result = treatylint("check", "draft.txt", "-f", "CONCISE", "--no-cache", cwd=folder)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.strip().split("\n")
    findings = json.loads(treatylint("check", "draft.txt", "-f", "json", "--no-cache", cwd=folder).stdout)["findings"]
    assert len(lines) == len(findings) + 1 and lines[-1].startswith(f"Found {len(findings)} finding")
    for line, finding in zip(lines, findings):
        match = CONCISE.match(line)
        assert match, line
        assert (match["path"], int(match["line"]), int(match["col"]), match["rule"], match["fp"]) == (
            "draft.txt", finding["line"], finding["column"], finding["rule_id"], finding["fingerprint"])
    quiet = treatylint("check", "draft.txt", "-f", "concise", "-q", "--no-cache", cwd=folder)
    assert quiet.stdout.strip().split("\n") == lines[:-1]


def test_several_outputs_from_one_run(folder):
    result = treatylint("check", "draft.txt", "--no-cache", "--output", "sarif:out/report.sarif", "-o", "HTML:out/report.html",
                        "-o", "plain.json", "-f", "json", cwd=folder)
    assert result.returncode == 1, result.stderr
    assert json.loads((folder / "out" / "report.sarif").read_text())["version"] == "2.1.0"
    assert (folder / "out" / "report.html").read_text().lstrip().lower().startswith("<!doctype html")
    assert json.loads((folder / "plain.json").read_text())["findings"]  # a plain path takes --format
    assert "Found " in result.stdout  # and the terminal shows the readable report
    same = treatylint("check", "draft.txt", "--no-cache", "-o", "json:x.json", "-o", "sarif:x.json", cwd=folder)
    assert same.returncode == 2 and same.stderr.count("\n") == 1 and "same file" in same.stderr


@pytest.mark.parametrize("args, expected", [
    (["check", "draft.txt", "-f", "sarf"], "unknown format 'sarf' (did you mean 'sarif'?)"),
    (["check", "draft.txt", "--formt", "json"], "no such option --formt (did you mean '--format'?)"),
    (["check", "draft.txt", "--select", "content-crim"], "unknown rule or category 'content-crim' (did you mean 'content-crime'?)"),
    (["check", "draft.txt", "--ignore", "vague-offence/catch-al"], "(did you mean 'vague-offence/catch-all'?)"),
    (["explain", "content-crime/expresion-offence"], "(did you mean 'content-crime/expression-offence'?)"),
    (["check", "draft.txt", "--jobs", "0"], "--jobs"),
    (["check", "draft.txt", "--fail-on", "bad"], "'bad' is not one of"),
    (["check"], "missing argument 'PATH'"),
    (["chek", "draft.txt"], "no such command 'chek'"),
])
def test_usage_errors_are_one_line_with_exit_2(folder, args, expected):
    result = treatylint(*args, cwd=folder)
    assert result.returncode == 2
    assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("treatylint: error: ") and expected in result.stderr, result.stderr
    assert "Value error" not in result.stderr and "Usage:" not in result.stderr


def test_case_insensitive_names_and_help_without_type_names(folder):
    assert treatylint("check", "draft.txt", "-f", "JSON", "--fail-on", "ERROR", "--no-cache", cwd=folder).returncode == 1
    for command in ("check", "config", "outline", "rules", "explain", "docs", "test", "waive", "diff", "history"):
        help_text = treatylint(command, "--help", cwd=folder).stdout
        assert help_text.startswith("Usage: treatylint"), help_text[:200]
        assert not re.search(r"<[a-z]+[\[\] |a-zA-Z]*>|\[x[<>]=|\bNone\b", help_text), help_text
    check_help = treatylint("check", "--help", cwd=folder).stdout
    shown_always = ["--format FORMAT", "--output [FORMAT:]FILE", "--rules DIR", "--fail-on error|warning|info", "--jobs N"]
    # typer 0.16-0.25 (0.26 does not resolve with the spaCy 3.7.5 lower bound) print an argument's help as
    # "PATH  \[required]"; from 0.26 on they print its text (docs/development.md)
    if _typer_version() >= (0, 26):
        shown_always.append("PATH  Draft files")
    for shown in shown_always:
        assert shown in check_help, shown


def _typer_version() -> tuple[int, ...]:
    from importlib.metadata import version

    return tuple(int(part) for part in version("typer").split(".")[:2] if part.isdigit())


def test_waive_writes_the_waiver_that_check_then_applies(tmp_path):
    (tmp_path / "draft.txt").write_text(draft(PURPOSE, RIGHTS, EXTREMISM, ENTRY), encoding="utf-8")
    before = json.loads(treatylint("check", "draft.txt", "-f", "json", "--no-cache", cwd=tmp_path).stdout)["findings"]
    (tmp_path / ".treatylint.yaml").write_text("waivers: accepted.yaml\n", encoding="utf-8")  # not there yet
    target = next(f for f in before if f["rule_id"] == "content-crime/expression-offence")
    shared = [f for f in before if f["fingerprint"] == target["fingerprint"]]
    if len(shared) > 1:  # several rules on one sentence: the fingerprint alone is ambiguous
        ambiguous = treatylint("waive", target["fingerprint"], "--reason", "Agreed in the working group.", cwd=tmp_path)
        assert ambiguous.returncode == 2 and "--rule" in ambiguous.stderr
    done = treatylint("waive", target["fingerprint"][:10], "--rule", target["rule_id"], "--reason",
                      "Agreed in the working group.", "--by", "J. Doe", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = (tmp_path / "accepted.yaml").read_text(encoding="utf-8")
    assert f"fingerprint: {target['fingerprint']}" in written and "Agreed in the working group." in written
    after = json.loads(treatylint("check", "draft.txt", "-f", "json", "--no-cache", cwd=tmp_path).stdout)
    assert len(after["findings"]) == len(before) - 1
    assert target["rule_id"] not in {f["rule_id"] for f in after["findings"]}
    missing = treatylint("waive", "0123456789abcdef", "--reason", "x", cwd=tmp_path)
    assert missing.returncode == 2 and "no finding with fingerprint" in missing.stderr


@pytest.mark.parametrize("config, expected", [
    ("format: sarf\n", "key 'format': unknown format 'sarf' (did you mean 'sarif'?)"),
    ("fail-on: eror\n", "key 'fail-on': 'eror' is not one of info, warning, error (did you mean 'error'?)"),
    ("severity: {vague-offence: warnng}\n", "(did you mean 'warning'?)"),
    ("select: [content-crim]\n", "(did you mean 'content-crime'?)"),
])
def test_config_file_mistakes_get_a_suggestion(tmp_path, config, expected):
    (tmp_path / "draft.txt").write_text(draft(PURPOSE, EXTREMISM), encoding="utf-8")
    (tmp_path / ".treatylint.yaml").write_text(config, encoding="utf-8")
    result = treatylint("check", "draft.txt", "--no-cache", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("treatylint: error: .treatylint.yaml: ") and expected in result.stderr, result.stderr
