"""The text report people read: each sentence quoted once with its findings under it,
mitigations once, the excerpt centred on the flagged words, indentation kept when wrapping,
the summary by category and severity, --quiet."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from treatylint.engine.engine import MAX_EXCERPT, _excerpt
from treatylint.findings import Finding, Severity
from treatylint.reporters.dispatch import ReportInput, render_report
from treatylint.reporters.terminal import render_terminal

SENTENCE = "Each State Party shall establish as a criminal offence the distribution of extremist materials."


def finding(rule: str, category: str, severity: Severity, matched: str, **extra) -> Finding:
    start = SENTENCE.index(matched)
    values = dict(path="d.txt", rule_id=rule, category=category, severity=severity,
                  message=f"Flagged {matched}. Mitigations seen: none.", rationale="r", references=["ICCPR art. 19"],
                  provision="Article 4", provision_kind="offence", line=9, column=start + 1, end_line=9,
                  end_column=start + len(matched) + 1, excerpt=SENTENCE, matched=matched, start=start,
                  end=start + len(matched), fingerprint="0123456789abcdef")
    values.update(extra)
    return Finding(**values)


FINDINGS = [
    finding("missing-mens-rea/no-intent", "missing-mens-rea", Severity.ERROR, "establish as a criminal offence"),
    finding("content-crime/expression-offence", "content-crime", Severity.ERROR, "distribution of extremist materials"),
    finding("vague-offence/undefined-political-term", "vague-offence", Severity.WARNING, "extremist",
            mitigations=["an intent requirement: \u201cwith intent\u201d"],
            message="Flagged. Mitigations seen: an intent requirement: \u201cwith intent\u201d."),
]


def text(findings, **flags) -> str:
    report = ReportInput(findings=findings, files=["d.txt"])
    for key, value in flags.items():
        setattr(report, key, value)
    return render_report("text", report)


def test_sentence_quoted_once_and_mitigations_once():
    out = text(FINDINGS)
    assert out.count(SENTENCE) == 1
    assert out.count("with intent") == 1  # the mitigations line, not again in the message
    assert "Mitigations seen" not in out
    assert out.index(SENTENCE) < out.index("missing-mens-rea/no-intent")


def test_summary_by_category_and_severity_and_quiet():
    out = text(FINDINGS)
    assert "Found 3 findings (2 error, 1 warning); 1 file checked." in out
    header = next(line for line in out.splitlines() if line.strip().startswith("category"))
    assert header.split()[1:] == ["error", "warning"]
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[out.splitlines().index(header) + 1:] if line.strip()}
    assert rows["vague-offence"] == ["-", "1"] and rows["content-crime"] == ["1", "-"]
    quiet = text(FINDINGS, quiet=True, notices=["n: a notice"])
    assert "Found" not in quiet and "notice" not in quiet and SENTENCE in quiet
    assert "fingerprint 0123456789abcdef" in text(FINDINGS, show_fingerprints=True)


def test_long_excerpt_is_centred_on_the_flagged_words():
    sentence = "The Parties shall co-operate " + "with each other in matters of mutual concern " * 12 + "for the collection of evidence in electronic form of a criminal offence."
    start = sentence.index("evidence in electronic form")
    assert start > MAX_EXCERPT
    excerpt = _excerpt(sentence, (start, start + len("evidence in electronic form of a criminal offence")))
    assert "evidence in electronic form of a criminal offence" in excerpt
    assert excerpt.startswith("\u2026") and len(excerpt) <= MAX_EXCERPT
    middle = _excerpt(sentence, (300, 310))
    assert middle.startswith("\u2026") and middle.endswith("\u2026") and sentence[300:310] in middle
    assert _excerpt("Short   sentence.", (0, 5)) == "Short sentence."


def test_wrapped_lines_keep_their_indentation():
    buffer = StringIO()
    console = Console(file=buffer, width=60, force_terminal=True, color_system=None, soft_wrap=False)
    render_terminal(console, ReportInput(findings=FINDINGS, files=["d.txt"]))
    lines = buffer.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 60
    quote = next(i for i, line in enumerate(lines) if "\u2502" in line)
    assert lines[quote].startswith("    \u2502") and lines[quote + 1].startswith("      ")  # the quote's second line
