"""The side-by-side HTML diff: old and new text of every aligned pair, words changed highlighted.

Self-contained and inert like the check report: every text from a draft is escaped, the page
has no script and a Content-Security-Policy that forbids network access. Unchanged and
editorial pairs are folded (``<details>``), so the page opens on what matters.
"""

from __future__ import annotations

from html import escape

from treatylint.diff.classify import Entry
from treatylint.diff.compare import DiffResult
from treatylint.diff.delta import Tracked
from treatylint import __version__
from treatylint.reporters.common import visible

CSS = """
body { font-family: system-ui, sans-serif; margin: 0; background: #fafafa; color: #1b1b1b; }
header { background: #263238; color: #fff; padding: .7rem 1rem; }
header h1 { font-size: 1.1rem; margin: 0 0 .3rem 0; }
main { padding: .5rem 1rem 2rem; }
.summary span { display: inline-block; margin-right: 1rem; }
table.pair { width: 100%; border-collapse: collapse; table-layout: fixed; margin: .3rem 0 1rem; background: #fff; }
table.pair td { vertical-align: top; padding: .4rem .6rem; border: 1px solid #ddd; white-space: pre-wrap; font-family: Georgia, serif; font-size: .92rem; line-height: 1.35; }
table.pair th { text-align: left; background: #eceff1; padding: .3rem .6rem; font-weight: 600; font-size: .9rem; }
del { background: #ffcdd2; text-decoration: line-through; }
ins { background: #c8e6c9; text-decoration: none; }
.badge { border-radius: .6rem; padding: 0 .5rem; font-size: .8rem; margin-left: .4rem; color: #fff; }
.substantive { background: #c62828; } .editorial { background: #607d8b; } .unchanged { background: #9e9e9e; }
.split, .merged { background: #6a1b9a; } .added { background: #2e7d32; } .deleted { background: #4e342e; }
.moved { background: #f57c00; }
ul.findings { margin: .2rem 0 .2rem 1rem; padding: 0; font-size: .85rem; }
li.introduced { color: #b71c1c; } li.resolved { color: #1b5e20; } li.changed { color: #e65100; }
li.safeguard-removed { color: #b71c1c; font-weight: 600; } li.safeguard-added { color: #1b5e20; }
details { margin: .2rem 0; } summary { cursor: pointer; color: #455a64; }
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _e(text: object) -> str:
    return escape(visible(str(text)), quote=True).replace("::", "&#58;:").replace("##[", "##&#91;")


def _marked(text: str, spans: list[tuple[int, int]], tag: str) -> str:
    """``text`` with the substantive changes' spans wrapped in ``tag`` (<del> or <ins>)."""
    out, at = [], 0
    for start, end in sorted(set(spans)):
        if start < at:
            continue
        out.append(_e(text[at:start]))
        out.append(f"<{tag}>{_e(text[start:end])}</{tag}>")
        at = end
    out.append(_e(text[at:]))
    return "".join(out)


def _spans(result: DiffResult, label: str, side: str) -> list[tuple[int, int]]:
    spans = []
    for entry in result.entries:
        for c in entry.changes:
            if side == "old" and c.old_label == label and c.old_span:
                spans.append(c.old_span)
            if side == "new" and c.new_label == label and c.new_span:
                spans.append(c.new_span)
    return spans


def _side(result: DiffResult, unit, side: str) -> str:
    if unit is None:
        return ""
    caption = f"<b>{_e(unit.caption)}</b>\n\n" if unit.caption else ""
    return caption + _marked(unit.body, _spans(result, unit.label, side), "del" if side == "old" else "ins")


def _findings(items: list[Tracked], status: str, labels: set[str], side: str) -> list[str]:
    out = []
    for m in items:
        where = m.old_provision if side == "old" else m.new_provision
        if where in labels:
            f = m.finding
            sev = f.severity.value if not m.counterpart or status != "changed" else f"{m.counterpart.severity.value} \u2192 {f.severity.value}"
            out.append(f'<li class="{status}">{status}: {_e(sev)} <code>{_e(f.rule_id)}</code> {_e(" ".join(f.message.split())[:240])}</li>')
    return out


def _pair(result: DiffResult, entry: Entry) -> str:
    old, new = entry.old, entry.new
    left, right = _side(result, old, "old"), _side(result, new, "new")
    d = result.delta
    old_labels = {old.label} if old else set()
    new_labels = {new.label} if new else set()
    notes = (_findings(d.introduced, "introduced", new_labels, "new") + _findings(d.changed, "changed", new_labels, "new")
             + _findings(d.resolved, "resolved", old_labels, "old"))
    for g in result.safeguards:
        if (old and g.old and old.label in g.old.split(", ")) or (new and g.new and new.label in g.new.split(", ")):
            notes.append(f'<li class="safeguard-{g.change}">safeguard {g.change}: {_e(g.phrase)}</li>')
    notes = list(dict.fromkeys(notes))
    title = f"{_e(old.label) if old else '&mdash;'} &rarr; {_e(new.label) if new else '&mdash;'}"
    badges = f'<span class="badge {entry.relation}">{entry.relation}</span>'
    if entry.moved:
        badges += '<span class="badge moved">moved</span>'
    table = (f'<table class="pair"><tr><th>{_e(old.label) if old else "(not in old)"}</th>'
             f'<th>{_e(new.label) if new else "(not in new)"}</th></tr>'
             f"<tr><td>{left}</td><td>{right}</td></tr></table>")
    findings = f'<ul class="findings">{"".join(notes)}</ul>' if notes else ""
    if entry.relation in ("unchanged", "editorial") and not notes:
        return f"<details><summary>{title} {badges}</summary>{table}</details>"
    return f'<section><h3>{title} {badges}</h3>{findings}{table}</section>'


def render(result: DiffResult) -> str:
    s = result.summary()
    rel = s["relations"]
    summary = "".join(f"<span>{_e(k)}: <b>{v}</b></span>" for k, v in (
        ("introduced", s["introduced"]), ("resolved", s["resolved"]), ("changed severity", s["changed"]),
        ("safeguards removed", s["safeguards_removed"]), ("substantive", s["substantive"]),
        ("editorial", rel["editorial"]), ("unchanged", rel["unchanged"]), ("added", rel["added"]),
        ("deleted", rel["deleted"])))
    body = "".join(_pair(result, e) for e in result.entries)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            # as check's report: a directory walk knows the page for treatylint's own (run/walk.py)
            f'<meta name="generator" content="treatylint {_e(__version__)}">'
            f"<title>treatylint diff</title><style>{CSS}</style></head><body>"
            f"<header><h1>treatylint diff: {_e(result.old.name)} &rarr; {_e(result.new.name)}</h1>"
            f'<div class="summary">{summary}</div></header><main>{body}</main></body></html>\n')
