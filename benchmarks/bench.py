"""Speed benchmark for treatylint, run by hand (never as a timed unit test):

    python benchmarks/bench.py [--corpus DIR] [--quick] [--repeat N] [--only SECTIONS] [--baseline SRC]

Made to be believed on a busy machine (up to eight engineers share two cores here):

- every figure is measured on whole processes, as **CPU time** (user + system of the child, from
  ``wait4``, the same numbers ``RUSAGE_CHILDREN`` accumulates) as well as wall time: CPU time
  hardly moves when another process takes the core, wall time does;
- comparisons are **paired**: treatylint and bare spaCy (and ``--baseline``, another checkout's
  ``src``) run alternately, in an order that flips on every repetition, so a load that comes
  and goes falls on both sides;
- each figure is **repeated** (``--repeat``, 3 by default) and reported as median and minimum;
  ratios use the medians;
- treatylint runs from **bytecode** compiled once per checkout into the run's temporary folder,
  as an installed package does (``PYTHONDONTWRITEBYTECODE`` would otherwise make every process
  compile its modules from source while spaCy's come compiled);
- before the ``--jobs 2`` figure the machine is **checked for a free core** (two CPU-bound
  processes at once against one, plus the load average); without one the figure is printed as
  not meaningful rather than as a regression.

Sections (``--only`` takes a comma-separated list of their names):

1. ``throughput``: corpus words per CPU second of ``check --no-cache --jobs 1`` with all built-in
   rules, against bare ``spacy.blank("en")`` tokenization of the same files; peak RSS;
2. ``latency``: one draft (the Budapest Convention) against ``import spacy; spacy.blank("en")``;
3. ``growth``: the Budapest Convention repeated 1, 2, 4, 8 and 16 times, and real corpus
   treaties of about the same sizes (the file closest to each size), each net of the fixed cost
   of checking a one-article draft: linear growth keeps "x1 work" near n and the CPU seconds
   per MB flat (real treaties differ in density, so for them only s/MB is comparable). The
   first copy also pays the once-per-process work of the patterns a treaty reaches, so the
   test of linearity is the CPU **per added copy** (x8->x16 against x1->x8, 0.8-1.2);
4. ``cache``: an unchanged cached re-run against a cold run (fresh cache folder each time);
5. ``jobs``: ``--jobs 2`` against ``--jobs 1``, after the free-core check;
6. ``diff``: ``treatylint diff`` on two rounds (the blind rounds-A series, and the Budapest
   Convention against a copy with a moved and an edited article);
7. ``startup``: ``--help``, ``--version``, ``rules``, ``explain`` (goal < 0.3 s).

``--quick`` uses every tenth corpus file for the corpus-wide sections (for trying changes, not
for docs/performance.md).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "treaties"
BUDAPEST = "convention-on-cybercrime-BWBV0001839.txt"
ROUNDS = REPO / "benchmarks" / "blind" / "rounds-A"
PY = sys.executable
SECTIONS = ("throughput", "latency", "growth", "cache", "jobs", "diff", "startup")

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
BUSY = "s = 0\nfor i in range(20_000_000):\n    s += i\n"
SMALL_DRAFT = "Article 1\n\nEach Party shall adopt such measures as may be necessary.\n"


@dataclass(frozen=True)
class Sample:
    """One process: wall seconds, CPU seconds (user + system), peak RSS in MB, stdout."""

    wall: float
    cpu: float
    rss: float
    out: str = ""


@dataclass(frozen=True)
class Figure:
    """Repeated samples of one command, summarised."""

    samples: tuple[Sample, ...]

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def cpu_min(self) -> float:
        return min(s.cpu for s in self.samples)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def wall_min(self) -> float:
        return min(s.wall for s in self.samples)

    @property
    def rss(self) -> float:
        return max(s.rss for s in self.samples)

    def show(self) -> str:
        return (f"cpu {self.cpu:7.3f} s (min {self.cpu_min:7.3f})  "
                f"wall {self.wall:7.3f} s (min {self.wall_min:7.3f})")


def env_for(src: Path, pycache: Path) -> dict[str, str]:
    """Run the treatylint of this checkout (or of ``--baseline``), not whatever is installed,
    from bytecode compiled once into ``pycache`` as an install does (``pip`` writes the .pyc
    files): with ``PYTHONDONTWRITEBYTECODE`` set, as on the development machine, every process
    would compile treatylint's ~80 modules from source again (about 0.05 s CPU), while spaCy's
    come compiled from its wheel."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(src), PYTHONPYCACHEPREFIX=str(pycache))
    subprocess.run([PY, "-m", "compileall", "-q", str(src / "treatylint")], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return env


def measure(args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Sample:
    """Run one process to the end; its own rusage comes from wait4 (output goes to temporary
    files, not pipes, so nothing else reaps the child first and no other child mixes in)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(args, stdout=out, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if process.returncode not in (0, 1):
            raise SystemExit(f"failed ({process.returncode}): {' '.join(args[:6])}...\n"
                             f"{err.read().decode(errors='replace')[-2000:]}")
        text = out.read().decode(errors="replace")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text)


def paired(commands: dict[str, tuple[list[str], dict[str, str] | None]], repeat: int,
           cwd: Path | None = None) -> dict[str, Figure]:
    """Each command ``repeat`` times, alternating, the order reversed on every other round."""
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    names = list(commands)
    for round_ in range(repeat):
        for name in names if round_ % 2 == 0 else reversed(names):
            args, env = commands[name]
            samples[name].append(measure(args, env, cwd))
    return {name: Figure(tuple(found)) for name, found in samples.items()}


def repeated(args: list[str], env: dict[str, str] | None, repeat: int, cwd: Path | None = None) -> Figure:
    return paired({"x": (args, env)}, repeat, cwd)["x"]


def free_core() -> tuple[float, float, float]:
    """CPU-bound Python loop alone and two at once (wall, min of 3): the speed-up two processes
    can get right now (2.0 = a free core), and the 1-minute load average."""
    one = min(measure([PY, "-c", BUSY]).wall for _ in range(3))
    twos = []
    for _ in range(3):
        start = time.perf_counter()
        procs = [subprocess.Popen([PY, "-c", BUSY]) for _ in range(2)]
        for proc in procs:
            proc.wait()
        twos.append(time.perf_counter() - start)
    return one, min(twos), os.getloadavg()[0]


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
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores (nproc), {cpu}, Python {platform.python_version()}, load {load}"


def closest(files: list[Path], size: int) -> Path:
    return min(files, key=lambda p: abs(p.stat().st_size - size))


def edited_round(text: str) -> str:
    """The Budapest Convention as a next round might give it: one article moved to the end, the
    intent requirement dropped from three offences, one article added."""
    parts = text.split("\n\nArticle 6")
    if len(parts) == 2:
        head, rest = parts
        moved, _, tail = rest.partition("\n\nArticle 7")
        text = f"{head}\n\nArticle 7{tail}\n\nArticle 6{moved}"
    return text.replace(", when committed intentionally,", ",", 3) + (
        "\n\nArticle 49\n\nEach Party may require service providers to disclose any information.\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--quick", action="store_true", help="every tenth file for corpus-wide sections")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each figure (median and min)")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated: {','.join(SECTIONS)}")
    parser.add_argument("--baseline", type=Path, help="another checkout's src/, timed paired with this one")
    args = parser.parse_args()
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    if only - set(SECTIONS):
        raise SystemExit(f"unknown sections: {', '.join(sorted(only - set(SECTIONS)))}")
    every = sorted(args.corpus.glob("*.txt"))
    files = every[::10] if args.quick else every
    if not files:
        raise SystemExit(f"no .txt files in {args.corpus}")
    repeat = max(1, args.repeat)
    budapest = args.corpus / BUDAPEST
    work = Path(tempfile.mkdtemp(prefix="treatylint-bench-"))
    ours_env = env_for(REPO / "src", work / "pycache-ours")
    base_env = env_for(args.baseline.resolve(), work / "pycache-base") if args.baseline else None
    tl = [PY, "-m", "treatylint"]
    check = [*tl, "check", "--format", "json", "--exit-zero", "--isolated"]
    corpus_dir = work / "corpus"
    corpus_dir.mkdir()
    for path in files:  # one folder argument, so a long file list never hits the argument limit
        (corpus_dir / path.name).symlink_to(path.resolve())
    listing = [str(p) for p in files]
    out: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        out.append(line)

    def versus(figures: dict[str, Figure], against: str) -> None:
        for name, figure in figures.items():
            ratio = "" if name == against else f"  {figures[against].cpu / figure.cpu:5.2f}x {against}'s speed"
            say(f"   {name:<32} {figure.show()}{ratio}")

    say(f"treatylint benchmark, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; {machine()}")
    say(f"method: whole processes, CPU = user+system of the child (wait4), paired and alternated, "
        f"median (min) of {repeat}")
    total_words = words(files)
    say(f"corpus: {len(files)} files, {total_words:,} words{' (--quick: every tenth)' if args.quick else ''}")
    say()

    def with_base(name: str, argv: list[str]) -> dict[str, tuple[list[str], dict[str, str] | None]]:
        commands: dict[str, tuple[list[str], dict[str, str] | None]] = {name: (argv, ours_env)}
        if base_env:
            commands[f"baseline {name}"] = (argv, base_env)
        return commands

    if "throughput" in only:
        commands = with_base("treatylint check", [*check, str(corpus_dir), "--no-cache", "--jobs", "1"])
        commands["spacy.blank('en') tok."] = ([PY, "-c", SPACY_TOKENIZE, *listing], None)
        figures = paired(commands, repeat, work)
        ours, spacy = figures["treatylint check"], figures["spacy.blank('en') tok."]
        say("1. throughput, all built-in rules, --no-cache --jobs 1 (ratio of CPU medians)")
        versus(figures, "spacy.blank('en') tok.")
        say(f"   words per CPU second: treatylint {total_words / ours.cpu:,.0f}, spaCy {total_words / spacy.cpu:,.0f}"
            f" -> {spacy.cpu / ours.cpu:.2f}x bare spaCy (goal >= 2.0x)")
        say(f"   peak RSS of the check {ours.rss:.1f} MB (goal < 150 MB)")
        say()

    if "latency" in only and budapest.exists():
        commands = with_base("check Budapest", [*check, str(budapest), "--no-cache"])
        commands["import spacy; blank"] = ([PY, "-c", "import spacy; spacy.blank('en')"], None)
        figures = paired(commands, max(repeat, 5), work)
        say("2. single draft (Budapest Convention)")
        versus(figures, "import spacy; blank")
        say()

    if "growth" in only and budapest.exists():
        text = budapest.read_text(encoding="utf-8")
        small = work / "one-article.txt"
        small.write_text(SMALL_DRAFT, encoding="utf-8")
        fixed = repeated([*check, str(small), "--no-cache"], ours_env, repeat, work)
        say("3. growth, --no-cache, net of the fixed cost of a one-article draft "
            f"(cpu {fixed.cpu:.3f} s); linear = 'x1 work' near n")
        rows: list[tuple[str, int, Path]] = []
        for n in (1, 2, 4, 8, 16):
            path = work / f"budapest-x{n}.txt"
            path.write_text("\n\n".join([text] * n), encoding="utf-8")
            rows.append((f"Budapest x{n}", n, path))
        others = [p for p in every if p.name != BUDAPEST]
        for n in (1, 2, 4, 8, 16):
            real = closest(others, len(text.encode()) * n)
            rows.append((real.name[:40], n, real))
        unit: dict[str, float] = {}
        copies: list[tuple[int, float]] = []  # (n, net) of the Budapest rows
        for label, n, path in rows:
            figure = repeated([*check, str(path), "--no-cache"], ours_env, repeat, work)
            net = max(figure.cpu - fixed.cpu, 1e-3)
            mb = path.stat().st_size / 1024 / 1024
            work_n = ""
            if label.startswith("Budapest"):  # real treaties differ in density: compare their s/MB
                unit.setdefault("x1", net)
                work_n = f" = {net / unit['x1']:5.1f} x1 work"
                copies.append((n, net))
            say(f"   {label:<42} {mb:5.2f} MB  cpu {figure.cpu:6.3f} s (min {figure.cpu_min:6.3f})"
                f"  net {net:6.3f} s{work_n:<16} ({net / mb:5.2f} s/MB)")
        # The first copy also pays what a process does once per pattern it meets (compiling the
        # patterns a real treaty reaches, loading the kind model), so "x1 work" understates
        # x16; the cost of each added copy is the linearity test: flat when growth is linear.
        added = [(prev, n, (net - prev_net) / (n - prev)) for (prev, prev_net), (n, net) in zip(copies, copies[1:])]
        if len(added) > 1:
            shown = ", ".join(f"x{prev}->x{n} {per:.3f} s" for prev, n, per in added)
            (first, first_net), (mid, mid_net), (last, last_net) = copies[0], copies[-2], copies[-1]
            early = (mid_net - first_net) / (mid - first)  # over several copies: a 2-copy step is noisy
            late = (last_net - mid_net) / (last - mid)
            say(f"   Budapest, CPU per added copy: {shown}")
            say(f"   x{mid}->x{last} per copy / x{first}->x{mid} per copy: {late / early if early > 0 else float('nan'):.2f}"
                " (linear within 20%: 0.8-1.2)")
        say()

    if "cache" in only:
        colds, warms, same = [], [], True
        for round_ in range(repeat):
            cache = work / f"cache{round_}"
            argv = [*check, str(corpus_dir), "--cache-dir", str(cache), "--jobs", "1"]
            cold = measure(argv, ours_env, work)
            warm = measure(argv, ours_env, work)
            colds.append(cold)
            warms.append(warm)
            same = same and cold.out == warm.out
            shutil.rmtree(cache, ignore_errors=True)
        cold_f, warm_f = Figure(tuple(colds)), Figure(tuple(warms))
        say("4. unchanged cached re-run, whole corpus (fresh cache folder each round)")
        say(f"   cold (fills the cache) {cold_f.show()}")
        say(f"   cached re-run          {warm_f.show()}")
        say(f"   {cold_f.cpu / warm_f.cpu:.1f}x less CPU, {cold_f.wall / warm_f.wall:.1f}x faster wall "
            f"(goal >= 20x); output identical: {same}")
        say()

    if "jobs" in only:
        one, two, load = free_core()
        headroom = 2 * one / two
        say("5. --jobs 2 against --jobs 1, whole corpus, --no-cache (wall time: the point is parallelism)")
        say(f"   free-core check: a Python loop {one:.2f} s alone, two at once {two:.2f} s -> {headroom:.2f}x "
            f"(2.0 = a free core); load average {load:.2f}")
        figures = paired({f"--jobs {j}": ([*check, str(corpus_dir), "--no-cache", "--jobs", str(j)], ours_env)
                          for j in (1, 2)}, repeat, work)
        for name, figure in figures.items():
            say(f"   {name:<22} {figure.show()}")
        speedup = figures["--jobs 1"].wall / figures["--jobs 2"].wall
        identical = figures["--jobs 1"].samples[0].out == figures["--jobs 2"].samples[0].out
        if headroom < 1.6:
            say(f"   {speedup:.2f}x, NOT MEANINGFUL: no free core right now (headroom {headroom:.2f}x); "
                f"output identical: {identical}")
        else:
            say(f"   {speedup:.2f}x (goal >= 1.7x, at most {headroom:.2f}x now); output identical: {identical}")
        say()

    if "diff" in only:
        pairs: list[tuple[str, Path, Path]] = []
        if (ROUNDS / "r1-zero-draft.txt").exists():
            pairs.append(("rounds-A r1 -> r2", ROUNDS / "r1-zero-draft.txt", ROUNDS / "r2-consolidated.txt"))
            pairs.append(("rounds-A r2 -> r4", ROUNDS / "r2-consolidated.txt", ROUNDS / "r4-chair.txt"))
        if budapest.exists():
            edited = work / "budapest-next-round.txt"
            edited.write_text(edited_round(budapest.read_text(encoding="utf-8")), encoding="utf-8")
            pairs.append(("Budapest -> edited round", budapest, edited))
        say("6. treatylint diff OLD NEW (--isolated, json)")
        for label, old, new in pairs:
            figures = paired(with_base(label, [*tl, "diff", str(old), str(new), "-f", "json", "--isolated"]),
                             repeat, work)
            for name, figure in figures.items():
                say(f"   {name:<28} {figure.show()}")
        say()

    if "startup" in only:
        say("7. start-up (goal < 0.3 s wall)")
        for command in (["--help"], ["--version"], ["rules"], ["explain", "vague-offence/false-information"]):
            figure = repeated([*tl, *command], ours_env, max(repeat, 5), work)
            say(f"   treatylint {' '.join(command):<38} {figure.show()}")
        for label, code in (("import pydantic", "import pydantic"), ("pass", "pass")):
            figure = repeated([PY, "-c", code], None, max(repeat, 5), work)
            say(f"   {'python -c ' + repr(label):<49} {figure.show()}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
