"""Register-metamorphic run: rule fixtures and corpus cybercrime treaties rewritten into other
drafting registers (tests/metamorphic/registers.py) must keep their kinds and their findings
(category, article).

    PYTHONPATH=src python tests/metamorphic/run_registers.py [--register NAME ...] [-v] [--no-corpus]

Prints, per register, how many documents it changed and how many of those read differently.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from metamorphic.registers import REGISTERS, reregister  # noqa: E402
from metamorphic.register_oracle import documents, register_differences, register_observe  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--register", action="append", default=[])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--no-corpus", action="store_true")
    args = parser.parse_args()
    from treatylint.run.linter import Linter
    from treatylint.settings import Settings

    linter = Linter(Settings())
    docs = documents(corpus=not args.no_corpus)
    originals = {name: register_observe(linter.check_text(text, name)) for name, text in docs}
    chosen = [r for r in REGISTERS if not args.register or r.name in args.register]
    all_changed = all_differ = 0
    for register in chosen:
        changed = differ = 0
        failures = []
        for name, text in docs:
            rewritten = reregister(text, register)
            if rewritten == text:
                continue
            changed += 1
            problems = register_differences(originals[name], register_observe(linter.check_text(rewritten, name)))
            if problems:
                differ += 1
                failures.append((name, problems))
        all_changed += changed
        all_differ += differ
        print(f"{register.family:9} {register.name:24} changed {changed:3}  differ {differ:3}")
        if args.verbose:
            for name, problems in failures:
                print(f"    {name}: {'; '.join(problems)}")
    print(f"{'all':34} changed {all_changed:3}  differ {all_differ:3}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
