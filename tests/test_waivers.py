"""Waivers, baselines and inline suppressions: they follow the passage, not its number."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from drafts_util import cli as run, EXTREMISM, ENTRY, PURPOSE, RIGHTS, V1, V2, draft
from treatylint.errors import InputError
from treatylint.triage.fingerprint import normalise, passage_fingerprint
from treatylint.run.inputs import Input
from treatylint.run.session import Session

CONTENT = "content-crime/expression-offence"


def run_subprocess(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "treatylint", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def check(path: Path, verbose: bool = False, **overrides):
    session = Session(overrides, isolated=True, verbose=verbose)
    return session.check([Input(path, str(path))])


def finding(result, rule_id: str, provision: str | None = None):
    return next(f for f in result.findings if f.rule_id == rule_id and provision in (None, f.provision))


def write_waivers(path: Path, *entries: dict) -> Path:
    path.write_text(yaml.safe_dump({"waivers": list(entries)}, sort_keys=False), encoding="utf-8")
    return path


def test_fingerprint_ignores_renumbered_references_and_markers():
    a = "1. The offence established in Article 3, paragraphs 1 and 2, of this Convention"
    b = "2. The offence established in article 4, paragraphs 2 and 3, of this Convention"
    assert normalise(a) == normalise(b)
    assert passage_fingerprint("Misuse", a) == passage_fingerprint("Misuse", b)
    assert passage_fingerprint("Misuse", a) != passage_fingerprint("Other caption", a)
    assert normalise("18 years") != normalise("21 years")  # only reference numbers are blanked


def test_waiver_survives_insertion_and_renumbering(tmp_path):
    draft_file = tmp_path / "draft.txt"
    draft_file.write_text(V1, encoding="utf-8")
    before = finding(check(draft_file), CONTENT)
    assert before.provision == "Article 7"
    waivers = write_waivers(
        tmp_path / "waivers.yaml",
        {"rule": CONTENT, "article": "Article 7", "fingerprint": before.fingerprint,
         "reason": "Narrowed by the incitement threshold in the travaux.", "by": "Delegation X", "date": "2024-05-01"},
    )
    result = check(draft_file, waivers=waivers)
    assert CONTENT not in {f.rule_id for f in result.findings}
    assert not result.stale

    draft_file.write_text(V2, encoding="utf-8")  # new Article 3; the passage is now Article 8
    result = check(draft_file, verbose=True, waivers=waivers)
    after = finding(result, CONTENT, "Article 8")
    assert after.provision == "Article 8" and after.fingerprint == before.fingerprint
    assert after.waived and "incitement threshold" in after.waiver and "Delegation X" in after.waiver
    # the same rule on the new Article 3 is not waived: the fingerprint is the passage's
    assert any(f.rule_id == CONTENT and f.provision == "Article 3" and not f.waived for f in result.findings)
    assert any("Article 7" in n and "Article 8" in n for n in result.notices)
    assert not result.stale


def test_stale_waiver_reported_and_waived_findings_do_not_fail(tmp_path):
    draft_file = tmp_path / "draft.txt"
    draft_file.write_text(draft(PURPOSE, RIGHTS, EXTREMISM, ENTRY), encoding="utf-8")
    fp = finding(check(draft_file), CONTENT).fingerprint
    write_waivers(
        tmp_path / ".treatylint-waivers.yaml",
        {"category": "content-crime", "article": "Article 3", "fingerprint": fp, "reason": "accepted"},
        {"category": "vague-offence", "article": "Article 3", "fingerprint": fp, "reason": "accepted too"},
        {"category": "missing-mens-rea", "fingerprint": fp, "reason": "intent in the chapeau"},
        {"rule": "vague-offence/false-information", "article": "Article 9", "fingerprint": "0123456789abcdef",
         "reason": "that article was deleted"},
    )
    (tmp_path / ".treatylint.yaml").write_text("waivers: .treatylint-waivers.yaml\n", encoding="utf-8")
    result = run("check", "draft.txt", "-f", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr  # everything left is waived
    payload = json.loads(result.stdout)
    assert payload["findings"] == [] and payload["summary"]["total"] == 0
    assert [s["rule"] for s in payload["stale_waivers"]] == ["vague-offence/false-information"]
    assert payload["stale_waivers"][0]["kind"] == "waiver" and payload["stale_waivers"][0]["article"] == "Article 9"
    assert any("stale waiver" in n for n in payload["notices"])

    verbose = run("check", "draft.txt", "--verbose", cwd=tmp_path)
    assert verbose.returncode == 0
    assert "waived" in verbose.stdout and "intent in the chapeau" in verbose.stdout
    assert "stale waiver for vague-offence/false-information" in verbose.stdout


def test_waiver_file_errors_name_file_and_entry(tmp_path):
    bad = write_waivers(tmp_path / "w.yaml", {"rule": CONTENT, "fingerprint": "abc"})
    with pytest.raises(InputError, match=r"w\.yaml: waivers\.0\.reason: Field required"):
        check(tmp_path / "x.txt", waivers=bad)
    bad = write_waivers(tmp_path / "w.yaml", {"fingerprint": "abc", "reason": "r"})
    with pytest.raises(InputError, match="give 'rule'"):
        check(tmp_path / "x.txt", waivers=bad)


def test_baseline_reports_only_new_findings_and_stale_entries(tmp_path):
    draft_file = tmp_path / "draft.txt"
    draft_file.write_text(V1, encoding="utf-8")
    written = run("check", "draft.txt", "--write-baseline", "baseline.yaml", cwd=tmp_path)
    assert written.returncode == 0 and "recorded in baseline.yaml" in written.stderr
    recorded = yaml.safe_load((tmp_path / "baseline.yaml").read_text(encoding="utf-8"))["findings"]
    assert {e["rule"] for e in recorded} >= {CONTENT} and all(e["path"] == "draft.txt" for e in recorded)

    assert run("check", "draft.txt", "--baseline", "baseline.yaml", cwd=tmp_path).returncode == 0

    draft_file.write_text(V2, encoding="utf-8")
    payload = json.loads(run("check", "draft.txt", "--baseline", "baseline.yaml", "-f", "json", cwd=tmp_path).stdout)
    assert payload["findings"] and {f["provision"] for f in payload["findings"]} == {"Article 3"}
    assert payload["stale_waivers"] == []

    draft_file.write_text(draft(PURPOSE, RIGHTS, ENTRY), encoding="utf-8")  # the offences are gone
    payload = json.loads(run("check", "draft.txt", "--baseline", "baseline.yaml", "-f", "json", cwd=tmp_path).stdout)
    stale = payload["stale_waivers"]
    assert stale and {s["kind"] for s in stale} == {"baseline"} and CONTENT in {s["rule"] for s in stale}


def test_inline_suppression_plain_text_and_comments(tmp_path, linter):
    plain = V1.replace(EXTREMISM[1], "#! treatylint: ignore[content-crime, vague-offence/undefined-political-term] agreed in Vienna\n" + EXTREMISM[1])
    result = linter.check_text(plain, "d.txt")
    waived = {f.rule_id for f in result.findings if f.waived}
    assert waived == {CONTENT, "vague-offence/undefined-political-term"}
    assert all("agreed in Vienna" in f.waiver for f in result.findings if f.waived)
    assert not result.stale
    # the marker line does not change the structure the parser sees
    bare = linter.check_text(V1.replace(EXTREMISM[1], "\n" + EXTREMISM[1]), "d.txt").document
    assert [(p.label, p.caption, len(p.blocks)) for p in result.document.provisions] == \
           [(p.label, p.caption, len(p.blocks)) for p in bare.provisions]

    same_line = V1.replace(EXTREMISM[1], EXTREMISM[1] + " <!-- treatylint: ignore[missing-mens-rea] intent is in Article 2 -->")
    result = linter.check_text(same_line, "d.md")
    assert {f.rule_id for f in result.findings if f.waived} == {"missing-mens-rea/no-intent", "missing-mens-rea/no-without-right"}

    heading = V1.replace("Article 7\n", "<!-- treatylint: ignore[content-crime] reviewed -->\nArticle 7\n")
    heading = heading.replace("Article 1\n", "<!-- treatylint: ignore[territorial-sovereignty] nothing here -->\n<!-- treatylint: oops -->\nArticle 1\n")
    result = linter.check_text(heading, "d.md")
    assert [f.rule_id for f in result.findings if f.waived] == [CONTENT]
    assert [(s.kind, s.source, s.rule) for s in result.stale] == [("inline", "d.md:3", "territorial-sovereignty")]
    assert any("d.md: line 4: unreadable suppression" in n for n in result.notices)


def test_inline_suppression_in_markdown_and_html_files(tmp_path, linter):
    comment = "<!-- treatylint: ignore[content-crime] accepted by the working group -->"
    md = tmp_path / "d.md"
    md.write_text(V1.replace(EXTREMISM[1], comment + "\n" + EXTREMISM[1]), encoding="utf-8")
    lines = [line for line in V1.replace(EXTREMISM[1], comment + EXTREMISM[1]).split("\n") if line.strip()]
    page = tmp_path / "d.html"
    page.write_text("<html><body>\n" + "\n".join(l if l.startswith("<!--") else f"<p>{l}</p>" for l in lines)
                    + "\n<p>Final text. <!-- treatylint: ignore[vague-offence] nothing to waive --></p>\n</body></html>\n",
                    encoding="utf-8")
    from treatylint.run.linter import Linter
    from treatylint.settings import Settings

    # HTML is usually the other side's text: its markers count only when the config says so
    trusting = Linter(Settings(inline_suppressions=["txt", "md", "html"]))
    for path, checker in ((md, linter), (page, trusting)):
        result = checker.check_file(path)
        assert [f.rule_id for f in result.findings if f.waived] == [CONTENT], path
        assert "<!--" not in "".join(f.excerpt for f in result.findings)
    assert [s.rule for s in trusting.check_file(page).stale] == ["vague-offence"]
    by_default = linter.check_file(page)
    assert not [f for f in by_default.findings if f.waived] and not by_default.stale
    assert any("2 inline suppressions ignored" in n for n in by_default.notices)
