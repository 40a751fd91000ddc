"""Input formats (issue 5): the sample draft as Markdown, HTML, Word, PDF and Akoma Ntoso gives
the same findings as the plain text, located in the original file; tracked changes; safe XML."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import format_fixtures as ff
from conftest import REPO

pytest.importorskip("docx")
pytest.importorskip("pypdf")
pytest.importorskip("fpdf")


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("formats")
    return {
        "txt": ff.SAMPLE,
        "md": ff.write_markdown(d),
        "html": ff.write_html(d),
        "akn": ff.write_akn(d),
        "docx": ff.write_docx(d),
        "pdf": ff.write_pdf(d),
    }


@pytest.fixture(scope="module")
def results(drafts, linter):
    return {fmt: linter.check_file(path) for fmt, path in drafts.items()}


def _norm(text: str) -> str:
    return " ".join(text.split())


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "treatylint", *args], capture_output=True, text=True, cwd=REPO, timeout=300)


def test_same_findings_in_every_format(results):
    expected = sorted((f.category, f.provision) for f in results["txt"].findings)
    assert ("content-crime", "Article 4") in expected
    for fmt, result in results.items():
        assert sorted((f.category, f.provision) for f in result.findings) == expected, fmt
        # the same sentence and words, too
        seen = sorted((f.rule_id, f.provision, _norm(f.excerpt), f.matched) for f in result.findings)
        assert seen == sorted((f.rule_id, f.provision, _norm(f.excerpt), f.matched) for f in results["txt"].findings), fmt


def _first_word(finding) -> str:
    return re.findall(r"\w+", finding.matched)[0]


@pytest.mark.parametrize("fmt", ["md", "html", "akn"])
def test_text_like_locations_point_into_the_source(fmt, drafts, results):
    lines = drafts[fmt].read_text(encoding="utf-8").split("\n")
    located = [f for f in results[fmt].findings if f.matched]
    assert located
    for f in located:
        source_line = lines[f.line - 1]
        assert source_line[f.column - 1 :].startswith(_first_word(f)), (f.rule_id, f.line, f.column, source_line)
        if fmt == "akn":
            assert f.eid and f.eid.startswith(f"art_{f.provision.split()[-1]}")
        else:
            assert f.eid is None and f.page is None and f.paragraph is None


def test_docx_locations_are_paragraphs(drafts, results):
    import docx

    paragraphs = docx.Document(str(drafts["docx"])).paragraphs
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for f in results["docx"].findings:
        assert f.paragraph is not None and f.line == f.paragraph
        if not f.matched:
            continue
        # the paragraph's text with insertions (w:t, not w:delText) holds the flagged words
        text = "".join(t.text or "" for t in paragraphs[f.paragraph - 1]._p.iter(ns + "t"))
        assert text[f.column - 1 :].startswith(_first_word(f)), (f.rule_id, f.paragraph, text)


def test_pdf_locations_are_page_and_line(drafts, results):
    import pypdf

    pages = [
        [line.strip() for line in page.extract_text(extraction_mode="layout").split("\n") if line.strip()]
        for page in pypdf.PdfReader(str(drafts["pdf"])).pages
    ]
    for f in results["pdf"].findings:
        assert f.page is not None
        if not f.matched:
            continue
        line = pages[f.page - 1][f.line - 1]
        word = _first_word(f)
        assert line[f.column - 1 :].startswith(word[: max(3, len(line) - f.column + 1)]), (f.rule_id, f.page, f.line, line)


def test_pdf_reads_as_clean_prose(drafts):
    from treatylint.document.formats import read_source
    from treatylint.document.parser import parse_document

    source = read_source(drafts["pdf"])
    assert ff.SYMBOL not in source.text and ff.RUNNING_HEAD not in source.text
    assert not re.search(r"^- \d+ -$", source.text, re.M)
    # no split words, no header inside an article: the prose is the sample's, word for word
    assert _norm(source.text) == _norm(ff.SAMPLE.read_text(encoding="utf-8"))
    raw = "\n".join(p.extract_text() for p in __import__("pypdf").PdfReader(str(drafts["pdf"])).pages)
    assert re.search(r"[a-z]-\n[a-z]", raw), "the fixture really hyphenates at line ends"
    document = parse_document(source.text, "x.pdf")
    sample = parse_document(ff.SAMPLE.read_text(encoding="utf-8"))
    assert [p.label for p in document.provisions] == [p.label for p in sample.provisions]
    for provision in document.provisions:
        body = document.text[provision.start : provision.end]
        assert ff.SYMBOL not in body and "computer-related crime\n" not in body.lower()


def test_pdf_two_columns_read_column_by_column(tmp_path):
    from fpdf import FPDF

    from treatylint.document.formats import read_source

    left = [f"left column line {i} of the first article text" for i in range(12)]
    right = [f"right column line {i} of the second article" for i in range(12)]
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=9)
    pdf.add_page()
    for i, (a, b) in enumerate(zip(left, right)):
        pdf.set_xy(10, 20 + i * 5)
        pdf.cell(0, 5, a)
        pdf.set_xy(110, 20 + i * 5)
        pdf.cell(0, 5, b)
    path = tmp_path / "columns.pdf"
    pdf.output(str(path))
    text = _norm(read_source(path).text)
    assert text.index("left column line 11") < text.index("right column line 0")


def test_docx_tracked_changes_accepted_by_default(drafts, results):
    from treatylint.document.formats import read_source

    source = read_source(drafts["docx"])
    assert ff.INSERTED in source.text and ff.DELETED not in source.text
    assert ff.DELETED in source.original.text and "system of extremist materials" not in source.original.text
    assert any("1 comment" in n and "shown under Notes" in n for n in results["docx"].notices)
    assert "[comment 1: X: Delegation X: too broad?]" in source.text
    assert all(f.revision is None for f in results["docx"].findings)


def test_docx_revisions_mark_introduced_findings(drafts):
    from treatylint.run.linter import Linter
    from treatylint.settings import Settings

    result = Linter(Settings(revisions=True)).check_file(drafts["docx"])
    introduced = [f for f in result.findings if f.revision == "introduced"]
    assert any(f.category == "content-crime" and "extremist materials" in f.matched for f in introduced), [
        (f.rule_id, f.matched, f.revision) for f in result.findings
    ]
    for f in introduced:
        assert f.provision == "Article 4" and f.paragraph is not None
    # unchanged passages are not marked
    assert any(f.revision is None and f.provision == "Article 11" for f in result.findings)


def test_docx_without_tracked_changes(tmp_path, linter):
    path = ff.write_docx(tmp_path, tracked=False)
    result = linter.check_file(path)
    assert ("content-crime", "Article 4") in {(f.category, f.provision) for f in result.findings}


_XXE = '<!DOCTYPE akomaNtoso [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
_LAUGHS = (
    '<!DOCTYPE akomaNtoso [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


@pytest.mark.parametrize("doctype,use", [(_XXE, "&xxe;"), (_LAUGHS, "&lol3;")], ids=["xxe", "billion-laughs"])
def test_unsafe_akn_is_refused(tmp_path, doctype, use):
    path = ff.write_akn(tmp_path, doctype=doctype)
    path.write_text(path.read_text(encoding="utf-8").replace("<p>Preamble</p>", f"<p>Preamble {use}</p>"), encoding="utf-8")
    result = run("check", str(path))
    assert result.returncode == 2
    assert "could not be read" in result.stdout and "root:" not in result.stdout  # the run carried on
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1 and str(path) in lines[0] and "refused" in lines[0], result.stderr
    assert "root:" not in result.stderr


def test_xml_that_is_not_akoma_ntoso_is_refused(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text("<config><p>Article 1</p></config>", encoding="utf-8")
    result = run("check", str(path))
    assert result.returncode == 2 and "not an Akoma Ntoso document" in result.stderr


def test_format_sniffed_from_content(tmp_path, drafts, linter):
    disguised = tmp_path / "draft.txt"
    disguised.write_bytes(drafts["pdf"].read_bytes())
    result = linter.check_file(disguised)
    assert result.findings and all(f.page is not None for f in result.findings)


def test_cli_json_and_text_reports_show_locations(drafts):
    payload = json.loads(run("check", str(drafts["pdf"]), "-f", "json").stdout)
    finding = next(f for f in payload["findings"] if f["category"] == "content-crime")
    assert finding["page"] >= 1 and finding["paragraph"] is None and finding["eid"] is None and finding["revision"] is None
    text = run("check", str(drafts["docx"])).stdout
    assert f"{drafts['docx']}:paragraph " in text
    text = run("check", str(drafts["pdf"])).stdout
    assert re.search(re.escape(str(drafts["pdf"])) + r":page \d+, line \d+:\d+", text)
    plain = json.loads(run("check", str(ff.SAMPLE), "-f", "json").stdout)
    assert all(f["page"] is None and f["paragraph"] is None for f in plain["findings"])


def test_every_report_format_reads_every_input_format(drafts):
    from treatylint.reporters.dispatch import ReportFormat

    for fmt in ReportFormat:
        for name in ("docx", "pdf", "akn"):
            result = run("check", str(drafts[name]), "-f", fmt.value, "--exit-zero")
            assert result.returncode == 0, (fmt, name, result.stderr)
            assert result.stdout.strip()


def test_outline_for_every_format(drafts):
    expected = json.loads(run("outline", str(drafts["txt"]), "-f", "json").stdout)
    labels = [(p["label"], p["kind"]) for p in expected["provisions"]]
    for fmt, path in drafts.items():
        result = run("outline", str(path), "-f", "json")
        assert result.returncode == 0, (fmt, result.stderr)
        got = json.loads(result.stdout)
        assert [(p["label"], p["kind"]) for p in got["provisions"]] == labels, fmt
        assert got["title"] == expected["title"], fmt


def test_cli_revisions(drafts):
    payload = json.loads(run("check", str(drafts["docx"]), "-f", "json", "--revisions").stdout)
    introduced = [f for f in payload["findings"] if f["revision"] == "introduced"]
    assert any(f["category"] == "content-crime" and "extremist materials" in f["matched"] for f in introduced)
    text = run("check", str(drafts["docx"]), "--revisions").stdout
    assert "introduced by the tracked changes" in text
    plain = json.loads(run("check", str(drafts["docx"]), "-f", "json").stdout)
    assert all(f["revision"] is None for f in plain["findings"])


@pytest.mark.parametrize("word", ["Art.", "Sec.", "ART."])
def test_pdf_abbreviated_headings_with_text_on_the_line_start_paragraphs(word, linter):
    """A wrapped PDF whose provisions open "Art. 2. Each Party ..." with no blank line between
    them: each such line starts a paragraph (the reader re-joins only wrapped lines), so each
    provision is found; before, "Art." never looked like a heading and every article after the
    first ran into one paragraph."""
    from pdf_build import make_pdf, text_lines

    lines = [
        f"{word} 1. This Agreement governs the exchange of electronic evidence between the",
        "Parties in criminal proceedings.",
        f"{word} 2. Each Party shall ensure that the powers provided for in this Agreement are",
        "subject to judicial authorisation and to the principles of necessity and proportionality.",
        f"{word} 3. This Agreement shall enter into force on the thirtieth day after the",
        "second notification.",
    ]
    result = linter.check_bytes(make_pdf([text_lines(lines, size=9, leading=11)]), "draft.pdf")
    assert len(result.document.provisions) >= 3
    opening = [p for p in result.document.provisions if p.kind != "preamble"]
    assert [p.number for p in opening][:3] == ["1", "2", "3"]


def test_pdf_lines_opening_with_the_documents_own_numbered_word_start_paragraphs(linter):
    """The heading word is one the reader has never heard of ("Clause"): three or more lines
    opening with it and a rising number still start paragraphs of their own."""
    from treatylint.document.formats import source_from_bytes
    from pdf_build import make_pdf, text_lines

    lines = [
        "Clause 1 This Arrangement sets out how the Participants exchange information on",
        "incidents affecting their networks.",
        "Clause 2 Each Participant shall designate a point of contact available at all",
        "times. The Participants refer to Clause 1 when they report an incident.",
        "Clause 3 This Arrangement takes effect on signature and may be ended by either",
        "Participant on three months' notice.",
    ]
    text = source_from_bytes(make_pdf([text_lines(lines, size=9, leading=11)]), "draft.pdf").text
    starts = [line.split(" ", 2)[:2] for line in text.splitlines() if line.startswith("Clause")]
    assert starts == [["Clause", "1"], ["Clause", "2"], ["Clause", "3"]]
    assert "Participant on three months' notice." in text  # wrapped lines still re-joined
