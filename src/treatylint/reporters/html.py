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
parts that share ``data-finding`` (the parts' text, joined, is the finding's passage). Where
findings overlap, the most severe one shows (an inner warning inside an error is drawn
transparent, class ``under``); the script recomputes this when the filters change. Article and
chapter headings are ``<span class="hd">`` elements in the same nesting.

Colours: twelve categories cannot be told apart by colour alone, least of all by the one reader in
twelve with a colour-vision deficiency. Each category has a pale tint of one of six Okabe-Ito
colours (chosen so that every pair stays apart under simulated protanopia, deuteranopia and
tritanopia), the second six add a diagonal hatching, and every highlight, swatch and card carries
the category's two-letter code.

Navigation: "first", "previous" and "next" buttons (keys ``f``, ``p``/``k``, ``n``/``j``) walk the
findings shown in the text in reading order; the first link works without the script too.
"""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from html import escape
from itertools import groupby
from typing import NamedTuple

from treatylint import __version__
from treatylint.findings import CATEGORIES, Finding, Severity
from treatylint.reporters.common import relative_path, reported, visible
from treatylint.reporters.html_assets import CSS, SCRIPT
from treatylint.reporters.locations import location
from treatylint.reporters.report import Report
from treatylint.reporters.summary import summarise

# Okabe-Ito orange, sky blue, yellow, blue, vermillion and reddish purple, mixed 60:40 with white
# so black text stays readable on them (tests/test_reporters.py checks the pairs under simulated
# colour-vision deficiencies)
TINTS = ["#f0c566", "#9ad2f2", "#f6ef8e", "#66aad1", "#e69e66", "#e0afca"]
HATCH = "repeating-linear-gradient(135deg, transparent 0 3px, rgba(0, 0, 0, .16) 3px 4px)"
CODES = {
    "vague-offence": "VO", "missing-mens-rea": "MR", "missing-safeguards": "SG", "content-crime": "CC",
    "territorial-sovereignty": "TS", "missing-human-rights-clause": "HR", "unprotected-actors": "UA",
    "missing-refusal-grounds": "RG", "data-protection": "DP", "provider-obligations": "PO",
    "tech-specific": "TE", "text-integrity": "TI",
}


class Look(NamedTuple):
    """How a category is drawn: tint, hatched or plain, and its code."""

    colour: str
    hatched: bool
    code: str


LOOKS = {c: Look(TINTS[i % len(TINTS)], i >= len(TINTS), CODES[c]) for i, c in enumerate(CATEGORIES)}
OTHER = Look("#e0e0e0", False, "??")
SEVERITIES = [Severity.ERROR, Severity.WARNING, Severity.INFO]


def look(category: str) -> Look:
    return LOOKS.get(category, OTHER)


def _class(category: str) -> str:
    """A category's CSS class, from its position (never from the name, which is data)."""
    return f"k{CATEGORIES.index(category)}" if category in LOOKS else "kx"


def _swatch(category: str) -> str:
    return f'<span class="swatch {_class(category)}" aria-hidden="true">{_e(look(category).code)}</span>'


def _category_css() -> str:
    rules = []
    for category in [*CATEGORIES, None]:
        name, shown = (_class(category), look(category)) if category else ("kx", OTHER)
        image = HATCH if shown.hatched else "none"
        rules.append(f"mark.hl.{name}, .swatch.{name} {{ background-color: {shown.colour}; background-image: {image}; }}")
        rules.append(f".card.{name} {{ border-left-color: {shown.colour}; }}")
    return "\n".join(rules) + "\n"


def _e(text: object) -> str:
    """Untrusted text for HTML: controls visible, markup escaped, workflow commands defused."""
    escaped = escape(visible(str(text)), quote=True)
    return escaped.replace("::", "&#58;:").replace("##[", "##&#91;")


def _name(path: str) -> str:
    """A file name, relative, with a line break in it shown as ``\\n``."""
    return _e(visible(relative_path(path), newlines=False))


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
        "data-code": look(finding.category).code,
    }
    return " ".join(f'{k}="{_e(v)}"' for k, v in attrs.items())


class Heading(NamedTuple):
    """An article or division heading in the text: styled, never a finding."""

    start: int
    end: int
    division: bool


def headings(document) -> list[Heading]:
    """Where the document's article and division headings are (none without a document)."""
    if document is None:
        return []
    text = document.text
    found = []
    for provision in document.provisions:
        end = provision.body_start
        while end > provision.start and text[end - 1].isspace():
            end -= 1
        found.append(Heading(provision.start, end, False))
    for division in document.divisions:
        end = text.find("\n", division.start)
        end = len(text) if end < 0 else end
        if division.heading:  # the caption may be on the next line
            caption = text.find(division.heading, division.start, division.start + 2 * len(division.label) + 400)
            end = max(end, caption + len(division.heading)) if caption >= 0 else end
        found.append(Heading(division.start, end, True))
    return found


def highlight(text: str, spans: list[tuple[int, int, int, tuple]], anchor: int | None = None,
              headings: list[Heading] | tuple = ()) -> str:
    """The text, escaped, with ``<mark>`` elements for ``(start, end, number, attrs)`` spans
    (``attrs``: data attributes, classes, title and, optionally, the severity's rank), heading
    spans, and a line-number anchor at each line start. Overlaps nest; partial overlaps are split
    into parts; a mark inside a more severe one gets class ``under`` (the stronger one shows).
    ``anchor``: the finding before whose first mark an ``id="first-passage"`` target goes."""
    length = len(text)
    spans = [(max(0, s), min(length, e), n, a) for s, e, n, a in spans if min(length, e) > max(0, s)]
    # headings take negative numbers: the same nesting, another element
    spans += [(h.start, min(length, h.end), -1 - i, ("hd-division" if h.division else "hd-article",))
              for i, h in enumerate(headings) if min(length, h.end) > h.start >= 0]
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

    def rank(number: int) -> int:
        attrs = by_number[number][3]
        return attrs[3] if number >= 0 and len(attrs) > 3 else -1

    def open_mark(number: int) -> None:
        start, end, _, attrs = by_number[number]
        if number < 0:
            out.append(f'<span class="hd {attrs[0]}">')
            stack.append(number)
            return
        part = parts[number]
        parts[number] += 1
        ident = f' id="hl-{number}"' if part == 0 else ""
        if part == 0 and number == anchor:
            out.append('<span id="first-passage"></span>')
        under = " under" if any(rank(n) > rank(number) for n in stack) else ""
        out.append(f'<mark{ident} class="hl {attrs[1]}{under}" {attrs[0]} data-part="{part}" title="{attrs[2]}">')
        stack.append(number)

    def close(numbers: list[int]) -> None:
        out.extend("</span>" if n < 0 else "</mark>" for n in reversed(numbers))

    for i, pos in enumerate(points):
        ending = closes.get(pos)
        if ending and stack:
            lowest = min((stack.index(n) for n in ending if n in stack), default=len(stack))
            reopen = [n for n in stack[lowest:] if n not in ending]
            close(stack[lowest:])
            del stack[lowest:]
            for number in reopen:
                open_mark(number)
        for span in opens.get(pos, []):
            open_mark(span[2])
        if pos in line_no:
            out.append(f'<span class="ln" data-n="{line_no[pos]}"></span>')
        if i + 1 < len(points):
            out.append(_e(text[pos : points[i + 1]]))
    close(stack)
    return "".join(out)


def _card(finding: Finding, number: int, rule_docs: dict[str, str]) -> str:
    pieces = [
        f'<div class="card {_class(finding.category)}" id="card-{number}" data-finding="{number}" '
        f'data-category="{_e(finding.category)}" data-severity="{finding.severity.value}">',
        '<div class="head">',
        _swatch(finding.category),
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
            out.append(f"<h4>{_swatch(category)} {_e(category)}</h4>")
            out += [_card(f, n, rule_docs) for n, f in cat_group]
        out.append("</div>")
    return out


def render(report: Report) -> str:
    from treatylint.authoring.rule_docs import rule_markdown

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

    style = CSS + _category_css()
    filters = ['<div class="filters"><fieldset><legend>Category</legend>']
    for c in present:
        count = sum(1 for f in shown if f.category == c)
        filters.append(f'<label><input type="checkbox" name="category" value="{_e(c)}" checked> '
                       f"{_swatch(c)} {_e(c)} ({count})</label>")
    filters.append('</fieldset><fieldset><legend>Severity</legend>')
    for s in SEVERITIES:
        count = sum(1 for f in shown if f.severity == s)
        filters.append(f'<label><input type="checkbox" name="severity" value="{s.value}" checked> {s.value} ({count})</label>')
    filters.append("</fieldset></div>")

    sections, panel = [], []
    for path in paths:
        items = by_path.get(path, [])
        spans = [
            (f.start, f.end, n, (_data_attrs(f, n), f"{_class(f.category)} sev-{f.severity.value}", _e(f.message), f.severity.rank))
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
            anchor = next((n for n, f in numbered if f.provision is not None and f.end > f.start), None)
            section.append(f'<div class="text">{highlight(text, spans, anchor, headings(report.documents.get(path)))}</div>')
        section.append("</section>")
        sections.append("".join(section))
        panel += _panel(path, items, rule_docs)

    title = "treatylint report"
    if len(paths) == 1:
        title += " \u2014 " + visible(relative_path(paths[0]), newlines=False)
    csp = (f"default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
           f"script-src '{_csp_hash(SCRIPT)}'; form-action 'none'; base-uri 'none'")
    notices = "".join(f'<div class="summary">notice: {_e(n)}</div>' for n in report.notices)
    nav = ""
    if any(f.end > f.start for f in shown):
        nav = ('<nav class="nav" aria-label="Findings in the text">'
               '<a id="nav-first" href="#first-passage">First finding <kbd>f</kbd></a>'
               '<button type="button" id="nav-prev" disabled>&#9664; Previous <kbd>p</kbd></button>'
               '<button type="button" id="nav-next">Next &#9654; <kbd>n</kbd></button>'
               '<span class="where" id="nav-where" aria-live="polite"></span></nav>')
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
{nav}
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
