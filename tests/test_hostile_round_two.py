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


@pytest.mark.parametrize("args, what", [
    (["check", "draft.txt", "-o", ".treatylint.yaml"], "the config file"),
    (["check", "draft.txt", "-o", "json:./sub/../pyproject.toml"], "the config file"),
    (["check", "draft.txt", "--write-baseline", "draft.txt"], "a draft being checked"),
    (["check", "draft.txt", "--write-baseline", "linked.txt"], "a draft being checked"),
    (["check", "draft.txt", "--baseline", "baseline.yml", "-o", "json:baseline.yml"], "the baseline"),
    (["check", "draft.txt", "--waivers", "waivers.yml", "-o", "waivers.yml"], "the waiver file"),
    (["check", "draft.txt", "--rules", "pack", "-o", "pack/rule.yml"], "a rule file"),
    (["diff", "old.txt", "draft.txt", "-o", "linked.txt"], "a draft being checked"),
    (["history", "old.txt", "draft.txt", "-o", "old.txt"], "a draft being checked"),
])
def test_no_output_overwrites_an_input(tmp_path, args, what):
    """Issue 15: no output can overwrite an input. The inputs are not only the drafts but every
    file the run reads: ``-o .treatylint.yaml`` replaced the config with a report, and
    ``--write-baseline draft.txt`` and ``diff ... -o NEW`` the draft itself. Refused before the run."""
    (tmp_path / "draft.txt").write_text(draft(EXTREMISM, RIGHTS), encoding="utf-8")
    (tmp_path / "old.txt").write_text(draft(EXTREMISM), encoding="utf-8")
    os.link(tmp_path / "draft.txt", tmp_path / "linked.txt")
    (tmp_path / ".treatylint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    if "pyproject" in " ".join(args):
        (tmp_path / ".treatylint.yaml").unlink()
        (tmp_path / "pyproject.toml").write_text("[tool.treatylint]\nfail-on = 'warning'\n", encoding="utf-8")
        (tmp_path / "sub").mkdir()
    (tmp_path / "waivers.yml").write_text("waivers: []\n", encoding="utf-8")
    assert cli("check", "--no-cache", "draft.txt", "--write-baseline", "baseline.yml", cwd=tmp_path).returncode == 0
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "rule.yml").write_text(
        "id: mine/extremism\ncategory: vague-offence\nseverity: warning\nmessage: m\nrationale: r\n"
        "references: [x]\ndocs: {flags: f, why: w, example: e, fix: x}\nmatch: {phrases: [extremism]}\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = cli(args[0], "--no-cache" if args[0] == "check" else "--isolated", *args[1:], cwd=tmp_path)
    assert result.returncode == 2 and "would be overwritten" in result.stderr and what in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_write_baseline_replaces_the_file_and_not_what_it_links_to(tmp_path):
    (tmp_path / "draft.txt").write_text(draft(EXTREMISM, RIGHTS), encoding="utf-8")
    (tmp_path / "elsewhere.txt").write_text("kept\n", encoding="utf-8")
    (tmp_path / "baseline.yml").symlink_to(tmp_path / "elsewhere.txt")
    result = cli("check", "--no-cache", "draft.txt", "--write-baseline", "baseline.yml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "elsewhere.txt").read_text(encoding="utf-8") == "kept\n"
    assert "findings:" in (tmp_path / "baseline.yml").read_text(encoding="utf-8")


def test_output_is_written_atomically_and_replaces_only_the_report(tmp_path):
    source = tmp_path / "draft.txt"
    source.write_text(draft(EXTREMISM, RIGHTS), encoding="utf-8")
    target = tmp_path / "out" / "report.json"
    result = cli("check", "--no-cache", "-f", "json", "-o", str(target), str(source), cwd=tmp_path)
    assert result.returncode == 1 and json.loads(target.read_text(encoding="utf-8"))["files"]
    assert not [p for p in target.parent.iterdir() if p.name != "report.json"]  # no temporary file left


def test_rule_docs_never_write_through_a_link(tmp_path):
    """``treatylint docs -o DIR`` into a folder of a cloned repository where a page's place holds
    a link to another file (here the draft): the page replaces the link; the file it named is
    untouched (pages were written into whatever the link named)."""
    source = tmp_path / "draft.txt"
    source.write_text(draft(EXTREMISM, RIGHTS), encoding="utf-8")
    before = source.read_bytes()
    pages = tmp_path / "site"
    (pages / "vague-offence").mkdir(parents=True)
    (pages / "index.md").symlink_to(source)
    os.link(source, pages / "vague-offence" / "undefined-political-term.md")
    result = cli("docs", "-o", str(pages), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert source.read_bytes() == before
    assert not (pages / "index.md").is_symlink() and "vague-offence" in (pages / "index.md").read_text(encoding="utf-8")
    assert "undefined-political-term" in (pages / "vague-offence" / "undefined-political-term.md").read_text(encoding="utf-8")


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


# -- the results cache cannot be turned against its user ----------------------------------------


def _findings(result) -> list[str]:
    return [f["rule_id"] for f in json.loads(result.stdout)["findings"]]


def test_committed_cache_with_an_edited_entry_is_not_believed(tmp_path, monkeypatch):
    from pathlib import Path

    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "draft.txt").write_text(draft(EXTREMISM, RIGHTS), encoding="utf-8")
    monkeypatch.setenv("TREATYLINT_CACHE_DIR", str(tmp_path / "author-home"))
    args = ("check", "-f", "json", "--cache-dir", ".cache", "draft.txt")
    honest = cli(*args, cwd=repo)
    assert honest.returncode == 1 and _findings(honest)
    entries = [p for p in Path(repo / ".cache").rglob("*.json")]
    assert entries
    for entry in entries:  # the counterpart edits the committed entry to say "no findings"
        mac, _, body = entry.read_bytes().partition(b"\n")
        data = json.loads(body)
        data["findings"] = []
        entry.write_bytes(mac + b"\n" + json.dumps(data).encode())
    edited = cli(*args, cwd=repo)
    assert _findings(edited) == _findings(honest)
    assert "did not verify" in edited.stderr + edited.stdout
    # a clone on another machine: the author's untouched entries are not trusted either
    monkeypatch.setenv("TREATYLINT_CACHE_DIR", str(tmp_path / "reviewer-home"))
    clone = cli(*args, cwd=repo)
    assert _findings(clone) == _findings(honest)


def test_cache_entry_of_the_wrong_shape_is_a_miss(tmp_path, monkeypatch):
    from treatylint.run.cache import ResultCache

    monkeypatch.setenv("TREATYLINT_CACHE_DIR", str(tmp_path / "home"))
    (tmp_path / "draft.txt").write_text(draft(EXTREMISM, RIGHTS), encoding="utf-8")
    args = ("check", "-f", "json", "--cache-dir", "c", "draft.txt")
    first = cli(*args, cwd=tmp_path)
    cache = ResultCache(tmp_path / "c")
    for entry in (tmp_path / "c").rglob("*.json"):
        key = entry.stem
        for bad in ({"findings": [{"rule_id": 5}], "stale": [], "notices": []}, {"findings": "x"}, [], {"error": 3}):
            cache.put(key, bad)  # signed with the right key, but not an entry
            assert cache.get(key) is None
    again = cli(*args, cwd=tmp_path)
    assert again.returncode == 1 and _findings(again) == _findings(first) and "internal error" not in again.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")
@pytest.mark.parametrize("plant", ["link to /dev/zero", "fifo", "huge sparse file", "folder"])
def test_cache_entry_that_is_no_entry_file_is_a_miss(tmp_path, monkeypatch, plant):
    """Found by the cache-entry fuzzing: a committed cache whose entry is a symbolic link to
    /dev/zero ended the run with a MemoryError (the entry was read whole); a FIFO would have
    blocked it. An entry is opened without following links or waiting, and read only when it is
    a regular file of an entry's size."""
    from pathlib import Path

    monkeypatch.setenv("TREATYLINT_CACHE_DIR", str(tmp_path / "home"))
    (tmp_path / "draft.txt").write_text(draft(EXTREMISM, RIGHTS), encoding="utf-8")
    args = ("check", "-f", "json", "--cache-dir", "c", "draft.txt")
    first = cli(*args, cwd=tmp_path)
    entries = list(Path(tmp_path / "c").rglob("*.json"))
    assert first.returncode == 1 and entries
    for entry in entries:
        entry.unlink()
        if plant == "link to /dev/zero":
            entry.symlink_to("/dev/zero")
        elif plant == "fifo":
            os.mkfifo(entry)
        elif plant == "huge sparse file":
            with entry.open("wb") as handle:
                handle.truncate(65 * 1024 * 1024)
        else:
            entry.mkdir()
    if plant == "link to /dev/zero":  # in a child with bounded memory: a regression must not eat the machine's
        import resource
        import subprocess

        def bounded() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
        again = subprocess.run([sys.executable, "-m", "treatylint", *args], cwd=tmp_path, env=env, capture_output=True,
                               text=True, timeout=300, preexec_fn=bounded)
    else:
        again = cli(*args, cwd=tmp_path)
    assert again.returncode == 1 and _findings(again) == _findings(first), again.stderr
    assert "internal error" not in again.stderr and "Traceback" not in again.stderr


def test_cache_key_changes_with_the_libraries_that_shape_results(monkeypatch):
    """Issue 15: dependency versions were not in the cache key, so an upgraded pypdf or spaCy
    could answer from entries its predecessor computed."""
    from treatylint.run import cache

    cache.code_fingerprint.cache_clear()
    before = cache.code_fingerprint()
    monkeypatch.setattr(cache, "library_versions", lambda: "pypdf=99.0")
    cache.code_fingerprint.cache_clear()
    try:
        assert cache.code_fingerprint() != before
    finally:
        monkeypatch.undo()
        cache.code_fingerprint.cache_clear()
    assert cache.code_fingerprint() == before


def test_cache_folder_of_another_user_is_not_used(tmp_path, monkeypatch):
    from treatylint.run.cache import ResultCache

    monkeypatch.setenv("TREATYLINT_CACHE_DIR", str(tmp_path / "home"))
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    cache = ResultCache(shared)
    assert not cache.usable and "not used" in (cache.notice or "")


def test_cache_lives_outside_the_project_by_default(tmp_path, monkeypatch):
    from treatylint.run.cache import ResultCache, library_versions

    monkeypatch.delenv("TREATYLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    if sys.platform not in ("win32", "darwin"):
        assert ResultCache().directory == tmp_path / "xdg" / "treatylint"
    assert "pypdf=" in library_versions() and "spacy=" in library_versions()


# -- inline suppressions are the user's, and never silent ---------------------------------------

SUPPRESSED = "Article 1\n\n{marker}\nEach Party shall establish as criminal offences acts of extremism.\n"


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "markdown", "html", "concise"])
def test_every_format_counts_what_suppressions_removed(tmp_path, fmt):
    (tmp_path / "draft.txt").write_text(SUPPRESSED.format(marker="#! treatylint: ignore[vague-offence] agreed"), encoding="utf-8")
    result = cli("check", "--no-cache", "-f", fmt, "draft.txt", cwd=tmp_path)
    assert "1 finding waived: 1 by inline suppressions" in result.stdout + result.stderr


@pytest.mark.parametrize("marker", [
    "#! tr\u0435atylint: ignore[vague-offence] agreed",  # a Cyrillic "е" in the tool's name
    "#! treatylint: ign\u043ere[vague-offence] agreed",  # a Cyrillic "о" in "ignore"
])
def test_a_marker_spelt_with_look_alike_letters_suppresses_nothing(tmp_path, marker):
    (tmp_path / "draft.txt").write_text(SUPPRESSED.format(marker=marker), encoding="utf-8")
    result = cli("check", "--no-cache", "-f", "json", "draft.txt", cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    assert [f for f in findings if f["rule_id"].startswith("vague-offence")]
    # the disguise is reported: as a mixed-script word, or the marker as unreadable
    assert [f for f in findings if f["category"] == "text-integrity"] or "unreadable suppression" in result.stdout + result.stderr


@pytest.mark.parametrize("suffix, body", [
    (".html", "<html><body><h2>Article 1</h2><!-- treatylint: ignore[vague-offence] theirs --><p>Each Party shall establish as criminal offences acts of extremism.</p></body></html>"),
    (".md", "## Article 1\n\n<!-- treatylint: ignore[vague-offence] mine -->\nEach Party shall establish as criminal offences acts of extremism.\n"),
])
def test_inline_suppressions_count_only_in_formats_the_user_writes(tmp_path, suffix, body):
    (tmp_path / f"draft{suffix}").write_text(body, encoding="utf-8")
    result = cli("check", "--no-cache", "-f", "json", f"draft{suffix}", cwd=tmp_path)
    vague = [f for f in json.loads(result.stdout)["findings"] if f["rule_id"].startswith("vague-offence")]
    if suffix == ".html":
        assert vague and "inline suppression ignored" in result.stdout
        (tmp_path / ".treatylint.yaml").write_text("inline-suppressions: [txt, md, html]\n", encoding="utf-8")
        again = cli("check", "--no-cache", "-f", "json", f"draft{suffix}", cwd=tmp_path)
        assert not [f for f in json.loads(again.stdout)["findings"] if f["rule_id"].startswith("vague-offence")]
    else:
        assert not vague


def test_planted_config_that_turns_rules_off_is_named(tmp_path):
    drafts = tmp_path / "incoming"
    drafts.mkdir()
    (drafts / ".treatylint.yaml").write_text("ignore: [vague-offence]\n", encoding="utf-8")
    (drafts / "draft.txt").write_text(draft(EXTREMISM, RIGHTS), encoding="utf-8")
    here = cli("check", "--no-cache", "incoming/draft.txt", cwd=tmp_path)
    assert "incoming/.treatylint.yaml applies to drafts checked here and ignores vague-offence" in here.stdout + here.stderr
    run_dir = tmp_path / "elsewhere"
    run_dir.mkdir()
    away = cli("check", "--no-cache", "../incoming/draft.txt", cwd=run_dir)
    assert "outside the folder you ran treatylint from" in away.stdout + away.stderr
