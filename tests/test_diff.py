"""treatylint diff: alignment, the editorial/substantive call, findings across rounds, reports.

The metamorphic tests take real treaties from the corpus, apply edits that change nothing in law
(an article inserted with every later number and cross-reference shifted, lines re-wrapped,
"Each Party" -> "Parties") and assert the diff finds nothing substantive and no finding change.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import BUDAPEST, REPO, corpus_file
from treatylint.diff.align import align, number_map
from treatylint.diff.assignment import assign
from treatylint.diff.classify import classify
from treatylint.diff.compare import diff_rounds
from treatylint.diff.rounds import from_result
from treatylint.diff.safeguards import SafeguardFinder
from treatylint.diff.units import units_of
from treatylint.diff.words import STATE_PARTY, canonical, words
from treatylint.document.parser import parse_document

# -- building blocks ----------------------------------------------------------------------------


def test_assignment_is_optimal_on_small_matrices():
    rng = random.Random(7)
    for rows, cols in [(3, 3), (4, 6), (6, 4), (5, 5)]:
        cost = [[rng.random() for _ in range(cols)] for _ in range(rows)]
        pairs = assign(cost)
        assert len(pairs) == min(rows, cols)
        total = sum(cost[r][c] for r, c in pairs)
        if rows <= cols:
            best = min(sum(cost[r][p[r]] for r in range(rows)) for p in itertools.permutations(range(cols), rows))
        else:
            best = min(sum(cost[p[c]][c] for c in range(cols)) for p in itertools.permutations(range(rows), cols))
        assert total == pytest.approx(best)


@pytest.mark.parametrize("a,b", [("criminalise", "criminalize"), ("authorisation", "authorization"),
                                 ("labour", "labor"), ("programme", "program"), ("co-operation", "cooperation"),
                                 ("Centre", "center"), ("offences", "offenses")])
def test_spelling_variants_share_a_key(a, b):
    assert canonical(a) == canonical(b)


@pytest.mark.parametrize("a,b", [("shall", "may"), ("four", "for"), ("hour", "her"), ("intentionally", "intention")])
def test_different_words_keep_different_keys(a, b):
    assert canonical(a) != canonical(b)


def test_state_party_forms_are_one_word():
    assert [w.key for w in words("Each State Party shall")] == [STATE_PARTY, "shall"]
    assert [w.key for w in words("States Parties shall")] == [STATE_PARTY, "shall"]


def _entries(old: str, new: str):
    a, b = units_of(parse_document(old, "old")), units_of(parse_document(new, "new"))
    links = align(a, b)
    return classify(links, number_map(links))


def _rows(entries):
    return [(e.old.label if e.old else None, e.new.label if e.new else None, e.relation) for e in entries]


OLD = """Draft convention

Article 1
Purposes
The purposes of this Convention are to promote cooperation against crime, with due respect for human rights.

Article 2
Illegal access
Each State Party shall establish as a criminal offence, when committed intentionally and without right, access to a computer system.

Article 3
Interception
Each State Party shall empower its competent authorities to intercept content data, subject to Article 5.

Article 4
Retention
Each State Party shall require service providers to retain traffic data for six months.

Article 5
Conditions and safeguards
The powers in Article 3 shall be necessary and proportionate and subject to prior judicial authorization.

Article 6
Depositary and languages
The Secretary-General shall be the depositary of this Convention. The texts in all six languages are equally authentic.
"""


def test_insertion_renumbering_and_cross_references_are_editorial():
    new = OLD.replace("Article 5\n", "Article 6\n").replace("Article 6\nDepositary", "Article 7\nDepositary")
    new = new.replace("Article 4\nRetention", "Article 5\nRetention").replace("Article 3\nInterception", "Article 4\nInterception")
    new = new.replace("Article 2\nIllegal", "Article 3\nIllegal").replace("subject to Article 5", "subject to Article 6")
    new = new.replace("The powers in Article 3", "The powers in Article 4")
    new = new.replace("Article 3\nIllegal", "Article 2\nRespect for human rights\nStates Parties shall respect "
                      "their obligations under international human rights law.\n\nArticle 3\nIllegal")
    rows = _rows(_entries(OLD, new))
    assert (None, "Article 2", "added") in rows
    assert ("Article 4", "Article 5", "unchanged") in rows
    assert ("Article 3", "Article 4", "editorial") in rows  # "Article 5" -> "Article 6" in its text
    assert ("Article 5", "Article 6", "editorial") in rows  # "Article 3" -> "Article 4" in its text
    assert not [r for r in rows if r[2] == "substantive"]


def test_a_substantive_change_is_found_and_shown_word_by_word():
    new = OLD.replace("necessary and proportionate and subject to prior", "subject to").replace(
        "intentionally and without right", "intentionally")
    entries = {(_r[0]): e for _r, e in zip(_rows(_entries(OLD, new)), _entries(OLD, new))}
    conditions = entries["Article 5"]
    assert conditions.relation == "substantive" and conditions.substantive
    assert [(c.op, c.old) for c in conditions.changes] == [("delete", "necessary and proportionate and"), ("delete", "prior")]
    assert entries["Article 2"].relation == "substantive"


def test_split_merge_move_and_deletion():
    new = OLD.replace(
        "Article 6\nDepositary and languages\nThe Secretary-General shall be the depositary of this Convention. "
        "The texts in all six languages are equally authentic.",
        "Article 5\nDepositary\nThe Secretary-General shall be the depositary of this Convention.\n\n"
        "Article 6\nLanguages\nThe texts in all six languages are equally authentic.")
    # merge Articles 3 and 5 (interception with its conditions), delete 4 (retention)
    new = new.replace("Article 4\nRetention\nEach State Party shall require service providers to retain traffic data for six months.\n\n", "")
    new = new.replace("Article 5\nConditions and safeguards\nThe powers in Article 3 shall be necessary and proportionate and "
                      "subject to prior judicial authorization.\n\n", "")
    new = new.replace("to intercept content data, subject to Article 5.",
                      "to intercept content data. The powers in Article 3 shall be necessary and proportionate and "
                      "subject to prior judicial authorization.")
    # move Article 1 (purposes) after Article 3
    purposes = "Article 1\nPurposes\nThe purposes of this Convention are to promote cooperation against crime, with due respect for human rights.\n\n"
    new = new.replace(purposes, "").replace("Article 5\nDepositary", purposes.replace("Article 1", "Article 4") + "Article 5\nDepositary")
    rows = _rows(_entries(OLD, new))
    assert ("Article 6", "Article 5", "split") in rows and ("Article 6", "Article 6", "split") in rows
    assert ("Article 3", "Article 3", "merged") in rows and ("Article 5", "Article 3", "merged") in rows
    assert ("Article 4", None, "deleted") in rows
    moved = [e for e in _entries(OLD, new) if e.moved]
    assert [(e.old.label, e.new.label) for e in moved] == [("Article 1", "Article 4")]


def test_history_follows_articles_through_splits_and_merges(verbose_linter):
    from treatylint.diff.history import history

    split = OLD.replace(
        "Article 6\nDepositary and languages\nThe Secretary-General shall be the depositary of this Convention. "
        "The texts in all six languages are equally authentic.",
        "Article 6\nDepositary\nThe Secretary-General shall be the depositary of this Convention.\n\n"
        "Article 7\nLanguages\nThe texts in all six languages are equally authentic.")
    merged = split.replace("Article 7\nLanguages\nThe texts", "The texts").replace("Article 6\nDepositary\n", "Article 6\nFinal clause\n")
    result = history([_round(verbose_linter, text, name) for text, name in ((OLD, "r1"), (split, "r2"), (merged, "r3"))])
    rows = {tuple(l.labels): l.relations for l in result.lineages}
    assert rows[("Article 6", "Article 6", "Article 6")] == ["split", "merged"]
    assert rows[("Article 6", "Article 7", "Article 6")] == ["split", "merged"]  # the second part, with its past
    assert rows[("Article 2", "Article 2", "Article 2")] == ["unchanged", "unchanged"]
    assert result.payload()["rounds"] == ["r1", "r2", "r3"]


# -- findings across rounds ----------------------------------------------------------------------


def _round(linter, text: str, name: str):
    result = linter.check_text(text, name)
    return from_result(name, result.document, result.findings)


def test_findings_follow_the_alignment_not_the_numbers(verbose_linter):
    new = OLD.replace("necessary and proportionate and subject to prior judicial authorization",
                      "as the State Party sees fit")
    inserted = new.replace("Article 2\nIllegal access", "Article 2\nSovereignty\nNothing in this Convention "
                           "entitles a State Party to undertake in the territory of another State the exercise of "
                           "jurisdiction.\n\nArticle 2 bis\nIllegal access")
    finder = SafeguardFinder(verbose_linter.engine)
    result = diff_rounds(_round(verbose_linter, OLD, "old"), _round(verbose_linter, inserted, "new"), finder)
    introduced = {(m.finding.provision, m.finding.category) for m in result.delta.introduced}
    assert ("Article 3", "missing-safeguards") in introduced  # the interception power lost its safeguards
    resolved = {(m.finding.provision, m.finding.category) for m in result.delta.resolved}
    assert not resolved
    # unchanged articles keep their findings as persisting, whatever their new numbers
    for item in result.delta.persisting:
        assert item.old_provision is not None or item.finding.provision is None
    removed = {s.phrase.lower() for s in result.safeguards if s.change == "removed"}
    assert any("necessary and proportionate" in p for p in removed)


NOISY = """Draft convention

Article 1
Illegal access
Each State Party shall establish as a criminal offence, when committed intentionally and without right, access to a computer system.

Article 2
Interception
Each State Party shall empower its competent authorities to intercept content data where necessary and proportionate and subject to prior judicial authorization.

Article 3
Extradition
Extradition shall be subject to the conditions provided for by the domestic law of the requested State Party.
"""


def test_safeguards_name_only_what_the_engine_relied_on(verbose_linter):
    """Words of the rule pack found in a changed article are not a safeguard unless the engine
    relied on them: an intent phrase in an extradition clause, "unlawful" in "any other unlawful
    acts" appended to an offence that already says "without right". A safeguard the engine did
    rely on is named when it goes, and when it comes back."""
    new = (NOISY.replace("access to a computer system.", "access to a computer system or any other unlawful acts.")
           .replace("requested State Party.", "requested State Party, including for the purpose of committing an offence.")
           .replace(" where necessary and proportionate and subject to prior judicial authorization", ""))
    finder = SafeguardFinder(verbose_linter.engine)
    old_round, new_round = _round(verbose_linter, NOISY, "old"), _round(verbose_linter, new, "new")
    result = diff_rounds(old_round, new_round, finder)
    changes = {(s.change, s.old, s.phrase.lower()) for s in result.safeguards}
    assert changes == {("removed", "Article 2", "necessary and proportionate")}, changes
    assert all(s.seen_by_engine for s in result.safeguards)
    back = diff_rounds(new_round, old_round, finder)
    assert {(s.change, s.new, s.phrase.lower()) for s in back.safeguards} == {("added", "Article 2", "necessary and proportionate")}


# -- metamorphic tests on real treaties ---------------------------------------------------------

TREATIES = [BUDAPEST, "convention-on-laundering-search-seizure-and-confiscation-of-BWBV0002638.txt",
            "protocol-against-the-smuggling-of-migrants-by-land-sea-and-BWBV0001750.txt"]
_REF = re.compile(r"\b([Aa]rticles?) (\d+)((?:(?:,| and| or| to| through|, and) \d+)*)")


def _renumbered(text: str, after: int) -> str:
    """Article ``after + 1`` inserted: every heading and reference above ``after`` shifted by one."""
    def bump(number: str) -> str:
        return str(int(number) + 1) if int(number) > after else number

    def reference(m: re.Match) -> str:
        if re.match(r"\s*(?:,\s*paragraph\s+\S+,?\s*)?of the (?!present)", m.string[m.end():]):
            return m.group()  # another instrument's article
        rest = re.sub(r"\d+", lambda n: bump(n.group()), m.group(3))
        return f"{m.group(1)} {bump(m.group(2))}{rest}"

    text = _REF.sub(reference, text)
    heading = f"\nArticle {after + 2}\n"
    at = text.index(heading)
    inserted = (f"\nArticle {after + 1}\n\nAuthentic texts\n\nThe texts of this instrument in each of its "
                f"languages are equally authentic.\n")
    return text[:at] + inserted + text[at:]


def _reflowed(text: str) -> str:
    """Paragraphs (lines that end a sentence) hard-wrapped at 72 columns, breaking at hyphens too."""
    return "\n".join(textwrap.fill(line, 72) if len(line) > 72 and line.rstrip()[-1:] in ".;:," else line
                     for line in text.split("\n"))


def _plural(text: str) -> str:
    return (text.replace("Each State Party shall", "States Parties shall")
            .replace("Each Party shall", "Parties shall"))


@pytest.mark.parametrize("name", TREATIES)
def test_editorial_edits_of_a_real_treaty_change_nothing_of_substance(name, verbose_linter):
    old = corpus_file(name).read_text(encoding="utf-8")
    assert "\nArticle 6\n" in old
    new = _plural(_reflowed(_renumbered(old, 4)))
    finder = SafeguardFinder(verbose_linter.engine)
    result = diff_rounds(_round(verbose_linter, old, "old"), _round(verbose_linter, new, "new"), finder)
    rows = [(e.old.label if e.old else None, e.new.label if e.new else None, e.relation) for e in result.entries]
    assert [r for r in rows if r[2] == "added"] == [(None, "Article 5", "added")]
    assert not [r for r in rows if r[2] not in ("unchanged", "editorial", "added")], rows
    assert ("Article 5", "Article 6", "editorial") in rows
    assert not result.delta.introduced and not result.delta.resolved and not result.delta.changed
    assert not [s for s in result.safeguards]


# -- metamorphic: structure edits on a real treaty ---------------------------------------------

_HEADING = re.compile(r"^Article (\d+)\n", re.M)


def _articles(text: str) -> tuple[str, list[tuple[int | None, str]]]:
    """The text before Article 1, and each article's number and text up to the next heading (the
    main sequence only: an annex starting again at Article 1 stays with the last article)."""
    found, expect = [], 1
    for m in _HEADING.finditer(text):
        if int(m.group(1)) == expect:
            found.append(m)
            expect += 1
    chunks = [(int(m.group(1)), text[m.end():(found[i + 1].start() if i + 1 < len(found) else len(text))])
              for i, m in enumerate(found)]
    return text[:found[0].start()], chunks


def _assemble(head: str, chunks: list[tuple[int | None, str]], merged: dict[int, int] | None = None) -> str:
    """Articles numbered 1..n in the given order; every cross-reference to an old number points at
    that article's new number (a split's first part; ``merged``: old number -> the old number of
    the article it was merged into), other instruments' articles left alone."""
    mapping: dict[int, int] = {}
    for new, (old, _) in enumerate(chunks, 1):
        if old is not None:
            mapping.setdefault(old, new)
    for old, into in (merged or {}).items():
        mapping[old] = mapping[into]

    def fix(text: str) -> str:
        def reference(m: re.Match) -> str:
            if re.match(r"\s*(?:,\s*paragraph\s+\S+,?\s*)?of the (?!present)", m.string[m.end():m.end() + 60]):
                return m.group()
            numbers = re.sub(r"\d+", lambda n: str(mapping.get(int(n.group()), int(n.group()))), m.group(2) + m.group(3))
            return f"{m.group(1)} {numbers}"

        return _REF.sub(reference, text)

    return fix(head) + "".join(f"Article {i}\n{fix(body)}" for i, (_, body) in enumerate(chunks, 1))


def test_moves_splits_and_merges_of_a_real_treaty(verbose_linter):
    """Budapest Convention: Article 10 moved after Article 12, Article 16 split after its second
    paragraph, Articles 4 and 5 merged, every number and reference following. Nothing substantive."""
    old = corpus_file(BUDAPEST).read_text(encoding="utf-8")
    head, chunks = _articles(old)
    by_number = dict(chunks)
    caption, paragraphs = by_number[16].strip("\n").split("\n\n", 1)
    first, second = paragraphs.split("\n\n3.", 1)
    system_body = by_number[5].strip("\n").split("\n\n", 1)[1]
    order: list[tuple[int | None, str]] = []
    for number, body in chunks:
        if number == 4:
            body = body.rstrip("\n") + "\n\n" + system_body + "\n\n"
        elif number in (5, 10):
            continue
        elif number == 16:
            order.append((16, f"\n{caption}\n\n{first}\n\n"))
            body = f"\n{caption} (continued)\n\n3.{second}\n\n"
            number = None
        order.append((number, body))
        if number == 12:
            order.append((10, by_number[10]))
    new = _assemble(head, order, merged={5: 4})
    finder = SafeguardFinder(verbose_linter.engine)
    result = diff_rounds(_round(verbose_linter, old, "old"), _round(verbose_linter, new, "new"), finder)
    rows = {(e.old.label if e.old else None, e.new.label if e.new else None): e for e in result.entries}
    assert rows[("Article 4", "Article 4")].relation == "merged" and rows[("Article 5", "Article 4")].relation == "merged"
    assert rows[("Article 16", "Article 15")].relation == "split" and rows[("Article 16", "Article 16")].relation == "split"
    assert rows[("Article 10", "Article 11")].moved and rows[("Article 10", "Article 11")].relation == "unchanged"
    assert not [e for e in result.entries if e.substantive], [(k, e.relation, e.changes[:2]) for k, e in rows.items() if e.substantive]
    assert not [e for e in result.entries if e.relation in ("added", "deleted")]
    assert not result.delta.introduced and not result.delta.resolved


@pytest.mark.parametrize("builder", ["write_docx", "write_pdf", "write_html", "write_markdown"])
def test_the_same_draft_in_another_format_is_no_change(builder, verbose_linter, tmp_path):
    import format_fixtures
    from treatylint.document.formats import read_source

    other = getattr(format_fixtures, builder)(*([tmp_path, False] if builder == "write_docx" else [tmp_path]))
    text = format_fixtures.SAMPLE.read_text(encoding="utf-8")
    a = _round(verbose_linter, text, "sample-draft.txt")
    b = _round(verbose_linter, read_source(other).text, str(other))
    result = diff_rounds(a, b)
    assert {e.relation for e in result.entries} <= {"unchanged", "editorial"}
    assert not result.delta.introduced and not result.delta.resolved and not result.delta.changed


# -- the JSON contract and the command line ----------------------------------------------------


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    import os
    import sys

    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, "-m", "treatylint", *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=300)


@pytest.fixture(scope="module")
def rounds(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("rounds")
    old, new = folder / "old.txt", folder / "new.txt"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(OLD.replace("necessary and proportionate and subject to prior judicial authorization", "appropriate")
                   .replace("Each State Party", "States Parties"), encoding="utf-8")
    return old, new


def test_json_report_follows_the_documented_schema(rounds):
    jsonschema = pytest.importorskip("jsonschema")
    done = _cli("diff", str(rounds[0]), str(rounds[1]), "--format", "json", "--isolated")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    schema = json.loads((REPO / "docs" / "diff.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(payload, schema)
    by_old = {e["old"]: e for e in payload["alignment"]}
    assert by_old["Article 5"]["relation"] == "substantive"
    assert by_old["Article 2"]["relation"] == "editorial"
    assert payload["summary"]["introduced"] == len(payload["introduced"]) >= 1
    assert all(f["provision"] == "Article 3" for f in payload["introduced"] if f["category"] == "missing-safeguards")


def test_the_json_contract_on_a_blind_series_with_splits_and_merges():
    """The documented contract on rounds that split, merge, add and delete: the schema holds,
    a split is entries sharing `old`, a merge entries sharing `new`, labels are check's, each
    finding list is check's JSON plus its provisions, and the summary counts the lists. Every
    field docs/diff.md's table names is in the schema."""
    jsonschema = pytest.importorskip("jsonschema")
    rounds_a = REPO / "benchmarks" / "blind" / "rounds-A"
    done = _cli("diff", str(rounds_a / "r3-revised.docx"), str(rounds_a / "r4-chair.txt"), "-f", "json", "--isolated")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    schema = json.loads((REPO / "docs" / "diff.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(payload, schema)
    rows = payload["alignment"]
    splits = [r for r in rows if r["relation"] == "split"]
    merges = [r for r in rows if r["relation"] == "merged"]
    assert len(splits) >= 2 and len({r["old"] for r in splits}) < len(splits)
    assert len(merges) >= 2 and len({r["new"] for r in merges}) < len(merges)
    assert {r["old"] for r in rows if r["relation"] == "added"} == {None}
    assert {r["new"] for r in rows if r["relation"] == "deleted"} == {None}
    assert all(re.fullmatch(r"Preamble|Article \d+", r[side]) for r in rows for side in ("old", "new") if r[side])
    for status in ("introduced", "resolved", "persisting", "changed"):
        assert payload["summary"][status] == len(payload[status])
        for finding in payload[status]:
            assert {"rule_id", "severity", "provision", "line", "old_provision", "new_provision"} <= set(finding)
    assert payload["summary"]["safeguards_removed"] == sum(1 for g in payload["safeguards"] if g["change"] == "removed")
    documented = (REPO / "docs" / "diff.md").read_text(encoding="utf-8")
    table = documented[documented.index("## JSON contract"):documented.index("Example (abridged)")]
    for row in re.findall(r"^\| `(\w+)`[^|]*\| (.*) \|$", table, re.M):
        field, meaning = row
        assert field in schema["properties"] or field in ("persisting",), field
        if field in ("alignment", "safeguards"):
            items = schema["properties"][field]["items"]["properties"]
            head = meaning[: meaning.index("}`")]
            named = set(re.findall(r'(?:\{|, )"(\w+)"', head))
            plus = re.match(r"\s*plus ((?:`\w+`(?:, )?)+)", meaning[meaning.index("}`") + 2:])
            named |= set(re.findall(r"`(\w+)`", plus.group(1))) if plus else set()
            assert len(named) >= 5 and named <= set(items), (field, named, set(items))


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_format_renders(rounds, fmt):
    done = _cli("diff", str(rounds[0]), str(rounds[1]), "--format", fmt, "--isolated")
    assert done.returncode == 0, done.stderr
    assert "Article 5" in done.stdout
    if fmt == "text":
        assert done.stdout.index("Introduced") < done.stdout.index("Substantive changes")
        assert "Editorial only: " in done.stdout


def test_fail_on_new_and_bad_input(rounds, tmp_path):
    assert _cli("diff", str(rounds[0]), str(rounds[1]), "--fail-on-new", "--isolated").returncode == 1
    assert _cli("diff", str(rounds[0]), str(rounds[0]), "--fail-on-new", "--isolated").returncode == 0
    missing = _cli("diff", str(rounds[0]), str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "nope.txt" in missing.stderr and "Traceback" not in missing.stderr
    assert _cli("diff", str(rounds[0])).returncode == 2
    flat = tmp_path / "flat.txt"
    flat.write_text("States shall criminalise the spreading of false information.\n", encoding="utf-8")
    unstructured = _cli("diff", str(rounds[0]), str(flat), "--isolated")
    assert unstructured.returncode == 0 and "no article headings found" in unstructured.stderr


def test_history_over_three_rounds(rounds, tmp_path):
    third = tmp_path / "third.txt"
    third.write_text(rounds[1].read_text(encoding="utf-8").replace("appropriate", "necessary and proportionate"),
                     encoding="utf-8")
    done = _cli("history", str(rounds[0]), str(rounds[1]), str(third), "--format", "json", "--isolated")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["categories"]["missing-safeguards"][1] > payload["categories"]["missing-safeguards"][0]
    assert payload["categories"]["missing-safeguards"][2] == payload["categories"]["missing-safeguards"][0]
    html = _cli("history", str(rounds[0]), str(rounds[1]), str(third), "--format", "html", "--isolated").stdout
    assert "<svg" in html and "<script" not in html


def test_a_directory_walk_skips_generated_diff_and_history_reports(rounds, tmp_path):
    """The diff and history pages carry check's generator tag: `check` on a folder that holds them
    lints the drafts only, never treatylint's own reports (their quoted articles would be findings)."""
    import shutil

    folder = tmp_path / "drafts"
    folder.mkdir()
    for path in rounds:
        shutil.copy(path, folder / path.name)
    old, new = (str(folder / p.name) for p in rounds)
    assert _cli("diff", old, new, "-f", "html", "-o", str(folder / "diff.html"), "--isolated").returncode == 0
    assert _cli("history", old, new, "-f", "html", "-o", str(folder / "history.html"), "--isolated").returncode == 0
    for page in ("diff.html", "history.html"):
        assert '<meta name="generator" content="treatylint' in (folder / page).read_text(encoding="utf-8")[:4096]
    done = _cli("check", str(folder), "-f", "json", "--isolated", "--no-cache", "--exit-zero")
    assert done.returncode == 0, done.stderr
    assert sorted(Path(f).name for f in json.loads(done.stdout)["files"]) == sorted(p.name for p in rounds)


# -- CI: compare with a git revision ---------------------------------------------------------------


@pytest.fixture()
def repo(tmp_path, rounds) -> Path:
    import shutil

    if shutil.which("git") is None:
        pytest.skip("git not installed")
    folder = tmp_path / "repo"
    folder.mkdir()
    draft = folder / "draft.txt"
    draft.write_text(rounds[0].read_text(encoding="utf-8"), encoding="utf-8")
    git = ["git", "-c", "user.email=ci@example.org", "-c", "user.name=ci", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    subprocess.run([*git, "add", "draft.txt"], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-qm", "first round"], cwd=folder, check=True)
    return folder


def test_diff_against_a_git_revision(repo, rounds):
    unchanged = _cli("diff", "--isolated", "--fail-on-new", "--git", "HEAD", "--", "draft.txt", cwd=repo)
    assert unchanged.returncode == 0, unchanged.stderr
    assert "0 finding(s) introduced" in unchanged.stdout
    (repo / "draft.txt").write_text(rounds[1].read_text(encoding="utf-8"), encoding="utf-8")
    changed = _cli("diff", "--isolated", "--fail-on-new", "--git", "HEAD", "--", "draft.txt", cwd=repo)
    assert changed.returncode == 1 and "HEAD:draft.txt -> draft.txt" in changed.stdout
    bad = _cli("diff", "--isolated", "--git", "no-such-rev", "--", "draft.txt", cwd=repo)
    assert bad.returncode == 2 and "no-such-rev" in bad.stderr and "Traceback" not in bad.stderr


def test_check_diff_base_reports_only_introduced_findings(repo, rounds):
    base = _cli("check", "--isolated", "--no-cache", "-f", "json", "draft.txt", cwd=repo)
    same = _cli("check", "--isolated", "--no-cache", "--diff-base", "HEAD", "--fail-on-new", "-f", "sarif", "draft.txt", cwd=repo)
    assert json.loads(base.stdout)["findings"], "the first round has findings of its own"
    assert same.returncode == 0 and json.loads(same.stdout)["runs"][0]["results"] == []
    (repo / "draft.txt").write_text(rounds[1].read_text(encoding="utf-8"), encoding="utf-8")
    new = _cli("check", "--isolated", "--no-cache", "--diff-base", "HEAD", "--fail-on-new", "-f", "json", "draft.txt", cwd=repo)
    assert new.returncode == 1
    findings = json.loads(new.stdout)["findings"]
    assert findings and {f["provision"] for f in findings if f["category"] == "missing-safeguards"} == {"Article 3"}
    old_rules = {(f["provision"], f["rule_id"]) for f in json.loads(base.stdout)["findings"]}
    assert not [f for f in findings if (f["provision"], f["rule_id"]) in old_rules and f["severity"] != "error"]
    github = _cli("check", "--isolated", "--no-cache", "--diff-base", "HEAD", "-f", "github", "draft.txt", cwd=repo)
    assert github.stdout.count("::") >= 2 * len(findings) and github.stdout.count("\n::") + 1 == len(findings)
    lonely = _cli("check", "--isolated", "--fail-on-new", "draft.txt", cwd=repo)
    assert lonely.returncode == 2 and "--diff-base" in lonely.stderr


# -- the HTML diff in a real browser ---------------------------------------------------------------


def test_html_diff_in_chromium(rounds, tmp_path):
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("headless Chromium not installed (apt-get install chromium)")
    page = tmp_path / "diff.html"
    done = _cli("diff", str(rounds[0]), str(rounds[1]), "-f", "html", "-o", str(page), "--isolated")
    assert done.returncode == 0, done.stderr
    profile = tmp_path / "profile"
    base = [str(chromium), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", f"--user-data-dir={profile}", "--window-size=1300,1600"]
    shot = tmp_path / "diff.png"
    subprocess.run([*base, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 20_000  # a rendered page, not a blank one
    dom = subprocess.run([*base, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    # the deleted safeguard is struck through on the old side, its replacement marked on the new
    assert re.search(r"<del>necessary and proportionate and subject to prior judicial authorization</del>", dom)
    assert "<ins>appropriate</ins>" in dom
    assert dom.count('class="pair"') == len(json.loads(_cli("diff", str(rounds[0]), str(rounds[1]), "-f", "json", "--isolated").stdout)["alignment"])


def test_markdown_fits_a_pull_request_comment(verbose_linter):
    from treatylint.diff.reporters import diff_renderer

    old = corpus_file(BUDAPEST).read_text(encoding="utf-8")
    new = re.sub(r"\bshall\b", "may", old)  # every article changed in substance
    result = diff_rounds(_round(verbose_linter, old, "old"), _round(verbose_linter, new, "new"))
    text = diff_renderer("markdown")(result)
    assert len(text) <= 60_000 and text.startswith("## treatylint diff")
    assert "### Substantive changes" in text or "cut to fit" in text


def test_the_documented_sample_is_what_diff_prints():
    """docs/diff.md's sample (and the README's excerpt of it): its lines, '...' aside, appear in
    the real output in order. When the report changes, paste the sample again."""
    rounds_a = REPO / "benchmarks" / "blind" / "rounds-A"
    done = _cli("diff", str(rounds_a / "r3-revised.docx"), str(rounds_a / "r4-chair.txt"), "--isolated")
    assert done.returncode == 0, done.stderr
    for page, marker in ((REPO / "docs" / "diff.md", "## A sample"), (REPO / "README.md", "## Comparing rounds")):
        text = page.read_text(encoding="utf-8")
        section = text[text.index(marker):]
        block = next(b for b in re.findall(r"\n```\n(.*?)\n```", section, re.S) if b.startswith("For rights:"))
        sample = [line for line in block.splitlines() if line.strip() not in ("...", "")]
        output = [line.rstrip() for line in done.stdout.splitlines()]
        at = 0
        for line in sample:
            line = line.rstrip()
            if line.endswith("..."):
                hits = [k for k in range(at, len(output)) if output[k].startswith(line[:-3].rstrip())]
            else:
                hits = [k for k in range(at, len(output)) if output[k] == line]
            assert hits, f"{page.name}: not in the output (in order): {line!r}"
            at = hits[0] + 1
