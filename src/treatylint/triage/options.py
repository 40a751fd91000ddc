"""Bracketed options analysed option by option: a finding names the option it depends on.

The linter first checks a negotiating text as it always has (every bracket read through). Then,
for each option group (document/options.py), it checks the text once per reading of the group
(``[shall]`` kept and ``[may]`` dropped, then the other way round; ``[serious]`` kept, then
deleted) and compares. A finding that some readings of a group have and others do not depends
on that group: its message starts with the condition ("If `[shall]` is retained: ..."). A
finding that only some readings have, or have at another severity (a bracketed safeguard kept
or deleted), is given once per outcome with its condition; one that no reading has (an
artefact of reading every option at once, such as Option A's offence judged without Option
A's own intent element) is dropped. A finding every reading has is left as it is.

Cost is bounded: groups of alternatives are read everywhere, and so is every lone bracket of a
text that has alternatives (a negotiating text); in other texts a lone bracket is read only when
it is words inside a sentence of a provision with a finding at warning or above. At most
``MAX_READINGS`` extra checks per document (fewer for a long one: ``MAX_READ_CHARS`` of extra
text); a notice says when groups were left read all at once, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from treatylint.document.model import Document
from treatylint.document.normalize import NormalView, normalise
from treatylint.document.options import Group, option_groups
from treatylint.findings import Finding

MAX_READINGS = 16
_WORDS = re.compile(r"[ ,]*[^\W\d_][^\d]*")  # words, no figures: "[serious]", not "[4,3a]" or "[1 g/GJ]"
MAX_READ_CHARS = 1_000_000  # extra text checked per document: a long text gets fewer readings

Key = tuple


def _place(f: Finding) -> Key:
    return (f.rule_id, f.start, f.end)


def _outcome(f: Finding | None) -> tuple[str, bool] | None:
    return None if f is None else (f.severity.value, f.suppressed)


def _by_place(findings: list[Finding]) -> dict[Key, Finding]:
    return {_place(f): f for f in findings}


def _in_draft(f: Finding, reading: str, text: str, view: NormalView | None = None) -> Finding:
    """``f`` found in ``reading`` with its quoted words as the draft writes them: the reading
    blanked brackets and other options, the same length, so the excerpt's place in the reading
    is its place in the draft. The excerpt quotes the text as read, disguises undone, so it is
    looked for in the normalised view of the reading (``view``, when disguises were undone;
    fuzzing found a disguised draft whose excerpt kept the reading's words, its option left out)."""
    if reading == text:
        return f
    update: dict[str, str] = {"matched": " ".join(text[f.start : f.end].replace("[", " ").replace("]", " ").split())}
    body = f.excerpt
    head = body.startswith("\u2026")
    tail = body.endswith("\u2026") and len(body) > 1
    words = body.strip("\u2026").split()
    if words:
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
        searched = view.text if view is not None else reading
        start = view.from_original(f.start) if view is not None else f.start
        end = view.from_original(f.end) if view is not None else f.end
        lo = max(0, start - 4 * len(body) - 200)
        for m in pattern.finditer(searched, lo, min(len(searched), end + 4 * len(body) + 200)):
            if m.start() <= start <= m.end() or m.start() > start:
                if view is None:
                    inner = " ".join(text[m.start() : m.end()].split())
                else:  # the draft's words at that place, read as the rules read them
                    first, last = view.to_original(m.start()), view.to_original(m.end(), end=True)
                    inner = " ".join(normalise(text[first:last]).text.split())
                update["excerpt"] = ("\u2026" if head else "") + inner + ("\u2026" if tail else "")
                break
    return f.model_copy(update=update)


def _settle(place: Key, group: Group, text: str, seen: list[dict[Key, Finding]],
            state: dict[Key, list[tuple[Finding, list[str]]]]) -> None:
    """The variants of the finding at ``place`` once ``group`` is read option by option: one
    per outcome the readings give (severity, suppressed), each under the options giving it; a
    finding no reading gives (the all-options-at-once view made it) is dropped."""
    outcomes = [_outcome(reading.get(place)) for reading in seen]
    variants = state.get(place, [])
    if variants and all(o == _outcome(variants[0][0]) for o in outcomes) and len(variants) == 1:
        return  # every option gives what the text read at once gave
    by_outcome: dict[tuple[str, bool], list[int]] = {}
    for choice, outcome in enumerate(outcomes):
        if outcome is not None:
            by_outcome.setdefault(outcome, []).append(choice)
    if not variants:  # only some options give it: new wording the all-at-once view blurred
        state[place] = [(seen[c[0]][place], [group.describe(text, c)] if len(c) < len(seen) else [])
                        for c in by_outcome.values()]
        return
    if len(variants) > 1:  # already split by another group: add this group's condition where it applies
        for finding, conditions in variants:
            choices = by_outcome.get(_outcome(finding), [])
            if choices and len(choices) < len(seen):
                conditions.append(group.describe(text, choices))
        return
    finding, conditions = variants[0]
    settled = []
    for outcome, choices in by_outcome.items():
        kept = finding if _outcome(finding) == outcome else seen[choices[0]][place]
        settled.append((kept, conditions + ([group.describe(text, choices)] if len(choices) < len(seen) else [])))
    if settled:
        state[place] = settled
    elif not conditions:
        del state[place]  # no option gives it


def _worth_reading(group: Group, text: str, document: Document, flagged: set[str], negotiating: bool) -> bool:
    """Alternatives always. A lone bracket in a negotiating text (one with alternatives) always;
    elsewhere (a final text's editorial brackets: "[Name]", "[1 g/GJ = 3.6 mg/kWh]") only when it
    is words (no figures) inside a sentence of a provision with a finding at warning or above
    (text-integrity findings aside),
    where keeping or dropping it may cure or worsen that finding."""
    if not group.single or negotiating:
        return True
    provision = document.provision_at(group.start)
    if provision is None or provision.label not in flagged:
        return False
    seg = group.segments[0]
    line_start = text.rfind("\n", 0, seg.start) + 1
    line_end = text.find("\n", seg.end)
    inner = text[seg.start + 1 : seg.end - 1]
    inside = bool(text[line_start : seg.start].strip()) or bool(text[seg.end : line_end if line_end != -1 else len(text)].strip())
    return _WORDS.fullmatch(inner) is not None and inside


def read_options(
    text: str, document: Document, findings: list[Finding], check: Callable[[str], list[Finding]], path: str
) -> tuple[list[Finding], list[str]]:
    """``findings`` with conditions added (and findings only a reading has); notices."""
    groups = option_groups(text, document.footnotes)
    if not groups:
        return findings, []
    # a text-integrity finding (hidden text, a disguised word) is about the file, not the wording:
    # it must not make a provision's brackets worth reading, or hidden text would spend the
    # readings' budget there and change what other provisions' readings find (fuzzing found a
    # white PDF line in Article II that cost Article IV two findings)
    flagged = {f.provision for f in findings if f.provision and f.severity.value != "info" and f.category != "text-integrity"}
    negotiating = any(not g.single for g in groups)
    todo = [g for g in groups if _worth_reading(g, text, document, flagged, negotiating)]
    budget = min(MAX_READINGS, MAX_READ_CHARS // max(len(text), 1))
    allowed, read, left = budget, [], 0
    for group in todo:
        if group.readings <= budget:
            read.append(group)
            budget -= group.readings
        else:
            left += 1
    notices = []
    if left:
        notices.append(f"{path}: {left} {'more ' if read else ''}option group{'s' if left != 1 else ''} read with every option "
                       f"at once (at most {allowed} extra readings for a document of this length)")
    if not read:
        return findings, notices
    # each place a finding can be (rule, start, end) -> its variants: (finding, conditions)
    state: dict[Key, list[tuple[Finding, list[str]]]] = {}
    for f in findings:
        state.setdefault(_place(f), []).append((f, []))
    for group in read:
        seen = []
        for choice in range(group.readings):
            reading = group.text_for(text, choice)
            view = normalise(reading)  # once per reading: every finding's excerpt is looked for in it
            view = view if view.changed else None
            seen.append({place: _in_draft(f, reading, text, view) for place, f in _by_place(check(reading)).items()})
        for place in set(state) | {p for reading in seen for p in reading}:
            _settle(place, group, text, seen, state)
    out = [f if not conditions else f.model_copy(update={"message": f"If {' and '.join(conditions)}: {f.message}"})
           for variants in state.values() for f, conditions in variants]
    out.sort(key=lambda f: f.sort_key())
    depends = sum(1 for variants in state.values() for _, conditions in variants if conditions)
    if depends:
        notices.insert(0, f"{path}: {len(read)} bracketed option group{'s' if len(read) != 1 else ''} read option by option "
                      f"({allowed - budget} extra reading{'s' if allowed - budget != 1 else ''}); {depends} finding{'s' if depends != 1 else ''} depend on an option")
    return out, notices

