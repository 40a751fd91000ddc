"""Hostile drafts, file names and rule packs: every output shows their text and obeys none of it.

One draft (a real offence article with a payload of HTML, JavaScript URLs, terminal escape
sequences, GitHub Actions workflow commands, rich markup, Markdown and bidi controls, a hostile
caption and title) under a hostile file name, checked with a third-party rule pack whose message,
documentation, references and mitigation label carry the same payload. Every command runs once,
end to end through the real CLI, all at the same time (the whole file takes a few seconds).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

PAYLOAD = (
    '<script>alert(1)</script> <img src=x onerror=alert(2)> "><svg onload=alert(3)> '
    "[js](javascript:alert(4)) \x1b[2J\x1b]0;pwned\x07 \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ "
    "::error::injected ##[error]legacy [bold red]x[/] [link=http://evil]y[/link] ``` | "
    "<!-- <details> @octocat #1 \u202eevil\u202c \u2066iso\u2069 \u200f b\x08c\x9bd ![x](http://tracker) $x$"
)
CAPTION = "Criminalisation ::warning::cap \x1b[31mred\u202e ##[group]g"
DRAFT = (
    "Draft Convention <script>t</script> \x1b]0;title\x07\n\n"
    f"Article 1\n{CAPTION}\n\n"
    f"Each Party shall establish as criminal offences acts of extremism {PAYLOAD}\n"
    "::error::line start\n  ::notice::indented\n> quote\n- list\n\n"
    "Article 3\nCooperation\n\n"
    + "The Parties shall cooperate with each other to the widest extent possible. " * 25  # stay below the binary-file threshold
    + "\n"
)
NAME = "::error::f\n::notice::n ##[error]x\x1b]0;t\x07\u202e.txt"
RULE_ID = "vague-offence/hostile-pack"

# never raw in text-like output: C0 controls but tab and newline, DEL, C1, bidi controls, separators
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
SGR = re.compile(r"\x1b\[[0-9;]*m")  # rich's own colours, with FORCE_COLOR
ANNOTATION = re.compile(
    r"::(error|warning|notice) file=[^:,\n]*,line=\d+,endLine=\d+,col=\d+,endColumn=\d+,"
    r"title=treatylint [a-z0-9/-]+ \([a-z-]+\)::[^\n]*"
)


def _yaml(value: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's): YAML forbids raw control characters."""
    return json.dumps(value)


def _write_pack(folder: Path) -> None:
    folder.mkdir()
    docs_why = f"Why: {PAYLOAD}\n::error::docs line\n##[error]docs\n# heading"
    (folder / "hostile-pack.yml").write_text(f"""\
id: {RULE_ID}
category: vague-offence
severity: error
message: {_yaml("{provision} says {match}: " + PAYLOAD)}
rationale: {_yaml(PAYLOAD)}
references:
  - {_yaml("Ref " + PAYLOAD)}
scope:
  kinds: [offence]
match:
  phrases: [extremism]
unless:
  - label: {_yaml("Label " + PAYLOAD)}
    within: sentence
    effect: downgrade
    regex: ['criminal\\s+offences']
docs:
  flags: {_yaml("Flags " + PAYLOAD)}
  why: {_yaml(docs_why)}
  example: {_yaml("Each Party shall punish extremism " + PAYLOAD)}
  fix: {_yaml("::error::fix " + PAYLOAD)}
""", encoding="utf-8")
    # a fixture case that fails, so 'treatylint test' prints the fixture's hostile line
    (folder / "hostile-pack.test.txt").write_text(
        "Article 1\nOffences\n\nEach Party shall establish as criminal offences theft.\n"
        f"#! ruleid: {RULE_ID}\n::error::fixture ##[error]x \u202eevil \x1b]0;t\x07 establishes nothing.\n",
        encoding="utf-8",
    )


COMMANDS = {  # JSON and SARIF go to files (what --format prints, byte for byte), the text report to stdout
    "text": ["check", NAME, "--rules", "pack", "--exit-zero", "-f", "json", "-o", "report.json"],
    "colour": ["check", NAME, "--rules", "pack", "--exit-zero", "-f", "sarif", "-o", "report.sarif"],
    "github": ["check", NAME, "--rules", "pack", "--exit-zero", "-f", "github"],
    "markdown": ["check", NAME, "--rules", "pack", "--exit-zero", "-f", "markdown"],
    "html": ["check", NAME, "--rules", "pack", "--exit-zero", "-f", "html"],
    "outline": ["outline", NAME],
    "outline-json": ["outline", NAME, "-f", "json"],
    "rules": ["rules", "--rules", "pack", "--no-builtin"],
    "rules-json": ["rules", "--rules", "pack", "--no-builtin", "-f", "json"],
    "explain": ["explain", RULE_ID, "--rules", "pack"],
    "docs": ["docs", "--rules", "pack", "--no-builtin", "--output", "site"],
    "test": ["test", "pack"],
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, str]:
    """Standard output of every command, run concurrently in a folder holding the hostile draft
    and the hostile rule pack."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / NAME).write_text(DRAFT, encoding="utf-8")
    _write_pack(folder / "pack")
    running = {}
    for key, args in COMMANDS.items():
        env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "TERM")}
        if key == "colour":
            env["FORCE_COLOR"] = "1"
        running[key] = subprocess.Popen(
            [sys.executable, "-m", "treatylint", *args, "--no-cache"] if args[0] == "check" else
            [sys.executable, "-m", "treatylint", *args],
            cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
    out = {}
    for key, process in running.items():
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode in (0, 1), (key, stderr.decode("utf-8", "replace"))
        out[key] = stdout.decode("utf-8")
    out["json"] = (folder / "report.json").read_text(encoding="utf-8")
    out["sarif"] = (folder / "report.sarif").read_text(encoding="utf-8")
    out["docs-page"] = (folder / "site" / "vague-offence" / "hostile-pack.md").read_text(encoding="utf-8")
    out["docs-index"] = (folder / "site" / "index.md").read_text(encoding="utf-8")
    return out


def assert_inert(out: str, allow_annotations: bool = False) -> None:
    """No raw control or bidi character, and no line a GitHub Actions runner would execute: a
    line starting with '::' after whitespace, or '##[' anywhere (the legacy syntax)."""
    assert not RAW.search(out), repr(RAW.search(out))
    for line in out.split("\n"):
        if allow_annotations and ANNOTATION.fullmatch(line):
            continue
        assert not re.match(r"\s*::", line), line
        assert "##[" not in line, line


@pytest.fixture(scope="module")
def data(outputs) -> dict:
    return json.loads(outputs["json"])


def _finding(data: dict, rule_id: str) -> dict:
    return next(f for f in data["findings"] if f["rule_id"] == rule_id)


def test_json_keeps_the_data_exactly_and_prints_inert(outputs, data):
    assert data["files"] == [NAME]
    built_in = _finding(data, "vague-offence/undefined-political-term")
    hostile = _finding(data, RULE_ID)
    assert PAYLOAD in built_in["excerpt"] and built_in["excerpt"] == hostile["excerpt"]
    assert hostile["message"] == "Article 1 says extremism: " + PAYLOAD
    assert hostile["references"] == ["Ref " + PAYLOAD]
    assert [m[: len(PAYLOAD) + 6] for m in hostile["mitigations"]] == ["Label " + PAYLOAD]
    assert_inert(outputs["json"])  # the encoder escapes, the data survives


def test_sarif_keeps_the_data_and_shows_rule_help_visibly(outputs, data):
    sarif = json.loads(outputs["sarif"])
    assert_inert(outputs["sarif"])
    run = sarif["runs"][0]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    for rule_id in ("vague-offence/undefined-political-term", RULE_ID):
        region = by_rule[rule_id]["locations"][0]["physicalLocation"]["contextRegion"]
        assert region["snippet"]["text"] == _finding(data, rule_id)["excerpt"]
    assert by_rule[RULE_ID]["message"]["text"] == _finding(data, RULE_ID)["message"]
    help_markdown = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == RULE_ID)["help"]["markdown"]
    assert not RAW.search(help_markdown) and "\\x1b[2J" in help_markdown and "\\u202e" in help_markdown
    uri = run["artifacts"][0]["location"]["uri"]
    assert not RAW.search(uri) and "\n" not in uri


@pytest.mark.parametrize("key", ["text", "colour"])
def test_text_report_shows_everything_and_obeys_nothing(outputs, key):
    out = outputs[key]
    if key == "colour":
        assert SGR.search(out), "FORCE_COLOR gives a coloured report"
        out = SGR.sub("", out)
    assert_inert(out)
    assert "\\x1b[2J\\x1b]0;pwned\\x07" in out and "\\u202eevil\\u202c" in out  # visible, not obeyed
    assert "[bold red]x[/] [link=http://evil]y[/link]" in out  # rich markup stays text
    assert "\\::error::f\\n::notice::n ##\\[error]x\\x1b]0;t\\x07\\u202e.txt" in out  # the file name
    assert "Label <script>" in out and "Ref <script>" in out  # rule-pack text, shown


def test_github_annotations_carry_hostile_text_only_escaped(outputs, data):
    out = outputs["github"]
    assert_inert(out, allow_annotations=True)
    lines = out.strip("\n").split("\n")
    assert len(lines) == len(data["findings"]) and all(ANNOTATION.fullmatch(line) for line in lines)
    hostile = next(line for line in lines if RULE_ID in line)
    assert "file=%3A%3Aerror%3A%3Af%0A%3A%3Anotice%3A%3An ##[error]x\\x1b]0;t\\x07\\u202e.txt," in hostile
    assert "\\x1b[2J\\x1b]0;pwned\\x07" in hostile and "%0AStandard: Ref " in hostile


def test_markdown_comment_renders_nothing_from_the_draft(outputs):
    out = outputs["markdown"]
    assert_inert(out)
    assert not re.search(r"(?<!\\)<(?:script|img|svg|details|!--)", out), "raw HTML or a comment that hides the rest"
    assert "```" not in out and "](" not in out.replace("\\](", "")  # no fence, no link or image
    assert "@octocat" not in out and "@\u200doctocat" in out  # no ping
    assert "#1 " not in out and "#\u200d1" in out  # no cross-reference
    assert "\\$x\\$" in out and "\\| \\<!-- \\<details\\>" in out
    assert "\\x1b\\[2J" in out  # the escape sequence shown (Markdown-escaped)
    for line in out.split("\n"):
        assert not re.match(r"\s*> \s*(?:#|-|\d+[.)])", line), line  # a quote stays a paragraph


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts = 0
        self.bad_attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.bad_attrs.append((name, value or ""))


def test_html_report_escapes_and_stays_inert_in_a_log(outputs):
    page = outputs["html"]
    assert_inert(page)
    parser = _Page()
    parser.feed(page)
    assert parser.scripts == 1 and parser.bad_attrs == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "onerror=alert(2)" in page  # as text
    assert "\\x1b[2J" in page and "\\u202eevil\\u202c" in page
    assert "&#58;:error&#58;:injected ##&#91;error]legacy" in page  # looks the same in a browser


def test_outline_shows_captions_visibly(outputs):
    assert_inert(outputs["outline"])
    assert "Criminalisation ::warning::cap \\x1b[31mred\\u202e ##\\[group]g" in outputs["outline"]
    outline = json.loads(outputs["outline-json"])
    assert_inert(outputs["outline-json"])
    assert outline["path"] == NAME and outline["provisions"][0]["caption"] == CAPTION


def test_rule_pack_text_in_rules_explain_docs_and_test(outputs):
    for key in ("rules", "rules-json", "explain", "docs-page", "docs-index", "test", "docs"):
        assert_inert(outputs[key])
    assert "Flags <script>" in outputs["rules"]
    assert json.loads(outputs["rules-json"])[0]["summary"] == "Flags " + PAYLOAD
    assert "\\x1b[2J" in outputs["explain"] and "\\::error::docs line" in outputs["explain"]
    assert outputs["docs-page"].rstrip("\n") == outputs["explain"].rstrip("\n")  # the page is what explain prints
    assert "\\::error::fixture ##\\[error]x \\u202eevil \\x1b]0;t\\x07" in outputs["test"]
