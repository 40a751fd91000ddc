"""Score treatylint on a blind set whose labels locate provisions by line, not by label.

    python benchmarks/blind_score.py benchmarks/blind/A-structure/labels.tsv
    python benchmarks/blind_score.py LABELS.tsv --errors        # list every disagreement
    python benchmarks/blind_score.py LABELS.tsv --json out.json # figures for docs/quality.md

Blind sets are written by someone who has not read the rules, in layouts and styles the parser
may not know, so their labels cannot use treatylint's provision labels ("Article 5"): a draft
headed ``Section 5.`` or ``Article (5)`` must be scored all the same. Each label row gives the
line of a provision's heading (for a .docx: the paragraph number); a provision runs from its
heading line to the line before the next labelled heading (for a .docx, the paragraph number,
which is how findings locate themselves there; `outline` gives lines of the text read, where
the heading is found by its text). A finding belongs to the labelled
provision whose range holds its line; document-level findings belong to the ``-`` row.

Scored (at ``--level``, default warning): precision and recall over (file, provision, category)
for the eleven finding categories of categories.md; provision kinds (the kind treatylint gives
the provision that holds the labelled heading line); structure (labelled headings that start a
provision treatylint found). treatylint is run as a subprocess from this checkout's ``src`` so
the figures are those of the code beside this script.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CATEGORIES = (
    "vague-offence", "missing-mens-rea", "missing-safeguards", "content-crime", "territorial-sovereignty",
    "missing-human-rights-clause", "unprotected-actors", "missing-refusal-grounds", "data-protection",
    "provider-obligations", "tech-specific",
)
LEVELS = {"info": 0, "warning": 1, "error": 2}


@dataclass
class LabelledProvision:
    line: int  # heading line (1-based); for a .docx the paragraph number, as findings report it
    heading: str
    kind: str
    categories: set[str]
    note: str
    text_line: int = 0  # the heading's line in the text treatylint reads, as `outline` reports it


@dataclass
class FileLabels:
    path: Path
    provisions: list[LabelledProvision] = field(default_factory=list)
    document: set[str] = field(default_factory=set)

    def index_of(self, line: int) -> int | None:
        """The labelled provision whose range holds ``line`` (None before the first heading)."""
        found = None
        for i, provision in enumerate(self.provisions):
            if provision.line <= line:
                found = i
            else:
                break
        return found


def read_labels(labels: Path) -> list[FileLabels]:
    files: dict[str, FileLabels] = {}
    with labels.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            name = row["file"].strip()
            path = _locate(labels.parent, name)
            entry = files.setdefault(name, FileLabels(path))
            cats = {c.strip() for c in (row.get("categories") or "").split(",") if c.strip()}
            if row["heading_line"].strip() in ("-", ""):
                entry.document |= cats
                continue
            entry.provisions.append(
                LabelledProvision(int(row["heading_line"]), row.get("heading", ""), (row.get("kind") or "").strip(),
                                  cats, row.get("note", ""))
            )
    for entry in files.values():
        entry.provisions.sort(key=lambda p: p.line)
        for provision in entry.provisions:
            provision.text_line = provision.line
        if entry.path.suffix.lower() == ".docx":
            _docx_lines(entry)
        elif entry.path.suffix.lower() == ".pdf":
            _docx_lines(entry)  # labelled by heading text: find it in the text read
            for provision in entry.provisions:
                provision.line = provision.text_line  # findings of a PDF are placed in the text read
        elif entry.path.suffix.lower() in (".md", ".markdown", ".html", ".htm", ".xml"):
            _markup_lines(entry)
    return list(files.values())


def _markup_lines(entry: FileLabels) -> None:
    """Markdown, HTML and Akoma Ntoso are labelled by the line of the file, and findings locate themselves
    there, but `outline` gives lines of the text read (setext underlines, tags and blank lines
    dropped): map each labelled heading line to the text line that starts on it, through the
    reader's source map."""
    sys.path.insert(0, str(REPO / "src"))
    from treatylint.document.formats import read_source

    source = read_source(entry.path)
    text = source.text
    first_text_line: dict[int, int] = {}
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = len(line) - len(line.lstrip())
        if line.strip():
            loc = source.locate(offset + stripped)
            if loc is not None and loc.line is not None:
                first_text_line.setdefault(loc.line, number)
        offset += len(line) + 1
    for provision in entry.provisions:
        found = [first_text_line[k] for k in range(provision.line, provision.line + 3) if k in first_text_line]
        provision.text_line = found[0] if found else provision.line


def _docx_lines(entry: FileLabels) -> None:
    """A .docx is labelled by paragraph, as findings are located (``paragraph``); `outline`
    gives lines of the text treatylint reads, so find each heading's line there too. A .pdf's
    labelled line counts lines of another extraction, so it is found the same way, by text."""
    sys.path.insert(0, str(REPO / "src"))
    from treatylint.document.formats import read_source

    lines = [" ".join(line.split()) for line in read_source(entry.path).text.splitlines()]
    cursor = 0
    for provision in entry.provisions:
        wanted = " ".join(provision.heading.split())
        # the whole heading line first; then shorter openings (a PDF heading line may run on
        # into a list item that the reader puts on a line of its own)
        for size in (60, 30, 15):
            found = next((n for n in range(cursor, len(lines)) if lines[n] and lines[n].startswith(wanted[:size])), None)
            if found is not None:
                provision.text_line = found + 1
                cursor = found + 1
                break
        else:
            # not at the start of a line: the reader ran the heading into the text before it
            # (its structure was not read); place it on the line that holds it, where no
            # provision starts, so it counts as a heading not found
            found = next((n for n in range(max(cursor - 1, 0), len(lines)) if wanted[:30] in lines[n]), None)
            if found is None:
                raise SystemExit(f"blind_score: {entry.path.name}: heading not found in the text read: {wanted[:60]}")
            provision.text_line = found + 1
            cursor = found


def _locate(base: Path, name: str) -> Path:
    for candidate in (base / name, base / "drafts" / name):
        if candidate.exists():
            return candidate
    raise SystemExit(f"blind_score: {name}: no such draft beside the labels")


def run_treatylint(*args: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    done = subprocess.run([sys.executable, "-m", "treatylint", *args], capture_output=True, text=True, env=env)
    if done.returncode not in (0, 1):
        raise SystemExit(f"blind_score: treatylint {' '.join(args)} failed: {done.stderr.strip()[:400]}")
    return json.loads(done.stdout)


def finding_line(finding: dict, is_docx: bool, read_text: str | None = None) -> int:
    """Where a finding sits in the labels' coordinates: a .docx paragraph, a PDF's line of the
    text read (from the finding's offset: its own ``line`` counts lines of its page), else the
    file's line."""
    if is_docx and finding.get("paragraph"):
        return int(finding["paragraph"])
    if read_text is not None and finding.get("start") is not None:
        return read_text.count("\n", 0, int(finding["start"])) + 1
    return int(finding.get("line") or 0)


def _read_text(path: Path) -> str:
    sys.path.insert(0, str(REPO / "src"))
    from treatylint.document.formats import read_source

    return read_source(path).text


def score(labels: Path, level: str, show_errors: bool) -> dict:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    kinds_right = kinds_total = headings_found = 0
    kind_confusion: Counter[tuple[str, str]] = Counter()
    errors: list[str] = []
    for entry in read_labels(labels):
        is_docx = entry.path.suffix.lower() == ".docx"
        read_text = _read_text(entry.path) if entry.path.suffix.lower() == ".pdf" else None
        report = run_treatylint("check", "--no-cache", "-f", "json", str(entry.path))
        outline = run_treatylint("outline", "-f", "json", str(entry.path))
        predicted: set[tuple[int, str]] = set()
        for finding in report.get("findings", []):
            if finding.get("category") not in CATEGORIES or finding.get("suppressed") or finding.get("waived"):
                continue
            if LEVELS.get(finding.get("severity"), 0) < LEVELS[level]:
                continue
            if finding.get("provision") is None:
                predicted.add((-1, finding["category"]))
                continue
            index = entry.index_of(finding_line(finding, is_docx, read_text))
            predicted.add((-1 if index is None else index, finding["category"]))
        expected = {(-1, c) for c in entry.document}
        expected |= {(i, c) for i, p in enumerate(entry.provisions) for c in p.categories}
        for key in predicted | expected:
            category = key[1]
            where = "(document)" if key[0] < 0 else entry.provisions[key[0]].heading
            if key in predicted and key in expected:
                tp[category] += 1
            elif key in predicted:
                fp[category] += 1
                errors.append(f"FP {entry.path.name}: {where}: {category}")
            else:
                fn[category] += 1
                note = "" if key[0] < 0 else f"  ({entry.provisions[key[0]].note})"
                errors.append(f"FN {entry.path.name}: {where}: {category}{note}")
        # Kinds and structure: the provision treatylint found that holds each labelled heading.
        found = outline.get("provisions", [])
        for labelled in entry.provisions:
            holder = _holder(found, labelled.text_line)
            starts_here = holder is not None and abs(int(holder.get("line") or 0) - labelled.text_line) <= 2
            headings_found += int(starts_here)
            if not labelled.kind:
                continue
            kinds_total += 1
            got = holder.get("kind") if starts_here and holder else "(not found)"
            if got == labelled.kind:
                kinds_right += 1
            else:
                kind_confusion[(labelled.kind, str(got))] += 1
                errors.append(f"KIND {entry.path.name}: {labelled.heading}: expected {labelled.kind}, got {got}")
    total_tp, total_fp, total_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    provisions = sum(len(e.provisions) for e in read_labels(labels))
    result = {
        "labels": str(labels),
        "level": level,
        "precision": _ratio(total_tp, total_tp + total_fp),
        "recall": _ratio(total_tp, total_tp + total_fn),
        "f1": _ratio(2 * total_tp, 2 * total_tp + total_fp + total_fn),
        "tp": total_tp, "fp": total_fp, "fn": total_fn,
        "kind_accuracy": _ratio(kinds_right, kinds_total),
        "headings_found": f"{headings_found}/{provisions}",
        "per_category": {
            c: {"tp": tp[c], "fp": fp[c], "fn": fn[c]} for c in CATEGORIES if tp[c] or fp[c] or fn[c]
        },
        "kind_confusion": {f"{a} -> {b}": n for (a, b), n in kind_confusion.most_common()},
    }
    if show_errors:
        result["errors"] = sorted(errors)
    return result


def _holder(found: list[dict], line: int) -> dict | None:
    """The parsed provision that starts nearest ``line``, at most two lines after it (a caption
    read above its number); else the one that reaches it. Nearest, not last: of two provisions
    that start two lines apart, the one below the labelled line is not the one labelled."""
    best, distance = None, None
    for provision in found:
        start = int(provision.get("line") or 0)
        if start <= line + 2 and (distance is None or abs(start - line) < distance):
            best, distance = provision, abs(start - line)
    return best


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", type=Path)
    parser.add_argument("--level", choices=("info", "warning", "error"), default="warning")
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    result = score(args.labels, args.level, args.errors)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
