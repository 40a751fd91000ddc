"""Speed features that must not change what is found: the results cache, --jobs, skipping spaCy
when no rule needs tokens, the classifier's literal prefilter, and lazy imports. No timings here:
``benchmarks/bench.py`` measures speed by hand."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, REPO
from drafts_util import ACCESS, ENTRY, EXTREMISM, FALSE_INFO, PURPOSE, RIGHTS, draft

SAMPLE = REPO / "corpora" / "sample-draft.txt"

# Run the CLI in a fresh interpreter and report, on the last line of stderr, whether spaCy was imported.
_PROBE = """
import sys
from treatylint.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
print("SPACY-IMPORTED" if "spacy" in sys.modules else "SPACY-NOT-IMPORTED", file=sys.stderr)
sys.exit(code)
"""

TOKEN_RULE = """\
id: test-only/fake-news-tokens
category: vague-offence
severity: error
message: '{provision} criminalises "{match}".'
rationale: A rule with a spaCy token pattern, so that checking needs the pipeline.
references: [ICCPR art. 19(3)]
scope:
  kinds: [offence]
match:
  tokens: [[{LOWER: "false"}, {LOWER: information}]]
docs:
  flags: False information, as tokens.
  why: Test rule.
  example: the dissemination of false information
  fix: Remove it.
  compliant: The Parties shall cooperate.
"""


def run(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], bool]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, cwd=cwd, timeout=300,
    )
    # sys.argv[0] is "-c"; main() reads sys.argv[1:]
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    assert last in ("SPACY-IMPORTED", "SPACY-NOT-IMPORTED"), done.stderr
    return done, last == "SPACY-IMPORTED"


def findings_of(done: subprocess.CompletedProcess[str]) -> list[dict]:
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)["findings"]


@pytest.fixture()
def drafts(tmp_path: Path) -> Path:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "a.txt").write_text(draft(PURPOSE, RIGHTS, EXTREMISM, ENTRY), encoding="utf-8")
    (folder / "b.txt").write_text(draft(PURPOSE, ACCESS, FALSE_INFO, ENTRY), encoding="utf-8")
    (folder / "c.txt").write_text(draft(PURPOSE, FALSE_INFO, EXTREMISM, ENTRY), encoding="utf-8")
    shutil.copy(SAMPLE, folder / "sample.txt")
    return folder


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["rules"], ["explain", "vague-offence/false-information"], ["check", "--help"]])
def test_informational_commands_do_not_import_spacy(args, tmp_path):
    done, spacy = run(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not spacy


def test_cache_hit_is_identical_and_imports_no_spacy(drafts, tmp_path):
    rules = tmp_path / "token-rules"
    rules.mkdir()
    (rules / "fake-news-tokens.yml").write_text(TOKEN_RULE, encoding="utf-8")
    args = ["check", str(drafts), "--rules", str(rules), "--format", "json", "--exit-zero", "--jobs", "1"]
    cold, spacy_cold = run(*args, cwd=tmp_path)
    assert spacy_cold  # a token rule needs the pipeline
    from treatylint.run.cache import user_cache_dir

    cache = user_cache_dir()  # the user's cache folder (tests point it at a temporary one: conftest)
    assert not (tmp_path / ".treatylint_cache").exists()  # never in the project
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (cache / ".gitignore").read_text().strip().endswith("*")
    warm, spacy_warm = run(*args, cwd=tmp_path)
    assert not spacy_warm  # every draft answered from the cache
    assert warm.stdout == cold.stdout
    assert any(f["rule_id"] == "test-only/fake-news-tokens" for f in findings_of(warm))
    fresh, _ = run(*args, "--no-cache", cwd=tmp_path)
    assert fresh.stdout == cold.stdout


def _entries(cache: Path) -> int:
    return sum(1 for _ in cache.rglob("*.json"))


def test_cache_invalidation_is_exact(drafts, tmp_path):
    cache = tmp_path / "elsewhere"
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "fake-news-tokens.yml").write_text(TOKEN_RULE, encoding="utf-8")
    base = ["check", str(drafts), "--rules", str(rules), "--format", "json", "--exit-zero", "--cache-dir", str(cache)]
    first, _ = run(*base, cwd=tmp_path)
    assert _entries(cache) == 4
    run(*base, cwd=tmp_path)
    assert _entries(cache) == 4  # unchanged: all hits
    # an option that changes findings
    ignored, _ = run(*base, "--ignore", "content-crime", cwd=tmp_path)
    assert _entries(cache) == 8
    assert findings_of(ignored) != findings_of(first)
    # a rule file edited: its new message must show
    (rules / "fake-news-tokens.yml").write_text(TOKEN_RULE.replace("criminalises", "penalises"), encoding="utf-8")
    edited, _ = run(*base, cwd=tmp_path)
    assert _entries(cache) == 12
    assert any("penalises" in f["message"] for f in findings_of(edited))
    # a draft edited: only that draft is analysed again
    (drafts / "a.txt").write_text(draft(PURPOSE, RIGHTS, ENTRY), encoding="utf-8")
    run(*base, cwd=tmp_path)
    assert _entries(cache) == 13
    # --no-cache neither reads nor writes
    run(*base, "--no-cache", "--select", "vague-offence", cwd=tmp_path)
    assert _entries(cache) == 13


def test_jobs_give_identical_ordered_output(drafts, tmp_path):
    files = [str(p) for p in sorted(drafts.iterdir())]
    if CORPUS.is_dir():
        files += [str(p) for p in sorted(CORPUS.glob("*.txt"))[:40:4]]
    one = subprocess.run([sys.executable, "-m", "treatylint", "check", *files, "--format", "json", "--exit-zero", "--no-cache", "--jobs", "1"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=300)
    two = subprocess.run([sys.executable, "-m", "treatylint", "check", *files, "--format", "json", "--exit-zero", "--no-cache", "--jobs", "2"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert one.stdout == two.stdout
    assert json.loads(one.stdout)["files"] == files


def test_check_files_api_orders_cached_and_fresh_results(drafts, tmp_path):
    from treatylint.run.cache import ResultCache
    from treatylint.run.linter import Linter
    from treatylint.settings import Settings
    from treatylint.run.workers import check_files

    linter = Linter(Settings(verbose=True))
    paths = sorted(drafts.iterdir())
    cache = ResultCache(tmp_path / "cache")
    list(check_files([(paths[1], linter)], jobs=1, cache=cache))  # one cached, the rest fresh
    for jobs in (1, 2):
        got = list(check_files([(p, linter) for p in paths], jobs=jobs, cache=cache))
        assert [r.path for r in got] == [str(p) for p in paths]
        expected = [[f.model_dump(mode="json") for f in linter.check_file(p).findings] for p in paths]
        assert [[f.model_dump(mode="json") for f in r.findings] for r in got] == expected
        assert got[1].cached
        assert got[0].document.text == linter.check_file(paths[0]).document.text


def _sample_drafts() -> list[Path]:
    drafts = [SAMPLE, *sorted((REPO / "corpora" / "drafts").glob("*.txt"))]
    if CORPUS.is_dir():
        drafts += sorted(CORPUS.glob("*.txt"))[::60]
    return drafts


def test_findings_identical_with_and_without_spacy():
    from treatylint.engine.engine import Engine
    from treatylint.run.linter import Linter, load_classifier
    from treatylint.settings import Settings
    from treatylint.nlp.pipeline import load_pipeline

    fast = Linter(Settings(verbose=True))
    assert fast.engine.pipeline is None  # built-in rules have no token patterns: spaCy is skipped
    slow = Linter(Settings(verbose=True))
    slow.engine = Engine(slow.rules, load_classifier(slow.settings), lambda: load_pipeline(None))
    for path in _sample_drafts():
        a = [f.model_dump(mode="json") for f in fast.check_file(path).findings]
        b = [f.model_dump(mode="json") for f in slow.check_file(path).findings]
        assert a == b, path
    assert slow.engine._pipeline is not None


def test_pure_sentences_equal_spacy_sentences():
    from treatylint.document.formats import read_source
    from treatylint.document.parser import parse_document
    from treatylint.nlp.pipeline import load_pipeline
    from treatylint.nlp.sentences import sentence_spans

    nlp = load_pipeline(None).nlp
    for path in _sample_drafts():
        document = parse_document(read_source(path).text, str(path))
        provisions = document.all_provisions()
        bodies = [document.text[p.body_start : p.end] for p in provisions]
        for provision, doc in zip(provisions, nlp.pipe(bodies)):
            spacy_spans = [
                (provision.body_start + s.start_char, provision.body_start + s.start_char + len(s.text.rstrip()))
                for s in doc.sents if s.text.strip()
            ]
            assert spacy_spans == sentence_spans(document.text[provision.body_start : provision.end], provision.body_start)


def test_classifier_prefilter_changes_nothing(monkeypatch):
    from treatylint.document.formats import read_source
    from treatylint.document.parser import parse_document
    from treatylint.engine import prefilter
    from treatylint.run.linter import load_classifier
    from treatylint.settings import Settings

    classifier = load_classifier(Settings())

    def kinds() -> list:
        out = []
        for path in _sample_drafts():
            document = parse_document(read_source(path).text, str(path))
            classifier.classify(document)
            out.append([(p.kind, p.kind_cues, [b.kind for b in p.blocks]) for p in document.provisions])
        return out

    with_prefilter = kinds()
    from treatylint.engine.kinds import classifier as classifier_module

    monkeypatch.setattr(prefilter.Prefilter, "may_match", lambda self, required: True)
    monkeypatch.setattr(classifier_module, "met", lambda required, present: True)
    assert kinds() == with_prefilter


@pytest.mark.parametrize("automaton", [True, False])
def test_literal_sets_answer_like_substring_searches(automaton):
    """``Literals.found`` (one Aho-Corasick pass, or the plain look-ups without the wheel) holds
    exactly the words a substring search finds, in the whole text and in its first ``lead``
    characters, overlapping and nested words and non-ASCII text included; ``met`` then answers
    as ``has_literals``."""
    import random

    from treatylint.engine.prefilter import Literals, has_literals, met

    words = ["offen", "offence", "fence", "shall", "all", "criminali", "a", "ab", "\u00e9t", "t\u00e9", "ss", ""]
    literals = Literals(words)
    if not automaton:
        literals._automaton = None
    rng = random.Random(7)
    letters = "abcefhilmnorst \u00e9\u00df\U0001f600"
    texts = [*(t.lower() for t in _TWIN_TEXTS), "", "shall offence", "offencefence", *(
        "".join(rng.choice(letters) for _ in range(rng.randrange(60))) for _ in range(300))]
    requirements = [(frozenset({"offen"}), frozenset({"shall", "ab"})), (frozenset({"fence"}),), (frozenset(),),
                    (frozenset({""}), frozenset({"ss", "t\u00e9"})), None]
    stems = Literals(words[:-1])  # without the empty word
    if not automaton:
        stems._automaton = None
    for text in texts:
        assert literals.any_in(text) and stems.any_in(text) == any(w in text for w in words[:-1]), text
        for lead in (-1, 0, 3, len(text) // 2, len(text)):
            present, in_lead = literals.found(text, lead)
            assert present == {w for w in words if w in text}, text
            assert in_lead == ({w for w in words if w in text[:lead]} if lead >= 0 else set()), (text, lead)
            for required in requirements:
                assert met(required, present) == has_literals(text, required, {}), (text, required)


def test_prefilter_literals_are_necessary():
    from treatylint.engine.prefilter import EXOTIC, Prefilter, exotic_characters, required_literals

    assert exotic_characters() == EXOTIC
    assert required_literals(r"shall\s+enter\s+into\s+force") == (
        frozenset({"enter"}), frozenset({"force"}), frozenset({"shall"}))
    assert required_literals(r"\b(?:covert|undercover)\s+agents?") == (
        frozenset({"covert", "undercover"}), frozenset({"agent"}))
    assert required_literals(r"(?:ab)?c") is None
    assert required_literals(r"a|bcdef") is None
    # case-insensitive equivalents outside ASCII go to the regex
    assert Prefilter("\u017fhall enter into force").may_match(required_literals(r"shall\s+enter"))
    assert not Prefilter("SHALL NOT").may_match(required_literals(r"shall\s+enter"))
    assert Prefilter("SHALL\nENTER").may_match(required_literals(r"shall\s+enter"))


_TWIN_TEXTS = (
    "Each State Party SHALL establish as Criminal Offences, under its domestic law: [A] the ACT.",
    "co-operation \u2010 \u201cComputer Data\u201d \u2018means\u2019 any representation; \u00c9tat PARTIE",
    "Th\u0130S is \u212aelvin and \u017fhall; \u03a3\u03a3\u03a3 \u03c3\u03c2 \u00df STRASSE \u1e9e",  # exotic: twins not used
    "\u01c4\u01c5\u01c6 ligatures \ufb01le and \u2160\u2170 numerals; Ω\u2126 ohm",
)
_TWIN_PATTERNS = (
    r"shall\s+establish", r"[A-Z]\w+", r"\b[A-Za-z]{2}\b", r"state\s+part(?:y|ies)", r"[^a-z\s]+",
    r"e(?<!\w.)stablish\w{0,40}", r"\bcriminal\s+offen[cs]es?", r"[\u2010\u2011-]", r"[\"'\u2018\u2019\u201c\u201d]means",
    r"(?<!without\s)consent", r"[0-Z]+", r"\u00e9tat", r"strasse", r"\u03c3+", r"(st)ate \1", r"(?-i:State)", r"(?i:state)",
    r"[\u00c0-\u00ff]+", r"ohm|\u03c9", r".{3}\b",
)


def test_folded_twins_find_the_same_spans():
    """A case-insensitive regex's case-sensitive twin on the folded text (``folded_twin``) finds
    exactly its spans wherever the run uses it, and is refused where it could not."""
    from treatylint.engine.prefilter import Prefilter, folded_twin

    used = 0
    for source in _TWIN_PATTERNS:
        pattern = re.compile(source, re.IGNORECASE)
        twin = folded_twin(pattern)
        for text in _TWIN_TEXTS:
            prefilter = Prefilter(text)
            if twin is None or not prefilter.twin_ready:
                continue
            used += 1
            for start, end in ((0, len(text)), (3, len(text) - 5)):
                assert [m.span() for m in twin.finditer(prefilter.folded, start, end)] == [
                    m.span() for m in pattern.finditer(text, start, end)], (source, text)
    assert used > 30
    for refused in (r"(st)ate \1", r"(?-i:State)", r"\u00e9tat", r"\u03c3+", r"[\u00c0-\u00ff]+"):
        assert folded_twin(re.compile(refused, re.IGNORECASE)) is None, refused
    assert folded_twin(re.compile("state")) is None  # only case-insensitive patterns have twins
    assert not Prefilter(_TWIN_TEXTS[2]).twin_ready


_BOUNDARY_PATTERNS = (
    r"\bshall\s+x", r"\b(?:transfer|transmit|make\s+available)\w*", r"\bextradit", r"\b(?:a|b)", r"\b(?:ab|b)c",
    r"\b(a)b", r"\b_x", r"\b\u00e9", r"\b(?:\u00e9|a)", r"\b(?:ab|cd)\b", r"\ba\b", r"\bab(?<!\w.)c", r"\b(?:a\b|bc)",
    r"(?:\ba|\bb)|(?:c)", r"(?:\b(?:ab|cd)x)|(?:\b\u00e9)", r"\b(?:a|(?:b|cx))", r"(?:\b(?:ab|b)c|\bx)|(?:\b_)|a\b",
    r"(?:\bab|\b1)|(?:\bc|x)|\b-", r"(x)|\b(?:ab)", r"\b(?:(?:ab|b)x|(?:c|_)y)", r"\b\d+", r"\b[ab]c",
)


def test_boundary_moved_after_the_word_finds_the_same_spans():
    """A twin led by ``\\b`` and a literal word is compiled with the check after the word
    (``prefilter._boundary_after_prefix``: ``re`` then scans for the word); the spans are the
    original's on random texts, at every start and end offset (the check looks before ``pos``)."""
    import random

    from treatylint.engine import prefilter

    rewritten = 0
    for source in _BOUNDARY_PATTERNS:
        parsed = prefilter.parse(source, 0)
        if prefilter._fold(parsed) and prefilter._boundary_after_prefix(parsed):
            rewritten += 1
    assert rewritten >= 10
    rng = random.Random(3)
    letters = "abcx_ \u00e91\n.,-A\u00c9B\u00df"
    for source in _BOUNDARY_PATTERNS:
        pattern = re.compile(source, re.IGNORECASE)
        twin = prefilter.folded_twin(pattern)
        if twin is None:  # a cased non-ASCII letter: no twin at all (test_folded_twins_...)
            assert "u00e9" in source, source
            continue
        for _ in range(400):
            text = "".join(rng.choice(letters) for _ in range(rng.randrange(12)))
            folded = prefilter.Prefilter(text)
            if not folded.twin_ready:
                continue
            for start, end in ((0, len(text)), (1, len(text)), (2, max(2, len(text) - 1)), (3, 3)):
                assert [m.span() for m in twin.finditer(folded.folded, start, end)] == [
                    m.span() for m in pattern.finditer(text, start, end)], (source, text, start, end)


def test_prefilter_parts_and_lazy_regexes_answer_like_the_originals():
    """``Prefilter.part`` slices the document's folded text (the same string as folding the part,
    capital sigma included); a ``LazyRegex`` compiles on first use and has a twin; a pack's
    ``BoundedRegex`` never gets one (it must run under its time budget)."""
    from treatylint.engine.prefilter import LazyRegex, Prefilter, folded_twin
    from treatylint.rulepack.patterns import BoundedRegex

    for text in (*_TWIN_TEXTS, "\u039f\u0394\u039f\u03a3 \u039a\u0391\u0399 \u0391\u03a3\u03a3\u0399\u03a3 Article 5"):
        whole = Prefilter(text)
        for start, end in ((0, len(text)), (2, 9), (5, len(text) - 1), (len(text) - 4, len(text))):
            part, alone = whole.part(text, start, end), Prefilter(text[start:end])
            assert (part.folded, part.exotic, part.twin_ready) == (alone.folded, alone.exotic, alone.twin_ready), (text, start)
    lazy = LazyRegex(r"shall\s+establish")
    assert lazy._compiled is None and folded_twin(lazy) is not None and lazy._compiled is None
    assert lazy.search("Each Party SHALL establish").span() == (11, 26) and lazy._compiled is not None
    assert folded_twin(BoundedRegex("shall", "pack.yml: rule 'x', field 'match'")) is None


def test_inline_markers_and_digests_are_skipped_only_when_absent(tmp_path):
    from treatylint.run.linter import Linter
    from treatylint.run.workers import _analyse
    from treatylint.settings import Settings
    from treatylint.triage.inline import extract

    plain = "Article 1\nEach Party shall adopt measures.\n"
    assert extract(plain).text is plain and not extract(plain).suppressions
    marked = extract("Article 1\n<!-- treatylint: ignore[vague-offence] agreed -->\nEach Party shall.\n")
    assert [s.selectors for s in marked.suppressions] == [["vague-offence"]]
    draft = tmp_path / "draft.txt"
    draft.write_text(plain, encoding="utf-8")
    linter = Linter(Settings())
    assert _analyse(linter, draft, hashing=False)[1] is None  # no cache: nothing to key
    assert len(_analyse(linter, draft)[1]) == 32  # SHA-256 of the bytes checked, for the cache


def test_definitions_and_references_are_found_once_per_provision_as_before():
    """The term index (``DocumentContext._term_index``) only skips provisions where a term's first
    word is absent: every provision gets exactly the definitions a plain search finds, however
    the term is cased, pluralised, wrapped or made of words that occur elsewhere."""
    from treatylint.document.parser import parse_document
    from treatylint.engine.context import DocumentContext
    from treatylint.run.linter import load_classifier
    from treatylint.settings import Settings

    text = (
        "Article 1\nUse of terms\nFor the purposes of this Convention:\n"
        "(a) \u201cComputer data\u201d means any representation of facts;\n"
        "(b) \u201cservice provider\u201d means any public or private entity;\n"
        "(c) \u201cTraffic Data\u201d means data relating to a communication.\n\n"
        "Article 2\nData held\nEach Party shall adopt measures on COMPUTER\nDATAS and computer-data held by Service providers.\n\n"
        "Article 3\nPreservation\nEach Party shall preserve traffic data as provided in Article 2.\n\n"
        "Article 4\nOther words\nNothing here: computers, data, providers of service.\n"
    )
    document = parse_document(text, "terms.txt")
    load_classifier(Settings()).classify(document)
    context = DocumentContext.build(document)
    assert len(context.definitions) == 3
    for provision in document.provisions:
        plain = [d for d in context.definitions if d.provision is not provision
                 and d.pattern.search(document.text, provision.body_start, provision.end)]
        assert context.definitions_used_in(provision) == plain
        assert context.definitions_used_in(provision) == plain  # the memo gives the same list
    used = {p.label: [d.term for d in context.definitions_used_in(p)] for p in document.provisions}
    assert used["Article 2"] == ["Computer data", "service provider"] and used["Article 4"] == []
    assert [p.label for p in context.references(document.provisions[2])] == ["Article 2"]


def test_branch_prefilter_never_rules_out_a_rule_that_matches():
    """``Prefilter.may_match_any_branch_in`` judges each top-level alternative of a rule regex by
    its own words: whenever the regex matches a draft, some alternative must be judged possible."""
    from treatylint.document.formats import read_source
    from treatylint.engine.prefilter import Prefilter, branch_requirements
    from treatylint.rulepack.patterns import RegexBudget
    from treatylint.run.linter import Linter
    from treatylint.settings import Settings

    regexes = [p.regex for r in Linter(Settings()).engine.rules for p in r.patterns() if p.regex is not None]
    assert sum(branch_requirements(r.pattern) is not None for r in regexes) > 20
    matched = 0
    for path in _sample_drafts():
        text = read_source(path).text
        prefilter = Prefilter(text)
        # a budget per draft, as a check has: an earlier test's pack may have made one of these
        # sources a bounded regex, and the process-wide bottom budget is never reset
        with RegexBudget(path.name, len(text)):
            for regex in regexes:
                if regex.search(text):
                    matched += 1
                    assert prefilter.may_match_any_branch_in(regex.pattern, 0, len(text)), (path.name, regex.pattern[:80])
    assert matched > 50
    assert not Prefilter("national security of information").may_match_any_branch_in(
        r"national\s+segment|information\s+space|data\s+locali[sz]ation", 0, 30)


def test_term_word_offsets_and_bracket_spans_match_the_plain_scans():
    """``context._occurrences`` (str.find) gives the offsets ``re.finditer("(?=word)")`` gave,
    overlapping ones too; ``run._bracketed_spans`` visits the brackets only, with the spans of
    the character-by-character walk it replaced."""
    import re

    from treatylint.engine.context import _occurrences
    from treatylint.engine.run import _bracketed_spans

    for text, word in [("aaaa", "aa"), ("data datadata  dat", "data"), ("", "x"), ("abc", "abcd"), ("xyx yx", "yx")]:
        assert _occurrences(text, word) == [m.start() for m in re.finditer(f"(?={re.escape(word)})", text)]

    def walk(text):
        spans, depth, start = [], 0, 0
        for index, char in enumerate(text):
            if char == "[":
                if depth == 0:
                    start = index
                depth += 1
            elif char == "]" and depth:
                depth -= 1
                if depth == 0:
                    spans.append((start, index + 1))
        return spans

    for text in ["no brackets", "[a] b [c [d] e] ]] [unclosed", "]][[]]", "[[x]\n[y]] [z"]:
        assert _bracketed_spans(text) == walk(text)


def test_exotic_check_by_substring_search_answers_like_the_character_class():
    import re

    from treatylint.engine.prefilter import EXOTIC, Prefilter

    character_class = re.compile("[" + "".join(sorted(EXOTIC)) + "]")
    texts = ["plain ascii", "caf\u00e9 only", *(f"x\u00e9 {c} y" for c in EXOTIC), "\u212a" * 3]
    for text in texts:
        assert Prefilter(text).exotic == (not text.isascii() and character_class.search(text) is not None)
        whole = Prefilter(text + " \u00e9")
        for start, end in [(0, 2), (2, len(text)), (0, len(text))]:
            assert whole.part(text + " \u00e9", start, end).exotic == (whole.exotic and character_class.search(text, start, end) is not None)


_WAY_PATTERNS = (
    r"\b(?:police(?:\s+officers?)?|(?:investigating\s+)?judges?|prosecutors?)\s+(?:may|shall)\b",
    r"(?:\bab\w*\s+cd)|(?:\bx(?:y|z)\b)|(?:q)", r"ab(?:cd|ef)gh(?:ij|kl)", r"(?:a|bc)(?=d)|e(?!f)",
    r"(?<!x)(?:abc|abd|ab)\b", r"\b(?:shall|may)\s+not(?!\s+be)", r"(x)?(?:ab|cd)\1?", r"(?:ab|a)(?:bc|c)",
    r"\b(?:ab|b)c|x\b", r"(?:a\w{0,3}|b)\s+(?:c|d)", r"(?:\b(?:ab|cd)x)|(?:\b\u00e9)", r"[ab](?:c|d)",
)


def test_ways_through_an_alternation_find_what_the_pattern_finds():
    """A pattern matches between two offsets exactly when one way through its first top-level
    alternation does (``prefilter.alternative_twin``), and each way's words
    (``alternative_literals``) are in every match of it: what lets the engine and the
    classifier search only the ways whose words a provision holds, one by one, and skip the
    pattern when none matches. Built-in rule and cue patterns on sample drafts, and small
    patterns on random texts at several offsets."""
    import random

    from treatylint.engine.prefilter import Prefilter, alternative_twin, folded_twin
    from treatylint.rulepack.regex_analysis import alternative_literals, parse, top_alternatives
    from treatylint.run.linter import Linter
    from treatylint.settings import Settings

    def check(pattern, text: str, offsets) -> int:
        prefilter = Prefilter(text)
        twin = folded_twin(pattern)
        count = len(top_alternatives(list(parse(pattern.pattern, re.IGNORECASE))) or ())
        _required, ways = alternative_literals(pattern.pattern)
        if twin is None or not count or not prefilter.twin_ready:
            return 0
        folded = prefilter.folded
        for start, end in offsets:
            found = []
            for index in range(count):
                way = alternative_twin(pattern.pattern, pattern.flags, index)
                assert way is not None, pattern.pattern
                match = way.search(folded, start, end)
                if match is not None:
                    found.append(index)
                    for each in ways[index] if ways else ():
                        assert any(w in match.group(0) for w in each), (pattern.pattern, index)
            assert bool(found) == (twin.search(folded, start, end) is not None), (pattern.pattern, text[:80], start, end)
        return 1

    engine = Linter(Settings()).engine
    patterns = [p.regex for r in engine.rules for p in r.patterns() if p.regex is not None]
    patterns += [cue for _, compiled in engine.classifier._kind_items for cue in compiled.body]
    assert sum(alternative_literals(p.pattern)[1] is not None for p in patterns) > 100
    texts = [read_text(path) for path in _sample_drafts()[:12]]
    checked = sum(check(pattern, text, [(0, len(text)), (len(text) // 3, len(text) // 2)])
                  for pattern in patterns for text in texts)
    assert checked > 500
    rng = random.Random(5)
    letters = "abcdefghijklmnopqrsxyz _\n.\u00e9"
    small = 0
    for source in _WAY_PATTERNS:
        pattern = re.compile(source, re.IGNORECASE)
        for _ in range(300):
            text = "".join(rng.choice(letters) for _ in range(rng.randrange(20)))
            small += check(pattern, text, [(0, len(text)), (1, len(text)), (2, max(2, len(text) - 2))])
    assert small > 2400


def read_text(path: Path) -> str:
    from treatylint.document.formats import read_source

    return read_source(path).text


def test_probing_ways_changes_no_finding_and_no_kind(monkeypatch):
    """The engine and the classifier with their ways probed one by one, and without (every
    pattern searched whole): the same findings and kinds on the sample drafts."""
    from treatylint.engine import run as run_module
    from treatylint.engine.kinds import classifier as classifier_module
    from treatylint.run.linter import Linter
    from treatylint.settings import Settings

    def everything() -> list:
        linter = Linter(Settings(verbose=True))
        out = []
        for path in _sample_drafts():
            result = linter.check_file(path)
            out.append(([f.model_dump() if hasattr(f, "model_dump") else repr(f) for f in result.findings],
                        [(p.kind, p.kind_cues) for p in result.document.provisions]))
        return out

    monkeypatch.setattr(run_module, "PROBE_AFTER", 0)  # probed from the first search on
    monkeypatch.setattr(classifier_module, "PROBE_AFTER", 0)
    probed = everything()
    monkeypatch.setattr(run_module, "_MAX_PROBES", 0)
    monkeypatch.setattr(classifier_module, "_MAX_PROBES", 0)
    assert everything() == probed
