"""A pull-request comment: findings introduced and resolved, safeguards, substantive changes.

Text from the drafts goes through the check reporter's Markdown escaping (no mentions, links,
HTML or workflow commands can be planted by a draft)."""

from __future__ import annotations

from treatylint.diff.compare import DiffResult
from treatylint.diff.delta import Tracked
from treatylint.diff.reporters.text import rights_counts, span, structure, where
from treatylint.reporters.common import defuse_commands
from treatylint.reporters.markdown import ICON, escape

MAX_ROWS = 200
ARROW = "\u2192"
MAX_CHARS = 60_000  # GitHub refuses comments over 65,536 characters


def _rows(items: list[Tracked], side: str, changed: bool = False) -> list[str]:
    lines = ["| where | severity | rule | message |", "| --- | --- | --- | --- |"]
    for item in items[:MAX_ROWS]:
        f = item.finding
        place = escape(where(item, side))
        sev = f"{ICON[f.severity]} {f.severity.value}"
        if changed and item.counterpart is not None:
            sev = f"{item.counterpart.severity.value} \u2192 {sev}"
        lines.append(f"| {place} | {sev} | `{f.rule_id}` | {escape(' '.join(f.message.split()))[:300]} |")
    if len(items) > MAX_ROWS:
        lines.append(f"| \u2026 | | | {len(items) - MAX_ROWS} more |")
    return lines


def render(result: DiffResult) -> str:
    s = result.summary()
    d = result.delta
    out = [f"## treatylint diff: {escape(result.old.name)} \u2192 {escape(result.new.name)}", ""]
    introduced, resolved, changed, persisting, removed, added = rights_counts(s)
    out.append(f"**For rights:** {introduced} introduced, {resolved} resolved, {changed} changed severity, "
               f"{persisting} persisting. **Safeguards:** {removed} removed, {added} added.")
    if result.safeguards:
        out += ["", "### Safeguards", ""]
        for g in result.safeguards:
            sign = "\u2796 removed" if g.change == "removed" else "\u2795 added"
            out.append(f"- {sign}: {escape(g.phrase)} ({escape(span(g.old, g.new, ARROW))})")
    for title, items, side in (("Introduced", d.introduced, "new"), ("Resolved", d.resolved, "old"),
                               ("Changed severity", d.changed, "new")):
        if items:
            out += ["", f"### {title} ({len(items)})", ""] + _rows(items, side, items is d.changed)
    substantive = [e for e in result.entries if e.changes]
    if substantive:
        out += ["", f"### Substantive changes ({len(substantive)})", ""]
        for e in substantive:
            name = span(e.old.label if e.old else None, e.new.label if e.new else None, ARROW)
            out.append(f"- **{escape(name)}** {escape((e.new or e.old).caption) if (e.new or e.old) else ''}")  # type: ignore[union-attr]
            for c in e.changes[:12]:
                old, new = escape(" ".join(c.old.split())[:200]), escape(" ".join(c.new.split())[:200])
                if c.op == "delete":
                    out.append(f"  - removed: ~~{old}~~")
                elif c.op == "insert":
                    out.append(f"  - added: **{new}**")
                else:
                    out.append(f"  - ~~{old}~~ \u2192 **{new}**")
    parts = structure(result)
    if any(parts.values()):
        out += ["", "### Structure", ""]
        for key, names in parts.items():
            if names:
                out.append(f"- {key}: " + escape("; ".join(names)))
    rel = s["relations"]
    out += ["", f"_Editorial only: {rel['editorial']} provisions (not listed); unchanged: {rel['unchanged']}._", ""]
    text = defuse_commands("\n".join(out))
    if len(text) > MAX_CHARS:  # rights first: what is cut is the end (changes, structure)
        cut = text.rfind("\n", 0, MAX_CHARS - 200)
        text = text[:cut] + f"\n\n_\u2026 cut to fit a comment; the full report: `treatylint diff -f markdown -o FILE`._\n"
    return text
