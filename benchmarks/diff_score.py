"""Score ``treatylint diff`` on a blind series of rounds (benchmarks/blind/rounds-A by default).

    python benchmarks/diff_score.py                       # the figures
    python benchmarks/diff_score.py SET_DIR --errors      # and every disagreement
    python benchmarks/diff_score.py SET_DIR --json out.json

The set holds rounds ``r1-*.txt``, ``r2-*``, ... and labels (see its README): ``alignment.tsv``
(pair old new relation substantive note; ``-`` for a side that does not exist) and
``changes.tsv`` (pair side article category change note; article ``-`` for the document).

Scored, per pair and overall:
- alignment precision and recall over (pair, old, new) rows;
- relation and substantive accuracy over the rows both sides have;
- introduced/resolved F1 at warning or above over (pair, side, article, category): a predicted
  introduced finding is one ``diff`` lists as introduced at warning or above, or as changed
  from info to warning or above (and the reverse for resolved).
- the same F1 with the labelled findings of each round (findings.tsv) in place of ``check``'s,
  matched through the predicted alignment: the diff's own share of the errors.
``treatylint diff --format json`` runs as a subprocess from this checkout's ``src``, so the
figures are those of the code beside this script and of the documented JSON contract.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RANK = {"info": 0, "warning": 1, "error": 2}
CATEGORIES = {
    "vague-offence", "missing-mens-rea", "missing-safeguards", "content-crime", "territorial-sovereignty",
    "missing-human-rights-clause", "unprotected-actors", "missing-refusal-grounds", "data-protection",
    "provider-obligations", "tech-specific",
}


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle, delimiter="\t") if any(v and v.strip() for v in row.values())]


def _round_file(folder: Path, name: str) -> Path:
    found = sorted(p for p in folder.iterdir() if p.name.startswith(name + "-") and p.suffix in (".txt", ".docx", ".pdf", ".md", ".html"))
    if not found:
        sys.exit(f"diff_score: no file for round {name} in {folder}")
    return found[0]


def _diff(old: Path, new: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-m", "treatylint", "diff", str(old), str(new), "--format", "json", "--isolated"],
                          capture_output=True, text=True, env=env, check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"diff_score: treatylint diff failed: {done.stderr.strip()}")
    return json.loads(done.stdout)


def _side(value: str | None) -> str:
    return value if value else "-"


def _prf(predicted: set, gold: set) -> dict:
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp,
            "predicted": len(predicted), "gold": len(gold)}


def predicted_changes(pair: str, payload: dict) -> set[tuple]:
    out: set[tuple] = set()
    for f in payload["introduced"]:
        if RANK[f["severity"]] >= 1:
            out.add((pair, "new", _side(f["provision"]), f["category"]))
    for f in payload["resolved"]:
        if RANK[f["severity"]] >= 1:
            out.add((pair, "old", _side(f["provision"]), f["category"]))
    for f in payload["changed"]:
        old, new = RANK[f.get("old_severity", f["severity"])], RANK[f["severity"]]
        if old < 1 <= new:
            out.add((pair, "new", _side(f["provision"]), f["category"]))
        elif new < 1 <= old:
            out.add((pair, "old", _side(f.get("old_provision")), f["category"]))
    return {row for row in out if row[3] in CATEGORIES}


def oracle_changes(pair: str, payload: dict, findings: list[dict]) -> set[tuple]:
    """Introduced/resolved from the labelled findings of each round (findings.tsv) and the
    predicted alignment: what the diff's matching would report if ``check`` agreed with the
    analyst on every round. Separates the diff's errors from ``check``'s."""
    a, b = pair.split("-")
    cats = {}
    for row in findings:
        cats.setdefault((row["round"].strip(), row["article"].strip()), set()).update(
            c.strip() for c in row["categories"].split(",") if c.strip())
    old_to_new: dict[str, set[str]] = {"-": {"-"}}
    new_to_old: dict[str, set[str]] = {"-": {"-"}}
    for e in payload["alignment"]:
        if e["old"] and e["new"]:
            old_to_new.setdefault(e["old"], set()).add(e["new"])
            new_to_old.setdefault(e["new"], set()).add(e["old"])
    out: set[tuple] = set()
    for (rnd, article), found in cats.items():
        if rnd == b:
            carried = set().union(*[cats.get((a, o), set()) for o in new_to_old.get(article, set())] or [set()])
            out |= {(pair, "new", article, c) for c in found - carried}
        elif rnd == a:
            carried = set().union(*[cats.get((b, n), set()) for n in old_to_new.get(article, set())] or [set()])
            out |= {(pair, "old", article, c) for c in found - carried}
    return out


def score(folder: Path, errors: bool = False) -> dict:
    alignment = _rows(folder / "alignment.tsv")
    changes = _rows(folder / "changes.tsv")
    pairs = list(dict.fromkeys(row["pair"] for row in alignment))
    gold_rows = {(r["pair"], r["old"].strip(), r["new"].strip()): r for r in alignment}
    gold_changes = {(r["pair"], r["side"].strip(), r["article"].strip(), r["category"].strip()) for r in changes}
    pred_rows: dict[tuple, dict] = {}
    pred_changes: set[tuple] = set()
    oracle: set[tuple] = set()
    labelled_findings = _rows(folder / "findings.tsv") if (folder / "findings.tsv").exists() else []
    for pair in pairs:
        a, b = pair.split("-")
        payload = _diff(_round_file(folder, a), _round_file(folder, b))
        for entry in payload["alignment"]:
            pred_rows[(pair, _side(entry["old"]), _side(entry["new"]))] = entry
        pred_changes |= predicted_changes(pair, payload)
        oracle |= oracle_changes(pair, payload, labelled_findings)
    report: dict = {"pairs": {}}
    for subset in pairs + ["all"]:
        keep = (lambda key: True) if subset == "all" else (lambda key, s=subset: key[0] == s)
        gold = {k for k in gold_rows if keep(k)}
        pred = {k for k in pred_rows if keep(k)}
        both = gold & pred
        relation = sum(1 for k in both if pred_rows[k]["relation"] == gold_rows[k]["relation"].strip())
        substantive = sum(1 for k in both if pred_rows[k]["substantive"] == (gold_rows[k]["substantive"].strip().lower() == "true"))
        gc = {c for c in gold_changes if keep(c)}
        pc = {c for c in pred_changes if keep(c)}
        figures = {
            "alignment": _prf(pred, gold),
            "relation_accuracy": round(relation / len(both), 3) if both else 1.0,
            "substantive_accuracy": round(substantive / len(both), 3) if both else 1.0,
            "changes": _prf(pc, gc),
            "introduced": _prf({c for c in pc if c[1] == "new"}, {c for c in gc if c[1] == "new"}),
            "resolved": _prf({c for c in pc if c[1] == "old"}, {c for c in gc if c[1] == "old"}),
            "changes_given_labelled_findings": _prf({c for c in oracle if keep(c)}, gc),
        }
        if subset == "all":
            report["all"] = figures
        else:
            report["pairs"][subset] = figures
    if errors:
        lines = []
        for k in sorted(set(gold_rows) - set(pred_rows)):
            lines.append(f"alignment missed  {k}  {gold_rows[k]['relation']}  {gold_rows[k].get('note', '')}")
        for k in sorted(set(pred_rows) - set(gold_rows)):
            lines.append(f"alignment extra   {k}  {pred_rows[k]['relation']}")
        for k in sorted(set(gold_rows) & set(pred_rows)):
            g, p = gold_rows[k], pred_rows[k]
            if p["relation"] != g["relation"].strip() or p["substantive"] != (g["substantive"].strip().lower() == "true"):
                lines.append(f"call   {k}  gold {g['relation']}/{g['substantive']}  got {p['relation']}/{p['substantive']}  "
                             f"{g.get('note', '')[:120]}  changes={[(c['old'][:40], c['new'][:40]) for c in p.get('changes', [])][:4]}")
        for c in sorted(gold_changes - pred_changes):
            lines.append(f"change missed {c}")
        for c in sorted(pred_changes - gold_changes):
            lines.append(f"change extra  {c}")
        report["errors"] = lines
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=REPO / "benchmarks" / "blind" / "rounds-A")
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    report = score(args.folder, args.errors)
    for name, figures in [*report["pairs"].items(), ("all", report["all"])]:
        a, c = figures["alignment"], figures["changes"]
        print(f"{name:6} alignment P {a['precision']:.3f} R {a['recall']:.3f} | relation {figures['relation_accuracy']:.3f} "
              f"substantive {figures['substantive_accuracy']:.3f} | introduced/resolved F1 {c['f1']:.3f} "
              f"(P {c['precision']:.3f} R {c['recall']:.3f}; introduced F1 {figures['introduced']['f1']:.3f}, "
              f"resolved F1 {figures['resolved']['f1']:.3f})")
    o = report["all"]["changes_given_labelled_findings"]
    print(f"all    introduced/resolved F1 with the labelled findings of each round in place of check's: {o['f1']:.3f} "
          f"(P {o['precision']:.3f} R {o['recall']:.3f}): the diff's own share of the errors")
    for line in report.get("errors", []):
        print(line)
    if args.json:
        args.json.write_text(json.dumps({k: v for k, v in report.items() if k != "errors"}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
