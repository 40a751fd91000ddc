"""A canonical dump of today's findings, to prove a refactoring changed none of them.

    python benchmarks/findings_snapshot.py OUT.json [--compare BASE.json] [--treaties DIR]

Runs ``treatylint check --format json --verbose`` (verbose: the candidates that mitigating
language suppressed count too) as one process per input set, over the whole treaty corpus
(``../shared/corpora/treaties``), ``corpora/`` and every ``benchmarks/*/drafts``, from the
repository root with relative paths (so two worktrees give the same bytes). It writes the
findings and notices of each set as canonical JSON (sorted keys, the version field dropped) and
prints the SHA-256 of that file. It also keeps ``outline --format json`` (each provision's kind:
what the parser and classifier saw) of corpora/, the benchmark drafts and every 20th treaty, under
``outlines``; the findings are the contract, the outlines say where a difference started. ``--compare`` reports the first differences against an earlier
dump and exits 1 when there are any. Run it with ``nice``: the corpus takes a minute or two.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TREATIES = REPO.parent / "shared" / "corpora" / "treaties"


def input_sets(treaties: Path) -> dict[str, list[str]]:
    """Each named set of inputs, as paths relative to the repository (the name is the key)."""
    sets = {"corpora": ["corpora"]}
    for drafts in sorted(REPO.glob("benchmarks/*/drafts")):
        sets[str(drafts.relative_to(REPO))] = [str(drafts.relative_to(REPO))]
    sets["treaties"] = [os.path.relpath(treaties, REPO)]
    return sets


def check(paths: list[str]) -> dict:
    """Findings and notices of one ``check`` run (isolated from config files, no cache)."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    done = subprocess.run(
        [sys.executable, "-m", "treatylint", "check", "--format", "json", "--verbose", "--isolated",
         "--no-cache", "--jobs", "1", "--fail-on", "error", "--exit-zero", *paths],
        cwd=REPO, env=env, capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"check {' '.join(paths)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    payload = json.loads(done.stdout)
    payload.pop("version", None)
    return payload


def outline(path: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    done = subprocess.run([sys.executable, "-m", "treatylint", "outline", "--format", "json", path],
                          cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        return {"exit": done.returncode, "stderr": done.stderr.strip()}
    return json.loads(done.stdout)


def outline_paths(treaties: Path) -> list[str]:
    small = [p for p in sorted(REPO.glob("corpora/**/*.txt")) + sorted(REPO.glob("benchmarks/*/drafts/*")) if p.is_file()]
    paths = [str(p.relative_to(REPO)) for p in small]
    return paths + [os.path.relpath(p, REPO) for p in sorted(treaties.glob("*.txt"))[::20]]


def canonical(snapshot: dict) -> bytes:
    return (json.dumps(snapshot, sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def differences(base: dict, new: dict, limit: int = 20) -> list[str]:
    """The first ``limit`` differences, as readable lines."""
    out: list[str] = []
    for name in sorted(set(base) | set(new)):
        old, cur = base.get(name, {}), new.get(name, {})
        if old == cur:
            continue
        for key in sorted(set(old) | set(cur)):
            if old.get(key) == cur.get(key):
                continue
            a, b = old.get(key), cur.get(key)
            if isinstance(a, list) and isinstance(b, list):
                out.append(f"{name}.{key}: {len(a)} -> {len(b)} entries")
                for i, (x, y) in enumerate(zip(a, b)):
                    if x != y:
                        out.append(f"  first difference at [{i}]:\n    - {json.dumps(x)[:400]}\n    + {json.dumps(y)[:400]}")
                        break
            else:
                out.append(f"{name}.{key}: {json.dumps(a)[:300]} -> {json.dumps(b)[:300]}")
            if len(out) >= limit:
                return out
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--compare", type=Path, help="An earlier dump: exit 1 if the findings differ.")
    parser.add_argument("--treaties", type=Path, default=TREATIES)
    args = parser.parse_args()
    findings = {name: check(paths) for name, paths in input_sets(args.treaties).items()}
    outlines = {path: outline(path) for path in outline_paths(args.treaties)}
    snapshot = {"findings": findings, "outlines": outlines}
    data = canonical(snapshot)
    args.output.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    count = sum(len(s["findings"]) for s in findings.values())
    print(f"{args.output}: {count} findings in {len(findings)} sets, {len(outlines)} outlines, sha256 {digest}")
    print(f"  findings alone: sha256 {hashlib.sha256(canonical(findings)).hexdigest()}")
    if not args.compare:
        return 0
    base = json.loads(args.compare.read_text(encoding="utf-8"))
    status = 0
    for part in ("findings", "outlines"):
        # inputs added since the base (new benchmark drafts) are compared from their first dump on
        added = sorted(set(snapshot[part]) - set(base.get(part, {})))
        if added:
            print(f"{part}: not in {args.compare} (new inputs, not compared): {', '.join(added)}")
        current = {name: value for name, value in snapshot[part].items() if name not in added}
        found = differences(base.get(part, {}), current)
        if found:
            print(f"{part}: DIFFERENT from {args.compare}")
            print("\n".join(found))
            status = 1
        else:
            print(f"{part}: identical to {args.compare}")
    return status


if __name__ == "__main__":
    sys.exit(main())
