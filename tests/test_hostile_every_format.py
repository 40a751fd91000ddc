"""Issue 15's "Done when", through the command line, in each of the six input formats.

The red team's attack, all of it at once: a draft with two errors, given to the linter with
mitigating words and a suppression marker it cannot see and its trigger words disguised, must
still be reported with both errors at full severity and exit 1; a committed cache whose
entries were edited to say "no findings" must not be believed; no output may be written over a
draft; a planted config that turns rules off is named. The other tests hold each class alone,
format by format (docs/security.md's matrix); these hold the whole attack on every format.
"""

from __future__ import annotations

import json
import os
from html import escape

import pytest

from drafts_util import cli, word_package
from pdf_build import make_pdf, text_lines

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
OFFENCE = ("Each Party shall adopt such legislative measures as may be necessary to establish as a criminal offence "
           "the dissemination of extremist materials")
LAST = "This Convention enters into force on signature."
HIDE = "with intent to incite imminent violence"  # would lower the expression offence to info
MARKER = "treatylint: ignore[content-crime] agreed"  # would remove it
FORMATS = ("txt", "md", "html", "docx", "pdf", "akn")
PDF_GLYPHS = {0x8F: "\ufb00", 0x90: "\u0435"}  # codes WinAnsi leaves unused, mapped by the font's ToUnicode


def _disguised(text: str, fmt: str) -> str:
    """The offence's trigger words disguised as the format allows (each is read back by the
    normaliser): a Cyrillic letter in "extremist", a soft hyphen in "dissemination", a ligature
    in "offence", a zero-width space in "criminal" (PDF: a font whose ToUnicode map gives two
    codes the ligature and the Cyrillic letter, as a typesetter's font does, ``PDF_GLYPHS``)."""
    if fmt == "pdf":
        return text.replace("dissemination", "dissemi\xadnation").replace("offence", "o\x8fence").replace("extremist", "extr\x90mist")
    out = text.replace("offence", "o\ufb00ence").replace("criminal", "crim\u200binal")
    if fmt in ("md", "html"):
        return out.replace("extremist", "extr&#x435;mist").replace("dissemination", "dissemi&shy;nation")
    if fmt == "akn":
        return out.replace("extremist", "extr&#x435;mist").replace("dissemination", "dissemi&#173;nation")
    return out.replace("extremist", "extr\u0435mist").replace("dissemination", "dissemi\xadnation")


def draft(fmt: str, attacked: bool) -> bytes:
    """Article 1 (the offence, with the attack when ``attacked``) and Article 2, in ``fmt``."""
    offence = _disguised(OFFENCE, fmt) if attacked else (OFFENCE if fmt in ("txt", "docx", "pdf") else escape(OFFENCE))
    if fmt == "txt":  # nothing can be hidden in plain text: only the disguises
        return f"Article 1\n\n{offence}.\n\nArticle 2\n\n{LAST}\n".encode()
    if fmt == "md":  # (a marker in a Markdown comment is the user's own and counts: the hidden one is in a hidden span)
        hidden = f'<!-- {HIDE} --><span style="display:none">&lt;!-- {MARKER} --&gt;</span>' if attacked else ""
        return f"# Article 1\n\n{offence}{hidden}.\n\n# Article 2\n\n{LAST}\n".encode()
    if fmt == "html":
        hidden = f'<span style="display:none"> {HIDE}</span><!-- {MARKER} -->' if attacked else ""
        return (f"<html><body><h2>Article 1</h2><p>{offence}{hidden}.</p><h2>Article 2</h2><p>{LAST}</p>"
                "</body></html>").encode()
    if fmt == "docx":
        def run(text: str, props: str = "") -> str:
            return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(text, quote=False)}</w:t></w:r>'
        hidden = run(f" {HIDE}", "<w:vanish/>") if attacked else ""
        marker = f"<w:p>{run(f'#! {MARKER}', '<w:vanish/>')}</w:p>" if attacked else ""
        return word_package(f"<w:p>{run('Article 1')}</w:p>{marker}<w:p>{run(offence)}{hidden}{run('.')}</w:p>"
                            f"<w:p>{run('Article 2')}</w:p><w:p>{run(LAST)}</w:p>")
    if fmt == "pdf":
        lines = ["Article 1", *([("3 Tr", f"#! {MARKER}", "0 Tr")] if attacked else []), offence,
                 ("1 1 1 rg", HIDE, "0 0 0 rg") if attacked else "", "done.", "Article 2", LAST]
        return make_pdf([text_lines([line for line in lines if line], size=7, leading=9)], to_unicode=PDF_GLYPHS)
    comment = f"<!-- {HIDE} --><!-- {MARKER} -->" if attacked else ""
    article = '<article eId="art_{n}"><num>Article {n}</num><paragraph eId="art_{n}__p"><content><p>{t}</p></content></paragraph></article>'
    return (f'<akomaNtoso xmlns="{AKN_NS}"><act name="x"><meta/><body>' + article.format(n=1, t=f"{offence}{comment}.")
            + article.format(n=2, t=LAST) + "</body></act></akomaNtoso>").encode()


def _errors(payload: dict) -> set[tuple[str, str | None]]:
    return {(f["rule_id"], f["provision"]) for f in payload["findings"]
            if f["severity"] == "error" and f["category"] != "text-integrity"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_hidden_or_disguised_text_brings_a_draft_to_a_clean_report(tmp_path, fmt):
    (tmp_path / f"honest.{fmt}").write_bytes(draft(fmt, attacked=False))
    (tmp_path / f"attacked.{fmt}").write_bytes(draft(fmt, attacked=True))
    honest = cli("check", "--isolated", "--no-cache", "-f", "json", f"honest.{fmt}", cwd=tmp_path)
    attacked = cli("check", "--isolated", "--no-cache", "-f", "json", f"attacked.{fmt}", cwd=tmp_path)
    assert honest.returncode == 1 and attacked.returncode == 1, attacked.stderr
    before, after = json.loads(honest.stdout), json.loads(attacked.stdout)
    assert {"content-crime/expression-offence", "vague-offence/undefined-political-term"} <= {r for r, _ in _errors(before)}
    assert _errors(after) >= _errors(before), "the attack lowered or removed an error"
    assert not after["summary"].get("waived"), after["summary"]
    reported = {f["rule_id"] for f in after["findings"] if f["category"] == "text-integrity"}
    assert reported and (fmt == "txt" or "text-integrity/hidden-text" in reported), reported
    assert "text-integrity/mixed-script-word" in reported
    if fmt != "txt":  # the attack is real: read, the hidden words would have lowered an error
        read = cli("check", "--isolated", "--no-cache", "--include-hidden", "-f", "json", f"attacked.{fmt}", cwd=tmp_path)
        assert not _errors(json.loads(read.stdout)) >= _errors(before)


def test_a_committed_cache_is_not_believed_in_any_format(tmp_path, monkeypatch):
    """A cache folder committed beside drafts of every format, its entries edited to say "no
    findings" (or left as the author's, on a reviewer's machine): every draft is checked afresh."""
    repo = tmp_path / "repo"
    repo.mkdir()
    names = [f"draft.{fmt}" for fmt in FORMATS]
    for fmt, name in zip(FORMATS, names):
        (repo / name).write_bytes(draft(fmt, attacked=False))
    monkeypatch.setenv("TREATYLINT_CACHE_DIR", str(tmp_path / "author-home"))
    args = ("check", "--isolated", "-f", "json", "--cache-dir", ".cache", *names)

    def per_file(result) -> dict[str, list]:
        findings = json.loads(result.stdout)["findings"]
        return {name: sorted((f["rule_id"], f["severity"], f["start"]) for f in findings if f["path"] == name) for name in names}

    honest = cli(*args, cwd=repo)
    assert honest.returncode == 1 and all(per_file(honest).values())
    entries = list((repo / ".cache").rglob("*.json"))
    assert len(entries) >= len(names)
    for entry in entries:  # the counterpart's edit, committed with the drafts
        mac, _, body = entry.read_bytes().partition(b"\n")
        payload = json.loads(body)
        payload["findings"] = []
        entry.write_bytes(mac + b"\n" + json.dumps(payload).encode())
    edited = cli(*args, cwd=repo)
    assert edited.returncode == 1 and per_file(edited) == per_file(honest)
    monkeypatch.setenv("TREATYLINT_CACHE_DIR", str(tmp_path / "reviewer-home"))  # a clone elsewhere
    assert per_file(cli(*args, cwd=repo)) == per_file(honest)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("how", ["hard link", "symbolic link", "write-baseline through a hard link"])
def test_no_output_overwrites_a_draft_in_any_format(tmp_path, fmt, how):
    source = tmp_path / f"draft.{fmt}"
    source.write_bytes(draft(fmt, attacked=False))
    target = tmp_path / "report.out"
    if how == "symbolic link":
        target.symlink_to(source)
    else:
        os.link(source, target)
    before, stamp = source.read_bytes(), source.stat().st_mtime_ns
    option = ["--write-baseline", "report.out"] if how.startswith("write-baseline") else ["-f", "json", "-o", "report.out"]
    result = cli("check", "--isolated", "--no-cache", *option, source.name, cwd=tmp_path)
    assert result.returncode == 2 and "would be overwritten" in result.stderr, result.stderr
    assert source.read_bytes() == before and source.stat().st_mtime_ns == stamp


def test_a_planted_config_is_named_for_drafts_of_every_format(tmp_path):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / ".treatylint.yaml").write_text("ignore: [vague-offence]\n", encoding="utf-8")
    names = []
    for fmt in FORMATS:
        (incoming / f"draft.{fmt}").write_bytes(draft(fmt, attacked=False))
        names.append(f"incoming/draft.{fmt}")
    result = cli("check", "--no-cache", "-f", "json", *names, cwd=tmp_path)
    payload = json.loads(result.stdout)
    assert "incoming/.treatylint.yaml applies to drafts checked here and ignores vague-offence" in result.stdout + result.stderr
    assert {f["path"] for f in payload["findings"]} == set(names)  # every draft was checked ...
    assert not [f for f in payload["findings"] if f["category"] == "vague-offence"]  # ... under the planted config


_SPLIT = "Each Party shall criminalise the dissemination of extre{}mist materials."


def _split_word(fmt: str) -> bytes:
    """A trigger word with hidden text in its middle ("extre" hidden "mist"), in ``fmt``."""
    if fmt == "docx":
        def run(text: str, props: str = "") -> str:
            return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'
        head, tail = _SPLIT.split("{}")
        return word_package(f"<w:p>{run('Article 1')}</w:p><w:p>{run(head)}{run('qq hidden words', '<w:vanish/>')}{run(tail)}</w:p>")
    if fmt == "pdf":
        head, tail = _SPLIT.split("{}")
        return make_pdf([text_lines(["Article 1", ("", head, f"3 Tr (qq hidden words) Tj 0 Tr ({tail}) Tj")], size=10)])
    if fmt == "akn":
        return (f'<akomaNtoso xmlns="{AKN_NS}"><act name="x"><meta/><body><article eId="art_1"><num>Article 1</num>'
                f'<paragraph eId="art_1__p"><content><p>{_SPLIT.format("<!-- qq hidden words -->")}</p></content>'
                "</paragraph></article></body></act></akomaNtoso>").encode()
    if fmt == "md":
        return f"# Article 1\n\n{_SPLIT.format('<!-- qq hidden words -->')}\n".encode()
    return f'<html><body><h2>Article 1</h2><p>{_SPLIT.format("<span style=display:none>qq hidden words</span>")}</p></body></html>'.encode()


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf", "akn"])
def test_hidden_text_inside_a_word_splits_nothing(tmp_path, fmt):
    """Hidden text in the middle of a trigger word is left out without leaving a space: the
    word a reader sees ("extremist") is the word read, and still flagged."""
    (tmp_path / f"draft.{fmt}").write_bytes(_split_word(fmt))
    result = cli("check", "--isolated", "--no-cache", "-f", "json", f"draft.{fmt}", cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    assert any(f["rule_id"] == "vague-offence/undefined-political-term" and "extremist" in f["matched"] for f in findings), findings
    assert any(f["rule_id"] == "text-integrity/hidden-text" for f in findings)
