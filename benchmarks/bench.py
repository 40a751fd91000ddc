"""Speed benchmark for treatylint, run by hand (never as a timed unit test):

    python benchmarks/bench.py [--corpus DIR] [--quick]

Everything is measured in one run, as whole processes, so that the ratios are meaningful on a
noisy machine. It reports:

1. corpus throughput (words/s) of ``treatylint check`` with all built-in rules (``--no-cache``,
   ``--jobs 1``) against bare ``spacy.blank("en")`` tokenization of the same text, and the ratio;
2. single-draft latency on the Budapest Convention against ``python -c "import spacy;
   spacy.blank('en')"``, and the ratio;
3. peak RSS over the whole corpus;
4. growth: one draft concatenated 1, 2, 4 and 8 times;
5. a cached re-run against the cold run, and ``--jobs 2`` against ``--jobs 1``, with the machine's
   headroom for two processes measured in the same run (two pure-Python loops at once against
   one: on a shared virtual machine the two "cores" often give far less than twice the work);
6. start-up of ``--help``, ``--version``, ``rules`` and ``explain``, and the import time of pydantic.

``--quick`` uses every tenth corpus file (for trying changes, not for the README).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "treaties"
BUDAPEST = "convention-on-cybercrime-BWBV0001839.txt"
PY = sys.executable

SPACY_TOKENIZE = """
import sys, spacy
nlp = spacy.blank("en")
nlp.max_length = 10**9  # the tokenizer alone has no memory problem with long treaties
paths = sys.argv[1:]
n = 0
for doc in nlp.pipe((open(p, encoding="utf-8", errors="replace").read() for p in paths), batch_size=16):
    n += len(doc)
print(n)
"""


def run(args: list[str], cwd: Path | None = None) -> tuple[float, int, str]:
    """Wall time, peak RSS (kB) of the child, stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, cwd=cwd)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"failed: {' '.join(args[:6])}...\n{done.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before), done.stdout


def peak_rss(args: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall time and peak RSS in MB of one process, measured with /usr/bin/time when available."""
    if shutil.which("/usr/bin/time"):
        with tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
            start = time.perf_counter()
            subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *args], capture_output=True, cwd=cwd)
            elapsed = time.perf_counter() - start
            return elapsed, int(report.read().strip().splitlines()[-1]) / 1024
    elapsed, kb, _ = run(args, cwd)
    return elapsed, kb / 1024


def best(args: list[str], repeat: int, cwd: Path | None = None) -> float:
    return min(run(args, cwd)[0] for _ in range(repeat))


BUSY = "s = 0\nfor i in range(30_000_000):\n    s += i\n"


def parallel_headroom() -> tuple[float, float]:
    """Wall time of one CPU-bound Python process alone and of two at once (best of 3 each):
    on a shared or virtual machine two 'cores' may not give twice the work."""
    one = best([PY, "-c", BUSY], 3)
    twos = []
    for _ in range(3):
        start = time.perf_counter()
        procs = [subprocess.Popen([PY, "-c", BUSY]) for _ in range(2)]
        for proc in procs:
            proc.wait()
        twos.append(time.perf_counter() - start)
    return one, min(twos)


def words(paths: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8", errors="replace").split()) for p in paths)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores (nproc), {cpu}, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--quick", action="store_true", help="every tenth file only")
    args = parser.parse_args()
    files = sorted(args.corpus.glob("*.txt"))
    if args.quick:
        files = files[::10]
    if not files:
        raise SystemExit(f"no .txt files in {args.corpus}")
    budapest = args.corpus / BUDAPEST
    work = Path(tempfile.mkdtemp(prefix="treatylint-bench-"))
    lint = [PY, "-m", "treatylint", "check"]
    listing = [str(p) for p in files]
    total_words = words(files)
    out: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        out.append(line)

    say(f"treatylint benchmark, {datetime.date.today().isoformat()}; {machine()}")
    say(f"corpus: {len(files)} files, {total_words:,} words")
    say()

    # 1. throughput
    corpus_dir = str(args.corpus) if not args.quick else None
    targets = [corpus_dir] if corpus_dir else listing
    cold1, rss1 = peak_rss([*lint, *targets, "--format", "json", "--exit-zero", "--no-cache", "--jobs", "1"], work)
    spacy_time, _, tokens = run([PY, "-c", SPACY_TOKENIZE, *listing])
    if not tokens.strip().isdigit():
        raise SystemExit("the spaCy tokenization run failed")
    ours, theirs = total_words / cold1, total_words / spacy_time
    say("1. throughput, whole process, all built-in rules, --no-cache --jobs 1")
    say(f"   treatylint check       {cold1:7.2f} s  {ours:>10,.0f} words/s")
    say(f"   spacy.blank('en') tok. {spacy_time:7.2f} s  {theirs:>10,.0f} words/s")
    say(f"   ratio                  {ours / theirs:7.2f}x  (goal >= 1.0x)")
    say()

    # 2. single-draft latency
    if budapest.exists():
        ours = best([*lint, str(budapest), "--format", "json", "--exit-zero", "--no-cache"], 5, work)
        theirs = best([PY, "-c", "import spacy; spacy.blank('en')"], 5, work)
        say("2. single draft (Budapest Convention), best of 5")
        say(f"   treatylint check       {ours:7.3f} s")
        say(f"   import spacy; blank    {theirs:7.3f} s")
        say(f"   ratio                  {ours / theirs:7.2f}x  (goal <= 1.2x)")
        say()

    # 3. memory
    say("3. peak RSS, whole corpus")
    say(f"   --jobs 1               {rss1:7.1f} MB  (goal < 400 MB)")
    say()

    # 4. growth
    if budapest.exists():
        text = budapest.read_text(encoding="utf-8")
        say("4. growth: the Budapest Convention concatenated n times, --no-cache, best of 3")
        base = None
        startup = best([PY, "-m", "treatylint", "--version"], 3, work)
        for n in (1, 2, 4, 8):
            path = work / f"budapest-x{n}.txt"
            path.write_text("\n\n".join([text] * n), encoding="utf-8")
            elapsed = best([*lint, str(path), "--format", "json", "--exit-zero", "--no-cache"], 3, work)
            base = base or (elapsed - startup)
            say(f"   x{n}: {elapsed:6.3f} s   (minus start-up {elapsed - startup:6.3f} s, {(elapsed - startup) / base:4.1f}x the x1 work)")
        say()

    # 5. cache and jobs
    cache = work / "cache"
    cold, _, first = run([*lint, *targets, "--format", "json", "--exit-zero", "--cache-dir", str(cache), "--jobs", "1"], work)
    warm, _, second = run([*lint, *targets, "--format", "json", "--exit-zero", "--cache-dir", str(cache), "--jobs", "1"], work)
    jobs2, _, third = run([*lint, *targets, "--format", "json", "--exit-zero", "--no-cache", "--jobs", "2"], work)
    jobs1 = cold1
    say("5. cache and parallel runs, whole corpus")
    say(f"   cold (fills cache)     {cold:7.2f} s")
    say(f"   cached re-run          {warm:7.2f} s  ({cold / warm:.1f}x faster; goal >= 20x; output identical: {first == second})")
    say(f"   --jobs 1               {jobs1:7.2f} s")
    say(f"   --jobs 2               {jobs2:7.2f} s  ({jobs1 / jobs2:.2f}x; goal >= 1.7x; output identical: {first == third})")
    one, two = parallel_headroom()
    say(f"   machine headroom: a pure-Python loop {one:.2f} s alone, two at once {two:.2f} s"
        f" ({2 * one / two:.2f}x: the most --jobs 2 can reach right now)")
    say()

    # 6. start-up
    say("6. start-up, best of 5 (goal < 0.3 s)")
    for command in (["--help"], ["--version"], ["rules"], ["explain", "vague-offence/false-information"]):
        say(f"   treatylint {' '.join(command):<38} {best([PY, '-m', 'treatylint', *command], 5, work):6.3f} s")
    say(f"   python -c 'import pydantic'{'':<23} {best([PY, '-c', 'import pydantic'], 5, work):6.3f} s")
    say(f"   python -c 'pass'{'':<34} {best([PY, '-c', 'pass'], 5, work):6.3f} s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
