"""``treatylint history``: per-category counts round by round, the articles that changed, and in
HTML an inline SVG chart (no script, no download) of each category rising or falling."""

from __future__ import annotations

from html import escape

from treatylint.diff.history import HistoryResult
from treatylint import __version__
from treatylint.reporters.common import defuse_commands, json_text, one_line, visible
from treatylint.reporters.markdown import escape as md

PALETTE = ["#e53935", "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#6d4c41", "#3949ab",
           "#c0ca33", "#d81b60", "#546e7a", "#fdd835"]


def _names(result: HistoryResult) -> list[str]:
    return [f"R{i + 1}" for i in range(len(result.rounds))]


def render_json(result: HistoryResult) -> str:
    return json_text(result.payload())


def render_text(result: HistoryResult) -> str:
    names = _names(result)
    lines = ["treatylint history: " + "; ".join(f"{n} = {one_line(r.name)}" for n, r in zip(names, result.rounds)), ""]
    counts = result.counts()
    width = max([len(c) for c in counts] + [8])
    lines.append("Findings per category (all severities):")
    lines.append("  " + "category".ljust(width) + "".join(n.rjust(6) for n in names))
    for category, row in counts.items():
        lines.append("  " + category.ljust(width) + "".join(str(v).rjust(6) for v in row))
    lines.append("  " + "total".ljust(width) + "".join(str(len(r.findings)).rjust(6) for r in result.rounds))
    lines += ["", "Each step:"]
    for name_a, name_b, step in zip(names, names[1:], result.steps):
        s = step.summary()
        lines.append(f"  {name_a}->{name_b}: {s['introduced']} introduced, {s['resolved']} resolved, {s['changed']} "
                     f"changed severity; {s['substantive']} substantive, {s['relations']['editorial']} editorial; "
                     f"{s['safeguards_removed']} safeguard(s) removed")
    changed = [l for l in result.lineages if l.changed]
    if changed:
        lines += ["", "Articles that changed (label and warning+ categories in each round):"]
        for lineage in changed:
            cells = []
            for i, label in enumerate(lineage.labels):
                cats = result.categories_at(i, label)
                cells.append(f"{names[i]} {label or '-'}" + (f" [{', '.join(cats)}]" if cats else ""))
            lines.append("  " + " | ".join(visible(c) for c in cells))
    return defuse_commands("\n".join(lines)) + "\n"


def render_markdown(result: HistoryResult) -> str:
    names = _names(result)
    out = ["## treatylint history", ""] + [f"- {n}: {md(r.name)}" for n, r in zip(names, result.rounds)]
    out += ["", "| category | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]
    for category, row in result.counts().items():
        out.append(f"| {category} | " + " | ".join(str(v) for v in row) + " |")
    out.append("| **total** | " + " | ".join(str(len(r.findings)) for r in result.rounds) + " |")
    changed = [l for l in result.lineages if l.changed]
    if changed:
        out += ["", "### Articles that changed", "", "| " + " | ".join(names) + " |", "|" + " --- |" * len(names)]
        for lineage in changed:
            cells = []
            for i, label in enumerate(lineage.labels):
                cats = result.categories_at(i, label)
                cells.append(md(label or "\u2014") + (f" ({md(', '.join(cats))})" if cats else ""))
            out.append("| " + " | ".join(cells) + " |")
    return defuse_commands("\n".join(out)) + "\n"


def _e(text: object) -> str:
    return escape(visible(str(text)), quote=True).replace("::", "&#58;:").replace("##[", "##&#91;")


def chart(result: HistoryResult, width: int = 640, height: int = 300) -> str:
    """An inline SVG line chart: one line per category, a point per round."""
    counts = result.counts()
    names = _names(result)
    n = len(names)
    top = max([max(row) for row in counts.values()] + [1])
    left, right, upper, lower = 40, 200, 15, 30
    plot_w, plot_h = width - left - right, height - upper - lower

    def x(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: int) -> float:
        return upper + plot_h - plot_h * v / top

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="Findings per category, round by round">',
             f'<line x1="{left}" y1="{upper + plot_h}" x2="{left + plot_w}" y2="{upper + plot_h}" stroke="#555"/>',
             f'<line x1="{left}" y1="{upper}" x2="{left}" y2="{upper + plot_h}" stroke="#555"/>']
    for tick in sorted({0, top // 2, top}):
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" font-size="11" text-anchor="end">{tick}</text>')
    for i, name in enumerate(names):
        parts.append(f'<text x="{x(i):.1f}" y="{height - 10}" font-size="12" text-anchor="middle">{name}</text>')
    for k, (category, row) in enumerate(counts.items()):
        colour = PALETTE[k % len(PALETTE)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(row))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"><title>{_e(category)}</title></polyline>')
        for i, v in enumerate(row):
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"><title>{_e(category)} {names[i]}: {v}</title></circle>')
        ly = upper + 14 * k + 6
        parts.append(f'<rect x="{left + plot_w + 12}" y="{ly - 8}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{left + plot_w + 26}" y="{ly + 1}" font-size="11">{_e(category)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(result: HistoryResult) -> str:
    names = _names(result)
    rows = "".join(f"<tr><th>{_e(c)}</th>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for c, row in result.counts().items())
    head = "<tr><th>category</th>" + "".join(f"<th>{n}</th>" for n in names) + "</tr>"
    total = "<tr><th>total</th>" + "".join(f"<td><b>{len(r.findings)}</b></td>" for r in result.rounds) + "</tr>"
    rounds = "".join(f"<li>{n}: {_e(r.name)}</li>" for n, r in zip(names, result.rounds))
    changed = [l for l in result.lineages if l.changed]
    art_rows = ""
    for lineage in changed:
        cells = ""
        for i, label in enumerate(lineage.labels):
            cats = result.categories_at(i, label)
            rel = lineage.relations[i - 1] if i else ""
            cells += (f"<td>{_e(label or '—')}" + (f' <small class="rel">{_e(rel)}</small>' if rel and label else "")
                      + (f"<br><small>{_e(', '.join(cats))}</small>" if cats else "") + "</td>")
        art_rows += f"<tr>{cells}</tr>"
    articles = (f"<h2>Articles that changed</h2><table><tr>{''.join(f'<th>{n}</th>' for n in names)}</tr>{art_rows}</table>"
                if changed else "")
    css = ("body{font-family:system-ui,sans-serif;margin:1rem 2rem;color:#1b1b1b}table{border-collapse:collapse;margin:.5rem 0 1.5rem}"
           "td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left;font-size:.9rem}small{color:#555}"
           ".rel{color:#c62828}")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f'<meta name="generator" content="treatylint {escape(__version__)}">'  # skipped by a directory walk
            f"<title>treatylint history</title><style>{css}</style></head><body><h1>treatylint history</h1>"
            f"<ul>{rounds}</ul>{chart(result)}<h2>Findings per category</h2><table>{head}{rows}{total}</table>"
            f"{articles}</body></html>\n")
