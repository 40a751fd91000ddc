"""The bad-input matrix, through the real command line: every hostile or broken draft ends in
under five seconds with either correct findings or one clear line naming the file, exit code
0, 1 or 2, no traceback, and the input file untouched (bytes and modification time)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from cpu_clock import run_measured

MB = 1024 * 1024
OFFENCE = (
    "Each Party shall establish as criminal offences under its domestic law the dissemination of extremist "
    "materials and any other acts that threaten public order."
)


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def findings(self) -> list[dict]:
        return json.loads(self.stdout)["findings"]

    @property
    def notices(self) -> list[str]:
        return json.loads(self.stdout)["notices"]


def lint(path: Path | str, *args: str, stdin: bytes | None = None) -> Outcome:
    """``treatylint check`` in a fresh process (JSON report, no cache), with the file's bytes
    and modification time compared before and after."""
    target = Path(path)
    before = (target.read_bytes(), target.stat().st_mtime_ns) if target.is_file() and target.stat().st_size < 20 * MB else None
    result, seconds = run_measured(
        [sys.executable, "-m", "treatylint", "check", "--no-cache", "-f", "json", *args, str(path)], input=stdin,
    )
    if before is not None:
        assert (target.read_bytes(), target.stat().st_mtime_ns) == before, "the input file changed"
    outcome = Outcome(result.returncode, result.stdout.decode(), result.stderr.decode(), seconds)
    assert outcome.code in (0, 1, 2), outcome.stderr
    assert "Traceback" not in outcome.stderr and "internal error" not in outcome.stderr, outcome.stderr
    assert outcome.seconds < 5, f"took {outcome.seconds:.1f} s of CPU time"
    return outcome


def refused(outcome: Outcome, name: str, problem: str) -> None:
    assert outcome.code == 2
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1, outcome.stderr
    assert name in lines[0] and problem in lines[0], lines[0]
    if outcome.stdout:  # the run carried on: the report lists the file as failed, with no findings
        payload = json.loads(outcome.stdout)
        assert payload["findings"] == [] and [name in e["path"] for e in payload["errors"]] == [True]


def rule_ids(outcome: Outcome) -> set[str]:
    return {finding["rule_id"] for finding in outcome.findings}


def test_missing_file(tmp_path):
    refused(lint(tmp_path / "nope.txt"), "nope.txt", "no such file")


def test_directory_without_drafts(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n")
    refused(lint(tmp_path), str(tmp_path), "no drafts")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    refused(lint(path), "empty.txt", "empty")


@pytest.mark.parametrize(
    "name, content",
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20),
        ("random.txt", random.Random(7).randbytes(20000)),
        ("program.txt", b"\x7fELF\x02\x01\x01\x00" + bytes(4000)),
    ],
)
def test_binary_files(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    refused(lint(path), name, "binary")


def test_pdf_bytes_in_a_txt_file_are_read_as_what_they_are(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> stream\n" + random.Random(3).randbytes(3000))
    outcome = lint(path)
    refused(outcome, "draft.txt", "PDF")


def test_a_200_mb_file_is_refused_without_being_read(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: no 200 MB written to disk
        handle.write(b"Article 1\n")
        handle.truncate(200 * MB)
    refused(lint(path), "huge.txt", "the limit is 50 MB")


def test_size_limit_is_configurable(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text(f"Article 1\n{OFFENCE}\n" * 200)
    refused(lint(path, "--max-file-size", "10KB"), "draft.txt", "the limit is 10 KB")
    assert lint(path, "--max-file-size", "1MB").code == 1
    (tmp_path / ".treatylint.yaml").write_text("max-file-size: 20KB\n")
    refused(lint(path), "draft.txt", "the limit is 20 KB")


def test_standard_input_is_read_in_bounded_chunks(tmp_path):
    outcome = lint("-", "--max-file-size", "64KB", stdin=b"Article 1\n" + b"word " * 40000)
    refused(outcome, "<stdin>", "larger than the limit")


def test_bad_size_option(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text(f"Article 1\n{OFFENCE}\n")
    refused(lint(path, "--max-file-size", "lots"), "--max-file-size", "not a size")


def test_ten_megabyte_line_without_a_newline_is_refused(tmp_path):
    path = tmp_path / "long.txt"
    words = (OFFENCE + " ") * (10 * MB // (len(OFFENCE) + 1))
    path.write_text("Article 1\n" + words.rstrip())
    refused(lint(path), "long.txt", "line 2 is 10,485,")


def test_ten_megabyte_word_is_refused(tmp_path):
    path = tmp_path / "token.txt"
    path.write_text("Article 1\n" + "a" * (10 * MB))
    refused(lint(path), "token.txt", "no line break")


def test_long_dense_line_under_the_limit_reports_each_rule_at_most_50_times(tmp_path):
    path = tmp_path / "dense.txt"
    path.write_text("Article 1\n" + " ".join([OFFENCE] * 3000))  # 450 KB on one line
    outcome = lint(path)
    per_rule = {rule: sum(f["rule_id"] == rule for f in outcome.findings) for rule in rule_ids(outcome)}
    assert per_rule["vague-offence/catch-all"] == 50
    assert any("vague-offence/catch-all is reported for the first 50 sentences" in n for n in outcome.notices)


def test_deeply_nested_list_items(tmp_path):
    items = "".join("  " * depth + f"({depth}) {OFFENCE}\n" for depth in range(600))
    path = tmp_path / "nested.txt"
    path.write_text(f"Article 1\nEach Party shall adopt measures:\n{items}")
    outcome = lint(path)
    assert outcome.code == 1 and "vague-offence/catch-all" in rule_ids(outcome)


def test_thousands_of_articles(tmp_path):
    path = tmp_path / "many.txt"
    path.write_text("".join(f"Article {n}\n{OFFENCE}\n\n" for n in range(1, 2001)))
    outcome = lint(path)
    flagged = {f["provision"] for f in outcome.findings if f["rule_id"] == "vague-offence/catch-all"}
    assert len(flagged) == 2000


def test_a_few_nul_bytes_are_text_and_reported(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(f"Article 1\n{OFFENCE}\n\nArticle 2\nThe Parties shall\x00 cooperate.\n".encode())
    outcome = lint(path)
    hidden = [f for f in outcome.findings if f["rule_id"] == "text-integrity/hidden-characters"]
    assert [f["provision"] for f in hidden] == ["Article 2"]
    assert "U+0000" in hidden[0]["message"]


def test_mostly_nul_bytes_is_binary(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(b"Article 1\n" + b"text\x00\x00" * 2000)
    refused(lint(path), "nul.txt", "binary")


def test_utf16_without_byte_order_mark(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(f"Article 1\n{OFFENCE}\n".encode("utf-16-le"))
    assert "vague-offence/catch-all" in rule_ids(lint(path))


def test_mixed_encodings_are_decoded_line_by_line_with_a_notice(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(
        "Article 1 \u2013 Offences\n".encode() + OFFENCE.encode() + b"\n"
        + "Article 2 \u2013 R\u00e9serves\nNo r\u00e9serve is permitted.\n".encode("cp1252")
    )
    outcome = lint(path)
    assert "vague-offence/catch-all" in rule_ids(outcome)
    assert any("mixed encodings" in notice and "lines 3, 4" in notice for notice in outcome.notices)
    assert {f["provision"] for f in outcome.findings} >= {"Article 1"}


def test_bytes_valid_in_no_supported_encoding(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Article 1\nText \xe9t\xe9 and \x81 here.\n")
    refused(lint(path), "bad.txt", "line 2")


def test_text_without_articles_is_one_provision_with_a_notice(tmp_path):
    path = tmp_path / "clause.txt"
    path.write_text(OFFENCE + "\n")
    outcome = lint(path)
    assert outcome.code == 1
    assert "vague-offence/catch-all" in rule_ids(outcome)
    assert any("no article headings" in notice for notice in outcome.notices)


def test_bidirectional_override_is_a_finding(tmp_path):
    path = tmp_path / "bidi.txt"
    path.write_text(
        "Article 1\nEach Party shall establish as criminal offences, when committed intentionally and "
        "without right, \u202eaccess to a computer system\u202c.\n"
    )
    outcome = lint(path)
    assert outcome.code == 1
    hidden = [f for f in outcome.findings if f["rule_id"] == "text-integrity/hidden-characters"]
    assert len(hidden) == 1 and hidden[0]["severity"] == "warning"  # one finding per line
    assert "RIGHT-TO-LEFT OVERRIDE" in hidden[0]["message"] and "POP DIRECTIONAL FORMATTING" in hidden[0]["message"]


def test_zero_width_space_inside_a_word_is_a_finding(tmp_path):
    path = tmp_path / "zw.txt"
    path.write_text("Article 1\nEach Party shall establish as criminal offences acts of extrem\u200bism.\n")
    outcome = lint(path)
    assert "text-integrity/hidden-characters" in rule_ids(outcome)


def test_look_alike_letters_in_a_heading(tmp_path):
    path = tmp_path / "look.txt"
    path.write_text(f"Article 1\nThe Parties shall cooperate.\n\n\u0410rticle 2\n{OFFENCE}\n")
    outcome = lint(path)
    look = [f for f in outcome.findings if f["rule_id"] == "text-integrity/look-alike-heading"]
    assert [f["provision"] for f in look] == ["Article 2"]
    assert "U+0410" in look[0]["message"]
    assert "vague-offence/catch-all" in rule_ids(outcome)  # the disguised article is still checked


def test_clean_real_treaty_has_no_integrity_findings(tmp_path):
    from conftest import BUDAPEST, corpus_file

    outcome = lint(corpus_file(BUDAPEST))
    assert not [f for f in outcome.findings if f["category"] == "text-integrity"]


def test_unreadable_file(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = tmp_path / "locked.txt"
    path.write_text(f"Article 1\n{OFFENCE}\n")
    path.chmod(0)
    refused(lint(path), "locked.txt", "cannot read")


@pytest.mark.parametrize("stem", ["harm", "extremis", "offence", "intercept"])
def test_a_100_kb_word_made_of_a_rule_stem(tmp_path, stem):
    """``harm\\w*`` and friends inside one 100,000-letter word: quadratic before word runs were
    bounded (27-40 s), now linear."""
    path = tmp_path / "stem.txt"
    word = stem * (100_000 // len(stem))
    path.write_text(f"Article 1\nOffences\n\nEach Party shall establish as a criminal offence {word}. to national security.\n")
    assert lint(path).code in (0, 1)


def test_word_runs_in_built_in_patterns_are_bounded():
    from treatylint.rulepack.patterns import bound_word_runs

    assert bound_word_runs(r"harm\w*\s+to") == r"harm\w{0,40}\s+to"
    assert bound_word_runs(r"(?:\w+\s+){0,6}?as") == r"(?:\w{1,40}\s+){0,6}?as"
    assert bound_word_runs(r"[\w+]+x\\w+\w*+") == r"[\w+]+x\\w+\w*+"  # classes, escaped backslash, possessive


def test_debug_shows_the_traceback_behind_the_one_line_error(tmp_path):
    missing = tmp_path / "nope.txt"
    plain = subprocess.run([sys.executable, "-m", "treatylint", "check", str(missing)], capture_output=True, text=True)
    debug = subprocess.run([sys.executable, "-m", "treatylint", "check", "--debug", str(missing)], capture_output=True, text=True)
    assert plain.returncode == debug.returncode == 2
    assert "Traceback" not in plain.stderr and "Traceback" in debug.stderr
    assert debug.stderr.strip().splitlines()[-1] == plain.stderr.strip() == f"treatylint: error: {missing}: no such file"
