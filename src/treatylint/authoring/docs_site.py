"""``treatylint docs --output DIR``: one Markdown page per rule, and an index.

Each page is exactly what ``treatylint explain RULE`` prints (``docs.rule_markdown``), written to
``DIR/<rule id>.md`` (so ``content-crime/expression-offence`` becomes
``DIR/content-crime/expression-offence.md``). ``DIR/index.md`` lists the rules by category with
their severity and what they flag, linking to the pages.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from treatylint.authoring.rule_docs import rule_markdown
from treatylint.findings import CATEGORIES
from treatylint.rulepack.schema import Rule


def page_path(rule: Rule) -> Path:
    return Path(*rule.id.split("/")).with_suffix(".md")


def index_markdown(rules: list[Rule]) -> str:
    order = {c: i for i, c in enumerate(CATEGORIES)}
    ordered = sorted(rules, key=lambda r: (order.get(r.category, len(order)), r.id))
    lines = ["# treatylint rules", "", f"{len(rules)} rules. Each page is what `treatylint explain RULE` prints.", ""]
    for category, group in groupby(ordered, key=lambda r: r.category):
        lines += [f"## {category}", "", "| rule | severity | flags |", "| --- | --- | --- |"]
        for rule in group:
            flags = " ".join(rule.docs.flags.split()).replace("|", "\\|")
            lines.append(f"| [{rule.id}]({page_path(rule).as_posix()}) | {rule.severity.value} | {flags} |")
        lines.append("")
    return "\n".join(lines)


def write_rule_docs(rules: list[Rule], directory: Path) -> list[Path]:
    """Write the pages and the index; return the paths written (index last). Each page is
    written beside its place and renamed over it, never into the file a link there names (a
    repository can hold ``docs/rules/index.md`` as a link to any file of the user's)."""
    from treatylint.reporters.output_file import write_atomically

    written = []
    for rule in rules:
        target = directory / page_path(rule)
        write_atomically(target, rule_markdown(rule))
        written.append(target)
    index = directory / "index.md"
    write_atomically(index, index_markdown(rules))
    written.append(index)
    return written
