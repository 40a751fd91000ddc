"""``--format html``: one self-contained page for analysts.

The whole draft with the flagged passages highlighted by category, a side panel grouped by file,
article and category, checkboxes to filter by category and severity, and for each finding its
message, rationale, standard and the rule's documentation.

Safety: a draft is untrusted input. Every piece of text that comes from a draft or a rule
(passages, messages, captions, paths, documentation) goes through ``html.escape``; finding data
travels in escaped ``data-*`` attributes, never inside a ``<script>``. The page carries a
Content-Security-Policy that forbids any network access and allows only its own inline script
(by hash), so even a missed escape could not run injected script or fetch anything. Before
escaping, control and bidi characters are made visible (``common.visible``: a right-to-left
override cannot reorder what the analyst reads), and ``::`` and ``##[`` are written with a
character reference (``&#58;:``, ``##&#91;``): the page looks the same, but printed to a CI
log (``--format html`` without ``--output``) no line is a GitHub Actions workflow command.

Highlights: each finding's ``[start, end)`` offsets into the decoded text become ``<mark>``
elements. Overlapping findings nest; when two only partly overlap, the inner one is split into
parts that share ``data-finding`` (the parts' text, joined, is the finding's passage).
"""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from html import escape
from itertools import groupby

from treatylint import __version__
from treatylint.findings import CATEGORIES, Finding, Severity
from treatylint.locations import location
from treatylint.reporters.common import relative_path, reported, visible
from treatylint.reporters.dispatch import ReportInput
from treatylint.reporters.summary import summarise

# one colour per category (readable behind black text), in CATEGORIES order
PALETTE = ["#ffd54f", "#ffab91", "#90caf9", "#ce93d8", "#a5d6a7", "#f48fb1",
           "#80deea", "#bcaaa4", "#e6ee9c", "#b0bec5", "#ffcc80", "#eeeeee"]
COLOURS = dict(zip(CATEGORIES, PALETTE))
SEVERITIES = [Severity.ERROR, Severity.WARNING, Severity.INFO]


def _e(text: object) -> str:
    """Untrusted text for HTML: controls visible, markup escaped, workflow commands defused."""
    escaped = escape(visible(str(text)), quote=True)
    return escaped.replace("::", "&#58;:").replace("##[", "##&#91;")


def _name(path: str) -> str:
    """A file name, relative, with a line break in it shown as ``\\n``."""
    return _e(visible(relative_path(path), newlines=False))


CSS = """
:root { --panel: 34rem; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: #1b1b1b; background: #fafafa; }
header { position: sticky; top: 0; z-index: 3; background: #263238; color: #fff; padding: .6rem 1rem; }
header h1 { font-size: 1.1rem; margin: 0 0 .3rem 0; }
header .summary { font-size: .85rem; opacity: .9; }
.filters { display: flex; flex-wrap: wrap; gap: .2rem .9rem; font-size: .8rem; margin-top: .4rem; }
.filters fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .2rem .7rem; }
.filters legend { float: left; font-weight: 600; margin-right: .4rem; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; vertical-align: -1px; }
main { display: flex; align-items: flex-start; }
.drafts { flex: 1; min-width: 0; padding: 1rem 1.5rem; }
aside { width: var(--panel); flex: none; position: sticky; top: 6.5rem; max-height: calc(100vh - 6.5rem);
        overflow-y: auto; border-left: 1px solid #ddd; background: #fff; padding: .5rem 1rem 2rem; font-size: .85rem; }
section.file h2 { font-size: 1rem; font-family: ui-monospace, monospace; border-bottom: 1px solid #ccc; }
.docfinding { border-left: 4px solid #c62828; background: #fff3f3; padding: .4rem .7rem; margin: .5rem 0; font-size: .85rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font-family: Georgia, "Times New Roman", serif;
        font-size: .95rem; line-height: 1.55; background: #fff; padding: 1rem 1rem 1rem 4rem;
        border: 1px solid #e0e0e0; position: relative; }
.ln { position: absolute; left: 0; width: 3.2rem; text-align: right; color: #9e9e9e; font: .7rem ui-monospace, monospace;
      user-select: none; padding-top: .3rem; }
.ln::before { content: attr(data-n); }
mark.hl { color: inherit; border-radius: 2px; padding: 0 1px; cursor: pointer; border-bottom: 2px solid transparent;
          scroll-margin-top: 9rem; }
mark.sev-error { border-bottom: 2px solid #c62828; }
mark.sev-warning { border-bottom: 2px dashed #ef6c00; }
mark.sev-info { border-bottom: 2px dotted #1565c0; }
#first-passage { scroll-margin-top: 9rem; }
mark.hl.off { background: transparent !important; border-bottom-color: transparent !important; cursor: auto; }
mark.hl.focus, .card.focus { outline: 3px solid #263238; }
aside h2 { font-size: .95rem; margin: 1rem 0 .2rem; font-family: ui-monospace, monospace; }
aside h3 { font-size: .9rem; margin: .8rem 0 .2rem; }
aside h4 { font-size: .8rem; margin: .4rem 0 .2rem; color: #555; font-weight: 600; }
.card { border: 1px solid #e0e0e0; border-left: 6px solid #999; border-radius: 3px; padding: .4rem .6rem; margin: .3rem 0; }
.card.hidden, .docfinding.hidden { display: none; }
.card .head { display: flex; gap: .5rem; align-items: baseline; flex-wrap: wrap; }
.badge { font-size: .7rem; font-weight: 700; text-transform: uppercase; padding: 0 .3rem; border-radius: 2px; color: #fff; }
.badge.error { background: #c62828; } .badge.warning { background: #ef6c00; } .badge.info { background: #1565c0; }
.rule { font-family: ui-monospace, monospace; font-size: .75rem; }
.card a.loc { margin-left: auto; font-size: .75rem; }
.card p { margin: .3rem 0; }
.card .why, .card .refs, .card .mit { color: #444; font-size: .8rem; }
.card blockquote { margin: .3rem 0; padding-left: .5rem; border-left: 3px solid #ddd; font-family: Georgia, serif; }
details pre { white-space: pre-wrap; font-size: .75rem; background: #f5f5f5; padding: .5rem; max-height: 24rem; overflow: auto; }
.empty { color: #2e7d32; font-weight: 600; }
@media print { aside { position: static; max-height: none; } header { position: static; } .filters { display: none; } }
"""

SCRIPT = """
(function () {
  var boxes = document.querySelectorAll('.filters input[type=checkbox]');
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.name + ':' + b.value] = b.checked; });
    function visible(el) {
      return on['category:' + el.dataset.category] !== false && on['severity:' + el.dataset.severity] !== false;
    }
    document.querySelectorAll('mark.hl').forEach(function (m) { m.classList.toggle('off', !visible(m)); });
    document.querySelectorAll('.card, .docfinding').forEach(function (c) { c.classList.toggle('hidden', !visible(c)); });
    document.querySelectorAll('aside .group').forEach(function (g) {
      g.hidden = !g.querySelector('.card:not(.hidden)');
    });
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  function focus(selector) {
    document.querySelectorAll('.focus').forEach(function (x) { x.classList.remove('focus'); });
    var found = document.querySelectorAll(selector);
    found.forEach(function (x) { x.classList.add('focus'); });
    if (found.length) { found[0].scrollIntoView({ block: 'center' }); }
  }
  document.addEventListener('click', function (ev) {
    var mark = ev.target.closest('mark.hl');
    if (mark && !mark.classList.contains('off')) { focus('#card-' + mark.dataset.finding); return; }
    var link = ev.target.closest('a.loc');
    if (link) { ev.preventDefault(); focus('mark[data-finding="' + link.dataset.finding + '"]'); }
  });
  apply();
  document.documentElement.setAttribute('data-ready', '1');
})();
"""


def _csp_hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _data_attrs(finding: Finding, number: int) -> str:
    attrs = {
        "data-finding": number,
        "data-rule": finding.rule_id,
        "data-category": finding.category,
        "data-severity": finding.severity.value,
        "data-line": finding.line,
        "data-col": finding.column,
        "data-end-line": finding.end_line,
        "data-end-col": finding.end_column,
    }
    return " ".join(f'{k}="{_e(v)}"' for k, v in attrs.items())


def highlight(text: str, spans: list[tuple[int, int, int, tuple]], anchor: int | None = None) -> str:
    """The text, escaped, with ``<mark>`` elements for ``(start, end, number, attrs)`` spans and a
    line-number anchor at each line start. Overlaps nest; partial overlaps are split into parts.
    ``anchor``: the finding before whose first mark an ``id="first-passage"`` target goes."""
    length = len(text)
    spans = [(max(0, s), min(length, e), n, a) for s, e, n, a in spans if min(length, e) > max(0, s)]
    opens: dict[int, list] = defaultdict(list)
    closes: dict[int, set[int]] = defaultdict(set)
    for span in spans:
        opens[span[0]].append(span)
        closes[span[1]].add(span[2])
    for pos in opens:
        opens[pos].sort(key=lambda s: (-s[1], s[2]))  # longest first: it is the outer one
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n" and i + 1 < length]
    points = sorted(set(opens) | set(closes) | set(line_starts) | {length})
    by_number = {s[2]: s for s in spans}
    parts: dict[int, int] = defaultdict(int)
    out: list[str] = []
    stack: list[int] = []
    line_no = {start: i + 1 for i, start in enumerate(line_starts)}

    def open_mark(number: int) -> None:
        start, end, _, attrs = by_number[number]
        part = parts[number]
        parts[number] += 1
        ident = f' id="hl-{number}"' if part == 0 else ""
        if part == 0 and number == anchor:
            out.append('<span id="first-passage"></span>')
        out.append(f'<mark{ident} class="hl {attrs[1]}" {attrs[0]} data-part="{part}" title="{attrs[2]}">')
        stack.append(number)

    for i, pos in enumerate(points):
        ending = closes.get(pos)
        if ending and stack:
            lowest = min((stack.index(n) for n in ending if n in stack), default=len(stack))
            reopen = [n for n in stack[lowest:] if n not in ending]
            out.append("</mark>" * (len(stack) - lowest))
            del stack[lowest:]
            for number in reopen:
                open_mark(number)
        for span in opens.get(pos, []):
            open_mark(span[2])
        if pos in line_no:
            out.append(f'<span class="ln" data-n="{line_no[pos]}"></span>')
        if i + 1 < len(points):
            out.append(_e(text[pos : points[i + 1]]))
    out.append("</mark>" * len(stack))
    return "".join(out)


def _card(finding: Finding, number: int, rule_docs: dict[str, str]) -> str:
    colour = COLOURS.get(finding.category, "#999")
    pieces = [
        f'<div class="card" id="card-{number}" data-finding="{number}" data-category="{_e(finding.category)}" '
        f'data-severity="{finding.severity.value}" style="border-left-color:{colour}">',
        '<div class="head">',
        f'<span class="badge {finding.severity.value}">{finding.severity.value}</span>',
        f'<span class="rule">{_e(finding.rule_id)}</span>',
        f'<a class="loc" href="#hl-{number}" data-finding="{number}">{_e(_where(finding))}</a>',
        "</div>",
        f'<p class="msg">{_e(finding.message)}</p>',
    ]
    if finding.matched:
        pieces.append(f"<blockquote>{_e(finding.excerpt)}</blockquote>")
    pieces.append(f'<p class="why">{_e(finding.rationale)}</p>')
    if finding.mitigations:
        pieces.append(f'<p class="mit">Mitigating language seen: {_e("; ".join(finding.mitigations))}</p>')
    if finding.references:
        pieces.append('<p class="refs">Standard: ' + "; ".join(_e(r) for r in finding.references) + "</p>")
    doc = rule_docs.get(finding.rule_id)
    if doc:
        pieces.append(f"<details><summary>Rule documentation</summary><pre>{_e(doc)}</pre></details>")
    pieces.append("</div>")
    return "".join(pieces)


def _panel(path: str, findings: list[tuple[int, Finding]], rule_docs: dict[str, str]) -> list[str]:
    out = [f'<h2>{_name(path)}</h2>']
    if not findings:
        out.append('<p class="empty">No findings.</p>')
    for provision, group in groupby(findings, key=lambda nf: nf[1].provision):
        group = list(group)
        kind = group[0][1].provision_kind
        out.append(f'<div class="group"><h3>{_e(provision or "Whole document")}'
                   + (f' <small>({_e(kind)})</small>' if kind else "") + "</h3>")
        order = {c: i for i, c in enumerate(CATEGORIES)}
        for category, cat_group in groupby(sorted(group, key=lambda nf: order.get(nf[1].category, 99)),
                                           key=lambda nf: nf[1].category):
            out.append(f'<h4><span class="swatch" style="background:{COLOURS.get(category, "#999")}"></span> {_e(category)}</h4>')
            out += [_card(f, n, rule_docs) for n, f in cat_group]
        out.append("</div>")
    return out


def render_html(report: ReportInput) -> str:
    from treatylint.docs import rule_markdown

    rule_docs = {rule.id: rule_markdown(rule) for rule in report.rules}
    shown = reported(report.findings)
    numbered = list(enumerate(shown))
    by_path: dict[str, list[tuple[int, Finding]]] = defaultdict(list)
    for n, f in numbered:
        by_path[f.path].append((n, f))
    paths = list(dict.fromkeys(list(report.files) + list(by_path)))

    summary = summarise(report.findings)
    severities = ", ".join(f"{n} {s}" for s, n in summary["by_severity"].items() if n) or "none"
    present = [c for c in CATEGORIES if any(f.category == c for f in shown)]
    present += sorted({f.category for f in shown} - set(present))

    css = "".join(f"mark.cat-{c} {{ background: {COLOURS.get(c, '#e0e0e0')}; }}\n" for c in present)
    style = CSS + css
    filters = ['<div class="filters"><fieldset><legend>Category</legend>']
    for c in present:
        count = sum(1 for f in shown if f.category == c)
        filters.append(f'<label><input type="checkbox" name="category" value="{_e(c)}" checked> '
                       f'<span class="swatch" style="background:{COLOURS.get(c, "#e0e0e0")}"></span> {_e(c)} ({count})</label>')
    filters.append('</fieldset><fieldset><legend>Severity</legend>')
    for s in SEVERITIES:
        count = sum(1 for f in shown if f.severity == s)
        filters.append(f'<label><input type="checkbox" name="severity" value="{s.value}" checked> {s.value} ({count})</label>')
    filters.append("</fieldset></div>")

    sections, panel = [], []
    for path in paths:
        items = by_path.get(path, [])
        spans = [
            (f.start, f.end, n, (_data_attrs(f, n), f"cat-{_e(f.category)} sev-{f.severity.value}", _e(f.message)))
            for n, f in items
        ]
        text = report.texts.get(path)
        section = [f'<section class="file"><h2>{_name(path)}</h2>']
        for n, f in items:
            if f.provision is None:
                section.append(f'<div class="docfinding" data-finding="{n}" data-category="{_e(f.category)}" '
                               f'data-severity="{f.severity.value}"><strong>{_e(f.severity.value)}</strong> '
                               f'<span class="rule">{_e(f.rule_id)}</span> (whole document): {_e(f.message)}</div>')
        if text is None:
            section.append("<p>(text not available)</p>")
        else:
            anchor = next((n for n, f in numbered if f.provision is not None), None)
            section.append(f'<div class="text">{highlight(text, spans, anchor)}</div>')
        section.append("</section>")
        sections.append("".join(section))
        panel += _panel(path, items, rule_docs)

    title = "treatylint report"
    if len(paths) == 1:
        title += " \u2014 " + visible(relative_path(paths[0]), newlines=False)
    csp = (f"default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
           f"script-src '{_csp_hash(SCRIPT)}'; form-action 'none'; base-uri 'none'")
    notices = "".join(f'<div class="summary">notice: {_e(n)}</div>' for n in report.notices)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="treatylint {_e(__version__)}">
<title>{_e(title)}</title>
<style>{style}</style>
</head>
<body>
<header>
<h1>{_e(title)}</h1>
<div class="summary">{summary["total"]} finding{"s" if summary["total"] != 1 else ""} ({_e(severities)}) in {len(paths)} file{"s" if len(paths) != 1 else ""}; treatylint {_e(__version__)}</div>
{notices}
{"".join(filters)}
</header>
<main>
<div class="drafts">
{"".join(sections)}
</div>
<aside aria-label="Findings">
{"".join(panel)}
</aside>
</main>
<script>{SCRIPT}</script>
</body>
</html>
"""


def _where(finding: Finding) -> str:
    """``line 12`` for text drafts; ``page 2, line 13:24`` / ``paragraph 26:60`` for PDF / Word."""
    if finding.page is None and finding.paragraph is None and not finding.eid:
        return f"line {finding.line}:{finding.column}"
    return location(finding) + (f" ({finding.revision})" if finding.revision else "")
