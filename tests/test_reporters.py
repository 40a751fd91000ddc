"""Report formats: SARIF (schema, fingerprints), GitHub annotations, Markdown, HTML, --output."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import BUDAPEST, REPO, corpus_file

from treatylint.findings import Finding, Severity
from treatylint.reporters.dispatch import Report, render_report

SAMPLE = REPO / "corpora" / "sample-draft.txt"
SCHEMAS = Path(__file__).resolve().parents[1].parent / "shared" / "schemas"
SARIF_SCHEMA = SCHEMAS / "sarif-schema-2.1.0.json"

HOSTILE_DRAFT = """Draft Convention <b>against</b> Things

Article 1
Offences

Each State Party shall establish as a criminal offence the distribution of extremist materials such as <script>alert(1)</script> and [click](javascript:alert(2)) or <img src=x onerror=alert(3)> & *bold* | pipes.
"""


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "treatylint", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def report_for(linter, *results) -> Report:
    return Report.from_results(results, linter.notices, linter.rules)


@pytest.fixture(scope="module")
def budapest(linter):
    return linter.check_file(corpus_file(BUDAPEST))


@pytest.fixture(scope="module")
def sample(linter):
    return linter.check_file(SAMPLE)


@pytest.fixture(scope="module")
def hostile(linter):
    return linter.check_text(HOSTILE_DRAFT, "drafts/hostile <draft>.txt")


def _finding(**overrides) -> Finding:
    values = dict(
        path="drafts/a,b:c.txt", rule_id="content-crime/expression-offence", category="content-crime",
        severity=Severity.ERROR, message="100% bad\nsecond line, with: colon\r", rationale="r",
        references=["ICCPR art. 19"], provision="Article 4", provision_kind="offence",
        line=3, column=5, end_line=3, end_column=20, excerpt="x", matched="y",
    )
    values.update(overrides)
    return Finding(**values)


# -- SARIF ------------------------------------------------------------------------------------


def _schema():
    if not SARIF_SCHEMA.exists():
        pytest.skip(f"SARIF schema not available at {SARIF_SCHEMA}")
    return json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))


def test_sarif_validates_for_a_real_treaty_and_the_sample(linter, budapest, sample):
    import jsonschema

    schema = _schema()
    for result in (budapest, sample):
        sarif = json.loads(render_report("sarif", report_for(linter, result)))
        jsonschema.validate(sarif, schema)
        assert sarif["version"] == "2.1.0"
        assert sarif["runs"][0]["results"], "both drafts have findings"


def test_sarif_rules_and_results(linter, sample, monkeypatch):
    from treatylint.authoring.rule_docs import rule_markdown

    monkeypatch.chdir(REPO)
    sarif = json.loads(render_report("sarif", report_for(linter, sample)))
    run_ = sarif["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "treatylint" and driver["version"]
    rules = driver["rules"]
    loaded = {r.rule.id: r.rule for r in linter.rules}
    assert [r["id"] for r in rules] == [r.rule.id for r in linter.rules]
    for descriptor in rules:
        rule = loaded[descriptor["id"]]
        assert descriptor["name"] and descriptor["shortDescription"]["text"]
        assert 0 < len(descriptor["fullDescription"]["text"]) <= 1024
        assert descriptor["help"]["markdown"] == rule_markdown(rule)
        assert descriptor["help"]["text"]
        expected = {"error": "error", "warning": "warning", "info": "note"}[rule.severity.value]
        assert descriptor["defaultConfiguration"]["level"] == expected
        assert rule.category in descriptor["properties"]["tags"]
        assert descriptor["properties"]["precision"] in ("very-high", "high", "medium", "low")
    findings = sample.findings
    assert len(run_["results"]) == len(findings)
    for result, finding in zip(run_["results"], findings):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule_id
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding.severity.value]
        assert result["message"]["text"] == finding.message
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "corpora/sample-draft.txt"
        region = location["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
            finding.line, finding.column, finding.end_line, finding.end_column)
        assert re.fullmatch(r"[0-9a-f]{32}:\d+", result["partialFingerprints"]["primaryLocationLineHash"])
        props = result["properties"]
        assert (props["category"], props["provision"], props["provision_kind"]) == (
            finding.category, finding.provision, finding.provision_kind)
    document_level = [r for r in run_["results"] if r["properties"]["provision"] is None]
    assert document_level, "the sample draft has no operative human-rights clause"
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] == 1 for r in document_level)
    prints = [r["partialFingerprints"]["primaryLocationLineHash"] for r in run_["results"]]
    assert len(set(prints)) == len(prints), "fingerprints are unique within a file"


def test_sarif_fingerprints_survive_lines_inserted_above(linter):
    path = corpus_file(BUDAPEST)
    text = path.read_text(encoding="utf-8")
    inserted = "".join(f"Revision note {i}: editorial changes only.\n" for i in range(1, 11))
    # keep the title first so the draft parses the same way; the notes push every article down
    title, rest = text.split("\n", 1)
    moved = title + "\n" + inserted + rest

    def results(source: str) -> list[dict]:
        checked = linter.check_text(source, str(path))
        return json.loads(render_report("sarif", report_for(linter, checked)))["runs"][0]["results"]

    before, after = results(text), results(moved)
    assert before and len(before) == len(after)
    key = lambda r: (r["ruleId"], r["partialFingerprints"]["primaryLocationLineHash"])
    assert sorted(map(key, before)) == sorted(map(key, after))
    lines_before = {key(r): r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in before}
    for r in after:
        if r["properties"]["provision"] is not None:
            assert r["locations"][0]["physicalLocation"]["region"]["startLine"] == lines_before[key(r)] + 10


def test_fingerprint_counts_repeated_passages():
    from treatylint.reporters.common import fingerprints

    a = _finding(excerpt="Same  sentence.", line=3)
    b = _finding(excerpt="same sentence.", line=9, provision="Article 9")
    c = _finding(excerpt="Another sentence.")
    fa, fb, fc = fingerprints([a, b, c])
    assert fa.split(":")[0] == fb.split(":")[0] and (fa.split(":")[1], fb.split(":")[1]) == ("1", "2")
    assert fc.split(":")[0] != fa.split(":")[0]


# -- GitHub annotations -----------------------------------------------------------------------


def test_github_escaping():
    from treatylint.reporters.github import annotation, escape_data, escape_property

    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_data("a:b,c") == "a:b,c"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    line = annotation(_finding())
    assert line.startswith("::error file=drafts/a%2Cb%3Ac.txt,line=3,endLine=3,col=5,endColumn=20,title=")
    assert "\n" not in line and "\r" not in line
    command, message = line[2:].split("::", 1)
    assert message.startswith("100%25 bad%0Asecond line, with: colon%0D")
    assert "title=treatylint content-crime/expression-offence (content-crime)" in command
    assert annotation(_finding(severity=Severity.INFO)).startswith("::notice ")
    assert annotation(_finding(severity=Severity.WARNING)).startswith("::warning ")


def test_github_format_one_annotation_per_finding(linter, sample, monkeypatch):
    monkeypatch.chdir(REPO)
    out = render_report("github", report_for(linter, sample)).splitlines()
    assert len(out) == len([f for f in sample.findings if not f.suppressed])
    for line, finding in zip(out, sample.findings):
        assert re.match(rf"::(error|warning|notice) file=corpora/sample-draft.txt,line={finding.line},", line)


# -- Markdown ---------------------------------------------------------------------------------


def test_markdown_report(linter, sample, monkeypatch):
    monkeypatch.chdir(REPO)
    out = render_report("markdown", report_for(linter, sample))
    assert out.startswith("## treatylint report")
    assert "| category | error | warning | info | total |" in out
    for finding in sample.findings:
        assert f"`{finding.rule_id}`" in out
    assert "### `corpora/sample-draft.txt`" in out
    assert "#### Article 4 (offence)" in out and "#### Whole document" in out
    assert "\n  > " in out and "**" in out  # quoted passages with the flagged words in bold
    total = len([f for f in sample.findings if not f.suppressed])
    assert "| **total** |" in out and f"**{total}** |" in out


def test_markdown_escapes_draft_text(linter, hostile):
    out = render_report("markdown", report_for(linter, hostile))
    outside_code = re.sub(r"`[^`\n]*`", "", out)  # a code span shows < literally
    assert not re.search(r"(?<!\\)<", outside_code), "every < in draft text is escaped"
    assert "\\<script\\>alert(1)\\</script\\>" in out
    assert "\\[click\\](javascript:alert(2))" in out
    assert "&amp;" in out and "\\*bold\\*" in out and "\\| pipes" in out


def test_markdown_no_findings():
    out = render_report("markdown", Report(findings=[], files=["a.txt"]))
    assert "No findings. 1 file checked." in out


# -- HTML -------------------------------------------------------------------------------------


class _Marks(HTMLParser):
    """Collects the text of each highlight (joined over its parts) and its data attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[dict | None] = []
        self.text: dict[str, str] = {}
        self.attrs: dict[str, dict] = {}
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "mark":
            self.stack.append(attrs)
            self.attrs.setdefault(attrs["data-finding"], attrs)
            self.text.setdefault(attrs["data-finding"], "")

    def handle_endtag(self, tag):
        if tag == "mark":
            self.stack.pop()

    def handle_data(self, data):
        for attrs in {a["data-finding"]: a for a in self.stack}.values():
            self.text[attrs["data-finding"]] += data


def check_highlights(page: str, findings: list[Finding], text: str) -> None:
    parser = _Marks()
    parser.feed(page)
    shown = [f for f in findings if not f.suppressed and not f.waived]
    assert len(parser.attrs) == len([f for f in shown if f.end > f.start])
    for number, finding in enumerate(shown):
        attrs = parser.attrs[str(number)]
        assert attrs["data-rule"] == finding.rule_id
        assert (int(attrs["data-line"]), int(attrs["data-col"])) == (finding.line, finding.column)
        assert attrs["data-category"] == finding.category and attrs["data-severity"] == finding.severity.value
        assert parser.text[str(number)] == text[finding.start : finding.end]
        if finding.matched:
            assert " ".join(parser.text[str(number)].split()) == finding.matched


def test_html_highlights_match_the_findings(linter, budapest, sample):
    for result in (budapest, sample):
        page = render_report("html", report_for(linter, result))
        check_highlights(page, result.findings, result.document.text)


def test_html_is_self_contained(linter, budapest):
    page = render_report("html", report_for(linter, budapest))
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "<link" not in page and "@import" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    for category in {f.category for f in budapest.findings}:
        assert f'name="category" value="{category}"' in page
    for severity in ("error", "warning", "info"):
        assert f'name="severity" value="{severity}"' in page
    assert "Rule documentation" in page and "## Why it matters" in page


def test_html_escapes_every_piece_of_draft_text(linter, hostile):
    page = render_report("html", report_for(linter, hostile))
    parser = _Marks()
    parser.feed(page)
    assert parser.scripts == 1, "only the report's own script"
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page and "<b>against" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "hostile &lt;draft&gt;.txt" in page
    check_highlights(page, hostile.findings, hostile.document.text)


def test_html_overlapping_highlights_nest_and_split():
    from treatylint.reporters.html import highlight

    text = "abcdefghij\nklmnop"
    spans = [(0, 6, 0, ('data-finding="0"', "a", "t")), (3, 9, 1, ('data-finding="1"', "b", "t")),
             (3, 9, 2, ('data-finding="2"', "c", "t")), (8, 14, 3, ('data-finding="3"', "d", "t"))]
    page = highlight(text, spans)
    parser = _Marks()
    parser.feed(page)
    assert parser.text == {"0": "abcdef", "1": "defghi", "2": "defghi", "3": "ij\nklm"}
    assert page.count("<mark") > 4  # partial overlaps were split into parts
    assert page.count("<mark") == page.count("</mark>")
    assert 'data-n="2"' in page


# Machado, Oliveira and Fernandes (2009), severity 1, applied to linear RGB
_VISION = {
    "typical": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _linear(colour: str) -> list[float]:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def _lab(rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = rgb
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _seen(colour: str, vision: str) -> tuple[float, float, float]:
    rgb = _linear(colour)
    return _lab([min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb)))) for row in _VISION[vision]])


def test_html_palette_tells_every_category_apart():
    """Every pair of categories differs in its code, and in its pattern or in a colour difference
    (CIE76) of at least 10 under typical vision and simulated protanopia, deuteranopia and
    tritanopia; black text on every tint has a contrast of at least 7:1."""
    import math

    from treatylint.findings import CATEGORIES
    from treatylint.reporters.html import LOOKS

    assert set(LOOKS) == set(CATEGORIES)
    assert len({look.code for look in LOOKS.values()}) == len(CATEGORIES)
    for (a, first), (b, second) in itertools.combinations(LOOKS.items(), 2):
        if first.hatched != second.hatched:
            continue
        for vision in _VISION:
            distance = math.dist(_seen(first.colour, vision), _seen(second.colour, vision))
            assert distance >= 10, (a, b, vision, round(distance, 1))
    for category, look in LOOKS.items():
        r, g, b = _linear(look.colour)
        assert (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05) / 0.05 >= 7, category


def test_html_the_stronger_finding_shows_where_findings_overlap():
    from treatylint.reporters.html import highlight

    def mark(number: int, rank: int) -> tuple:
        return (f'data-finding="{number}"', f"r{rank}", "t", rank)

    # an error around a warning, a warning around an error, an info inside both, equals nested
    spans = [(0, 20, 0, mark(0, 2)), (5, 10, 1, mark(1, 1)), (30, 50, 2, mark(2, 1)), (35, 40, 3, mark(3, 2)),
             (36, 38, 4, mark(4, 0)), (60, 70, 5, mark(5, 1)), (62, 65, 6, mark(6, 1))]
    page = highlight("x" * 80, spans)
    under = {m.group(1) for m in re.finditer(r'<mark[^>]*class="hl [^"]*under"[^>]*data-finding="(\d+)"', page)}
    assert under == {"1", "4"}


def test_html_headings_are_styled(linter, sample):
    page = render_report("html", report_for(linter, sample))
    headings = re.findall(r'<span class="hd (hd-\w+)">(?:<span class="ln" data-n="\d+"></span>)?([^<]*)', page)
    articles = [text for kind, text in headings if kind == "hd-article"]
    divisions = [text for kind, text in headings if kind == "hd-division"]
    assert len(articles) == len(sample.document.provisions) and all(a.startswith("Article") for a in articles)
    assert divisions and all(d.isupper() for d in divisions)
    assert 'href="#first-passage"' in page and 'id="first-passage"' in page


# -- JSON -------------------------------------------------------------------------------------


def test_json_report_is_the_standard_library_text(linter, budapest, hostile):
    """The JSON report's fast encoder (pydantic's, common.json_text) writes what ``json.dumps``
    writes, hostile strings included; it is exact only for data without floats, so no field of
    a model the report encodes may be a float."""
    import typing

    from treatylint.reporters.common import json_text
    from treatylint.reporters.json_reporter import render
    from treatylint.triage.waivers import StaleWaiver

    for model in (Finding, StaleWaiver):
        for name, field in model.model_fields.items():
            assert float not in {field.annotation, *typing.get_args(field.annotation)}, (model, name)
    odd = _finding(excerpt="\x00\x1b[31m\u202e\u2028 \"q\" \\ ##[error] \U0001f600 \ufeff", matched="")
    report = report_for(linter, budapest, hostile)
    report.findings.append(odd)
    payload = json.loads(render(report))
    assert render(report) == json_text(payload)  # payload: plain data, encoded by json.dumps
    assert payload["findings"][-1]["excerpt"] == odd.excerpt
    assert json_text(payload, without_floats=True) == json_text(payload)
    assert len(payload["findings"]) > 10


# -- the command line -------------------------------------------------------------------------


def test_output_writes_the_format_and_prints_the_text_report(tmp_path):
    target = tmp_path / "reports" / "treatylint.sarif"
    result = run("check", str(SAMPLE), "--format", "sarif", "--output", str(target))
    assert result.returncode == 1, result.stderr
    assert "Found" in result.stdout and "content-crime" in result.stdout  # the text report
    assert not result.stdout.lstrip().startswith("{")
    sarif = json.loads(target.read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"]


@pytest.mark.parametrize("fmt,start", [("github", "::"), ("markdown", "## treatylint"), ("html", "<!DOCTYPE html>"),
                                       ("sarif", "{")])
def test_formats_on_stdout(fmt, start):
    result = run("check", str(SAMPLE), "--format", fmt)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(start)


def test_output_never_overwrites_a_draft(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    before = draft.read_bytes()
    result = run("check", str(draft), "--format", "html", "--output", str(draft))
    assert result.returncode == 2 and "overwrite" in result.stderr
    assert draft.read_bytes() == before


def test_waived_and_suppressed_findings(linter):
    shown = _finding()
    waived = _finding(waived=True, waiver="waivers.yml: accepted by the delegation", line=7)
    suppressed = _finding(suppressed=True, mitigations=["specific intent"], line=9)
    report = Report(findings=[shown, waived, suppressed], files=["drafts/a,b:c.txt"],
                         rules=[r.rule for r in linter.rules])
    assert len(render_report("github", report).splitlines()) == 1
    sarif = json.loads(render_report("sarif", report))
    results = sarif["runs"][0]["results"]
    assert "suppressions" not in results[0]
    assert results[1]["suppressions"] == [{"kind": "external", "justification": "waivers.yml: accepted by the delegation"}]
    assert results[2]["suppressions"][0]["kind"] == "inSource"
    markdown = render_report("markdown", report)
    assert "line 3" in markdown and "line 7" not in markdown and "line 9" not in markdown
