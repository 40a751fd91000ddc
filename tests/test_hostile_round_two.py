"""Issue 15's remaining defects, each as a regression test: outputs that would overwrite a draft
through a hard link, file names that are not UTF-8, article ranges with thousands of digits."""

from __future__ import annotations

import json
import os
import sys

import pytest

from drafts_util import EXTREMISM, RIGHTS, cli, draft


def test_output_through_a_hard_link_to_the_draft_is_refused(tmp_path):
    source = tmp_path / "draft.txt"
    source.write_text(draft(EXTREMISM, RIGHTS), encoding="utf-8")
    before = source.read_bytes()
    link = tmp_path / "report.json"
    os.link(source, link)
    result = cli("check", "--no-cache", "-f", "json", "-o", str(link), str(source), cwd=tmp_path)
    assert result.returncode == 2 and "same file as" in result.stderr and "a draft being checked" in result.stderr
    assert source.read_bytes() == before


def test_output_is_written_atomically_and_replaces_only_the_report(tmp_path):
    source = tmp_path / "draft.txt"
    source.write_text(draft(EXTREMISM, RIGHTS), encoding="utf-8")
    target = tmp_path / "out" / "report.json"
    result = cli("check", "--no-cache", "-f", "json", "-o", str(target), str(source), cwd=tmp_path)
    assert result.returncode == 1 and json.loads(target.read_text(encoding="utf-8"))["files"]
    assert not [p for p in target.parent.iterdir() if p.name != "report.json"]  # no temporary file left


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names must be bytes (POSIX, not macOS)")
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "markdown", "html", "concise"])
def test_file_name_that_is_not_utf8(tmp_path, fmt):
    name = os.fsdecode(b"dr\xffaft.txt")
    (tmp_path / name).write_text(draft(EXTREMISM, RIGHTS), encoding="utf-8")
    result = cli("check", "--no-cache", "-f", fmt, "-o", str(tmp_path / f"report.{fmt}"), str(tmp_path / name), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    report = (tmp_path / f"report.{fmt}").read_bytes().decode("utf-8")  # valid UTF-8 whatever the name
    if fmt == "json":
        assert json.loads(report)["files"] == [str(tmp_path / name)]  # exact: \udcff round-trips
    elif fmt == "sarif":
        assert "dr%FFaft.txt" in report  # the exact bytes, percent-encoded
    else:
        assert "\udcff" not in report
    assert "\udcff" not in result.stdout or fmt == "json"


def test_article_range_with_thousands_of_digits(tmp_path):
    digits = "9" * 5000
    body = ("Each Party shall ensure that the establishment, implementation and application of the powers and "
            f"procedures provided for in Articles 1 to {digits} are subject to conditions and safeguards under its "
            "domestic law, which shall provide for the adequate protection of human rights.")
    (tmp_path / "draft.txt").write_text(draft(EXTREMISM, ("Conditions and safeguards", body)) + f"\nArticle {digits}\n\nText.\n", encoding="utf-8")
    result = cli("check", "--no-cache", "draft.txt", cwd=tmp_path)
    assert result.returncode == 1 and "internal error" not in result.stderr
