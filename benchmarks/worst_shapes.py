"""Drafts of the worst shapes at the size limit: does each finish within 10 s and 1 GB?

    python benchmarks/worst_shapes.py [--mb 3.8] [--shape NAME] [--file-limit]

Issue 15 asks that a file at the size limit of the worst shape for the
linear-time parts (one-character lines, one huge paragraph, thousands of headings, a line-end
hyphen on every line, disguised words everywhere; two-character lines are added here as the
worst line shape for memory) be checked within 10 s and 1 GB on the development machine. The size limit of a draft's text is
``limits.MAX_TEXT_CHARS`` (4,000,000 characters in any format; ``--max-file-size``, 50 MB, bounds
the bytes of a Word or PDF file): the shapes are written just under it (3.8 MB, the disguised
words' multi-byte letters counted), and ``--file-limit`` also checks that a 50 MB text file of
each shape is refused at once with one line.
Each shape is written to a temporary file and checked by ``treatylint check --no-cache -f json``
in a fresh process; the wall time, the child's CPU time
and its peak memory (``wait4``) are printed with PASS/FAIL. Not a unit test: it takes minutes at
full size and its times depend on the machine (run it with ``nice`` on a quiet machine).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
BOUND_SECONDS, BOUND_MB = 10.0, 1024
LIMIT_MB = 3.8  # just under limits.MAX_TEXT_CHARS (4,000,000 characters; disguised words take more bytes than characters)


def shapes(size: int) -> dict[str, str]:
    sentence = "Each Party shall establish as criminal offences acts of extremism and separatism. "
    article = "Article {n}\n\nEach Party shall criminalise the dissemination of information.\n\n"
    return {
        "one-character lines": "x\n" * (size // 2),
        # CPython keeps one string per Latin-1 character, so the lines above cost a pointer each;
        # two characters make a string object (~56 bytes) per line: the worst line shape for memory
        "two-character lines": "ab\n" * (size // 3),
        "one huge paragraph": "\n".join(
            (sentence * (900_000 // len(sentence)))[:900_000] for _ in range(size // 900_000 + 1)
        )[:size],
        "thousands of headings": "".join(article.format(n=n) for n in range(size // len(article.format(n=10**6)))),
        "hyphen at every line end": ("Each Party shall crimi-\nnalise the dissemi-\nnation of extre-\nmist materials.\n\n" * (size // 80)),
        "disguised words": (("Each Party shall criminalise extr\u0435mist o\ufb00ences and sep\u200baratism. " * 12 + "\n\n") * (size // 1000)),
    }


def run(text: str) -> tuple[float, float, float, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "draft.txt"
        path.write_text(text, encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
        start = time.monotonic()
        process = subprocess.Popen([sys.executable, "-m", "treatylint", "check", "--no-cache", "-f", "json",
                                    "--max-file-size", "60MB", str(path)], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - start
        return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=LIMIT_MB, help="size of each shape (default: just under the text bound)")
    parser.add_argument("--shape")
    parser.add_argument("--file-limit", action="store_true", help="also: a 50 MB text file of each shape is refused at once")
    args = parser.parse_args()
    failed = 0
    # below the bound the time bound is scaled, and start-up (loading rules, compiling patterns)
    # would eat all of it: also show the fixed cost and the linear projection to the bound
    fixed = run("Article 1\n\nEach Party shall adopt such measures as may be necessary.\n")[1]
    print(f"fixed cost (a one-article draft): cpu {fixed:.2f} s")
    for name, text in shapes(int(args.mb * MB)).items():
        if args.shape and args.shape != name:
            continue
        wall, cpu, peak, code = run(text)
        ok = cpu <= BOUND_SECONDS * min(args.mb / LIMIT_MB, 1.0) and peak <= BOUND_MB and code in (0, 1)
        failed += not ok
        projected = fixed + max(cpu - fixed, 0) * LIMIT_MB / args.mb
        print(f"{'PASS' if ok else 'FAIL'}  {name:28} {len(text.encode()) / MB:6.1f} MB  wall {wall:6.1f} s  "
              f"cpu {cpu:6.1f} s  peak {peak:7.0f} MB  exit {code}  (linear to the bound: cpu {projected:5.1f} s)",
              flush=True)
    if args.file_limit:
        for name, text in shapes(50 * MB).items():
            if args.shape and args.shape != name:
                continue
            wall, cpu, peak, code = run(text)
            ok = code == 2 and cpu <= BOUND_SECONDS and peak <= BOUND_MB
            failed += not ok
            print(f"{'PASS' if ok else 'FAIL'}  {name:28} 50 MB file refused: exit {code}  wall {wall:6.1f} s  "
                  f"cpu {cpu:6.1f} s  peak {peak:7.0f} MB", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
