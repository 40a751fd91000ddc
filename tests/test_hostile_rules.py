"""Hostile rule packs: a pack from someone else's repository (``--rules DIR``) is untrusted.

Every malformed or dangerous pack is refused through the real command line with exit code 2,
one line on stderr that names the file (and the rule, line and field where there is one), no
traceback, nothing executed, and no hang. Regexes that backtrack catastrophically are refused
when the pack is loaded (static checks, then a probe on adversarial strings built from the
regex's own words) or stopped by the time budget the engine runs pack patterns under.

The command line runs in a process of its own for every case that could hang, crash the
interpreter or run a command if a protection failed, and for two of the timing cases (start-up
included); the other cases call the same entry point (``treatylint.cli.main``) in this process,
with the same arguments, exit code and stderr, to keep the file fast.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import REPO
from cpu_clock import WALL_LIMIT, CpuClock, run_measured

VALID = """\
id: custom/test-rule
category: vague-offence
severity: warning
message: 'Flagged "{match}" in {provision}.'
rationale: Because.
references: [ICCPR art. 15]
scope: {kinds: [offence]}
match: {phrases: [subversive]}
docs: {flags: a, why: b, example: c, fix: d}
"""

DRAFT = "Article 1\nOffences\n\nEach Party shall establish as a criminal offence subversive acts.\n"
# a 100 KB paragraph: a run of one letter, then the words the ReDoS patterns below need, so
# that no literal shortcut can answer without trying
LONG_DRAFT = "Article 1\nOffences\n\nEach Party shall establish as a criminal offence " + "a" * 100_000 + " x b y $ z.\n"

MARKER = Path("/tmp/treatylint-hostile-rules-pwned")


def _rule(**changes: str) -> str:
    text = VALID
    for old, new in changes.items():
        text = text.replace(old, new)
    return text


def _with_regex(*regexes: str) -> str:
    listed = ", ".join("'" + r.replace("'", "''") + "'" for r in regexes)
    return VALID.replace("match: {phrases: [subversive]}", f"match: {{regex: [{listed}]}}")


def _with_tokens(tokens: str) -> str:
    return VALID.replace("match: {phrases: [subversive]}", f"match: {{tokens: {tokens}}}")


def _billion_laughs() -> str:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for level in range(1, 10):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    return VALID + "\n".join(lines) + "\n"


def _kinds(change: str = "", body_cue: str | None = None) -> str:
    """The built-in provision-kinds.yml, ``change`` appended, ``body_cue`` added to the body cues
    of the 'general' kind."""
    text = (REPO / "rules" / "provision-kinds.yml").read_text(encoding="utf-8")
    if body_cue is not None:
        anchor = "      - 'sovereign\\s+equality'\n"
        assert anchor in text
        text = text.replace(anchor, anchor + "      - '" + body_cue + "'\n", 1)
    return text + change


# name -> (files of the pack, words the one-line error must contain, the file it must name)
# A file's content is text (written as UTF-8) or bytes; None makes a directory of that name.
CASES: dict[str, tuple[dict[str, object], tuple[str, ...], str]] = {
    # -- YAML that is not plain data
    "billion-laughs": ({"rule.yml": _billion_laughs()}, ("YAML anchors and aliases", "use: [name]", "line 10"), "rule.yml"),
    "alias": (
        {"rule.yml": VALID.replace("match: {phrases: [subversive]}", "match: &m {phrases: [subversive]}\nunless: [*m]")},
        ("aliases (&m)", "line 8"), "rule.yml",
    ),
    "self-referential-alias": ({"rule.yml": VALID + "loop: &l [*l]\n"}, ("aliases",), "rule.yml"),
    "python-object-apply": (
        {"rule.yml": f"!!python/object/apply:os.system ['echo pwned > {MARKER}']\n"},
        ("tag", "python/object/apply:os.system", "plain data"), "rule.yml",
    ),
    "python-object-in-field": (
        {"rule.yml": VALID.replace("rationale: Because.", f"rationale: !!python/object/apply:os.system ['touch {MARKER}']")},
        ("tag", "line 5"), "rule.yml",
    ),
    "python-name": ({"rule.yml": VALID.replace("severity: warning", "severity: !!python/name:os.system")}, ("tag",), "rule.yml"),
    "custom-tag": ({"rule.yml": VALID.replace("rationale: Because.", "rationale: !secret Because.")}, ("tag '!secret'",), "rule.yml"),
    "deep-nesting": ({"rule.yml": "a: " + "[" * 10_000 + "]" * 10_000 + "\n"}, ("levels deep",), "rule.yml"),
    "very-deep-nesting": ({"rule.yml": "a: " + "[" * 100_000 + "]" * 100_000 + "\n"}, ("levels deep",), "rule.yml"),
    "huge-integer": ({"rule.yml": VALID.replace("severity: warning", "severity: warning\nmax_downgrade: " + "9" * 10_000)},
                     ("malformed YAML: a number with too many digits",), "rule.yml"),
    "malformed": ({"rule.yml": "id: x\n  category: [unclosed\n"}, ("malformed YAML (line",), "rule.yml"),
    # -- files that are not rule files
    "huge-file": ({"rule.yml": VALID + "# " + "x" * (1024 * 1024) + "\n"}, ("larger than 1 MB",), "rule.yml"),
    "not-utf8": ({"rule.yml": VALID.encode("utf-8").replace(b"Because", b"Caf\xe9 \xff")}, ("not UTF-8", "line 5"), "rule.yml"),
    "binary": ({"rule.yml": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8}, ("binary",), "rule.yml"),
    "directory": ({"rule.yml": None}, ("is a directory",), "rule.yml"),
    "empty": ({"rule.yml": "# nothing\n"}, ("empty",), "rule.yml"),
    "deep-folders": ({"/".join(["d"] * 40) + "/rule.yml": VALID}, ("nests folders more than 16 deep",), "d/d/d"),
    "control-characters-in-name": ({"bad\nname\u202e.yml": "id: [\n"}, ("malformed YAML",), "bad\\nname\\u202e.yml"),
    # -- fields
    "unknown-field": ({"rule.yml": _rule(**{"message:": "mesage:"})}, ("unknown field 'mesage'", "did you mean 'message'", "line 4"), "rule.yml"),
    "unknown-nested-field": (
        {"rule.yml": _rule(**{"match: {phrases: [subversive]}": "match: {phrases: [subversive], regexes: ['x']}"})},
        ("field 'match.regexes'", "did you mean 'regex'", "line 8"), "rule.yml",
    ),
    "wrong-type": ({"rule.yml": _rule(**{"severity: warning": "severity: [warning]"})}, ("field 'severity'", "line 3"), "rule.yml"),
    "wrong-type-list": ({"rule.yml": _rule(**{"references: [ICCPR art. 15]": "references: 15"})}, ("field 'references'",), "rule.yml"),
    "category": (
        {"rule.yml": _rule(**{"category: vague-offence": "category: vagueness"})},
        ("field 'category'", "vagueness", "vague-offence, missing-mens-rea", "tech-specific"), "rule.yml",
    ),
    "id-without-category": ({"rule.yml": _rule(**{"id: custom/test-rule": "id: test-rule"})}, ("CATEGORY/NAME", "field 'id'"), "rule.yml"),
    "id-not-a-string": ({"rule.yml": _rule(**{"id: custom/test-rule": "id: {a: b}"})}, ("field 'id'",), "rule.yml"),
    "duplicate-ids": ({"a.yml": VALID, "b.yml": VALID}, ("'custom/test-rule' is already defined in",), "b.yml"),
    "duplicate-builtin-id": ({"rule.yml": _rule(**{"custom/test-rule": "vague-offence/false-information"})},
                             ("already defined in", "false-information.yml"), "rule.yml"),
    "message-placeholder": ({"rule.yml": _rule(**{"{provision}": "{provision.__class__}"})}, ("placeholder",), "rule.yml"),
    "use-repeated": (
        {"shared-patterns.yml": "patterns:\n  words: {phrases: [a, b, c]}\n",
         "rule.yml": _rule(**{"match: {phrases: [subversive]}": "match: {use: [" + ", ".join(["words"] * 1000) + "]}"})},
        ("'use' names 'words' more than once",), "rule.yml",
    ),
    "use-bomb": (
        {"shared-patterns.yml": "patterns:\n  big: {phrases: [" + ", ".join(f"w{i}" for i in range(1000)) + "]}\n",
         "rule.yml": VALID + "unless:\n" + "  - {label: l, use: [big]}\n" * 200},
        ("'use' adds more than 100,000 words",), "rule.yml",
    ),
    "use-not-a-name": (
        {"rule.yml": _rule(**{"match: {phrases: [subversive]}": "match: {use: [[cyber-instrument-title]]}"})},
        ("'use' must list names",), "rule.yml",
    ),
    # -- regexes refused by the static checks
    "invalid-regex": ({"rule.yml": _with_regex("(unclosed")}, ("invalid regex",), "rule.yml"),
    "nested-repeat": ({"rule.yml": _with_regex("(a+)+$")}, ("repeats a group",), "rule.yml"),
    "nested-counted-repeat": ({"rule.yml": _with_regex("(a+){2,}")}, ("repeats a group",), "rule.yml"),
    "nested-star": ({"rule.yml": _with_regex("(?:a*)*b")}, ("repeats a group",), "rule.yml"),
    "nested-plus-plus": ({"rule.yml": _with_regex("(x+x+)+y")}, ("repeats a group",), "rule.yml"),
    "unbounded-dot": ({"rule.yml": _with_regex("(.*a){20}")}, ("unbounded",), "rule.yml"),
    "fuzzy-syntax": ({"rule.yml": _with_regex("extremism{e<=2}")}, ("literal brace",), "rule.yml"),
    "posix-class": ({"rule.yml": _with_regex("[[:alpha:]]+ism")}, ("POSIX class",), "rule.yml"),
    "repeat-bomb": ({"rule.yml": _with_regex("(?:a{1000}){1000}")}, ("expand to 1,000,000 items",), "rule.yml"),
    "too-many-regexes": ({"rule.yml": _with_regex(*[f"w{i}x" for i in range(201)])}, ("201 regexes",), "rule.yml"),
    # -- regexes refused by the load-time probe (they pass the static checks)
    "probe-alternation": ({"rule.yml": _with_regex("(a|aa)+$")}, ("backtracks catastrophically", "line 8", "field 'match.regex.0'"), "rule.yml"),
    "probe-same-alternatives": ({"rule.yml": _with_regex("(a|a)*b")}, ("backtracks catastrophically",), "rule.yml"),
    "probe-polynomial": ({"rule.yml": _with_regex("subversive", "\\w+\\w+\\w+x")},
                         ("backtracks catastrophically", "field 'match.regex.1'", "'\\\\w+\\\\w+\\\\w+x'"), "rule.yml"),
    "probe-in-unless": (
        {"rule.yml": VALID + "unless:\n  - label: l\n    regex: ['(?:ab|a|b)+c']\n"},
        ("field 'unless.0.regex.0'", "backtracks"), "rule.yml",
    ),
    # -- spaCy token patterns
    "token-unknown-attribute": ({"rule.yml": _with_tokens("[[{LOWR: fake}]]")}, ("unknown attribute 'LOWR'", "did you mean 'LOWER'"), "rule.yml"),
    "token-regex-operator": ({"rule.yml": _with_tokens("[[{TEXT: {REGEX: '(a|aa)+$'}}]]")}, ("REGEX operator is not allowed",), "rule.yml"),
    "token-unbounded-operator": ({"rule.yml": _with_tokens("[[{LOWER: fake, OP: '+'}]]")}, ("OP '+' is not allowed",), "rule.yml"),
    "token-bad-operator": ({"rule.yml": _with_tokens("[[{LOWER: fake, OP: '{1,1000}'}]]")}, ("is not allowed",), "rule.yml"),
    "token-bad-value": ({"rule.yml": _with_tokens("[[{IS_DIGIT: maybe}]]")}, ("IS_DIGIT takes true or false",), "rule.yml"),
    "token-not-a-mapping": ({"rule.yml": _with_tokens("[[fake]]")}, ("must be a mapping",), "rule.yml"),
    "token-too-many": ({"rule.yml": _with_tokens("[" + ", ".join(["[{LOWER: fake}]"] * 101) + "]")}, ("101 token patterns",), "rule.yml"),
    "token-custom-attribute": ({"rule.yml": _with_tokens("[[{_: {x: 1}}]]")}, ("custom attributes",), "rule.yml"),
    # -- a pack's shared-patterns.yml
    "shared-alias": ({"shared-patterns.yml": "patterns:\n  a: &a {phrases: [x]}\n  b: *a\n", "rule.yml": VALID}, ("aliases",), "shared-patterns.yml"),
    "shared-tag": ({"shared-patterns.yml": f"patterns: !!python/object/apply:os.system ['touch {MARKER}']\n", "rule.yml": VALID},
                   ("tag",), "shared-patterns.yml"),
    "shared-redos": ({"shared-patterns.yml": "patterns:\n  bad: {regex: ['(a|aa)+$']}\n", "rule.yml": VALID},
                     ("pattern 'bad'", "backtracks catastrophically"), "shared-patterns.yml"),
    "shared-unknown-field": ({"shared-patterns.yml": "patterns:\n  w: {phrase: [x]}\n", "rule.yml": VALID},
                             ("did you mean 'phrases'", "line 2"), "shared-patterns.yml"),
    "shared-directory": ({"shared-patterns.yml": None, "rule.yml": VALID}, ("is a directory",), "shared-patterns.yml"),
    "shared-huge": ({"shared-patterns.yml": "patterns: {}\n# " + "x" * (1024 * 1024), "rule.yml": VALID}, ("larger than 1 MB",), "shared-patterns.yml"),
    # -- a pack's provision-kinds.yml (loaded, validated and probed with the rules)
    "kinds-alias": ({"provision-kinds.yml": "x: &x [1]\ny: *x\n", "rule.yml": VALID}, ("aliases",), "provision-kinds.yml"),
    "kinds-tag": ({"provision-kinds.yml": f"!!python/object/apply:os.system ['touch {MARKER}']\n", "rule.yml": VALID},
                  ("tag",), "provision-kinds.yml"),
    "kinds-deep": ({"provision-kinds.yml": "a: " + "[" * 10_000 + "]" * 10_000 + "\n", "rule.yml": VALID}, ("levels deep",), "provision-kinds.yml"),
    "kinds-huge": ({"provision-kinds.yml": _kinds("# " + "x" * (1024 * 1024)), "rule.yml": VALID}, ("larger than 1 MB",), "provision-kinds.yml"),
    "kinds-unknown-field": ({"provision-kinds.yml": _kinds().replace("caption_weight:", "caption_wieght:", 1), "rule.yml": VALID},
                            ("unknown field 'caption_wieght'", "did you mean 'caption_weight'"), "provision-kinds.yml"),
    "kinds-redos": ({"provision-kinds.yml": _kinds(body_cue="(a|aa)+$"), "rule.yml": VALID},
                    ("field 'kinds.general.body'", "backtracks catastrophically"), "provision-kinds.yml"),
    "kinds-directory": ({"provision-kinds.yml": None, "rule.yml": VALID}, ("is a directory",), "provision-kinds.yml"),
}


# cases that could hang, crash the interpreter or run a command if a protection failed: each in
# a process of its own
ISOLATED = frozenset({
    "billion-laughs", "self-referential-alias", "python-object-apply", "python-object-in-field", "python-name",
    "very-deep-nesting", "shared-tag", "kinds-tag",
})


# cases run with the built-in rules loaded too (the others with --no-builtin)
WITH_BUILTIN = frozenset({"duplicate-builtin-id", "python-object-apply", "billion-laughs", "probe-polynomial", "kinds-redos"})


def treatylint(*args: str, cwd: Path = REPO) -> tuple[subprocess.CompletedProcess[str], float]:
    return run_measured([sys.executable, "-m", "treatylint", *args], text=True, cwd=cwd)


def treatylint_here(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """``treatylint.cli.main`` in this process: what the ``treatylint`` command runs."""
    from treatylint.cli import main

    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["treatylint", *args]
    clock = CpuClock()
    code: object = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exit:
        code = exit.code
    finally:
        sys.argv = argv
    elapsed = clock.seconds
    assert clock.wall < WALL_LIMIT, f"hung for {clock.wall:.0f} s"
    return subprocess.CompletedProcess(["treatylint", *args], code, out.getvalue(), err.getvalue()), elapsed


def write_pack(directory: Path, files: dict[str, object]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            path.mkdir()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(str(content), encoding="utf-8")
    return directory


def assert_refused(result: subprocess.CompletedProcess[str], elapsed: float, names: str, *words: str, limit: float = 5.0) -> str:
    """Exit code 2, one stderr line naming ``names`` and containing ``words``, no traceback."""
    lines = result.stderr.splitlines()
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert len(lines) == 1, result.stderr[-2000:]
    line = lines[0]
    assert "Traceback" not in result.stderr and "internal error" not in line, line
    assert line.startswith("treatylint: error: "), line
    assert names in line, line
    for word in words:
        assert word in line, (word, line)
    assert elapsed < limit, (elapsed, line)
    return line


@pytest.fixture(scope="module")
def refusals(tmp_path_factory) -> dict[str, tuple[subprocess.CompletedProcess[str], float]]:
    """Every case of ``CASES`` checked through the command line: the ``ISOLATED`` ones in
    processes of their own (two at a time, while the others run here)."""
    MARKER.unlink(missing_ok=True)
    root = tmp_path_factory.mktemp("hostile")
    draft = root / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")

    def arguments(name: str) -> list[str]:
        # without the built-in rules (the pack is refused the same way, five times faster)
        builtin = [] if name in WITH_BUILTIN else ["--no-builtin"]
        pack = write_pack(root / name, CASES[name][0])
        return ["check", "--no-cache", "--jobs", "1", *builtin, "--rules", str(pack), str(draft)]

    with ThreadPoolExecutor(max_workers=2) as pool:
        isolated = {name: pool.submit(treatylint, *arguments(name)) for name in sorted(ISOLATED)}
        results = {name: treatylint_here(*arguments(name)) for name in sorted(set(CASES) - ISOLATED)}
        results.update({name: future.result() for name, future in isolated.items()})
    return results


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_pack_is_refused_in_one_line(refusals, case):
    _, words, names = CASES[case]
    result, elapsed = refusals[case]
    assert_refused(result, elapsed, names, *words)


def test_nothing_is_executed(refusals):
    assert all(refusals[case][0].returncode == 2 for case in ("python-object-apply", "shared-tag", "kinds-tag"))
    assert not MARKER.exists(), "a YAML tag ran a command"


def test_rules_directory_that_is_a_file(tmp_path):
    (tmp_path / "rules.yml").write_text(VALID, encoding="utf-8")
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    result, elapsed = treatylint_here("check", "--no-cache", "--rules", str(tmp_path / "rules.yml"), str(tmp_path / "draft.txt"))
    assert_refused(result, elapsed, "rules.yml", "is not a directory")


def test_pack_named_in_a_config_file_is_refused_the_same_way(tmp_path):
    """A pack from the configuration (``rules:`` in .treatylint.yml) is just as untrusted."""
    write_pack(tmp_path / "pack", {"rule.yml": _with_regex("(a|aa)+$")})
    (tmp_path / ".treatylint.yml").write_text("rules: [pack]\n", encoding="utf-8")
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    result, elapsed = treatylint_here("check", "--no-cache", str(tmp_path / "draft.txt"))
    assert_refused(result, elapsed, "rule.yml", "backtracks catastrophically")


def test_a_valid_pack_still_works(tmp_path):
    """The protections refuse nothing a pack needs: phrases, bounded regexes, bounded token
    operators, shared patterns with 'use', a copy of the built-in kinds file."""
    pack = write_pack(tmp_path / "pack", {
        "shared-patterns.yml": "patterns:\n  secret-words: {phrases: [state secrets], regex: ['sub(?:versive|version)']}\n",
        "rule.yml": VALID.replace("match: {phrases: [subversive]}",
                                  "match: {use: [secret-words, offence-clause], regex: ['\\bacts?\\b(?:\\s+\\w+){0,3}']}"),
        "provision-kinds.yml": _kinds(),
    })
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    result, _ = treatylint_here("check", "--no-cache", "-f", "json", "--rules", str(pack), str(draft))
    assert result.returncode == 1, result.stderr
    assert "custom/test-rule" in {f["rule_id"] for f in json.loads(result.stdout)["findings"]}


# -- catastrophic backtracking against a 100 KB draft: refused at load time or stopped in time --

STATIC, PROBE, BUDGET = "repeats a group", "on a test string", "took longer than"
REDOS = {
    "(a+)+$": (STATIC,),  # refused by the static checks
    "(a|aa)+$": (PROBE,),  # exponential: refused by the load-time probe
    "(a|a)*b": (PROBE,),
    "\\w+\\w+\\w+x": (PROBE,),  # cubic: refused by the probe
    "\\w+x": (BUDGET,),  # quadratic: linear on real text, passes the probe, stopped by the budget
    "[a-z]+[0-9]": (BUDGET,),
    "(\\w|\\d)+x": (PROBE, BUDGET),  # quadratic on the regex engine; either way
}


def _redos(tmp_path: Path, regex: str, run=None) -> tuple[subprocess.CompletedProcess[str], float]:
    pack = write_pack(tmp_path / "pack", {"rule.yml": _with_regex(regex).replace("scope: {kinds: [offence]}", "scope: {}")})
    draft = tmp_path / "long.txt"
    draft.write_text(LONG_DRAFT, encoding="utf-8")
    return (run or treatylint_here)("check", "--no-cache", "--jobs", "1", "--no-builtin", "--rules", str(pack), str(draft))


@pytest.mark.parametrize("regex", sorted(REDOS))
def test_redos_pattern_against_100kb_draft_is_refused_or_stopped_within_a_second(tmp_path, regex):
    result, elapsed = _redos(tmp_path, regex)
    line = assert_refused(result, elapsed, "rule.yml", "rule 'custom/test-rule'", repr(regex), limit=1.5)
    assert any(outcome in line for outcome in REDOS[regex]), line
    if BUDGET in line:  # stopped while checking the draft, which it names
        assert "long.txt" in line


@pytest.mark.parametrize("regex", ["\\w+x", "(a|aa)+$"])
def test_redos_pattern_in_a_process_of_its_own(tmp_path, regex):
    """The same, start-up included: the budget stops it, or the probe refuses it, in time."""
    result, elapsed = _redos(tmp_path, regex, run=treatylint)
    assert_refused(result, elapsed, "rule.yml", repr(regex), BUDGET if regex == "\\w+x" else PROBE, limit=1.5)


def test_budget_for_all_pack_patterns_together(tmp_path, monkeypatch):
    """Many patterns that each stay under their own budget still share one per draft."""
    from treatylint.rulepack import patterns

    monkeypatch.setattr(patterns, "TOTAL_SECONDS", 0.0)
    monkeypatch.setattr(patterns, "TOTAL_SECONDS_PER_MB", 0.0)
    pack = write_pack(tmp_path / "pack", {"rule.yml": _with_regex("subversive\\s+acts?")})
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    result, elapsed = treatylint_here("check", "--no-cache", "--jobs", "1", "--no-builtin", "--rules", str(pack), str(tmp_path / "draft.txt"))
    assert_refused(result, elapsed, "rule.yml", "all rule-pack patterns may take on", "draft.txt")


def test_kinds_cue_is_stopped_within_a_second(tmp_path):
    """A pack's classifier cue runs under the same budget as its rules' regexes."""
    pack = write_pack(tmp_path / "pack", {"rule.yml": VALID, "provision-kinds.yml": _kinds(body_cue="\\w+x")})
    draft = tmp_path / "long.txt"
    draft.write_text(LONG_DRAFT, encoding="utf-8")
    result, elapsed = treatylint_here("check", "--no-cache", "--jobs", "1", "--no-builtin", "--rules", str(pack), str(draft))
    assert_refused(result, elapsed, "provision-kinds.yml", "took longer than", "long.txt", "kinds.general.body", limit=1.5)


# -- the built-in patterns run on ``re``, unbounded: they must be linear on adversarial text --


def _builtin_regexes() -> list[str]:
    from treatylint.rulepack.loader import _builtin_cues, _rule_patterns, builtin_rules_dir, load_rules

    found = {r for loaded in load_rules([builtin_rules_dir()]) for _, p in _rule_patterns(loaded.rule) for r in p.regex}
    return sorted(found | _builtin_cues())


def test_builtin_regexes_finish_quickly_on_adversarial_100kb_text():
    """Every built-in regex (rules, shared patterns, kind cues) against 100 KB of one letter,
    of 'a ', of spaces and of its own longest word repeated: each scan in well under a second
    (a quadratic pattern needs tens of seconds here)."""
    from treatylint.rulepack.patterns import _literals

    size = 100_000
    common = {"a": "a" * size, "a-space": "a " * (size // 2), "spaces": " " * size}
    slowest = (0.0, "", "")
    for regex in _builtin_regexes():
        compiled = re.compile(regex, re.IGNORECASE)
        words = [w.strip() for w in _literals(regex) if w.strip().isalpha()][:1]
        texts = dict(common, **{w: ((w + " ") * (size // (len(w) + 1) + 1))[:size] for w in words})
        for name, text in texts.items():
            started = time.process_time()
            for _ in compiled.finditer(text):
                pass
            slowest = max(slowest, (time.process_time() - started, name, regex))
    assert slowest[0] < 0.5, slowest


def test_builtin_rule_files_pass_the_strict_reader():
    """The built-in pack is read without the event scan (it is trusted); it would pass it."""
    from treatylint.rulepack.loader import builtin_rules_dir, read_yaml

    for path in sorted(builtin_rules_dir().rglob("*.yml")):
        read_yaml(path, trusted=False)


def test_messages_are_one_line_for_a_multi_rule_file(tmp_path):
    """In a file with several rules, the line points into the right one."""
    second = textwrap.indent(VALID.replace("custom/test-rule", "custom/second").replace("message:", "mesage:"), "    ")
    first = textwrap.indent(VALID, "    ")
    text = "rules:\n  -\n" + first + "  -\n" + second
    pack = write_pack(tmp_path / "pack", {"rules.yml": text})
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    result, elapsed = treatylint_here("check", "--no-cache", "--rules", str(pack), str(tmp_path / "draft.txt"))
    expected_line = text.splitlines().index("    mesage: 'Flagged \"{match}\" in {provision}.'") + 1
    assert_refused(result, elapsed, "rules.yml", "rule 'custom/second'", f"line {expected_line}", "did you mean 'message'")
