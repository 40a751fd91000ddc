"""The commands that show what the linter sees (``outline``) and serve rule authors (``rules``,
``explain``, ``docs``, ``test``). Registered on the one ``app`` of ``cli/app.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from treatylint.cli.app import OutputFormat, RulesOpt, _settings, app
from treatylint.errors import UsageError


@app.command()
def outline(
    path: Annotated[Path, typer.Argument(help="A draft file.", show_default=False)],
    format: Annotated[OutputFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")] = OutputFormat.text,
    rules: RulesOpt = [],
) -> None:
    """Print the draft's structure with each provision's kind: what the linter sees."""
    from treatylint.run.linter import read_document

    document = read_document(path, _settings(rules))
    rows = []
    for provision in document.all_provisions():
        line, _ = document.line_col(provision.start)
        end_line, _ = document.line_col(max(provision.start, provision.end - 1))
        rows.append(
            {
                "label": provision.label,
                "number": provision.number,
                "kind": provision.kind.value,
                "caption": provision.caption,
                "divisions": [d.label for d in provision.divisions],
                "line": line,
                "end_line": end_line,
                "clauses": [
                    {"marker": b.marker, "kind": b.kind.value, "line": document.line_col(b.start)[0]}
                    for b in provision.blocks if b.kind is not None
                ],
                "cues": provision.kind_cues,
                "confidence": provision.kind_confidence,
                "evidence": [
                    {"source": e.source, "kind": e.kind.value, "detail": e.detail, "weight": e.weight}
                    for e in provision.kind_evidence
                ],
            }
        )
    from treatylint.document.confidence import structure_notes

    notes = structure_notes(document)
    inferred = (
        {"pattern": document.inferred_family, "confidence": document.inferred_confidence}
        if document.inferred_family else None
    )
    if format == OutputFormat.json:
        from treatylint.reporters.common import json_text

        typer.echo(json_text({"path": str(path), "title": document.title, "provisions": rows,
                              "inferred_headings": inferred, **notes}))
        return
    _echo_outline(document.title, rows, notes, inferred)


def _echo_outline(
    title: str | None, rows: list[dict], notes: dict[str, list[dict]] | None = None, inferred: dict | None = None
) -> None:
    """The outline as text. Titles, labels, captions and markers are draft text: each is shown
    on one line, visible (no escape sequences), and no line can be a CI workflow command."""
    from treatylint.reporters.common import defuse_commands, one_line

    def echo(line: str) -> None:
        typer.echo(defuse_commands(line))

    if title:
        echo(one_line(title))
    if inferred:
        echo(f'inferred heading family: "{one_line(inferred["pattern"])}" (confidence {inferred["confidence"]:.2f})')
    current: list[str] = []
    for row in rows:
        if row["divisions"] != current:
            for depth, label in enumerate(row["divisions"]):
                if depth >= len(current) or current[depth] != label:
                    echo("  " * depth + one_line(label))
            current = row["divisions"]
        indent = "  " * len(row["divisions"])
        caption = f" \u2013 {one_line(row['caption'])}" if row["caption"] and row["caption"] != row["label"] else ""
        kind = row["kind"] if row["kind"] == "preamble" else f"{row['kind']} {row['confidence']:.2f}"
        echo(f"{indent}{one_line(row['label'])}{caption}  [{kind}]  lines {row['line']}-{row['end_line']}")
        if row["evidence"]:
            echo(f"{indent}    why: {_evidence_line(row['kind'], row['evidence'])}")
        for clause in row["clauses"]:
            marker = one_line(clause["marker"] or "\u00b6")
            echo(f"{indent}    {marker} line {clause['line']}: {clause['kind']}")
    notes = notes or {}
    if notes.get("not_recognised"):
        echo("Not recognised as headings (read as text):")
        for note in notes["not_recognised"]:
            echo(f"  line {note['line']}: {one_line(note['text'])}")
    if notes.get("notes"):
        echo("Notes (shown, never operative: a note neither creates nor cures a finding):")
        for note in notes["notes"]:
            shown = one_line(note["text"])
            echo(f"  line {note['line']}: {shown[:200]}{' ...' if len(shown) > 200 else ''}")
    if notes.get("furniture"):
        shown = ", ".join(str(note["line"]) for note in notes["furniture"][:20])
        more = f" and {len(notes['furniture']) - 20} more" if len(notes["furniture"]) > 20 else ""
        echo(f"Page furniture set aside (page numbers, running headers): lines {shown}{more}")


def _evidence_line(kind: str, evidence: list[dict]) -> str:
    """``caption 'Illegal access' +4 · text 'establish ...' +7 · model offence 0.91``: what
    was weighed, each piece marked with the kind it points to when that is not the chosen one."""
    from treatylint.reporters.common import one_line

    parts = []
    for item in evidence:
        detail = item["detail"] if len(item["detail"]) <= 60 else item["detail"][:57] + "..."
        if item["source"] == "model":
            parts.append(f"model {item['kind']} {item['weight']:.2f}")
            continue
        points = f" +{item['weight']:g}" if item["weight"] else ""
        against = "" if item["kind"] == kind else f" ({item['kind']})"
        parts.append(one_line(f"{item['source']} {detail}{points}{against}"))
    return " \u00b7 ".join(parts)


@app.command("rules")
def list_rules(
    rules: RulesOpt = [],
    no_builtin: Annotated[bool, typer.Option("--no-builtin", help="Do not load the built-in rules.")] = False,
    format: Annotated[OutputFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")] = OutputFormat.text,
) -> None:
    """List the rules: id, category, severity and what each flags."""
    from treatylint.reporters.common import defuse_commands, json_text, one_line
    from treatylint.rulepack.loader import load_rule_set

    loaded = load_rule_set(_settings(rules, no_builtin))
    if format == OutputFormat.json:
        typer.echo(json_text([
            {"id": r.rule.id, "category": r.rule.category, "severity": r.rule.severity.value,
             "summary": r.rule.docs.flags.strip(), "source": str(r.source)} for r in loaded
        ]))
        return
    width = max((len(r.rule.id) for r in loaded), default=10)
    for r in sorted(loaded, key=lambda r: (r.rule.category, r.rule.id)):
        summary = one_line(" ".join(r.rule.docs.flags.split())[:90])  # a rule pack's text: shown, not obeyed
        typer.echo(defuse_commands(f"{r.rule.id:<{width}}  {r.rule.severity.value:<7}  {r.rule.category:<27}  {summary}"))


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(help="A rule id, as listed by 'treatylint rules'.", show_default=False)],
    rules: RulesOpt = [],
) -> None:
    """Print a rule's documentation: what it flags, why, an example and how to fix it."""
    from treatylint.authoring.rule_docs import rule_markdown
    from treatylint.rulepack.loader import load_rule_set

    loaded = {r.rule.id: r for r in load_rule_set(_settings(rules))}
    if rule_id not in loaded:
        from treatylint.suggest import did_you_mean

        raise UsageError(f"unknown rule {rule_id!r}{did_you_mean(rule_id, loaded)} (see 'treatylint rules')")
    from treatylint.reporters.common import safe_text

    typer.echo(safe_text(rule_markdown(loaded[rule_id].rule)))  # a rule pack's text: shown, not obeyed


@app.command("docs")
def rule_docs(
    output: Annotated[Path, typer.Option("--output", "-o", help="Directory to write the pages to.")] = Path("docs/rules"),
    rules: RulesOpt = [],
    no_builtin: Annotated[bool, typer.Option("--no-builtin", help="Do not load the built-in rules.")] = False,
) -> None:
    """Write one Markdown page per rule (what 'treatylint explain' prints) and an index."""
    from treatylint.authoring.docs_site import write_rule_docs
    from treatylint.rulepack.loader import load_rule_set

    loaded = load_rule_set(_settings(rules, no_builtin))
    written = write_rule_docs([r.rule for r in loaded], output)
    _neutralise_pages(written)
    typer.echo(f"treatylint: wrote {len(written) - 1} rule pages and {written[-1]}")


def _neutralise_pages(pages: list[Path]) -> None:
    """Make the written pages what ``explain`` prints: a rule pack's control or bidi characters
    visible and no line a CI workflow command (pages get printed and rendered). Built-in pages
    are unchanged, so they are rewritten only when needed."""
    from treatylint.reporters.common import safe_text
    from treatylint.reporters.output_file import write_atomically

    for page in pages:
        text = page.read_text(encoding="utf-8")
        if safe_text(text) != text:
            write_atomically(page, safe_text(text))


@app.command("test")
def test_rules(
    rules_dir: Annotated[Optional[Path], typer.Argument(help="Rule directory to test (default: the built-in rules).", show_default=False)] = None,
    model: Annotated[Optional[str], typer.Option("--model", help="spaCy pipeline: installed package name or path.")] = None,
) -> None:
    """Run every rule against its annotated fixtures ('#! ruleid:' / '#! ok:' / '#! info:')."""
    from treatylint.authoring.rule_tests import run_rule_tests
    from treatylint.engine.engine import Engine
    from treatylint.nlp.pipeline import load_pipeline
    from treatylint.rulepack.loader import builtin_rules_dir, load_rules
    from treatylint.run.linter import load_classifier

    settings = _settings([rules_dir] if rules_dir else [], no_builtin=rules_dir is not None)
    loaded = load_rules(list(settings.rules) or [builtin_rules_dir()])
    engine = Engine(loaded, load_classifier(settings), lambda: load_pipeline(model))
    results = run_rule_tests(engine, loaded)
    failed = 0
    for result in sorted(results, key=lambda r: r.rule_id):
        if result.passed:
            typer.echo(f"PASS  {result.rule_id}  ({result.checked} case{'s' if result.checked != 1 else ''})")
            continue
        failed += 1
        if result.fixture is None:
            typer.echo(f"FAIL  {result.rule_id}  no fixture file (write {result.rule_id.split('/')[-1]}.test.txt beside the rule)")
            continue
        if not result.checked:
            typer.echo(f"FAIL  {result.rule_id}  {result.fixture} has no '#! ruleid:' or '#! ok:' case for it")
            continue
        typer.echo(f"FAIL  {result.rule_id}  ({len(result.failures)} of {result.checked} cases)")
        lines = result.fixture.read_text(encoding="utf-8").split("\n")
        for failure in result.failures:
            typer.echo(f"      {failure.fixture}:{failure.line}")
            typer.echo(_fixture_line(lines[failure.line - 1]))
            typer.echo(f"        - expected: {failure.expected}")
            typer.echo(f"        + got:      {failure.got}")
    for notice in engine.notices:
        typer.echo(f"notice: {_one_line(notice)}")
    typer.echo(f"{len(results) - failed} passed, {failed} failed")
    raise typer.Exit(1 if failed else 0)


def _one_line(text: str) -> str:
    """Rule-pack or draft text for one output line: visible, and no CI workflow command."""
    from treatylint.reporters.common import defuse_commands, one_line

    return defuse_commands(one_line(text))


def _fixture_line(line: str) -> str:
    """A failing case's line from a rule pack's fixture file, as ``test`` shows it."""
    return "        | " + _one_line(line.strip()[:150])
