"""The long metamorphic run: every layout over a sample of corpus treaties, with figures.

    PYTHONPATH=src python tests/metamorphic/run.py [--treaties 100] [--layout NAME ...] [-v]
        [--renamed Clause,Kifungu,Zorvat]   # also the renamed-heading-word layouts with these words

It prints, per layout, how many treaties keep all their articles, kinds and findings, and the
article recall (articles found with the right number, over articles in the originals). The
sample always includes the treaties with findings (Budapest, its protocol, CETS 196, UNTOC,
UNCAC) and then every n-th treaty of the corpus index, so it is the same on every machine.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from metamorphic.layouts import LAYOUTS, relayout, renamed_layouts  # noqa: E402
from metamorphic.oracle import differences, observe  # noqa: E402
from metamorphic.sample import sample  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--treaties", type=int, default=100)
    parser.add_argument("--layout", action="append", default=[])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--renamed", default="", help="comma-separated heading words for the renamed layouts")
    args = parser.parse_args()
    from treatylint.document.parser import parse_document
    from treatylint.run.linter import Linter
    from treatylint.settings import Settings

    linter = Linter(Settings())
    extra = [layout for word in args.renamed.split(",") if word for layout in renamed_layouts(word)]
    chosen = [layout for layout in LAYOUTS if not args.layout or layout.name in args.layout] + extra
    treaties = sample(args.treaties)
    originals = {}
    for path, title in treaties:
        text = path.read_text(encoding="utf-8")
        originals[path] = (text, observe(linter.check_text(text, path.name)))
    total_ok = total = 0
    print(f"{len(treaties)} treaties, {sum(len(o.articles) for _, o in originals.values())} articles")
    parsed = {}
    for layout in chosen:
        ok = found = expected = 0
        failures = []
        applicable = 0
        for path, title in treaties:
            text, original = originals[path]
            if layout.applies is not None:
                if path not in parsed:
                    parsed[path] = parse_document(text)
                if not layout.applies(parsed[path]):
                    continue
            applicable += 1
            result = linter.check_text(relayout(text, layout, title), path.name)
            rewrite = observe(result)
            problems = differences(original, rewrite, layout.numbers, layout.captions)
            expected += len(original.articles)
            if layout.numbers:
                found += sum((Counter(a for a, _ in original.articles) & Counter(a for a, _ in rewrite.articles)).values())
            else:
                found += min(len(original.articles), len(rewrite.articles))
            if not problems:
                ok += 1
            else:
                failures.append((path.name, problems))
        total_ok += ok
        total += applicable
        print(f"{layout.name:24} identical {ok:4}/{applicable}   article recall {found / max(expected, 1):.3f}")
        if args.verbose:
            for name, problems in failures[:8]:
                print(f"    {name}: {'; '.join(problems)}")
    print(f"{'all layouts':24} identical {total_ok}/{total} ({total_ok / max(total, 1):.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
