"""The terminal report: what changed for rights first; editorial changes counted, not listed."""

from __future__ import annotations

from treatylint.diff.classify import Entry
from treatylint.diff.compare import DiffResult
from treatylint.diff.delta import Tracked
from treatylint.reporters.common import defuse_commands, one_line

WIDTH = 160


def _cut(text: str, width: int = WIDTH) -> str:
    text = one_line(text)
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def where(item: Tracked, side: str) -> str:
    """The finding's provision, with its counterpart in the other round when that differs."""
    here, there = (item.new_provision, item.old_provision) if side == "new" else (item.old_provision, item.new_provision)
    name = here or "document"
    if there and there != here:
        name += f" (was {there})" if side == "new" else f" (now {there})"
    return name


def _finding_lines(items: list[Tracked], side: str, changed: bool = False) -> list[str]:
    lines = []
    for item in items:
        f = item.finding
        severity = f.severity.value
        if changed and item.counterpart is not None:
            severity = f"{item.counterpart.severity.value}->{f.severity.value}"
        lines.append(f"  {where(item, side)}: {severity} {f.rule_id}")
        lines.append(f"      {_cut(f.message)}")
    return lines


def change_lines(entry: Entry, limit: int = 12) -> list[str]:
    lines = []
    for change in entry.changes[:limit]:
        if change.op == "delete":
            lines.append(f"      - {_cut(change.old, 140)}")
        elif change.op == "insert":
            lines.append(f"      + {_cut(change.new, 140)}")
        else:
            lines.append(f"      ~ {_cut(change.old, 68)} -> {_cut(change.new, 68)}")
    if len(entry.changes) > limit:
        lines.append(f"      ... and {len(entry.changes) - limit} more changes")
    return lines


def span(old: str | None, new: str | None, arrow: str = "->") -> str:
    """"Article 6" when both rounds call it that, else "Article 6 -> Article 7" ("(none)" for a
    side that has no provision): the text and Markdown reports name pairs and safeguards so."""
    return str(old) if old == new else f"{old or '(none)'} {arrow} {new or '(none)'}"


def rights_counts(summary: dict) -> tuple[int, int, int, int, int, int]:
    """What the first line of every diff report counts: introduced, resolved, changed severity,
    persisting, safeguards removed and added."""
    return (summary["introduced"], summary["resolved"], summary["changed"], summary["persisting"],
            summary["safeguards_removed"], summary["safeguards_added"])


def pair_name(entry: Entry) -> str:
    caption = (entry.new or entry.old).caption if (entry.new or entry.old) else ""  # type: ignore[union-attr]
    name = span(entry.old.label if entry.old else None, entry.new.label if entry.new else None)
    return f"{name} \"{_cut(caption, 60)}\"" if caption else name


def structure(result: DiffResult) -> dict[str, list[str]]:
    """Added, deleted, split, merged and moved provisions, as short names."""
    out: dict[str, list[str]] = {"added": [], "deleted": [], "split": [], "merged": [], "moved": []}
    seen: set[int] = set()
    for e in result.entries:
        if e.relation == "added" and e.new:
            out["added"].append(f"{e.new.label} \"{_cut(e.new.caption, 50)}\"")
        elif e.relation == "deleted" and e.old:
            out["deleted"].append(f"{e.old.label} \"{_cut(e.old.caption, 50)}\"")
        elif e.relation == "split" and e.old and id(e.old) not in seen:
            seen.add(id(e.old))
            parts = [x.new.label for x in result.entries if x.relation == "split" and x.old is e.old and x.new]
            out["split"].append(f"{e.old.label} -> {' + '.join(parts)}")
        elif e.relation == "merged" and e.new and id(e.new) not in seen:
            seen.add(id(e.new))
            parts = [x.old.label for x in result.entries if x.relation == "merged" and x.new is e.new and x.old]
            out["merged"].append(f"{' + '.join(parts)} -> {e.new.label}")
        if e.moved and e.old and e.new:
            out["moved"].append(f"{e.old.label} -> {e.new.label}")
    return out


def render(result: DiffResult) -> str:
    s = result.summary()
    d = result.delta
    lines = [f"treatylint diff: {one_line(result.old.name)} -> {one_line(result.new.name)}", ""]
    introduced, resolved, changed, persisting, removed_count, added_count = rights_counts(s)
    lines.append(f"For rights: {introduced} finding(s) introduced, {resolved} resolved, {changed} changed severity, "
                 f"{persisting} persisting; {removed_count} safeguard(s) removed, {added_count} added.")
    removed = [g for g in result.safeguards if g.change == "removed"]
    added = [g for g in result.safeguards if g.change == "added"]
    for title, group in (("Safeguards removed", removed), ("Safeguards added", added)):
        if group:
            lines += ["", f"{title}:"]
            for g in group:
                lines.append(f"  {span(g.old, g.new)}: {_cut(g.phrase, 100)}")
    for title, items, side in (("Introduced (located in the new round)", d.introduced, "new"),
                               ("Resolved (located in the old round)", d.resolved, "old"),
                               ("Changed severity", d.changed, "new")):
        if items:
            lines += ["", f"{title}:"] + _finding_lines(items, side, items is d.changed)
    substantive = [e for e in result.entries if e.relation == "substantive" or (e.substantive and e.changes)]
    if substantive:
        lines += ["", f"Substantive changes ({len(substantive)}):"]
        for e in substantive:
            lines.append(f"  {pair_name(e)}")
            lines += change_lines(e)
    parts = structure(result)
    if any(parts.values()):
        lines += ["", "Structure:"]
        for key, names in parts.items():
            if names:
                lines.append(f"  {key} ({len(names)}): " + "; ".join(names))
    rel = s["relations"]
    lines += ["", f"Editorial only: {rel['editorial']} provision(s) (not listed); unchanged: {rel['unchanged']}."]
    return defuse_commands("\n".join(lines)) + "\n"
